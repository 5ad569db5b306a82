/* annotate.c — the annotation as compact JSON text (docs/annotation.schema.json):
 * publisher with owners, state media, ratings and evidence; every outlet per
 * role; the flag and its reasons; unresolved markers; date and versions.
 *
 * Written directly (jsonw.h), with the entity records as cached fragments of
 * text (fragcache.h): building a jansson tree per record, then serialising
 * and freeing it, cost more than finding the markers. */
#include "annotate.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "fragcache.h"
#include "jsonw.h"
#include "jtext.h"
#include "memfind.h"
#include "recordstore.h"

/* The citation maps the records shown cite, merged in first-seen order. */
#define MAX_CITE_MAPS  64
#define HEADLINE_SHOWN 200 /* bytes of a headline quoted in evidence */

typedef struct builder {
    mh_scratch *sc;
    const mh_verdict *v;
    const mh_annotate_ctx *ctx;
    mh_jw w;
    mh_frag *cites[MAX_CITE_MAPS]; /* FRAG_CITES_* fragments held to the end */
    size_t ncites;
    mh_status st; /* a record that could not be built */
    /* the publisher's evidence as written: its entry is listed again under
     * "outlets" with the same evidence, copied from here */
    const mh_entry *kept_entry;
    mh_text kept_evidence;
} builder;

static const mh_marker *marker_of(const mh_scratch *sc, const mh_cand *c)
{
    return c->marker == MH_GIVEN_URL ? &sc->given : &sc->doc.markers[c->marker];
}

/* Keep the citations map of record rec for the annotation's "citations".
 * A record without a citation (the `null` class of most outlets) has an
 * empty map: none is fetched, built or cached for it. */
static void cite_from(builder *b, const mh_frag *rec, long long entity, const char *date,
                      mh_frag_kind kind)
{
    static const char needle[] = "\"citation\":"; /* as mh_citation_ids_text reads */
    if (!mh_memfind(rec->text, rec->len, needle, sizeof needle - 1))
        return;
    mh_frag *map =
        mh_record_get(b->sc, entity, date, kind == FRAG_FULL ? FRAG_CITES_FULL : FRAG_CITES_SM);
    if (!map) {
        b->st = MH_ERR_NOMEM;
        return;
    }
    if (b->ncites < MAX_CITE_MAPS)
        b->cites[b->ncites++] = map;
    else
        mh_frag_unref(map);
}

static mh_jspan text_of(const mh_frag *f)
{
    return (mh_jspan){f->text, f->len};
}

/* A top-level member of an object fragment, through its index. */
static mh_jspan member_of(const mh_frag *f, const char *key)
{
    const mh_frag_member *m = f ? mh_frag_member_of(f, key) : NULL;
    return m ? (mh_jspan){f->text + m->off, m->len} : (mh_jspan){NULL, 0};
}

static bool is_object(const mh_frag *f)
{
    return f && mh_jt_is_object(text_of(f));
}

/* Members [from, to) of an object fragment, as `"key":value,...`: one
 * copy of their text (a record is compact JSON, `masthead db verify`
 * holds it to that). */
static void members(mh_jw *w, const mh_frag *f, size_t from, size_t to)
{
    if (from >= to)
        return;
    const mh_frag_member *a = &f->members[from], *z = &f->members[to - 1];
    mh_jw_raw_members(w, f->text + a->key_off, z->off + z->len - a->key_off);
}

static double round3(double x)
{
    return (double)(long)(x * 1000 + 0.5) / 1000;
}

static const char *via_name(mh_via via)
{
    return via == VIA_DOMAIN   ? "domain"
           : via == VIA_ALIAS  ? "alias"
           : via == VIA_HANDLE ? "handle"
           : via == VIA_FIXED  ? "rule"
                               : "none";
}

/* The headline a URL's slug spells (role.c's own address): its line, and
 * its text trimmed and cut at a character's end. */
