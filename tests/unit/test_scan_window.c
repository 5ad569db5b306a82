/* test_scan_window.c — a rule's `stop` bytes and `before-words` narrow the
 * windows its regex runs on and never lose a match: the same rules with
 * and without them (stops of punctuation and \s, whitespace; a word bound
 * on a name before its anchor), on random texts built from the pieces
 * those rules match and stop at, find the same markers that hold or
 * overlap an anchor, as every match should (rules/README.md). Without
 * them a window reaching back `before` bytes also finds matches that hold
 * no anchor (a host some way before a ".com"); the narrow windows do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "harness.h"
#include "rules.h"
#include "scan.h"
#include "testfs.h"

/* A host rule and an address rule as web.rules writes them, and a name
 * rule with a stop of punctuation only; %s is the stop line or "". */
static const char rules_fmt[] =
    "rule t.domain\n"
    "  kind     domain\n"
    "  before   260\n"
    "  after    20\n"
    "%s"
    "  anchor   .com\n"
    "  anchor   .ru\n"
    "  flags    i\n"
    "  pattern  (?<![\\w@./\\-])(?<host>(?:[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?\\.){1,4}"
    "[a-z]{2,12})(?![\\w\\-]|\\.[a-z0-9])\n"
    "  example  More on RT.com today => host=RT.com\n"
    "rule t.email\n"
    "  kind     email\n"
    "  before   160\n"
    "  after    30\n"
    "%s"
    "  anchor   .com\n"
    "  anchor   .ru\n"
    "  flags    i\n"
    "  pattern  (?<![\\w.%%+\\-])[\\w%%+\\-](?:[\\w.%%+\\-]{0,62}[\\w%%+\\-])?@"
    "(?<host>(?:[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24})(?![\\w\\-])\n"
    "  example  write to tips@example.com now => host=example.com\n"
    "rule t.said\n"
    "  kind     mention\n"
    "  before   160\n"
    "  after    10\n"
    "%s"
    "  anchor   said\n"
    "  flags    u\n"
    "  pattern  (?<![\\p{L}])(?<name>\\p{Lu}\\p{L}*(?:\\h+\\p{Lu}\\p{L}*){0,3})\\h+said\\b\n"
    "  example  then Big News said so => name=Big News\n";

static const char *const stops[] = {
    "  stop     \\s!\"#$%&'()*+,/:;<=>?@[\\]^_`{|}~\n",
    "  stop     \\s!\"#$&'()*,/:;<=>?[\\]^`{|}~\n",
    "  stop     ,;:()\"\n  before-words 4\n", /* a name of at most 4 words */
};

static mh_ruleset *load(const char *dir, int with_stop)
{
    char text[4096], path[1024];
    snprintf(text, sizeof text, rules_fmt, with_stop ? stops[0] : "", with_stop ? stops[1] : "",
             with_stop ? stops[2] : "");
    mh_ruleset *rs = NULL;
    if (t_write(dir, "t.rules", text, strlen(text), path, sizeof path) != 0 ||
        mh_ruleset_load(dir, NULL, NULL, &rs) != MH_OK)
        return NULL;
    return rs;
}

/* The pieces of a text: hosts, addresses, names, punctuation, spaces. */
static const char *const pieces[] = {
    "rt.com",
    "RT.com",
    "a.b.ru",
    "x-y.com",
    "tips@example.com",
    "a.b@news.ru",
    "@handle.com",
    "Big News",
    "Big\xc2\xa0News",
    "\xc2\xa0",
    /* U+00A0: \h to the regex, not a word break */ "Reuters",
    "said",
    "said.",
    "Ivan",
    "Пресса",
    "the",
    "was",
    " ",
    " ",
    "\t",
    "  ",
    ",",
    ";",
    ":",
    "(",
    ")",
    "\"",
    "'",
    "/",
    "@",
    ".",
    "-",
    "_",
    "%",
    "+",
    "<",
    ">",
    "é",
    "\n",
    "www.",
    ".com",
    ".ru",
    "https://",
    "12",
    "e.g.",
};
#define NPIECES (sizeof pieces / sizeof *pieces)

/* Runs of names (every other text), so that names of up to five words come
 * before "said" often enough to find a window one word short. */
static const char *const name_pieces[] = {
    "Big", "News", "Ivan", "Reuters",  "Пресса", " ",   " ",
    " ",   "  ",   "\t",   "\xc2\xa0", "said",   "the",
};
#define NNAME_PIECES (sizeof name_pieces / sizeof *name_pieces)

static size_t build_text(char *buf, size_t cap, unsigned *seed, int names)
{
    size_t n = 0;
    int count = 5 + rand_r(seed) % 60;
    for (int i = 0; i < count; i++) {
        const char *p = names ? name_pieces[(size_t)rand_r(seed) % NNAME_PIECES]
                              : pieces[(size_t)rand_r(seed) % NPIECES];
        size_t l = strlen(p);
        if (n + l + 1 >= cap)
            break;
        memcpy(buf + n, p, l);
        n += l;
    }
    buf[n] = '\0';
    return n;
}

