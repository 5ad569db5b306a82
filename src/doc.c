/* doc.c — the per-document state: text, offset map, HTML items, markers. */
#include "doc.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

void mh_doc_init(mh_doc *d)
{
    memset(d, 0, sizeof *d);
    mh_buf_init(&d->textbuf, 0);
    mh_buf_init(&d->lower, 0);
    mh_offmap_init(&d->map);
}

void mh_doc_clear(mh_doc *d)
{
    for (size_t i = 0; i < d->nitems; i++)
        mh_free(d->items[i].value);
    d->nitems = 0;
    d->nmarkers = 0;
    mh_buf_reset(&d->textbuf);
    mh_offmap_reset(&d->map);
    d->input = NULL;
    d->input_len = 0;
    d->is_html = 0;
    d->text = NULL;
    d->text_len = 0;
    d->identity = 0;
    d->repairs = 0;
    d->lang[0] = '\0';
    d->encoding[0] = '\0';
    d->encoding_source = NULL;
    d->lower_ready = 0;
    d->newlines_ready = 0;
    d->limit[0] = '\0';
    d->limit_rule[0] = '\0';
}

void mh_doc_free(mh_doc *d)
{
    mh_doc_clear(d);
    mh_free(d->items);
    mh_free(d->markers);
    mh_buf_free(&d->textbuf);
    mh_buf_free(&d->lower);
    mh_free(d->newlines);
    mh_offmap_free(&d->map);
    memset(d, 0, sizeof *d);
}

mh_status mh_doc_add_item(mh_doc *d, unsigned rule, const char *value, size_t len, size_t src_start,
                          size_t src_end)
{
    if (d->nitems == d->items_alloc) {
        mh_item *p = mh_grow(d->items, &d->items_alloc, sizeof *p, 16);
        if (!p)
            return MH_ERR_NOMEM;
        d->items = p;
    }
    char *v = mh_strndup(value, len);
    if (!v)
        return MH_ERR_NOMEM;
    d->items[d->nitems++] = (mh_item){rule, v, src_start, src_end};
    return MH_OK;
}

mh_status mh_doc_add_marker(mh_doc *d, const mh_marker *m)
{
    if (d->nmarkers == d->markers_alloc) {
        mh_marker *p = mh_grow(d->markers, &d->markers_alloc, sizeof *p, 32);
        if (!p)
            return MH_ERR_NOMEM;
        d->markers = p;
    }
    d->markers[d->nmarkers++] = *m;
    return MH_OK;
}

size_t mh_doc_src_start(const mh_doc *d, size_t t)
{
    return d->identity ? t : mh_offmap_start(&d->map, t);
}

size_t mh_doc_src_end(const mh_doc *d, size_t t)
{
    return d->identity ? t : mh_offmap_end(&d->map, t);
}

void mh_doc_set_limit(mh_doc *d, const char *limit, const char *rule)
{
    if (d->limit[0])
        return;
    snprintf(d->limit, sizeof d->limit, "%s", limit);
    snprintf(d->limit_rule, sizeof d->limit_rule, "%s", rule ? rule : "");
}

/* Index the input's newlines; 0 when out of memory. */
static int index_newlines(mh_doc *d)
{
    d->nnewlines = 0;
    const char *p = d->input, *end = d->input + d->input_len;
    while (p && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        if (d->nnewlines == d->newlines_alloc) {
            size_t *grown = mh_grow(d->newlines, &d->newlines_alloc, sizeof *grown, 256);
            if (!grown)
                return 0;
            d->newlines = grown;
        }
        d->newlines[d->nnewlines++] = (size_t)(p - d->input);
        p++;
    }
    d->newlines_ready = 1;
    return 1;
}

unsigned mh_doc_line_of(mh_doc *d, size_t off)
{
    if (off > d->input_len)
        off = d->input_len;
    if (!d->newlines_ready && !index_newlines(d)) {
        /* no memory for the index: count */
        unsigned line = 1;
        const char *p = d->input, *end = d->input + off;
        while (p && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            line++;
            p++;
        }
        return line;
    }
    /* newlines before off */
    size_t lo = 0, hi = d->nnewlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->newlines[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (unsigned)lo + 1;
}
