/* engine.c — open the engine and run the pipeline on one document:
 * input -> document (text or HTML) -> markers -> date -> candidates ->
 * roles -> annotation. The only file that knows the pipeline's order. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "charset.h"
#include "annotate.h"
#include "date.h"
#include "engine.h"
#include "citeindex.h"
#include "fragcache.h"
#include "hostmemo.h"
#include "keyfilter.h"
#include "namememo.h"
#include "limits.h"
#include "html.h"
#include "record.h"
#include "role.h"
#include "traitstore.h"
#include "utf8.h"

/* What a failed SQLite call means: no memory, or a broken database. */
static mh_status step_failure(int rc)
{
    return rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
}

/* The memo of entities' traits (engine.h): one byte per id, none read yet. */
static mh_status traits_memo(mh_sourcedb *db, mh_engine *e)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(mh_sourcedb_handle(db), "SELECT max(id) FROM entity", -1, &q, NULL) !=
        SQLITE_OK)
        return MH_ERR_DB;
    int rc = sqlite3_step(q);
    long long max = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return step_failure(rc);
    if (max < 0 || max >= (1ll << 28))
        return MH_OK; /* no entity, or ids too sparse to index: asked each time */
    e->traits = mh_calloc((size_t)max + 1, 1);
    e->checked = mh_calloc((size_t)max + 1, 1);
    if (!e->traits || !e->checked)
        return MH_ERR_NOMEM;
    e->ntraits = (size_t)max + 1;
    /* all at once from the stored blob, when the database has one */
    (void)mh_traits_load(mh_sourcedb_handle(db), e->traits, e->ntraits);
    return MH_OK;
}

static unsigned traits_from_db(mh_scratch *sc, long long entity)
{
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    unsigned t = 0;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        t = mh_traits_of_row(sqlite3_column_int(q, 2), (const char *)sqlite3_column_text(q, 3));
    } else if (rc == SQLITE_DONE) {
        t = MH_TRAIT_READ; /* no such entity */
    }                      /* else a failed read: 0, not remembered */
    sqlite3_reset(q);
    return t;
}

unsigned mh_entity_traits(mh_scratch *sc, long long entity)
{
    const mh_engine *e = sc->eng;
    if (!e || !e->traits || entity < 0 || (size_t)entity >= e->ntraits)
        return traits_from_db(sc, entity);
    unsigned t = __atomic_load_n(&e->traits[entity], __ATOMIC_RELAXED);
    if (!t) {
        t = traits_from_db(sc, entity);
        if (t)
            __atomic_store_n(&e->traits[entity], (unsigned char)t, __ATOMIC_RELAXED);
    }
    return t;
}

/* Load the legal forms the database was folded with. */
static mh_status load_folder(mh_sourcedb *db, mh_folder **out)
{
    mh_status st = mh_folder_create(out);
    if (st != MH_OK)
        return st;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(mh_sourcedb_handle(db),
                           "SELECT form, position FROM legal_form ORDER BY rowid", -1, &q,
                           NULL) != SQLITE_OK)
        return MH_ERR_DB;
    int rc;
    while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        st = mh_folder_add_form(*out, (const char *)sqlite3_column_text(q, 0),
                                (const char *)sqlite3_column_text(q, 1));
        if (st == MH_ERR_ARG)
            st = MH_OK;
    }
    if (st == MH_OK && rc != SQLITE_DONE)
        st = step_failure(rc);
    sqlite3_finalize(q);
    if (st == MH_OK && sqlite3_prepare_v2(mh_sourcedb_handle(db), "SELECT word FROM generic_word",
                                          -1, &q, NULL) == SQLITE_OK) {
        while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
            st = mh_folder_add_generic(*out, (const char *)sqlite3_column_text(q, 0));
        if (st == MH_OK && rc != SQLITE_DONE)
            st = step_failure(rc);
        sqlite3_finalize(q);
    }
    return st;
}

/* How many rules name a fixed outlet the database lacks (a database of
 * one's own need not hold every outlet a signature rule names), each told
 * to diag. */
static size_t check_rule_outlets(const mh_ruleset *rs, mh_sourcedb *db, mh_diag_fn diag, void *ud,
                                 mh_status *failure)
{
    size_t bad = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const mh_rule *r = &rs->rules[i];
        if (!r->outlet)
            continue;
        sqlite3_stmt *q = mh_sourcedb_stmt(db, Q_ENTITY_BY_KEY);
        sqlite3_bind_text(q, 1, r->outlet, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            sqlite3_reset(q);
            *failure = step_failure(rc);
            return bad;
        }
        if (rc != SQLITE_ROW) {
            bad++;
            if (diag) {
                char msg[256];
                snprintf(msg, sizeof msg,
                         "rule '%s': outlet '%s' is not in the database; the rule finds "
                         "nothing with it",
                         r->id, r->outlet);
                diag(ud, r->file, r->line, 1, msg);
            }
        }
        sqlite3_reset(q);
    }
    return bad;
}

