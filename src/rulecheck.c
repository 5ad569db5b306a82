/* rulecheck.c — run every rule's examples: each `example` must match (with
 * the captures it lists) and contain one of the rule's anchors; each
 * `counter` must not match. Failures are reported at the example's line. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "engine.h"
#include "html.h"

typedef struct checker {
    mh_diag_fn diag;
    void *ud;
    size_t failures;
} checker;

static void fail(checker *c, const mh_rule *r, const mh_rule_example *ex, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(checker *c, const mh_rule *r, const mh_rule_example *ex, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(msg, sizeof msg, "rule '%s': ", r->id);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    c->failures++;
    if (c->diag)
        c->diag(c->ud, r->file, ex->line, ex->col, msg);
}

/* Does the text contain one of the rule's anchors (as the prefilter sees it)? */
static int has_anchor(const mh_ruleset *rs, size_t ri, const char *text)
{
    const mh_rule_src *src = &rs->src.rules[ri];
    int caseless = src->flags && strchr(src->flags, 'i');
    for (size_t a = 0; a < src->nanchors; a++) {
        const char *lit = src->anchors[a];
        size_t ll = strlen(lit);
        for (const char *p = text; *p; p++)
            if (caseless ? strncasecmp(p, lit, ll) == 0 : strncmp(p, lit, ll) == 0)
                return 1;
    }
    return 0;
}

/* Compare "key=value; key=value" with the marker's captures. */
static int check_expect(checker *c, const mh_rule *r, const mh_rule_example *ex, const mh_marker *m)
{
    if (!ex->expect)
        return 1;
    char *spec = mh_strdup(ex->expect);
    if (!spec)
        return 0;
    int ok = 1;
    char *save = NULL;
    for (char *item = strtok_r(spec, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        while (*item == ' ')
            item++;
        char *eq = strchr(item, '=');
        if (!eq) {
            fail(c, r, ex, "expectation '%s' is not key=value", item);
            ok = 0;
            continue;
        }
        *eq = '\0';
        const char *want = eq + 1;
        size_t wl = strlen(want);
        while (wl && want[wl - 1] == ' ')
            wl--;
        int cap = -1;
        for (int k = 0; k < CAP_COUNT; k++)
            if (strcmp(item, mh_cap_names[k]) == 0)
                cap = k;
        if (cap < 0) {
            fail(c, r, ex, "unknown capture '%s' in expectation", item);
            ok = 0;
            continue;
        }
        if (m->cap[cap].start == MH_NOCAP) {
            fail(c, r, ex, "capture %s is unset, expected '%.*s'", item, (int)wl, want);
            ok = 0;
            continue;
        }
        size_t gl = m->cap[cap].end - m->cap[cap].start;
        const char *got = m->subject + m->cap[cap].start;
        if (gl != wl || strncmp(got, want, wl) != 0) {
            fail(c, r, ex, "capture %s is '%.*s', expected '%.*s'", item, (int)gl, got, (int)wl,
                 want);
            ok = 0;
        }
    }
    mh_free(spec);
    return ok;
}

/* Does the full scan (prefilter hits, windows of the rule's reach) find the
 * same match as the direct regex? Proves anchors and reach fit the example. */
static int scan_finds(mh_scratch *sc, size_t ri, const char *text, const mh_marker *direct)
{
    mh_doc *d = &sc->doc;
    mh_doc_clear(d);
    d->input = text;
    d->input_len = strlen(text);
    d->text = text;
    d->text_len = d->input_len;
    d->identity = 1;
    if (mh_scan_text(sc->scanner, d) != MH_OK)
        return 0;
    for (size_t i = 0; i < d->nmarkers; i++)
        if (d->markers[i].rule == ri && d->markers[i].span.start == direct->span.start &&
            d->markers[i].span.end == direct->span.end)
            return 1;
    return 0;
}

/* Run an html rule on an example page: the first marker of this rule. */
static int html_example(mh_scratch *sc, size_t ri, const char *text, mh_marker *m)
{
    mh_doc *d = &sc->doc;
    mh_doc_clear(d);
    d->input = text;
    d->input_len = strlen(text);
    d->is_html = 1;
    mh_limits lim;
    mh_limits_default(&lim);
    if (mh_html_parse(d, text, strlen(text), NULL, sc->eng->rules, &lim, 0) != MH_OK)
        return -1;
    if (mh_scan_items(sc->scanner, d) != MH_OK)
        return -1;
    for (size_t i = 0; i < d->nmarkers; i++) {
        if (d->markers[i].rule == ri) {
            *m = d->markers[i];
            return 1;
        }
    }
    return 0;
}

mh_status mh_engine_check_examples(const mh_engine *eng, mh_diag_fn diag, void *ud,
                                   size_t *failures, size_t *total)
{
    *failures = *total = 0;
    mh_scratch *sc = NULL;
    mh_status st = mh_scratch_create(eng, &sc);
    if (st != MH_OK)
        return st;
    checker c = {diag, ud, 0};
    const mh_ruleset *rs = eng->rules;
    for (size_t ri = 0; ri < rs->n; ri++) {
        const mh_rule *r = &rs->rules[ri];
        for (size_t e = 0; e < r->nexamples; e++) {
            const mh_rule_example *ex = &r->examples[e];
            (*total)++;
            mh_marker m;
            memset(&m, 0, sizeof m);
            int rc;
            if (r->scope == MH_SCOPE_HTML) {
                rc = html_example(sc, ri, ex->text, &m);
            } else {
                rc = mh_scan_match_one(sc->scanner, r, ex->text, strlen(ex->text), &m);
                m.subject = ex->text;
            }
            if (rc < 0) {
                fail(&c, r, ex, "regex limit or error on the example");
                continue;
            }
            if (ex->must_match) {
                if (rc == 0)
                    fail(&c, r, ex, "example does not match: '%s'", ex->text);
                else if (r->scope == MH_SCOPE_TEXT && !has_anchor(rs, ri, ex->text))
                    fail(&c, r, ex,
                         "example matches but holds none of the rule's anchors, so the "
                         "prefilter would never run the rule on it");
                else if (r->scope == MH_SCOPE_TEXT && !scan_finds(sc, ri, ex->text, &m))
                    fail(&c, r, ex,
                         "the regex matches, but the scan does not find that match "
                         "around the anchors (check the rule's before/after reach)");
                else
                    check_expect(&c, r, ex, &m);
            } else if (rc == 1) {
                fail(&c, r, ex, "counter-example matches: '%.*s'", (int)(m.span.end - m.span.start),
                     m.subject + m.span.start);
            }
        }
    }
    mh_scratch_free(sc);
    /* a rule naming an outlet the database lacks was told when the engine
     * opened; here it is a failure */
    *failures = c.failures + eng->rules_missing_outlet;
    *total += eng->rules_missing_outlet;
    return MH_OK;
}
