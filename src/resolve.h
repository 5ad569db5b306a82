/* resolve.h — markers to entities of the source database.
 *
 * URLs are unwrapped (url-scope rules: AMP caches, web archives, share
 * links) and looked up host+path prefix first, then the full host, each
 * parent host, and the registrable domain (the Public Suffix List's, private
 * section included). Names are folded (normalize.h) and looked up in the
 * alias index, longest first; handles by "@handle". */
#ifndef MH_RESOLVE_H
#define MH_RESOLVE_H

#include "doc.h"
#include "domain.h"
#include "masthead.h"

typedef struct mh_scratch mh_scratch;
typedef struct mh_name_memo mh_name_memo; /* namememo.h */

typedef enum mh_via { VIA_NONE = 0, VIA_DOMAIN, VIA_ALIAS, VIA_HANDLE, VIA_FIXED } mh_via;

/* One marker resolved to one entity (or to none, with what it named). */
typedef struct mh_cand {
    size_t marker;    /* index into the document's markers (SIZE_MAX: the given URL) */
    long long entity; /* database id, 0 when unresolved */
    mh_via via;
    char step[24]; /* host_path, host, parent_host, registrable_domain, alias, handle, outlet */
    char host[MH_HOST_MAX];   /* host looked up (domain), or "" */
    char domain[MH_HOST_MAX]; /* registrable domain of host, or "" */
    char alias_kind[24];      /* kind of the alias matched */
    char matched[128];        /* the folded name that matched, or the name tried */
    int is_outlet;
    int is_wire;   /* entity's kind is wire_agency */
    int ambiguous; /* how many entities share the matched name (1 = unique) */
    int repeats;   /* step self_named: how often the text names the domain's label */
    int settled;   /* of an ambiguous name: 1 the rest of the text names this
                      entity, 2 the name is its wire credit (role.c) */
    size_t headline, headline_len; /* a URL that spells the headline on this line of the
                                      text: the text's own address (role.c); len 0 if not */
    double weight;                 /* evidence strength after context (role.c) */
    int role;                      /* mh_role decided by role.c */
} mh_cand;

#define MH_GIVEN_URL ((size_t)-1)

/* Resolve every marker of the scratch's document (and the given URL) into
 * sc->cands. `date` (YYYY-MM-DD) selects domains and aliases in force.
 * Returns MH_ERR_NOMEM or MH_ERR_DB on failure. */
mh_status mh_resolve(mh_scratch *sc, const char *date);

/* Unwrap a URL through the url-scope rules (up to a few layers). Writes the
 * innermost URL to out and, when a rule captured a date (web archive), the
 * date YYYY-MM-DD to date_out (else ""). Returns 1 when something was
 * unwrapped. */
int mh_unwrap_url(mh_scratch *sc, const char *url, size_t len, char *out, size_t outlen,
                  char date_out[11]);

/* Look up a host (and path) in the domain tables. Fills c (entity, step,
 * host, domain); returns 1 when an entity was found. */
int mh_resolve_host(mh_scratch *sc, const char *host, const char *path, const char *date,
                    mh_cand *c);

/* Look up a name in the alias index, longest prefix of its words first.
 * Appends one candidate per entity found (a name shared by several entities
 * gives several, marked ambiguous). Returns the number appended. */
int mh_resolve_name(mh_scratch *sc, const char *name, size_t len, const char *date, int exact_only,
                    mh_cand *tmpl, mh_status *st);

/* Date helpers shared by the stages: is `date` (YYYY-MM-DD) within
 * [since, until)? NULL bounds are open; partial dates (YYYY, YYYY-MM) are
 * read as their first day. */
int mh_date_in(const char *date, const char *since, const char *until);
/* Normalise a partial date to YYYY-MM-DD in out[11]; 0 if invalid. */
int mh_date_key(const char *s, char out[11]);
/* A fact read for `date` changes its answer at `bound` (a date, partial
 * or whole, NULL or invalid for none): narrow sc's validity interval to
 * the side of it that holds date. */
void mh_date_narrow(mh_scratch *sc, const char *date, const char *bound);
/* A fact read for `date` was cut short (a cap on rows): what was built
 * holds for no other date. */
void mh_date_pin(mh_scratch *sc, const char *date);

#endif
