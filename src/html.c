/* html.c — visible text, offsets and selected values from HTML (libxml2 SAX).
 *
 * libxml2's HTML parser calls back with decoded text and tags; the parser's
 * input position at each callback tells where in the source the event ended.
 * A text chunk whose decoded bytes equal the source bytes just before that
 * position maps byte for byte; one that does not (an entity) maps as a whole
 * to the source since the previous event. Newlines, CRs and tabs inside text
 * become spaces (same length, so the map stays exact), and block elements end
 * lines, so that line-based rules see lines as a reader does. */
#include "html.h"

#include <libxml/HTMLparser.h>
#include <ctype.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "html_jsonld.h"
#include "limits.h"

#define MAX_OPEN_CAPTURES 8
/* Slots of the per-parse cache of what an element name is. */
#define TAG_BITS  7
#define TAG_SLOTS (1u << TAG_BITS)

/* What an element name is to the extractor. */
enum {
    TAG_KNOWN = 1,     /* the slot holds this name */
    TAG_INVISIBLE = 2, /* its text is not shown */
    TAG_BLOCK = 4,     /* it breaks the line */
    TAG_SELECTED = 8,  /* an HTML rule selects it */
    TAG_HTML = 16,     /* <html> (its lang) */
    TAG_SCRIPT = 32    /* <script> (JSON-LD) */
};

typedef struct tagslot {
    const xmlChar *name;
    unsigned flags;
} tagslot;

typedef struct capture {
    unsigned rule;
    size_t depth; /* element depth at which it was opened */
    mh_buf text;
    size_t src_start; /* source offset of the element's content */
} capture;

typedef struct hstate {
    mh_doc *d;
    htmlParserCtxtPtr ctxt;
    const char *src;
    size_t src_len;
    const mh_offmap *srcmap;
    const mh_ruleset *rs;
    int generic_only;
    unsigned max_depth;
    size_t depth;
    size_t skip_depth; /* >0: inside an element whose text is not visible */
    size_t last_pos;   /* source position after the previous event */
    /* the elements one tag closes come at one position: where the first
     * of them came, and the last position before it */
    size_t close_pos, close_from;
    /* the last start tag read (not implied): its element and end */
    const xmlChar *start_name;
    size_t start_end;
    int need_newline;
    capture caps[MAX_OPEN_CAPTURES];
    size_t ncaps;
    mh_status err;
    /* libxml2 hands over names from its dictionary: the same pointer for
     * the same name within a parse, so what a name is gets worked out once
     * per pointer (a pointer met anew is worked out again: still right) */
    tagslot tags[TAG_SLOTS];
} hstate;

static const char *const invisible[] = {"script", "style",  "noscript", "template", "head", "title",
                                        "svg",    "iframe", "object",   "select",   NULL};
static const char *const blocks[] = {
    "p",          "div",     "br",      "li",       "ul",     "ol",      "h1",         "h2",
    "h3",         "h4",      "h5",      "h6",       "tr",     "td",      "th",         "table",
    "section",    "article", "header",  "footer",   "nav",    "aside",   "blockquote", "figure",
    "figcaption", "dd",      "dt",      "dl",       "form",   "hr",      "main",       "address",
    "pre",        "option",  "caption", "fieldset", "legend", "details", "summary",    "body",
    "html",       "tbody",   "thead",   "tfoot",    "menu",   "picture", "video",      "audio",
    "label",      "button",  NULL};

static int in_list(const char *const *list, const char *name)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

static unsigned tag_flags(hstate *h, const xmlChar *xname)
{
    /* the product's high bits: a pointer's low bits are alike (alignment) */
    size_t slot = (size_t)(((uint64_t)(uintptr_t)xname * 0x9E3779B97F4A7C15ull) >> (64 - TAG_BITS));
    tagslot *t = &h->tags[slot];
    if (t->name == xname && t->flags)
        return t->flags;
    const char *name = (const char *)xname;
    unsigned f = TAG_KNOWN;
    if (in_list(invisible, name))
        f |= TAG_INVISIBLE;
    if (in_list(blocks, name))
        f |= TAG_BLOCK;
    if (strcmp(name, "html") == 0)
        f |= TAG_HTML;
    if (strcmp(name, "script") == 0)
        f |= TAG_SCRIPT;
    for (size_t i = 0; i < h->rs->n && !(f & TAG_SELECTED); i++) {
        const mh_rule *r = &h->rs->rules[i];
        if (r->scope == MH_SCOPE_HTML && r->sel.tag[0] && strcmp(r->sel.tag, name) == 0)
            f |= TAG_SELECTED;
    }
    t->name = xname;
    t->flags = f;
    return f;
}

