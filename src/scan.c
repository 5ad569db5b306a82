/* scan.c — the single pass over a document's text.
 *
 * Hyperscan reports every anchor literal of every text rule in one pass, in
 * order of position. For each hit, the rule's regex runs on the window of
 * the line around it (at most MH_WINDOW_BEFORE/AFTER bytes each side); a
 * window is scanned once per rule, so overlapping hits of the same rule cost
 * nothing more. Regex calls are counted against the document's budget and
 * every call runs under PCRE2 match, depth and heap limits. */
#include "scan.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "limits.h"

struct mh_scanner {
    const mh_ruleset *rs;
    pcre2_general_context *gctx; /* PCRE2 allocations through mh_malloc */
    hs_scratch_t *hs;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    size_t *done_until; /* per rule: text scanned up to here */
    mh_limits lim;
    int generic_only;
    /* per scan */
    mh_doc *doc;
    uint64_t steps;
    mh_status err;
};

static pcre2_jit_stack *jit_cb(void *data)
{
    return data;
}

mh_status mh_scanner_create(const mh_ruleset *rs, mh_scanner **out)
{
    *out = NULL;
    mh_scanner *s = mh_calloc(1, sizeof *s);
    if (!s)
        return MH_ERR_NOMEM;
    s->rs = rs;
    mh_limits_default(&s->lim);
    s->gctx = pcre2_general_context_create(mh_pcre2_malloc, mh_pcre2_free, NULL);
    s->md = s->gctx ? pcre2_match_data_create(CAP_COUNT * 4 + 8, s->gctx) : NULL;
    s->mctx = s->gctx ? pcre2_match_context_create(s->gctx) : NULL;
    s->jit = s->gctx ? pcre2_jit_stack_create(32 * 1024, 1024 * 1024, s->gctx) : NULL;
    s->done_until = mh_calloc(rs->n ? rs->n : 1, sizeof *s->done_until);
    mh_status st = MH_OK;
    if (!s->md || !s->mctx || !s->jit || !s->done_until)
        st = MH_ERR_NOMEM;
    if (st == MH_OK && rs->prefilter && hs_alloc_scratch(rs->prefilter, &s->hs) != HS_SUCCESS)
        st = MH_ERR_NOMEM;
    if (st != MH_OK) {
        mh_scanner_free(s);
        return st;
    }
    pcre2_jit_stack_assign(s->mctx, jit_cb, s->jit);
    mh_scanner_set_limits(s, NULL, 0);
    *out = s;
    return MH_OK;
}

void mh_scanner_free(mh_scanner *s)
{
    if (!s)
        return;
    if (s->hs)
        hs_free_scratch(s->hs);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    pcre2_general_context_free(s->gctx);
    mh_free(s->done_until);
    mh_free(s);
}

void mh_scanner_set_limits(mh_scanner *s, const mh_limits *limits, int generic_only)
{
    mh_limits def;
    mh_limits_default(&def);
    if (limits) {
        s->lim = *limits;
        if (!s->lim.max_doc_bytes)
            s->lim.max_doc_bytes = def.max_doc_bytes;
        if (!s->lim.max_markers)
            s->lim.max_markers = def.max_markers;
        if (!s->lim.max_html_depth)
            s->lim.max_html_depth = def.max_html_depth;
        if (!s->lim.match_limit)
            s->lim.match_limit = def.match_limit;
        if (!s->lim.depth_limit)
            s->lim.depth_limit = def.depth_limit;
        if (!s->lim.heap_limit_kib)
            s->lim.heap_limit_kib = def.heap_limit_kib;
        if (!s->lim.budget_steps)
            s->lim.budget_steps = def.budget_steps;
    } else {
        s->lim = def;
    }
    s->generic_only = generic_only;
    pcre2_set_match_limit(s->mctx, s->lim.match_limit);
    pcre2_set_depth_limit(s->mctx, s->lim.depth_limit);
    pcre2_set_heap_limit(s->mctx, s->lim.heap_limit_kib);
}

