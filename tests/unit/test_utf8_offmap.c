/* test_utf8_offmap.c — UTF-8 sequences at every boundary, repair with a
 * base offset, the offset map's gaps and zero-length segments, and the
 * capped buffer: beyond what test_text.c covers. */
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "harness.h"
#include "offmap.h"
#include "utf8.h"

static size_t seq(const char *s, size_t avail)
{
    return mh_utf8_seq_len((const unsigned char *)s, avail);
}

void test_utf8_sequences(void)
{
    CHECK(seq("A", 1) == 1 && seq("\x7F", 1) == 1);
    CHECK(seq("\xC2\x80", 2) == 2 && seq("\xDF\xBF", 2) == 2);
    CHECK(seq("\xC0\x80", 2) == 0 && seq("\xC1\xBF", 2) == 0); /* overlong 2-byte */
    CHECK(seq("\xC2\x41", 2) == 0 && seq("\xC2", 1) == 0);     /* bad or missing continuation */
    CHECK(seq("\xE0\xA0\x80", 3) == 3 && seq("\xEF\xBF\xBF", 3) == 3);
    CHECK(seq("\xE0\x9F\xBF", 3) == 0);                                /* overlong 3-byte */
    CHECK(seq("\xED\x9F\xBF", 3) == 3 && seq("\xED\xA0\x80", 3) == 0); /* last before surrogates */
    CHECK(seq("\xE2\x82\xAC", 2) == 0);                                /* truncated by avail */
    CHECK(seq("\xF0\x90\x80\x80", 4) == 4 && seq("\xF4\x8F\xBF\xBF", 4) == 4);
    CHECK(seq("\xF0\x8F\xBF\xBF", 4) == 0); /* overlong 4-byte */
    CHECK(seq("\xF4\x90\x80\x80", 4) == 0); /* beyond U+10FFFF */
    CHECK(seq("\xF5\x80\x80\x80", 4) == 0 && seq("\xFF", 1) == 0 && seq("\x80", 1) == 0);
    /* every lead byte value: valid as a one-byte sequence only below 0x80 */
    for (unsigned b = 0; b < 256; b++) {
        char c = (char)b;
        if ((seq(&c, 1) == 1) != (b < 0x80)) {
            CHECK(!"one-byte validity");
            fprintf(stderr, "  byte 0x%02X\n", b);
        }
    }
    /* find_invalid around the eight-byte ASCII fast path */
    char buf[40];
    for (size_t at = 0; at < 24; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = '\xFF';
        if (mh_utf8_find_invalid(buf, sizeof buf) != at) {
            CHECK(!"find_invalid position");
            fprintf(stderr, "  at %zu\n", at);
        }
    }
    memset(buf, 'a', sizeof buf);
    memcpy(buf + 14, "\xE2\x80\x94", 3);
    CHECK(mh_utf8_find_invalid(buf, sizeof buf) == sizeof buf);
    CHECK(mh_utf8_find_invalid(buf, 16) == 14); /* cut inside the sequence */
    CHECK(mh_utf8_find_invalid("", 0) == 0);
    CHECK(mh_utf8_find_invalid("a\0b", 3) == 3); /* NUL is valid UTF-8 */
}

void test_utf8_codepoints(void)
{
    static const unsigned cps[] = {0,      0x41,   0x7F,    0x80,    0xA9,
                                   0x7FF,  0x800,  0x2014,  0xD7FF,  0xE000,
                                   0xFFFD, 0xFFFF, 0x10000, 0x1F4F0, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char out[4];
        size_t n = mh_utf8_encode(cps[i], out);
        int ok = n >= 1 && n <= 4 && seq(out, n) == n &&
                 mh_utf8_decode((const unsigned char *)out, n) == cps[i];
        if (!ok)
            fprintf(stderr, "  U+%04X round trip\n", cps[i]);
        CHECK(ok);
    }
    char out[4];
    CHECK(mh_utf8_encode(0xD800, out) == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0);
    CHECK(mh_utf8_encode(0xDFFF, out) == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0);
    CHECK(mh_utf8_encode(0x110000, out) == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0);
    CHECK(mh_utf8_encode(0xFFFFFFFFu, out) == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0);
}

