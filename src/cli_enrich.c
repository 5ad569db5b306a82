/* cli_enrich.c — `masthead enrich`: JSON Lines in, JSON Lines (or TSV) out,
 * one output line per input line, in order, with -j worker threads.
 *
 * Pipeline: a reader thread cuts the inputs into batches of lines; worker
 * threads annotate whole batches (each with its own scratch); the main
 * thread writes batches in sequence order. A fixed ring of batch slots
 * bounds memory: the reader waits for a free slot, so a slow writer or a
 * slow worker slows the reader instead of filling memory.
 *
 * A line longer than --max-record is never held. The reader scans it as it
 * reads (mh_record_stream: the document field cut at the cap, the URL and
 * the other fields whole) and leaves its bytes in a spool (cli_spool.c: the
 * input file itself, or a temporary file); it then travels in a batch of
 * its own. The worker annotates it like any record, getting back only the
 * annotation member; the writer copies the record's bytes from the spool
 * around it (mh_splice). So memory stays near the cap per batch slot
 * whatever a line's length, and order and counts are those of any record. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli.h"
#include "cli_files.h"
#include "cli_gather.h"
#include "cli_input.h"
#include "cli_prealloc.h"
#include "cli_spool.h"
#include "cli_text.h"

/* A batch's input bytes: small enough that the ring (2 jobs + 2 slots, each
 * with its input and its output, about 1.5 times bigger) stays a few MB,
 * large enough (about 40 news records) that handing batches over costs
 * little: each hand-over wakes a thread, often on the other core, and at
 * -j2 half as many batches of 512 KiB as of 256 KiB took 3-5% less wall
 * time (and 2.5% less CPU) for 2.6 MB more peak RSS; 1 MiB gained little
 * more for another 5 MB. */
#define BATCH_BYTES        (1u << 19)
#define BATCH_RECORDS      512u
#define DEFAULT_MAX_RECORD (64u * 1024u * 1024u)
/* Chunk in which the writer copies an over-size record from its spool. */
#define COPY_CHUNK (1u << 20)

static const char usage[] =
    "Usage: masthead enrich [options] [FILE...]\n"
    "       masthead enrich --files DIR [options]\n"
    "\n"
    "Annotate JSON Lines records (files or stdin; gzip and zstd are read directly).\n"
    "Every input line yields exactly one output line, in order: the record with its\n"
    "annotation added under the key (default \"masthead\"), or an error record.\n"
    "\n"
    "Options:\n"
    "      --text-field PATH   field holding the article text (default: text)\n"
    "      --html-field PATH   field holding the article HTML (used before the text)\n"
    "      --url-field PATH    field holding the article URL (default: url)\n"
    "      --date-field PATH   field holding the article date (YYYY-MM-DD...)\n"
    "      --id-field PATH     field holding a record id (TSV output, error records)\n"
    "      --key NAME          annotation key (default: masthead)\n"
    "      --fields LIST       keep only these annotation fields, e.g.\n"
    "                          publisher.id,publisher.state_media.code,flagged\n"
    "  -f, --format FORMAT     jsonl (default) | tsv\n"
    "      --files DIR         annotate a directory tree of text/HTML files into JSONL\n"
    "      --only-flagged      keep only flagged records (and error records)\n"
    "      --policy CODES      state-media classes that flag (default SC,CaPu,CaPr)\n"
    "      --exit-flagged      exit with status 1 when any record is flagged\n"
    "  -j, --jobs N            worker threads (default: the number of cores)\n"
    "      --max-record BYTES  bytes of a record held in memory (default 64 MiB); a\n"
    "                          longer line is streamed: its text cut there and\n"
    "                          annotated as partial, its URL and fields still used\n"
    "      --max-bytes N       bytes of a document scanned (default 16 MiB)\n" LIMIT_HELP_TEXT
    "      --stats FILE        write the summary as JSON to FILE\n"
    "      --no-preallocate    do not reserve an output file's blocks ahead of the\n"
    "                          writes (given back at the end; a killed run leaves up\n"
    "                          to 16 MiB reserved past the end of its output)\n"
    "      --progress / --no-progress   progress line on stderr (default: when a terminal)\n"
    "  -q, --quiet             no summary on stderr\n"
    "      --db FILE, --rules DIR\n"
    "  -h, --help\n"
    "\n" EXIT_TABLE_TEXT;

typedef struct record {
    size_t off, len; /* in the batch's data */
    size_t path_off; /* --files: the path, NUL-terminated, in data */
    uint64_t line_no, offset, full_len;
    int source; /* index into the input names */
    int is_file;
    int html;             /* --files: detected by extension */
    mh_record_stream *rs; /* over-size: its scan (freed by the worker) */
    cli_spool *spool;     /* over-size: its bytes (freed by the writer) */
    mh_splice splice;     /* over-size: where the writer puts them */
} record;

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

