/* buf.c — growable byte buffer with a hard maximum. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void mh_buf_init(mh_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : SIZE_MAX / 2;
}

void mh_buf_free(mh_buf *b)
{
    mh_free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

void mh_buf_reset(mh_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Make room for `extra` more bytes plus the NUL. */
static mh_status reserve(mh_buf *b, size_t extra)
{
    if (extra > b->cap - b->len)
        return MH_ERR_LIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return MH_OK;
    size_t grown = b->alloc ? b->alloc : 64;
    while (grown < need)
        grown = grown > SIZE_MAX / 4 ? need : grown * 2;
    char *p = mh_realloc(b->data, grown);
    if (!p)
        return MH_ERR_NOMEM;
    /* The spare room is zeroed: PCRE2's JIT reads a few bytes past a
       subject's end (within the page), and those bytes must be defined
       for valgrind to stay quiet. Amortised, like the growth itself. */
    memset(p + b->alloc, 0, grown - b->alloc);
    b->data = p;
    b->alloc = grown;
    return MH_OK;
}

mh_status mh_buf_add(mh_buf *b, const void *data, size_t len)
{
    mh_status st = reserve(b, len);
    if (st != MH_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return MH_OK;
}

mh_status mh_buf_addc(mh_buf *b, char c)
{
    return mh_buf_add(b, &c, 1);
}

mh_status mh_buf_adds(mh_buf *b, const char *s)
{
    return mh_buf_add(b, s, strlen(s));
}

mh_status mh_buf_printf(mh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return MH_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return mh_buf_add(b, small, (size_t)n);
    mh_status st = reserve(b, (size_t)n);
    if (st != MH_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return MH_OK;
}

char *mh_buf_steal(mh_buf *b)
{
    char *p = b->data;
    if (!p)
        p = mh_strndup("", 0);
    b->data = NULL;
    b->len = b->alloc = 0;
    return p;
}
