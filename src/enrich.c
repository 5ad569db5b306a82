/* enrich.c — one JSON Lines record in, one line out: the record's bytes
 * copied through with the annotation spliced in before its final brace, or
 * an error record that keeps the bad line (docs/enrich.md).
 *
 * Records are read with the single-pass scanner of jsonl.c (no tree is
 * built); only the annotation is built with jansson. A line in memory is
 * scanned here (mh_enrich_record); an over-size one is scanned as a stream
 * by enrich_stream.c. Either way the completed scan goes to one back half,
 * mh_enrich_scanned: error record, document, annotation, splice. */
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "annotate.h"
#include "engine.h"
#include "enrich.h"
#include "jsondump.h"
#include "jsonl.h"
#include "projection.h"
#include "tsvrow.h"
#include "utf8.h"

#define DEFAULT_KEY    "masthead"
#define DEFAULT_ECHO   4096u
#define MAX_PROJECTION MH_ENRICH_MAX_PROJECTION
/* First size of the decode buffers; they grow up to the document cap. */
#define FIELD_BUF_START (64u * 1024u)

enum {
    F_TEXT = MH_F_TEXT,
    F_HTML = MH_F_HTML,
    F_URL = MH_F_URL,
    F_DATE = MH_F_DATE,
    F_ID = MH_F_ID,
    F_COUNT = MH_F_COUNT
};

/* Per-scratch state: the scan result and its decode buffers (indexed by
 * the spec's field slot). */
struct mh_enrich_state {
    mh_jsonl_result res;
    char *buf[F_COUNT];
    size_t size[F_COUNT];
    char *url; /* a NUL-terminated copy of the URL field */
    size_t url_size;
    mh_text ann;              /* --fields, TSV: the annotation's text */
    mh_jsonl_result proj_res; /* --fields: its scan */
    mh_tsvrow_state tsv;      /* TSV: its scans */
};

void mh_text_free(mh_text *t)
{
    if (!t)
        return;
    mh_free(t->data);
    t->data = NULL;
    t->len = t->cap = 0;
}

static mh_status text_adds(mh_text *t, const char *s)
{
    return mh_text_add(t, s, strlen(s));
}

void mh_enrich_state_free(mh_enrich_state *st)
{
    if (!st)
        return;
    for (int i = 0; i < F_COUNT; i++)
        mh_free(st->buf[i]);
    mh_free(st->url);
    mh_text_free(&st->ann);
    mh_tsvrow_state_free(&st->tsv);
    mh_free(st);
}

void mh_enricher_free(mh_enricher *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nprojection; i++)
        mh_free(e->projection[i]);
    mh_projection_free(e->proj);
    mh_json_free_text(e->key_json);
    mh_free(e);
}

