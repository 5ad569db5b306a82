/* recordstore.c — entity records from the cache, the database's stored
 * renderings, or the facts; rendering and verifying the stored ones. */
#include "recordstore.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "group.h"
#include "jsonl.h"
#include "recordpack.h"
#include "record.h"
#include "sourcedb.h"

/* The record kinds stored (a record id's kind is the mh_frag_kind). */
static const mh_frag_kind stored_kinds[] = {FRAG_CORE, FRAG_FULL, FRAG_STATE_MEDIA};
#define NKINDS (sizeof stored_kinds / sizeof *stored_kinds)
_Static_assert(FRAG_CORE == 0 && FRAG_FULL == 1 && FRAG_STATE_MEDIA == 2,
               "record kinds are part of the record format");

static const char *kind_name(mh_frag_kind k)
{
    return k == FRAG_CORE ? "core fields" : k == FRAG_FULL ? "full record" : "state-media class";
}

/* Built from the facts; dated when a dated fact took part. */
static mh_frag *build(mh_scratch *sc, long long entity, const char *date, mh_frag_kind kind)
{
    sc->dated_lookup = 0;
    sc->valid_from[0] = sc->valid_until[0] = '\0';
    json_t *v = kind == FRAG_FULL    ? mh_entity_full_json(sc, entity, date, 0)
                : kind == FRAG_CORE  ? mh_entity_core_json(sc, entity, 0)
                : kind == FRAG_GROUP ? mh_group_json(sc, entity)
                                     : mh_state_media_json(sc, entity, date);
    if (!v)
        return NULL;
    mh_frag *f = mh_frag_new(v);
    if (!f)
        return NULL;
    /* read as text only, as a stored record is: the tree is ten times the
       text, and a cache of built records would hold it for nothing */
    mh_frag *t = mh_frag_from_text(f->text, f->len);
    mh_frag_unref(f);
    if (t && sc->dated_lookup) {
        t->dated = 1;
        memcpy(t->valid_from, sc->valid_from, sizeof t->valid_from);
        memcpy(t->valid_until, sc->valid_until, sizeof t->valid_until);
    }
    return t;
}

/* The citations map of a record, dated as the record is. */
static mh_frag *cites_of(mh_scratch *sc, const mh_frag *rec)
{
    mh_frag *f = mh_citations_frag_text(sc, rec->text, rec->len);
    if (f) {
        f->dated = rec->dated;
        memcpy(f->valid_from, rec->valid_from, sizeof f->valid_from);
        memcpy(f->valid_until, rec->valid_until, sizeof f->valid_until);
    }
    return f;
}

static pthread_once_t spec_once = PTHREAD_ONCE_INIT;
static mh_jsonl_spec any_object; /* no fields: validation only */

static void spec_init(void)
{
    mh_jsonl_spec_init(&any_object, NULL, 0, NULL, 0, 0);
}

/* A record read from the database: checked by the JSONL scanner (it is
 * written into annotations as it is), then read as text. */
static mh_frag *parse(const char *text, int len)
{
    if (!text || len < 0)
        return NULL;
    if (len == 4 && memcmp(text, "null", 4) == 0)
        return mh_frag_from_text(text, 4);
    pthread_once(&spec_once, spec_init);
    mh_jsonl_result r;
    mh_jsonl_result_init(&r);
    if (mh_jsonl_scan(text, (size_t)len, &any_object, &r) != MH_OK)
        return NULL;
    return mh_frag_from_text(text, (size_t)len);
}

/* In an entity's checked byte, beside a bit per kind (1 << kind): its
 * stored state-media class is `null`. */
#define NULL_STATE_MEDIA 0x80u

/* The engine's bit for a stored record checked already (engine.h), or
 * NULL without an engine or for an id past its memo. */
static unsigned char *checked_byte(const mh_scratch *sc, long long entity)
{
    const mh_engine *e = sc->eng;
    if (!e || !e->checked || entity < 0 || (size_t)entity >= e->ntraits)
        return NULL;
    return &e->checked[entity];
}

/* The stored record, or NULL when none is stored (or it does not read:
 * then it is built instead, and `masthead db verify` names it). A record
 * is checked the first time any thread reads it; later reads take it as
 * it is (79% of the reads on the 500 MB benchmark corpus are re-reads of
 * a record the cache let go). */
