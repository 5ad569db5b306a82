/* fuzz_jsonl.c — libFuzzer harness: the JSONL scanner must agree with
 * jansson on every input (the oracle of tests/unit/test_jsonl_diff.c), and
 * never crash, read out of bounds or hit undefined behaviour.
 *
 * Build and run: make -f Makefile -f tests/fuzz/jsonl.mk fuzz-jsonl
 * (see tests/fuzz/jsonl.mk). A disagreement aborts with the reason; the
 * input that caused it is saved by libFuzzer as crash-<sha1>. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

/* The unit harness's counters, which test_jsonl_diff.c links against. */
int t_pass, t_fail;

bool jsonl_agrees_with_jansson(const char *line, size_t len, char *why, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: one JSONL line, newline or not. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[512];
    if (!jsonl_agrees_with_jansson((const char *)data, size, why, sizeof why)) {
        fprintf(stderr, "fuzz_jsonl: scanner and jansson disagree: %s\n", why);
        abort();
    }
    return 0;
}
