/* test_rulefile.c — rule-file parsing: the records it builds, and the
 * file:line:col of each problem of form (one run reports them all). */
#include <string.h>

#include "diagrec.h"
#include "harness.h"
#include "limits.h"
#include "rulefile.h"
#include "testfs.h"

static char dir[512];

/* Write `text` as dir/name and parse it into *list (emptied first). */
static mh_status parse_text(const char *name, const char *text, size_t len, mh_rule_list *list,
                            diagrec *r, size_t *errors)
{
    char path[1024];
    memset(r, 0, sizeof *r);
    *errors = 0;
    mh_rule_list_free(list);
    if (t_write(dir, name, text, len, path, sizeof path) != 0)
        return MH_ERR_IO;
    return mh_rulefile_parse(path, list, diagrec_fn, r, errors);
}

static void parse_records(void)
{
    static const char text[] = "# a rule file of the unit tests\n"
                               "rule wire.ap-dateline\n"
                               "  kind     dateline\n"
                               "  note     a note is for readers only\n"
                               "  anchor   (AP)\n"
                               "  anchor   \\x28AP\\x29\\t\n"
                               "\tflags    iu\n"
                               "  pattern  \\((?<name>AP)\\)   \n"
                               "  pattern  \\h*[\xE2\x80\x94-]\n"
                               "  weight   0.9\n"
                               "  role     origin\n"
                               "  example  WASHINGTON (AP) \xE2\x80\x94 The => name=AP\n"
                               "  example  a\\tb\\\\c\\nd\n"
                               "  counter  the AP Stylebook   \n"
                               "\n"
                               "rule html.site-name\r\n"
                               "  kind     site_name\r\n"
                               "  scope    html\r\n"
                               "  select   meta[property=og:site_name]@content\r\n"
                               "  outlet   rt\r\n"
                               "  cite     https://www.rt.com/ (observed 2022-04-07)\r\n";
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    CHECK(parse_text("records.rules", text, sizeof text - 1, &list, &r, &errors) == MH_OK);
    CHECK(errors == 0 && r.n == 0);
    CHECK(list.n == 2);
    if (list.n != 2) {
        mh_rule_list_free(&list);
        return;
    }
    const mh_rule_src *a = &list.rules[0];
    CHECK_STR(a->id, "wire.ap-dateline");
    CHECK(a->line == 2 && strstr(a->file, "records.rules") != NULL);
    CHECK_STR(a->kind, "dateline");
    CHECK(a->scope == MH_SCOPE_TEXT);
    CHECK(a->nanchors == 2 && a->anchor_lines[0] == 5 && a->anchor_lines[1] == 6);
    CHECK_STR(a->anchors[0], "(AP)");
    CHECK_STR(a->anchors[1], "(AP)\t"); /* \xHH and \t decoded */
    CHECK_STR(a->flags, "iu");
    /* pattern lines concatenate; their trailing spaces are kept */
    CHECK_STR(a->pattern, "\\((?<name>AP)\\)   \\h*[\xE2\x80\x94-]");
    CHECK(a->pattern_line == 8);
    CHECK(a->weight > 0.89 && a->weight < 0.91);
    CHECK_STR(a->role, "origin");
    CHECK(a->nexamples == 3);
    if (a->nexamples == 3) {
        CHECK(a->examples[0].must_match && a->examples[0].line == 12);
        CHECK_STR(a->examples[0].text, "WASHINGTON (AP) \xE2\x80\x94 The");
        CHECK_STR(a->examples[0].expect, "name=AP");
        CHECK_STR(a->examples[1].text, "a\tb\\c\nd");
        CHECK(a->examples[1].expect == NULL);
        CHECK(!a->examples[2].must_match && a->examples[2].line == 14);
        CHECK_STR(a->examples[2].text, "the AP Stylebook"); /* trailing spaces dropped */
    }
    const mh_rule_src *b = &list.rules[1];
    CHECK_STR(b->id, "html.site-name"); /* CR LF line ends */
    CHECK(b->scope == MH_SCOPE_HTML && b->select_line == 19 && b->outlet_line == 20);
    CHECK_STR(b->select, "meta[property=og:site_name]@content");
    CHECK_STR(b->outlet, "rt");
    CHECK_STR(b->cite, "https://www.rt.com/ (observed 2022-04-07)");
    CHECK(b->weight < 0 && b->pattern == NULL && b->nanchors == 0);
    mh_rule_list_free(&list);
    mh_rule_list_free(&list); /* freeing an empty list is harmless */
}