static void headline(mh_jw *w, mh_scratch *sc, const mh_cand *c)
{
    const char *t = sc->doc.text + c->headline;
    size_t n = c->headline_len, lead = 0;
    while (lead < n && (t[lead] == ' ' || t[lead] == '\t'))
        lead++;
    while (n > lead && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
        n--;
    if (n - lead > HEADLINE_SHOWN) {
        n = lead + HEADLINE_SHOWN;
        while (n > lead && ((unsigned char)t[n] & 0xC0) == 0x80)
            n--; /* t[n] starts the character left out */
    }
    MH_JW_KEY(w, "headline");
    mh_jw_object(w);
    MH_JW_KEY(w, "line");
    mh_jw_int(w, mh_doc_line_of(&sc->doc, mh_doc_src_start(&sc->doc, c->headline)));
    MH_JW_KEY(w, "text");
    mh_jw_stringn(w, t + lead, n - lead);
    mh_jw_end_object(w);
}

/* One evidence item for a candidate's marker. */
static void evidence(builder *b, const mh_cand *c)
{
    mh_jw *w = &b->w;
    mh_scratch *sc = b->sc;
    const mh_marker *m = marker_of(sc, c);
    const mh_ruleset *rs = sc->eng->rules;
    const mh_rule *r = m->rule < rs->n ? &rs->rules[m->rule] : NULL;
    mh_jw_object(w);
    MH_JW_KEY(w, "kind");
    mh_jw_plain(w, r ? mh_mkind_name(r->kind) : "url");
    MH_JW_KEY(w, "rule");
    mh_jw_plain(w, r ? r->id : "input.url"); /* [a-z0-9._-]: rulefile.c */
    if (m->source == MS_URL) {
        MH_JW_KEY(w, "source");
        mh_jw_plain(w, "url");
    } else {
        MH_JW_KEY(w, "start");
        mh_jw_int(w, (long long)m->src_start);
        MH_JW_KEY(w, "end");
        mh_jw_int(w, (long long)m->src_end);
        if (b->ctx->field) {
            MH_JW_KEY(w, "field");
            mh_jw_string(w, b->ctx->field);
        }
        MH_JW_KEY(w, "line");
        mh_jw_int(w, mh_doc_line_of(&sc->doc, m->src_start));
        if (m->source == MS_HTML) {
            MH_JW_KEY(w, "source");
            mh_jw_plain(w, "html");
        }
    }
    MH_JW_KEY(w, "text");
    mh_jw_stringn(w, m->subject + m->span.start, m->span.end - m->span.start);
    for (int k = 0; k < CAP_COUNT; k++) {
        if (m->cap[k].start == MH_NOCAP || k == CAP_DATE)
            continue;
        mh_jw_key(w, mh_cap_names[k]);
        mh_jw_stringn(w, m->subject + m->cap[k].start, m->cap[k].end - m->cap[k].start);
    }
    MH_JW_KEY(w, "resolution");
    mh_jw_object(w);
    MH_JW_KEY(w, "via");
    mh_jw_plain(w, via_name(c->via));
    MH_JW_KEY(w, "step");
    mh_jw_plain(w, c->step); /* one of resolve.c's names */
    if (c->via == VIA_FIXED && r && r->cite) {
        /* a signature names no outlet: where it was seen is its evidence */
        MH_JW_KEY(w, "observed");
        mh_jw_string(w, r->cite);
    }
    if (c->host[0]) {
        MH_JW_KEY(w, "host");
        mh_jw_string(w, c->host);
    }
    if (c->matched[0]) {
        MH_JW_KEY(w, "matched");
        mh_jw_string(w, c->matched);
    }
    if (c->alias_kind[0]) {
        MH_JW_KEY(w, "alias_kind");
        mh_jw_string(w, c->alias_kind);
    }
    if (c->ambiguous > 1) {
        MH_JW_KEY(w, "ambiguous");
        mh_jw_int(w, c->ambiguous);
    }
    if (c->settled) {
        MH_JW_KEY(w, "settled_by");
        mh_jw_plain(w, c->settled == 1 ? "rest_of_text" : "wire_credit");
    }
    if (strcmp(c->step, "self_named") == 0) {
        MH_JW_KEY(w, "repeats");
        mh_jw_int(w, c->repeats);
    }
    if (c->headline_len)
        headline(w, sc, c);
    mh_jw_end_object(w);
    MH_JW_KEY(w, "weight");
    mh_jw_real(w, (double)(int)(c->weight * 1000 + 0.5) / 1000);
    mh_jw_end_object(w);
}

/* An entry's evidence list; keep: the publisher's, kept to be copied when
 * its entry comes again. */
static void entry_evidence(builder *b, const mh_entry *e, int keep)
{
    mh_jw *w = &b->w;
    MH_JW_KEY(w, "evidence");
    if (e == b->kept_entry) {
        mh_jw_raw(w, b->kept_evidence.data, b->kept_evidence.len);
        return;
    }
    size_t start = w->out->len; /* the value follows its key: no comma */
    mh_jw_array(w);
    for (size_t i = 0; i < e->ncands; i++)
        evidence(b, &b->sc->cands[e->cands[i]]);
    mh_jw_end_array(w);
    if (keep && mh_jw_status(w) == MH_OK &&
        mh_text_add(&b->kept_evidence, w->out->data + start, w->out->len - start) == MH_OK)
        b->kept_entry = e;
}

/* An unknown domain as an outlet: named by its domain, not in the database. */
static void unknown_outlet(mh_jw *w, const mh_entry *e)
{
    MH_JW_KEY(w, "id");
    mh_jw_null(w);
    MH_JW_KEY(w, "name");
    mh_jw_string(w, e->domain);
    MH_JW_KEY(w, "kind");
    mh_jw_null(w);
    MH_JW_KEY(w, "country");
    mh_jw_null(w);
    MH_JW_KEY(w, "domain");
    mh_jw_string(w, e->domain);
    MH_JW_KEY(w, "domains");
    mh_jw_array(w);
    mh_jw_string(w, e->domain);
    mh_jw_end_array(w);
    MH_JW_KEY(w, "in_database");
    mh_jw_bool(w, false);
}

/* Does a rating of `rated` (a domain, maybe with a path) apply to `host`? */
static int rating_covers(const char *rated, const char *host)
{
    size_t rl = strcspn(rated, "/");
    size_t hl = strlen(host);
    if (hl == rl && strncmp(host, rated, rl) == 0)
        return 1;
    return hl > rl && host[hl - rl - 1] == '.' && strncmp(host + hl - rl, rated, rl) == 0;
}

/* The text between an object's braces, without the whitespace at its
 * ends (what its members run over); {NULL, 0} for a value not an object. */
static mh_jspan object_inner(mh_jspan v)
{
    if (v.len < 2 || v.p[0] != '{' || v.p[v.len - 1] != '}')
        return (mh_jspan){NULL, 0};
    size_t a = 1, z = v.len - 1;
    while (a < z && (v.p[a] == ' ' || v.p[a] == '\t' || v.p[a] == '\n' || v.p[a] == '\r'))
        a++;
    while (z > a &&
           (v.p[z - 1] == ' ' || v.p[z - 1] == '\t' || v.p[z - 1] == '\n' || v.p[z - 1] == '\r'))
        z--;
    return (mh_jspan){v.p + a, z - a};
}

static const char applies_key[] = "\"applies\":";

/* One rating as it is, plus "applies" as its last member: its members
 * copied as one run of text (a stored record is compact JSON), or one by
 * one when it holds an "applies" of its own. */
static void rating(mh_jw *w, mh_jspan r, int applies)
{
    char key_buf[256];
    mh_jw_object(w);
    mh_jspan inner = object_inner(r);
    if (inner.p && !mh_memfind(inner.p, inner.len, applies_key, sizeof applies_key - 1)) {
        mh_jw_raw_members(w, inner.p, inner.len);
    } else {
        mh_jiter mi;
        mh_jspan k, x;
        mh_jt_iter(&mi, r);
        while (mh_jt_next(&mi, &k, &x)) {
            if (mh_jt_key_is(k, "applies"))
                continue;
            mh_jw_key(w, mh_jt_str(k, key_buf, sizeof key_buf));
            mh_jw_raw(w, x.p, x.len);
        }
    }
    MH_JW_KEY(w, "applies");
    mh_jw_bool(w, applies);
    mh_jw_end_object(w);
}

/* Does rating r apply to the article's host (or to the whole outlet, when
 * it names no domain)? buf: room for its domain. */
static int rating_applies(mh_jspan r, const char *host, char *buf, size_t size)
{
    const char *rated = mh_jt_str(mh_jt_get(r, "domain"), buf, size);
    return !rated || (host && rating_covers(rated, host));
}

/* Ratings read in one pass before they are written in two. */
#define RATINGS_AT_ONCE 64

/* Ratings of the article's own domain (or of the outlet as a whole) first,
 * marked applies=true; those of the outlet's other domains after them. */
static void scoped_ratings(mh_jw *w, mh_jspan ratings, const char *host, const mh_frag *pub)
{
    char domain[256], rated_buf[256];
    if (!host || !*host)
        host = mh_jt_str(member_of(pub, "domain"), domain, sizeof domain);
    mh_jspan seen[RATINGS_AT_ONCE];
    unsigned char applies[RATINGS_AT_ONCE];
    size_t n = 0;
    int more = 0;
    mh_jiter it;
    mh_jspan r;
    mh_jt_iter(&it, ratings);
    while (mh_jt_next(&it, NULL, &r)) {
        if (n == RATINGS_AT_ONCE) {
            more = 1; /* the rest read again in each pass below */
            break;
        }
        seen[n] = r;
        applies[n++] = (unsigned char)rating_applies(r, host, rated_buf, sizeof rated_buf);
    }
    mh_jw_array(w);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++)
            if (applies[i] == (pass == 0))
                rating(w, seen[i], applies[i]);
        if (!more)
            continue;
        size_t skip = n;
        mh_jt_iter(&it, ratings);
        while (mh_jt_next(&it, NULL, &r)) {
            if (skip) {
                skip--;
                continue;
            }
            int a = rating_applies(r, host, rated_buf, sizeof rated_buf);
            if (a == (pass == 0))
                rating(w, r, a);
        }
    }
    mh_jw_end_array(w);
}