typedef struct batch {
    char *data;
    size_t len, cap;
    record *recs;
    size_t n, rcap;
    mh_text out;
    uint64_t seq;
    int state;
    /* counts for the summary */
    uint64_t annotated, unknown, flagged, errors, filtered, partial, bytes;
    mh_status fail;
} batch;

typedef struct shared {
    pthread_mutex_t mu;
    /* one condition per kind of waiter, so that a change wakes only those
     * it concerns: the reader waits for a free slot, the workers for a
     * ready batch, the writer for the next batch done (all three for stop) */
    pthread_cond_t slot_free, batch_ready, batch_done;
    batch *ring;
    size_t nslots;
    uint64_t next_fill, next_work, next_write;
    int reader_done;
    uint64_t total_batches;
    /* configuration */
    const mh_engine *eng;
    const mh_enricher *enr;
    mh_enrich_options eo;
    int only_flagged;
    size_t max_record;
    char **inputs;
    int ninputs;
    const char *files_dir;
    uint64_t files_added; /* --files: the reader's count, each file's number */
    /* reader results */
    int input_errors;
    atomic_ullong raw_read, raw_total;
    int stop;
} shared;

/* Free what over-size records of a batch still hold. */
static void batch_release(batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        mh_record_stream_free(b->recs[i].rs);
        b->recs[i].rs = NULL;
        cli_spool_free(b->recs[i].spool);
        b->recs[i].spool = NULL;
    }
}

static int batch_reserve_record(batch *b)
{
    if (b->n == b->rcap) {
        size_t rc = b->rcap ? b->rcap * 2 : BATCH_RECORDS;
        record *r = realloc(b->recs, rc * sizeof *r);
        if (!r)
            return -1;
        b->recs = r;
        b->rcap = rc;
    }
    return 0;
}

