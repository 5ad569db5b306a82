/* test_dbmap.c — database files read through the shared mapping (dbmap.c):
 * connections to one file share one mapping, a file larger than the bound on
 * resident pages reads intact while the mapping's pages are dropped and come
 * back, a drop keeps the pages read while they are few, and a connection
 * that writes is never mapped. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "dbmap.h"
#include "harness.h"
#include "limits.h"
#include "testfs.h"

/* Rows of one MiB each, enough to pass the bound on resident pages. */
#define ROWS ((int)(MH_DB_MAP_RESIDENT_BYTES / (1024u * 1024u)) + 4)

static int make_db(const char *path)
{
    sqlite3 *db = NULL;
    int ok = sqlite3_open(path, &db) == SQLITE_OK &&
             sqlite3_exec(db,
                          "PRAGMA journal_mode = OFF; BEGIN;"
                          "CREATE TABLE t (id INTEGER PRIMARY KEY, tag TEXT, pad BLOB);",
                          NULL, NULL, NULL) == SQLITE_OK;
    for (int i = 1; ok && i <= ROWS; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'row-%d', zeroblob(1048576))", i, i);
        ok = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    }
    ok = ok &&
         sqlite3_exec(db, "CREATE INDEX t_tag ON t(tag); COMMIT;", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

static sqlite3 *open_mapped(const char *path)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "file:%s?immutable=1", path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, mh_dbmap_vfs()) !=
            SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA mmap_size = 1048576", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* The first column of the first row of sql, as text, into out. */
