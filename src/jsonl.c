/* jsonl.c — one-pass validating scanner for JSON Lines records.
 *
 * Design
 * ------
 * A record is read once, left to right, by a small state machine with three
 * states (a value is expected, a key is expected, a value just ended) and an
 * explicit stack of one bit per nesting level (object or array): no
 * recursion, no allocation, no tree. Nesting is capped by the spec.
 *
 * Almost all the bytes of a news record are inside a few long strings, so the
 * string scanner is the hot loop: it skips 16 bytes at a time (SSE2, else 8
 * ASCII bytes with SWAR) of printable ASCII and two-byte UTF-8 (most
 * non-Latin alphabets), and stops only at a quote, a backslash, a control
 * character or another non-ASCII byte, which it validates on the spot.
 * A string value a path asks for is decoded while it is scanned (the text
 * field is most of a record's bytes: one pass over them, not two); other
 * strings are only validated. A duplicate key makes the last value win: an
 * earlier one was decoded for nothing, and the later one decodes again.
 *
 * Field matching: for the first MH_JSONL_MAX_SEGMENTS levels the scanner
 * keeps a bit mask of the paths still "on route" inside the current object
 * (active[]) and of the paths whose value is the container being read
 * (ends[], so its end offset is known when it closes). A key is compared
 * with the next segment of each path on route; most records hold a handful
 * of top-level keys, so that costs a few memcmp per record. A later
 * duplicate of an intermediate key resets the paths below it, as a tree
 * built by jansson would.
 *
 * UTF-8 is checked here by a private inline routine rather than utf8.c so
 * that the scanner stays self-contained (this file, jsonl_stream.c and
 * jsonl_impl.h: the fuzz harness and the benchmark build them alone) and the
 * hot loop can be inlined. The streaming variant of this scanner is in
 * jsonl_stream.c; what the two share is in jsonl_impl.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonl.h"
#include "jsonl_impl.h"

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    mh_jsonl_error err;
    size_t err_off;
} scanner;

static bool fail(scanner *sc, mh_jsonl_error err, size_t off)
{
    sc->err = err;
    sc->err_off = off;
    return false;
}

static inline size_t skip_ws(const unsigned char *s, size_t p, size_t len)
{
    while (p < len && is_ws(s[p]))
        p++;
    return p;
}

/* A hex digit's value plus one; 0 for any other byte. */
static const unsigned char hex_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The code unit of "\uXXXX" whose 'u' is at s[p], or -1 when the four hex
 * digits are not all there. */
static inline long hex4(const unsigned char *s, size_t p, size_t len)
{
    if (len - p < 5)
        return -1;
    int a = hex_plus1[s[p + 1]] - 1, b = hex_plus1[s[p + 2]] - 1, c = hex_plus1[s[p + 3]] - 1,
        d = hex_plus1[s[p + 4]] - 1;
    if ((a | b | c | d) < 0)
        return -1;
    return (long)((a << 12) | (b << 8) | (c << 4) | d);
}

/* The code unit of "\uXXXX" whose 'u' is at s[p], its digits validated by
 * the scan (decode runs on scanned text): only the length is checked, so
 * that text that broke that promise is still never read past len. */
static inline unsigned long hex4_checked(const unsigned char *s, size_t p, size_t len)
{
    if (len - p < 5)
        return (unsigned long)-1;
    unsigned a = hex_plus1[s[p + 1]] - 1u, b = hex_plus1[s[p + 2]] - 1u,
             c = hex_plus1[s[p + 3]] - 1u, d = hex_plus1[s[p + 4]] - 1u;
    return (unsigned long)((a << 12) | (b << 8) | (c << 4) | d);
}

/* Validate the escape whose backslash is at s[p]; returns its length, or 0
 * after recording the error. */
