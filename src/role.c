/* role.c — roles and confidence.
 *
 * How a candidate's role and weight are decided (mechanisms only; no outlet
 * is named here):
 *   - The rule's kind gives the default role and the rule its weight.
 *   - A copyright line whose holder is a wire agency names the origin of the
 *     copy, not the site it is on (DESIGN §6); so does an agency's dateline.
 *   - A copyright line held by an organisation that owns several outlets is
 *     evidence for whichever of its outlets the page otherwise shows (another
 *     marker, or its brand name written in the text).
 *   - Markers in the first half of a long text (navigation, teasers) weigh
 *     less than footers; names shared by several entities weigh less.
 *   - The outlet given by a cross-domain canonical link that another marker
 *     contradicts is the origin: syndicated copy points home.
 * Scores per (outlet, role) are the noisy-OR of their weights; the publisher
 * is the best publisher score above MIN_PUBLISHER_SCORE. */
#include "role.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strcopy.h"
#include "alloc.h"
#include "brandcount.h"
#include "engine.h"
#include "group.h"
#include "headline.h"
#include "jtext.h"
#include "recordstore.h"

#define MIN_PUBLISHER_SCORE 0.35
#define GIVEN_URL_WEIGHT    0.97
#define LONG_TEXT           3000
/* A footer copyright line lies past this share of the text. */
#define OWN_FOOTER_POSITION 0.9
/* Copyright lines within this many lines of the last one are the same footer. */
#define FOOTER_LINES 5
/* A domain the text names itself by (self_named): its label at least this
 * long, written this often in all, this often on its own; its weight */
#define SELF_LABEL_MIN    4
#define SELF_NAMED_MIN    5
#define SELF_ALONE_MIN    3
#define SELF_NAMED_WEIGHT 0.38
/* each a scan of the text: a page of links does not make it quadratic */
#define SELF_MAX_DOMAINS 16

/* A URL in the text whose slug spells the headline beside it is the text's
 * own address (headline.h): publisher evidence as strong as an own footer. */
#define OWN_ADDRESS_WEIGHT 0.85

void mh_verdict_init(mh_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->publisher = -1;
}

void mh_verdict_free(mh_verdict *v)
{
    for (size_t i = 0; i < v->n; i++)
        mh_free(v->entries[i].cands);
    mh_free(v->entries);
    mh_verdict_init(v);
}

/* Calibration: raw scores to the share of right answers observed at that
 * score on real pages (tests/eval; docs/confidence.md). Piecewise linear. */
double mh_calibrate(double raw)
{
    /* fitted on the dev corpus (make eval): raw 0.5 (an owner's footer
     * attributed to its title) was right 27 times of 27 (set to 0.90, not
     * higher: a group's sister titles are where text mode errs), raw 0.7-0.8
     * (a footer and a brand line) 92%, raw 0.85 (a footer naming the outlet)
     * 100% of 35, address evidence (raw > 0.95) 100% of 155 */
    static const double knots[][2] = {
        {0.00, 0.00}, {0.20, 0.30}, {0.35, 0.70},  {0.50, 0.90},
        {0.75, 0.92}, {0.85, 0.95}, {0.95, 0.975}, {1.00, 0.99},
    };
    size_t n = sizeof knots / sizeof knots[0];
    if (raw <= 0)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (raw <= knots[i][0]) {
            double t = (raw - knots[i - 1][0]) / (knots[i][0] - knots[i - 1][0]);
            return knots[i - 1][1] + t * (knots[i][1] - knots[i - 1][1]);
        }
    }
    return knots[n - 1][1];
}

static const mh_marker *marker_of(const mh_scratch *sc, const mh_cand *c)
{
    return c->marker == MH_GIVEN_URL ? &sc->given : &sc->doc.markers[c->marker];
}

static const mh_rule *rule_of(const mh_scratch *sc, const mh_cand *c)
{
    const mh_marker *m = marker_of(sc, c);
    return m->rule < sc->eng->rules->n ? &sc->eng->rules->rules[m->rule] : NULL;
}

static size_t lines_between(const char *text, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += text[i] == '\n';
    return n;
}

/* Start of the last copyright line of the text (the page's own footer), or
 * SIZE_MAX when the text has none. */