mh_status mh_engine_open(const mh_engine_options *o, mh_engine **out)
{
    if (!out)
        return MH_ERR_ARG;
    *out = NULL;
    if (!o || !o->db_path || !o->rules_dir)
        return MH_ERR_ARG;
    unsigned long failures_before = mh_alloc_thread_failures();
    mh_engine *e = mh_calloc(1, sizeof *e);
    if (!e)
        return MH_ERR_NOMEM;
    mh_sourcedb *db = NULL;
    char err[512] = "";
    mh_status st = mh_sourcedb_open(o->db_path, &db, err, sizeof err);
    if (st != MH_OK && o->diag && err[0])
        o->diag(
            o->diag_userdata, o->db_path, 0, 0,
            err + (strncmp(err, o->db_path, strlen(o->db_path)) == 0 ? strlen(o->db_path) + 2 : 0));
    if (st == MH_OK) {
        e->db_path = mh_strdup(o->db_path);
        e->db_version = mh_sourcedb_meta(db, "data_version");
        e->db_built = mh_sourcedb_meta(db, "built");
        if (!e->db_path)
            st = MH_ERR_NOMEM;
    }
    if (st == MH_OK)
        st = load_folder(db, &e->folder);
    if (st == MH_OK)
        st = traits_memo(db, e);
    if (st == MH_OK)
        st = mh_ruleset_load(o->rules_dir, o->diag, o->diag_userdata, &e->rules);
    if (st == MH_OK && !(e->null_record = mh_frag_from_text("null", 4)))
        st = MH_ERR_NOMEM;
    mh_frag_set_uncounted(e->null_record);
    if (st == MH_OK)
        st = mh_fragcache_create(MH_FRAGCACHE_ENTRIES, &e->frags);
    if (st == MH_OK)
        st = mh_fragcache_create(MH_BUILTCACHE_ENTRIES, &e->built);
    if (st == MH_OK)
        st = mh_name_memo_create(&e->name_memo);
    if (st == MH_OK)
        st = mh_host_memo_create(&e->host_memo);
    if (st == MH_OK)
        st = mh_cite_index_load(mh_sourcedb_handle(db), &e->cites);
    if (st == MH_OK) {
        e->norm_filter = mh_keyfilter_load(mh_sourcedb_handle(db), MH_KEYS_ALIAS_NORM);
        e->host_filter = mh_keyfilter_load(mh_sourcedb_handle(db), MH_KEYS_DOMAIN_HOST);
    }
    if (st == MH_OK)
        e->rules_missing_outlet = check_rule_outlets(e->rules, db, o->diag, o->diag_userdata, &st);
    mh_sourcedb_close(db);
    /* A failure some library swallowed (a version string left NULL, a
       query cut short) still means the engine is not whole, and one that
       surfaced as a failed query or rule is not the data's fault. */
    if (mh_alloc_thread_failures() != failures_before)
        st = MH_ERR_NOMEM;
    if (st != MH_OK) {
        mh_engine_close(e);
        return st;
    }
    *out = e;
    return MH_OK;
}

void mh_engine_clear_caches(const mh_engine *e)
{
    mh_fragcache_clear(e->frags);
    mh_fragcache_clear(e->built);
    for (size_t i = 0; i < e->ntraits; i++)
        __atomic_store_n(&e->traits[i], 0, __ATOMIC_RELAXED);
    mh_name_memo_clear(e->name_memo);
    mh_host_memo_clear(e->host_memo);
}

void mh_engine_close(mh_engine *e)
{
    if (!e)
        return;
    mh_ruleset_free(e->rules);
    mh_fragcache_free(e->frags);
    mh_fragcache_free(e->built);
    mh_name_memo_free(e->name_memo);
    mh_host_memo_free(e->host_memo);
    mh_cite_index_free(e->cites);
    mh_keyfilter_free(e->norm_filter);
    mh_keyfilter_free(e->host_filter);
    mh_free(e->traits);
    mh_free(e->checked);
    mh_frag_free(e->null_record);
    mh_folder_free(e->folder);
    mh_free(e->db_path);
    mh_free(e->db_version);
    mh_free(e->db_built);
    mh_free(e);
}

