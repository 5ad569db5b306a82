/* recordpack.c — writing and checking the stored records' blob
 * (recordpack.h); sourcedb.c reads it. */
#include "recordpack.h"

#include <string.h>

#include "alloc.h"

mh_status mh_pack_writer_init(mh_pack_writer *w, size_t n)
{
    memset(w, 0, sizeof *w);
    if (n > MH_PACK_MAX_IDS)
        return MH_ERR_ARG;
    w->n = n;
    w->cap = MH_PACK_HEADER(n) + 4096;
    w->buf = mh_malloc(w->cap);
    if (!w->buf)
        return MH_ERR_NOMEM;
    w->len = MH_PACK_HEADER(n);
    mh_le32_put(w->buf, (uint32_t)n);
    mh_le32_put(w->buf + 4, 0);
    return MH_OK;
}

/* Ids before `id` hold nothing: their offsets end where the data does. */
static void close_to(mh_pack_writer *w, size_t id)
{
    uint32_t end = (uint32_t)(w->len - MH_PACK_HEADER(w->n));
    for (; w->next < id; w->next++)
        mh_le32_put(w->buf + 4 + 4 * (w->next + 1), end);
}

mh_status mh_pack_put(mh_pack_writer *w, size_t id, const char *text, size_t len)
{
    if (id >= w->n || id < w->next)
        return MH_ERR_ARG;
    if (w->len - MH_PACK_HEADER(w->n) + len > UINT32_MAX)
        return MH_ERR_DATA;
    close_to(w, id);
    if (w->len + len > w->cap) {
        size_t cap = w->cap * 2 > w->len + len ? w->cap * 2 : w->len + len;
        unsigned char *p = mh_realloc(w->buf, cap);
        if (!p)
            return MH_ERR_NOMEM;
        w->buf = p;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, text, len);
    w->len += len;
    close_to(w, id + 1);
    return MH_OK;
}

void mh_pack_finish(mh_pack_writer *w)
{
    close_to(w, w->n);
}

void mh_pack_writer_free(mh_pack_writer *w)
{
    mh_free(w->buf);
    memset(w, 0, sizeof *w);
}

const char *mh_pack_problem(const unsigned char *blob, size_t len, size_t n)
{
    if (len < 4 || mh_le32_get(blob) != n || n > MH_PACK_MAX_IDS || len < MH_PACK_HEADER(n))
        return "its count is not the number of record ids, or its offsets are cut";
    size_t data = len - MH_PACK_HEADER(n);
    uint32_t prev = 0;
    for (size_t i = 0; i <= n; i++) {
        uint32_t off = mh_le32_get(blob + 4 + 4 * i);
        if ((i == 0 && off != 0) || off < prev || off > data)
            return "its offsets do not rise from 0 within its data";
        prev = off;
    }
    return prev == data ? NULL : "its last offset is not the end of its data";
}