static void parse_errors(void)
{
    /* every problem of form, each at its line and column, in one run */
    static const char text[] = "  kind     copyright\n"              /* 1: outside a rule */
                               "rule test.a\n"                       /* 2 */
                               "kind     copyright\n"                /* 3: not indented */
                               "  kind     copyright\n"              /* 4 */
                               "  kind     credit\n"                 /* 5: twice */
                               "  anchor   \xC2\xA9\n"               /* 6 */
                               "  pattern  \xC2\xA9 (?<name>\\w+)\n" /* 7 */
                               "  weight   2\n"                      /* 8: out of range */
                               "  weight   heavy\n"                  /* 9: not a number */
                               "  flags    ixq\n"                    /* 10: unknown flag */
                               "  scope    body\n"                   /* 11: unknown scope */
                               "  role\n"                            /* 12: no value */
                               "  colour   blue\n"                   /* 13: unknown key */
                               "  example  \xC2\xA9 Reuters => name=Reuters\n"
                               "rule Test_B\n" /* 15: invalid id */
                               "  kind     credit\n"
                               "  anchor   Photo\n"
                               "  pattern  (?<name>\\w+) Photo\n"
                               "  example  AP Photo => name=AP\n";
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    CHECK(parse_text("errors.rules", text, sizeof text - 1, &list, &r, &errors) == MH_OK);
    CHECK(errors == r.n && r.n == 10);
    CHECK(diagrec_has(&r, 1, 3, "key 'kind' outside of a rule"));
    CHECK(diagrec_has(&r, 3, 1, "expected 'rule <id>'"));
    CHECK(diagrec_has(&r, 5, 12, "'kind' given twice"));
    CHECK(diagrec_has(&r, 8, 12, "weight must be a number in [0, 1]"));
    CHECK(diagrec_has(&r, 9, 12, "weight must be a number in [0, 1]"));
    CHECK(diagrec_has(&r, 10, 14, "unknown flag 'q'"));
    CHECK(diagrec_has(&r, 11, 12, "unknown scope 'body'"));
    CHECK(diagrec_has(&r, 12, 3, "key 'role' has no value"));
    CHECK(diagrec_has(&r, 13, 3, "unknown key 'colour'"));
    CHECK(diagrec_has(&r, 15, 6, "invalid rule id 'Test_B'"));
    CHECK(list.n == 2); /* the rules are still kept, for the compile stage */
    mh_rule_list_free(&list);
}

static void stanza_checks(void)
{
    static const char text[] = "rule test.no-kind\n" /* 1 */
                               "  anchor   Photo\n"
                               "  pattern  (?<name>\\w+) Photo\n"
                               "  example  AP Photo => name=AP\n"
                               "rule test.no-anchor-no-pattern\n" /* 5 */
                               "  kind     credit\n"
                               "rule test.html-without-select\n" /* 7 */
                               "  kind     site_name\n"
                               "  scope    html\n"
                               "rule test.select-on-text\n" /* 10 */
                               "  kind     credit\n"
                               "  anchor   Photo\n"
                               "  pattern  (?<name>\\w+) Photo\n"
                               "  select   img@alt\n"
                               "  example  AP Photo => name=AP\n"
                               "rule test.url-without-pattern\n" /* 16 */
                               "  kind     unwrap\n"
                               "  scope    url\n"
                               "rule test.outlet-without-cite\n" /* 19 */
                               "  kind     boilerplate\n"
                               "  anchor   READ MORE:\n"
                               "  pattern  READ MORE:\n"
                               "  outlet   rt\n"
                               "  example  READ MORE: x\n"
                               "rule test.no-example\n" /* 25 */
                               "  kind     credit\n"
                               "  anchor   Photo\n"
                               "  pattern  (?<name>\\w+) Photo\n";
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    CHECK(parse_text("stanzas.rules", text, sizeof text - 1, &list, &r, &errors) == MH_OK);
    CHECK(list.n == 7 && errors == r.n && r.n == 8);
    CHECK(diagrec_has(&r, 1, 1, "'test.no-kind' has no kind"));
    CHECK(diagrec_has(&r, 5, 1, "has no anchor"));
    CHECK(diagrec_has(&r, 5, 1, "'test.no-anchor-no-pattern' has no pattern"));
    CHECK(diagrec_has(&r, 7, 1, "html scope but no select"));
    CHECK(diagrec_has(&r, 10, 1, "has select but is not of html scope"));
    CHECK(diagrec_has(&r, 16, 1, "url scope but no pattern"));
    CHECK(diagrec_has(&r, 19, 1, "does not cite where it was observed"));
    CHECK(diagrec_has(&r, 25, 1, "has no example"));
    mh_rule_list_free(&list);
}

