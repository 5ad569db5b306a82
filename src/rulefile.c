/* rulefile.c — parse rules/NAME.rules stanzas with file:line:col diagnostics. */
#include "rulefile.h"

#include <dirent.h>
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "limits.h"
#include "tsv.h"
#include "utf8.h"

typedef struct parser {
    const char *path;
    unsigned line;
    mh_diag_fn diag;
    void *ud;
    size_t *errors;
} parser;

static void perr(parser *p, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(parser *p, unsigned col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (*p->errors)++;
    if (p->diag)
        p->diag(p->ud, p->path, p->line, col, msg);
}

static void free_rule(mh_rule_src *r)
{
    mh_free(r->id);
    mh_free(r->file);
    mh_free(r->kind);
    for (size_t i = 0; i < r->nanchors; i++)
        mh_free(r->anchors[i]);
    mh_free(r->anchors);
    mh_free(r->anchor_lines);
    mh_free(r->anchor_cols);
    mh_free(r->segments);
    mh_free(r->pattern);
    mh_free(r->flags);
    mh_free(r->stop);
    mh_free(r->select);
    mh_free(r->role);
    mh_free(r->outlet);
    mh_free(r->cite);
    mh_free(r->note);
    for (size_t i = 0; i < r->nexamples; i++) {
        mh_free(r->examples[i].text);
        mh_free(r->examples[i].expect);
    }
    mh_free(r->examples);
}

void mh_rule_list_free(mh_rule_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free_rule(&list->rules[i]);
    mh_free(list->rules);
    list->rules = NULL;
    list->n = list->alloc = 0;
}

/* Decode \n, \t, \\ and \xHH (a byte) in example texts. */
static char *unescape(const char *s, size_t n)
{
    char *out = mh_malloc(n + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[i + 1];
            if (c == 'n' || c == 't' || c == '\\') {
                out[w++] = c == 'n' ? '\n' : c == 't' ? '\t' : '\\';
                i++;
                continue;
            }
            if (c == 'x' && i + 3 < n) {
                char hex[3] = {s[i + 2], s[i + 3], 0};
                char *end;
                long v = strtol(hex, &end, 16);
                if (*end == '\0') {
                    out[w++] = (char)v;
                    i += 3;
                    continue;
                }
            }
        }
        out[w++] = s[i];
    }
    out[w] = '\0';
    return out;
}

static mh_status add_example(mh_rule_src *r, const char *value, int must_match, unsigned line,
                             unsigned col)
{
    mh_rule_example *p = mh_realloc(r->examples, (r->nexamples + 1) * sizeof *p);
    if (!p)
        return MH_ERR_NOMEM;
    r->examples = p;
    mh_rule_example *ex = &r->examples[r->nexamples];
    memset(ex, 0, sizeof *ex);
    ex->must_match = must_match;
    ex->line = line;
    ex->col = col;
    const char *arrow = must_match ? strstr(value, " => ") : NULL;
    size_t tlen = arrow ? (size_t)(arrow - value) : strlen(value);
    ex->text = unescape(value, tlen);
    if (!ex->text)
        return MH_ERR_NOMEM;
    if (arrow) {
        ex->expect = mh_strdup(arrow + 4);
        if (!ex->expect) {
            mh_free(ex->text);
            return MH_ERR_NOMEM;
        }
    }
    r->nexamples++;
    return MH_OK;
}

static mh_status add_anchor(mh_rule_src *r, const char *value, unsigned line, unsigned col)
{
    char **a = mh_realloc(r->anchors, (r->nanchors + 1) * sizeof *a);
    if (!a)
        return MH_ERR_NOMEM;
    r->anchors = a;
    unsigned *l = mh_realloc(r->anchor_lines, (r->nanchors + 1) * sizeof *l);
    if (!l)
        return MH_ERR_NOMEM;
    r->anchor_lines = l;
    unsigned *c = mh_realloc(r->anchor_cols, (r->nanchors + 1) * sizeof *c);
    if (!c)
        return MH_ERR_NOMEM;
    r->anchor_cols = c;
    r->anchors[r->nanchors] = unescape(value, strlen(value));
    if (!r->anchors[r->nanchors])
        return MH_ERR_NOMEM;
    r->anchor_lines[r->nanchors] = line;
    r->anchor_cols[r->nanchors] = col;
    r->nanchors++;
    return MH_OK;
}

