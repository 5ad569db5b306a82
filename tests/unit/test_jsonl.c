/* test_jsonl.c — the JSONL record scanner: validity, reasons and offsets,
 * field extraction, escapes, surrogates, nesting, huge strings, BOM. */
#include <stdlib.h>

#include "harness.h"
#include "jsonl.h"

/* The fields every test reads, and the annotation key. */
static const char *const test_paths[] = {"text", "url", "meta.source.url", "meta", "id"};
enum { F_TEXT, F_URL, F_SRC_URL, F_META, F_ID, NPATHS };

static mh_jsonl_spec spec;
static mh_jsonl_result res;
static char bufs[NPATHS][256];

static void setup(unsigned max_depth, unsigned flags)
{
    CHECK(mh_jsonl_spec_init(&spec, test_paths, NPATHS, "masthead", max_depth, flags) == MH_OK);
    mh_jsonl_result_init(&res);
    for (int i = 0; i < NPATHS; i++) {
        res.field[i].buf = bufs[i];
        res.field[i].size = sizeof bufs[i];
    }
}

/* Scan a line given with its length (lines may hold NUL bytes). */
static mh_status scan_n(const char *line, size_t len)
{
    return mh_jsonl_scan(line, len, &spec, &res);
}

static mh_status scan(const char *line)
{
    return scan_n(line, strlen(line));
}

/* The field's decoded string equals want (NUL-terminated). */
static int field_is(int f, const char *want)
{
    const mh_jsonl_value *v = &res.field[f];
    return v->type == MH_JSONL_STRING && v->len == strlen(want) &&
           memcmp(v->str, want, v->len) == 0;
}

typedef struct bad_case {
    const char *line;
    size_t len; /* 0: strlen */
    mh_jsonl_error error;
    size_t offset;
} bad_case;

static void expect_bad(const bad_case *cases, size_t n, const char *file, int line)
{
    for (size_t i = 0; i < n; i++) {
        const bad_case *c = &cases[i];
        size_t len = c->len ? c->len : strlen(c->line);
        mh_status st = scan_n(c->line, len);
        if (st == MH_ERR_INPUT && res.error == c->error && res.error_offset == c->offset) {
            t_pass++;
            continue;
        }
        t_fail++;
        fprintf(stderr, "%s:%d: case %zu '%s': status %d error %d (%s) at %zu, want %d at %zu\n",
                file, line, i, c->line, (int)st, (int)res.error, mh_jsonl_strerror(res.error),
                res.error_offset, (int)c->error, c->offset);
    }
}

static void expect_good(const char *const *lines, size_t n, const char *file, int line)
{
    for (size_t i = 0; i < n; i++) {
        if (scan(lines[i]) == MH_OK) {
            t_pass++;
            continue;
        }
        t_fail++;
        fprintf(stderr, "%s:%d: '%s' rejected: %s at %zu\n", file, line, lines[i],
                mh_jsonl_strerror(res.error), res.error_offset);
    }
}

#define EXPECT_BAD(cases)  expect_bad(cases, sizeof cases / sizeof cases[0], __FILE__, __LINE__)
#define EXPECT_GOOD(lines) expect_good(lines, sizeof lines / sizeof lines[0], __FILE__, __LINE__)

void test_jsonl_valid(void)
{
    setup(0, 0);
    static const char *const good[] = {
        "{}",
        " \t{ }\r\n",
        "{\"a\":1}",
        "{\"a\":[]}",
        "{\"a\":[1,2,[3,{}]],\"b\":{\"c\":{\"d\":null}}}",
        "{ \"a\" : true , \"b\" : false , \"c\" : null }",
        "{\"\":\"empty key\"}",
        "{\"a\":\"\"}",
        "{\"a\":\"\x7f del is not a control character\"}",
        "{\"a\":\"tab\\tnew line\\nquote\\\" slash\\/ back\\\\ \\b\\f\\r\"}",
        "{\"a\":\"caf\xc3\xa9 \xe2\x80\x94 \xe4\xb8\xad \xf0\x9f\x98\x80\"}",
        "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}",
    };
    EXPECT_GOOD(good);
    CHECK(scan("{ \"a\" : 1 }  ") == MH_OK);
    CHECK(res.value_start == 0 && res.close_brace == 10 && !res.empty && res.depth == 1);
    CHECK(scan("  {  } ") == MH_OK);
    CHECK(res.value_start == 2 && res.close_brace == 5 && res.empty);
    CHECK(scan("{\"a\":[[{}]]}") == MH_OK && res.depth == 4);
}