/* The host through which the publisher was found, if any. */
static const char *publisher_host(const mh_scratch *sc, const mh_entry *e)
{
    for (size_t i = 0; i < e->ncands; i++) {
        const mh_cand *c = &sc->cands[e->cands[i]];
        if (c->via == VIA_DOMAIN && c->host[0])
            return c->host;
    }
    return NULL;
}

static void publisher(builder *b, mh_frag *full)
{
    mh_jw *w = &b->w;
    const mh_entry *e = &b->v->entries[b->v->publisher];
    MH_JW_KEY(w, "publisher");
    mh_jw_object(w);
    if (full) {
        size_t run = 0; /* members from here are not written yet */
        for (size_t i = 0; i < full->nmembers; i++) {
            const mh_frag_member *m = &full->members[i];
            mh_jspan value = {full->text + m->off, m->len};
            if (strcmp(m->key, "ratings") == 0 && mh_jt_is_array(value)) {
                members(w, full, run, i);
                run = i + 1;
                MH_JW_KEY(w, "ratings");
                scoped_ratings(w, value, publisher_host(b->sc, e), full);
            }
        }
        members(w, full, run, full->nmembers);
        MH_JW_KEY(w, "in_database");
        mh_jw_bool(w, true);
    } else {
        unknown_outlet(w, e);
        MH_JW_KEY(w, "owners");
        mh_jw_raw(w, "[]", 2);
        MH_JW_KEY(w, "ultimate_owners");
        mh_jw_raw(w, "[]", 2);
        MH_JW_KEY(w, "state_media");
        mh_jw_null(w);
        MH_JW_KEY(w, "ratings");
        mh_jw_raw(w, "[]", 2);
    }
    MH_JW_KEY(w, "confidence");
    mh_jw_real(w, round3(b->v->confidence));
    entry_evidence(b, e, 1);
    mh_jw_end_object(w);
}