static size_t cur_pos(hstate *h)
{
    xmlParserInputPtr in = h->ctxt->input;
    if (!in || !in->cur || !in->base)
        return h->last_pos;
    size_t p = (size_t)(in->cur - in->base) + (size_t)in->consumed;
    return p > h->src_len ? h->src_len : p;
}

/* Map a source region to input bytes (through srcmap when the source is a
 * repaired copy). */
static void to_input(const hstate *h, size_t s, size_t e, size_t *is, size_t *ie)
{
    if (!h->srcmap) {
        *is = s;
        *ie = e;
        return;
    }
    *is = mh_offmap_start(h->srcmap, s);
    *ie = mh_offmap_end(h->srcmap, e);
}

/* Map text [at, at+n) that is byte for byte the repaired source [s, s+n)
 * through srcmap, piece by piece: a replaced byte maps to itself alone, the
 * text around it stays exact. */
static mh_status add_through_srcmap(hstate *h, size_t at, size_t n, size_t s)
{
    const mh_offmap *m = h->srcmap;
    mh_status st = MH_OK;
    size_t done = 0;
    for (size_t i = 0; i < m->n && done < n && st == MH_OK; i++) {
        const mh_offseg *g = &m->segs[i];
        size_t a = s + done;
        if (g->text_start + g->text_len <= a || g->text_start >= s + n)
            continue;
        size_t lo = a > g->text_start ? a : g->text_start;
        size_t hi = s + n < g->text_start + g->text_len ? s + n : g->text_start + g->text_len;
        if (lo > a) /* a gap in the map: keep what we can say */
            st = mh_offmap_add(&h->d->map, at + done, lo - a, mh_offmap_start(m, a), 0);
        if (st != MH_OK)
            break;
        if (g->text_len == g->src_len)
            st = mh_offmap_add(&h->d->map, at + (lo - s), hi - lo,
                               g->src_start + (lo - g->text_start), hi - lo);
        else
            st = mh_offmap_add(&h->d->map, at + (lo - s), hi - lo, g->src_start, g->src_len);
        done = hi - s;
    }
    if (st == MH_OK && done < n)
        st = mh_offmap_add(&h->d->map, at + done, n - done, mh_offmap_end(m, s + done), 0);
    return st;
}

/* Whitespace other than spaces (\t \n \v \f \r, bytes 9 to 13) becomes
 * spaces: same length. Sixteen bytes at a time (a page's visible text
 * passes here whole). */
static void spaces_for_breaks(char *p, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4), space = _mm_set1_epi8(' ');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i t = _mm_sub_epi8(v, nine);
        __m128i brk = _mm_cmpeq_epi8(_mm_min_epu8(t, four), t); /* 0 <= c - 9 <= 4 */
        v = _mm_or_si128(_mm_and_si128(brk, space), _mm_andnot_si128(brk, v));
        _mm_storeu_si128((__m128i *)(void *)(p + i), v);
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        p[i] = (char)((unsigned char)(c - 9) < 5 ? ' ' : c);
    }
}

static void add_text(hstate *h, const char *s, size_t n, size_t src_s, size_t src_len)
{
    mh_doc *d = h->d;
    if (h->err != MH_OK)
        return;
    size_t at = d->textbuf.len;
    mh_status st = mh_buf_add(&d->textbuf, s, n);
    if (st == MH_OK && h->srcmap && n == src_len) {
        st = add_through_srcmap(h, at, n, src_s);
        if (st == MH_OK)
            spaces_for_breaks(d->textbuf.data + at, d->textbuf.len - at);
        if (st != MH_OK)
            h->err = st;
        return;
    }
    if (st == MH_OK) {
        size_t is, ie;
        to_input(h, src_s, src_s + src_len, &is, &ie);
        int exact = n == src_len &&
                    (!h->srcmap ||
                     (mh_offmap_exact(h->srcmap, src_s, src_s + src_len) && ie - is == src_len));
        if (exact)
            st = mh_offmap_add(&d->map, at, n, is, n);
        else
            st = mh_offmap_add(&d->map, at, n, is, ie - is);
    }
    if (st == MH_OK)
        spaces_for_breaks(d->textbuf.data + at, d->textbuf.len - at);
    if (st != MH_OK)
        h->err = st;
}

