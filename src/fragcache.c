/* fragcache.c — direct-mapped cache of entity fragments keyed by (entity,
 * date, kind), each a record as jansson value and compact JSON text.
 *
 * One cache serves every thread of an engine: a record built by one worker
 * is read by the others rather than built again (with per-thread caches, two
 * workers each paid for every miss). Striped locks guard the slots only
 * (stripes.h); the fragments are immutable once made and counted
 * atomically, so a fragment evicted while another thread reads it lives
 * until that thread lets go. */
#include "fragcache.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"
#include "jsonl.h"
#include "jtext.h"
#include "stripes.h"

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

typedef struct member_scan {
    mh_jspan keys[MEMBERS_AT_ONCE], values[MEMBERS_AT_ONCE];
    size_t n, keybytes;
} member_scan;

/* The members of an object's text counted, the first MEMBERS_AT_ONCE kept. */
static void count_members(const char *text, size_t len, member_scan *ms)
{
    mh_jspan key, value;
    mh_jiter it;
    ms->n = ms->keybytes = 0;
    mh_jt_iter(&it, (mh_jspan){text, len});
    while (mh_jt_next(&it, &key, &value)) {
        if (ms->n < MEMBERS_AT_ONCE) {
            ms->keys[ms->n] = key;
            ms->values[ms->n] = value;
        }
        ms->n++;
        ms->keybytes += key.len; /* decoded keys are never longer than their tokens */
    }
}

/* f's members from text (the one ms counted, of which f->text is a copy),
 * their keys decoded into f->keys (room for ms->keybytes + 1 bytes), into
 * f->members (room for ms->n). */
static void fill_members(mh_frag *f, const char *text, const member_scan *ms)
{
    mh_jspan key, value;
    mh_jiter it;
    char *k = f->keys;
    if (ms->n > MEMBERS_AT_ONCE)
        mh_jt_iter(&it, (mh_jspan){text, f->len});
    for (size_t i = 0; i < ms->n; i++) {
        if (ms->n > MEMBERS_AT_ONCE && !mh_jt_next(&it, &key, &value))
            break;
        if (ms->n <= MEMBERS_AT_ONCE) {
            key = ms->keys[i];
            value = ms->values[i];
        }
        size_t written = 0;
        if (key.len >= 2)
            mh_jsonl_unescape(key.p + 1, key.len - 2, k, key.len - 1, &written);
        else
            *k = '\0';
        f->members[f->nmembers++] =
            (mh_frag_member){k, (size_t)(key.p - text), (size_t)(value.p - text), value.len};
        k += written + 1;
    }
}

mh_frag *mh_frag_from_text(const char *text, size_t len)
{
    member_scan ms;
    ms.n = ms.keybytes = 0;
    if (len && text[0] == '{')
        count_members(text, len, &ms);
    /* One block: the fragment, its members, their keys and its text. A
     * cached record is often freed by another thread than the one that
     * read it, and each block so freed takes the lock of the reader's
     * malloc arena: four blocks a record made two workers meet there. */
    size_t size = sizeof(mh_frag) + ms.n * sizeof(mh_frag_member) + ms.keybytes + 1 + len + 1;
    mh_frag *f = mh_malloc(size);
    if (!f)
        return NULL;
    memset(f, 0, sizeof *f);
    f->refs = 1;
    f->one_block = 1;
    f->members = (mh_frag_member *)(f + 1);
    f->keys = (char *)(f->members + ms.n);
    f->text = f->keys + ms.keybytes + 1;
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    f->keys[0] = '\0';
    if (ms.n)
        fill_members(f, text, &ms);
    return f;
}

mh_frag *mh_frag_ref(mh_frag *f)
{
    if (f && !f->uncounted)
        __atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
    return f;
}

void mh_frag_free(mh_frag *f)
{
    if (!f)
        return;
    json_decref(f->value);
    if (!f->one_block) {
        mh_free(f->text);
        mh_free(f->members);
        mh_free(f->keys);
    }
    mh_free(f);
}

void mh_frag_unref(mh_frag *f)
{
    if (!f || f->uncounted || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    mh_frag_free(f);
}

void mh_frag_set_uncounted(mh_frag *f)
{
    if (f)
        f->uncounted = 1;
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

_Static_assert(sizeof(slot) == 32, "a pair of slots is one cache line");

struct mh_fragcache {
    mh_stripes locks; /* a pair of slots is one stripe's */
    slot *slots;      /* in pairs, a pair a cache line */
    void *slots_base; /* what was allocated for them */
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
    c->slots = mh_calloc_lines(n * sizeof *c->slots, &c->slots_base);
    if (!c->slots) {
        mh_free(c);
        return MH_ERR_NOMEM;
    }
    if (mh_stripes_init(&c->locks) != MH_OK) {
        mh_free(c->slots_base);
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
    mh_stripes_destroy(&c->locks);
    mh_free(c->slots_base);
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

/* The lock guarding a pair. */
static pthread_mutex_t *lock_of(mh_fragcache *c, const slot *pair)
{
    return mh_stripe(&c->locks, (size_t)(pair - c->slots) / 2);
}

static mh_frag *lookup(mh_fragcache *c, long long entity, const char *d, mh_frag_kind kind)
{
    slot *s = pair_of(c, entity, d, kind);
    mh_frag *f = NULL;
    pthread_mutex_t *lock = lock_of(c, s);
    pthread_mutex_lock(lock);
    if (same_key(&s[0], entity, d, kind))
        f = mh_frag_ref(s[0].frag);
    else if (same_key(&s[1], entity, d, kind))
        f = mh_frag_ref(s[1].frag);
    pthread_mutex_unlock(lock);
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
    pthread_mutex_t *lock = lock_of(c, pair);
    pthread_mutex_lock(lock);
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
    pthread_mutex_unlock(lock);
    mh_frag_unref(old); /* outside the lock: freeing takes a while */
}

void mh_fragcache_clear(mh_fragcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++) {
        pthread_mutex_t *lock = lock_of(c, &c->slots[i & ~(size_t)1]);
        pthread_mutex_lock(lock);
        mh_frag *f = c->slots[i].frag;
        c->slots[i].frag = NULL;
        pthread_mutex_unlock(lock);
        mh_frag_unref(f);
    }
}
