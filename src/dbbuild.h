/* dbbuild.h — private interface between the stages of the database compiler:
 * loading text files into staging tables (dbload.c), validating across rows
 * (dbvalidate.c) and writing the final tables (dbbuild.c). */
#ifndef MH_DBBUILD_H
#define MH_DBBUILD_H

#include <sqlite3.h>
#include <stddef.h>

#include "masthead.h"
#include "normalize.h"

typedef enum coltype {
    COL_TEXT,  /* any text without TAB */
    COL_ID,    /* [a-z0-9][a-z0-9._:-]* */
    COL_DATE,  /* YYYY, YYYY-MM or YYYY-MM-DD */
    COL_NUM,   /* a decimal number */
    COL_INT,   /* an integer */
    COL_HOST,  /* host or host/path prefix */
    COL_LANGS, /* comma-separated language codes */
    COL_CODE   /* a code checked against a vocabulary later */
} coltype;

typedef struct colspec {
    const char *name;
    coltype type;
    int required;
} colspec;

typedef struct tablespec {
    const char *name; /* file-name table: "domains" */
    const colspec *cols;
    size_t ncols;
    const char *extra_cols; /* computed staging columns, e.g. "path TEXT" */
} tablespec;

typedef struct dbb {
    sqlite3 *db;
    mh_diag_fn diag;
    void *ud;
    size_t errors;
    mh_folder *folder;
    char src_root[4096];     /* sources-db directory, for relative file names */
    unsigned long long hash; /* FNV-1a of every file read: the data version */
    size_t files;
} dbb;

/* Report one problem at file:line (line 0: the whole file). */
void dbb_error(dbb *b, const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Create the staging tables (TEMP) for every table spec. */
mh_status dbb_create_staging(dbb *b);
/* Load codes/ then data/ under the source root into staging. */
mh_status dbb_load_all(dbb *b);
/* Cross-row validation over the staging tables; adds to b->errors. */
mh_status dbb_validate(dbb *b);

/* Normalised sortable key of a date ("2013" -> "2013-01-01"); NULL for NULL. */
void dbb_register_functions(sqlite3 *db);
int dbb_valid_date(const char *s);

#endif
