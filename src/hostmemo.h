/* hostmemo.h — an engine's memo of the domain table by host, shared by its
 * threads: for each host looked up, its rows (entity, path prefix, dates,
 * and the entity's traits) and its registrable domain. Pages link to the
 * same sites again and again; each host is read from the database once.
 *
 * The rows are kept whole, dates and paths included, and chosen among at
 * each lookup, so an entry holds for every date and every path. A host
 * with more rows than an entry holds, or longer than 95 bytes, is not kept
 * (it is read each time). */
#ifndef MH_HOSTMEMO_H
#define MH_HOSTMEMO_H

#include "domain.h"
#include "masthead.h"

#define MH_HOSTMEMO_ROWS 4
#define MH_HOSTMEMO_PATH 48

typedef struct mh_host_row {
    long long entity;
    char path[MH_HOSTMEMO_PATH]; /* path prefix, "" for the whole host */
    char since[11], until[11];   /* "" when open */
    unsigned char is_outlet, is_wire;
} mh_host_row;

typedef struct mh_host_rows {
    char domain[MH_HOST_MAX]; /* the host's registrable domain, or "" */
    int n;
    mh_host_row row[MH_HOSTMEMO_ROWS];
} mh_host_rows;

typedef struct mh_host_memo mh_host_memo;

mh_status mh_host_memo_create(mh_host_memo **out);
void mh_host_memo_clear(mh_host_memo *memo);
void mh_host_memo_free(mh_host_memo *memo);

/* Copy the entry of host into *out; 0 when the host is not in the memo. */
int mh_host_memo_get(mh_host_memo *memo, const char *host, mh_host_rows *out);
/* Keep an entry for host (a host too long for a slot is not kept). */
void mh_host_memo_put(mh_host_memo *memo, const char *host, const mh_host_rows *rows);

#endif
