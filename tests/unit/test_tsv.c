/* test_tsv.c — the source database's tab-separated files: records, comments,
 * field counts and every way a file can be malformed. */
#include <string.h>

#include "alloc.h"
#include "diagrec.h"
#include "harness.h"
#include "testfs.h"
#include "tsv.h"

static char dir[512];

/* Write `data` as name.tsv and open it; *r receives the diagnostics. */
static mh_status open_tsv(mh_tsv *t, const char *name, const char *data, size_t len, diagrec *r)
{
    char path[1024];
    memset(r, 0, sizeof *r);
    if (t_write(dir, name, data, len, path, sizeof path) != 0)
        return MH_ERR_IO;
    return mh_tsv_open(t, path, NULL, diagrec_fn, r);
}

static void tsv_records(void)
{
    static const char data[] = "# outlets of a test\n"
                               "\n"
                               "id\tname\tkind\tcountry\n"
                               "rt\tRT\tbroadcaster\tRU\n"
                               "# a comment between records\n"
                               "tass\tTASS\twire_agency\t\n"
                               "\n"
                               "dw\tDeutsche Welle\tbroadcaster\tDE"; /* no final newline */
    mh_tsv t;
    diagrec r;
    CHECK(open_tsv(&t, "outlets.tsv", data, sizeof data - 1, &r) == MH_OK);
    CHECK(t.ncols == 4 && t.line == 3);
    CHECK(mh_tsv_col(&t, "id") == 0 && mh_tsv_col(&t, "country") == 3);
    CHECK(mh_tsv_col(&t, "founded") == -1);
    size_t errors = 0;
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 4);
    CHECK_STR(mh_tsv_get(&t, 1), "RT");
    CHECK(mh_tsv_get(&t, -1) == NULL);
    CHECK(mh_tsv_get(&t, 4) == NULL);
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 6);
    CHECK_STR(mh_tsv_get(&t, 0), "tass");
    CHECK(mh_tsv_get(&t, 3) == NULL); /* empty field is NULL */
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 8);
    CHECK_STR(mh_tsv_get(&t, 3), "DE");
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 0);
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 0); /* stays at the end */
    CHECK(errors == 0 && r.n == 0);
    mh_tsv_close(&t);
    mh_tsv_close(&t); /* closing twice is harmless */
}

static void tsv_field_counts(void)
{
    static const char data[] = "a\tb\tc\n"
                               "1\t2\t3\n"
                               "1\t2\n"
                               "1\t2\t3\t4\n"
                               "\t\t\n"
                               "x\ty\tz\n";
    mh_tsv t;
    diagrec r;
    CHECK(open_tsv(&t, "counts.tsv", data, sizeof data - 1, &r) == MH_OK);
    size_t errors = 0;
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 2);
    /* the two bad records are reported and skipped; an all-empty one is a record */
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 5);
    CHECK(mh_tsv_get(&t, 0) == NULL && mh_tsv_get(&t, 2) == NULL);
    CHECK(errors == 2 && r.n == 2);
    CHECK(diagrec_has(&r, 3, 1, "2 fields where the header has 3 columns"));
    CHECK(diagrec_has(&r, 4, 1, "4 fields where the header has 3 columns"));
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1);
    CHECK_STR(mh_tsv_get(&t, 2), "z");
    CHECK(mh_tsv_next(&t, NULL, NULL, NULL) == 0); /* no diag, no counter: fine */
    mh_tsv_close(&t);
    /* a record with more fields than MH_TSV_MAX_COLS */
    char many[4 * MH_TSV_MAX_COLS + 64];
    size_t n = (size_t)snprintf(many, sizeof many, "a\tb\n");
    for (int i = 0; i < MH_TSV_MAX_COLS + 5; i++)
        many[n++] = i ? '\t' : 'x';
    many[n++] = '\n';
    memcpy(many + n, "1\t2\n", 4);
    n += 4;
    CHECK(open_tsv(&t, "many.tsv", many, n, &r) == MH_OK);
    errors = 0;
    CHECK(mh_tsv_next(&t, diagrec_fn, &r, &errors) == 1 && t.line == 3 && errors == 1);
    CHECK(diagrec_has(&r, 2, 1, "33 fields where the header has 2 columns"));
    mh_tsv_close(&t);
}

