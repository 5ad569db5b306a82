/* jsonw.h — writing compact JSON text directly, without building a tree.
 *
 * The annotation of every record is written with it: a jansson tree per
 * record (objects are hash tables) cost more than finding the markers.
 * The text is byte for byte what json_dumps(MH_JSON_FLAGS) would give the
 * same values in the same order (jsondump.h writes strings and reals).
 * Errors are sticky: after an allocation fails every call does nothing and
 * mh_jw_status says so. */
#ifndef MH_JSONW_H
#define MH_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "masthead.h"

#define MH_JW_MAX_DEPTH 32

typedef struct mh_jw {
    mh_text *out;
    mh_status st;
    int depth;
    bool after_key;                  /* a key was written: its value comes next */
    bool first[MH_JW_MAX_DEPTH + 1]; /* nothing written yet at this level */
} mh_jw;

void mh_jw_init(mh_jw *w, mh_text *out);
mh_status mh_jw_status(const mh_jw *w);

void mh_jw_object(mh_jw *w); /* { */
void mh_jw_end_object(mh_jw *w);
void mh_jw_array(mh_jw *w); /* [ */
void mh_jw_end_array(mh_jw *w);
/* A member's key inside an object; its value is the next call. */
void mh_jw_key(mh_jw *w, const char *key);
/* A key written in the source as a plain name (letters, digits, '_':
 * nothing to escape): its `"key":` made by the compiler. */
#define MH_JW_KEY(w, name) mh_jw_key_inline((w), "\"" name "\":", sizeof(name) + 2)
void mh_jw_key_token(mh_jw *w, const char *token, size_t len);

/* mh_jw_key_token where the buffer has room: inline, so that the token's
 * length is the compiler's constant and its copy a few moves (an
 * annotation has some 130 keys). */
static inline void mh_jw_key_inline(mh_jw *w, const char *token, size_t len)
{
    mh_text *t = w->out;
    if (w->st != MH_OK || !t->data || len + 2 > t->cap - t->len) {
        mh_jw_key_token(w, token, len);
        return;
    }
    char *d = t->data + t->len;
    if (!w->first[w->depth])
        *d++ = ',';
    w->first[w->depth] = false;
    w->after_key = true;
    memcpy(d, token, len);
    t->len = (size_t)(d + len - t->data);
}

void mh_jw_string(mh_jw *w, const char *s); /* NULL writes null */
/* A string of masthead's own vocabulary (kind, role and rule names, steps:
 * ASCII with nothing to escape, which the caller guarantees) written as it
 * is: an annotation's evidence writes some forty a record. */
void mh_jw_plain(mh_jw *w, const char *s);
void mh_jw_stringn(mh_jw *w, const char *s, size_t n);
void mh_jw_int(mh_jw *w, long long v);
void mh_jw_real(mh_jw *w, double v);
void mh_jw_bool(mh_jw *w, bool v);
void mh_jw_null(mh_jw *w);
/* A value already written as compact JSON text. */
void mh_jw_raw(mh_jw *w, const char *json, size_t len);
/* Members `"key":value,...` already written as JSON, added to the open
 * object as they are (nothing when len is 0). */
void mh_jw_raw_members(mh_jw *w, const char *json, size_t len);
/* A jansson value (NULL writes null). */
void mh_jw_json(mh_jw *w, json_t *v);

#endif
