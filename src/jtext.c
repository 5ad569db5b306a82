/* jtext.c — members, elements and strings of valid JSON text. */
#include "jtext.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "jsonl.h"

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Past the string whose opening quote is at p: the first quote after it
 * that no backslash escapes. Strings of records are short: 16 bytes are
 * tested at a time for a quote or a backslash, inline, with no call. */
static const char *skip_string(const char *p, const char *end)
{
    const char *q = p + 1;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
        if (!m) {
            q += 16;
            continue;
        }
        q += __builtin_ctz(m);
        if (*q == '"')
            return q + 1;
        q += 2; /* the backslash and the byte it escapes */
    }
#endif
    while (q < end) {
        if (*q == '"')
            return q + 1;
        q += *q == '\\' ? 2 : 1;
    }
    return end;
}

/* Past the value starting at p. */
static const char *skip_value(const char *p, const char *end)
{
    if (p >= end)
        return end;
    if (*p == '"')
        return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        size_t depth = 0;
        while (p < end) {
            char c = *p;
            if (c == '"') {
                p = skip_string(p, end);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return p + 1;
            p++;
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\t' &&
           *p != '\n' && *p != '\r')
        p++;
    return p;
}

mh_jspan mh_jt_value_at(const char *p, const char *end)
{
    p = skip_ws(p, end);
    const char *v = skip_value(p, end);
    return (mh_jspan){p, (size_t)(v - p)};
}

void mh_jt_iter(mh_jiter *it, mh_jspan v)
{
    if (!v.p) { /* absent: nothing to walk (and no arithmetic on NULL) */
        it->p = it->end = NULL;
        return;
    }
    const char *end = v.p + v.len;
    const char *p = skip_ws(v.p, end);
    if (p < end && (*p == '{' || *p == '['))
        it->p = p + 1, it->end = end;
    else
        it->p = it->end = end;
}

bool mh_jt_next(mh_jiter *it, mh_jspan *key, mh_jspan *value)
{
    const char *p = skip_ws(it->p, it->end);
    if (p < it->end && *p == ',')
        p = skip_ws(p + 1, it->end);
    if (p >= it->end || *p == '}' || *p == ']') {
        it->p = it->end;
        return false;
    }
    if (*p == '"' && key) {
        /* an object member: "key" : value */
        const char *k = p;
        p = skip_string(p, it->end);
        *key = (mh_jspan){k, (size_t)(p - k)};
        p = skip_ws(p, it->end);
        if (p < it->end && *p == ':')
            p = skip_ws(p + 1, it->end);
    } else if (key) {
        *key = (mh_jspan){NULL, 0};
    }
    const char *v = p;
    p = skip_value(p, it->end);
    *value = (mh_jspan){v, (size_t)(p - v)};
    it->p = p;
    return true;
}

bool mh_jt_key_is(mh_jspan key, const char *name)
{
    if (key.len < 2)
        return false;
    const char *raw = key.p + 1;
    size_t rawlen = key.len - 2;
    size_t n = strlen(name);
    if (!memchr(raw, '\\', rawlen))
        return rawlen == n && memcmp(raw, name, n) == 0;
    char buf[256];
    size_t written;
    size_t full = mh_jsonl_unescape(raw, rawlen, buf, sizeof buf, &written);
    return full == n && written == n && memcmp(buf, name, n) == 0;
}

mh_jspan mh_jt_get(mh_jspan v, const char *name)
{
    mh_jspan found = {NULL, 0}, key, value;
    mh_jiter it;
    if (!mh_jt_is_object(v))
        return found;
    mh_jt_iter(&it, v);
    while (mh_jt_next(&it, &key, &value))
        if (mh_jt_key_is(key, name))
            found = value;
    return found;
}

const char *mh_jt_str(mh_jspan v, char *buf, size_t size)
{
    if (v.len < 2 || v.p[0] != '"' || size == 0)
        return NULL;
    size_t written;
    mh_jsonl_unescape(v.p + 1, v.len - 2, buf, size, &written);
    return buf;
}
