/* test_hostmemo.c — the host memo: hosts come back as they were put, in
 * the small form (one row or none, the domain ending the host) and in the
 * whole one (paths, dates, several rows, a domain elsewhere); the most
 * recently used hosts of a set stay; threads putting and getting at once
 * never read an entry torn between two hosts. */
#include <stdio.h>
#include <string.h>

#include "hammer.h"
#include "harness.h"
#include "hostmemo.h"
#include "strcopy.h"

static mh_host_rows rows_of(const char *domain, int n, long long entity)
{
    mh_host_rows r;
    memset(&r, 0xAB, sizeof r); /* what a get must not leave as it was */
    mh_strcopy(r.domain, sizeof r.domain, domain);
    r.n = n;
    for (int i = 0; i < n; i++) {
        mh_host_row *w = &r.row[i];
        w->entity = entity + i;
        w->path[0] = w->since[0] = w->until[0] = '\0';
        w->is_outlet = (unsigned char)(i % 2 == 0);
        w->is_wire = (unsigned char)(i == 1);
    }
    return r;
}

static int same_rows(const mh_host_rows *a, const mh_host_rows *b)
{
    if (strcmp(a->domain, b->domain) != 0 || a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const mh_host_row *x = &a->row[i], *y = &b->row[i];
        if (x->entity != y->entity || strcmp(x->path, y->path) || strcmp(x->since, y->since) ||
            strcmp(x->until, y->until) || x->is_outlet != y->is_outlet || x->is_wire != y->is_wire)
            return 0;
    }
    return 1;
}

static void kept_as_put(mh_host_memo *m)
{
    mh_host_rows out, in;
    CHECK(!mh_host_memo_get(m, "www.example.com", &out));
    /* small: one row, the domain ending the host */
    in = rows_of("example.com", 1, 42);
    mh_host_memo_put(m, "www.example.com", &in);
    memset(&out, 0xCD, sizeof out);
    CHECK(mh_host_memo_get(m, "www.example.com", &out) && same_rows(&out, &in));
    /* small: no row, no registrable domain */
    in = rows_of("", 0, 0);
    mh_host_memo_put(m, "localhost", &in);
    memset(&out, 0xCD, sizeof out);
    CHECK(mh_host_memo_get(m, "localhost", &out) && same_rows(&out, &in));
    /* the host is its own domain */
    in = rows_of("bbc.co.uk", 1, 7);
    mh_host_memo_put(m, "bbc.co.uk", &in);
    CHECK(mh_host_memo_get(m, "bbc.co.uk", &out) && same_rows(&out, &in));
    /* whole: several rows, a path, dates */
    in = rows_of("news.example.org", 3, 100);
    mh_strcopy(in.row[1].path, sizeof in.row[1].path, "/world");
    mh_strcopy(in.row[2].since, sizeof in.row[2].since, "2020-01-01");
    mh_strcopy(in.row[2].until, sizeof in.row[2].until, "2021-06-30");
    mh_host_memo_put(m, "news.example.org", &in);
    memset(&out, 0xCD, sizeof out);
    CHECK(mh_host_memo_get(m, "news.example.org", &out) && same_rows(&out, &in));
    /* whole: one row with a path; a domain that does not end the host */
    in = rows_of("example.net", 1, 5);
    mh_strcopy(in.row[0].path, sizeof in.row[0].path, "/blog");
    mh_host_memo_put(m, "a.example.net", &in);
    CHECK(mh_host_memo_get(m, "a.example.net", &out) && same_rows(&out, &in));
    in = rows_of("other.com", 1, 6);
    mh_host_memo_put(m, "x.example.com", &in);
    CHECK(mh_host_memo_get(m, "x.example.com", &out) && same_rows(&out, &in));
    /* a long host: whole; a longer one is not kept */
    char host[200];
    memset(host, 'a', sizeof host);
    memcpy(host + 80, ".example.com", 13);
    in = rows_of("example.com", 1, 9);
    mh_host_memo_put(m, host, &in);
    CHECK(mh_host_memo_get(m, host, &out) && same_rows(&out, &in));
    memset(host, 'b', sizeof host);
    memcpy(host + 150, ".example.com", 13);
    mh_host_memo_put(m, host, &in);
    CHECK(!mh_host_memo_get(m, host, &out));
    /* put again: the newer rows, in whichever form they take */
    in = rows_of("example.com", 1, 43);
    mh_host_memo_put(m, "www.example.com", &in);
    CHECK(mh_host_memo_get(m, "www.example.com", &out) && out.row[0].entity == 43);
    in = rows_of("example.com", 2, 44); /* small, then whole */
    mh_host_memo_put(m, "www.example.com", &in);
    CHECK(mh_host_memo_get(m, "www.example.com", &out) && same_rows(&out, &in));
    in = rows_of("example.com", 1, 45); /* whole, then small */
    mh_host_memo_put(m, "www.example.com", &in);
    CHECK(mh_host_memo_get(m, "www.example.com", &out) && same_rows(&out, &in));
    /* a host of 50 bytes is small, of 51 whole: both come back */
    for (size_t n = 50; n <= 51; n++) {
        memset(host, 'c', n);
        memcpy(host + n - 12, ".example.com", 13);
        in = rows_of("example.com", 1, (long long)n);
        mh_host_memo_put(m, host, &in);
        CHECK(mh_host_memo_get(m, host, &out) && same_rows(&out, &in));
    }
    mh_host_memo_clear(m);
    CHECK(!mh_host_memo_get(m, "www.example.com", &out));
    CHECK(!mh_host_memo_get(m, "news.example.org", &out));
}