const char *mh_engine_rules_version(const mh_engine *e)
{
    return e->rules->version;
}

const char *mh_engine_db_version(const mh_engine *e)
{
    return e->db_version ? e->db_version : "";
}

const char *mh_engine_db_built(const mh_engine *e)
{
    return e->db_built ? e->db_built : "";
}

size_t mh_engine_rule_count(const mh_engine *e)
{
    return e->rules->n;
}

mh_status mh_scratch_create(const mh_engine *e, mh_scratch **out)
{
    if (!out)
        return MH_ERR_ARG;
    *out = NULL;
    if (!e)
        return MH_ERR_ARG;
    mh_scratch *s = mh_calloc(1, sizeof *s);
    if (!s)
        return MH_ERR_NOMEM;
    s->eng = e;
    mh_doc_init(&s->doc);
    char err[512];
    mh_status st = mh_sourcedb_open(e->db_path, &s->db, err, sizeof err);
    if (st == MH_OK)
        st = mh_scanner_create(e->rules, &s->scanner);
    s->frags = e->frags;
    s->built = e->built;
    s->name_memo = e->name_memo;
    s->host_memo = e->host_memo;
    if (st != MH_OK) {
        mh_scratch_free(s);
        return st;
    }
    *out = s;
    return MH_OK;
}

void mh_scratch_free(mh_scratch *s)
{
    if (!s)
        return;
    mh_sourcedb_close(s->db);
    mh_scanner_free(s->scanner);
    mh_doc_free(&s->doc);
    mh_free(s->cands);
    mh_free(s->given_url);
    mh_enrich_state_free(s->enrich);
    mh_text_free(&s->ann_text);
    mh_free(s);
}

/* Decode a document in another charset (charset.h) into buf with map back
 * to its bytes; MH_ERR_INPUT when iconv does not know the charset. */
static mh_status decode_charset(mh_doc *d, const mh_charset *cs, const char *data, size_t len,
                                mh_buf *buf, mh_offmap *map)
{
    mh_status st = mh_charset_decode(cs, data, len, buf, map, &d->repairs);
    if (st == MH_OK) {
        snprintf(d->encoding, sizeof d->encoding, "%s", cs->name);
        d->encoding_source = cs->source == MH_CS_BOM ? "bom" : "meta";
    } else {
        mh_buf_reset(buf);
        mh_offmap_reset(map);
        d->repairs = 0;
    }
    return st;
}

/* Build d's text from the input: the input itself when it is valid UTF-8
 * without NUL bytes, else a decoded (charset) or repaired copy with its
 * offset map. */
static mh_status prepare_text(mh_doc *d, const char *data, size_t len, int trusted,
                              const mh_charset *cs)
{
    if (cs->source != MH_CS_NONE) {
        mh_status st = decode_charset(d, cs, data, len, &d->textbuf, &d->map);
        if (st != MH_ERR_INPUT) {
            d->text = d->textbuf.data ? d->textbuf.data : "";
            d->text_len = d->textbuf.len;
            d->identity = 0;
            return st;
        }
    }
    if (trusted || (mh_utf8_find_invalid(data, len) == len && !memchr(data, '\0', len))) {
        d->text = data;
        d->text_len = len;
        d->identity = 1;
        return MH_OK;
    }
    mh_status st = mh_utf8_repair(data, len, 0, &d->textbuf, &d->map, &d->repairs);
    if (st != MH_OK)
        return st;
    d->text = d->textbuf.data ? d->textbuf.data : "";
    d->text_len = d->textbuf.len;
    d->identity = 0;
    return MH_OK;
}

static mh_status prepare_html(mh_scratch *sc, const char *data, size_t len, const mh_limits *lim,
                              int generic_only, int trusted, const mh_charset *cs)
{
    mh_doc *d = &sc->doc;
    if (cs->source == MH_CS_NONE &&
        (trusted || (mh_utf8_find_invalid(data, len) == len && !memchr(data, '\0', len))))
        return mh_html_parse(d, data, len, NULL, sc->eng->rules, lim, generic_only);
    /* parse a decoded or repaired copy; its map takes offsets back to the input */
    mh_buf src;
    mh_offmap srcmap;
    mh_buf_init(&src, 0);
    mh_offmap_init(&srcmap);
    mh_status st =
        cs->source != MH_CS_NONE ? decode_charset(d, cs, data, len, &src, &srcmap) : MH_ERR_INPUT;
    if (st == MH_ERR_INPUT)
        st = mh_utf8_repair(data, len, 0, &src, &srcmap, &d->repairs);
    if (st == MH_OK)
        st = mh_html_parse(d, src.data ? src.data : "", src.len, &srcmap, sc->eng->rules, lim,
                           generic_only);
    /* the repaired source must outlive nothing: items and text are copies */
    mh_buf_free(&src);
    mh_offmap_free(&srcmap);
    return st;
}

