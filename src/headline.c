/* headline.c — a URL's slug against the lines beside it (headline.h).
 *
 * Only the URL's own line and the lines after it are read: an address
 * printed under a title it names ("Source: <title>" then the link, at the
 * end of a republished story) points at where the copy came from, and is
 * left a mention. */
#include "headline.h"

#include <string.h>
#include <strings.h>

#define SLUG_MAX_WORDS 24
#define WORD_MAX       32
#define LINE_MAX_BYTES 160 /* a longer line is a paragraph, not a headline (the URL aside) */
#define LINES_AFTER    2   /* lines that are not blank, after the URL's own */
#define LINES_SCANNED  4   /* blank ones included */

typedef struct word {
    const char *s;
    size_t n;
} word;

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int seen(const word *w, size_t k, const char *s, size_t n)
{
    for (size_t i = 0; i < k; i++)
        if (w[i].n == n && strncasecmp(w[i].s, s, n) == 0)
            return 1;
    return 0;
}

/* The distinct words of seg[0, n): ASCII letters and digits, two or more
 * of them, not all digits (an article number says nothing of the
 * headline). */
static size_t words_of(const char *seg, size_t n, word *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max;) {
        if (!is_alnum((unsigned char)seg[i])) {
            i++;
            continue;
        }
        size_t b = i, letters = 0;
        for (; i < n && is_alnum((unsigned char)seg[i]); i++)
            letters += seg[i] > '9';
        if (i - b >= 2 && i - b <= WORD_MAX && letters > 0 && !seen(out, k, seg + b, i - b))
            out[k++] = (word){seg + b, i - b};
    }
    return k;
}

/* The slug: of the path's segments, the one with the most words, its
 * extension (".php", ".html") left out. A segment with a percent escape
 * spells non-ASCII words this does not compare. */
static size_t slug_words(const char *u, size_t n, word *out)
{
    const char *scheme = memmem(u, n, "://", 3);
    size_t i = scheme ? (size_t)(scheme - u) + 3 : 0;
    while (i < n && u[i] != '/')
        i++;
    size_t best = 0;
    word tmp[SLUG_MAX_WORDS];
    while (i < n && u[i] != '?' && u[i] != '#') {
        size_t b = ++i;
        while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#')
            i++;
        size_t e = i;
        if (memchr(u + b, '%', e - b))
            continue;
        const char *dot = NULL;
        for (size_t k = b; k < e; k++)
            if (u[k] == '.')
                dot = u + k;
        if (dot && (size_t)(u + e - dot) <= 6)
            e = (size_t)(dot - u);
        size_t k = words_of(u + b, e - b, tmp, SLUG_MAX_WORDS);
        if (k > best) {
            best = k;
            memcpy(out, tmp, k * sizeof *tmp);
        }
    }
    return best;
}

/* Does line[0, n) hold the word w as a whole word, outside [skip, skip_end)? */
static int holds(const char *line, size_t n, size_t skip, size_t skip_end, const word *w)
{
    for (size_t i = 0; i + w->n <= n; i++) {
        if (i >= skip && i < skip_end) {
            i = skip_end - 1;
            continue;
        }
        if ((i == 0 || !is_alnum((unsigned char)line[i - 1])) &&
            (i + w->n == n || !is_alnum((unsigned char)line[i + w->n])) &&
            strncasecmp(line + i, w->s, w->n) == 0)
            return 1;
    }
    return 0;
}

static int covers(const char *line, size_t n, size_t skip, size_t skip_end, const word *w,
                  size_t nw)
{
    if (n - (skip_end - skip) > LINE_MAX_BYTES)
        return 0;
    size_t found = 0;
    for (size_t i = 0; i < nw; i++)
        found += holds(line, n, skip, skip_end, &w[i]);
    return found * 4 >= nw * 3;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

int mh_url_spells_headline(const char *text, size_t len, size_t at, size_t at_end, const char *u,
                           size_t n, size_t *line_start, size_t *line_len)
{
    word w[SLUG_MAX_WORDS];
    size_t nw = slug_words(u, n, w);
    if (nw < MH_HEADLINE_MIN_WORDS || at > at_end || at_end > len)
        return 0;
    size_t b = at;
    while (b > 0 && text[b - 1] != '\n')
        b--;
    const char *nl = memchr(text + at_end, '\n', len - at_end);
    size_t e = nl ? (size_t)(nl - text) : len;
    if (covers(text + b, e - b, at - b, at_end - b, w, nw)) {
        *line_start = b;
        *line_len = e - b;
        return 1;
    }
    for (int scanned = 0, after = 0; e < len && scanned < LINES_SCANNED && after < LINES_AFTER;
         scanned++) {
        b = e + 1;
        nl = memchr(text + b, '\n', len - b);
        e = nl ? (size_t)(nl - text) : len;
        if (blank(text + b, e - b))
            continue;
        after++;
        if (covers(text + b, e - b, 0, 0, w, nw)) {
            *line_start = b;
            *line_len = e - b;
            return 1;
        }
    }
    return 0;
}
