/* normalize.c — fold names (aliases, copyright holders, site names) for lookup. */
#include "normalize.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"

#define MAX_FORM_TOKENS 8

typedef struct form {
    char *text; /* folded, space-separated tokens */
    int prefix;
    int suffix;
    /* of the text, counted once (each name folded compared it with every
       form, counting again each time) */
    size_t len, ntokens;
    int glued; /* one non-ASCII token: cut from a word's ends (株式会社) */
} form;

struct mh_folder {
    form *forms;
    size_t count;
    size_t alloc;
    char **generic;
    size_t ngeneric;
};

mh_status mh_folder_create(mh_folder **out)
{
    *out = mh_calloc(1, sizeof **out);
    return *out ? MH_OK : MH_ERR_NOMEM;
}

void mh_folder_free(mh_folder *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->count; i++)
        mh_free(f->forms[i].text);
    mh_free(f->forms);
    for (size_t i = 0; i < f->ngeneric; i++)
        mh_free(f->generic[i]);
    mh_free(f->generic);
    mh_free(f);
}

/* Letters whose accents are dropped: Latin, Greek, Cyrillic (below U+0530),
 * and Latin Extended Additional. Other scripts keep their marks, which carry
 * meaning there (Devanagari vowel signs, Japanese voicing marks). */
static int drops_marks(utf8proc_int32_t base)
{
    return base < 0x0530 || (base >= 0x1E00 && base <= 0x1EFF);
}

static int is_apostrophe(utf8proc_int32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x00B4 || c == '`';
}

/* Map one decomposed code point: 0 drops it, ' ' separates words. */
static utf8proc_int32_t map_cp(utf8proc_int32_t c, utf8proc_int32_t base)
{
    if (is_apostrophe(c))
        return 0;
    utf8proc_category_t cat = utf8proc_category(c);
    switch (cat) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME: return drops_marks(base) ? 0 : c;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_MC: return c;
    default: return ' ';
    }
}

/* fold_unicode for ASCII text: what NFKC, case folding and the mapping
 * give it (letters lowered, digits kept, apostrophes dropped, everything
 * else a space, spaces collapsed), without decoding into code points: most
 * names a text holds are ASCII, and utf8proc took 6,000 instructions a
 * name. test_normalize2 checks the two agree. */
static mh_status fold_ascii(const char *s, size_t len, char **out)
{
    char *res = mh_malloc(len + 1);
    if (!res)
        return MH_ERR_NOMEM;
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'' || c == '`')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
            c = ' ';
        if (c == ' ' && (w == 0 || res[w - 1] == ' '))
            continue;
        res[w++] = (char)c;
    }
    while (w > 0 && res[w - 1] == ' ')
        w--;
    res[w] = '\0';
    *out = res;
    return MH_OK;
}

static int is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Unicode stage: NFKC + casefold + mark and punctuation mapping, spaces
 * collapsed. Writes UTF-8 into *out. */
static mh_status fold_unicode(const char *s, size_t len, char **out)
{
    const utf8proc_option_t opts =
        UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    if (len > (size_t)(SIZE_MAX / 64))
        return MH_ERR_INPUT;
    utf8proc_ssize_t n =
        utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, NULL, 0, opts);
    if (n < 0)
        return MH_ERR_INPUT;
    /* reencode writes up to 4 bytes per code point into the same buffer */
    utf8proc_int32_t *cp = mh_malloc(((size_t)n + 1) * sizeof *cp);
    if (!cp)
        return MH_ERR_NOMEM;
    utf8proc_ssize_t got =
        utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cp, n, opts);
    if (got != n) {
        mh_free(cp);
        return MH_ERR_INPUT;
    }
    utf8proc_ssize_t w = 0;
    utf8proc_int32_t base = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_int32_t c = cp[i];
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_ME)
            base = c;
        utf8proc_int32_t m = map_cp(c, base);
        if (m == 0)
            continue;
        if (m == ' ' && (w == 0 || cp[w - 1] == ' '))
            continue;
        cp[w++] = m;
    }
    while (w > 0 && cp[w - 1] == ' ')
        w--;
    utf8proc_ssize_t bytes = utf8proc_reencode(cp, w, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (bytes < 0) {
        mh_free(cp);
        return MH_ERR_INPUT;
    }
    char *res = mh_strndup((const char *)cp, (size_t)bytes);
    mh_free(cp);
    if (!res)
        return MH_ERR_NOMEM;
    *out = res;
    return MH_OK;
}