static size_t scan_escape(scanner *sc, size_t p, size_t quote, unsigned long *cp)
{
    const unsigned char *s = sc->s;
    if (p + 1 >= sc->len)
        return fail(sc, MH_JSONL_UNTERMINATED, quote), 0;
    int byte = escape_byte(s[p + 1]);
    if (byte >= 0) {
        *cp = (unsigned long)byte;
        return 2;
    }
    if (s[p + 1] != 'u')
        return fail(sc, MH_JSONL_BAD_ESCAPE, p), 0;
    long cu = hex4(s, p + 1, sc->len);
    if (cu < 0)
        return fail(sc, MH_JSONL_BAD_UNICODE, p), 0;
    if (cu >= 0xDC00 && cu <= 0xDFFF)
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    *cp = (unsigned long)cu;
    if (cu < 0xD800 || cu > 0xDBFF)
        return 6;
    /* a high surrogate must be followed by "\u" and a low one */
    if (sc->len - p < 12 || s[p + 6] != '\\' || s[p + 7] != 'u')
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    long lo = hex4(s, p + 7, sc->len);
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    *cp = 0x10000 + (((unsigned long)cu - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
    return 12;
}

/* scan_escape for the escape text holds most ("\uXXXX" outside the
 * surrogates: non-ASCII text written by an ASCII-only encoder), inline;
 * every other one goes to scan_escape. */
static inline size_t scan_escape_fast(scanner *sc, size_t p, size_t quote, unsigned long *cp)
{
    const unsigned char *s = sc->s;
    if (sc->len - p >= 6 && s[p + 1] == 'u') {
        unsigned a = hex_plus1[s[p + 2]], b = hex_plus1[s[p + 3]], c = hex_plus1[s[p + 4]],
                 d = hex_plus1[s[p + 5]];
        if (a && b && c && d) {
            unsigned long cu = ((a - 1) << 12) | ((b - 1) << 8) | ((c - 1) << 4) | (d - 1);
            if (cu - 0xD800 >= 0x800) {
                *cp = cu;
                return 6;
            }
        }
    }
    return scan_escape(sc, p, quote, cp);
}

/* The run of non-ASCII characters at s[p], validated: runs are common
 * (Cyrillic, CJK), so they are read here, not one per trip through the
 * string loop. Returns the offset past it, or SIZE_MAX after recording the
 * error. */
static inline size_t utf8_run(scanner *sc, size_t p)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    do {
        size_t n = utf8_len(s + p, len - p);
        if (n == 0)
            return fail(sc, MH_JSONL_BAD_UTF8, p), SIZE_MAX;
        p += n;
    } while (p < len && s[p] >= 0x80);
    return p;
}

/* Scan the string whose opening quote is at s[p]. Returns the offset of the
 * closing quote, or SIZE_MAX after recording the error. *escaped is set
 * when the string holds an escape. */
static size_t scan_string(scanner *sc, size_t p, bool *escaped)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, quote = p;
    p++;
    for (;;) {
        p = skip_plain(s, p, len);
        if (p >= len)
            return fail(sc, MH_JSONL_UNTERMINATED, quote), SIZE_MAX;
        unsigned char c = s[p];
        if (c == '"')
            return p;
        if (c == '\\') {
            /* escapes come in runs ("\u043c\u0438\u0440"): stay here */
            do {
                unsigned long cp;
                size_t n = scan_escape_fast(sc, p, quote, &cp);
                if (n == 0)
                    return SIZE_MAX;
                p += n;
            } while (p < len && s[p] == '\\');
            *escaped = true;
        } else if (c < 0x20) {
            return fail(sc, MH_JSONL_CONTROL_CHAR, p), SIZE_MAX;
        } else if ((p = utf8_run(sc, p)) == SIZE_MAX) {
            return SIZE_MAX;
        }
    }
}

/* The string whose opening quote is at s[p], scanned as scan_string does
 * and decoded into v (buf, size, copy) in the same pass, with what
 * value_decode would give it (str, len, full_len, truncated, has_nul,
 * escaped): a field's text is read once, not scanned and then decoded.
 * Returns the offset of the closing quote, or SIZE_MAX after recording the
 * error. */