/* Fill m's span and captures from the last successful match. */
static void take_match(mh_scanner *s, const mh_rule *r, mh_marker *m)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    uint32_t pairs = pcre2_get_ovector_count(s->md);
    m->span.start = ov[0];
    m->span.end = ov[1];
    for (int c = 0; c < CAP_COUNT; c++) {
        int g = r->cap[c];
        if (g >= 0 && (uint32_t)g < pairs && ov[2 * g] != PCRE2_UNSET) {
            m->cap[c].start = ov[2 * g];
            m->cap[c].end = ov[2 * g + 1];
        } else {
            m->cap[c].start = m->cap[c].end = MH_NOCAP;
        }
    }
}

/* One regex call under the limits; 1 match, 0 none, -1 limit or error. */
static int match_at(mh_scanner *s, const mh_rule *r, const char *subject, size_t len, size_t offset,
                    uint32_t opts, size_t start_limit)
{
    s->steps++;
    /* no match starts past start_limit (PCRE2_UNSET: anywhere); every rule
       is compiled with PCRE2_USE_OFFSET_LIMIT (rules.c) */
    pcre2_set_offset_limit(s->mctx, start_limit);
    int anchored = (opts & PCRE2_ANCHORED) && r->re_line;
    const pcre2_code *re = anchored ? r->re_line : r->re;
    int rc;
    /* the JIT's own entry skips pcre2_match's checks; the subject is
       valid UTF-8 (the document is repaired before scanning) */
    if (anchored ? r->jit_line : r->jit)
        rc = pcre2_jit_match(re, (PCRE2_SPTR)subject, len, offset, opts & ~PCRE2_ANCHORED, s->md,
                             s->mctx);
    else
        rc = pcre2_match(re, (PCRE2_SPTR)subject, len, offset, PCRE2_NO_UTF_CHECK | opts, s->md,
                         s->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return -1;
}

int mh_scan_match_one(mh_scanner *s, const mh_rule *r, const char *subject, size_t len,
                      mh_marker *m)
{
    if (!r->re)
        return 0;
    int rc = match_at(s, r, subject, len, 0, 0, PCRE2_UNSET);
    if (rc == 1)
        take_match(s, r, m);
    return rc;
}

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The start of the run of bytes before t[from] that r's matches may hold,
 * looking back no further than lo. */
static size_t back_to_stop(const mh_rule *r, const char *t, size_t lo, size_t from)
{
    if (from <= lo)
        return from;
    if (!r->has_stop) {
        const char *nl = memrchr(t + lo, '\n', from - lo);
        return nl ? (size_t)(nl - t) + 1 : lo;
    }
    while (from > lo && !mh_rule_stops(r, (unsigned char)t[from - 1]))
        from--;
    return from;
}

/* The end of the run of bytes from t[from] that r's matches may hold,
 * looking no further than hi. A stop byte of the rule's own is kept at the
 * end, so that a lookahead may read it (", " after a name); no match holds
 * it. */
static size_t on_to_stop(const mh_rule *r, const char *t, size_t from, size_t hi)
{
    if (from >= hi)
        return from;
    if (!r->has_stop) {
        const char *nl = memchr(t + from, '\n', hi - from);
        return nl ? (size_t)(nl - t) : hi;
    }
    while (from < hi && !mh_rule_stops(r, (unsigned char)t[from]))
        from++;
    return from < hi && t[from] != '\n' ? from + 1 : from;
}

/* Bytes of the space character (what \h or \s matches in a regex: ASCII
 * whitespace, U+00A0, U+1680, U+180E, U+2000-U+200A, U+202F, U+205F,
 * U+3000) that starts at t[p], or 0; the text is valid UTF-8. */
static size_t space_at(const unsigned char *t, size_t p, size_t n)
{
    unsigned char c = t[p];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2)
        return p + 1 < n && t[p + 1] == 0xA0 ? 2 : 0;
    if ((c != 0xE1 && c != 0xE2 && c != 0xE3) || p + 2 >= n)
        return 0;
    unsigned char b = t[p + 1], d = t[p + 2];
    if (c == 0xE1)
        return (b == 0x9A && d == 0x80) || (b == 0xA0 && d == 0x8E) ? 3 : 0;
    if (c == 0xE3)
        return b == 0x80 && d == 0x80 ? 3 : 0;
    return (b == 0x80 && (d <= 0x8A || d == 0xAF)) || (b == 0x81 && d == 0x9F) ? 3 : 0;
}

