/* test_cli_prealloc.c — enrich's output file: blocks reserved ahead of the
 * writes on a regular file (on ext4 or XFS), none for a pipe, a
 * file opened to append or when turned off, and what was not written given
 * back at the end. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_prealloc.h"
#include "harness.h"
#include "testfs.h"

static long long allocated(int fd)
{
    struct stat sb;
    return fstat(fd, &sb) == 0 ? (long long)sb.st_blocks * 512 : -1;
}

void test_cli_prealloc(void)
{
    char dir[256], path[512];
    if (!t_mkdtemp(dir, sizeof dir) || t_write(dir, "out.jsonl", "", 0, path, sizeof path) != 0) {
        CHECK(!"cannot make the test file");
        return;
    }
    int fd = open(path, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    cli_prealloc p;
    cli_prealloc_init(&p, fd, 1);
    if (!p.on)
        fprintf(stderr, "  (test_cli_prealloc: %s is not on ext4 or XFS: nothing is reserved)\n",
                dir);
    enum { PIECE = 1 << 20, PIECES = 20 };
    char *piece = malloc(PIECE);
    CHECK(piece != NULL);
    if (!piece || fd < 0)
        return;
    memset(piece, 'x', PIECE);
    int reserved = 0;
    for (int i = 0; i < PIECES; i++) {
        cli_prealloc_ahead(&p);
        if (i == 0 && p.on) /* this file system reserves: a chunk past what was written */
            reserved = allocated(fd) >= (long long)CLI_PREALLOC_CHUNK;
        CHECK(write(fd, piece, PIECE) == PIECE);
    }
    if (p.on) {
        CHECK(reserved);
        CHECK(p.end >= (off_t)PIECES * PIECE); /* kept ahead of the writes */
    }
    cli_prealloc_finish(&p);
    CHECK(!p.on && p.end == 0);
    struct stat sb;
    CHECK(fstat(fd, &sb) == 0 && sb.st_size == (off_t)PIECES * PIECE);
    /* given back: within a block of the size */
    CHECK(allocated(fd) <= (long long)PIECES * PIECE + 4096);
    close(fd);

    /* appended to (others may write at its end), turned off, a pipe: never */
    fd = open(path, O_WRONLY | O_APPEND);
    cli_prealloc_init(&p, fd, 1);
    CHECK(!p.on);
    cli_prealloc_ahead(&p);
    CHECK(p.end == 0);
    close(fd);
    fd = open(path, O_WRONLY);
    cli_prealloc_init(&p, fd, 0);
    CHECK(!p.on);
    close(fd);
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    cli_prealloc_init(&p, pipefd[1], 1);
    CHECK(!p.on);
    close(pipefd[0]);
    close(pipefd[1]);
    free(piece);
    t_rmtree(dir);
}
