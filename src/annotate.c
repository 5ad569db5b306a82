/* annotate.c — the annotation as a JSON object (docs/annotation.schema.json):
 * publisher with owners, state media, ratings and evidence; every outlet per
 * role; the flag and its reasons; unresolved markers; date and versions. */
#include "annotate.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "fragcache.h"
#include "record.h"

static const mh_marker *marker_of(const mh_scratch *sc, const mh_cand *c)
{
    return c->marker == MH_GIVEN_URL ? &sc->given : &sc->doc.markers[c->marker];
}

/* Cached entity records: built once per scratch for each (entity, date),
 * shared, and copied shallowly before anything is set on them. */
static json_t *cached(mh_scratch *sc, long long entity, const char *date, mh_frag_kind kind)
{
    json_t *v = mh_fragcache_get(sc->frags, entity, date, kind);
    if (v)
        return v;
    v = kind == FRAG_FULL   ? mh_entity_full_json(sc, entity, date, 0)
        : kind == FRAG_CORE ? mh_entity_core_json(sc, entity, 0)
                            : mh_state_media_json(sc, entity, date);
    mh_fragcache_put(sc->frags, entity, date, kind, v);
    return v;
}

/* Merge the citations a cached record cites (computed once per record)
 * into the annotation's map. */
static void cite_from(mh_scratch *sc, json_t *cites, long long entity, const char *date,
                      mh_frag_kind kind)
{
    mh_frag_kind ck = kind == FRAG_FULL ? FRAG_CITES_FULL : FRAG_CITES_SM;
    json_t *map = mh_fragcache_get(sc->frags, entity, date, ck);
    if (!map) {
        json_t *v = cached(sc, entity, date, kind);
        map = v ? mh_citations_map(sc, v) : NULL;
        json_decref(v);
        mh_fragcache_put(sc->frags, entity, date, ck, map);
    }
    if (map && cites)
        json_object_update(cites, map);
    json_decref(map);
}

/* A shallow, writable copy of a cached object (steals the reference). */
static json_t *writable(json_t *shared)
{
    json_t *copy = json_copy(shared);
    json_decref(shared);
    return copy;
}

/* 1-based line of an input offset. */
static unsigned line_of(const mh_doc *d, size_t off)
{
    unsigned line = 1;
    const char *p = d->input;
    const char *end = d->input + (off < d->input_len ? off : d->input_len);
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

/* One evidence item for a candidate's marker. */
static json_t *evidence_json(const mh_scratch *sc, const mh_cand *c, const char *field)
{
    const mh_marker *m = marker_of(sc, c);
    const mh_ruleset *rs = sc->eng->rules;
    const mh_rule *r = m->rule < rs->n ? &rs->rules[m->rule] : NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "kind", json_string(r ? mh_mkind_name(r->kind) : "url"));
    json_object_set_new(o, "rule", json_string(r ? r->id : "input.url"));
    if (m->source == MS_URL) {
        json_object_set_new(o, "source", json_string("url"));
    } else {
        json_object_set_new(o, "start", json_integer((json_int_t)m->src_start));
        json_object_set_new(o, "end", json_integer((json_int_t)m->src_end));
        if (field)
            json_object_set_new(o, "field", json_string(field));
        json_object_set_new(o, "line", json_integer(line_of(&sc->doc, m->src_start)));
        if (m->source == MS_HTML)
            json_object_set_new(o, "source", json_string("html"));
    }
    json_object_set_new(o, "text",
                        json_stringn(m->subject + m->span.start, m->span.end - m->span.start));
    for (int k = 0; k < CAP_COUNT; k++) {
        if (m->cap[k].start == MH_NOCAP || k == CAP_DATE)
            continue;
        json_object_set_new(
            o, mh_cap_names[k],
            json_stringn(m->subject + m->cap[k].start, m->cap[k].end - m->cap[k].start));
    }
    json_t *res = json_object();
    json_object_set_new(res, "via",
                        json_string(c->via == VIA_DOMAIN   ? "domain"
                                    : c->via == VIA_ALIAS  ? "alias"
                                    : c->via == VIA_HANDLE ? "handle"
                                    : c->via == VIA_FIXED  ? "rule"
                                                           : "none"));
    json_object_set_new(res, "step", json_string(c->step));
    if (c->host[0])
        json_object_set_new(res, "host", json_string(c->host));
    if (c->matched[0])
        json_object_set_new(res, "matched", json_string(c->matched));
    if (c->alias_kind[0])
        json_object_set_new(res, "alias_kind", json_string(c->alias_kind));
    if (c->ambiguous > 1)
        json_object_set_new(res, "ambiguous", json_integer(c->ambiguous));
    json_object_set_new(o, "resolution", res);
    json_object_set_new(o, "weight", json_real((double)(int)(c->weight * 1000 + 0.5) / 1000));
    return o;
}