mh_status mh_enricher_create(const mh_enrich_options *o, mh_enricher **out)
{
    *out = NULL;
    mh_enricher *e = mh_calloc(1, sizeof *e);
    if (!e)
        return MH_ERR_NOMEM;
    const char *paths[F_COUNT];
    size_t n = 0;
    const char *given[F_COUNT] = {o->text_field, o->html_field, o->url_field, o->date_field,
                                  o->id_field};
    for (int i = 0; i < F_COUNT; i++) {
        e->slot[i] = -1;
        if (given[i] && *given[i]) {
            e->slot[i] = (int)n;
            paths[n++] = given[i];
            snprintf(e->field_name[i], sizeof e->field_name[i], "%s", given[i]);
        }
    }
    snprintf(e->key, sizeof e->key, "%s", o->key && *o->key ? o->key : DEFAULT_KEY);
    mh_status st = mh_jsonl_spec_init(&e->spec, paths, n, e->key, 0, 0);
    if (st == MH_OK)
        st = mh_jsonl_spec_init(&e->spec_first, paths, n, e->key, 0, MH_JSONL_SKIP_BOM);
    unsigned long failures = mh_alloc_thread_failures();
    json_t *k = json_string(e->key);
    e->key_json = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
    if (mh_alloc_thread_failures() != failures)
        st = MH_ERR_NOMEM;
    json_decref(k);
    if (st == MH_OK && !e->key_json)
        st = MH_ERR_NOMEM;
    for (const char *p = o->fields; st == MH_OK && p && *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        if (l == 0 || e->nprojection == MAX_PROJECTION) {
            st = MH_ERR_ARG;
            break;
        }
        e->projection[e->nprojection] = mh_strndup(p, l);
        if (!e->projection[e->nprojection])
            st = MH_ERR_NOMEM;
        else
            e->nprojection++;
        p = comma ? comma + 1 : p + l;
    }
    if (st == MH_OK && e->nprojection && o->format != MH_OUT_TSV)
        st = mh_projection_create(e->projection, e->nprojection, &e->proj);
    /* what the chosen fields or the TSV row never read is not written: the
     * outlets, the citations... (a path's first key names the member it
     * reads) */
    size_t nread = 0;
    const char *const *read_paths = NULL;
    if (o->format == MH_OUT_TSV) {
        read_paths = mh_tsvrow_paths(&nread);
    } else if (e->proj) {
        read_paths = (const char *const *)e->projection;
        nread = e->nprojection;
    }
    e->skip = read_paths ? MH_ANN_OPTIONAL : 0;
    for (size_t i = 0; i < nread; i++)
        e->skip &= ~mh_annotation_member_bit(read_paths[i], strcspn(read_paths[i], "."));
    e->format = o->format;
    e->echo = o->max_echo_bytes ? o->max_echo_bytes : DEFAULT_ECHO;
    e->annotate = o->annotate;
    mh_limits lim;
    mh_limits_default(&lim);
    e->doc_cap =
        o->annotate.limits.max_doc_bytes ? o->annotate.limits.max_doc_bytes : lim.max_doc_bytes;
    if (st != MH_OK) {
        mh_enricher_free(e);
        return st;
    }
    *out = e;
    return MH_OK;
}

const char *mh_enricher_tsv_header(const mh_enricher *e)
{
    (void)e;
    return "line\tid\tpublisher_id\tpublisher_name\tpublisher_domain\tconfidence\tstate_media\t"
           "flagged\tflag_reasons\torigins\tpartial\terror\n";
}

/* The per-scratch state, created on first use. */
static mh_enrich_state *state_of(mh_scratch *sc)
{
    if (!sc->enrich) {
        sc->enrich = mh_calloc(1, sizeof *sc->enrich);
        if (sc->enrich)
            mh_jsonl_result_init(&sc->enrich->res);
    }
    return sc->enrich;
}

/* Decode a string field in full (up to cap bytes) when the first scan cut
 * it: grow the field's buffer and unescape from the raw bytes. */
static mh_status full_string(mh_enrich_state *es, int slot, const char *line, size_t cap)
{
    mh_jsonl_value *v = &es->res.field[slot];
    if (v->type != MH_JSONL_STRING || !v->truncated)
        return MH_OK;
    size_t want = v->full_len < cap ? v->full_len : cap;
    if (want + 1 > es->size[slot]) {
        char *p = mh_realloc(es->buf[slot], want + 1);
        if (!p)
            return MH_ERR_NOMEM;
        es->buf[slot] = p;
        es->size[slot] = want + 1;
    }
    size_t written = 0;
    mh_jsonl_unescape(line + v->start + 1, v->end - v->start - 2, es->buf[slot], want + 1,
                      &written);
    v->str = es->buf[slot];
    v->len = written;
    return MH_OK;
}

/* A field's value as a NUL-terminated string (copied into tmp), or NULL
 * when absent or not a string. */
/* A field as a C string: a string's decoded text, or (for record ids) a
 * number's own digits, read from the line's kept bytes. */
static const char *field_cstr(const mh_scanned *r, const mh_enricher *e, int f, char *tmp, size_t n)
{
    if (e->slot[f] < 0)
        return NULL;
    const mh_jsonl_value *v = &r->res->field[e->slot[f]];
    if (v->type == MH_JSONL_NUMBER && f == F_ID && v->end <= r->head_len && v->end > v->start &&
        v->end - v->start < n) {
        memcpy(tmp, r->head + v->start, v->end - v->start);
        tmp[v->end - v->start] = '\0';
        return tmp;
    }
    if (v->type != MH_JSONL_STRING || v->has_nul)
        return NULL;
    size_t l = v->len < n - 1 ? v->len : n - 1;
    memcpy(tmp, v->str, l);
    tmp[l] = '\0';
    return tmp;
}