/* Bytes of the space character that ends just before t[p], or 0. Most
 * bytes are letters: ASCII ones are answered at once, and only the last
 * bytes a space's UTF-8 form can end with look further. */
static size_t space_before(const unsigned char *t, size_t lo, size_t p, size_t n)
{
    unsigned char c = t[p - 1];
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    if (c > 0xAF || (c > 0x8A && c != 0x8E && c != 0x9F && c != 0xA0 && c != 0xAF))
        return 0;
    if (p - lo >= 2 && t[p - 2] == 0xC2)
        return space_at(t, p - 2, n) == 2 ? 2 : 0;
    return p - lo >= 3 && space_at(t, p - 3, n) == 3 ? 3 : 0;
}

/* The start of the `words`-th word before t[from], looking back no further
 * than lo: words are what spaces (as space_at reads them) part, and the
 * word holding t[from] is not counted. */
static size_t back_words(const char *text, size_t n, size_t lo, size_t from, long words)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t p = from;
    long runs = 0;
    while (p > lo) {
        size_t w = space_before(t, lo, p, n);
        if (!w) {
            p--;
            continue;
        }
        if ((p == from || !space_at(t, p, n)) && ++runs > words)
            break;
        p -= w;
    }
    return p;
}

/* Run rule r over the window around a hit ending at `end` (text offsets). */
static int run_window(mh_scanner *s, unsigned ri, size_t hit_start, size_t end)
{
    mh_doc *d = s->doc;
    const mh_rule *r = &s->rs->rules[ri];
    const char *t = d->text;
    size_t n = d->text_len;
    if (end <= s->done_until[ri])
        return 0;
    /* a match starts at most r->before bytes before its anchor, after the
     * nearest byte no match holds (a newline, the rule's stop), and after
     * the last match of the rule: for a line-anchored rule the line must
     * start that close, or no regex runs */
    size_t back = r->before;
    size_t lo_cap = hit_start > back ? hit_start - back : 0;
    if (r->before_words >= 0)
        lo_cap = back_words(t, n, lo_cap, hit_start, r->before_words);
    size_t ws = hit_start;
    if (!r->line_anchored && s->done_until[ri] > lo_cap) {
        lo_cap = s->done_until[ri];
        if (ws < lo_cap)
            ws = lo_cap;
    }
    ws = back_to_stop(r, t, lo_cap, ws);
    if (r->line_anchored && ((ws > 0 && t[ws - 1] != '\n') || ws < s->done_until[ri]))
        return 0; /* the line starts beyond reach, or was tried: no match can start there */
    while (ws < n && is_cont((unsigned char)t[ws]))
        ws++;
    size_t hi_cap = end + r->after < n ? end + r->after : n;
    size_t we = on_to_stop(r, t, end, hi_cap);
    while (we < n && we > ws && is_cont((unsigned char)t[we]))
        we--;
    /* A match holds its anchor, or at least overlaps it ("Reuters) -" for
     * the anchor "(Reuters)"): it starts before the anchor ends. Later
     * starts are left to later anchors' windows, and what this window
     * tried (starts up to the anchor's end, or its line) is not tried
     * again. */
    size_t start_limit = r->line_anchored ? PCRE2_UNSET : end - 1;
    if (r->line_anchored)
        s->done_until[ri] = we;
    else if (end > s->done_until[ri])
        s->done_until[ri] = end;
    size_t off = ws;
    while (off <= we && (start_limit == PCRE2_UNSET || off <= start_limit)) {
        if (s->steps >= s->lim.budget_steps) {
            mh_doc_set_limit(d, "budget", r->id);
            return 1;
        }
        int rc = match_at(s, r, t, we, off, r->line_anchored ? PCRE2_ANCHORED : 0, start_limit);
        if (rc < 0) {
            mh_doc_set_limit(d, "regex", r->id);
            return 0;
        }
        if (rc == 0 || (r->line_anchored && off != ws))
            break;
        mh_marker m;
        memset(&m, 0, sizeof m);
        take_match(s, r, &m);
        m.rule = ri;
        m.source = MS_TEXT;
        m.subject = t;
        m.src_start = mh_doc_src_start(d, m.span.start);
        m.src_end = mh_doc_src_end(d, m.span.end);
        m.position = n ? (double)m.span.start / (double)n : 0;
        if (d->nmarkers >= s->lim.max_markers) {
            mh_doc_set_limit(d, "markers", r->id);
            return 1;
        }
        mh_status st = mh_doc_add_marker(d, &m);
        if (st != MH_OK) {
            s->err = st;
            return 1;
        }
        if (!r->line_anchored && m.span.end > s->done_until[ri])
            s->done_until[ri] = m.span.end; /* matches do not overlap */
        if (r->line_anchored)
            break; /* one match per line: ^ holds at the line start only */
        off = m.span.end > m.span.start ? m.span.end : m.span.end + 1;
        while (off < we && is_cont((unsigned char)t[off]))
            off++;
    }
    return 0;
}

