/* test_html.c — HTML to visible text with its offset map, and the values
 * html rules select: for each evidence-like span, the source region it maps
 * back to must be the markup it was decoded from (DESIGN.md §6). */
#include <string.h>

#include "harness.h"
#include "html.h"
#include "pending.h"
#include "rules.h"
#include "testfs.h"
#include "utf8.h"

static char dir[512];
static mh_ruleset *rs;

/* Our own html rules, one per kind of selector. */
static const char html_rules[] = "rule t.site-name\n"
                                 "  kind     site_name\n"
                                 "  scope    html\n"
                                 "  select   meta[property=og:site_name]@content\n"
                                 "rule t.canonical\n"
                                 "  kind     canonical\n"
                                 "  scope    html\n"
                                 "  select   link[rel=canonical]@href\n"
                                 "rule t.publisher\n"
                                 "  kind     publisher\n"
                                 "  scope    html\n"
                                 "  select   jsonld:publisher.name\n"
                                 "rule t.title\n"
                                 "  kind     site_name\n"
                                 "  scope    html\n"
                                 "  select   title@#text\n"
                                 "rule t.copyright-word\n"
                                 "  kind     copyright\n"
                                 "  anchor   Copyright\n"
                                 "  pattern  Copyright (?<name>\\w+)\n"
                                 "  example  Copyright Reuters => name=Reuters\n";

/* Parse html into d (initialised here; the caller frees it). */
static mh_status parse(mh_doc *d, const char *html, size_t len, const mh_limits *lim)
{
    mh_doc_init(d);
    d->input = html;
    d->input_len = len;
    d->is_html = 1;
    return mh_html_parse(d, html, len, NULL, rs, lim, 0);
}

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

/* Every byte-for-byte segment holds the same bytes in text and source (the
 * text's whitespace may be a space), and every segment lies in the input. */
static int map_is_sound(const mh_doc *d)
{
    for (size_t i = 0; i < d->map.n; i++) {
        const mh_offseg *s = &d->map.segs[i];
        if (s->src_start + s->src_len > d->input_len || s->text_start + s->text_len > d->text_len)
            return 0;
        if (s->text_len != s->src_len)
            continue;
        for (size_t k = 0; k < s->text_len; k++) {
            char t = d->text[s->text_start + k], o = d->input[s->src_start + k];
            if (t != o && !(t == ' ' && is_space(o)))
                return 0;
        }
    }
    return 1;
}

/* The text holds `needle`, and the input region its span maps to is `src`. */
static int span_maps(const char *html, const char *needle, const char *src)
{
    mh_doc d;
    int ok = 0;
    if (parse(&d, html, strlen(html), NULL) == MH_OK && map_is_sound(&d)) {
        const char *hit = memmem(d.text, d.text_len, needle, strlen(needle));
        if (hit) {
            size_t t = (size_t)(hit - d.text);
            size_t s = mh_doc_src_start(&d, t), e = mh_doc_src_end(&d, t + strlen(needle));
            ok = s <= e && e <= d.input_len && e - s == strlen(src) &&
                 memcmp(html + s, src, e - s) == 0;
            if (!ok)
                fprintf(stderr, "  '%s' maps to [%zu,%zu) '%.*s', want '%s'\n", needle, s, e,
                        (int)(e >= s && e <= d.input_len ? e - s : 0), html + s, src);
        } else {
            fprintf(stderr, "  '%s' not in the text '%.*s'\n", needle, (int)d.text_len, d.text);
        }
    }
    mh_doc_free(&d);
    return ok;
}

/* The visible text of html is exactly `want`. */
static int text_is(const char *html, const char *want)
{
    mh_doc d;
    int ok = parse(&d, html, strlen(html), NULL) == MH_OK && map_is_sound(&d) &&
             d.text_len == strlen(want) && memcmp(d.text, want, d.text_len) == 0;
    if (!ok)
        fprintf(stderr, "  text of '%s' is '%.*s', want '%s'\n", html, (int)d.text_len,
                d.text ? d.text : "", want);
    mh_doc_free(&d);
    return ok;
}

