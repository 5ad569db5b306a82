/* rules.c — validate and compile parsed rules: PCRE2 JIT regexes, the
 * Hyperscan literal prefilter, HTML selectors. Every problem of every rule is
 * reported with file:line:col before loading fails. */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "limits.h"
#include "tsv.h"

const char *const mh_cap_names[CAP_COUNT] = {"name", "host", "url", "handle", "date"};

#define NEEDS(c) (1u << (c))

static const struct {
    const char *name;
    mh_role role;
    double weight;
    unsigned needs; /* at least one of these captures, or 0 */
} kind_table[MK_COUNT] = {
    [MK_COPYRIGHT] = {"copyright", ROLE_PUBLISHER, 0.85, NEEDS(CAP_NAME) | NEEDS(CAP_HOST)},
    [MK_CREDIT] = {"credit", ROLE_IMAGE_CREDIT, 0.9, NEEDS(CAP_NAME) | NEEDS(CAP_HOST)},
    [MK_DATELINE] = {"dateline", ROLE_ORIGIN, 0.9, NEEDS(CAP_NAME)},
    [MK_ORIGIN] = {"origin", ROLE_ORIGIN, 0.85, NEEDS(CAP_NAME) | NEEDS(CAP_HOST) | NEEDS(CAP_URL)},
    [MK_MENTION] = {"mention", ROLE_MENTION, 0.7, NEEDS(CAP_NAME) | NEEDS(CAP_HOST)},
    [MK_BRAND] = {"brand", ROLE_PUBLISHER, 0.6, NEEDS(CAP_NAME) | NEEDS(CAP_HOST)},
    [MK_BOILERPLATE] = {"boilerplate", ROLE_PUBLISHER, 0.7, 0},
    [MK_URL] = {"url", ROLE_MENTION, 0.5, NEEDS(CAP_URL)},
    [MK_DOMAIN] = {"domain", ROLE_MENTION, 0.4, NEEDS(CAP_HOST)},
    [MK_HANDLE] = {"handle", ROLE_MENTION, 0.4, NEEDS(CAP_HANDLE)},
    [MK_DATE] = {"date", ROLE_NONE, 0.8, NEEDS(CAP_DATE)},
    [MK_SITE_NAME] = {"site_name", ROLE_PUBLISHER, 0.85, NEEDS(CAP_NAME)},
    [MK_CANONICAL] = {"canonical", ROLE_PUBLISHER, 0.95, NEEDS(CAP_URL)},
    [MK_SHARE] = {"share", ROLE_PUBLISHER, 0.8, NEEDS(CAP_URL)},
    [MK_PUBLISHER] = {"publisher", ROLE_PUBLISHER, 0.85, NEEDS(CAP_NAME) | NEEDS(CAP_URL)},
    [MK_AUTHOR] = {"author", ROLE_PUBLISHER, 0.4, NEEDS(CAP_NAME)},
    [MK_UNWRAP] = {"unwrap", ROLE_NONE, 1.0, NEEDS(CAP_URL)},
    [MK_EMAIL] = {"email", ROLE_PUBLISHER, 0.45, NEEDS(CAP_HOST)},
};

static const char *const role_names[ROLE_COUNT] = {"none", "publisher", "origin", "image_credit",
                                                   "mention"};

const char *mh_mkind_name(mh_mkind k)
{
    return k < MK_COUNT ? kind_table[k].name : "?";
}

const char *mh_role_name(mh_role r)
{
    return r < ROLE_COUNT ? role_names[r] : "?";
}

typedef struct loader {
    mh_diag_fn diag;
    void *ud;
    size_t errors;
} loader;

