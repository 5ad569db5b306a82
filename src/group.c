/* group.c — the outlets an organisation owns and their names (group.h). */
#include "group.h"

#include <string.h>

#include "sourcedb.h"

static int is_outlet(mh_scratch *sc, long long entity)
{
    return (mh_entity_traits(sc, entity) & MH_TRAIT_OUTLET) != 0;
}

/* Distinct outlets owned by `owner` down to MH_GROUP_DEPTH levels, breadth
 * first; returns how many were written to out (at most max). */
static size_t owned_outlets(mh_scratch *sc, long long owner, long long *out, size_t max)
{
    long long seen[MH_GROUP_OUTLETS];
    int depth[MH_GROUP_OUTLETS];
    size_t nseen = 0, n = 0, head = 0;
    seen[nseen] = owner;
    depth[nseen++] = 0;
    while (head < nseen) {
        long long cur = seen[head];
        int d = depth[head++];
        if (d >= MH_GROUP_DEPTH)
            continue;
        sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_OWNED);
        sqlite3_bind_int64(q, 1, cur);
        long long kids[MH_GROUP_OUTLETS];
        size_t nk = 0;
        while (sqlite3_step(q) == SQLITE_ROW && nk < MH_GROUP_OUTLETS)
            kids[nk++] = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        for (size_t i = 0; i < nk && nseen < MH_GROUP_OUTLETS; i++) {
            int dup = 0;
            for (size_t k = 0; k < nseen && !dup; k++)
                dup = seen[k] == kids[i];
            if (dup)
                continue;
            depth[nseen] = d + 1;
            seen[nseen++] = kids[i];
            if (n < max && is_outlet(sc, kids[i]))
                out[n++] = kids[i];
        }
    }
    return n;
}

static int is_name_kind(const char *kind)
{
    return kind && (strcmp(kind, "brand") == 0 || strcmp(kind, "former_name") == 0 ||
                    strcmp(kind, "name") == 0);
}

/* [[name, folded], ...] of one outlet; NULL when out of memory. */
static json_t *names_of(mh_scratch *sc, long long outlet)
{
    json_t *names = json_array();
    if (!names)
        return NULL;
    sqlite3_stmt *q = mh_sourcedb_stmt(sc->db, Q_ALIASES_OF);
    sqlite3_bind_int64(q, 1, outlet);
    size_t n = 0;
    int ok = 1;
    while (ok && n < MH_GROUP_NAMES && sqlite3_step(q) == SQLITE_ROW) {
        const char *alias = (const char *)sqlite3_column_text(q, 0);
        const char *norm = (const char *)sqlite3_column_text(q, 3);
        if (!alias || !is_name_kind((const char *)sqlite3_column_text(q, 1)))
            continue;
        json_t *pair = json_array();
        ok = pair && json_array_append_new(pair, json_string_nocheck(alias)) == 0 &&
             json_array_append_new(pair, json_string_nocheck(norm ? norm : "")) == 0;
        ok = ok && json_array_append(names, pair) == 0;
        json_decref(pair);
        n++;
    }
    sqlite3_reset(q);
    if (!ok) {
        json_decref(names);
        return NULL;
    }
    return names;
}

json_t *mh_group_json(mh_scratch *sc, long long owner)
{
    long long owned[MH_GROUP_OUTLETS];
    size_t n = owned_outlets(sc, owner, owned, MH_GROUP_OUTLETS);
    json_t *group = json_array();
    for (size_t i = 0; group && i < n; i++) {
        json_t *entry = json_array();
        int ok = entry && json_array_append_new(entry, json_integer(owned[i])) == 0 &&
                 json_array_append_new(entry, names_of(sc, owned[i])) == 0 &&
                 json_array_append(group, entry) == 0;
        json_decref(entry);
        if (!ok) {
            json_decref(group);
            group = NULL;
        }
    }
    return group;
}
