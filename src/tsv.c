/* tsv.c — tab-separated source data: read, split, diagnose. */
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "utf8.h"

mh_status mh_read_file(const char *path, char **out, size_t *len)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return MH_ERR_IO;
    char *data = NULL;
    size_t n = 0, alloc = 0;
    mh_status st = MH_OK;
    for (;;) {
        if (alloc - n < 65536) {
            size_t na = alloc ? alloc * 2 : 65536 * 2;
            char *p = mh_realloc(data, na);
            if (!p) {
                st = MH_ERR_NOMEM;
                break;
            }
            data = p;
            alloc = na;
        }
        size_t got = fread(data + n, 1, alloc - n - 1, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                st = MH_ERR_IO;
            break;
        }
    }
    fclose(fp);
    if (st != MH_OK) {
        mh_free(data);
        return st;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return MH_OK;
}

static void report(mh_diag_fn diag, void *ud, const char *path, unsigned line, unsigned col,
                   const char *msg)
{
    if (diag)
        diag(ud, path, line, col, msg);
}

/* Split the line at p (already NUL-terminated) into fields; returns count,
 * or MH_TSV_MAX_COLS + 1 when there are too many. */
static size_t split_fields(char *p, char **fields)
{
    size_t n = 0;
    for (;;) {
        if (n == MH_TSV_MAX_COLS)
            return MH_TSV_MAX_COLS + 1;
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Next non-comment, non-blank line: NUL-terminates it and returns it. */
static char *next_line(mh_tsv *t)
{
    while (t->next && t->next < t->data + t->len) {
        char *p = t->next;
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
            t->next = nl + 1;
        } else {
            t->next = NULL;
        }
        t->line++;
        if (*p == '#' || *p == '\0')
            continue;
        return p;
    }
    return NULL;
}

mh_status mh_tsv_open(mh_tsv *t, const char *path, const char *name, mh_diag_fn diag, void *ud)
{
    memset(t, 0, sizeof *t);
    t->path = mh_strdup(name ? name : path);
    if (!t->path)
        return MH_ERR_NOMEM;
    mh_status st = mh_read_file(path, &t->data, &t->len);
    if (st != MH_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read file: %s",
                 st == MH_ERR_IO ? strerror(errno) : mh_strerror(st));
        report(diag, ud, t->path, 0, 0, msg);
        return st;
    }
    size_t bad = mh_utf8_find_invalid(t->data, t->len);
    if (bad != t->len) {
        unsigned line = 1, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (t->data[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        report(diag, ud, t->path, line, col, "invalid UTF-8");
        return MH_ERR_DATA;
    }
    const char *cr = memchr(t->data, '\r', t->len);
    if (cr) {
        unsigned line = 1, col = 1;
        for (const char *q = t->data; q < cr; q++) {
            if (*q == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        report(diag, ud, t->path, line, col, "CR characters: lines must end with LF only");
        return MH_ERR_DATA;
    }
    if (memchr(t->data, '\0', t->len)) {
        report(diag, ud, t->path, 0, 0, "NUL byte in file");
        return MH_ERR_DATA;
    }
    t->next = t->data;
    char *header = next_line(t);
    if (!header) {
        report(diag, ud, t->path, 0, 0, "no header line");
        return MH_ERR_DATA;
    }
    t->ncols = split_fields(header, t->cols);
    if (t->ncols > MH_TSV_MAX_COLS) {
        report(diag, ud, t->path, t->line, 1, "too many columns in header");
        return MH_ERR_DATA;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(t->cols[i], t->cols[j]) == 0) {
                char msg[160];
                snprintf(msg, sizeof msg, "column '%.64s' appears twice in header", t->cols[i]);
                report(diag, ud, t->path, t->line, 1, msg);
                return MH_ERR_DATA;
            }
        }
    }
    return MH_OK;
}

void mh_tsv_close(mh_tsv *t)
{
    mh_free(t->path);
    mh_free(t->data);
    memset(t, 0, sizeof *t);
}

int mh_tsv_next(mh_tsv *t, mh_diag_fn diag, void *ud, size_t *errors)
{
    char *line;
    while ((line = next_line(t)) != NULL) {
        t->nfields = split_fields(line, t->fields);
        if (t->nfields == t->ncols)
            return 1;
        char msg[160];
        snprintf(msg, sizeof msg, "%zu fields where the header has %zu columns",
                 t->nfields > MH_TSV_MAX_COLS ? (size_t)MH_TSV_MAX_COLS + 1 : t->nfields, t->ncols);
        report(diag, ud, t->path, t->line, 1, msg);
        if (errors)
            (*errors)++;
    }
    return 0;
}

int mh_tsv_col(const mh_tsv *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

const char *mh_tsv_get(const mh_tsv *t, int col)
{
    if (col < 0 || (size_t)col >= t->nfields)
        return NULL;
    const char *v = t->fields[col];
    return *v ? v : NULL;
}
