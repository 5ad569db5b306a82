/* jsonl_gen.c — a deterministic generator of news-like JSONL lines, most of
 * them then broken in one of the ways real feeds break (truncation, byte
 * flips, control characters, bad escapes and surrogates, bad UTF-8, stray
 * commas and brackets, malformed numbers, a BOM...). Shared by the
 * differential tests of the JSONL scanner (test_jsonl_diff.c against
 * jansson, test_jsonl_stream.c stream against one-shot) and the fuzz
 * harness. Moved here from test_jsonl_diff.c; the sequence of lines for a
 * seed is unchanged. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jsonl_gen.h"

/* splitmix64: small, fast, the same sequence everywhere. */
uint64_t jsonl_gen_rand(jsonl_gen *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A number in [0, n). */
unsigned jsonl_gen_below(jsonl_gen *g, unsigned n)
{
    return (unsigned)(jsonl_gen_rand(g) % n);
}

static void put(jsonl_gen *g, const char *s, size_t n)
{
    if (g->len + n > g->cap)
        return; /* the line is cut: still a test input */
    memcpy(g->buf + g->len, s, n);
    g->len += n;
}

static void puts_(jsonl_gen *g, const char *s)
{
    put(g, s, strlen(s));
}

static void ws(jsonl_gen *g)
{
    static const char *const spaces[] = {"", "", "", "", " ", "  ", "\t", " \r\n "};
    puts_(g, spaces[jsonl_gen_below(g, 8)]);
}

/* String content: ASCII, UTF-8 of every length, escapes of every kind. */
static void gen_string(jsonl_gen *g, unsigned units)
{
    static const char *const pieces[] = {
        "Moscow",
        " ",
        "Reuters",
        "AP",
        ", ",
        ".",
        "\xc2\xa9",
        "caf\xc3\xa9",
        "\xd0\x9c\xd0\xb8\xd1\x80",
        "\xe2\x80\x94",
        "\xe4\xb8\xad\xe5\x9b\xbd",
        "\xe2\x80\x9cquoted\xe2\x80\x9d",
        "\xf0\x9f\x93\xb0",
        "\x7f",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\u00e9",
        "\\u00C9",
        "\\u4e2d",
        "\\u2014",
        "\\ud83d\\udcf0",
        "\\uD834\\uDD1E",
        "\\u0000",
        "\\u001f",
        "'",
        "{}[],:",
        "0123",
        "https://www.rt.com/news/1/",
        "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a",
        "\xef\xbf\xbd",
    };
    put(g, "\"", 1);
    for (unsigned i = 0; i < units; i++)
        puts_(g, pieces[jsonl_gen_below(g, sizeof pieces / sizeof pieces[0])]);
    put(g, "\"", 1);
}

static void gen_number(jsonl_gen *g)
{
    static const char *const numbers[] = {
        "0",
        "-0",
        "1",
        "-1",
        "42",
        "2024",
        "3.14",
        "-0.5",
        "1e3",
        "1E+3",
        "2.5e-3",
        "-7E-0",
        "0.000001",
        "123456789",
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551616",
        "1e400",
        "-1e999",
        "1e-400",
        "0.1e1",
    };
    puts_(g, numbers[jsonl_gen_below(g, sizeof numbers / sizeof numbers[0])]);
}

static void gen_value(jsonl_gen *g, unsigned depth);

static void gen_key(jsonl_gen *g)
{
    static const char *const keys[] = {
        "\"text\"",      "\"url\"",        "\"meta\"",           "\"source\"",    "\"id\"",
        "\"title\"",     "\"masthead\"",   "\"k\xc3\xa9y\"",     "\"k\\u00e9y\"", "\"te\\u0078t\"",
        "\"\\u0075rl\"", "\"m\\u0065ta\"", "\"lang\"",           "\"\"",          "\"a.b\"",
        "\"date\"",      "\"authors\"",    "\"mast\\u0068ead\"",
    };
    puts_(g, keys[jsonl_gen_below(g, sizeof keys / sizeof keys[0])]);
}

static void gen_object(jsonl_gen *g, unsigned depth, unsigned members)
{
    put(g, "{", 1);
    ws(g);
    for (unsigned i = 0; i < members; i++) {
        if (i) {
            put(g, ",", 1);
            ws(g);
        }
        gen_key(g);
        ws(g);
        put(g, ":", 1);
        ws(g);
        gen_value(g, depth + 1);
        ws(g);
    }
    put(g, "}", 1);
}

static void gen_value(jsonl_gen *g, unsigned depth)
{
    unsigned pick = jsonl_gen_below(g, 20);
    if (depth > 6 && pick >= 12)
        pick = jsonl_gen_below(g, 12);
    if (pick < 7) {
        gen_string(g, jsonl_gen_below(g, 12));
    } else if (pick < 10) {
        gen_number(g);
    } else if (pick == 10) {
        puts_(g, "true");
    } else if (pick == 11) {
        puts_(g, jsonl_gen_below(g, 2) ? "false" : "null");
    } else if (pick < 16) {
        gen_object(g, depth, jsonl_gen_below(g, 5));
    } else {
        put(g, "[", 1);
        ws(g);
        unsigned n = jsonl_gen_below(g, 4);
        for (unsigned i = 0; i < n; i++) {
            if (i) {
                put(g, ",", 1);
                ws(g);
            }
            gen_value(g, depth + 1);
            ws(g);
        }
        put(g, "]", 1);
    }
}

/* A news-like record: text and url mostly, meta.source.url sometimes. */
void jsonl_gen_record(jsonl_gen *g)
{
    ws(g);
    put(g, "{", 1);
    ws(g);
    bool first = true;
    unsigned n = jsonl_gen_below(g, 7);
    for (unsigned i = 0; i < n; i++) {
        if (!first)
            put(g, ",", 1);
        first = false;
        ws(g);
        switch (jsonl_gen_below(g, 6)) {
        case 0:
            puts_(g, "\"text\":");
            gen_string(g, jsonl_gen_below(g, 300));
            break;
        case 1:
            puts_(g, "\"url\":");
            gen_string(g, jsonl_gen_below(g, 4));
            break;
        case 2:
            puts_(g, "\"meta\":{\"source\":{\"url\":");
            gen_string(g, jsonl_gen_below(g, 3));
            puts_(g, jsonl_gen_below(g, 3) ? "}}" : "},\"source\":null}");
            break;
        default:
            gen_key(g);
            put(g, ":", 1);
            gen_value(g, 1);
            break;
        }
        ws(g);
    }
    put(g, "}", 1);
    ws(g);
}

/* Insert s at a random offset. */
static void insert(jsonl_gen *g, const char *s, size_t n)
{
    if (g->len + n > g->cap)
        return;
    size_t at = g->len ? jsonl_gen_below(g, (unsigned)g->len + 1) : 0;
    memmove(g->buf + at + n, g->buf + at, g->len - at);
    memcpy(g->buf + at, s, n);
    g->len += n;
}

/* Break the line in one random way (see jsonl_gen.h). */
void jsonl_gen_mutate(jsonl_gen *g)
{
    static const char interesting[] = "\"\\,:{}[] 0e.-+\x00\x01\x1f\x7f\x80\xc0\xc3\xed\xf4\xff";
    static const char *const snippets[] = {
        "\\x",
        "\\u12G4",
        "\\uD800",
        "\\udc00",
        "\\uD800\\u0041",
        "\\",
        "\\u",
        "\xc0\x80",
        "\xe0\x80\x80",
        "\xed\xa0\x80",
        "\xf4\x90\x80\x80",
        "\x80",
        "\xe2\x82",
        "\xf5\x80\x80\x80",
        ",",
        ",,",
        ":",
        "\"",
        "01",
        "1.",
        ".5",
        "+1",
        "NaN",
        "-",
        "1e",
        "tru",
        "nul",
        "[",
        "]",
        "{",
        "}",
        "\xef\xbb\xbf",
        "\t",
        "\n",
        "\x00",
        "\"\":",
        "/*",
        "'",
    };
    if (g->len == 0)
        return;
    switch (jsonl_gen_below(g, 9)) {
    case 0: g->len = jsonl_gen_below(g, (unsigned)g->len); break; /* truncate */
    case 1: g->buf[jsonl_gen_below(g, (unsigned)g->len)] = (char)jsonl_gen_below(g, 256); break;
    case 2:
        g->buf[jsonl_gen_below(g, (unsigned)g->len)] =
            interesting[jsonl_gen_below(g, sizeof interesting - 1)];
        break;
    case 3: {
        char c = (char)jsonl_gen_below(g, 0x20); /* a raw control character */
        insert(g, &c, 1);
        break;
    }
    case 4:
    case 5: {
        const char *s = snippets[jsonl_gen_below(g, sizeof snippets / sizeof snippets[0])];
        insert(g, s, s[0] ? strlen(s) : 1);
        break;
    }
    case 6: { /* delete a byte */
        size_t at = jsonl_gen_below(g, (unsigned)g->len);
        memmove(g->buf + at, g->buf + at + 1, g->len - at - 1);
        g->len--;
        break;
    }
    case 7: puts_(g, jsonl_gen_below(g, 2) ? " x" : "{}"); break; /* trailing garbage */
    default: {                                                    /* duplicate a byte */
        size_t at = jsonl_gen_below(g, (unsigned)g->len);
        char c = g->buf[at];
        insert(g, &c, 1);
        break;
    }
    }
}

/* Print a line for a failure report, escaped and cut. */
void jsonl_gen_show(const char *s, size_t n)
{
    for (size_t i = 0; i < n && i < 300; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputc('\n', stderr);
}

/* The next test line: the sequence test_jsonl_diff has always used. */
void jsonl_gen_line(jsonl_gen *g)
{
    g->len = 0;
    jsonl_gen_record(g);
    unsigned mutations = jsonl_gen_below(g, 10) < 6 ? 1 + jsonl_gen_below(g, 3) : 0;
    for (unsigned m = 0; m < mutations; m++)
        jsonl_gen_mutate(g);
}
