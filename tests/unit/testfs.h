/* testfs.h — temporary directories and files for unit tests that read files
 * (TSV data, rule files). Everything lives under one directory per test. */
#ifndef MH_TESTFS_H
#define MH_TESTFS_H

#include <stddef.h>

/* Create a new empty directory under $TMPDIR (or /tmp); writes its path into
 * the caller's buffer `out` (size n) and returns it, or NULL on failure. */
char *t_mkdtemp(char *out, size_t n);

/* Write len bytes to dir/name (creating dir/name's parent if needed); the
 * full path goes to `path` (size n). Returns 0, or -1 on failure. */
int t_write(const char *dir, const char *name, const char *data, size_t len, char *path, size_t n);

/* Remove a directory tree made by t_mkdtemp (files and subdirectories). */
void t_rmtree(const char *dir);

#endif
