/* test_jsonl_stream.c — the streaming JSONL scanner against the one-shot one.
 *
 * jsonl_stream_agrees() is the oracle, shared with the fuzz harness
 * (tests/fuzz/fuzz_jsonl.c compiles this file too): a line fed to
 * mh_jsonl_stream_* in chunks of the given sizes must get exactly what
 * mh_jsonl_scan gets on the whole line: status, error kind and offset (and
 * the top-level type a "not an object" reason names), every field's type,
 * span, decoded bytes, full_len, truncated, escaped and has_nul, the
 * annotation key, value_start, close_brace, empty and depth. Each chunk is
 * copied into a scratch buffer that is scribbled over once fed, so a stream
 * that kept a pointer into a chunk would be caught.
 *
 * Two buffer modes: "whole" (every buffer holds any value; the one-shot
 * scanner copies some fields and points into the line for others, and the
 * decoded bytes must still agree) and "cut" (small buffers, NULL ones
 * included, with the one-shot scanner copying every field as the stream
 * always does: truncation must agree to the byte).
 *
 * test_jsonl_stream_diff runs every line of jsonl_gen.c's generator (the
 * lines test_jsonl_diff checks against jansson) through several chunkings:
 * one byte at a time, random sizes (empty feeds among them), the whole line
 * at once, and for short lines a split at every byte position. The other
 * tests cover hand-picked edges at every split, long keys against long
 * paths, deep nesting, a multi-megabyte record fed in 64 KiB chunks with
 * its text cut at a small buffer, and the API's contract. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "jsonl.h"
#include "jsonl_gen.h"

bool jsonl_stream_agrees(const char *line, size_t len, const size_t *sizes, size_t nsizes,
                         unsigned cut, char *why, size_t size);

/* Paths the oracle reads: those of test_jsonl_diff, a second "url" (two
 * fields decoding one string), the annotation key as a field too, and a
 * path that no key can reach ("a.b" is two segments). */
static const char *const paths[] = {"text", "url",   "meta.source.url", "meta", "meta.source",
                                    "id",   "title", "k\xc3\xa9y",      "url",  "masthead",
                                    "a.b"};
#define NPATHS  (sizeof paths / sizeof paths[0])
#define NVALUES (NPATHS + 1) /* the annotation's value last */

/* Value i of a result with nfields fields: a field, or the annotation's
 * value when i == nfields. */
static mh_jsonl_value *value_at(mh_jsonl_result *r, size_t nfields, size_t i)
{
    return i < nfields ? &r->field[i] : &r->annotation;
}

static const mh_jsonl_value *value_of(const mh_jsonl_result *r, size_t nfields, size_t i)
{
    return i < nfields ? &r->field[i] : &r->annotation;
}

/* Give r's nfields + 1 values buffers of bufsize[i] bytes out of mem (0:
 * no buffer); the one-shot side copies some fields, or all. */
static void give_buffers(mh_jsonl_result *r, char *mem, const size_t *bufsize, size_t nfields,
                         bool copy_all)
{
    mh_jsonl_result_init(r);
    for (size_t i = 0; i <= nfields; i++) {
        mh_jsonl_value *v = value_at(r, nfields, i);
        v->buf = bufsize[i] ? mem : NULL;
        v->size = bufsize[i];
        v->copy = copy_all || i % 3 == 1;
        mem += bufsize[i];
    }
}

/* Feed line in chunks of sizes[0], sizes[1]... (cycling; 0 is an empty
 * feed) through a scratch copy, then finish. Once a feed fails, every later
 * one must fail alike and leave the error as it was. */
