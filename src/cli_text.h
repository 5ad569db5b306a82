/* cli_text.h — the annotation in plain words for people. */
#ifndef MH_CLI_TEXT_H
#define MH_CLI_TEXT_H

#include <jansson.h>
#include <stdio.h>

#include "masthead.h"

/* Print the annotation as a short summary with quoted evidence and line
 * numbers. Returns 0, or -1 when writing failed. */
int cli_print_text(FILE *out, json_t *ann, const char *input, size_t len);

int cli_parse_policy(const char *spec, mh_policy *p, char *storage, size_t n, const char **codes,
                     size_t maxcodes);

#endif
