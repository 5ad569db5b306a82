/* record.c — entity records as JSON: owners through time, state media,
 * ratings, domains, citations. */
#include "record.h"

#include <string.h>

#include "strcopy.h"
#include "alloc.h"
#include "citeindex.h"
#include "fragcache.h"
#include "jsondump.h"
#include "jtext.h"
#include "memfind.h"

#define MAX_OWNER_LEVELS 8
#define MAX_OWNER_EDGES  64

int mh_json_set(json_t *obj, const char *key, json_t *value)
{
    if (!value)
        value = json_null();
    return json_object_set_new(obj, key, value);
}

static json_t *text_or_null(sqlite3_stmt *q, int col)
{
    const char *s = (const char *)sqlite3_column_text(q, col);
    return s ? json_string(s) : json_null();
}

/* Add key: text column, only when not NULL. */
static void set_text(json_t *o, const char *key, sqlite3_stmt *q, int col)
{
    const char *s = (const char *)sqlite3_column_text(q, col);
    if (s)
        json_object_set_new(o, key, json_string(s));
}

/* The full citation as a fragment (cached: a few hundred citations back
 * every fact). A new reference, or NULL when out of memory. */
static mh_frag *citation_frag(mh_scratch *sc, long long cite)
{
    mh_frag *f = mh_fragcache_get(sc->frags, cite, NULL, FRAG_CITATION);
    if (f)
        return f;
    json_t *o = json_object();
    if (!o)
        return NULL;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_CITATION);
    sqlite3_bind_int64(q, 1, cite);
    if (sqlite3_step(q) == SQLITE_ROW) {
        set_text(o, "id", q, 0);
        set_text(o, "kind", q, 1);
        set_text(o, "title", q, 2);
        set_text(o, "url", q, 3);
        set_text(o, "file", q, 4);
        set_text(o, "commit", q, 5);
        set_text(o, "published", q, 6);
        set_text(o, "accessed", q, 7);
        set_text(o, "license", q, 8);
        set_text(o, "note", q, 9);
    }
    sqlite3_reset(q);
    f = mh_frag_new(o);
    mh_fragcache_put(sc->frags, cite, NULL, FRAG_CITATION, f);
    return f;
}

/* The full citation object. New reference. */
static json_t *citation_full(mh_scratch *sc, long long cite)
{
    mh_frag *f = citation_frag(sc, cite);
    json_t *c = f ? json_incref(f->value) : NULL;
    mh_frag_unref(f);
    return c;
}

json_t *mh_citation_json(mh_scratch *sc, long long cite, const char *cite_ref)
{
    json_t *full = citation_full(sc, cite);
    json_t *o = json_object();
    if (!full || !o) {
        json_decref(full);
        json_decref(o);
        return NULL;
    }
    json_object_set(o, "id", json_object_get(full, "id"));
    if (cite_ref)
        json_object_set_new(o, "ref", json_string(cite_ref));
    json_decref(full);
    return o;
}

/* Collect the ids of every {"citation": {"id": ...}} below v into ids. */
static void collect_citations(json_t *v, json_t *ids, int depth)
{
    if (depth > 32)
        return;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach (v, k, x) {
            if (strcmp(k, "citation") == 0 && json_is_object(x)) {
                const char *id = json_string_value(json_object_get(x, "id"));
                if (id)
                    json_object_set_new(ids, id, json_true());
            } else {
                collect_citations(x, ids, depth + 1);
            }
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x)
            collect_citations(x, ids, depth + 1);
    }
}

/* The map id -> full citation of the ids collected. */
static json_t *map_of(mh_scratch *sc, json_t *ids)
{
    json_t *map = json_object();
    const char *k;
    json_t *x;
    json_object_foreach (ids, k, x) {
        if (!map)
            break;
        sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_CITATION_BY_KEY);
        sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
        long long id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_reset(q);
        if (id)
            mh_json_set(map, k, citation_full(sc, id));
    }
    json_decref(ids);
    return map;
}

json_t *mh_citation_ids(json_t *root)
{
    json_t *ids = json_object();
    if (ids)
        collect_citations(root, ids, 0);
    return ids;
}

