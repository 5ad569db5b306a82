/* test_anchor_bounds.c — a rule's anchor-bounds pass over anchor hits next
 * to a letter or digit (or a byte of a non-ASCII character) on the sides it
 * names, and only those: the same rules without it match inside words
 * (windows start at the anchor: `before 0`); a value other than start, end
 * or both does not load. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "harness.h"
#include "rules.h"
#include "scan.h"
#include "testfs.h"

/* %s: the anchor-bounds lines (or "") of the three rules */
static const char rules_fmt[] = "rule t.both\n"
                                "  kind     brand\n"
                                "  before   0\n"
                                "%s"
                                "  anchor   app\n"
                                "  flags    u\n"
                                "  pattern  (?<name>app\\w*)\n"
                                "  example  get the app => name=app\n"
                                "rule t.end\n"
                                "  kind     brand\n"
                                "  before   0\n"
                                "%s"
                                "  anchor   reporter\n"
                                "  flags    u\n"
                                "  pattern  (?<name>reporter\\w*)\n"
                                "  example  a reporter => name=reporter\n"
                                "rule t.start\n"
                                "  kind     brand\n"
                                "  before   0\n"
                                "%s"
                                "  anchor   Photo\n"
                                "  flags    u\n"
                                "  pattern  (?<name>Photo\\w*)\n"
                                "  example  a Photo => name=Photo\n";

static mh_ruleset *load(const char *dir, const char *b1, const char *b2, const char *b3)
{
    char text[2048], path[1024];
    snprintf(text, sizeof text, rules_fmt, b1, b2, b3);
    mh_ruleset *rs = NULL;
    if (t_write(dir, "t.rules", text, strlen(text), path, sizeof path) != 0 ||
        mh_ruleset_load(dir, NULL, NULL, &rs) != MH_OK)
        return NULL;
    return rs;
}

/* The names each rule found in text, as "rule:name " pieces. */
static void found(mh_ruleset *rs, const char *text, char *out, size_t cap)
{
    out[0] = '\0';
    mh_scanner *sc = NULL;
    if (mh_scanner_create(rs, &sc) != MH_OK)
        return;
    mh_doc d;
    mh_doc_init(&d);
    d.input = d.text = text;
    d.input_len = d.text_len = strlen(text);
    d.identity = 1;
    size_t n = 0;
    if (mh_scan_text(sc, &d) == MH_OK)
        for (size_t i = 0; i < d.nmarkers; i++) {
            const mh_marker *m = &d.markers[i];
            int w = snprintf(out + n, cap - n, "%s:%.*s ", rs->rules[m->rule].id + 2,
                             (int)(m->cap[CAP_NAME].end - m->cap[CAP_NAME].start),
                             m->subject + m->cap[CAP_NAME].start);
            if (w < 0 || (size_t)w >= cap - n)
                break;
            n += (size_t)w;
        }
    mh_doc_free(&d);
    mh_scanner_free(sc);
}

void test_anchor_bounds(void)
{
    char d1[512], d2[512], d3[512];
    if (!t_mkdtemp(d1, sizeof d1) || !t_mkdtemp(d2, sizeof d2) || !t_mkdtemp(d3, sizeof d3)) {
        CHECK(!"cannot make the test directories");
        return;
    }
    mh_ruleset *bounded =
        load(d1, "  anchor-bounds both\n", "  anchor-bounds end\n", "  anchor-bounds start\n");
    mh_ruleset *plain = load(d2, "", "", "");
    CHECK(bounded && plain);
    static const char text[] = "happen app apps xapp \xc3\xa9"
                               "app \xc3\xa9-app; reporters reporter, co-reporter xreporter; "
                               "Photos xPhoto Photo 2Photo";
    char got[1024];
    if (bounded) {
        CHECK(bounded->rules[0].anchor_bounds == (MH_BOUND_START | MH_BOUND_END) &&
              bounded->rules[1].anchor_bounds == MH_BOUND_END &&
              bounded->rules[2].anchor_bounds == MH_BOUND_START);
        found(bounded, text, got, sizeof got);
        CHECK_STR(got, "both:app both:app end:reporter end:reporter end:reporter "
                       "start:Photos start:Photo ");
    }
    if (plain) {
        CHECK(plain->rules[0].anchor_bounds == 0);
        found(plain, text, got, sizeof got);
        CHECK_STR(got, "both:appen both:app both:apps both:app both:app both:app end:reporters "
                       "end:reporter end:reporter end:reporter start:Photos start:Photo "
                       "start:Photo start:Photo ");
    }
    mh_ruleset_free(bounded);
    mh_ruleset_free(plain);
    /* a value it does not know: the rules do not load */
    CHECK(load(d3, "  anchor-bounds middle\n", "", "") == NULL);
    t_rmtree(d1);
    t_rmtree(d2);
    t_rmtree(d3);
}
