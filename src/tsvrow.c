/* tsvrow.c — an annotation's TSV row from its text (see tsvrow.h). */
#include "tsvrow.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"

/* The cells' paths, in the order of the fields of the row spec. */
enum {
    C_PUBLISHER,
    C_ID,
    C_NAME,
    C_DOMAIN,
    C_CONFIDENCE,
    C_STATE_MEDIA,
    C_FLAGGED,
    C_REASONS,
    C_OUTLETS,
    C_PARTIAL,
    C_LIMIT,
    C_COUNT
};
static const char *const row_paths[C_COUNT] = {
    "publisher",        "publisher.id",         "publisher.name",
    "publisher.domain", "publisher.confidence", "publisher.state_media.code",
    "flagged",          "flag.reasons",         "outlets",
    "partial",          "partial.limit"};

const char *const *mh_tsvrow_paths(size_t *n)
{
    *n = C_COUNT;
    return row_paths;
}

/* An element of outlets or of flag.reasons. */
enum { E_ID, E_ROLE, E_OUTLET, E_CODE, E_COUNT };
static const char *const element_paths[E_COUNT] = {"id", "role", "outlet", "code"};

static pthread_once_t specs_once = PTHREAD_ONCE_INIT;
static mh_jsonl_spec row_spec, element_spec;
static mh_status specs_status = MH_ERR_INTERNAL;

static void specs_init(void)
{
    if (mh_jsonl_spec_init(&row_spec, row_paths, C_COUNT, NULL, 0, 0) == MH_OK &&
        mh_jsonl_spec_init(&element_spec, element_paths, E_COUNT, NULL, 0, 0) == MH_OK)
        specs_status = MH_OK;
}

void mh_tsvrow_state_free(mh_tsvrow_state *st)
{
    if (!st)
        return;
    for (int i = 0; i < 2; i++) {
        mh_free(st->buf[i]);
        st->buf[i] = NULL;
        st->size[i] = 0;
    }
}

/* Scan text with spec into res, every string decoded into its own part of
 * *buf (each part as long as the text: a decoded string is never longer). */
static mh_status scan(const mh_jsonl_spec *spec, size_t nfields, const char *text, size_t len,
                      mh_jsonl_result *res, char **buf, size_t *size)
{
    size_t need = nfields * (len + 1);
    if (need > *size) {
        char *p = mh_realloc(*buf, need);
        if (!p)
            return MH_ERR_NOMEM;
        *buf = p;
        *size = need;
    }
    mh_jsonl_result_init(res);
    for (size_t f = 0; f < nfields; f++) {
        res->field[f].buf = *buf + f * (len + 1);
        res->field[f].size = len + 1;
        res->field[f].copy = true;
    }
    return mh_jsonl_scan(text, len, spec, res) == MH_OK ? MH_OK : MH_ERR_INTERNAL;
}

/* The decoded string of a field, or NULL when it is not a string (as
 * json_string_value gives). */
static const char *str_of(const mh_jsonl_result *res, int f)
{
    return res->field[f].type == MH_JSONL_STRING ? res->field[f].str : NULL;
}

/* The next element of an array (valid JSON, as the scan found it), read
 * from *pos (just past the '[', or past the last element) up to end: its
 * span in [*start, *stop); 0 after the last. */
static int next_element(const char *text, size_t end, size_t *pos, size_t *start, size_t *stop)
{
    size_t p = *pos;
    while (p < end && (text[p] == ',' || text[p] == ' ' || text[p] == '\n' || text[p] == '\t' ||
                       text[p] == '\r'))
        p++;
    if (p >= end || text[p] == ']')
        return 0;
    *start = p;
    int depth = 0;
    for (; p < end; p++) {
        char c = text[p];
        if (c == '"') {
            for (p++; p < end && text[p] != '"'; p++)
                if (text[p] == '\\')
                    p++;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                break;
            if (--depth == 0) {
                p++;
                break;
            }
        } else if (c == ',' && depth == 0) {
            break;
        }
    }
    *stop = p;
    *pos = p;
    return 1;
}