static mh_status stream_scan(const char *line, size_t len, const size_t *sizes, size_t nsizes,
                             const mh_jsonl_spec *spec, mh_jsonl_result *r, char *scratch,
                             char *why, size_t size)
{
    mh_jsonl_stream st;
    if (mh_jsonl_stream_init(&st, spec, r) != MH_OK)
        return MH_ERR_INTERNAL;
    size_t p = 0, k = 0, empty_run = 0;
    bool failed = false;
    mh_jsonl_error err = MH_JSONL_OK;
    size_t err_off = 0;
    while (p < len) {
        size_t n = sizes[k++ % nsizes];
        if (n > len - p)
            n = len - p;
        if (n == 0 && ++empty_run > nsizes)
            n = 1; /* a chunking of only empty feeds still moves on */
        if (n)
            empty_run = 0;
        memcpy(scratch, line + p, n);
        mh_status fs = mh_jsonl_stream_feed(&st, n ? scratch : NULL, n);
        memset(scratch, 0xA5, n); /* the stream must not have kept it */
        p += n;
        if (fs != MH_OK && fs != MH_ERR_INPUT) {
            snprintf(why, size, "feed returned status %d", (int)fs);
            return MH_ERR_INTERNAL;
        }
        if (failed && (fs != MH_ERR_INPUT || r->error != err || r->error_offset != err_off)) {
            snprintf(why, size, "a feed after the error changed it");
            return MH_ERR_INTERNAL;
        }
        if (fs == MH_ERR_INPUT && !failed) {
            failed = true;
            err = r->error;
            err_off = r->error_offset;
        }
    }
    mh_status st1 = mh_jsonl_stream_finish(&st);
    mh_status again = mh_jsonl_stream_feed(&st, "x", 1);
    if (mh_jsonl_stream_finish(&st) != st1 || (failed && st1 != MH_ERR_INPUT) ||
        again != (st1 == MH_OK ? MH_ERR_ARG : MH_ERR_INPUT)) {
        snprintf(why, size, "finish not final (status %d)", (int)st1);
        return MH_ERR_INTERNAL;
    }
    return st1;
}

/* Does the stream's value b say exactly what the one-shot value a says? */
static bool same_value(const mh_jsonl_value *a, const mh_jsonl_value *b, char *why, size_t size)
{
    if (a->type != b->type || a->start != b->start || a->end != b->end) {
        snprintf(why, size, "type/span %d [%zu,%zu), one-shot %d [%zu,%zu)", (int)b->type, b->start,
                 b->end, (int)a->type, a->start, a->end);
        return false;
    }
    if (a->type != MH_JSONL_STRING)
        return true;
    if (a->len != b->len || a->full_len != b->full_len || a->truncated != b->truncated ||
        a->escaped != b->escaped || a->has_nul != b->has_nul) {
        snprintf(why, size,
                 "len %zu full %zu cut %d esc %d nul %d; one-shot len %zu full %zu cut %d esc %d "
                 "nul %d",
                 b->len, b->full_len, b->truncated, b->escaped, b->has_nul, a->len, a->full_len,
                 a->truncated, a->escaped, a->has_nul);
        return false;
    }
    if (a->len && memcmp(a->str, b->str, a->len) != 0) {
        snprintf(why, size, "decoded bytes differ");
        return false;
    }
    if (b->buf ? b->str != b->buf : b->str == NULL || b->str[0] != '\0') {
        snprintf(why, size, "str not in the field's buffer");
        return false;
    }
    if (b->buf && b->size && b->buf[b->len] != '\0') {
        snprintf(why, size, "not NUL-terminated");
        return false;
    }
    return true;
}

/* Compare the one-shot result a (status sa) with the stream's b (sb), both
 * with nfields fields. */
static bool same_result(mh_status sa, const mh_jsonl_result *a, mh_status sb,
                        const mh_jsonl_result *b, size_t nfields, char *why, size_t size)
{
    if (sa != sb || a->error != b->error || a->error_offset != b->error_offset) {
        snprintf(why, size, "stream: status %d %s at %zu; one-shot: status %d %s at %zu", (int)sb,
                 mh_jsonl_strerror(b->error), b->error_offset, (int)sa, mh_jsonl_strerror(a->error),
                 a->error_offset);
        return false;
    }
    if (sa != MH_OK) {
        if (a->error == MH_JSONL_NOT_OBJECT && a->top_type != b->top_type) {
            snprintf(why, size, "top_type %d, one-shot %d", (int)b->top_type, (int)a->top_type);
            return false;
        }
        return true;
    }
    for (size_t i = 0; i <= nfields; i++) {
        char detail[200];
        if (!same_value(value_of(a, nfields, i), value_of(b, nfields, i), detail, sizeof detail)) {
            snprintf(why, size, "value %zu: %s", i, detail);
            return false;
        }
    }
    if (a->has_annotation_key != b->has_annotation_key || a->top_type != b->top_type ||
        a->value_start != b->value_start || a->close_brace != b->close_brace ||
        a->empty != b->empty || a->depth != b->depth) {
        snprintf(why, size,
                 "annotation key / top type / value_start / close_brace / empty / depth");
        return false;
    }
    return true;
}

/* Scan line both ways with spec and buffers of bufsize[] bytes per value
 * (the spec's fields, then the annotation) and compare. */