static void hex_digest(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65])
{
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* {"<key>": {"error": {...}}} — the bad line kept (up to the echo cap):
 * its first bytes are r->head, its length r->full_len. */
static mh_status error_record(const mh_enricher *e, const mh_scanned *r, const mh_record_info *info,
                              const char *reason, mh_text *out, mh_record_outcome *oc)
{
    oc->error = true;
    snprintf(oc->reason, sizeof oc->reason, "%.*s", (int)sizeof oc->reason - 1, reason);
    if (e->format == MH_OUT_TSV) {
        char head[64];
        snprintf(head, sizeof head, "%llu\t\t\t\t\t\t\t\t\t\t\t",
                 (unsigned long long)(info ? info->line_no : 0));
        mh_status st = text_adds(out, head);
        for (const char *p = reason; st == MH_OK && *p; p++)
            st = mh_text_add(out, (*p == '\t' || *p == '\n') ? " " : p, 1);
        return st == MH_OK ? mh_text_add(out, "\n", 1) : st;
    }
    json_t *err = json_object();
    if (!err)
        return MH_ERR_NOMEM;
    const char *line = r->head;
    size_t len = r->head_len;
    uint64_t full = r->full_len > len ? r->full_len : len;
    json_object_set_new(err, "reason", json_string(reason));
    if (info) {
        json_object_set_new(err, "line", json_integer((json_int_t)info->line_no));
        json_object_set_new(err, "offset", json_integer((json_int_t)info->offset));
        if (info->source)
            json_object_set_new(err, "source", json_string(info->source));
    }
    json_object_set_new(err, "length", json_integer((json_int_t)full));
    uint8_t digest[SHA256_DIGEST_SIZE];
    if (r->sha256) {
        memcpy(digest, r->sha256, sizeof digest);
    } else {
        struct sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, len, (const uint8_t *)line);
        sha256_digest(&ctx, sizeof digest, digest);
    }
    char hash[65];
    hex_digest(digest, hash);
    json_object_set_new(err, "sha256", json_string(hash));
    if (r->cut_line)
        json_object_set_new(err, "sha256_of", json_string("the first bytes kept in memory"));
    size_t keep = len < e->echo ? len : e->echo;
    /* cut at a character boundary when the line is UTF-8 (a streamed
     * line's head holds a few bytes past the echo cap for this) */
    int utf8 =
        r->utf8 >= 0 ? r->utf8 : mh_utf8_find_invalid(line, len) == len && !memchr(line, 0, len);
    if (utf8)
        while (keep < len && keep > 0 && ((unsigned char)line[keep] & 0xC0) == 0x80)
            keep--;
    if (utf8) {
        json_object_set_new(err, "text", json_stringn(line, keep));
        json_object_set_new(err, "encoding", json_string("utf-8"));
    } else {
        size_t b64 = BASE64_ENCODE_RAW_LENGTH(keep);
        char *enc = mh_malloc(b64 + 1);
        if (enc) {
            base64_encode_raw(enc, keep, (const uint8_t *)line);
            json_object_set_new(err, "text", json_stringn(enc, b64));
            mh_free(enc);
        }
        json_object_set_new(err, "encoding", json_string("base64"));
    }
    json_object_set_new(err, "cut", json_boolean(keep < full));
    json_t *rec = json_object();
    json_t *inner = json_object();
    json_object_set_new(inner, "error", err);
    json_object_set_new(inner, "schema", json_string("masthead/annotation/" MH_SCHEMA_VERSION));
    json_object_set_new(rec, e->key, inner);
    mh_status st = mh_json_dump(rec, out);
    json_decref(rec);
    return st == MH_OK ? mh_text_add(out, "\n", 1) : st;
}