/* Hosts used again and again stay while many others pass through. */
static void recent_stay(mh_host_memo *m)
{
    mh_host_rows in = rows_of("example.com", 1, 1), out;
    mh_host_memo_put(m, "hot.example.com", &in);
    int kept = 1;
    for (int k = 0; k < 200000 && kept; k++) {
        char host[40];
        snprintf(host, sizeof host, "h%d.example.com", k);
        mh_host_memo_put(m, host, &in);
        kept = mh_host_memo_get(m, "hot.example.com", &out);
    }
    CHECK(kept);
    mh_host_memo_clear(m);
}

/* Threads put and get hosts whose rows are derived from the host: any
 * rows read back must be their host's own. */
#define HOSTS  40000
#define ROUNDS 100000

static void *hammer(void *p)
{
    hammer_arg *a = p;
    mh_host_memo *m = a->table;
    for (int r = 0; r < ROUNDS; r++) {
        a->seed = a->seed * 1103515245u + 12345u;
        int k = (int)((a->seed >> 8) % HOSTS);
        char host[48], domain[40];
        snprintf(domain, sizeof domain, "site%d.com", k);
        snprintf(host, sizeof host, "www.%s", domain);
        mh_host_rows out;
        if (!mh_host_memo_get(m, host, &out)) {
            mh_host_rows in = rows_of(domain, k % 3 == 0 ? 2 : 1, k + 1);
            mh_host_memo_put(m, host, &in);
            continue;
        }
        a->hits++;
        if (strcmp(out.domain, domain) != 0 || out.n != (k % 3 == 0 ? 2 : 1) ||
            out.row[0].entity != k + 1)
            a->wrong++;
    }
    return NULL;
}

static void threads(mh_host_memo *m)
{
    long hits, wrong;
    CHECK(hammer_run(hammer, m, 7u, 4, &hits, &wrong) == 4);
    CHECK(wrong == 0);
    CHECK(hits > 0);
}

void test_hostmemo(void)
{
    mh_host_memo *m = NULL;
    CHECK(mh_host_memo_create(&m) == MH_OK);
    if (!m)
        return;
    kept_as_put(m);
    recent_stay(m);
    threads(m);
    mh_host_memo_free(m);
}
