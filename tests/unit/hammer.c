/* hammer.c — see hammer.h. */
#include "hammer.h"

#include <pthread.h>

int hammer_run(void *(*fn)(void *), void *table, unsigned seed, int n, long *hits, long *wrong)
{
    hammer_arg a[8];
    pthread_t t[8];
    int started = 0;
    if (n > 8)
        n = 8;
    for (int i = 0; i < n; i++) {
        a[i] = (hammer_arg){table, seed + 31u * (unsigned)i, 0, 0};
        if (pthread_create(&t[i], NULL, fn, &a[i]) != 0)
            break;
        started++;
    }
    *hits = *wrong = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        *hits += a[i].hits;
        *wrong += a[i].wrong;
    }
    return started;
}
