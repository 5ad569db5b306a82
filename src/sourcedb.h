/* sourcedb.h — the compiled source database: open read-only, check that it is
 * ours and of our schema version, and hand out prepared statements.
 *
 * One mh_sourcedb is one SQLite connection with its statements: each
 * scratch (thread) opens its own, the engine one for its checks. */
#ifndef MH_SOURCEDB_H
#define MH_SOURCEDB_H

#include <sqlite3.h>

#include "masthead.h"

/* application_id 'MSTH' and the schema version this build reads. */
#define MH_DB_APPLICATION_ID 1297307720
#define MH_DB_SCHEMA_VERSION 3
/* The format of stored entity records (recordstore.h): raise it whenever
 * record.c writes a record differently or recordpack.h lays them out
 * differently, so that a database rendered by an
 * older build has its stored records ignored rather than trusted. */
#define MH_DB_RECORD_FORMAT "3"
/* Series of the bundled data; the data version adds a content hash. */
#define MH_DB_DATA_SERIES "2026.11"

typedef enum mh_query {
    Q_DOMAIN_BY_HOST, /* host -> entity, path, kind, since, until, cite, cite_ref */
    Q_ALIAS_BY_NORM,  /* norm -> entity, alias, kind, since, until, cite, cite_ref */
    Q_ENTITY, /* id -> key, name, is_outlet, kind, country, languages, primary_domain, named_by,
                 founded, cite, cite_ref */
    Q_ENTITY_BY_KEY, /* key -> id */
    Q_OWNERS, /* owned -> owner, relation, share, share_text, since, until, as_of, cite, cite_ref */
    Q_OWNED,  /* owner -> owned, relation, since, until, as_of */
    Q_STATE_MEDIA, /* entity -> code, country, since, until, as_of, source, source_rank, funding,
                      note, cite, cite_ref, label, grp */
    Q_RATINGS,     /* entity -> rater, metric, value_num, value_label, as_of, cite, cite_ref, name,
                      kind, min, max, direction, labels, domain */
    Q_CITATION, /* id -> key, kind, title, url, file, commit_id, published, accessed, license, note
                 */
    Q_CITATION_BY_KEY, /* key -> id */
    Q_DOMAINS_OF,      /* entity -> host, path, kind, since, until */
    Q_ALIASES_OF,      /* entity -> alias, kind, lang, norm */
    Q_SEARCH,          /* fts query -> id */
    Q_DOMAIN_LABEL,    /* label -> entity, host */
    Q_COUNT
} mh_query;

typedef struct mh_sourcedb mh_sourcedb;

/* Open path read-only and verify its identity and schema version. On
 * failure returns MH_ERR_DB (missing, unreadable, corrupt, not ours) or
 * MH_ERR_DB_VERSION, with a message in err. */
mh_status mh_sourcedb_open(const char *path, mh_sourcedb **out, char *err, size_t errlen);
void mh_sourcedb_close(mh_sourcedb *db);

/* Statements over a connection the caller owns and keeps open longer (the
 * database compiler, rendering records into the file it builds); close
 * leaves the connection open. No identity checks: the caller made it. */
mh_status mh_sourcedb_wrap(sqlite3 *handle, mh_sourcedb **out);

/* Whether the file's stored records (recordpack.h) were rendered in the
 * format this build writes (recordstore.h) and their blob opens: when
 * not, they are not used. */
int mh_sourcedb_has_records(const mh_sourcedb *db);

/* A reset statement for q, parameters cleared (borrowed; valid until the
 * next call for the same q). NULL only on an internal error. */
sqlite3_stmt *mh_sourcedb_stmt(mh_sourcedb *db, mh_query q);

sqlite3 *mh_sourcedb_handle(mh_sourcedb *db);

/* The stored record `id` (entity * 4 + kind), read from the records' blob
 * through a handle the connection keeps open (recordpack.h),
 * NUL-terminated, *len its length; borrowed until the next call. NULL when
 * none is stored or it cannot be read. */
const char *mh_sourcedb_record(mh_sourcedb *db, long long id, int *len);

/* Value of a meta key as a new string (caller frees), or NULL. */
char *mh_sourcedb_meta(mh_sourcedb *db, const char *key);

#endif
