/* jsonl_impl.h — private to jsonl.c and jsonl_stream.c: what the one-shot
 * scanner and the streaming one share.
 *
 * The byte table and the small helpers (whitespace and digit tests, UTF-8
 * checks, the string skipper, the decode sink, the nesting stack) are
 * `static inline` here rather than functions of jsonl.c, so each scanner
 * inlines them exactly as it did when both lived in one file: skip_plain and
 * utf8_len are the hot loop, and a call per chunk of string would cost more
 * than the split is worth. The two larger helpers both need, field matching
 * and resetting a result, are ordinary functions of jsonl.c with the
 * mh_jsonl_ prefix; they run once per key and once per line, not per byte. */
#ifndef MH_JSONL_IMPL_H
#define MH_JSONL_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "jsonl.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bits per stack word, and words for the deepest allowed nesting. */
#define STACK_BITS  MH_JSONL_STACK_BITS
#define STACK_WORDS (MH_JSONL_MAX_DEPTH / STACK_BITS)
/* Levels for which field masks are tracked (index = depth). */
#define TRACKED MH_JSONL_TRACKED

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

static inline bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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

static inline bool is_alpha(unsigned char c)
{
    c |= 0x20;
    return c >= 'a' && c <= 'z';
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

/* Encode cp as UTF-8 into out; returns its length. */
static inline size_t utf8_put(unsigned long cp, unsigned char *out)
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

/* cp's UTF-8 bytes in a word, first byte lowest; returns how many. */
static inline size_t utf8_word(unsigned long cp, uint32_t *word)
{
    if (cp < 0x80) {
        *word = (uint32_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        *word = (uint32_t)(0xC0 | (cp >> 6)) | (uint32_t)(0x80 | (cp & 0x3F)) << 8;
        return 2;
    }
    if (cp < 0x10000) {
        *word = (uint32_t)(0xE0 | (cp >> 12)) | (uint32_t)(0x80 | ((cp >> 6) & 0x3F)) << 8 |
                (uint32_t)(0x80 | (cp & 0x3F)) << 16;
        return 3;
    }
    *word = (uint32_t)(0xF0 | (cp >> 18)) | (uint32_t)(0x80 | ((cp >> 12) & 0x3F)) << 8 |
            (uint32_t)(0x80 | ((cp >> 6) & 0x3F)) << 16 | (uint32_t)(0x80 | (cp & 0x3F)) << 24;
    return 4;
}

/* Append the UTF-8 form of code point cp, or cut here. With room for any
 * character, one 4-byte store from a register: bytes written one by one
 * into an array and read back as a word stalled the store-to-load
 * forwarding (41% of the scanner's time on escaped Cyrillic text). */
static inline void sink_code_point(sink *k, unsigned long cp)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (!k->cut && k->room - k->w >= 4) {
        uint32_t word;
        size_t n = utf8_word(cp, &word);
        memcpy(k->buf + k->w, &word, 4);
        k->w += n;
        k->full += n;
        return;
    }
#endif
    unsigned char ch[4];
    size_t n = utf8_put(cp, ch);
    sink_char(k, ch, n);
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

static inline void set_bit(uint64_t *stack, unsigned i, bool on)
{
    uint64_t bit = 1ull << (i % STACK_BITS);
    if (on)
        stack[i / STACK_BITS] |= bit;
    else
        stack[i / STACK_BITS] &= ~bit;
}

static inline bool get_bit(const uint64_t *stack, unsigned i)
{
    return (stack[i / STACK_BITS] >> (i % STACK_BITS)) & 1u;
}

/* Clear the OUT members of one value, keeping the caller's buffer. */
static inline void value_reset(mh_jsonl_value *v)
{
    v->type = MH_JSONL_ABSENT;
    v->start = v->end = 0;
    v->str = NULL;
    v->len = v->full_len = 0;
    v->truncated = v->escaped = v->has_nul = v->decoded = false;
}

/* The mask of fields (bits) of spec's first nf paths, among `active`, whose
 * segment `level` equals the key raw[0..n) (escaped if `escaped`) and which
 * go on below it; *last gets those for which it was the last segment. */
uint32_t mh_jsonl_match_key(const mh_jsonl_spec *spec, size_t nf, uint32_t active, unsigned level,
                            const unsigned char *raw, size_t n, bool escaped, uint32_t *last);

/* Clear every OUT member of a result with nfields fields, keeping the
 * caller's buffers. */
void mh_jsonl_result_reset(mh_jsonl_result *out, size_t nfields);

#endif
