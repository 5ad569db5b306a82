/* cli_prealloc.h — the blocks of enrich's output file reserved ahead of its
 * writes, and what was not written given back at the end. */
#ifndef MH_CLI_PREALLOC_H
#define MH_CLI_PREALLOC_H

#include <sys/types.h>

/* Bytes reserved at a time: also the most a run killed midway leaves
 * reserved past the end of its output. */
#define CLI_PREALLOC_CHUNK ((off_t)16 << 20)

typedef struct cli_prealloc {
    int fd;
    int on;    /* a regular file whose file system reserves blocks */
    off_t end; /* reserved up to here */
} cli_prealloc;

/* For output to fd: on only when enabled and fd is a regular file on ext4
 * or XFS, not opened to append (>>: others may write at its end too). */
void cli_prealloc_init(cli_prealloc *p, int fd, int enabled);
/* Before a write: keep at least half a chunk reserved past the file's
 * offset. A file system that cannot reserve turns it off, silently: the
 * writes go on as they would. */
void cli_prealloc_ahead(cli_prealloc *p);
/* After the last write (flushed): give back what is reserved past the end
 * of the file, when the file ends where this process last wrote. */
void cli_prealloc_finish(cli_prealloc *p);

#endif