json_t *mh_citations_map(mh_scratch *sc, json_t *root)
{
    json_t *ids = mh_citation_ids(root);
    return ids ? map_of(sc, ids) : NULL;
}

json_t *mh_citation_ids_text(const char *text, size_t len)
{
    static const char needle[] = "\"citation\":";
    const size_t nlen = sizeof needle - 1;
    json_t *ids = json_object();
    if (!ids)
        return NULL;
    const char *end = text + len;
    for (const char *p = text; p < end;) {
        const char *hit = mh_memfind(p, (size_t)(end - p), needle, nlen);
        if (!hit)
            break;
        p = hit + nlen;
        /* a key only after '{' or ',': inside a string a quote is escaped */
        if (hit == text || (hit[-1] != '{' && hit[-1] != ','))
            continue;
        mh_jspan value = mh_jt_value_at(p, end);
        if (!mh_jt_is_object(value))
            continue;
        p = value.p + value.len; /* as the tree walk, not inside a citation */
        char id[256];
        const char *s = mh_jt_str(mh_jt_get(value, "id"), id, sizeof id);
        if (s)
            json_object_set_new(ids, s, json_true());
    }
    return ids;
}

mh_frag *mh_citations_frag_text(mh_scratch *sc, const char *text, size_t len)
{
    json_t *ids = mh_citation_ids_text(text, len);
    if (!ids)
        return NULL;
    if (!sc->eng || !sc->eng->cites) {
        json_t *map = map_of(sc, ids);
        return map ? mh_frag_new(map) : NULL;
    }
    /* the map's text from the citations' own: what dumping the map gives */
    mh_text t = {0};
    mh_status st = mh_text_add(&t, "{", 1);
    size_t members = 0;
    const char *k;
    json_t *x;
    json_object_foreach (ids, k, x) {
        long long id = mh_cite_index_find(sc->eng->cites, k);
        mh_frag *c = id && st == MH_OK ? citation_frag(sc, id) : NULL;
        if (id && st == MH_OK && !c)
            st = MH_ERR_NOMEM;
        if (c && members++ && st == MH_OK)
            st = mh_text_add(&t, ",", 1);
        if (c && st == MH_OK)
            st = mh_json_put_string(&t, k, strlen(k));
        if (c && st == MH_OK)
            st = mh_text_add(&t, ":", 1);
        if (c && st == MH_OK)
            st = mh_text_add(&t, c->text, c->len);
        mh_frag_unref(c);
    }
    if (st == MH_OK)
        st = mh_text_add(&t, "}", 1);
    json_decref(ids);
    mh_frag *f = st == MH_OK ? mh_frag_from_text(t.data, t.len) : NULL;
    mh_text_free(&t);
    return f;
}

typedef struct edge {
    long long owner, owned;
    int level;
    json_t *json;
} edge;

/* Name and kind of an entity (borrowed into the object). */
static void add_name(mh_scratch *sc, json_t *o, long long entity)
{
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    if (sqlite3_step(q) == SQLITE_ROW) {
        json_object_set_new(o, "id", text_or_null(q, 0));
        json_object_set_new(o, "name", text_or_null(q, 1));
        json_object_set_new(o, "kind", text_or_null(q, 3));
        if (sqlite3_column_text(q, 4))
            json_object_set_new(o, "country", text_or_null(q, 4));
    }
    sqlite3_reset(q);
}

