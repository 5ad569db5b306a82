/* masthead.h — the one public header of libmasthead.
 *
 * masthead tells who published an article, who owns them, whether they are
 * state media and how raters judge them, with the evidence for each claim.
 *
 * Shape of the API
 * ----------------
 *   mh_engine   rules + source database, opened once, immutable afterwards and
 *               shared read-only by any number of threads.
 *   mh_scratch  per-thread working memory (regex match data, database
 *               statements, buffers). One scratch must never be used by two
 *               threads at once; create one per worker thread.
 *   mh_annotate one document in, one annotation (a jansson object) out.
 *
 * Ownership rules (stated once, followed everywhere)
 * ---------------------------------------------------
 *   - Functions named *_open / *_create return objects the caller frees with
 *     the matching *_close / *_free. Every *_free(NULL) is a no-op.
 *   - A `json_t **out` parameter receives a new reference the caller owns
 *     (json_decref when done). Borrowed pointers (const char * in structs)
 *     must stay valid only for the duration of the call.
 *   - The library never prints, never exits and never reads the environment:
 *     diagnostics reach the caller through mh_diag callbacks.
 *
 * Status codes
 * ------------
 *   Every fallible function returns mh_status (MH_OK == 0); mh_strerror()
 *   gives its text. Results come back through out-parameters, which are left
 *   untouched (or set to NULL) on failure.
 */
#ifndef MASTHEAD_H
#define MASTHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MH_VERSION "0.1.0"
/* Version of the JSON annotation schema (docs/annotation.schema.json). */
#define MH_SCHEMA_VERSION "1.0"

typedef enum mh_status {
    MH_OK = 0,
    MH_ERR_NOMEM,      /* an allocation failed */
    MH_ERR_IO,         /* a file could not be read or written */
    MH_ERR_INPUT,      /* the input document or record is unusable */
    MH_ERR_RULES,      /* a rule file is missing or invalid */
    MH_ERR_DB,         /* the database is missing, unreadable or corrupt */
    MH_ERR_DB_VERSION, /* the database has another schema version */
    MH_ERR_DATA,       /* the source-database text data is invalid */
    MH_ERR_LIMIT,      /* a configured limit was reached */
    MH_ERR_ARG,        /* a caller passed an invalid argument */
    MH_ERR_INTERNAL    /* a library call failed unexpectedly */
} mh_status;

/* Text of a status code; never NULL, static storage. */
const char *mh_strerror(mh_status status);

/* Version of the library (MH_VERSION of the build). */
const char *mh_version(void);

/* Diagnostics: one call per problem, with file, line and column when known
 * (0 when not). Loaders report every problem they find, not just the first. */
typedef void (*mh_diag_fn)(void *userdata, const char *file, unsigned line, unsigned col,
                           const char *message);

/* Route the allocations of jansson, SQLite, libxml2 and Hyperscan through
 * masthead's allocator, so that an allocation failure anywhere becomes
 * MH_ERR_NOMEM (never a silently incomplete annotation). These libraries
 * keep their allocators in global state: call this once, from the main
 * thread, before any other call of masthead or of those libraries. The
 * library never calls it on its own. It also turns off SQLite's memory
 * statistics, whose global mutex costs threads annotating side by side
 * several percent of their time. */
mh_status mh_install_allocators(void);

/* Allocations through masthead's allocator that returned NULL on the
 * calling thread so far. With mh_install_allocators this counts jansson's
 * too: compare it around json_dumps, which (jansson 2.14) can drop a key
 * and still return a string when an allocation fails inside it. */
unsigned long mh_alloc_failures(void);

/* ------------------------------------------------------------------ limits */

/* Limits on one document. Zero means "the default" (see docs/limits.md and
 * mh_limits_default). A document that reaches a limit still gets an
 * annotation, marked partial with the limit it reached. */
typedef struct mh_limits {
    size_t max_doc_bytes;    /* text beyond this is not scanned */
    size_t max_markers;      /* markers kept per document */
    unsigned max_html_depth; /* HTML elements nested deeper are flattened */
    uint32_t match_limit;    /* PCRE2 match limit per regex call */
    uint32_t depth_limit;    /* PCRE2 depth limit per regex call */
    uint32_t heap_limit_kib; /* PCRE2 heap limit per regex call */
    uint64_t budget_steps;   /* per-document work budget, in regex calls */
} mh_limits;

/* Fill *limits with the defaults. */
void mh_limits_default(mh_limits *limits);

