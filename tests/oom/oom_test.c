/* oom_test.c — fail each allocation in turn and prove every failure path
 * returns an error, leaves nothing behind and poisons no cache.
 *
 * Usage: oom-test [--quick] DB RULES_DIR [FILE...]
 * (--quick skips the engine-open sweep, for valgrind's pace)
 *
 * The allocators of jansson, SQLite, libxml2 and Hyperscan are routed
 * through masthead's wrapper first (mh_install_allocators), so their
 * allocations fail too. For each step:
 *   - annotating a small text, a small HTML page, a UTF-16 text and a
 *     windows-1251 page, and enriching a record in memory and streamed:
 *     every allocation n = 1, 2, ... until one run makes fewer than n;
 *     a run whose injected failure fired must return MH_ERR_NOMEM and no
 *     output, and the next clean run must give the baseline byte for byte;
 *   - each FILE (text or HTML) the same way;
 *   - opening the engine and a scratch: every allocation in turn, but
 *     those inside pcre2_jit_compile (docs/library-failures.md).
 * Leaks are found by the process that runs this (LeakSanitizer in the ASan
 * build, valgrind in `make valgrind`). Ends with "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "engine.h"
#include "masthead.h"

static unsigned long passed, failed;

#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static const char text_doc[] =
    "MOSCOW (Reuters) - The ministry said on Tuesday it would respond.\n"
    "Photo: Sergei Ivanov/AFP via Getty Images\n"
    "Read more at https://www.rt.com/news/12345-example/ and follow @RT_com.\n"
    "Copyright 2022 The Associated Press. All rights reserved.\n"
    "© Autonomous Nonprofit Organization \"TV-Novosti\", 2005–2022\n";

static const char html_doc[] =
    "<!doctype html><html><head><title>Example</title>"
    "<link rel=\"canonical\" href=\"https://www.theguardian.com/world/2022/jan/01/x\">"
    "<meta property=\"og:site_name\" content=\"the Guardian\">"
    "<meta property=\"article:published_time\" content=\"2022-01-01T10:00:00Z\">"
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"publisher\":"
    "{\"@type\":\"Organization\",\"name\":\"The Guardian\"}}</script></head>"
    "<body><p>LONDON (AP) &mdash; Officials said.</p><div><p>Text &amp; more "
    "<a href=\"https://sputniknews.com/x\">link</a></p></div>"
    "<footer>© 2022 Guardian News &amp; Media Limited</footer></body></html>";

static const char jsonl_line[] =
    "{\"id\":7,\"url\":\"https://www.rt.com/news/1/\",\"date\":\"2022-03-01\","
    "\"text\":\"MOSCOW (Sputnik) - Officials said. \\u00a9 RIA Novosti 2022\",\"n\":1.50}";

/* One operation under test: returns its status and, on success, its output
 * as a string in *out (caller frees). */
typedef mh_status (*op_fn)(mh_scratch *scratch, const void *ctx, char **out);