void test_jsonl_invalid(void)
{
    setup(0, 0);
    static const bad_case bad[] = {
        {"", 0, MH_JSONL_EMPTY, 0},
        {" \t\r\n", 0, MH_JSONL_EMPTY, 4},
        {"[1,2]", 0, MH_JSONL_NOT_OBJECT, 0},
        {" \"a string\"", 0, MH_JSONL_NOT_OBJECT, 1},
        {"42", 0, MH_JSONL_NOT_OBJECT, 0},
        {"null", 0, MH_JSONL_NOT_OBJECT, 0},
        {"{", 0, MH_JSONL_TRUNCATED, 1},
        {"{\"a\"", 0, MH_JSONL_TRUNCATED, 4},
        {"{\"a\":", 0, MH_JSONL_TRUNCATED, 5},
        {"{\"a\":1", 0, MH_JSONL_TRUNCATED, 6},
        {"{\"a\":[1,", 0, MH_JSONL_TRUNCATED, 8},
        {"{\"a\":\"abc", 0, MH_JSONL_UNTERMINATED, 5},
        {"{\"ab", 0, MH_JSONL_UNTERMINATED, 1},
        {"{\"a\":\"x\\", 0, MH_JSONL_UNTERMINATED, 5},
        {"{\"a\":1}x", 0, MH_JSONL_TRAILING, 7},
        {"{\"a\":1} {}", 0, MH_JSONL_TRAILING, 8},
        {"{\"a\":1}}", 0, MH_JSONL_TRAILING, 7},
        {"{\"a\":1,}", 0, MH_JSONL_EXPECTED_KEY, 7},
        {"{,}", 0, MH_JSONL_EXPECTED_KEY, 1},
        {"{a:1}", 0, MH_JSONL_EXPECTED_KEY, 1},
        {"{'a':1}", 0, MH_JSONL_EXPECTED_KEY, 1},
        {"{\"a\" 1}", 0, MH_JSONL_EXPECTED_COLON, 5},
        {"{\"a\":1 \"b\":2}", 0, MH_JSONL_EXPECTED_COMMA, 7},
        {"{\"a\":[1 2]}", 0, MH_JSONL_EXPECTED_COMMA, 8},
        {"{\"a\":[1,]}", 0, MH_JSONL_EXPECTED_VALUE, 8},
        {"{\"a\":[,1]}", 0, MH_JSONL_EXPECTED_VALUE, 6},
        {"{\"a\":]}", 0, MH_JSONL_EXPECTED_VALUE, 5},
        {"{\"a\":[1}", 0, MH_JSONL_EXPECTED_COMMA, 7},
        {"{\"a\":{]}", 0, MH_JSONL_EXPECTED_KEY, 6},
        {"{\"a\":tru}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"a\":truex}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"a\":True}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"a\":undefined}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"a\":\"x\\q\"}", 0, MH_JSONL_BAD_ESCAPE, 7},
        {"{\"a\":\"\\x41\"}", 0, MH_JSONL_BAD_ESCAPE, 6},
        {"{\"a\":\"\\'\"}", 0, MH_JSONL_BAD_ESCAPE, 6},
        {"{\"a\":\"\\u12G4\"}", 0, MH_JSONL_BAD_UNICODE, 6},
        {"{\"a\":\"\\u12\"}", 0, MH_JSONL_BAD_UNICODE, 6},
        {"{\"a\":\"\\U0041\"}", 0, MH_JSONL_BAD_ESCAPE, 6},
        {"{\"a\" /* c */ :1}", 0, MH_JSONL_EXPECTED_COLON, 5},
        {"{\"a\":1}\x00", 8, MH_JSONL_TRAILING, 7},
        {"\x00{}", 3, MH_JSONL_EXPECTED_VALUE, 0},
        {"{\"a\":\xc3\xa9}", 0, MH_JSONL_EXPECTED_VALUE, 5},
    };
    EXPECT_BAD(bad);
}

void test_jsonl_numbers(void)
{
    setup(0, 0);
    static const char *const good[] = {
        "{\"n\":0}",
        "{\"n\":-0}",
        "{\"n\":7}",
        "{\"n\":-7}",
        "{\"n\":1234567890}",
        "{\"n\":0.5}",
        "{\"n\":-0.5}",
        "{\"n\":10.25}",
        "{\"n\":1e5}",
        "{\"n\":1E5}",
        "{\"n\":1e+5}",
        "{\"n\":1e-5}",
        "{\"n\":-1.5E-05}",
        "{\"n\":0e0}",
        "{\"n\":0.0}",
        "{\"n\":[0,1,-1,2.5]}",
        /* valid JSON that jansson refuses (range): accepted here, raw text kept */
        "{\"n\":18446744073709551616}",
        "{\"n\":-9223372036854775809}",
        "{\"n\":1e400}",
        "{\"n\":123456789012345678901234567890.5e-3}",
    };
    EXPECT_GOOD(good);
    static const bad_case bad[] = {
        {"{\"n\":01}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":-01}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":00}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":1.}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":1.e5}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":.5}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":+1}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":-}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":--1}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":1e}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":1e+}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":1E-}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":-", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":NaN}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"n\":Infinity}", 0, MH_JSONL_BAD_TOKEN, 5},
        {"{\"n\":-Infinity}", 0, MH_JSONL_BAD_NUMBER, 5},
        {"{\"n\":0x10}", 0, MH_JSONL_EXPECTED_COMMA, 6},
        {"{\"n\":1.5.5}", 0, MH_JSONL_EXPECTED_COMMA, 8},
        {"{\"n\":1_000}", 0, MH_JSONL_EXPECTED_COMMA, 6},
        {"{\"n\":1 000}", 0, MH_JSONL_EXPECTED_COMMA, 7},
    };
    EXPECT_BAD(bad);
    /* a number field is reported as such, with its raw text */
    CHECK(scan("{\"id\": -12.5e3 }") == MH_OK);
    CHECK(res.field[F_ID].type == MH_JSONL_NUMBER);
    CHECK(res.field[F_ID].start == 7 && res.field[F_ID].end == 14);
}

