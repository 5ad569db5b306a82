/* recordpack.h — the stored entity records as one blob (schema.sql,
 * record_pack): a little-endian u32 count n, then n + 1 u32 offsets into
 * the data that follows them, then the records' texts back to back. The
 * text of record id (entity * 4 + kind) is data[off[id], off[id + 1]);
 * an empty one is not stored.
 *
 * Why one blob: a record kept as a row of its own cost a B-tree seek and a
 * statement run per read (0.74 us, 10% of a -j1 worker's time on the
 * benchmark corpus); a blob handle left open reads at an offset it
 * computes, through the overflow pages SQLite has already located. */
#ifndef MH_RECORDPACK_H
#define MH_RECORDPACK_H

#include <stddef.h>
#include <stdint.h>

#include "le32.h"
#include "masthead.h"

/* The bytes before the data of a pack of n records. */
#define MH_PACK_HEADER(n) (4u + 4u * ((size_t)(n) + 1u))
/* The most ids a pack holds (its offsets are read per id). */
#define MH_PACK_MAX_IDS ((size_t)1 << 26)

/* A pack being written, for ids 0..n-1 put in ascending order. */
typedef struct mh_pack_writer {
    size_t n, next;     /* ids; the next id without an offset yet */
    unsigned char *buf; /* header, then data */
    size_t len, cap;
} mh_pack_writer;

mh_status mh_pack_writer_init(mh_pack_writer *w, size_t n);
/* Record id's text (ids ascending, each once). MH_ERR_ARG for an id out
 * of order or range, MH_ERR_DATA when the data would pass 4 GiB. */
mh_status mh_pack_put(mh_pack_writer *w, size_t id, const char *text, size_t len);
/* The finished pack, w->buf[0..w->len) (still owned by w). */
void mh_pack_finish(mh_pack_writer *w);
void mh_pack_writer_free(mh_pack_writer *w);

/* Check a whole pack: its count is n, its offsets rise and end at the end
 * of the blob. NULL when it is sound, else what is wrong. */
const char *mh_pack_problem(const unsigned char *blob, size_t len, size_t n);

#endif
