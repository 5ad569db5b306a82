/* namememo.c — the name memo (namememo.h): two-way set-associative, under
 * striped locks; entries are copied in and out while the lock is held.
 *
 * An entry keeps once what the candidates of one name share (the folded
 * name matched, the host and domain of a name that spells one) and per
 * candidate only what differs: 680 bytes an entry where a whole candidate
 * each made it 1,576, so that four times the entries fit in 1.7 times the
 * memory (5.6 MB). On the 500 MB benchmark corpus, of 222,600 names looked
 * up, 43,700 were not found kept with 2,048 direct-mapped entries, 17,000
 * with these 8,192 in pairs. */
#include "namememo.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "strcopy.h"
#include "stripes.h"

#define SETS      4096 /* a power of two; two entries each */
#define MEMO_HOST 64   /* longer hosts are not kept */

typedef struct kept_cand {
    long long entity;
    mh_via via;
    int is_outlet, is_wire, ambiguous;
    char step[sizeof((mh_cand *)0)->step];
    char alias_kind[sizeof((mh_cand *)0)->alias_kind];
} kept_cand;

/* What a lookup reads first (the key's hash, whether the entry is in use)
 * leads: an entry not holding the name is told by its first 16 bytes,
 * read from one cache line (they were 120 bytes apart). */
typedef struct entry {
    unsigned long long hash;
    int used, mode, n;
    size_t len;
    char date[11];
    char name[MH_NAME_MEMO_MAX];
    kept_cand cands[MH_NAME_MEMO_CANDS];
    char matched[sizeof((mh_cand *)0)->matched];
    char host[MEMO_HOST], domain[MEMO_HOST];
} entry;

struct mh_name_memo {
    entry set[SETS][2]; /* first, on a cache line; the newer entry first */
    mh_stripes locks;   /* a set is one stripe's */
    void *base;         /* what was allocated (the memo is aligned) */
};

mh_status mh_name_memo_create(mh_name_memo **out)
{
    *out = NULL;
    void *base;
    mh_name_memo *m = mh_striped_table_new(sizeof *m, offsetof(mh_name_memo, locks), &base);
    if (!m)
        return MH_ERR_NOMEM;
    m->base = base;
    *out = m;
    return MH_OK;
}

void mh_name_memo_clear(mh_name_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < SETS; i++) {
        pthread_mutex_lock(mh_stripe(&m->locks, i));
        m->set[i][0].used = m->set[i][1].used = 0;
        pthread_mutex_unlock(mh_stripe(&m->locks, i));
    }
}

void mh_name_memo_free(mh_name_memo *m)
{
    if (!m)
        return;
    mh_striped_table_free(m, offsetof(mh_name_memo, locks), m->base);
}

static unsigned long long name_hash(const char *s, size_t n, const char *date, int exact)
{
    unsigned long long h = 1469598103934665603ull ^ (unsigned long long)exact;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    for (const char *p = date; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static int same_key(const entry *e, unsigned long long h, const char *name, size_t len,
                    const char *date_key, int mode)
{
    return e->hash == h && e->used && e->len == len && e->mode == mode &&
           memcmp(e->name, name, len) == 0 && strcmp(e->date, date_key) == 0;
}

int mh_name_memo_get(mh_name_memo *m, const char *name, size_t len, const char *date_key, int mode,
                     mh_cand *tmpl, mh_cand *out)
{
    if (!m || len >= MH_NAME_MEMO_MAX)
        return -1;
    unsigned long long h = name_hash(name, len, date_key, mode);
    size_t si = (size_t)h & (SETS - 1);
    int n = -1;
    pthread_mutex_lock(mh_stripe(&m->locks, si));
    const entry *e = m->set[si];
    if (!same_key(e, h, name, len, date_key, mode))
        e++;
    if (same_key(e, h, name, len, date_key, mode)) {
        n = e->n;
        if (n == 0)
            memcpy(tmpl->matched, e->matched, sizeof tmpl->matched);
        for (int i = 0; i < n; i++) {
            mh_cand *c = &out[i];
            const kept_cand *k = &e->cands[i];
            memset(c, 0, sizeof *c);
            c->marker = tmpl->marker;
            c->weight = tmpl->weight;
            c->role = tmpl->role;
            c->entity = k->entity;
            c->via = k->via;
            c->is_outlet = k->is_outlet;
            c->is_wire = k->is_wire;
            c->ambiguous = k->ambiguous;
            memcpy(c->step, k->step, sizeof c->step);
            memcpy(c->alias_kind, k->alias_kind, sizeof c->alias_kind);
            memcpy(c->matched, e->matched, sizeof c->matched);
            mh_strcopy(c->host, sizeof c->host, e->host);
            mh_strcopy(c->domain, sizeof c->domain, e->domain);
        }
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, si));
    return n;
}

/* Do the candidates share what an entry keeps once, and does it fit? */
static int fits(const mh_cand *cands, int n)
{
    if (n > MH_NAME_MEMO_CANDS)
        return 0;
    for (int i = 0; i < n; i++) {
        const mh_cand *c = &cands[i];
        if (strlen(c->host) >= MEMO_HOST || strlen(c->domain) >= MEMO_HOST)
            return 0;
        if (i > 0 &&
            (strcmp(c->matched, cands[0].matched) != 0 || strcmp(c->host, cands[0].host) != 0 ||
             strcmp(c->domain, cands[0].domain) != 0))
            return 0;
    }
    return 1;
}

void mh_name_memo_put(mh_name_memo *m, const char *name, size_t len, const char *date_key, int mode,
                      const mh_cand *cands, int n, const mh_cand *tmpl)
{
    if (!m || len >= MH_NAME_MEMO_MAX || !fits(cands, n))
        return;
    unsigned long long h = name_hash(name, len, date_key, mode);
    size_t si = (size_t)h & (SETS - 1);
    pthread_mutex_lock(mh_stripe(&m->locks, si));
    entry *set = m->set[si], *e = &set[0];
    /* the same key is replaced where it is; else the older entry goes and
       the newer one moves second */
    if (same_key(&set[1], h, name, len, date_key, mode))
        e = &set[1];
    else if (!same_key(&set[0], h, name, len, date_key, mode) && set[0].used)
        set[1] = set[0];
    e->used = 1;
    e->hash = h;
    e->len = len;
    memcpy(e->name, name, len);
    mh_strcopy(e->date, sizeof e->date, date_key);
    e->mode = mode;
    e->n = n;
    const mh_cand *shared = n ? &cands[0] : tmpl;
    memcpy(e->matched, shared->matched, sizeof e->matched);
    mh_strcopy(e->host, sizeof e->host, n ? shared->host : "");
    mh_strcopy(e->domain, sizeof e->domain, n ? shared->domain : "");
    for (int i = 0; i < n; i++) {
        kept_cand *k = &e->cands[i];
        k->entity = cands[i].entity;
        k->via = cands[i].via;
        k->is_outlet = cands[i].is_outlet;
        k->is_wire = cands[i].is_wire;
        k->ambiguous = cands[i].ambiguous;
        memcpy(k->step, cands[i].step, sizeof k->step);
        memcpy(k->alias_kind, cands[i].alias_kind, sizeof k->alias_kind);
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, si));
}