static size_t scan_decode_string(scanner *sc, size_t p, mh_jsonl_value *v)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, quote = p, size = v->buf ? v->size : 0;
    sink k = {v->buf, size ? size - 1 : 0, 0, 0, false};
    bool escaped = false, has_nul = false;
    size_t run = ++p; /* raw bytes from here are not in the sink yet */
    for (;;) {
        p = skip_plain(s, p, len);
        if (p >= len)
            return fail(sc, MH_JSONL_UNTERMINATED, quote), SIZE_MAX;
        unsigned char c = s[p];
        if (c == '"')
            break;
        if (c == '\\') {
            size_t plain = p - run;
            if (!k.cut && plain <= 16 && k.room - k.w >= 16 && len - run >= 16) {
                /* the short run between two escapes: one fixed-size copy */
                memcpy(k.buf + k.w, s + run, 16);
                k.w += plain;
                k.full += plain;
            } else {
                sink_run(&k, s + run, plain);
            }
            do {
                unsigned long cp;
                size_t n = scan_escape_fast(sc, p, quote, &cp);
                if (n == 0)
                    return SIZE_MAX;
                has_nul |= cp == 0;
                sink_code_point(&k, cp);
                p += n;
            } while (p < len && s[p] == '\\');
            run = p;
            escaped = true;
        } else if (c < 0x20) {
            return fail(sc, MH_JSONL_CONTROL_CHAR, p), SIZE_MAX;
        } else if ((p = utf8_run(sc, p)) == SIZE_MAX) {
            return SIZE_MAX;
        }
    }
    v->escaped = escaped;
    v->has_nul = has_nul;
    if (!escaped && !v->copy) {
        v->str = (const char *)s + quote + 1;
        v->len = v->full_len = p - quote - 1;
        return p;
    }
    sink_run(&k, s + run, p - run);
    if (size)
        v->buf[k.w] = '\0';
    v->str = v->buf ? v->buf : "";
    v->len = k.w;
    v->full_len = k.full;
    v->truncated = k.w < k.full;
    return p;
}

/* Scan the number starting at s[p]; returns its end, or 0 on error. */
static size_t scan_number(scanner *sc, size_t p)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, start = p;
    if (s[p] == '-')
        p++;
    if (p < len && s[p] == '0') {
        p++;
        if (p < len && is_digit(s[p]))
            return fail(sc, MH_JSONL_BAD_NUMBER, start), 0; /* leading zero */
    } else if (p < len && is_digit(s[p])) {
        while (p < len && is_digit(s[p]))
            p++;
    } else {
        return fail(sc, MH_JSONL_BAD_NUMBER, start), 0;
    }
    if (p < len && s[p] == '.') {
        p++;
        if (p >= len || !is_digit(s[p]))
            return fail(sc, MH_JSONL_BAD_NUMBER, start), 0;
        while (p < len && is_digit(s[p]))
            p++;
    }
    if (p < len && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < len && (s[p] == '+' || s[p] == '-'))
            p++;
        if (p >= len || !is_digit(s[p]))
            return fail(sc, MH_JSONL_BAD_NUMBER, start), 0;
        while (p < len && is_digit(s[p]))
            p++;
    }
    return p;
}

/* Scan true, false or null at s[p]; returns its end and sets *type, or 0
 * on error. The whole word is read first, as jansson does ("truex" is one
 * bad token, not "true" then garbage). */
static size_t scan_literal(scanner *sc, size_t p, mh_jsonl_type *type)
{
    const unsigned char *s = sc->s;
    size_t e = p;
    while (e < sc->len && is_alpha(s[e]))
        e++;
    size_t n = e - p;
    if (n == 4 && memcmp(s + p, "true", 4) == 0)
        *type = MH_JSONL_TRUE;
    else if (n == 5 && memcmp(s + p, "false", 5) == 0)
        *type = MH_JSONL_FALSE;
    else if (n == 4 && memcmp(s + p, "null", 4) == 0)
        *type = MH_JSONL_NULL;
    else
        return fail(sc, MH_JSONL_BAD_TOKEN, p), 0;
    return e;
}

/* Decode validated raw string text into buf (see mh_jsonl_unescape); also
 * reports whether "\u0000" occurred. */
