/* annotate.h — write the annotation JSON from the decided roles. */
#ifndef MH_ANNOTATE_H
#define MH_ANNOTATE_H

#include <stdbool.h>

#include "engine.h"
#include "role.h"

typedef struct mh_annotate_ctx {
    const char *date;        /* YYYY-MM-DD the annotation is as of */
    const char *date_source; /* option, document, url, today */
    const char *field;       /* JSONL field, or NULL */
    const mh_policy *policy;
    size_t full_len;       /* original size when the input was cut, else 0 */
    const char *record_id; /* input.id (a batch record's id), or NULL */
    unsigned skip;         /* MH_ANN_* members not written (0: the whole annotation) */
} mh_annotate_ctx;

/* Top-level members an annotation may leave out when its reader asks for
 * others only (enrich --fields): the large ones. The rest (schema,
 * flagged, date, input, partial, versions) are always written. */
enum {
    MH_ANN_PUBLISHER = 1u << 0,
    MH_ANN_FLAG = 1u << 1,
    MH_ANN_OUTLETS = 1u << 2,
    MH_ANN_ORGANIZATIONS = 1u << 3,
    MH_ANN_UNRESOLVED = 1u << 4,
    MH_ANN_CITATIONS = 1u << 5,
    MH_ANN_SUMMARY = 1u << 6,
    MH_ANN_OPTIONAL = (1u << 7) - 1
};

/* The MH_ANN_* bit of a top-level member's key (its first n bytes), or 0
 * for one always written or unknown. */
unsigned mh_annotation_member_bit(const char *key, size_t n);

/* What the annotation says, for counting without reading it back. */
typedef struct mh_annotation_info {
    bool flagged;
    bool publisher_known;
    bool partial;
} mh_annotation_info;

/* Append the annotation as compact JSON text (MH_JSON_FLAGS) to out.
 * MH_ERR_NOMEM with out unchanged on failure. */
mh_status mh_annotation_build(mh_scratch *sc, const mh_verdict *v, const mh_annotate_ctx *ctx,
                              mh_text *out, mh_annotation_info *info);

#endif