static mh_status annotate_doc(mh_scratch *scratch, const mh_document *doc, char **out)
{
    mh_annotate_options opts;
    memset(&opts, 0, sizeof opts);
    opts.today = "2024-01-01";
    json_t *ann = NULL;
    mh_status st = mh_annotate(scratch, doc, &opts, &ann);
    if (st != MH_OK) {
        if (ann)
            return MH_ERR_INTERNAL; /* an error must leave no output */
        return st;
    }
    /* The dump allocates too. jansson 2.14 can swallow a failure there
       and return invalid JSON (a key dropped), so the failure count of
       this thread decides, as it does in the CLI. */
    unsigned long before = mh_alloc_failures();
    *out = json_dumps(ann, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(ann);
    if (*out && mh_alloc_failures() != before) {
        mh_free(*out);
        *out = NULL;
    }
    return *out ? MH_OK : MH_ERR_NOMEM;
}

static mh_status op_text(mh_scratch *scratch, const void *ctx, char **out)
{
    (void)ctx;
    mh_document doc = {.data = text_doc, .len = sizeof text_doc - 1, .type = MH_DOC_TEXT};
    return annotate_doc(scratch, &doc, out);
}

static mh_status op_html(mh_scratch *scratch, const void *ctx, char **out)
{
    (void)ctx;
    mh_document doc = {.data = html_doc,
                       .len = sizeof html_doc - 1,
                       .type = MH_DOC_AUTO,
                       .url = "https://www.theguardian.com/world/2022/jan/01/x?utm_source=x"};
    return annotate_doc(scratch, &doc, out);
}

/* The same with the engine's caches dropped first: every record read from
 * the database and every memo filled again, under each failure. */
static mh_status op_text_cold(mh_scratch *scratch, const void *ctx, char **out)
{
    mh_engine_clear_caches(scratch->eng);
    return op_text(scratch, ctx, out);
}

static mh_status op_html_cold(mh_scratch *scratch, const void *ctx, char **out)
{
    mh_engine_clear_caches(scratch->eng);
    return op_html(scratch, ctx, out);
}

static mh_status op_enrich(mh_scratch *scratch, const void *ctx, char **out)
{
    const mh_enricher *enricher = ctx;
    mh_text text = {0};
    mh_record_info info = {.line_no = 1};
    mh_record_outcome outcome;
    mh_status st = mh_enrich_record(scratch, enricher, jsonl_line, sizeof jsonl_line - 1, &info,
                                    &text, &outcome);
    if (st != MH_OK) {
        mh_text_free(&text);
        return st;
    }
    *out = mh_strndup(text.data, text.len);
    mh_text_free(&text);
    return *out ? MH_OK : MH_ERR_NOMEM;
}

typedef struct file_doc {
    char *data;
    size_t len;
} file_doc;

static mh_status op_file(mh_scratch *scratch, const void *ctx, char **out)
{
    const file_doc *f = ctx;
    mh_document doc = {.data = f->data, .len = f->len, .type = MH_DOC_AUTO};
    return annotate_doc(scratch, &doc, out);
}

/* Read a whole file with plain malloc: it is input, not under test. */
static int read_file(const char *path, file_doc *f)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    f->data = NULL;
    f->len = 0;
    size_t cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (f->len + n > cap) {
            cap = (f->len + n) * 2;
            char *p = realloc(f->data, cap);
            if (!p) {
                free(f->data);
                fclose(fp);
                return -1;
            }
            f->data = p;
        }
        memcpy(f->data + f->len, chunk, n);
        f->len += n;
    }
    fclose(fp);
    return 0;
}

/* A UTF-16 document behind its byte order mark, and a windows-1251 page
 * that says so: the charset decoders' failure paths. */
static mh_status op_utf16(mh_scratch *scratch, const void *ctx, char **out)
{
    (void)ctx;
    static const char u16[] = "\xff\xfe"
                              "C\0o\0p\0y\0r\0i\0g\0h\0t\0 \0"
                              "2\0"
                              "0\0"
                              "2\0"
                              "2\0"
                              " \0R\0e\0u\0t\0e\0r\0s\0\n\0";
    mh_document doc = {.data = u16, .len = sizeof u16 - 1, .type = MH_DOC_AUTO};
    return annotate_doc(scratch, &doc, out);
}

static mh_status op_cp1251(mh_scratch *scratch, const void *ctx, char **out)
{
    (void)ctx;
    static const char page[] = "<html><head><meta charset=\"windows-1251\"></head><body>"
                               "<footer>\xa9 2022 \xd2\xc0\xd1\xd1</footer></body></html>";
    mh_document doc = {.data = page, .len = sizeof page - 1, .type = MH_DOC_AUTO};
    return annotate_doc(scratch, &doc, out);
}

/* The output line a splice stands for: the record's bytes around the member,
 * as the CLI's writer puts them (or the text alone, splice inactive). */
static mh_status spliced_line(const mh_splice *splice, const mh_text *text, char **out)
{
    size_t rec = sizeof jsonl_line - 1;
    size_t at = splice->active ? (size_t)splice->at : 0;
    size_t n = splice->active ? rec + text->len : text->len;
    *out = mh_malloc(n + 1);
    if (!*out)
        return MH_ERR_NOMEM;
    if (splice->active) {
        memcpy(*out, jsonl_line, at);
        memcpy(*out + at, text->data + splice->start, splice->end - splice->start);
        memcpy(*out + at + splice->end - splice->start, jsonl_line + at, rec - at);
        memcpy(*out + rec + splice->end - splice->start, text->data + splice->end,
               text->len - splice->end);
        n = rec + text->len - splice->start;
    } else {
        memcpy(*out, text->data, text->len);
    }
    (*out)[n] = '\0';
    return MH_OK;
}

/* A line in memory whose bytes the caller writes around its member. */
static mh_status op_spliced(mh_scratch *scratch, const void *ctx, char **out)
{
    const mh_enricher *enricher = ctx;
    mh_text text = {0};
    mh_record_info info = {.line_no = 1};
    mh_record_outcome outcome;
    mh_splice splice;
    mh_status st = mh_enrich_line_spliced(scratch, enricher, jsonl_line, sizeof jsonl_line - 1,
                                          &info, &text, &outcome, &splice);
    if (st == MH_OK)
        st = spliced_line(&splice, &text, out);
    mh_text_free(&text);
    return st;
}

