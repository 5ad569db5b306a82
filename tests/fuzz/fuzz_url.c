/* fuzz_url.c — libFuzzer: URL parsing, percent-decoding and registrable
 * domains on any bytes, with the invariants their contracts state. */
#include <stdlib.h>
#include <string.h>

#include "domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    mh_url u;
    if (mh_url_parse(s, size, &u)) {
        size_t hl = strnlen(u.host, sizeof u.host), pl = strnlen(u.path, sizeof u.path);
        if (hl == 0 || hl >= sizeof u.host || pl >= sizeof u.path || !mh_host_plausible(u.host))
            abort();
        for (size_t i = 0; i < hl; i++)
            if (u.host[i] >= 'A' && u.host[i] <= 'Z')
                abort(); /* hosts come out lowercase */
        if (pl && u.path[0] != '/')
            abort();
        char rd[MH_HOST_MAX];
        if (mh_registrable_domain(mh_psl(), u.host, rd, sizeof rd)) {
            size_t rl = strlen(rd);
            /* the registrable domain is the host or a suffix of it at a dot */
            if (rl > hl || strcmp(u.host + hl - rl, rd) != 0 ||
                (rl < hl && u.host[hl - rl - 1] != '.'))
                abort();
        }
    }
    /* percent-decoding: never longer than the input, always terminated */
    char out[512];
    size_t n = mh_percent_decode(s, size, out, sizeof out);
    if (n >= sizeof out || out[n] != '\0' || n > size)
        abort();
    char tiny[3];
    n = mh_percent_decode(s, size, tiny, sizeof tiny);
    if (n > 2 || tiny[n] != '\0')
        abort();
    /* any NUL-terminated host: no crash */
    char host[MH_HOST_MAX];
    size_t k = size < sizeof host - 1 ? size : sizeof host - 1;
    memcpy(host, s, k);
    host[k] = '\0';
    (void)mh_host_plausible(host);
    char rd[64];
    (void)mh_registrable_domain(mh_psl(), host, rd, sizeof rd);
    return 0;
}