/* What the outlets section shows of each entry, fetched once: its core
 * record and its state-media class (NULL for a domain not in the
 * database). */
typedef struct shown {
    const mh_entry *e;
    mh_frag *core, *sm;
} shown;

static void outlet(builder *b, const shown *s)
{
    mh_jw *w = &b->w;
    mh_jw_object(w);
    if (s->core) {
        members(w, s->core, 0, s->core->nmembers);
        MH_JW_KEY(w, "state_media");
        mh_jw_raw(w, s->sm->text, s->sm->len);
    } else {
        unknown_outlet(w, s->e);
        MH_JW_KEY(w, "state_media");
        mh_jw_null(w);
    }
    MH_JW_KEY(w, "role");
    mh_jw_plain(w, mh_role_name(s->e->role));
    MH_JW_KEY(w, "confidence");
    mh_jw_real(w, round3(s->e->confidence));
    entry_evidence(b, s->e, 0);
    mh_jw_end_object(w);
}

/* The policy's code equal to the state-media class's, or NULL. */
static const char *code_in_policy(const mh_policy *p, const mh_frag *sm)
{
    char code[64];
    if (!mh_jt_str(member_of(sm, "code"), code, sizeof code))
        return NULL;
    for (size_t i = 0; p->codes && p->codes[i]; i++)
        if (strcmp(p->codes[i], code) == 0)
            return p->codes[i];
    return NULL;
}

