/* fuzz_engine.c — the engine and the annotation checks of the pipeline
 * harnesses (linked into fuzz_annotate_text and fuzz_annotate_html). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_engine.h"
#include "utf8.h"

static mh_engine *engine;
static mh_scratch *scratch;

static void print_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)ud;
    fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, msg);
}

mh_scratch *fuzz_scratch(void)
{
    if (scratch)
        return scratch;
    const char *db = getenv("MASTHEAD_DB");
    const char *rules = getenv("MASTHEAD_RULES");
    mh_engine_options o = {db && *db ? db : "build/masthead.db", rules && *rules ? rules : "rules",
                           print_diag, NULL};
    mh_status st = mh_engine_open(&o, &engine);
    if (st == MH_OK)
        st = mh_scratch_create(engine, &scratch);
    if (st != MH_OK) {
        fprintf(stderr,
                "fuzz: cannot open the engine (%s, %s): %s\n"
                "fuzz: run from the repository root after make, or set MASTHEAD_DB and "
                "MASTHEAD_RULES\n",
                o.db_path, o.rules_dir, mh_strerror(st));
        abort();
    }
    return scratch;
}

static void fail(const char *what, const json_t *ev)
{
    char *s = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
    fprintf(stderr, "fuzz: %s: %s\n", what, s ? s : "");
    free(s);
    abort();
}

/* Check one evidence object against the input. */
static void check_evidence(const json_t *ev, const uint8_t *data, size_t size, int exact)
{
    json_t *js = json_object_get(ev, "start"), *je = json_object_get(ev, "end");
    if (!js && !je)
        return; /* evidence from a URL given apart, or from metadata without offsets */
    if (!json_is_integer(js) || !json_is_integer(je))
        fail("start/end are not both integers", ev);
    json_int_t s = json_integer_value(js), e = json_integer_value(je);
    if (s < 0 || e < s || (size_t)e > size)
        fail("evidence span outside the input", ev);
    json_t *jt = json_object_get(ev, "text");
    if (exact && json_is_string(jt)) {
        size_t tl = json_string_length(jt);
        if (tl != (size_t)(e - s) || memcmp(json_string_value(jt), data + s, tl) != 0)
            fail("input[start:end] differs from the evidence text", ev);
    }
}

/* Visit every object that looks like evidence (has "rule" or "kind" and offsets). */
static void walk(const json_t *j, const uint8_t *data, size_t size, int exact, int depth)
{
    if (depth > 64)
        fail("annotation nested deeper than 64", NULL);
    if (json_is_object(j)) {
        if (json_object_get(j, "start") || json_object_get(j, "end"))
            check_evidence(j, data, size, exact);
        const char *k;
        json_t *v;
        json_object_foreach ((json_t *)j, k, v)
            walk(v, data, size, exact, depth + 1);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach (j, i, v)
            walk(v, data, size, exact, depth + 1);
    }
}

void fuzz_annotate(const uint8_t *data, size_t size, mh_doctype type)
{
    mh_scratch *sc = fuzz_scratch();
    mh_document doc;
    memset(&doc, 0, sizeof doc);
    doc.data = (const char *)data;
    doc.len = size;
    doc.type = type;
    mh_annotate_options o;
    memset(&o, 0, sizeof o);
    o.today = "2024-06-01"; /* no clock: the same input always gives the same output */
    json_t *out = NULL;
    mh_status st = mh_annotate(sc, &doc, &o, &out);
    if (st == MH_ERR_NOMEM) {
        json_decref(out);
        return;
    }
    if (st != MH_OK || !json_is_object(out)) {
        fprintf(stderr, "fuzz: mh_annotate returned %s\n", mh_strerror(st));
        abort();
    }
    int exact = type == MH_DOC_TEXT && mh_utf8_find_invalid((const char *)data, size) == size &&
                memchr(data, 0, size) == NULL;
    walk(out, data, size, exact, 0);
    char *s = json_dumps(out, JSON_COMPACT);
    if (!s)
        fail("the annotation cannot be serialised", NULL);
    free(s);
    json_decref(out);
}
