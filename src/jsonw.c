/* jsonw.c — compact JSON text written directly (jsonw.h). */
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"

/* Make room for n more bytes (and a NUL); 0 after recording a failure. */
static int room(mh_jw *w, size_t n)
{
    mh_text *t = w->out;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + n + 1)
        cap *= 2;
    char *p = mh_realloc(t->data, cap);
    if (!p) {
        w->st = MH_ERR_NOMEM;
        return 0;
    }
    t->data = p;
    t->cap = cap;
    return 1;
}

/* Append s[0..n): called for every token, so the common case (room
 * enough, a short piece) is inline and copies without a call. */
static inline void put(mh_jw *w, const char *s, size_t n)
{
    if (w->st != MH_OK)
        return;
    mh_text *t = w->out;
    if ((!t->data || n + 1 > t->cap - t->len) && !room(w, n))
        return;
    char *d = t->data + t->len;
    if (n <= 8) { /* a key's comma, a bracket, a literal */
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        memcpy(d, s, n);
    }
    t->len += n;
}

/* What goes before a value: nothing after a key, a comma between the
 * items of an array. */
static void value_start(mh_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            put(w, ",", 1);
        w->first[w->depth] = false;
    }
}

void mh_jw_init(mh_jw *w, mh_text *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->st = MH_OK;
}

mh_status mh_jw_status(const mh_jw *w)
{
    return w->st;
}

static void jw_open(mh_jw *w, char c)
{
    value_start(w);
    if (w->depth >= MH_JW_MAX_DEPTH) {
        w->st = MH_ERR_LIMIT;
        return;
    }
    put(w, &c, 1);
    w->first[++w->depth] = true;
}

static void jw_close(mh_jw *w, char c)
{
    put(w, &c, 1);
    if (w->depth > 0)
        w->depth--;
}

void mh_jw_object(mh_jw *w)
{
    jw_open(w, '{');
}

void mh_jw_end_object(mh_jw *w)
{
    jw_close(w, '}');
}

void mh_jw_array(mh_jw *w)
{
    jw_open(w, '[');
}

void mh_jw_end_array(mh_jw *w)
{
    jw_close(w, ']');
}

void mh_jw_key(mh_jw *w, const char *key)
{
    /* keys are names (ASCII, nothing to escape) almost always: one copy
       of `,"key":` then, the escaping writer otherwise */
    char buf[64];
    size_t n = 0, i = 0;
    int comma = !w->first[w->depth];
    w->first[w->depth] = false;
    w->after_key = true;
    if (comma)
        buf[n++] = ',';
    buf[n++] = '"';
    for (; key[i] && n < sizeof buf - 2; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c < 0x20 || c == '"' || c == '\\')
            break;
        buf[n++] = (char)c;
    }
    if (!key[i]) {
        buf[n++] = '"';
        buf[n++] = ':';
        put(w, buf, n);
        return;
    }
    if (comma)
        put(w, ",", 1);
    if (w->st == MH_OK)
        w->st = mh_json_put_string(w->out, key, strlen(key));
    put(w, ":", 1);
}

void mh_jw_key_token(mh_jw *w, const char *token, size_t len)
{
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    w->after_key = true;
    put(w, token, len);
}

void mh_jw_stringn(mh_jw *w, const char *s, size_t n)
{
    value_start(w);
    if (w->st == MH_OK)
        w->st = mh_json_put_string(w->out, s, n);
}

void mh_jw_string(mh_jw *w, const char *s)
{
    if (!s)
        mh_jw_null(w);
    else
        mh_jw_stringn(w, s, strlen(s));
}

void mh_jw_plain(mh_jw *w, const char *s)
{
    size_t n = strlen(s);
    value_start(w);
    mh_text *t = w->out;
    if (w->st != MH_OK || ((!t->data || n + 3 > t->cap - t->len) && !room(w, n + 2)))
        return;
    char *d = t->data + t->len;
    d[0] = '"';
    memcpy(d + 1, s, n);
    d[n + 1] = '"';
    t->len += n + 2;
}

void mh_jw_int(mh_jw *w, long long v)
{
    char buf[24];
    size_t n = sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--n] = '-';
    value_start(w);
    put(w, buf + n, sizeof buf - n);
}

void mh_jw_real(mh_jw *w, double v)
{
    value_start(w);
    if (w->st == MH_OK)
        w->st = mh_json_put_real(w->out, v);
}

void mh_jw_bool(mh_jw *w, bool v)
{
    value_start(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void mh_jw_null(mh_jw *w)
{
    value_start(w);
    put(w, "null", 4);
}

void mh_jw_raw(mh_jw *w, const char *json, size_t len)
{
    value_start(w);
    put(w, json, len);
}

void mh_jw_raw_members(mh_jw *w, const char *json, size_t len)
{
    if (!len)
        return;
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    put(w, json, len);
}

void mh_jw_json(mh_jw *w, json_t *v)
{
    value_start(w);
    if (w->st != MH_OK)
        return;
    if (!v)
        put(w, "null", 4);
    else
        w->st = mh_json_dump(v, w->out);
}