/* Part of a word: an ASCII letter or digit, or a byte of a non-ASCII
 * character (most are letters). */
static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Does the anchor hit text[start, end) stand where the rule's
 * anchor-bounds want it (no word byte before it, or after it)? */
static int bounds_hold(const mh_doc *d, unsigned bounds, size_t start, size_t end)
{
    const unsigned char *t = (const unsigned char *)d->text;
    if ((bounds & MH_BOUND_START) && start > 0 && word_byte(t[start - 1]))
        return 0;
    return !((bounds & MH_BOUND_END) && end < d->text_len && word_byte(t[end]));
}

static int on_hit(unsigned int id, unsigned long long from, unsigned long long to,
                  unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    mh_scanner *s = ctx;
    unsigned ri = s->rs->literal_rule[id];
    const mh_rule *r = &s->rs->rules[ri];
    if (s->generic_only && r->outlet_specific)
        return 0;
    size_t start = (size_t)to - s->rs->literal_len[id];
    if (r->anchor_bounds && !bounds_hold(s->doc, r->anchor_bounds, start, (size_t)to))
        return 0;
    return run_window(s, ri, start, (size_t)to);
}

mh_status mh_scan_text(mh_scanner *s, mh_doc *d)
{
    s->doc = d;
    s->err = MH_OK;
    s->steps = 0;
    memset(s->done_until, 0, s->rs->n * sizeof *s->done_until);
    if (!s->rs->prefilter || d->text_len == 0)
        return MH_OK;
    size_t len = d->text_len;
    if (len > s->lim.max_doc_bytes) {
        len = s->lim.max_doc_bytes;
        mh_doc_set_limit(d, "document-size", NULL);
    }
    if (len > 0xFFFFFFFFu) /* Hyperscan takes an unsigned int length */
        len = 0xFFFFFFFFu;
    hs_error_t rc = hs_scan(s->rs->prefilter, d->text, (unsigned)len, 0, s->hs, on_hit, s);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        return MH_ERR_INTERNAL;
    return s->err;
}