static void newline(hstate *h)
{
    mh_doc *d = h->d;
    if (h->err != MH_OK || d->textbuf.len == 0 || d->textbuf.data[d->textbuf.len - 1] == '\n')
        return;
    /* a newline maps to nothing: a zero-length source region at the boundary */
    size_t at = d->textbuf.len;
    mh_status st = mh_buf_addc(&d->textbuf, '\n');
    size_t is, ie;
    to_input(h, h->last_pos, h->last_pos, &is, &ie);
    if (st == MH_OK)
        st = mh_offmap_add(&d->map, at, 1, is, 0);
    if (st != MH_OK)
        h->err = st;
}

/* Where the raw value of attribute `name` lies within the tag source
 * [ts, te); 0 when not found. */
static int find_attr_value(const hstate *h, size_t ts, size_t te, const char *name, size_t *vs,
                           size_t *ve)
{
    size_t nl = strlen(name);
    const char *s = h->src;
    for (size_t i = ts; i + nl < te; i++) {
        if (strncasecmp(s + i, name, nl) != 0)
            continue;
        char before = i > ts ? s[i - 1] : ' ';
        if (!(before == ' ' || before == '\t' || before == '\n' || before == '\r' ||
              before == '"' || before == '\''))
            continue;
        size_t j = i + nl;
        while (j < te && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j >= te || s[j] != '=')
            continue;
        j++;
        while (j < te && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j >= te)
            return 0;
        char q = s[j];
        if (q == '"' || q == '\'') {
            size_t k = j + 1;
            while (k < te && s[k] != q)
                k++;
            *vs = j + 1;
            *ve = k;
            return 1;
        }
        size_t k = j;
        while (k < te && s[k] != ' ' && s[k] != '>' && s[k] != '\t' && s[k] != '\n')
            k++;
        *vs = j;
        *ve = k;
        return 1;
    }
    return 0;
}

static const char *attr_get(const xmlChar **atts, const char *name)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

/* Condition [attr=value]: equal ignoring case, or one of its tokens (rel). */
static int cond_holds(const mh_selector *sel, const xmlChar **atts)
{
    if (!sel->cond_attr[0])
        return 1;
    const char *v = attr_get(atts, sel->cond_attr);
    if (!v)
        return 0;
    if (strcasecmp(v, sel->cond_value) == 0)
        return 1;
    size_t cl = strlen(sel->cond_value);
    for (const char *p = v; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == cl && strncasecmp(p, sel->cond_value, cl) == 0)
            return 1;
        p = e;
    }
    return 0;
}

static void add_item(hstate *h, unsigned rule, const char *value, size_t len, size_t s, size_t e)
{
    if (h->err != MH_OK)
        return;
    size_t is, ie;
    to_input(h, s, e, &is, &ie);
    mh_status st = mh_doc_add_item(h->d, rule, value, len, is, ie);
    if (st != MH_OK)
        h->err = st;
}

/* True when the source from the '<' at ts to pos can be one tag read up to
 * the parser's cursor: no '<' or '>' outside an attribute's quoted value.
 * (`<!DOCTYPE<html><p>`: the `<html` found is not the tag ending at p's
 * '>'.) Where libxml2 reads a malformed tag otherwise, the element is
 * taken for implied: its text is then left to libxml2. */
