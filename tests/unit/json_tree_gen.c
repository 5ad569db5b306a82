/* json_tree_gen.c — see json_tree_gen.h. */
#include "json_tree_gen.h"

#include <stdio.h>

static unsigned rnd(unsigned long long *rng)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    return (unsigned)*rng;
}

json_t *json_tree_gen(unsigned long long *rng, int depth)
{
    switch (rnd(rng) % (depth > 4 ? 5 : 7)) {
    case 0: {
        char s[64];
        size_t n = rnd(rng) % sizeof s;
        for (size_t i = 0; i < n; i++) {
            unsigned c = rnd(rng) % 40;
            s[i] = c < 32 ? (char)c : "\"\\/aZ\x7f 9"[c - 32];
        }
        return json_stringn(s, n);
    }
    case 1: return json_integer((json_int_t)rnd(rng) - (json_int_t)(rnd(rng) % 2 ? 0 : 1ll << 40));
    case 2: {
        double d = (double)(int)rnd(rng) / (double)(1 + rnd(rng) % 100000);
        if (rnd(rng) % 3 == 0)
            d *= 1e200;
        if (rnd(rng) % 3 == 0)
            d /= 1e200;
        return json_real(d);
    }
    case 3: return rnd(rng) % 2 ? json_true() : json_false();
    case 4: return json_null();
    case 5: {
        json_t *a = json_array();
        for (unsigned i = rnd(rng) % 5; i > 0; i--)
            json_array_append_new(a, json_tree_gen(rng, depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = rnd(rng) % 5; i > 0; i--) {
            char k[24];
            /* plain names, and now and then one that needs escaping */
            if (rnd(rng) % 4)
                snprintf(k, sizeof k, "key_%u", rnd(rng) % 100);
            else
                snprintf(k, sizeof k, "k\t%u\"\xc3\xa9", rnd(rng) % 100);
            json_object_set_new(o, k, json_tree_gen(rng, depth + 1));
        }
        return o;
    }
    }
}
