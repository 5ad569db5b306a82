/* cli_prealloc.c — the blocks of enrich's output file reserved ahead of its
 * writes.
 *
 * Why: on a file system that allocates blocks only when it writes pages
 * back (ext4, XFS), every page written to a file's end first reserves its
 * block and records a delayed extent. On the benchmark's 755 MB of output
 * that bookkeeping was most of the writer's system time (the copy into the
 * page cache a fifth of it), and at -j2 the writer's time is taken from the
 * workers. Blocks reserved ahead with fallocate (FALLOC_FL_KEEP_SIZE: the
 * file's size stays what was written) are found mapped and skip it: the
 * writer's CPU time fell from 0.21-0.24 s to 0.15-0.21 s a run, -j2's
 * median wall time by 3% (bench/README.md). What is reserved past the end
 * is given back at the end; a run killed before that leaves up to
 * CLI_PREALLOC_CHUNK bytes reserved past the end of its output (counted by
 * du, not by ls) until the file is truncated or removed. */
#include "cli_prealloc.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The file systems whose delayed allocation this spares, and which give
 * back blocks past a file's end when it is truncated to its size. */
#define EXT4_MAGIC 0xEF53 /* ext2, ext3 and ext4 */
#define XFS_MAGIC  0x58465342

static int reserves_ahead(int fd)
{
    struct statfs fs;
    return fstatfs(fd, &fs) == 0 && (fs.f_type == EXT4_MAGIC || fs.f_type == XFS_MAGIC);
}

void cli_prealloc_init(cli_prealloc *p, int fd, int enabled)
{
    struct stat sb;
    p->fd = fd;
    p->end = 0;
    /* not a file opened to append: others may be writing at its end */
    int flags = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
    p->on = enabled && flags >= 0 && !(flags & O_APPEND) && fstat(fd, &sb) == 0 &&
            S_ISREG(sb.st_mode) && reserves_ahead(fd);
}

void cli_prealloc_ahead(cli_prealloc *p)
{
    if (!p->on)
        return;
    off_t at = lseek(p->fd, 0, SEEK_CUR);
    if (at < 0) {
        p->on = 0;
        return;
    }
    if (at + CLI_PREALLOC_CHUNK / 2 <= p->end)
        return;
    if (fallocate(p->fd, FALLOC_FL_KEEP_SIZE, at, CLI_PREALLOC_CHUNK) != 0) {
        p->on = 0; /* not supported, or no room to reserve: write as before */
        cli_prealloc_finish(p);
        return;
    }
    p->end = at + CLI_PREALLOC_CHUNK;
}

/* Blocks past the end of a file are given back by truncating it to its own
 * size (ext4 and XFS truncate them then; punching a hole there is a no-op
 * on ext4): only when the file ends where this process wrote last, so that
 * nothing written by another can be cut. */
void cli_prealloc_finish(cli_prealloc *p)
{
    struct stat sb;
    off_t at = p->end > 0 ? lseek(p->fd, 0, SEEK_CUR) : -1;
    if (at >= 0 && fstat(p->fd, &sb) == 0 && p->end > sb.st_size && at == sb.st_size) {
        (void)fallocate(p->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, sb.st_size,
                        p->end - sb.st_size);
        (void)ftruncate(p->fd, sb.st_size);
    }
    p->end = 0;
    p->on = 0;
}
