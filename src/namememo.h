/* namememo.h — an engine's memo of name lookups, shared by its threads.
 *
 * A corpus repeats the same names ("Reuters", "according to police")
 * record after record, and a name not kept costs a folding and up to
 * MAX_TRIM_TOKENS alias queries (resolve.c). An entry is keyed by the raw
 * name, the date (only when a dated alias took part in the answer) and the
 * mode, and holds the candidates found (or none, with the name tried),
 * ready to be pushed again. */
#ifndef MH_NAMEMEMO_H
#define MH_NAMEMEMO_H

#include <stddef.h>

#include "masthead.h"
#include "resolve.h"

#define MH_NAME_MEMO_CANDS 4  /* a name with more candidates is not kept */
#define MH_NAME_MEMO_MAX   96 /* nor a name this long or longer */

/* Every call is thread-safe; clear drops every entry (after an allocation
 * failure); free of NULL is a no-op. */
mh_status mh_name_memo_create(mh_name_memo **out);
void mh_name_memo_clear(mh_name_memo *memo);
void mh_name_memo_free(mh_name_memo *memo);

/* The candidates kept for name[0..len) in a mode (the caller's: resolve.c
 * keeps names as written, names asked for exactly and handles apart), on
 * date or on every date (date_key ""), made from tmpl (its marker, weight and role)
 * into out[0..MH_NAME_MEMO_CANDS): how many (0 when the name resolves to
 * nothing: tmpl->matched then says what was tried), or -1 when the name
 * is not kept. */
int mh_name_memo_get(mh_name_memo *memo, const char *name, size_t len, const char *date_key,
                     int mode, mh_cand *tmpl, mh_cand *out);

/* Keep what a lookup of name found, cands[0..n) (with n 0, tmpl->matched
 * is what was tried), for date_key ("" when the answer holds on every
 * date). Not kept when it does not fit: too many candidates, or ones that
 * differ in what the memo keeps once an entry (the name matched, the host
 * and domain), or a long host. */
void mh_name_memo_put(mh_name_memo *memo, const char *name, size_t len, const char *date_key,
                      int mode, const mh_cand *cands, int n, const mh_cand *tmpl);

#endif
