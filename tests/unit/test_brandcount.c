/* test_brandcount.c — one pass over a text counts each brand as a scan of
 * the text for that brand alone does (the reference below: every
 * occurrence, kept when whole-word and not followed by the skip word), on
 * random texts and brands from a small vocabulary: words, non-ASCII ones,
 * punctuation, brands that start or end with a non-word byte, brands
 * sharing their first bytes, too short, longer than the text. */
#include <stdlib.h>
#include <string.h>

#include "brandcount.h"
#include "harness.h"

static int word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Does low[k] start the whole word w, alone or possessive? */
static int followed_by(const char *low, size_t len, size_t k, const char *w)
{
    size_t wl = strlen(w);
    if (k + wl > len || memcmp(low + k, w, wl) != 0)
        return 0;
    size_t e = k + wl;
    if (e + 1 < len && low[e] == '\'' && low[e + 1] == 's')
        e += 2;
    else if (e + 3 < len && memcmp(low + e, "\xE2\x80\x99s", 4) == 0)
        e += 4;
    return e == len || !word((unsigned char)low[e]);
}

static size_t reference(const char *low, size_t len, const char *b, size_t bl, const char *skip,
                        size_t sl, const char *const *stops)
{
    size_t count = 0;
    if (bl < 3 || bl > len)
        return 0;
    for (const char *p = low; (p = memmem(p, (size_t)(low + len - p), b, bl)) != NULL; p++) {
        size_t i = (size_t)(p - low);
        if ((i && word((unsigned char)low[i - 1])) ||
            (i + bl < len && word((unsigned char)low[i + bl])))
            continue;
        if (sl) {
            size_t k = i + bl;
            while (k < len && (low[k] == ' ' || low[k] == ',' || low[k] == '-'))
                k++;
            if (k + sl <= len && memcmp(low + k, skip, sl) == 0 &&
                (k + sl == len || !word((unsigned char)low[k + sl])))
                continue;
        }
        int stopped = 0;
        for (const char *const *w = stops; w && *w && !stopped; w++) {
            size_t k = i + bl;
            while (k < len && low[k] == ' ')
                k++;
            stopped = k > i + bl && followed_by(low, len, k, *w);
        }
        if (stopped)
            continue;
        count++;
    }
    return count;
}

static const char *const vocab[] = {
    "vox",  "media", "vox media", "the",           "times",       "the times", "rt",   "rt.com",
    "news", "(ap)",  "ap",        "ria",           "ria novosti", "новости",   "риа",  "2024",
    "a1",   "x",     "",          "sport-express", "daily",       "dailymail", "mail", "«tass»",
    "tass", "group", "media's",   "news’s",        "media'",
};
static const char *const stops[] = {"media", "group", "news", NULL};
static const char *const seps[] = {" ", "  ", ", ", "-", ".", "\n", "", " (", ") ", "/"};
#define NV (sizeof vocab / sizeof *vocab)
#define NS (sizeof seps / sizeof *seps)

void test_brandcount(void)
{
    static char text[8192];
    unsigned seed = 99;
    size_t counted = 0;
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        int words = rand_r(&seed) % 300;
        for (int w = 0; w < words; w++) {
            const char *a = vocab[(size_t)rand_r(&seed) % NV],
                       *s = seps[(size_t)rand_r(&seed) % NS];
            size_t al = strlen(a), sl = strlen(s);
            if (len + al + sl >= sizeof text)
                break;
            memcpy(text + len, a, al);
            memcpy(text + len + al, s, sl);
            len += al + sl;
        }
        mh_brand b[12];
        for (size_t k = 0; k < 12; k++) {
            b[k].name = vocab[(size_t)rand_r(&seed) % NV];
            b[k].len = strlen(b[k].name);
            b[k].skip = rand_r(&seed) % 3 ? "" : vocab[(size_t)rand_r(&seed) % NV];
            b[k].skip_len = strlen(b[k].skip);
            b[k].stops = rand_r(&seed) % 2 ? NULL : stops;
        }
        mh_count_brands(text, len, b, 12);
        for (size_t k = 0; k < 12; k++) {
            size_t want =
                reference(text, len, b[k].name, b[k].len, b[k].skip, b[k].skip_len, b[k].stops);
            CHECK(b[k].count == want);
            counted += want;
        }
    }
    CHECK(counted > 10000); /* brands did occur */
    /* nothing to count in an empty or short text */
    mh_brand one = {"vox", 3, "", 0, NULL, 7, 0};
    mh_count_brands("", 0, &one, 1);
    CHECK(one.count == 0);
    mh_count_brands("vo", 2, &one, 1);
    CHECK(one.count == 0);
    mh_count_brands("vox", 3, &one, 1);
    CHECK(one.count == 1);
    /* a brand followed by a stop word, possessive or not, names the group */
    static const char *const network[] = {"network", NULL};
    const char *page = "welcome to usa today network\xE2\x80\x99s site. usa today's sports. "
                       "usa today network. usa today networks";
    mh_brand paper = {"usa today", 9, "", 0, network, 0, 0};
    mh_count_brands(page, strlen(page), &paper, 1);
    CHECK(paper.count == 2);
}
