/* jsondump.h — fast compact serialisation of jansson values (see jsondump.c). */
#ifndef MH_JSONDUMP_H
#define MH_JSONDUMP_H

#include <jansson.h>

#include "masthead.h"

/* Significant digits of reals in every JSON masthead writes: 0.981, not
 * 0.98099999999999998. */
#define MH_JSON_REAL_PRECISION 10
#define MH_JSON_FLAGS          (JSON_COMPACT | JSON_REAL_PRECISION(MH_JSON_REAL_PRECISION))

/* Append value to out exactly as json_dumps(value, MH_JSON_FLAGS) would.
 * MH_ERR_NOMEM / MH_ERR_LIMIT (nesting) leave out unchanged. */
mh_status mh_json_dump(json_t *value, mh_text *out);

/* Free a string jansson allocated (json_dumps), with jansson's allocator. */
void mh_json_free_text(char *text);

#endif
