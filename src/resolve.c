/* resolve.c — markers to database entities: URL unwrapping, host lookup in
 * the order of DESIGN §6, name lookup through folded aliases. */
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "engine.h"
#include "hostmemo.h"
#include "keyfilter.h"
#include "namememo.h"
#include "strcopy.h"
#include "utf8.h"

#define MAX_UNWRAP_LAYERS 4
#define MAX_TRIM_TOKENS   10
#define URL_BUF           2048

int mh_date_key(const char *s, char out[11])
{
    size_t n = s ? strlen(s) : 0;
    /* a year or a month stands for its first day */
    if (n == 4)
        memcpy(out, "    -01-01", 11);
    else if (n == 7)
        memcpy(out, "       -01", 11);
    else if (n < 10)
        return 0;
    memcpy(out, s, n < 10 ? n : 10);
    out[10] = '\0';
    return 1;
}

int mh_date_in(const char *date, const char *since, const char *until)
{
    char k[11];
    if (since && mh_date_key(since, k) && strcmp(date, k) < 0)
        return 0;
    if (until && mh_date_key(until, k) && strcmp(date, k) >= 0)
        return 0;
    return 1;
}

void mh_date_narrow(mh_scratch *sc, const char *date, const char *bound)
{
    char k[11];
    if (!date || !mh_date_key(bound, k))
        return;
    if (strcmp(k, date) <= 0) {
        if (strcmp(k, sc->valid_from) > 0)
            memcpy(sc->valid_from, k, sizeof k);
    } else if (!sc->valid_until[0] || strcmp(k, sc->valid_until) < 0) {
        memcpy(sc->valid_until, k, sizeof k);
    }
}

void mh_date_pin(mh_scratch *sc, const char *date)
{
    /* an empty interval: [date, date) holds no date */
    mh_strcopy(sc->valid_from, sizeof sc->valid_from, date ? date : "");
    mh_strcopy(sc->valid_until, sizeof sc->valid_until, date ? date : "");
}

static mh_status push_cand(mh_scratch *sc, const mh_cand *c)
{
    if (sc->ncands == sc->cands_alloc) {
        mh_cand *p = mh_grow(sc->cands, &sc->cands_alloc, sizeof *p, 32);
        if (!p)
            return MH_ERR_NOMEM;
        sc->cands = p;
    }
    sc->cands[sc->ncands++] = *c;
    return MH_OK;
}

/* Entity facts needed to weigh a candidate: outlet or org, wire agency. */
static void entity_traits(mh_scratch *sc, mh_cand *c)
{
    unsigned t = mh_entity_traits(sc, c->entity);
    if (t & MH_TRAIT_EXISTS) {
        c->is_outlet = (t & MH_TRAIT_OUTLET) != 0;
        c->is_wire = (t & MH_TRAIT_WIRE) != 0;
    }
}

