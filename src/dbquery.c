/* dbquery.c — `masthead db` queries over the compiled database: stats,
 * lookup (a domain, URL or name to its full records), search, export. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "domain.h"
#include "engine.h"
#include "jsondump.h"
#include "record.h"
#include "recordstore.h"
#include "resolve.h"
#include "keyfilter.h"
#include "traitstore.h"

static json_int_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    json_int_t n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static const struct {
    const char *key;
    const char *sql;
} stats_queries[] = {
    {"entities", "SELECT count(*) FROM entity"},
    {"outlets", "SELECT count(*) FROM entity WHERE is_outlet = 1"},
    {"outlets_named_by_domain",
     "SELECT count(*) FROM entity WHERE is_outlet = 1 AND named_by = 'domain'"},
    {"organizations", "SELECT count(*) FROM entity WHERE is_outlet = 0"},
    {"domain_rows", "SELECT count(*) FROM domain"},
    {"domains_resolving_to_outlet",
     "SELECT count(DISTINCT host || path) FROM domain d JOIN entity e ON e.id = d.entity "
     "WHERE e.is_outlet = 1"},
    {"aliases", "SELECT count(*) FROM alias"},
    {"ownership_edges", "SELECT count(*) FROM ownership"},
    {"state_media_classifications", "SELECT count(*) FROM state_media"},
    {"state_media_outlets", "SELECT count(DISTINCT entity) FROM state_media"},
    {"state_media_countries",
     "SELECT count(DISTINCT country) FROM state_media WHERE country IS NOT NULL"},
    {"ratings", "SELECT count(*) FROM rating"},
    {"raters", "SELECT count(DISTINCT rater) FROM rating"},
    {"citations", "SELECT count(*) FROM citation"},
    {"citations_unverified", "SELECT count(*) FROM citation WHERE kind = 'unverified'"},
    {"fact_rows", "SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM domain) + "
                  "(SELECT count(*) FROM alias) + (SELECT count(*) FROM ownership) + "
                  "(SELECT count(*) FROM state_media) + (SELECT count(*) FROM rating)"},
    {"fact_rows_without_citation", "SELECT (SELECT count(*) FROM entity WHERE cite IS NULL) + "
                                   "(SELECT count(*) FROM domain WHERE cite IS NULL) + "
                                   "(SELECT count(*) FROM alias WHERE cite IS NULL) + (SELECT "
                                   "count(*) FROM ownership WHERE cite IS NULL) + "
                                   "(SELECT count(*) FROM state_media WHERE cite IS NULL) + "
                                   "(SELECT count(*) FROM rating WHERE cite IS NULL)"},
};

/* Outlets whose owner chain (today) reaches an ultimate owner two levels up
 * or more. */