static void lerr(loader *l, const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void lerr(loader *l, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    l->errors++;
    if (l->diag)
        l->diag(l->ud, file, line, col, msg);
}

/* Copy [s, e) into dst (size n) lowercased; 0 when it does not fit. */
static int copy_lower(char *dst, size_t n, const char *s, const char *e)
{
    size_t len = (size_t)(e - s);
    if (len >= n)
        return 0;
    for (size_t i = 0; i < len; i++)
        dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    dst[len] = '\0';
    return 1;
}

/* Parse "tag[attr=value]@target", "tag@#text" or "jsonld:a.b". */
static const char *parse_selector(const char *s, mh_selector *sel)
{
    memset(sel, 0, sizeof *sel);
    if (strncmp(s, "jsonld:", 7) == 0) {
        if (!s[7] || strlen(s + 7) >= sizeof sel->jsonld)
            return "jsonld path empty or too long";
        snprintf(sel->jsonld, sizeof sel->jsonld, "%s", s + 7);
        return NULL;
    }
    const char *p = s;
    while (*p && *p != '[' && *p != '@')
        p++;
    if (p == s || !copy_lower(sel->tag, sizeof sel->tag, s, p))
        return "missing or too long element name";
    if (*p == '[') {
        const char *eq = strchr(p, '=');
        const char *close = strchr(p, ']');
        if (!eq || !close || eq > close)
            return "condition must be [attr=value]";
        if (!copy_lower(sel->cond_attr, sizeof sel->cond_attr, p + 1, eq))
            return "attribute name too long";
        if (!copy_lower(sel->cond_value, sizeof sel->cond_value, eq + 1, close))
            return "attribute value too long";
        p = close + 1;
    }
    if (*p != '@' || !p[1])
        return "missing @target (an attribute, or #text)";
    if (!copy_lower(sel->target, sizeof sel->target, p + 1, p + strlen(p)))
        return "target too long";
    return NULL;
}

static mh_role role_of(const char *s)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(role_names[r], s) == 0)
            return (mh_role)r;
    return ROLE_COUNT;
}

static int kind_of(const char *s)
{
    for (int k = 0; k < MK_COUNT; k++)
        if (strcmp(kind_table[k].name, s) == 0)
            return k;
    return -1;
}

/* Line and column of a byte offset inside the concatenated pattern. */
static void pattern_pos(const mh_rule_src *src, size_t off, unsigned *line, unsigned *col)
{
    *line = src->pattern_line;
    *col = 1;
    for (size_t i = 0; i < src->nsegments; i++) {
        if (src->segments[i].off <= off) {
            *line = src->segments[i].line;
            *col = src->segments[i].col + (unsigned)(off - src->segments[i].off);
        }
    }
}

/* MASTHEAD_NO_JIT=1 matches with PCRE2's interpreter (same results,
 * slower): the JIT's SIMD search reads a few bytes past a subject's end,
 * which valgrind reports as uninitialised (docs/library-failures.md). */
static int jit_disabled(void)
{
    const char *v = getenv("MASTHEAD_NO_JIT");
    return v && *v && strcmp(v, "0") != 0;
}

/* Compile one rule's regex (with extra options: PCRE2_ANCHORED); report
 * errors at the pattern's line and column. *jit says whether the JIT took
 * it (then pcre2_jit_match may run it). */
static pcre2_code *compile_regex(loader *l, const mh_rule_src *src, uint32_t extra, int *jit)
{
    /* offset limits: a text window's match starts at or before its anchor */
    uint32_t opts = PCRE2_UTF | PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT | extra;
    *jit = 0;
    if (src->flags) {
        if (strchr(src->flags, 'i'))
            opts |= PCRE2_CASELESS;
        if (strchr(src->flags, 'x'))
            opts |= PCRE2_EXTENDED;
        if (strchr(src->flags, 'u'))
            opts |= PCRE2_UCP;
    }
    int err;
    PCRE2_SIZE off;
    /* ^ and $ at CR, LF and CRLF line ends: pages come with any of them */
    pcre2_general_context *gc = pcre2_general_context_create(mh_pcre2_malloc, mh_pcre2_free, NULL);
    pcre2_compile_context *cc = pcre2_compile_context_create(gc);
    if (cc)
        pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
    pcre2_code *re =
        cc ? pcre2_compile((PCRE2_SPTR)src->pattern, PCRE2_ZERO_TERMINATED, opts, &err, &off, cc)
           : NULL;
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(gc);
    if (!cc) {
        lerr(l, src->file, src->pattern_line, 1, "rule '%s': out of memory", src->id);
        return NULL;
    }
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        unsigned line, col;
        pattern_pos(src, off, &line, &col);
        lerr(l, src->file, line, col, "rule '%s': regex error: %s", src->id, (const char *)msg);
        return NULL;
    }
    if (jit_disabled())
        return re;
    /* PCRE2 10.42's JIT compiler crashes when one of its allocations
       fails (docs/library-failures.md): out-of-memory tests leave it be. */
    mh_alloc_shield(1);
    int jrc = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    mh_alloc_shield(0);
    if (jrc != 0 && jrc != PCRE2_ERROR_JIT_BADOPTION) {
        lerr(l, src->file, src->pattern_line, 1, "rule '%s': JIT compilation failed (%d)", src->id,
             jrc);
        pcre2_code_free(re);
        return NULL;
    }
    *jit = jrc == 0;
    return re;
}

