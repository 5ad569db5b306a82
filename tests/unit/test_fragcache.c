/* test_fragcache.c — the engine-wide cache of entity records under several
 * threads: each thread looks up, builds on a miss and stores, in a cache
 * far smaller than the keys, so slots are evicted while other threads still
 * read their fragments. Every fragment read must be the one asked for and
 * intact (ASan and valgrind catch a fragment freed too early or never). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fragcache.h"
#include "harness.h"

#define THREADS 4
#define ROUNDS  20000
#define KEYS    97

typedef struct worker {
    mh_fragcache *cache;
    unsigned seed;
    long hits, builds, wrong;
} worker;

static void *hammer(void *arg)
{
    worker *w = arg;
    static const char *const dates[] = {"2020-01-01", "2024-06-30"};
    for (int i = 0; i < ROUNDS; i++) {
        w->seed = w->seed * 1103515245u + 12345u;
        long long entity = (long long)((w->seed >> 8) % KEYS) + 1;
        mh_frag_kind kind = (w->seed >> 4) % 2 ? FRAG_FULL : FRAG_CORE;
        const char *date = dates[(w->seed >> 20) % 2];
        mh_frag *f = mh_fragcache_get(w->cache, entity, date, kind);
        if (f) {
            w->hits++;
        } else {
            json_t *v = json_pack("{s:I,s:i,s:s}", "entity", (json_int_t)entity, "kind", (int)kind,
                                  "date", kind == FRAG_CORE ? "" : date);
            f = mh_frag_new(v);
            if (!f)
                continue;
            mh_fragcache_put(w->cache, entity, date, kind, f);
            w->builds++;
        }
        json_t *v = f->value;
        const char *want_date = kind == FRAG_CORE ? "" : date;
        if (json_integer_value(json_object_get(v, "entity")) != entity ||
            json_integer_value(json_object_get(v, "kind")) != (json_int_t)kind ||
            strcmp(json_string_value(json_object_get(v, "date")), want_date) != 0 || f->len == 0 ||
            f->text[0] != '{')
            w->wrong++;
        mh_frag_unref(f);
    }
    return NULL;
}

void test_fragcache_threads(void)
{
    mh_fragcache *cache = NULL;
    CHECK(mh_fragcache_create(16, &cache) == MH_OK);
    if (!cache)
        return;
    worker w[THREADS];
    pthread_t t[THREADS];
    int started = 0;
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){cache, 7u + 13u * (unsigned)i, 0, 0, 0};
        if (pthread_create(&t[i], NULL, hammer, &w[i]) == 0)
            started++;
        else
            break;
    }
    CHECK(started == THREADS);
    long hits = 0, builds = 0, wrong = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        hits += w[i].hits;
        builds += w[i].builds;
        wrong += w[i].wrong;
    }
    CHECK(wrong == 0);
    CHECK(hits > 0 && builds > 0); /* both paths ran, and evictions with them */
    CHECK(hits + builds == (long)started * ROUNDS);
    /* a fragment held across a clear stays readable until released */
    mh_frag *held = mh_frag_new(json_pack("{s:s}", "x", "y"));
    CHECK(held != NULL);
    mh_fragcache_put(cache, 1, NULL, FRAG_CORE, held);
    mh_fragcache_clear(cache);
    CHECK(mh_fragcache_get(cache, 1, NULL, FRAG_CORE) == NULL);
    CHECK(held && held->len == 9 && memcmp(held->text, "{\"x\":\"y\"}", 9) == 0);
    mh_frag_unref(held);
    /* a dated fragment put for no one date is found on the dates it holds for */
    mh_frag *dated = mh_frag_from_text("{\"o\":1}", 7);
    CHECK(dated != NULL);
    if (dated) {
        dated->dated = 1;
        memcpy(dated->valid_from, "2023-06-01", 11);
        memcpy(dated->valid_until, "2023-12-01", 11);
        mh_fragcache_put(cache, 7, NULL, FRAG_FULL, dated);
        static const char *const on[] = {"2023-06-01", "2023-11-30"};
        static const char *const off[] = {"2023-05-31", "2023-12-01", "2024-01-01"};
        for (size_t i = 0; i < 2; i++) {
            mh_frag *f = mh_fragcache_get(cache, 7, on[i], FRAG_FULL);
            CHECK(f == dated);
            mh_frag_unref(f);
        }
        for (size_t i = 0; i < 3; i++)
            CHECK(mh_fragcache_get(cache, 7, off[i], FRAG_FULL) == NULL);
        CHECK(mh_fragcache_get(cache, 7, NULL, FRAG_FULL) == NULL);
        mh_frag_unref(dated);
    }
    mh_fragcache_free(cache);
}

/* A fragment put for one date is found on that date only, also in a cache
 * that had none put for one date before (the get skips that lookup until
 * then). */
