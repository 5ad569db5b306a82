/* test_domain.c — URL parsing edge cases, percent-decoding, registrable
 * domains by the Public Suffix List (its private section included). */
#include <string.h>

#include "domain.h"
#include "harness.h"
#include "pending.h"

/* Parse s; on success compare host and path. */
static int parses(const char *s, const char *host, const char *path)
{
    mh_url u;
    if (!mh_url_parse(s, strlen(s), &u))
        return 0;
    if (strcmp(u.host, host) != 0 || strcmp(u.path, path) != 0) {
        fprintf(stderr, "  '%s' parsed as host '%s' path '%s'\n", s, u.host, u.path);
        return 0;
    }
    return 1;
}

static int rejects(const char *s)
{
    mh_url u;
    return mh_url_parse(s, strlen(s), &u) == 0;
}

void test_url_parse(void)
{
    CHECK(parses("https://www.rt.com/news/553547-pentagon-ukraine/", "www.rt.com",
                 "/news/553547-pentagon-ukraine/"));
    CHECK(
        parses("HTTP://WWW.BBC.CO.UK/News", "www.bbc.co.uk", "/News")); /* host folded, path kept */
    CHECK(parses("//apnews.com/article/x", "apnews.com", "/article/x"));
    CHECK(parses("www.rt.com/russia", "www.rt.com", "/russia"));
    CHECK(parses("tass.com", "tass.com", ""));
    CHECK(parses("https://user:secret@reuters.com:443/world?id=1#top", "reuters.com", "/world"));
    CHECK(parses("https://tass.ru.", "tass.ru", "")); /* trailing dot */
    CHECK(parses("https://tass.ru.../a", "tass.ru", "/a"));
    CHECK(parses("  \"https://dw.com/en\" ", "dw.com", "/en")); /* quoted, padded */
    CHECK(parses("<https://dw.com/en>", "dw.com", "/en"));
    CHECK(parses("https://dw.com?x=1", "dw.com", ""));
    CHECK(parses("https://dw.com#a/b", "dw.com", ""));
    CHECK(parses("https://dw.com/a b", "dw.com", "/a")); /* a space ends the URL */
    CHECK(parses("https://xn--80aswg.xn--p1ai/", "xn--80aswg.xn--p1ai", "/"));
    CHECK(parses("https://\xD1\x81\xD0\xB0\xD0\xB9\xD1\x82.\xD1\x80\xD1\x84/x",
                 "\xD1\x81\xD0\xB0\xD0\xB9\xD1\x82.\xD1\x80\xD1\x84", "/x")); /* сайт.рф */
    CHECK(
        parses("https://EXAMPLE.com\\evil.org/", "example.com", "")); /* backslash ends the host */
    /* only the first len bytes count */
    mh_url u;
    CHECK(mh_url_parse("https://rt.com/news", 14, &u) == 1 && strcmp(u.path, "") == 0);
    CHECK(mh_url_parse("https://rt.co", 13, &u) == 1 && strcmp(u.host, "rt.co") == 0);
    /* not web pages, or no plausible host */
    CHECK(rejects("ftp://files.rt.com/a"));
    CHECK(rejects("javascript:alert(1)"));
    CHECK(rejects("http://192.168.0.1/admin"));
    CHECK(rejects("http://localhost:8080/"));
    CHECK(rejects("https://a..b.com/"));
    CHECK(rejects("https://-rt.com/"));
    CHECK(rejects("https://rt_news.com/"));
    CHECK(rejects("version 1.2"));
    CHECK(rejects(""));
    CHECK(rejects("https://"));
    CHECK(rejects("https:///path"));
    CHECK(rejects("https://:443/"));
    CHECK(rejects("mailto:press@rt.com"));
    /* a host of MH_HOST_MAX bytes or more is refused, a long path is cut */
    char big[2 * MH_PATH_MAX + 64];
    memset(big, 'a', sizeof big);
    memcpy(big, "https://", 8);
    memcpy(big + 8 + MH_HOST_MAX, ".com", 4);
    CHECK(mh_url_parse(big, 8 + MH_HOST_MAX + 4, &u) == 0);
    snprintf(big, sizeof big, "https://rt.com/");
    memset(big + 15, 'p', sizeof big - 16);
    big[sizeof big - 1] = '\0';
    CHECK(mh_url_parse(big, strlen(big), &u) == 1);
    CHECK(strlen(u.path) == MH_PATH_MAX - 1 && u.path[0] == '/');
}

