/* engine.h — the private shape of mh_engine and mh_scratch, shared by the
 * stages of the pipeline (engine.c drives them in order). */
#ifndef MH_ENGINE_H
#define MH_ENGINE_H

#include "doc.h"
#include "enrich.h"
#include "resolve.h"
#include "normalize.h"
#include "rules.h"
#include "scan.h"
#include "sourcedb.h"

struct mh_engine {
    char *db_path;
    mh_ruleset *rules;
    mh_folder *folder; /* legal forms from the database */
    char *db_version;
    char *db_built;
    struct mh_fragcache *frags; /* entity records already built, for every thread (fragcache.h) */
    struct mh_fragcache *built; /* records built from the facts (recordstore.h) */
    mh_name_memo *name_memo;    /* name lookups already made, for every thread (resolve.c) */
    struct mh_host_memo *host_memo; /* domain rows by host, for every thread (hostmemo.h) */
    struct mh_cite_index *cites;    /* citation keys to ids (citeindex.h) */
    /* keys the alias and domain tables surely lack (keyfilter.h; NULL:
     * none stored, every key is looked up) */
    struct mh_keyfilter *norm_filter, *host_filter;
    /* each entity's traits by id (MH_TRAIT_*), read for every candidate:
     * queried once per entity, by whichever thread asks first (0: not yet;
     * bytes read and written atomically) */
    unsigned char *traits;
    size_t ntraits;
    /* per entity id (ntraits of them), a bit per stored record kind whose
     * text was checked (recordstore.c): the database is immutable while
     * open, so a record that read as valid once is not scanned again;
     * and whether its stored state-media class is `null` */
    unsigned char *checked;
    /* the record `null`, handed out for each entity whose state-media class
     * read as null once (95% of them): those are not read again */
    struct mh_frag *null_record;
    /* rules naming an outlet this database lacks: with it they find nothing
     * (see check_rule_outlets); a warning when the engine opens, an error
     * for `rules check` */
    size_t rules_missing_outlet;
};

#define MH_TRAIT_OUTLET 1u
#define MH_TRAIT_WIRE   2u
#define MH_TRAIT_EXISTS 4u /* set for every entity */
#define MH_TRAIT_READ   8u /* set once the database was asked */

/* An entity's traits (MH_TRAIT_*), from the engine's memo when the
 * scratch has an engine, else from the database. */
unsigned mh_entity_traits(mh_scratch *sc, long long entity);

struct mh_scratch {
    const mh_engine *eng;
    mh_sourcedb *db;
    mh_scanner *scanner;
    mh_doc doc;
    mh_cand *cands;
    size_t ncands, cands_alloc;
    char url_date[11];              /* date from an archive URL, "" if none */
    mh_marker given;                /* the URL given apart from the text */
    char *given_url;                /* its unwrapped text (subject of `given`) */
    mh_enrich_state *enrich;        /* enrich.c's scan buffers, created on first use */
    struct mh_fragcache *frags;     /* the engine's (not owned) */
    struct mh_fragcache *built;     /* the engine's (not owned); NULL: use frags */
    mh_name_memo *name_memo;        /* the engine's (not owned) */
    struct mh_host_memo *host_memo; /* the engine's (not owned) */
    /* a dated fact (alias, owner edge, state-media class) was read since
     * the last reset: what was built holds for its date only */
    int dated_lookup;
    /* the dates around the one asked for over which every dated fact read
     * since the last reset gives the same answer: [valid_from, valid_until),
     * "" for an open end (mh_date_narrow) */
    char valid_from[11], valid_until[11];
    mh_text ann_text; /* mh_annotate's annotation text, before parsing */
};

/* Drop every entry of the engine's caches and memos (after an allocation
 * failure left some incomplete; the out-of-memory test, to run cold). */
void mh_engine_clear_caches(const mh_engine *e);

struct mh_annotation_info;

/* The annotation as compact JSON text appended to out (what mh_annotate
 * returns parsed), with input.id set to record_id when given and without
 * the top-level members skip names (MH_ANN_*: annotate.h; 0 for the whole
 * annotation); info says whether it is flagged, has a publisher, is
 * partial. Any failed allocation gives MH_ERR_NOMEM with out unchanged. */
mh_status mh_annotate_text(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                           int generic_only, const char *record_id, unsigned skip, mh_text *out,
                           struct mh_annotation_info *info);

/* mh_annotate with outlet-specific rules switched off when generic_only
 * (proves a verdict comes from generic mechanisms). */
mh_status mh_annotate_ex(mh_scratch *sc, const mh_document *doc, const mh_annotate_options *o,
                         int generic_only, json_t **out);

#endif