void test_fragcache_dates(void)
{
    mh_fragcache *cache = NULL;
    CHECK(mh_fragcache_create(64, &cache) == MH_OK);
    if (!cache)
        return;
    mh_frag *all = mh_frag_from_text("{\"a\":1}", 7), *one = mh_frag_from_text("{\"b\":2}", 7);
    CHECK(all && one);
    if (all && one) {
        mh_fragcache_put(cache, 3, NULL, FRAG_FULL, all);
        mh_frag *f = mh_fragcache_get(cache, 3, "2024-01-01", FRAG_FULL);
        CHECK(f == all);
        mh_frag_unref(f);
        CHECK(mh_fragcache_get(cache, 4, "2024-01-01", FRAG_FULL) == NULL);
        mh_fragcache_put(cache, 4, "2024-01-01", FRAG_FULL, one);
        f = mh_fragcache_get(cache, 4, "2024-01-01", FRAG_FULL);
        CHECK(f == one);
        mh_frag_unref(f);
        CHECK(mh_fragcache_get(cache, 4, "2024-01-02", FRAG_FULL) == NULL);
        CHECK(mh_fragcache_get(cache, 4, NULL, FRAG_FULL) == NULL);
        /* a kind that does not depend on the date ignores it */
        mh_fragcache_put(cache, 5, "2024-01-01", FRAG_CORE, one);
        f = mh_fragcache_get(cache, 5, "1999-12-31", FRAG_CORE);
        CHECK(f == one);
        mh_frag_unref(f);
    }
    mh_frag_unref(all);
    mh_frag_unref(one);
    mh_fragcache_free(cache);
}

/* A record read as text: its members found in one pass when there are few,
 * in two when there are more than the pass keeps; keys decoded, each
 * member's value located in the text. */
static void check_members(size_t n)
{
    char text[8192];
    size_t len = 0;
    text[len++] = '{';
    for (size_t i = 0; i < n; i++)
        /* every seventh key escaped: "k\u0041<i>" is "kA<i>" */
        len += (size_t)snprintf(text + len, sizeof text - len, "%s\"k%s%zu\":[%zu,\"v\"]",
                                i ? "," : "", i % 7 == 0 ? "\\u0041" : "A", i, i);
    text[len++] = '}';
    mh_frag *f = mh_frag_from_text(text, len);
    CHECK(f != NULL);
    if (!f)
        return;
    /* the fragment holds a copy: what follows reads it, not the source */
    memset(text, '#', len);
    CHECK(f->nmembers == n);
    for (size_t i = 0; i < f->nmembers && i < n; i++) {
        char key[32], value[32];
        snprintf(key, sizeof key, "kA%zu", i);
        snprintf(value, sizeof value, "[%zu,\"v\"]", i);
        CHECK_STR(f->members[i].key, key);
        CHECK(f->members[i].len == strlen(value) &&
              memcmp(f->text + f->members[i].off, value, f->members[i].len) == 0);
        /* the key's token starts the member's text: `"kA<i>":` or its escaped form */
        const char *kt = f->text + f->members[i].key_off;
        CHECK(kt[0] == '"' && f->members[i].key_off < f->members[i].off &&
              f->text[f->members[i].off - 1] == ':' && f->text[f->members[i].off - 2] == '"');
        CHECK(f->members[i].key_off == (i ? f->members[i - 1].off + f->members[i - 1].len + 1 : 1));
    }
    CHECK(n == 0 || mh_frag_member_of(f, "kA0") == &f->members[0]);
    mh_frag_unref(f);
}

void test_frag_members(void)
{
    check_members(0);
    check_members(1);
    check_members(64);
    check_members(65);
    check_members(200);
}

/* An uncounted fragment (the engine's shared `null`): references taken and
 * dropped any number of times, by threads at once, leave it whole and its
 * count untouched; its owner frees it. */
static void *ref_and_drop(void *arg)
{
    mh_frag *f = arg;
    for (int i = 0; i < 100000; i++) {
        mh_frag *r = mh_frag_ref(f);
        mh_frag_unref(r);
        mh_frag_unref(r); /* one more than taken: counted, it would be freed */
    }
    return NULL;
}

void test_frag_uncounted(void)
{
    mh_frag *f = mh_frag_from_text("null", 4);
    CHECK(f != NULL);
    if (!f)
        return;
    mh_frag_set_uncounted(f);
    pthread_t t[2];
    int started = 0;
    for (int i = 0; i < 2; i++)
        started += pthread_create(&t[i], NULL, ref_and_drop, f) == 0;
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    CHECK(started == 2);
    CHECK(f->refs == 1 && f->len == 4 && strcmp(f->text, "null") == 0);
    mh_frag_free(f);
}
