/* brandcount.h — how often each of many brand names occurs as a whole word
 * in one lowercased text, in one pass over it: a media group's 30-75 brand
 * names were each a scan of the whole text. */
#ifndef MH_BRANDCOUNT_H
#define MH_BRANDCOUNT_H

#include <stddef.h>

typedef struct mh_brand {
    const char *name; /* lowercased (ASCII); under 3 bytes: never counted */
    size_t len;
    /* an occurrence followed (after spaces, commas, hyphens) by this word
     * is not counted: "vox" in "vox media" is the holder's own name */
    const char *skip; /* lowercased, or "" */
    size_t skip_len;
    /* nor one followed (after spaces) by any of these words, possessive or
     * not: "usa today network's" names the group, not the paper; NULL-ended
     * and lowercased, or NULL */
    const char *const *stops;
    size_t count; /* set here */
    int chain;    /* used here: the next brand of the same first two bytes */
} mh_brand;

/* Count every brand's whole-word occurrences in low[0, len): an occurrence
 * at i counts when low[i - 1] (if any) and the byte after it (if any) are
 * not word bytes (ASCII letters and digits, or any byte of a non-ASCII
 * character). */
void mh_count_brands(const char *low, size_t len, mh_brand *brands, size_t n);

#endif
