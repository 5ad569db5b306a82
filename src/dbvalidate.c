/* dbvalidate.c — checks across rows of the staged source data.
 *
 * Each check is one SQL query returning (file, line, message) for every
 * offending row, so that one run reports every problem with its place;
 * ownership cycles are found by a depth-first search in C. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dbbuild.h"

/* datekey(x): "2013" -> "2013-01-01", "2013-10" -> "2013-10-01". */
static void datekey_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    char out[11];
    size_t n = strlen(s);
    if (n == 4)
        snprintf(out, sizeof out, "%s-01-01", s);
    else if (n == 7)
        snprintf(out, sizeof out, "%s-01", s);
    else
        snprintf(out, sizeof out, "%.10s", s);
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

void dbb_register_functions(sqlite3 *db)
{
    sqlite3_create_function(db, "datekey", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, datekey_fn,
                            NULL, NULL);
}

/* Fact tables with a `cite` column, and the entity columns of each. */
static const struct {
    const char *table;
    const char *entity_cols[2];
} fact_tables[] = {
    {"outlets", {NULL, NULL}},         {"orgs", {NULL, NULL}},
    {"domains", {"entity", NULL}},     {"aliases", {"entity", NULL}},
    {"ownership", {"owner", "owned"}}, {"state_media", {"entity", NULL}},
    {"ratings", {"entity", NULL}},
};

/* Columns checked against codes/kinds.tsv: table, column, kinds.tsv name. */
static const char *const kind_checks[][3] = {
    {"outlets", "kind", "outlets.kind"},         {"orgs", "kind", "orgs.kind"},
    {"outlets", "named_by", "outlets.named_by"}, {"domains", "kind", "domains.kind"},
    {"aliases", "kind", "aliases.kind"},         {"ownership", "relation", "ownership.relation"},
};

