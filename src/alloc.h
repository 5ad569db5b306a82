/* alloc.h — the one allocation wrapper of masthead's own code.
 *
 * Every allocation of libmasthead goes through these functions so that an
 * out-of-memory test can fail the n-th allocation (mh_alloc_fail_at) and
 * prove each failure path returns an error and leaks nothing. */
#ifndef MH_ALLOC_H
#define MH_ALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc/free/strdup; return NULL when out of memory. */
void *mh_malloc(size_t size);
void *mh_calloc(size_t count, size_t size);
void *mh_realloc(void *ptr, size_t size);
void mh_free(void *ptr);
/* size zeroed bytes starting on a 64-byte boundary (a cache line: a table
 * whose entries are laid out a line or half a line each), or NULL; *base
 * gets what to give mh_free. Every page is resident on return (written,
 * never the shared zero page), for a table written by several threads. */
void *mh_calloc_lines(size_t size, void **base);
char *mh_strdup(const char *s);
char *mh_strndup(const char *s, size_t n);

/* An array that grows one element at a time, when full: p (*alloc
 * elements of `size` bytes) doubled, or made `first` elements long when
 * empty, and *alloc updated; NULL when out of memory (or the size would
 * overflow), p and *alloc then left as they were. */
void *mh_grow(void *p, size_t *alloc, size_t size, size_t first);

/* Allocations that failed on this thread so far (injected or real): an
 * entry point compares it before and after its work, so a NULL swallowed
 * deep inside a library call still turns the result into MH_ERR_NOMEM. */
unsigned long mh_alloc_thread_failures(void);

/* Allocator functions with the signatures other libraries want: PCRE2
 * general contexts (size, data), libxml2/jansson (size). */
void *mh_pcre2_malloc(size_t size, void *data);
void mh_pcre2_free(void *ptr, void *data);

/* Testing: make the n-th allocation from now fail (1 = the next one); 0
 * disables. Returns how many allocations were made since the last call
 * (allocations are counted from the first call on). */
unsigned long mh_alloc_fail_at(unsigned long n);
/* Testing: injected failures skip the allocations between
 * mh_alloc_shield(1) and mh_alloc_shield(0) on this thread. Only around a
 * library call known to crash on a failed allocation, listed in
 * docs/library-failures.md: the test then covers everything else. */
void mh_alloc_shield(int on);
/* Testing: the same for libxml2's own allocations only (masthead's SAX
 * callbacks stay under test) while libxml2 parses. */
void mh_alloc_shield_xml(int on);
int mh_alloc_xml_shielded(void);
/* Testing: true once an injected failure has fired since mh_alloc_fail_at. */
int mh_alloc_failed(void);

#endif
