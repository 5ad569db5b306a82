/* test_text.c — UTF-8 repair with exact offsets, the offset map, name folding. */
#include <stdlib.h>

#include "alloc.h"
#include "harness.h"
#include "normalize.h"
#include "offmap.h"
#include "utf8.h"

void test_utf8(void)
{
    CHECK(mh_utf8_find_invalid("abc", 3) == 3);
    CHECK(mh_utf8_find_invalid("a\xC3\xA9z", 4) == 4);
    CHECK(mh_utf8_find_invalid("ab\xFFz", 4) == 2);
    CHECK(mh_utf8_find_invalid("\xE0\x80\x80", 3) == 0); /* overlong */
    CHECK(mh_utf8_find_invalid("\xED\xA0\x80", 3) == 0); /* surrogate */
    mh_buf b;
    mh_offmap m;
    mh_buf_init(&b, 0);
    mh_offmap_init(&m);
    size_t repairs = 0;
    /* "a\xFFb\0c": two bytes replaced by U+FFFD (3 bytes each) */
    CHECK(mh_utf8_repair("a\xFF"
                         "b\0c",
                         5, 0, &b, &m, &repairs) == MH_OK);
    CHECK(repairs == 2);
    CHECK(b.len == 9);
    CHECK(memcmp(b.data,
                 "a\xEF\xBF\xBD"
                 "b\xEF\xBF\xBD"
                 "c",
                 9) == 0);
    /* text offset of 'b' is 4; it came from input offset 2 */
    CHECK(mh_offmap_start(&m, 4) == 2);
    CHECK(mh_offmap_end(&m, 5) == 3);
    /* the replacement maps to the one bad byte */
    CHECK(mh_offmap_start(&m, 1) == 1 && mh_offmap_end(&m, 4) == 2);
    CHECK(mh_offmap_exact(&m, 4, 5));
    CHECK(!mh_offmap_exact(&m, 1, 4));
    mh_buf_free(&b);
    mh_offmap_free(&m);
}

void test_offmap(void)
{
    mh_offmap m;
    mh_offmap_init(&m);
    /* text "ab&c" from source "ab&amp;c": exact, entity, exact */
    CHECK(mh_offmap_add(&m, 0, 2, 10, 2) == MH_OK);
    CHECK(mh_offmap_add(&m, 2, 1, 12, 5) == MH_OK);
    CHECK(mh_offmap_add(&m, 3, 1, 17, 1) == MH_OK);
    CHECK(mh_offmap_start(&m, 0) == 10);
    CHECK(mh_offmap_start(&m, 2) == 12);
    CHECK(mh_offmap_end(&m, 3) == 17);
    CHECK(mh_offmap_end(&m, 4) == 18);
    /* adjacent exact segments merge */
    mh_offmap_reset(&m);
    CHECK(mh_offmap_add(&m, 0, 3, 0, 3) == MH_OK);
    CHECK(mh_offmap_add(&m, 3, 3, 3, 3) == MH_OK);
    CHECK(m.n == 1);
    mh_offmap_free(&m);
}

static void fold_is(const mh_folder *f, const char *in, const char *want)
{
    char *out = NULL;
    CHECK(mh_fold_name(f, in, strlen(in), &out) == MH_OK);
    CHECK_STR(out, want);
    mh_free(out);
}

void test_normalize(void)
{
    mh_folder *f = NULL;
    CHECK(mh_folder_create(&f) == MH_OK);
    CHECK(mh_folder_add_form(f, "LLC", "suffix") == MH_OK);
    CHECK(mh_folder_add_form(f, "Inc", "suffix") == MH_OK);
    CHECK(mh_folder_add_form(f, "Autonomous Nonprofit Organization", "prefix") == MH_OK);
    CHECK(mh_folder_add_form(f, "ano", "prefix") == MH_OK);
    fold_is(f, "Autonomous Nonprofit Organization \xE2\x80\x9CTV-Novosti\xE2\x80\x9D",
            "tv novosti");
    fold_is(f, "ANO \"TV-Novosti\"", "tv novosti");
    fold_is(f, "The Associated Press", "associated press");
    fold_is(f, "NBCUniversal Media, LLC", "nbcuniversal media");
    fold_is(f, "Dow Jones & Company, Inc.", "dow jones company");
    fold_is(f, "Cond\xC3\xA9 Nast", "conde nast");
    fold_is(f, "U.S. News", "us news");
    fold_is(f, "People's Daily", "peoples daily");
    fold_is(f, "\xD0\xA2\xD0\x90\xD0\xA1\xD0\xA1",
            "\xD1\x82\xD0\xB0\xD1\x81\xD1\x81");  /* ТАСС -> тасс */
    fold_is(f, "\xEF\xBC\xA1\xEF\xBC\xB0", "ap"); /* full-width AP (NFKC) */
    fold_is(f, "LLC", "llc");                     /* never folds to nothing */
    /* what may follow a name written as a domain ("Example.com, Inc.") */
    CHECK(mh_folder_is_suffix_form(f, ", Inc.", 6));
    CHECK(mh_folder_is_suffix_form(f, " LLC", 4));
    CHECK(!mh_folder_is_suffix_form(f, " ANO", 4)); /* a prefix form */
    CHECK(!mh_folder_is_suffix_form(f, " Media, Inc.", 12));
    CHECK(!mh_folder_is_suffix_form(f, "", 0));
    mh_folder_free(f);
}
