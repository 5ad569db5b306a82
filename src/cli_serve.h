/* cli_serve.h — what the files of `masthead serve` share: the server's
 * settings, the page assets compiled into the binary, the HTTP handler and
 * the annotate API behind it.
 *
 * Threads: libmicrohttpd runs a pool of worker threads; each calls the
 * handler for its own connections. The engine is shared read-only; each
 * worker gets its own mh_scratch on first use (serve_scratch), and
 * serve_scratch_free_all frees them all once the daemon has stopped. */
#ifndef MH_CLI_SERVE_H
#define MH_CLI_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "masthead.h"

/* Largest request body accepted (over it: 413). 4 MiB holds any article
 * page; raising it raises the memory one request may pin. */
#define SERVE_BODY_CAP (4u * 1024u * 1024u)
/* A body sent without Content-Length that outgrows the cap is read and
 * dropped up to this many bytes (to answer 413); past it the connection is
 * closed without an answer. */
#define SERVE_DISCARD_CAP (64u * 1024u * 1024u)
/* Longest `url` field accepted in a request. */
#define SERVE_URL_CAP 8192u
/* Open connections at most, over all workers; more wait in the backlog. */
#define SERVE_MAX_CONNECTIONS 256u
/* A connection idle this long (seconds) is closed. */
#define SERVE_IDLE_SECONDS 30u
/* Memory of one connection (headers and each piece of body read): larger
 * pieces let a big article arrive in fewer turns of its worker's loop. */
#define SERVE_CONN_MEMORY (1024u * 1024u)
/* Worker threads at most (--threads). */
#define SERVE_MAX_THREADS 256u

/* One file of the page, embedded by web/embed.sh into build/web_assets.c. */
typedef struct serve_asset {
    const char *name;         /* file name under web/, e.g. "app.js" */
    const char *content_type; /* with its charset */
    const unsigned char *data;
    size_t len;
} serve_asset;

/* The generated table (build/web_assets.c), serve_asset_count entries. */
extern const serve_asset serve_assets[];
extern const size_t serve_asset_count;

/* Settings of a running server; immutable while the daemon runs. */
typedef struct serve_config {
    const mh_engine *engine;
    unsigned port;         /* the port actually bound (--port 0 picks one) */
    bool check_host;       /* bound to loopback: refuse other Host names */
    const char *bind_host; /* the bound address as written in a Host header */
    size_t body_cap;       /* SERVE_BODY_CAP */
    mh_limits limits;      /* per-request limits (--limit; zeros: defaults) */
    bool verbose;          /* one log line per request on stderr */
} serve_config;

/* The libmicrohttpd access handler (cls is the serve_config). */
enum MHD_Result serve_handle(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **req_cls);

/* Frees what serve_handle kept for one request (MHD_OPTION_NOTIFY_COMPLETED). */
void serve_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                     enum MHD_RequestTerminationCode how);

/* An answer of the API: an HTTP status and a JSON body (malloc'd, owned by
 * the caller, never NULL when the status is set). */
typedef struct serve_reply {
    unsigned status;
    char *body;
    size_t len;
} serve_reply;

/* POST /api/annotate: parse the JSON request in body[0..len), annotate it
 * with this thread's scratch and fill *reply (200 with the annotation, 400
 * for a bad request, 500 when annotating failed). Returns false only when
 * even the error body could not be allocated. */
bool serve_api_annotate(const serve_config *cfg, const char *body, size_t len, serve_reply *reply);

/* GET /api/health: versions of the tool, rules and database. */
bool serve_api_health(const serve_config *cfg, serve_reply *reply);

/* A JSON error body {"status": N, "error": reason, "message": message}.
 * Returns false when out of memory. */
bool serve_error_reply(unsigned status, const char *message, serve_reply *reply);

/* This thread's scratch for cfg->engine, created on first use; NULL when it
 * cannot be created. Thread-safe. */
mh_scratch *serve_scratch(const mh_engine *engine);

/* Free every scratch serve_scratch made. Call only once no worker runs. */
void serve_scratch_free_all(void);

/* The embedded asset named name (e.g. "app.css"), or NULL. */
const serve_asset *serve_asset_find(const char *name);

#endif