static size_t last_copyright(const mh_scratch *sc)
{
    /* a wire agency's line ("© Reuters" closing a syndicated story) is the
     * footer only when no outlet that is not an agency has a line: a page
     * may print its own footer above the story's end */
    size_t last = (size_t)-1, last_own = (size_t)-1;
    for (size_t i = 0; i < sc->ncands; i++) {
        const mh_cand *c = &sc->cands[i];
        if (c->marker == MH_GIVEN_URL)
            continue;
        const mh_marker *m = &sc->doc.markers[c->marker];
        if (m->source != MS_TEXT || sc->eng->rules->rules[m->rule].kind != MK_COPYRIGHT)
            continue;
        if (last == (size_t)-1 || m->span.start > last)
            last = m->span.start;
        if (c->entity && c->is_outlet && !c->is_wire &&
            (last_own == (size_t)-1 || m->span.start > last_own))
            last_own = m->span.start;
    }
    if (last_own != (size_t)-1 && last != last_own) {
        /* the last line must be an agency's for the footer to move up */
        for (size_t i = 0; i < sc->ncands; i++) {
            const mh_cand *c = &sc->cands[i];
            if (c->marker != MH_GIVEN_URL && sc->doc.markers[c->marker].span.start == last &&
                !(c->entity && c->is_wire))
                return last;
        }
        return last_own;
    }
    return last;
}

/* Is this copyright line the page's own footer: the last copyright line,
 * near the end of a long text, without a syndication notice after it? An
 * agency's footer on its own site names it as the publisher. */
static int own_footer(const mh_scratch *sc, const mh_cand *c, const mh_marker *m, const mh_rule *r,
                      size_t footer)
{
    if (r->kind != MK_COPYRIGHT || m->source != MS_TEXT || m->span.start != footer ||
        m->position < OWN_FOOTER_POSITION)
        return 0;
    /* every other copyright line of the page names the same holder: a page
     * that also carries another holder's line is someone else's site */
    for (size_t i = 0; i < sc->ncands; i++) {
        const mh_cand *o = &sc->cands[i];
        const mh_marker *om = marker_of(sc, o);
        if (o->marker == MH_GIVEN_URL || om->source != MS_TEXT ||
            sc->eng->rules->rules[om->rule].kind != MK_COPYRIGHT)
            continue;
        if (o->entity != c->entity)
            return 0;
    }
    size_t end = m->span.end + 240 < sc->doc.text_len ? m->span.end + 240 : sc->doc.text_len;
    for (size_t i = m->span.end; i + 16 <= end; i++)
        if (strncasecmp(sc->doc.text + i, "not be published", 16) == 0)
            return 0;
    return 1;
}

/* Role and weight of one candidate from its marker's kind and context. */
static void weigh(const mh_scratch *sc, mh_cand *c, size_t footer)
{
    const mh_rule *r = rule_of(sc, c);
    const mh_marker *m = marker_of(sc, c);
    if (!r) { /* the URL given apart from the text */
        c->role = ROLE_PUBLISHER;
        c->weight = GIVEN_URL_WEIGHT;
        return;
    }
    c->role = r->role;
    c->weight = r->weight;
    if (c->headline_len) {
        c->role = ROLE_PUBLISHER;
        c->weight = OWN_ADDRESS_WEIGHT;
        return;
    }
    if (c->entity == 0 && c->via != VIA_DOMAIN) {
        c->role = ROLE_NONE; /* an unresolved name: reported, not weighed */
        return;
    }
    if (c->entity == 0 && (c->role != ROLE_PUBLISHER || r->kind == MK_EMAIL)) {
        /* an unknown domain only matters as the page's own, and an address
         * at an unknown domain does not say the page is that domain's */
        c->role = ROLE_NONE;
        return;
    }
    /* a copyright line above the page's last one belongs to content from
     * elsewhere (a syndicated story keeps its owner's line): the origin */
    if (r->kind == MK_COPYRIGHT && m->source == MS_TEXT && footer != (size_t)-1 &&
        m->span.start < footer && c->role == ROLE_PUBLISHER &&
        lines_between(sc->doc.text, m->span.start, footer) > FOOTER_LINES)
        c->role = ROLE_ORIGIN;
    /* a wire agency named by a copyright line that is not the page's own
     * footer, or as the JSON-LD publisher or author of the article, is the
     * origin of syndicated copy; a site name (og:site_name, a title) or the
     * page's address names the site itself */
    if (c->is_wire && c->role == ROLE_PUBLISHER &&
        ((r->kind == MK_COPYRIGHT && m->source == MS_TEXT && !own_footer(sc, c, m, r, footer)) ||
         r->kind == MK_PUBLISHER || r->kind == MK_AUTHOR))
        c->role = ROLE_ORIGIN;
    if (strcmp(c->step, "domain_label") == 0 || strcmp(c->step, "holder_domain") == 0)
        c->weight *= 0.85; /* a name that spells a domain: likely, not certain */
    /* a dateline naming an outlet that is not an agency ("(CNN) —") is that
     * outlet's own story: evidence of the publisher as well as the origin */
    if (r->kind == MK_DATELINE && c->entity && c->is_outlet && !c->is_wire)
        c->weight *= 1.0;
    if (m->source == MS_TEXT && c->role == ROLE_PUBLISHER && sc->doc.text_len > LONG_TEXT &&
        m->position < 0.5)
        c->weight *= 0.6;
    if (c->via == VIA_ALIAS &&
        (strcmp(c->alias_kind, "abbreviation") == 0 || strcmp(c->alias_kind, "translation") == 0))
        c->weight *= 0.9;
    if (c->ambiguous > 1)
        c->weight /= c->ambiguous;
}