static int one_tag(const char *s, size_t ts, size_t pos)
{
    for (size_t i = ts + 1; i < pos; i++) {
        if (s[i] == '<' || s[i] == '>')
            return 0;
        if (s[i] != '=')
            continue;
        size_t j = i + 1;
        while (j < pos &&
               (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f'))
            j++;
        if (j < pos && (s[j] == '"' || s[j] == '\'')) {
            const char *q = memchr(s + j + 1, s[j], pos - j - 1);
            if (!q)
                return 0;
            i = (size_t)(q - s);
        }
    }
    return 1;
}

static void on_start(void *ud, const xmlChar *xname, const xmlChar **atts)
{
    hstate *h = ud;
    const char *name = (const char *)xname;
    size_t pos = cur_pos(h);
    /* the tag: from the first '<' after the previous event to its '>' */
    size_t ts = h->last_pos;
    while (ts < pos && h->src[ts] != '<')
        ts++;
    size_t te = pos < h->src_len && h->src[pos] == '>' ? pos + 1 : pos;
    /* an element the parser implied (html, head, body around a bare meta)
     * has no tag of its own: the tag found is the next element's */
    size_t nl = strlen(name);
    int implied = !(ts < pos && h->src[ts] == '<' && ts + 1 + nl <= h->src_len &&
                    strncasecmp(h->src + ts + 1, name, nl) == 0 &&
                    (ts + 1 + nl == h->src_len || !isalnum((unsigned char)h->src[ts + 1 + nl])) &&
                    one_tag(h->src, ts, pos));
    h->depth++;
    if (h->depth > h->max_depth)
        mh_doc_set_limit(h->d, "html-depth", NULL);
    unsigned flags = tag_flags(h, xname);
    if (flags & TAG_HTML) {
        const char *lang = attr_get(atts, "lang");
        if (lang)
            snprintf(h->d->lang, sizeof h->d->lang, "%s", lang);
    }
    if (h->skip_depth == 0 && (flags & TAG_INVISIBLE))
        h->skip_depth = h->depth;
    if (flags & TAG_BLOCK)
        newline(h);
    for (size_t i = 0; (flags & TAG_SELECTED) && i < h->rs->n; i++) {
        const mh_rule *r = &h->rs->rules[i];
        if (r->scope != MH_SCOPE_HTML || !r->sel.tag[0] || strcmp(r->sel.tag, name) != 0)
            continue;
        if (h->generic_only && r->outlet_specific)
            continue;
        if (!cond_holds(&r->sel, atts))
            continue;
        if (strcmp(r->sel.target, "#text") == 0) {
            if (h->ncaps < MAX_OPEN_CAPTURES) {
                capture *c = &h->caps[h->ncaps++];
                c->rule = (unsigned)i;
                c->depth = h->depth;
                mh_buf_init(&c->text, 1u << 20);
                c->src_start = te;
            }
            continue;
        }
        const char *v = attr_get(atts, r->sel.target);
        if (!v || !*v)
            continue;
        size_t vs = ts, ve = te;
        if (!find_attr_value(h, ts, te, r->sel.target, &vs, &ve)) {
            vs = ts;
            ve = te;
        }
        add_item(h, (unsigned)i, v, strlen(v), vs, ve);
    }
    if (!implied) {
        h->last_pos = te;
        h->start_name = xname;
        h->start_end = te;
    }
}

static void on_end(void *ud, const xmlChar *xname)
{
    hstate *h = ud;
    size_t pos = cur_pos(h);
    if (pos != h->close_pos) {
        h->close_pos = pos;
        h->close_from = h->last_pos;
    }
    /* close captures opened at this depth: their content ends at the end tag */
    while (h->ncaps && h->caps[h->ncaps - 1].depth >= h->depth) {
        capture *c = &h->caps[--h->ncaps];
        size_t end_tag = pos;
        while (end_tag > c->src_start && h->src[end_tag - 1] != '<')
            end_tag--;
        size_t ce = end_tag > c->src_start ? end_tag - 1 : c->src_start;
        if (c->text.len)
            add_item(h, c->rule, c->text.data, c->text.len, c->src_start, ce);
        mh_buf_free(&c->text);
    }
    if (h->skip_depth && h->depth <= h->skip_depth)
        h->skip_depth = 0;
    if (tag_flags(h, xname) & TAG_BLOCK)
        newline(h);
    if (h->depth)
        h->depth--;
    h->last_pos = pos;
}

/* Text s[0..n) from the source region [ss, ss + sl), the event ending at
 * `end`: to every open capture, and to the visible text unless hidden. */
static void text_at(hstate *h, const xmlChar *s, size_t n, size_t ss, size_t sl, size_t end)
{
    for (size_t i = 0; i < h->ncaps; i++) {
        mh_status st = mh_buf_add(&h->caps[i].text, s, n);
        if (st == MH_ERR_NOMEM)
            h->err = st;
    }
    if (h->skip_depth == 0)
        add_text(h, (const char *)s, n, ss, sl);
    h->last_pos = end;
}

/* libxml2 hands a long text run over in pieces of at least this many bytes
 * (its HTML_PARSER_BIG_BUFFER_SIZE), each before it steps past the last
 * character it copied; shorter pieces end at the cursor. */
#define LIBXML_TEXT_PIECE 1000

static void on_chars(void *ud, const xmlChar *s, int n)
{
    hstate *h = ud;
    size_t pos = cur_pos(h);
    size_t un = (size_t)n;
    if (un >= LIBXML_TEXT_PIECE && pos < h->src_len) {
        unsigned char c = (unsigned char)h->src[pos];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        pos = pos + l <= h->src_len ? pos + l : h->src_len;
    }
    size_t ss, sl;
    if (un <= pos && memcmp(h->src + pos - un, s, un) == 0) {
        ss = pos - un;
        sl = un;
    } else if (h->last_pos + un <= h->src_len && memcmp(h->src + h->last_pos, s, un) == 0) {
        /* the parser's position lags at the end of the input */
        ss = h->last_pos;
        sl = un;
        pos = ss + sl;
    } else {
        ss = h->last_pos <= pos ? h->last_pos : pos;
        sl = pos - ss;
    }
    text_at(h, s, un, ss, sl, pos);
}

static void emit_item(void *ud, unsigned rule, const char *value, size_t len, size_t s, size_t e)
{
    add_item(ud, rule, value, len, s, e);
}

/* ------------------------------------------------------------- driver */

typedef struct ldscript {
    mh_buf text;
    size_t s, e;
} ldscript;

int mh_html_sniff(const char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    size_t i = 0;
    if (n >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i < n && data[i] == '<') {
        static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body",
                                             "<!--",           "<meta", "<div",  "<p>",
                                             "<title",         "<?xml", NULL};
        for (size_t k = 0; starts[k]; k++)
            if (n - i >= strlen(starts[k]) &&
                strncasecmp(data + i, starts[k], strlen(starts[k])) == 0)
                return 1;
    }
    /* markup further in: several well-known tags */
    int tags = 0;
    static const char *const probes[] = {"<html", "<body", "<div", "<p>", "<a href", "</p>", NULL};
    for (size_t k = 0; probes[k]; k++) {
        size_t pl = strlen(probes[k]);
        for (size_t j = 0; j + pl <= n; j++)
            if (data[j] == '<' && strncasecmp(data + j, probes[k], pl) == 0) {
                tags++;
                break;
            }
    }
    return tags >= 2;
}

/* JSON-LD script contents: gathered by a built-in selector, independent of
 * the rules, so that every jsonld rule reads each script once. */
static void gather_ld(void *ud, const xmlChar *xname, const xmlChar **atts);

typedef struct chain {
    hstate *h;
    ldscript *ld;
    size_t nld, ldalloc;
    int in_ld;
    size_t ld_depth;
} chain;

/* The first "</" and ASCII letter in [p, end), where libxml2 (without its
 * recovery option) ends a script or a style; NULL when none comes before
 * the end or a NUL (where it would stop too). */
static const xmlChar *raw_text_end(const xmlChar *p, const xmlChar *end)
{
    while (p < end) {
        const xmlChar *lt = memchr(p, '<', (size_t)(end - p));
        const xmlChar *nul = memchr(p, '\0', (size_t)((lt ? lt : end) - p));
        if (nul || !lt)
            return NULL;
        if (end - lt >= 3 && lt[1] == '/' &&
            ((lt[2] >= 'a' && lt[2] <= 'z') || (lt[2] >= 'A' && lt[2] <= 'Z')))
            return lt;
        p = lt + 1;
    }
    return NULL;
}

/* A script or style no rule reads (JSON-LD aside): its text is never
 * shown, so the parser is moved to its end tag rather than reading it a
 * character at a time (a quarter of a page's bytes, often more). Called as
 * the start tag ends, the parser's cursor on its '>': the '>' is moved
 * down to the byte before the end tag, in the parser's own copy of the
 * input, and the cursor with it. Positions stay those of the source. */
static void skip_raw_text(chain *c, const xmlChar *xname)
{
    hstate *h = c->h;
    unsigned flags = tag_flags(h, xname);
    if (c->in_ld || (flags & TAG_SELECTED) ||
        !((flags & TAG_SCRIPT) || strcmp((const char *)xname, "style") == 0))
        return;
    xmlParserInputPtr in = h->ctxt->input;
    if (!in || !in->cur || !in->end || in->cur >= in->end || in->cur[0] != '>')
        return;
    const char *cur = (const char *)in->cur;
    if (cur >= h->src && cur < h->src + h->src_len)
        return; /* the parser reads our buffer, not a copy: leave it be */
    const xmlChar *close = raw_text_end(in->cur + 1, in->end);
    if (!close || close - in->cur < 2)
        return;
    ((xmlChar *)(uintptr_t)close)[-1] = '>';
    in->cur = close - 1;
}

/* Set off by tests to compare with libxml2 reading every text run itself. */
static int text_runs_taken = 1;

void mh_html_take_text_runs(int on)
{
    text_runs_taken = on;
}

/* The end of the text run at p: the first '<' or '&' before end. NULL when
 * none comes first, or when the run holds a byte libxml2 would not pass on
 * unchanged (a control character other than tab, LF and CR; NUL; U+FFFE or
 * U+FFFF): such a run is left to libxml2. The source is valid UTF-8. */
static const xmlChar *text_run_end(const xmlChar *p, const xmlChar *end)
{
    const xmlChar *q = p;
#ifdef __SSE2__
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), ctl = _mm_set1_epi8(0x1F),
                  ef = _mm_set1_epi8((char)0xEF);
    for (; end - q >= 16; q += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v), _mm_cmpeq_epi8(v, ef)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        while (mask) {
            const xmlChar *b = q + __builtin_ctz(mask);
            mask &= mask - 1;
            if (*b == '<' || *b == '&')
                return b;
            if (*b == '\t' || *b == '\n' || *b == '\r')
                continue;
            if (*b == 0xEF && !(end - b >= 3 && b[1] == 0xBF && (b[2] == 0xBE || b[2] == 0xBF)))
                continue;
            return NULL;
        }
    }
