/* fuzz_jsonl.c — libFuzzer harness: the JSONL scanner must agree with
 * jansson on every input (the oracle of tests/unit/test_jsonl_diff.c), the
 * streaming scanner must agree with the one-shot one whatever the chunking
 * (the oracle of tests/unit/test_jsonl_stream.c), and neither may crash,
 * read out of bounds or hit undefined behaviour.
 *
 * The chunkings come from the input itself, so that the fuzzer steers where
 * the cuts fall: one byte at a time; chunks of 1 + data[k] % 13 bytes for
 * the input's first 16 bytes, cycling, with small buffers picked by a hash
 * of the input (truncation must agree too); the whole input at once.
 *
 * Build and run: make fuzz-jsonl FUZZ_SECONDS=600 (tests/fuzz/jsonl.mk). A
 * disagreement aborts with the reason; the input that caused it is saved by
 * libFuzzer as crash-<sha1>. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

/* The unit harness's counters, which the test files link against. */
int t_pass, t_fail;

bool jsonl_agrees_with_jansson(const char *line, size_t len, char *why, size_t size);
bool jsonl_stream_agrees(const char *line, size_t len, const size_t *sizes, size_t nsizes,
                         unsigned cut, char *why, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void disagree(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_jsonl: %s disagree: %s\n", what, why);
    abort();
}

/* One input: one JSONL line, newline or not. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    char why[512];
    if (!jsonl_agrees_with_jansson(line, size, why, sizeof why))
        disagree("scanner and jansson", why);
    size_t one = 1, whole = size ? size : 1, sizes[16];
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < size; i++)
        hash = (hash ^ data[i]) * 16777619u;
    for (size_t k = 0; k < 16; k++)
        sizes[k] = 1 + (size ? data[k % size] % 13 : 0);
    if (!jsonl_stream_agrees(line, size, &one, 1, 0, why, sizeof why))
        disagree("stream (bytewise) and one-shot", why);
    if (!jsonl_stream_agrees(line, size, sizes, 16, hash | 1u, why, sizeof why))
        disagree("stream (input-derived chunks, small buffers) and one-shot", why);
    if (!jsonl_stream_agrees(line, size, &whole, 1, 0, why, sizeof why))
        disagree("stream (one chunk) and one-shot", why);
    return 0;
}
