/* jsonl_gen.h — deterministic generator of news-like JSONL test lines,
 * valid and broken (jsonl_gen.c), for the JSONL scanner's differential
 * tests and fuzz harness. */
#ifndef MH_JSONL_GEN_H
#define MH_JSONL_GEN_H

#include <stddef.h>
#include <stdint.h>

/* A generator: its random state and the line it writes into buf (cap
 * bytes, the caller's); a line that would pass cap is cut, still a test
 * input. */
typedef struct jsonl_gen {
    uint64_t state; /* the seed, then splitmix64's state */
    char *buf;
    size_t len, cap;
} jsonl_gen;

/* The next pseudo-random number (splitmix64). */
uint64_t jsonl_gen_rand(jsonl_gen *g);

/* A pseudo-random number in [0, n), n > 0. */
unsigned jsonl_gen_below(jsonl_gen *g, unsigned n);

/* Append one record (valid JSON) to the line: text and url mostly,
 * meta.source.url sometimes, escapes and UTF-8 of every kind. */
void jsonl_gen_record(jsonl_gen *g);

/* Break the line in one random way (it may stay valid). */
void jsonl_gen_mutate(jsonl_gen *g);

/* Replace the line with the next test line: a record, mutated one to three
 * times in six lines out of ten. */
void jsonl_gen_line(jsonl_gen *g);

/* Print a line to stderr for a failure report, escaped and cut. */
void jsonl_gen_show(const char *s, size_t n);

#endif