void test_host_plausible(void)
{
    CHECK(mh_host_plausible("rt.com"));
    CHECK(mh_host_plausible("news.bbc.co.uk"));
    CHECK(mh_host_plausible("3dnews.ru"));
    CHECK(mh_host_plausible("\xD1\x81\xD0\xB0\xD0\xB9\xD1\x82.\xD1\x80\xD1\x84"));
    CHECK(!mh_host_plausible("localhost"));
    CHECK(!mh_host_plausible("10.0.0.1"));
    CHECK(!mh_host_plausible("v1.2"));
    CHECK(!mh_host_plausible(".rt.com"));
    CHECK(!mh_host_plausible("rt.com."));
    CHECK(!mh_host_plausible("rt..com"));
    CHECK(!mh_host_plausible("-rt.com"));
    CHECK(!mh_host_plausible("RT.COM")); /* callers lowercase first */
    CHECK(!mh_host_plausible("rt com.org"));
    CHECK(!mh_host_plausible(""));
}

static int decodes(const char *in, const char *want, size_t want_len)
{
    char out[128];
    size_t n = mh_percent_decode(in, strlen(in), out, sizeof out);
    return n == want_len && memcmp(out, want, want_len) == 0 && out[n] == '\0';
}

void test_percent_decode(void)
{
    CHECK(decodes("https%3A%2F%2Fwww.rt.com%2Fnews%2F", "https://www.rt.com/news/", 24));
    CHECK(decodes("a%20b+c", "a b+c", 5)); /* '+' is not a space here */
    CHECK(decodes("%e2%80%94%E2%80%94", "\xE2\x80\x94\xE2\x80\x94", 6));
    CHECK(decodes("100%", "100%", 4)); /* invalid escapes stay */
    CHECK(decodes("%zz%4", "%zz%4", 5));
    CHECK(decodes("%4g%", "%4g%", 4));
    CHECK(decodes("%2541", "%41", 3)); /* one level only */
    CHECK(decodes("", "", 0));
    CHECK(decodes("%00x", "\0x", 2)); /* NUL decoded, length tells */
    /* output space: always NUL-terminated, never overrun */
    char out[4] = {'X', 'X', 'X', 'X'};
    CHECK(mh_percent_decode("%41%42%43%44", 12, out, 4) == 3 && strcmp(out, "ABC") == 0);
    CHECK(mh_percent_decode("abc", 3, out, 1) == 0 && out[0] == '\0');
    out[0] = 'X';
    CHECK(mh_percent_decode("abc", 3, out, 0) == 0 && out[0] == 'X');
    /* only len bytes are read */
    CHECK(mh_percent_decode("%41%42", 4, out, sizeof out) == 2 && strcmp(out, "A%") == 0);
}

static int rd_is(const char *host, const char *want)
{
    char out[MH_HOST_MAX];
    int ok = mh_registrable_domain(mh_psl(), host, out, sizeof out);
    if (!want)
        return ok == 0;
    if (!ok || strcmp(out, want) != 0) {
        fprintf(stderr, "  registrable domain of '%s': %s\n", host, ok ? out : "(none)");
        return 0;
    }
    return 1;
}

void test_registrable_domain(void)
{
    CHECK(mh_psl() != NULL && mh_psl() == mh_psl());
    CHECK(rd_is("www.rt.com", "rt.com"));
    CHECK(rd_is("rt.com", "rt.com"));
    CHECK(rd_is("bbc.co.uk", "bbc.co.uk"));
    CHECK(rd_is("www.bbc.co.uk", "bbc.co.uk"));
    CHECK(rd_is("a.b.c.news.bbc.co.uk", "bbc.co.uk"));
    CHECK(rd_is("www.abc.net.au", "abc.net.au"));
    CHECK(rd_is("english.news.cn", "news.cn"));
    /* the private section: each user's site is its own registrable domain */
    CHECK(rd_is("someone.blogspot.com", "someone.blogspot.com"));
    CHECK(rd_is("www.someone.blogspot.com", "someone.blogspot.com"));
    CHECK(rd_is("x.github.io", "x.github.io"));
    CHECK(rd_is("docs.x.github.io", "x.github.io"));
    CHECK(rd_is("\xD1\x81\xD0\xB0\xD0\xB9\xD1\x82.\xD1\x80\xD1\x84",
                "\xD1\x81\xD0\xB0\xD0\xB9\xD1\x82.\xD1\x80\xD1\x84"));
    /* public suffixes themselves have none */
    CHECK(rd_is("co.uk", NULL));
    CHECK(rd_is("blogspot.com", NULL));
    CHECK(rd_is("github.io", NULL));
    CHECK(rd_is("com", NULL));
    CHECK(rd_is("", NULL));
    /* an output buffer too small is a clean failure */
    char small[6];
    CHECK(mh_registrable_domain(mh_psl(), "www.bbc.co.uk", small, sizeof small) == 0);
    char exact[10];
    CHECK(mh_registrable_domain(mh_psl(), "www.bbc.co.uk", exact, sizeof exact) == 1 &&
          strcmp(exact, "bbc.co.uk") == 0);
}
