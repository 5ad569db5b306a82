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

/* A JSON string of s[0, n) (escaped as jansson does), and a real as jansson
 * prints it with MH_JSON_REAL_PRECISION: the pieces of mh_json_dump, for
 * writers that build JSON text directly (jsonw.h). */
mh_status mh_json_put_string(mh_text *out, const char *s, size_t n);
mh_status mh_json_put_real(mh_text *out, double v);
/* The same through printf for any double; mh_json_put_real prints a real of
 * at most three decimals itself, byte for byte as this would (checked by the
 * unit tests). */
mh_status mh_json_put_real_printf(mh_text *out, double v);

/* Free a string jansson allocated (json_dumps), with jansson's allocator. */
void mh_json_free_text(char *text);

#endif
