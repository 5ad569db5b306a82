/* brandcount.c — whole-word counts of many brand names in one pass.
 *
 * An occurrence starts right after a byte that is not a word byte (or at
 * the text's start). Those positions are found 16 bytes at a time; each is
 * looked up by its first two bytes in a bitmap of the brands' first two
 * bytes, and only the brands starting with them are compared. */
#include "brandcount.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define HEADS 1024 /* chains of brands by a hash of their first two bytes */

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned pair_of(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned head_of(unsigned pair)
{
    return (pair * 40503u >> 6) & (HEADS - 1);
}

typedef struct brand_index {
    uint64_t pairs[65536 / 64]; /* first two bytes of some brand */
    int head[HEADS];            /* first brand of each chain, or -1 */
} brand_index;

/* Does low[k] start the whole word w, alone or possessive ("network's",
 * "network’s")? */
static int followed_by(const char *low, size_t len, size_t k, const char *w)
{
    size_t wl = strlen(w);
    if (wl > len - k || memcmp(low + k, w, wl) != 0)
        return 0;
    size_t e = k + wl;
    if (e < len && (low[e] == '\'' || (len - e >= 3 && memcmp(low + e, "\xE2\x80\x99", 3) == 0))) {
        size_t s = e + (low[e] == '\'' ? 1 : 3);
        if (s < len && low[s] == 's')
            e = s + 1;
    }
    return e == len || !is_word_byte((unsigned char)low[e]);
}

/* Is low[i] the start of an occurrence of brand b? */
static void try_at(const char *low, size_t len, size_t i, mh_brand *b)
{
    if (b->len > len - i || memcmp(low + i, b->name, b->len) != 0)
        return;
    size_t e = i + b->len;
    if (e < len && is_word_byte((unsigned char)low[e]))
        return;
    if (b->skip_len) {
        size_t k = e;
        while (k < len && (low[k] == ' ' || low[k] == ',' || low[k] == '-'))
            k++;
        if (k + b->skip_len <= len && memcmp(low + k, b->skip, b->skip_len) == 0 &&
            (k + b->skip_len == len || !is_word_byte((unsigned char)low[k + b->skip_len])))
            return;
    }
    for (const char *const *w = b->stops; w && *w; w++) {
        size_t k = e;
        while (k < len && low[k] == ' ')
            k++;
        if (k > e && followed_by(low, len, k, *w))
            return;
    }
    b->count++;
}

static void candidate(const char *low, size_t len, size_t i, const brand_index *ix,
                      mh_brand *brands)
{
    if (len - i < 3)
        return;
    unsigned pair = pair_of((const unsigned char *)low + i);
    if (!(ix->pairs[pair >> 6] >> (pair & 63) & 1))
        return;
    for (int k = ix->head[head_of(pair)]; k >= 0; k = brands[k].chain)
        if (pair_of((const unsigned char *)brands[k].name) == pair)
            try_at(low, len, i, &brands[k]);
}

void mh_count_brands(const char *low, size_t len, mh_brand *brands, size_t n)
{
    static _Thread_local brand_index ix; /* 12 KiB: not on the stack */
    memset(ix.pairs, 0, sizeof ix.pairs);
    for (size_t h = 0; h < HEADS; h++)
        ix.head[h] = -1;
    size_t used = 0;
    for (size_t k = 0; k < n; k++) {
        brands[k].count = 0;
        if (brands[k].len < 3 || brands[k].len > len || k > (size_t)INT32_MAX)
            continue;
        unsigned pair = pair_of((const unsigned char *)brands[k].name);
        ix.pairs[pair >> 6] |= 1ull << (pair & 63);
        brands[k].chain = ix.head[head_of(pair)];
        ix.head[head_of(pair)] = (int)k;
        used++;
    }
    if (!used || len < 3)
        return;
    /* position 0, then every position after a byte that is not a word byte */
    candidate(low, len, 0, &ix, brands);
    const unsigned char *u = (const unsigned char *)low;
    size_t i = 0;
#if defined(__SSE2__)
    for (; len - i > 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        __m128i la = _mm_sub_epi8(lower, _mm_set1_epi8('a'));
        __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(la, _mm_set1_epi8(25)), la);
        __m128i d0 = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d0, _mm_set1_epi8(9)), d0);
        unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) |
                        (unsigned)_mm_movemask_epi8(v); /* non-ASCII bytes */
        unsigned stop = ~word & 0xFFFFu;
        while (stop) {
            unsigned b = (unsigned)__builtin_ctz(stop);
            stop &= stop - 1;
            candidate(low, len, i + b + 1, &ix, brands);
        }
    }
#endif
    for (; i + 1 < len; i++)
        if (!is_word_byte(u[i]))
            candidate(low, len, i + 1, &ix, brands);
}