static void tsv_malformed(void)
{
    mh_tsv t;
    diagrec r;
    /* invalid UTF-8: the line and column of the first bad byte */
    static const char latin1[] = "id\tname\nefe\tAgencia Espa\xF1ola\n";
    CHECK(open_tsv(&t, "latin1.tsv", latin1, sizeof latin1 - 1, &r) == MH_ERR_DATA);
    CHECK(r.n == 1 && diagrec_has(&r, 2, 17, "invalid UTF-8"));
    mh_tsv_close(&t);
    static const char crlf[] = "id\tname\r\nrt\tRT\r\n";
    CHECK(open_tsv(&t, "crlf.tsv", crlf, sizeof crlf - 1, &r) == MH_ERR_DATA);
    CHECK(r.n == 1 && strstr(r.e[0].msg, "CR") != NULL);
    mh_tsv_close(&t);
    static const char nul[] = "id\tname\nrt\tR\0T\n";
    CHECK(open_tsv(&t, "nul.tsv", nul, sizeof nul - 1, &r) == MH_ERR_DATA);
    CHECK(r.n == 1 && strstr(r.e[0].msg, "NUL") != NULL);
    mh_tsv_close(&t);
    static const char comments[] = "# only a comment\n\n# and another\n";
    CHECK(open_tsv(&t, "noheader.tsv", comments, sizeof comments - 1, &r) == MH_ERR_DATA);
    CHECK(r.n == 1 && strstr(r.e[0].msg, "no header") != NULL);
    mh_tsv_close(&t);
    CHECK(open_tsv(&t, "empty.tsv", "", 0, &r) == MH_ERR_DATA);
    CHECK(r.n == 1 && strstr(r.e[0].msg, "no header") != NULL);
    mh_tsv_close(&t);
    static const char twice[] = "# header names id twice\nid\tname\tid\n";
    CHECK(open_tsv(&t, "twice.tsv", twice, sizeof twice - 1, &r) == MH_ERR_DATA);
    CHECK(diagrec_has(&r, 2, 1, "column 'id' appears twice"));
    mh_tsv_close(&t);
    char wide[8 * MH_TSV_MAX_COLS];
    size_t n = 0;
    for (int i = 0; i <= MH_TSV_MAX_COLS; i++)
        n += (size_t)snprintf(wide + n, sizeof wide - n, "%sc%d", i ? "\t" : "", i);
    wide[n++] = '\n';
    CHECK(open_tsv(&t, "wide.tsv", wide, n, &r) == MH_ERR_DATA);
    CHECK(diagrec_has(&r, 1, 1, "too many columns"));
    mh_tsv_close(&t);
    /* a missing file */
    char path[1024];
    snprintf(path, sizeof path, "%s/absent.tsv", dir);
    memset(&r, 0, sizeof r);
    CHECK(mh_tsv_open(&t, path, NULL, diagrec_fn, &r) == MH_ERR_IO);
    CHECK(r.n == 1 && r.e[0].line == 0 && strstr(r.e[0].msg, "cannot read") != NULL);
    CHECK_STR(r.e[0].file, path);
    mh_tsv_close(&t);
}

static void read_file(void)
{
    char path[1024];
    static const char bin[] = "a\0b\xFF\n";
    CHECK(t_write(dir, "bin", bin, sizeof bin - 1, path, sizeof path) == 0);
    char *data = NULL;
    size_t len = 0;
    CHECK(mh_read_file(path, &data, &len) == MH_OK);
    CHECK(len == 5 && data && memcmp(data, bin, 5) == 0 && data[5] == '\0');
    mh_free(data);
    /* bigger than the first read buffer */
    size_t big = 300000;
    char *p = mh_malloc(big);
    CHECK(p != NULL);
    if (p) {
        for (size_t i = 0; i < big; i++)
            p[i] = (char)('a' + i % 26);
        CHECK(t_write(dir, "big", p, big, path, sizeof path) == 0);
        CHECK(mh_read_file(path, &data, &len) == MH_OK && len == big && memcmp(data, p, big) == 0);
        mh_free(data);
        mh_free(p);
    }
    CHECK(t_write(dir, "zero", "", 0, path, sizeof path) == 0);
    CHECK(mh_read_file(path, &data, &len) == MH_OK && len == 0 && data[0] == '\0');
    mh_free(data);
    data = (char *)1;
    CHECK(mh_read_file(dir, &data, &len) != MH_OK && data == NULL); /* a directory */
    snprintf(path, sizeof path, "%s/absent", dir);
    CHECK(mh_read_file(path, &data, &len) == MH_ERR_IO && data == NULL);
}

void test_tsv(void)
{
    if (!t_mkdtemp(dir, sizeof dir)) {
        CHECK(!"cannot create a temporary directory");
        return;
    }
    tsv_records();
    tsv_field_counts();
    tsv_malformed();
    read_file();
    t_rmtree(dir);
}
