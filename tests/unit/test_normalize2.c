/* test_normalize2.c — name folding beyond test_text.c: Unicode compatibility
 * forms, case folding in several scripts, punctuation, legal forms of many
 * countries (our own list, then the real codes/legal_forms.tsv). */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "harness.h"
#include "normalize.h"
#include "pending.h"
#include "tsv.h"

static int folds_to(const mh_folder *f, const char *in, const char *want)
{
    char *out = NULL;
    mh_status st = mh_fold_name(f, in, strlen(in), &out);
    int ok = st == MH_OK && out && strcmp(out, want) == 0;
    if (!ok)
        fprintf(stderr, "  '%s' folds to '%s' (status %d), want '%s'\n", in, out ? out : "(null)",
                (int)st, want);
    /* folding is idempotent */
    char *again = NULL;
    if (ok && mh_fold_name(f, out, strlen(out), &again) == MH_OK && strcmp(again, out) != 0) {
        fprintf(stderr, "  '%s' folds to '%s' but that folds to '%s'\n", in, out, again);
        ok = 0;
    }
    mh_free(again);
    mh_free(out);
    return ok;
}

static void unicode_folding(void)
{
    mh_folder *f = NULL;
    CHECK(mh_folder_create(&f) == MH_OK);
    CHECK(folds_to(
        f, "\xEF\xAC\x81nancial \xEF\xBC\xB4\xEF\xBC\xA9\xEF\xBC\xAD\xEF\xBC\xA5\xEF\xBC\xB3",
        "financial times"));                                   /* ﬁ ligature, full width */
    CHECK(folds_to(f, "\xE2\x85\xAB Century", "xii century")); /* Ⅻ */
    CHECK(folds_to(f,
                   "Stra\xC3\x9F"
                   "e",
                   "strasse"));                        /* ß */
    CHECK(folds_to(f, "\xC4\xB0stanbul", "istanbul")); /* İ */
    CHECK(folds_to(f,
                   "Do\xC4\x9F"
                   "an Yay\xC4\xB1n",
                   "dogan yay\xC4\xB1n")); /* ğ loses its mark, ı stays */
    /* Καθημερινή -> καθημερινη */
    CHECK(folds_to(
        f, "\xCE\x9A\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBC\xCE\xB5\xCF\x81\xCE\xB9\xCE\xBD\xCE\xAE",
        "\xCE\xBA\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBC\xCE\xB5\xCF\x81\xCE\xB9\xCE\xBD\xCE"
        "\xB7"));
    CHECK(folds_to(f, "\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0",
                   "\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0")); /* Ёлка -> елка */
    CHECK(folds_to(f, "caf\xC3\xA9", "cafe"));
    CHECK(folds_to(f, "cafe\xCC\x81", "cafe")); /* decomposed é */
    CHECK(folds_to(f,
                   "\xC7\x85"
                   "emal",
                   "dzemal")); /* ǅ titlecase digraph */
    /* scripts whose marks carry meaning keep them */
    CHECK(folds_to(f, "\xD8\xA7\xD9\x84\xD8\xAC\xD8\xB2\xD9\x8A\xD8\xB1\xD8\xA9",
                   "\xD8\xA7\xD9\x84\xD8\xAC\xD8\xB2\xD9\x8A\xD8\xB1\xD8\xA9")); /* الجزيرة */
    CHECK(folds_to(f, "\xE0\xA4\xA6\xE0\xA5\x88\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\x95",
                   "\xE0\xA4\xA6\xE0\xA5\x88\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\x95")); /* दैनिक */
    CHECK(folds_to(f, "\xE6\x96\xB0\xE5\x8D\x8E\xE7\xA4\xBE",
                   "\xE6\x96\xB0\xE5\x8D\x8E\xE7\xA4\xBE")); /* 新华社 */
    /* punctuation, apostrophes, quotes, dashes, spaces */
    CHECK(folds_to(f, "O\xE2\x80\x99Reilly Media", "oreilly media"));
    CHECK(folds_to(
        f,
        "\xC2\xAB\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F "
        "\xD1\x81\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xBD\xD1\x8F\xC2\xBB",
        "\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F "
        "\xD1\x81\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xBD\xD1\x8F")); /* «Россия сегодня» */
    CHECK(folds_to(f, "TV\xE2\x80\x94Novosti", "tv novosti"));
    CHECK(folds_to(f, "  Le\tMonde \n diplomatique  ", "le monde diplomatique"));
    CHECK(folds_to(f, "Le\xC2\xA0Monde", "le monde")); /* no-break space */
    CHECK(folds_to(f, "N.Y. Times", "ny times"));
    CHECK(folds_to(f, "A.B.C. News", "abc news"));
    CHECK(folds_to(f, "BBC News (UK)", "bbc news uk"));
    CHECK(folds_to(f, "RT.com", "rt com"));
    CHECK(folds_to(f,
                   "a\x01"
                   "b",
                   "ab")); /* control characters dropped */
    /* a leading "the", but never down to nothing */
    CHECK(folds_to(f, "The Guardian", "guardian"));
    CHECK(folds_to(f, "The", "the"));
    CHECK(folds_to(f, "The The", "the"));
    CHECK(folds_to(f, "Theatre News", "theatre news"));
    /* nothing but punctuation folds to "" */
    CHECK(folds_to(f, "", ""));
    CHECK(folds_to(f, "...", ""));
    CHECK(folds_to(f, "\xC2\xA9 \xE2\x80\x94 |", ""));
    /* invalid UTF-8 is refused */
    char *out = (char *)1;
    CHECK(mh_fold_name(f, "bad\xFF", 4, &out) == MH_ERR_INPUT && out == NULL);
    CHECK(mh_fold_name(f, "\xE2\x80", 2, &out) == MH_ERR_INPUT);
    /* only len bytes are read */
    CHECK(mh_fold_name(f, "Reuters Agency", 7, &out) == MH_OK && strcmp(out, "reuters") == 0);
    mh_free(out);
    /* more than 64 words */
    char many[1024];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%sw%d", i ? " " : "", i);
    CHECK(folds_to(f, many, many));
    mh_folder_free(f);
    mh_folder_free(NULL);
}