/* Fixed checks: each returns (f, l, message). */
static const char *const fixed_checks[] = {
    /* duplicate ids */
    "SELECT c.f, c.l, printf('citation id ''%s'' is already defined at %s:%d', c.id, d.f, d.l) "
    "FROM s_citations c JOIN s_citations d ON d.id = c.id "
    "AND d.rowid = (SELECT min(rowid) FROM s_citations WHERE id = c.id) WHERE c.rowid <> d.rowid",
    "SELECT c.f, c.l, printf('entity id ''%s'' is already defined at %s:%d', c.id, d.f, d.l) "
    "FROM t_entity c JOIN t_entity d ON d.id = c.id "
    "AND d.rowid = (SELECT min(rowid) FROM t_entity WHERE id = c.id) WHERE c.rowid <> d.rowid",
    /* citations */
    "SELECT f, l, printf('citation kind ''%s'' is not dataset, url or unverified', kind) "
    "FROM s_citations WHERE kind NOT IN ('dataset', 'url', 'unverified')",
    "SELECT f, l, 'a url citation needs url and accessed' FROM s_citations "
    "WHERE kind = 'url' AND (url IS NULL OR accessed IS NULL)",
    "SELECT f, l, 'an unverified citation needs accessed (the date asserted) and a note' "
    "FROM s_citations WHERE kind = 'unverified' AND (note IS NULL OR accessed IS NULL)",
    "SELECT f, l, 'a dataset citation needs url (the repository) or file' FROM s_citations "
    "WHERE kind = 'dataset' AND url IS NULL AND file IS NULL",
    "SELECT f, l, 'a url citation''s url must start with http:// or https://' FROM s_citations "
    "WHERE url IS NOT NULL AND url NOT LIKE 'http://%' AND url NOT LIKE 'https://%'",
    /* codes */
    "SELECT f, l, printf('unknown citation ''%s''', cite) FROM s_state_media_codes "
    "WHERE cite NOT IN (SELECT id FROM s_citations)",
    "SELECT f, l, printf('unknown citation ''%s''', cite) FROM s_raters "
    "WHERE cite NOT IN (SELECT id FROM s_citations)",
    "SELECT f, l, printf('rater kind ''%s'' is not numeric, ordinal or tags', kind) FROM s_raters "
    "WHERE kind NOT IN ('numeric', 'ordinal', 'tags')",
    "SELECT f, l, 'a numeric rater needs min, max and direction' FROM s_raters "
    "WHERE kind = 'numeric' AND (min IS NULL OR max IS NULL OR direction IS NULL)",
    "SELECT f, l, 'an ordinal or tags rater needs labels' FROM s_raters "
    "WHERE kind IN ('ordinal', 'tags') AND labels IS NULL",
    /* countries */
    "SELECT f, l, printf('unknown country code ''%s''', country) FROM s_outlets "
    "WHERE country IS NOT NULL AND country NOT IN (SELECT code FROM s_countries)",
    "SELECT f, l, printf('unknown country code ''%s''', country) FROM s_orgs "
    "WHERE country IS NOT NULL AND country NOT IN (SELECT code FROM s_countries)",
    "SELECT f, l, printf('unknown country code ''%s''', country) FROM s_state_media "
    "WHERE country IS NOT NULL AND country NOT IN (SELECT code FROM s_countries)",
    /* state media */
    "SELECT f, l, printf('unknown state-media code ''%s''', code) FROM s_state_media "
    "WHERE code NOT IN (SELECT code FROM s_state_media_codes)",
    "SELECT f, l, printf('unknown state-media source ''%s'' (see "
    "codes/state_media_precedence.tsv)', "
    "source) FROM s_state_media WHERE source NOT IN (SELECT source FROM s_state_media_precedence)",
    "SELECT f, l, 'a state-media class needs as_of or since (when it was observed)' "
    "FROM s_state_media WHERE as_of IS NULL AND since IS NULL",
    /* ratings */
    "SELECT f, l, printf('unknown rater/metric ''%s/%s'' (see codes/raters.tsv)', rater, metric) "
    "FROM s_ratings r WHERE NOT EXISTS (SELECT 1 FROM s_raters s WHERE s.rater = r.rater AND "
    "s.metric = r.metric)",
    "SELECT r.f, r.l, printf('value ''%s'' is not a number in [%g, %g]', r.value, s.min, s.max) "
    "FROM s_ratings r JOIN s_raters s ON s.rater = r.rater AND s.metric = r.metric "
    "WHERE s.kind = 'numeric' AND (CAST(r.value AS REAL) || '' <> r.value AND "
    "CAST(r.value AS INTEGER) || '' <> r.value OR CAST(r.value AS REAL) < s.min OR "
    "CAST(r.value AS REAL) > s.max)",
    "SELECT r.f, r.l, printf('value ''%s'' is not one of the labels of %s/%s', r.value, r.rater, "
    "r.metric) FROM s_ratings r JOIN s_raters s ON s.rater = r.rater AND s.metric = r.metric "
    "WHERE s.kind IN ('ordinal', 'tags') AND instr('|' || s.labels || '|', '|' || r.value || '|') "
    "= 0",
    /* ownership */
    "SELECT f, l, printf('share %g is not a percentage in [0, 100]', share) FROM s_ownership "
    "WHERE share IS NOT NULL AND (share < 0 OR share > 100)",
    "SELECT f, l, printf('''%s'' owns itself', owner) FROM s_ownership WHERE owner = owned",
    /* aliases */
    "SELECT f, l, printf('handle ''%s'' must be written platform:handle', alias) FROM s_aliases "
    "WHERE kind = 'handle' AND instr(alias, ':') < 2",
    /* outlets known by domain only need a domain */
    "SELECT f, l, printf('outlet ''%s'' is named by its domain but has no domain row', id) "
    "FROM s_outlets WHERE named_by = 'domain' AND id NOT IN (SELECT entity FROM s_domains)",
    /* one exact host (and path) given to two entities for overlapping periods */
    "SELECT b.f, b.l, printf('host ''%s%s'' is also given to ''%s'' at %s:%d for an overlapping "
    "period', b.host, b.path, a.entity, a.f, a.l) FROM s_domains a JOIN s_domains b "
    "ON a.host = b.host AND a.path = b.path AND a.entity <> b.entity AND a.rowid < b.rowid "
    "AND (a.until IS NULL OR b.since IS NULL OR datekey(b.since) < datekey(a.until)) "
    "AND (b.until IS NULL OR a.since IS NULL OR datekey(a.since) < datekey(b.until)) "
    "GROUP BY b.rowid",
};