/* Up to max direct owners of an entity, whatever their dates. */
static size_t owners_of(mh_scratch *sc, long long entity, long long *out, size_t max)
{
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_OWNERS);
    sqlite3_bind_int64(q, 1, entity);
    size_t n = 0;
    while (n < max && sqlite3_step(q) == SQLITE_ROW)
        out[n++] = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return n;
}

/* Whether two database entities are one business: one owns the other, or
 * they share a direct owner (a paper and its website kept as two records). */
static int one_business(mh_scratch *sc, long long a, long long b)
{
    long long oa[16], ob[16];
    size_t na = owners_of(sc, a, oa, 16), nb = owners_of(sc, b, ob, 16);
    for (size_t i = 0; i < na; i++) {
        if (oa[i] == b)
            return 1;
        for (size_t j = 0; j < nb; j++)
            if (oa[i] == ob[j])
                return 1;
    }
    for (size_t j = 0; j < nb; j++)
        if (ob[j] == a)
            return 1;
    return 0;
}

/* How many publisher entries tie exactly with entries[best] (same channel
 * tier, same score) while being another business, that one included; 0
 * when none does. Such a tie (a footer name that two local papers share) is
 * a coin toss, not evidence: no publisher is named. */
static size_t tied_with(mh_scratch *sc, const mh_verdict *v, size_t best)
{
    const mh_entry *b = &v->entries[best];
    size_t tied = 0;
    for (size_t i = 0; i < v->n; i++) {
        const mh_entry *e = &v->entries[i];
        if (i == best || e->role != ROLE_PUBLISHER || e->tier != b->tier ||
            fabs(e->score - b->score) > 1e-12)
            continue;
        if (!b->entity || !e->entity || !one_business(sc, b->entity, e->entity))
            tied++;
    }
    return tied ? tied + 1 : 0;
}

/* Evidence channels: the page's address, its self-description in metadata,
 * and its text. Agreement across channels counts; repetition within one
 * does not (one vote per channel, its strongest). */
enum { CH_TEXT = 0, CH_META = 1, CH_URL = 2, CH_COUNT };

static int channel_of(const mh_scratch *sc, const mh_cand *c)
{
    const mh_rule *r = rule_of(sc, c);
    if (!r || r->kind == MK_CANONICAL || r->kind == MK_SHARE)
        return CH_URL;
    if (marker_of(sc, c)->source == MS_HTML)
        return CH_META;
    return CH_TEXT;
}

static mh_status entry_add(mh_verdict *v, const mh_cand *c, size_t ci)
{
    mh_entry *e = NULL;
    for (size_t i = 0; i < v->n; i++) {
        mh_entry *x = &v->entries[i];
        if (x->role != (mh_role)c->role)
            continue;
        if (c->entity ? x->entity == c->entity
                      : (x->entity == 0 && strcmp(x->domain, c->domain) == 0)) {
            e = x;
            break;
        }
    }
    if (!e) {
        if (v->n == v->alloc) {
            mh_entry *p = mh_grow(v->entries, &v->alloc, sizeof *p, 16);
            if (!p)
                return MH_ERR_NOMEM;
            v->entries = p;
        }
        e = &v->entries[v->n++];
        memset(e, 0, sizeof *e);
        e->entity = c->entity;
        e->role = (mh_role)c->role;
        e->is_outlet = c->entity ? c->is_outlet : 1;
        if (!c->entity)
            memcpy(e->domain, c->domain, sizeof e->domain);
    }
    if (e->ncands == e->alloc) {
        size_t *p = mh_grow(e->cands, &e->alloc, sizeof *p, 4);
        if (!p)
            return MH_ERR_NOMEM;
        e->cands = p;
    }
    e->cands[e->ncands++] = ci;
    return MH_OK;
}

/* Noisy-OR over channels of each channel's strongest evidence; the entry's
 * tier is its most authoritative channel (address > metadata > text). */