static json_int_t deep_chains(mh_scratch *sc)
{
    char date[11];
    mh_date_or_today(NULL, date);
    sqlite3_stmt *q = NULL;
    json_int_t n = 0;
    if (sqlite3_prepare_v2(
            mh_sourcedb_handle(sc->db),
            "SELECT DISTINCT o.owned FROM ownership o JOIN entity e ON e.id = o.owned "
            "WHERE e.is_outlet = 1",
            -1, &q, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *ult = NULL;
        json_t *owners = mh_owners_json(sc, sqlite3_column_int64(q, 0), date, &ult);
        size_t i;
        json_t *e;
        int deep = 0;
        json_array_foreach (owners, i, e)
            deep |= json_integer_value(json_object_get(e, "level")) >= 2;
        n += deep && json_array_size(ult) > 0;
        json_decref(owners);
        json_decref(ult);
    }
    sqlite3_finalize(q);
    return n;
}

mh_status mh_db_stats(const mh_engine *eng, json_t **out)
{
    *out = NULL;
    mh_scratch *sc = NULL;
    mh_status st = mh_scratch_create(eng, &sc);
    if (st != MH_OK)
        return st;
    sqlite3 *db = mh_sourcedb_handle(sc->db);
    json_t *o = json_object();
    if (!o) {
        mh_scratch_free(sc);
        return MH_ERR_NOMEM;
    }
    json_object_set_new(o, "data_version", json_string(mh_engine_db_version(eng)));
    json_object_set_new(o, "built", json_string(mh_engine_db_built(eng)));
    for (size_t i = 0; i < sizeof stats_queries / sizeof stats_queries[0]; i++)
        json_object_set_new(o, stats_queries[i].key, json_integer(count(db, stats_queries[i].sql)));
    json_object_set_new(o, "outlets_with_ultimate_owner_two_levels_up",
                        json_integer(deep_chains(sc)));
    /* per source: rows by citation */
    json_t *by = json_object();
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(
            db,
            "SELECT c.key, (SELECT count(*) FROM entity WHERE cite = c.id) + "
            "(SELECT count(*) FROM domain WHERE cite = c.id) + (SELECT count(*) FROM alias "
            "WHERE cite = c.id) + (SELECT count(*) FROM ownership WHERE cite = c.id) + "
            "(SELECT count(*) FROM state_media WHERE cite = c.id) + (SELECT count(*) FROM "
            "rating WHERE cite = c.id) AS n FROM citation c WHERE c.kind = 'dataset' "
            "ORDER BY n DESC",
            -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW)
            json_object_set_new(by, (const char *)sqlite3_column_text(q, 0),
                                json_integer(sqlite3_column_int64(q, 1)));
    }
    sqlite3_finalize(q);
    json_object_set_new(o, "fact_rows_by_dataset", by);
    mh_scratch_free(sc);
    *out = o;
    return MH_OK;
}

/* Entities matching a query: a URL or host through the domain tables, else
 * a name through the alias index, else an id. */
mh_status mh_db_lookup(mh_scratch *sc, const char *query, const char *date_in, json_t **out)
{
    *out = NULL;
    char date[11];
    mh_date_or_today(date_in, date);
    json_t *arr = json_array();
    if (!arr)
        return MH_ERR_NOMEM;
    long long ids[16];
    json_t *how[16];
    size_t n = 0;
    mh_url u;
    char inner[2048], adate[11];
    mh_unwrap_url(sc, query, strlen(query), inner, sizeof inner, adate);
    if (!strchr(query, ' ') && mh_url_parse(inner, strlen(inner), &u)) {
        mh_cand c;
        memset(&c, 0, sizeof c);
        if (mh_resolve_host(sc, u.host, u.path, date, &c)) {
            ids[n] = c.entity;
            how[n] = json_pack("{s:s, s:s, s:s}", "via", "domain", "step", c.step, "host", c.host);
            n++;
        }
    }
    if (n == 0) {
        sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY_BY_KEY);
        sqlite3_bind_text(q, 1, query, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            ids[n] = sqlite3_column_int64(q, 0);
            how[n] = json_pack("{s:s}", "via", "id");
            n++;
        }
        sqlite3_reset(q);
    }
    if (n == 0) {
        size_t before = sc->ncands;
        mh_cand tmpl;
        memset(&tmpl, 0, sizeof tmpl);
        mh_status st = MH_OK;
        mh_resolve_name(sc, query, strlen(query), date, 1, &tmpl, &st);
        for (size_t i = before; i < sc->ncands && n < 16; i++) {
            ids[n] = sc->cands[i].entity;
            how[n] = json_pack("{s:s, s:s, s:s}", "via", "alias", "matched", sc->cands[i].matched,
                               "alias_kind", sc->cands[i].alias_kind);
            n++;
        }
        sc->ncands = before;
        if (st != MH_OK) {
            json_decref(arr);
            return st;
        }
    }
    for (size_t i = 0; i < n; i++) {
        json_t *rec = mh_entity_full_json(sc, ids[i], date, 1);
        if (rec) {
            json_object_set_new(rec, "as_of", json_string(date));
            mh_json_set(rec, "citations", mh_citations_map(sc, rec));
            mh_json_set(rec, "matched_by", how[i]);
            json_array_append_new(arr, rec);
        } else {
            json_decref(how[i]);
        }
    }
    *out = arr;
    return MH_OK;
}