static void legal_forms(void)
{
    mh_folder *f = NULL;
    CHECK(mh_folder_create(&f) == MH_OK);
    static const char *const forms[][2] = {
        {"GmbH", "suffix"},
        {"GmbH & Co. KG", "suffix"},
        {"AG", "suffix"},
        {"S.A.", "suffix"},
        {"S.p.A.", "suffix"},
        {"Ltd", "suffix"},
        {"Pty Ltd", "suffix"},
        {"Co", "suffix"},
        {"Inc", "suffix"},
        {"LLC", "suffix"},
        {"AB", "suffix"},
        {"Oyj", "suffix"},
        {"sp. z o.o.", "suffix"},
        {"A.\xC5\x9E.", "suffix"},
        {"S.A. de C.V.", "suffix"},
        {"\xD0\x9E\xD0\x9E\xD0\x9E", "prefix"}, /* ООО */
        {"\xD0\x90\xD0\x9E", "prefix"},         /* АО */
        {"JSC", "either"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        CHECK(mh_folder_add_form(f, forms[i][0], forms[i][1]) == MH_OK);
    CHECK(folds_to(f, "Ringier AG", "ringier"));
    CHECK(folds_to(f, "Bauer Media Group GmbH & Co. KG", "bauer media group"));
    CHECK(folds_to(f,
                   "Gruppo Editoriale L\xE2\x80\x99"
                   "Espresso S.p.A.",
                   "gruppo editoriale lespresso"));
    CHECK(folds_to(f,
                   "Mediaset Espa\xC3\xB1"
                   "a Comunicaci\xC3\xB3n, S.A.",
                   "mediaset espana comunicacion"));
    CHECK(folds_to(f, "Nine Entertainment Co. Pty Ltd",
                   "nine entertainment")); /* longest form first */
    CHECK(folds_to(f, "Bonnier AB", "bonnier"));
    CHECK(folds_to(f, "Sanoma Oyj", "sanoma"));
    CHECK(folds_to(f, "Ringier Axel Springer Polska sp. z o.o.", "ringier axel springer polska"));
    CHECK(folds_to(f,
                   "Do\xC4\x9F"
                   "an Yay\xC4\xB1n Holding A.\xC5\x9E.",
                   "dogan yay\xC4\xB1n holding"));
    CHECK(folds_to(f, "Televisa S.A. de C.V.", "televisa"));
    CHECK(folds_to(f,
                   "\xD0\x9E\xD0\x9E\xD0\x9E "
                   "\xC2\xAB\xD0\x93\xD0\xB0\xD0\xB7\xD0\xBF\xD1\x80\xD0\xBE\xD0\xBC-"
                   "\xD0\x9C\xD0\xB5\xD0\xB4\xD0\xB8\xD0\xB0\xC2\xBB",
                   "\xD0\xB3\xD0\xB0\xD0\xB7\xD0\xBF\xD1\x80\xD0\xBE\xD0\xBC "
                   "\xD0\xBC\xD0\xB5\xD0\xB4\xD0\xB8\xD0\xB0")); /* ООО «Газпром-Медиа» */
    CHECK(folds_to(f, "JSC Rossiya Segodnya", "rossiya segodnya")); /* either: as a prefix */
    CHECK(folds_to(f, "Rossiya Segodnya JSC", "rossiya segodnya")); /* and as a suffix */
    /* position matters: a suffix form at the start stays, and the reverse */
    CHECK(folds_to(f, "Inc Magazine", "inc magazine"));
    CHECK(folds_to(f, "Novaya Gazeta \xD0\x9E\xD0\x9E\xD0\x9E",
                   "novaya gazeta \xD0\xBE\xD0\xBE\xD0\xBE"));
    /* a form inside a name stays; a name that is only a form stays */
    CHECK(folds_to(f, "Ltd Edition News Ltd", "ltd edition news"));
    CHECK(folds_to(f, "AG", "ag"));
    CHECK(folds_to(f, "Co Ltd", "co"));
    CHECK(folds_to(f, "The Co", "co"));
    /* forms that cannot be used */
    CHECK(mh_folder_add_form(f, "...", "suffix") == MH_ERR_ARG);
    CHECK(mh_folder_add_form(f, "a b c d e f g h i", "suffix") == MH_ERR_ARG);
    CHECK(mh_folder_add_form(f, "bad\xFF", "suffix") == MH_ERR_INPUT);
    mh_folder_free(f);
}

/* The real vocabulary of sources-db (tests run from the repository root). */
static void real_legal_forms(void)
{
    mh_tsv t;
    if (mh_tsv_open(&t, "sources-db/codes/legal_forms.tsv", NULL, NULL, NULL) != MH_OK) {
        fprintf(stderr, "  skip: sources-db/codes/legal_forms.tsv is not readable here\n");
        mh_tsv_close(&t);
        return;
    }
    mh_folder *f = NULL;
    CHECK(mh_folder_create(&f) == MH_OK);
    int cf = mh_tsv_col(&t, "form"), cp = mh_tsv_col(&t, "position");
    size_t loaded = 0;
    while (mh_tsv_next(&t, NULL, NULL, NULL))
        if (mh_folder_add_form(f, mh_tsv_get(&t, cf), mh_tsv_get(&t, cp)) == MH_OK)
            loaded++;
    mh_tsv_close(&t);
    CHECK(loaded > 50);
    CHECK(folds_to(f, "Autonomous Nonprofit Organization \xE2\x80\x9CTV-Novosti\xE2\x80\x9D",
                   "tv novosti"));
    CHECK(folds_to(f, "NBCUniversal Media, LLC", "nbcuniversal media"));
    CHECK(folds_to(f, "Hearst Communications, Inc.", "hearst communications"));
    CHECK(folds_to(f, "Agora S.A.", "agora"));
    CHECK(folds_to(f, "Nine Entertainment Co. Pty Ltd", "nine entertainment"));
    CHECK(folds_to(f, "Ringier AG", "ringier"));
    CHECK(folds_to(f, "Frankfurter Allgemeine Zeitung GmbH", "frankfurter allgemeine zeitung"));
    CHECK(folds_to(f, "Televisa S.A. de C.V.", "televisa"));
    CHECK(folds_to(
        f,
        "\xD0\x9E\xD0\x9E\xD0\x9E "
        "\xC2\xAB\xD0\x93\xD0\xB0\xD0\xB7\xD0\xB5\xD1\x82\xD0\xB0.\xD0\xA0\xD1\x83\xC2\xBB",
        "\xD0\xB3\xD0\xB0\xD0\xB7\xD0\xB5\xD1\x82\xD0\xB0 \xD1\x80\xD1\x83")); /* ООО «Газета.Ру» */
    CHECK(folds_to(f, "Yomiuri Shimbun Holdings KK", "yomiuri shimbun holdings"));
    /* CJK forms are written without spaces: 株式会社読売新聞社, 读卖新闻有限公司 */
    CHECK(folds_to(f,
                   "\xE6\xA0\xAA\xE5\xBC\x8F\xE4\xBC\x9A\xE7\xA4\xBE\xE8\xAA\xAD\xE5\xA3\xB2\xE6"
                   "\x96\xB0\xE8\x81\x9E\xE7\xA4\xBE",
                   "\xE8\xAA\xAD\xE5\xA3\xB2\xE6\x96\xB0\xE8\x81\x9E\xE7\xA4\xBE"));
    CHECK(folds_to(f,
                   "\xE6\x96\xB0\xE5\x8D\x8E\xE7\xBD\x91\xE8\x82\xA1\xE4\xBB\xBD\xE6\x9C\x89\xE9"
                   "\x99\x90\xE5\x85\xAC\xE5\x8F\xB8",
                   "\xE6\x96\xB0\xE5\x8D\x8E\xE7\xBD\x91"));
    mh_folder_free(f);
}

/* ASCII names take a path of their own (no code points decoded); it must
 * fold as the Unicode path does. A name with a non-ASCII word after it
 * takes the Unicode path: "<name> \u00e9\u00e9" folds to the name's
 * folding and " ee" (or "ee" alone when the name folds to nothing; and a
 * lone "the", stripped only before another word, goes then too). */
static void ascii_path(void)
{
    static const char often[] = "aZ q '`-.,&";
    unsigned seed = 20261130u;
    int agree = 1;
    for (int n = 0; n < 20000 && agree; n++) {
        char name[40];
        size_t len = (size_t)(rand_r(&seed) % 32);
        for (size_t i = 0; i < len; i++) {
            unsigned r = (unsigned)rand_r(&seed);
            /* every ASCII byte, NUL and controls included; name-like ones most */
            name[i] = r % 3 ? often[(r >> 8) % (sizeof often - 1)] : (char)((r >> 8) % 128);
        }
        char wide[48];
        memcpy(wide, name, len);
        memcpy(wide + len, " \xC3\xA9\xC3\xA9", 5);
        char *plain = NULL, *uni = NULL;
        mh_status a = mh_fold_name(NULL, name, len, &plain);
        mh_status b = mh_fold_name(NULL, wide, len + 5, &uni);
        char want[64] = "ee";
        if (a == MH_OK && plain && *plain && strcmp(plain, "the") != 0)
            snprintf(want, sizeof want, "%s ee", plain);
        agree = a == MH_OK && b == MH_OK && uni && strcmp(uni, want) == 0;
        if (!agree)
            fprintf(stderr, "  ASCII name %zu bytes folds to '%s', with a word after to '%s'\n",
                    len, plain ? plain : "(null)", uni ? uni : "(null)");
        mh_free(plain);
        mh_free(uni);
    }
    CHECK(agree);
}

void test_normalize2(void)
{
    unicode_folding();
    legal_forms();
    real_legal_forms();
    ascii_path();
}