int mh_unwrap_url(mh_scratch *sc, const char *url, size_t len, char *out, size_t outlen,
                  char date_out[11])
{
    const mh_ruleset *rs = sc->eng->rules;
    /* zeroed: the JIT may read past the subject's NUL (see buf.c) */
    char cur[URL_BUF] = {0}, next[URL_BUF];
    size_t cl = len < sizeof cur - 1 ? len : sizeof cur - 1;
    memcpy(cur, url, cl);
    cur[cl] = '\0';
    date_out[0] = '\0';
    int unwrapped = 0;
    for (int layer = 0; layer < MAX_UNWRAP_LAYERS; layer++) {
        int changed = 0;
        for (size_t i = 0; i < rs->n && !changed; i++) {
            const mh_rule *r = &rs->rules[i];
            if (r->scope != MH_SCOPE_URL || r->kind != MK_UNWRAP)
                continue;
            mh_marker m;
            if (mh_scan_match_one(sc->scanner, r, cur, strlen(cur), &m) != 1)
                continue;
            if (m.cap[CAP_URL].start == MH_NOCAP)
                continue;
            char inner[URL_BUF];
            size_t il =
                mh_percent_decode(cur + m.cap[CAP_URL].start,
                                  m.cap[CAP_URL].end - m.cap[CAP_URL].start, inner, sizeof inner);
            if (il == 0)
                continue;
            /* a wrapped URL without scheme (AMP cache paths) gets https:// */
            if (strstr(inner, "://") == NULL)
                snprintf(next, sizeof next, "https://%.2030s", inner);
            else
                mh_strcopy(next, sizeof next, inner);
            if (m.cap[CAP_DATE].start != MH_NOCAP &&
                m.cap[CAP_DATE].end - m.cap[CAP_DATE].start >= 8) {
                const char *d = cur + m.cap[CAP_DATE].start;
                snprintf(date_out, 11, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
            }
            memcpy(cur, next, strlen(next) + 1);
            changed = 1;
            unwrapped = 1;
        }
        if (!changed)
            break;
    }
    mh_strcopy(out, outlen, cur);
    return unwrapped;
}

/* The choice among a host's rows: the row valid at date with a path prefix
 * of the article's path, else valid at date, else (a domain known only
 * outside the date still names its outlet) the first row. */
typedef struct host_pick {
    long long best, fallback;
    int best_path, best_row, fallback_row;
} host_pick;

static void consider(host_pick *k, int row, long long e, const char *p, const char *since,
                     const char *until, const char *path, const char *date)
{
    size_t pl = p ? strlen(p) : 0;
    /* a path prefix matches whole segments only */
    if (pl && (!path || strncmp(path, p, pl) != 0 || (path[pl] != '\0' && path[pl] != '/')))
        return;
    if (mh_date_in(date, since, until)) {
        if (!k->best || (pl && !k->best_path)) {
            k->best = e;
            k->best_path = pl > 0;
            k->best_row = row;
        }
    } else if (!k->fallback) {
        k->fallback = e;
        k->fallback_row = row;
    }
}

static const char *or_null(const char *s)
{
    return s[0] ? s : NULL;
}

/* May the table hold the key (keyfilter.h)? Always, without an engine. */
static int may_hold(const mh_scratch *sc, int hosts, const char *key)
{
    const mh_keyfilter *f = !sc->eng ? NULL : hosts ? sc->eng->host_filter : sc->eng->norm_filter;
    return mh_keyfilter_may_hold(f, key, strlen(key));
}

/* A host's rows read from the database, with their entities' traits and
 * the host's registrable domain (known: already found for a host below it,
 * or NULL). 0 when they do not fit a memo entry. */
static int read_host_rows(mh_scratch *sc, const char *host, const char *known, mh_host_rows *rows)
{
    rows->n = 0;
    rows->domain[0] = '\0';
    if (known)
        mh_strcopy(rows->domain, sizeof rows->domain, known);
    else
        mh_registrable_domain(mh_psl(), host, rows->domain, sizeof rows->domain);
    if (!may_hold(sc, 1, host))
        return 1; /* no row */
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_DOMAIN_BY_HOST);
    sqlite3_bind_text(q, 1, host, -1, SQLITE_STATIC);
    int fits = 1;
    while (fits && sqlite3_step(q) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(q, 1);
        const char *since = (const char *)sqlite3_column_text(q, 3);
        const char *until = (const char *)sqlite3_column_text(q, 4);
        if (rows->n == MH_HOSTMEMO_ROWS || (p && strlen(p) >= MH_HOSTMEMO_PATH) ||
            (since && strlen(since) > 10) || (until && strlen(until) > 10)) {
            fits = 0;
            break;
        }
        mh_host_row *r = &rows->row[rows->n++];
        r->entity = sqlite3_column_int64(q, 0);
        mh_strcopy(r->path, sizeof r->path, p ? p : "");
        mh_strcopy(r->since, sizeof r->since, since ? since : "");
        mh_strcopy(r->until, sizeof r->until, until ? until : "");
    }
    sqlite3_reset(q);
    for (int i = 0; fits && i < rows->n; i++) {
        mh_cand t;
        memset(&t, 0, sizeof t);
        t.entity = rows->row[i].entity;
        entity_traits(sc, &t);
        rows->row[i].is_outlet = (unsigned char)t.is_outlet;
        rows->row[i].is_wire = (unsigned char)t.is_wire;
    }
    return fits;
}

/* The rows of one host straight from the database (a host whose rows do
 * not fit a memo entry). */
static long long lookup_host_sql(mh_scratch *sc, const char *host, const char *path,
                                 const char *date, int *path_hit)
{
    *path_hit = 0;
    if (!may_hold(sc, 1, host))
        return 0;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_DOMAIN_BY_HOST);
    sqlite3_bind_text(q, 1, host, -1, SQLITE_STATIC);
    host_pick k = {0, 0, 0, 0, 0};
    int row = 0;
    while (sqlite3_step(q) == SQLITE_ROW)
        consider(&k, row++, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
                 (const char *)sqlite3_column_text(q, 3), (const char *)sqlite3_column_text(q, 4),
                 path, date);
    sqlite3_reset(q);
    *path_hit = k.best ? k.best_path : 0;
    return k.best ? k.best : k.fallback;
}