static const char *entity_key(mh_scratch *sc, long long entity, char *buf, size_t n)
{
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    buf[0] = '\0';
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        mh_strcopy(buf, n, (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    return buf;
}

/* Direct owner edges of `owned` in force at date. Dated edges count when
 * date is within [since, until); an edge with only as_of is an observation
 * shown with its date; an edge with neither always counts. */
static size_t owner_edges(mh_scratch *sc, long long owned, const char *date, edge *out, size_t max,
                          int level)
{
    size_t n = 0;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_OWNERS);
    sqlite3_bind_int64(q, 1, owned);
    struct row {
        long long owner;
        double share;
        int has_share;
        char relation[16], share_text[128], since[11], until[11], as_of[11], ref[128];
        long long cite;
        int has_ref;
    } rows[MAX_OWNER_EDGES];
    size_t nr = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && nr < MAX_OWNER_EDGES) {
        const char *since = (const char *)sqlite3_column_text(q, 4);
        const char *until = (const char *)sqlite3_column_text(q, 5);
        if (since || until) {
            sc->dated_lookup = 1; /* the chain depends on the date */
            mh_date_narrow(sc, date, since);
            mh_date_narrow(sc, date, until);
        }
        if ((since || until) && !mh_date_in(date, since, until))
            continue;
        struct row *r = &rows[nr++];
        memset(r, 0, sizeof *r);
        r->owner = sqlite3_column_int64(q, 0);
        mh_strcopy(r->relation, sizeof r->relation, (const char *)sqlite3_column_text(q, 1));
        r->has_share = sqlite3_column_type(q, 2) != SQLITE_NULL;
        r->share = sqlite3_column_double(q, 2);
        if (sqlite3_column_text(q, 3))
            snprintf(r->share_text, sizeof r->share_text, "%s",
                     (const char *)sqlite3_column_text(q, 3));
        if (since)
            mh_strcopy(r->since, sizeof r->since, since);
        if (until)
            mh_strcopy(r->until, sizeof r->until, until);
        if (sqlite3_column_text(q, 6))
            mh_strcopy(r->as_of, sizeof r->as_of, (const char *)sqlite3_column_text(q, 6));
        r->cite = sqlite3_column_int64(q, 7);
        r->has_ref = sqlite3_column_text(q, 8) != NULL;
        if (r->has_ref)
            mh_strcopy(r->ref, sizeof r->ref, (const char *)sqlite3_column_text(q, 8));
    }
    if (rc == SQLITE_ROW)
        mh_date_pin(sc, date); /* rows left unread: which are in force is not known */
    sqlite3_reset(q);
    /* a dated edge in force supersedes observations of the same pair */
    for (size_t i = 0; i < nr && n < max; i++) {
        struct row *r = &rows[i];
        int dup = 0;
        for (size_t k = 0; k < nr; k++) {
            if (k != i && rows[k].owner == r->owner && (rows[k].since[0] || rows[k].until[0]) &&
                !(r->since[0] || r->until[0]))
                dup = 1;
            if (k < i && rows[k].owner == r->owner &&
                !!(rows[k].since[0] || rows[k].until[0]) == !!(r->since[0] || r->until[0]))
                dup = 1;
        }
        if (dup)
            continue;
        json_t *o = json_object();
        if (!o)
            break;
        add_name(sc, o, r->owner);
        json_object_set_new(o, "relation", json_string(r->relation));
        json_object_set_new(o, "share", r->has_share ? json_real(r->share) : json_null());
        if (r->share_text[0])
            json_object_set_new(o, "share_text", json_string(r->share_text));
        json_object_set_new(o, "since", r->since[0] ? json_string(r->since) : json_null());
        json_object_set_new(o, "until", r->until[0] ? json_string(r->until) : json_null());
        if (r->as_of[0])
            json_object_set_new(o, "as_of", json_string(r->as_of));
        json_object_set_new(o, "level", json_integer(level));
        char key[128];
        json_object_set_new(o, "owned", json_string(entity_key(sc, owned, key, sizeof key)));
        mh_json_set(o, "citation", mh_citation_json(sc, r->cite, r->has_ref ? r->ref : NULL));
        out[n++] = (edge){r->owner, owned, level, o};
    }
    return n;
}

