/* fragcache.c — direct-mapped cache of entity fragments keyed by (entity,
 * date, kind), each a record as jansson value and compact JSON text.
 *
 * One cache serves every thread of an engine: a record built by one worker
 * is read by the others rather than built again (with per-thread caches, two
 * workers each paid for every miss). A mutex guards the slots only; the
 * fragments are immutable once made and counted atomically, so a fragment
 * evicted while another thread reads it lives until that thread lets go. */
#include "fragcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"
#include "jsonl.h"
#include "jtext.h"

/* Serialise an object member by member, noting where each value lies. */
static mh_status object_text(mh_frag *f, mh_text *t)
{
    size_t n = json_object_size(f->value);
    f->members = mh_calloc(n ? n : 1, sizeof *f->members);
    if (!f->members)
        return MH_ERR_NOMEM;
    mh_status st = mh_text_add(t, "{", 1);
    const char *k;
    json_t *v;
    size_t i = 0;
    json_object_foreach (f->value, k, v) {
        if (st == MH_OK && i > 0)
            st = mh_text_add(t, ",", 1);
        size_t key_off = t->len;
        if (st == MH_OK)
            st = mh_json_put_string(t, k, strlen(k));
        if (st == MH_OK)
            st = mh_text_add(t, ":", 1);
        size_t off = t->len;
        if (st == MH_OK)
            st = mh_json_dump(v, t);
        if (st != MH_OK)
            break;
        f->members[i++] = (mh_frag_member){k, key_off, off, t->len - off};
    }
    f->nmembers = i;
    if (st == MH_OK)
        st = mh_text_add(t, "}", 1);
    return st;
}

mh_frag *mh_frag_new(json_t *value)
{
    mh_frag *f = mh_calloc(1, sizeof *f);
    if (!f) {
        json_decref(value);
        return NULL;
    }
    f->refs = 1;
    f->value = value ? value : json_null();
    mh_text t = {0};
    mh_status st = json_is_object(f->value) ? object_text(f, &t) : mh_json_dump(f->value, &t);
    if (st != MH_OK) {
        mh_text_free(&t);
        mh_frag_unref(f);
        return NULL;
    }
    f->text = t.data;
    f->len = t.len;
    return f;
}

/* Members seen in the one pass over a record before its arrays are made:
 * records have a dozen or two; an object with more is read twice. */
#define MEMBERS_AT_ONCE 64

/* The members of an object's text, their keys decoded into f->keys. */
static mh_status text_members(mh_frag *f)
{
    mh_jspan all = {f->text, f->len}, key, value;
    mh_jspan keys[MEMBERS_AT_ONCE], values[MEMBERS_AT_ONCE];
    mh_jiter it;
    size_t n = 0, keybytes = 0;
    mh_jt_iter(&it, all);
    while (mh_jt_next(&it, &key, &value)) {
        if (n < MEMBERS_AT_ONCE) {
            keys[n] = key;
            values[n] = value;
        }
        n++;
        keybytes += key.len; /* decoded keys are never longer than their tokens */
    }
    f->members = mh_calloc(n ? n : 1, sizeof *f->members);
    f->keys = mh_malloc(keybytes + 1);
    if (!f->members || !f->keys)
        return MH_ERR_NOMEM;
    char *k = f->keys;
    if (n > MEMBERS_AT_ONCE)
        mh_jt_iter(&it, all);
    for (size_t i = 0; i < n; i++) {
        if (n > MEMBERS_AT_ONCE && !mh_jt_next(&it, &key, &value))
            break;
        if (n <= MEMBERS_AT_ONCE) {
            key = keys[i];
            value = values[i];
        }
        size_t written = 0;
        if (key.len >= 2)
            mh_jsonl_unescape(key.p + 1, key.len - 2, k, key.len - 1, &written);
        else
            *k = '\0';
        f->members[f->nmembers++] =
            (mh_frag_member){k, (size_t)(key.p - f->text), (size_t)(value.p - f->text), value.len};
        k += written + 1;
    }
    return MH_OK;
}

mh_frag *mh_frag_from_text(const char *text, size_t len)
{
    mh_frag *f = mh_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->refs = 1;
    f->text = mh_malloc(len + 1);
    if (!f->text) {
        mh_frag_unref(f);
        return NULL;
    }
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    if (len && text[0] == '{' && text_members(f) != MH_OK) {
        mh_frag_unref(f);
        return NULL;
    }
    return f;
}

mh_frag *mh_frag_ref(mh_frag *f)
{
    if (f)
        __atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
    return f;
}