/* One host of the chain: the entity chosen (0 for none) with its traits in
 * c, whether a path prefix chose it, and (domain non-NULL) the host's
 * registrable domain, or (known non-NULL) that domain already found for a
 * host below it. Each host is read once (hostmemo.h). */
static long long lookup_host(mh_scratch *sc, const char *host, const char *path, const char *date,
                             int *path_hit, mh_cand *c, char *domain, size_t domain_len,
                             const char *known)
{
    mh_host_rows rows;
    long long e = 0;
    *path_hit = 0;
    if (!mh_host_memo_get(sc->host_memo, host, &rows)) {
        if (!read_host_rows(sc, host, known, &rows)) {
            if (domain)
                mh_strcopy(domain, domain_len, rows.domain);
            e = lookup_host_sql(sc, host, path, date, path_hit);
            if (e) {
                c->entity = e;
                entity_traits(sc, c);
            }
            return e;
        }
        mh_host_memo_put(sc->host_memo, host, &rows);
    }
    if (domain)
        mh_strcopy(domain, domain_len, rows.domain);
    host_pick k = {0, 0, 0, 0, 0};
    for (int i = 0; i < rows.n; i++) {
        const mh_host_row *r = &rows.row[i];
        consider(&k, i, r->entity, or_null(r->path), or_null(r->since), or_null(r->until), path,
                 date);
    }
    if (!k.best && !k.fallback)
        return 0;
    const mh_host_row *r = &rows.row[k.best ? k.best_row : k.fallback_row];
    *path_hit = k.best ? k.best_path : 0;
    c->is_outlet = r->is_outlet;
    c->is_wire = r->is_wire;
    return r->entity;
}

/* Is host the domain d, or a host under it? */
static int within(const char *host, const char *d)
{
    size_t hl = strlen(host), dl = strlen(d);
    return dl && hl >= dl && strcmp(host + hl - dl, d) == 0 &&
           (hl == dl || host[hl - dl - 1] == '.');
}

int mh_resolve_host(mh_scratch *sc, const char *host, const char *path, const char *date,
                    mh_cand *c)
{
    mh_strcopy(c->host, sizeof c->host, host);
    c->domain[0] = '\0';
    const char *h = host;
    int first = 1;
    while (h && *h) {
        int path_hit = 0;
        /* a host between the first and its registrable domain has that
         * same domain (the public suffix below it is the first's): the
         * suffix list is not asked again */
        long long e =
            lookup_host(sc, h, path, date, &path_hit, c, first ? c->domain : NULL, sizeof c->domain,
                        !first && within(h, c->domain) ? c->domain : NULL);
        if (e) {
            c->entity = e;
            c->via = VIA_DOMAIN;
            const char *step = path_hit ? "host_path" : first ? "host" : "parent_host";
            if (!path_hit && c->domain[0] && strcmp(h, c->domain) == 0 && !first)
                step = "registrable_domain";
            mh_strcopy(c->step, sizeof c->step, step);
            return 1;
        }
        /* stop at the registrable domain: a private suffix's users are their own sites */
        if (c->domain[0] && strcmp(h, c->domain) == 0)
            break;
        const char *dot = strchr(h, '.');
        h = dot ? dot + 1 : NULL;
        first = 0;
        if (!c->domain[0] && h && !strchr(h, '.'))
            break;
    }
    c->entity = 0;
    c->via = VIA_DOMAIN;
    mh_strcopy(c->step, sizeof c->step, "unknown");
    return 0;
}

/* Does `owner` own `owned` directly (any date)? */
static int owns_directly(mh_scratch *sc, long long owner, long long owned)
{
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_OWNERS);
    sqlite3_bind_int64(q, 1, owned);
    int found = 0;
    while (!found && sqlite3_step(q) == SQLITE_ROW)
        found = sqlite3_column_int64(q, 0) == owner;
    sqlite3_reset(q);
    return found;
}

/* A name shared by an outlet and the company that owns it (a legal entity
 * printed as RT's copyright holder) names the outlet: drop the owner. */