json_t *mh_owners_json(mh_scratch *sc, long long entity, const char *date, json_t **ultimate)
{
    json_t *list = json_array();
    json_t *ult = json_array();
    if (!list || !ult) {
        json_decref(list);
        json_decref(ult);
        return NULL;
    }
    long long seen[MAX_OWNER_EDGES + 1];
    size_t nseen = 0;
    seen[nseen++] = entity;
    long long frontier[MAX_OWNER_EDGES];
    size_t nf = 0;
    frontier[nf++] = entity;
    long long tops[MAX_OWNER_EDGES];
    size_t ntops = 0;
    for (int level = 1; level <= MAX_OWNER_LEVELS && nf; level++) {
        long long next[MAX_OWNER_EDGES];
        size_t nn = 0;
        for (size_t i = 0; i < nf; i++) {
            edge e[MAX_OWNER_EDGES];
            size_t ne = owner_edges(sc, frontier[i], date, e, MAX_OWNER_EDGES, level);
            if (ne == 0 && frontier[i] != entity && ntops < MAX_OWNER_EDGES)
                tops[ntops++] = frontier[i];
            for (size_t k = 0; k < ne; k++) {
                json_array_append_new(list, e[k].json);
                int dup = 0;
                for (size_t s = 0; s < nseen; s++)
                    dup |= seen[s] == e[k].owner;
                if (!dup && nseen <= MAX_OWNER_EDGES && nn < MAX_OWNER_EDGES) {
                    seen[nseen++] = e[k].owner;
                    next[nn++] = e[k].owner;
                }
            }
        }
        memcpy(frontier, next, nn * sizeof *next);
        nf = nn;
    }
    for (size_t i = 0; i < nf && ntops < MAX_OWNER_EDGES; i++)
        tops[ntops++] = frontier[i]; /* chain cut at the level limit */
    for (size_t i = 0; i < ntops; i++) {
        json_t *o = json_object();
        if (!o)
            break;
        add_name(sc, o, tops[i]);
        json_array_append_new(ult, o);
    }
    if (ultimate)
        *ultimate = ult;
    else
        json_decref(ult);
    return list;
}

typedef struct smrow {
    char code[8], country[4], since[11], until[11], as_of[11], source[24], funding[128], note[256],
        ref[128], label[64], group[32];
    long long cite;
    int rank;
    char key[11]; /* date of the observation used to choose */
} smrow;

static json_t *smrow_json(mh_scratch *sc, const smrow *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "code", json_string(r->code));
    json_object_set_new(o, "classification", json_string(r->label));
    json_object_set_new(o, "group", json_string(r->group));
    json_object_set_new(o, "country", r->country[0] ? json_string(r->country) : json_null());
    json_object_set_new(o, "as_of",
                        r->as_of[0]   ? json_string(r->as_of)
                        : r->since[0] ? json_string(r->since)
                                      : json_null());
    if (r->since[0] || r->until[0]) {
        json_object_set_new(o, "since", r->since[0] ? json_string(r->since) : json_null());
        json_object_set_new(o, "until", r->until[0] ? json_string(r->until) : json_null());
    }
    json_object_set_new(o, "source", json_string(r->source));
    if (r->funding[0])
        json_object_set_new(o, "funding", json_string(r->funding));
    if (r->note[0])
        json_object_set_new(o, "note", json_string(r->note));
    mh_json_set(o, "citation", mh_citation_json(sc, r->cite, r->ref[0] ? r->ref : NULL));
    return o;
}

#define COPY_COL(dst, q, col)                                                                      \
    do {                                                                                           \
        const char *v_ = (const char *)sqlite3_column_text(q, col);                                \
        mh_strcopy(dst, sizeof dst, v_ ? v_ : "");                                                 \
    } while (0)