void test_jsonl_fields(void)
{
    setup(0, 0);
    const char *line = "{\"id\":7,\"url\":\"https://www.aljazeera.com/news/2024/5/1/x\","
                       "\"meta\":{\"source\":{\"url\":\"https://aje.io/abc\"},\"lang\":\"en\"},"
                       "\"text\":\"DOHA (Reuters) \\u2014 Talks resumed.\"}";
    CHECK(scan(line) == MH_OK);
    CHECK(field_is(F_URL, "https://www.aljazeera.com/news/2024/5/1/x"));
    CHECK(!res.field[F_URL].escaped && res.field[F_URL].str == line + 15); /* not copied */
    CHECK(field_is(F_SRC_URL, "https://aje.io/abc"));
    CHECK(field_is(F_TEXT, "DOHA (Reuters) \xe2\x80\x94 Talks resumed."));
    CHECK(res.field[F_TEXT].escaped && res.field[F_TEXT].str == bufs[F_TEXT]);
    CHECK(res.field[F_META].type == MH_JSONL_OBJECT);
    CHECK(line[res.field[F_META].start] == '{' && line[res.field[F_META].end - 1] == '}');
    CHECK(res.field[F_ID].type == MH_JSONL_NUMBER);
    CHECK(!res.has_annotation_key && res.annotation.type == MH_JSONL_ABSENT);

    /* absent, non-string and wrong-shape paths */
    CHECK(scan("{\"text\":null,\"url\":[\"x\"],\"meta\":\"flat\"}") == MH_OK);
    CHECK(res.field[F_TEXT].type == MH_JSONL_NULL);
    CHECK(res.field[F_URL].type == MH_JSONL_ARRAY);
    CHECK(res.field[F_META].type == MH_JSONL_STRING);
    CHECK(res.field[F_SRC_URL].type == MH_JSONL_ABSENT);
    CHECK(res.field[F_ID].type == MH_JSONL_ABSENT);
    CHECK(scan("{\"meta\":{\"source\":[{\"url\":\"in an array\"}]}}") == MH_OK);
    CHECK(res.field[F_SRC_URL].type == MH_JSONL_ABSENT);
    /* a key deeper than its path's level, or nested inside another value, is not the field */
    CHECK(scan("{\"x\":{\"text\":\"nested\"},\"a\":[{\"url\":\"u\"}]}") == MH_OK);
    CHECK(res.field[F_TEXT].type == MH_JSONL_ABSENT && res.field[F_URL].type == MH_JSONL_ABSENT);

    /* escaped keys are compared decoded */
    CHECK(scan("{\"te\\u0078t\":\"a\",\"\\u0075rl\":\"b\",\"m\\u0065ta\":{\"source\":{"
               "\"ur\\u006c\":\"c\"}}}") == MH_OK);
    CHECK(field_is(F_TEXT, "a") && field_is(F_URL, "b") && field_is(F_SRC_URL, "c"));
    /* near misses are not matches */
    CHECK(scan("{\"Text\":\"a\",\"text \":\"b\",\"tex\":\"c\",\"texts\":\"d\"}") == MH_OK);
    CHECK(res.field[F_TEXT].type == MH_JSONL_ABSENT);

    /* the annotation key, at the top level only */
    CHECK(scan("{\"a\":{\"masthead\":1}}") == MH_OK && !res.has_annotation_key);
    CHECK(scan("{\"a\":1, \"masthead\" : {\"publisher\":null} }") == MH_OK);
    CHECK(res.has_annotation_key && res.annotation.type == MH_JSONL_OBJECT);
    CHECK(res.annotation.start == 21 && res.annotation.end == 39 && res.close_brace == 40);
    CHECK(scan("{\"mast\\u0068ead\":null}") == MH_OK && res.has_annotation_key);

    /* whitespace everywhere tokens may be separated */
    CHECK(scan("\t{ \"meta\" :\r\n{ \"source\" : { \"url\" : \"s\" } } , \"text\" :\t\"t\" }\r") ==
          MH_OK);
    CHECK(field_is(F_SRC_URL, "s") && field_is(F_TEXT, "t"));
}

