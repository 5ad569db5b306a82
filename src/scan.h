/* scan.h — one pass over a document: prefilter hits confirmed by each rule's
 * regex in a bounded window, HTML items matched by their rules. */
#ifndef MH_SCAN_H
#define MH_SCAN_H

#include "doc.h"
#include "rules.h"

typedef struct mh_scanner mh_scanner;

/* Per-thread scanner for a rule set (owns Hyperscan scratch and PCRE2 match
 * data). Returns MH_ERR_NOMEM or MH_ERR_INTERNAL on failure. */
mh_status mh_scanner_create(const mh_ruleset *rs, mh_scanner **out);
void mh_scanner_free(mh_scanner *s);

/* Apply limits to the next scans (match, depth, heap limits, budget). */
void mh_scanner_set_limits(mh_scanner *s, const mh_limits *limits, int generic_only);

/* Scan d->text with every text rule; markers are appended to d. A limit
 * reached is recorded in d (partial) and is not an error. */
mh_status mh_scan_text(mh_scanner *s, mh_doc *d);

/* Turn d's HTML items into markers through their rules. */
mh_status mh_scan_items(mh_scanner *s, mh_doc *d);

/* Drop text markers that a more specific overlapping marker explains: a
 * photo credit over a copyright line, a dateline over a mention, a URL over
 * a bare domain inside it; of two markers of the same kind, the longer. */
void mh_scan_resolve_overlaps(const mh_ruleset *rs, mh_doc *d);

/* Match one rule against a subject (anywhere); fills m's span and captures
 * relative to subject. Returns 1 on a match, 0 on none, -1 on a regex limit
 * or error. */
int mh_scan_match_one(mh_scanner *s, const mh_rule *r, const char *subject, size_t len,
                      mh_marker *m);

#endif
