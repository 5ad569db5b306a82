/* alloc.c — allocation wrapper with failure injection for OOM tests. */
#include "alloc.h"
#include "masthead.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_ulong alloc_count;
static atomic_ulong fail_at;
static atomic_int fired;
/* Set by the first mh_alloc_fail_at (tests only): until then nothing is
 * counted, so threads never contend for the counter's cache line (one
 * atomic add per allocation of every library cost -j2 about a tenth). */
static atomic_int testing;
static _Thread_local unsigned long thread_failures;

static _Thread_local int shielded;

/* True when this allocation is the one the test asked to fail. */
static int should_fail(void)
{
    if (!atomic_load_explicit(&testing, memory_order_relaxed) || shielded)
        return 0;
    unsigned long n = atomic_fetch_add(&alloc_count, 1) + 1;
    unsigned long target = atomic_load(&fail_at);
    if (target != 0 && n == target) {
        atomic_store(&fired, 1);
        return 1;
    }
    return 0;
}

/* Count a NULL result on this thread. */
static void *counted(void *p)
{
    if (!p)
        thread_failures++;
    return p;
}

unsigned long mh_alloc_thread_failures(void)
{
    return thread_failures;
}

unsigned long mh_alloc_failures(void)
{
    return thread_failures;
}

void *mh_malloc(size_t size)
{
    if (should_fail())
        return counted(NULL);
    return counted(malloc(size ? size : 1));
}

void *mh_calloc(size_t count, size_t size)
{
    if (should_fail())
        return counted(NULL);
    return counted(calloc(count ? count : 1, size ? size : 1));
}

void *mh_calloc_lines(size_t size, void **base)
{
    *base = NULL;
    if (size > SIZE_MAX - 64)
        return NULL;
    char *p = mh_calloc(1, size + 63);
    if (!p)
        return NULL;
    *base = p;
    /* Write each page now. A table read before it is written maps the
     * kernel's shared zero page; the first write then faults again and must
     * flush that mapping from every CPU the threads run on. For the memos
     * that was an interrupt per page on the other core: -j2 took 4% more
     * wall time on the benchmark corpus, and peak RSS is the same (a long
     * run writes every page anyway). */
    long page = sysconf(_SC_PAGESIZE);
    size_t step = page > 0 ? (size_t)page : 4096;
    for (size_t i = 0; i < size + 63; i += step)
        ((volatile char *)p)[i] = 0;
    return p + ((64 - (uintptr_t)p % 64) % 64);
}

void *mh_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return counted(NULL);
    return counted(realloc(ptr, size ? size : 1));
}

void *mh_grow(void *p, size_t *alloc, size_t size, size_t first)
{
    size_t n = *alloc ? *alloc : first;
    if (size == 0 || n > SIZE_MAX / 2 / size)
        return NULL;
    if (*alloc)
        n *= 2;
    void *grown = mh_realloc(p, n * size);
    if (grown)
        *alloc = n;
    return grown;
}

void *mh_pcre2_malloc(size_t size, void *data)
{
    (void)data;
    return mh_malloc(size);
}

void mh_pcre2_free(void *ptr, void *data)
{
    (void)data;
    mh_free(ptr);
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

void mh_alloc_shield(int on)
{
    shielded += on ? 1 : -1;
}

static _Thread_local int xml_shielded;

void mh_alloc_shield_xml(int on)
{
    xml_shielded = on;
}

int mh_alloc_xml_shielded(void)
{
    return xml_shielded;
}

unsigned long mh_alloc_fail_at(unsigned long n)
{
    atomic_store(&testing, 1);
    unsigned long made = atomic_exchange(&alloc_count, 0);
    atomic_store(&fail_at, n);
    atomic_store(&fired, 0);
    return made;
}

int mh_alloc_failed(void)
{
    return atomic_load(&fired);
}