static bool agree_with(const char *line, size_t len, const mh_jsonl_spec *spec,
                       const size_t *bufsize, bool copy_all, const size_t *sizes, size_t nsizes,
                       char *why, size_t size)
{
    size_t nfields = spec->nfields, total = 0;
    for (size_t i = 0; i <= nfields; i++)
        total += bufsize[i];
    char *mem = malloc(2 * total + len + 1);
    if (!mem) {
        snprintf(why, size, "out of memory");
        return false;
    }
    mh_jsonl_result *ra = malloc(sizeof *ra), *rb = malloc(sizeof *rb);
    bool agree = false;
    if (!ra || !rb) {
        snprintf(why, size, "out of memory");
        goto out;
    }
    give_buffers(ra, mem, bufsize, nfields, copy_all);
    give_buffers(rb, mem + total, bufsize, nfields, false);
    mh_status sa = mh_jsonl_scan(line, len, spec, ra);
    why[0] = '\0';
    mh_status sb = stream_scan(line, len, sizes, nsizes, spec, rb, mem + 2 * total, why, size);
    if (sb == MH_ERR_INTERNAL)
        goto out;
    agree = same_result(sa, ra, sb, rb, nfields, why, size);
out:
    free(ra);
    free(rb);
    free(mem);
    return agree;
}

/* Small buffer sizes for "cut" mode, 0 meaning no buffer. */
static const size_t small_sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 13, 64};
#define NSMALL (sizeof small_sizes / sizeof small_sizes[0])

/* The oracle: line fed in chunks of sizes[] (cycling) must agree with the
 * one-shot scan. cut 0: "whole" buffers; otherwise "cut" mode with small
 * buffer sizes picked from the bits of cut. Returns false with a reason. */
bool jsonl_stream_agrees(const char *line, size_t len, const size_t *sizes, size_t nsizes,
                         unsigned cut, char *why, size_t size)
{
    static mh_jsonl_spec spec;
    static bool ready;
    if (!ready) {
        if (mh_jsonl_spec_init(&spec, paths, NPATHS, "masthead", 0, 0) != MH_OK) {
            snprintf(why, size, "spec_init failed");
            return false;
        }
        ready = true;
    }
    size_t bufsize[NVALUES];
    for (size_t i = 0; i < NVALUES; i++)
        bufsize[i] = cut ? small_sizes[(cut >> (i % 8 * 4)) % NSMALL] : len + 1;
    if (cut && bufsize[0] == 0)
        bufsize[0] = 6; /* the text field always gets one */
    return agree_with(line, len, &spec, bufsize, cut != 0, sizes, nsizes, why, size);
}

/* -------------------------------------------------------------- the tests */

/* Count a check that line agrees under chunking sizes[]; report the first
 * few disagreements. */
static void expect_agree(const char *line, size_t len, const size_t *sizes, size_t nsizes,
                         unsigned cut, const char *what, unsigned *failures)
{
    char why[400];
    if (jsonl_stream_agrees(line, len, sizes, nsizes, cut, why, sizeof why)) {
        t_pass++;
        return;
    }
    t_fail++;
    if ((*failures)++ < 10) {
        fprintf(stderr, "%s:%d: %s, chunks of %zu%s (cut %#x): %s\n  ", __FILE__, __LINE__, what,
                sizes[0], nsizes > 1 ? "..." : "", cut, why);
        jsonl_gen_show(line, len);
    }
}

/* Every single split of line, and every pair of splits when it is short. */
static void every_split(const char *line, size_t len, unsigned cut, unsigned *failures)
{
    size_t one = 1;
    expect_agree(line, len, &one, 1, cut, "bytewise", failures);
    for (size_t k = 0; k <= len; k++) {
        size_t sizes[2] = {k, len};
        expect_agree(line, len, sizes, 2, cut, "split", failures);
    }
    if (len > 40)
        return;
    for (size_t i = 1; i < len; i++)
        for (size_t j = 1; i + j < len; j++) {
            size_t sizes[3] = {i, j, len};
            expect_agree(line, len, sizes, 3, cut, "two splits", failures);
        }
}

#ifndef STREAM_LINES
#define STREAM_LINES 12000
#endif
#ifndef STREAM_SEED
#define STREAM_SEED 20240601u /* test_jsonl_diff's DIFF_SEED: the same lines */
#endif
/* Lines this short are also split at every position. */
#define SHORT_LINE 160