static size_t decode(const unsigned char *raw, size_t n, char *buf, size_t size, size_t *written,
                     bool *has_nul)
{
    sink k = {buf, size ? size - 1 : 0, 0, 0, false};
    size_t i = 0;
    *has_nul = false;
    while (i < n) {
        const unsigned char *bs = memchr(raw + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (raw + i)) : n - i;
        sink_run(&k, raw + i, run);
        i += run;
        /* a run of escapes, one after another without a search between */
        while (i < n && raw[i] == '\\') {
            unsigned long cp;
            size_t used = 2;
            if (raw[i + 1] == 'u') {
                cp = hex4_checked(raw, i + 1, n);
                used = 6;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned long lo = hex4_checked(raw, i + 7, n);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    used = 12;
                }
            } else {
                cp = (unsigned long)escape_byte(raw[i + 1]);
            }
            *has_nul |= cp == 0;
            sink_code_point(&k, cp);
            i += used;
        }
    }
    if (size)
        buf[k.w] = '\0';
    *written = k.w;
    return k.full;
}

size_t mh_jsonl_unescape(const char *raw, size_t rawlen, char *buf, size_t size, size_t *written)
{
    bool has_nul;
    size_t w;
    size_t full = decode((const unsigned char *)raw, rawlen, buf, size, &w, &has_nul);
    if (written)
        *written = w;
    return full;
}

/* Does the key raw[0..n) (escaped if `escaped`) equal seg[0..seglen)? */
static bool key_equals(const unsigned char *raw, size_t n, bool escaped, const char *seg,
                       size_t seglen)
{
    if (!escaped)
        return n == seglen && memcmp(raw, seg, n) == 0;
    if (seglen > n)
        return false; /* decoding never lengthens a key */
    char tmp[MH_JSONL_MAX_PATH];
    bool has_nul;
    size_t w;
    size_t full = decode(raw, n, tmp, sizeof tmp, &w, &has_nul);
    return full == seglen && w == seglen && memcmp(tmp, seg, seglen) == 0;
}

/* Give a string value its decoded text (after a successful scan). */
static void value_decode(const unsigned char *line, mh_jsonl_value *v)
{
    const unsigned char *raw = line + v->start + 1;
    size_t n = v->end - v->start - 2;
    if (!v->escaped && !v->copy) {
        v->str = (const char *)raw;
        v->len = v->full_len = n;
        return;
    }
    size_t w;
    v->full_len = decode(raw, n, v->buf, v->buf ? v->size : 0, &w, &v->has_nul);
    v->str = v->buf ? v->buf : "";
    v->len = w;
    v->truncated = w < v->full_len;
}

/* The mask of fields (bits) whose segment `level` equals the key (shared
 * with jsonl_stream.c, declared in jsonl_impl.h). */
uint32_t mh_jsonl_match_key(const mh_jsonl_spec *spec, size_t nf, uint32_t active, unsigned level,
                            const unsigned char *raw, size_t n, bool escaped, uint32_t *last)
{
    uint32_t hit = 0;
    *last = 0;
    for (size_t f = 0; f < nf; f++) {
        if (!(active & (1u << f)))
            continue;
        const mh_jsonl_path *path = &spec->path[f];
        const char *seg = path->text + path->seg_start[level];
        if (key_equals(raw, n, escaped, seg, path->seg_len[level])) {
            hit |= 1u << f;
            if (level + 1 == path->nseg)
                *last |= 1u << f;
        }
    }
    return hit & ~*last;
}

/* Clear every OUT member of a result with nfields fields (shared with
 * jsonl_stream.c). */
void mh_jsonl_result_reset(mh_jsonl_result *out, size_t nfields)
{
    for (size_t f = 0; f < nfields; f++)
        value_reset(&out->field[f]);
    value_reset(&out->annotation);
    out->has_annotation_key = false;
    out->top_type = MH_JSONL_ABSENT;
    out->value_start = out->close_brace = 0;
    out->empty = false;
    out->depth = 0;
    out->error = MH_JSONL_OK;
    out->error_offset = 0;
}

