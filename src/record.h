/* record.h — an entity's facts as JSON, as of a date: owners up to the
 * ultimate owner(s), state-media class (with the others beside it), ratings,
 * domains, and the citation of every fact. Used by annotations and by
 * `masthead db lookup`. Every function returns a new reference (or NULL on
 * allocation failure). */
#ifndef MH_RECORD_H
#define MH_RECORD_H

#include <jansson.h>

#include "engine.h"

/* A fact's citation: {"id", "ref"}; the full citations are listed once per
 * output in a map (mh_citations_map). */
json_t *mh_citation_json(mh_scratch *sc, long long cite, const char *cite_ref);

/* Every citation referenced below root, as a map id -> full citation. */
json_t *mh_citations_map(mh_scratch *sc, json_t *root);
/* The same for a record's valid JSON text, as a fragment (written as text
 * from the cached citations: no tree). */
struct mh_frag *mh_citations_frag_text(mh_scratch *sc, const char *text, size_t len);
/* The ids collected for those maps, as an object id -> true in the order
 * first met, from a tree and from its JSON text: the same for any tree. */
json_t *mh_citation_ids(json_t *root);
json_t *mh_citation_ids_text(const char *text, size_t len);

/* Ownership edges from the direct owners (level 1) upwards, in force at
 * date; *ultimate receives the list of ultimate owners. */
json_t *mh_owners_json(mh_scratch *sc, long long entity, const char *date, json_t **ultimate);

/* The state-media class in force at date, or JSON null when unclassified. */
json_t *mh_state_media_json(mh_scratch *sc, long long entity, const char *date);

json_t *mh_ratings_json(mh_scratch *sc, long long entity);

/* The entity's core fields: id, name, kind, country, languages, domain,
 * named_by, and (with_domains) every domain known. */
json_t *mh_entity_core_json(mh_scratch *sc, long long entity, int with_domains);

/* Core fields plus owners, ultimate_owners, state_media, ratings, the
 * entity's own citation and (with_aliases) its aliases: the full record. */
json_t *mh_entity_full_json(mh_scratch *sc, long long entity, const char *date, int with_aliases);

/* Steal-setting helper: json_object_set_new that tolerates NULL values. */
int mh_json_set(json_t *obj, const char *key, json_t *value);

#endif
