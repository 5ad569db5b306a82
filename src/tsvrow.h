/* tsvrow.h — `enrich --format tsv`: an annotation's row, read from the
 * annotation's text.
 *
 * The row was read from a jansson tree of the annotation, which cost more
 * than writing the annotation (2.5 times the whole run's time in TSV).
 * Here the text is scanned once for the cells' values (mh_jsonl_scan); the
 * two arrays the row lists (origins, flag reasons) are walked element by
 * element. The row's bytes are what the tree gave (tests/unit/test_tsvrow.c
 * holds them to it). */
#ifndef MH_TSVROW_H
#define MH_TSVROW_H

#include "jsonl.h"
#include "masthead.h"

/* Reusable buffers of the scans, one per thread (zeroed to start). */
typedef struct mh_tsvrow_state {
    mh_jsonl_result row, element; /* the annotation's scan, an element's */
    char *buf[2];                 /* decode room for the strings of each */
    size_t size[2];
} mh_tsvrow_state;

void mh_tsvrow_state_free(mh_tsvrow_state *st);

/* The annotation paths a row reads (their first keys name the top-level
 * members it needs); *n set to how many. */
const char *const *mh_tsvrow_paths(size_t *n);

/* Append the row of ann (a valid JSON object: an annotation's text) for a
 * record of the given line number and id (or NULL). */
mh_status mh_tsvrow_write(mh_tsvrow_state *st, unsigned long long line_no, const char *id,
                          const char *ann, size_t len, mh_text *out);

#endif
