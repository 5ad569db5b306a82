/* fuzz_enrich.c — libFuzzer: any bytes as one JSON Lines record through
 * mh_enrich_record (the bundled database and rules, text/url/date/id
 * fields). Beyond "no crash, no leak, no hang" it checks the contract of
 * DESIGN.md §6 for batch records: exactly one output line, without a
 * newline inside; a JSON object; an error record for an invalid line; and
 * for a valid record, the input itself is the output with the annotation
 * taken out (byte for byte: key order, numbers, escapes). The same record
 * with --fields must splice in what projecting the full annotation's tree
 * gives, byte for byte (projection.c against mh_projection_tree), and as a
 * TSV row must be one line of 12 cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_engine.h"
#include "jsondump.h"
#include "projection.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mh_enricher *enricher, *fields_enricher, *tsv_enricher;
static char fields_list[] = "publisher.id,publisher.state_media.code,flagged,flag.reasons,input,"
                            "nothing.here,summary.x";
static char *fields[] = {"publisher.id", "publisher.state_media.code",
                         "flagged",      "flag.reasons",
                         "input",        "nothing.here",
                         "summary.x"};

static void finding(const char *what, const char *line, size_t len)
{
    fprintf(stderr, "fuzz: %s: %.*s\n", what, (int)(len > 2000 ? 2000 : len), line);
    abort();
}

/* The member spliced into a valid record's output line (after the key). */
static const char *member_of(const char *out, size_t ol, size_t cb, size_t tail, size_t *n)
{
    static const char key[] = "\"masthead\":";
    const char *sp = out + cb, *se = out + ol - tail;
    if (sp < se && *sp == ',')
        sp++;
    if ((size_t)(se - sp) < sizeof key || memcmp(sp, key, sizeof key - 1) != 0)
        return NULL;
    *n = (size_t)(se - sp) - (sizeof key - 1);
    return sp + sizeof key - 1;
}

/* --fields and TSV views of a valid record whose full annotation is ann. */
static void check_views(mh_scratch *sc, const char *line, size_t len, const mh_record_info *info,
                        json_t *ann)
{
    mh_text out = {0}, want = {0};
    mh_record_outcome oc;
    mh_status st = mh_enrich_record(sc, fields_enricher, line, len, info, &out, &oc);
    if (st == MH_OK) {
        size_t cb = len, ol = out.len - (out.len && out.data[out.len - 1] == '\n');
        while (cb > 0 && strchr(" \t\r", line[cb - 1]))
            cb--;
        cb--;
        size_t n = 0;
        const char *m = member_of(out.data, ol, cb, len - cb, &n);
        json_t *proj = mh_projection_tree(fields, sizeof fields / sizeof *fields, ann);
        if (!proj || mh_json_dump(proj, &want) != MH_OK)
            abort();
        json_decref(proj);
        if (!m || n != want.len || memcmp(m, want.data, n) != 0)
            finding("--fields differs from the tree's projection", out.data, ol);
    } else if (st != MH_ERR_NOMEM && st != MH_ERR_LIMIT) {
        finding("enrich --fields failed", line, len);
    }
    out.len = 0;
    st = mh_enrich_record(sc, tsv_enricher, line, len, info, &out, &oc);
    if (st == MH_OK) {
        size_t tabs = 0;
        for (size_t i = 0; i < out.len; i++)
            tabs += out.data[i] == '\t';
        if (!out.len || out.data[out.len - 1] != '\n' || memchr(out.data, '\n', out.len - 1) ||
            tabs != 11)
            finding("the TSV row is not one line of 12 cells", out.data, out.len);
    } else if (st != MH_ERR_NOMEM && st != MH_ERR_LIMIT) {
        finding("enrich --format tsv failed", line, len);
    }
    mh_text_free(&out);
    mh_text_free(&want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mh_scratch *sc = fuzz_scratch();
    if (!enricher) {
        mh_enrich_options o;
        memset(&o, 0, sizeof o);
        o.text_field = "text";
        o.url_field = "url";
        o.date_field = "date";
        o.id_field = "id";
        o.annotate.today = "2024-01-01";
        if (mh_enricher_create(&o, &enricher) != MH_OK)
            abort();
        o.fields = fields_list;
        if (mh_enricher_create(&o, &fields_enricher) != MH_OK)
            abort();
        o.fields = NULL;
        o.format = MH_OUT_TSV;
        if (mh_enricher_create(&o, &tsv_enricher) != MH_OK)
            abort();
    }
    /* a line has no newline of its own: cut at the first one */
    const char *line = (const char *)data;
    const char *nl = memchr(line, '\n', size);
    size_t len = nl ? (size_t)(nl - line) : size;

    mh_text out = {0};
    mh_record_info info = {.line_no = 1};
    mh_record_outcome oc;
    mh_status st = mh_enrich_record(sc, enricher, line, len, &info, &out, &oc);
    if (st == MH_ERR_NOMEM || st == MH_ERR_LIMIT) {
        mh_text_free(&out);
        return 0;
    }
    if (st != MH_OK)
        finding("enrich failed", line, len);
    size_t ol = out.len;
    if (ol && out.data[ol - 1] == '\n')
        ol--;
    if (memchr(out.data, '\n', ol))
        finding("output holds more than one line", out.data, ol);
    json_error_t err;
    json_t *ann = NULL, *rec = NULL;
    if (!oc.error) {
        /* the output is the input with the annotation spliced in before
           the record's closing brace: the bytes before and after it are
           the input's, byte for byte (key order, numbers, escapes) */
        size_t cb = len;
        while (cb > 0 && strchr(" \t\r", line[cb - 1]))
            cb--;
        if (cb == 0 || line[cb - 1] != '}')
            finding("a valid record that does not end with }", line, len);
        cb--;
        size_t tail = len - cb;
        if (ol < len || memcmp(out.data, line, cb) != 0)
            finding("the record's bytes before its closing brace changed", out.data, ol);
        if (memcmp(out.data + ol - tail, line + cb, tail) != 0)
            finding("the record's closing brace or what follows changed", out.data, ol);
        /* what was spliced: [,]"masthead":{...} — parsed on its own, since
           the record may hold numbers jansson refuses (jsonl.h) */
        const char *sp = out.data + cb, *se = out.data + ol - tail;
        if (sp < se && *sp == ',')
            sp++;
        static const char key[] = "\"masthead\":";
        if ((size_t)(se - sp) < sizeof key || memcmp(sp, key, sizeof key - 1) != 0)
            finding("the annotation is not spliced before the closing brace", out.data, ol);
        sp += sizeof key - 1;
        ann = json_loadb(sp, (size_t)(se - sp), 0, &err);
    } else {
        /* an error record is masthead's own: the whole line parses */
        rec = json_loadb(out.data, ol, 0, &err);
        if (!json_is_object(rec))
            finding("the error record is not a JSON object", out.data, ol);
        ann = json_incref(json_object_get(rec, "masthead"));
        if (!json_object_get(ann, "error"))
            finding("an error record without its error", out.data, ol);
    }
    if (!json_is_object(ann))
        finding("the annotation is not a JSON object", out.data, ol);
    if (!oc.error)
        check_views(sc, line, len, &info, ann);
    json_decref(ann);
    json_decref(rec);
    mh_text_free(&out);
    return 0;
}
