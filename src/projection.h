/* projection.h — `enrich --fields`: the chosen members of an annotation,
 * nested as their dotted paths say, copied from the annotation's text.
 *
 * Reading the annotation back into a jansson tree to pick three values cost
 * more than writing it (2.5 times the whole run's time at --fields); here
 * the text is scanned once (mh_jsonl_scan) for the values of the paths and
 * of their parents, and the values are copied byte for byte. The result is
 * what projecting the tree gives (mh_projection_tree, held to it by
 * tests/unit/test_projection.c): a missing value is null, and below a
 * parent that is not an object the path ends with its next key set to null. */
#ifndef MH_PROJECTION_H
#define MH_PROJECTION_H

#include <jansson.h>

#include "jsonl.h"
#include "masthead.h"

typedef struct mh_projection mh_projection;

/* A plan for n dotted paths. *out is NULL (with MH_OK) when the paths are
 * beyond what the plan does: more parents and paths than the scanner reads
 * at once, one path inside another or twice, a key that is not UTF-8. The
 * caller projects the tree then. */
mh_status mh_projection_create(char *const *paths, size_t n, mh_projection **out);
void mh_projection_free(mh_projection *p);

/* Append to out the object of the chosen members of ann (a valid JSON
 * object: an annotation's text). res is the caller's, rewritten. */
mh_status mh_projection_write(const mh_projection *p, const char *ann, size_t len,
                              mh_jsonl_result *res, mh_text *out);

/* The same object projected from the annotation's tree: for the paths the
 * plan does not take, and the plan's reference in the tests. NULL when out
 * of memory. */
json_t *mh_projection_tree(char *const *paths, size_t n, json_t *ann);

#endif