#endif
    for (; q < end; q++) {
        if (*q == '<' || *q == '&')
            return q;
        if (*q < 0x20 && *q != '\t' && *q != '\n' && *q != '\r')
            return NULL;
        if (*q == 0xEF && end - q >= 3 && q[1] == 0xBF && (q[2] == 0xBE || q[2] == 0xBF))
            return NULL;
    }
    return NULL;
}

/* Text in an element libxml2 treats specially: none at all (text there
 * implies a paragraph), html and head (likewise, and blanks are dropped),
 * script and style (raw text). */
static int plain_text_parent(const xmlChar *name)
{
    if (!name)
        return 0;
    const char *n = (const char *)name;
    return strcmp(n, "html") != 0 && strcmp(n, "head") != 0 && strcmp(n, "script") != 0 &&
           strcmp(n, "style") != 0;
}

static void deliver_text(chain *c, const xmlChar *s, size_t n, size_t pos);

/* The text run starting at libxml2's cursor `from` is read here, a block at
 * a time, and handed over as libxml2 would hand it (its character loop is
 * a third of a page's parse). Called only where libxml2 next reads that run
 * as character data in an element that is neither of the above: as a start
 * tag ends (the cursor on its '>'), as an end tag has closed its element,
 * after an entity. Returns where the run ends (a '<' or '&' in the buffer),
 * NULL when it is left to libxml2. */
