/* cli_spool.c — the bytes of an over-size record, kept out of memory.
 *
 * `masthead enrich` writes every record back byte for byte with its
 * annotation spliced in; a record too long to hold is scanned as a stream
 * (enrich_stream.c), so its bytes must be found again when the writer's
 * turn comes. Two kinds of spool:
 *   - a plain regular file is read again where the record lies (pread on a
 *     duplicated descriptor): no copy at all, which matters for a 200 MB
 *     line. The file's size and mtime are noted when the record is
 *     first read and checked again after the copy: a file that shrank or
 *     was rewritten in place in between is an input error, never silently
 *     different output (one that grew was appended to: still fine);
 *   - anything else (gzip, zstd, a pipe) is copied into a temporary file
 *     as it is read, unlinked at once so it never outlives the process.
 *     It needs as much free space in $TMPDIR as the record is long. */
#include "cli_spool.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cli_spool {
    int fd;
    bool temp;        /* a temporary file of our own */
    uint64_t off;     /* where the record starts in the file */
    uint64_t len;     /* its length, once sealed */
    struct stat seen; /* a re-read file as it was when read */
    char msg[160];    /* a write error, for cli_spool_write */
};

cli_spool *cli_spool_of_file(int fd, uint64_t off, char *err, size_t errsize)
{
    cli_spool *sp = calloc(1, sizeof *sp);
    if (!sp) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    sp->fd = dup(fd);
    if (sp->fd < 0 || fstat(sp->fd, &sp->seen) != 0) {
        snprintf(err, errsize, "cannot keep an over-size record: %s", strerror(errno));
        if (sp->fd >= 0)
            close(sp->fd);
        free(sp);
        return NULL;
    }
    sp->off = off;
    return sp;
}

cli_spool *cli_spool_temp(char *err, size_t errsize)
{
    cli_spool *sp = calloc(1, sizeof *sp);
    if (!sp) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/masthead-record-XXXXXX", dir);
    sp->fd = mkstemp(path);
    if (sp->fd < 0) {
        snprintf(err, errsize, "cannot create a temporary file in %s for an over-size record: %s",
                 dir, strerror(errno));
        free(sp);
        return NULL;
    }
    unlink(path);
    sp->temp = true;
    return sp;
}

const char *cli_spool_write(cli_spool *sp, const char *p, size_t n)
{
    if (!sp->temp)
        return NULL;
    while (n) {
        ssize_t w = write(sp->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            snprintf(sp->msg, sizeof sp->msg,
                     "cannot write an over-size record to a temporary file: %s",
                     w < 0 ? strerror(errno) : "no progress");
            return sp->msg;
        }
        p += w;
        n -= (size_t)w;
        sp->len += (uint64_t)w;
    }
    return NULL;
}

void cli_spool_seal(cli_spool *sp, uint64_t length)
{
    sp->len = length;
}

int cli_spool_copy(cli_spool *sp, uint64_t from, uint64_t to, FILE *out, char *buf, size_t bufsize,
                   char *err, size_t errsize)
{
    if (to > sp->len)
        to = sp->len;
    while (from < to) {
        size_t want = to - from < bufsize ? (size_t)(to - from) : bufsize;
        ssize_t got = pread(sp->fd, buf, want, (off_t)(sp->off + from));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            snprintf(err, errsize, "cannot read an over-size record again: %s",
                     got < 0 ? strerror(errno) : "the file became shorter");
            return -1;
        }
        errno = 0;
        if (fwrite(buf, 1, (size_t)got, out) != (size_t)got) {
            if (!errno)
                errno = EIO;
            return -2;
        }
        from += (uint64_t)got;
    }
    /* the descriptor follows the file it opened (a rename or a new file
     * at the path is harmless): only a write into it can change the
     * bytes. A file that grew was appended to, which leaves the record
     * alone; one that shrank, or changed at the same size, was rewritten. */
    struct stat now;
    if (!sp->temp) {
        bool same = fstat(sp->fd, &now) == 0 && now.st_size >= sp->seen.st_size;
        if (same && now.st_size == sp->seen.st_size)
            same = now.st_mtim.tv_sec == sp->seen.st_mtim.tv_sec &&
                   now.st_mtim.tv_nsec == sp->seen.st_mtim.tv_nsec;
        if (!same) {
            snprintf(err, errsize, "the input changed while an over-size record was read");
            return -1;
        }
    }
    return 0;
}

void cli_spool_free(cli_spool *sp)
{
    if (!sp)
        return;
    if (sp->fd >= 0)
        close(sp->fd);
    free(sp);
}