json_t *mh_state_media_json(mh_scratch *sc, long long entity, const char *date)
{
    smrow rows[32];
    size_t n = 0;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_STATE_MEDIA);
    sqlite3_bind_int64(q, 1, entity);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < 32) {
        smrow *r = &rows[n];
        COPY_COL(r->code, q, 0);
        COPY_COL(r->country, q, 1);
        COPY_COL(r->since, q, 2);
        COPY_COL(r->until, q, 3);
        COPY_COL(r->as_of, q, 4);
        COPY_COL(r->source, q, 5);
        r->rank = sqlite3_column_int(q, 6);
        COPY_COL(r->funding, q, 7);
        COPY_COL(r->note, q, 8);
        r->cite = sqlite3_column_int64(q, 9);
        COPY_COL(r->ref, q, 10);
        COPY_COL(r->label, q, 11);
        COPY_COL(r->group, q, 12);
        /* a dated class out of force at date does not count */
        if (r->since[0] || r->until[0]) {
            sc->dated_lookup = 1;
            mh_date_narrow(sc, date, r->since);
            mh_date_narrow(sc, date, r->until);
        }
        if ((r->since[0] || r->until[0]) &&
            !mh_date_in(date, r->since[0] ? r->since : NULL, r->until[0] ? r->until : NULL))
            continue;
        if (!mh_date_key(r->as_of[0] ? r->as_of : r->since, r->key))
            snprintf(r->key, sizeof r->key, "0000-00-00");
        n++;
    }
    if (rc == SQLITE_ROW)
        mh_date_pin(sc, date); /* rows left unread */
    sqlite3_reset(q);
    if (n == 0)
        return json_null();
    if (n > 1) {
        sc->dated_lookup = 1; /* which observation wins depends on the date */
        for (size_t i = 0; i < n; i++)
            mh_date_narrow(sc, date, rows[i].key);
    }
    /* the newest observation on or before date wins (the oldest if all are
     * later); ties go to the source of lower rank */
    long best = -1;
    for (size_t i = 0; i < n; i++) {
        int usable = strcmp(rows[i].key, date) <= 0;
        if (best < 0) {
            best = (long)i;
            continue;
        }
        const smrow *b = &rows[best];
        int b_usable = strcmp(b->key, date) <= 0;
        int better;
        if (usable != b_usable)
            better = usable;
        else if (strcmp(rows[i].key, b->key) != 0)
            better = usable ? strcmp(rows[i].key, b->key) > 0 : strcmp(rows[i].key, b->key) < 0;
        else
            better = rows[i].rank < b->rank;
        if (better)
            best = (long)i;
    }
    json_t *o = smrow_json(sc, &rows[best]);
    json_t *others = json_array();
    for (size_t i = 0; o && others && i < n; i++) {
        if ((long)i == best)
            continue;
        /* the same class from the same source is a duplicate, not another view */
        if (strcmp(rows[i].code, rows[best].code) == 0 &&
            strcmp(rows[i].source, rows[best].source) == 0)
            continue;
        json_t *x = smrow_json(sc, &rows[i]);
        if (x)
            json_array_append_new(others, x);
    }
    if (o)
        json_object_set_new(o, "others", others ? others : json_array());
    else
        json_decref(others);
    return o;
}

json_t *mh_ratings_json(mh_scratch *sc, long long entity)
{
    json_t *list = json_array();
    if (!list)
        return NULL;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_RATINGS);
    sqlite3_bind_int64(q, 1, entity);
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *o = json_object();
        if (!o)
            break;
        set_text(o, "rater", q, 0);
        set_text(o, "rater_name", q, 7);
        set_text(o, "metric", q, 1);
        set_text(o, "domain", q, 13);
        if (sqlite3_column_type(q, 2) != SQLITE_NULL)
            json_object_set_new(o, "value", json_real(sqlite3_column_double(q, 2)));
        else
            json_object_set_new(o, "value", text_or_null(q, 3));
        json_t *scale = json_object();
        const char *kind = (const char *)sqlite3_column_text(q, 8);
        json_object_set_new(scale, "kind", json_string(kind ? kind : "numeric"));
        if (kind && strcmp(kind, "numeric") == 0) {
            json_object_set_new(scale, "min", json_real(sqlite3_column_double(q, 9)));
            json_object_set_new(scale, "max", json_real(sqlite3_column_double(q, 10)));
            set_text(scale, "direction", q, 11);
        } else {
            const char *labels = (const char *)sqlite3_column_text(q, 12);
            json_t *arr = json_array();
            for (const char *p = labels; p && *p;) {
                const char *bar = strchr(p, '|');
                size_t l = bar ? (size_t)(bar - p) : strlen(p);
                json_array_append_new(arr, json_stringn(p, l));
                p = bar ? bar + 1 : p + l;
            }
            json_object_set_new(scale, "labels", arr);
            if (kind && strcmp(kind, "ordinal") == 0)
                json_object_set_new(scale, "direction", json_string("first_best"));
        }
        json_object_set_new(o, "scale", scale);
        json_object_set_new(o, "as_of", text_or_null(q, 4));
        const char *ref = (const char *)sqlite3_column_text(q, 6);
        char refbuf[256];
        mh_strcopy(refbuf, sizeof refbuf, ref ? ref : "");
        long long cite = sqlite3_column_int64(q, 5);
        /* the citation query reuses no statement of this loop; set before
           the append, which frees o when it fails */
        mh_json_set(o, "citation", mh_citation_json(sc, cite, ref ? refbuf : NULL));
        json_array_append_new(list, o);
    }
    sqlite3_reset(q);
    return list;
}