/* ------------------------------------------------------------------ engine */

typedef struct mh_engine mh_engine;

typedef struct mh_engine_options {
    const char *db_path;   /* compiled source database (required) */
    const char *rules_dir; /* directory of *.rules files (required) */
    mh_diag_fn diag;       /* receives every rule/database problem; may be NULL */
    void *diag_userdata;
} mh_engine_options;

/* Open rules and database. On failure returns MH_ERR_RULES, MH_ERR_DB,
 * MH_ERR_DB_VERSION or MH_ERR_NOMEM, reports details through options->diag,
 * and sets *out to NULL. The engine is immutable and thread-safe. */
mh_status mh_engine_open(const mh_engine_options *options, mh_engine **out);
void mh_engine_close(mh_engine *engine);

/* Versions of the loaded parts (borrowed, valid while the engine lives). */
const char *mh_engine_rules_version(const mh_engine *engine);
const char *mh_engine_db_version(const mh_engine *engine);
const char *mh_engine_db_built(const mh_engine *engine);
size_t mh_engine_rule_count(const mh_engine *engine);

/* Run every rule's examples (must-match with expected captures, must-not-match).
 * Each failure is reported through diag with the rule file and line.
 * Sets *failures to the number of failing examples; *total to the number run. */
mh_status mh_engine_check_examples(const mh_engine *engine, mh_diag_fn diag, void *userdata,
                                   size_t *failures, size_t *total);

/* ------------------------------------------------------------------ scratch */

typedef struct mh_scratch mh_scratch;

/* Per-thread scratch for one engine. NULL engine is MH_ERR_ARG. */
mh_status mh_scratch_create(const mh_engine *engine, mh_scratch **out);
void mh_scratch_free(mh_scratch *scratch);

/* ---------------------------------------------------------------- annotate */

typedef enum mh_doctype {
    MH_DOC_AUTO = 0, /* detect HTML by its leading markup */
    MH_DOC_TEXT,
    MH_DOC_HTML
} mh_doctype;

/* One document. All pointers are borrowed for the duration of the call. */
typedef struct mh_document {
    const char *data; /* the input bytes (need not be NUL-terminated) */
    size_t len;
    mh_doctype type;
    const char *url;   /* the article's URL given apart from the text, or NULL */
    const char *date;  /* YYYY-MM-DD to annotate as of, or NULL */
    const char *field; /* JSONL field the data came from (evidence.field), or NULL */
    size_t full_len;   /* original size when `data` was cut to a cap; 0 if whole */
    bool valid_utf8;   /* the caller vouches: valid UTF-8 without NUL bytes (a
                        * decoded JSON string is), so it is not checked again */
} mh_document;

/* Which state-media classes flag an article (publisher and origins). */
typedef struct mh_policy {
    const char *name;         /* shown in the flag's reason, e.g. "captured-or-controlled" */
    const char *const *codes; /* NULL-terminated list of typology codes */
} mh_policy;

/* The default policy: SC, CaPu, CaPr (the State Media Monitor's captured or
 * controlled group). */
const mh_policy *mh_policy_default(void);

typedef struct mh_annotate_options {
    const mh_policy *policy; /* NULL: mh_policy_default() */
    mh_limits limits;        /* zeros: defaults */
    const char *today;       /* YYYY-MM-DD used when the document has no date; NULL: the clock */
    bool generic_only;       /* disable outlet-specific rules (what generic mechanisms find) */
} mh_annotate_options;

/* Annotate one document. On success *out is a new JSON object following
 * docs/annotation.schema.json (the caller owns it). A document that reached
 * a limit is still MH_OK, with "partial" set in the annotation. Returns
 * MH_ERR_NOMEM or MH_ERR_ARG on failure, with *out NULL. */
mh_status mh_annotate(mh_scratch *scratch, const mh_document *doc,
                      const mh_annotate_options *options, json_t **out);

/* ----------------------------------------------------------------- enrich */

/* Annotating JSON Lines records: the record's bytes are copied through
 * untouched and the annotation spliced in under `key` before its final
 * brace; a line that is not a JSON object, or already holds the key,
 * becomes an error record (docs/enrich.md). One record in, one line out. */

typedef enum mh_output_format { MH_OUT_JSONL = 0, MH_OUT_TSV } mh_output_format;

