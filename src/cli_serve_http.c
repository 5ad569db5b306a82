/* cli_serve_http.c — HTTP for `masthead serve`: routing, the Host check,
 * request bodies under a cap, status codes and the security headers that
 * every answer carries.
 *
 * Routes
 *   GET  /                 the page (web/index.html)
 *   GET  /static/NAME      its CSS and JS, from the assets in the binary
 *   POST /api/annotate     JSON in, the annotation out (cli_serve_api.c)
 *   GET  /api/health       versions, for monitoring
 * HEAD works wherever GET does. A wrong method is 405 with Allow; an unknown
 * path 404; a bad Host 421; a body over the cap 413; a body that is not
 * application/json 415. libmicrohttpd calls serve_handle first with the
 * headers only (everything but the body is decided then), then once per
 * piece of body, then a last time with no data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_serve.h"
#include "cli_serve_mhd.h"

/* Sent with every answer: nothing but this origin's own script and style,
 * no framing, no referrer, no MIME sniffing. */
#define SERVE_CSP                                                                                  \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

#define JSON_TYPE "application/json; charset=utf-8"
/* First allocation for a request body; it doubles up to the cap. */
#define SERVE_BODY_START (64u * 1024u)

typedef enum route { ROUTE_NONE, ROUTE_PAGE, ROUTE_STATIC, ROUTE_ANNOTATE, ROUTE_HEALTH } route;

/* What the handler keeps between the calls for one request. */
typedef struct request {
    route route;
    char *body; /* grows to at most body_cap bytes */
    size_t len, cap;
    size_t dropped; /* bytes dropped: a body over the cap, or a GET's body */
    bool too_large; /* dropping the body */
} request;

static route find_route(const char *url)
{
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return ROUTE_PAGE;
    if (strncmp(url, "/static/", 8) == 0)
        return ROUTE_STATIC;
    if (strcmp(url, "/api/annotate") == 0)
        return ROUTE_ANNOTATE;
    if (strcmp(url, "/api/health") == 0)
        return ROUTE_HEALTH;
    return ROUTE_NONE;
}

/* True when host (a Host header) names this loopback server: localhost,
 * 127.0.0.1, [::1] or the bound address, with the bound port (which may be
 * left out only when it is 80). Anything else may be a DNS-rebinding page
 * talking to us through a name it controls. */
static bool host_allowed(const serve_config *cfg, const char *host)
{
    static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};
    if (!host)
        return false;
    const char *colon = strrchr(host, ':');
    if (colon && strchr(colon, ']'))
        colon = NULL; /* the colon was inside [::1] */
    size_t name_len = colon ? (size_t)(colon - host) : strlen(host);
    if (colon) {
        char port[16];
        snprintf(port, sizeof port, "%u", cfg->port);
        if (strcmp(colon + 1, port) != 0)
            return false;
    } else if (cfg->port != 80) {
        return false;
    }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == name_len && strncasecmp(host, names[i], name_len) == 0)
            return true;
    return cfg->bind_host && strlen(cfg->bind_host) == name_len &&
           strncasecmp(host, cfg->bind_host, name_len) == 0;
}

/* True for "application/json", with an optional charset=utf-8 parameter. */
static bool json_content_type(const char *ct)
{
    static const char want[] = "application/json";
    if (!ct || strncasecmp(ct, want, sizeof want - 1) != 0)
        return false;
    const char *rest = ct + sizeof want - 1;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (*rest == '\0')
        return true;
    if (*rest != ';')
        return false;
    rest++;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    return *rest == '\0' || strcasecmp(rest, "charset=utf-8") == 0 ||
           strcasecmp(rest, "charset=\"utf-8\"") == 0;
}

/* Queue resp with the headers every answer carries, then release it. */
static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status,
                               struct MHD_Response *resp, const char *content_type,
                               const char *allow)
{
    if (!resp)
        return MHD_NO;
    bool ok = serve_mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) &&
              serve_mhd.add_response_header(resp, "Content-Security-Policy", SERVE_CSP) &&
              serve_mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff") &&
              serve_mhd.add_response_header(resp, "Referrer-Policy", "no-referrer") &&
              serve_mhd.add_response_header(resp, "X-Frame-Options", "DENY") &&
              serve_mhd.add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin") &&
              serve_mhd.add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin") &&
              serve_mhd.add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") &&
              (!allow || serve_mhd.add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow));
    enum MHD_Result r = ok ? serve_mhd.queue_response(conn, status, resp) : MHD_NO;
    serve_mhd.destroy_response(resp);
    return r;
}

/* Send a serve_reply (its body passes to libmicrohttpd, which frees it). */
static enum MHD_Result send_reply(const serve_config *cfg, struct MHD_Connection *conn,
                                  const char *method, const char *url, serve_reply *reply,
                                  const char *allow)
{
    if (cfg->verbose)
        fprintf(stderr, "masthead serve: %s %s %u %zu\n", method, url, reply->status, reply->len);
    struct MHD_Response *resp =
        serve_mhd.create_response_from_buffer(reply->len, reply->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(reply->body);
        return MHD_NO;
    }
    return respond(conn, reply->status, resp, JSON_TYPE, allow);
}

/* Answer with a JSON error; allow is the Allow header of a 405. */
static enum MHD_Result send_error(const serve_config *cfg, struct MHD_Connection *conn,
                                  const char *method, const char *url, unsigned status,
                                  const char *message, const char *allow)
{
    serve_reply reply;
    if (!serve_error_reply(status, message, &reply))
        return MHD_NO;
    return send_reply(cfg, conn, method, url, &reply, allow);
}