static const xmlChar *take_text_run(chain *c, const xmlChar *from, const xmlChar *parent)
{
    hstate *h = c->h;
    htmlParserCtxtPtr ctxt = h->ctxt;
    xmlParserInputPtr in = ctxt->input;
    if (!text_runs_taken || !in || !in->cur || !in->end || !in->base || from >= in->end ||
        ctxt->token != 0 || ctxt->disableSAX || ctxt->instate == XML_PARSER_EOF ||
        ctxt->charset != XML_CHAR_ENCODING_UTF8 || !plain_text_parent(parent))
        return NULL;
    const char *f = (const char *)from;
    if (f >= h->src && f < h->src + h->src_len)
        return NULL; /* the parser reads our buffer, not a copy: leave it be */
    const xmlChar *run_end = text_run_end(from, in->end);
    /* a '<' or '&' that is the input's last byte libxml2 reads only from
       inside its own character loop */
    if (!run_end || run_end == from || in->end - run_end < 2)
        return NULL;
    size_t pos = (size_t)(from - in->base) + (size_t)in->consumed;
    size_t n = (size_t)(run_end - from);
    if (pos + n > h->src_len)
        return NULL;
    deliver_text(c, from, n, pos);
    return run_end;
}

/* As a start tag ends, its '>' under the cursor: the element's first text
 * run. The '>' is moved down to the run's last byte in libxml2's copy of
 * the input and the cursor with it, as for a script (skip_raw_text). An
 * element the parser implied has no '>' of its own, even when the '>'
 * under the cursor ends a tag found for an element implied before it
 * (`<!DOCTYPE<html><<p>`: html, then body, implied for the p): only the
 * element whose own tag on_start found may take the run. An empty element
 * (<br>) is closed by libxml2 after this call, so its text is taken then. */