mh_status mh_annotation_tsv_row(const mh_enricher *e, const mh_record_info *info, const char *id,
                                json_t *a, mh_text *out)
{
    (void)e;
    mh_text text = {0};
    mh_tsvrow_state st = {0};
    /* anything but an object has no cells: the row of an empty one */
    mh_status rc = json_is_object(a) ? mh_json_dump(a, &text) : mh_text_add(&text, "{}", 2);
    if (rc == MH_OK)
        rc = mh_tsvrow_write(&st, info ? info->line_no : 0, id, text.data, text.len, out);
    mh_tsvrow_state_free(&st);
    mh_text_free(&text);
    return rc;
}

/* The record's bytes up to its closing brace (none when it was streamed or
 * is borrowed: the caller copies them), then `,"key":` — the head of the
 * annotation member, whose offset goes to *member. */
static mh_status record_head(mh_text *out, const mh_scanned *r, const mh_enricher *e, size_t cb,
                             bool empty, size_t *member)
{
    mh_status st = r->line && !r->borrowed ? mh_text_add(out, r->line, cb) : MH_OK;
    *member = out->len;
    if (st == MH_OK && !empty)
        st = mh_text_add(out, ",", 1);
    if (st == MH_OK)
        st = text_adds(out, e->key_json);
    if (st == MH_OK)
        st = mh_text_add(out, ":", 1);
    return st;
}

static mh_status enrich_scanned(mh_scratch *sc, const mh_enricher *e, const mh_scanned *r,
                                const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                                mh_splice *splice);

mh_status mh_enrich_scanned(mh_scratch *sc, const mh_enricher *e, const mh_scanned *r,
                            const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                            mh_splice *splice)
{
    /* jansson reports a failed allocation inside json_object_set_new and
       friends by doing nothing: any failure on the way means this line is
       not whole, so it is out-of-memory, with out unchanged */
    unsigned long failures = mh_alloc_thread_failures();
    size_t before = out->len;
    mh_status st = enrich_scanned(sc, e, r, info, out, oc, splice);
    if (st == MH_OK && mh_alloc_thread_failures() != failures) {
        out->len = before;
        memset(oc, 0, sizeof *oc);
        if (splice)
            memset(splice, 0, sizeof *splice);
        st = MH_ERR_NOMEM;
    }
    return st;
}

