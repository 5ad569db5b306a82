/* sourcedb.c — open the compiled database read-only and prepare its queries. */
#include "sourcedb.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "dbmap.h"
#include "recordpack.h"

/* The handle on a chunk of the stored records, kept open and moved from
 * chunk to chunk. (Four handles, the least recently read one moved, saved
 * 3% of the moves on the benchmark corpus: an annotation's records lie in
 * different chunks, and the next one's in others.) */
typedef struct pack_handle {
    sqlite3_blob *blob; /* NULL until first needed */
    long long chunk;    /* the chunk it is on, -1 when none */
    size_t ids;         /* that chunk's count of record ids */
    size_t bytes;       /* and its length */
} pack_handle;

struct mh_sourcedb {
    sqlite3 *db;
    sqlite3_stmt *stmt[Q_COUNT];
    int owns_db;
    int has_records;
    pack_handle pack; /* the stored records (recordpack.h) */
    char *record_buf; /* the last record read (mh_sourcedb_record) */
    size_t record_cap;
};

static const char *const query_sql[Q_COUNT] = {
    [Q_DOMAIN_BY_HOST] = "SELECT entity, path, kind, since, until, cite, cite_ref FROM domain "
                         "WHERE host = ?1 ORDER BY length(path) DESC, id",
    [Q_ALIAS_BY_NORM] = "SELECT entity, alias, kind, since, until, cite, cite_ref FROM alias "
                        "WHERE norm = ?1 ORDER BY id",
    [Q_ENTITY] = "SELECT key, name, is_outlet, kind, country, languages, primary_domain, named_by, "
                 "founded, cite, cite_ref FROM entity WHERE id = ?1",
    [Q_ENTITY_BY_KEY] = "SELECT id FROM entity WHERE key = ?1",
    [Q_OWNERS] = "SELECT owner, relation, share, share_text, since, until, as_of, cite, cite_ref "
                 "FROM ownership WHERE owned = ?1 ORDER BY id",
    [Q_OWNED] = "SELECT owned, relation, since, until, as_of FROM ownership WHERE owner = ?1 "
                "ORDER BY id",
    [Q_STATE_MEDIA] =
        "SELECT s.code, s.country, s.since, s.until, s.as_of, s.source, s.source_rank, "
        "s.funding, s.note, s.cite, s.cite_ref, c.label, c.grp FROM state_media s "
        "JOIN sm_code c ON c.code = s.code WHERE s.entity = ?1 ORDER BY s.id",
    [Q_RATINGS] =
        "SELECT r.rater, r.metric, r.value_num, r.value_label, r.as_of, r.cite, r.cite_ref, "
        "k.name, k.kind, k.min, k.max, k.direction, k.labels, r.domain FROM rating r "
        "JOIN rater k ON k.rater = r.rater AND k.metric = r.metric WHERE r.entity = ?1 "
        "ORDER BY r.rater, r.metric, r.id",
    [Q_CITATION_BY_KEY] = "SELECT id FROM citation WHERE key = ?1",
    [Q_CITATION] =
        "SELECT key, kind, title, url, file, commit_id, published, accessed, license, note "
        "FROM citation WHERE id = ?1",
    [Q_DOMAINS_OF] = "SELECT host, path, kind, since, until FROM domain WHERE entity = ?1 "
                     "ORDER BY kind = 'primary' DESC, until IS NULL DESC, length(host), host",
    [Q_ALIASES_OF] = "SELECT alias, kind, lang, norm FROM alias WHERE entity = ?1 ORDER BY id",
    [Q_SEARCH] = "SELECT rowid FROM entity_fts WHERE entity_fts MATCH ?1 ORDER BY rank LIMIT ?2",
    [Q_DOMAIN_LABEL] =
        "SELECT entity, host FROM domain_label WHERE label = ?1 ORDER BY entity LIMIT 8",
};

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *q = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
        *out = sqlite3_column_int(q, 0);
        ok = 1;
    }
    sqlite3_finalize(q);
    return ok;
}

