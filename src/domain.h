/* domain.h — URLs and hosts: parse, percent-decode, unwrap wrapped URLs
 * (through url-scope rules), and registrable domains by the Public Suffix
 * List (libpsl, private section included). */
#ifndef MH_DOMAIN_H
#define MH_DOMAIN_H

#include <libpsl.h>
#include <stddef.h>

#include "masthead.h"

#define MH_HOST_MAX 256
#define MH_PATH_MAX 512

typedef struct mh_url {
    char host[MH_HOST_MAX]; /* lowercase, no port, no trailing dot */
    char path[MH_PATH_MAX]; /* path (cut at MH_PATH_MAX), "" when none */
} mh_url;

/* Parse an absolute URL (scheme://host/...), a scheme-relative //host/...,
 * or a bare host/path ("www.rt.com/news"). Returns 1 and fills u, or 0 when
 * the text holds no plausible host. */
int mh_url_parse(const char *s, size_t len, mh_url *u);

/* Is this a plausible host name (two labels or more, letters in the last)? */
int mh_host_plausible(const char *host);

/* Percent-decode s[0..len) into out (size outlen, NUL-terminated); returns
 * the decoded length. Invalid escapes are copied as they are. */
size_t mh_percent_decode(const char *s, size_t len, char *out, size_t outlen);

/* The registrable domain (eTLD+1) of host, written into out; returns 0 when
 * host is itself a public suffix or invalid. */
int mh_registrable_domain(const psl_ctx_t *psl, const char *host, char *out, size_t outlen);

/* The Public Suffix List: the newest of libpsl's built-in list and the
 * system's (Debian's publicsuffix package). Never NULL. */
const psl_ctx_t *mh_psl(void);

#endif
