/* jsonl_bench.c — micro-benchmark of the JSONL record scanner against
 * jansson's json_loadb on generated news-like records.
 *
 * Usage: jsonl_bench [MB]   (default 100; build and run with `make
 * bench-jsonl`, see tests/fuzz/jsonl.mk)
 *        jsonl_bench FILE [MB] (the first MB, default 100, of a JSONL file's
 *                              valid lines: the bench corpus's clean twin). Two corpora of MB megabytes each are
 * generated deterministically in memory: mostly-English records and
 * Russian-language ones (2-20 KB text fields with escapes, curly quotes,
 * dashes, accents, an emoji now and then, a url and a nested meta.source.url).
 * For each it times, best of three runs:
 *   split    finding the line ends only (memchr): the floor
 *   validate mh_jsonl_scan with no fields
 *   scan     mh_jsonl_scan reading text, url, meta.source.url and the
 *            annotation key, decoding the escaped text into a buffer
 *   stream   the same fields through mh_jsonl_stream_*, each line fed in
 *            64 KiB chunks (the path of an over-size record), every
 *            string decoded into its buffer
 *   jansson  json_loadb of every line, then the same three fields
 * and prints MB/s and the ratio to jansson. Then one record of MB megabytes
 * (an over-size line: its text cut at a 64 KiB buffer) is read by scan and
 * by stream, the latter holding 64 KiB of it at a time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonl.h"

typedef struct corpus {
    char *data;
    size_t len, cap, lines;
} corpus;

static uint64_t rng_state = 0x6d617374u;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static void add(corpus *c, const char *s, size_t n)
{
    if (c->len + n > c->cap) {
        fprintf(stderr, "jsonl_bench: corpus buffer overflow\n");
        exit(2);
    }
    memcpy(c->data + c->len, s, n);
    c->len += n;
}

static void adds(corpus *c, const char *s)
{
    add(c, s, strlen(s));
}

static const char *const english[] = {
    "the", "government", "said", "on", "Tuesday", "that", "talks", "with", "officials", "would",
    "resume", "next", "week", "after", "a", "ceasefire", "was", "agreed", "in", "principle", "by",
    "both", "sides", "according", "to", "people", "familiar", "matter", "minister", "told",
    "reporters", "parliament", "election", "economy", "inflation", "rose", "percent", "central",
    "bank", "sanctions", "border", "president", "spokesperson", "declined", "comment", "report",
    "Zürich", "São Paulo", "Kraków", "café", "naïve", "Müller", "Nuñez", "Reykjavík",
};
static const char *const russian[] = {
    "правительство", "заявило", "во", "вторник", "что", "переговоры", "с", "представителями",
    "возобновятся", "на", "следующей", "неделе", "после", "того", "как", "стороны", "договорились",
    "о", "прекращении", "огня", "министр", "сообщил", "журналистам", "выборы", "экономика",
    "инфляция", "выросла", "процента", "центральный", "банк", "санкции", "граница", "президент",
    "пресс-секретарь", "отказался", "от", "комментариев", "Москва", "Санкт-Петербург", "Кремль",
};

/* One text field of about `target` bytes, JSON-escaped, in one language. */
static void add_text(corpus *c, size_t target, const char *const *words, size_t nwords)
{
    size_t start = c->len;
    adds(c, "MOSCOW, May 1 (Reuters) \\u2014 ");
    while (c->len - start < target) {
        adds(c, words[below((unsigned)nwords)]);
        switch (below(40)) {
        case 0: adds(c, ". \\\"We will not back down,\\\" the official said. "); break;
        case 1: adds(c, " \xe2\x80\x94 "); break;                      /* raw em dash */
        case 2: adds(c, " \xe2\x80\x9cin quotes\xe2\x80\x9d "); break; /* raw curly quotes */
        case 3: adds(c, ".\\n\\n"); break;                            /* paragraph */
        case 4: adds(c, ", "); break;
        case 5: adds(c, " \\ud83d\\udcf0 "); break;                     /* escaped emoji */
        case 6: adds(c, " 12.5% "); break;
        default: adds(c, " "); break;
        }
    }
    adds(c, "\\n\\u00a9 2024 Example News Agency. All rights reserved.");
}

