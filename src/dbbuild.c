/* dbbuild.c — compile sources-db/ text into the bundled SQLite database.
 *
 * Stages: schema.sql into a fresh file; codes/ and data/ into staging
 * tables (dbload.c); cross-row validation (dbvalidate.c); then, only when
 * there was no error at all, the final tables with integer keys, the primary
 * domain of each entity, the full-text index and the meta table. The file is
 * written beside the target and renamed into place, so a failed build never
 * leaves a half-written database. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "date.h"
#include "dbbuild.h"
#include "domain.h"
#include "recordstore.h"
#include "keyfilter.h"
#include "traitstore.h"
#include "sourcedb.h"
#include "tsv.h"

static const char *const final_sql =
    "INSERT INTO citation (key, kind, title, url, file, commit_id, published, accessed, license, "
    "note, src) SELECT id, kind, title, url, file, \"commit\", published, accessed, license, note, "
    "f || ':' || l FROM s_citations ORDER BY rowid;"

    "INSERT INTO entity (key, name, is_outlet, kind, country, languages, founded, named_by, cite, "
    "cite_ref, src) SELECT o.id, o.name, 1, o.kind, o.country, o.languages, o.founded, "
    "coalesce(o.named_by, 'name'), c.id, o.cite_ref, o.f || ':' || o.l FROM s_outlets o "
    "JOIN citation c ON c.key = o.cite ORDER BY o.rowid;"
    "INSERT INTO entity (key, name, is_outlet, kind, country, cite, cite_ref, src) "
    "SELECT o.id, o.name, 0, o.kind, o.country, c.id, o.cite_ref, o.f || ':' || o.l FROM s_orgs o "
    "JOIN citation c ON c.key = o.cite ORDER BY o.rowid;"

    "INSERT INTO domain (host, path, entity, kind, since, until, cite, cite_ref, src) "
    "SELECT d.host, d.path, e.id, d.kind, d.since, d.until, c.id, d.cite_ref, d.f || ':' || d.l "
    "FROM s_domains d JOIN entity e ON e.key = d.entity JOIN citation c ON c.key = d.cite "
    "ORDER BY d.rowid;"

    "INSERT INTO alias (norm, entity, alias, kind, lang, since, until, cite, cite_ref, src) "
    "SELECT a.norm, e.id, a.alias, a.kind, a.lang, a.since, a.until, c.id, a.cite_ref, "
    "a.f || ':' || a.l FROM s_aliases a JOIN entity e ON e.key = a.entity "
    "JOIN citation c ON c.key = a.cite ORDER BY a.rowid;"

    "INSERT INTO ownership (owner, owned, relation, share, share_text, since, until, as_of, cite, "
    "cite_ref, src) SELECT eo.id, ed.id, o.relation, o.share, o.share_text, o.since, o.until, "
    "o.as_of, c.id, o.cite_ref, o.f || ':' || o.l FROM s_ownership o "
    "JOIN entity eo ON eo.key = o.owner JOIN entity ed ON ed.key = o.owned "
    "JOIN citation c ON c.key = o.cite ORDER BY o.rowid;"

    "INSERT INTO state_media (entity, code, country, since, until, as_of, source, source_rank, "
    "funding, note, cite, cite_ref, src) SELECT e.id, s.code, s.country, s.since, s.until, "
    "s.as_of, s.source, p.rank, s.funding, s.note, c.id, s.cite_ref, s.f || ':' || s.l "
    "FROM s_state_media s JOIN entity e ON e.key = s.entity JOIN citation c ON c.key = s.cite "
    "JOIN s_state_media_precedence p ON p.source = s.source ORDER BY s.rowid;"

    "INSERT INTO rating (entity, domain, rater, metric, value_num, value_label, as_of, cite, "
    "cite_ref, src) SELECT e.id, r.domain, r.rater, r.metric, CASE WHEN k.kind = 'numeric' THEN "
    "CAST(r.value AS REAL) "
    "END, CASE WHEN k.kind <> 'numeric' THEN r.value END, r.as_of, c.id, r.cite_ref, "
    "r.f || ':' || r.l FROM s_ratings r JOIN entity e ON e.key = r.entity "
    "JOIN citation c ON c.key = r.cite JOIN s_raters k ON k.rater = r.rater AND "
    "k.metric = r.metric ORDER BY r.rowid;"

    "INSERT INTO rater SELECT rater, metric, name, kind, min, max, direction, labels, "
    "description, cite FROM s_raters;"
    "INSERT INTO sm_code SELECT code, label, \"group\", rank, description, cite "
    "FROM s_state_media_codes;"
    "INSERT INTO legal_form SELECT form, position FROM s_legal_forms ORDER BY l;"
    "INSERT INTO country SELECT code, name FROM s_countries;"
    "INSERT OR IGNORE INTO generic_word SELECT lower(word) FROM s_generic_words;"

    /* the primary domain: a 'primary' row first, current before former, shortest host */
    "UPDATE entity SET primary_domain = (SELECT host FROM domain d WHERE d.entity = entity.id "
    "AND d.path = '' AND d.kind NOT IN ('infra', 'cdn', 'shop', 'shortlink') ORDER BY "
    "d.kind = 'primary' DESC, d.until IS NULL DESC, length(d.host), d.host LIMIT 1);"

    "INSERT INTO entity_fts (rowid, name, aliases) SELECT id, name, (SELECT group_concat(alias, "
    "' | ') FROM alias WHERE alias.entity = entity.id) FROM entity;";