static int drop_owners_of_matches(mh_scratch *sc, long long *ids, char (*kinds)[24],
                                  unsigned char *as_written, int n)
{
    if (n < 2)
        return n;
    unsigned char drop[8] = {0};
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j && !drop[j] && owns_directly(sc, ids[i], ids[j]))
                drop[i] = 1;
    int w = 0;
    for (int i = 0; i < n; i++) {
        if (drop[i])
            continue;
        ids[w] = ids[i];
        memcpy(kinds[w], kinds[i], sizeof kinds[0]);
        as_written[w] = as_written[i];
        w++;
    }
    return w;
}

/* The name as written equals the alias, letter case and runs of spaces
 * aside: "the Independent" is "The Independent", not "Independent". */
static int written_as(const char *name, size_t len, const char *alias)
{
    size_t i = 0;
    const char *a = alias;
    while (i < len || *a) {
        int ns = i < len && isspace((unsigned char)name[i]);
        int as = *a && isspace((unsigned char)*a);
        if (ns && as) {
            while (i < len && isspace((unsigned char)name[i]))
                i++;
            while (*a && isspace((unsigned char)*a))
                a++;
            continue;
        }
        if (i >= len || !*a || tolower((unsigned char)name[i]) != tolower((unsigned char)*a))
            return 0;
        i++;
        a++;
    }
    return 1;
}

/* Query the alias index for one folded name; append a candidate per entity.
 * `written` (NULL for a name trimmed before lookup) is the name as the text
 * has it: when several entities share the folded name and some carry it as
 * written, those are the ones named ("the Independent" is the British
 * paper, not every local Independent). */
static int lookup_norm(mh_scratch *sc, const char *norm, const char *written, size_t written_len,
                       const char *date, mh_cand *tmpl, mh_status *st)
{
    if (!may_hold(sc, 0, norm))
        return 0;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ALIAS_BY_NORM);
    sqlite3_bind_text(q, 1, norm, -1, SQLITE_STATIC);
    long long seen[8];
    char kinds[8][24];
    unsigned char as_written[8] = {0};
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW && n < 8) {
        long long e = sqlite3_column_int64(q, 0);
        const char *alias = (const char *)sqlite3_column_text(q, 1);
        const char *kind = (const char *)sqlite3_column_text(q, 2);
        const char *since = (const char *)sqlite3_column_text(q, 3);
        const char *until = (const char *)sqlite3_column_text(q, 4);
        if (since || until)
            sc->dated_lookup = 1; /* the answer depends on the date */
        if (!mh_date_in(date, since, until))
            continue;
        int exact = written && alias && written_as(written, written_len, alias);
        int dup = -1;
        for (int i = 0; i < n; i++)
            if (seen[i] == e)
                dup = i;
        if (dup >= 0) {
            as_written[dup] |= (unsigned char)exact;
            continue;
        }
        seen[n] = e;
        mh_strcopy(kinds[n], sizeof kinds[n], kind);
        as_written[n] = (unsigned char)exact;
        n++;
    }
    sqlite3_reset(q);
    n = drop_owners_of_matches(sc, seen, kinds, as_written, n);
    int nwritten = 0;
    for (int i = 0; i < n; i++)
        nwritten += as_written[i];
    if (nwritten > 0 && nwritten < n) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (!as_written[i])
                continue;
            seen[w] = seen[i];
            memcpy(kinds[w], kinds[i], sizeof kinds[0]);
            w++;
        }
        n = w;
    }
    for (int i = 0; i < n && *st == MH_OK; i++) {
        mh_cand c = *tmpl;
        c.entity = seen[i];
        c.via = VIA_ALIAS;
        c.ambiguous = n;
        mh_strcopy(c.step, sizeof c.step, "alias");
        mh_strcopy(c.alias_kind, sizeof c.alias_kind, kinds[i]);
        mh_utf8_copy(c.matched, sizeof c.matched, norm);
        entity_traits(sc, &c);
        *st = push_cand(sc, &c);
    }
    return n;
}

static int resolve_name_uncached(mh_scratch *sc, const char *name, size_t len, const char *date,
                                 int mode, mh_cand *tmpl, mh_status *st);
static int resolve_handle_uncached(mh_scratch *sc, const char *key, size_t len, const char *date,
                                   int mode, mh_cand *tmpl, mh_status *st);

/* The memo's modes (namememo.h): a name as the text writes it, a name
 * asked for exactly (`masthead db query`), and a handle's key. */
enum { MEMO_NAME = 0, MEMO_EXACT = 1, MEMO_HANDLE = 2 };