/* The state-media code of a shown outlet under the policy, or NULL. */
static const char *flag_code(const shown *s, const mh_policy *p)
{
    if (s->e->role != ROLE_PUBLISHER && s->e->role != ROLE_ORIGIN)
        return NULL;
    return s->sm ? code_in_policy(p, s->sm) : NULL;
}

/* A member's value written under the key `to`, when it is there. */
static void copy_member(mh_jw *w, mh_jspan x, const char *to)
{
    if (!x.len)
        return;
    mh_jw_key(w, to);
    mh_jw_raw(w, x.p, x.len);
}

/* Flag: the policy applied to the publisher and to origins. */
static void flag(builder *b, const shown *list, size_t n, int flagged)
{
    mh_jw *w = &b->w;
    const mh_policy *p = b->ctx->policy;
    MH_JW_KEY(w, "flagged");
    mh_jw_bool(w, flagged);
    if (b->ctx->skip & MH_ANN_FLAG)
        return;
    MH_JW_KEY(w, "flag");
    mh_jw_object(w);
    MH_JW_KEY(w, "policy");
    mh_jw_string(w, p->name);
    MH_JW_KEY(w, "codes");
    mh_jw_array(w);
    for (size_t i = 0; p->codes && p->codes[i]; i++)
        mh_jw_string(w, p->codes[i]);
    mh_jw_end_array(w);
    MH_JW_KEY(w, "reasons");
    mh_jw_array(w);
    for (size_t i = 0; i < n; i++) {
        const char *code = flag_code(&list[i], p);
        if (!code)
            continue;
        const mh_frag *sm = list[i].sm;
        mh_jw_object(w);
        copy_member(w, member_of(list[i].core, "id"), "outlet");
        copy_member(w, member_of(list[i].core, "name"), "name");
        MH_JW_KEY(w, "role");
        mh_jw_string(w, mh_role_name(list[i].e->role));
        MH_JW_KEY(w, "code");
        mh_jw_string(w, code);
        copy_member(w, member_of(sm, "classification"), "classification");
        copy_member(w, member_of(sm, "country"), "country");
        copy_member(w, member_of(sm, "citation"), "citation");
        mh_jw_end_object(w);
    }
    mh_jw_end_array(w);
    mh_jw_end_object(w);
}

static void unresolved(builder *b)
{
    MH_JW_KEY(&b->w, "unresolved");
    mh_jw_array(&b->w);
    for (size_t i = 0; i < b->sc->ncands; i++) {
        const mh_cand *c = &b->sc->cands[i];
        if (c->role == ROLE_NONE && (!c->entity || strcmp(c->step, "ambiguous") == 0))
            evidence(b, c);
    }
    mh_jw_end_array(&b->w);
}

/* Owners named as copyright holders or site names (not outlets themselves). */
static void organizations(builder *b)
{
    mh_jw *w = &b->w;
    MH_JW_KEY(w, "organizations");
    mh_jw_array(w);
    for (size_t i = 0; i < b->sc->ncands; i++) {
        const mh_cand *c = &b->sc->cands[i];
        if (!c->entity || c->is_outlet || c->role == ROLE_NONE)
            continue;
        mh_frag *core = mh_record_get(b->sc, c->entity, NULL, FRAG_CORE);
        if (!core) {
            b->st = MH_ERR_NOMEM;
            continue;
        }
        mh_jw_object(w);
        members(w, core, 0, core->nmembers);
        MH_JW_KEY(w, "evidence");
        mh_jw_array(w);
        evidence(b, c);
        mh_jw_end_array(w);
        mh_jw_end_object(w);
        mh_frag_unref(core);
    }
    mh_jw_end_array(w);
}

