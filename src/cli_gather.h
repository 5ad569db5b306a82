/* cli_gather.h — output written as a list of pieces from several buffers
 * with writev(2): a batch's annotations and the records' own bytes go out
 * in order in one system call, without first being copied together. */
#ifndef MH_CLI_GATHER_H
#define MH_CLI_GATHER_H

#include <stddef.h>
#include <stdio.h>
#include <sys/uio.h>

#define CLI_GATHER_PIECES 64

typedef struct cli_gather {
    FILE *f; /* its stdio buffer is flushed before each writev */
    int fd;
    struct iovec v[CLI_GATHER_PIECES];
    int n;
} cli_gather;

void cli_gather_init(cli_gather *g, FILE *f);
/* Queue n bytes at p (borrowed until the next flush); a piece that starts
 * where the last one ends joins it. Returns 0, or an errno value when a
 * full list had to be written and that failed. */
int cli_gather_add(cli_gather *g, const void *p, size_t n);
/* Write every queued piece, in order, however many calls it takes (a pipe
 * takes part of a list at a time). Returns 0 or an errno value. */
int cli_gather_flush(cli_gather *g);

#endif
