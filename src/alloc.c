/* alloc.c — allocation wrapper with failure injection for OOM tests. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong alloc_count;
static atomic_ulong fail_at;
static atomic_int fired;

/* True when this allocation is the one the test asked to fail. */
static int should_fail(void)
{
    unsigned long n = atomic_fetch_add(&alloc_count, 1) + 1;
    unsigned long target = atomic_load(&fail_at);
    if (target != 0 && n == target) {
        atomic_store(&fired, 1);
        return 1;
    }
    return 0;
}

void *mh_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *mh_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *mh_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void mh_free(void *ptr)
{
    free(ptr);
}

char *mh_strndup(const char *s, size_t n)
{
    char *copy = mh_malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *mh_strdup(const char *s)
{
    return s ? mh_strndup(s, strlen(s)) : NULL;
}

unsigned long mh_alloc_fail_at(unsigned long n)
{
    unsigned long made = atomic_exchange(&alloc_count, 0);
    atomic_store(&fail_at, n);
    atomic_store(&fired, 0);
    return made;
}

int mh_alloc_failed(void)
{
    return atomic_load(&fired);
}
