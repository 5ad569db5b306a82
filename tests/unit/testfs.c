/* testfs.c — temporary directories and files for unit tests. */
#include "testfs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *t_mkdtemp(char *out, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    int len = snprintf(out, n, "%s/mh-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (len < 0 || (size_t)len >= n)
        return NULL;
    return mkdtemp(out);
}

int t_write(const char *dir, const char *name, const char *data, size_t len, char *path, size_t n)
{
    int w = snprintf(path, n, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= n)
        return -1;
    char *slash = strrchr(path, '/');
    if (slash && slash > path + strlen(dir)) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t put = fwrite(data, 1, len, fp);
    int rc = fclose(fp);
    return put == len && rc == 0 ? 0 : -1;
}

void t_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            t_rmtree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}