/* About `bytes` of records; each text field 2-20 KB, or text_size bytes. */
static void make_corpus(corpus *c, size_t bytes, bool cyrillic, size_t text_size)
{
    c->cap = bytes + (1u << 20);
    c->data = malloc(c->cap);
    c->len = c->lines = 0;
    if (!c->data) {
        fprintf(stderr, "jsonl_bench: out of memory\n");
        exit(2);
    }
    char head[256];
    while (c->len < bytes) {
        size_t id = c->lines++;
        snprintf(head, sizeof head,
                 "{\"id\":%zu,\"url\":\"https://www.example-news.com/world/2024/05/01/story-%zu\","
                 "\"title\":\"Talks resume after ceasefire\",\"text\":\"",
                 id, id);
        adds(c, head);
        size_t target = text_size ? text_size : 2048 + below(18 * 1024);
        if (cyrillic)
            add_text(c, target, russian, sizeof russian / sizeof russian[0]);
        else
            add_text(c, target, english, sizeof english / sizeof english[0]);
        snprintf(head, sizeof head,
                 "\",\"meta\":{\"source\":{\"url\":\"https://example-news.com/s/%zu\",\"name\":"
                 "\"Example News\"},\"lang\":\"%s\",\"tags\":[\"world\",\"politics\"],"
                 "\"words\":%u,\"score\":0.%u}}\n",
                 id, cyrillic ? "ru" : "en", 300 + below(3000), below(1000));
        adds(c, head);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum mode { SPLIT, VALIDATE, SCAN, STREAM, JANSSON };
static const char *const mode_name[] = {"split", "validate", "scan", "stream", "jansson"};

/* Chunk size of the stream mode. */
#define STREAM_CHUNK 65536u

static char text_buf[1 << 16], url_buf[4096], src_buf[4096];

/* Feed line[0..n) in STREAM_CHUNK pieces; returns finish's status. */
static mh_status stream_line(const char *line, size_t n, const mh_jsonl_spec *spec,
                             mh_jsonl_result *r)
{
    mh_jsonl_stream st;
    mh_jsonl_stream_init(&st, spec, r);
    for (size_t p = 0; p < n; p += STREAM_CHUNK)
        if (mh_jsonl_stream_feed(&st, line + p, n - p < STREAM_CHUNK ? n - p : STREAM_CHUNK) !=
            MH_OK)
            break;
    return mh_jsonl_stream_finish(&st);
}

/* One pass over the corpus; returns the number of valid records, and adds
 * the decoded text bytes to *checksum so no work is optimised away. */
static size_t run(const corpus *c, enum mode mode, const mh_jsonl_spec *fields,
                  const mh_jsonl_spec *bare, size_t *checksum)
{
    mh_jsonl_result r;
    mh_jsonl_result_init(&r);
    r.field[0].buf = text_buf;
    r.field[0].size = sizeof text_buf;
    r.field[1].buf = url_buf;
    r.field[1].size = sizeof url_buf;
    r.field[2].buf = src_buf;
    r.field[2].size = sizeof src_buf;
    size_t ok = 0, p = 0;
    while (p < c->len) {
        const char *line = c->data + p;
        const char *nl = memchr(line, '\n', c->len - p);
        size_t n = nl ? (size_t)(nl - line) : c->len - p;
        p += n + 1;
        switch (mode) {
        case SPLIT: ok++; *checksum += n; break;
        case VALIDATE: ok += mh_jsonl_scan(line, n, bare, &r) == MH_OK; break;
        case SCAN:
        case STREAM:
            if ((mode == SCAN ? mh_jsonl_scan(line, n, fields, &r)
                              : stream_line(line, n, fields, &r)) == MH_OK) {
                ok++;
                *checksum += r.field[0].len + r.field[1].len + r.field[2].len;
            }
            break;
        case JANSSON: {
            json_error_t e;
            json_t *j = json_loadb(line, n, 0, &e);
            if (j && json_is_object(j)) {
                ok++;
                json_t *meta = json_object_get(json_object_get(j, "meta"), "source");
                *checksum += json_string_length(json_object_get(j, "text")) +
                             json_string_length(json_object_get(j, "url")) +
                             json_string_length(json_object_get(meta, "url")) +
                             (json_object_get(j, "masthead") != NULL);
            }
            json_decref(j);
            break;
        }
        }
    }
    return ok;
}

static void bench(const char *name, const corpus *c)
{
    static const char *const paths[] = {"text", "url", "meta.source.url"};
    mh_jsonl_spec fields, bare;
    if (mh_jsonl_spec_init(&fields, paths, 3, "masthead", 0, 0) != MH_OK ||
        mh_jsonl_spec_init(&bare, NULL, 0, NULL, 0, 0) != MH_OK)
        exit(2);
    double mb = (double)c->len / 1e6, rate[JANSSON + 1] = {0};
    size_t sums[JANSSON + 1] = {0};
    printf("%s: %.1f MB, %zu records (avg %.1f KB)\n", name, mb, c->lines,
           (double)c->len / (double)c->lines / 1e3);
    for (int m = SPLIT; m <= JANSSON; m++) {
        double best = 1e30;
        for (int rep = 0; rep < 3; rep++) {
            size_t sum = 0;
            double t0 = now();
            size_t ok = run(c, (enum mode)m, &fields, &bare, &sum);
            double dt = now() - t0;
            if (ok != c->lines) {
                fprintf(stderr, "jsonl_bench: %s: %zu of %zu records valid\n", mode_name[m], ok,
                        c->lines);
                exit(1);
            }
            sums[m] = sum;
            if (dt < best)
                best = dt;
        }
        rate[m] = mb / best;
    }
    if (sums[SCAN] != sums[JANSSON] || sums[STREAM] != sums[SCAN]) {
        fprintf(stderr, "jsonl_bench: field bytes differ: scan %zu, stream %zu, jansson %zu\n",
                sums[SCAN], sums[STREAM], sums[JANSSON]);
        exit(1);
    }
    for (int m = SPLIT; m <= JANSSON; m++)
        printf("  %-9s %8.0f MB/s  %6.2fx jansson\n", mode_name[m], rate[m], rate[m] / rate[JANSSON]);
}

/* One huge record: scan (the whole line in memory) and stream (64 KiB
 * chunks), best of three, and the text's full length both report. */
static void bench_huge(const char *name, const corpus *c)
{
    static const char *const paths[] = {"text", "url", "meta.source.url"};
    mh_jsonl_spec spec;
    if (mh_jsonl_spec_init(&spec, paths, 3, "masthead", 0, 0) != MH_OK)
        exit(2);
    mh_jsonl_result r;
    mh_jsonl_result_init(&r);
    r.field[0].buf = text_buf;
    r.field[0].size = sizeof text_buf;
    size_t n = c->len - 1, full[2] = {0}; /* without its newline */
    double mb = (double)n / 1e6, best[2] = {1e30, 1e30};
    for (int rep = 0; rep < 3; rep++)
        for (int m = 0; m < 2; m++) {
            double t0 = now();
            mh_status st = m == 0 ? mh_jsonl_scan(c->data, n, &spec, &r)
                                  : stream_line(c->data, n, &spec, &r);
            double dt = now() - t0;
            if (st != MH_OK || !r.field[0].truncated) {
                fprintf(stderr, "jsonl_bench: %s: huge record not read as expected\n", name);
                exit(1);
            }
            full[m] = r.field[0].full_len;
            if (dt < best[m])
                best[m] = dt;
        }
    if (full[0] != full[1]) {
        fprintf(stderr, "jsonl_bench: %s: text length differs: scan %zu, stream %zu\n", name,
                full[0], full[1]);
        exit(1);
    }
    printf("%s: one record of %.1f MB, text cut at %zu KiB\n", name, mb, sizeof text_buf >> 10);
    printf("  %-9s %8.0f MB/s\n  %-9s %8.0f MB/s  (%.2fx scan)\n", "scan", mb / best[0], "stream",
           mb / best[1], best[0] / best[1]);
}

/* The whole lines of path's first `limit` bytes into c; 0, or -1 with a
 * message. Lines must all be valid records (run() counts them). */
static int load_corpus(corpus *c, const char *path, size_t limit)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    memset(c, 0, sizeof *c);
    c->data = malloc(limit + 1);
    if (!c->data) {
        fclose(f);
        return -1;
    }
    c->len = fread(c->data, 1, limit, f);
    fclose(f);
    while (c->len > 0 && c->data[c->len - 1] != '\n')
        c->len--; /* a whole number of lines */
    for (size_t i = 0; i < c->len; i++)
        c->lines += c->data[i] == '\n';
    return c->len ? 0 : -1;
}

int main(int argc, char **argv)
{
    size_t mb = 100;
    if (argc > 1 && (argv[1][0] < '0' || argv[1][0] > '9')) {
        corpus c;
        if (argc > 2)
            mb = strtoul(argv[2], NULL, 10);
        if (mb == 0 || load_corpus(&c, argv[1], mb * 1000 * 1000) != 0)
            return 2;
        bench(argv[1], &c);
        free(c.data);
        return 0;
    }
    if (argc > 1) {
        char *end;
        unsigned long v = strtoul(argv[1], &end, 10);
        if (*end || v == 0 || v > 4096) {
            fprintf(stderr, "usage: jsonl_bench [MB]\n");
            return 2;
        }
        mb = v;
    }
    corpus c;
    make_corpus(&c, mb * 1000 * 1000, false, 0);
    bench("news-en", &c);
    free(c.data);
    make_corpus(&c, mb * 1000 * 1000, true, 0);
    bench("news-ru", &c);
    free(c.data);
    make_corpus(&c, mb * 1000 * 1000, false, mb * 1000 * 1000);
    bench_huge("huge-en", &c);
    free(c.data);
    return 0;
}