static json_t *entry_evidence(const mh_scratch *sc, const mh_entry *e, const char *field)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < e->ncands; i++) {
        json_t *ev = evidence_json(sc, &sc->cands[e->cands[i]], field);
        if (ev)
            json_array_append_new(arr, ev);
    }
    return arr;
}

static double round3(double x)
{
    return (double)(long)(x * 1000 + 0.5) / 1000;
}

/* An unknown domain as an outlet: named by its domain, not in the database. */
static json_t *unknown_outlet_json(const mh_entry *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_null());
    json_object_set_new(o, "name", json_string(e->domain));
    json_object_set_new(o, "kind", json_null());
    json_object_set_new(o, "country", json_null());
    json_object_set_new(o, "domain", json_string(e->domain));
    json_t *ds = json_array();
    json_array_append_new(ds, json_string(e->domain));
    json_object_set_new(o, "domains", ds);
    json_object_set_new(o, "in_database", json_false());
    return o;
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

/* Ratings of the article's own domain (or of the outlet as a whole) first,
 * marked applies=true; those of the outlet's other domains after them. */
static void scope_ratings(json_t *pub, const char *host)
{
    json_t *ratings = json_object_get(pub, "ratings");
    if (!json_is_array(ratings))
        return;
    if (!host || !*host)
        host = json_string_value(json_object_get(pub, "domain"));
    json_t *sorted = json_array();
    for (int pass = 0; pass < 2 && sorted; pass++) {
        size_t i;
        json_t *r;
        json_array_foreach (ratings, i, r) {
            const char *rated = json_string_value(json_object_get(r, "domain"));
            int applies = !rated || (host && rating_covers(rated, host));
            if (applies != (pass == 0))
                continue;
            json_t *copy = json_copy(r); /* ratings are shared by the cache */
            if (!copy)
                continue;
            json_object_set_new(copy, "applies", json_boolean(applies));
            json_array_append_new(sorted, copy);
        }
    }
    if (sorted)
        json_object_set_new(pub, "ratings", sorted);
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

static json_t *publisher_json(mh_scratch *sc, const mh_verdict *v, const char *date,
                              const char *field, json_t *cites)
{
    const mh_entry *e = &v->entries[v->publisher];
    json_t *o;
    if (e->entity) {
        o = writable(cached(sc, e->entity, date, FRAG_FULL));
        cite_from(sc, cites, e->entity, date, FRAG_FULL);
        if (o)
            json_object_set_new(o, "in_database", json_true());
    } else {
        o = unknown_outlet_json(e);
        json_object_set_new(o, "owners", json_array());
        json_object_set_new(o, "ultimate_owners", json_array());
        json_object_set_new(o, "state_media", json_null());
        json_object_set_new(o, "ratings", json_array());
    }
    if (!o)
        return NULL;
    scope_ratings(o, publisher_host(sc, e));
    json_object_set_new(o, "confidence", json_real(round3(v->confidence)));
    mh_json_set(o, "evidence", entry_evidence(sc, e, field));
    return o;
}

static json_t *outlet_json(mh_scratch *sc, const mh_entry *e, const char *date, const char *field,
                           json_t *cites)
{
    json_t *o;
    if (e->entity) {
        o = writable(cached(sc, e->entity, date, FRAG_CORE));
        if (o) {
            mh_json_set(o, "state_media", cached(sc, e->entity, date, FRAG_STATE_MEDIA));
            cite_from(sc, cites, e->entity, date, FRAG_STATE_MEDIA);
        }
    } else {
        o = unknown_outlet_json(e);
        json_object_set_new(o, "state_media", json_null());
    }
    if (!o)
        return NULL;
    json_object_set_new(o, "role", json_string(mh_role_name(e->role)));
    json_object_set_new(o, "confidence", json_real(round3(e->confidence)));
    mh_json_set(o, "evidence", entry_evidence(sc, e, field));
    return o;
}

static int code_in_policy(const mh_policy *p, const char *code)
{
    for (size_t i = 0; p->codes && p->codes[i]; i++)
        if (strcmp(p->codes[i], code) == 0)
            return 1;
    return 0;
}

/* Flag: the policy applied to the publisher and to origins. */
static json_t *flag_reasons(json_t *outlets, const mh_policy *p, int *flagged)
{
    json_t *reasons = json_array();
    size_t i;
    json_t *o;
    *flagged = 0;
    json_array_foreach (outlets, i, o) {
        const char *role = json_string_value(json_object_get(o, "role"));
        if (!role || (strcmp(role, "publisher") != 0 && strcmp(role, "origin") != 0))
            continue;
        json_t *sm = json_object_get(o, "state_media");
        const char *code = json_string_value(json_object_get(sm, "code"));
        if (!code || !code_in_policy(p, code))
            continue;
        json_t *r = json_object();
        json_object_set(r, "outlet", json_object_get(o, "id"));
        json_object_set(r, "name", json_object_get(o, "name"));
        json_object_set_new(r, "role", json_string(role));
        json_object_set_new(r, "code", json_string(code));
        json_object_set(r, "classification", json_object_get(sm, "classification"));
        json_object_set(r, "country", json_object_get(sm, "country"));
        json_object_set(r, "citation", json_object_get(sm, "citation"));
        json_array_append_new(reasons, r);
        *flagged = 1;
    }
    return reasons;
}

static json_t *unresolved_json(const mh_scratch *sc, const char *field)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < sc->ncands; i++) {
        const mh_cand *c = &sc->cands[i];
        if (c->entity || c->role != ROLE_NONE)
            continue;
        json_t *ev = evidence_json(sc, c, field);
        if (ev)
            json_array_append_new(arr, ev);
    }
    return arr;
}