/* Run one check query; every row is an error. */
static mh_status run_check(dbb *b, const char *sql)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(b->db, sql, -1, &q, NULL) != SQLITE_OK) {
        dbb_error(b, "(internal)", 0, 0, "check failed to prepare: %s", sqlite3_errmsg(b->db));
        return MH_ERR_INTERNAL;
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        dbb_error(b, (const char *)sqlite3_column_text(q, 0), (unsigned)sqlite3_column_int(q, 1), 0,
                  "%s", (const char *)sqlite3_column_text(q, 2));
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? MH_OK : MH_ERR_INTERNAL;
}

static mh_status run_fmt_check(dbb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static mh_status run_fmt_check(dbb *b, const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return run_check(b, sql);
}

/* Per-table checks: citations referenced, row keys for datasets, entities
 * referenced, since before until. */
static mh_status check_facts(dbb *b)
{
    mh_status st = MH_OK;
    for (size_t i = 0; i < sizeof fact_tables / sizeof fact_tables[0] && st == MH_OK; i++) {
        const char *t = fact_tables[i].table;
        st = run_fmt_check(b,
                           "SELECT f, l, printf('unknown citation ''%%s''', cite) FROM s_%s "
                           "WHERE cite NOT IN (SELECT id FROM s_citations)",
                           t);
        if (st == MH_OK)
            st = run_fmt_check(b,
                               "SELECT f, l, printf('citation ''%%s'' is a dataset: cite_ref "
                               "(the row key) is required', cite) FROM s_%s WHERE cite_ref IS NULL "
                               "AND cite IN (SELECT id FROM s_citations WHERE kind = 'dataset')",
                               t);
        for (size_t k = 0; k < 2 && st == MH_OK; k++) {
            const char *c = fact_tables[i].entity_cols[k];
            if (!c)
                continue;
            st = run_fmt_check(b,
                               "SELECT f, l, printf('unknown entity ''%%s'' in column %s', %s) "
                               "FROM s_%s WHERE %s NOT IN (SELECT id FROM t_entity)",
                               c, c, t, c);
        }
    }
    static const char *const dated[] = {"domains", "aliases", "ownership", "state_media"};
    for (size_t i = 0; i < sizeof dated / sizeof dated[0] && st == MH_OK; i++)
        st = run_fmt_check(b,
                           "SELECT f, l, printf('since %%s is not before until %%s', since, until) "
                           "FROM s_%s WHERE since IS NOT NULL AND until IS NOT NULL AND "
                           "datekey(since) >= datekey(until)",
                           dated[i]);
    for (size_t i = 0; i < sizeof kind_checks / sizeof kind_checks[0] && st == MH_OK; i++)
        st = run_fmt_check(b,
                           "SELECT f, l, printf('unknown %s ''%%s'' (see codes/kinds.tsv)', %s) "
                           "FROM s_%s WHERE %s IS NOT NULL AND %s NOT IN "
                           "(SELECT value FROM s_kinds WHERE \"column\" = '%s')",
                           kind_checks[i][2], kind_checks[i][1], kind_checks[i][0],
                           kind_checks[i][1], kind_checks[i][1], kind_checks[i][2]);
    return st;
}

typedef struct edge_graph {
    char **ids; /* sorted entity ids */
    size_t n;
    size_t *first; /* adjacency: edges of node i are to[first[i]..first[i+1]) */
    size_t *to;
    char **where; /* "file:line" of each edge */
    int *state;   /* 0 new, 1 on stack, 2 done */
} edge_graph;

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t node_of(const edge_graph *g, const char *id)
{
    char **hit = bsearch(&id, g->ids, g->n, sizeof *g->ids, cmp_id);
    return hit ? (size_t)(hit - g->ids) : (size_t)-1;
}

/* Split "file:line" into its parts (file written into buf). */
static unsigned where_split(const char *where, char *buf, size_t n)
{
    snprintf(buf, n, "%s", where);
    char *colon = strrchr(buf, ':');
    if (!colon)
        return 0;
    *colon = '\0';
    return (unsigned)strtoul(colon + 1, NULL, 10);
}

/* Report one cycle as its chain of owners, starting from its edge that
 * comes first in the files: "'a' is owned by 'b', which is owned by 'a'". */
static void report_cycle(dbb *b, const edge_graph *g, const size_t *stack, const size_t *next,
                         size_t sp, size_t w, size_t closing)
{
    size_t pos = sp - 1;
    while (pos > 0 && stack[pos] != w)
        pos--;
    size_t n = sp - pos; /* edges in the cycle */
    size_t *edges = mh_malloc(n * sizeof *edges);
    if (!edges)
        return;
    for (size_t i = 0; i + 1 < n; i++)
        edges[i] = next[pos + i] - 1; /* the edge taken from stack[pos+i] */
    edges[n - 1] = closing;
    size_t first = 0;
    char fa[4096], fb[4096];
    for (size_t i = 1; i < n; i++) {
        unsigned la = where_split(g->where[edges[i]], fa, sizeof fa);
        unsigned lb = where_split(g->where[edges[first]], fb, sizeof fb);
        int c = strcmp(fa, fb);
        if (c < 0 || (c == 0 && la < lb))
            first = i;
    }
    char msg[1024];
    size_t start_node = first == 0 ? w : g->to[edges[first - 1]];
    int len = snprintf(msg, sizeof msg, "ownership cycle: '%s'", g->ids[start_node]);
    for (size_t k = 0; k < n && len > 0 && (size_t)len < sizeof msg; k++) {
        size_t e = edges[(first + k) % n];
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s '%s'",
                        k ? ", which is owned by" : " is owned by", g->ids[g->to[e]]);
    }
    unsigned line = where_split(g->where[edges[first]], fa, sizeof fa);
    dbb_error(b, fa, line, 0, "%s", msg);
    mh_free(edges);
}

