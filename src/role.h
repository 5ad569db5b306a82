/* role.h — deciding each outlet's role (publisher, origin, image credit,
 * mention) and the publisher's confidence from the resolved candidates.
 *
 * Each candidate gets a role and a weight from its marker's kind and
 * context (role.c explains the rules); an outlet's score for a role is the
 * noisy-OR of its evidence weights; the publisher is the outlet with the
 * best publisher score, and its confidence is that score discounted by the
 * strongest competing publisher (docs/confidence.md). */
#ifndef MH_ROLE_H
#define MH_ROLE_H

#include "resolve.h"
#include "rules.h"

/* One outlet (or organisation, or unknown domain) in one role. */
typedef struct mh_entry {
    long long entity;         /* database id, or 0 for a domain not in the database */
    char domain[MH_HOST_MAX]; /* registrable domain when entity is 0 */
    mh_role role;
    int is_outlet;
    double score;      /* noisy-OR of its channels' strongest evidence */
    int tier;          /* its most authoritative channel: 2 address, 1 metadata, 0 text */
    double confidence; /* calibrated, for the publisher; the score otherwise */
    size_t *cands;     /* evidence: indices into sc->cands */
    size_t ncands, alloc;
} mh_entry;

typedef struct mh_verdict {
    mh_entry *entries;
    size_t n, alloc;
    long publisher; /* index into entries, or -1 for "unknown" */
    double confidence;
    double runner_up; /* best competing publisher score */
    size_t tied;      /* publisher left unknown: this many unrelated outlets tie */
} mh_verdict;

void mh_verdict_init(mh_verdict *v);
void mh_verdict_free(mh_verdict *v);

/* Decide roles and the publisher for the scratch's candidates. */
mh_status mh_decide_roles(mh_scratch *sc, mh_verdict *v, const char *date);

/* Map a raw publisher score to a calibrated confidence (docs/confidence.md). */
double mh_calibrate(double raw);

#endif
