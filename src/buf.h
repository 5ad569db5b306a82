/* buf.h — a growable byte buffer with a hard maximum (after curl's dynbuf).
 *
 * Appending past the cap fails cleanly with MH_ERR_LIMIT and leaves the
 * buffer as it was; the contents are always NUL-terminated. */
#ifndef MH_BUF_H
#define MH_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "masthead.h"

typedef struct mh_buf {
    char *data; /* NUL-terminated contents, or NULL while empty */
    size_t len;
    size_t alloc;
    size_t cap; /* maximum len; 0 = SIZE_MAX/2 */
} mh_buf;

void mh_buf_init(mh_buf *b, size_t cap);
void mh_buf_free(mh_buf *b);
void mh_buf_reset(mh_buf *b);
mh_status mh_buf_add(mh_buf *b, const void *data, size_t len);
mh_status mh_buf_addc(mh_buf *b, char c);
mh_status mh_buf_adds(mh_buf *b, const char *s);
mh_status mh_buf_printf(mh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the contents over to the caller (who frees with mh_free); the buffer
 * is left empty. Returns "" copies as an allocated empty string. */
char *mh_buf_steal(mh_buf *b);

#endif