static mh_status exec(dbb *b, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(b->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        dbb_error(b, "(database)", 0, 0, "SQL failed: %s", err ? err : "unknown error");
        sqlite3_free(err);
        return MH_ERR_INTERNAL;
    }
    return MH_OK;
}

/* Every named entity's own name is an alias (kind "name"), folded like the
 * others, unless the entity already has that folded alias. */
static mh_status add_name_aliases(dbb *b)
{
    sqlite3_stmt *q = NULL, *has = NULL, *ins = NULL;
    mh_status st = MH_OK;
    if (sqlite3_prepare_v2(
            b->db,
            "SELECT id, name, cite, cite_ref, src FROM entity WHERE named_by = 'name' "
            "ORDER BY id",
            -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, "SELECT 1 FROM alias WHERE entity = ?1 AND norm = ?2", -1, &has,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db,
                           "INSERT INTO alias (norm, entity, alias, kind, cite, cite_ref, src) "
                           "VALUES (?, ?, ?, 'name', ?, ?, ?)",
                           -1, &ins, NULL) != SQLITE_OK)
        st = MH_ERR_INTERNAL;
    while (st == MH_OK && sqlite3_step(q) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 1);
        char *norm = NULL;
        mh_status fs = mh_fold_name(b->folder, name, strlen(name), &norm);
        if (fs == MH_ERR_NOMEM) {
            st = fs;
            break;
        }
        if (fs != MH_OK || !*norm) {
            mh_free(norm);
            continue;
        }
        sqlite3_reset(has);
        sqlite3_bind_int64(has, 1, sqlite3_column_int64(q, 0));
        sqlite3_bind_text(has, 2, norm, -1, SQLITE_STATIC);
        int exists = sqlite3_step(has) == SQLITE_ROW;
        if (!exists) {
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, norm, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 2, sqlite3_column_int64(q, 0));
            sqlite3_bind_text(ins, 3, name, -1, SQLITE_STATIC);
            sqlite3_bind_value(ins, 4, sqlite3_column_value(q, 2));
            sqlite3_bind_value(ins, 5, sqlite3_column_value(q, 3));
            sqlite3_bind_value(ins, 6, sqlite3_column_value(q, 4));
            if (sqlite3_step(ins) != SQLITE_DONE)
                st = MH_ERR_INTERNAL;
        }
        mh_free(norm);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(has);
    sqlite3_finalize(ins);
    return st;
}

/* domain_label: the label left of the public suffix of each outlet's
 * registrable domains (by the Public Suffix List, as at lookup time). */
static mh_status build_domain_labels(dbb *b)
{
    sqlite3_stmt *q = NULL, *ins = NULL;
    mh_status st = MH_OK;
    if (sqlite3_prepare_v2(
            b->db,
            "SELECT DISTINCT d.host, d.entity FROM domain d JOIN entity e ON e.id = d.entity "
            "WHERE d.path = '' AND e.is_outlet = 1 AND d.kind NOT IN ('infra', 'cdn', "
            "'shop', 'shortlink', 'service', 'app') ORDER BY d.host, d.entity",
            -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, "INSERT INTO domain_label (label, entity, host) VALUES (?, ?, ?)",
                           -1, &ins, NULL) != SQLITE_OK)
        st = MH_ERR_INTERNAL;
    while (st == MH_OK && sqlite3_step(q) == SQLITE_ROW) {
        const char *host = (const char *)sqlite3_column_text(q, 0);
        char reg[MH_HOST_MAX];
        if (!mh_registrable_domain(mh_psl(), host, reg, sizeof reg) || strcmp(reg, host) != 0)
            continue;
        size_t label = strcspn(reg, ".");
        char key[MH_HOST_MAX];
        size_t kl = 0;
        for (size_t i = 0; i < label; i++)
            if (reg[i] != '-')
                key[kl++] = reg[i];
        if (kl < 3)
            continue; /* two letters (ap, rt) are names the alias index knows better */
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, key, (int)kl, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, sqlite3_column_int64(q, 1));
        sqlite3_bind_text(ins, 3, host, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            st = MH_ERR_INTERNAL;
    }
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    return st;
}

static mh_status set_meta(dbb *b, const char *key, const char *value)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &q,
                           NULL) != SQLITE_OK)
        return MH_ERR_INTERNAL;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? MH_OK : MH_ERR_INTERNAL;
}