mh_status mh_scan_items(mh_scanner *s, mh_doc *d)
{
    for (size_t i = 0; i < d->nitems; i++) {
        const mh_item *it = &d->items[i];
        const mh_rule *r = &s->rs->rules[it->rule];
        if (s->generic_only && r->outlet_specific)
            continue;
        mh_marker m;
        memset(&m, 0, sizeof m);
        m.rule = it->rule;
        m.source = MS_HTML;
        m.subject = it->value;
        m.src_start = it->src_start;
        m.src_end = it->src_end;
        m.position = d->input_len ? (double)it->src_start / (double)d->input_len : 0;
        size_t vlen = strlen(it->value);
        if (r->re) {
            int rc = mh_scan_match_one(s, r, it->value, vlen, &m);
            if (rc < 0)
                mh_doc_set_limit(d, "regex", r->id);
            if (rc != 1)
                continue;
        } else {
            /* no pattern: the whole value is the kind's main capture */
            m.span.start = 0;
            m.span.end = vlen;
            for (int c = 0; c < CAP_COUNT; c++)
                m.cap[c].start = m.cap[c].end = MH_NOCAP;
            int c = CAP_NAME;
            if (r->kind == MK_CANONICAL || r->kind == MK_SHARE || r->kind == MK_URL)
                c = CAP_URL;
            else if (r->kind == MK_HANDLE)
                c = CAP_HANDLE;
            else if (r->kind == MK_DATE)
                c = CAP_DATE;
            else if (r->kind == MK_DOMAIN)
                c = CAP_HOST;
            m.cap[c].start = 0;
            m.cap[c].end = vlen;
        }
        if (d->nmarkers >= s->lim.max_markers) {
            mh_doc_set_limit(d, "markers", r->id);
            break;
        }
        mh_status st = mh_doc_add_marker(d, &m);
        if (st != MH_OK)
            return st;
    }
    return MH_OK;
}

/* Should marker a give way to the overlapping marker b? */
static int yields(mh_mkind a, mh_mkind b)
{
    switch (a) {
    case MK_COPYRIGHT: return b == MK_CREDIT;
    case MK_MENTION:
        return b == MK_DATELINE || b == MK_ORIGIN || b == MK_CREDIT || b == MK_COPYRIGHT ||
               b == MK_BRAND;
    case MK_DOMAIN:
        return b == MK_URL || b == MK_COPYRIGHT || b == MK_CREDIT || b == MK_ORIGIN ||
               b == MK_BRAND || b == MK_DATELINE || b == MK_MENTION || b == MK_EMAIL;
    case MK_HANDLE: return b == MK_URL || b == MK_DOMAIN || b == MK_EMAIL;
    case MK_BRAND: return b == MK_COPYRIGHT || b == MK_CREDIT;
    default: return 0;
    }
}

typedef struct startidx {
    size_t start, idx;
} startidx;

static int by_start(const void *x, const void *y)
{
    const startidx *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void mh_scan_resolve_overlaps(const mh_ruleset *rs, mh_doc *d)
{
    size_t n = d->nmarkers;
    if (n < 2)
        return;
    startidx *order = mh_malloc(n * sizeof *order);
    unsigned char *drop = mh_calloc(n, 1);
    if (!order || !drop) { /* without memory, keep every marker: safe, only redundant */
        mh_free(order);
        mh_free(drop);
        return;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (startidx){d->markers[i].span.start, i};
    qsort(order, n, sizeof *order, by_start);
    for (size_t x = 0; x < n; x++) {
        size_t i = order[x].idx;
        const mh_marker *a = &d->markers[i];
        if (a->source != MS_TEXT)
            continue;
        for (size_t y = x + 1; y < n; y++) {
            size_t j = order[y].idx;
            const mh_marker *b = &d->markers[j];
            if (b->span.start >= a->span.end)
                break;
            if (b->source != MS_TEXT)
                continue;
            mh_mkind ka = rs->rules[a->rule].kind, kb = rs->rules[b->rule].kind;
            if (ka == kb && ka != MK_CREDIT && ka != MK_MENTION) {
                size_t la = a->span.end - a->span.start, lb = b->span.end - b->span.start;
                drop[la >= lb ? j : i] = 1;
            } else if (yields(ka, kb)) {
                drop[i] = 1;
            } else if (yields(kb, ka)) {
                drop[j] = 1;
            }
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!drop[i])
            d->markers[w++] = d->markers[i];
    d->nmarkers = w;
    mh_free(order);
    mh_free(drop);
}