static void file_problems(void)
{
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    /* invalid UTF-8: reported with its line; the file's rules are not kept */
    static const char latin1[] = "rule test.a\n  kind     copyright\n  note     \xA9 1998\n";
    CHECK(parse_text("latin1.rules", latin1, sizeof latin1 - 1, &list, &r, &errors) == MH_OK);
    CHECK(errors == 1 && list.n == 0 && diagrec_has(&r, 3, 0, "invalid UTF-8"));
    /* an over-long line */
    size_t n = MH_MAX_RULE_LINE + 64;
    static char longline[MH_MAX_RULE_LINE + 128];
    memcpy(longline, "rule test.long\n  note     ", 26);
    memset(longline + 26, 'x', n - 26);
    longline[n++] = '\n';
    CHECK(parse_text("long.rules", longline, n, &list, &r, &errors) == MH_OK);
    CHECK(diagrec_has(&r, 2, 1, "line longer than"));
    /* a missing file */
    char path[1024];
    snprintf(path, sizeof path, "%s/absent.rules", dir);
    memset(&r, 0, sizeof r);
    errors = 0;
    mh_rule_list_free(&list);
    CHECK(mh_rulefile_parse(path, &list, diagrec_fn, &r, &errors) == MH_ERR_IO);
    CHECK(errors == 1 && r.n == 1 && strstr(r.e[0].msg, "cannot read") != NULL);
    /* an empty file holds no rules and no problems */
    CHECK(parse_text("empty.rules", "", 0, &list, &r, &errors) == MH_OK && errors == 0 &&
          list.n == 0);
    mh_rule_list_free(&list);
}

/* `stop`: ASCII punctuation (and \s, whitespace) a match never holds, kept
 * as written */
static void parse_stop(void)
{
    static const char text[] = "rule test.stop\n"
                               "  kind     mention\n"
                               "  stop     ,;:\"#\\s\n" /* 3 */
                               "  anchor   told\n"
                               "  pattern  told (?<name>\\w+)\n"
                               "  example  told Reuters => name=Reuters\n"
                               "rule test.bad-stop\n"
                               "  kind     mention\n"
                               "  stop     ,\\sa\n" /* 9: a letter */
                               "  anchor   told\n"
                               "  pattern  told (?<name>\\w+)\n"
                               "  example  told Reuters => name=Reuters\n";
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    CHECK(parse_text("stop.rules", text, sizeof text - 1, &list, &r, &errors) == MH_OK);
    CHECK(errors == 1 && r.n == 1);
    CHECK(diagrec_has(&r, 9, 15, "stop lists ASCII punctuation (and \\s for whitespace) only"));
    CHECK(list.n == 2 && list.rules[0].stop && strcmp(list.rules[0].stop, ",;:\"#\\s") == 0);
    mh_rule_list_free(&list);
}