static void entry_score(const mh_scratch *sc, mh_entry *e)
{
    double best[CH_COUNT] = {0, 0, 0};
    e->tier = -1;
    for (size_t i = 0; i < e->ncands; i++) {
        const mh_cand *c = &sc->cands[e->cands[i]];
        int ch = channel_of(sc, c);
        if (c->weight > best[ch])
            best[ch] = c->weight;
        if (ch > e->tier)
            e->tier = ch;
    }
    double keep = 1;
    for (int ch = 0; ch < CH_COUNT; ch++)
        keep *= 1 - best[ch];
    e->score = 1 - keep;
}

/* The document's text with ASCII letters lowercased, made once per
 * document when a brand must be counted; NULL without memory. */
static const char *lowered_text(mh_scratch *sc)
{
    mh_doc *d = &sc->doc;
    if (d->lower_ready)
        return d->lower.data ? d->lower.data : "";
    mh_buf_reset(&d->lower);
    if (mh_buf_add(&d->lower, d->text, d->text_len) != MH_OK)
        return NULL;
    unsigned char *t = (unsigned char *)d->lower.data;
    size_t i = 0;
#if defined(__SSE2__)
    for (; d->lower.len - i >= 16; i += 16) { /* 16 bytes at a time: A-Z gain 0x20 */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i off = _mm_sub_epi8(v, _mm_set1_epi8('A'));
        __m128i upper = _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8(25)), off);
        v = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
        _mm_storeu_si128((__m128i *)(void *)(t + i), v);
    }
#endif
    for (; i < d->lower.len; i++)
        if (t[i] >= 'A' && t[i] <= 'Z')
            t[i] = (unsigned char)(t[i] + 32);
    d->lower_ready = 1;
    return d->lower.data ? d->lower.data : "";
}

static int is_word_char(char ch)
{
    unsigned char u = (unsigned char)ch;
    return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u >= 0x80;
}

static void ascii_lower(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? (char)(src[i] + 32) : src[i];
    dst[i] = '\0';
}

/* When the holder's folded name starts with the brand's folded form (the
 * alias index's own), the holder's next word (copied into next); else "". */
static void holder_next_word(const char *folded_brand, const char *holder, char *next, size_t n)
{
    next[0] = '\0';
    size_t bl = strlen(folded_brand);
    if (bl && strncmp(holder, folded_brand, bl) == 0 && holder[bl] == ' ') {
        const char *w = holder + bl + 1;
        size_t wl = strcspn(w, " ");
        snprintf(next, n, "%.*s", (int)wl, w);
    }
}

/* Does a URL in the text point at an article (a path of two segments or
 * more, long or numbered) rather than at a site? A page that prints its own
 * address (a share box, a print footer) names its site by such a URL, where
 * a sister title appears as a bare domain or a brand in the menus. */
static int article_url(const mh_scratch *sc, const mh_cand *c)
{
    const mh_marker *m = marker_of(sc, c);
    const mh_rule *r = rule_of(sc, c);
    if (!r || r->kind != MK_URL || m->cap[CAP_URL].start == MH_NOCAP || !m->subject)
        return 0;
    const char *u = m->subject + m->cap[CAP_URL].start;
    size_t n = m->cap[CAP_URL].end - m->cap[CAP_URL].start;
    const char *scheme = memmem(u, n, "://", 3);
    size_t i = scheme ? (size_t)(scheme - u) + 3 : 0;
    while (i < n && u[i] != '/')
        i++; /* the host */
    size_t segments = 0, path_len = 0, digits = 0, run = 0;
    for (int in_segment = 0; i < n && u[i] != '?' && u[i] != '#'; i++, path_len++) {
        if (u[i] == '/') {
            in_segment = 0;
            run = 0;
            continue;
        }
        if (!in_segment)
            segments++;
        in_segment = 1;
        run = u[i] >= '0' && u[i] <= '9' ? run + 1 : 0;
        if (run > digits)
            digits = run;
    }
    return segments >= 2 && (path_len >= 24 || digits >= 5);
}

/* A brand followed by one of these words names a company or a network,
 * not the title: "USA TODAY NETWORK" on a local paper's page, "Daily Mail
 * Group" (English common nouns; the legal forms come after them) */
static const char *const group_words[] = {
    "network", "networks", "group", "media", "company", "corporation", "publishing", "holdings",
    "inc",     "llc",      "co",    "corp",  "ltd",     "plc",         NULL,
};

/* The brand names of a group's outlets, lowercased, each with the
 * holder's next word when the holder's own name starts with it: brands[k]
 * points into text[k], which says whose name it is. */
typedef struct brand_text {
    char name[128], skip[64];
    size_t outlet;
} brand_text;