/* Find the group numbers of known captures; unknown named groups are errors. */
static void map_captures(loader *l, const mh_rule_src *src, mh_rule *r)
{
    for (int c = 0; c < CAP_COUNT; c++)
        r->cap[c] = -1;
    if (!r->re)
        return;
    uint32_t count = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + i * entry;
        int group = (e[0] << 8) | e[1];
        const char *name = (const char *)(e + 2);
        int known = 0;
        for (int c = 0; c < CAP_COUNT; c++) {
            if (strcmp(name, mh_cap_names[c]) == 0) {
                r->cap[c] = group;
                known = 1;
            }
        }
        if (!known) {
            /* point at the name inside the pattern: (?<name>, (?P<name>, (?'name' */
            unsigned line = src->pattern_line, col = 1;
            size_t nl = strlen(name);
            for (const char *p = strstr(src->pattern, name); p; p = strstr(p + 1, name)) {
                char before = p > src->pattern ? p[-1] : 0;
                if ((before == '<' || before == '\'') && (p[nl] == '>' || p[nl] == '\'')) {
                    pattern_pos(src, (size_t)(p - src->pattern), &line, &col);
                    break;
                }
            }
            lerr(l, src->file, line, col,
                 "rule '%s': unknown capture name '%s' (name, host, url, handle, date)", src->id,
                 name);
        }
    }
}

