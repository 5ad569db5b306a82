/* test_jsondump.c — mh_json_dump writes the same bytes as json_dumps. */
#include <math.h>
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
    /* strings of every length to 80 (the escape check reads 16 bytes at a
     * time), each byte to escape at every position of a block */
    static const char *const pieces[] = {"a",    "Z",    " ",  "\"",       "\\",           "\x01",
                                         "\x1f", "\x7f", "\n", "\xc3\xa9", "\xe2\x80\xa8", "/",
                                         "~"};
    size_t npieces = sizeof pieces / sizeof *pieces;
    for (int i = 0; i < 4000; i++) {
        char buf[256];
        size_t len = 0, want = (size_t)(i % 81);
        while (len < want) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            /* mostly plain letters: long plain runs, with a rare byte to escape */
            const char *p = (rng >> 60) < 12 ? "x" : pieces[(rng >> 33) % npieces];
            size_t pl = strlen(p);
            memcpy(buf + len, p, pl);
            len += pl;
        }
        json_t *str = json_stringn(buf, len);
        CHECK(str && same(str));
        json_decref(str);
    }
}

static int same_real(double v)
{
    mh_text a = {0}, b = {0};
    int ok = mh_json_put_real(&a, v) == MH_OK && mh_json_put_real_printf(&b, v) == MH_OK &&
             a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
    if (!ok)
        fprintf(stderr, "real %.17g: '%.*s' vs printf '%.*s'\n", v, (int)a.len,
                a.data ? a.data : "", (int)b.len, b.data ? b.data : "");
    mh_text_free(&a);
    mh_text_free(&b);
    return ok;
}

/* The fast path for reals of three decimals prints what printf prints: every
 * thousandth from -20 to 20, a stride to +-2000 and through the millions,
 * neighbours one ulp away, and random doubles. */
void test_json_real_fast(void)
{
    int bad = 0;
    for (long k = -2000000; k <= 2000000; k += k > -20000 && k < 20000 ? 1 : 37) {
        double v = (double)k / 1000.0;
        bad += !same_real(v);
        if (k % 97 == 0) {
            bad += !same_real(nextafter(v, 1e9));
            bad += !same_real(nextafter(v, -1e9));
        }
    }
    for (long long k = -999999999; k <= 999999999; k += 7919 * 1013) {
        bad += !same_real((double)k / 1000.0);
        bad += !same_real((double)k / 1000.0 + 1e-4);
    }
    static const double edge[] = {0.0,  -0.0,  1e-3, -1e-3,    5e-4,      999999.999, 1e6,
                                  -1e6, 1e300, NAN,  INFINITY, -INFINITY, 0.1 + 0.2,  1.0 / 3};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        bad += !same_real(edge[i]);
    unsigned long long state = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 20000; i++) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        double v;
        memcpy(&v, &state, sizeof v);
        bad += !same_real(v);
        bad += !same_real((double)(state % 2000001) / 1000.0 - 1000.0);
    }
    CHECK(bad == 0);
}