static void visible_text(void)
{
    CHECK(text_is("<p>Hello &amp; goodbye</p>", "Hello & goodbye\n"));
    CHECK(text_is("<p>AP Photo<br>Evan Vucci</p>", "AP Photo\nEvan Vucci\n"));
    CHECK(
        text_is("<html><head><title>T</title><style>p{color:red}</style></head>"
                "<body><script>var s = '\xC2\xA9 Fake';</script><p>\xC2\xA9 Real</p></body></html>",
                "\xC2\xA9 Real\n"));
    CHECK(text_is("<p>a <!-- \xC2\xA9 hidden --> b</p>", "a  b\n"));
    CHECK(text_is("<noscript>enable JavaScript</noscript><template><p>x</p></template><p>y</p>",
                  "y\n"));
    CHECK(text_is("<p>line\none\ttab</p>", "line one tab\n"));
    /* every break libxml2 hands over (tab, newline; a carriage return
     * arrives as a newline) becomes a space, in and past sixteen-byte
     * blocks; a UTF-8 tail byte (0x89) beside them stays */
    CHECK(text_is("<p>a\tb\nc\rd h\xc3\x89i 0123456789abcdef\t\n\tz\xc3\x89</p>",
                  "a b c d h\xc3\x89i 0123456789abcdef   z\xc3\x89\n"));
    CHECK(text_is("<p>&#169; &#xA9; &copy;&nbsp;x</p>", "\xC2\xA9 \xC2\xA9 \xC2\xA9\xC2\xA0x\n"));
    CHECK(text_is("<div><p>Reuters <b>staff<i> in</div> London", "Reuters staff in\n London\n"));
    CHECK(text_is("<ul><li>one<li>two</ul>", "one\ntwo\n"));
    CHECK(text_is("", ""));
    CHECK(text_is("<p></p><div></div>", ""));
    CHECK(text_is("<p>x</p><", "x\n"));
    CHECK(text_is("<p>caf\xC3\xA9 &eacute;</p>", "caf\xC3\xA9 \xC3\xA9\n"));
    /* scripts and styles are passed over to where libxml2 ends them (the
     * first "</" and a letter), as it would have read them */
    CHECK(text_is("<body><script>var s = \"<b>x</b>\"; t();</script><p>a</p></body>", "a\n"));
    CHECK(text_is("<body><style>a</style><p>b</p><style></style><p>c</p></body>", "b\nc\n"));
    CHECK(text_is("<body><script>if (a </ b) {}</script><p>d</p></body>", "d\n"));
    CHECK(text_is("<body><script>never closed <p>e</p>", ""));
    CHECK(text_is("<body><SCRIPT type=\"text/javascript\">x</SCRIPT ><p>f</p></body>", "f\n"));
    CHECK(text_is("<body><script/><p>g</p><style>p{}</style   ><p>h</p></body>", "g\nh\n"));
}

/* A run libxml2 reads itself (after a comment) and hands over in pieces of
 * 1000 bytes or more: a piece of one repeated byte must not be placed a
 * byte early (its bytes match there too), nor what follows it. */
static void long_run_pieces(void)
{
    static const char head[] = "<p>a<!-- c -->", tail[] = " Copyright Reuters </p>";
    char page[sizeof head + 2600 + sizeof tail];
    memcpy(page, head, sizeof head - 1);
    size_t at = sizeof head - 1;
    for (size_t i = 0; i < 1500; i++)
        page[at++] = (char)(i % 7 ? 'x' : ' ');
    memset(page + at, '\t', 1100);
    at += 1100;
    memcpy(page + at, tail, sizeof tail);
    CHECK(span_maps(page, "Copyright Reuters", "Copyright Reuters"));
    CHECK(span_maps(page, "x x", "x x"));
}

static void evidence_spans(void)
{
    long_run_pieces();
    static const char ap[] =
        "<p>Copyright &copy; 2024 The Associated Press. All rights reserved.</p>";
    CHECK(span_maps(ap, "\xC2\xA9 2024 The Associated Press", "&copy; 2024 The Associated Press"));
    CHECK(span_maps(ap, "The Associated Press", "The Associated Press"));
    CHECK(span_maps(ap, "\xC2\xA9", "&copy;"));
    CHECK(span_maps(ap, "Copyright \xC2\xA9", "Copyright &copy;"));
    /* a span across inline tags covers the tags */
    CHECK(span_maps("<footer><p>\xC2\xA9 <b>Autonomous</b> Nonprofit Organization</p></footer>",
                    "\xC2\xA9 Autonomous Nonprofit", "\xC2\xA9 <b>Autonomous</b> Nonprofit"));
    /* text after <br> and after a skipped script */
    CHECK(span_maps("<p>\xC2\xA9 AP Photo/Evan Vucci<br>WASHINGTON (AP) \xE2\x80\x94 The</p>",
                    "WASHINGTON (AP) \xE2\x80\x94", "WASHINGTON (AP) \xE2\x80\x94"));
    CHECK(span_maps("<script>x = '(Reuters)';</script><p>LONDON (Reuters) - UK</p>", "(Reuters)",
                    "(Reuters)"));
    CHECK(span_maps("<style>p{}</style><script>s = \"<i>(Reuters)</i>\";</script><p>LONDON "
                    "(Reuters) - UK</p>",
                    "(Reuters)", "(Reuters)"));
    /* numeric entities and whitespace turned into spaces */
    CHECK(span_maps("<p>&#169;&#x20;2022&#x20;TASS</p>", "\xC2\xA9 2022 TASS",
                    "&#169;&#x20;2022&#x20;TASS"));
    CHECK(span_maps("<p>Copyright\n2022\tReuters</p>", "Copyright 2022 Reuters",
                    "Copyright\n2022\tReuters"));
    /* broken markup */
    CHECK(span_maps("<div><p>By <a href=/x>Reuters staff</div>", "Reuters staff", "Reuters staff"));
    CHECK(span_maps("<p>&bogus; \xC2\xA9 Xinhua</p>", "&bogus;", "&bogus;"));
    CHECK(span_maps("<p>a</p>\xC2\xA9", "\xC2\xA9", "\xC2\xA9"));
    CHECK(span_maps("<p>a</p>tail", "tail", "tail"));
    CHECK(span_maps("<p>a</p>c", "c", "c"));
}