typedef struct group_brands {
    mh_brand *brands;
    brand_text *text;
    size_t n, cap;
} group_brands;

static mh_status collect_brands(group_brands *gb, const char *holder, const mh_jspan *names,
                                size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mh_jiter it;
        mh_jspan pair;
        mh_jt_iter(&it, names[i]);
        while (mh_jt_next(&it, NULL, &pair)) {
            mh_jiter p;
            mh_jspan alias_v, folded_v;
            mh_jt_iter(&p, pair);
            if (!mh_jt_next(&p, NULL, &alias_v) || !mh_jt_next(&p, NULL, &folded_v))
                continue;
            char alias[128], folded[128], next[64];
            if (!mh_jt_str(alias_v, alias, sizeof alias) ||
                !mh_jt_str(folded_v, folded, sizeof folded))
                continue;
            if (gb->n == gb->cap) {
                size_t cap = gb->cap ? gb->cap * 2 : 32;
                brand_text *text = mh_realloc(gb->text, cap * sizeof *text);
                if (text)
                    gb->text = text;
                mh_brand *brands = text ? mh_realloc(gb->brands, cap * sizeof *brands) : NULL;
                if (!brands)
                    return MH_ERR_NOMEM;
                gb->brands = brands;
                gb->cap = cap;
            }
            brand_text *t = &gb->text[gb->n++];
            holder_next_word(folded, holder, next, sizeof next);
            ascii_lower(t->name, sizeof t->name, alias);
            ascii_lower(t->skip, sizeof t->skip, next);
            t->outlet = i;
        }
    }
    /* the names in place: text no longer moves */
    for (size_t k = 0; k < gb->n; k++)
        gb->brands[k] = (mh_brand){gb->text[k].name,
                                   strlen(gb->text[k].name),
                                   gb->text[k].skip,
                                   strlen(gb->text[k].skip),
                                   group_words,
                                   0,
                                   0};
    return MH_OK;
}

/* attribute_org's choice among the group's outlets owned[0..n), each with
 * the text of its [[name, folded name], ...] list. */
static mh_status attribute_to_group(mh_scratch *sc, size_t ci, const long long *owned,
                                    const mh_jspan *names, size_t n)
{
    mh_cand *c = &sc->cands[ci];
    if (n == 0)
        return MH_OK;
    for (int want_publisher = 1; want_publisher >= 0; want_publisher--) {
        /* among titles of the group the page names, a publisher first;
         * else the one whose article URL the page prints, else the first */
        const mh_cand *pick = NULL;
        int pick_article = 0;
        for (size_t k = 0; k < sc->ncands; k++) {
            const mh_cand *o = &sc->cands[k];
            if (k == ci || !o->entity || !o->is_outlet)
                continue;
            if (want_publisher != (o->role == ROLE_PUBLISHER))
                continue;
            int in_group = 0;
            for (size_t i = 0; i < n && !in_group; i++)
                in_group = owned[i] == o->entity;
            if (!in_group)
                continue;
            int article = !want_publisher && article_url(sc, o);
            if (!pick || (article && !pick_article)) {
                pick = o;
                pick_article = article;
            }
            if (want_publisher || pick_article)
                break;
        }
        if (pick) {
            c->entity = pick->entity;
            c->is_outlet = 1;
            /* the owner's name confirms the group, not the title */
            c->weight *= want_publisher ? 0.9 : 0.6;
            mh_strcopy(c->step, sizeof c->step, "owner_alias");
            return MH_OK;
        }
    }
    if (n == 1) {
        c->entity = owned[0];
        c->is_outlet = 1;
        c->weight *= 0.85;
        mh_strcopy(c->step, sizeof c->step, "owner_single");
        return MH_OK;
    }
    /* the brand the text repeats most (at least twice, and twice as often as
     * any other), or the only one it names at all: every brand name of the
     * group counted in one pass over the text */
    group_brands gb = {0};
    mh_status st = collect_brands(&gb, c->matched, names, n);
    const char *low = st == MH_OK && gb.n ? lowered_text(sc) : NULL;
    if (low)
        mh_count_brands(low, sc->doc.text_len, gb.brands, gb.n);
    long long best = 0;
    size_t best_count = 0, second = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t k = 0; low && k < gb.n; k++)
            if (gb.text[k].outlet == i && gb.brands[k].count > count)
                count = gb.brands[k].count;
        if (count > best_count) {
            second = best_count;
            best_count = count;
            best = owned[i];
        } else if (count > second) {
            second = count;
        }
    }
    mh_free(gb.text);
    mh_free(gb.brands);
    if (st != MH_OK)
        return st;
    if (best &&
        ((best_count >= 2 && best_count >= 2 * second) || (best_count == 1 && second == 0))) {
        c->entity = best;
        c->is_outlet = 1;
        c->weight *= 0.8;
        mh_strcopy(c->step, sizeof c->step, "owner_brand");
    }
    return MH_OK;
}

