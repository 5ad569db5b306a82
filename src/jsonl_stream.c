/* jsonl_stream.c — the JSON Lines record scanner of jsonl.c, fed in chunks.
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
#include <stdint.h>
#include <string.h>

#include "jsonl.h"
#include "jsonl_impl.h"

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
            st->to_enter = mh_jsonl_match_key(
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
    mh_jsonl_result_reset(out, spec->nfields);
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
