/* jsondump.c — compact serialisation of jansson values, byte for byte what
 * json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(MH_JSON_REAL_PRECISION))
 * writes, several times faster: strings are copied in runs between the
 * bytes that need escaping instead of one byte per callback. Annotations
 * are serialised once per record in `masthead enrich`, which made jansson's
 * dumper the largest cost of a record. A differential test
 * (tests/unit/test_jsondump.c) holds the two to the same bytes. */
#include "jsondump.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"

#define MAX_DEPTH 2048

static mh_status grow(mh_text *t, size_t extra)
{
    if (t->data && extra <= t->cap - t->len)
        return MH_OK;
    size_t need = t->len + extra + 1;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < need)
        cap *= 2;
    char *p = mh_realloc(t->data, cap);
    if (!p)
        return MH_ERR_NOMEM;
    t->data = p;
    t->cap = cap;
    return MH_OK;
}

static mh_status put(mh_text *t, const char *s, size_t n)
{
    mh_status st = grow(t, n);
    if (st != MH_OK)
        return st;
    memcpy(t->data + t->len, s, n);
    t->len += n;
    return MH_OK;
}

static mh_status putc1(mh_text *t, char c)
{
    mh_status st = grow(t, 1);
    if (st == MH_OK)
        t->data[t->len++] = c;
    return st;
}

/* Bytes that jansson escapes: '"', '\\' and the C0 controls. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/* The end of the run of bytes from s[i] that need no escape: 16 at a time
 * (a byte under 0x20, '"' or '\\' stops it), then one at a time. */
static size_t plain_run(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  ctl = _mm_set1_epi8(0x1F);
    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash));
        stop = _mm_or_si128(stop, _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
        unsigned mask = (unsigned)_mm_movemask_epi8(stop);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < n && !needs_escape[(unsigned char)s[i]])
        i++;
    return i;
}

mh_status mh_json_put_string(mh_text *t, const char *s, size_t n)
{
    mh_status st = grow(t, n + 2);
    if (st != MH_OK)
        return st;
    t->data[t->len++] = '"';
    size_t i = 0;
    while (i < n) {
        size_t run = plain_run(s, i, n);
        if (i == 0 && run == n) { /* nothing to escape: room was made above */
            memcpy(t->data + t->len, s, n);
            t->len += n;
            t->data[t->len++] = '"';
            return MH_OK;
        }
        if (run > i && (st = put(t, s + i, run - i)) != MH_OK)
            return st;
        if (run == n)
            break;
        unsigned char c = (unsigned char)s[run];
        char esc[8];
        const char *e = esc;
        size_t el = 2;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default: snprintf(esc, sizeof esc, "\\u%04X", c); el = 6;
        }
        if ((st = put(t, e, el)) != MH_OK)
            return st;
        i = run + 1;
    }
    return putc1(t, '"');
}

/* Reals as jansson prints them: "%.*g", a ".0" when it looks like an
 * integer, and the exponent without '+' or leading zeros. */
/* A real of at most three decimals (confidences, weights, ratings): the
 * digits of round(v * 1000) with the point put back, as the general path
 * would print them (v is the double nearest k / 1000, so printing it with
 * ten significant digits gives k / 1000 exactly), at a fraction of the
 * cost of printf. 0 when v is not such a number. */
static size_t put_thousandths(double v, char *out)
{
    if (!(v > -1e6 && v < 1e6) || (v == 0 && signbit(v)))
        return 0;
    long long k = llround(v * 1000);
    if ((double)k / 1000.0 != v)
        return 0;
    size_t w = 0;
    unsigned long long a = k < 0 ? (unsigned long long)-k : (unsigned long long)k;
    if (k < 0)
        out[w++] = '-';
    char digits[24];
    size_t nd = 0;
    unsigned long long ip = a / 1000;
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (nd)
        out[w++] = digits[--nd];
    out[w++] = '.';
    unsigned frac = (unsigned)(a % 1000);
    char f[3] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10), (char)('0' + frac % 10)};
    size_t nf = 3;
    while (nf > 1 && f[nf - 1] == '0')
        nf--;
    memcpy(out + w, f, nf);
    return w + nf;
}

mh_status mh_json_put_real(mh_text *t, double v)
{
    char out[32];
    size_t fast = put_thousandths(v, out);
    return fast ? put(t, out, fast) : mh_json_put_real_printf(t, v);
}

mh_status mh_json_put_real_printf(mh_text *t, double v)
{
    char buf[64], out[64];
    int n = snprintf(buf, sizeof buf, "%.*g", MH_JSON_REAL_PRECISION, v);
    if (n < 0 || (size_t)n >= sizeof buf)
        return MH_ERR_INTERNAL;
    size_t w = 0;
    for (int i = 0; i < n && w + 1 < sizeof out; i++) {
        char c = buf[i];
        if (c == 'e') {
            out[w++] = 'e';
            i++;
            if (buf[i] == '+') {
                i++;
            } else if (buf[i] == '-') {
                out[w++] = '-';
                i++;
            }
            while (buf[i] == '0' && i + 1 < n)
                i++;
            while (i < n && w + 1 < sizeof out)
                out[w++] = buf[i++];
            break;
        }
        out[w++] = c == ',' ? '.' : c; /* a locale's decimal comma */
    }
    out[w] = '\0';
    if (!strpbrk(out, ".eE") && strcmp(out, "inf") && strcmp(out, "nan")) {
        if (w + 2 < sizeof out) {
            out[w++] = '.';
            out[w++] = '0';
            out[w] = '\0';
        }
    }
    return put(t, out, w);
}

static mh_status dump(json_t *v, mh_text *t, int depth)
{
    if (depth > MAX_DEPTH)
        return MH_ERR_LIMIT;
    mh_status st = MH_OK;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if ((st = putc1(t, '{')) != MH_OK)
            return st;
        int first = 1;
        const char *k;
        json_t *x;
        json_object_foreach (v, k, x) {
            if (!first && (st = putc1(t, ',')) != MH_OK)
                return st;
            first = 0;
            if ((st = mh_json_put_string(t, k, strlen(k))) != MH_OK ||
                (st = putc1(t, ':')) != MH_OK || (st = dump(x, t, depth + 1)) != MH_OK)
                return st;
        }
        return putc1(t, '}');
    }
    case JSON_ARRAY: {
        if ((st = putc1(t, '[')) != MH_OK)
            return st;
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x) {
            if (i && (st = putc1(t, ',')) != MH_OK)
                return st;
            if ((st = dump(x, t, depth + 1)) != MH_OK)
                return st;
        }
        return putc1(t, ']');
    }
    case JSON_STRING: return mh_json_put_string(t, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return put(t, buf, (size_t)n);
    }
    case JSON_REAL: return mh_json_put_real(t, json_real_value(v));
    case JSON_TRUE: return put(t, "true", 4);
    case JSON_FALSE: return put(t, "false", 5);
    case JSON_NULL: return put(t, "null", 4);
    }
    return MH_ERR_INTERNAL;
}

mh_status mh_json_dump(json_t *value, mh_text *out)
{
    size_t before = out->len;
    mh_status st = value ? dump(value, out, 0) : MH_ERR_ARG;
    if (st != MH_OK)
        out->len = before;
    return st;
}

void mh_json_free_text(char *text)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    f(text);
}

mh_status mh_text_add(mh_text *t, const void *s, size_t n)
{
    return put(t, (const char *)s, n);
}
