/* test_alloc.c — mh_grow, the array-growing step shared by libmasthead, and
 * mh_calloc_lines, a zeroed block on a cache line. */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"
#include "harness.h"

void test_grow(void)
{
    size_t alloc = 0;
    int *a = mh_grow(NULL, &alloc, sizeof *a, 4);
    CHECK(a != NULL && alloc == 4);
    int ok = a != NULL;
    /* each call doubles, keeping what the array held */
    for (size_t n = 0; ok && n < 1000; n++) {
        if (n == alloc) {
            size_t before = alloc;
            int *p = mh_grow(a, &alloc, sizeof *p, 4);
            ok = p != NULL && alloc == before * 2;
            if (p)
                a = p;
        }
        a[n] = (int)n * 7;
    }
    for (size_t n = 0; ok && n < 1000; n++)
        ok = a[n] == (int)n * 7;
    CHECK(ok && alloc == 1024);
    /* a size that would overflow: NULL, the array and its count untouched */
    size_t huge = SIZE_MAX / 8;
    CHECK(mh_grow(a, &huge, 8, 4) == NULL && huge == SIZE_MAX / 8);
    size_t none = 0;
    CHECK(mh_grow(NULL, &none, 0, 4) == NULL && none == 0);
    /* out of memory: NULL, and the array still holds its elements */
    mh_alloc_fail_at(1);
    size_t kept = alloc;
    CHECK(mh_grow(a, &alloc, sizeof *a, 4) == NULL && alloc == kept && a[999] == 999 * 7);
    mh_alloc_fail_at(0);
    mh_free(a);
}

void test_calloc_lines(void)
{
    /* on a cache line, zeroed, whatever malloc's own alignment */
    int ok = 1;
    void *bases[40];
    for (size_t i = 0; i < 40; i++) {
        size_t size = 1 + i * 37 + (i % 5) * 100000; /* small and mmap'd blocks */
        unsigned char *p = mh_calloc_lines(size, &bases[i]);
        ok &= p != NULL && (uintptr_t)p % 64 == 0 && bases[i] != NULL;
        ok &= p >= (unsigned char *)bases[i] && p < (unsigned char *)bases[i] + 64;
        for (size_t k = 0; p && k < size; k++)
            ok &= p[k] == 0;
        if (p)
            p[size - 1] = 1; /* the whole size is usable (ASan would say) */
    }
    CHECK(ok);
    for (size_t i = 0; i < 40; i++)
        mh_free(bases[i]);
    /* every page resident on return: written once, so that threads writing
       the table later never fault on the shared zero page (mincore); above
       glibc's largest mmap threshold, so the block is a fresh mapping */
    size_t big = 48u << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    void *bigbase;
    unsigned char *t = mh_calloc_lines(big, &bigbase);
    CHECK(t != NULL);
    if (t) {
        uintptr_t lo = ((uintptr_t)t + page - 1) / page * page;
        uintptr_t hi = ((uintptr_t)t + big) / page * page;
        unsigned char vec[(48u << 20) / 4096 + 2];
        size_t pages = (hi - lo) / page, resident = 0;
        int rc = pages <= sizeof vec ? mincore((void *)lo, hi - lo, vec) : -1;
        for (size_t k = 0; rc == 0 && k < pages; k++)
            resident += vec[k] & 1;
        CHECK(rc == 0 && pages > 0 && resident == pages);
        mh_free(bigbase);
    }
    void *base = (void *)1;
    CHECK(mh_calloc_lines(SIZE_MAX - 10, &base) == NULL && base == NULL);
    mh_alloc_fail_at(1);
    CHECK(mh_calloc_lines(100, &base) == NULL && base == NULL);
    mh_alloc_fail_at(0);
}
