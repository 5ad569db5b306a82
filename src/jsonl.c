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
 * Escapes are validated while scanning but decoded only afterwards, and only
 * for the fields asked for: duplicate keys make the last value win, so a
 * value decoded early could be thrown away.
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
 * that the scanner stays one self-contained file (the fuzz harness and the
 * benchmark build it alone) and the hot loop can be inlined.
 */
#include "jsonl.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bits per stack word, and words for the deepest allowed nesting. */
#define STACK_BITS  MH_JSONL_STACK_BITS
#define STACK_WORDS (MH_JSONL_MAX_DEPTH / STACK_BITS)
/* Levels for which field masks are tracked (index = depth). */
#define TRACKED MH_JSONL_TRACKED

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    mh_jsonl_error err;
    size_t err_off;
} scanner;

/* 1 for bytes a string may hold as they are: printable ASCII but '"', '\\'. */
static const unsigned char plain_byte[256] = {
    ['\t'] = 0, [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,  ['\''] = 1,
    ['('] = 1,  [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1,  ['/'] = 1,
    ['0'] = 1,  ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,  ['7'] = 1,
    ['8'] = 1,  ['9'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1,  ['?'] = 1,
    ['@'] = 1,  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,  ['G'] = 1,
    ['H'] = 1,  ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,  ['O'] = 1,
    ['P'] = 1,  ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,  ['W'] = 1,
    ['X'] = 1,  ['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1,  ['`'] = 1,
    ['a'] = 1,  ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,  ['h'] = 1,
    ['i'] = 1,  ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,  ['p'] = 1,
    ['q'] = 1,  ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,  ['x'] = 1,
    ['y'] = 1,  ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1,
};

static bool fail(scanner *sc, mh_jsonl_error err, size_t off)
{
    sc->err = err;
    sc->err_off = off;
    return false;
}

static inline bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline size_t skip_ws(const unsigned char *s, size_t p, size_t len)
{
    while (p < len && is_ws(s[p]))
        p++;
    return p;
}

static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The code unit of "\uXXXX" whose 'u' is at s[p], or -1 when the four hex
 * digits are not all there. */
static inline long hex4(const unsigned char *s, size_t p, size_t len)
{
    if (len - p < 5)
        return -1;
    long v = 0;
    for (size_t i = 1; i <= 4; i++) {
        int h = hex_value(s[p + i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the valid UTF-8 sequence starting with s[0] >= 0x80, or 0. */
static inline size_t utf8_len(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (avail < 3 || (s[2] & 0xC0) != 0x80)
            return 0;
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi ? 3 : 0;
    }
    if (c < 0xF5) {
        if (avail < 4 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi ? 4 : 0;
    }
    return 0;
}

/* First offset >= p of a byte that is neither plain (see plain_byte) nor
 * part of a valid two-byte UTF-8 sequence, or len. Whatever it skips is
 * valid string content; it stops on a sequence boundary. */
static inline size_t skip_plain(const unsigned char *s, size_t p, size_t len)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i ctl = _mm_set1_epi8(0x1F);
    while (len - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash));
        special = _mm_or_si128(special, _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
        unsigned stop = (unsigned)_mm_movemask_epi8(special);
        unsigned high = (unsigned)_mm_movemask_epi8(v); /* non-ASCII bytes */
        if (!(stop | high)) {
            p += 16;
            continue;
        }
        /* Two-byte sequences (Cyrillic, Greek, Arabic, Hebrew...): a lead
         * C2-DF directly followed by a continuation 80-BF. Any other
         * non-ASCII byte stops the skip; the caller validates it. */
        __m128i lead_off = _mm_sub_epi8(v, _mm_set1_epi8((char)0xC2));
        __m128i is_lead = _mm_cmpeq_epi8(_mm_min_epu8(lead_off, _mm_set1_epi8(0x1D)), lead_off);
        __m128i is_cont =
            _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80));
        unsigned lead = (unsigned)_mm_movemask_epi8(is_lead);
        unsigned cont = (unsigned)_mm_movemask_epi8(is_cont);
        unsigned bad = stop | (high & ~(lead | cont)) | (cont & ~(lead << 1)) |
                       (lead & ~(cont >> 1) & 0x7FFFu);
        if (bad)
            return p + (size_t)__builtin_ctz(bad);
        p += lead & 0x8000u ? 15 : 16; /* a lead in the last byte starts the next block */
    }
#else
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (len - p >= 8) {
        uint64_t w;
        memcpy(&w, s + p, 8);
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w;
        if (hit & highs)
            break; /* the byte loop below finds which one */
        p += 8;
    }
#endif
    while (p < len && plain_byte[s[p]])
        p++;
    return p;
}

/* Validate the escape whose backslash is at s[p]; returns its length, or 0
 * after recording the error. */
static size_t scan_escape(scanner *sc, size_t p, size_t quote)
{
    const unsigned char *s = sc->s;
    if (p + 1 >= sc->len)
        return fail(sc, MH_JSONL_UNTERMINATED, quote), 0;
    switch (s[p + 1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't': return 2;
    case 'u': break;
    default: return fail(sc, MH_JSONL_BAD_ESCAPE, p), 0;
    }
    long cu = hex4(s, p + 1, sc->len);
    if (cu < 0)
        return fail(sc, MH_JSONL_BAD_UNICODE, p), 0;
    if (cu >= 0xDC00 && cu <= 0xDFFF)
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    if (cu < 0xD800 || cu > 0xDBFF)
        return 6;
    /* a high surrogate must be followed by "\u" and a low one */
    if (sc->len - p < 12 || s[p + 6] != '\\' || s[p + 7] != 'u')
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    long lo = hex4(s, p + 7, sc->len);
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(sc, MH_JSONL_LONE_SURROGATE, p), 0;
    return 12;
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
            size_t n = scan_escape(sc, p, quote);
            if (n == 0)
                return SIZE_MAX;
            *escaped = true;
            p += n;
        } else if (c < 0x20) {
            return fail(sc, MH_JSONL_CONTROL_CHAR, p), SIZE_MAX;
        } else {
            /* non-ASCII: runs of it are common (Cyrillic, CJK), stay here */
            do {
                size_t n = utf8_len(s + p, len - p);
                if (n == 0)
                    return fail(sc, MH_JSONL_BAD_UTF8, p), SIZE_MAX;
                p += n;
            } while (p < len && s[p] >= 0x80);
        }
    }
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

static inline bool is_alpha(unsigned char c)
{
    c |= 0x20;
    return c >= 'a' && c <= 'z';
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

/* Encode cp as UTF-8 into out; returns its length. */
static size_t utf8_put(unsigned long cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Where decoded text goes: buf[0..room) and a NUL after it. Once a
 * character does not fit, nothing more is written (the text kept is the
 * longest whole-character prefix that fits), but full keeps counting. The
 * one-shot decoder and the stream share it, so both cut alike. */
typedef struct sink {
    char *buf;
    size_t room; /* bytes that fit before the NUL */
    size_t w;    /* bytes written */
    size_t full; /* bytes decoded, written or not */
    bool cut;    /* a character did not fit */
} sink;

/* Append raw[0..n), whole UTF-8 characters, cutting at a character. */
static inline void sink_run(sink *k, const unsigned char *raw, size_t n)
{
    if (n && !k->cut) {
        size_t fit = n;
        if (fit > k->room - k->w) {
            fit = k->room - k->w;
            while (fit > 0 && (raw[fit] & 0xC0) == 0x80)
                fit--; /* keep whole characters only */
            k->cut = true;
        }
        if (fit) {
            memcpy(k->buf + k->w, raw, fit);
            k->w += fit;
        }
    }
    k->full += n;
}

/* Append one character ch[0..n), or cut here when it does not fit. */
static inline void sink_char(sink *k, const unsigned char *ch, size_t n)
{
    if (!k->cut && n <= k->room - k->w) {
        memcpy(k->buf + k->w, ch, n);
        k->w += n;
    } else {
        k->cut = true;
    }
    k->full += n;
}

/* The byte a one-character escape "\c" stands for, or -1 ('u' or bad). */
static inline int escape_byte(unsigned char c)
{
    switch (c) {
    case '"':
    case '\\':
    case '/': return c;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return -1;
    }
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
        if (i >= n)
            break;
        unsigned char ch[4];
        size_t len = 1, used = 2;
        if (raw[i + 1] == 'u') {
            unsigned long cp = (unsigned long)hex4(raw, i + 1, n);
            used = 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long lo = (unsigned long)hex4(raw, i + 7, n);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 12;
            }
            if (cp == 0)
                *has_nul = true;
            len = utf8_put(cp, ch);
        } else {
            ch[0] = (unsigned char)escape_byte(raw[i + 1]);
        }
        sink_char(&k, ch, len);
        i += used;
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

static void set_bit(uint64_t *stack, unsigned i, bool on)
{
    uint64_t bit = 1ull << (i % STACK_BITS);
    if (on)
        stack[i / STACK_BITS] |= bit;
    else
        stack[i / STACK_BITS] &= ~bit;
}

static bool get_bit(const uint64_t *stack, unsigned i)
{
    return (stack[i / STACK_BITS] >> (i % STACK_BITS)) & 1u;
}

/* Clear the OUT members of one value, keeping the caller's buffer. */
static void value_reset(mh_jsonl_value *v)
{
    v->type = MH_JSONL_ABSENT;
    v->start = v->end = 0;
    v->str = NULL;
    v->len = v->full_len = 0;
    v->truncated = v->escaped = v->has_nul = false;
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

/* The mask of fields (bits) whose segment `level` equals the key. */
static uint32_t match_key(const mh_jsonl_spec *spec, size_t nf, uint32_t active, unsigned level,
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

/* Clear every OUT member of a result with nfields fields. */
static void result_reset(mh_jsonl_result *out, size_t nfields)
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
    result_reset(out, spec->nfields);

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
        if (c == '"') {
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
            to_enter = match_key(spec, nf, active[depth], depth - 1, s + p + 1, kend - p - 1,
                                 escaped, &to_set);
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
        if (values[f]->type == MH_JSONL_STRING)
            value_decode(s, values[f]);
    out->has_annotation_key = spec->has_annotation_key && out->annotation.type != MH_JSONL_ABSENT;
    return MH_OK;

error:
    out->error = sc.err;
    out->error_offset = sc.err_off;
    return MH_ERR_INPUT;
}

/* ------------------------------------------------------------ streaming
 *
 * The same grammar as mh_jsonl_scan, as a resumable state machine: every
 * place where the one-shot scanner may stop in the middle of a token (a
 * string, an escape, a UTF-8 sequence, a number, a word) is a state, and
 * the few bytes such a token needs to be judged later live in the stream
 * (pend[], unit). Strings still go through skip_plain a chunk at a time,
 * so a long text field costs what it costs the one-shot scanner. Decoded
 * text goes straight into the fields' buffers through the same sink, and
 * a key being matched into key[] (a key longer than any path cannot
 * match, so the rest of it is only validated). Errors carry the offsets
 * mh_jsonl_scan gives: tests/unit/test_jsonl_stream.c checks the two
 * agree on every line and every chunking of its generator. */

/* Stream states (mh_jsonl_stream.state): what the next byte may be. */
enum {
    ST_LEAD,    /* before the record: whitespace, a BOM at byte 0 */
    ST_BOM1,    /* EF at byte 0 */
    ST_BOM2,    /* EF BB at byte 0 */
    ST_VALUE,   /* a value must start */
    ST_FIRST,   /* just after '{' or '[': its close or a first member */
    ST_KEY,     /* a key's opening quote must come */
    ST_COLON,   /* the ':' after a key */
    ST_AFTER,   /* a value ended: ',' or a close (or the line's end) */
    ST_STRING,  /* inside a string, between characters */
    ST_UTF8,    /* inside a UTF-8 sequence cut by a chunk's end (pend[]) */
    ST_ESC,     /* after a backslash */
    ST_HEX,     /* in "\uXXXX" (sub: hex digits read) */
    ST_LOW,     /* after a high surrogate: its "\uDC00".."\uDFFF" (sub:
                 * bytes of it read) */
    ST_NUMBER,  /* in a number (sub: an N_* state) */
    ST_LITERAL, /* in a word (pend[]: its first letters) */
    ST_ERROR,   /* the line is invalid; out->error is final */
    ST_DONE     /* finish returned MH_OK */
};

/* Where a number is, in scan_number's terms. */
enum { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };

/* The length of the UTF-8 sequence s[0..n) begins (s[0] >= 0x80) when it
 * is a valid sequence or a valid beginning of one, else 0: utf8_len's
 * rules, for a sequence a chunk may cut. */
static size_t utf8_need(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    for (size_t i = 1; i < n && i < need; i++) {
        unsigned lo = 0x80, hi = 0xBF;
        if (i == 1 && (c == 0xE0 || c == 0xF0))
            lo = c == 0xE0 ? 0xA0 : 0x90;
        else if (i == 1 && (c == 0xED || c == 0xF4))
            hi = c == 0xED ? 0x9F : 0x8F;
        if (s[i] < lo || s[i] > hi)
            return 0;
    }
    return need;
}

static mh_jsonl_value *slot(const mh_jsonl_stream *st, unsigned f)
{
    return f < st->spec->nfields ? &st->out->field[f] : &st->out->annotation;
}

static mh_status stream_fail(mh_jsonl_stream *st, mh_jsonl_error err, size_t off)
{
    st->state = ST_ERROR;
    st->out->error = err;
    st->out->error_offset = off;
    return MH_ERR_INPUT;
}

/* A value's decoding state as a sink: len, full_len and truncated hold
 * it while the string is open. */
static sink value_sink(const mh_jsonl_value *v)
{
    sink k = {v->buf, v->buf && v->size ? v->size - 1 : 0, v->len, v->full_len, v->truncated};
    return k;
}

static void value_store(mh_jsonl_value *v, const sink *k)
{
    v->len = k->w;
    v->full_len = k->full;
    v->truncated = k->cut;
}

/* Append whole characters raw[0..n) (decoded text) to the key being
 * matched or to every field whose value is the open string. */
static void stream_text(mh_jsonl_stream *st, const unsigned char *raw, size_t n, bool one_char)
{
    if (st->key_match && !st->key_cut) {
        sink k = {st->key, MH_JSONL_MAX_PATH - 1, st->key_len, st->key_len, false};
        if (one_char)
            sink_char(&k, raw, n);
        else
            sink_run(&k, raw, n);
        st->key_len = k.w;
        st->key_cut = k.cut;
    }
    for (uint32_t m = st->str_fields, f = 0; m; m >>= 1, f++)
        if (m & 1u) {
            mh_jsonl_value *v = slot(st, f);
            sink k = value_sink(v);
            if (one_char)
                sink_char(&k, raw, n);
            else
                sink_run(&k, raw, n);
            value_store(v, &k);
        }
}

/* The escape that just ended stands for code point cp. */
static void stream_escaped(mh_jsonl_stream *st, unsigned long cp)
{
    unsigned char ch[4];
    st->str_escaped = true;
    if (cp == 0)
        st->str_nul = true;
    stream_text(st, ch, utf8_put(cp, ch), true);
}

/* Reset the values of the paths in mask (their route or value changes). */
static void stream_reset(mh_jsonl_stream *st, uint32_t mask)
{
    for (uint32_t m = mask, f = 0; m; m >>= 1, f++)
        if (m & 1u)
            value_reset(slot(st, f));
}

/* A scalar of `type` took [start, end): the paths waiting for it get it. */
static void stream_scalar(mh_jsonl_stream *st, mh_jsonl_type type, size_t start, size_t end)
{
    for (uint32_t m = st->to_set, f = 0; m; m >>= 1, f++)
        if (m & 1u) {
            mh_jsonl_value *v = slot(st, f);
            value_reset(v);
            v->type = type;
            v->start = start;
            v->end = end;
        }
    stream_reset(st, st->to_enter);
    if (st->depth == 0)
        st->out->top_type = type;
    st->to_set = st->to_enter = 0;
    st->state = ST_AFTER;
}

/* '{' or '[' at off opens a container. */
static void stream_open(mh_jsonl_stream *st, unsigned char c, size_t off)
{
    if (st->depth >= st->spec->max_depth) {
        stream_fail(st, MH_JSONL_DEPTH, off);
        return;
    }
    mh_jsonl_type type = c == '{' ? MH_JSONL_OBJECT : MH_JSONL_ARRAY;
    for (uint32_t m = st->to_set, f = 0; m; m >>= 1, f++)
        if (m & 1u) {
            mh_jsonl_value *v = slot(st, f);
            value_reset(v);
            v->type = type;
            v->start = off;
        }
    stream_reset(st, st->to_enter);
    if (st->depth == 0)
        st->out->top_type = type;
    set_bit(st->stack, st->depth, c == '{');
    st->depth++;
    if (st->depth > st->out->depth)
        st->out->depth = st->depth;
    if (st->depth < TRACKED) {
        if (st->depth > 1)
            st->active[st->depth] = c == '{' ? st->to_enter : 0;
        st->ends[st->depth] = st->to_set;
    }
    st->to_set = st->to_enter = 0;
    st->in_object = c == '{';
    st->state = ST_FIRST;
}

/* The byte at off closes the innermost container. */
static void stream_close(mh_jsonl_stream *st, size_t off)
{
    if (st->depth < TRACKED)
        for (uint32_t m = st->ends[st->depth], f = 0; m; m >>= 1, f++)
            if (m & 1u)
                slot(st, f)->end = off + 1;
    st->depth--;
    if (st->depth == 0)
        st->out->close_brace = off;
    else
        st->in_object = get_bit(st->stack, st->depth - 1);
    st->state = ST_AFTER;
}

/* A string (a key when key) opens with the quote at off. */
static void stream_string_open(mh_jsonl_stream *st, size_t off, bool key)
{
    st->tok = off;
    st->in_key = key;
    st->str_escaped = st->str_nul = false;
    if (key) {
        st->key_match = st->depth <= MH_JSONL_MAX_SEGMENTS && st->active[st->depth];
        st->key_len = 0;
        st->key_cut = false;
        st->str_fields = 0;
    } else {
        st->key_match = false;
        stream_reset(st, st->to_set | st->to_enter);
        st->str_fields = st->to_set;
        st->to_set = st->to_enter = 0;
    }
    st->state = ST_STRING;
}

/* The open string's closing quote is at off. */
static void stream_string_close(mh_jsonl_stream *st, size_t off)
{
    if (st->in_key) {
        st->to_set = st->to_enter = 0;
        if (st->key_match && !st->key_cut)
            st->to_enter = match_key(
                st->spec, st->spec->nfields + st->spec->has_annotation_key, st->active[st->depth],
                st->depth - 1, (const unsigned char *)st->key, st->key_len, false, &st->to_set);
        st->state = ST_COLON;
        return;
    }
    for (uint32_t m = st->str_fields, f = 0; m; m >>= 1, f++)
        if (m & 1u) {
            mh_jsonl_value *v = slot(st, f);
            v->type = MH_JSONL_STRING;
            v->start = st->tok;
            v->end = off + 1;
            v->escaped = st->str_escaped;
            v->has_nul = st->str_nul;
            v->str = v->buf ? v->buf : "";
            if (v->buf && v->size)
                v->buf[v->len] = '\0';
        }
    st->str_fields = 0;
    if (st->depth == 0)
        st->out->top_type = MH_JSONL_STRING;
    st->state = ST_AFTER;
}

/* Read string content from s[p..n) (s[0] is at offset base); returns where
 * it stopped: the chunk's end, or past the byte that changed the state. */
static size_t stream_string(mh_jsonl_stream *st, const unsigned char *s, size_t p, size_t n,
                            size_t base)
{
    size_t run = p;
    for (;;) {
        p = skip_plain(s, p, n);
        if (p >= n || s[p] < 0x80)
            break;
        size_t k = utf8_len(s + p, n - p);
        if (k == 0)
            break;
        p += k;
    }
    if (p > run)
        stream_text(st, s + run, p - run, false);
    if (p >= n)
        return p;
    unsigned char c = s[p];
    if (c == '"') {
        stream_string_close(st, base + p);
    } else if (c == '\\') {
        st->esc = base + p;
        st->state = ST_ESC;
    } else if (c < 0x20) {
        stream_fail(st, MH_JSONL_CONTROL_CHAR, base + p);
    } else {
        size_t need = utf8_need(s + p, n - p);
        if (!need || n - p >= need)
            return stream_fail(st, MH_JSONL_BAD_UTF8, base + p), p;
        memcpy(st->pend, s + p, n - p); /* a sequence cut by the chunk's end */
        st->npend = (unsigned)(n - p);
        st->esc = base + p;
        st->state = ST_UTF8;
        return n;
    }
    return p + 1;
}

/* One byte c of an escape (ST_ESC, ST_HEX, ST_LOW); errors point at its
 * backslash. */
static void stream_escape(mh_jsonl_stream *st, unsigned char c)
{
    int h = hex_value(c);
    if (st->state == ST_ESC) {
        int b = escape_byte(c);
        if (c == 'u') {
            st->unit = 0;
            st->sub = 0;
            st->state = ST_HEX;
        } else if (b < 0) {
            stream_fail(st, MH_JSONL_BAD_ESCAPE, st->esc);
        } else {
            stream_escaped(st, (unsigned long)b);
            st->state = ST_STRING;
        }
        return;
    }
    if (st->state == ST_HEX) {
        if (h < 0) {
            stream_fail(st, MH_JSONL_BAD_UNICODE, st->esc);
            return;
        }
        st->unit = st->unit * 16 + (unsigned long)h;
        if (++st->sub < 4)
            return;
        if (st->unit >= 0xDC00 && st->unit <= 0xDFFF) {
            stream_fail(st, MH_JSONL_LONE_SURROGATE, st->esc);
        } else if (st->unit >= 0xD800 && st->unit <= 0xDBFF) {
            st->sub = 0;
            st->state = ST_LOW;
        } else {
            stream_escaped(st, st->unit);
            st->state = ST_STRING;
        }
        return;
    }
    /* ST_LOW: "\u" and four hex digits; unit collects high << 16 | low */
    bool ok = st->sub == 0 ? c == '\\' : st->sub == 1 ? c == 'u' : h >= 0;
    if (!ok) {
        stream_fail(st, MH_JSONL_LONE_SURROGATE, st->esc);
        return;
    }
    if (st->sub >= 2)
        st->unit = st->unit * 16 + (unsigned long)h;
    if (++st->sub < 6)
        return;
    unsigned long hi = st->unit >> 16, lo = st->unit & 0xFFFFu;
    if (lo < 0xDC00 || lo > 0xDFFF) {
        stream_fail(st, MH_JSONL_LONE_SURROGATE, st->esc);
        return;
    }
    stream_escaped(st, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
    st->state = ST_STRING;
}

static bool number_complete(unsigned n)
{
    return n == N_ZERO || n == N_INT || n == N_FRAC || n == N_EXP;
}

/* Step the number being read over c: 1 when c belongs to it, 0 when the
 * number ended before c, -1 when it is invalid (scan_number's rules). */
static int number_step(mh_jsonl_stream *st, unsigned char c)
{
    unsigned n = st->sub;
    bool digit = is_digit(c);
    if (digit) {
        if (n == N_ZERO)
            return -1; /* leading zero */
        if (n == N_MINUS)
            st->sub = c == '0' ? N_ZERO : N_INT;
        else if (n == N_DOT)
            st->sub = N_FRAC;
        else if (n == N_E || n == N_ESIGN)
            st->sub = N_EXP;
        return 1;
    }
    if (c == '.' && (n == N_ZERO || n == N_INT)) {
        st->sub = N_DOT;
        return 1;
    }
    if ((c == 'e' || c == 'E') && (n == N_ZERO || n == N_INT || n == N_FRAC)) {
        st->sub = N_E;
        return 1;
    }
    if ((c == '+' || c == '-') && n == N_E) {
        st->sub = N_ESIGN;
        return 1;
    }
    return number_complete(n) ? 0 : -1;
}

/* The literal whose letters are pend[0..npend), or MH_JSONL_ABSENT. */
static mh_jsonl_type literal_type(const mh_jsonl_stream *st)
{
    if (st->npend == 4 && memcmp(st->pend, "true", 4) == 0)
        return MH_JSONL_TRUE;
    if (st->npend == 4 && memcmp(st->pend, "null", 4) == 0)
        return MH_JSONL_NULL;
    if (st->npend == 5 && memcmp(st->pend, "false", 5) == 0)
        return MH_JSONL_FALSE;
    return MH_JSONL_ABSENT;
}

/* A value starts with c at off (ST_VALUE, whitespace skipped). */
static void stream_value(mh_jsonl_stream *st, unsigned char c, size_t off)
{
    if (c == '{' || c == '[') {
        stream_open(st, c, off);
    } else if (c == '"') {
        stream_string_open(st, off, false);
    } else if (c == '-' || is_digit(c)) {
        st->tok = off;
        st->sub = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
        st->state = ST_NUMBER;
    } else if (is_alpha(c)) {
        st->tok = off;
        st->pend[0] = c;
        st->npend = 1;
        st->state = ST_LITERAL;
    } else {
        stream_fail(st, c == '+' || c == '.' ? MH_JSONL_BAD_NUMBER : MH_JSONL_EXPECTED_VALUE, off);
    }
}

/* One byte c at off in a structural state (not inside a string); returns
 * whether it was consumed (a number or word that c ends leaves c to the
 * next state). */
static bool stream_byte(mh_jsonl_stream *st, unsigned char c, size_t off)
{
    unsigned char close = st->in_object ? '}' : ']';
    switch (st->state) {
    case ST_LEAD:
        if (off == 0 && c == 0xEF) {
            st->state = ST_BOM1;
        } else if (!is_ws(c)) {
            st->out->value_start = off;
            st->active[1] = (1u << (st->spec->nfields + st->spec->has_annotation_key)) - 1;
            st->state = ST_VALUE;
            return false;
        }
        return true;
    case ST_BOM1:
    case ST_BOM2:
        if (c != (st->state == ST_BOM1 ? 0xBB : 0xBF))
            stream_fail(st, MH_JSONL_EXPECTED_VALUE, 0); /* 0xEF starts no value */
        else if (st->state == ST_BOM1)
            st->state = ST_BOM2;
        else if (!(st->spec->flags & MH_JSONL_SKIP_BOM))
            stream_fail(st, MH_JSONL_BOM, 0);
        else
            st->state = ST_LEAD;
        return true;
    case ST_VALUE:
        if (!is_ws(c))
            stream_value(st, c, off);
        return true;
    case ST_FIRST:
        if (is_ws(c))
            return true;
        if (c == close) {
            if (st->depth == 1)
                st->out->empty = true;
            stream_close(st, off);
            return true;
        }
        st->state = st->in_object ? ST_KEY : ST_VALUE;
        return false;
    case ST_KEY:
        if (c == '"')
            stream_string_open(st, off, true);
        else if (!is_ws(c))
            stream_fail(st, MH_JSONL_EXPECTED_KEY, off);
        return true;
    case ST_COLON:
        if (c == ':')
            st->state = ST_VALUE;
        else if (!is_ws(c))
            stream_fail(st, MH_JSONL_EXPECTED_COLON, off);
        return true;
    case ST_AFTER:
        if (is_ws(c))
            return true;
        if (st->depth == 0)
            stream_fail(st, MH_JSONL_TRAILING, off);
        else if (c == ',')
            st->state = st->in_object ? ST_KEY : ST_VALUE;
        else if (c == close)
            stream_close(st, off);
        else
            stream_fail(st, MH_JSONL_EXPECTED_COMMA, off);
        return true;
    case ST_NUMBER: {
        int r = number_step(st, c);
        if (r < 0)
            stream_fail(st, MH_JSONL_BAD_NUMBER, st->tok);
        else if (r == 0)
            stream_scalar(st, MH_JSONL_NUMBER, st->tok, off);
        return r != 0;
    }
    case ST_LITERAL:
        if (is_alpha(c)) {
            if (st->npend == 5) /* longer than any literal */
                stream_fail(st, MH_JSONL_BAD_TOKEN, st->tok);
            else
                st->pend[st->npend++] = c;
            return true;
        }
        if (literal_type(st) == MH_JSONL_ABSENT) {
            stream_fail(st, MH_JSONL_BAD_TOKEN, st->tok);
            return true;
        }
        stream_scalar(st, literal_type(st), st->tok, off);
        return false;
    case ST_UTF8: {
        st->pend[st->npend++] = c;
        size_t need = utf8_need(st->pend, st->npend);
        if (need == 0) {
            stream_fail(st, MH_JSONL_BAD_UTF8, st->esc);
        } else if (st->npend == need) {
            stream_text(st, st->pend, need, true);
            st->state = ST_STRING;
        }
        return true;
    }
    default: /* ST_ESC, ST_HEX, ST_LOW */ stream_escape(st, c); return true;
    }
}

mh_status mh_jsonl_stream_init(mh_jsonl_stream *st, const mh_jsonl_spec *spec, mh_jsonl_result *out)
{
    if (!st || !spec || !out)
        return MH_ERR_ARG;
    memset(st, 0, sizeof *st);
    st->spec = spec;
    st->out = out;
    st->state = ST_LEAD;
    result_reset(out, spec->nfields);
    return MH_OK;
}

mh_status mh_jsonl_stream_feed(mh_jsonl_stream *st, const char *chunk, size_t n)
{
    if (!st || !st->out || (!chunk && n) || st->state == ST_DONE)
        return MH_ERR_ARG;
    const unsigned char *s = (const unsigned char *)chunk;
    size_t base = st->off, p = 0;
    st->off += n;
    while (p < n && st->state != ST_ERROR) {
        if (st->state == ST_STRING)
            p = stream_string(st, s, p, n, base);
        else if (stream_byte(st, s[p], base + p))
            p++;
    }
    return st->state == ST_ERROR ? MH_ERR_INPUT : MH_OK;
}

mh_status mh_jsonl_stream_finish(mh_jsonl_stream *st)
{
    if (!st || !st->out)
        return MH_ERR_ARG;
    size_t len = st->off;
    mh_jsonl_type lit;
    switch (st->state) {
    case ST_ERROR: return MH_ERR_INPUT;
    case ST_DONE: return MH_OK;
    case ST_LEAD: return stream_fail(st, MH_JSONL_EMPTY, len);
    case ST_BOM1:
    case ST_BOM2: return stream_fail(st, MH_JSONL_EXPECTED_VALUE, 0);
    case ST_STRING:
    case ST_ESC: return stream_fail(st, MH_JSONL_UNTERMINATED, st->tok);
    case ST_UTF8: return stream_fail(st, MH_JSONL_BAD_UTF8, st->esc);
    case ST_HEX: return stream_fail(st, MH_JSONL_BAD_UNICODE, st->esc);
    case ST_LOW: return stream_fail(st, MH_JSONL_LONE_SURROGATE, st->esc);
    case ST_NUMBER:
        if (!number_complete(st->sub))
            return stream_fail(st, MH_JSONL_BAD_NUMBER, st->tok);
        stream_scalar(st, MH_JSONL_NUMBER, st->tok, len);
        break;
    case ST_LITERAL:
        lit = literal_type(st);
        if (lit == MH_JSONL_ABSENT)
            return stream_fail(st, MH_JSONL_BAD_TOKEN, st->tok);
        stream_scalar(st, lit, st->tok, len);
        break;
    default: break; /* ST_VALUE, ST_FIRST, ST_KEY, ST_COLON, ST_AFTER */
    }
    if (st->state != ST_AFTER || st->depth > 0)
        return stream_fail(st, MH_JSONL_TRUNCATED, len);
    if (st->out->top_type != MH_JSONL_OBJECT)
        return stream_fail(st, MH_JSONL_NOT_OBJECT, st->out->value_start);
    st->out->has_annotation_key =
        st->spec->has_annotation_key && st->out->annotation.type != MH_JSONL_ABSENT;
    st->state = ST_DONE;
    return MH_OK;
}

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