void test_jsonl_duplicates(void)
{
    setup(0, 0);
    /* jansson keeps the last value of a duplicate key; so do we */
    CHECK(scan("{\"text\":\"first\",\"text\":\"second\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "second"));
    CHECK(scan("{\"text\":\"first\",\"text\":3}") == MH_OK);
    CHECK(res.field[F_TEXT].type == MH_JSONL_NUMBER);
    CHECK(scan("{\"text\":{\"a\":1},\"text\":\"s\"}") == MH_OK && field_is(F_TEXT, "s"));
    /* a later intermediate object replaces the earlier one entirely */
    CHECK(scan("{\"meta\":{\"source\":{\"url\":\"a\"}},\"meta\":{\"lang\":\"en\"}}") == MH_OK);
    CHECK(res.field[F_SRC_URL].type == MH_JSONL_ABSENT);
    CHECK(res.field[F_META].type == MH_JSONL_OBJECT && res.field[F_META].start == 38);
    CHECK(scan("{\"meta\":{\"source\":{\"url\":\"a\"},\"source\":7}}") == MH_OK);
    CHECK(res.field[F_SRC_URL].type == MH_JSONL_ABSENT);
    CHECK(scan("{\"meta\":{\"source\":{\"url\":\"a\",\"url\":\"b\"}}}") == MH_OK);
    CHECK(field_is(F_SRC_URL, "b"));
    CHECK(scan("{\"meta\":1,\"meta\":{\"source\":{\"url\":\"c\"}}}") == MH_OK);
    CHECK(field_is(F_SRC_URL, "c") && res.field[F_META].type == MH_JSONL_OBJECT);
    /* the first value was decoded as it was scanned: the last still wins */
    CHECK(scan("{\"text\":\"\\u00e9t\\u00e9\",\"text\":\"hiver\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "hiver") && !res.field[F_TEXT].escaped);
    CHECK(scan("{\"text\":\"\\u00e9t\\u00e9\",\"text\":null}") == MH_OK);
    CHECK(res.field[F_TEXT].type == MH_JSONL_NULL && res.field[F_TEXT].str == NULL);
    CHECK(scan("{\"text\":\"plain\",\"text\":\"\\u00e9t\\u00e9\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "\xc3\xa9t\xc3\xa9") && res.field[F_TEXT].escaped);
    /* results from a previous line never leak into the next */
    CHECK(scan("{\"other\":1}") == MH_OK);
    CHECK(res.field[F_SRC_URL].type == MH_JSONL_ABSENT &&
          res.field[F_META].type == MH_JSONL_ABSENT);
}

/* Two paths naming one key: the scan decodes the value for the first, the
 * second decodes it after; both get the same text, cut to their own
 * buffers. */
static void same_key_twice(void)
{
    static const char *const paths[] = {"text", "text"};
    mh_jsonl_spec sp;
    mh_jsonl_result r;
    char big[64], small[6];
    CHECK(mh_jsonl_spec_init(&sp, paths, 2, NULL, 0, 0) == MH_OK);
    mh_jsonl_result_init(&r);
    r.field[0].buf = big;
    r.field[0].size = sizeof big;
    r.field[1].buf = small;
    r.field[1].size = sizeof small;
    const char *line = "{\"text\":\"caf\\u00e9 au lait\"}";
    CHECK(mh_jsonl_scan(line, strlen(line), &sp, &r) == MH_OK);
    CHECK(r.field[0].len == 13 && memcmp(r.field[0].str, "caf\xc3\xa9 au lait", 13) == 0);
    CHECK(!r.field[0].truncated && r.field[0].full_len == 13);
    /* 5 bytes fit: "caf" and the whole "é", never half of it */
    CHECK(r.field[1].len == 5 && memcmp(r.field[1].str, "caf\xc3\xa9", 5) == 0);
    CHECK(r.field[1].truncated && r.field[1].full_len == 13);
    /* the other way round: the first path's buffer is the small one */
    r.field[0].buf = small;
    r.field[0].size = 5;
    r.field[1].buf = big;
    r.field[1].size = sizeof big;
    CHECK(mh_jsonl_scan(line, strlen(line), &sp, &r) == MH_OK);
    CHECK(r.field[0].len == 3 && memcmp(r.field[0].str, "caf", 3) == 0 && r.field[0].truncated);
    CHECK(r.field[1].len == 13 && !r.field[1].truncated);
}

void test_jsonl_escapes(void)
{
    same_key_twice();
    setup(0, 0);
    CHECK(scan("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "\"\\/\b\f\n\r\t"));
    CHECK(scan("{\"text\":\"\\u00e9\\u00C9\\u4e2d\\u20AC\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "\xc3\xa9\xc3\x89\xe4\xb8\xad\xe2\x82\xac"));
    CHECK(scan("{\"text\":\"\\u0041\\u007f\\u0080\\u07ff\\u0800\\uffff\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "A\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf"));
    /* "\u0000" is valid JSON: the value then holds a NUL byte */
    CHECK(scan("{\"text\":\"a\\u0000b\"}") == MH_OK);
    CHECK(res.field[F_TEXT].len == 3 && memcmp(res.field[F_TEXT].str, "a\0b", 3) == 0);
    CHECK(res.field[F_TEXT].has_nul);
    CHECK(scan("{\"\\u0000\":1}") == MH_OK); /* jansson refuses NUL in keys: documented */
    /* copy makes even an unescaped value a NUL-terminated string in the buffer */
    res.field[F_URL].copy = true;
    CHECK(scan("{\"url\":\"https://tass.com/world/1\"}") == MH_OK);
    CHECK(res.field[F_URL].str == bufs[F_URL] &&
          strcmp(bufs[F_URL], "https://tass.com/world/1") == 0);
    res.field[F_URL].copy = false;
    /* the public unescape helper */
    char out[16];
    size_t w = 0;
    CHECK(mh_jsonl_unescape("x\\ty", 4, out, sizeof out, &w) == 3 && w == 3 &&
          strcmp(out, "x\ty") == 0);
}

void test_jsonl_surrogates(void)
{
    setup(0, 0);
    CHECK(scan("{\"text\":\"\\ud83d\\ude00 \\uD834\\uDD1E\"}") == MH_OK);
    CHECK(field_is(F_TEXT, "\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e"));
    CHECK(scan("{\"text\":\"\\udbff\\udfff\"}") == MH_OK && field_is(F_TEXT, "\xf4\x8f\xbf\xbf"));
    static const bad_case bad[] = {
        {"{\"a\":\"\\ud800\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\udc00\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"x\\udfff\"}", 0, MH_JSONL_LONE_SURROGATE, 7},
        {"{\"a\":\"\\ude00\\ud83d\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\ud83d\\u0041\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\ud83d\\ud83d\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\ud83dx\\ude00\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\ud83d\\n\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"a\":\"\\ud83d\\ude0\"}", 0, MH_JSONL_LONE_SURROGATE, 6},
        {"{\"\\ud800\":1}", 0, MH_JSONL_LONE_SURROGATE, 2},
    };
    EXPECT_BAD(bad);
}

void test_jsonl_utf8(void)
{
    setup(0, 0);
    static const char *const good[] = {
        "{\"a\":\"\xc2\x80\xdf\xbf\"}",         /* 2-byte bounds */
        "{\"a\":\"\xe0\xa0\x80\xef\xbf\xbf\"}", /* 3-byte bounds */
        "{\"a\":\"\xed\x9f\xbf\xee\x80\x80\"}", /* either side of the surrogates */
        "{\"a\":\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"}",
        "{\"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\":"
        "\"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0\"}",
    };
    EXPECT_GOOD(good);
    static const bad_case bad[] = {
        {"{\"a\":\"\xc0\x80\"}", 0, MH_JSONL_BAD_UTF8, 6},         /* overlong NUL */
        {"{\"a\":\"\xc1\xbf\"}", 0, MH_JSONL_BAD_UTF8, 6},         /* overlong */
        {"{\"a\":\"\xe0\x80\x80\"}", 0, MH_JSONL_BAD_UTF8, 6},     /* overlong 3 */
        {"{\"a\":\"\xf0\x80\x80\x80\"}", 0, MH_JSONL_BAD_UTF8, 6}, /* overlong 4 */
        {"{\"a\":\"\xed\xa0\x80\"}", 0, MH_JSONL_BAD_UTF8, 6},     /* encoded surrogate */
        {"{\"a\":\"\xf4\x90\x80\x80\"}", 0, MH_JSONL_BAD_UTF8, 6}, /* beyond U+10FFFF */
        {"{\"a\":\"\xf5\x80\x80\x80\"}", 0, MH_JSONL_BAD_UTF8, 6},
        {"{\"a\":\"\xff\"}", 0, MH_JSONL_BAD_UTF8, 6},
        {"{\"a\":\"x\x80\"}", 0, MH_JSONL_BAD_UTF8, 7}, /* lone continuation */
        {"{\"a\":\"\xc3\"}", 0, MH_JSONL_BAD_UTF8, 6},  /* cut before the quote */
        {"{\"a\":\"\xe2\x82\"}", 0, MH_JSONL_BAD_UTF8, 6},
        {"{\"a\":\"\xc3", 0, MH_JSONL_BAD_UTF8, 6}, /* cut by the line end */
        {"{\"a\":\"\xd0\xba\xd0\xbb\xd1\"}", 0, MH_JSONL_BAD_UTF8, 10},
        {"{\"\xe9t\xe9\":1}", 0, MH_JSONL_BAD_UTF8, 2}, /* Latin-1 key */
    };
    EXPECT_BAD(bad);
    /* a bad byte far into a long ASCII run is found at its exact offset */
    char line[300];
    memset(line, 'a', sizeof line);
    memcpy(line, "{\"a\":\"", 6);
    line[250] = (char)0xFE;
    memcpy(line + 297, "\"}", 2);
    CHECK(scan_n(line, 299) == MH_ERR_INPUT && res.error == MH_JSONL_BAD_UTF8 &&
          res.error_offset == 250);
    /* two-byte characters are skipped 16 bytes at a time: in a run of them
     * (starting at an even or odd offset), replace each one in turn by
     * another, a cut one, a lone continuation, an overlong one and a
     * three-byte one, and check the verdict and the offset */
    char run[80];
    int wrong = 0;
    for (size_t shift = 0; shift < 2; shift++) {
        for (size_t at = 7 + shift; at + 4 <= 78; at += 2) {
            memset(run, 'a', sizeof run);
            memcpy(run, "{\"a\":\"", 6);
            memcpy(run + 78, "\"}", 2);
            for (size_t i = 7 + shift; i + 2 <= 78; i += 2)
                memcpy(run + i, "\xd0\x96", 2); /* Cyrillic Zhe */
            memcpy(run + at, "\xd1\x8f", 2);
            wrong += scan_n(run, 80) != MH_OK;
            memcpy(run + at, "\xd1\x21", 2); /* lead then ASCII */
            wrong += !(scan_n(run, 80) == MH_ERR_INPUT && res.error_offset == at);
            memcpy(run + at, "\x21\x8f", 2); /* continuation without lead */
            wrong += !(scan_n(run, 80) == MH_ERR_INPUT && res.error_offset == at + 1);
            memcpy(run + at, "\xc1\xbf", 2); /* overlong */
            wrong += !(scan_n(run, 80) == MH_ERR_INPUT && res.error_offset == at);
            memcpy(run + at, "\xe2\x80\x94!", 4); /* em dash and '!' over two */
            wrong += scan_n(run, 80) != MH_OK;
            memcpy(run + at, "\xe0\xa0\x80!", 4); /* U+0800, the first three-byte one */
            wrong += scan_n(run, 80) != MH_OK;
            memcpy(run + at, "\xc2\x80\xdf\xbf", 4); /* the first and last two-byte ones */
            wrong += scan_n(run, 80) != MH_OK;
            memcpy(run + at, "\xe2\x80!!", 4); /* cut em dash */
            wrong += !(scan_n(run, 80) == MH_ERR_INPUT && res.error_offset == at);
        }
    }
    CHECK(wrong == 0);
}

void test_jsonl_control(void)
{
    setup(0, 0);
    static const bad_case bad[] = {
        {"{\"a\":\"tab\there\"}", 0, MH_JSONL_CONTROL_CHAR, 9},
        {"{\"a\":\"line\nbreak\"}", 0, MH_JSONL_CONTROL_CHAR, 10},
        {"{\"a\":\"\x01\"}", 0, MH_JSONL_CONTROL_CHAR, 6},
        {"{\"a\":\"\x1f\"}", 0, MH_JSONL_CONTROL_CHAR, 6},
        {"{\"a\":\"nul\x00here\"}", 16, MH_JSONL_CONTROL_CHAR, 9},
        {"{\"a\x0d\":1}", 0, MH_JSONL_CONTROL_CHAR, 3},
    };
    EXPECT_BAD(bad);
    /* found at its exact offset past the 16-byte fast path too */
    char line[100];
    memset(line, 'x', sizeof line);
    memcpy(line, "{\"a\":\"", 6);
    line[53] = '\x1b';
    memcpy(line + 98, "\"}", 2);
    CHECK(scan_n(line, 100) == MH_ERR_INPUT && res.error == MH_JSONL_CONTROL_CHAR &&
          res.error_offset == 53);
    line[53] = '\x7f';
    CHECK(scan_n(line, 100) == MH_OK);
}

/* n nested arrays inside the record: {"a":[[...]]} */
static char *nested(size_t n, size_t *len)
{
    char *s = malloc(2 * n + 8);
    size_t p = 0;
    memcpy(s, "{\"a\":", 5);
    p = 5;
    memset(s + p, '[', n);
    p += n;
    memset(s + p, ']', n);
    p += n;
    s[p++] = '}';
    *len = p;
    return s;
}

void test_jsonl_depth(void)
{
    size_t len;
    setup(0, 0);
    char *s = nested(MH_JSONL_DEFAULT_DEPTH - 1, &len); /* the record is depth 1 */
    CHECK(scan_n(s, len) == MH_OK && res.depth == MH_JSONL_DEFAULT_DEPTH);
    free(s);
    s = nested(MH_JSONL_DEFAULT_DEPTH, &len);
    CHECK(scan_n(s, len) == MH_ERR_INPUT && res.error == MH_JSONL_DEPTH);
    CHECK(res.error_offset == 5 + MH_JSONL_DEFAULT_DEPTH - 1);
    char msg[80];
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "nesting deeper than 512 at byte 516");
    free(s);
    /* a smaller limit, and the largest one */
    setup(3, 0);
    CHECK(scan("{\"a\":[{}]}") == MH_OK);
    CHECK(scan("{\"a\":[{\"b\":[]}]}") == MH_ERR_INPUT && res.error == MH_JSONL_DEPTH);
    setup(MH_JSONL_MAX_DEPTH, 0);
    s = nested(MH_JSONL_MAX_DEPTH - 1, &len);
    CHECK(scan_n(s, len) == MH_OK);
    free(s);
    /* a hostile line of a million brackets costs no stack */
    s = nested(1000000, &len);
    CHECK(scan_n(s, len) == MH_ERR_INPUT && res.error == MH_JSONL_DEPTH);
    free(s);
    CHECK(mh_jsonl_spec_init(&spec, test_paths, 1, NULL, MH_JSONL_MAX_DEPTH + 1, 0) == MH_ERR_ARG);
}

void test_jsonl_huge(void)
{
    /* an 8 MB text field with an escape every 1000 bytes and some non-ASCII */
    size_t n = 8u << 20;
    char *line = malloc(n + 64);
    size_t p = 0;
    const char *head = "{\"url\":\"https://ria.ru/x\",\"text\":\"";
    p = strlen(head);
    memcpy(line, head, p);
    size_t decoded = 0;
    while (p < n) {
        if (p % 1000 == 0) {
            memcpy(line + p, "\\n", 2);
            p += 2;
        } else if (p % 777 == 0) {
            memcpy(line + p, "\xd0\x96", 2); /* Cyrillic Zhe */
            p += 2;
            decoded++;
        } else {
            line[p] = (char)('a' + p % 26);
            p++;
        }
        decoded++;
    }
    memcpy(line + p, "\"}", 2);
    p += 2;
    setup(0, 0);
    char *big = malloc(n);
    res.field[F_TEXT].buf = big;
    res.field[F_TEXT].size = n;
    CHECK(scan_n(line, p) == MH_OK);
    CHECK(res.field[F_TEXT].full_len == decoded && res.field[F_TEXT].len == decoded);
    CHECK(!res.field[F_TEXT].truncated && res.close_brace == p - 1);
    CHECK(field_is(F_URL, "https://ria.ru/x"));
    /* with the default small buffer the text is cut, the line still valid */
    res.field[F_TEXT].buf = bufs[F_TEXT];
    res.field[F_TEXT].size = sizeof bufs[F_TEXT];
    CHECK(scan_n(line, p) == MH_OK);
    CHECK(res.field[F_TEXT].truncated && res.field[F_TEXT].len <= sizeof bufs[F_TEXT] - 1);
    CHECK(res.field[F_TEXT].full_len == decoded &&
          res.field[F_TEXT].str[res.field[F_TEXT].len] == '\0');
    /* unterminated at the end of a huge string: reported at its opening quote */
    CHECK(scan_n(line, p - 2) == MH_ERR_INPUT && res.error == MH_JSONL_UNTERMINATED);
    CHECK(res.error_offset == strlen(head) - 1);
    free(big);
    free(line);
}

void test_jsonl_truncation(void)
{
    setup(0, 0);
    char small[6];
    res.field[F_TEXT].buf = small;
    res.field[F_TEXT].size = sizeof small; /* 5 bytes of text + NUL */
    /* "ab\u00e9\u00e9": a, b, then two 2-byte characters; only whole ones fit */
    CHECK(scan("{\"text\":\"ab\\u00e9\\u00e9\"}") == MH_OK);
    CHECK(res.field[F_TEXT].truncated && res.field[F_TEXT].len == 4 &&
          res.field[F_TEXT].full_len == 6);
    CHECK(strcmp(small, "ab\xc3\xa9") == 0);
    /* a raw run cut inside a 3-byte character keeps the whole characters */
    res.field[F_TEXT].copy = true;
    CHECK(scan("{\"text\":\"abc\xe2\x80\x94\"}") == MH_OK);
    CHECK(res.field[F_TEXT].truncated && res.field[F_TEXT].len == 3 && strcmp(small, "abc") == 0);
    /* no buffer at all: length known, nothing stored */
    res.field[F_TEXT].buf = NULL;
    res.field[F_TEXT].size = 0;
    CHECK(scan("{\"text\":\"x\\ny\"}") == MH_OK);
    CHECK(res.field[F_TEXT].truncated && res.field[F_TEXT].len == 0 &&
          res.field[F_TEXT].full_len == 3);
}

void test_jsonl_bom(void)
{
    setup(0, 0);
    CHECK(scan("\xef\xbb\xbf{\"a\":1}") == MH_ERR_INPUT && res.error == MH_JSONL_BOM);
    CHECK(res.error_offset == 0);
    setup(0, MH_JSONL_SKIP_BOM);
    CHECK(scan("\xef\xbb\xbf{\"url\":\"u\"}") == MH_OK && res.value_start == 3);
    CHECK(field_is(F_URL, "u"));
    /* only a leading one is skipped */
    CHECK(scan(" \xef\xbb\xbf{}") == MH_ERR_INPUT && res.error == MH_JSONL_EXPECTED_VALUE);
    CHECK(scan("\xef\xbb\xbf") == MH_ERR_INPUT && res.error == MH_JSONL_EMPTY);
}

void test_jsonl_describe(void)
{
    char msg[128];
    setup(0, 0);
    CHECK(scan("{\"text\":\"never closed") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "unterminated string starting at byte 8");
    CHECK(scan("{\"a\":\"\xff\"}") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "invalid UTF-8 at byte 6");
    CHECK(scan("[\"an\",\"array\"]") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "not an object: an array at byte 0");
    CHECK(scan("{\"a\":1} trailing") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "trailing characters at byte 8");
    CHECK(scan("{\"a\":[1,2") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "truncated record: the line ends at byte 9 inside it");
    CHECK(scan("") == MH_ERR_INPUT);
    mh_jsonl_describe(&res, &spec, msg, sizeof msg);
    CHECK_STR(msg, "empty line");
    /* a small buffer is cut but terminated; the needed length is returned */
    char tiny[8];
    CHECK(mh_jsonl_describe(&res, &spec, tiny, sizeof tiny) == 10 && strcmp(tiny, "empty l") == 0);
    for (int e = MH_JSONL_OK; e <= MH_JSONL_DEPTH; e++)
        CHECK(strcmp(mh_jsonl_strerror((mh_jsonl_error)e), "unknown error") != 0);
}

void test_jsonl_spec(void)
{
    mh_jsonl_spec sp;
    const char *bad1[] = {""}, *bad2[] = {"a..b"}, *bad3[] = {".a"}, *bad4[] = {"a."};
    const char *deep[] = {"a.b.c.d.e.f.g.h.i"}, *ok[] = {"a.b.c.d.e.f.g.h"};
    CHECK(mh_jsonl_spec_init(&sp, bad1, 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, bad2, 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, bad3, 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, bad4, 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, deep, 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, ok, 1, "", 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, ok, 1, NULL, 0, 0) == MH_OK && sp.path[0].nseg == 8);
    char longpath[MH_JSONL_MAX_PATH + 1];
    memset(longpath, 'k', sizeof longpath - 1);
    longpath[MH_JSONL_MAX_PATH] = '\0';
    const char *lp[] = {longpath};
    CHECK(mh_jsonl_spec_init(&sp, lp, 1, NULL, 0, 0) == MH_ERR_ARG);
    const char *many[MH_JSONL_MAX_FIELDS + 1];
    for (int i = 0; i <= MH_JSONL_MAX_FIELDS; i++)
        many[i] = "k";
    CHECK(mh_jsonl_spec_init(&sp, many, MH_JSONL_MAX_FIELDS + 1, NULL, 0, 0) == MH_ERR_ARG);
    CHECK(mh_jsonl_spec_init(&sp, many, MH_JSONL_MAX_FIELDS, "ann.key", 0, 0) == MH_OK);
    /* the annotation key is one literal key, dots and all; every field reads "k" */
    mh_jsonl_result r;
    mh_jsonl_result_init(&r);
    CHECK(mh_jsonl_scan("{\"ann.key\":1,\"k\":\"v\"}", 21, &sp, &r) == MH_OK &&
          r.has_annotation_key);
    CHECK(r.field[0].type == MH_JSONL_STRING &&
          r.field[MH_JSONL_MAX_FIELDS - 1].type == MH_JSONL_STRING);
    CHECK(mh_jsonl_scan(NULL, 0, &sp, &r) == MH_ERR_ARG);
    /* no fields at all: validation only */
    CHECK(mh_jsonl_spec_init(&sp, NULL, 0, NULL, 0, 0) == MH_OK);
    CHECK(mh_jsonl_scan("{\"a\":1}", 7, &sp, &r) == MH_OK);
}
