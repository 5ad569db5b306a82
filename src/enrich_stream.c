/* enrich_stream.c — an over-size JSON Lines record, scanned as a stream.
 *
 * A record longer than the caller can hold (a 200 MB line padded around a
 * state-media article) must still be annotated: DESIGN.md §6 says its text
 * is cut at the cap and annotated as partial, its URL and other fields
 * still used. The line's bytes go through the resumable scanner of jsonl.c
 * (mh_jsonl_stream: the same verdict as a one-shot scan, ~1 KB of state)
 * straight into fixed decode buffers: the document field up to the cap,
 * the other fields up to FIELD_BYTES. Beside it, for the error record an
 * invalid line becomes, the stream keeps what enrich.c would take from the
 * line in memory: its first bytes (the echo), a running SHA-256 and whether
 * the whole line is UTF-8 without NUL. Nothing else of the line is kept:
 * the caller keeps the record's bytes (cli_enrich.c spools them) and
 * copies them around the member mh_enrich_streamed appends (mh_splice).
 *
 * Memory per stream: the document buffer(s) (min(cap, document limit),
 * touched only as far as the text goes), FIELD_BYTES per other field, the
 * echo, and the scanner's fixed state — whatever the line's length. */
#include <nettle/sha2.h>
#include <string.h>

#include "alloc.h"
#include "enrich.h"
#include "jsonl.h"

/* Decode buffer of a field that is not the document (URL, date, id). */
#define FIELD_BYTES (64u * 1024u)
/* Bytes kept past the echo cap, so the echo can be cut at a character
 * boundary (error_record looks at the byte after the cut). */
#define ECHO_SLACK 4u

/* Incremental UTF-8 check: the whole line is valid UTF-8 without NUL. */
typedef struct utf8_track {
    unsigned need;        /* continuation bytes still expected */
    unsigned char lo, hi; /* range of the next continuation byte */
    bool bad;
} utf8_track;

struct mh_record_stream {
    const mh_enricher *e;      /* borrowed */
    const mh_jsonl_spec *spec; /* e's spec for this line */
    mh_jsonl_stream js;
    mh_jsonl_result res;
    mh_status scan; /* MH_OK while the line may be valid */
    bool finished;
    char *buf[MH_F_COUNT]; /* decode buffers, by spec slot */
    struct sha256_ctx sha;
    uint8_t digest[SHA256_DIGEST_SIZE];
    utf8_track u8;
    char *head; /* the line's first bytes (echo + slack) */
    size_t head_len, head_cap;
    uint64_t len; /* bytes fed */
};

static void utf8_track_feed(utf8_track *t, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && !t->bad) {
        unsigned char c = p[i];
        if (t->need) {
            if (c < t->lo || c > t->hi) {
                t->bad = true;
                break;
            }
            t->lo = 0x80;
            t->hi = 0xBF;
            t->need--;
            i++;
            continue;
        }
        if (c >= 0x01 && c < 0x80) {
            /* an ASCII run: eight bytes at a time while none is NUL or high */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if ((w & 0x8080808080808080ull) ||
                    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                    break;
                i += 8;
            }
            if (i < n && p[i] >= 0x01 && p[i] < 0x80)
                i++;
            continue;
        }
        if (c == 0 || c < 0xC2 || c > 0xF4) {
            t->bad = true;
            break;
        }
        t->lo = 0x80;
        t->hi = 0xBF;
        if (c < 0xE0) {
            t->need = 1;
        } else if (c < 0xF0) {
            t->need = 2;
            if (c == 0xE0)
                t->lo = 0xA0; /* no overlong forms */
            if (c == 0xED)
                t->hi = 0x9F; /* no surrogates */
        } else {
            t->need = 3;
            if (c == 0xF0)
                t->lo = 0x90;
            if (c == 0xF4)
                t->hi = 0x8F; /* nothing past U+10FFFF */
        }
        i++;
    }
}

void mh_record_stream_free(mh_record_stream *rs)
{
    if (!rs)
        return;
    for (int i = 0; i < MH_F_COUNT; i++)
        mh_free(rs->buf[i]);
    mh_free(rs->head);
    mh_free(rs);
}

