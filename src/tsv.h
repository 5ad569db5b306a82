/* tsv.h — reading the source database's tab-separated text files.
 *
 * A file is read whole (data files are small); records are lines, fields are
 * TAB-separated, '#' lines and blank lines are skipped, and the first record
 * is the header naming the columns. */
#ifndef MH_TSV_H
#define MH_TSV_H

#include <stddef.h>

#include "masthead.h"

#define MH_TSV_MAX_COLS 32

typedef struct mh_tsv {
    char *path; /* as given, for diagnostics */
    char *data; /* whole file, NUL-terminated, modified in place */
    size_t len;
    char *next;    /* reading position */
    unsigned line; /* line number of the current record (1-based) */
    size_t ncols;  /* header columns */
    char *cols[MH_TSV_MAX_COLS];
    size_t nfields; /* fields of the current record */
    char *fields[MH_TSV_MAX_COLS];
} mh_tsv;

/* Open and read `path` (reported as `name` in diagnostics), and read its header. Problems
 * (unreadable file, invalid UTF-8, CR line ends, no header, too many columns) go to diag; returns
 * MH_ERR_IO or MH_ERR_DATA then. */
mh_status mh_tsv_open(mh_tsv *t, const char *path, const char *name, mh_diag_fn diag, void *ud);
void mh_tsv_close(mh_tsv *t);

/* Advance to the next record. Returns 1 with fields set, 0 at the end.
 * A record whose field count differs from the header's is reported through
 * diag and skipped (the count of such errors is added to *errors). */
int mh_tsv_next(mh_tsv *t, mh_diag_fn diag, void *ud, size_t *errors);

/* Index of column `name`, or -1. */
int mh_tsv_col(const mh_tsv *t, const char *name);

/* Field of the current record for a column index, NULL when the index is -1
 * or the field is empty. */
const char *mh_tsv_get(const mh_tsv *t, int col);

/* Read a whole file into a new NUL-terminated buffer (caller frees). */
mh_status mh_read_file(const char *path, char **out, size_t *len);

#endif