/* Validate one parsed rule and compile it into r. */
static void compile_rule(loader *l, const mh_rule_src *src, mh_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = src->id;
    r->file = src->file;
    r->line = src->line;
    r->scope = src->scope;
    r->examples = src->examples;
    r->nexamples = src->nexamples;
    r->outlet = src->outlet;
    r->cite = src->cite;
    r->outlet_specific = src->outlet != NULL;
    int k = src->kind ? kind_of(src->kind) : -1;
    if (src->kind && k < 0)
        lerr(l, src->file, src->kind_line, src->kind_col, "rule '%s': unknown kind '%s'", src->id,
             src->kind);
    r->kind = k < 0 ? MK_MENTION : (mh_mkind)k;
    r->role = kind_table[r->kind].role;
    r->weight = src->weight >= 0 ? src->weight : kind_table[r->kind].weight;
    r->before = src->before >= 0 ? (size_t)src->before : MH_WINDOW_BEFORE;
    r->after = src->after >= 0 ? (size_t)src->after : MH_WINDOW_AFTER;
    r->before_words = src->before_words;
    r->anchor_bounds = src->anchor_bounds;
    r->line_anchored = src->pattern && src->pattern[0] == '^';
    memset(r->stop, 0, sizeof r->stop);
    r->stop['\n' >> 3] |= 1u << ('\n' & 7); /* no text rule spans lines */
    r->has_stop = src->stop && src->stop[0];
    for (const char *c = src->stop; c && *c; c++) {
        if (c[0] == '\\' && c[1] == 's') { /* \s: ASCII whitespace (rulefile.c) */
            for (const char *w = " \t\r\f\v"; *w; w++)
                r->stop[(unsigned char)*w >> 3] |= (unsigned char)(1u << ((unsigned char)*w & 7));
            c++;
            continue;
        }
        r->stop[(unsigned char)*c >> 3] |= (unsigned char)(1u << ((unsigned char)*c & 7));
    }
    if (src->role) {
        mh_role role = role_of(src->role);
        if (role == ROLE_COUNT)
            lerr(l, src->file, src->line, 1, "rule '%s': unknown role '%s'", src->id, src->role);
        else
            r->role = role;
    }
    if (src->select) {
        const char *problem = parse_selector(src->select, &r->sel);
        if (problem)
            lerr(l, src->file, src->select_line, src->select_col, "rule '%s': bad select: %s",
                 src->id, problem);
    }
    if (src->pattern)
        r->re = compile_regex(l, src, 0, &r->jit);
    /* PCRE2's JIT ignores PCRE2_ANCHORED given at match time (the
       interpreter runs instead): anchored at the line start, the rule's
       own code compiled anchored */
    if (r->re && r->line_anchored)
        r->re_line = compile_regex(l, src, PCRE2_ANCHORED, &r->jit_line);
    map_captures(l, src, r);
    unsigned needs = k >= 0 ? kind_table[k].needs : 0;
    if (needs && r->re) {
        unsigned have = 0;
        for (int c = 0; c < CAP_COUNT; c++)
            if (r->cap[c] >= 0)
                have |= NEEDS(c);
        if (!(have & needs))
            lerr(l, src->file, src->pattern_line, src->nsegments ? src->segments[0].col : 1,
                 "rule '%s': kind %s needs a capture among its named groups (see rules/README.md)",
                 src->id, src->kind);
    }
    if (r->kind == MK_BOILERPLATE && !src->outlet)
        lerr(l, src->file, src->line, 1, "rule '%s': a boilerplate rule needs an outlet", src->id);
    for (size_t i = 0; i < src->nanchors; i++) {
        if (strlen(src->anchors[i]) < 2)
            lerr(l, src->file, src->anchor_lines[i], src->anchor_cols[i],
                 "rule '%s': anchor '%s' is shorter than 2 bytes: it would fire everywhere",
                 src->id, src->anchors[i]);
        /* every match holds an anchor: one holding a stop byte would be cut */
        for (const char *c = src->anchors[i]; src->stop && *c; c++)
            if (*c != '\n' && mh_rule_stops(r, (unsigned char)*c)) {
                lerr(l, src->file, src->anchor_lines[i], src->anchor_cols[i],
                     "rule '%s': anchor '%s' holds '%c', which the rule's stop says no match "
                     "holds",
                     src->id, src->anchors[i], *c);
                break;
            }
    }
}

/* All anchors of all enabled text rules into one Hyperscan literal database. */
static mh_status build_prefilter(loader *l, mh_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rules[i].scope == MH_SCOPE_TEXT)
            n += rs->src.rules[i].nanchors;
    if (n == 0)
        return MH_OK;
    const char **exprs = mh_calloc(n, sizeof *exprs);
    unsigned *flags = mh_calloc(n, sizeof *flags);
    unsigned *ids = mh_calloc(n, sizeof *ids);
    size_t *lens = mh_calloc(n, sizeof *lens);
    rs->literal_rule = mh_calloc(n, sizeof *rs->literal_rule);
    rs->literal_len = mh_calloc(n, sizeof *rs->literal_len);
    mh_status st = MH_OK;
    if (!exprs || !flags || !ids || !lens || !rs->literal_rule || !rs->literal_len)
        st = MH_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; st == MH_OK && i < rs->n; i++) {
        const mh_rule_src *src = &rs->src.rules[i];
        if (rs->rules[i].scope != MH_SCOPE_TEXT)
            continue;
        int caseless = src->flags && strchr(src->flags, 'i');
        for (size_t a = 0; a < src->nanchors; a++, k++) {
            exprs[k] = src->anchors[a];
            lens[k] = strlen(src->anchors[a]);
            flags[k] = caseless ? HS_FLAG_CASELESS : 0;
            ids[k] = (unsigned)k;
            rs->literal_rule[k] = (unsigned)i;
            rs->literal_len[k] = (unsigned)lens[k];
        }
    }
    if (st == MH_OK) {
        hs_compile_error_t *err = NULL;
        if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL,
                                 &rs->prefilter, &err) != HS_SUCCESS) {
            long bad = err ? err->expression : -1;
            if (bad >= 0 && (size_t)bad < n) {
                const mh_rule_src *src = &rs->src.rules[rs->literal_rule[bad]];
                lerr(l, src->file, src->line, 1, "rule '%s': anchor rejected by the prefilter: %s",
                     src->id, err->message);
            } else {
                lerr(l, "(rules)", 0, 0, "prefilter compilation failed: %s",
                     err ? err->message : "unknown error");
            }
            hs_free_compile_error(err);
            st = MH_ERR_RULES;
        }
    }
    rs->nliterals = n;
    mh_free(exprs);
    mh_free(flags);
    mh_free(ids);
    mh_free(lens);
    return st;
}

