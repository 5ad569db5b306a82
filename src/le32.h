/* le32.h — 32-bit little-endian integers in stored blobs (the record pack,
 * the key filters), read and written byte by byte whatever the host's
 * byte order. */
#ifndef MH_LE32_H
#define MH_LE32_H

#include <stdint.h>

static inline uint32_t mh_le32_get(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void mh_le32_put(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

#endif