/* A failed SQLite call is the database's fault unless memory ran out. */
static mh_status db_failure(sqlite3 *db)
{
    return sqlite3_errcode(db) == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
}

static mh_status prepare_all(mh_sourcedb *s, const char *path, char *err, size_t errlen)
{
    for (int q = 0; q < Q_COUNT; q++) {
        if (sqlite3_prepare_v3(s->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[q],
                               NULL) != SQLITE_OK) {
            snprintf(err, errlen, "%s: database is corrupt or incomplete: %s", path,
                     sqlite3_errmsg(s->db));
            return db_failure(s->db);
        }
    }
    return MH_OK;
}

/* Take in the size and count of the chunk k handle h was just moved to:
 * 1 when its offsets fit in it (each read checks the two it uses). */
static int enter_chunk(pack_handle *h, long long k)
{
    unsigned char count[4];
    h->bytes = (size_t)sqlite3_blob_bytes(h->blob);
    if (h->bytes < 4 || sqlite3_blob_read(h->blob, count, 4, 0) != SQLITE_OK)
        return 0;
    h->ids = mh_le32_get(count);
    if (h->ids > MH_PACK_CHUNK_IDS || MH_PACK_HEADER(h->ids) > h->bytes)
        return 0;
    h->chunk = k;
    return 1;
}

/* Handle h moved to chunk k: 1 when it is there and sound. A handle that
 * fails to move is closed (SQLite keeps it aborted) and opened anew on the
 * next move. */
static int move_to_chunk(mh_sourcedb *s, pack_handle *h, long long k)
{
    h->chunk = -1;
    if (h->blob && sqlite3_blob_reopen(h->blob, k) != SQLITE_OK) {
        sqlite3_blob_close(h->blob);
        h->blob = NULL;
        return 0;
    }
    if (!h->blob &&
        sqlite3_blob_open(s->db, "main", "record_pack", "pack", k, 0, &h->blob) != SQLITE_OK)
        return 0; /* (the handle is then NULL) */
    return enter_chunk(h, k);
}

/* The handle on chunk k, NULL when the chunk is missing or unsound (its
 * records read as none stored). */
static pack_handle *chunk_handle(mh_sourcedb *s, long long k)
{
    pack_handle *h = &s->pack;
    return (h->blob && h->chunk == k) || move_to_chunk(s, h, k) ? h : NULL;
}

/* The stored records can be read: 1 when the first chunk is there and
 * sound (a later one that is not reads as no record stored). */
static int open_pack(mh_sourcedb *s)
{
    s->pack.chunk = -1;
    return chunk_handle(s, 0) != NULL;
}

mh_status mh_sourcedb_open(const char *path, mh_sourcedb **out, char *err, size_t errlen)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: database not found", path);
        return MH_ERR_DB;
    }
    mh_sourcedb *s = mh_calloc(1, sizeof *s);
    if (!s)
        return MH_ERR_NOMEM;
    s->owns_db = 1;
    char uri[4200];
    snprintf(uri, sizeof uri, "file:%s?immutable=1", path);
    int rc = sqlite3_open_v2(
        uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, mh_dbmap_vfs());
    mh_status st = MH_OK;
    int app = 0, ver = 0;
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open database: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        st = rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    } else if (!pragma_int(s->db, "PRAGMA application_id", &app) ||
               !pragma_int(s->db, "PRAGMA user_version", &ver)) {
        snprintf(err, errlen, "%s: not a database, or corrupt: %s", path, sqlite3_errmsg(s->db));
        st = db_failure(s->db);
    } else if (app != MH_DB_APPLICATION_ID) {
        snprintf(err, errlen, "%s: not a masthead database (application_id %d)", path, app);
        st = MH_ERR_DB;
    } else if (ver != MH_DB_SCHEMA_VERSION) {
        snprintf(err, errlen,
                 "%s: database schema version %d, but this masthead reads version %d: rebuild it "
                 "with 'masthead db build'",
                 path, ver, MH_DB_SCHEMA_VERSION);
        st = MH_ERR_DB_VERSION;
    }
    /* any positive size has the pager read the shared mapping in place */
    if (st == MH_OK &&
        sqlite3_exec(s->db, "PRAGMA mmap_size = 1048576", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        st = db_failure(s->db);
    }
    if (st == MH_OK)
        st = prepare_all(s, path, err, errlen);
    /* one read transaction for the connection's life: each statement
       would open and close its own (the file is immutable while open) */
    if (st == MH_OK && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        st = db_failure(s->db);
    }
    if (st == MH_OK) {
        char *format = mh_sourcedb_meta(s, "record_format");
        s->has_records = format && strcmp(format, MH_DB_RECORD_FORMAT) == 0 && open_pack(s);
        mh_free(format);
    }
    if (st != MH_OK) {
        mh_sourcedb_close(s);
        return st;
    }
    *out = s;
    return MH_OK;
}

