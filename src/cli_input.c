/* cli_input.c — input streams for the CLI: plain, gzip (zlib) or zstd,
 * detected by their magic bytes, read as lines with a cap.
 *
 * A line is held in one buffer that grows to about the cap. A line longer
 * than the cap is never held: once the buffer has more than cap bytes of it
 * without a newline, those bytes and every later chunk up to the newline go
 * to the caller's sink, and the buffer is reused for each chunk.
 *
 * Keeping lines, the buffer changes hands instead of being compacted: the
 * caller takes it with the lines it holds and gives another, into which
 * only the partial line at the end is copied. */
#include "cli_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK (256u * 1024u)
#define BUF_START (1u << 20)
/* Keeping lines: a read into less room than this waits for a swap. */
#define KEEP_MIN_ROOM (64u * 1024u)

struct cli_input {
    int fd;
    int kind; /* 0 plain, 1 gzip, 2 zstd */
    z_stream gz;
    int gz_init;
    ZSTD_DStream *zs;
    unsigned char *zin; /* compressed bytes read, not yet decoded */
    size_t zin_len, zin_pos;
    int zeof;
    char *buf; /* decoded bytes not yet returned */
    size_t start, end, cap;
    int eof;
    int keep;          /* keeping lines: see cli_input_keep_lines */
    size_t keep_size;  /* the buffer size asked for then */
    uint64_t consumed; /* decoded bytes returned so far (line offsets) */
    uint64_t raw_size; /* size of the file on disk, 0 if unknown */
    int seekable;      /* a regular file: decoded offset + raw_base = file offset */
    uint64_t raw_base; /* file offset where reading started */
    uint64_t raw_done; /* bytes read from the descriptor so far */
    char err[160];
};

cli_input *cli_input_open(const char *path)
{
    cli_input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->fd = (!path || strcmp(path, "-") == 0) ? dup(0) : open(path, O_RDONLY);
    if (in->fd < 0) {
        snprintf(in->err, sizeof in->err, "%s", strerror(errno));
        return in;
    }
    struct stat sb;
    if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        in->raw_size = (uint64_t)sb.st_size;
        off_t here = lseek(in->fd, 0, SEEK_CUR);
        in->seekable = here >= 0;
        in->raw_base = here >= 0 ? (uint64_t)here : 0;
    }
    if (fstat(in->fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(in->err, sizeof in->err, "is a directory (use --files to annotate a tree)");
        return in;
    }
    in->cap = BUF_START;
    in->buf = malloc(in->cap);
    if (!in->buf) {
        snprintf(in->err, sizeof in->err, "out of memory");
        return in;
    }
    /* peek at the magic: read the first bytes into the buffer */
    ssize_t n;
    do
        n = read(in->fd, in->buf, 4);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        snprintf(in->err, sizeof in->err, "%s", strerror(errno));
        return in;
    }
    in->raw_done = (uint64_t)n;
    const unsigned char *m = (const unsigned char *)in->buf;
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
        in->kind = 1;
    else if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
        in->kind = 2;
    if (in->kind == 0) {
        in->end = (size_t)n;
        in->eof = n == 0;
        return in;
    }
    /* compressed: the peeked bytes are the decoder's first input */
    in->zin = malloc(RAW_CHUNK);
    if (!in->zin) {
        snprintf(in->err, sizeof in->err, "out of memory");
        return in;
    }
    memcpy(in->zin, in->buf, (size_t)n);
    in->zin_len = (size_t)n;
    if (in->kind == 1) {
        /* 16 + MAX_WBITS: a gzip wrapper */
        if (inflateInit2(&in->gz, 16 + MAX_WBITS) != Z_OK)
            snprintf(in->err, sizeof in->err, "cannot start the gzip decoder");
        else
            in->gz_init = 1;
    } else {
        in->zs = ZSTD_createDStream();
        if (!in->zs)
            snprintf(in->err, sizeof in->err, "out of memory");
    }
    return in;
}

const char *cli_input_error(const cli_input *in)
{
    return in && in->err[0] ? in->err : NULL;
}

uint64_t cli_input_raw_size(const cli_input *in)
{
    return in->raw_size;
}