/* Owners named as copyright holders or site names (not outlets themselves). */
static json_t *organizations_json(mh_scratch *sc, const char *field)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < sc->ncands; i++) {
        const mh_cand *c = &sc->cands[i];
        if (!c->entity || c->is_outlet || c->role == ROLE_NONE)
            continue;
        json_t *o = writable(cached(sc, c->entity, NULL, FRAG_CORE));
        if (!o)
            continue;
        json_t *ev = json_array();
        json_array_append_new(ev, evidence_json(sc, c, field));
        json_object_set_new(o, "evidence", ev);
        json_array_append_new(arr, o);
    }
    return arr;
}

static void add_summary(json_t *a)
{
    char buf[768];
    json_t *p = json_object_get(a, "publisher");
    if (json_is_object(p)) {
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *domain = json_string_value(json_object_get(p, "domain"));
        int n = snprintf(buf, sizeof buf, "Published by %s%s%s%s", name ? name : "?",
                         domain ? " (" : "", domain ? domain : "", domain ? ")" : "");
        json_t *sm = json_object_get(p, "state_media");
        if (json_is_object(sm) && n > 0 && (size_t)n < sizeof buf) {
            const char *country = json_string_value(json_object_get(sm, "country"));
            n += snprintf(buf + n, sizeof buf - (size_t)n, "; %s media%s%s (%s)",
                          json_string_value(json_object_get(sm, "classification")),
                          country ? " of " : "", country ? country : "",
                          json_string_value(json_object_get(sm, "code")));
        }
        json_t *ult = json_object_get(p, "ultimate_owners");
        if (json_array_size(ult) && n > 0 && (size_t)n < sizeof buf)
            snprintf(buf + n, sizeof buf - (size_t)n, "; ultimately owned by %s",
                     json_string_value(json_object_get(json_array_get(ult, 0), "name")));
    } else {
        size_t n = json_array_size(json_object_get(a, "outlets"));
        snprintf(buf, sizeof buf, "Publisher unknown: no marker names the site this copy is on%s",
                 n ? " (other outlets were found in other roles)" : "");
    }
    json_object_set_new(a, "summary", json_string(buf));
}