/* An organisation named as copyright holder: which of its outlets is this?
 * One that other evidence names (as publisher first, then anywhere), its only
 * outlet, or the one whose brand the text repeats (the group is read once
 * per cache entry: group.h). */
static mh_status attribute_org(mh_scratch *sc, size_t ci)
{
    mh_cand *c = &sc->cands[ci];
    mh_frag *group = mh_record_get(sc, c->entity, NULL, FRAG_GROUP);
    if (!group)
        return MH_ERR_NOMEM;
    long long owned[MH_GROUP_OUTLETS];
    mh_jspan names[MH_GROUP_OUTLETS];
    size_t n = 0;
    mh_jiter it;
    mh_jspan entry;
    mh_jt_iter(&it, (mh_jspan){group->text, group->len});
    while (n < MH_GROUP_OUTLETS && mh_jt_next(&it, NULL, &entry)) {
        mh_jiter e;
        mh_jspan id, list;
        mh_jt_iter(&e, entry);
        if (!mh_jt_next(&e, NULL, &id) || !mh_jt_next(&e, NULL, &list))
            continue;
        owned[n] = strtoll(id.p, NULL, 10);
        names[n++] = list;
    }
    mh_status st = attribute_to_group(sc, ci, owned, names, n);
    mh_frag_unref(group);
    return st;
}

/* Occurrences of label as a whole word in the lowered text, and how many
 * of them stand alone (not the start of a domain: "givewell" in "GiveWell
 * says" but not in "givewell.org"). */
static void count_label(const char *low, size_t len, const char *label, size_t ll, size_t *all,
                        size_t *alone)
{
    *all = *alone = 0;
    for (const char *p = low; (p = memmem(p, (size_t)(low + len - p), label, ll)) != NULL; p++) {
        size_t i = (size_t)(p - low), e = i + ll;
        if ((i && is_word_char(low[i - 1])) || (e < len && is_word_char(low[e])))
            continue;
        (*all)++;
        if (!(e + 1 < len && low[e] == '.' && is_word_char(low[e + 1])) &&
            !(i && (low[i - 1] == '.' || low[i - 1] == '@' || low[i - 1] == '/')))
            (*alone)++;
    }
}

/* Is the suffix after a domain's first label (".com", ".co.uk", ".ru") a
 * country's or one of the oldest generic ones? The newer generic TLDs are
 * English words, and words joined by a dot ("Email Security.cloud",
 * "business.Click") read as domains. */
static int plain_tld(const char *suffix)
{
    const char *last = strrchr(suffix, '.');
    if (!last)
        return 0;
    last++;
    return strlen(last) == 2 || strcmp(last, "com") == 0 || strcmp(last, "org") == 0 ||
           strcmp(last, "net") == 0;
}

/* A page that names no publisher may still name itself: a domain written
 * in its text (bare, in an address, or a link to a home page: not only in
 * a link to an article elsewhere) whose name the text also uses on its
 * own, again and again ("GiveWell" 31 times beside "info@givewell.org"),
 * is most likely its own. The one such domain, named at
 * least twice as often as any other, becomes a weak publisher candidate
 * (step "self_named"). Only domains the database lacks: a known outlet is
 * named through its aliases, and known platforms ("Follow us on Twitter")
 * are named on every site. Generic words ("news", "online") and short
 * labels never count. */