/* Replace *slot with a copy of value, reporting a repeated single key. */
static mh_status set_once(parser *p, char **slot, const char *key, const char *value, unsigned col)
{
    if (*slot) {
        perr(p, col, "'%s' given twice in one rule", key);
        return MH_OK;
    }
    *slot = mh_strdup(value);
    return *slot ? MH_OK : MH_ERR_NOMEM;
}

static mh_status append_pattern(mh_rule_src *r, const char *value, unsigned line, unsigned col)
{
    mh_rule_segment *sg = mh_realloc(r->segments, (r->nsegments + 1) * sizeof *sg);
    if (!sg)
        return MH_ERR_NOMEM;
    r->segments = sg;
    r->segments[r->nsegments++] = (mh_rule_segment){r->pattern ? strlen(r->pattern) : 0, line, col};
    if (!r->pattern) {
        r->pattern = mh_strdup(value);
        r->pattern_line = line;
        return r->pattern ? MH_OK : MH_ERR_NOMEM;
    }
    size_t a = strlen(r->pattern), b = strlen(value);
    char *p = mh_realloc(r->pattern, a + b + 1);
    if (!p)
        return MH_ERR_NOMEM;
    memcpy(p + a, value, b + 1);
    r->pattern = p;
    return MH_OK;
}

static int valid_rule_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
              *s == '-'))
            return 0;
    return 1;
}

/* One `key value` line of the current rule. */
static mh_status rule_key(parser *p, mh_rule_src *r, const char *key, const char *value,
                          unsigned kcol, unsigned vcol)
{
    unsigned line = p->line;
    if (strcmp(key, "kind") == 0) {
        r->kind_line = line;
        r->kind_col = vcol;
        return set_once(p, &r->kind, key, value, vcol);
    }
    if (strcmp(key, "anchor") == 0)
        return add_anchor(r, value, line, vcol);
    if (strcmp(key, "pattern") == 0)
        return append_pattern(r, value, line, vcol);
    if (strcmp(key, "flags") == 0) {
        for (const char *c = value; *c; c++)
            if (!strchr("ixum", *c))
                perr(p, vcol + (unsigned)(c - value), "unknown flag '%c' (i, x, u, m)", *c);
        return set_once(p, &r->flags, key, value, vcol);
    }
    if (strcmp(key, "select") == 0) {
        r->select_line = line;
        r->select_col = vcol;
        return set_once(p, &r->select, key, value, vcol);
    }
    if (strcmp(key, "scope") == 0) {
        if (strcmp(value, "text") == 0)
            r->scope = MH_SCOPE_TEXT;
        else if (strcmp(value, "html") == 0)
            r->scope = MH_SCOPE_HTML;
        else if (strcmp(value, "url") == 0)
            r->scope = MH_SCOPE_URL;
        else
            perr(p, vcol, "unknown scope '%s' (text, html, url)", value);
        return MH_OK;
    }
    if (strcmp(key, "weight") == 0) {
        char *end;
        double w = strtod(value, &end);
        if (*end || end == value || w < 0 || w > 1)
            perr(p, vcol, "weight must be a number in [0, 1]");
        else
            r->weight = w;
        return MH_OK;
    }
    if (strcmp(key, "before") == 0 || strcmp(key, "after") == 0) {
        char *end;
        long n = strtol(value, &end, 10);
        if (*end || end == value || n < 0 || n > 4096)
            perr(p, vcol, "%s must be a number of bytes in [0, 4096]", key);
        else if (key[0] == 'b')
            r->before = n;
        else
            r->after = n;
        return MH_OK;
    }
    if (strcmp(key, "before-words") == 0) {
        char *end;
        long n = strtol(value, &end, 10);
        if (*end || end == value || n < 0 || n > 64)
            perr(p, vcol, "before-words must be a number of words in [0, 64]");
        else
            r->before_words = n;
        return MH_OK;
    }
    if (strcmp(key, "anchor-bounds") == 0) {
        r->anchor_bounds = strcmp(value, "start") == 0  ? MH_BOUND_START
                           : strcmp(value, "end") == 0  ? MH_BOUND_END
                           : strcmp(value, "both") == 0 ? MH_BOUND_START | MH_BOUND_END
                                                        : 0;
        if (!r->anchor_bounds)
            perr(p, vcol, "anchor-bounds must be start, end or both");
        return MH_OK;
    }
    if (strcmp(key, "stop") == 0) {
        for (const char *c = value; *c; c++) {
            if (c[0] == '\\' && c[1] == 's') { /* ASCII whitespace */
                c++;
                continue;
            }
            if (*c < 0x21 || *c > 0x7E || isalnum((unsigned char)*c))
                perr(p, vcol + (unsigned)(c - value),
                     "stop lists ASCII punctuation (and \\s for whitespace) only: bytes a "
                     "match never holds");
        }
        return set_once(p, &r->stop, key, value, vcol);
    }
    if (strcmp(key, "role") == 0)
        return set_once(p, &r->role, key, value, vcol);
    if (strcmp(key, "outlet") == 0) {
        r->outlet_line = line;
        return set_once(p, &r->outlet, key, value, vcol);
    }
    if (strcmp(key, "cite") == 0)
        return set_once(p, &r->cite, key, value, vcol);
    if (strcmp(key, "note") == 0)
        return MH_OK; /* notes are for readers of the file */
    if (strcmp(key, "example") == 0)
        return add_example(r, value, 1, line, vcol);
    if (strcmp(key, "counter") == 0)
        return add_example(r, value, 0, line, vcol);
    perr(p, kcol, "unknown key '%s'", key);
    return MH_OK;
}