static int batch_reserve(batch *b, size_t bytes)
{
    if (b->len + bytes + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : BATCH_BYTES;
        while (cap < b->len + bytes + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    return batch_reserve_record(b);
}

/* Wait for the next slot to be free; returns it (locked section inside). */
static batch *claim_fill_slot(shared *s)
{
    pthread_mutex_lock(&s->mu);
    batch *b = &s->ring[s->next_fill % s->nslots];
    while (b->state != SLOT_FREE && !s->stop)
        pthread_cond_wait(&s->slot_free, &s->mu);
    pthread_mutex_unlock(&s->mu);
    if (s->stop)
        return NULL;
    b->len = b->n = 0;
    b->out.len = 0;
    b->annotated = b->unknown = b->flagged = b->errors = b->filtered = b->partial = b->bytes = 0;
    b->fail = MH_OK;
    b->seq = s->next_fill;
    return b;
}

/* Wake every waiter (to see stop); called with s->mu held. */
static void wake_all(shared *s)
{
    pthread_cond_broadcast(&s->slot_free);
    pthread_cond_broadcast(&s->batch_ready);
    pthread_cond_broadcast(&s->batch_done);
}

static void publish_slot(shared *s, batch *b)
{
    pthread_mutex_lock(&s->mu);
    b->state = SLOT_READY;
    s->next_fill++;
    pthread_cond_signal(&s->batch_ready);
    pthread_mutex_unlock(&s->mu);
}

/* JSON Lines: the batch's records point into the input's buffer, so the
 * batch takes that buffer and gives the input its own (free since its last
 * use) to go on in: the lines are never copied, only the partial line at
 * the buffer's end is. */
static int batch_take_buffer(batch *b, cli_input *in)
{
    size_t old_cap;
    char *old = cli_input_swap(in, b->data, b->cap, &old_cap);
    if (!old)
        return -1;
    b->data = old;
    b->cap = old_cap;
    return 0;
}

/* Hand the batch on; its records leave the input's buffer with it. */
static int publish_lines(shared *s, batch *b, cli_input *in, const char *name)
{
    if (batch_take_buffer(b, in) != 0) {
        fprintf(stderr, "%s: out of memory reading %s\n", cli_prog, name);
        s->stop = 1;
        batch_release(b);
        b->n = 0;
        return -1;
    }
    publish_slot(s, b);
    return 0;
}

/* An over-size line being read: the sink's state. */
typedef struct oversize {
    shared *s;
    cli_input *in;
    const cli_line *line; /* its offset is set before the first chunk */
    uint64_t line_no;
    uint64_t base_raw; /* progress: raw bytes of the inputs before this one */
    mh_record_stream *rs;
    cli_spool *spool;
    char err[200];
} oversize;

/* cli_line_sink: scan the chunk and keep it in the spool (created with the
 * stream on the first chunk: a re-read of a plain file, else a temporary
 * file). */
static const char *oversize_sink(void *ud, const char *chunk, size_t n)
{
    oversize *o = ud;
    shared *s = o->s;
    if (s->stop)
        return "stopped";
    if (!o->rs) {
        if (mh_record_stream_create(s->enr, s->max_record, o->line_no == 1, &o->rs) != MH_OK)
            return "out of memory";
        uint64_t base = 0;
        int fd = cli_input_pread_fd(o->in, &base);
        o->spool = fd >= 0 ? cli_spool_of_file(fd, base + o->line->offset, o->err, sizeof o->err)
                           : cli_spool_temp(o->err, sizeof o->err);
        if (!o->spool)
            return o->err;
    }
    if (mh_record_stream_feed(o->rs, chunk, n) != MH_OK)
        return "cannot scan an over-size record";
    const char *why = cli_spool_write(o->spool, chunk, n);
    if (why)
        return why;
    atomic_store(&s->raw_read, o->base_raw + cli_input_raw_pos(o->in));
    return NULL;
}

static void oversize_drop(oversize *o)
{
    mh_record_stream_free(o->rs);
    o->rs = NULL;
    cli_spool_free(o->spool);
    o->spool = NULL;
}

/* Reader for JSON Lines inputs. */
static void read_lines(shared *s)
{
    batch *b = NULL;
    for (int i = 0; i < s->ninputs && !s->stop; i++) {
        const char *name = s->inputs[i];
        cli_input *in = cli_input_open(name);
        if (!in || cli_input_error(in)) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, strcmp(name, "-") ? name : "stdin",
                    in ? cli_input_error(in) : "out of memory");
            s->input_errors++;
            cli_input_close(in);
            continue;
        }
        cli_input_keep_lines(in, BATCH_BYTES);
        atomic_fetch_add(&s->raw_total, cli_input_raw_size(in));
        uint64_t base_raw = atomic_load(&s->raw_read);
        uint64_t line_no = 0;
        cli_line l;
        oversize o = {.s = s, .in = in, .line = &l, .base_raw = base_raw};
        int rc = 0;
        while (!s->stop) {
            o.line_no = line_no + 1;
            rc = cli_input_line(in, s->max_record, &l, oversize_sink, &o);
            if (rc == 2) { /* the buffer is full of the batch's lines */
                if (!b && !(b = claim_fill_slot(s)))
                    break;
                if (b->n) {
                    if (publish_lines(s, b, in, name) != 0)
                        break;
                    b = NULL;
                } else if (batch_take_buffer(b, in) != 0) {
                    fprintf(stderr, "%s: out of memory reading %s\n", cli_prog, name);
                    s->stop = 1;
                    break;
                }
                continue;
            }
            if (rc != 1)
                break;
            line_no++;
            if (l.oversize && (!o.rs || mh_record_stream_finish(o.rs) != MH_OK)) {
                fprintf(stderr, "%s: cannot scan an over-size record of %s\n", cli_prog, name);
                s->stop = 1;
                break;
            }
            if (!b && !(b = claim_fill_slot(s)))
                break;
            if (batch_reserve_record(b) != 0) {
                fprintf(stderr, "%s: out of memory reading %s\n", cli_prog, name);
                s->stop = 1;
                break;
            }
            record *r = &b->recs[b->n++];
            memset(r, 0, sizeof *r);
            r->off = l.len ? (size_t)(l.data - cli_input_buffer(in)) : 0;
            r->len = l.len;
            r->line_no = line_no;
            r->offset = l.offset;
            r->source = i;
            b->bytes += l.full_len + 1;
            if (l.oversize) {
                /* the scan and the bytes travel with the record; the
                 * record travels alone, so in-flight memory stays one
                 * over-size record per batch slot */
                cli_spool_seal(o.spool, l.full_len);
                r->rs = o.rs;
                r->spool = o.spool;
                o.rs = NULL;
                o.spool = NULL;
                r->full_len = l.full_len;
            }
            atomic_store(&s->raw_read, base_raw + cli_input_raw_pos(in));
            if (b->n >= BATCH_RECORDS || l.oversize) {
                if (publish_lines(s, b, in, name) != 0)
                    break;
                b = NULL;
            }
        }
        oversize_drop(&o);
        if (rc < 0 && !s->stop) {
            fprintf(stderr, "%s: %s: %s (line %llu)\n", cli_prog,
                    strcmp(name, "-") ? name : "stdin", cli_input_error(in),
                    (unsigned long long)line_no + 1);
            s->input_errors++;
        }
        /* the input's buffer goes with its last lines (the next input reads
         * into its own) */
        if (b && b->n && publish_lines(s, b, in, name) == 0)
            b = NULL;
        atomic_store(&s->raw_read, base_raw + cli_input_raw_size(in));
        cli_input_close(in);
    }
    if (b) /* claimed but empty: give it back */
        b->state = SLOT_FREE;
}