void test_jsonl_stream_diff(void)
{
    char buf[1 << 16];
    jsonl_gen g = {STREAM_SEED, buf, 0, sizeof buf};
    jsonl_gen pick = {STREAM_SEED ^ 0x5eedu, NULL, 0, 0}; /* chunkings, apart from the lines */
    unsigned failures = 0, pass0 = (unsigned)t_pass, fail0 = (unsigned)t_fail;
    for (unsigned i = 0; i < STREAM_LINES; i++) {
        jsonl_gen_line(&g);
        size_t len = g.len, one = 1, whole = len ? len : 1;
        unsigned cut = (unsigned)jsonl_gen_rand(&pick) | 1u;
        size_t small[8], any[8];
        for (size_t k = 0; k < 8; k++) {
            small[k] = 1 + jsonl_gen_below(&pick, 16);
            any[k] =
                jsonl_gen_below(&pick, 8) == 0 ? 0 : 1 + jsonl_gen_below(&pick, (unsigned)whole);
        }
        any[0] |= 1; /* never a chunking of empty feeds only */
        expect_agree(g.buf, len, &one, 1, 0, "bytewise", &failures);
        expect_agree(g.buf, len, small, 8, cut, "small chunks", &failures);
        expect_agree(g.buf, len, any, 8, 0, "random chunks", &failures);
        expect_agree(g.buf, len, &whole, 1, cut, "one chunk", &failures);
        if (len <= SHORT_LINE)
            for (size_t k = 1; k < len; k++) {
                size_t sizes[2] = {k, len};
                expect_agree(g.buf, len, sizes, 2, k % 2 ? cut : 0, "split", &failures);
            }
    }
    fprintf(stderr, "%u lines: %u chunkings agree, %u disagree\n", STREAM_LINES,
            (unsigned)t_pass - pass0, (unsigned)t_fail - fail0);
}

/* A line given with its length (it may hold NUL bytes). */
typedef struct edge {
    const char *s;
    size_t len;
} edge;
#define E(lit)                                                                                     \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

/* Hand-picked lines where a chunk's end can fall inside every kind of
 * token: each at every split (and every pair of splits when short), in
 * both buffer modes. */