typedef struct found {
    unsigned rule;
    size_t start, end, name_start, host_start;
} found;

/* The markers of one scan, at most cap. */
static size_t scan_into(mh_scanner *sc, const char *text, size_t len, found *out, size_t cap)
{
    mh_doc d;
    mh_doc_init(&d);
    d.input = d.text = text;
    d.input_len = d.text_len = len;
    d.identity = 1;
    size_t n = 0;
    if (mh_scan_text(sc, &d) == MH_OK)
        for (size_t i = 0; i < d.nmarkers && n < cap; i++) {
            const mh_marker *m = &d.markers[i];
            out[n++] = (found){m->rule, m->span.start, m->span.end, m->cap[CAP_NAME].start,
                               m->cap[CAP_HOST].start};
        }
    mh_doc_free(&d);
    return n;
}

static int has(const found *set, size_t n, const found *f)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&set[i], f, sizeof *f) == 0)
            return 1;
    return 0;
}

/* Does the match overlap one of its rule's anchors in the text? */
static int holds_anchor(const char *text, const found *f)
{
    static const char *const anchors[][2] = {{".com", ".ru"}, {".com", ".ru"}, {"said", "said"}};
    for (int a = 0; a < 2; a++) {
        const char *lit = anchors[f->rule][a];
        size_t l = strlen(lit);
        for (size_t at = f->start >= l ? f->start - l + 1 : 0; at < f->end; at++)
            if (strncasecmp(text + at, lit, l) == 0)
                return 1;
    }
    return 0;
}

static void same_markers(mh_ruleset *plain, mh_ruleset *stopped)
{
    mh_scanner *a = NULL, *b = NULL;
    CHECK(mh_scanner_create(plain, &a) == MH_OK && mh_scanner_create(stopped, &b) == MH_OK);
    if (!a || !b) {
        mh_scanner_free(a);
        mh_scanner_free(b);
        return;
    }
    static char text[2048];
    static found fa[256], fb[256];
    unsigned seed = 20261130;
    size_t lost = 0, extra = 0, found_any = 0, anchorless = 0;
    for (int i = 0; i < 20000; i++) {
        size_t len = build_text(text, sizeof text, &seed, i % 2);
        size_t na = scan_into(a, text, len, fa, 256), nb = scan_into(b, text, len, fb, 256);
        for (size_t k = 0; k < na; k++) {
            if (!holds_anchor(text, &fa[k]))
                anchorless++;
            else if (!has(fb, nb, &fa[k]) && lost++ < 3)
                fprintf(stderr, "  stop lost a match at %zu-%zu of \"%s\"\n", fa[k].start,
                        fa[k].end, text);
        }
        for (size_t k = 0; k < nb; k++)
            if (!has(fa, na, &fb[k]) && extra++ < 3)
                fprintf(stderr, "  stop added a match at %zu-%zu of \"%s\"\n", fb[k].start,
                        fb[k].end, text);
        found_any += na > 0;
    }
    CHECK(lost == 0);
    CHECK(extra == 0);
    CHECK(found_any > 5000); /* the texts do hold matches */
    CHECK(anchorless > 0);   /* and the case the stops leave out */
    mh_scanner_free(a);
    mh_scanner_free(b);
}

void test_scan_window(void)
{
    char d1[512], d2[512];
    if (!t_mkdtemp(d1, sizeof d1) || !t_mkdtemp(d2, sizeof d2)) {
        CHECK(!"cannot make the test directories");
        return;
    }
    mh_ruleset *plain = load(d1, 0), *stopped = load(d2, 1);
    CHECK(plain && stopped);
    if (plain && stopped) {
        CHECK(stopped->rules[2].before_words == 4 && plain->rules[2].before_words == -1);
        /* \s is whitespace; the other bytes are as listed */
        const mh_rule *dom = &stopped->rules[0], *said = &stopped->rules[2];
        CHECK(mh_rule_stops(dom, ' ') && mh_rule_stops(dom, '\t') && mh_rule_stops(dom, '\\') &&
              mh_rule_stops(dom, '@') && !mh_rule_stops(dom, '.') && !mh_rule_stops(dom, 's'));
        CHECK(!mh_rule_stops(said, ' ') && mh_rule_stops(said, ',') && mh_rule_stops(said, '\n'));
        CHECK(!mh_rule_stops(&plain->rules[0], ' ') && mh_rule_stops(&plain->rules[0], '\n'));
        same_markers(plain, stopped);
    }
    mh_ruleset_free(plain);
    mh_ruleset_free(stopped);
    t_rmtree(d1);
    t_rmtree(d2);
}