/* The streamed path of an over-size record: fed in small chunks with a cap
 * that cuts its text, then the member it gets appended after the record's
 * bytes, as the CLI's writer does. */
static mh_status op_stream(mh_scratch *scratch, const void *ctx, char **out)
{
    const mh_enricher *enricher = ctx;
    mh_record_stream *rs = NULL;
    mh_status st = mh_record_stream_create(enricher, 48, false, &rs);
    for (size_t i = 0; st == MH_OK && i < sizeof jsonl_line - 1; i += 16) {
        size_t n = sizeof jsonl_line - 1 - i < 16 ? sizeof jsonl_line - 1 - i : 16;
        st = mh_record_stream_feed(rs, jsonl_line + i, n);
    }
    if (st == MH_OK)
        st = mh_record_stream_finish(rs);
    mh_text text = {0};
    mh_record_info info = {.line_no = 1, .full_len = sizeof jsonl_line - 1};
    mh_record_outcome outcome;
    mh_splice splice;
    if (st == MH_OK)
        st = mh_enrich_streamed(scratch, enricher, rs, &info, &text, &outcome, &splice);
    mh_record_stream_free(rs);
    if (st == MH_OK)
        st = spliced_line(&splice, &text, out);
    mh_text_free(&text);
    return st;
}

/* Fail allocation n = 1, 2, ... of one operation until it needs fewer. */
static void sweep(const char *name, mh_scratch *scratch, op_fn op, const void *ctx)
{
    char *baseline = NULL;
    mh_alloc_fail_at(0);
    mh_status st = op(scratch, ctx, &baseline);
    EXPECT(st == MH_OK && baseline, "%s: clean run failed: %s", name, mh_strerror(st));
    if (!baseline)
        return;
    unsigned long n = 1, recovered = 0;
    for (;; n++) {
        char *out = NULL;
        if (getenv("OOM_TRACE"))
            fprintf(stderr, "%s %lu\n", name, n);
        mh_alloc_fail_at(n);
        st = op(scratch, ctx, &out);
        int fired = mh_alloc_failed();
        mh_alloc_fail_at(0);
        if (!fired) {
            EXPECT(st == MH_OK && out && strcmp(out, baseline) == 0,
                   "%s: run past the last allocation differs", name);
            mh_free(out);
            break;
        }
        /* Either the failure is reported, or (a library recovered from it
           on its own, as jansson's dump can) the output is exactly right. */
        if (st == MH_OK && out && strcmp(out, baseline) == 0)
            recovered++;
        else
            EXPECT(st == MH_ERR_NOMEM && out == NULL, "%s: allocation %lu failed, got %s%s", name,
                   n, mh_strerror(st), out ? " with wrong output" : "");
        mh_free(out);
        /* A failure must not poison the scratch's caches. */
        char *again = NULL;
        st = op(scratch, ctx, &again);
        EXPECT(st == MH_OK && again && strcmp(again, baseline) == 0,
               "%s: clean run after failing allocation %lu differs", name, n);
        mh_free(again);
    }
    printf("%-8s  %lu allocations, each failed in turn (%lu recovered inside a library)\n", name,
           n - 1, recovered);
    mh_free(baseline);
}

static void diag_quiet(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)ud, (void)file, (void)line, (void)col, (void)msg;
}

/* Open and close the engine and one scratch; returns the status. */
static mh_status open_once(const mh_engine_options *eo)
{
    mh_engine *engine = NULL;
    mh_status st = mh_engine_open(eo, &engine);
    if (st != MH_OK)
        return engine ? MH_ERR_INTERNAL : st;
    mh_scratch *scratch = NULL;
    st = mh_scratch_create(engine, &scratch);
    if (st != MH_OK && scratch)
        st = MH_ERR_INTERNAL;
    mh_scratch_free(scratch);
    mh_engine_close(engine);
    return st;
}