/* The first item of rule `id`; its value and source region. */
static int item_is(const char *html, const char *id, const char *value, const char *src)
{
    mh_doc d;
    int ok = 0;
    long ri = mh_ruleset_find(rs, id);
    if (ri >= 0 && parse(&d, html, strlen(html), NULL) == MH_OK) {
        for (size_t i = 0; i < d.nitems; i++) {
            const mh_item *it = &d.items[i];
            if (it->rule != (unsigned)ri)
                continue;
            size_t n = it->src_end - it->src_start;
            ok = strcmp(it->value, value) == 0 && it->src_end <= d.input_len && n == strlen(src) &&
                 memcmp(html + it->src_start, src, n) == 0;
            if (!ok)
                fprintf(stderr, "  %s: '%s' from '%.*s', want '%s' from '%s'\n", id, it->value,
                        (int)(it->src_end <= d.input_len ? n : 0), html + it->src_start, value,
                        src);
            break;
        }
        if (!ok && d.nitems == 0)
            fprintf(stderr, "  %s: no item in '%s'\n", id, html);
    }
    mh_doc_free(&d);
    return ok;
}

static int no_item(const char *html, const char *id)
{
    mh_doc d;
    long ri = mh_ruleset_find(rs, id);
    int found = 0;
    if (ri >= 0 && parse(&d, html, strlen(html), NULL) == MH_OK)
        for (size_t i = 0; i < d.nitems; i++)
            found |= d.items[i].rule == (unsigned)ri;
    mh_doc_free(&d);
    return ri >= 0 && !found;
}

static void selected_items(void)
{
    CHECK(item_is(
        "<html><head><meta property=\"og:site_name\" content=\"RT International\"></head></html>",
        "t.site-name", "RT International", "RT International"));
    CHECK(item_is("<html><head><meta property='og:site_name' content='Al Jazeera &amp; Partners'>",
                  "t.site-name", "Al Jazeera & Partners", "Al Jazeera &amp; Partners"));
    CHECK(item_is("<html><head><meta content=TASS property=og:site_name>", "t.site-name", "TASS",
                  "TASS"));
    CHECK(item_is("<HTML><HEAD><META PROPERTY=\"OG:SITE_NAME\" CONTENT=\"Reuters\">", "t.site-name",
                  "Reuters", "Reuters"));
    CHECK(item_is("<html><body><p>x</p><meta property=\"og:site_name\" content=\"EFE\"></body>",
                  "t.site-name", "EFE", "EFE"));
    CHECK(item_is("<!DOCTYPE html><meta property=\"og:site_name\" content=\"TASS\">", "t.site-name",
                  "TASS", "TASS"));
    CHECK(item_is(
        "<head><link rel=\"alternate canonical\" href=\"https://www.rt.com/news/1/\"></head>",
        "t.canonical", "https://www.rt.com/news/1/", "https://www.rt.com/news/1/"));
    CHECK(no_item("<meta property=\"og:site_name\" content=\"\">", "t.site-name"));
    CHECK(no_item("<meta property=\"og:title\" content=\"RT\">", "t.site-name"));
    CHECK(item_is("<head><title>World News | RT</title></head>", "t.title", "World News | RT",
                  "World News | RT"));
    CHECK(item_is("<title>News &amp; Views &#8212; TASS</title>", "t.title",
                  "News & Views \xE2\x80\x94 TASS", "News &amp; Views &#8212; TASS"));
    /* JSON-LD: the value's place inside the script */
    CHECK(item_is("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                  "\"publisher\":{\"@type\":\"Organization\",\"name\":\"RT\"}}</script>",
                  "t.publisher", "RT", "RT"));
    CHECK(item_is("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\","
                  "\"publisher\":{\"@id\":\"#org\"}},{\"@id\":\"#org\",\"@type\":\"Organization\","
                  "\"name\":\"TASS Russian News Agency\"}]}</script>",
                  "t.publisher", "TASS Russian News Agency", "TASS Russian News Agency"));
    CHECK(item_is(
        "<script type=\"application/ld+json\">[{\"publisher\":[{\"name\":\"Xinhua\"}]}]</script>",
        "t.publisher", "Xinhua", "Xinhua"));
    CHECK(item_is("<script type=\"application/ld+json\">{\"publisher\":{\"name\":\"Quote \\\"Q\\\" "
                  "Ltd\"}}</script>",
                  "t.publisher", "Quote \"Q\" Ltd", "Quote \\\"Q\\\" Ltd"));
    CHECK(no_item("<script type=\"application/ld+json\">{\"publisher\": {\"name\": </script>",
                  "t.publisher"));
    CHECK(no_item("<script type=\"text/javascript\">{\"publisher\":{\"name\":\"RT\"}}</script>",
                  "t.publisher"));
}