typedef struct mh_enrich_options {
    const char *text_field; /* dotted path of the article text ("text"); NULL: none */
    const char *html_field; /* dotted path of the article HTML; NULL: none */
    const char *url_field;  /* dotted path of the URL ("url"); NULL: none */
    const char *date_field; /* dotted path of the date; NULL: none */
    const char *id_field;   /* dotted path of a record id, shown in TSV and errors */
    const char *key;        /* annotation key; NULL: "masthead" */
    const char *fields;     /* comma-separated annotation paths to keep
                             * ("publisher.id,flagged"); NULL: the whole annotation */
    mh_output_format format;
    size_t max_echo_bytes; /* bytes of a bad line copied into its error record; 0: 4096 */
    mh_annotate_options annotate;
} mh_enrich_options;

typedef struct mh_enricher mh_enricher;

/* Compile the options (paths split, key checked). The enricher is read-only
 * afterwards and shared by threads. MH_ERR_ARG names no field here: an
 * invalid path or field list is a usage error. */
mh_status mh_enricher_create(const mh_enrich_options *options, mh_enricher **out);
void mh_enricher_free(mh_enricher *enricher);

/* The TSV header line (with its newline), static for the enricher's life. */
const char *mh_enricher_tsv_header(const mh_enricher *enricher);

/* Where a record came from, for error records. */
typedef struct mh_record_info {
    uint64_t line_no;   /* 1-based line number in its input */
    uint64_t offset;    /* byte offset of the line in its input */
    uint64_t full_len;  /* the line's length when it was cut to a cap; 0 if whole */
    const char *source; /* input name (file path), or NULL */
} mh_record_info;

/* What happened to a record. */
typedef struct mh_record_outcome {
    bool error; /* an error record was written */
    bool flagged;
    bool publisher_known;
    bool partial;     /* annotated, but a limit was reached */
    char reason[128]; /* for error records */
} mh_record_outcome;

/* A growable output buffer the library appends to; free with mh_text_free. */
typedef struct mh_text {
    char *data;
    size_t len, cap;
} mh_text;
void mh_text_free(mh_text *text);
/* Append n bytes of data to t, growing it (room for a terminating NUL kept,
 * not written). MH_ERR_NOMEM with t unchanged. */
mh_status mh_text_add(mh_text *t, const void *data, size_t n);

/* Append exactly one output line for one input line (without its newline)
 * to out. MH_OK for annotated and error records alike; MH_ERR_NOMEM or
 * MH_ERR_LIMIT only when memory ran out, with out unchanged. */
mh_status mh_enrich_record(mh_scratch *scratch, const mh_enricher *enricher, const char *line,
                           size_t len, const mh_record_info *info, mh_text *out,
                           mh_record_outcome *outcome);

/* Over-size records. A line too long to hold is scanned as a stream: create
 * a record stream, feed it the line's bytes in chunks of any size, finish
 * it, then enrich it (on any thread, once the stream is handed over). The
 * stream keeps a bounded amount of the line whatever its length: the
 * document field (text or HTML) decoded up to min(cap, the document limit)
 * bytes, the other fields up to 64 KiB each, the first bytes for an error
 * record's echo, and a running SHA-256 of the whole line. The record's own
 * bytes are the caller's to keep (a temporary file, or the input re-read):
 * mh_enrich_streamed appends only the annotation member, and mh_splice says
 * where the caller copies the record's bytes around it. The verdict is the
 * one mh_enrich_record gives the whole line in memory (with a document
 * limit of min(cap, the document limit)): a cut document is annotated as
 * partial ("input-size"), its URL and other fields still used; an invalid
 * line or one holding the key becomes the same error record. */
typedef struct mh_record_stream mh_record_stream;

/* Where the record's bytes go around what mh_enrich_streamed appended. */
typedef struct mh_splice {
    bool active;  /* false: out holds the whole output line (an error
                   * record, a TSV row); nothing to copy */
    uint64_t at;  /* the record's bytes [0, at) go before the member, the
                   * rest of the line after it */
    size_t start; /* the member is out->data[start, end), followed in out
                   * by the line's newline */
    size_t end;
} mh_splice;

/* Start streaming one line for enricher (borrowed until the stream is
 * freed). first_line: the line opens its input (a byte order mark is
 * skipped). Returns MH_ERR_ARG for a NULL argument or cap 0, MH_ERR_NOMEM. */
mh_status mh_record_stream_create(const mh_enricher *enricher, size_t cap, bool first_line,
                                  mh_record_stream **out);