static mh_status new_rule(parser *p, mh_rule_list *list, const char *id, unsigned col)
{
    if (!valid_rule_id(id))
        perr(p, col, "invalid rule id '%s' (use [a-z0-9._-])", id);
    if (list->n == list->alloc) {
        mh_rule_src *r = mh_grow(list->rules, &list->alloc, sizeof *r, 32);
        if (!r)
            return MH_ERR_NOMEM;
        list->rules = r;
    }
    mh_rule_src *r = &list->rules[list->n];
    memset(r, 0, sizeof *r);
    r->weight = -1;
    r->before = r->after = -1;
    r->before_words = -1;
    r->line = p->line;
    r->id = mh_strdup(id);
    r->file = mh_strdup(p->path);
    list->n++;
    return r->id && r->file ? MH_OK : MH_ERR_NOMEM;
}

mh_status mh_rulefile_parse(const char *path, mh_rule_list *list, mh_diag_fn diag, void *ud,
                            size_t *errors)
{
    parser p = {path, 0, diag, ud, errors};
    char *data = NULL;
    size_t len = 0;
    mh_status st = mh_read_file(path, &data, &len);
    if (st != MH_OK) {
        perr(&p, 0, "cannot read rule file");
        return st;
    }
    size_t bad = mh_utf8_find_invalid(data, len);
    if (bad != len) {
        p.line = 1;
        unsigned col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (data[i] == '\n') {
                p.line++;
                col = 1;
            } else {
                col++;
            }
        }
        perr(&p, col, "invalid UTF-8");
        mh_free(data);
        return MH_OK;
    }
    size_t first = list->n;
    int in_rule = 0;
    char *line = data;
    while (st == MH_OK && line && line < data + len) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        p.line++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (ll > MH_MAX_RULE_LINE)
            perr(&p, 1, "line longer than %u bytes", MH_MAX_RULE_LINE);
        char *s = line;
        int indented = *s == ' ' || *s == '\t';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#') {
            line = nl ? nl + 1 : NULL;
            continue;
        }
        /* key, then whitespace, then value (the rest of the line) */
        char *k = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        char save = *s;
        *s = '\0';
        char *v = save ? s + 1 : s;
        while (*v == ' ' || *v == '\t')
            v++;
        /* trailing spaces of a value are dropped, except in patterns */
        if (strcmp(k, "pattern") != 0) {
            size_t vl = strlen(v);
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
                v[--vl] = '\0';
        }
        unsigned kcol = (unsigned)(k - line) + 1, vcol = (unsigned)(v - line) + 1;
        if (!indented && strcmp(k, "rule") == 0) {
            st = new_rule(&p, list, v, vcol);
            in_rule = 1;
        } else if (!indented) {
            perr(&p, kcol, "expected 'rule <id>' at the start of a line (rule keys are indented)");
        } else if (!in_rule) {
            perr(&p, kcol, "key '%s' outside of a rule", k);
        } else if (*v == '\0') {
            perr(&p, kcol, "key '%s' has no value", k);
        } else {
            st = rule_key(&p, &list->rules[list->n - 1], k, v, kcol, vcol);
        }
        line = nl ? nl + 1 : NULL;
    }
    /* per-rule form checks that need the whole stanza */
    for (size_t i = first; st == MH_OK && i < list->n; i++) {
        mh_rule_src *r = &list->rules[i];
        p.line = r->line;
        if (!r->kind)
            perr(&p, 1, "rule '%s' has no kind", r->id);
        if (r->scope == MH_SCOPE_TEXT && r->nanchors == 0)
            perr(&p, 1, "rule '%s' has no anchor: text rules need at least one literal", r->id);
        if (r->scope == MH_SCOPE_TEXT && !r->pattern)
            perr(&p, 1, "rule '%s' has no pattern", r->id);
        if (r->scope == MH_SCOPE_HTML && !r->select)
            perr(&p, 1, "rule '%s' has html scope but no select", r->id);
        if (r->scope != MH_SCOPE_HTML && r->select)
            perr(&p, 1, "rule '%s' has select but is not of html scope", r->id);
        if (r->scope == MH_SCOPE_URL && !r->pattern)
            perr(&p, 1, "rule '%s' has url scope but no pattern", r->id);
        if (r->outlet && !r->cite)
            perr(&p, 1, "rule '%s' names an outlet but does not cite where it was observed", r->id);
        if (r->pattern && r->nexamples == 0)
            perr(&p, 1, "rule '%s' has no example", r->id);
    }
    mh_free(data);
    return st;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

mh_status mh_rulefile_parse_dir(const char *dir, mh_rule_list *list, mh_diag_fn diag, void *ud,
                                size_t *errors)
{
    DIR *d = opendir(dir);
    if (!d) {
        (*errors)++;
        if (diag)
            diag(ud, dir, 0, 0, "cannot open the rules directory");
        return MH_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0;
    mh_status st = MH_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 7 || strcmp(e->d_name + l - 6, ".rules") != 0 || e->d_name[0] == '.')
            continue;
        char **p = mh_realloc(names, (n + 1) * sizeof *p);
        if (!p) {
            st = MH_ERR_NOMEM;
            break;
        }
        names = p;
        names[n] = mh_strdup(e->d_name);
        if (!names[n]) {
            st = MH_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        if (st == MH_OK) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            mh_status s2 = mh_rulefile_parse(path, list, diag, ud, errors);
            if (s2 == MH_ERR_NOMEM)
                st = s2;
        }
        mh_free(names[i]);
    }
    mh_free(names);
    if (st == MH_OK && n == 0) {
        (*errors)++;
        if (diag)
            diag(ud, dir, 0, 0, "no *.rules files in the rules directory");
    }
    return st;
}
