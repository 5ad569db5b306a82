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
} mh_annotate_ctx;

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
