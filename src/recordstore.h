/* recordstore.h — entity records as annotations use them: from the engine's
 * cache, else as the database compiler stored them, else built from the
 * facts (record.c).
 *
 * Building a full record takes a dozen queries and a jansson tree (about
 * 200,000 instructions for a rated outlet with owners); a corpus drawing
 * on thousands of outlets misses any cache that fits the memory bar, so
 * `masthead db build` renders every record that holds for all dates into
 * one blob (recordpack.h), and a miss costs a read at an offset and a
 * parse.
 * A record built from a dated fact is never stored: it is built as of the
 * article's date, as before. */
#ifndef MH_RECORDSTORE_H
#define MH_RECORDSTORE_H

#include <sqlite3.h>

#include "engine.h"
#include "fragcache.h"

/* The record `kind` of entity as of date (FRAG_CORE, FRAG_FULL,
 * FRAG_STATE_MEDIA, the citations map of the last two: FRAG_CITES_FULL,
 * FRAG_CITES_SM, or FRAG_GROUP, never stored). A new reference, or NULL when out of memory. */
mh_frag *mh_record_get(mh_scratch *sc, long long entity, const char *date, mh_frag_kind kind);

/* Render the date-free records of every entity of the database being built
 * on `db` (its tables complete) into its record_pack, as of `date`;
 * *stored counts the records written. */
mh_status mh_records_render(sqlite3 *db, const char *date, size_t *stored);

/* Check a database's stored records against records built from its facts
 * as of `date`: every date-free record stored, byte for byte; no dated one
 * stored; each stored text reading back to itself. One diag per problem;
 * MH_ERR_DATA when there was any. */
mh_status mh_records_verify(mh_scratch *sc, const char *date, mh_diag_fn diag, void *userdata,
                            size_t *checked);

#endif