static mh_frag *stored(mh_scratch *sc, long long entity, mh_frag_kind kind)
{
    if (!mh_sourcedb_has_records(sc->db) || kind > FRAG_STATE_MEDIA)
        return NULL;
    mh_frag *rec = NULL;
    unsigned char *seen = checked_byte(sc, entity), bit = (unsigned char)(1u << kind);
    int len = 0;
    const char *text = mh_sourcedb_record(sc->db, entity * 4 + (long long)kind, &len);
    if (text && seen && sc->eng->null_record && kind == FRAG_STATE_MEDIA && len == 4 &&
        memcmp(text, "null", 4) == 0) {
        /* no class: said once, by the engine's shared record, from now on */
        __atomic_fetch_or(seen, (unsigned char)(bit | NULL_STATE_MEDIA), __ATOMIC_RELAXED);
        return mh_frag_ref(sc->eng->null_record);
    }
    if (text) {
        if (seen && (__atomic_load_n(seen, __ATOMIC_RELAXED) & bit)) {
            rec = mh_frag_from_text(text, (size_t)len);
        } else {
            rec = parse(text, len);
            if (rec && seen)
                __atomic_fetch_or(seen, bit, __ATOMIC_RELAXED);
        }
    }
    return rec;
}

/* Built records (dated ones, groups) go to the cache kept for them. */
static void keep(mh_scratch *sc, long long entity, mh_frag_kind kind, mh_frag *f)
{
    int built = kind == FRAG_GROUP || f->dated;
    /* a dated one with its validity: put for no one date */
    mh_fragcache_put(built && sc->built ? sc->built : sc->frags, entity, NULL, kind, f);
}

/* May the record be in the cache of built ones? Not one read from the
 * database already (its kind's bit is set: a stored record and its
 * citations map are kept with the stored ones); a group always is. */
static int maybe_built(const mh_scratch *sc, long long entity, mh_frag_kind kind)
{
    if (kind == FRAG_GROUP)
        return 1;
    mh_frag_kind base = kind == FRAG_CITES_FULL ? FRAG_FULL
                        : kind == FRAG_CITES_SM ? FRAG_STATE_MEDIA
                                                : kind;
    const unsigned char *seen = base <= FRAG_STATE_MEDIA ? checked_byte(sc, entity) : NULL;
    return !seen || !(__atomic_load_n(seen, __ATOMIC_RELAXED) & (1u << base));
}

/* Did the entity's stored state-media class read as `null`? */
static int has_null_class(const mh_scratch *sc, long long entity)
{
    const unsigned char *seen = checked_byte(sc, entity);
    return seen && (__atomic_load_n(seen, __ATOMIC_RELAXED) & NULL_STATE_MEDIA);
}

mh_frag *mh_record_get(mh_scratch *sc, long long entity, const char *date, mh_frag_kind kind)
{
    /* a group is kept with the built records, a stored record not: each
     * is looked for where it can be */
    mh_frag *f = NULL;
    if (kind == FRAG_STATE_MEDIA && has_null_class(sc, entity))
        return mh_frag_ref(sc->eng->null_record);
    if (kind != FRAG_GROUP || !sc->built)
        f = mh_fragcache_get(sc->frags, entity, date, kind);
    if (!f && sc->built && maybe_built(sc, entity, kind))
        f = mh_fragcache_get(sc->built, entity, date, kind);
    if (f)
        return f;
    if (kind == FRAG_CITES_FULL || kind == FRAG_CITES_SM) {
        mh_frag *rec =
            mh_record_get(sc, entity, date, kind == FRAG_CITES_FULL ? FRAG_FULL : FRAG_STATE_MEDIA);
        if (!rec)
            return NULL;
        f = cites_of(sc, rec);
        if (f)
            keep(sc, entity, kind, f);
        mh_frag_unref(rec);
        return f;
    }
    f = stored(sc, entity, kind);
    if (!f)
        f = build(sc, entity, date, kind);
    if (f && !(sc->eng && f == sc->eng->null_record))
        keep(sc, entity, kind, f);
    return f;
}

/* Every entity id, in order (read before writing: one statement at a time
 * keeps the build simple). */
static mh_status entity_ids(sqlite3 *db, long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id FROM entity ORDER BY id", -1, &q, NULL) != SQLITE_OK)
        return MH_ERR_DB;
    size_t cap = 0;
    mh_status st = MH_OK;
    int rc;
    while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            long long *grown = mh_grow(*ids, &cap, sizeof *grown, 1024);
            if (!grown) {
                st = MH_ERR_NOMEM;
                break;
            }
            *ids = grown;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    if (st == MH_OK && rc != SQLITE_DONE)
        st = MH_ERR_DB;
    sqlite3_finalize(q);
    return st;
}

/* Write the finished pack of chunk k as its record_pack row. */
static mh_status insert_chunk(sqlite3_stmt *ins, size_t k, mh_pack_writer *w)
{
    mh_pack_finish(w);
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, (sqlite3_int64)k);
    sqlite3_bind_blob64(ins, 2, w->buf, w->len, SQLITE_STATIC);
    int rc = sqlite3_step(ins);
    return rc == SQLITE_DONE ? MH_OK : rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
}