static mh_status self_named(mh_scratch *sc)
{
    for (size_t i = 0; i < sc->ncands; i++)
        if (sc->cands[i].role == ROLE_PUBLISHER && sc->cands[i].weight >= MIN_PUBLISHER_SCORE)
            return MH_OK;
    const char *low = NULL;
    size_t best = (size_t)-1, best_count = 0, second = 0;
    size_t counted[SELF_MAX_DOMAINS], ncounted = 0;
    for (size_t i = 0; i < sc->ncands; i++) {
        const mh_cand *c = &sc->cands[i];
        const mh_rule *r = rule_of(sc, c);
        if (!r || (r->kind != MK_DOMAIN && r->kind != MK_URL && r->kind != MK_EMAIL) ||
            c->via != VIA_DOMAIN || c->entity || marker_of(sc, c)->source != MS_TEXT ||
            !c->domain[0] || article_url(sc, c))
            continue;
        size_t ll = strcspn(c->domain, ".");
        if (ll < SELF_LABEL_MIN || c->domain[ll] != '.' || !plain_tld(c->domain + ll) ||
            mh_folder_is_generic(sc->eng->folder, c->domain, ll))
            continue;
        int seen = 0; /* one count per domain, and a bounded number of them */
        for (size_t k = 0; k < ncounted && !seen; k++)
            seen = strcmp(sc->cands[counted[k]].domain, c->domain) == 0;
        if (seen || ncounted == SELF_MAX_DOMAINS)
            continue;
        counted[ncounted++] = i;
        if (!low && !(low = lowered_text(sc)))
            return MH_ERR_NOMEM;
        char label[MH_HOST_MAX];
        ascii_lower(label, ll + 1 < sizeof label ? ll + 1 : sizeof label, c->domain);
        size_t all, alone;
        count_label(low, sc->doc.text_len, label, strlen(label), &all, &alone);
        if (all < SELF_NAMED_MIN || alone < SELF_ALONE_MIN)
            continue;
        sc->cands[i].repeats = (int)(all < 1000000 ? all : 1000000);
        if (all > best_count) {
            second = best_count;
            best_count = all;
            best = i;
        } else if (all > second) {
            second = all;
        }
    }
    if (best == (size_t)-1 || best_count < 2 * second)
        return MH_OK;
    mh_cand *c = &sc->cands[best];
    c->role = ROLE_PUBLISHER;
    c->weight = SELF_NAMED_WEIGHT;
    mh_strcopy(c->step, sizeof c->step, "self_named");
    ascii_lower(c->matched,
                strcspn(c->domain, ".") + 1 < sizeof c->matched ? strcspn(c->domain, ".") + 1
                                                                : sizeof c->matched,
                c->domain);
    return MH_OK;
}

/* Whether another marker of the document, naming one outlet only, names
 * entity, or a publisher candidate is one business with it. */
static int confirmed_elsewhere(mh_scratch *sc, size_t marker, long long entity)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sc->ncands; i++) {
            const mh_cand *o = &sc->cands[i];
            if (o->marker == marker || !o->entity || o->role == ROLE_NONE || o->ambiguous > 1)
                continue;
            if (pass == 0 ? o->entity == entity
                          : o->role == ROLE_PUBLISHER && one_business(sc, o->entity, entity))
                return 1;
        }
    return 0;
}

/* A name that several entities share ("NBC": Namibia's broadcaster and the
 * American network) says nothing about which one a mention, credit or
 * dateline means, unless the rest of the document names one of them: keep
 * that one, else none. The marker is then reported as ambiguous (step
 * "ambiguous" on its first candidate), not as a guess with the wrong
 * outlet's labels. A publisher's ties are settled by tied_with. */
static void settle_ambiguous(mh_scratch *sc)
{
    for (size_t i = 0; i < sc->ncands;) {
        size_t end = i + 1;
        while (end < sc->ncands && sc->cands[end].marker == sc->cands[i].marker)
            end++;
        mh_cand *c = &sc->cands[i];
        int secondary = 0; /* a sibling's role other than publisher (a wire
                              agency's copyright is an origin) */
        for (size_t k = i; k < end; k++)
            secondary |= sc->cands[k].role != ROLE_NONE && sc->cands[k].role != ROLE_PUBLISHER;
        if (c->ambiguous > 1 && c->entity && secondary) {
            long keep = -1;
            int supported = 0;
            for (size_t k = i; k < end; k++)
                if (sc->cands[k].entity && sc->cands[k].ambiguous > 1 &&
                    confirmed_elsewhere(sc, c->marker, sc->cands[k].entity)) {
                    keep = (long)k;
                    supported++;
                }
            /* else the one outlet whose wire credit the name is ("CNA" is
             * the Taiwanese agency's credit, Singapore's channel's brand) */
            int settled = supported ? 1 : 2, credits = 0;
            for (size_t k = i; k < end && supported == 0; k++)
                if (sc->cands[k].ambiguous > 1 &&
                    strcmp(sc->cands[k].alias_kind, "wire_credit") == 0) {
                    keep = (long)k;
                    credits++;
                }
            if (supported == 0 && credits == 1)
                supported = 1;
            for (size_t k = i; k < end; k++) {
                mh_cand *s = &sc->cands[k];
                if (s->ambiguous <= 1)
                    continue; /* another reading of the marker, not a sibling */
                if (supported == 1 && (long)k == keep) {
                    s->weight *= s->ambiguous; /* no longer shared */
                    s->settled = settled;
                    continue;
                }
                s->role = ROLE_NONE;
            }
            if (supported != 1)
                mh_strcopy(c->step, sizeof c->step, "ambiguous");
        }
        i = end;
    }
}