typedef int (*uncached_fn)(mh_scratch *sc, const char *key, size_t len, const char *date, int mode,
                           mh_cand *tmpl, mh_status *st);

/* A key looked up through the engine's memo (namememo.h), or by `uncached`
 * and then kept. Most keys resolve alike on every date: their entry is
 * kept under the empty date, so a corpus spread over years still finds it. */
static int memoized(mh_scratch *sc, const char *key, size_t len, const char *date, int mode,
                    mh_cand *tmpl, mh_status *st, uncached_fn uncached)
{
    mh_name_memo *memo = sc->name_memo;
    mh_cand hit[MH_NAME_MEMO_CANDS];
    int nhit = mh_name_memo_get(memo, key, len, "", mode, tmpl, hit);
    if (nhit < 0 && date && *date)
        nhit = mh_name_memo_get(memo, key, len, date, mode, tmpl, hit);
    if (nhit >= 0) {
        for (int i = 0; i < nhit && *st == MH_OK; i++)
            *st = push_cand(sc, &hit[i]);
        return nhit;
    }
    size_t before = sc->ncands;
    sc->dated_lookup = 0;
    int found = uncached(sc, key, len, date, mode, tmpl, st);
    /* (no candidates yet: sc->cands may be NULL) */
    if (*st == MH_OK && found >= 0)
        mh_name_memo_put(memo, key, len, sc->dated_lookup && date ? date : "", mode,
                         found ? sc->cands + before : NULL, found, tmpl);
    return found;
}

int mh_resolve_name(mh_scratch *sc, const char *name, size_t len, const char *date, int exact_only,
                    mh_cand *tmpl, mh_status *st)
{
    return memoized(sc, name, len, date, exact_only ? MEMO_EXACT : MEMO_NAME, tmpl, st,
                    resolve_name_uncached);
}

/* Whether the folded name's first n bytes hold two words after a leading
 * "the". */
static int two_words(const char *norm, size_t n)
{
    size_t i = 0;
    if (n > 4 && memcmp(norm, "the ", 4) == 0)
        i = 4;
    const char *space = memchr(norm + i, ' ', n - i);
    return space != NULL && (size_t)(space - norm) + 1 < n;
}

static int resolve_name_uncached(mh_scratch *sc, const char *name, size_t len, const char *date,
                                 int mode, mh_cand *tmpl, mh_status *st)
{
    int exact_only = mode == MEMO_EXACT;
    char *norm = NULL;
    mh_status fs = mh_fold_name(sc->eng->folder, name, len, &norm);
    if (fs != MH_OK) {
        if (fs == MH_ERR_NOMEM)
            *st = fs;
        return 0;
    }
    int found = 0;
    size_t full = strlen(norm);
    size_t cut = full;
    int generic_tail = 1; /* every word trimmed so far is a generic one */
    for (int trim = 0; trim <= MAX_TRIM_TOKENS && cut > 0 && *st == MH_OK; trim++) {
        /* trimmed names must stay specific: a name that only lost generic
         * words ("RT News App" -> "rt", "Reuters Staff" -> "reuters"), or
         * two words besides "the" ("Daily Mail Australia" -> "daily mail");
         * "The World Health Organization" is not "The World", nor is
         * "Union Amphitheatre" "Union" */
        int specific = trim == 0 ||
                       (generic_tail && !mh_folder_is_generic(sc->eng->folder, norm, cut)) ||
                       two_words(norm, cut);
        if (specific) {
            char save = norm[cut];
            norm[cut] = '\0';
            found = lookup_norm(sc, norm, trim == 0 ? name : NULL, len, date, tmpl, st);
            norm[cut] = save;
            if (found)
                break;
        }
        if (exact_only)
            break;
        size_t word_end = cut;
        while (cut > 0 && norm[cut - 1] != ' ')
            cut--;
        if (!mh_folder_is_generic(sc->eng->folder, norm + cut, word_end - cut))
            generic_tail = 0;
        while (cut > 0 && norm[cut - 1] == ' ')
            cut--;
    }
    if (!found && *st == MH_OK) {
        mh_utf8_copy(tmpl->matched, sizeof tmpl->matched, norm);
    }
    mh_free(norm);
    return found;
}

/* A name that spells an outlet's domain label ("SlashGear" for
 * slashgear.com, "Jeongdong Theater" for jeongdongtheater.com): folded,
 * spaces removed, a trailing TLD word dropped, with and without "the". */