/* `before-words`: a count of words in [0, 64]; -1 when not given */
static void parse_before_words(void)
{
    static const char text[] = "rule test.words\n"
                               "  kind     mention\n"
                               "  before-words 8\n" /* 3 */
                               "  anchor   said\n"
                               "  pattern  said\n"
                               "  example  said\n"
                               "rule test.no-words\n"
                               "  kind     mention\n"
                               "  anchor   said\n"
                               "  pattern  said\n"
                               "  example  said\n"
                               "rule test.bad-words\n"
                               "  kind     mention\n"
                               "  before-words eight\n" /* 14 */
                               "  before-words 65\n"    /* 15 */
                               "  anchor   said\n"
                               "  pattern  said\n"
                               "  example  said\n";
    mh_rule_list list = {0};
    diagrec r;
    size_t errors;
    CHECK(parse_text("words.rules", text, sizeof text - 1, &list, &r, &errors) == MH_OK);
    CHECK(errors == 2 && r.n == 2);
    CHECK(diagrec_has(&r, 14, 16, "before-words must be a number of words in [0, 64]"));
    CHECK(diagrec_has(&r, 15, 16, "before-words must be a number of words in [0, 64]"));
    CHECK(list.n == 3 && list.rules[0].before_words == 8 && list.rules[1].before_words == -1 &&
          list.rules[2].before_words == -1);
    mh_rule_list_free(&list);
}

static void parse_dir(void)
{
    char sub[600], path[1024];
    snprintf(sub, sizeof sub, "%s/rules", dir);
    static const char b[] = "rule test.b\n  kind     credit\n  anchor   Photo\n"
                            "  pattern  (?<name>\\w+) Photo\n  example  AP Photo => name=AP\n";
    static const char a[] = "rule test.a\n  kind     dateline\n  anchor   (AP)\n"
                            "  pattern  \\((?<name>AP)\\)\n  example  (AP) => name=AP\n";
    CHECK(t_write(dir, "rules/b.rules", b, sizeof b - 1, path, sizeof path) == 0);
    CHECK(t_write(dir, "rules/a.rules", a, sizeof a - 1, path, sizeof path) == 0);
    CHECK(t_write(dir, "rules/.hidden.rules", "junk\n", 5, path, sizeof path) == 0);
    CHECK(t_write(dir, "rules/README.md", "junk\n", 5, path, sizeof path) == 0);
    CHECK(t_write(dir, "rules/c.rules.bak", "junk\n", 5, path, sizeof path) == 0);
    mh_rule_list list = {0};
    diagrec r;
    memset(&r, 0, sizeof r);
    size_t errors = 0;
    CHECK(mh_rulefile_parse_dir(sub, &list, diagrec_fn, &r, &errors) == MH_OK);
    CHECK(errors == 0 && list.n == 2);
    if (list.n == 2) { /* files in name order */
        CHECK_STR(list.rules[0].id, "test.a");
        CHECK_STR(list.rules[1].id, "test.b");
    }
    mh_rule_list_free(&list);
    /* a directory without rule files, and one that does not exist */
    char empty[600];
    snprintf(empty, sizeof empty, "%s/rules/none", dir);
    CHECK(t_write(dir, "rules/none/x.txt", "", 0, path, sizeof path) == 0);
    memset(&r, 0, sizeof r);
    errors = 0;
    CHECK(mh_rulefile_parse_dir(empty, &list, diagrec_fn, &r, &errors) == MH_OK);
    CHECK(errors == 1 && diagrec_has(&r, 0, 0, "no *.rules files"));
    snprintf(empty, sizeof empty, "%s/absent", dir);
    memset(&r, 0, sizeof r);
    errors = 0;
    CHECK(mh_rulefile_parse_dir(empty, &list, diagrec_fn, &r, &errors) == MH_ERR_IO);
    CHECK(errors == 1 && r.n == 1);
    CHECK(mh_rulefile_parse_dir(empty, &list, NULL, NULL, &errors) == MH_ERR_IO); /* no diag */
    mh_rule_list_free(&list);
}

void test_rulefile(void)
{
    if (!t_mkdtemp(dir, sizeof dir)) {
        CHECK(!"cannot create a temporary directory");
        return;
    }
    parse_records();
    parse_errors();
    parse_stop();
    parse_before_words();
    stanza_checks();
    file_problems();
    parse_dir();
    t_rmtree(dir);
}
