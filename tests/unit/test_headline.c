/* test_headline.c — mh_url_spells_headline: which line, if any, holds the
 * words of a URL's slug. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "headline.h"

/* The line found for url in the text made of form (its "%s" the URL), or ""
 * for none, must be want. */
static void expect(const char *form, const char *url, const char *want)
{
    char text[1024], got[256] = "";
    snprintf(text, sizeof text, form, url);
    const char *at = strstr(text, url);
    size_t start = 0, len = 0;
    if (at) {
        size_t a = (size_t)(at - text), n = strlen(url);
        if (mh_url_spells_headline(text, strlen(text), a, a + n, url, n, &start, &len) &&
            len < sizeof got) {
            memcpy(got, text + start, len);
            got[len] = '\0';
        }
    }
    CHECK(at && strcmp(got, want) == 0);
    if (!at || strcmp(got, want) != 0)
        fprintf(stderr, "  %s: want \"%s\", got \"%s\"\n", url, want, got);
}

void test_headline(void)
{
    const char *council = "https://www.example-news.com/news/article/Council-approves-bridge-"
                          "budget-after-long-debate-19001234.php";
    const char *headline = "Council approves bridge budget after long debate";
    /* the address above its headline, numbers and extension left out */
    expect("Sections\n %s\nCouncil approves bridge budget after long debate\n\nBy A. Writer\n",
           council, headline);
    /* a blank line between them, and case and punctuation aside */
    expect("%s\n\n  HIBERNATING astronauts would need smaller spacecraft!\n",
           "https://example.org/2019/11/hibernating-astronauts-smaller-spacecraft",
           "  HIBERNATING astronauts would need smaller spacecraft!");
    /* the URL's own line: a citation quotes the title and the address */
    const char *hib = "https://example.org/news/2019-11-hibernating-astronauts-smaller-"
                      "spacecraft.html";
    expect("Citation: Hibernating astronauts would need smaller spacecraft from %s\n", hib,
           "Citation: Hibernating astronauts would need smaller spacecraft from "
           "https://example.org/news/2019-11-hibernating-astronauts-smaller-spacecraft.html");
    /* the slug's words inside the URL itself do not count */
    expect("Read: %s\nSomething else entirely here\n", hib, "");
    /* a title above the address is not read: "Source: <title>" then a link */
    expect("Ministers meet over grain deal\n%s\n\nShare this\n",
           "https://example.net/world/2024/03/ministers-meet-over-grain-deal/", "");
    /* a slug of fewer than three words, or of escaped non-ASCII words */
    expect("%s\nWorld Europe news\n", "https://example.com/news/world-europe/123456", "");
    expect("%s\nd0 bc d0 b8 d1 80\n",
           "https://example.ru/%D0%BC%D0%B8%D1%80-%D0%B2%D0%BE%D0%B9%D0%BD%D0%B0-x", "");
    /* three quarters of the words are enough, half are not */
    const char *abcd = "https://example.com/a/2024/alpha-bravo-charlie-delta";
    expect("%s\nAlpha, bravo and charlie\n", abcd, "Alpha, bravo and charlie");
    expect("%s\nAlpha and bravo\n", abcd, "");
    expect("%s\nCouncil meets\n", council, "");
    /* too far below: the third line that is not blank */
    expect("%s\none\ntwo\nCouncil approves bridge budget after long debate\n", council, "");
    /* a slug's words count once: "prices-prices-report" has two */
    expect("%s\nPrices report\n",
           "https://example.site/politics/2021/07/prices-prices-report-540055", "");
    /* a paragraph that happens to hold the words is not a headline */
    expect("%s\nCouncil approves bridge budget after long debate, and the mayor said the vote "
           "settled a question the city had argued over for a decade, though opponents promised "
           "to keep asking for a second review.\n",
           council, "");
    /* a URL at the very end of the text, no newline after it */
    expect("%s", council, "");
}
