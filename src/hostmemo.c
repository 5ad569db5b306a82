/* hostmemo.c — the host memo (hostmemo.h): four-way set-associative, under
 * striped locks; entries are copied in and out while the lock is held.
 *
 * Most hosts have one row or none, for the whole host and every date, and
 * their registrable domain ends them: such a host is kept in 64 bytes (a
 * cache line), the domain as where it starts in the host. The others (path
 * prefixes, dated rows, several rows, long hosts) keep the whole rows in a
 * small direct-mapped table beside. Why: the 500 MB benchmark corpus
 * links to 26,200 distinct hosts in 71,700 lookups, and each host read
 * from the database costs about 1.9 us (the domain query, the registrable
 * domain, the entity's traits); 2,048 whole entries (690 bytes each, 1.4
 * MB) missed 59,400 of the lookups, 4,096 sets of small ones (1 MB) 35,800,
 * 8,192 sets (2 MB) 29,700, 16,384 sets 27,900. */
#include "hostmemo.h"

#include <stddef.h>
#include <string.h>

#include "stripes.h"

#define SETS       8192 /* a power of two; WAYS entries each */
#define WAYS       4
#define SMALL_HOST 50  /* longer hosts are kept whole */
#define NO_DOMAIN  255 /* domain_off of a host without a registrable domain */
#define WHOLE      256 /* whole entries: a power of two */
#define WHOLE_HOST 96  /* longer hosts are not kept */

typedef struct small {
    long long entity;      /* the row's entity, when n is 1 */
    unsigned char used, n; /* n: 0 or 1 row (no path, no dates) */
    unsigned char len;     /* of host (not NUL-terminated) */
    unsigned char domain_off;
    unsigned char is_outlet, is_wire;
    char host[SMALL_HOST];
} small;

typedef struct whole {
    int used;
    char host[WHOLE_HOST];
    mh_host_rows rows;
} whole;

struct mh_host_memo {
    small set[SETS][WAYS];   /* first: an entry a cache line; the most recently used first */
    mh_stripes locks;        /* a set, and a whole entry, is one stripe's */
    whole whole_slot[WHOLE]; /* direct-mapped */
    void *base;              /* what was allocated (the memo is aligned) */
};

_Static_assert(sizeof(small) == 64, "a small entry is one cache line");

static unsigned long long host_hash(const char *host, size_t len)
{
    unsigned long long h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)host[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 31);
}

mh_status mh_host_memo_create(mh_host_memo **out)
{
    *out = NULL;
    void *base;
    mh_host_memo *m = mh_striped_table_new(sizeof *m, offsetof(mh_host_memo, locks), &base);
    if (!m)
        return MH_ERR_NOMEM;
    m->base = base;
    *out = m;
    return MH_OK;
}

void mh_host_memo_clear(mh_host_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < SETS; i++) {
        pthread_mutex_lock(mh_stripe(&m->locks, i));
        for (int w = 0; w < WAYS; w++)
            m->set[i][w].used = 0;
        if (i < WHOLE)
            m->whole_slot[i].used = 0;
        pthread_mutex_unlock(mh_stripe(&m->locks, i));
    }
}

void mh_host_memo_free(mh_host_memo *m)
{
    if (!m)
        return;
    mh_striped_table_free(m, offsetof(mh_host_memo, locks), m->base);
}

/* Where rows' domain starts in host, NO_DOMAIN for none; -1 when the
 * entry cannot be small (the domain does not end the host, or the rows
 * need more than one row with no path and no dates). */
static int small_form(const char *host, size_t len, const mh_host_rows *rows)
{
    if (len > SMALL_HOST || rows->n > 1)
        return -1;
    const mh_host_row *r = &rows->row[0];
    if (rows->n == 1 && (r->path[0] || r->since[0] || r->until[0]))
        return -1;
    size_t dl = strlen(rows->domain);
    if (dl == 0)
        return NO_DOMAIN;
    if (dl > len || memcmp(host + len - dl, rows->domain, dl) != 0)
        return -1;
    return (int)(len - dl);
}

