/* offmap.h — mapping offsets in derived text back to the original input.
 *
 * The text masthead scans is derived from the input (UTF-8 repaired, HTML
 * decoded). An offmap is a sorted list of segments: a segment whose text and
 * source lengths are equal maps byte for byte; an unequal one (an entity, a
 * replaced byte) maps as a whole to its source region. Evidence offsets are
 * always reported in input bytes through this map. */
#ifndef MH_OFFMAP_H
#define MH_OFFMAP_H

#include <stddef.h>

#include "masthead.h"

typedef struct mh_offseg {
    size_t text_start, text_len;
    size_t src_start, src_len;
} mh_offseg;

typedef struct mh_offmap {
    mh_offseg *segs;
    size_t n, alloc;
} mh_offmap;

void mh_offmap_init(mh_offmap *m);
void mh_offmap_free(mh_offmap *m);
void mh_offmap_reset(mh_offmap *m);
/* Append a segment; text_start must not precede the previous segment's end.
 * Adjacent byte-for-byte segments are merged. */
mh_status mh_offmap_add(mh_offmap *m, size_t text_start, size_t text_len, size_t src_start,
                        size_t src_len);
/* Source offset of a span starting at text offset t / ending (exclusive) at t. */
size_t mh_offmap_start(const mh_offmap *m, size_t t);
size_t mh_offmap_end(const mh_offmap *m, size_t t);
/* True when the span [a, b) of text maps byte for byte onto the source. */
int mh_offmap_exact(const mh_offmap *m, size_t a, size_t b);

#endif
