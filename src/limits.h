/* limits.h — every default limit in one place, with the cost of raising it.
 *
 * Each limit bounds work or memory per document; a document that reaches one
 * still gets a partial annotation naming the limit (never an error that would
 * hide a flag). */
#ifndef MH_LIMITS_H
#define MH_LIMITS_H

/* Text scanned per document. Raising it costs linear time and memory. */
#define MH_DEFAULT_MAX_DOC_BYTES (16u * 1024u * 1024u)
/* Markers kept per document; beyond it scanning stops. Costs resolve time. */
#define MH_DEFAULT_MAX_MARKERS 2000u
/* HTML nesting tracked; deeper elements are treated as their ancestor. */
#define MH_DEFAULT_MAX_HTML_DEPTH 256u
/* PCRE2 limits per match call: bound backtracking on hostile input. */
#define MH_DEFAULT_MATCH_LIMIT    200000u
#define MH_DEFAULT_DEPTH_LIMIT    10000u
#define MH_DEFAULT_HEAP_LIMIT_KIB 8192u
/* Regex calls per document (the time budget, counted, not clocked). */
#define MH_DEFAULT_BUDGET_STEPS 200000u

/* Confirmation window around a prefilter hit, in bytes each side: a marker
 * longer than this is not seen. */
#define MH_WINDOW_BEFORE 400u
#define MH_WINDOW_AFTER  400u

/* Database pages kept resident through the mapping shared by all threads
 * (dbmap.c): once the process's resident file pages have grown by this much
 * since the mapping's pages were last dropped, they are dropped (the file's
 * pages stay in the kernel's page cache) and come back as they are read
 * again. The bundled database's pages that a corpus reads fit under it (23
 * MB mapped of 29.9 MB on the benchmark corpus); a larger one is dropped
 * about once per this much mapped (docs/enrich.md). 32 MB left the
 * 200,000-outlet database at 63.3 MB of peak RSS once its key filters
 * (0.55 MB) were read, against the 64 MB bar. */
#define MH_DB_MAP_RESIDENT_BYTES (28u * 1024u * 1024u)
/* Pages read for the first time between two questions to the kernel about
 * the growth (each an open and a read of /proc/self/statm): a fault maps
 * the 64 KiB around a page, so the bound is passed by some 4 MiB at most. */
#define MH_DB_MAP_CHECK_PAGES 64u
/* Where the kernel does not say (no /proc), the pages read since the last
 * drop are counted against this instead: each maps up to 64 KiB around it,
 * so what is resident stays near two or three times it. */
#define MH_DB_MAP_COUNTED_BYTES (12u * 1024u * 1024u)
/* Largest database mapped (address space): a larger one is read past it
 * with pread(). */
#define MH_DB_MAP_SPAN_MAX ((size_t)(sizeof(size_t) > 4 ? (64ull << 30) : (256u << 20)))

/* Entity records cached per engine, for all its threads (each a few KB of
 * JSON text and its member index). On the 500 MB benchmark corpus 2048
 * held too few of the outlets it draws on; 4096 cost 0.9 MB of peak RSS
 * with the 200,000-outlet database (8192: 3 MB, 16384: 8 MB). */
#define MH_FRAGCACHE_ENTRIES 4096u
/* Records built from the facts (dated ones, groups of outlets) cost a
 * hundred times a stored one's read: cached apart, so that a corpus
 * drawing on thousands of outlets does not evict the few it keeps
 * rebuilding. The benchmark corpus needs about 400 and its citation maps:
 * with 512 two-way slots it made 1,153 builds of 390 records (each ~290k
 * instructions), with 2048 it makes 443, at no measurable RSS. */
#define MH_BUILTCACHE_ENTRIES 2048u

/* Longest rule file line, and longest database text field. */
#define MH_MAX_RULE_LINE 65536u
#define MH_MAX_TSV_LINE  65536u

#endif