/* The URL of the text that spells the headline beside it (headline.h): its
 * candidates get the headline's line. Only when it is the one address of an
 * article the text holds (repeats and its own site's aside): sources listed
 * with their titles, or related stories, are links to elsewhere. */
static void own_address(mh_scratch *sc)
{
    long found = -1;
    size_t at = 0, n = 0; /* the headline's line, of the address found */
    const char *domain = NULL;
    for (size_t i = 0; i < sc->ncands; i++) {
        const mh_cand *c = &sc->cands[i];
        const mh_rule *r = rule_of(sc, c);
        const mh_marker *m = r ? marker_of(sc, c) : NULL;
        if (!r || r->kind != MK_URL || m->source != MS_TEXT || !c->domain[0] ||
            m->subject != sc->doc.text || m->cap[CAP_URL].start == MH_NOCAP || !article_url(sc, c))
            continue;
        if (!domain)
            domain = c->domain;
        else if (strcmp(domain, c->domain) != 0)
            return; /* articles of two sites */
        const mh_span *u = &m->cap[CAP_URL];
        if (found < 0 && mh_url_spells_headline(sc->doc.text, sc->doc.text_len, u->start, u->end,
                                                m->subject + u->start, u->end - u->start, &at, &n))
            found = (long)i;
    }
    for (size_t i = 0; found >= 0 && i < sc->ncands; i++)
        if (sc->cands[i].marker == sc->cands[found].marker) {
            sc->cands[i].headline = at;
            sc->cands[i].headline_len = n;
        }
}

mh_status mh_decide_roles(mh_scratch *sc, mh_verdict *v, const char *date)
{
    (void)date;
    mh_status st = MH_OK;
    size_t footer = last_copyright(sc);
    own_address(sc);
    for (size_t i = 0; i < sc->ncands; i++)
        weigh(sc, &sc->cands[i], footer);
    /* organisations as copyright holders or site names */
    for (size_t i = 0; i < sc->ncands && st == MH_OK; i++) {
        mh_cand *c = &sc->cands[i];
        if (c->entity && !c->is_outlet && (c->role == ROLE_PUBLISHER || c->role == ROLE_ORIGIN))
            st = attribute_org(sc, i);
    }
    if (st == MH_OK)
        st = self_named(sc);
    settle_ambiguous(sc);
    for (size_t i = 0; i < sc->ncands && st == MH_OK; i++) {
        const mh_cand *c = &sc->cands[i];
        if (c->role == ROLE_NONE)
            continue;
        if (c->entity && !c->is_outlet)
            continue; /* an owner, not an outlet: shown as such by the annotation */
        st = entry_add(v, c, i);
    }
    if (st != MH_OK)
        return st;
    for (size_t i = 0; i < v->n; i++)
        entry_score(sc, &v->entries[i]);
    /* the publisher: the most authoritative channel first, then the score */
    double best = 0, second = 0;
    long bi = -1;
    for (size_t i = 0; i < v->n; i++) {
        const mh_entry *e = &v->entries[i];
        if (e->role != ROLE_PUBLISHER)
            continue;
        const mh_entry *b = bi >= 0 ? &v->entries[bi] : NULL;
        if (!b || e->tier > b->tier || (e->tier == b->tier && e->score > b->score)) {
            if (b && b->score > second)
                second = b->score;
            best = e->score;
            bi = (long)i;
        } else if (e->score > second) {
            second = e->score;
        }
    }
    v->runner_up = second;
    v->tied = bi >= 0 && best >= MIN_PUBLISHER_SCORE ? tied_with(sc, v, (size_t)bi) : 0;
    if (bi >= 0 && best >= MIN_PUBLISHER_SCORE && v->tied == 0) {
        v->publisher = bi;
        double raw = best * (1 - 0.5 * second);
        v->confidence = mh_calibrate(raw);
        v->entries[bi].confidence = v->confidence;
    }
    /* competing publishers from canonical links are the origin of the copy */
    for (size_t i = 0; i < v->n; i++) {
        mh_entry *e = &v->entries[i];
        e->confidence = (long)i == v->publisher ? e->confidence : mh_calibrate(e->score);
        if ((long)i == v->publisher || e->role != ROLE_PUBLISHER)
            continue;
        int canonical = 0;
        for (size_t k = 0; k < e->ncands; k++) {
            const mh_rule *r = rule_of(sc, &sc->cands[e->cands[k]]);
            canonical |= r && r->kind == MK_CANONICAL;
        }
        if (canonical && v->publisher >= 0)
            e->role = ROLE_ORIGIN;
    }
    return MH_OK;
}