/* Chunk k's pack, from the entities ids[*next..] whose records it holds
 * (*next moves past them). */
static mh_status render_chunk(mh_scratch *sc, const long long *ids, size_t n, size_t *next,
                              size_t nids, size_t chunk, const char *date, sqlite3_stmt *ins,
                              size_t *stored_rows)
{
    size_t first = chunk * MH_PACK_CHUNK_IDS, count = mh_pack_chunk_ids(nids, chunk);
    mh_pack_writer w;
    mh_status st = mh_pack_writer_init(&w, count);
    for (; st == MH_OK && *next < n && (size_t)ids[*next] * 4 < first + count; ++*next) {
        for (size_t k = 0; st == MH_OK && k < NKINDS; k++) {
            mh_frag *rec = build(sc, ids[*next], date, stored_kinds[k]);
            if (!rec) {
                st = MH_ERR_NOMEM;
            } else if (!rec->dated) {
                st = mh_pack_put(&w, (size_t)ids[*next] * 4 + stored_kinds[k] - first, rec->text,
                                 rec->len);
                *stored_rows += st == MH_OK;
            }
            mh_frag_unref(rec);
        }
    }
    if (st == MH_OK)
        st = insert_chunk(ins, chunk, &w);
    mh_pack_writer_free(&w);
    return st;
}

mh_status mh_records_render(sqlite3 *db, const char *date, size_t *stored_rows)
{
    *stored_rows = 0;
    long long *ids = NULL;
    size_t n = 0;
    mh_sourcedb *sdb = NULL;
    sqlite3_stmt *ins = NULL;
    mh_scratch sc; /* reads records only: the database and a citation cache */
    memset(&sc, 0, sizeof sc);
    mh_status st = entity_ids(db, &ids, &n);
    if (st == MH_OK)
        st = mh_sourcedb_wrap(db, &sdb);
    sc.db = sdb;
    if (st == MH_OK)
        st = mh_fragcache_create(1024, &sc.frags);
    if (st == MH_OK && sqlite3_prepare_v2(db, "INSERT INTO record_pack (id, pack) VALUES (?1, ?2)",
                                          -1, &ins, NULL) != SQLITE_OK)
        st = MH_ERR_DB;
    /* ids (ascending) the packs cannot hold: none, every record built
       when asked; no entities: one empty chunk, which verify reads */
    int packed = n == 0 || (ids[0] >= 0 && (size_t)ids[n - 1] < MH_PACK_MAX_IDS / 4);
    size_t nids = n && packed ? ((size_t)ids[n - 1] + 1) * 4 : 0, next = 0;
    for (size_t k = 0; st == MH_OK && packed && k < mh_pack_chunks(nids); k++)
        st = render_chunk(&sc, ids, n, &next, nids, k, date, ins, stored_rows);
    sqlite3_finalize(ins);
    mh_fragcache_free(sc.frags);
    mh_sourcedb_close(sdb);
    mh_free(ids);
    return st;
}

typedef struct verifier {
    mh_scratch *sc;
    mh_diag_fn diag;
    void *ud;
    size_t problems;
} verifier;