static int resolve_label(mh_scratch *sc, const char *name, size_t len, mh_cand *tmpl, mh_status *st)
{
    static const char *const tlds[] = {" com", " net", " org", " co", " info", " news", NULL};
    char *norm = NULL;
    if (mh_fold_name(sc->eng->folder, name, len, &norm) != MH_OK)
        return 0;
    char keys[3][128];
    int nk = 0;
    size_t nl = strlen(norm);
    for (int t = 0; tlds[t]; t++) {
        size_t tl = strlen(tlds[t]);
        if (nl > tl && strcmp(norm + nl - tl, tlds[t]) == 0) {
            norm[nl - tl] = '\0';
            break;
        }
    }
    /* the name without the generic words that end it ("Healthline Media"
     * for healthline.com), when that still leaves a name */
    size_t cut = strlen(norm);
    for (;;) {
        size_t end = cut;
        while (end > 0 && norm[end - 1] == ' ')
            end--;
        size_t start = end;
        while (start > 0 && norm[start - 1] != ' ')
            start--;
        if (start == 0 || !mh_folder_is_generic(sc->eng->folder, norm + start, end - start))
            break;
        cut = start;
    }
    size_t w = 0, ws = 0;
    for (size_t i = 0; norm[i] && w + 1 < sizeof keys[0]; i++) {
        if (norm[i] == ' ')
            continue;
        keys[0][w++] = norm[i];
        if (i < cut)
            keys[2][ws++] = norm[i];
    }
    keys[0][w] = '\0';
    keys[2][ws] = '\0';
    mh_free(norm);
    if (w < 4 || w > 60)
        return 0;
    memcpy(keys[1], "the", 3);
    memcpy(keys[1] + 3, keys[0], w + 1); /* w <= 60: it fits */
    nk = 2;
    if (ws >= 3 && ws < w)
        nk++; /* keys[2], the name without its generic tail: three letters do
                 with a generic word after them ("BGR Media", bgr.com) */
    int found = 0;
    for (int k = 0; k < nk && !found && *st == MH_OK; k++) {
        long long ids[8];
        char hosts[8][MH_HOST_MAX];
        int n = 0;
        sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_DOMAIN_LABEL);
        sqlite3_bind_text(q, 1, keys[k], -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW && n < 8) {
            ids[n] = sqlite3_column_int64(q, 0);
            mh_strcopy(hosts[n], sizeof hosts[n], (const char *)sqlite3_column_text(q, 1));
            n++;
        }
        sqlite3_reset(q);
        for (int i = 0; i < n && *st == MH_OK; i++) {
            mh_cand c = *tmpl;
            c.entity = ids[i];
            c.via = VIA_DOMAIN;
            c.ambiguous = n;
            mh_strcopy(c.step, sizeof c.step, "domain_label");
            mh_strcopy(c.host, sizeof c.host, hosts[i]);
            mh_strcopy(c.domain, sizeof c.domain, hosts[i]);
            mh_utf8_copy(c.matched, sizeof c.matched, keys[k]);
            entity_traits(sc, &c);
            *st = push_cand(sc, &c);
        }
        found = n;
    }
    return found;
}

/* A handle's key (its lowercase form after "@", as handles are stored)
 * looked up in the alias index. */
static int resolve_handle_uncached(mh_scratch *sc, const char *key, size_t len, const char *date,
                                   int mode, mh_cand *tmpl, mh_status *st)
{
    (void)len;
    (void)mode;
    int n = lookup_norm(sc, key, NULL, 0, date, tmpl, st);
    for (size_t i = sc->ncands - (size_t)n; i < sc->ncands; i++) {
        sc->cands[i].via = VIA_HANDLE;
        mh_strcopy(sc->cands[i].step, sizeof sc->cands[i].step, "handle");
    }
    return n;
}

/* "@handle" lookups, through the memo: a corpus repeats its handles (the
 * 500 MB benchmark corpus asked 16,429 times for 3,852 of them). */
