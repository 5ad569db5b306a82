/* traitstore.h — every entity's traits (engine.h: MH_TRAIT_*) stored by
 * `masthead db build` as one blob, byte i for entity id i, so that an
 * engine knows them all from the start.
 *
 * Resolving a candidate asks for its entity's traits (an outlet? a wire
 * agency?); read from the entity table one id at a time, the 500 MB
 * benchmark corpus cost 16,500 B-tree reads (1.6% of the worker's cycles)
 * for bytes a 21 KB blob holds (221 KB with 200,000 more outlets). A
 * database without the blob, or with one that does not fit the entity
 * table, is read one id at a time as before; `masthead db verify` names
 * a blob that differs from the table. */
#ifndef MH_TRAITSTORE_H
#define MH_TRAITSTORE_H

#include <sqlite3.h>
#include <stddef.h>

#include "masthead.h"

/* The traits byte of an entity row (is_outlet, kind). */
unsigned mh_traits_of_row(int is_outlet, const char *kind);

/* Write the blob of the database being built on `db` (its entity table
 * complete). */
mh_status mh_traits_render(sqlite3 *db);

/* Fill traits[0..n) (n = the largest entity id + 1) from the blob: 1 when
 * it is there, of that length, and every byte one a row can have; else 0
 * with traits left as they were. */
int mh_traits_load(sqlite3 *db, unsigned char *traits, size_t n);

/* Check the blob against the entity table: one diag per problem, and
 * MH_ERR_DATA when there was any. A database without the blob passes. */
mh_status mh_traits_verify(sqlite3 *db, mh_diag_fn diag, void *userdata);

#endif
