/* harness.h — a tiny unit-test harness: CHECK prints file:line on failure;
 * main() (unit_main.c) runs every test listed in tests.def and ends with
 * "N passed, N failed". */
#ifndef MH_HARNESS_H
#define MH_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int t_pass, t_fail;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            t_pass++;                                                                              \
        } else {                                                                                   \
            t_fail++;                                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                                     \
            t_pass++;                                                                              \
        } else {                                                                                   \
            t_fail++;                                                                              \
            fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__,                    \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* Declare every test function (tests.def lists them). */
#define TEST(name) void name(void);
#include "tests.def"
#undef TEST

#endif
