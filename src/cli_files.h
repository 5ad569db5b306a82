/* cli_files.h — walking a directory tree of articles for `enrich --files`. */
#ifndef MH_CLI_FILES_H
#define MH_CLI_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Called for each regular file (in sorted path order) with its first `cap`
 * bytes and its full size; a nonzero return stops the walk. */
typedef int (*cli_file_fn)(void *ud, const char *path, const char *data, size_t len,
                           uint64_t full_len);

/* Walk dir recursively (symbolic links are not followed; hidden entries are
 * skipped). Returns 0, or -1 when something could not be read (reported on
 * stderr; the walk goes on). */
int cli_files_walk(const char *dir, size_t cap, cli_file_fn fn, void *ud);

#endif