void test_jsonl_stream_edges(void)
{
    static const edge edges[] = {
        E("{\"text\":\"\\uD83D\\uDE00 caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xb0\",\"url\":\"u\"}"),
        E("{\"text\":\"MOSCOW, April 7 (Reuters) \\u2014 Talks\\n\\u00a9 2022\"}"),
        E("{\"a\":-0.5e+3,\"b\":0,\"c\":-0,\"d\":1E9,\"e\":[true,false,null],\"f\":0e1}"),
        E("{\"id\":18446744073709551616,\"x\":-1e999}"),
        E("123"),
        E("-"),
        E("-0"),
        E("1."),
        E("1e"),
        E("1e+"),
        E("01"),
        E("-01"),
        E("1.5e-3"),
        E("tru"),
        E("truex"),
        E("nul"),
        E("true"),
        E("falsey"),
        E("\"str\""),
        E("[]"),
        E("{}"),
        E(" "),
        E(""),
        E("\t\r\n"),
        E("x"),
        E("+1"),
        E(".5"),
        E("{\"a\":+1}"),
        E("{\"a\":.5}"),
        E("\xef\xbb\xbf{}"),
        E("\xef\xbb"),
        E("\xef"),
        E("\xef\xbb\xbf"),
        E("\xef\xbb\xbe{}"),
        E("\xef\xbb\xbf\xef\xbb\xbf{}"),
        E(" \xef\xbb\xbf{}"),
        E("{\"text\":\"\\uD83D\"}"),
        E("{\"text\":\"\\uD83D\\u0041\"}"),
        E("{\"text\":\"\\uDE00\"}"),
        E("{\"text\":\"\\u12\"}"),
        E("{\"text\":\"\\u12G4\"}"),
        E("{\"text\":\"\\x\"}"),
        E("{\"text\":\"\\"),
        E("{\"text\":\"\\u"),
        E("{\"text\":\"\\uD8"),
        E("{\"text\":\"\\uD83D\\uDE0"),
        E("{\"text\":\"\\uD83D\\"),
        E("{\"text\":\"\\uD83D\\uDE0\"}"),
        E("{\"text\":\"\\uD83D\\uD83D\"}"),
        E("{\"text\":\"\\uD83Dx\"}"),
        E("{\"text\":\"\xe2\x82"),
        E("{\"text\":\"\xe2\x82\"}"),
        E("{\"text\":\"\xed\xa0\x80\"}"),
        E("{\"text\":\"\xc0\x80\"}"),
        E("{\"text\":\"\xf4\x90\x80\x80\"}"),
        E("{\"text\":\"\xf0\x9f\x93"),
        E("{\"text\":\"\xf0\x9f\x93\xb0\xf0\"}"),
        E("{\"text\":\"\x80\"}"),
        E("{\"text\":\"a\x01\"}"),
        E("{\"text\":\"\x7f\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"}"),
        E("{\"te\\u0078t\":\"x\",\"text\":\"y\\/z\"}"),
        E("{\"text\":\"y\",\"te\\u0078t\":\"x\"}"),
        E("{\"meta\":{\"source\":{\"url\":\"a\"}},\"meta\":{}}"),
        E("{\"meta\":{\"source\":{\"url\":\"a\"}},\"meta\":5}"),
        E("{\"meta\":{\"source\":[{\"url\":\"a\"}]}}"),
        E("{\"a.b\":1,\"a\":{\"b\":\"x\"}}"),
        E("{\"masthead\":\"x\\u0000y\"}"),
        E("{\"masthead\":{\"a\":1},\"url\":\"\\u0075\"}"),
        E("{\"k\\u00e9y\":\"\\\"quoted\\\"\",\"k\xc3\xa9y\":[]}"),
        E("{\"\\u0000\":1}"),
        E("{\"a\":1}x"),
        E("{\"a\":1} "),
        E("{\"a\":1}\r\n"),
        E("{\"a\" 1}"),
        E("{\"a\":1,}"),
        E("[1,]"),
        E("{\"a\":1 \"b\":2}"),
        E("{1:2}"),
        E("{\"a\":1"),
        E("{\"a\":"),
        E("{\"a\""),
        E("{\"a"),
        E("{"),
        E("{\"a\":1}\0"),
        E("{\"a\":1\0}"),
        E("{\"a\":tru\0e}"),
        E("{\"a\":[}"),
        E("{\"a\":]"),
        E("{\"a\":{\"b\":[1,{\"c\":[]}]}}"),
        E("[{\"text\":\"x\"}]"),
        E("{}{}"),
        E("{\"url\":\"https://tass.com/x\"}   \n"),
        E("{\"a\":\"\t\"}"),
        E("{\"a\":nulL}"),
    };
    unsigned failures = 0;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        every_split(edges[i].s, edges[i].len, 0, &failures);
        every_split(edges[i].s, edges[i].len, 0x01234567u, &failures);
        every_split(edges[i].s, edges[i].len, 0x98765433u, &failures);
    }
}

/* Nesting at and past the limit, in one-byte and odd chunks. */
void test_jsonl_stream_depth(void)
{
    unsigned failures = 0;
    static const size_t levels[] = {1, 8, 9, 10, 11, 511, 512, 513, 700};
    size_t one = 1, odd[3] = {7, 3, 100};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        size_t n = levels[i];
        char *line = malloc(8 * n + 16);
        size_t p = 0;
        for (size_t d = 0; d < n; d++) { /* {"meta":{"meta":...[...]}} */
            memcpy(line + p, d % 2 ? "[" : "{\"meta\":", d % 2 ? 1 : 8);
            p += d % 2 ? 1 : 8;
        }
        line[p++] = '1';
        for (size_t d = n; d-- > 0;)
            line[p++] = d % 2 ? ']' : '}';
        expect_agree(line, p, &one, 1, 0, "nested", &failures);
        expect_agree(line, p, odd, 3, 0x11111111u, "nested", &failures);
        expect_agree(line, p - 1, odd, 3, 0, "nested, cut", &failures);
        free(line);
    }
}

/* A key is matched against the paths as decoded text of at most
 * MH_JSONL_MAX_PATH - 1 bytes: longer keys only validate, escaped keys
 * match, a key cut by a chunk's end still matches. */