/* Whether a document behind a UTF-16/32 byte order mark is HTML: sniff its
 * first characters decoded. */
static int bom_html(const mh_charset *cs, const char *data, size_t len)
{
    mh_buf head;
    mh_offmap map;
    mh_buf_init(&head, 0);
    mh_offmap_init(&map);
    size_t replaced = 0;
    int html =
        mh_charset_decode(cs, data, len < 4096 ? len : 4096, &head, &map, &replaced) == MH_OK &&
        mh_html_sniff(head.data ? head.data : "", head.len);
    mh_buf_free(&head);
    mh_offmap_free(&map);
    return html;
}

/* The date the annotation is as of, and where it came from. */
static void decide_date(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                        char date[11], const char **source)
{
    char parsed[11];
    if (doc->date && mh_date_parse(doc->date, strlen(doc->date), parsed)) {
        memcpy(date, parsed, 11);
        *source = "option";
        return;
    }
    /* document metadata first (HTML), then an archive URL, then the text */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sc->doc.nmarkers; i++) {
            const mh_marker *m = &sc->doc.markers[i];
            const mh_rule *r = &sc->eng->rules->rules[m->rule];
            if (r->kind != MK_DATE || m->cap[CAP_DATE].start == MH_NOCAP)
                continue;
            if ((pass == 0) != (m->source == MS_HTML))
                continue;
            if (mh_date_parse(m->subject + m->cap[CAP_DATE].start,
                              m->cap[CAP_DATE].end - m->cap[CAP_DATE].start, parsed)) {
                memcpy(date, parsed, 11);
                *source = "document";
                return;
            }
        }
        if (pass == 0 && sc->url_date[0]) {
            memcpy(date, sc->url_date, 11);
            *source = "archive_url";
            return;
        }
    }
    mh_date_or_today(o ? o->today : NULL, date);
    *source = "today";
}

/* The URL given apart from the text, unwrapped, as a marker of its own. */
static mh_status set_given_url(mh_scratch *sc, const char *url)
{
    mh_free(sc->given_url);
    sc->given_url = NULL;
    sc->url_date[0] = '\0';
    if (!url || !*url)
        return MH_OK;
    sc->given_url = mh_strdup(url);
    if (!sc->given_url)
        return MH_ERR_NOMEM;
    char inner[2048];
    mh_unwrap_url(sc, url, strlen(url), inner, sizeof inner, sc->url_date);
    memset(&sc->given, 0, sizeof sc->given);
    sc->given.rule = (unsigned)-1;
    sc->given.source = MS_URL;
    sc->given.subject = sc->given_url;
    sc->given.span.start = 0;
    sc->given.span.end = strlen(url);
    for (int c = 0; c < CAP_COUNT; c++)
        sc->given.cap[c].start = sc->given.cap[c].end = MH_NOCAP;
    sc->given.cap[CAP_URL].start = 0;
    sc->given.cap[CAP_URL].end = strlen(url);
    return MH_OK;
}

/* Annotate doc into out as compact JSON text (the body of mh_annotate and
 * mh_annotate_text). */
