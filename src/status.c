/* status.c — texts of status codes, the library version, default limits and policy. */
#include "masthead.h"

#include "limits.h"

const char *mh_strerror(mh_status status)
{
    switch (status) {
    case MH_OK: return "success";
    case MH_ERR_NOMEM: return "out of memory";
    case MH_ERR_IO: return "input/output error";
    case MH_ERR_INPUT: return "unusable input";
    case MH_ERR_RULES: return "invalid or missing rules";
    case MH_ERR_DB: return "missing, unreadable or corrupt database";
    case MH_ERR_DB_VERSION: return "database of another schema version";
    case MH_ERR_DATA: return "invalid source-database data";
    case MH_ERR_LIMIT: return "limit reached";
    case MH_ERR_ARG: return "invalid argument";
    case MH_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *mh_version(void)
{
    return MH_VERSION;
}

void mh_limits_default(mh_limits *l)
{
    l->max_doc_bytes = MH_DEFAULT_MAX_DOC_BYTES;
    l->max_markers = MH_DEFAULT_MAX_MARKERS;
    l->max_html_depth = MH_DEFAULT_MAX_HTML_DEPTH;
    l->match_limit = MH_DEFAULT_MATCH_LIMIT;
    l->depth_limit = MH_DEFAULT_DEPTH_LIMIT;
    l->heap_limit_kib = MH_DEFAULT_HEAP_LIMIT_KIB;
    l->budget_steps = MH_DEFAULT_BUDGET_STEPS;
}

static const char *const default_codes[] = {"SC", "CaPu", "CaPr", NULL};
static const mh_policy default_policy = {"captured-or-controlled", default_codes};

const mh_policy *mh_policy_default(void)
{
    return &default_policy;
}