mh_status mh_jsonl_scan(const char *line, size_t len, const mh_jsonl_spec *spec,
                        mh_jsonl_result *out)
{
    if (!line || !spec || !out)
        return MH_ERR_ARG;
    const unsigned char *s = (const unsigned char *)line;
    scanner sc = {s, len, MH_JSONL_OK, 0};

    /* values[f] for every path, the annotation key last */
    size_t nf = spec->nfields + (spec->has_annotation_key ? 1 : 0);
    mh_jsonl_value *values[MH_JSONL_MAX_FIELDS + 1];
    for (size_t f = 0; f < spec->nfields; f++)
        values[f] = &out->field[f];
    values[spec->nfields] = &out->annotation;
    mh_jsonl_result_reset(out, spec->nfields);

    uint64_t stack[STACK_WORDS];
    uint32_t active[TRACKED] = {0}, ends[TRACKED] = {0};
    uint32_t to_set = 0, to_enter = 0; /* paths whose value / route comes next */
    unsigned depth = 0;
    bool in_object = false;
    size_t p = 0;

    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        if (!(spec->flags & MH_JSONL_SKIP_BOM)) {
            fail(&sc, MH_JSONL_BOM, 0);
            goto error;
        }
        p = 3;
    }
    p = skip_ws(s, p, len);
    if (p >= len) {
        fail(&sc, MH_JSONL_EMPTY, p);
        goto error;
    }
    out->value_start = p;
    active[1] = nf < 32 ? (1u << nf) - 1 : 0;

value: /* a value starts at s[p] (whitespace skipped) */
    if (p >= len) {
        fail(&sc, MH_JSONL_TRUNCATED, len);
        goto error;
    }
    {
        size_t start = p, end;
        mh_jsonl_type type;
        bool escaped = false;
        unsigned char c = s[p];
        if (c == '{' || c == '[') {
            if (depth >= spec->max_depth) {
                fail(&sc, MH_JSONL_DEPTH, p);
                goto error;
            }
            type = c == '{' ? MH_JSONL_OBJECT : MH_JSONL_ARRAY;
            for (uint32_t m = to_set, f = 0; m; m >>= 1, f++)
                if (m & 1u) {
                    value_reset(values[f]);
                    values[f]->type = type;
                    values[f]->start = start;
                }
            for (uint32_t m = to_enter, f = 0; m; m >>= 1, f++)
                if (m & 1u)
                    value_reset(values[f]);
            if (depth == 0)
                out->top_type = type;
            set_bit(stack, depth, c == '{');
            depth++;
            if (depth > out->depth)
                out->depth = depth;
            if (depth < TRACKED) {
                if (depth > 1)
                    active[depth] = c == '{' ? to_enter : 0;
                ends[depth] = to_set;
            }
            to_set = to_enter = 0;
            in_object = c == '{';
            p = skip_ws(s, p + 1, len);
            if (p < len && s[p] == (in_object ? '}' : ']')) {
                if (depth == 1)
                    out->empty = true;
                goto close;
            }
            if (in_object)
                goto key;
            goto value;
        }
        size_t decoded = SIZE_MAX; /* the field whose value the scan decoded */
        if (c == '"' && to_set) {
            /* the first path asking for it: decoded as it is scanned */
            decoded = (size_t)__builtin_ctz(to_set);
            value_reset(values[decoded]);
            end = scan_decode_string(&sc, p, values[decoded]);
            if (end == SIZE_MAX)
                goto error;
            escaped = values[decoded]->escaped;
            values[decoded]->decoded = true;
            end++;
            type = MH_JSONL_STRING;
        } else if (c == '"') {
            end = scan_string(&sc, p, &escaped);
            if (end == SIZE_MAX)
                goto error;
            end++;
            type = MH_JSONL_STRING;
        } else if (c == '-' || is_digit(c)) {
            end = scan_number(&sc, p);
            if (end == 0)
                goto error;
            type = MH_JSONL_NUMBER;
        } else if (is_alpha(c)) {
            end = scan_literal(&sc, p, &type);
            if (end == 0)
                goto error;
        } else {
            fail(&sc, c == '+' || c == '.' ? MH_JSONL_BAD_NUMBER : MH_JSONL_EXPECTED_VALUE, p);
            goto error;
        }
        if (depth == 0)
            out->top_type = type;
        for (uint32_t m = to_set, f = 0; m; m >>= 1, f++)
            if (m & 1u) {
                mh_jsonl_value *v = values[f];
                if (f != decoded)
                    value_reset(v);
                v->type = type;
                v->start = start;
                v->end = end;
                v->escaped = escaped;
            }
        for (uint32_t m = to_enter, f = 0; m; m >>= 1, f++)
            if (m & 1u)
                value_reset(values[f]);
        to_set = to_enter = 0;
        p = end;
    }

