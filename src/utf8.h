/* utf8.h — UTF-8 validation and repair that keep exact offsets. */
#ifndef MH_UTF8_H
#define MH_UTF8_H

#include <stddef.h>

#include "buf.h"
#include "offmap.h"

/* Offset of the first byte that is not part of valid UTF-8, or len. */
size_t mh_utf8_find_invalid(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t mh_utf8_seq_len(const unsigned char *s, size_t avail);

/* Append in[0..len) to out as valid UTF-8: each invalid byte and each NUL
 * becomes U+FFFD. Segments mapping the appended text to in-offsets (plus
 * src_base) are added to map. *repairs counts replaced bytes. */
mh_status mh_utf8_repair(const char *in, size_t len, size_t src_base, mh_buf *out, mh_offmap *map,
                         size_t *repairs);

/* Copy the NUL-terminated UTF-8 string src into dst[0..size), cut if need
 * be at a character boundary, never inside a character (a fixed field
 * cut by snprintf can end mid-sequence: invalid UTF-8 in the output). */
void mh_utf8_copy(char *dst, size_t size, const char *src);

/* Decode the code point at s (valid UTF-8 of length n). */
unsigned mh_utf8_decode(const unsigned char *s, size_t n);
/* Encode cp into out (4 bytes room); returns the length. */
size_t mh_utf8_encode(unsigned cp, char *out);

#endif
