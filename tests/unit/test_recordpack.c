/* test_recordpack.c — a chunk of the stored records: written in id order,
 * its offsets bracket each text, and a damaged one is named; and how ids
 * fall into chunks. */
#include <string.h>

#include "recordpack.h"
#include "harness.h"

/* Record id's text in a finished pack, or NULL when none is stored. */
static const char *text_of(const mh_pack_writer *w, size_t id, size_t *len)
{
    const unsigned char *off = w->buf + 4 + 4 * id;
    uint32_t from = mh_le32_get(off), to = mh_le32_get(off + 4);
    *len = to - from;
    return to > from ? (const char *)w->buf + MH_PACK_HEADER(w->n) + from : NULL;
}

void test_recordpack(void)
{
    mh_pack_writer w;
    CHECK(mh_pack_writer_init(&w, 8) == MH_OK);
    CHECK(mh_pack_put(&w, 1, "{\"a\":1}", 7) == MH_OK);
    CHECK(mh_pack_put(&w, 2, "null", 4) == MH_OK);
    CHECK(mh_pack_put(&w, 5, "{}", 2) == MH_OK);
    /* out of order, twice, or past the end: refused, the pack unchanged */
    CHECK(mh_pack_put(&w, 4, "x", 1) == MH_ERR_ARG);
    CHECK(mh_pack_put(&w, 5, "x", 1) == MH_ERR_ARG);
    CHECK(mh_pack_put(&w, 8, "x", 1) == MH_ERR_ARG);
    mh_pack_finish(&w);
    CHECK(w.len == MH_PACK_HEADER(8) + 13);
    CHECK(mh_le32_get(w.buf) == 8);
    size_t len = 0;
    const char *t = text_of(&w, 1, &len);
    CHECK(t && len == 7 && memcmp(t, "{\"a\":1}", 7) == 0);
    t = text_of(&w, 2, &len);
    CHECK(t && len == 4 && memcmp(t, "null", 4) == 0);
    t = text_of(&w, 5, &len);
    CHECK(t && len == 2 && memcmp(t, "{}", 2) == 0);
    CHECK(!text_of(&w, 0, &len) && !text_of(&w, 3, &len) && !text_of(&w, 4, &len));
    CHECK(!text_of(&w, 6, &len) && !text_of(&w, 7, &len));
    CHECK(mh_pack_problem(w.buf, w.len, 8) == NULL);

    /* a count that is not the ids', a cut blob, falling or overlong offsets */
    CHECK(mh_pack_problem(w.buf, w.len, 9) != NULL);
    CHECK(mh_pack_problem(w.buf, w.len - 1, 8) != NULL);
    CHECK(mh_pack_problem(w.buf, 3, 8) != NULL);
    unsigned char copy[256];
    CHECK(w.len <= sizeof copy);
    memcpy(copy, w.buf, w.len);
    copy[4 + 4 * 3] = 0; /* id 2 would end before it starts */
    CHECK(mh_pack_problem(copy, w.len, 8) != NULL);
    memcpy(copy, w.buf, w.len);
    copy[4] = 1; /* the first offset is not 0 */
    CHECK(mh_pack_problem(copy, w.len, 8) != NULL);
    memcpy(copy, w.buf, w.len);
    copy[4 + 4 * 8] = 200; /* past the data */
    CHECK(mh_pack_problem(copy, w.len, 8) != NULL);
    mh_pack_writer_free(&w);

    /* no ids at all: a header alone; too many: refused */
    CHECK(mh_pack_writer_init(&w, 0) == MH_OK);
    mh_pack_finish(&w);
    CHECK(w.len == MH_PACK_HEADER(0) && mh_pack_problem(w.buf, w.len, 0) == NULL);
    mh_pack_writer_free(&w);
    CHECK(mh_pack_writer_init(&w, MH_PACK_MAX_IDS + 1) == MH_ERR_ARG);
    mh_pack_writer_free(&w);

    /* chunks: one even for no ids, the last one holding the rest */
    CHECK(MH_PACK_CHUNK_IDS % 4 == 0);
    CHECK(mh_pack_chunks(0) == 1 && mh_pack_chunk_ids(0, 0) == 0);
    CHECK(mh_pack_chunks(1) == 1 && mh_pack_chunk_ids(1, 0) == 1);
    CHECK(mh_pack_chunks(MH_PACK_CHUNK_IDS) == 1);
    CHECK(mh_pack_chunk_ids(MH_PACK_CHUNK_IDS, 0) == MH_PACK_CHUNK_IDS);
    CHECK(mh_pack_chunks(MH_PACK_CHUNK_IDS + 4) == 2);
    CHECK(mh_pack_chunk_ids(MH_PACK_CHUNK_IDS + 4, 1) == 4);
    CHECK(mh_pack_chunk_ids(MH_PACK_CHUNK_IDS + 4, 2) == 0);
}
