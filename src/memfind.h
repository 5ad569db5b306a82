/* memfind.h — the first occurrence of a byte string in another.
 *
 * glibc's memmem reads a short needle's haystack a byte at a time (1.7
 * instructions a byte on news text); this one tests 16 positions at once
 * for the needle's first and last bytes and compares only where both
 * agree. */
#ifndef MH_MEMFIND_H
#define MH_MEMFIND_H

#include <stddef.h>

/* Where needle[0..m) first occurs in hay[0..n), or NULL; hay itself for
 * an empty needle (as memmem). */
const char *mh_memfind(const char *hay, size_t n, const char *needle, size_t m);

#endif
