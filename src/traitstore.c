/* traitstore.c — entities' traits as one stored blob (traitstore.h). */
#include "traitstore.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "engine.h"

/* entity_traits.format: what the blob's bits mean (MH_TRAIT_*). */
#define TRAITS_FORMAT      1
#define TRAITS_FORMAT_TEXT "1"

_Static_assert(MH_TRAIT_OUTLET == 1u && MH_TRAIT_WIRE == 2u && MH_TRAIT_EXISTS == 4u &&
                   MH_TRAIT_READ == 8u,
               "the trait bits are part of the stored blob's format");

unsigned mh_traits_of_row(int is_outlet, const char *kind)
{
    return MH_TRAIT_READ | MH_TRAIT_EXISTS | (is_outlet ? MH_TRAIT_OUTLET : 0) |
           (kind && strcmp(kind, "wire_agency") == 0 ? MH_TRAIT_WIRE : 0);
}

/* A byte a row, or an id without one (MH_TRAIT_READ alone), can have. */
static int valid_byte(unsigned char b)
{
    return b == MH_TRAIT_READ ||
           (b & ~(unsigned)(MH_TRAIT_OUTLET | MH_TRAIT_WIRE)) == (MH_TRAIT_READ | MH_TRAIT_EXISTS);
}

/* The traits of every id up to the largest, from the entity table:
 * malloc'd, *n bytes; NULL with *n = 0 for an empty table. */
static mh_status from_table(sqlite3 *db, unsigned char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT max(id) FROM entity", -1, &q, NULL) != SQLITE_OK)
        return MH_ERR_DB;
    long long max = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL
                        ? sqlite3_column_int64(q, 0)
                        : -1;
    sqlite3_finalize(q);
    if (max < 0)
        return MH_OK;
    if (max >= (1ll << 28))
        return MH_ERR_DATA; /* ids too sparse for a byte each (the engine asks per id) */
    unsigned char *t = mh_malloc((size_t)max + 1);
    if (!t)
        return MH_ERR_NOMEM;
    memset(t, MH_TRAIT_READ, (size_t)max + 1);
    mh_status st = MH_OK;
    if (sqlite3_prepare_v2(db, "SELECT id, is_outlet, kind FROM entity", -1, &q, NULL) != SQLITE_OK)
        st = MH_ERR_DB;
    int rc = SQLITE_DONE;
    while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        if (id >= 0 && id <= max)
            t[id] = (unsigned char)mh_traits_of_row(sqlite3_column_int(q, 1),
                                                    (const char *)sqlite3_column_text(q, 2));
    }
    if (st == MH_OK && rc != SQLITE_DONE)
        st = rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    sqlite3_finalize(q);
    if (st != MH_OK) {
        mh_free(t);
        return st;
    }
    *out = t;
    *n = (size_t)max + 1;
    return MH_OK;
}

mh_status mh_traits_render(sqlite3 *db)
{
    unsigned char *t;
    size_t n;
    mh_status st = from_table(db, &t, &n);
    if (st == MH_ERR_DATA)
        return MH_OK; /* no blob: read per id */
    if (st != MH_OK || !n)
        return st;
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO entity_traits (id, format, bits) VALUES (1, ?1, ?2)",
                           -1, &ins, NULL) != SQLITE_OK) {
        st = MH_ERR_DB;
    } else {
        sqlite3_bind_int(ins, 1, TRAITS_FORMAT);
        sqlite3_bind_blob(ins, 2, t, (int)n, SQLITE_STATIC);
        int rc = sqlite3_step(ins);
        st = rc == SQLITE_DONE ? MH_OK : rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    }
    sqlite3_finalize(ins);
    mh_free(t);
    return st;
}

/* The stored blob: 1 with *bits (the statement's, valid until it is
 * finalized) and *len; -1 when there is none (a database built before it);
 * 0 when its row is not a blob of this format. */
static int stored_blob(sqlite3 *db, sqlite3_stmt **q, const unsigned char **bits, size_t *len)
{
    *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT format, bits FROM entity_traits WHERE id = 1", -1, q,
                           NULL) != SQLITE_OK ||
        sqlite3_step(*q) != SQLITE_ROW)
        return -1;
    if (sqlite3_column_int(*q, 0) != TRAITS_FORMAT || sqlite3_column_type(*q, 1) != SQLITE_BLOB)
        return 0;
    *bits = sqlite3_column_blob(*q, 1);
    *len = (size_t)sqlite3_column_bytes(*q, 1);
    return *bits != NULL;
}

int mh_traits_load(sqlite3 *db, unsigned char *traits, size_t n)
{
    sqlite3_stmt *q;
    const unsigned char *bits = NULL;
    size_t len = 0;
    int ok = stored_blob(db, &q, &bits, &len) == 1 && len == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = valid_byte(bits[i]);
    if (ok)
        memcpy(traits, bits, n);
    sqlite3_finalize(q);
    return ok;
}

mh_status mh_traits_verify(sqlite3 *db, mh_diag_fn diag, void *userdata)
{
    sqlite3_stmt *q;
    const unsigned char *bits = NULL;
    size_t len = 0;
    int found = stored_blob(db, &q, &bits, &len);
    if (found != 1) {
        sqlite3_finalize(q);
        if (found < 0)
            return MH_OK;
        if (diag)
            diag(userdata, "entity_traits", 0, 0,
                 "the stored traits are not a blob of format " TRAITS_FORMAT_TEXT);
        return MH_ERR_DATA;
    }
    unsigned char *t;
    size_t n;
    mh_status st = from_table(db, &t, &n);
    if (st != MH_OK) {
        sqlite3_finalize(q);
        return st == MH_ERR_DATA ? MH_OK : st;
    }
    char msg[160];
    int problems = 0;
    if (len != n) {
        snprintf(msg, sizeof msg, "%zu bytes stored for %zu entity ids", len, n);
        problems++;
        if (diag)
            diag(userdata, "entity_traits", 0, 0, msg);
    }
    for (size_t i = 0; i < n && i < len; i++) {
        if (bits[i] == t[i])
            continue;
        if (problems++ < 10 && diag) {
            snprintf(msg, sizeof msg, "id %zu: stored as %u, the entity table gives %u", i, bits[i],
                     t[i]);
            diag(userdata, "entity_traits", 0, 0, msg);
        }
    }
    if (problems > 10 && diag) {
        snprintf(msg, sizeof msg, "%d more ids differ", problems - 10);
        diag(userdata, "entity_traits", 0, 0, msg);
    }
    mh_free(t);
    sqlite3_finalize(q);
    return problems ? MH_ERR_DATA : MH_OK;
}
