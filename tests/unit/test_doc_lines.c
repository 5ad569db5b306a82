/* test_doc_lines.c — mh_doc_line_of: the line of every offset of texts of
 * every length up to a few blocks, newlines anywhere (block edges, runs,
 * first and last byte), as counting them one by one says; and when the
 * index cannot be made (out of memory), the same by counting. */
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "harness.h"

static unsigned counted(const char *s, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

/* Every offset of text[0..n), and one past the end, against the count. */
static int all_offsets(const char *text, size_t n)
{
    mh_doc d;
    mh_doc_init(&d);
    d.input = text;
    d.input_len = n;
    int ok = 1;
    for (size_t off = 0; off <= n + 1; off++)
        ok &= mh_doc_line_of(&d, off) == counted(text, off < n ? off : n);
    mh_doc_free(&d);
    return ok;
}

void test_doc_lines(void)
{
    char text[80];
    unsigned seed = 99;
    int ok = 1;
    for (size_t n = 0; n <= sizeof text && ok; n++) {
        for (int round = 0; round < 40 && ok; round++) {
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = (seed >> 16) % 8;
                /* rounds 0-1: no newline, all newlines; then sparse to dense,
                 * with bytes that differ from '\n' by one bit */
                text[i] = round == 0                  ? 'a'
                          : round == 1                ? '\n'
                          : r < (unsigned)(round % 6) ? '\n'
                          : r == 7                    ? '\x8a'
                                                      : 'x';
            }
            ok &= all_offsets(text, n);
        }
    }
    CHECK(ok);
    /* newlines exactly on the edges of 16-byte blocks */
    memset(text, 'y', sizeof text);
    for (size_t i = 15; i < sizeof text; i += 16)
        text[i] = text[i - 15] = '\n';
    CHECK(all_offsets(text, sizeof text));
    /* no memory for the index: counted instead, the same lines */
    mh_doc d;
    mh_doc_init(&d);
    d.input = text;
    d.input_len = sizeof text;
    mh_alloc_fail_at(1);
    unsigned line = mh_doc_line_of(&d, 40);
    mh_alloc_fail_at(0);
    CHECK(line == counted(text, 40));
    CHECK(mh_doc_line_of(&d, 79) == counted(text, 79));
    mh_doc_free(&d);
}
