/* keyfilter.h — which keys a lookup table cannot hold, told without asking
 * it: a Bloom filter over every alias's folded name (alias.norm) and every
 * domain's host (domain.host), stored by `masthead db build` (schema.sql:
 * key_filter) and read once by an engine.
 *
 * Why: most names and hosts an article brings up are in no table (person
 * names, sites of no outlet). On the 500 MB benchmark corpus 17,536 of
 * 41,759 alias queries and 11,903 of 29,659 host queries found no row, and
 * each cost an index seek. A filter says "not there" for all of them but
 * about one in a hundred, never wrongly: a key in the table always passes.
 * A database without the filter, or with one of another format, is asked
 * every time, as before; `masthead db verify` names a filter that differs
 * from its table (a stale one would hide keys). */
#ifndef MH_KEYFILTER_H
#define MH_KEYFILTER_H

#include <sqlite3.h>
#include <stddef.h>

#include "masthead.h"

typedef enum mh_keyset { MH_KEYS_ALIAS_NORM, MH_KEYS_DOMAIN_HOST, MH_KEYSETS } mh_keyset;

typedef struct mh_keyfilter mh_keyfilter;

/* Write the filters of the database being built on `db` (its alias and
 * domain tables complete). */
mh_status mh_keyfilter_render(sqlite3 *db);

/* The stored filter of a key set, or NULL (none stored, another format, or
 * out of memory: lookups then ask the table). */
mh_keyfilter *mh_keyfilter_load(sqlite3 *db, mh_keyset set);
void mh_keyfilter_free(mh_keyfilter *f);

/* 0 when the set surely does not hold key[0..len); 1 when it may (always
 * for a NULL filter). */
int mh_keyfilter_may_hold(const mh_keyfilter *f, const char *key, size_t len);

/* Check each stored filter against its table: one diag per problem, and
 * MH_ERR_DATA when there was any. A database without them passes. */
mh_status mh_keyfilter_verify(sqlite3 *db, mh_diag_fn diag, void *userdata);

#endif
