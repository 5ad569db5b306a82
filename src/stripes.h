/* stripes.h — the locks of a table shared by threads, one per stripe of
 * its slots: two threads wait for each other only when they touch slots of
 * the same stripe.
 *
 * Why: the engine's caches (records, names, hosts) are read by every
 * worker many times a record, in critical sections of a few dozen
 * instructions. The record cache and the name memo had one mutex each, and
 * two workers met there often enough that those locks made 22,000 of the
 * 46,000 futex calls of a -j2 run on the 500 MB benchmark corpus (each a
 * sleep or a wake). Each lock sits alone on its cache line(s), so that
 * taking one does not take its neighbours' line from the other core (the
 * host memo's 16 locks were packed side by side). */
#ifndef MH_STRIPES_H
#define MH_STRIPES_H

#include <pthread.h>
#include <stddef.h>

#include "masthead.h"

#define MH_STRIPES 64 /* a power of two */

typedef struct mh_stripes {
    /* 128 bytes a lock: however the table is aligned, no two locks share
       a 64-byte line */
    union {
        pthread_mutex_t mu;
        char line[128];
    } lock[MH_STRIPES];
} mh_stripes;

mh_status mh_stripes_init(mh_stripes *s);
void mh_stripes_destroy(mh_stripes *s);

/* A table shared by threads, as the memos are: `size` zeroed bytes on a
 * cache line, with its stripes (at `locks_off` bytes into it) ready;
 * *base gets what mh_striped_table_free takes. NULL when out of memory. */
void *mh_striped_table_new(size_t size, size_t locks_off, void **base);
void mh_striped_table_free(void *table, size_t locks_off, void *base);

/* The lock of the stripe holding slot number `slot`. */
static inline pthread_mutex_t *mh_stripe(mh_stripes *s, size_t slot)
{
    return &s->lock[slot & (MH_STRIPES - 1)].mu;
}

#endif