static const char *scalar(sqlite3 *db, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *q = NULL;
    snprintf(out, n, "(error)");
    if (db && sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return out;
}

typedef struct reader_job {
    const char *path;
    char check[64], sum[64];
} reader_job;

/* A thread with its own connection reading every page. */
static void *read_all_pages(void *arg)
{
    reader_job *j = arg;
    sqlite3 *db = open_mapped(j->path);
    scalar(db, "PRAGMA integrity_check", j->check, sizeof j->check);
    scalar(db, "SELECT sum(length(pad)) FROM t", j->sum, sizeof j->sum);
    sqlite3_close(db);
    return NULL;
}

/* Rows of about 100 bytes, read one by one: a lookup reads a leaf and a
 * fault maps the pages around it, which no lookup reads. */
#define SMALL_ROWS 40000

static int make_small_db(const char *path)
{
    sqlite3 *db = NULL;
    int ok = sqlite3_open(path, &db) == SQLITE_OK &&
             sqlite3_exec(db,
                          "PRAGMA journal_mode = OFF; BEGIN;"
                          "CREATE TABLE s (id INTEGER PRIMARY KEY, v INTEGER, pad TEXT);"
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < 40000) INSERT INTO s SELECT i, i * 3, printf('%090d', i) "
                          "FROM n; COMMIT;",
                          NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/* Rows looked up far apart, in rounds: the sum of their v. */
static long long sparse_sum(sqlite3 *db, int lookups)
{
    sqlite3_stmt *q = NULL;
    long long sum = 0;
    if (sqlite3_prepare_v2(db, "SELECT v FROM s WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        return -1;
    for (int i = 0; i < lookups; i++) {
        sqlite3_bind_int(q, 1, (int)((long long)i * 7919 % SMALL_ROWS) + 1);
        if (sqlite3_step(q) == SQLITE_ROW)
            sum += sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return sum;
}

/* With a bound of 1 MiB: where a fault maps more than the page read, a
 * drop keeps the pages read and unmaps the rest; once the pages read
 * fill half the bound, all go; every row reads right throughout. */
static void test_drop_keeps_pages_read(const char *dir)
{
    char path[512];
    if (t_write(dir, "s.db", "", 0, path, sizeof path) != 0 || !make_small_db(path)) {
        CHECK(!"cannot make the small test database");
        return;
    }
    mh_dbmap_bound(1u << 20);
    sqlite3 *db = open_mapped(path);
    long before = mh_dbmap_file_pages();
    CHECK(sparse_sum(db, 1) == 3 * 1);
    int faults_map_around = mh_dbmap_file_pages() - before > 4;
    size_t trims = mh_dbmap_trims();
    long long want = 0;
    for (int i = 0; i < 100; i++)
        want += 3 * ((long long)i * 7919 % SMALL_ROWS + 1);
    CHECK(sparse_sum(db, 100) == want); /* ~100 pages read: fewer than 128 */
    CHECK(mh_dbmap_trims() > trims);
    if (faults_map_around)
        CHECK(mh_dbmap_kept() > 0);
    else
        printf("  (a fault maps only the page read here: no pages to keep)\n");
    /* thousands of leaves read: past half the bound, all are dropped */
    want = 0;
    for (int i = 0; i < 20000; i++)
        want += 3 * ((long long)i * 7919 % SMALL_ROWS + 1);
    trims = mh_dbmap_trims();
    CHECK(sparse_sum(db, 20000) == want);
    CHECK(mh_dbmap_trims() > trims);
    CHECK(mh_dbmap_kept() <= (1u << 20) / 2 / (size_t)sysconf(_SC_PAGESIZE));
    CHECK((mh_dbmap_file_pages() - before) * sysconf(_SC_PAGESIZE) <= 8l * 1024 * 1024);
    sqlite3_close(db);
    mh_dbmap_bound(0);
}

void test_dbmap(void)
{
    char dir[256], path[512], got[256], want[64];
    CHECK(mh_dbmap_vfs() != NULL);
    if (!t_mkdtemp(dir, sizeof dir) || t_write(dir, "m.db", "", 0, path, sizeof path) != 0 ||
        !make_db(path)) {
        CHECK(!"cannot make the test database");
        return;
    }
    size_t before = mh_dbmap_live();
    sqlite3 *a = open_mapped(path);
    sqlite3 *b = open_mapped(path);
    CHECK(a && b);
    /* page reads may only begin at the first query */
    snprintf(want, sizeof want, "%d", ROWS);
    CHECK_STR(scalar(a, "SELECT count(*) FROM t", got, sizeof got), want);
    CHECK(mh_dbmap_live() == before + 1);

    /* every page reads back intact, while reading them all drops the
     * mapping's pages at least once */
    size_t trims = mh_dbmap_trims();
    long pages_before = mh_dbmap_file_pages();
    CHECK_STR(scalar(a, "PRAGMA integrity_check", got, sizeof got), "ok");
    CHECK(mh_dbmap_trims() > trims);
    /* what stays mapped is bounded as the kernel counts it (a fault maps
     * more than the page read), passed at most by what is mapped between
     * two questions to the kernel */
    long pages_after = mh_dbmap_file_pages();
    CHECK(pages_before > 0 && pages_after > 0);
    CHECK((pages_after - pages_before) * sysconf(_SC_PAGESIZE) <=
          (long)(MH_DB_MAP_RESIDENT_BYTES + 8u * 1024u * 1024u));
    snprintf(want, sizeof want, "%d", ROWS * 1048576);
    CHECK_STR(scalar(b, "SELECT sum(length(pad)) FROM t", got, sizeof got), want);
    snprintf(want, sizeof want, "row-%d", ROWS);
    CHECK_STR(scalar(b, "SELECT tag FROM t ORDER BY id DESC LIMIT 1", got, sizeof got), want);
    CHECK_STR(scalar(a, "SELECT id FROM t WHERE tag = 'row-3'", got, sizeof got), "3");

    /* threads reading at once while the pages are dropped under them */
    reader_job jobs[2] = {{.path = path}, {.path = path}};
    pthread_t t[2];
    trims = mh_dbmap_trims();
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, read_all_pages, &jobs[i]) == 0);
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK_STR(jobs[i].check, "ok");
        snprintf(want, sizeof want, "%d", ROWS * 1048576);
        CHECK_STR(jobs[i].sum, want);
    }
    CHECK(mh_dbmap_trims() > trims);

    sqlite3_close(a);
    CHECK(mh_dbmap_live() == before + 1);
    sqlite3_close(b);
    CHECK(mh_dbmap_live() == before);

    /* a connection that may write reads and writes through the default VFS */
    sqlite3 *w = NULL;
    CHECK(sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE, mh_dbmap_vfs()) == SQLITE_OK);
    CHECK(sqlite3_exec(w, "PRAGMA mmap_size = 1048576; INSERT INTO t VALUES (1000, 'new', x'00')",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(mh_dbmap_live() == before);
    CHECK_STR(scalar(w, "SELECT tag FROM t WHERE id = 1000", got, sizeof got), "new");
    sqlite3_close(w);

    /* a file that is not a database fails as it would unmapped */
    CHECK(t_write(dir, "bad.db", "not a database, not at all; ", 29, path, sizeof path) == 0);
    sqlite3 *bad = open_mapped(path);
    CHECK_STR(scalar(bad, "SELECT count(*) FROM sqlite_master", got, sizeof got), "(error)");
    CHECK(bad == NULL || sqlite3_errcode(bad) == SQLITE_NOTADB);
    sqlite3_close(bad);
    CHECK(mh_dbmap_live() == before);

    test_drop_keeps_pages_read(dir);
    t_rmtree(dir);
}
