/* hostmemo.c — direct-mapped memo of domain rows by host, under striped
 * locks (entries are copied in and out while the lock is held). */
#include "hostmemo.h"

#include <string.h>

#include "alloc.h"
#include "stripes.h"

#define SLOTS    2048 /* a power of two */
#define HOST_KEY 96   /* longer hosts are not kept */

typedef struct slot {
    int used;
    char host[HOST_KEY];
    mh_host_rows rows;
} slot;

struct mh_host_memo {
    mh_stripes locks;
    slot slot[SLOTS];
};

static size_t slot_of(const char *host)
{
    unsigned long long h = 1469598103934665603ull;
    for (const char *p = host; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 31)) & (SLOTS - 1);
}

mh_status mh_host_memo_create(mh_host_memo **out)
{
    *out = NULL;
    mh_host_memo *m = mh_calloc(1, sizeof *m);
    if (!m)
        return MH_ERR_NOMEM;
    if (mh_stripes_init(&m->locks) != MH_OK) {
        mh_free(m);
        return MH_ERR_NOMEM;
    }
    *out = m;
    return MH_OK;
}

void mh_host_memo_clear(mh_host_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < SLOTS; i++) {
        pthread_mutex_lock(mh_stripe(&m->locks, i));
        m->slot[i].used = 0;
        pthread_mutex_unlock(mh_stripe(&m->locks, i));
    }
}

void mh_host_memo_free(mh_host_memo *m)
{
    if (!m)
        return;
    mh_stripes_destroy(&m->locks);
    mh_free(m);
}

int mh_host_memo_get(mh_host_memo *m, const char *host, mh_host_rows *out)
{
    if (!m || strlen(host) >= HOST_KEY)
        return 0;
    size_t i = slot_of(host);
    int hit = 0;
    pthread_mutex_lock(mh_stripe(&m->locks, i));
    if (m->slot[i].used && strcmp(m->slot[i].host, host) == 0) {
        *out = m->slot[i].rows;
        hit = 1;
    }
    pthread_mutex_unlock(mh_stripe(&m->locks, i));
    return hit;
}

void mh_host_memo_put(mh_host_memo *m, const char *host, const mh_host_rows *rows)
{
    size_t len = strlen(host);
    if (!m || len >= HOST_KEY)
        return;
    size_t i = slot_of(host);
    pthread_mutex_lock(mh_stripe(&m->locks, i));
    m->slot[i].used = 1;
    memcpy(m->slot[i].host, host, len + 1);
    m->slot[i].rows = *rows;
    pthread_mutex_unlock(mh_stripe(&m->locks, i));
}
