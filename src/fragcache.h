/* fragcache.h — an engine-wide cache of entity records, shared by its
 * threads, so that a corpus naming the same outlets again and again builds
 * each record once.
 *
 * Each entry (a fragment) holds the record as compact JSON text, to write
 * into annotations as it is and to read (jtext.h); for an object, also
 * where each member's value lies in that text. A citation (made by
 * mh_frag_new) also keeps its jansson tree; records are read as text. Slots
 * come in pairs (two-way): two records used again and again whose keys
 * fall on the same slot do not evict each other. Fragments are
 * reference-counted (atomically): a caller keeps its own reference for as
 * long as it uses one, whatever the cache evicts meanwhile, and treats it
 * as immutable. Every function here is safe to call from several threads. */
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
    FRAG_CITES_SM,    /* the citations map of FRAG_STATE_MEDIA */
    FRAG_GROUP        /* the outlets an organisation owns (group.h; date-free) */
} mh_frag_kind;

typedef struct mh_frag_member {
    const char *key; /* borrowed from the value, or from the keys */
    size_t key_off;  /* the key's opening quote in text */
    size_t off, len; /* the member's value in text */
} mh_frag_member;

typedef struct mh_frag {
    int refs;
    int dated; /* built from dated facts: holds for [valid_from, valid_until) only */
    char valid_from[11], valid_until[11]; /* "" for an open end */
    json_t *value;                        /* the record as built, or NULL for one read as text */
    char *text;                           /* its compact JSON (MH_JSON_FLAGS) */
    size_t len;
    mh_frag_member *members; /* for an object: its members in order */
    size_t nmembers;
    char *keys;    /* the members' keys, for a fragment read as text */
    int one_block; /* text, members and keys live in the fragment's own block */
    int uncounted; /* references are not counted: its owner frees it (mh_frag_free) */
} mh_frag;

/* A fragment of value (stolen; NULL makes a JSON null): text and members
 * made once. NULL when out of memory. */
mh_frag *mh_frag_new(json_t *value);
/* A fragment of JSON text the caller has checked is valid (copied): its
 * members found in the text; no tree. NULL when out of memory. */
mh_frag *mh_frag_from_text(const char *text, size_t len);
mh_frag *mh_frag_ref(mh_frag *f);
void mh_frag_unref(mh_frag *f);
/* A fragment handed out to every thread many times a record (the engine's
 * `null` record): references to it are not counted, so that threads on
 * two cores do not pass its count's cache line back and forth; its owner
 * frees it with mh_frag_free once no one uses it. */
void mh_frag_set_uncounted(mh_frag *f);
void mh_frag_free(mh_frag *f);
/* The member `key` of an object fragment, or NULL. */
const mh_frag_member *mh_frag_member_of(const mh_frag *f, const char *key);

typedef struct mh_fragcache mh_fragcache;

/* A cache of `capacity` entries (rounded up to a power of two). */
mh_status mh_fragcache_create(size_t capacity, mh_fragcache **out);
void mh_fragcache_free(mh_fragcache *c);

/* A new reference to the cached fragment, or NULL when absent. `date` is
 * the annotation date (ignored for FRAG_CORE, FRAG_CITATION and FRAG_GROUP,
 * which do not depend on it): an entry put with a NULL date is found
 * first (a dated one only when date is within its validity), then one
 * put for this date. */
mh_frag *mh_fragcache_get(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind);

/* Store a fragment (the cache takes its own reference) for `date`, or,
 * when date is NULL, for every date it holds for (every date unless it
 * is dated); an older entry in the same slot is released. */
void mh_fragcache_put(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind,
                      mh_frag *frag);

/* Drop every entry (after an allocation failure left some incomplete).
 * Fragments other threads hold stay valid until they release them. */
void mh_fragcache_clear(mh_fragcache *c);

#endif
