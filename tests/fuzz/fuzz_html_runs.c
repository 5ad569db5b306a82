/* fuzz_html_runs.c — libFuzzer: any bytes as HTML, parsed with text runs
 * read by masthead and with every character left to libxml2; the two must
 * give the same text, offset map, selected values and language (the oracle
 * of tests/unit/test_html_runs.c). The parser reads valid UTF-8 only (the
 * engine repairs input first), so invalid input is repaired here too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html_runs_oracle.h"
#include "offmap.h"
#include "rules.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mh_ruleset *rules(void)
{
    static mh_ruleset *rs;
    if (rs)
        return rs;
    const char *dir = getenv("MASTHEAD_RULES");
    if (mh_ruleset_load(dir && *dir ? dir : "rules", NULL, NULL, &rs) != MH_OK) {
        fprintf(stderr, "fuzz_html_runs: cannot load the rules (run from the repository root, "
                        "or set MASTHEAD_RULES)\n");
        abort();
    }
    return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    mh_buf fixed;
    mh_offmap map;
    mh_buf_init(&fixed, 0);
    mh_offmap_init(&map);
    size_t repairs = 0;
    if (mh_utf8_find_invalid(in, size) != size || memchr(in, '\0', size)) {
        if (mh_utf8_repair(in, size, 0, &fixed, &map, &repairs) != MH_OK)
            goto out;
        in = fixed.data ? fixed.data : "";
        size = fixed.len;
    }
    char why[512];
    if (!html_runs_agree(in, size, rules(), why, sizeof why)) {
        fprintf(stderr, "fuzz_html_runs: text runs taken and not disagree: %s\n", why);
        abort();
    }
out:
    mh_buf_free(&fixed);
    mh_offmap_free(&map);
    return 0;
}
