/* hammer.h — threads using one shared table at once, for the tests of the
 * engine's caches: each thread runs the test's function on its own
 * hammer_arg (a seed of its own), and what they counted is summed. */
#ifndef MH_TEST_HAMMER_H
#define MH_TEST_HAMMER_H

typedef struct hammer_arg {
    void *table;   /* the table under test */
    unsigned seed; /* this thread's */
    long hits;     /* lookups that found an entry */
    long wrong;    /* entries found that were not what was put */
} hammer_arg;

/* Run fn on n threads (at most 8) at once, thread i seeded from seed and
 * i; sets *hits and *wrong to the sums. Returns how many threads ran. */
int hammer_run(void *(*fn)(void *), void *table, unsigned seed, int n, long *hits, long *wrong);

#endif
