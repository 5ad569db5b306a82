/* recordpack.h — the stored entity records in chunks (schema.sql,
 * record_pack): row k holds the record ids k * MH_PACK_CHUNK_IDS up to the
 * next chunk's, as a pack: a little-endian u32 count n, then n + 1 u32
 * offsets into the data that follows them, then the records' texts back to
 * back. The text of record id (entity * 4 + kind) is, in its chunk's pack,
 * data[off[i], off[i + 1]) with i = id % MH_PACK_CHUNK_IDS; an empty one
 * is not stored.
 *
 * Why packs: a record kept as a row of its own cost a B-tree seek and a
 * statement run per read (0.74 us, 10% of a -j1 worker's time on the
 * benchmark corpus); a blob handle left open reads at an offset it
 * computes, through the overflow pages SQLite has already located.
 * Why chunks: SQLite locates a blob's overflow pages by following their
 * chain from its start, so the first read near the end of one blob of all
 * records read every page before it: 26,000 pages on a 200,000-outlet
 * database, for each connection and each `masthead annotate`. A chunk's
 * chain is a dozen pages, and moving the handle to another chunk
 * (sqlite3_blob_reopen) is one seek in a small table. */
#ifndef MH_RECORDPACK_H
#define MH_RECORDPACK_H

#include <stddef.h>
#include <stdint.h>

#include "le32.h"
#include "masthead.h"

/* The bytes before the data of a pack of n records. */
#define MH_PACK_HEADER(n) (4u + 4u * ((size_t)(n) + 1u))
/* The most record ids the packs hold together (entity ids above a
 * quarter of it are built when asked, never stored). */
#define MH_PACK_MAX_IDS ((size_t)1 << 26)
/* The record ids of a chunk (a multiple of 4: an entity's records share
 * one); the last chunk may hold fewer. */
#define MH_PACK_CHUNK_IDS 256u

/* The chunks of `nids` record ids: one at least, empty when there are none. */
static inline size_t mh_pack_chunks(size_t nids)
{
    return nids ? (nids + MH_PACK_CHUNK_IDS - 1) / MH_PACK_CHUNK_IDS : 1;
}

/* The record ids chunk k of them holds. */
static inline size_t mh_pack_chunk_ids(size_t nids, size_t k)
{
    size_t first = k * MH_PACK_CHUNK_IDS;
    return first >= nids ? 0 : nids - first < MH_PACK_CHUNK_IDS ? nids - first : MH_PACK_CHUNK_IDS;
}

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
