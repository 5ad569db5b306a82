/* memfind.c — substring search, 16 candidate positions at a time. */
#include "memfind.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

const char *mh_memfind(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0)
        return hay;
    if (m > n)
        return NULL;
    if (m == 1)
        return memchr(hay, (unsigned char)needle[0], n);
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(needle[0]);
    const __m128i last = _mm_set1_epi8(needle[m - 1]);
    /* positions i..i+15 start candidates; the loads read up to i+m+14 */
    for (; i + m + 15 <= n; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(hay + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(hay + i + m - 1));
        unsigned mask = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
        while (mask) {
            size_t at = i + (size_t)__builtin_ctz(mask);
            if (memcmp(hay + at + 1, needle + 1, m - 2) == 0)
                return hay + at;
            mask &= mask - 1;
        }
    }
#endif
    return memmem(hay + i, n - i, needle, m);
}