typedef struct tokens {
    const char *start[64];
    size_t len[64];
    size_t n;
} tokens;

/* Split a space-separated folded string; tokens beyond 64 join the last. */
static void split(const char *s, tokens *t)
{
    t->n = 0;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (t->n == 64) {
            t->len[63] = (size_t)(p + l - t->start[63]);
        } else {
            t->start[t->n] = p;
            t->len[t->n] = l;
            t->n++;
        }
        p += l;
        while (*p == ' ')
            p++;
    }
}

/* True when tokens [from, from+count) spell `text` (space-separated). */
static int tokens_equal(const tokens *t, size_t from, size_t count, const char *text)
{
    const char *p = text;
    if (count && t->len[from] && *t->start[from] != *p)
        return 0; /* most forms differ from the first byte: no call */
    for (size_t i = 0; i < count; i++) {
        size_t l = t->len[from + i];
        if (strncmp(p, t->start[from + i], l) != 0)
            return 0;
        p += l;
        if (i + 1 < count) {
            if (*p != ' ')
                return 0;
            p++;
        }
    }
    return *p == '\0';
}

static size_t count_tokens(const char *text)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ' ';
    return n;
}

/* Strip legal forms and a leading "the"; then rebuild the string. */
static mh_status strip_forms(const mh_folder *f, const char *s, char **out)
{
    tokens t;
    split(s, &t);
    size_t lo = 0, hi = t.n;
    int changed = 1;
    while (changed && hi - lo > 1) {
        changed = 0;
        if (t.len[lo] == 3 && strncmp(t.start[lo], "the", 3) == 0) {
            lo++;
            changed = 1;
            continue;
        }
        for (size_t i = 0; f && i < f->count && !changed; i++) {
            size_t k = f->forms[i].ntokens;
            if (k >= hi - lo)
                continue;
            if (f->forms[i].suffix && tokens_equal(&t, hi - k, k, f->forms[i].text)) {
                hi -= k;
                changed = 1;
            } else if (f->forms[i].prefix && tokens_equal(&t, lo, k, f->forms[i].text)) {
                lo += k;
                changed = 1;
            }
        }
    }
    /* forms written without spaces (株式会社, 有限公司) are cut from the
     * ends of a word; a name is never cut to nothing */
    for (int cut = 1; cut && f && hi > lo;) {
        /* the longest form that fits first: 股份有限公司 before 有限公司 */
        cut = 0;
        size_t best = (size_t)-1, best_len = 0;
        int best_prefix = 0;
        for (size_t i = 0; i < f->count; i++) {
            const char *fm = f->forms[i].text;
            size_t fl = f->forms[i].len;
            if (!f->forms[i].glued || fl <= best_len)
                continue;
            if (f->forms[i].prefix && t.len[lo] > fl && memcmp(t.start[lo], fm, fl) == 0) {
                best = i, best_len = fl, best_prefix = 1;
            } else if (f->forms[i].suffix && t.len[hi - 1] > fl &&
                       memcmp(t.start[hi - 1] + t.len[hi - 1] - fl, fm, fl) == 0) {
                best = i, best_len = fl, best_prefix = 0;
            }
        }
        if (best != (size_t)-1) {
            if (best_prefix) {
                t.start[lo] += best_len;
                t.len[lo] -= best_len;
            } else {
                t.len[hi - 1] -= best_len;
            }
            cut = 1;
        }
    }
    /* join runs of single-letter tokens: "u s" -> "us" */
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_status st = MH_OK;
    for (size_t i = lo; i < hi && st == MH_OK; i++) {
        int single = t.len[i] == 1;
        int prev_single = i > lo && t.len[i - 1] == 1;
        if (i > lo && !(single && prev_single))
            st = mh_buf_addc(&b, ' ');
        if (st == MH_OK)
            st = mh_buf_add(&b, t.start[i], t.len[i]);
    }
    if (st != MH_OK) {
        mh_buf_free(&b);
        return st;
    }
    *out = mh_buf_steal(&b);
    return *out ? MH_OK : MH_ERR_NOMEM;
}

