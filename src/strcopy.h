/* strcopy.h — a bounded string copy: what snprintf(dst, size, "%s", src)
 * gives (cut at size - 1 bytes, always terminated), without the format
 * machinery, which costs hundreds of instructions a call on hot paths.
 * A NULL src (a database column that is unexpectedly NULL) copies "". */
#ifndef MH_STRCOPY_H
#define MH_STRCOPY_H

#include <string.h>

static inline void mh_strcopy(char *dst, size_t size, const char *src)
{
    if (!size)
        return;
    if (!src)
        src = "";
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

#endif
