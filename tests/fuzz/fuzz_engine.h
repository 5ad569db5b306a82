/* fuzz_engine.h — what the two whole-pipeline harnesses share: one engine
 * opened from MASTHEAD_DB and MASTHEAD_RULES (defaults build/masthead.db and
 * rules, relative to the repository root), and the checks every annotation
 * must pass whatever the input. */
#ifndef MH_FUZZ_ENGINE_H
#define MH_FUZZ_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "masthead.h"

/* The shared scratch of the process's engine; aborts with a message when the
 * engine cannot be opened (a harness is useless without it). */
mh_scratch *fuzz_scratch(void);

/* Annotate data as `type` and check the result: a JSON object whose every
 * evidence span lies within the input; for plain UTF-8 text without NUL
 * bytes, input[start:end] equals the evidence text (DESIGN.md §6). Aborts
 * (a finding) when a check fails. */
void fuzz_annotate(const uint8_t *data, size_t size, mh_doctype type);

#endif
