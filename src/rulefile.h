/* rulefile.h — parsing rule files (rules/NAME.rules) into plain rule records.
 *
 * A rule file is a list of stanzas:
 *
 *     rule copyright.symbol          # id: [a-z0-9._-]+, unique across files
 *       kind     copyright           # what the marker means (see rules/README.md)
 *       scope    text                # text | html | url
 *       anchor   ©                   # literal(s) that must occur in a match (text scope)
 *       pattern  ©\s*(?<holder>...)  # PCRE2; several lines are concatenated
 *       flags    i                   # i caseless, x extended, u Unicode classes, m multiline
 *       select   meta[property=og:site_name]@content   # html scope: what to read
 *       weight   0.9                 # strength as evidence for its role, 0..1
 *       before   150                 # a match starts at most this far before its anchor
 *       after    150                 # and ends at most this far after it (bytes)
 *       before-words 8               # and holds at most this many words before it
 *       anchor-bounds end            # an anchor counts only as the end (start, both)
 *                                     # of a word: no letter or digit follows it
 *       stop     ,;:()\s             # ASCII punctuation (\s: whitespace) no match holds:
 *                                     # the reach around an anchor ends at the nearest one
 *       role     publisher           # override the kind's default role
 *       outlet   some-outlet-id      # fixed outlet for name-less signatures
 *       cite     https://...         # where a signature was observed
 *       example  © 2024 The AP => holder=The AP
 *       counter  a text that must not match
 *
 * Parsing only checks the form; compiling (rules.c) checks the regexes,
 * anchors and captures. Every problem is reported with file:line:col. */
#ifndef MH_RULEFILE_H
#define MH_RULEFILE_H

#include <stddef.h>

#include "masthead.h"

typedef enum mh_scope { MH_SCOPE_TEXT, MH_SCOPE_HTML, MH_SCOPE_URL } mh_scope;

/* anchor-bounds: an anchor's hit counts only where no letter or digit
 * (ASCII, or any byte of a non-ASCII character) stands right before it
 * (start) or right after it (end). */
#define MH_BOUND_START 1u
#define MH_BOUND_END   2u

typedef struct mh_rule_example {
    char *text;   /* the example input (escapes \n \t \\ decoded) */
    char *expect; /* "key=value; key=value" or NULL */
    int must_match;
    unsigned line, col; /* where its value starts */
} mh_rule_example;

/* Where each `pattern` line's value lies, for errors inside the
 * concatenated pattern: the value starting at pattern offset `off`. */
typedef struct mh_rule_segment {
    size_t off;
    unsigned line, col;
} mh_rule_segment;

typedef struct mh_rule_src {
    char *id;
    char *file;    /* as given to the parser */
    unsigned line; /* line of the `rule` header */
    char *kind;
    unsigned kind_line, kind_col;
    mh_scope scope;
    char **anchors;
    size_t nanchors;
    unsigned *anchor_lines;
    unsigned *anchor_cols;
    char *pattern; /* concatenated pattern lines, or NULL */
    unsigned pattern_line;
    mh_rule_segment *segments; /* one per pattern line */
    size_t nsegments;
    char *flags;
    char *select;
    unsigned select_line, select_col;
    double weight;          /* -1 when not given */
    long before, after;     /* reach of a match around its anchor in bytes, -1 when not given */
    long before_words;      /* words a match holds before its anchor, -1 when not given */
    unsigned anchor_bounds; /* MH_BOUND_START | MH_BOUND_END, 0 when not given */
    char *stop;             /* ASCII punctuation (\s: whitespace) a match never holds, or NULL */
    char *role;
    char *outlet;
    unsigned outlet_line;
    char *cite;
    char *note;
    mh_rule_example *examples;
    size_t nexamples;
} mh_rule_src;

typedef struct mh_rule_list {
    mh_rule_src *rules;
    size_t n, alloc;
} mh_rule_list;

/* Parse the rule file `path` and append its rules to list. Problems go to
 * diag; *errors is increased by their number. Returns MH_ERR_IO when the
 * file cannot be read, MH_ERR_NOMEM, else MH_OK (even with errors). */
mh_status mh_rulefile_parse(const char *path, mh_rule_list *list, mh_diag_fn diag, void *ud,
                            size_t *errors);

/* Parse every *.rules file of a directory, in name order. */
mh_status mh_rulefile_parse_dir(const char *dir, mh_rule_list *list, mh_diag_fn diag, void *ud,
                                size_t *errors);

void mh_rule_list_free(mh_rule_list *list);

#endif
