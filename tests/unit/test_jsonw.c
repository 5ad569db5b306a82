/* test_jsonw.c — the JSON writer and the cache's fragments give the bytes
 * json_dumps gives the same values: trees written member by member with
 * mh_jw, objects re-assembled from a fragment's member offsets. */
#include <stdlib.h>

#include "fragcache.h"
#include "harness.h"
#include "json_tree_gen.h"
#include "jsondump.h"
#include "jsonw.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

/* ASCII with nothing JSON escapes, and no NUL: what mh_jw_plain may take. */
static int plain(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E || s[i] == '"' || s[i] == '\\')
            return 0;
    return 1;
}

/* Write v through the writer's calls, as annotate.c does: a plain string
 * through mh_jw_plain one time in two. */
static void write_value(mh_jw *w, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        mh_jw_object(w);
        const char *k;
        json_t *x;
        json_object_foreach (v, k, x) {
            mh_jw_key(w, k);
            write_value(w, x);
        }
        mh_jw_end_object(w);
        break;
    }
    case JSON_ARRAY: {
        mh_jw_array(w);
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x)
            write_value(w, x);
        mh_jw_end_array(w);
        break;
    }
    case JSON_STRING:
        if (plain(json_string_value(v), json_string_length(v)) && (rng >> 17) % 2) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            mh_jw_plain(w, json_string_value(v));
        } else {
            mh_jw_stringn(w, json_string_value(v), json_string_length(v));
        }
        break;
    case JSON_INTEGER: mh_jw_int(w, (long long)json_integer_value(v)); break;
    case JSON_REAL: mh_jw_real(w, json_real_value(v)); break;
    case JSON_TRUE: mh_jw_bool(w, true); break;
    case JSON_FALSE: mh_jw_bool(w, false); break;
    case JSON_NULL: mh_jw_null(w); break;
    }
}

static int same_text(const char *want, const mh_text *t)
{
    int ok = want && t->len == strlen(want) && memcmp(t->data, want, t->len) == 0;
    if (!ok)
        fprintf(stderr, "  want %s\n  got  %.*s\n", want ? want : "(null)", (int)t->len,
                t->data ? t->data : "");
    return ok;
}

void test_jsonw(void)
{
    for (int i = 0; i < 3000; i++) {
        json_t *v = json_tree_gen(&rng, 0);
        char *want = json_dumps(v, MH_JSON_FLAGS | JSON_ENCODE_ANY);
        mh_text t = {0};
        mh_jw w;
        mh_jw_init(&w, &t);
        write_value(&w, v);
        CHECK(mh_jw_status(&w) == MH_OK);
        CHECK(same_text(want, &t));
        /* the fragment of an object: its text, and each member's value */
        if (json_is_object(v)) {
            mh_frag *f = mh_frag_new(json_incref(v));
            CHECK(f != NULL);
            mh_text whole = {0};
            if (f)
                mh_text_add(&whole, f->text, f->len);
            CHECK(same_text(want, &whole));
            for (size_t k = 0; f && k < f->nmembers; k++) {
                char *mv = json_dumps(json_object_get(v, f->members[k].key),
                                      MH_JSON_FLAGS | JSON_ENCODE_ANY);
                mh_text m = {0};
                mh_text_add(&m, f->text + f->members[k].off, f->members[k].len);
                CHECK(same_text(mv, &m));
                free(mv);
                mh_text_free(&m);
            }
            CHECK(!f || f->nmembers == json_object_size(v));
            /* re-assembled as annotate.c writes records: spans of members
             * copied whole around one member written key and value */
            if (f) {
                size_t cut = f->nmembers ? (size_t)(rng >> 33) % f->nmembers : 0;
                mh_text again = {0};
                mh_jw_init(&w, &again);
                mh_jw_object(&w);
                const mh_frag_member *ms = f->members;
                if (cut > 0)
                    mh_jw_raw_members(&w, f->text + ms[0].key_off,
                                      ms[cut - 1].off + ms[cut - 1].len - ms[0].key_off);
                if (cut < f->nmembers) {
                    mh_jw_key(&w, ms[cut].key);
                    mh_jw_raw(&w, f->text + ms[cut].off, ms[cut].len);
                }
                size_t last = f->nmembers ? f->nmembers - 1 : 0;
                if (cut + 1 < f->nmembers)
                    mh_jw_raw_members(&w, f->text + ms[cut + 1].key_off,
                                      ms[last].off + ms[last].len - ms[cut + 1].key_off);
                mh_jw_raw_members(&w, "", 0); /* nothing, not even a comma */
                mh_jw_end_object(&w);
                CHECK(mh_jw_status(&w) == MH_OK);
                CHECK(same_text(want, &again));
                mh_text_free(&again);
            }
            mh_frag_unref(f);
            mh_text_free(&whole);
        }
        free(want);
        mh_text_free(&t);
        json_decref(v);
    }
    /* raw values and jansson values mixed into one array */
    mh_text t = {0};
    mh_jw w;
    mh_jw_init(&w, &t);
    mh_jw_array(&w);
    mh_jw_raw(&w, "{\"a\":1}", 7);
    json_t *x = json_pack("{s:[i,s]}", "b", -7, "c");
    mh_jw_json(&w, x);
    mh_jw_string(&w, NULL);
    mh_jw_int(&w, -9223372036854775807ll - 1);
    mh_jw_object(&w); /* keys the compiler made, raw members between them */
    MH_JW_KEY(&w, "k_1");
    mh_jw_int(&w, 1);
    mh_jw_raw_members(&w, "\"x\":[],\"y\":{}", 13);
    MH_JW_KEY(&w, "z");
    mh_jw_null(&w);
    mh_jw_end_object(&w);
    mh_jw_end_array(&w);
    mh_text want = {0};
    const char *expect = "[{\"a\":1},{\"b\":[-7,\"c\"]},null,-9223372036854775808,"
                         "{\"k_1\":1,\"x\":[],\"y\":{},\"z\":null}]";
    mh_text_add(&want, expect, strlen(expect));
    CHECK(t.len == want.len && memcmp(t.data, want.data, t.len) == 0);
    json_decref(x);
    mh_text_free(&t);
    mh_text_free(&want);
}
