/* offmap.c — segments from derived text back to input bytes. */
#include "offmap.h"

#include "alloc.h"

void mh_offmap_init(mh_offmap *m)
{
    m->segs = NULL;
    m->n = m->alloc = 0;
}

void mh_offmap_free(mh_offmap *m)
{
    mh_free(m->segs);
    mh_offmap_init(m);
}

void mh_offmap_reset(mh_offmap *m)
{
    m->n = 0;
}

mh_status mh_offmap_add(mh_offmap *m, size_t text_start, size_t text_len, size_t src_start,
                        size_t src_len)
{
    if (m->n) {
        mh_offseg *last = &m->segs[m->n - 1];
        int exact = text_len == src_len && last->text_len == last->src_len;
        if (exact && last->text_start + last->text_len == text_start &&
            last->src_start + last->src_len == src_start) {
            last->text_len += text_len;
            last->src_len += src_len;
            return MH_OK;
        }
    }
    if (m->n == m->alloc) {
        mh_offseg *p = mh_grow(m->segs, &m->alloc, sizeof *p, 64);
        if (!p)
            return MH_ERR_NOMEM;
        m->segs = p;
    }
    m->segs[m->n++] = (mh_offseg){text_start, text_len, src_start, src_len};
    return MH_OK;
}

/* Index of the last segment starting at or before t, or SIZE_MAX. */
static size_t find(const mh_offmap *m, size_t t)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs[mid].text_start <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? (size_t)-1 : lo - 1;
}

size_t mh_offmap_start(const mh_offmap *m, size_t t)
{
    size_t i = find(m, t);
    if (i == (size_t)-1)
        return m->n ? m->segs[0].src_start : t;
    const mh_offseg *s = &m->segs[i];
    if (t >= s->text_start + s->text_len) /* in a gap: the next segment's start */
        return i + 1 < m->n ? m->segs[i + 1].src_start : s->src_start + s->src_len;
    if (s->text_len == s->src_len)
        return s->src_start + (t - s->text_start);
    return s->src_start;
}

size_t mh_offmap_end(const mh_offmap *m, size_t t)
{
    if (t == 0)
        return mh_offmap_start(m, 0);
    size_t i = find(m, t - 1);
    if (i == (size_t)-1)
        return m->n ? m->segs[0].src_start : t;
    const mh_offseg *s = &m->segs[i];
    if (t - 1 >= s->text_start + s->text_len) /* in a gap: this segment's end */
        return s->src_start + s->src_len;
    if (s->text_len == s->src_len)
        return s->src_start + (t - s->text_start);
    return s->src_start + s->src_len;
}

int mh_offmap_exact(const mh_offmap *m, size_t a, size_t b)
{
    if (a >= b)
        return 1;
    size_t i = find(m, a);
    if (i == (size_t)-1)
        return 0;
    const mh_offseg *s = &m->segs[i];
    return s->text_len == s->src_len && b <= s->text_start + s->text_len;
}