void test_jsonl_stream_keys(void)
{
    char longpath[MH_JSONL_MAX_PATH], nested[MH_JSONL_MAX_PATH];
    memset(longpath, 'k', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    memset(nested, 'n', sizeof nested - 1);
    nested[sizeof nested - 3] = '.';
    nested[sizeof nested - 1] = '\0';
    const char *kpaths[] = {longpath, nested, "x"};
    mh_jsonl_spec spec;
    CHECK(mh_jsonl_spec_init(&spec, kpaths, 3, "masthead", 0, 0) == MH_OK);
    size_t bufsize[4] = {64, 64, 64, 64}, one = 1, odd[2] = {5, 9};
    char why[400];
    char line[4096];
    /* {"kkk...k":"hit"} with 254, 255 and 256 k's; escaped and raw */
    for (size_t n = 254; n <= 256; n++)
        for (int esc = 0; esc < 2; esc++) {
            size_t p = 0;
            line[p++] = '{';
            line[p++] = '"';
            for (size_t i = 0; i < n; i++) {
                if (esc && i % 50 == 0) {
                    memcpy(line + p, "\\u006b", 6);
                    p += 6;
                } else {
                    line[p++] = 'k';
                }
            }
            memcpy(line + p, "\":\"hit\",\"x\":2}", 14);
            p += 14;
            mh_jsonl_result r;
            char b[4 * 64];
            give_buffers(&r, b, bufsize, 3, false);
            mh_jsonl_stream st;
            CHECK(mh_jsonl_stream_init(&st, &spec, &r) == MH_OK);
            for (size_t i = 0; i < p; i++)
                CHECK(mh_jsonl_stream_feed(&st, line + i, 1) == MH_OK);
            CHECK(mh_jsonl_stream_finish(&st) == MH_OK);
            CHECK((r.field[0].type == MH_JSONL_STRING) == (n == 255));
            CHECK(r.field[2].type == MH_JSONL_NUMBER && r.field[2].end == p - 1);
            CHECK(agree_with(line, p, &spec, bufsize, true, &one, 1, why, sizeof why));
            CHECK(agree_with(line, p, &spec, bufsize, false, odd, 2, why, sizeof why));
        }
    /* a nested path whose segments are 252 and 2 bytes */
    size_t p = 0;
    line[p++] = '{';
    line[p++] = '"';
    memset(line + p, 'n', 253);
    p += 253;
    memcpy(line + p, "\":{\"nn\":\"deep\"}}", 16);
    p += 16;
    CHECK(agree_with(line, p, &spec, bufsize, false, &one, 1, why, sizeof why));
}

/* The line of test_jsonl_stream_huge: a text field of about `target`
 * bytes with escapes, two- to four-byte UTF-8 and surrogate pairs, then
 * the small fields. *decoded receives the text's decoded length and
 * prefix[] (its first prefix_size - 1 bytes, NUL-terminated) its start. */
static char *huge_line(size_t target, size_t *len, size_t *decoded, char *prefix,
                       size_t prefix_size)
{
    char *line = malloc(target + 1024);
    if (!line)
        return NULL;
    static const char head[] = "{\"id\":\"rt-2022-04-07\",\"text\":\"";
    static const struct {
        const char *raw, *dec;
    } pieces[] = {
        {"WASHINGTON (AP) \\u2014 ", "WASHINGTON (AP) \xe2\x80\x94 "},
        {"Pentagon officials said ", "Pentagon officials said "},
        {"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 ",
         "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 "},
        {"\\\"quoted\\\"\\n", "\"quoted\"\n"},
        {"\\ud83d\\udcf0 ", "\xf0\x9f\x93\xb0 "},
        {"\xe4\xb8\xad\xe5\x9b\xbd ", "\xe4\xb8\xad\xe5\x9b\xbd "},
        {"\xc2\xa9 2022 The Associated Press. ", "\xc2\xa9 2022 The Associated Press. "},
    };
    size_t p = sizeof head - 1, d = 0, k = 0;
    memcpy(line, head, p);
    while (p < target) {
        const char *raw = pieces[k % 7].raw, *dec = pieces[k % 7].dec;
        size_t rn = strlen(raw), dn = strlen(dec);
        memcpy(line + p, raw, rn);
        if (d < prefix_size - 1)
            memcpy(prefix + d, dec, dn < prefix_size - 1 - d ? dn : prefix_size - 1 - d);
        p += rn;
        d += dn;
        k = k * 7 % 11 + 1; /* an irregular order */
    }
    prefix[prefix_size - 1] = '\0';
    static const char tail[] =
        "\",\"url\":\"https:\\/\\/tass.com\\/politics\\/1\","
        "\"meta\":{\"source\":{\"url\":\"https://www.rt.com/news/553513/\"}},"
        "\"n\":-1.5e10}";
    memcpy(line + p, tail, sizeof tail - 1);
    *len = p + sizeof tail - 1;
    *decoded = d;
    return line;
}

/* Feed line in 64 KiB chunks, each in a buffer of its own that is freed
 * once fed (ASan catches a stream that kept one). */
static mh_status feed_64k(const char *line, size_t len, const mh_jsonl_spec *spec,
                          mh_jsonl_result *r)
{
    mh_jsonl_stream st;
    if (mh_jsonl_stream_init(&st, spec, r) != MH_OK)
        return MH_ERR_INTERNAL;
    for (size_t p = 0; p < len;) {
        size_t n = len - p < 65536 ? len - p : 65536;
        char *chunk = malloc(n);
        if (!chunk)
            return MH_ERR_NOMEM;
        memcpy(chunk, line + p, n);
        mh_status s = mh_jsonl_stream_feed(&st, chunk, n);
        free(chunk);
        p += n;
        if (s != MH_OK)
            break;
    }
    return mh_jsonl_stream_finish(&st);
}

/* A multi-megabyte record in 64 KiB chunks: its text cut at a small
 * buffer, its url and other fields whole, everything as the one-shot scan
 * of the whole line says; errors deep inside it at absolute offsets. */
void test_jsonl_stream_huge(void)
{
    static const char *const hpaths[] = {"text", "url", "meta.source.url", "id", "n"};
    enum { H_TEXT, H_URL, H_SRC, H_ID, H_N, H_PATHS };
    mh_jsonl_spec spec;
    CHECK(mh_jsonl_spec_init(&spec, hpaths, H_PATHS, "masthead", 0, 0) == MH_OK);
    CHECK(sizeof(mh_jsonl_stream) <= 2048); /* bounded, whatever the line */
    size_t len, decoded;
    char prefix[4096];
    char *line = huge_line(12u << 20, &len, &decoded, prefix, sizeof prefix);
    CHECK(line != NULL);
    if (!line)
        return;
    static char bufs[2][H_PATHS][4096];
    mh_jsonl_result *rs = malloc(sizeof *rs), *ro = malloc(sizeof *ro);
    mh_jsonl_result_init(rs);
    mh_jsonl_result_init(ro);
    for (int i = 0; i < H_PATHS; i++) {
        rs->field[i].buf = bufs[0][i];
        ro->field[i].buf = bufs[1][i];
        rs->field[i].size = ro->field[i].size = sizeof bufs[0][i];
        ro->field[i].copy = true;
    }
    CHECK(feed_64k(line, len, &spec, rs) == MH_OK);
    CHECK(mh_jsonl_scan(line, len, &spec, ro) == MH_OK);
    const mh_jsonl_value *t = &rs->field[H_TEXT];
    CHECK(t->type == MH_JSONL_STRING && t->truncated && t->escaped);
    CHECK(t->full_len == decoded && t->len <= sizeof prefix - 1 && t->len + 4 > sizeof prefix - 1);
    CHECK(t->str == bufs[0][H_TEXT] && t->str[t->len] == '\0');
    CHECK(memcmp(t->str, prefix, t->len) == 0);
    CHECK(t->start == 29 && line[t->end - 1] == '"' && line[t->end] == ',');
    CHECK_STR(rs->field[H_URL].str, "https://tass.com/politics/1");
    CHECK_STR(rs->field[H_SRC].str, "https://www.rt.com/news/553513/");
    CHECK_STR(rs->field[H_ID].str, "rt-2022-04-07");
    CHECK(rs->field[H_N].type == MH_JSONL_NUMBER && rs->field[H_N].end == len - 1);
    CHECK(rs->close_brace == len - 1 && !rs->has_annotation_key);
    char why[400] = "";
    CHECK(same_result(MH_OK, ro, MH_OK, rs, H_PATHS, why, sizeof why));
    if (why[0])
        fprintf(stderr, "  %s\n", why);

    /* the line ends inside the text: unterminated, at its opening quote */
    CHECK(feed_64k(line, len / 2, &spec, rs) == MH_ERR_INPUT);
    CHECK(rs->error == MH_JSONL_UNTERMINATED && rs->error_offset == 29);
    /* a bad byte 9 MB in: reported where it is */
    const char *pentagon = memmem(line + (9u << 20), len - (9u << 20), "Pentagon", 8);
    size_t at = pentagon ? (size_t)(pentagon - line) : 0;
    char saved = line[at];
    line[at] = '\x01';
    CHECK(feed_64k(line, len, &spec, rs) == MH_ERR_INPUT);
    CHECK(rs->error == MH_JSONL_CONTROL_CHAR && rs->error_offset == at);
    line[at] = saved;
    free(line);

    /* a 5 MB key and a 5 MB number are read, never held */
    size_t big = 5u << 20, p = 2;
    line = malloc(2 * big + 64);
    memcpy(line, "{\"", 2);
    memset(line + p, 'k', big);
    p += big;
    memcpy(line + p, "\":1,\"n\":-", 9);
    p += 9;
    memset(line + p, '7', big);
    p += big;
    memcpy(line + p, ".5e3}", 5);
    p += 5;
    CHECK(feed_64k(line, p, &spec, rs) == MH_OK);
    CHECK(rs->field[H_N].type == MH_JSONL_NUMBER && rs->field[H_N].start == big + 10);
    CHECK(rs->field[H_N].end == p - 1 && rs->field[H_TEXT].type == MH_JSONL_ABSENT);
    free(line);
    free(rs);
    free(ro);
}

/* The contract around the scan: arguments, finish twice, feeding after an
 * error or after finish, empty feeds. */
void test_jsonl_stream_api(void)
{
    mh_jsonl_spec spec;
    mh_jsonl_result r;
    mh_jsonl_stream st;
    const char *p1[] = {"url"};
    char ubuf[32];
    CHECK(mh_jsonl_spec_init(&spec, p1, 1, NULL, 0, MH_JSONL_SKIP_BOM) == MH_OK);
    mh_jsonl_result_init(&r);
    r.field[0].buf = ubuf;
    r.field[0].size = sizeof ubuf;
    CHECK(mh_jsonl_stream_init(NULL, &spec, &r) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_init(&st, NULL, &r) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_init(&st, &spec, NULL) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_init(&st, &spec, &r) == MH_OK);
    CHECK(mh_jsonl_stream_feed(NULL, "x", 1) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_feed(&st, NULL, 1) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_feed(&st, NULL, 0) == MH_OK);
    CHECK(mh_jsonl_stream_feed(&st, "\xef\xbb", 2) == MH_OK); /* a BOM, cut */
    CHECK(mh_jsonl_stream_feed(&st, "\xbf{\"url\":\"https:\\/", 17) == MH_OK);
    CHECK(mh_jsonl_stream_feed(&st, "\\/sputnikglobe.com\"}\n", 21) == MH_OK);
    CHECK(mh_jsonl_stream_finish(NULL) == MH_ERR_ARG);
    CHECK(mh_jsonl_stream_finish(&st) == MH_OK);
    CHECK_STR(r.field[0].str, "https://sputnikglobe.com");
    CHECK(r.field[0].start == 10 && r.field[0].end == 38 && r.value_start == 3);
    CHECK(r.close_brace == 38);
    CHECK(mh_jsonl_stream_finish(&st) == MH_OK);
    CHECK(mh_jsonl_stream_feed(&st, "x", 1) == MH_ERR_ARG);
    /* an error is final at once, and stays */
    CHECK(mh_jsonl_stream_init(&st, &spec, &r) == MH_OK);
    CHECK(mh_jsonl_stream_feed(&st, "{\"url\":'", 8) == MH_ERR_INPUT);
    CHECK(r.error == MH_JSONL_EXPECTED_VALUE && r.error_offset == 7);
    CHECK(mh_jsonl_stream_feed(&st, "}", 1) == MH_ERR_INPUT);
    CHECK(mh_jsonl_stream_finish(&st) == MH_ERR_INPUT && r.error_offset == 7);
    char reason[128];
    mh_jsonl_describe(&r, &spec, reason, sizeof reason);
    CHECK_STR(reason, "expected a value at byte 7");
    /* no buffer: the length is known, nothing stored */
    r.field[0].buf = NULL;
    r.field[0].size = 0;
    CHECK(mh_jsonl_stream_init(&st, &spec, &r) == MH_OK);
    CHECK(mh_jsonl_stream_feed(&st, "{\"url\":\"ab\\u00e9\"}", 18) == MH_OK);
    CHECK(mh_jsonl_stream_finish(&st) == MH_OK);
    CHECK(r.field[0].truncated && r.field[0].len == 0 && r.field[0].full_len == 4);
    CHECK_STR(r.field[0].str, "");
}