void cli_input_keep_lines(cli_input *in, size_t buf_size)
{
    in->keep = 1;
    in->keep_size = buf_size;
    /* only the magic was read yet: start at the asked size */
    if (in->buf && in->start == 0 && in->end <= buf_size && in->cap > buf_size) {
        char *p = realloc(in->buf, buf_size);
        if (p) {
            in->buf = p;
            in->cap = buf_size;
        }
    }
}

const char *cli_input_buffer(const cli_input *in)
{
    return in->buf;
}

char *cli_input_swap(cli_input *in, char *buf, size_t cap, size_t *old_cap)
{
    size_t have = in->end - in->start;
    size_t need = have + KEEP_MIN_ROOM;
    if (need < in->keep_size)
        need = in->keep_size;
    if (!buf || cap < need) {
        char *p = realloc(buf, need);
        if (!p)
            return NULL;
        buf = p;
        cap = need;
    }
    if (have)
        memcpy(buf, in->buf + in->start, have);
    char *old = in->buf;
    *old_cap = in->cap;
    in->buf = buf;
    in->cap = cap;
    in->start = 0;
    in->end = have;
    return old;
}

int cli_input_pread_fd(const cli_input *in, uint64_t *base)
{
    if (!in || in->fd < 0 || in->kind != 0 || !in->seekable)
        return -1;
    *base = in->raw_base;
    return in->fd;
}

uint64_t cli_input_raw_pos(const cli_input *in)
{
    /* counted, not asked of the kernel: the reader asks after every line */
    return in->raw_base + in->raw_done;
}

/* Decode more bytes into buf[end..cap); returns bytes added, 0 at EOF, -1 on error. */
static ssize_t fill(cli_input *in)
{
    size_t room = in->cap - in->end;
    if (in->kind == 0) {
        ssize_t n;
        do
            n = read(in->fd, in->buf + in->end, room);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            snprintf(in->err, sizeof in->err, "read error: %s", strerror(errno));
        else
            in->raw_done += (uint64_t)n;
        return n;
    }
    if (room > (1u << 30))
        room = 1u << 30;
    size_t produced = 0;
    while (produced == 0) {
        if (in->zin_pos == in->zin_len) {
            if (in->zeof)
                return 0;
            ssize_t n;
            do
                n = read(in->fd, in->zin, RAW_CHUNK);
            while (n < 0 && errno == EINTR);
            if (n < 0) {
                snprintf(in->err, sizeof in->err, "read error: %s", strerror(errno));
                return -1;
            }
            in->raw_done += (uint64_t)n;
            if (n == 0) {
                in->zeof = 1;
                continue;
            }
            in->zin_len = (size_t)n;
            in->zin_pos = 0;
        }
        if (in->kind == 1) {
            in->gz.next_in = in->zin + in->zin_pos;
            in->gz.avail_in = (uInt)(in->zin_len - in->zin_pos);
            in->gz.next_out = (Bytef *)in->buf + in->end;
            in->gz.avail_out = (uInt)room;
            int rc = inflate(&in->gz, Z_NO_FLUSH);
            in->zin_pos = in->zin_len - in->gz.avail_in;
            produced = room - in->gz.avail_out;
            if (rc == Z_STREAM_END) {
                /* concatenated members (gzip -c a b > ab.gz) continue */
                inflateReset(&in->gz);
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                snprintf(in->err, sizeof in->err, "gzip error: %s",
                         in->gz.msg ? in->gz.msg : "corrupt data");
                return -1;
            }
        } else {
            ZSTD_inBuffer ib = {in->zin, in->zin_len, in->zin_pos};
            ZSTD_outBuffer ob = {in->buf + in->end, room, 0};
            size_t rc = ZSTD_decompressStream(in->zs, &ob, &ib);
            in->zin_pos = ib.pos;
            produced = ob.pos;
            if (ZSTD_isError(rc)) {
                snprintf(in->err, sizeof in->err, "zstd error: %s", ZSTD_getErrorName(rc));
                return -1;
            }
        }
    }
    return (ssize_t)produced;
}

