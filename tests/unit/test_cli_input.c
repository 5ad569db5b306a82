/* test_cli_input.c — the CLI's line reader when it keeps lines (enrich's
 * reader hands lines to workers without copying them): every line returned
 * stays intact in the buffer the caller takes at the next swap, whatever
 * the line lengths (empty, tiny, longer than the buffer, longer than the
 * cap), for plain and gzip input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cli_input.h"
#include "harness.h"
#include "testfs.h"

#define CAP (100u * 1024u) /* the line cap: longer lines go to the sink */

typedef struct held {
    const char *data;
    size_t len;
    size_t want_off; /* where the line is in the source */
} held;

typedef struct sinkbuf {
    char *data;
    size_t len;
} sinkbuf;

static const char *to_sink(void *ud, const char *chunk, size_t n)
{
    sinkbuf *sb = ud;
    char *p = realloc(sb->data, sb->len + n);
    if (!p)
        return "out of memory";
    memcpy(p + sb->len, chunk, n);
    sb->data = p;
    sb->len += n;
    return NULL;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Lines of every kind, in random order, the last one without a newline. */
static char *make_source(size_t *len, size_t *lines)
{
    size_t cap = 8u << 20, n = 0;
    char *s = malloc(cap);
    int i;
    for (i = 0; i < 600 && s; i++) {
        uint64_t r = next_rand();
        size_t l;
        switch (r % 10) {
        case 0: l = 0; break;
        case 1: l = 300000 + (size_t)(next_rand() % 50000); break; /* over the cap */
        case 2: l = 20000 + (size_t)(next_rand() % 70000); break;  /* near the cap */
        case 3: l = CAP; break;                                    /* exactly the cap */
        default: l = (size_t)(next_rand() % 3000); break;
        }
        if (n + l + 1 > cap)
            break;
        for (size_t k = 0; k < l; k++)
            s[n + k] = (char)('a' + (char)((i + k) % 26));
        n += l;
        s[n++] = '\n';
    }
    if (n) /* the last line without its newline */
        n--;
    *len = n;
    *lines = (size_t)i;
    return s;
}

/* Check the lines taken with a buffer: inside it (when its size is known),
 * bytes as in the source. */
static void check_taken(const char *src, const char *buf, size_t cap, held *h, size_t nh)
{
    for (size_t i = 0; i < nh; i++) {
        CHECK(h[i].data >= buf && (!cap || h[i].data + h[i].len <= buf + cap));
        CHECK(memcmp(h[i].data, src + h[i].want_off, h[i].len) == 0);
    }
}

static void read_all(const char *path, const char *src, size_t src_len, size_t want_lines,
                     size_t buf_size)
{
    cli_input *in = cli_input_open(path);
    CHECK(in && !cli_input_error(in));
    if (!in)
        return;
    cli_input_keep_lines(in, buf_size);
    held h[4096];
    size_t nh = 0, lines = 0, swaps = 0;
    uint64_t pos = 0;
    int bad = 0, rc;
    sinkbuf sb = {0};
    cli_line l;
    while ((rc = cli_input_line(in, CAP, &l, to_sink, &sb)) != 0 && rc != -1) {
        if (rc == 2 || nh == 4096) {
            /* alternate what the caller gives back: nothing, a small
             * buffer, a big one */
            size_t give = swaps % 3 == 0 ? 0 : swaps % 3 == 1 ? 100 : 3u << 20;
            char *mine = give ? malloc(give) : NULL;
            size_t old_cap = 0;
            char *old = cli_input_swap(in, mine, give, &old_cap);
            CHECK(old != NULL);
            if (!old)
                break;
            check_taken(src, old, old_cap, h, nh);
            free(old);
            nh = 0;
            swaps++;
            continue;
        }
        lines++;
        if (l.offset != pos)
            bad++;
        if (l.oversize) {
            CHECK(sb.len == l.full_len && l.full_len > CAP);
            CHECK(sb.len <= src_len - pos && memcmp(sb.data, src + pos, sb.len) == 0);
            sb.len = 0;
        } else {
            CHECK(l.len <= CAP);
            h[nh++] = (held){l.data, l.len, (size_t)pos};
        }
        pos += l.full_len + (pos + l.full_len < src_len);
    }
    CHECK(rc == 0);
    CHECK(bad == 0);
    CHECK(pos == src_len);
    CHECK(lines == want_lines);
    CHECK(swaps > 3);
    check_taken(src, cli_input_buffer(in), 0, h, nh);
    free(sb.data);
    cli_input_close(in);
}

void test_cli_input_keep(void)
{
    char dir[256], plain[512], gz[512];
    size_t n, lines;
    char *src = make_source(&n, &lines);
    CHECK(src && t_mkdtemp(dir, sizeof dir));
    if (!src)
        return;
    CHECK(t_write(dir, "lines.jsonl", src, n, plain, sizeof plain) == 0);
    snprintf(gz, sizeof gz, "%s/lines.jsonl.gz", dir);
    gzFile g = gzopen(gz, "wb");
    CHECK(g && gzwrite(g, src, (unsigned)n) == (int)n);
    if (g)
        gzclose(g);
    read_all(plain, src, n, lines, 256u * 1024u);
    read_all(plain, src, n, lines, 1024u);
    read_all(gz, src, n, lines, 256u * 1024u);
    read_all(gz, src, n, lines, 1024u);
    t_rmtree(dir);
    free(src);
}