mh_status mh_record_stream_create(const mh_enricher *e, size_t cap, bool first_line,
                                  mh_record_stream **out)
{
    if (!out)
        return MH_ERR_ARG;
    *out = NULL;
    if (!e || cap == 0)
        return MH_ERR_ARG;
    mh_record_stream *rs = mh_calloc(1, sizeof *rs);
    if (!rs)
        return MH_ERR_NOMEM;
    rs->e = e;
    rs->spec = first_line ? &e->spec_first : &e->spec;
    mh_jsonl_result_init(&rs->res);
    size_t doc = cap < e->doc_cap ? cap : e->doc_cap;
    mh_status st = MH_OK;
    for (int f = 0; f < MH_F_COUNT && st == MH_OK; f++) {
        int s = e->slot[f];
        if (s < 0)
            continue;
        /* the document's buffer is large but touched only as far as the
         * text goes; the others are small */
        size_t size = f == MH_F_TEXT || f == MH_F_HTML ? doc + 1 : FIELD_BYTES;
        rs->buf[s] = mh_malloc(size);
        if (!rs->buf[s])
            st = MH_ERR_NOMEM;
        rs->res.field[s].buf = rs->buf[s];
        rs->res.field[s].size = size;
        rs->res.field[s].copy = true;
    }
    rs->head_cap = e->echo + ECHO_SLACK;
    rs->head = st == MH_OK ? mh_malloc(rs->head_cap) : NULL;
    if (st == MH_OK && !rs->head)
        st = MH_ERR_NOMEM;
    if (st == MH_OK)
        st = mh_jsonl_stream_init(&rs->js, rs->spec, &rs->res);
    if (st != MH_OK) {
        mh_record_stream_free(rs);
        return st;
    }
    sha256_init(&rs->sha);
    *out = rs;
    return MH_OK;
}

mh_status mh_record_stream_feed(mh_record_stream *rs, const char *chunk, size_t n)
{
    if (!rs || (!chunk && n) || rs->finished)
        return MH_ERR_ARG;
    if (n == 0)
        return MH_OK;
    if (rs->head_len < rs->head_cap) {
        size_t k = rs->head_cap - rs->head_len < n ? rs->head_cap - rs->head_len : n;
        memcpy(rs->head + rs->head_len, chunk, k);
        rs->head_len += k;
    }
    sha256_update(&rs->sha, n, (const uint8_t *)chunk);
    utf8_track_feed(&rs->u8, (const unsigned char *)chunk, n);
    rs->len += n;
    /* once the line cannot be valid the scanner ignores the rest anyway */
    if (rs->scan == MH_OK) {
        mh_status st = mh_jsonl_stream_feed(&rs->js, chunk, n);
        if (st == MH_ERR_INPUT)
            rs->scan = st;
        else if (st != MH_OK)
            return st;
    }
    return MH_OK;
}

mh_status mh_record_stream_finish(mh_record_stream *rs)
{
    if (!rs)
        return MH_ERR_ARG;
    if (rs->finished)
        return MH_OK;
    mh_status st = mh_jsonl_stream_finish(&rs->js);
    if (st != MH_OK && st != MH_ERR_INPUT)
        return st;
    rs->scan = st;
    sha256_digest(&rs->sha, sizeof rs->digest, rs->digest);
    if (rs->u8.need)
        rs->u8.bad = true; /* the line ends inside a character */
    rs->finished = true;
    return MH_OK;
}

mh_status mh_enrich_streamed(mh_scratch *sc, const mh_enricher *e, const mh_record_stream *rs,
                             const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                             mh_splice *splice)
{
    if (oc)
        memset(oc, 0, sizeof *oc);
    if (splice)
        memset(splice, 0, sizeof *splice);
    if (!sc || !e || !rs || !out || !oc || !splice || !rs->finished || rs->e != e)
        return MH_ERR_ARG;
    mh_scanned r = {
        .res = &rs->res,
        .spec = rs->spec,
        .valid = rs->scan == MH_OK,
        .line = NULL,
        .full_len = rs->len,
        .head = rs->head,
        .head_len = rs->head_len,
        .sha256 = rs->digest,
        .utf8 = !rs->u8.bad,
        .cut_line = false,
    };
    return mh_enrich_scanned(sc, e, &r, info, out, oc, splice);
}
