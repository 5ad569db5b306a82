/* fragcache.c — direct-mapped cache of entity JSON keyed by (entity, date, kind). */
#include "fragcache.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

typedef struct slot {
    long long entity;
    char date[11];
    int kind;
    json_t *value;
} slot;

struct mh_fragcache {
    slot *slots;
    size_t mask;
};

mh_status mh_fragcache_create(size_t capacity, mh_fragcache **out)
{
    *out = NULL;
    size_t n = 16;
    while (n < capacity)
        n *= 2;
    mh_fragcache *c = mh_calloc(1, sizeof *c);
    if (!c)
        return MH_ERR_NOMEM;
    c->slots = mh_calloc(n, sizeof *c->slots);
    if (!c->slots) {
        mh_free(c);
        return MH_ERR_NOMEM;
    }
    c->mask = n - 1;
    *out = c;
    return MH_OK;
}

void mh_fragcache_free(mh_fragcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++)
        json_decref(c->slots[i].value);
    mh_free(c->slots);
    mh_free(c);
}

static size_t hash(long long entity, const char *date, mh_frag_kind kind)
{
    unsigned long long h =
        1469598103934665603ull ^ (unsigned long long)entity * 0x9E3779B97F4A7C15ull;
    h ^= (unsigned long long)kind;
    for (const char *p = date; p && *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29));
}

json_t *mh_fragcache_get(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind)
{
    if (!c)
        return NULL;
    const char *d = kind == FRAG_CORE || kind == FRAG_CITATION || !date ? "" : date;
    slot *s = &c->slots[hash(entity, d, kind) & c->mask];
    if (s->value && s->entity == entity && s->kind == (int)kind && strcmp(s->date, d) == 0)
        return json_incref(s->value);
    return NULL;
}

void mh_fragcache_put(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind,
                      json_t *value)
{
    if (!c || !value)
        return;
    const char *d = kind == FRAG_CORE || kind == FRAG_CITATION || !date ? "" : date;
    slot *s = &c->slots[hash(entity, d, kind) & c->mask];
    json_decref(s->value);
    s->entity = entity;
    s->kind = (int)kind;
    snprintf(s->date, sizeof s->date, "%.10s", d);
    s->value = json_incref(value);
}

void mh_fragcache_clear(mh_fragcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++) {
        json_decref(c->slots[i].value);
        c->slots[i].value = NULL;
    }
}
