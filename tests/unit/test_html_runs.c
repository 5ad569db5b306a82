/* test_html_runs.c — text runs read by masthead (src/html.c, take_text_run)
 * give exactly what libxml2 gives when it reads them a character at a time:
 * the same visible text, offset map, selected values and language, on pages
 * built to reach each place a run may be taken or must be left (entities,
 * empty and self-closed elements, implied elements, control characters,
 * text in head, input fed in several chunks), on the repository's HTML
 * cases, and on the dev corpus's real pages when ../shared is present. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "html_runs_oracle.h"
#include "rules.h"

static mh_ruleset *rs;

static bool agree(const char *html, size_t len)
{
    char why[512];
    if (html_runs_agree(html, len, rs, why, sizeof why))
        return true;
    fprintf(stderr, "  '%.80s': %s\n", html, why);
    return false;
}

static void edge_cases(void)
{
    static const char *const pages[] = {
        "<p>Hello &amp; goodbye</p>",
        "<p>a&amp;b&#8217;c&#x2019;d&nbsp;e&unknown;f&ab;g&#38;h&amp i&#169 j</p>",
        "<p>AP Photo<br>Evan Vucci<br/>and<img src=x>more<hr>end</p>",
        "<div/>after self-closed<span/>x</div>",
        "text before any tag<p>then</p>",
        "<html>text in html<body>b</body></html>",
        "<html><head>text in head<title>T</title></head><body>x</body></html>",
        "<head><meta charset=utf-8>stray</head><p>y</p>",
        "<p>one<p>two<ul><li>a<li>b</ul>three</p>",
        "<table>cell text<tr><td>c</td></tr>after</table>",
        "<p>a < b and c<d</p>",
        "<p>ctl\x01"
        "char</p><p>tab\tLF\nCR\r end</p>",
        "<p>non-char \xEF\xBF\xBE and \xEF\xBF\xBF here, \xEF\xBC\x81 fine</p>",
        "<P>Upper<B>case</B>tags</P >text<  /p>",
        "<p>end tag with space</p  >x</p\n>y",
        "<a title=\"x>y\">inside</a>after<a title=\"x<y\">in</a>post",
        "<p>a<!-- comment -->b<![CDATA[c]]>d<?pi x?>e</p>",
        "<div><p>unclosed<div>nested</div>tail",
        "<body>x</body>after body</html>after html",
        "<b><i>mis</b>nest</i>ed",
        "<script>var a = '<p>';</script>after script<style>p{}</style>after style",
        "<p>\xC2\xA9 2024 Example Media Ltd. All rights reserved.</p><footer>Copyright "
        "Reuters</footer>",
        "<title>Site &amp; Name</title><meta property=og:site_name content=Site>",
        "<p>   </p>  <p> \n </p>&amp;  <b> </b> x",
        "<select><option>o1<option>o2</select>after",
        "<noscript>ns text</noscript>visible",
        "<p>text at the very end",
        "<p>x</p>y",
        "<p>&",
        "<p>l&",
        "<p>l&<",
        "<p>l<",
        "<p>l</p>m&",
        "P<st></p</st>\n<!",
        "<p>x<b>y</p junk>z</b>w",
        "<html>x>p text in html that looks like a tag name",
        "<p>a&#0;b&#xD800;c</p>",
        "<!DOCTYPE<html><<p>a<\xEF\xBF\xBD",
        "<!DOCTYPE<body><<div>a<<p>b< c",
        "",
        "<",
        "<p>\xF0\x9F\x98\x80 emoji \xE2\x80\x94 dash</p>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        CHECK(agree(pages[i], strlen(pages[i])));
    /* NUL bytes inside a run (the parser stops at them) */
    static const char nul[] = "<p>before\0after</p><p>x</p>";
    CHECK(agree(nul, sizeof nul - 1));
}

/* A page over 1 MB: fed to libxml2 in chunks, runs crossing the cut. */
static void chunked(void)
{
    size_t n = (3u << 20) / 2;
    char *big = malloc(n + 1);
    if (!big) {
        CHECK(!"memory");
        return;
    }
    size_t at = 0;
    static const char piece[] = "<p>Paragraph &amp; text with <b>bold</b> words, "
                                "and a long run of plain text after it.</p>\n";
    while (at + sizeof piece < n) {
        memcpy(big + at, piece, sizeof piece - 1);
        at += sizeof piece - 1;
    }
    memset(big + at, 'x', n - at);
    big[n] = '\0';
    CHECK(agree(big, n));
    free(big);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1u << 16;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Every *.html file of a directory; returns how many were compared. */
static size_t pages_in(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 5, ".html") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *html = slurp(path, &len);
        if (!html) {
            CHECK(!"readable page");
            continue;
        }
        char why[512];
        bool ok = html_runs_agree(html, len, rs, why, sizeof why);
        if (!ok)
            fprintf(stderr, "  %s: %s\n", path, why);
        CHECK(ok);
        free(html);
        count++;
    }
    closedir(dp);
    return count;
}

void test_html_runs(void)
{
    CHECK(mh_ruleset_load("rules", NULL, NULL, &rs) == MH_OK);
    if (!rs)
        return;
    edge_cases();
    chunked();
    CHECK(pages_in("tests/cases") > 0);
    const char *shared = getenv("SHARED");
    char dev[1024];
    snprintf(dev, sizeof dev, "%s/corpus/dev/pages", shared && *shared ? shared : "../shared");
    if (pages_in(dev) == 0)
        fprintf(stderr, "  skip: no pages in %s (../shared absent)\n", dev);
    mh_ruleset_free(rs);
    rs = NULL;
}
