/* jtext.h — read members, elements and strings out of JSON text that is
 * already known to be valid (a fragment's text: written by jsondump, or
 * read from the database and checked by the JSONL scanner), without
 * building a tree.
 *
 * Validity is the caller's promise: on invalid text these functions stay
 * inside the given bytes and return nonsense, never more. */
#ifndef MH_JTEXT_H
#define MH_JTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* One JSON value's text. An empty span (len 0) is "absent". */
typedef struct mh_jspan {
    const char *p;
    size_t len;
} mh_jspan;

/* Walks the members of an object or the elements of an array. */
typedef struct mh_jiter {
    const char *p, *end;
} mh_jiter;

/* Start walking the object or array v (nothing to walk when it is neither). */
void mh_jt_iter(mh_jiter *it, mh_jspan v);
/* The next member (key: the key's string token, quotes included) or, for an
 * array, element (key NULL). False at the end. */
bool mh_jt_next(mh_jiter *it, mh_jspan *key, mh_jspan *value);

/* The value that starts at p (after any whitespace), ending by end. */
mh_jspan mh_jt_value_at(const char *p, const char *end);

/* The member `name` of the object v, or an empty span (the last of
 * duplicates wins, as in jansson). */
mh_jspan mh_jt_get(mh_jspan v, const char *name);
/* Whether a key token decodes to name. */
bool mh_jt_key_is(mh_jspan key, const char *name);

/* A string value decoded into buf (size bytes, NUL-terminated, cut at a
 * character boundary), or NULL when v is not a string. */
const char *mh_jt_str(mh_jspan v, char *buf, size_t size);

static inline bool mh_jt_is_object(mh_jspan v)
{
    return v.len >= 2 && v.p[0] == '{';
}

static inline bool mh_jt_is_array(mh_jspan v)
{
    return v.len >= 2 && v.p[0] == '[';
}

#endif
