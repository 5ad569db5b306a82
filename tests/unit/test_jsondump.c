/* test_jsondump.c — mh_json_dump writes the same bytes as json_dumps. */
#include <stdlib.h>

#include "alloc.h"
#include "harness.h"
#include "jsondump.h"

static int same(json_t *v)
{
    char *want = json_dumps(v, MH_JSON_FLAGS | JSON_ENCODE_ANY);
    mh_text t = {0};
    int ok = want && mh_json_dump(v, &t) == MH_OK && t.len == strlen(want) &&
             memcmp(t.data, want, t.len) == 0;
    if (!ok)
        fprintf(stderr, "  want %s\n  got  %.*s\n", want ? want : "(null)", (int)t.len,
                t.data ? t.data : "");
    free(want);
    mh_text_free(&t);
    return ok;
}

/* A deterministic pseudo-random tree of every type. */
static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)rng;
}

static json_t *gen(int depth)
{
    switch (rnd() % (depth > 4 ? 5 : 7)) {
    case 0: {
        char s[64];
        size_t n = rnd() % sizeof s;
        for (size_t i = 0; i < n; i++) {
            unsigned c = rnd() % 40;
            s[i] = c < 32 ? (char)c : "\"\\/aZ\x7f 9"[c - 32];
        }
        return json_stringn(s, n);
    }
    case 1: return json_integer((json_int_t)rnd() - (json_int_t)(rnd() % 2 ? 0 : 1ll << 40));
    case 2: {
        double d = (double)(int)rnd() / (double)(1 + rnd() % 100000);
        if (rnd() % 3 == 0)
            d *= 1e200;
        if (rnd() % 3 == 0)
            d /= 1e200;
        return json_real(d);
    }
    case 3: return rnd() % 2 ? json_true() : json_false();
    case 4: return json_null();
    case 5: {
        json_t *a = json_array();
        for (unsigned i = rnd() % 5; i > 0; i--)
            json_array_append_new(a, gen(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = rnd() % 5; i > 0; i--) {
            char k[16];
            snprintf(k, sizeof k, "k\t%u\"é", rnd() % 100);
            json_object_set_new(o, k, gen(depth + 1));
        }
        return o;
    }
    }
}

void test_jsondump(void)
{
    static const double reals[] = {
        0.981, 0.1,     1e300,  1.5e-7, 3.0, 0.29304, 1e22, 1.2345678901234568e17,
        -0.0,  123.456, 1e-300, 2.5e10, 0.5};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        json_t *r = json_real(reals[i]);
        CHECK(same(r));
        json_decref(r);
    }
    json_t *s = json_string("a\"b\\c\x01\x1f\x7f \xc3\xa9 \xe2\x80\xa8 / \b\f\n\r\t");
    CHECK(same(s));
    json_decref(s);
    for (int i = 0; i < 2000; i++) {
        json_t *v = gen(0);
        CHECK(same(v));
        json_decref(v);
    }
}