static void problem(verifier *v, long long entity, mh_frag_kind kind, const char *what)
{
    char key[128] = "?";
    sqlite3_stmt *q = mh_sourcedb_stmt(v->sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(key, sizeof key, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    char msg[512];
    snprintf(msg, sizeof msg, "entity '%s' (id %lld), %s: %s", key, entity, kind_name(kind), what);
    v->problems++;
    if (v->diag)
        v->diag(v->ud, "record_pack", 0, 0, msg);
}

/* What is wrong with the stored text of a record built from the facts
 * (NULL when none is stored), or NULL when nothing is: a date-free record
 * is stored byte for byte and reads back to itself (what the annotator
 * does with it). */
static const char *stored_problem(const char *text, int len, const mh_frag *built)
{
    if (built->dated)
        return text ? "stored, but it depends on the date" : NULL;
    if (!text)
        return "not stored";
    if ((size_t)len != built->len || memcmp(text, built->text, built->len) != 0)
        return "differs from the one built from the facts";
    mh_frag *back = parse(text, len);
    int same = back && back->len == built->len && memcmp(back->text, built->text, built->len) == 0;
    mh_frag_unref(back);
    return same ? NULL : "does not read back to itself";
}

static mh_status verify_one(verifier *v, long long entity, mh_frag_kind kind, const char *date)
{
    mh_frag *built = build(v->sc, entity, date, kind);
    if (!built)
        return MH_ERR_NOMEM;
    int len = 0;
    const char *text = mh_sourcedb_record(v->sc->db, entity * 4 + (long long)kind, &len);
    const char *why = stored_problem(text, len, built);
    if (why)
        problem(v, entity, kind, why);
    mh_frag_unref(built);
    return MH_OK;
}

static void pack_problem(verifier *v, const char *what)
{
    v->problems++;
    if (v->diag)
        v->diag(v->ud, "record_pack", 0, 0, what);
}

/* Name what is wrong with chunk k's pack, when anything is. */
static int chunk_problem(verifier *v, size_t k, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "chunk %zu: %s", k, what);
    pack_problem(v, msg);
    return 1;
}

/* Chunk k's pack of `count` record ids from `first` (recordpack.h): sound,
 * holding records of stored kinds and of the entities ids[*e..] only (*e
 * moves past the chunk's). 1 when it is. */
static int verify_chunk(verifier *v, size_t k, const unsigned char *blob, size_t len, size_t first,
                        size_t count, const long long *ids, size_t n, size_t *e)
{
    const char *why = mh_pack_problem(blob, len, count);
    if (why)
        return !chunk_problem(v, k, why);
    size_t stray = 0;
    for (size_t i = 0; i < count; i++) {
        if (mh_le32_get(blob + 4 + 4 * i) == mh_le32_get(blob + 8 + 4 * i))
            continue;
        size_t id = first + i;
        while (*e < n && (size_t)ids[*e] < id / 4)
            ++*e;
        stray += id % 4 > FRAG_STATE_MEDIA || *e == n || (size_t)ids[*e] != id / 4;
    }
    if (stray) {
        char msg[128];
        snprintf(msg, sizeof msg, "%zu stored records name no entity or no record kind", stray);
        chunk_problem(v, k, msg);
    }
    return 1;
}

/* The chunks as a whole, for the entity ids ids[0..n) (ascending): one row
 * for each, in order, each sound. 1 when their records can be read one by
 * one. */
static int verify_pack(verifier *v, const long long *ids, size_t n)
{
    sqlite3_stmt *q = NULL;
    sqlite3 *db = mh_sourcedb_handle(v->sc->db);
    if (sqlite3_prepare_v2(db, "SELECT id, pack FROM record_pack ORDER BY id", -1, &q, NULL) !=
        SQLITE_OK) {
        pack_problem(v, "no table of stored records");
        return 0;
    }
    size_t nids = n && ids[0] >= 0 ? ((size_t)ids[n - 1] + 1) * 4 : 0;
    size_t chunks = mh_pack_chunks(nids), k = 0, e = 0;
    int sound = 1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        sqlite3_int64 row = sqlite3_column_int64(q, 0);
        if (k == chunks || row != (sqlite3_int64)k) {
            sound = !chunk_problem(
                v, k, k < chunks && row > (sqlite3_int64)k ? "missing" : "a row of no chunk");
            break;
        }
        if (sqlite3_column_type(q, 1) != SQLITE_BLOB)
            sound = !chunk_problem(v, k, "not a blob");
        else
            sound &=
                verify_chunk(v, k, sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1),
                             k * MH_PACK_CHUNK_IDS, mh_pack_chunk_ids(nids, k), ids, n, &e);
        k++;
    }
    if (sound && k < chunks)
        sound = !chunk_problem(v, k, "missing");
    sqlite3_finalize(q);
    return sound;
}

mh_status mh_records_verify(mh_scratch *sc, const char *date, mh_diag_fn diag, void *userdata,
                            size_t *checked)
{
    *checked = 0;
    verifier v = {sc, diag, userdata, 0};
    if (!mh_sourcedb_has_records(sc->db)) {
        if (diag)
            diag(userdata, "record_pack", 0, 0,
                 "no readable stored records of format " MH_DB_RECORD_FORMAT
                 ": rebuild the database with 'masthead db build'");
        return MH_ERR_DATA;
    }
    long long *ids = NULL;
    size_t n = 0;
    mh_status st = entity_ids(mh_sourcedb_handle(sc->db), &ids, &n);
    int readable = st == MH_OK && verify_pack(&v, ids, n);
    for (size_t i = 0; readable && st == MH_OK && i < n; i++)
        for (size_t k = 0; st == MH_OK && k < NKINDS; k++) {
            st = verify_one(&v, ids[i], stored_kinds[k], date);
            *checked += st == MH_OK;
        }
    mh_free(ids);
    if (st == MH_OK && v.problems)
        st = MH_ERR_DATA;
    return st;
}
