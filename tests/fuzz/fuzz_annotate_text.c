/* fuzz_annotate_text.c — libFuzzer: any bytes as a plain-text article through
 * the whole pipeline (mh_annotate with the bundled database and rules). */
#include "fuzz_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_annotate(data, size, MH_DOC_TEXT);
    return 0;
}