/* Iterative DFS from `start`; reports each cycle once, when its closing
 * edge is met. */
static mh_status dfs(dbb *b, edge_graph *g, size_t start)
{
    size_t *stack = mh_malloc((g->n + 1) * sizeof *stack);
    size_t *next = mh_malloc((g->n + 1) * sizeof *next);
    if (!stack || !next) {
        mh_free(stack);
        mh_free(next);
        return MH_ERR_NOMEM;
    }
    size_t sp = 0;
    stack[sp] = start;
    next[sp] = g->first[start];
    g->state[start] = 1;
    sp++;
    while (sp) {
        size_t v = stack[sp - 1];
        if (next[sp - 1] == g->first[v + 1]) {
            g->state[v] = 2;
            sp--;
            continue;
        }
        size_t e = next[sp - 1]++;
        size_t w = g->to[e];
        if (g->state[w] == 1) {
            report_cycle(b, g, stack, next, sp, w, e);
        } else if (g->state[w] == 0) {
            g->state[w] = 1;
            stack[sp] = w;
            next[sp] = g->first[w];
            sp++;
        }
    }
    mh_free(stack);
    mh_free(next);
    return MH_OK;
}

/* Edges go owned -> owner; a cycle means an entity owns itself indirectly. */
static mh_status check_cycles(dbb *b)
{
    edge_graph g;
    memset(&g, 0, sizeof g);
    sqlite3_stmt *q = NULL;
    mh_status st = MH_OK;
    size_t nedges = 0, ealloc = 0;
    char **from = NULL, **tov = NULL;
    if (sqlite3_prepare_v2(
            b->db,
            "SELECT owned, owner, f || ':' || l FROM s_ownership "
            "WHERE owned IN (SELECT id FROM t_entity) AND owner IN (SELECT id FROM t_entity) "
            "ORDER BY owned",
            -1, &q, NULL) != SQLITE_OK)
        return MH_ERR_INTERNAL;
    while (st == MH_OK && sqlite3_step(q) == SQLITE_ROW) {
        if (nedges == ealloc) {
            size_t k = ealloc ? ealloc * 2 : 256;
            char **a = mh_realloc(from, k * sizeof *a);
            if (a)
                from = a;
            char **c = mh_realloc(tov, k * sizeof *c);
            if (c)
                tov = c;
            char **w = mh_realloc(g.where, k * sizeof *w);
            if (w)
                g.where = w;
            if (!a || !c || !w) {
                st = MH_ERR_NOMEM;
                break;
            }
            ealloc = k;
        }
        from[nedges] = mh_strdup((const char *)sqlite3_column_text(q, 0));
        tov[nedges] = mh_strdup((const char *)sqlite3_column_text(q, 1));
        g.where[nedges] = mh_strdup((const char *)sqlite3_column_text(q, 2));
        nedges++;
        if (!from[nedges - 1] || !tov[nedges - 1] || !g.where[nedges - 1])
            st = MH_ERR_NOMEM;
    }
    sqlite3_finalize(q);
    if (st == MH_OK && nedges) {
        /* nodes: distinct ids among both ends */
        g.ids = mh_malloc(2 * nedges * sizeof *g.ids);
        if (!g.ids)
            st = MH_ERR_NOMEM;
        for (size_t i = 0; st == MH_OK && i < nedges; i++) {
            g.ids[2 * i] = from[i];
            g.ids[2 * i + 1] = tov[i];
        }
        if (st == MH_OK) {
            qsort(g.ids, 2 * nedges, sizeof *g.ids, cmp_id);
            for (size_t i = 0; i < 2 * nedges; i++)
                if (g.n == 0 || strcmp(g.ids[g.n - 1], g.ids[i]) != 0)
                    g.ids[g.n++] = g.ids[i];
            g.first = mh_calloc(g.n + 1, sizeof *g.first);
            g.to = mh_malloc(nedges * sizeof *g.to);
            g.state = mh_calloc(g.n, sizeof *g.state);
            if (!g.first || !g.to || !g.state)
                st = MH_ERR_NOMEM;
        }
        if (st == MH_OK) {
            /* edges arrive sorted by owned: count then fill */
            for (size_t i = 0; i < nedges; i++)
                g.first[node_of(&g, from[i]) + 1]++;
            for (size_t i = 0; i < g.n; i++)
                g.first[i + 1] += g.first[i];
            size_t *fill = mh_calloc(g.n, sizeof *fill);
            char **where2 = mh_malloc(nedges * sizeof *where2);
            if (!fill || !where2) {
                mh_free(fill);
                mh_free(where2);
                st = MH_ERR_NOMEM;
            } else {
                for (size_t i = 0; i < nedges; i++) {
                    size_t v = node_of(&g, from[i]);
                    size_t slot = g.first[v] + fill[v]++;
                    g.to[slot] = node_of(&g, tov[i]);
                    where2[slot] = g.where[i];
                }
                mh_free(g.where);
                g.where = where2;
                mh_free(fill);
            }
        }
        for (size_t v = 0; st == MH_OK && v < g.n; v++)
            if (g.state[v] == 0)
                st = dfs(b, &g, v);
    }
    for (size_t i = 0; i < nedges; i++) {
        mh_free(from[i]);
        mh_free(tov[i]);
        if (g.where)
            mh_free(g.where[i]);
    }
    mh_free(from);
    mh_free(tov);
    mh_free(g.where);
    mh_free(g.ids);
    mh_free(g.first);
    mh_free(g.to);
    mh_free(g.state);
    return st;
}

mh_status dbb_validate(dbb *b)
{
    if (sqlite3_exec(b->db,
                     "CREATE TEMP TABLE t_entity AS SELECT id, f, l, 1 AS is_outlet FROM s_outlets "
                     "UNION ALL SELECT id, f, l, 0 FROM s_orgs;"
                     "CREATE INDEX temp.t_entity_id ON t_entity(id);"
                     "CREATE INDEX temp.s_citations_id ON s_citations(id);"
                     "CREATE INDEX temp.s_domains_host ON s_domains(host, path);",
                     NULL, NULL, NULL) != SQLITE_OK)
        return MH_ERR_INTERNAL;
    mh_status st = MH_OK;
    for (size_t i = 0; i < sizeof fixed_checks / sizeof fixed_checks[0] && st == MH_OK; i++)
        st = run_check(b, fixed_checks[i]);
    if (st == MH_OK)
        st = check_facts(b);
    if (st == MH_OK)
        st = check_cycles(b);
    return st;
}
