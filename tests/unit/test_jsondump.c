/* test_jsondump.c — mh_json_dump writes the same bytes as json_dumps. */
#include <stdlib.h>

#include "alloc.h"
#include "harness.h"
#include "json_tree_gen.h"
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

static unsigned long long rng = 88172645463325252ull;

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
        json_t *v = json_tree_gen(&rng, 0);
        CHECK(same(v));
        json_decref(v);
    }
}