after: /* a value ended at s[p] */
    p = skip_ws(s, p, len);
    if (depth == 0) {
        if (p < len) {
            fail(&sc, MH_JSONL_TRAILING, p);
            goto error;
        }
        goto done;
    }
    if (p >= len) {
        fail(&sc, MH_JSONL_TRUNCATED, len);
        goto error;
    }
    if (s[p] == ',') {
        p = skip_ws(s, p + 1, len);
        if (in_object)
            goto key;
        goto value;
    }
    if (s[p] != (in_object ? '}' : ']')) {
        fail(&sc, MH_JSONL_EXPECTED_COMMA, p);
        goto error;
    }

close: /* s[p] closes the container at `depth` */
    if (depth < TRACKED)
        for (uint32_t m = ends[depth], f = 0; m; m >>= 1, f++)
            if (m & 1u)
                values[f]->end = p + 1;
    depth--;
    if (depth == 0)
        out->close_brace = p;
    else
        in_object = get_bit(stack, depth - 1);
    p++;
    goto after;

key: /* a member's key starts at s[p] (whitespace skipped) */
    if (p >= len) {
        fail(&sc, MH_JSONL_TRUNCATED, len);
        goto error;
    }
    if (s[p] != '"') {
        fail(&sc, MH_JSONL_EXPECTED_KEY, p);
        goto error;
    }
    {
        bool escaped = false;
        size_t kend = scan_string(&sc, p, &escaped);
        if (kend == SIZE_MAX)
            goto error;
        if (depth <= MH_JSONL_MAX_SEGMENTS && active[depth])
            to_enter = mh_jsonl_match_key(spec, nf, active[depth], depth - 1, s + p + 1,
                                          kend - p - 1, escaped, &to_set);
        p = skip_ws(s, kend + 1, len);
    }
    if (p >= len) {
        fail(&sc, MH_JSONL_TRUNCATED, len);
        goto error;
    }
    if (s[p] != ':') {
        fail(&sc, MH_JSONL_EXPECTED_COLON, p);
        goto error;
    }
    p = skip_ws(s, p + 1, len);
    goto value;

done:
    if (out->top_type != MH_JSONL_OBJECT) {
        fail(&sc, MH_JSONL_NOT_OBJECT, out->value_start);
        goto error;
    }
    for (size_t f = 0; f < nf; f++)
        if (values[f]->type == MH_JSONL_STRING && !values[f]->decoded)
            value_decode(s, values[f]);
    out->has_annotation_key = spec->has_annotation_key && out->annotation.type != MH_JSONL_ABSENT;
    return MH_OK;

error:
    out->error = sc.err;
    out->error_offset = sc.err_off;
    return MH_ERR_INPUT;
}

/* ------------------------------------------------------------ shared API
 *
 * Specs, results and error text: the same for mh_jsonl_scan and the stream
 * of jsonl_stream.c. */

mh_status mh_jsonl_spec_init(mh_jsonl_spec *spec, const char *const *paths, size_t npaths,
                             const char *annotation_key, unsigned max_depth, unsigned flags)
{
    if (!spec || (npaths && !paths) || npaths > MH_JSONL_MAX_FIELDS ||
        max_depth > MH_JSONL_MAX_DEPTH)
        return MH_ERR_ARG;
    memset(spec, 0, sizeof *spec);
    for (size_t i = 0; i < npaths; i++) {
        mh_jsonl_path *path = &spec->path[i];
        size_t n = paths[i] ? strlen(paths[i]) : 0;
        if (n == 0 || n >= MH_JSONL_MAX_PATH)
            return MH_ERR_ARG;
        memcpy(path->text, paths[i], n + 1);
        size_t start = 0;
        for (size_t j = 0; j <= n; j++) {
            if (j < n && path->text[j] != '.')
                continue;
            if (j == start || path->nseg == MH_JSONL_MAX_SEGMENTS)
                return MH_ERR_ARG; /* empty segment or too many */
            path->seg_start[path->nseg] = (unsigned short)start;
            path->seg_len[path->nseg] = (unsigned short)(j - start);
            path->nseg++;
            start = j + 1;
        }
    }
    spec->nfields = npaths;
    if (annotation_key) {
        mh_jsonl_path *path = &spec->path[npaths];
        size_t n = strlen(annotation_key);
        if (n == 0 || n >= MH_JSONL_MAX_PATH)
            return MH_ERR_ARG;
        memcpy(path->text, annotation_key, n + 1); /* one segment, dots and all */
        path->seg_len[0] = (unsigned short)n;
        path->nseg = 1;
        spec->has_annotation_key = true;
    }
    spec->max_depth = max_depth ? max_depth : MH_JSONL_DEFAULT_DEPTH;
    spec->flags = flags;
    return MH_OK;
}