/* An over-size line: buf[start, end) holds its first bytes and no newline.
 * Pass them and the rest of the line to sink, one buffer-load at a time. */
static int stream_line(cli_input *in, cli_line *line, cli_line_sink sink, void *ud)
{
    const char *why = NULL;
    uint64_t total = 0;
    size_t n = in->end - in->start;
    const char *chunk = in->buf + in->start;
    line->offset = in->consumed;
    line->oversize = 1;
    for (;;) {
        char *nl = memchr(chunk, '\n', n);
        size_t take = nl ? (size_t)(nl - chunk) : n;
        if (sink && take && (why = sink(ud, chunk, take)) != NULL) {
            snprintf(in->err, sizeof in->err, "%s", why);
            return -1;
        }
        total += take;
        if (nl) {
            in->start = (size_t)(nl - in->buf) + 1;
            line->full_len = total;
            in->consumed += total + 1;
            return 1;
        }
        in->start = in->end = 0;
        ssize_t got = fill(in);
        if (got < 0)
            return -1;
        if (got == 0) {
            in->eof = 1;
            line->full_len = total;
            in->consumed += total;
            return 1;
        }
        in->end = (size_t)got;
        chunk = in->buf;
        n = (size_t)got;
    }
}

int cli_input_line(cli_input *in, size_t cap, cli_line *line, cli_line_sink sink, void *ud)
{
    memset(line, 0, sizeof *line);
    if (in->err[0])
        return -1;
    size_t scan = in->start;
    for (;;) {
        char *nl = in->end > scan ? memchr(in->buf + scan, '\n', in->end - scan) : NULL;
        size_t have = in->end - in->start;
        if (nl && (size_t)(nl - (in->buf + in->start)) <= cap) {
            size_t len = (size_t)(nl - (in->buf + in->start));
            line->data = in->buf + in->start;
            line->len = len;
            line->full_len = len;
            line->offset = in->consumed;
            in->consumed += len + 1;
            in->start += len + 1;
            return 1;
        }
        if (nl || have > cap) {
            /* the stream reuses the buffer from its start */
            if (in->keep && in->start > 0)
                return 2;
            return stream_line(in, line, sink, ud);
        }
        if (in->eof) {
            if (have == 0)
                return 0;
            line->data = in->buf + in->start;
            line->len = have;
            line->full_len = have;
            line->offset = in->consumed;
            in->consumed += have;
            in->start = in->end;
            return 1;
        }
        /* make room: move the partial line to the front, grow if needed
         * (to about the cap: a longer line is streamed, not held); keeping
         * lines, read on at the end while there is room, else the caller
         * swaps the buffer (which moves the partial line) */
        if (in->keep && in->cap - in->end >= KEEP_MIN_ROOM) {
            /* room enough */
        } else if (in->keep && in->start > 0) {
            return 2;
        } else if (in->start > 0) {
            memmove(in->buf, in->buf + in->start, have);
            in->end = have;
            in->start = 0;
        }
        scan = in->end;
        /* keeping lines, start is 0 here: the buffer holds no returned line */
        if (in->cap - in->end < (in->keep ? KEEP_MIN_ROOM : RAW_CHUNK)) {
            size_t ncap = in->cap * 2;
            if (ncap > cap + 2 * (size_t)RAW_CHUNK)
                ncap = cap + 2 * (size_t)RAW_CHUNK;
            if (ncap < in->end + RAW_CHUNK)
                ncap = in->end + RAW_CHUNK;
            char *p = realloc(in->buf, ncap);
            if (!p) {
                snprintf(in->err, sizeof in->err, "out of memory");
                return -1;
            }
            in->buf = p;
            in->cap = ncap;
        }
        ssize_t n = fill(in);
        if (n < 0)
            return -1;
        if (n == 0)
            in->eof = 1;
        else
            in->end += (size_t)n;
    }
}

void cli_input_close(cli_input *in)
{
    if (!in)
        return;
    if (in->gz_init)
        inflateEnd(&in->gz);
    if (in->zs)
        ZSTD_freeDStream(in->zs);
    free(in->zin);
    free(in->buf);
    if (in->fd >= 0)
        close(in->fd);
    free(in);
}