static mh_status enrich_scanned(mh_scratch *sc, const mh_enricher *e, const mh_scanned *r,
                                const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                                mh_splice *splice)
{
    memset(oc, 0, sizeof *oc);
    if (splice)
        memset(splice, 0, sizeof *splice);
    if ((!r->line || r->borrowed) && !splice)
        return MH_ERR_ARG;
    mh_enrich_state *es = state_of(sc);
    if (!es)
        return MH_ERR_NOMEM;
    size_t before = out->len;
    const mh_jsonl_result *res = r->res;
    mh_status st = MH_OK;
    if (!r->valid || res->has_annotation_key) {
        char reason[160];
        if (!r->valid)
            mh_jsonl_describe(res, r->spec, reason, sizeof reason);
        else
            snprintf(reason, sizeof reason,
                     "the record already has the key \"%.100s\": not overwritten", e->key);
        if (!r->valid && r->cut_line)
            snprintf(reason, sizeof reason, "record longer than the in-memory cap (%zu bytes)",
                     r->head_len);
        st = error_record(e, r, info, reason, out, oc);
        if (st != MH_OK)
            out->len = before;
        return st;
    }
    /* the document: the HTML field when present, else the text field; a
     * field decoded short of its full length is a cut document */
    mh_document doc;
    memset(&doc, 0, sizeof doc);
    const mh_jsonl_value *html = e->slot[F_HTML] >= 0 ? &res->field[e->slot[F_HTML]] : NULL;
    const mh_jsonl_value *text = e->slot[F_TEXT] >= 0 ? &res->field[e->slot[F_TEXT]] : NULL;
    const mh_jsonl_value *body = NULL;
    if (html && html->type == MH_JSONL_STRING) {
        body = html;
        doc.type = MH_DOC_HTML;
        doc.field = e->field_name[F_HTML];
    } else if (text && text->type == MH_JSONL_STRING) {
        body = text;
        doc.type = MH_DOC_TEXT;
        doc.field = e->field_name[F_TEXT];
    }
    if (body) {
        doc.valid_utf8 = !body->has_nul; /* the scanner validated the line's UTF-8 */
        doc.data = body->str;
        doc.len = body->len;
        doc.full_len = body->len < body->full_len ? body->full_len : 0;
    } else {
        doc.data = "";
        doc.len = 0;
        doc.type = MH_DOC_TEXT;
    }
    char date[64], id[256];
    if (e->slot[F_URL] >= 0) {
        /* the whole URL (up to 1 MiB): a long share link keeps its host */
        const mh_jsonl_value *u = &res->field[e->slot[F_URL]];
        size_t need = (u->type == MH_JSONL_STRING ? u->len : 0) + 1;
        if (need > (1u << 20))
            need = 1u << 20;
        if (need > es->url_size) {
            char *p = mh_realloc(es->url, need);
            if (!p)
                return MH_ERR_NOMEM;
            es->url = p;
            es->url_size = need;
        }
        doc.url = field_cstr(r, e, F_URL, es->url, es->url_size);
    }
    const char *d = field_cstr(r, e, F_DATE, date, sizeof date);
    char dbuf[11];
    if (d && strlen(d) >= 10 && d[4] == '-' && d[7] == '-') {
        snprintf(dbuf, sizeof dbuf, "%.10s", d);
        doc.date = dbuf;
    }
    const char *rec_id = field_cstr(r, e, F_ID, id, sizeof id);
    if (r->cut_line)
        doc.full_len = doc.full_len ? doc.full_len : (size_t)r->full_len;
    const char *id_shown = rec_id && e->slot[F_ID] >= 0 ? rec_id : NULL;
    /* splice: bytes up to the final brace, the member, the brace and the
     * rest — the record's bytes are the caller's when it was streamed */
    size_t cb = res->close_brace;
    size_t member = 0;
    st = record_head(out, r, e, cb, res->empty, &member);
    if (st == MH_OK && e->format != MH_OUT_TSV && !e->nprojection) {
        /* the whole annotation: written as text straight into the line */
        mh_annotation_info ai = {0};
        st = mh_annotate_text(sc, &doc, &e->annotate, e->annotate.generic_only, id_shown, 0, out,
                              &ai);
        if (st == MH_OK) {
            oc->flagged = ai.flagged;
            oc->publisher_known = ai.publisher_known;
            oc->partial = ai.partial;
        }
    } else if (st == MH_OK && (e->format == MH_OUT_TSV || e->proj)) {
        /* a TSV row or chosen fields: read from the annotation's text */
        mh_annotation_info ai = {0};
        es->ann.len = 0;
        st = mh_annotate_text(sc, &doc, &e->annotate, e->annotate.generic_only, id_shown, e->skip,
                              &es->ann, &ai);
        if (st == MH_OK) {
            oc->flagged = ai.flagged;
            oc->publisher_known = ai.publisher_known;
            oc->partial = ai.partial;
        }
        if (st == MH_OK && e->format == MH_OUT_TSV) {
            out->len = before;
            st = mh_tsvrow_write(&es->tsv, info ? info->line_no : 0, rec_id, es->ann.data,
                                 es->ann.len, out);
            if (st != MH_OK)
                out->len = before;
            return st;
        }
        if (st == MH_OK)
            st = mh_projection_write(e->proj, es->ann.data, es->ann.len, &es->proj_res, out);
    } else if (st == MH_OK) {
        /* chosen fields the text's plan does not take: from the tree */
        out->len = before;
        json_t *ann = NULL;
        st = mh_annotate(sc, &doc, &e->annotate, &ann);
        if (st != MH_OK)
            return st;
        if (id_shown)
            json_object_set_new(json_object_get(ann, "input"), "id", json_string(id_shown));
        oc->flagged = json_is_true(json_object_get(ann, "flagged"));
        oc->publisher_known = json_is_object(json_object_get(ann, "publisher"));
        oc->partial = json_is_object(json_object_get(ann, "partial"));
        json_t *emit = mh_projection_tree(e->projection, e->nprojection, ann);
        st = emit ? MH_OK : MH_ERR_NOMEM;
        if (st == MH_OK)
            st = record_head(out, r, e, cb, res->empty, &member);
        if (st == MH_OK)
            st = mh_json_dump(emit, out);
        json_decref(emit);
        json_decref(ann);
    }
    size_t member_end = out->len;
    if (st == MH_OK && r->line && !r->borrowed)
        st = mh_text_add(out, r->line + cb, r->head_len - cb);
    /* a trailing CR of a CRLF line stays; the newline is ours */
    if (st == MH_OK)
        st = mh_text_add(out, "\n", 1);
    if (st != MH_OK) {
        out->len = before;
        return st;
    }
    if (!r->line || r->borrowed) {
        splice->active = true;
        splice->at = cb;
        splice->start = member;
        splice->end = member_end;
    }
    return MH_OK;
}

