/* test_headline.c — mh_url_spells_headline: which line, if any, holds the
 * words of a URL's slug. */
#include <string.h>

#include "harness.h"
#include "headline.h"

/* The line found for the first URL of text (given whole), or "" for none. */
static const char *line_for(const char *text, const char *url, char *out, size_t size)
{
    const char *at = strstr(text, url);
    size_t start = 0, len = 0;
    out[0] = '\0';
    if (!at)
        return out;
    size_t a = (size_t)(at - text), n = strlen(url);
    if (mh_url_spells_headline(text, strlen(text), a, a + n, url, n, &start, &len) && len < size) {
        memcpy(out, text + start, len);
        out[len] = '\0';
    }
    return out;
}

void test_headline(void)
{
    char got[256];
    /* the address above its headline, numbers and extension left out */
    const char *u1 = "https://www.example-news.com/news/article/Council-approves-bridge-budget-"
                     "after-long-debate-19001234.php";
    char text1[512];
    snprintf(text1, sizeof text1,
             "Sections\n %s\nCouncil approves bridge budget after long debate\n\n"
             "By A. Writer\n",
             u1);
    CHECK(strcmp(line_for(text1, u1, got, sizeof got),
                 "Council approves bridge budget after long debate") == 0);
    /* a blank line between them, and case and punctuation aside */
    const char *u2 = "https://example.org/2019/11/hibernating-astronauts-smaller-spacecraft";
    CHECK(
        strcmp(line_for("https://example.org/2019/11/hibernating-astronauts-smaller-spacecraft\n\n"
                        "  HIBERNATING astronauts would need smaller spacecraft!\n",
                        u2, got, sizeof got),
               "  HIBERNATING astronauts would need smaller spacecraft!") == 0);
    /* the URL's own line: a citation quotes the title and the address */
    const char *u3 =
        "https://example.org/news/2019-11-hibernating-astronauts-smaller-spacecraft.html";
    char text3[512];
    snprintf(text3, sizeof text3,
             "Citation: Hibernating astronauts would need smaller spacecraft (2019) from %s\n", u3);
    CHECK(strncmp(line_for(text3, u3, got, sizeof got), "Citation:", 9) == 0);
    /* the slug's words inside the URL itself do not count */
    char text4[512];
    snprintf(text4, sizeof text4, "Read: %s\nSomething else entirely here\n", u3);
    CHECK(strcmp(line_for(text4, u3, got, sizeof got), "") == 0);
    /* a title above the address is not read: "Source: <title>" then a link */
    const char *u5 = "https://example.net/world/2024/03/ministers-meet-over-grain-deal/";
    CHECK(strcmp(line_for("Ministers meet over grain deal\nhttps://example.net/world/2024/03/"
                          "ministers-meet-over-grain-deal/\n\nShare this\n",
                          u5, got, sizeof got),
                 "") == 0);
    /* a slug of fewer than three words, or of escaped non-ASCII words */
    const char *u6 = "https://example.com/news/world-europe/123456";
    CHECK(strcmp(line_for("https://example.com/news/world-europe/123456\nWorld Europe news\n", u6,
                          got, sizeof got),
                 "") == 0);
    const char *u7 = "https://example.ru/%D0%BC%D0%B8%D1%80-%D0%B2%D0%BE%D0%B9%D0%BD%D0%B0-x";
    CHECK(strcmp(line_for("https://example.ru/%D0%BC%D0%B8%D1%80-%D0%B2%D0%BE%D0%B9%D0%BD%D0%B0-x\n"
                          "d0 bc d0 b8 d1 80\n",
                          u7, got, sizeof got),
                 "") == 0);
    /* fewer than three quarters of the words, or too far below */
    const char *u10 = "https://example.com/a/2024/alpha-bravo-charlie-delta";
    CHECK(strcmp(line_for("https://example.com/a/2024/alpha-bravo-charlie-delta\nAlpha, bravo and "
                          "charlie\n",
                          u10, got, sizeof got),
                 "Alpha, bravo and charlie") == 0);
    CHECK(strcmp(line_for("https://example.com/a/2024/alpha-bravo-charlie-delta\nAlpha and bravo\n",
                          u10, got, sizeof got),
                 "") == 0);
    char text8[512];
    snprintf(text8, sizeof text8, "%s\nCouncil meets\n", u1);
    CHECK(strcmp(line_for(text8, u1, got, sizeof got), "") == 0);
    char text9[600];
    snprintf(text9, sizeof text9,
             "%s\none\ntwo\nthree\nCouncil approves bridge budget after long "
             "debate\n",
             u1);
    CHECK(strcmp(line_for(text9, u1, got, sizeof got), "") == 0);
    /* a slug's words count once: "prices-prices-report" has two */
    const char *u11 = "https://example.site/politics/2021/07/prices-prices-report-540055";
    CHECK(strcmp(line_for("https://example.site/politics/2021/07/prices-prices-report-540055\n"
                          "Prices report\n",
                          u11, got, sizeof got),
                 "") == 0);
    /* a paragraph that happens to hold the words is not a headline */
    char text12[800];
    snprintf(text12, sizeof text12,
             "%s\nCouncil approves bridge budget after long debate, and the "
             "mayor said the vote settled a question the city had argued over for a decade, "
             "though opponents promised to keep asking for a second review.\n",
             u1);
    CHECK(strcmp(line_for(text12, u1, got, sizeof got), "") == 0);
    /* a URL at the very end of the text, no newline after it */
    CHECK(strcmp(line_for(u1, u1, got, sizeof got), "") == 0);
}
