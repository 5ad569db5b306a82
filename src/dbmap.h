/* dbmap.h — read-only database files mapped once per process and shared by
 * every connection that opens them (an SQLite VFS over the default one). */
#ifndef MH_DBMAP_H
#define MH_DBMAP_H

#include <stddef.h>

/* The name of the mapping VFS, to pass to sqlite3_open_v2 for a database
 * opened read-only; registered on first call (thread-safe). NULL when it
 * could not be registered: open with the default VFS then. Connections
 * opened through it must set a positive PRAGMA mmap_size, or SQLite's pager
 * reads every page by copy instead of in place. */
const char *mh_dbmap_vfs(void);

/* How many files are mapped now (each once, whatever the connections). For
 * tests. */
size_t mh_dbmap_live(void);
/* How many times a mapping's pages were dropped to keep the resident size
 * bounded (MH_DB_MAP_RESIDENT_BYTES), since the process started. For tests. */
size_t mh_dbmap_trims(void);
/* How many pages read the last drop left mapped (0 when it dropped all).
 * For tests. */
size_t mh_dbmap_kept(void);
/* For tests: the bound on a mapping's resident bytes (0: the default,
 * MH_DB_MAP_RESIDENT_BYTES). */
void mh_dbmap_bound(size_t bytes);
/* The process's resident pages of mapped files (the binary and its
 * libraries included, from /proc/self/statm), or -1 when the kernel does
 * not say: what the bound on a mapping's resident pages is measured by. */
long mh_dbmap_file_pages(void);

#endif
