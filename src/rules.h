/* rules.h — the compiled rule set: regexes JIT-compiled once, the literal
 * anchors of all text rules in one Hyperscan database (the prefilter), HTML
 * selectors, and the meaning of each marker kind.
 *
 * Design: a text is scanned once by the prefilter for every anchor literal of
 * every rule; a rule's PCRE2 regex then runs only on the line around each of
 * its anchors' hits (bounded windows, each window once per rule). No rule
 * rescans the whole text, and a rule that never sees its anchor costs
 * nothing. */
#ifndef MH_RULES_H
#define MH_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs.h>
#include <pcre2.h>
#include <stddef.h>

#include "masthead.h"
#include "rulefile.h"

/* What a marker means. Each kind has a default role and the captures it needs
 * (see kind_table in rules.c and rules/README.md). */
typedef enum mh_mkind {
    MK_COPYRIGHT,   /* a copyright line: the holder, or a domain */
    MK_CREDIT,      /* a photo or video credit */
    MK_DATELINE,    /* a wire dateline or credit: WASHINGTON (AP) — */
    MK_ORIGIN,      /* "first appeared on", "originally published by" */
    MK_MENTION,     /* "according to X", "X reported" */
    MK_BRAND,       /* brand boilerplate naming the site: "Download the X app" */
    MK_BOILERPLATE, /* a name-less signature of one outlet's layout */
    MK_URL,         /* a URL in the text */
    MK_DOMAIN,      /* a bare domain in the text */
    MK_HANDLE,      /* a social handle */
    MK_DATE,        /* a publication date */
    MK_SITE_NAME,   /* og:site_name, application-name */
    MK_CANONICAL,   /* canonical link, og:url */
    MK_SHARE,       /* a share link wrapping the article's URL */
    MK_PUBLISHER,   /* JSON-LD publisher name */
    MK_AUTHOR,      /* meta author: sometimes the outlet itself */
    MK_UNWRAP,      /* a URL wrapping another (AMP cache, web archive) */
    MK_EMAIL,       /* an e-mail address: its domain may be the site's own */
    MK_COUNT
} mh_mkind;

typedef enum mh_role {
    ROLE_NONE = 0,
    ROLE_PUBLISHER,
    ROLE_ORIGIN,
    ROLE_IMAGE_CREDIT,
    ROLE_MENTION,
    ROLE_COUNT
} mh_role;

const char *mh_mkind_name(mh_mkind k);
const char *mh_role_name(mh_role r);

/* Named captures a rule may define. */
typedef enum mh_cap { CAP_NAME, CAP_HOST, CAP_URL, CAP_HANDLE, CAP_DATE, CAP_COUNT } mh_cap;
extern const char *const mh_cap_names[CAP_COUNT];

/* An HTML selector: element[attr=value]@target, element@text, or jsonld:path. */
typedef struct mh_selector {
    char tag[32];        /* lowercase element name, "" for jsonld */
    char cond_attr[32];  /* attribute tested, "" for none */
    char cond_value[96]; /* value it must have (case-insensitive; a token of it for rel) */
    char target[32];     /* attribute to read, or "#text" for the element's text */
    char jsonld[96];     /* dotted path inside JSON-LD objects, when tag is "" */
} mh_selector;

typedef struct mh_rule {
    char *id;
    char *file;
    unsigned line;
    mh_mkind kind;
    mh_scope scope;
    mh_role role; /* the kind's default unless the rule says otherwise */
    double weight;
    pcre2_code *re;      /* NULL for html rules without a pattern */
    pcre2_code *re_line; /* a line-anchored rule's pattern compiled anchored */
    int jit, jit_line;   /* compiled by the JIT: run with pcre2_jit_match */
    int cap[CAP_COUNT];  /* group number of each capture, or -1 */
    char *outlet;        /* fixed outlet id, or NULL */
    char *cite;
    int outlet_specific;  /* names an outlet: disabled by generic-only runs */
    size_t before, after; /* reach of a match around an anchor hit (bytes) */
    /* words a match holds before its anchor (runs of bytes between ASCII
     * whitespace; the anchor's own word not counted), or -1: no bound */
    long before_words;
    /* MH_BOUND_START | MH_BOUND_END (rulefile.h): an anchor hit next to a
     * letter or digit on that side is passed over */
    unsigned anchor_bounds;
    /* bytes no match holds (a newline, and the rule's `stop`): the reach
     * around an anchor ends at the nearest one, one bit per byte value */
    unsigned char stop[32];
    int has_stop;      /* the rule lists a stop (else the newline is the only one) */
    int line_anchored; /* the pattern starts with ^: tried once, at the line start */
    mh_selector sel;
    mh_rule_example *examples; /* borrowed from the source list */
    size_t nexamples;
} mh_rule;

/* Does no match of r hold the byte c? */
static inline int mh_rule_stops(const mh_rule *r, unsigned char c)
{
    return (r->stop[c >> 3] >> (c & 7)) & 1;
}

typedef struct mh_ruleset {
    mh_rule *rules;
    size_t n;
    hs_database_t *prefilter; /* anchors of all text rules */
    unsigned *literal_rule;   /* anchor id -> rule index */
    unsigned *literal_len;    /* anchor id -> literal length */
    size_t nliterals;
    mh_rule_list src; /* parsed sources (examples live here) */
    char version[64];
} mh_ruleset;

/* Parse and compile every rule file of dir. All problems go to diag with
 * file:line:col; returns MH_ERR_RULES when there were any. */
mh_status mh_ruleset_load(const char *dir, mh_diag_fn diag, void *ud, mh_ruleset **out);
void mh_ruleset_free(mh_ruleset *rs);

/* Index of a rule by id, or -1. */
long mh_ruleset_find(const mh_ruleset *rs, const char *id);

#endif
