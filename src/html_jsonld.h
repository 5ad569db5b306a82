/* html_jsonld.h — values selected by jsonld rules from JSON-LD scripts. */
#ifndef MH_HTML_JSONLD_H
#define MH_HTML_JSONLD_H

#include <stddef.h>

#include "rules.h"

/* Receives one selected value: the rule's index, the value (borrowed for
 * the call) and its source region [s, e). */
typedef void (*mh_jsonld_emit)(void *ud, unsigned rule, const char *value, size_t len, size_t s,
                               size_t e);

/* Parse one script's text (JSON; anything else selects nothing) and report
 * what each jsonld rule of rs selects from it (outlet-specific rules left
 * out with generic_only). A value is placed where its JSON-encoded form
 * first occurs in src[s, e) (the script's region), else at the whole
 * script. */
void mh_jsonld_run(const char *text, size_t len, const char *src, size_t s, size_t e,
                   const mh_ruleset *rs, int generic_only, mh_jsonld_emit emit, void *ud);

#endif