static void small_to_rows(const small *s, mh_host_rows *out)
{
    out->n = s->n;
    if (s->domain_off == NO_DOMAIN) {
        out->domain[0] = '\0';
    } else {
        memcpy(out->domain, s->host + s->domain_off, (size_t)(s->len - s->domain_off));
        out->domain[s->len - s->domain_off] = '\0';
    }
    if (s->n) {
        mh_host_row *r = &out->row[0];
        r->entity = s->entity;
        r->path[0] = r->since[0] = r->until[0] = '\0';
        r->is_outlet = s->is_outlet;
        r->is_wire = s->is_wire;
    }
}

int mh_host_memo_get(mh_host_memo *m, const char *host, mh_host_rows *out)
{
    size_t len = strlen(host);
    if (!m || len >= WHOLE_HOST)
        return 0;
    unsigned long long h = host_hash(host, len);
    size_t si = (size_t)h & (SETS - 1), wi = (size_t)(h >> 20) & (WHOLE - 1);
    int hit = 0;
    pthread_mutex_lock(mh_stripe(&m->locks, si));
    small *set = m->set[si];
    for (int w = 0; w < WAYS && !hit; w++) {
        if (!set[w].used || set[w].len != len || memcmp(set[w].host, host, len) != 0)
            continue;
        small_to_rows(&set[w], out);
        if (w > 0) { /* the most recently used first */
            small s = set[w];
            memmove(&set[1], &set[0], (size_t)w * sizeof *set);
            set[0] = s;
        }
        hit = 1;
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, si));
    if (hit)
        return 1;
    pthread_mutex_lock(mh_stripe(&m->locks, wi));
    whole *x = &m->whole_slot[wi];
    if (x->used && strcmp(x->host, host) == 0) {
        *out = x->rows;
        hit = 1;
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, wi));
    return hit;
}

void mh_host_memo_put(mh_host_memo *m, const char *host, const mh_host_rows *rows)
{
    size_t len = strlen(host);
    if (!m || len >= WHOLE_HOST)
        return;
    unsigned long long h = host_hash(host, len);
    size_t si = (size_t)h & (SETS - 1), wi = (size_t)(h >> 20) & (WHOLE - 1);
    int off = small_form(host, len, rows);
    /* a host is kept in one form: the other one's entry goes (a get looks
     * at the small form first) */
    pthread_mutex_lock(mh_stripe(&m->locks, wi));
    whole *x = &m->whole_slot[wi];
    if (off < 0) {
        x->used = 1;
        memcpy(x->host, host, len + 1);
        x->rows = *rows;
    } else if (x->used && strcmp(x->host, host) == 0) {
        x->used = 0;
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, wi));
    if (off < 0) {
        pthread_mutex_lock(mh_stripe(&m->locks, si));
        small *set = m->set[si];
        for (int w = 0; w < WAYS; w++)
            if (set[w].used && set[w].len == len && memcmp(set[w].host, host, len) == 0)
                set[w].used = 0;
        pthread_mutex_unlock(mh_stripe(&m->locks, si));
        return;
    }
    small s;
    memset(&s, 0, sizeof s);
    s.used = 1;
    s.n = (unsigned char)rows->n;
    s.len = (unsigned char)len;
    s.domain_off = (unsigned char)off;
    memcpy(s.host, host, len);
    if (rows->n) {
        s.entity = rows->row[0].entity;
        s.is_outlet = rows->row[0].is_outlet;
        s.is_wire = rows->row[0].is_wire;
    }
    pthread_mutex_lock(mh_stripe(&m->locks, si));
    small *set = m->set[si];
    /* the host's own entry (another thread's, put meanwhile) is replaced,
     * else the least recently used */
    int w = 0;
    while (w < WAYS - 1 &&
           !(set[w].used && set[w].len == len && memcmp(set[w].host, host, len) == 0))
        w++;
    memmove(&set[1], &set[0], (size_t)w * sizeof *set);
    set[0] = s;
    pthread_mutex_unlock(mh_stripe(&m->locks, si));
}
