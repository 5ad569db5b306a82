/* cli_files.c — a directory tree of text and HTML files, in sorted order. */
#include "cli_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read up to cap bytes of a file; *full gets its size. */
static char *read_capped(const char *path, size_t cap, size_t *len, uint64_t *full)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        close(fd);
        return NULL;
    }
    *full = (uint64_t)sb.st_size;
    size_t want = (uint64_t)sb.st_size < cap ? (size_t)sb.st_size : cap;
    char *buf = malloc(want + 1);
    size_t got = 0;
    while (buf && got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (buf)
        buf[got] = '\0';
    *len = got;
    return buf;
}

int cli_files_walk(const char *dir, size_t cap, cli_file_fn fn, void *ud)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", cli_prog, dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 64;
            char **p = realloc(names, alloc * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            names = p;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp);
    int stop = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        int pl = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        free(names[i]);
        if (stop || pl <= 0 || (size_t)pl >= sizeof path)
            continue;
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (cli_files_walk(path, cap, fn, ud) != 0)
                rc = -1;
        } else if (S_ISREG(sb.st_mode)) {
            size_t len = 0;
            uint64_t full = 0;
            char *data = read_capped(path, cap, &len, &full);
            if (!data) {
                fprintf(stderr, "%s: %s: %s\n", cli_prog, path, strerror(errno));
                rc = -1;
                continue;
            }
            if (fn(ud, path, data, len, full) != 0)
                stop = 1;
            free(data);
        }
    }
    free(names);
    return stop ? -1 : rc;
}