mh_status mh_fold_name(const mh_folder *f, const char *s, size_t len, char **out)
{
    char *u = NULL;
    *out = NULL;
    mh_status st = is_ascii(s, len) ? fold_ascii(s, len, &u) : fold_unicode(s, len, &u);
    if (st != MH_OK)
        return st;
    st = strip_forms(f, u, out);
    mh_free(u);
    return st;
}

int mh_folder_is_suffix_form(const mh_folder *f, const char *s, size_t len)
{
    char *u = NULL;
    if (!f || (is_ascii(s, len) ? fold_ascii(s, len, &u) : fold_unicode(s, len, &u)) != MH_OK)
        return 0;
    int yes = 0;
    for (size_t i = 0; i < f->count && !yes; i++)
        yes = f->forms[i].suffix && strcmp(u, f->forms[i].text) == 0;
    mh_free(u);
    return yes;
}

mh_status mh_folder_add_form(mh_folder *f, const char *text, const char *position)
{
    char *folded = NULL;
    mh_status st = fold_unicode(text, strlen(text), &folded);
    if (st != MH_OK)
        return st;
    if (!*folded || count_tokens(folded) > MAX_FORM_TOKENS) {
        mh_free(folded);
        return MH_ERR_ARG;
    }
    if (f->count == f->alloc) {
        form *p = mh_grow(f->forms, &f->alloc, sizeof *p, 64);
        if (!p) {
            mh_free(folded);
            return MH_ERR_NOMEM;
        }
        f->forms = p;
    }
    form *fm = &f->forms[f->count];
    fm->text = folded;
    fm->prefix = strcmp(position, "prefix") == 0 || strcmp(position, "either") == 0;
    fm->suffix = strcmp(position, "suffix") == 0 || strcmp(position, "either") == 0;
    fm->len = strlen(folded);
    fm->ntokens = count_tokens(folded);
    fm->glued = (unsigned char)folded[0] >= 0x80 && fm->ntokens == 1;
    /* longer forms first, so "pty ltd" strips before "ltd" */
    size_t i = f->count++;
    while (i > 0 && f->forms[i - 1].ntokens < fm->ntokens) {
        form tmp = f->forms[i - 1];
        f->forms[i - 1] = f->forms[i];
        f->forms[i] = tmp;
        i--;
    }
    return MH_OK;
}

mh_status mh_folder_add_generic(mh_folder *f, const char *word)
{
    char **p = mh_realloc(f->generic, (f->ngeneric + 1) * sizeof *p);
    if (!p)
        return MH_ERR_NOMEM;
    f->generic = p;
    f->generic[f->ngeneric] = mh_strdup(word);
    if (!f->generic[f->ngeneric])
        return MH_ERR_NOMEM;
    f->ngeneric++;
    return MH_OK;
}

int mh_folder_is_generic(const mh_folder *f, const char *s, size_t n)
{
    for (size_t i = 0; f && i < f->ngeneric; i++)
        if (strlen(f->generic[i]) == n && memcmp(f->generic[i], s, n) == 0)
            return 1;
    return 0;
}