static mh_status annotate_into(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                               int generic_only, const char *record_id, unsigned skip, mh_text *out,
                               mh_annotation_info *info)
{
    if (!sc || !doc || !out || (!doc->data && doc->len))
        return MH_ERR_ARG;
    mh_limits lim;
    mh_limits_default(&lim);
    if (o)
        mh_scanner_set_limits(sc->scanner, &o->limits, generic_only);
    else
        mh_scanner_set_limits(sc->scanner, NULL, generic_only);
    if (o && o->limits.max_doc_bytes)
        lim.max_doc_bytes = o->limits.max_doc_bytes;
    if (o && o->limits.max_html_depth)
        lim.max_html_depth = o->limits.max_html_depth;
    mh_doc *d = &sc->doc;
    mh_doc_clear(d);
    const char *data = doc->data ? doc->data : "";
    size_t len = doc->len;
    d->input = data;
    d->input_len = len;
    int cut = 0;
    if (len > lim.max_doc_bytes) {
        len = lim.max_doc_bytes;
        cut = 1;
    }
    /* a cut document may end inside a character: check it whatever the caller says */
    int trusted = doc->valid_utf8 && !cut;
    /* a UTF-16/32 byte order mark, or a page declaring another charset */
    mh_charset cs;
    memset(&cs, 0, sizeof cs);
    if (!trusted)
        cs = mh_charset_sniff(data, len, doc->type != MH_DOC_TEXT);
    d->is_html = doc->type == MH_DOC_HTML ||
                 (doc->type == MH_DOC_AUTO &&
                  (cs.source == MH_CS_BOM ? bom_html(&cs, data, len) : mh_html_sniff(data, len)));
    mh_status st = d->is_html ? prepare_html(sc, data, len, &lim, generic_only, trusted, &cs)
                              : prepare_text(d, data, len, trusted, &cs);
    if (cut)
        mh_doc_set_limit(d, "document-size", NULL);
    if (st == MH_OK)
        st = mh_scan_text(sc->scanner, d);
    if (st == MH_OK)
        st = mh_scan_items(sc->scanner, d);
    if (st == MH_OK)
        mh_scan_resolve_overlaps(sc->eng->rules, d);
    if (st == MH_OK)
        st = set_given_url(sc, doc->url);
    char date[11];
    const char *date_source = "today";
    if (st == MH_OK) {
        decide_date(sc, doc, o, date, &date_source);
        st = mh_resolve(sc, date);
    }
    mh_verdict v;
    mh_verdict_init(&v);
    if (st == MH_OK)
        st = mh_decide_roles(sc, &v, date);
    if (st == MH_OK) {
        mh_annotate_ctx ctx = {date,
                               date_source,
                               doc->field,
                               o && o->policy ? o->policy : mh_policy_default(),
                               doc->full_len > doc->len ? doc->full_len : 0,
                               record_id,
                               skip};
        st = mh_annotation_build(sc, &v, &ctx, out, info);
    }
    mh_verdict_free(&v);
    return st;
}

mh_status mh_annotate_text(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                           int generic_only, const char *record_id, unsigned skip, mh_text *out,
                           mh_annotation_info *info)
{
    unsigned long failures = mh_alloc_thread_failures();
    size_t before = out ? out->len : 0;
    mh_status st = annotate_into(sc, doc, o, generic_only, record_id, skip, out, info);
    if (mh_alloc_thread_failures() != failures) {
        /* an allocation failed where a library swallowed it: the annotation
         * may miss parts, so it is not returned, and the caches built in
         * this call may be incomplete too */
        out->len = before;
        st = MH_ERR_NOMEM;
        mh_engine_clear_caches(sc->eng);
    }
    return st;
}

mh_status mh_annotate_ex(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                         int generic_only, json_t **out)
{
    if (!out)
        return MH_ERR_ARG;
    *out = NULL;
    if (!sc)
        return MH_ERR_ARG;
    mh_annotation_info info;
    sc->ann_text.len = 0;
    unsigned long failures = mh_alloc_thread_failures();
    mh_status st = mh_annotate_text(sc, doc, o, generic_only, NULL, 0, &sc->ann_text, &info);
    if (st == MH_OK) {
        /* the text is masthead's own: read back, it is the same values.
           jansson 2.14 writes past a buffer when an allocation fails inside
           json_loadb (docs/library-failures.md): out-of-memory tests leave
           it be, a real failure there is jansson's */
        mh_alloc_shield(1);
        *out = json_loadb(sc->ann_text.data, sc->ann_text.len, JSON_ALLOW_NUL, NULL);
        mh_alloc_shield(0);
        if (!*out || mh_alloc_thread_failures() != failures) {
            json_decref(*out);
            *out = NULL;
            st = MH_ERR_NOMEM;
        }
    }
    return st;
}

mh_status mh_annotate_json(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                           mh_text *out, mh_record_outcome *oc)
{
    if (oc)
        memset(oc, 0, sizeof *oc);
    if (!sc || !doc || !out)
        return MH_ERR_ARG;
    size_t before = out->len;
    mh_annotation_info info = {0};
    mh_status st = mh_annotate_text(sc, doc, o, o && o->generic_only, NULL, 0, out, &info);
    if (st != MH_OK) {
        out->len = before;
        return st;
    }
    if (oc) {
        oc->flagged = info.flagged;
        oc->publisher_known = info.publisher_known;
        oc->partial = info.partial;
    }
    return MH_OK;
}

mh_status mh_annotate(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                      json_t **out)
{
    return mh_annotate_ex(sc, doc, o, o && o->generic_only, out);
}