mh_status mh_annotation_build(mh_scratch *sc, const mh_verdict *v, const mh_annotate_ctx *ctx,
                              json_t **out)
{
    *out = NULL;
    json_t *a = json_object();
    if (!a)
        return MH_ERR_NOMEM;
    json_object_set_new(a, "schema", json_string("masthead/annotation/" MH_SCHEMA_VERSION));
    const char *field = ctx->field;
    json_t *cites = json_object();
    /* publisher */
    if (v->publisher >= 0)
        mh_json_set(a, "publisher", publisher_json(sc, v, ctx->date, field, cites));
    else
        json_object_set_new(a, "publisher", json_null());
    /* outlets, per role, best first within each role */
    json_t *outlets = json_array();
    for (int role = ROLE_PUBLISHER; role < ROLE_COUNT; role++) {
        for (size_t i = 0; i < v->n; i++) {
            const mh_entry *e = &v->entries[i];
            if ((int)e->role != role)
                continue;
            json_t *o = outlet_json(sc, e, ctx->date, field, cites);
            if (o)
                json_array_append_new(outlets, o);
        }
    }
    int flagged = 0;
    json_t *reasons = flag_reasons(outlets, ctx->policy, &flagged);
    json_object_set_new(a, "flagged", json_boolean(flagged));
    json_t *flag = json_object();
    json_object_set_new(flag, "policy", json_string(ctx->policy->name));
    json_t *codes = json_array();
    for (size_t i = 0; ctx->policy->codes && ctx->policy->codes[i]; i++)
        json_array_append_new(codes, json_string(ctx->policy->codes[i]));
    json_object_set_new(flag, "codes", codes);
    json_object_set_new(flag, "reasons", reasons);
    json_object_set_new(a, "flag", flag);
    json_object_set_new(a, "outlets", outlets);
    mh_json_set(a, "organizations", organizations_json(sc, field));
    mh_json_set(a, "unresolved", unresolved_json(sc, field));
    json_t *date = json_object();
    json_object_set_new(date, "value", json_string(ctx->date));
    json_object_set_new(date, "source", json_string(ctx->date_source));
    json_object_set_new(a, "date", date);
    json_t *input = json_object();
    json_object_set_new(input, "type", json_string(sc->doc.is_html ? "html" : "text"));
    json_object_set_new(input, "bytes", json_integer((json_int_t)sc->doc.input_len));
    if (ctx->full_len)
        json_object_set_new(input, "full_bytes", json_integer((json_int_t)ctx->full_len));
    if (sc->doc.repairs)
        json_object_set_new(input, "invalid_utf8_replaced",
                            json_integer((json_int_t)sc->doc.repairs));
    if (sc->doc.lang[0])
        json_object_set_new(input, "lang", json_string(sc->doc.lang));
    if (sc->doc.encoding[0]) {
        json_object_set_new(input, "encoding", json_string(sc->doc.encoding));
        json_object_set_new(input, "encoding_source", json_string(sc->doc.encoding_source));
    }
    json_object_set_new(a, "input", input);
    if (sc->doc.limit[0] || ctx->full_len) {
        json_t *p = json_object();
        json_object_set_new(p, "limit",
                            json_string(sc->doc.limit[0] ? sc->doc.limit : "input-size"));
        if (sc->doc.limit_rule[0])
            json_object_set_new(p, "rule", json_string(sc->doc.limit_rule));
        json_object_set_new(a, "partial", p);
    } else {
        json_object_set_new(a, "partial", json_false());
    }
    json_t *ver = json_object();
    json_object_set_new(ver, "tool", json_string(MH_VERSION));
    json_object_set_new(ver, "rules", json_string(sc->eng->rules->version));
    json_object_set_new(ver, "database",
                        json_string(sc->eng->db_version ? sc->eng->db_version : ""));
    json_object_set_new(ver, "database_built",
                        json_string(sc->eng->db_built ? sc->eng->db_built : ""));
    json_object_set_new(ver, "schema", json_string(MH_SCHEMA_VERSION));
    json_object_set_new(a, "versions", ver);
    mh_json_set(a, "citations", cites);
    add_summary(a);
    *out = a;
    return MH_OK;
}