static void take_text_after_start(chain *c, const xmlChar *xname)
{
    hstate *h = c->h;
    htmlParserCtxtPtr ctxt = h->ctxt;
    xmlParserInputPtr in = ctxt->input;
    if (!in || !in->cur || !in->end || in->cur >= in->end || in->cur[0] != '>' ||
        !xmlStrEqual(ctxt->name, xname) || h->last_pos != cur_pos(h) + 1 ||
        h->start_name != xname || h->start_end != h->last_pos)
        return;
    const htmlElemDesc *info = htmlTagLookup(xname);
    if (info && info->empty)
        return;
    const xmlChar *run_end = take_text_run(c, in->cur + 1, xname);
    if (!run_end)
        return;
    ((xmlChar *)(uintptr_t)run_end)[-1] = '>';
    in->cur = run_end - 1;
}

/* True when the source [from, pos) is, after markup-free bytes, exactly one
 * end tag of `name`: "</name", blanks, ">" ending at pos. Then the element
 * closing is the one that tag names, the last libxml2 closes for it (those
 * it closed on the way, named otherwise, came first). */
static int closed_by_own_end_tag(const hstate *h, size_t from, size_t pos, const char *name)
{
    if (from >= pos)
        return 0;
    const char *lt = memchr(h->src + from, '<', pos - from);
    if (!lt)
        return 0;
    size_t at = (size_t)(lt - h->src) + 1, nl = strlen(name);
    if (at + 1 + nl > pos || h->src[at] != '/' || strncasecmp(h->src + at + 1, name, nl) != 0)
        return 0;
    at += 1 + nl;
    while (at < pos && (h->src[at] == ' ' || h->src[at] == '\t' || h->src[at] == '\n' ||
                        h->src[at] == '\r' || h->src[at] == '\f'))
        at++;
    return at + 1 == pos && h->src[at] == '>';
}

/* As an element closes, the text run after it, when this is the last thing
 * libxml2 does with the tag just read: the end tag's own element, or an
 * empty (<br>) or self-closed element just started. The text belongs to
 * the parent. */
static void take_text_after_end(chain *c, const xmlChar *xname)
{
    hstate *h = c->h;
    htmlParserCtxtPtr ctxt = h->ctxt;
    xmlParserInputPtr in = ctxt->input;
    if (!in || !in->cur || !in->base || in->cur <= in->base || ctxt->nameNr < 2 ||
        !xmlStrEqual(ctxt->name, xname))
        return;
    size_t pos = cur_pos(h);
    if (pos != h->close_pos || pos > h->src_len)
        return;
    int closed = 0;
    if (h->start_name == xname && h->start_end == pos && pos && h->src[pos - 1] == '>') {
        const htmlElemDesc *info = htmlTagLookup(xname);
        closed = info && info->empty; /* <br>: libxml2 closes it at once */
    } else if (h->start_name == xname && h->start_end + 2 == pos && h->src[h->start_end] == '/' &&
               h->src[h->start_end + 1] == '>') {
        closed = 1; /* <div/> */
    } else {
        closed = closed_by_own_end_tag(h, h->close_from, pos, (const char *)xname);
    }
    if (!closed)
        return;
    const xmlChar *run_end = take_text_run(c, in->cur, ctxt->nameTab[ctxt->nameNr - 2]);
    if (run_end)
        in->cur = run_end;
}

/* After an entity libxml2 decoded (a character or the name of an unknown
 * one, its last callback for it), the text run that follows. */
static void take_text_after_entity(chain *c, const xmlChar *s, int n)
{
    hstate *h = c->h;
    htmlParserCtxtPtr ctxt = h->ctxt;
    xmlParserInputPtr in = ctxt->input;
    if (n < 1 || n > 4 || (n == 1 && s[0] == '&') || !in || !in->cur || !in->base ||
        in->cur <= in->base || in->cur[-1] != ';')
        return;
    const xmlChar *run_end = take_text_run(c, in->cur, ctxt->name);
    if (run_end)
        in->cur = run_end;
}

static void c_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    chain *c = ud;
    on_start(c->h, name, atts);
    gather_ld(c, name, atts);
    skip_raw_text(c, name);
    take_text_after_start(c, name);
}

static void gather_ld(void *ud, const xmlChar *xname, const xmlChar **atts)
{
    chain *c = ud;
    if (!(tag_flags(c->h, xname) & TAG_SCRIPT))
        return;
    const char *type = attr_get(atts, "type");
    if (!type || strcasecmp(type, "application/ld+json") != 0)
        return;
    if (c->nld == c->ldalloc) {
        ldscript *p = mh_grow(c->ld, &c->ldalloc, sizeof *p, 4);
        if (!p) {
            c->h->err = MH_ERR_NOMEM;
            return;
        }
        c->ld = p;
    }
    ldscript *l = &c->ld[c->nld++];
    mh_buf_init(&l->text, 8u << 20);
    l->s = l->e = c->h->last_pos;
    c->in_ld = 1;
    c->ld_depth = c->h->depth;
}

