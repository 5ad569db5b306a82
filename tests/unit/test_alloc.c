/* test_alloc.c — mh_grow: the array-growing step shared by libmasthead. */
#include <stdint.h>

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