static int resolve_handle(mh_scratch *sc, const char *h, size_t len, const char *date,
                          mh_cand *tmpl, mh_status *st)
{
    char key[96];
    size_t w = 0;
    key[w++] = '@';
    for (size_t i = 0; i < len && w + 1 < sizeof key; i++) {
        char c = h[i];
        if (c == '@' && i == 0)
            continue;
        key[w++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    key[w] = '\0';
    return memoized(sc, key, w, date, MEMO_HANDLE, tmpl, st, resolve_handle_uncached);
}

/* Resolve a URL or host capture into one candidate (resolved or not). */
static mh_status resolve_urlish(mh_scratch *sc, const char *s, size_t len, int is_url,
                                const char *date, mh_cand *tmpl)
{
    char inner[URL_BUF], adate[11];
    mh_url u;
    char decoded[URL_BUF];
    if (is_url && len > 12 &&
        (strncasecmp(s, "http%3a", 7) == 0 || strncasecmp(s, "https%3a", 8) == 0)) {
        /* a URL carried percent-encoded inside another (share links) */
        size_t dl = mh_percent_decode(s, len, decoded, sizeof decoded);
        s = decoded;
        len = dl;
    }
    if (is_url) {
        mh_unwrap_url(sc, s, len, inner, sizeof inner, adate);
        if (!mh_url_parse(inner, strlen(inner), &u))
            return MH_OK;
    } else if (!mh_url_parse(s, len, &u)) {
        return MH_OK;
    }
    mh_cand c = *tmpl;
    mh_resolve_host(sc, u.host, u.path, date, &c);
    if (!c.entity && !c.domain[0])
        return MH_OK; /* not even a registrable domain: nothing to say */
    return push_cand(sc, &c);
}

/* The length of a name written as a domain, alone or before a legal form
 * ("Reuters.com", "AutoIndustriya.com, Inc."); 0 when it is not one. ASCII
 * only: a name with other scripts around a dot is not a host. */
static size_t domain_part(const mh_scratch *sc, const char *name, size_t nl)
{
    size_t dl = 0;
    while (dl < nl && name[dl] != ' ' && name[dl] != ',') {
        if ((unsigned char)name[dl] >= 0x80)
            return 0;
        dl++;
    }
    if (!memchr(name, '.', dl))
        return 0;
    return dl == nl || mh_folder_is_suffix_form(sc->eng->folder, name + dl, nl - dl) ? dl : 0;
}

/* Resolve one marker into zero or more candidates. */
static mh_status resolve_marker(mh_scratch *sc, size_t mi, const char *date)
{
    const mh_marker *m = mi == MH_GIVEN_URL ? &sc->given : &sc->doc.markers[mi];
    const mh_rule *r = m->rule < sc->eng->rules->n ? &sc->eng->rules->rules[m->rule] : NULL;
    mh_cand tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.marker = mi;
    tmpl.ambiguous = 1;
    mh_status st = MH_OK;
    const char *s = m->subject;
    if (r && r->outlet) {
        sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ENTITY_BY_KEY);
        sqlite3_bind_text(q, 1, r->outlet, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            tmpl.entity = sqlite3_column_int64(q, 0);
            tmpl.via = VIA_FIXED;
            mh_strcopy(tmpl.step, sizeof tmpl.step, "outlet");
            entity_traits(sc, &tmpl);
            st = push_cand(sc, &tmpl);
        }
        sqlite3_reset(q);
        return st;
    }
    if (m->cap[CAP_URL].start != MH_NOCAP)
        return resolve_urlish(sc, s + m->cap[CAP_URL].start,
                              m->cap[CAP_URL].end - m->cap[CAP_URL].start, 1, date, &tmpl);
    if (m->cap[CAP_HOST].start != MH_NOCAP)
        return resolve_urlish(sc, s + m->cap[CAP_HOST].start,
                              m->cap[CAP_HOST].end - m->cap[CAP_HOST].start, 0, date, &tmpl);
    if (m->cap[CAP_HANDLE].start != MH_NOCAP) {
        resolve_handle(sc, s + m->cap[CAP_HANDLE].start,
                       m->cap[CAP_HANDLE].end - m->cap[CAP_HANDLE].start, date, &tmpl, &st);
        return st;
    }
    if (m->cap[CAP_NAME].start != MH_NOCAP) {
        const char *name = s + m->cap[CAP_NAME].start;
        size_t nl = m->cap[CAP_NAME].end - m->cap[CAP_NAME].start;
        /* an article the rule left outside the name is still how the text
           names it: looked up with it (the fold drops it; the name as
           written chooses among entities sharing the folded name) */
        size_t at = m->cap[CAP_NAME].start;
        size_t art = at >= 4 && strncasecmp(s + at - 4, "the ", 4) == 0 &&
                             (at == 4 || !isalnum((unsigned char)s[at - 5]))
                         ? 4
                         : 0;
        int found = mh_resolve_name(sc, name - art, nl + art, date, 0, &tmpl, &st);
        if (!found && st == MH_OK) {
            /* a name written as a domain: "Reuters.com", "NYPost.com" (ASCII:
             * a name with other scripts around a dot is not a host) */
            mh_url u;
            size_t dl = domain_part(sc, name, nl);
            if (dl && mh_url_parse(name, dl, &u))
                return resolve_urlish(sc, name, dl, 0, date, &tmpl);
            /* a site's own name spelling its domain, in its footer or metadata */
            if (r &&
                (r->kind == MK_COPYRIGHT || r->kind == MK_SITE_NAME || r->kind == MK_PUBLISHER ||
                 r->kind == MK_BRAND) &&
                resolve_label(sc, name, nl, &tmpl, &st))
                return st;
            /* unresolved: keep it for the annotation's "unresolved" list */
            tmpl.via = VIA_ALIAS;
            mh_strcopy(tmpl.step, sizeof tmpl.step, "unknown");
            st = push_cand(sc, &tmpl);
        }
    }
    return st;
}

/* A name's letters and digits, lowercased (ASCII; 0 for a name with other
 * characters or too long): "AUTO RACING" and "auto-racing" are both
 * "autoracing". */
static size_t squeezed(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80)
            return 0;
        if (!isalnum(ch))
            continue;
        if (w + 1 >= cap)
            return 0;
        out[w++] = (char)tolower(ch);
    }
    out[w] = '\0';
    return w;
}

