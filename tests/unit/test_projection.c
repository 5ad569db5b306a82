/* test_projection.c — `enrich --fields` copied from the annotation's text
 * (projection.c) against the projection of its tree: random objects with
 * few keys (so paths meet them, miss them and cross non-objects), random
 * path sets; the two must write the same bytes whenever the plan takes the
 * paths, and the plan must refuse what it does not do. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "jsondump.h"
#include "projection.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static unsigned next_rand(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const keys[] = {"a", "b", "c", "d\"q", "é"};
#define NKEYS (sizeof keys / sizeof *keys)

static json_t *gen(int depth)
{
    switch (next_rand(depth > 0 ? 8 : 5)) {
    case 0: return json_null();
    case 1: return json_boolean(next_rand(2));
    case 2: return json_real(next_rand(1000) / 8.0);
    case 3: return json_integer((json_int_t)next_rand(100000) - 50000);
    case 4: return json_string(next_rand(2) ? "x\ny \"z\" \xc2\xa9" : "plain");
    case 5: {
        json_t *a = json_array();
        for (unsigned i = next_rand(3); i > 0; i--)
            json_array_append_new(a, gen(depth - 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = next_rand(4); i > 0; i--)
            json_object_set_new(o, keys[next_rand(NKEYS)], gen(depth - 1));
        return o;
    }
    }
}

static void check_one(json_t *ann, char **paths, size_t n, int *taken, int *refused)
{
    mh_text text = {0}, fast = {0}, slow = {0};
    mh_projection *p = NULL;
    CHECK(mh_json_dump(ann, &text) == MH_OK);
    CHECK(mh_projection_create(paths, n, &p) == MH_OK);
    json_t *tree = mh_projection_tree(paths, n, ann);
    CHECK(tree && mh_json_dump(tree, &slow) == MH_OK);
    if (p) {
        mh_jsonl_result res;
        CHECK(mh_projection_write(p, text.data, text.len, &res, &fast) == MH_OK);
        int same = fast.len == slow.len && memcmp(fast.data, slow.data, fast.len) == 0;
        CHECK(same);
        if (!same)
            fprintf(stderr, "  text %.*s\n  fast %.*s\n  tree %.*s\n", (int)text.len, text.data,
                    (int)fast.len, fast.data, (int)slow.len, slow.data);
        (*taken)++;
    } else {
        (*refused)++;
    }
    json_decref(tree);
    mh_projection_free(p);
    mh_text_free(&text);
    mh_text_free(&fast);
    mh_text_free(&slow);
}

void test_projection(void)
{
    int taken = 0, refused = 0;
    char buf[8][64];
    char *paths[8];
    for (int round = 0; round < 20000; round++) {
        json_t *ann = json_object();
        for (unsigned i = 1 + next_rand(4); i > 0; i--)
            json_object_set_new(ann, keys[next_rand(NKEYS)], gen(3));
        size_t n = 1 + next_rand(4);
        for (size_t i = 0; i < n; i++) {
            buf[i][0] = '\0';
            for (unsigned s = 1 + next_rand(3); s > 0; s--) {
                if (buf[i][0])
                    strcat(buf[i], ".");
                strcat(buf[i], keys[next_rand(NKEYS)]);
            }
            paths[i] = buf[i];
        }
        check_one(ann, paths, n, &taken, &refused);
        json_decref(ann);
    }
    /* both kinds were drawn often */
    CHECK(taken > 5000 && refused > 1000);

    /* refused: one path inside another, twice the same, an empty key */
    mh_projection *p = (mh_projection *)1;
    char pub[] = "publisher", pub_id[] = "publisher.id", fl[] = "flagged", ab[] = "a..b";
    char *inside[] = {pub, pub_id};
    CHECK(mh_projection_create(inside, 2, &p) == MH_OK && p == NULL);
    char *twice[] = {fl, fl};
    CHECK(mh_projection_create(twice, 2, &p) == MH_OK && p == NULL);
    char *empty[] = {ab};
    CHECK(mh_projection_create(empty, 1, &p) == MH_OK && p == NULL);
    /* taken: a prefix of a key is not a parent ("pub" and "publisher.id") */
    char p3[] = "pub", sm[] = "publisher.state_media.code";
    char *near[] = {p3, pub_id, sm};
    CHECK(mh_projection_create(near, 3, &p) == MH_OK && p != NULL);
    json_t *ann = json_pack("{s:{s:s,s:n},s:b,s:i}", "publisher", "id", "rt", "state_media",
                            "flagged", 1, "pub", 7);
    check_one(ann, near, 3, &taken, &refused);
    json_decref(ann);
    mh_projection_free(p);
}