static void c_end(void *ud, const xmlChar *name)
{
    chain *c = ud;
    if (c->in_ld && c->h->depth <= c->ld_depth) {
        c->in_ld = 0;
        c->ld[c->nld - 1].e = cur_pos(c->h);
    }
    on_end(c->h, name);
    take_text_after_end(c, name);
}

/* Text inside a JSON-LD script goes to its script too. */
static void ld_text(chain *c, const xmlChar *s, size_t n)
{
    if (c->in_ld && c->nld) {
        mh_status st = mh_buf_add(&c->ld[c->nld - 1].text, s, n);
        if (st == MH_ERR_NOMEM)
            c->h->err = st;
    }
}

static void c_chars(void *ud, const xmlChar *s, int n)
{
    chain *c = ud;
    ld_text(c, s, (size_t)n);
    on_chars(c->h, s, n);
    take_text_after_entity(c, s, n);
}

/* A run taken by take_text_run: byte for byte the source at pos. */
static void deliver_text(chain *c, const xmlChar *s, size_t n, size_t pos)
{
    ld_text(c, s, n);
    text_at(c->h, s, n, pos, n, pos + n);
}

static void c_cdata(void *ud, const xmlChar *s, int n)
{
    c_chars(ud, s, n);
}

static void c_error(void *ud, const char *msg, ...)
{
    (void)ud;
    (void)msg;
}

mh_status mh_html_parse(mh_doc *d, const char *source, size_t len, const mh_offmap *srcmap,
                        const mh_ruleset *rs, const mh_limits *limits, int generic_only)
{
    hstate h;
    memset(&h, 0, sizeof h);
    h.d = d;
    h.src = source;
    h.src_len = len;
    h.srcmap = srcmap;
    h.rs = rs;
    h.generic_only = generic_only;
    h.max_depth =
        limits && limits->max_html_depth ? limits->max_html_depth : MH_DEFAULT_MAX_HTML_DEPTH;
    chain c;
    memset(&c, 0, sizeof c);
    c.h = &h;
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = c_start;
    sax.endElement = c_end;
    sax.characters = c_chars;
    sax.cdataBlock = c_cdata;
    sax.error = c_error;
    sax.warning = c_error;
    unsigned long failures_before = mh_alloc_thread_failures();
    /* libxml2 2.9 leaks a half-built context, or its push parser loops
       forever, after one of its own allocations fails
       (docs/library-failures.md): out-of-memory tests fail only
       masthead's allocations while it parses. */
    mh_alloc_shield_xml(1);
    htmlParserCtxtPtr ctxt =
        htmlCreatePushParserCtxt(&sax, &c, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!ctxt) {
        mh_alloc_shield_xml(0);
        return MH_ERR_NOMEM;
    }
    h.ctxt = ctxt;
    /* the source is always UTF-8 here (decoded or repaired first): a page's own
       charset declaration must not make libxml2 decode it again */
    htmlCtxtUseOptions(ctxt, HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOBLANKS);
    /* feed in chunks: the parser's int lengths, and bounded internal buffers */
    const size_t chunk = 1u << 20;
    size_t off = 0;
    do {
        size_t n = len - off < chunk ? len - off : chunk;
        int last = off + n >= len;
        htmlParseChunk(ctxt, source + off, (int)n, last);
        off += n;
    } while (off < len && h.err == MH_OK);
    if (len == 0)
        htmlParseChunk(ctxt, "", 0, 1);
    htmlFreeParserCtxt(ctxt);
    mh_alloc_shield_xml(0);
    if (mh_alloc_thread_failures() != failures_before && h.err == MH_OK)
        h.err = MH_ERR_NOMEM;
    for (size_t i = 0; i < h.ncaps; i++)
        mh_buf_free(&h.caps[i].text);
    for (size_t i = 0; i < c.nld; i++) {
        if (h.err == MH_OK && c.ld[i].text.len)
            mh_jsonld_run(c.ld[i].text.data, c.ld[i].text.len, h.src, c.ld[i].s, c.ld[i].e, rs,
                          generic_only, emit_item, &h);
        mh_buf_free(&c.ld[i].text);
    }
    mh_free(c.ld);
    d->text = d->textbuf.data ? d->textbuf.data : "";
    d->text_len = d->textbuf.len;
    d->identity = 0;
    return h.err;
}