static enum MHD_Result send_asset(const serve_config *cfg, struct MHD_Connection *conn,
                                  const char *method, const char *url, const serve_asset *a)
{
    if (cfg->verbose)
        fprintf(stderr, "masthead serve: %s %s 200 %zu\n", method, url, a->len);
    /* the table is static and read-only; the cast only satisfies the old API */
    struct MHD_Response *resp = serve_mhd.create_response_from_buffer(
        a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
    return respond(conn, MHD_HTTP_OK, resp, a->content_type, NULL);
}

/* The first call of a request, with its headers: refuse what can be
 * refused now (answering at once, which closes the connection: any body is
 * left unread) and otherwise keep the route for the following calls
 * (answering a GET later keeps the connection alive). */
static enum MHD_Result begin(const serve_config *cfg, struct MHD_Connection *conn, const char *url,
                             const char *method, void **req_cls)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    if (cfg->check_host &&
        !host_allowed(cfg, serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Host")))
        return send_error(cfg, conn, method, url, MHD_HTTP_MISDIRECTED_REQUEST,
                          "this server answers only to localhost, 127.0.0.1 and [::1] "
                          "with its own port",
                          NULL);
    route r = find_route(url);
    if (r == ROUTE_NONE)
        return send_error(cfg, conn, method, url, MHD_HTTP_NOT_FOUND, "no such page", NULL);
    if (r == ROUTE_ANNOTATE && !post)
        return send_error(cfg, conn, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
                          "use POST with a JSON body", "POST");
    if (r != ROUTE_ANNOTATE && !get)
        return send_error(cfg, conn, method, url, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET",
                          "GET, HEAD");
    if (r == ROUTE_STATIC) {
        const serve_asset *a = serve_asset_find(url + 8);
        if (!a || strcmp(a->name, "index.html") == 0)
            return send_error(cfg, conn, method, url, MHD_HTTP_NOT_FOUND, "no such file", NULL);
    }
    if (r == ROUTE_ANNOTATE) {
        if (!json_content_type(serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                                                 MHD_HTTP_HEADER_CONTENT_TYPE)))
            return send_error(cfg, conn, method, url, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                              "send the request as Content-Type: application/json", NULL);
        const char *length = serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length) {
            char *end = NULL;
            unsigned long long n = strtoull(length, &end, 10);
            if (end != length && n > cfg->body_cap)
                return send_error(cfg, conn, method, url, MHD_HTTP_CONTENT_TOO_LARGE,
                                  "the request body is over the 4 MiB limit", NULL);
        }
    }
    request *req = calloc(1, sizeof *req);
    if (!req)
        return MHD_NO;
    req->route = r;
    *req_cls = req;
    return MHD_YES;
}

/* The last call of a request: the whole body is in. */
static enum MHD_Result finish(const serve_config *cfg, struct MHD_Connection *conn, const char *url,
                              const char *method, const request *req)
{
    serve_reply reply;
    switch (req->route) {
    case ROUTE_PAGE: return send_asset(cfg, conn, method, url, serve_asset_find("index.html"));
    case ROUTE_STATIC: return send_asset(cfg, conn, method, url, serve_asset_find(url + 8));
    case ROUTE_HEALTH:
        if (!serve_api_health(cfg, &reply))
            return MHD_NO;
        return send_reply(cfg, conn, method, url, &reply, NULL);
    case ROUTE_ANNOTATE:
        if (req->too_large)
            return send_error(cfg, conn, method, url, MHD_HTTP_CONTENT_TOO_LARGE,
                              "the request body is over the 4 MiB limit", NULL);
        if (!serve_api_annotate(cfg, req->body ? req->body : "", req->len, &reply))
            return send_error(cfg, conn, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR,
                              "out of memory", NULL);
        return send_reply(cfg, conn, method, url, &reply, NULL);
    case ROUTE_NONE: break;
    }
    return send_error(cfg, conn, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR, "no route", NULL);
}

/* Keep one piece of body, or drop it once the body is over the cap.
 * Returns false when the connection should be closed. */
static bool take_body(const serve_config *cfg, request *req, const char *data, size_t n)
{
    if (!req->too_large && n > cfg->body_cap - req->len) {
        req->too_large = true;
        free(req->body);
        req->body = NULL;
    }
    if (req->too_large) {
        req->dropped += n;
        return req->dropped <= SERVE_DISCARD_CAP;
    }
    if (n > req->cap - req->len) {
        size_t cap = req->cap ? req->cap : SERVE_BODY_START;
        while (cap - req->len < n)
            cap *= 2;
        if (cap > cfg->body_cap)
            cap = cfg->body_cap;
        char *p = realloc(req->body, cap);
        if (!p)
            return false;
        req->body = p;
        req->cap = cap;
    }
    memcpy(req->body + req->len, data, n);
    req->len += n;
    return true;
}

enum MHD_Result serve_handle(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **req_cls)
{
    const serve_config *cfg = cls;
    (void)version;
    if (!*req_cls)
        return begin(cfg, conn, url, method, req_cls);
    request *req = *req_cls;
    if (*upload_size > 0) {
        /* a GET with a body: read and drop it, like an oversize one */
        if (req->route != ROUTE_ANNOTATE)
            req->too_large = true;
        bool keep = take_body(cfg, req, upload, *upload_size);
        *upload_size = 0;
        return keep ? MHD_YES : MHD_NO;
    }
    return finish(cfg, conn, url, method, req);
}

void serve_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                     enum MHD_RequestTerminationCode how)
{
    (void)cls;
    (void)conn;
    (void)how;
    request *req = *req_cls;
    if (req) {
        free(req->body);
        free(req);
        *req_cls = NULL;
    }
}

const serve_asset *serve_asset_find(const char *name)
{
    for (size_t i = 0; i < serve_asset_count; i++)
        if (strcmp(serve_assets[i].name, name) == 0)
            return &serve_assets[i];
    return NULL;
}
