/* test_keyfilter.c — the Bloom filters over lookup keys: every key of its
 * table passes, most others do not, and a stale or damaged one is named
 * or not used. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "keyfilter.h"
#include "harness.h"

static void count_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)file;
    (void)line;
    (void)col;
    (void)msg;
    (*(int *)ud)++;
}

static sqlite3 *filter_db(int keys)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "CREATE TABLE alias (norm TEXT NOT NULL); CREATE TABLE domain (host TEXT "
                       "NOT NULL); CREATE TABLE key_filter (keys TEXT PRIMARY KEY, format "
                       "INTEGER NOT NULL, filter BLOB NOT NULL)",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    char sql[160];
    for (int i = 0; i < keys; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO alias VALUES ('name %d'); INSERT INTO domain VALUES "
                 "('site%d.example')",
                 i, i);
        CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return db;
}

void test_keyfilter(void)
{
    sqlite3 *db = filter_db(5000);
    CHECK(mh_keyfilter_render(db) == MH_OK);
    mh_keyfilter *names = mh_keyfilter_load(db, MH_KEYS_ALIAS_NORM);
    mh_keyfilter *hosts = mh_keyfilter_load(db, MH_KEYS_DOMAIN_HOST);
    CHECK(names && hosts);
    char key[64];
    int missed = 0, passed = 0;
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "name %d", i);
        missed += !mh_keyfilter_may_hold(names, key, strlen(key));
        snprintf(key, sizeof key, "site%d.example", i);
        missed += !mh_keyfilter_may_hold(hosts, key, strlen(key));
        /* keys of the other set, and keys of neither */
        passed += mh_keyfilter_may_hold(hosts, "name 1", 6);
        snprintf(key, sizeof key, "name %d", i + 5000);
        passed += mh_keyfilter_may_hold(names, key, strlen(key));
        snprintf(key, sizeof key, "other%d.example", i);
        passed += mh_keyfilter_may_hold(hosts, key, strlen(key));
    }
    CHECK(missed == 0);
    CHECK(passed < 15000 / 50); /* under 2% of absent keys pass */
    CHECK(mh_keyfilter_may_hold(NULL, "anything", 8));
    int problems = 0;
    CHECK(mh_keyfilter_verify(db, count_diag, &problems) == MH_OK && problems == 0);

    /* a key added since: the filter is stale, and verify says so */
    CHECK(sqlite3_exec(db, "INSERT INTO alias VALUES ('added since')", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK(mh_keyfilter_verify(db, count_diag, &problems) == MH_ERR_DATA && problems == 1);

    /* another format, or a cut blob: not used, and named */
    CHECK(sqlite3_exec(db, "UPDATE key_filter SET format = 2 WHERE keys = 'domain.host'", NULL,
                       NULL, NULL) == SQLITE_OK);
    CHECK(mh_keyfilter_load(db, MH_KEYS_DOMAIN_HOST) == NULL);
    CHECK(sqlite3_exec(db,
                       "UPDATE key_filter SET format = 1, filter = substr(filter, 1, 100) "
                       "WHERE keys = 'domain.host'",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(mh_keyfilter_load(db, MH_KEYS_DOMAIN_HOST) == NULL);
    problems = 0;
    CHECK(mh_keyfilter_verify(db, count_diag, &problems) == MH_ERR_DATA && problems == 2);

    /* none stored: none loaded, and verify passes */
    CHECK(sqlite3_exec(db, "DELETE FROM key_filter", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(mh_keyfilter_load(db, MH_KEYS_ALIAS_NORM) == NULL);
    problems = 0;
    CHECK(mh_keyfilter_verify(db, count_diag, &problems) == MH_OK && problems == 0);
    mh_keyfilter_free(names);
    mh_keyfilter_free(hosts);
    sqlite3_close(db);

    /* empty tables: filters that say no to everything */
    db = filter_db(0);
    CHECK(mh_keyfilter_render(db) == MH_OK);
    names = mh_keyfilter_load(db, MH_KEYS_ALIAS_NORM);
    CHECK(names && !mh_keyfilter_may_hold(names, "reuters", 7));
    mh_keyfilter_free(names);
    sqlite3_close(db);
}
