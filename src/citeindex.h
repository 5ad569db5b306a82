/* citeindex.h — citation keys to ids, held in memory by the engine: every
 * citations map names its citations by key, and a few hundred keys back
 * every fact of the database, so a map is built without a query per key. */
#ifndef MH_CITEINDEX_H
#define MH_CITEINDEX_H

#include <sqlite3.h>

#include "masthead.h"

typedef struct mh_cite_index mh_cite_index;

/* Every citation of the database (read-only afterwards: any thread may
 * search it). */
mh_status mh_cite_index_load(sqlite3 *db, mh_cite_index **out);
void mh_cite_index_free(mh_cite_index *ix);
/* The id of the citation `key`, or 0. */
long long mh_cite_index_find(const mh_cite_index *ix, const char *key);

#endif
