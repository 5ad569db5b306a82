/* charset.h — documents that are not UTF-8: a UTF-16 or UTF-32 byte order
 * mark, or an HTML page that declares its charset (<meta charset>, the
 * http-equiv Content-Type, an XML declaration) and is not valid UTF-8.
 *
 * Such a document is decoded to UTF-8 with an offset map back to its own
 * bytes, so evidence offsets stay exact into the input as given. Labels are
 * read the way browsers read them (the WHATWG Encoding standard: latin1 and
 * ascii mean windows-1252, gb2312 means GBK, a meta naming UTF-16 means
 * UTF-8); the decoding itself is glibc's iconv. */
#ifndef MH_CHARSET_H
#define MH_CHARSET_H

#include <stddef.h>

#include "buf.h"
#include "masthead.h"
#include "offmap.h"

typedef enum mh_charset_source {
    MH_CS_NONE = 0, /* UTF-8: nothing to decode */
    MH_CS_BOM,      /* a UTF-16/UTF-32 byte order mark */
    MH_CS_META      /* the page's own declaration */
} mh_charset_source;

typedef struct mh_charset {
    mh_charset_source source;
    char name[32];  /* the canonical name reported, e.g. "windows-1251" */
    char iconv[32]; /* the name given to iconv_open, e.g. "CP1251" */
} mh_charset;

/* What a document is encoded in: a BOM first, then (HTML only, and only
 * when the bytes are not valid UTF-8) a declaration in its first 1024
 * bytes. Returns the charset with source MH_CS_NONE for UTF-8. */
mh_charset mh_charset_sniff(const char *data, size_t len, int may_be_html);

/* Decode data (in cs) to UTF-8 into out, with map from out's offsets to
 * data's; undecodable bytes become U+FFFD, counted in *replaced. A charset
 * iconv does not know gives MH_ERR_INPUT (the caller then repairs the bytes
 * as UTF-8 instead). */
mh_status mh_charset_decode(const mh_charset *cs, const char *data, size_t len, mh_buf *out,
                            mh_offmap *map, size_t *replaced);

#endif