void mh_frag_unref(mh_frag *f)
{
    if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    json_decref(f->value);
    mh_free(f->text);
    mh_free(f->members);
    mh_free(f->keys);
    mh_free(f);
}

const mh_frag_member *mh_frag_member_of(const mh_frag *f, const char *key)
{
    for (size_t i = 0; f && i < f->nmembers; i++)
        if (strcmp(f->members[i].key, key) == 0)
            return &f->members[i];
    return NULL;
}

typedef struct slot {
    long long entity;
    char date[11];
    int kind;
    mh_frag *frag;
} slot;

struct mh_fragcache {
    pthread_mutex_t lock;
    slot *slots;
    size_t mask;
    /* entries ever put for one date: until there is one, a get does not
     * look for one (the engine puts every record for all its dates, so a
     * miss took a second lock and slot probe for nothing) */
    atomic_int dated_keys;
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
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        mh_free(c->slots);
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
    mh_fragcache_clear(c);
    pthread_mutex_destroy(&c->lock);
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

static const char *date_key(const char *date, mh_frag_kind kind)
{
    return kind == FRAG_CORE || kind == FRAG_CITATION || kind == FRAG_GROUP || !date ? "" : date;
}

static int same_key(const slot *s, long long entity, const char *d, mh_frag_kind kind)
{
    return s->frag && s->entity == entity && s->kind == (int)kind && strcmp(s->date, d) == 0;
}

/* The pair of slots a key may be in: the newer entry first. */
static slot *pair_of(mh_fragcache *c, long long entity, const char *d, mh_frag_kind kind)
{
    return &c->slots[hash(entity, d, kind) & c->mask & ~(size_t)1];
}

static mh_frag *lookup(mh_fragcache *c, long long entity, const char *d, mh_frag_kind kind)
{
    slot *s = pair_of(c, entity, d, kind);
    mh_frag *f = NULL;
    pthread_mutex_lock(&c->lock);
    if (same_key(&s[0], entity, d, kind))
        f = mh_frag_ref(s[0].frag);
    else if (same_key(&s[1], entity, d, kind))
        f = mh_frag_ref(s[1].frag);
    pthread_mutex_unlock(&c->lock);
    return f;
}

/* Does a fragment put with a NULL date hold on date? */
static int holds(const mh_frag *f, const char *date)
{
    if (!f->dated)
        return 1;
    return date && strcmp(date, f->valid_from) >= 0 &&
           (!f->valid_until[0] || strcmp(date, f->valid_until) < 0);
}

mh_frag *mh_fragcache_get(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind)
{
    if (!c)
        return NULL;
    mh_frag *f = lookup(c, entity, "", kind);
    if (f && !holds(f, date)) {
        mh_frag_unref(f);
        f = NULL;
    }
    const char *d = date_key(date, kind);
    if (!f && d[0] && atomic_load_explicit(&c->dated_keys, memory_order_relaxed))
        f = lookup(c, entity, d, kind);
    return f;
}

void mh_fragcache_put(mh_fragcache *c, long long entity, const char *date, mh_frag_kind kind,
                      mh_frag *frag)
{
    if (!c || !frag)
        return;
    const char *d = date_key(date, kind);
    slot *pair = pair_of(c, entity, d, kind);
    if (d[0] && !atomic_load_explicit(&c->dated_keys, memory_order_relaxed))
        atomic_store(&c->dated_keys, 1);
    pthread_mutex_lock(&c->lock);
    /* the same key is replaced where it is; else the older entry goes and
       the newer one moves second */
    slot *s = same_key(&pair[1], entity, d, kind) ? &pair[1] : &pair[0];
    mh_frag *old = NULL;
    if (s == &pair[0] && pair[0].frag && !same_key(&pair[0], entity, d, kind)) {
        old = pair[1].frag;
        pair[1] = pair[0];
    } else {
        old = s->frag;
    }
    s->entity = entity;
    s->kind = (int)kind;
    size_t dn = strnlen(d, sizeof s->date - 1); /* a date is 10 bytes: no snprintf */
    memcpy(s->date, d, dn);
    s->date[dn] = '\0';
    s->frag = mh_frag_ref(frag);
    pthread_mutex_unlock(&c->lock);
    mh_frag_unref(old); /* outside the lock: freeing takes a while */
}

void mh_fragcache_clear(mh_fragcache *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i <= c->mask; i++) {
        mh_frag_unref(c->slots[i].frag);
        c->slots[i].frag = NULL;
    }
    pthread_mutex_unlock(&c->lock);
}