/* A line in memory; with splice, its bytes are the caller's to write around
 * the member appended (mh_enrich_line_spliced). */
static mh_status enrich_line(mh_scratch *sc, const mh_enricher *e, const char *line, size_t len,
                             const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                             mh_splice *splice)
{
    memset(oc, 0, sizeof *oc);
    if (!sc || !e || !out || (!line && len))
        return MH_ERR_ARG;
    mh_enrich_state *es = state_of(sc);
    if (!es)
        return MH_ERR_NOMEM;
    for (int f = 0; f < F_COUNT; f++) {
        int s = e->slot[f];
        if (s < 0)
            continue;
        if (!es->buf[s]) {
            es->buf[s] = mh_malloc(FIELD_BUF_START);
            if (!es->buf[s])
                return MH_ERR_NOMEM;
            es->size[s] = FIELD_BUF_START;
        }
        es->res.field[s].buf = es->buf[s];
        es->res.field[s].size = es->size[s];
    }
    /* decode buffers of the document fields as large as the field can be
     * (a decoded string is never longer than its raw bytes): one pass */
    size_t want = (len < e->doc_cap ? len : e->doc_cap) + 1;
    for (int f = F_TEXT; f <= F_HTML; f++) {
        int s = e->slot[f];
        if (s < 0 || es->size[s] >= want)
            continue;
        char *p = mh_realloc(es->buf[s], want);
        if (!p)
            return MH_ERR_NOMEM;
        es->buf[s] = p;
        es->size[s] = want;
        es->res.field[s].buf = p;
        es->res.field[s].size = want;
    }
    const mh_jsonl_spec *spec = info && info->line_no == 1 ? &e->spec_first : &e->spec;
    if (!line)
        line = "";
    mh_status st = mh_jsonl_scan(line, len, spec, &es->res);
    if (st != MH_OK && st != MH_ERR_INPUT)
        return st;
    bool valid = st == MH_OK;
    /* a field the first pass cut for want of room is decoded again, whole
     * up to the document cap */
    if (valid && !es->res.has_annotation_key) {
        if (e->slot[F_TEXT] >= 0)
            st = full_string(es, e->slot[F_TEXT], line, e->doc_cap);
        if (st == MH_OK && e->slot[F_HTML] >= 0)
            st = full_string(es, e->slot[F_HTML], line, e->doc_cap);
        if (st != MH_OK)
            return st;
    }
    mh_scanned r = {
        .res = &es->res,
        .spec = spec,
        .valid = valid,
        .line = line,
        .full_len = info && info->full_len > len ? info->full_len : len,
        .head = line,
        .head_len = len,
        .sha256 = NULL,
        .utf8 = -1,
        .cut_line = info && info->full_len > len,
        .borrowed = splice != NULL,
    };
    return mh_enrich_scanned(sc, e, &r, info, out, oc, splice);
}

mh_status mh_enrich_record(mh_scratch *sc, const mh_enricher *e, const char *line, size_t len,
                           const mh_record_info *info, mh_text *out, mh_record_outcome *oc)
{
    return enrich_line(sc, e, line, len, info, out, oc, NULL);
}

mh_status mh_enrich_line_spliced(mh_scratch *sc, const mh_enricher *e, const char *line, size_t len,
                                 const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                                 mh_splice *splice)
{
    if (!splice) {
        memset(oc, 0, sizeof *oc);
        return MH_ERR_ARG;
    }
    return enrich_line(sc, e, line, len, info, out, oc, splice);
}