json_t *mh_entity_core_json(mh_scratch *sc, long long entity, int with_domains)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    if (sqlite3_step(q) == SQLITE_ROW) {
        json_object_set_new(o, "id", text_or_null(q, 0));
        json_object_set_new(o, "name", text_or_null(q, 1));
        json_object_set_new(o, "kind", text_or_null(q, 3));
        json_object_set_new(o, "is_outlet", json_boolean(sqlite3_column_int(q, 2)));
        json_object_set_new(o, "country", text_or_null(q, 4));
        if (sqlite3_column_text(q, 5))
            json_object_set_new(o, "languages", text_or_null(q, 5));
        json_object_set_new(o, "domain", text_or_null(q, 6));
        const char *nb = (const char *)sqlite3_column_text(q, 7);
        if (nb && strcmp(nb, "domain") == 0)
            json_object_set_new(o, "named_by", json_string("domain"));
    }
    sqlite3_reset(q);
    if (!with_domains)
        return o;
    json_t *domains = json_array();
    q = mh_sourcedb_stmt(sc->db, Q_DOMAINS_OF);
    sqlite3_bind_int64(q, 1, entity);
    while (domains && sqlite3_step(q) == SQLITE_ROW) {
        const char *host = (const char *)sqlite3_column_text(q, 0);
        const char *path = (const char *)sqlite3_column_text(q, 1);
        char full[600];
        snprintf(full, sizeof full, "%s%s", host, path ? path : "");
        int dup = 0;
        size_t i;
        json_t *x;
        json_array_foreach (domains, i, x)
            dup |= strcmp(json_string_value(x), full) == 0;
        if (!dup)
            json_array_append_new(domains, json_string(full));
    }
    sqlite3_reset(q);
    mh_json_set(o, "domains", domains);
    return o;
}

json_t *mh_entity_full_json(mh_scratch *sc, long long entity, const char *date, int with_aliases)
{
    json_t *o = mh_entity_core_json(sc, entity, 1);
    if (!o)
        return NULL;
    json_t *ult = NULL;
    mh_json_set(o, "owners", mh_owners_json(sc, entity, date, &ult));
    mh_json_set(o, "ultimate_owners", ult);
    mh_json_set(o, "state_media", mh_state_media_json(sc, entity, date));
    mh_json_set(o, "ratings", mh_ratings_json(sc, entity));
    json_t *aliases = with_aliases ? json_array() : NULL;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ALIASES_OF);
    sqlite3_bind_int64(q, 1, entity);
    while (aliases && sqlite3_step(q) == SQLITE_ROW) {
        json_t *a = json_object();
        set_text(a, "alias", q, 0);
        set_text(a, "kind", q, 1);
        set_text(a, "lang", q, 2);
        json_array_append_new(aliases, a);
    }
    sqlite3_reset(q);
    if (with_aliases)
        mh_json_set(o, "aliases", aliases);
    q = mh_sourcedb_stmt(sc->db, Q_ENTITY);
    sqlite3_bind_int64(q, 1, entity);
    long long cite = 0;
    char ref[256] = "";
    int has_ref = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        cite = sqlite3_column_int64(q, 9);
        has_ref = sqlite3_column_text(q, 10) != NULL;
        if (has_ref)
            mh_strcopy(ref, sizeof ref, (const char *)sqlite3_column_text(q, 10));
    }
    sqlite3_reset(q);
    mh_json_set(o, "citation", mh_citation_json(sc, cite, has_ref ? ref : NULL));
    return o;
}
