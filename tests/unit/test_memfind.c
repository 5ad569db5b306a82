/* test_memfind.c — mh_memfind agrees with memmem: random haystacks over a
 * small alphabet (so needles occur, often overlapping and at the ends),
 * every needle length around the 16-byte block, and the edge cases. */
#include <string.h>

#include "harness.h"
#include "memfind.h"

static unsigned long long seed = 0x2545F4914F6CDD1Dull;

static unsigned next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed >> 16);
}

void test_memfind(void)
{
    static const char alphabet[] = "ab \xd0\x00";
    char hay[300], needle[40];
    for (int round = 0; round < 60000; round++) {
        size_t n = next() % sizeof hay, m = next() % 36;
        for (size_t i = 0; i < n; i++)
            hay[i] = alphabet[next() % 5];
        if (m <= n && n && next() % 2) { /* a needle taken from the haystack */
            size_t at = next() % (n - m + 1);
            memcpy(needle, hay + at, m);
        } else {
            for (size_t i = 0; i < m; i++)
                needle[i] = alphabet[next() % 5];
        }
        const char *want = memmem(hay, n, needle, m), *got = mh_memfind(hay, n, needle, m);
        CHECK(got == want);
        if (got != want) {
            fprintf(stderr, "  n=%zu m=%zu want %td got %td\n", n, m, want ? want - hay : -1,
                    got ? got - hay : -1);
            break;
        }
    }
    CHECK(mh_memfind("abc", 3, "", 0) != NULL);
    CHECK(mh_memfind("abc", 3, "abcd", 4) == NULL);
    const char *s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxkcna"; /* a match in the tail */
    CHECK(mh_memfind(s, strlen(s), "kcna", 4) == s + 32);
}
