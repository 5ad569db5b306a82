/* domain.c — URL parsing, percent-decoding and registrable domains. */
#include "domain.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

static pthread_once_t psl_once = PTHREAD_ONCE_INIT;
static const psl_ctx_t *psl_ctx;

static void psl_init(void)
{
    /* psl_latest picks the newest of the built-in and system lists; the
     * context lives for the process (libpsl contexts are read-only). */
    psl_ctx = psl_latest(NULL);
    if (!psl_ctx)
        psl_ctx = psl_builtin();
}

const psl_ctx_t *mh_psl(void)
{
    pthread_once(&psl_once, psl_init);
    return psl_ctx;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t mh_percent_decode(const char *s, size_t len, char *out, size_t outlen)
{
    size_t w = 0;
    if (outlen == 0)
        return 0;
    for (size_t i = 0; i < len && w + 1 < outlen; i++) {
        if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[w++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[w++] = s[i];
        }
    }
    out[w] = '\0';
    return w;
}

int mh_host_plausible(const char *host)
{
    const char *dot = strrchr(host, '.');
    if (!dot || dot == host || !dot[1])
        return 0;
    /* the top-level label has a letter (not an IP address or a version number) */
    int letter = 0;
    for (const char *p = dot + 1; *p; p++)
        letter |= (*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0x80;
    if (!letter)
        return 0;
    for (const char *p = host; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c >= 0x80))
            return 0;
    }
    /* non-ASCII labels (IDN) must be valid UTF-8: a percent-decoded
     * byte ("%ca") is not a host, and would make the annotation invalid */
    size_t n = strlen(host);
    return strstr(host, "..") == NULL && host[0] != '.' && host[0] != '-' &&
           mh_utf8_find_invalid(host, n) == n;
}

int mh_url_parse(const char *s, size_t len, mh_url *u)
{
    memset(u, 0, sizeof *u);
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\'' || s[i] == '<'))
        i++;
    /* scheme */
    size_t j = i;
    while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                       (s[j] >= '0' && s[j] <= '9') || s[j] == '+' || s[j] == '-' || s[j] == '.'))
        j++;
    if (j < len && j > i && s[j] == ':' && !memchr(s + i, '.', j - i) &&
        !(j + 2 < len && s[j + 1] == '/' && s[j + 2] == '/'))
        return 0; /* mailto:, tel:, javascript:, data: ... name no web page */
    if (j + 2 < len && j > i && s[j] == ':' && s[j + 1] == '/' && s[j + 2] == '/') {
        size_t sl = j - i;
        if (!((sl == 4 && strncasecmp(s + i, "http", 4) == 0) ||
              (sl == 5 && strncasecmp(s + i, "https", 5) == 0)))
            return 0; /* ftp:, mailto:, javascript: ... are not web pages */
        i = j + 3;
    } else if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
    }
    /* userinfo is skipped; host ends at / ? # : or space */
    size_t hs = i;
    size_t he = i;
    while (he < len && s[he] != '/' && s[he] != '?' && s[he] != '#' && s[he] != ' ' &&
           s[he] != '"' && s[he] != '\'' && s[he] != '>' && s[he] != '<' && s[he] != '\\')
        he++;
    const char *at = memchr(s + hs, '@', he - hs);
    if (at)
        hs = (size_t)(at - s) + 1;
    size_t hl = he - hs;
    const char *colon = memchr(s + hs, ':', hl);
    if (colon)
        hl = (size_t)(colon - (s + hs));
    if (hl == 0 || hl >= MH_HOST_MAX)
        return 0;
    for (size_t k = 0; k < hl; k++) {
        char c = s[hs + k];
        u->host[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    u->host[hl] = '\0';
    while (hl && u->host[hl - 1] == '.')
        u->host[--hl] = '\0';
    if (!mh_host_plausible(u->host))
        return 0;
    /* path up to ? or # */
    size_t ps = he;
    size_t pe = ps;
    while (pe < len && s[pe] != '?' && s[pe] != '#' && s[pe] != ' ' && s[pe] != '"' &&
           s[pe] != '\'' && s[pe] != '<' && s[pe] != '>')
        pe++;
    if (ps < len && s[ps] == '/') {
        size_t pl = pe - ps < MH_PATH_MAX - 1 ? pe - ps : MH_PATH_MAX - 1;
        memcpy(u->path, s + ps, pl);
        u->path[pl] = '\0';
    }
    return 1;
}

int mh_registrable_domain(const psl_ctx_t *psl, const char *host, char *out, size_t outlen)
{
    const char *rd = psl_registrable_domain(psl, host);
    size_t n = rd ? strlen(rd) : outlen;
    if (n >= outlen)
        return 0;
    memcpy(out, rd, n + 1);
    return 1;
}
