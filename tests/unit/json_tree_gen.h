/* json_tree_gen.h — deterministic pseudo-random jansson trees of every
 * type (json_tree_gen.c), for the tests that compare masthead's JSON
 * writers with jansson's own dump. */
#ifndef MH_JSON_TREE_GEN_H
#define MH_JSON_TREE_GEN_H

#include <jansson.h>

/* A new tree drawn from *rng (xorshift64 state, never 0): strings with
 * control characters, quotes and bytes to escape; integers past 32 bits;
 * reals from tiny to huge; arrays and objects nested up to 6 levels, with
 * plain keys and keys that need escaping. */
json_t *json_tree_gen(unsigned long long *rng, int depth);

#endif