static void sweep_open(const mh_engine_options *eo)
{
    mh_alloc_fail_at(0);
    mh_status st = open_once(eo);
    unsigned long total = mh_alloc_fail_at(0);
    EXPECT(st == MH_OK, "engine open: clean run failed: %s", mh_strerror(st));
    unsigned long tried = 0;
    const char *from = getenv("OOM_OPEN_FROM"); /* debugging: start the sweep there */
    for (unsigned long n = from ? strtoul(from, NULL, 10) : 1; n <= total; n++) {
        if (getenv("OOM_TRACE"))
            fprintf(stderr, "open %lu\n", n);
        mh_alloc_fail_at(n);
        st = open_once(eo);
        int fired = mh_alloc_failed();
        mh_alloc_fail_at(0);
        tried++;
        /* SQLite may retry or degrade gracefully after a failed allocation
           (its page cache, its lookaside): success is allowed then, an
           error other than out-of-memory is not. */
        EXPECT(!fired || st == MH_ERR_NOMEM || st == MH_OK,
               "engine open: allocation %lu failed, got %s", n, mh_strerror(st));
    }
    printf("open      %lu allocations, %lu of them failed in turn\n", total, tried);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    if (quick) {
        argv++;
        argc--;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: oom-test [--quick] DB RULES_DIR [FILE...]\n");
        return 2;
    }
    if (mh_install_allocators() != MH_OK) {
        fprintf(stderr, "oom-test: cannot install the allocators\n");
        return 1;
    }
    mh_engine_options eo = {.db_path = argv[1], .rules_dir = argv[2], .diag = diag_quiet};

    mh_engine *engine = NULL;
    mh_scratch *scratch = NULL;
    if (mh_engine_open(&eo, &engine) != MH_OK || mh_scratch_create(engine, &scratch) != MH_OK) {
        fprintf(stderr, "oom-test: cannot open %s with %s\n", argv[1], argv[2]);
        return 1;
    }
    int files_only = getenv("OOM_FILES_ONLY") != NULL; /* debugging: skip the built-in documents */
    if (!files_only)
        sweep("text", scratch, op_text, NULL);
    if (!files_only)
        sweep("html", scratch, op_html, NULL);
    if (!files_only)
        sweep("text-cold", scratch, op_text_cold, NULL);
    if (!files_only)
        sweep("html-cold", scratch, op_html_cold, NULL);
    if (!files_only)
        sweep("utf-16", scratch, op_utf16, NULL);
    if (!files_only)
        sweep("cp1251", scratch, op_cp1251, NULL);
    for (int i = 3; i < argc; i++) {
        file_doc f;
        EXPECT(read_file(argv[i], &f) == 0, "cannot read %s", argv[i]);
        if (f.data || f.len == 0)
            sweep(argv[i], scratch, op_file, &f);
        free(f.data);
    }

    mh_enrich_options o;
    memset(&o, 0, sizeof o);
    o.text_field = "text";
    o.url_field = "url";
    o.date_field = "date";
    o.id_field = "id";
    o.annotate.today = "2024-01-01";
    mh_enricher *enricher = NULL;
    mh_status st = mh_enricher_create(&o, &enricher);
    EXPECT(st == MH_OK, "enricher: %s", mh_strerror(st));
    if (enricher) {
        sweep("enrich", scratch, op_enrich, enricher);
        sweep("stream", scratch, op_stream, enricher);
        sweep("spliced", scratch, op_spliced, enricher);
        /* the writer's splice gives the line mh_enrich_record writes */
        char *whole = NULL, *spliced = NULL;
        EXPECT(op_enrich(scratch, enricher, &whole) == MH_OK &&
                   op_spliced(scratch, enricher, &spliced) == MH_OK && whole && spliced &&
                   strcmp(whole, spliced) == 0,
               "spliced: the line differs from mh_enrich_record's");
        mh_free(whole);
        mh_free(spliced);
    }
    mh_enricher_free(enricher);
    /* the views read from the annotation: chosen fields (from its text,
       and from its tree for a path inside another) and a TSV row */
    static const char *const views[][2] = {
        {"fields", "publisher.id,publisher.state_media.code,flagged,flag.reasons"},
        {"fields-tree", "flag,flag.policy.x"},
        {"tsv", NULL}};
    for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
        char list[128];
        snprintf(list, sizeof list, "%s", views[v][1] ? views[v][1] : "");
        o.fields = views[v][1] ? list : NULL;
        o.format = views[v][1] ? MH_OUT_JSONL : MH_OUT_TSV;
        enricher = NULL;
        st = mh_enricher_create(&o, &enricher);
        EXPECT(st == MH_OK, "%s enricher: %s", views[v][0], mh_strerror(st));
        if (enricher) {
            sweep(views[v][0], scratch, op_enrich, enricher);
            char name[64];
            snprintf(name, sizeof name, "%s-spliced", views[v][0]);
            sweep(name, scratch, op_spliced, enricher);
        }
        mh_enricher_free(enricher);
    }
    mh_scratch_free(scratch);
    mh_engine_close(engine);

    if (!quick)
        sweep_open(&eo);

    printf("%lu passed, %lu failed\n", passed, failed);
    return failed ? 1 : 0;
}