static void input(builder *b)
{
    mh_jw *w = &b->w;
    const mh_doc *d = &b->sc->doc;
    MH_JW_KEY(w, "input");
    mh_jw_object(w);
    MH_JW_KEY(w, "type");
    mh_jw_string(w, d->is_html ? "html" : "text");
    MH_JW_KEY(w, "bytes");
    mh_jw_int(w, (long long)d->input_len);
    if (b->ctx->full_len) {
        MH_JW_KEY(w, "full_bytes");
        mh_jw_int(w, (long long)b->ctx->full_len);
    }
    if (d->repairs) {
        MH_JW_KEY(w, "invalid_utf8_replaced");
        mh_jw_int(w, (long long)d->repairs);
    }
    if (d->lang[0]) {
        MH_JW_KEY(w, "lang");
        mh_jw_string(w, d->lang);
    }
    if (d->encoding[0]) {
        MH_JW_KEY(w, "encoding");
        mh_jw_string(w, d->encoding);
        MH_JW_KEY(w, "encoding_source");
        mh_jw_string(w, d->encoding_source);
    }
    if (b->ctx->record_id) {
        MH_JW_KEY(w, "id");
        mh_jw_string(w, b->ctx->record_id);
    }
    mh_jw_end_object(w);
}

static void partial_and_versions(builder *b)
{
    mh_jw *w = &b->w;
    const mh_doc *d = &b->sc->doc;
    const mh_engine *eng = b->sc->eng;
    MH_JW_KEY(w, "partial");
    if (d->limit[0] || b->ctx->full_len) {
        mh_jw_object(w);
        MH_JW_KEY(w, "limit");
        mh_jw_string(w, d->limit[0] ? d->limit : "input-size");
        if (d->limit_rule[0]) {
            MH_JW_KEY(w, "rule");
            mh_jw_string(w, d->limit_rule);
        }
        mh_jw_end_object(w);
    } else {
        mh_jw_bool(w, false);
    }
    MH_JW_KEY(w, "versions");
    mh_jw_object(w);
    MH_JW_KEY(w, "tool");
    mh_jw_string(w, MH_VERSION);
    MH_JW_KEY(w, "rules");
    mh_jw_string(w, eng->rules->version);
    MH_JW_KEY(w, "database");
    mh_jw_string(w, eng->db_version ? eng->db_version : "");
    MH_JW_KEY(w, "database_built");
    mh_jw_string(w, eng->db_built ? eng->db_built : "");
    MH_JW_KEY(w, "schema");
    mh_jw_string(w, MH_SCHEMA_VERSION);
    mh_jw_end_object(w);
}

/* Every citation the records shown cite, each once, in first-seen order. */
static void citations(builder *b)
{
    mh_jw *w = &b->w;
    MH_JW_KEY(w, "citations");
    mh_jw_object(w);
    for (size_t i = 0; i < b->ncites; i++) {
        const mh_frag *map = b->cites[i];
        for (size_t k = 0; k < map->nmembers; k++) {
            const char *id = map->members[k].key;
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = mh_frag_member_of(b->cites[j], id) != NULL;
            for (size_t j = 0; j < k && !seen; j++)
                seen = strcmp(map->members[j].key, id) == 0;
            if (!seen)
                members(w, map, k, k + 1);
        }
    }
    mh_jw_end_object(w);
}

/* Append the strings of parts (NULL-ended) to buf at n, cut at its size as
 * snprintf would; returns the new length. The summary is written for every
 * record: a format string costs it a thousand instructions. */
static size_t append(char *buf, size_t size, size_t n, const char *const *parts)
{
    for (; *parts && n + 1 < size; parts++) {
        size_t k = strnlen(*parts, size - 1 - n);
        memcpy(buf + n, *parts, k);
        n += k;
    }
    buf[n] = '\0';
    return n;
}

/* The strongest name the document gives for its site that the database
 * lacks (a copyright holder, brand boilerplate, a site name), or NULL: an
 * unknown publisher is then explained by what the text does say. */
static const mh_cand *unknown_site_name(const builder *b)
{
    const mh_cand *best = NULL;
    for (size_t i = 0; i < b->sc->ncands; i++) {
        const mh_cand *c = &b->sc->cands[i];
        if (c->entity || c->role != ROLE_NONE || c->marker == MH_GIVEN_URL)
            continue;
        const mh_marker *m = marker_of(b->sc, c);
        const mh_ruleset *rs = b->sc->eng->rules;
        if (m->rule >= rs->n || m->cap[CAP_NAME].start == MH_NOCAP)
            continue;
        mh_mkind k = rs->rules[m->rule].kind;
        if (k != MK_COPYRIGHT && k != MK_BRAND && k != MK_SITE_NAME && k != MK_PUBLISHER)
            continue;
        if (!best || c->weight > best->weight)
            best = c;
    }
    return best;
}