mh_status mh_db_search(mh_scratch *sc, const char *text, size_t max, json_t **out)
{
    *out = NULL;
    json_t *arr = json_array();
    if (!arr)
        return MH_ERR_NOMEM;
    /* quote every word so that user text is never FTS syntax */
    char query[1024];
    size_t w = 0;
    const char *p = text;
    while (*p && w + 8 < sizeof query) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (w)
            query[w++] = ' ';
        query[w++] = '"';
        while (*p && *p != ' ' && w + 4 < sizeof query) {
            if (*p == '"')
                query[w++] = '"';
            query[w++] = *p++;
        }
        query[w++] = '"';
    }
    query[w] = '\0';
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_SEARCH);
    sqlite3_bind_text(q, 1, query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
    long long ids[256];
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW && n < 256)
        ids[n++] = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    for (size_t i = 0; i < n; i++) {
        json_t *o = mh_entity_core_json(sc, ids[i], 1);
        if (o)
            json_array_append_new(arr, o);
    }
    *out = arr;
    return MH_OK;
}

mh_status mh_db_export(mh_scratch *sc, FILE *fp)
{
    char date[11];
    mh_date_or_today(NULL, date);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(mh_sourcedb_handle(sc->db), "SELECT id FROM entity ORDER BY key", -1, &q,
                           NULL) != SQLITE_OK)
        return MH_ERR_DB;
    mh_status st = MH_OK;
    mh_text line = {0};
    unsigned long failures = mh_alloc_thread_failures();
    int rc;
    while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *rec = mh_entity_full_json(sc, sqlite3_column_int64(q, 0), date, 1);
        if (!rec) {
            st = MH_ERR_NOMEM;
            break;
        }
        mh_json_set(rec, "citations", mh_citations_map(sc, rec));
        /* dumped to memory first: a failed allocation anywhere in the
           record must not leave a wrong or half line in the export */
        line.len = 0;
        st = mh_json_dump(rec, &line);
        if (st == MH_OK && mh_alloc_thread_failures() != failures)
            st = MH_ERR_NOMEM;
        if (st == MH_OK &&
            (fwrite(line.data, 1, line.len, fp) != line.len || fputc('\n', fp) == EOF))
            st = MH_ERR_IO;
        json_decref(rec);
    }
    if (st == MH_OK && rc != SQLITE_DONE)
        st = rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    mh_text_free(&line);
    sqlite3_finalize(q);
    return st;
}

mh_status mh_db_verify(mh_scratch *sc, const char *date_in, mh_diag_fn diag, void *userdata,
                       size_t *checked)
{
    if (!sc || !checked)
        return MH_ERR_ARG;
    *checked = 0;
    sqlite3_stmt *q = NULL;
    sqlite3 *db = mh_sourcedb_handle(sc->db);
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL) != SQLITE_OK)
        return sqlite3_errcode(db) == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    int ok = 1, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(q, 0);
        if (line && strcmp(line, "ok") == 0)
            continue;
        ok = 0;
        if (diag)
            diag(userdata, "database", 0, 0, line ? line : "quick_check failed");
    }
    if (rc != SQLITE_DONE) {
        ok = 0;
        if (diag)
            diag(userdata, "database", 0, 0, sqlite3_errmsg(db));
    }
    sqlite3_finalize(q);
    if (!ok)
        return MH_ERR_DATA;
    char date[11];
    mh_date_or_today(date_in, date);
    mh_status st = mh_records_verify(sc, date, diag, userdata, checked);
    mh_status traits = mh_traits_verify(db, diag, userdata);
    mh_status filters = mh_keyfilter_verify(db, diag, userdata);
    return st != MH_OK ? st : traits != MH_OK ? traits : filters;
}