void mh_jsonl_result_init(mh_jsonl_result *result)
{
    memset(result, 0, sizeof *result);
}

const char *mh_jsonl_strerror(mh_jsonl_error error)
{
    switch (error) {
    case MH_JSONL_OK: return "valid record";
    case MH_JSONL_EMPTY: return "empty line";
    case MH_JSONL_BOM: return "byte order mark";
    case MH_JSONL_NOT_OBJECT: return "not an object";
    case MH_JSONL_BAD_UTF8: return "invalid UTF-8";
    case MH_JSONL_UNTERMINATED: return "unterminated string";
    case MH_JSONL_CONTROL_CHAR: return "control character in a string";
    case MH_JSONL_BAD_ESCAPE: return "invalid escape";
    case MH_JSONL_BAD_UNICODE: return "\\u not followed by four hex digits";
    case MH_JSONL_LONE_SURROGATE: return "unpaired UTF-16 surrogate escape";
    case MH_JSONL_BAD_NUMBER: return "invalid number";
    case MH_JSONL_BAD_TOKEN: return "invalid literal (not true, false or null)";
    case MH_JSONL_EXPECTED_VALUE: return "expected a value";
    case MH_JSONL_EXPECTED_KEY: return "expected a string key";
    case MH_JSONL_EXPECTED_COLON: return "expected ':' after a key";
    case MH_JSONL_EXPECTED_COMMA: return "expected ',' or a closing bracket";
    case MH_JSONL_TRUNCATED: return "truncated record";
    case MH_JSONL_TRAILING: return "trailing characters";
    case MH_JSONL_DEPTH: return "nesting too deep";
    }
    return "unknown error";
}

static const char *type_name(mh_jsonl_type type)
{
    switch (type) {
    case MH_JSONL_STRING: return "a string";
    case MH_JSONL_NUMBER: return "a number";
    case MH_JSONL_TRUE:
    case MH_JSONL_FALSE: return "a boolean";
    case MH_JSONL_NULL: return "null";
    case MH_JSONL_ARRAY: return "an array";
    default: return "a value";
    }
}

size_t mh_jsonl_describe(const mh_jsonl_result *r, const mh_jsonl_spec *spec, char *buf,
                         size_t size)
{
    int n;
    size_t off = r->error_offset;
    switch (r->error) {
    case MH_JSONL_OK: n = snprintf(buf, size, "valid record"); break;
    case MH_JSONL_EMPTY: n = snprintf(buf, size, "empty line"); break;
    case MH_JSONL_NOT_OBJECT:
        n = snprintf(buf, size, "not an object: %s at byte %zu", type_name(r->top_type), off);
        break;
    case MH_JSONL_UNTERMINATED:
        n = snprintf(buf, size, "unterminated string starting at byte %zu", off);
        break;
    case MH_JSONL_TRUNCATED:
        n = snprintf(buf, size, "truncated record: the line ends at byte %zu inside it", off);
        break;
    case MH_JSONL_DEPTH:
        n = snprintf(buf, size, "nesting deeper than %u at byte %zu",
                     spec ? spec->max_depth : MH_JSONL_DEFAULT_DEPTH, off);
        break;
    default: n = snprintf(buf, size, "%s at byte %zu", mh_jsonl_strerror(r->error), off); break;
    }
    return n < 0 ? 0 : (size_t)n;
}