static void summary(builder *b, mh_frag *full, size_t noutlets)
{
    char buf[768];
    if (b->v->publisher >= 0) {
        const mh_entry *e = &b->v->entries[b->v->publisher];
        char name_buf[256], domain_buf[256], country_buf[128], class_buf[128], code_buf[64];
        char owner_buf[256];
        const char *name =
            full ? mh_jt_str(member_of(full, "name"), name_buf, sizeof name_buf) : e->domain;
        const char *domain =
            full ? mh_jt_str(member_of(full, "domain"), domain_buf, sizeof domain_buf) : e->domain;
        size_t n =
            append(buf, sizeof buf, 0,
                   (const char *const[]){"Published by ", name ? name : "?", domain ? " (" : "",
                                         domain ? domain : "", domain ? ")" : "", NULL});
        mh_jspan sm = member_of(full, "state_media");
        if (mh_jt_is_object(sm)) {
            const char *country =
                mh_jt_str(mh_jt_get(sm, "country"), country_buf, sizeof country_buf);
            const char *cls =
                mh_jt_str(mh_jt_get(sm, "classification"), class_buf, sizeof class_buf);
            const char *code = mh_jt_str(mh_jt_get(sm, "code"), code_buf, sizeof code_buf);
            n = append(buf, sizeof buf, n,
                       (const char *const[]){"; ", cls ? cls : "(null)", " media",
                                             country ? " of " : "", country ? country : "", " (",
                                             code ? code : "(null)", ")", NULL});
        }
        mh_jiter it;
        mh_jspan first;
        mh_jt_iter(&it, member_of(full, "ultimate_owners"));
        if (mh_jt_next(&it, NULL, &first)) {
            const char *owner = mh_jt_str(mh_jt_get(first, "name"), owner_buf, sizeof owner_buf);
            append(buf, sizeof buf, n,
                   (const char *const[]){"; ultimately owned by ", owner ? owner : "(null)", NULL});
        }
    } else if (b->v->tied) {
        snprintf(buf, sizeof buf, "Publisher unknown: the evidence fits %zu outlets equally",
                 b->v->tied);
    } else {
        /* a candidate below the bar is listed among the outlets as a
           publisher: say why it was not taken */
        int weak = 0;
        for (size_t i = 0; i < b->v->n && !weak; i++)
            weak = b->v->entries[i].role == ROLE_PUBLISHER;
        if (weak)
            snprintf(buf, sizeof buf,
                     "Publisher unknown: the evidence found is too weak to name the site; "
                     "its candidates are the outlets with the role publisher");
        else {
            const mh_cand *named = unknown_site_name(b);
            if (named) {
                const mh_marker *m = marker_of(b->sc, named);
                const mh_rule *r = &b->sc->eng->rules->rules[m->rule];
                int len = (int)(m->cap[CAP_NAME].end - m->cap[CAP_NAME].start);
                snprintf(buf, sizeof buf,
                         "Publisher unknown: the text names \"%.*s\" (%s, line %u), "
                         "which the database does not know%s",
                         len > 200 ? 200 : len, m->subject + m->cap[CAP_NAME].start,
                         mh_mkind_name(r->kind), mh_doc_line_of(&b->sc->doc, m->src_start),
                         noutlets ? " (other outlets were found in other roles)" : "");
            } else
                snprintf(buf, sizeof buf,
                         "Publisher unknown: no marker names the site this copy is on%s",
                         noutlets ? " (other outlets were found in other roles)" : "");
        }
    }
    MH_JW_KEY(&b->w, "summary");
    mh_jw_string(&b->w, buf);
}

unsigned mh_annotation_member_bit(const char *key, size_t n)
{
    static const struct {
        const char *key;
        unsigned bit;
    } members[] = {
        {"publisher", MH_ANN_PUBLISHER},   {"flag", MH_ANN_FLAG},
        {"outlets", MH_ANN_OUTLETS},       {"organizations", MH_ANN_ORGANIZATIONS},
        {"unresolved", MH_ANN_UNRESOLVED}, {"citations", MH_ANN_CITATIONS},
        {"summary", MH_ANN_SUMMARY},
    };
    for (size_t i = 0; i < sizeof members / sizeof *members; i++)
        if (strlen(members[i].key) == n && memcmp(members[i].key, key, n) == 0)
            return members[i].bit;
    return 0;
}