/* A name that resolved to nothing but spells a domain the same text
 * writes ("© 2019 Ascom" beside "www.ascom.com", "Copyright © 2010
 * AUTORACING" beside "www.autoracing.com.br") names that domain: the
 * site's own footer on a site the database lacks. Only names that say
 * whose site it is (copyright holders, brands, site names), and labels of
 * four characters or more. */
static void names_spelling_domains(mh_scratch *sc)
{
    size_t tried = 0; /* each a pass over the candidates: bounded */
    for (size_t i = 0; i < sc->ncands && tried < 16; i++) {
        mh_cand *c = &sc->cands[i];
        if (c->entity || c->via != VIA_ALIAS || strcmp(c->step, "unknown") != 0 ||
            c->marker == MH_GIVEN_URL)
            continue;
        const mh_marker *m = &sc->doc.markers[c->marker];
        const mh_rule *r = &sc->eng->rules->rules[m->rule];
        if (r->kind != MK_COPYRIGHT && r->kind != MK_BRAND && r->kind != MK_SITE_NAME &&
            r->kind != MK_PUBLISHER)
            continue;
        if (m->cap[CAP_NAME].start == MH_NOCAP)
            continue;
        char key[64];
        size_t kl = squeezed(m->subject + m->cap[CAP_NAME].start,
                             m->cap[CAP_NAME].end - m->cap[CAP_NAME].start, key, sizeof key);
        if (kl < 4)
            continue;
        tried++;
        for (size_t k = 0; k < sc->ncands; k++) {
            const mh_cand *d = &sc->cands[k];
            if (d->via != VIA_DOMAIN || !d->domain[0] || d->marker == MH_GIVEN_URL ||
                strcmp(d->step, "domain_label") == 0)
                continue;
            char label[64];
            size_t ll = squeezed(d->domain, strcspn(d->domain, "."), label, sizeof label);
            if (ll != kl || memcmp(label, key, kl) != 0)
                continue;
            c->entity = d->entity;
            c->is_outlet = d->entity ? d->is_outlet : 1;
            c->is_wire = d->is_wire;
            c->via = VIA_DOMAIN;
            mh_strcopy(c->step, sizeof c->step, "holder_domain");
            mh_strcopy(c->host, sizeof c->host, d->host);
            mh_strcopy(c->domain, sizeof c->domain, d->domain);
            mh_strcopy(c->matched, sizeof c->matched, key);
            break;
        }
    }
}

mh_status mh_resolve(mh_scratch *sc, const char *date)
{
    sc->ncands = 0;
    mh_status st = MH_OK;
    if (sc->given_url)
        st = resolve_marker(sc, MH_GIVEN_URL, date);
    for (size_t i = 0; i < sc->doc.nmarkers && st == MH_OK; i++) {
        const mh_rule *r = &sc->eng->rules->rules[sc->doc.markers[i].rule];
        if (r->kind == MK_DATE)
            continue;
        st = resolve_marker(sc, i, date);
    }
    if (st == MH_OK)
        names_spelling_domains(sc);
    return st;
}
