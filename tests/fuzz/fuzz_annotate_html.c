/* fuzz_annotate_html.c — libFuzzer: any bytes as an HTML page through the
 * whole pipeline (HTML parser, offset map, html rules, JSON-LD). */
#include "fuzz_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_annotate(data, size, MH_DOC_HTML);
    return 0;
}