static mh_status write_meta(dbb *b)
{
    char version[64], built[32];
    snprintf(version, sizeof version, "%s-%016llx", MH_DB_DATA_SERIES, b->hash);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char schema[16];
    snprintf(schema, sizeof schema, "%d", MH_DB_SCHEMA_VERSION);
    mh_status st = set_meta(b, "schema_version", schema);
    if (st == MH_OK)
        st = set_meta(b, "data_version", version);
    if (st == MH_OK)
        st = set_meta(b, "built", built);
    if (st == MH_OK)
        st = set_meta(b, "builder", "masthead " MH_VERSION);
    if (st == MH_OK)
        st = set_meta(b, "record_format", MH_DB_RECORD_FORMAT);
    return st;
}

/* A rendering step's failure, said against the table it writes. */
static mh_status rendered(dbb *b, mh_status st, const char *table, const char *what)
{
    if (st != MH_OK)
        dbb_error(b, table, 0, 0, "cannot render %s: %s", what,
                  st == MH_ERR_NOMEM ? "out of memory" : sqlite3_errmsg(b->db));
    return st;
}

/* Every record that holds for all dates, rendered once (recordstore.h). */
static mh_status render_records(dbb *b)
{
    char today[11];
    mh_date_or_today(NULL, today);
    size_t rows = 0;
    return rendered(b, mh_records_render(b->db, today, &rows), "record_pack", "the entity records");
}

/* The filters over lookup keys (keyfilter.h). */
static mh_status render_filters(dbb *b)
{
    return rendered(b, mh_keyfilter_render(b->db), "key_filter", "the key filters");
}

/* Every entity's traits in one blob (traitstore.h). */
static mh_status render_traits(dbb *b)
{
    return rendered(b, mh_traits_render(b->db), "entity_traits", "the entity traits");
}

/* Open a database, apply the schema, stage and validate the data. */
static mh_status stage(dbb *b, const char *src_dir, const char *db_path)
{
    snprintf(b->src_root, sizeof b->src_root, "%s", src_dir);
    size_t n = strlen(b->src_root);
    while (n > 1 && b->src_root[n - 1] == '/')
        b->src_root[--n] = '\0';
    b->hash = 14695981039346656037ull;
    mh_status st = mh_folder_create(&b->folder);
    if (st != MH_OK)
        return st;
    if (sqlite3_open_v2(db_path, &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        dbb_error(b, db_path, 0, 0, "cannot create database: %s",
                  b->db ? sqlite3_errmsg(b->db) : "out of memory");
        return MH_ERR_IO;
    }
    dbb_register_functions(b->db);
    char path[4200];
    snprintf(path, sizeof path, "%s/schema.sql", b->src_root);
    char *schema = NULL;
    size_t len;
    st = mh_read_file(path, &schema, &len);
    if (st != MH_OK) {
        dbb_error(b, path, 0, 0, "cannot read the schema");
        return st;
    }
    st =
        exec(b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;");
    if (st == MH_OK)
        st = exec(b, schema);
    mh_free(schema);
    if (st == MH_OK)
        st = exec(b, "BEGIN");
    if (st == MH_OK)
        st = dbb_create_staging(b);
    if (st == MH_OK)
        st = dbb_load_all(b);
    if (st == MH_OK)
        st = dbb_validate(b);
    return st;
}

static void finish(dbb *b)
{
    if (b->db)
        sqlite3_close(b->db);
    mh_folder_free(b->folder);
}

mh_status mh_db_check(const char *src_dir, mh_diag_fn diag, void *userdata)
{
    dbb b;
    memset(&b, 0, sizeof b);
    b.diag = diag;
    b.ud = userdata;
    mh_status st = stage(&b, src_dir, ":memory:");
    finish(&b);
    if (st == MH_OK && b.errors)
        st = MH_ERR_DATA;
    return st;
}

mh_status mh_db_build(const char *src_dir, const char *out_path, mh_diag_fn diag, void *userdata)
{
    dbb b;
    memset(&b, 0, sizeof b);
    b.diag = diag;
    b.ud = userdata;
    /* Unique per process so two concurrent builds of one target never
       share a half-written file; the rename publishes atomically. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", out_path, (long)getpid());
    unlink(tmp);
    mh_status st = stage(&b, src_dir, tmp);
    if (st == MH_OK && b.errors == 0)
        st = exec(&b, final_sql);
    if (st == MH_OK && b.errors == 0)
        st = build_domain_labels(&b);
    if (st == MH_OK && b.errors == 0)
        st = add_name_aliases(&b);
    if (st == MH_OK && b.errors == 0)
        st = render_records(&b);
    if (st == MH_OK && b.errors == 0)
        st = render_traits(&b);
    if (st == MH_OK && b.errors == 0)
        st = render_filters(&b);
    if (st == MH_OK && b.errors == 0)
        st = write_meta(&b);
    if (st == MH_OK && b.errors == 0)
        st = exec(&b, "COMMIT; ANALYZE;");
    if (st == MH_OK && b.errors == 0)
        st = exec(&b, "VACUUM");
    finish(&b);
    if (st == MH_OK && b.errors)
        st = MH_ERR_DATA;
    if (st == MH_OK && rename(tmp, out_path) != 0) {
        if (diag)
            diag(userdata, out_path, 0, 0, "cannot move the built database into place");
        st = MH_ERR_IO;
    }
    if (st != MH_OK)
        unlink(tmp);
    return st;
}
