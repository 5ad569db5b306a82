/* cli_serve_api.c — the JSON API of `masthead serve`: a request body to an
 * mh_document, the annotation back as exactly the JSON `masthead annotate
 * --format json` prints; per-thread scratches; error bodies. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_serve.h"

/* ----------------------------------------------------------- scratches */

/* Every scratch made, so that shutdown can free those of threads that are
 * gone; each thread also keeps its own in thread-local storage. */
typedef struct scratch_node {
    mh_scratch *scratch;
    struct scratch_node *next;
} scratch_node;

static pthread_mutex_t scratch_lock = PTHREAD_MUTEX_INITIALIZER;
static scratch_node *scratch_list;
static _Thread_local mh_scratch *thread_scratch;

mh_scratch *serve_scratch(const mh_engine *engine)
{
    if (thread_scratch)
        return thread_scratch;
    scratch_node *node = malloc(sizeof *node);
    if (!node)
        return NULL;
    if (mh_scratch_create(engine, &node->scratch) != MH_OK) {
        free(node);
        return NULL;
    }
    pthread_mutex_lock(&scratch_lock);
    node->next = scratch_list;
    scratch_list = node;
    pthread_mutex_unlock(&scratch_lock);
    thread_scratch = node->scratch;
    return thread_scratch;
}

void serve_scratch_free_all(void)
{
    pthread_mutex_lock(&scratch_lock);
    scratch_node *node = scratch_list;
    scratch_list = NULL;
    pthread_mutex_unlock(&scratch_lock);
    while (node) {
        scratch_node *next = node->next;
        mh_scratch_free(node->scratch);
        free(node);
        node = next;
    }
}

/* -------------------------------------------------------------- replies */

static const char *reason_phrase(unsigned status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

/* Serialize obj (stolen) as the reply body, with a final newline like the
 * CLI's output, into a buffer from malloc (libmicrohttpd frees it with
 * free, whatever allocator jansson was given). Returns false when out of
 * memory. */
static bool reply_json(json_t *obj, unsigned status, serve_reply *reply)
{
    /* the flags of `masthead annotate --format json`: tests/suites/serve.sh
     * holds the two to the same bytes. An allocation failing inside the
     * dump counts too (jansson 2.14 would drop a key and go on). */
    const size_t flags = CLI_JSON_PRETTY;
    unsigned long failures = mh_alloc_failures();
    size_t n = obj ? json_dumpb(obj, NULL, 0, flags) : 0;
    char *body = n ? malloc(n + 1) : NULL;
    if (body && (json_dumpb(obj, body, n, flags) != n || mh_alloc_failures() != failures)) {
        free(body);
        body = NULL;
    }
    json_decref(obj);
    if (!body)
        return false;
    body[n] = '\n';
    reply->status = status;
    reply->body = body;
    reply->len = n + 1;
    return true;
}

bool serve_error_reply(unsigned status, const char *message, serve_reply *reply)
{
    json_t *o = json_pack("{s:I, s:s, s:s}", "status", (json_int_t)status, "error",
                          reason_phrase(status), "message", message);
    return reply_json(o, status, reply);
}

bool serve_api_health(const serve_config *cfg, serve_reply *reply)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "status", "ok", "tool", mh_version(),
                          "rules", mh_engine_rules_version(cfg->engine), "database",
                          mh_engine_db_version(cfg->engine), "database_built",
                          mh_engine_db_built(cfg->engine), "schema", MH_SCHEMA_VERSION);
    return reply_json(o, 200, reply);
}

/* ------------------------------------------------------------- annotate */

/* True for YYYY-MM-DD with a month 01..12 and a day 01..31. */
static bool valid_date(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A string member of the request, or NULL when absent or JSON null. Sets
 * *bad to a message when present with another type. */
static const char *member(json_t *req, const char *key, size_t *len, const char **bad)
{
    json_t *v = json_object_get(req, key);
    *len = 0;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = "\"text\", \"html\", \"url\" and \"date\" must be strings";
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

/* Check the request's members and fill *doc from it (borrowing its
 * strings). Returns NULL when it is usable, else what is wrong. */
static const char *read_request(json_t *req, mh_document *doc)
{
    static const char *const known[] = {"text", "html", "url", "date"};
    const char *key;
    json_t *value;
    json_object_foreach (req, key, value) {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            ok = ok || strcmp(key, known[i]) == 0;
        if (!ok)
            return "unknown member in the request: only \"text\", \"html\", \"url\" and \"date\" "
                   "are read";
    }
    const char *bad = NULL;
    size_t text_len, html_len, url_len, date_len;
    const char *text = member(req, "text", &text_len, &bad);
    const char *html = member(req, "html", &html_len, &bad);
    const char *url = member(req, "url", &url_len, &bad);
    const char *date = member(req, "date", &date_len, &bad);
    if (bad)
        return bad;
    if (text && html)
        return "give either \"text\" or \"html\", not both";
    if (!text && !html && !url)
        return "missing \"text\", \"html\" or \"url\": there is nothing to annotate";
    if (url && (url_len == 0 || url_len > SERVE_URL_CAP || strlen(url) != url_len))
        return "\"url\" must be a non-empty URL of at most 8192 bytes";
    if (date && !valid_date(date, date_len))
        return "\"date\" must be YYYY-MM-DD";
    memset(doc, 0, sizeof *doc);
    doc->data = html ? html : text ? text : "";
    doc->len = html ? html_len : text_len;
    doc->type = html ? MH_DOC_HTML : MH_DOC_TEXT;
    doc->url = url;
    doc->date = date;
    return NULL;
}

bool serve_api_annotate(const serve_config *cfg, const char *body, size_t len, serve_reply *reply)
{
    json_error_t jerr;
    json_t *req = json_loadb(body, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
    if (!req) {
        char msg[JSON_ERROR_TEXT_LENGTH + 64];
        snprintf(msg, sizeof msg, "malformed JSON at byte %d: %s", jerr.position, jerr.text);
        return serve_error_reply(400, msg, reply);
    }
    bool ok;
    mh_document doc;
    const char *problem =
        json_is_object(req) ? read_request(req, &doc) : "the request must be a JSON object";
    if (problem) {
        ok = serve_error_reply(400, problem, reply);
        goto out;
    }
    mh_scratch *scratch = serve_scratch(cfg->engine);
    if (!scratch) {
        ok = serve_error_reply(500, "cannot create the working memory for this thread", reply);
        goto out;
    }
    mh_annotate_options opts;
    memset(&opts, 0, sizeof opts);
    opts.limits = cfg->limits;
    json_t *ann = NULL;
    mh_status st = mh_annotate(scratch, &doc, &opts, &ann);
    if (st != MH_OK) {
        char msg[128];
        snprintf(msg, sizeof msg, "annotation failed: %s", mh_strerror(st));
        ok = serve_error_reply(st == MH_ERR_ARG || st == MH_ERR_INPUT ? 400 : 500, msg, reply);
        goto out;
    }
    ok = reply_json(ann, 200, reply);
out:
    json_decref(req);
    return ok;
}