/* Reader for --files: one record per regular file of the tree. */
static int add_file(void *ud, const char *path, const char *data, size_t len, uint64_t full_len)
{
    void **ctx = ud;
    shared *s = ctx[0];
    batch **bp = ctx[1];
    if (s->stop)
        return -1;
    if (!*bp && !(*bp = claim_fill_slot(s)))
        return -1;
    batch *b = *bp;
    size_t pl = strlen(path);
    if (batch_reserve(b, len + pl + 1) != 0)
        return -1;
    record *r = &b->recs[b->n++];
    memset(r, 0, sizeof *r);
    r->is_file = 1;
    r->off = b->len;
    r->len = len;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    r->path_off = b->len;
    memcpy(b->data + b->len, path, pl + 1);
    b->len += pl + 1;
    r->full_len = full_len > len ? full_len : 0;
    r->line_no = ++s->files_added;
    b->bytes += full_len;
    if (b->len >= BATCH_BYTES || b->n >= BATCH_RECORDS) {
        publish_slot(s, b);
        *bp = NULL;
    }
    return 0;
}

static void *reader_main(void *arg)
{
    shared *s = arg;
    if (s->files_dir) {
        batch *b = NULL;
        void *ctx[2] = {s, &b};
        if (cli_files_walk(s->files_dir, s->max_record, add_file, ctx) != 0)
            s->input_errors++;
        if (b && b->n)
            publish_slot(s, b);
        else if (b)
            b->state = SLOT_FREE;
    } else {
        read_lines(s);
    }
    pthread_mutex_lock(&s->mu);
    s->reader_done = 1;
    s->total_batches = s->next_fill;
    pthread_cond_broadcast(&s->batch_ready);
    pthread_cond_signal(&s->batch_done);
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* A JSON string of text; a byte that is not UTF-8 becomes U+FFFD (a JSON
 * string holds text only), so a record of --files always names its file.
 * NULL when out of memory. */
static char *json_text_string(const char *text)
{
    size_t n = strlen(text), w = 0;
    char *clean = malloc(n * 3 + 1);
    if (!clean)
        return NULL;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l > 0) {
            memcpy(clean + w, text + i, (size_t)l);
            w += (size_t)l;
            i += (size_t)l;
        } else {
            memcpy(clean + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        }
    }
    json_t *s = json_stringn(clean, w);
    free(clean);
    char *js = s ? cli_json_text(s, CLI_JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(s);
    return js;
}

/* --files: {"path": "...", "<key>": {...}}, the annotation written as text;
 * or its TSV row */
static mh_status annotate_file(mh_scratch *sc, shared *s, const batch *b, const record *r,
                               mh_text *out, mh_record_outcome *oc)
{
    memset(oc, 0, sizeof *oc);
    const char *path = b->data + r->path_off;
    mh_document doc = {b->data + r->off,    r->len, MH_DOC_AUTO, NULL, NULL, NULL,
                       (size_t)r->full_len, false};
    if (s->eo.format == MH_OUT_TSV) {
        json_t *ann = NULL;
        mh_status st = mh_annotate(sc, &doc, &s->eo.annotate, &ann);
        if (st != MH_OK)
            return st;
        oc->flagged = json_is_true(json_object_get(ann, "flagged"));
        oc->publisher_known = json_is_object(json_object_get(ann, "publisher"));
        oc->partial = json_is_object(json_object_get(ann, "partial"));
        mh_record_info info = {r->line_no, 0, r->full_len, path};
        st = mh_annotation_tsv_row(s->enr, &info, path, ann, out);
        json_decref(ann);
        return st;
    }
    size_t before = out->len;
    char *pj = json_text_string(path);
    char *kj = json_text_string(s->eo.key ? s->eo.key : "masthead");
    mh_status st = pj && kj ? MH_OK : MH_ERR_NOMEM;
    if (st == MH_OK)
        st = mh_text_add(out, "{\"path\":", 8);
    if (st == MH_OK)
        st = mh_text_add(out, pj, strlen(pj));
    if (st == MH_OK)
        st = mh_text_add(out, ",", 1);
    if (st == MH_OK)
        st = mh_text_add(out, kj, strlen(kj));
    if (st == MH_OK)
        st = mh_text_add(out, ":", 1);
    cli_json_free(pj);
    cli_json_free(kj);
    if (st == MH_OK)
        st = mh_annotate_json(sc, &doc, &s->eo.annotate, out, oc);
    if (st == MH_OK)
        st = mh_text_add(out, "}\n", 2);
    if (st != MH_OK)
        out->len = before;
    return st;
}

typedef struct worker {
    shared *s;
    mh_scratch *sc;
} worker;

static void process_batch(worker *w, batch *b)
{
    shared *s = w->s;
    const char *srcname = NULL;
    for (size_t i = 0; i < b->n && b->fail == MH_OK; i++) {
        record *r = &b->recs[i];
        mh_record_outcome oc;
        size_t mark = b->out.len;
        mh_status st;
        if (r->is_file) {
            st = annotate_file(w->sc, s, b, r, &b->out, &oc);
        } else if (r->rs) {
            /* over-size: its bytes stay in the spool; the writer copies
             * them around the member appended here */
            srcname = s->inputs[r->source];
            mh_record_info info = {r->line_no, r->offset, 0, strcmp(srcname, "-") ? srcname : NULL};
            st = mh_enrich_streamed(w->sc, s->enr, r->rs, &info, &b->out, &oc, &r->splice);
            mh_record_stream_free(r->rs);
            r->rs = NULL;
        } else {
            srcname = s->inputs[r->source];
            mh_record_info info = {r->line_no, r->offset, 0, strcmp(srcname, "-") ? srcname : NULL};
            /* the record's bytes stay in the batch: the writer puts them
             * around its member */
            st = mh_enrich_line_spliced(w->sc, s->enr, b->data + r->off, r->len, &info, &b->out,
                                        &oc, &r->splice);
        }
        if (st != MH_OK) {
            b->fail = st;
            break;
        }
        if (oc.error) {
            b->errors++;
            continue;
        }
        if (s->only_flagged && !oc.flagged) {
            b->out.len = mark;
            r->splice.active = false;
            b->filtered++;
        }
        b->annotated++;
        b->unknown += !oc.publisher_known;
        b->flagged += oc.flagged;
        b->partial += oc.partial;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    shared *s = w->s;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        batch *b = NULL;
        for (;;) {
            if (s->stop)
                break;
            if (s->next_work < s->next_fill) {
                b = &s->ring[s->next_work % s->nslots];
                if (b->state == SLOT_READY && b->seq == s->next_work) {
                    b->state = SLOT_BUSY;
                    s->next_work++;
                    break;
                }
                b = NULL;
            } else if (s->reader_done) {
                break;
            }
            pthread_cond_wait(&s->batch_ready, &s->mu);
        }
        pthread_mutex_unlock(&s->mu);
        if (!b)
            return NULL;
        process_batch(w, b);
        pthread_mutex_lock(&s->mu);
        b->state = SLOT_DONE;
        pthread_cond_signal(&s->batch_done);
        pthread_mutex_unlock(&s->mu);
    }
}

/* Write a batch's output: its text, with each spliced record's own bytes
 * around its member (a record in memory from the batch's data, through
 * writev; an over-size one from its spool). Returns 0; -1 when a spool
 * cannot be read (message printed); an errno value when writing failed. */
static int write_batch(const shared *s, const batch *b, char *copy)
{
    size_t pos = 0;
    char err[200];
    cli_gather g;
    cli_gather_init(&g, stdout);
    int wr = 0;
    for (size_t i = 0; i < b->n && !wr; i++) {
        const record *r = &b->recs[i];
        if (!r->splice.active)
            continue;
        const mh_splice *sp = &r->splice;
        const char *out = b->out.data;
        if (!r->spool) {
            const char *line = b->data + r->off;
            if (!(wr = cli_gather_add(&g, out + pos, sp->start - pos)) &&
                !(wr = cli_gather_add(&g, line, sp->at)) &&
                !(wr = cli_gather_add(&g, out + sp->start, sp->end - sp->start)))
                wr = cli_gather_add(&g, line + sp->at, r->len - sp->at);
            pos = sp->end;
            continue;
        }
        if ((wr = cli_gather_add(&g, out + pos, sp->start - pos)) || (wr = cli_gather_flush(&g)))
            break;
        int rc = cli_spool_copy(r->spool, 0, sp->at, stdout, copy, COPY_CHUNK, err, sizeof err);
        errno = 0;
        if (rc == 0 &&
            fwrite(out + sp->start, 1, sp->end - sp->start, stdout) != sp->end - sp->start)
            rc = -2;
        if (rc == 0)
            rc = cli_spool_copy(r->spool, sp->at, r->full_len, stdout, copy, COPY_CHUNK, err,
                                sizeof err);
        if (rc == -1) {
            const char *name = s->inputs[r->source];
            fprintf(stderr, "%s: %s: %s (line %llu)\n", cli_prog,
                    strcmp(name, "-") ? name : "stdin", err, (unsigned long long)r->line_no);
            return -1;
        }
        if (rc == -2)
            return errno ? errno : EIO;
        pos = sp->end;
    }
    if (!wr)
        wr = cli_gather_add(&g, b->out.data + pos, b->out.len - pos);
    if (!wr)
        wr = cli_gather_flush(&g);
    return wr;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct totals {
    uint64_t in, out, annotated, unknown, flagged, errors, filtered, partial, bytes;
} totals;

static void progress(const shared *s, const totals *t, double t0, int final)
{
    double el = now_s() - t0;
    double rps = el > 0 ? (double)t->in / el : 0;
    double mbs = el > 0 ? (double)t->bytes / el / 1e6 : 0;
    unsigned long long total = atomic_load(&s->raw_total), done = atomic_load(&s->raw_read);
    char pct[64] = "";
    if (total && done <= total) {
        double f = (double)done / (double)total;
        double eta = f > 0 ? el * (1 - f) / f : 0;
        snprintf(pct, sizeof pct, "  %5.1f%%  ETA %.0fs", 100 * f, eta);
    }
    fprintf(stderr, "\r%s: %llu records  %.0f rec/s  %.1f MB/s%s\033[K%s", cli_prog,
            (unsigned long long)t->in, rps, mbs, pct, final ? "\n" : "");
}

int cli_enrich(int argc, char **argv)
{
    static const struct option longopts[] = {{"text-field", required_argument, NULL, 'T'},
                                             {"html-field", required_argument, NULL, 'H'},
                                             {"url-field", required_argument, NULL, 'U'},
                                             {"date-field", required_argument, NULL, 'D'},
                                             {"id-field", required_argument, NULL, 'I'},
                                             {"key", required_argument, NULL, 'K'},
                                             {"fields", required_argument, NULL, 'F'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"files", required_argument, NULL, 'W'},
                                             {"only-flagged", no_argument, NULL, 'O'},
                                             {"policy", required_argument, NULL, 'P'},
                                             {"exit-flagged", no_argument, NULL, 'X'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"max-record", required_argument, NULL, 'M'},
                                             {"max-bytes", required_argument, NULL, 'B'},
                                             {"stats", required_argument, NULL, 'S'},
                                             {"progress", no_argument, NULL, 'p'},
                                             {"no-progress", no_argument, NULL, 'n'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"db", required_argument, NULL, 'd'},
                                             {"rules", required_argument, NULL, 'r'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"limit", required_argument, NULL, 'L'},
                                             {"no-preallocate", no_argument, NULL, 'A'},
                                             {NULL, 0, NULL, 0}};
    mh_enrich_options eo;
    memset(&eo, 0, sizeof eo);
    eo.text_field = "text";
    eo.url_field = "url";
    const char *policy = NULL, *stats_path = NULL, *db = NULL, *rules = NULL, *format = "jsonl";
    const char *files_dir = NULL;
    int only_flagged = 0, exit_flagged = 0, quiet = 0, show_progress = isatty(2);
    int preallocate = 1;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    long long max_record = DEFAULT_MAX_RECORD, max_bytes = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'T': eo.text_field = *optarg ? optarg : NULL; break;
        case 'H': eo.html_field = optarg; break;
        case 'U': eo.url_field = *optarg ? optarg : NULL; break;
        case 'D': eo.date_field = optarg; break;
        case 'I': eo.id_field = optarg; break;
        case 'K': eo.key = optarg; break;
        case 'F': eo.fields = optarg; break;
        case 'f': format = optarg; break;
        case 'W': files_dir = optarg; break;
        case 'O': only_flagged = 1; break;
        case 'P': policy = optarg; break;
        case 'X': exit_flagged = 1; break;
        case 'j': jobs = strtol(optarg, NULL, 10); break;
        case 'M': max_record = strtoll(optarg, NULL, 10); break;
        case 'B': max_bytes = strtoll(optarg, NULL, 10); break;
        case 'S': stats_path = optarg; break;
        case 'p': show_progress = 1; break;
        case 'n': show_progress = 0; break;
        case 'q': quiet = 1; break;
        case 'A': preallocate = 0; break;
        case 'd': db = optarg; break;
        case 'r': rules = optarg; break;
        case 'L':
            if (cli_parse_limit(optarg, &eo.annotate.limits))
                return EXIT_USAGE;
            break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return EXIT_USAGE;
        }
    }
    if (strcmp(format, "jsonl") == 0)
        eo.format = MH_OUT_JSONL;
    else if (strcmp(format, "tsv") == 0)
        eo.format = MH_OUT_TSV;
    else {
        fprintf(stderr, "%s: --format must be jsonl or tsv\n", cli_prog);
        return EXIT_USAGE;
    }
    if (jobs < 1 || jobs > 256 || max_record < 1024 || max_bytes < 0) {
        fprintf(stderr, "%s: -j must be 1..256 and --max-record at least 1024\n", cli_prog);
        return EXIT_USAGE;
    }
    if (files_dir && optind < argc) {
        fprintf(stderr, "%s: --files takes a directory, not input files\n", cli_prog);
        return EXIT_USAGE;
    }
    mh_policy pol = *mh_policy_default();
    char polbuf[256];
    const char *codes[16];
    if (policy && !cli_parse_policy(policy, &pol, polbuf, sizeof polbuf, codes, 16)) {
        fprintf(stderr, "%s: --policy needs at least one code\n", cli_prog);
        return EXIT_USAGE;
    }
    eo.annotate.policy = &pol;
    if (max_bytes > 0)
        eo.annotate.limits.max_doc_bytes = (size_t)max_bytes;
    mh_enricher *enr = NULL;
    mh_status st = mh_enricher_create(&eo, &enr);
    if (st != MH_OK) {
        fprintf(stderr, "%s: invalid field path, key or --fields list (%s)\n", cli_prog,
                mh_strerror(st));
        return st == MH_ERR_NOMEM ? EXIT_INTERNAL : EXIT_USAGE;
    }
    mh_engine *eng = NULL;
    int rc = cli_open_engine(db, rules, &eng);
    if (rc) {
        mh_enricher_free(enr);
        return rc;
    }
    signal(SIGPIPE, SIG_IGN);
    static char dash[] = "-";
    static char *stdin_only[] = {dash};
    shared s;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.slot_free, NULL);
    pthread_cond_init(&s.batch_ready, NULL);
    pthread_cond_init(&s.batch_done, NULL);
    s.eng = eng;
    s.enr = enr;
    s.eo = eo;
    s.only_flagged = only_flagged;
    s.max_record = (size_t)max_record;
    s.inputs = optind < argc ? argv + optind : stdin_only;
    s.ninputs = optind < argc ? argc - optind : 1;
    s.files_dir = files_dir;
    s.nslots = (size_t)jobs * 2 + 2;
    s.ring = calloc(s.nslots, sizeof *s.ring);
    worker *ws = calloc((size_t)jobs, sizeof *ws);
    pthread_t *tids = calloc((size_t)jobs, sizeof *tids);
    char *copy = malloc(COPY_CHUNK);
    int werr = 0, started = 0;
    if (!s.ring || !ws || !tids || !copy) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        rc = EXIT_INTERNAL;
    }
    for (long i = 0; !rc && i < jobs; i++) {
        ws[i].s = &s;
        if (mh_scratch_create(eng, &ws[i].sc) != MH_OK) {
            fprintf(stderr, "%s: cannot create a worker\n", cli_prog);
            rc = EXIT_INTERNAL;
        }
    }
    pthread_t reader;
    if (!rc) {
        pthread_create(&reader, NULL, reader_main, &s);
        for (long i = 0; i < jobs; i++)
            pthread_create(&tids[i], NULL, worker_main, &ws[i]);
        started = 1;
    }
    totals t;
    memset(&t, 0, sizeof t);
    double t0 = now_s(), last = t0;
    if (!rc && eo.format == MH_OUT_TSV && fputs(mh_enricher_tsv_header(enr), stdout) == EOF)
        werr = errno ? errno : EIO;
    /* the writer: batches in sequence order */
    cli_prealloc pre;
    cli_prealloc_init(&pre, fileno(stdout), preallocate);
    while (!rc && started) {
        pthread_mutex_lock(&s.mu);
        batch *b = &s.ring[s.next_write % s.nslots];
        while (!(b->state == SLOT_DONE && b->seq == s.next_write) &&
               !(s.reader_done && s.next_write >= s.total_batches) && !s.stop)
            pthread_cond_wait(&s.batch_done, &s.mu);
        int finished = s.reader_done && s.next_write >= s.total_batches;
        int stopped = s.stop; /* the reader failed (it said why): the workers left */
        pthread_mutex_unlock(&s.mu);
        if (stopped && !finished)
            rc = EXIT_INTERNAL;
        if (finished || stopped)
            break;
        if (b->fail != MH_OK) {
            fprintf(stderr, "%s: %s while annotating\n", cli_prog, mh_strerror(b->fail));
            rc = cli_exit_for(b->fail);
        }
        if (!rc && !werr) {
            cli_prealloc_ahead(&pre);
            int wr = write_batch(&s, b, copy);
            if (wr < 0)
                rc = EXIT_INPUT;
            else if (wr > 0)
                werr = wr;
        }
        batch_release(b);
        t.in += b->n;
        t.out += b->n - b->filtered;
        t.annotated += b->annotated;
        t.unknown += b->unknown;
        t.flagged += b->flagged;
        t.errors += b->errors;
        t.filtered += b->filtered;
        t.partial += b->partial;
        t.bytes += b->bytes;
        pthread_mutex_lock(&s.mu);
        b->state = SLOT_FREE;
        s.next_write++;
        pthread_cond_signal(&s.slot_free);
        pthread_mutex_unlock(&s.mu);
        if (werr || rc) {
            pthread_mutex_lock(&s.mu);
            s.stop = 1;
            wake_all(&s);
            pthread_mutex_unlock(&s.mu);
            break;
        }
        if (show_progress && now_s() - last > 0.5) {
            progress(&s, &t, t0, 0);
            last = now_s();
        }
    }
    if (!werr && fflush(stdout) != 0)
        werr = errno ? errno : EIO;
    cli_prealloc_finish(&pre);
    if (started) {
        if (werr || rc) {
            pthread_mutex_lock(&s.mu);
            s.stop = 1;
            wake_all(&s);
            pthread_mutex_unlock(&s.mu);
        }
        pthread_join(reader, NULL);
        for (long i = 0; i < jobs; i++)
            pthread_join(tids[i], NULL);
    }
    if (show_progress && started)
        progress(&s, &t, t0, 1);
    double el = now_s() - t0;
    if (!quiet && !(werr == EPIPE))
        fprintf(stderr,
                "%s: %llu in, %llu out, %llu annotated, %llu publisher unknown, %llu flagged, "
                "%llu errors, %llu filtered, %llu partial; %.1f MB in %.2fs\n",
                cli_prog, (unsigned long long)t.in, (unsigned long long)t.out,
                (unsigned long long)t.annotated, (unsigned long long)t.unknown,
                (unsigned long long)t.flagged, (unsigned long long)t.errors,
                (unsigned long long)t.filtered, (unsigned long long)t.partial,
                (double)t.bytes / 1e6, el);
    if (stats_path) {
        json_t *j =
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:i, s:b}",
                      "records_in", (json_int_t)t.in, "records_out", (json_int_t)t.out, "annotated",
                      (json_int_t)t.annotated, "publisher_unknown", (json_int_t)t.unknown,
                      "flagged", (json_int_t)t.flagged, "errors", (json_int_t)t.errors, "filtered",
                      (json_int_t)t.filtered, "partial", (json_int_t)t.partial, "bytes_in",
                      (json_int_t)t.bytes, "seconds", el, "records_per_second",
                      el > 0 ? (double)t.in / el : 0.0, "mb_per_second",
                      el > 0 ? (double)t.bytes / el / 1e6 : 0.0, "input_errors", s.input_errors,
                      "reconciles", t.in == t.out + t.filtered);
        if (!j || json_dump_file(j, stats_path, JSON_INDENT(2)) != 0) {
            fprintf(stderr, "%s: cannot write %s\n", cli_prog, stats_path);
            if (!rc)
                rc = EXIT_OUTPUT;
        }
        json_decref(j);
    }
    for (long i = 0; ws && i < jobs; i++)
        mh_scratch_free(ws[i].sc);
    for (size_t i = 0; s.ring && i < s.nslots; i++) {
        batch_release(&s.ring[i]);
        free(s.ring[i].data);
        free(s.ring[i].recs);
        mh_text_free(&s.ring[i].out);
    }
    free(s.ring);
    free(copy);
    free(ws);
    free(tids);
    mh_enricher_free(enr);
    mh_engine_close(eng);
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.slot_free);
    pthread_cond_destroy(&s.batch_ready);
    pthread_cond_destroy(&s.batch_done);
    if (werr == EPIPE)
        return rc; /* the reader of our output went away (| head): not an error */
    if (werr) {
        fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog, strerror(werr));
        return EXIT_OUTPUT;
    }
    if (rc)
        return rc;
    if (s.input_errors)
        return EXIT_INPUT;
    if (exit_flagged && t.flagged)
        return EXIT_FLAGGED;
    return 0;
}