/* The next n bytes of the line (no newline; not kept after the call). An
 * invalid line is not a failure here: it becomes an error record when
 * enriched. MH_ERR_ARG for NULL or a finished stream. */
mh_status mh_record_stream_feed(mh_record_stream *stream, const char *chunk, size_t n);
/* The line has ended. MH_ERR_ARG for NULL; calling it again is a no-op. */
mh_status mh_record_stream_finish(mh_record_stream *stream);
void mh_record_stream_free(mh_record_stream *stream);

/* Append the output of a finished stream to out, as mh_enrich_record does
 * for a line in memory, except that an annotated JSONL record gets only its
 * member ([,]"key":{...}) and a newline, with *splice active. MH_ERR_ARG
 * for a stream not finished or made for another enricher; MH_ERR_NOMEM
 * with out unchanged. */
mh_status mh_enrich_streamed(mh_scratch *scratch, const mh_enricher *enricher,
                             const mh_record_stream *stream, const mh_record_info *info,
                             mh_text *out, mh_record_outcome *outcome, mh_splice *splice);

/* mh_enrich_record for a caller that keeps the line's bytes until it writes
 * the output (a batch writer with writev): an annotated JSONL record gets
 * only its member ([,]"key":{...}) and a newline appended, with *splice
 * saying where line[0, at) and line[at, len) go, as mh_enrich_streamed
 * does; the record is not copied into out. An error record or a TSV row is
 * appended whole, with splice inactive. MH_ERR_ARG without splice. */
mh_status mh_enrich_line_spliced(mh_scratch *scratch, const mh_enricher *enricher, const char *line,
                                 size_t len, const mh_record_info *info, mh_text *out,
                                 mh_record_outcome *outcome, mh_splice *splice);

/* The annotation of doc (what mh_annotate gives) appended to out as compact
 * JSON text, the bytes json_dumps(tree, JSON_COMPACT | JSON_REAL_PRECISION(10))
 * would write, without building the tree: the fast way to write
 * annotations. outcome (may be NULL) says whether it is flagged, names a
 * publisher, was cut by a limit. MH_ERR_NOMEM or MH_ERR_ARG on failure, with
 * out unchanged. */
mh_status mh_annotate_json(mh_scratch *scratch, const mh_document *doc,
                           const mh_annotate_options *options, mh_text *out,
                           mh_record_outcome *outcome);

/* Append the TSV row of an annotation (as `masthead enrich --format tsv`
 * writes it) for a record with the given id (or NULL). An annotation that
 * is not an object (or NULL) gives the row of an empty one. */
mh_status mh_annotation_tsv_row(const mh_enricher *enricher, const mh_record_info *info,
                                const char *id, json_t *annotation, mh_text *out);

/* --------------------------------------------------------------- database */

/* Compile the text data under src_dir (sources-db/) into the SQLite file
 * out_path. Every problem is reported through diag as file:line; returns
 * MH_ERR_DATA when there was any (the output file is then not written). */
mh_status mh_db_build(const char *src_dir, const char *out_path, mh_diag_fn diag, void *userdata);

/* Validate the text data under src_dir without writing a database. */
mh_status mh_db_check(const char *src_dir, mh_diag_fn diag, void *userdata);

/* Counts of the compiled database as a JSON object (caller owns *out). */
mh_status mh_db_stats(const mh_engine *engine, json_t **out);

/* Look up a domain, URL or name; *out is a JSON array of full entity records
 * with citations, owners, state media and ratings (caller owns it). A date
 * (YYYY-MM-DD or NULL for today) selects the facts in force. */
mh_status mh_db_lookup(mh_scratch *scratch, const char *query, const char *date, json_t **out);

/* Full-text search over names and aliases; *out is a JSON array of
 * {id, name, kind, country, matched} (caller owns it). */
mh_status mh_db_search(mh_scratch *scratch, const char *text, size_t max_results, json_t **out);

/* Check the opened database: SQLite's quick check of the file, then every
 * entity record stored at build time against the record built from the
 * facts (as of date, NULL for today). One diag per problem; *checked counts
 * the records compared. MH_ERR_DATA when there was any problem. */
mh_status mh_db_verify(mh_scratch *scratch, const char *date, mh_diag_fn diag, void *userdata,
                       size_t *checked);

/* Every entity as one JSON line (full record as of today) to out.
 * Returns MH_ERR_IO when writing fails. */
mh_status mh_db_export(mh_scratch *scratch, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* MASTHEAD_H */
