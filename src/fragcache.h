/* fragcache.h — a per-scratch cache of entity records as JSON, so that a
 * corpus naming the same outlets again and again builds each record once.
 *
 * Cached values are shared: callers get a new reference and must treat it
 * as immutable (json_copy it shallowly before setting anything). */
#ifndef MH_FRAGCACHE_H
#define MH_FRAGCACHE_H

#include <jansson.h>

#include "masthead.h"

typedef enum mh_frag_kind {
    FRAG_CORE,        /* an entity's core fields (date-free) */
    FRAG_FULL,        /* its full record as of a date */
    FRAG_STATE_MEDIA, /* its state-media class as of a date */
    FRAG_CITATION,    /* a citation (entity = citation id) */
    FRAG_CITES_FULL,  /* the citations map of FRAG_FULL */
    FRAG_CITES_SM     /* the citations map of FRAG_STATE_MEDIA */
} mh_frag_kind;

typedef struct mh_fragcache mh_fragcache;

/* A cache of `capacity` entries (rounded up to a power of two). */
mh_status mh_fragcache_create(size_t capacity, mh_fragcache **out);
void mh_fragcache_free(mh_fragcache *c);

/* A new reference to the cached value, or NULL when absent. `date` is the
 * annotation date (ignored for FRAG_CORE, which does not depend on it). */
json_t *mh_fragcache_get(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind);

/* Drop every entry (after an allocation failure left some incomplete). */
void mh_fragcache_clear(mh_fragcache *c);

/* Store a value (the cache takes a new reference; the caller keeps its own).
 * An older entry in the same slot is evicted. */
void mh_fragcache_put(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind,
                      json_t *value);

#endif
