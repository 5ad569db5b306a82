/* fuzz_rulefile.c — libFuzzer: any bytes as a rule file, parsed and compiled
 * (PCRE2 JIT, the Hyperscan prefilter, selectors), every problem reported
 * through the diagnostic callback. A loaded rule set must be usable: each
 * rule's id is found again. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_tmp.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)file;
    (void)line;
    (void)col;
    if (!msg)
        abort();
    (*(size_t *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("fuzz.rules", data, size);
    size_t problems = 0;
    mh_ruleset *rs = NULL;
    mh_status st = mh_ruleset_load(fuzz_tmpdir(), count_diag, &problems, &rs);
    if (st == MH_OK) {
        if (!rs || problems)
            abort(); /* success means no problem was reported */
        for (size_t i = 0; i < rs->n; i++)
            if (mh_ruleset_find(rs, rs->rules[i].id) < 0)
                abort();
    } else if (st == MH_ERR_RULES && (rs || problems == 0)) {
        abort(); /* failure must say why, and return nothing */
    }
    mh_ruleset_free(rs);
    return 0;
}
