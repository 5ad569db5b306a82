/* citeindex.c — citation keys sorted in one block, searched by bisection. */
#include "citeindex.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct entry {
    const char *key; /* into keys */
    long long id;
} entry;

struct mh_cite_index {
    entry *e;
    size_t n;
    char *keys;
};

static int by_key(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

mh_status mh_cite_index_load(sqlite3 *db, mh_cite_index **out)
{
    *out = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*), coalesce(sum(length(key) + 1), 0) FROM citation",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        int nomem = sqlite3_errcode(db) == SQLITE_NOMEM;
        sqlite3_finalize(q);
        return nomem ? MH_ERR_NOMEM : MH_ERR_DB;
    }
    size_t n = (size_t)sqlite3_column_int64(q, 0), bytes = (size_t)sqlite3_column_int64(q, 1);
    sqlite3_finalize(q);
    mh_cite_index *ix = mh_calloc(1, sizeof *ix);
    if (ix) {
        ix->e = mh_calloc(n ? n : 1, sizeof *ix->e);
        ix->keys = mh_malloc(bytes ? bytes : 1);
    }
    if (!ix || !ix->e || !ix->keys) {
        mh_cite_index_free(ix);
        return MH_ERR_NOMEM;
    }
    mh_status st = MH_OK;
    if (sqlite3_prepare_v2(db, "SELECT key, id FROM citation", -1, &q, NULL) != SQLITE_OK)
        st = sqlite3_errcode(db) == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    size_t used = 0;
    int rc = SQLITE_DONE;
    while (st == MH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        size_t kl = k ? strlen(k) + 1 : 0;
        if (!k || ix->n == n || used + kl > bytes)
            continue;
        memcpy(ix->keys + used, k, kl);
        ix->e[ix->n].key = ix->keys + used;
        ix->e[ix->n].id = sqlite3_column_int64(q, 1);
        ix->n++;
        used += kl;
    }
    if (st == MH_OK && rc != SQLITE_DONE)
        st = rc == SQLITE_NOMEM ? MH_ERR_NOMEM : MH_ERR_DB;
    sqlite3_finalize(q);
    if (st != MH_OK) {
        mh_cite_index_free(ix);
        return st;
    }
    qsort(ix->e, ix->n, sizeof *ix->e, by_key);
    *out = ix;
    return MH_OK;
}

void mh_cite_index_free(mh_cite_index *ix)
{
    if (!ix)
        return;
    mh_free(ix->e);
    mh_free(ix->keys);
    mh_free(ix);
}

long long mh_cite_index_find(const mh_cite_index *ix, const char *key)
{
    if (!ix)
        return 0;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ix->e[mid].key, key);
        if (c == 0)
            return ix->e[mid].id;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