mh_status mh_annotation_build(mh_scratch *sc, const mh_verdict *v, const mh_annotate_ctx *ctx,
                              mh_text *out, mh_annotation_info *info)
{
    memset(info, 0, sizeof *info);
    builder b;
    memset(&b, 0, sizeof b);
    b.sc = sc;
    b.v = v;
    b.ctx = ctx;
    b.st = MH_OK;
    size_t before = out->len;
    mh_jw_init(&b.w, out);

    /* the records first: the flag is written before the outlets it names */
    mh_frag *full = NULL;
    const mh_entry *pub = v->publisher >= 0 ? &v->entries[v->publisher] : NULL;
    unsigned skip = ctx->skip;
    int cites = !(skip & MH_ANN_CITATIONS);
    /* the publisher's full record: shown, summed up, and cited */
    if (pub && pub->entity && (~skip & (MH_ANN_PUBLISHER | MH_ANN_SUMMARY | MH_ANN_CITATIONS))) {
        full = mh_record_get(sc, pub->entity, ctx->date, FRAG_FULL);
        if (!is_object(full))
            b.st = MH_ERR_NOMEM;
        else if (cites)
            cite_from(&b, full, pub->entity, ctx->date, FRAG_FULL);
    }
    shown *list = mh_calloc(v->n ? v->n : 1, sizeof *list);
    size_t n = 0;
    int flagged = 0;
    if (!list)
        b.st = MH_ERR_NOMEM;
    for (int role = ROLE_PUBLISHER; list && role < ROLE_COUNT; role++) {
        for (size_t i = 0; i < v->n; i++) {
            const mh_entry *e = &v->entries[i];
            if ((int)e->role != role)
                continue;
            shown *s = &list[n++];
            s->e = e;
            if (e->entity) {
                s->core = mh_record_get(sc, e->entity, ctx->date, FRAG_CORE);
                s->sm = mh_record_get(sc, e->entity, ctx->date, FRAG_STATE_MEDIA);
                if (!s->core || !s->sm || !is_object(s->core))
                    b.st = MH_ERR_NOMEM;
                else if (cites)
                    cite_from(&b, s->sm, e->entity, ctx->date, FRAG_STATE_MEDIA);
            }
            flagged |= b.st == MH_OK && flag_code(s, ctx->policy) != NULL;
        }
    }

    mh_jw *w = &b.w;
    if (b.st == MH_OK) {
        mh_jw_object(w);
        MH_JW_KEY(w, "schema");
        mh_jw_string(w, "masthead/annotation/" MH_SCHEMA_VERSION);
        if (pub && !(skip & MH_ANN_PUBLISHER)) {
            publisher(&b, full);
        } else if (!(skip & MH_ANN_PUBLISHER)) {
            MH_JW_KEY(w, "publisher");
            mh_jw_null(w);
        }
        flag(&b, list, n, flagged);
        if (!(skip & MH_ANN_OUTLETS)) {
            MH_JW_KEY(w, "outlets");
            mh_jw_array(w);
            for (size_t i = 0; i < n; i++)
                outlet(&b, &list[i]);
            mh_jw_end_array(w);
        }
        if (!(skip & MH_ANN_ORGANIZATIONS))
            organizations(&b);
        if (!(skip & MH_ANN_UNRESOLVED))
            unresolved(&b);
        MH_JW_KEY(w, "date");
        mh_jw_object(w);
        MH_JW_KEY(w, "value");
        mh_jw_string(w, ctx->date);
        MH_JW_KEY(w, "source");
        mh_jw_string(w, ctx->date_source);
        mh_jw_end_object(w);
        input(&b);
        partial_and_versions(&b);
        if (cites)
            citations(&b);
        if (!(skip & MH_ANN_SUMMARY))
            summary(&b, full, n);
        mh_jw_end_object(w);
    }
    for (size_t i = 0; list && i < n; i++) {
        mh_frag_unref(list[i].core);
        mh_frag_unref(list[i].sm);
    }
    mh_free(list);
    for (size_t i = 0; i < b.ncites; i++)
        mh_frag_unref(b.cites[i]);
    mh_frag_unref(full);
    mh_text_free(&b.kept_evidence);
    mh_status st = b.st != MH_OK ? b.st : mh_jw_status(w);
    if (st != MH_OK) {
        out->len = before;
        return st;
    }
    info->flagged = flagged;
    info->publisher_known = pub != NULL;
    info->partial = sc->doc.limit[0] || ctx->full_len;
    return MH_OK;
}