/* Append to list (of cap bytes, NUL-terminated) what snprintf appends. */
static void list_add(char *list, size_t cap, const char *fmt, const char *a, const char *b,
                     const char *c)
{
    size_t l = strlen(list);
    char one[96];
    snprintf(one, sizeof one, fmt, list[0] ? "," : "", a, b, c);
    snprintf(list + l, cap - l, "%s", one);
}

/* The ids of the outlets with the role origin, and the flag's reasons
 * (outlet:role:code), each list cut at 255 bytes. */
static mh_status lists(mh_tsvrow_state *st, const char *ann, const mh_jsonl_value *outlets,
                       const mh_jsonl_value *reasons, char origins[256], char why[256])
{
    const mh_jsonl_value *arrays[2] = {outlets, reasons};
    for (int a = 0; a < 2; a++) {
        if (arrays[a]->type != MH_JSONL_ARRAY)
            continue;
        size_t pos = arrays[a]->start + 1, s, e;
        while (next_element(ann, arrays[a]->end, &pos, &s, &e)) {
            if (ann[s] != '{')
                continue; /* not an object: json_object_get gives NULL */
            mh_status rc = scan(&element_spec, E_COUNT, ann + s, e - s, &st->element, &st->buf[1],
                                &st->size[1]);
            if (rc != MH_OK)
                return rc;
            const char *role = str_of(&st->element, E_ROLE);
            if (a == 0) {
                const char *id = str_of(&st->element, E_ID);
                size_t l = strlen(origins);
                if (role && strcmp(role, "origin") == 0 && id)
                    snprintf(origins + l, 256 - l, "%s%s", l ? "," : "", id);
            } else {
                const char *oid = str_of(&st->element, E_OUTLET);
                const char *code = str_of(&st->element, E_CODE);
                list_add(why, 256, "%s%s:%s:%s", oid ? oid : "?", role ? role : "?",
                         code ? code : "?");
            }
        }
    }
    return MH_OK;
}

static mh_status cell(mh_text *out, const char *s)
{
    /* a tab or line break inside a value would break the row: a space */
    mh_status st = MH_OK;
    for (; st == MH_OK && s && *s; s++)
        st = mh_text_add(out, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
    return st;
}

mh_status mh_tsvrow_write(mh_tsvrow_state *st, unsigned long long line_no, const char *id,
                          const char *ann, size_t len, mh_text *out)
{
    pthread_once(&specs_once, specs_init);
    if (specs_status != MH_OK)
        return specs_status;
    mh_status rc = scan(&row_spec, C_COUNT, ann, len, &st->row, &st->buf[0], &st->size[0]);
    const mh_jsonl_value *v = st->row.field;
    char conf[16] = "", origins[256] = "", why[256] = "", line[32];
    if (rc == MH_OK)
        rc = lists(st, ann, &v[C_OUTLETS], &v[C_REASONS], origins, why);
    if (rc != MH_OK)
        return rc;
    if (v[C_PUBLISHER].type == MH_JSONL_OBJECT) {
        double c = 0;
        if (v[C_CONFIDENCE].type == MH_JSONL_NUMBER)
            c = strtod(ann + v[C_CONFIDENCE].start, NULL);
        snprintf(conf, sizeof conf, "%.3f", c);
    }
    snprintf(line, sizeof line, "%llu", line_no);
    const char *cells[11] = {
        line,
        id ? id : "",
        str_of(&st->row, C_ID),
        str_of(&st->row, C_NAME),
        str_of(&st->row, C_DOMAIN),
        conf,
        str_of(&st->row, C_STATE_MEDIA),
        v[C_FLAGGED].type == MH_JSONL_TRUE ? "true" : "false",
        why,
        origins,
        v[C_PARTIAL].type == MH_JSONL_OBJECT ? str_of(&st->row, C_LIMIT) : "",
    };
    size_t before = out->len;
    for (int c = 0; c < 11 && rc == MH_OK; c++) {
        if (c)
            rc = mh_text_add(out, "\t", 1);
        if (rc == MH_OK)
            rc = cell(out, cells[c]);
    }
    if (rc == MH_OK)
        rc = mh_text_add(out, "\t\n", 2);
    if (rc != MH_OK)
        out->len = before;
    return rc;
}