void test_utf8_repair_offsets(void)
{
    mh_buf b;
    mh_offmap m;
    mh_buf_init(&b, 0);
    mh_offmap_init(&m);
    size_t repairs = 0;
    /* a truncated sequence, then valid text: each bad byte is one U+FFFD */
    static const char in[] = "\xE2\x80 (AP)";
    CHECK(mh_utf8_repair(in, sizeof in - 1, 100, &b, &m, &repairs) == MH_OK);
    CHECK(repairs == 2 && b.len == 6 + 5);
    CHECK(memcmp(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD (AP)", 11) == 0);
    /* offsets carry the base: "(AP)" is input bytes 3..7, so 103..107 */
    CHECK(mh_offmap_start(&m, 7) == 103 && mh_offmap_end(&m, 11) == 107);
    CHECK(mh_offmap_start(&m, 3) == 101 && mh_offmap_end(&m, 6) == 102);
    CHECK(mh_offmap_exact(&m, 6, 11) && !mh_offmap_exact(&m, 5, 11));
    /* appending more keeps one map; NULL map and NULL repairs are allowed */
    CHECK(mh_utf8_repair("ok", 2, 200, &b, &m, &repairs) == MH_OK && repairs == 2);
    CHECK(mh_offmap_start(&m, 11) == 200);
    CHECK(mh_utf8_repair("\xFF", 1, 0, &b, NULL, NULL) == MH_OK && b.len == 16);
    /* a capped buffer: the repair stops with MH_ERR_LIMIT, nothing beyond the cap */
    mh_buf small;
    mh_buf_init(&small, 8);
    CHECK(mh_utf8_repair("abc\xFF\xFF\xFF", 6, 0, &small, NULL, NULL) == MH_ERR_LIMIT);
    CHECK(small.len <= 8);
    mh_buf_free(&small);
    mh_buf_free(&b);
    mh_offmap_free(&m);
}

void test_offmap_gaps(void)
{
    mh_offmap m;
    mh_offmap_init(&m);
    /* an empty map is the identity */
    CHECK(mh_offmap_start(&m, 5) == 5 && mh_offmap_end(&m, 7) == 7);
    CHECK(!mh_offmap_exact(&m, 0, 1) && mh_offmap_exact(&m, 3, 3));
    /* text "Hi\n©x" from "<p>Hi</p>&copy;x": exact, newline (no source), entity, exact */
    CHECK(mh_offmap_add(&m, 0, 2, 3, 2) == MH_OK);
    CHECK(mh_offmap_add(&m, 2, 1, 9, 0) == MH_OK);
    CHECK(mh_offmap_add(&m, 3, 2, 9, 6) == MH_OK);
    CHECK(mh_offmap_add(&m, 5, 1, 15, 1) == MH_OK);
    CHECK(m.n == 4);
    CHECK(mh_offmap_start(&m, 0) == 3 && mh_offmap_end(&m, 2) == 5);
    CHECK(mh_offmap_start(&m, 2) == 9 && mh_offmap_end(&m, 3) == 9);  /* the newline */
    CHECK(mh_offmap_start(&m, 3) == 9 && mh_offmap_end(&m, 5) == 15); /* the entity as a whole */
    CHECK(mh_offmap_start(&m, 4) == 9);                               /* inside the entity */
    CHECK(mh_offmap_end(&m, 4) == 15);
    CHECK(mh_offmap_end(&m, 6) == 16);
    CHECK(mh_offmap_end(&m, 0) == 3);
    CHECK(mh_offmap_start(&m, 99) == 16); /* past the end */
    CHECK(mh_offmap_exact(&m, 0, 2) && !mh_offmap_exact(&m, 0, 3) && !mh_offmap_exact(&m, 3, 5));
    CHECK(mh_offmap_exact(&m, 5, 6));
    /* a gap in the text (text offsets 6..9 have no segment) */
    CHECK(mh_offmap_add(&m, 9, 3, 20, 3) == MH_OK);
    CHECK(mh_offmap_start(&m, 7) == 20); /* the next segment's start */
    CHECK(mh_offmap_end(&m, 8) == 16);   /* the previous one's end */
    /* starts before the first segment */
    mh_offmap_reset(&m);
    CHECK(m.n == 0);
    CHECK(mh_offmap_add(&m, 4, 2, 40, 2) == MH_OK);
    CHECK(mh_offmap_start(&m, 1) == 40 && mh_offmap_end(&m, 1) == 40);
    /* many segments: binary search finds each */
    mh_offmap_reset(&m);
    size_t t = 0, s = 0;
    int ok = 1;
    for (size_t i = 0; i < 5000 && ok; i++) {
        size_t tl = 1 + i % 3, sl = i % 2 ? tl : tl + 4; /* exact and entity-like in turn */
        ok = mh_offmap_add(&m, t, tl, s, sl) == MH_OK;
        t += tl;
        s += sl;
    }
    CHECK(ok && m.n == 5000);
    t = s = 0;
    for (size_t i = 0; i < 5000 && ok; i++) {
        size_t tl = 1 + i % 3, sl = i % 2 ? tl : tl + 4;
        ok = mh_offmap_start(&m, t) == s && mh_offmap_end(&m, t + tl) == s + sl;
        t += tl;
        s += sl;
    }
    CHECK(ok);
    mh_offmap_free(&m);
    mh_offmap_free(&m); /* twice is harmless */
}

void test_buf_cap(void)
{
    mh_buf b;
    mh_buf_init(&b, 10);
    CHECK(mh_buf_adds(&b, "Reuters") == MH_OK && b.len == 7);
    CHECK(mh_buf_adds(&b, " (AP)") == MH_ERR_LIMIT);
    CHECK(b.len == 7 && strcmp(b.data, "Reuters") == 0); /* left as it was */
    CHECK(mh_buf_add(&b, "abc", 3) == MH_OK && b.len == 10);
    CHECK(mh_buf_addc(&b, 'x') == MH_ERR_LIMIT && b.len == 10);
    CHECK(mh_buf_printf(&b, "%d", 1) == MH_ERR_LIMIT && b.len == 10);
    CHECK(mh_buf_add(&b, "", 0) == MH_OK);
    char *s = mh_buf_steal(&b);
    CHECK(s && strcmp(s, "Reutersabc") == 0 && b.len == 0);
    mh_free(s);
    mh_buf_reset(&b);
    CHECK(mh_buf_printf(&b, "%s-%03d", "rt", 7) == MH_OK && strcmp(b.data, "rt-007") == 0);
    mh_buf_free(&b);
    mh_buf_free(&b);
    mh_buf_init(&b, 0);
    s = mh_buf_steal(&b); /* an empty buffer gives "" */
    CHECK(s && s[0] == '\0');
    mh_free(s);
}

/* A fixed field is cut at a character boundary, never inside one. */
void test_utf8_copy_cut(void)
{
    char dst[8];
    mh_utf8_copy(dst, sizeof dst, "abcdef");
    CHECK_STR(dst, "abcdef");
    mh_utf8_copy(dst, sizeof dst, "abcdefgh");
    CHECK_STR(dst, "abcdefg");
    /* "abcdeé": é (2 bytes) ends at byte 7: fits exactly */
    mh_utf8_copy(dst, sizeof dst, "abcde\xC3\xA9z");
    CHECK_STR(dst, "abcde\xC3\xA9");
    /* "abcdef" + é: é would straddle the cut: dropped whole */
    mh_utf8_copy(dst, sizeof dst, "abcdef\xC3\xA9");
    CHECK_STR(dst, "abcdef");
    /* a three-byte and a four-byte character at the cut */
    mh_utf8_copy(dst, sizeof dst, "abcde\xE2\x80\x94");
    CHECK_STR(dst, "abcde");
    mh_utf8_copy(dst, sizeof dst, "abcd\xF0\x9F\x98\x80");
    CHECK_STR(dst, "abcd");
    mh_utf8_copy(dst, sizeof dst, "abc\xF0\x9F\x98\x80z");
    CHECK_STR(dst, "abc\xF0\x9F\x98\x80");
    for (size_t size = 1; size < 40; size++) {
        char buf[40];
        const char *arabic = "\xD8\xAC\xD9\x85\xD9\x8A\xD8\xB9 \xD8\xA7\xD9\x84\xD8\xA5 x";
        mh_utf8_copy(buf, size, arabic);
        CHECK(strlen(buf) < size && mh_utf8_find_invalid(buf, strlen(buf)) == strlen(buf));
    }
}