static void limits_and_sniff(void)
{
    char deep[4096];
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "<div>");
    n += (size_t)snprintf(deep + n, sizeof deep - n, "\xC2\xA9 Reuters");
    mh_limits lim;
    mh_limits_default(&lim);
    lim.max_html_depth = 10;
    mh_doc d;
    CHECK(parse(&d, deep, n, &lim) == MH_OK);
    CHECK(strcmp(d.limit, "html-depth") == 0);
    CHECK(memmem(d.text, d.text_len, "\xC2\xA9 Reuters", 9) != NULL); /* text kept */
    mh_doc_free(&d);
    lim.max_html_depth = 100;
    CHECK(parse(&d, deep, n, &lim) == MH_OK && d.limit[0] == '\0');
    mh_doc_free(&d);

    CHECK(mh_html_sniff("<!DOCTYPE html><html>", 21));
    CHECK(mh_html_sniff("\xEF\xBB\xBF\n  <html lang=\"ru\">", 20));
    CHECK(mh_html_sniff("  <meta charset=utf-8>", 22));
    CHECK(mh_html_sniff("Some words <p>then a paragraph</p>", 34));
    CHECK(!mh_html_sniff("Plain text about the <b> tag.", 29));
    CHECK(!mh_html_sniff("\xC2\xA9 2022 TASS", 11));
    CHECK(!mh_html_sniff("", 0));
}

/* Input with an invalid byte is repaired first; spans still map to input bytes. */
static void repaired_source(void)
{
    static const char in[] = "<p>caf\xE9 &copy; Agence France-Presse</p>";
    size_t len = sizeof in - 1;
    mh_buf fixed;
    mh_offmap srcmap;
    mh_buf_init(&fixed, 0);
    mh_offmap_init(&srcmap);
    size_t repairs = 0;
    CHECK(mh_utf8_repair(in, len, 0, &fixed, &srcmap, &repairs) == MH_OK && repairs == 1);
    mh_doc d;
    mh_doc_init(&d);
    d.input = in;
    d.input_len = len;
    d.is_html = 1;
    CHECK(mh_html_parse(&d, fixed.data, fixed.len, &srcmap, rs, NULL, 0) == MH_OK);
    const char *hit = memmem(d.text, d.text_len, "\xC2\xA9 Agence", 9);
    CHECK(hit != NULL);
    if (hit) {
        size_t t = (size_t)(hit - d.text);
        size_t s = mh_doc_src_start(&d, t), e = mh_doc_src_end(&d, t + 9);
        CHECK(e <= len && e - s == 13 && memcmp(in + s, "&copy; Agence", 13) == 0);
    }
    hit = memmem(d.text, d.text_len, "\xEF\xBF\xBD", 3);
    CHECK(hit != NULL);
    if (hit) {
        size_t t = (size_t)(hit - d.text);
        CHECK(mh_doc_src_start(&d, t) == 6 && mh_doc_src_end(&d, t + 3) == 7);
    }
    hit = memmem(d.text, d.text_len, "caf", 3);
    if (hit) {
        size_t t = (size_t)(hit - d.text);
        CHECK(mh_doc_src_start(&d, t) == 3 && mh_doc_src_end(&d, t + 3) == 6);
    }
    mh_doc_free(&d);
    mh_buf_free(&fixed);
    mh_offmap_free(&srcmap);
}

void test_html(void)
{
    char path[1024];
    if (!t_mkdtemp(dir, sizeof dir) ||
        t_write(dir, "html.rules", html_rules, sizeof html_rules - 1, path, sizeof path) != 0) {
        CHECK(!"cannot write the test rules");
        return;
    }
    CHECK(mh_ruleset_load(dir, NULL, NULL, &rs) == MH_OK);
    if (rs) {
        visible_text();
        evidence_spans();
        selected_items();
        limits_and_sniff();
        repaired_source();
    }
    mh_ruleset_free(rs);
    rs = NULL;
    t_rmtree(dir);
}
