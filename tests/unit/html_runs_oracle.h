/* html_runs_oracle.h — the HTML extractor must give the same visible text,
 * offset map and selected values whether masthead reads text runs itself
 * or leaves every character to libxml2 (src/html.c, take_text_run). Shared
 * by tests/unit/test_html_runs.c and tests/fuzz/fuzz_html_runs.c. */
#ifndef MH_HTML_RUNS_ORACLE_H
#define MH_HTML_RUNS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* Parse html twice, text runs taken and not; true when both parses agree
 * (or both fail alike). On disagreement, `why` says where. */
bool html_runs_agree(const char *html, size_t len, const mh_ruleset *rs, char *why, size_t size);

#endif
