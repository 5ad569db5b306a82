/* annotate.h — build the annotation JSON from the decided roles. */
#ifndef MH_ANNOTATE_H
#define MH_ANNOTATE_H

#include <jansson.h>

#include "engine.h"
#include "role.h"

typedef struct mh_annotate_ctx {
    const char *date;        /* YYYY-MM-DD the annotation is as of */
    const char *date_source; /* option, document, url, today */
    const char *field;       /* JSONL field, or NULL */
    const mh_policy *policy;
    size_t full_len; /* original size when the input was cut, else 0 */
} mh_annotate_ctx;

/* The annotation object (new reference in *out). MH_ERR_NOMEM on failure. */
mh_status mh_annotation_build(mh_scratch *sc, const mh_verdict *v, const mh_annotate_ctx *ctx,
                              json_t **out);

#endif
