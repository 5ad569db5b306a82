/* fuzz_tmp.c — the temporary directory of the file-reading harnesses. */
#include "fuzz_tmp.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512];

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(path);
}

static void cleanup(void)
{
    if (dir[0])
        remove_tree(dir);
}

const char *fuzz_tmpdir(void)
{
    if (dir[0])
        return dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/mh-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(cleanup);
    return dir;
}

void fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        perror("fuzz: write");
        abort();
    }
}

void fuzz_mkdir(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    mkdir(path, 0700);
}

void fuzz_copy_file(const char *from, const char *to)
{
    static uint8_t buf[1 << 20];
    FILE *fp = fopen(from, "rb");
    if (!fp) {
        fprintf(stderr, "fuzz: cannot read %s (run from the repository root)\n", from);
        abort();
    }
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    fuzz_write(to, buf, n);
}

void fuzz_copy_dir(const char *from, const char *to)
{
    fuzz_mkdir(to);
    DIR *d = opendir(from);
    if (!d) {
        fprintf(stderr, "fuzz: cannot read %s (run from the repository root)\n", from);
        abort();
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char src[1024], out[1024];
        snprintf(src, sizeof src, "%s/%s", from, e->d_name);
        snprintf(out, sizeof out, "%s/%s", to, e->d_name);
        fuzz_copy_file(src, out);
    }
    closedir(d);
}