mh_status mh_sourcedb_wrap(sqlite3 *handle, mh_sourcedb **out)
{
    *out = NULL;
    mh_sourcedb *s = mh_calloc(1, sizeof *s);
    if (!s)
        return MH_ERR_NOMEM;
    s->db = handle;
    char err[256];
    mh_status st = prepare_all(s, "(building)", err, sizeof err);
    if (st != MH_OK) {
        mh_sourcedb_close(s);
        return st;
    }
    *out = s;
    return MH_OK;
}

int mh_sourcedb_has_records(const mh_sourcedb *s)
{
    return s->has_records;
}

void mh_sourcedb_close(mh_sourcedb *s)
{
    if (!s)
        return;
    sqlite3_blob_close(s->pack.blob);
    mh_free(s->record_buf);
    for (int q = 0; q < Q_COUNT; q++)
        sqlite3_finalize(s->stmt[q]);
    if (s->owns_db)
        sqlite3_close(s->db);
    mh_free(s);
}

sqlite3_stmt *mh_sourcedb_stmt(mh_sourcedb *s, mh_query q)
{
    sqlite3_stmt *st = s->stmt[q];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

sqlite3 *mh_sourcedb_handle(mh_sourcedb *s)
{
    return s->db;
}

const char *mh_sourcedb_record(mh_sourcedb *s, long long id, int *len)
{
    unsigned char off[8];
    pack_handle *h = NULL;
    if (!s->has_records || id < 0 || !(h = chunk_handle(s, id / MH_PACK_CHUNK_IDS)))
        return NULL;
    size_t i = (size_t)(id % MH_PACK_CHUNK_IDS);
    if (i >= h->ids || sqlite3_blob_read(h->blob, off, 8, (int)(4 + 4 * i)) != SQLITE_OK)
        return NULL;
    size_t from = mh_le32_get(off), to = mh_le32_get(off + 4);
    size_t data = MH_PACK_HEADER(h->ids);
    if (to <= from || to > h->bytes - data)
        return NULL; /* none stored (or offsets that do not fit) */
    size_t n = to - from;
    if (n + 1 > s->record_cap) {
        size_t cap = n + 1 > 2 * s->record_cap ? n + 1 : 2 * s->record_cap;
        char *p = mh_realloc(s->record_buf, cap);
        if (!p)
            return NULL;
        s->record_buf = p;
        s->record_cap = cap;
    }
    if (sqlite3_blob_read(h->blob, s->record_buf, (int)n, (int)(data + from)) != SQLITE_OK)
        return NULL;
    s->record_buf[n] = '\0';
    *len = (int)n;
    return s->record_buf;
}

char *mh_sourcedb_meta(mh_sourcedb *s, const char *key)
{
    sqlite3_stmt *q = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &q, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW)
        v = mh_strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}