static unsigned long long fnv1a(unsigned long long h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Rules version: rules/VERSION plus a hash of every rule file's bytes. */
static void set_version(mh_ruleset *rs, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/VERSION", dir);
    char *v = NULL;
    size_t len = 0;
    char base[32] = "unversioned";
    if (mh_read_file(path, &v, &len) == MH_OK) {
        size_t n = strcspn(v, "\r\n");
        snprintf(base, sizeof base, "%.*s", (int)(n < 31 ? n : 31), v);
        mh_free(v);
    }
    unsigned long long h = 14695981039346656037ull;
    const char *last = NULL;
    for (size_t i = 0; i < rs->src.n; i++) {
        const char *f = rs->src.rules[i].file;
        if (last && strcmp(last, f) == 0)
            continue;
        last = f;
        char *data = NULL;
        if (mh_read_file(f, &data, &len) == MH_OK) {
            h = fnv1a(h, data, len);
            mh_free(data);
        }
    }
    snprintf(rs->version, sizeof rs->version, "%s+%08llx", base, h & 0xffffffffull);
}

long mh_ruleset_find(const mh_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return (long)i;
    return -1;
}

mh_status mh_ruleset_load(const char *dir, mh_diag_fn diag, void *ud, mh_ruleset **out)
{
    *out = NULL;
    loader l = {diag, ud, 0};
    mh_ruleset *rs = mh_calloc(1, sizeof *rs);
    if (!rs)
        return MH_ERR_NOMEM;
    mh_status st = mh_rulefile_parse_dir(dir, &rs->src, diag, ud, &l.errors);
    if (st == MH_OK && rs->src.n) {
        rs->rules = mh_calloc(rs->src.n, sizeof *rs->rules);
        if (!rs->rules)
            st = MH_ERR_NOMEM;
    }
    if (st == MH_OK) {
        rs->n = rs->src.n;
        for (size_t i = 0; i < rs->n; i++) {
            compile_rule(&l, &rs->src.rules[i], &rs->rules[i]);
            for (size_t j = 0; j < i; j++)
                if (strcmp(rs->rules[j].id, rs->rules[i].id) == 0)
                    lerr(&l, rs->rules[i].file, rs->rules[i].line, 1,
                         "rule id '%s' is already used at %s:%u", rs->rules[i].id,
                         rs->rules[j].file, rs->rules[j].line);
        }
    }
    if (st == MH_OK && l.errors == 0)
        st = build_prefilter(&l, rs);
    if (st == MH_OK && l.errors)
        st = MH_ERR_RULES;
    if (st == MH_ERR_IO)
        st = MH_ERR_RULES;
    if (st != MH_OK) {
        mh_ruleset_free(rs);
        return st;
    }
    set_version(rs, dir);
    *out = rs;
    return MH_OK;
}

void mh_ruleset_free(mh_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        pcre2_code_free(rs->rules[i].re);
        pcre2_code_free(rs->rules[i].re_line);
    }
    mh_free(rs->rules);
    if (rs->prefilter)
        hs_free_database(rs->prefilter);
    mh_free(rs->literal_rule);
    mh_free(rs->literal_len);
    mh_rule_list_free(&rs->src);
    mh_free(rs);
}
