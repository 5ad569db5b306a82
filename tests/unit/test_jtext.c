/* test_jtext.c — reading valid JSON text without a tree (jtext.h), and
 * fragments read from text (mh_frag_from_text), against jansson: for random
 * trees, every member, element and string read from the dumped text is the
 * tree's own; the citation ids found in the text are the tree walk's. */
#include <stdlib.h>

#include "fragcache.h"
#include "harness.h"
#include "json_tree_gen.h"
#include "jsondump.h"
#include "jtext.h"
#include "record.h"

static int span_is(mh_jspan s, json_t *v)
{
    mh_text t = {0};
    int same = mh_json_dump(v, &t) == MH_OK && t.len == s.len && memcmp(t.data, s.p, s.len) == 0;
    mh_text_free(&t);
    return same;
}

/* Every member (object) or element (array) of v read from its text. */
static void check_walk(json_t *v, mh_jspan text, int depth)
{
    mh_jiter it;
    mh_jspan key, value;
    mh_jt_iter(&it, text);
    if (json_is_object(v)) {
        size_t n = 0;
        const char *k;
        json_t *x;
        json_object_foreach (v, k, x) {
            if (!mh_jt_next(&it, &key, &value)) {
                CHECK(!"an object's member is missing from its text");
                return;
            }
            n++;
            CHECK(mh_jt_key_is(key, k));
            CHECK(span_is(value, x));
            mh_jspan got = mh_jt_get(text, k);
            CHECK(got.p == value.p && got.len == value.len);
            if (depth < 3)
                check_walk(x, value, depth + 1);
        }
        CHECK(!mh_jt_next(&it, &key, &value));
        CHECK(n == json_object_size(v));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x) {
            if (!mh_jt_next(&it, NULL, &value)) {
                CHECK(!"an array's element is missing from its text");
                return;
            }
            CHECK(span_is(value, x));
            if (depth < 3)
                check_walk(x, value, depth + 1);
        }
        CHECK(!mh_jt_next(&it, NULL, &value));
    } else if (json_is_string(v)) {
        char buf[4096];
        const char *s = mh_jt_str(text, buf, sizeof buf);
        size_t n = json_string_length(v);
        CHECK(s != NULL);
        if (s && n < sizeof buf && !memchr(json_string_value(v), '\0', n))
            CHECK(strcmp(s, json_string_value(v)) == 0);
    } else {
        char buf[8];
        CHECK(mh_jt_str(text, buf, sizeof buf) == NULL); /* not a string */
    }
}

/* Sprinkle {"citation": {"id": ...}} members through a tree. */
static void add_citations(json_t *v, unsigned long long *rng, int depth)
{
    *rng ^= *rng << 13, *rng ^= *rng >> 7, *rng ^= *rng << 17;
    if (json_is_object(v)) {
        char id[32];
        snprintf(id, sizeof id, "cite-%llu", *rng % 7);
        if (*rng % 3 == 0)
            json_object_set_new(v, "citation", json_pack("{s:s,s:s}", "id", id, "ref", "p. 1"));
        const char *k;
        json_t *x;
        if (depth < 6)
            json_object_foreach (v, k, x)
                add_citations(x, rng, depth + 1);
    } else if (json_is_array(v) && depth < 6) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x)
            add_citations(x, rng, depth + 1);
    }
}

void test_jtext(void)
{
    unsigned long long rng = 0x6a09e667f3bcc909ull;
    for (int round = 0; round < 400; round++) {
        json_t *v = json_tree_gen(&rng, 0);
        if (!json_is_object(v)) {
            json_t *o = json_object();
            json_object_set_new(o, "v", v);
            v = o;
        }
        add_citations(v, &rng, 0);
        mh_frag *built = mh_frag_new(json_incref(v));
        CHECK(built != NULL);
        if (!built) {
            json_decref(v);
            continue;
        }
        mh_jspan text = {built->text, built->len};
        check_walk(v, text, 0);
        /* a fragment read from the text: the same members, keys decoded */
        mh_frag *read = mh_frag_from_text(built->text, built->len);
        CHECK(read && read->value == NULL && read->len == built->len);
        CHECK(read && read->nmembers == built->nmembers);
        for (size_t i = 0; read && i < read->nmembers && i < built->nmembers; i++) {
            CHECK(read->members[i].off == built->members[i].off);
            CHECK(read->members[i].len == built->members[i].len);
            CHECK(strcmp(read->members[i].key, built->members[i].key) == 0);
        }
        /* the citation ids: text scan == tree walk, in the same order */
        json_t *a = mh_citation_ids(v), *b = mh_citation_ids_text(built->text, built->len);
        CHECK(a && b && json_equal(a, b));
        const char *ka, *kb;
        json_t *xa, *xb;
        void *ia = json_object_iter(a), *ib = json_object_iter(b);
        for (; ia && ib; ia = json_object_iter_next(a, ia), ib = json_object_iter_next(b, ib)) {
            ka = json_object_iter_key(ia), kb = json_object_iter_key(ib);
            xa = json_object_iter_value(ia), xb = json_object_iter_value(ib);
            CHECK(strcmp(ka, kb) == 0 && json_equal(xa, xb));
        }
        json_decref(a);
        json_decref(b);
        mh_frag_unref(read);
        mh_frag_unref(built);
        json_decref(v);
    }
    /* escapes in keys and strings, and a quote after an escaped backslash */
    const char *t = "{\"a\\\\\":\"x\\\\\",\"b\\u0062\":[1,\"q\\\"\",{\"c\":null}],\"e\":"
                    "\"\\u00e9\\ud83d\\ude00\"}";
    mh_jspan all = {t, strlen(t)};
    char buf[64];
    CHECK_STR(mh_jt_str(mh_jt_get(all, "a\\"), buf, sizeof buf), "x\\");
    mh_jspan bb = mh_jt_get(all, "bb");
    CHECK(mh_jt_is_array(bb));
    CHECK_STR(mh_jt_str(mh_jt_get(all, "e"), buf, sizeof buf), "\xc3\xa9\xf0\x9f\x98\x80");
    CHECK(mh_jt_get(all, "zz").len == 0);
    CHECK(mh_jt_get((mh_jspan){"[1]", 3}, "a").len == 0); /* not an object */
    /* an absent member (a NULL span) walks nothing */
    mh_jiter none;
    mh_jspan k0, v0;
    mh_jt_iter(&none, (mh_jspan){NULL, 0});
    CHECK(!mh_jt_next(&none, &k0, &v0));
    CHECK(mh_jt_get((mh_jspan){NULL, 0}, "a").len == 0);
    /* a key whose text only ends in "citation" is not a citation */
    json_t *ids = mh_citation_ids_text("{\"x\\\"citation\":{\"id\":\"no\"}}", 27);
    CHECK(ids && json_object_size(ids) == 0);
    json_decref(ids);
    /* cutting a decoded string keeps whole characters */
    char small[3];
    CHECK_STR(mh_jt_str((mh_jspan){"\"a\xc3\xa9\"", 5}, small, sizeof small), "a");
}
