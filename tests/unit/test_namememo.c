/* test_namememo.c — the name memo: what is kept comes back as it was put
 * (placed as the template's marker), keys are told apart by date and mode,
 * what does not fit is not kept, and threads putting and getting at once
 * never read an entry torn between two names. */
#include <stdio.h>
#include <string.h>

#include "hammer.h"
#include "harness.h"
#include "namememo.h"
#include "strcopy.h"

static mh_cand cand(long long entity, const char *matched)
{
    mh_cand c;
    memset(&c, 0, sizeof c);
    c.entity = entity;
    c.via = VIA_ALIAS;
    c.is_outlet = 1;
    c.ambiguous = 2;
    mh_strcopy(c.step, sizeof c.step, "alias");
    mh_strcopy(c.alias_kind, sizeof c.alias_kind, "name");
    mh_strcopy(c.matched, sizeof c.matched, matched);
    return c;
}

static void kept_as_put(mh_name_memo *m)
{
    mh_cand tmpl = cand(0, ""), out[MH_NAME_MEMO_CANDS];
    tmpl.marker = 5;
    tmpl.weight = 0.7;
    tmpl.role = 3;
    CHECK(mh_name_memo_get(m, "Reuters", 7, "", 0, &tmpl, out) == -1);
    mh_cand two[2] = {cand(11, "reuters"), cand(12, "reuters")};
    two[1].is_wire = 1;
    mh_name_memo_put(m, "Reuters", 7, "", 0, two, 2, &tmpl);
    int n = mh_name_memo_get(m, "Reuters", 7, "", 0, &tmpl, out);
    CHECK(n == 2);
    for (int i = 0; i < n && i < 2; i++) {
        CHECK(out[i].entity == two[i].entity && out[i].is_wire == two[i].is_wire);
        CHECK(out[i].marker == 5 && out[i].weight == 0.7 && out[i].role == 3);
        CHECK_STR(out[i].matched, "reuters");
        CHECK_STR(out[i].step, "alias");
        CHECK_STR(out[i].alias_kind, "name");
        CHECK(out[i].via == VIA_ALIAS && out[i].ambiguous == 2);
    }
    /* another mode, another date: other keys */
    CHECK(mh_name_memo_get(m, "Reuters", 7, "", 1, &tmpl, out) == -1);
    CHECK(mh_name_memo_get(m, "Reuters", 7, "2020-01-01", 0, &tmpl, out) == -1);
    /* a name that resolves to nothing: kept with what was tried */
    mh_cand miss = tmpl;
    mh_strcopy(miss.matched, sizeof miss.matched, "police");
    mh_name_memo_put(m, "Police", 6, "2020-01-01", 0, NULL, 0, &miss);
    mh_cand t2 = tmpl;
    CHECK(mh_name_memo_get(m, "Police", 6, "2020-01-01", 0, &t2, out) == 0);
    CHECK_STR(t2.matched, "police");
    CHECK(mh_name_memo_get(m, "Police", 6, "2020-01-02", 0, &tmpl, out) == -1);
}

static void not_kept(mh_name_memo *m)
{
    mh_cand tmpl = cand(0, ""), out[MH_NAME_MEMO_CANDS];
    /* candidates that differ in what an entry keeps once */
    mh_cand two[2] = {cand(1, "ap"), cand(2, "associated press")};
    mh_name_memo_put(m, "AP", 2, "", 0, two, 2, &tmpl);
    CHECK(mh_name_memo_get(m, "AP", 2, "", 0, &tmpl, out) == -1);
    /* more candidates than an entry holds */
    mh_cand many[MH_NAME_MEMO_CANDS + 1];
    for (int i = 0; i <= MH_NAME_MEMO_CANDS; i++)
        many[i] = cand(i + 1, "x");
    mh_name_memo_put(m, "X", 1, "", 0, many, MH_NAME_MEMO_CANDS + 1, &tmpl);
    CHECK(mh_name_memo_get(m, "X", 1, "", 0, &tmpl, out) == -1);
    /* a long name, a long host */
    char name[MH_NAME_MEMO_MAX + 8];
    memset(name, 'n', sizeof name);
    mh_cand one = cand(3, "n");
    mh_name_memo_put(m, name, MH_NAME_MEMO_MAX, "", 0, &one, 1, &tmpl);
    CHECK(mh_name_memo_get(m, name, MH_NAME_MEMO_MAX, "", 0, &tmpl, out) == -1);
    memset(one.host, 'h', 100);
    one.host[100] = '\0';
    mh_name_memo_put(m, "H", 1, "", 0, &one, 1, &tmpl);
    CHECK(mh_name_memo_get(m, "H", 1, "", 0, &tmpl, out) == -1);
}

/* Threads put and get names whose candidates are derived from the name:
 * any candidate read back must be its name's own. */
#define NAMES  20000
#define ROUNDS 60000

static void *hammer(void *p)
{
    hammer_arg *a = p;
    mh_name_memo *m = a->table;
    mh_cand tmpl = cand(0, ""), out[MH_NAME_MEMO_CANDS];
    for (int r = 0; r < ROUNDS; r++) {
        a->seed = a->seed * 1103515245u + 12345u;
        int k = (int)((a->seed >> 8) % NAMES);
        char name[32], folded[32];
        int len = snprintf(name, sizeof name, "Name %d", k);
        snprintf(folded, sizeof folded, "name %d", k);
        int n = mh_name_memo_get(m, name, (size_t)len, "", 0, &tmpl, out);
        if (n < 0) {
            mh_cand c[2] = {cand(k + 1, folded), cand(k + NAMES + 1, folded)};
            mh_name_memo_put(m, name, (size_t)len, "", 0, c, 1 + k % 2, &tmpl);
            continue;
        }
        a->hits++;
        if (n != 1 + k % 2 || out[0].entity != k + 1 || strcmp(out[0].matched, folded) != 0 ||
            (n == 2 && out[1].entity != k + NAMES + 1))
            a->wrong++;
    }
    return NULL;
}

static void threads(mh_name_memo *m)
{
    long hits, wrong;
    CHECK(hammer_run(hammer, m, 17u, 4, &hits, &wrong) == 4);
    CHECK(wrong == 0);
    CHECK(hits > 0);
    /* more names than entries: some were let go */
    mh_cand tmpl = cand(0, ""), out[MH_NAME_MEMO_CANDS];
    int gone = 0;
    for (int k = 0; k < NAMES; k++) {
        char name[32];
        int len = snprintf(name, sizeof name, "Name %d", k);
        gone += mh_name_memo_get(m, name, (size_t)len, "", 0, &tmpl, out) < 0;
    }
    CHECK(gone > 0);
    mh_name_memo_clear(m);
    CHECK(mh_name_memo_get(m, "Name 1", 6, "", 0, &tmpl, out) == -1);
}

void test_namememo(void)
{
    mh_name_memo *m = NULL;
    CHECK(mh_name_memo_create(&m) == MH_OK);
    if (!m)
        return;
    kept_as_put(m);
    not_kept(m);
    threads(m);
    mh_name_memo_free(m);
}
