/* fuzz_tsv.c — libFuzzer: any bytes as one file of the source database's
 * text data, validated by mh_db_check in a tree holding the real codes/.
 * The first byte picks the table the file is named for; the rest is the
 * file. A tree with a problem must report it; one without must pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_tmp.h"
#include "masthead.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tables[] = {"outlets",   "orgs",        "domains", "aliases",
                                     "ownership", "state_media", "ratings", "citations"};
#define NTABLES (sizeof tables / sizeof tables[0])

static void count_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)line;
    (void)col;
    if (!file || !msg)
        abort();
    (*(size_t *)ud)++;
}

/* Collect the citation ids the vocabularies of codes/ refer to (they live in
 * data/ in the real tree) as lines of an unverified citations file. */
typedef struct base {
    char text[8192];
    size_t len;
} base;

static void collect_citation(void *ud, const char *file, unsigned line, unsigned col,
                             const char *msg)
{
    (void)file;
    (void)line;
    (void)col;
    base *b = ud;
    const char *p = strstr(msg, "unknown citation '");
    if (!p)
        return;
    p += strlen("unknown citation '");
    size_t n = strcspn(p, "'");
    char row[256];
    int w =
        snprintf(row, sizeof row,
                 "%.*s\tunverified\tcited by codes/\t\t\t\t\t2026-11-29\t\tfuzz base\n", (int)n, p);
    if (w > 0 && (size_t)w < sizeof row && !strstr(b->text, row) &&
        b->len + (size_t)w < sizeof b->text) {
        memcpy(b->text + b->len, row, (size_t)w + 1);
        b->len += (size_t)w;
    }
}

static void print_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    count_diag(ud, file, line, col, msg);
    fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, msg);
}

static int ready;

/* A tree with the real codes/ and just the citations they need: valid. */
static void setup(void)
{
    const char *src = getenv("MASTHEAD_SOURCES");
    char path[1024];
    snprintf(path, sizeof path, "%s/codes", src && *src ? src : "sources-db");
    fuzz_copy_dir(path, "codes");
    snprintf(path, sizeof path, "%s/schema.sql", src && *src ? src : "sources-db");
    fuzz_copy_file(path, "schema.sql");
    fuzz_mkdir("data");
    static base b = {"id\tkind\ttitle\turl\tfile\tcommit\tpublished\taccessed\tlicense\tnote\n", 0};
    b.len = strlen(b.text);
    (void)mh_db_check(fuzz_tmpdir(), collect_citation, &b);
    fuzz_write("data/base.citations.tsv", (const uint8_t *)b.text, b.len);
    size_t problems = 0;
    if (mh_db_check(fuzz_tmpdir(), print_diag, &problems) != MH_OK || problems) {
        fprintf(stderr, "fuzz: the base tree under %s is not valid (%zu problems)\n", fuzz_tmpdir(),
                problems);
        abort();
    }
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    if (size == 0)
        return 0;
    char name[64];
    snprintf(name, sizeof name, "data/fuzz.%s.tsv", tables[data[0] % NTABLES]);
    fuzz_write(name, data + 1, size - 1);
    size_t problems = 0;
    mh_status st = mh_db_check(fuzz_tmpdir(), count_diag, &problems);
    if (st == MH_OK && problems)
        abort(); /* a reported problem must fail the check */
    if (st == MH_ERR_DATA && problems == 0)
        abort(); /* a failed check must say why */
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    remove(path);
    return 0;
}
