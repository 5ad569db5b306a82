/* cli_input.h — reading the CLI's inputs: plain, gzip or zstd (detected by
 * magic bytes), as lines with a cap on what is kept of each: a longer line
 * is streamed through a callback instead of being held. */
#ifndef MH_CLI_INPUT_H
#define MH_CLI_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_input cli_input;

typedef struct cli_line {
    const char *data;  /* borrowed until the next call; no newline; NULL
                        * for an over-size line */
    size_t len;        /* bytes held (the whole line; 0 when over-size) */
    uint64_t full_len; /* the line's whole length */
    uint64_t offset;   /* decoded byte offset of the line in the input */
    int oversize;      /* longer than the cap: its bytes went to the sink */
} cli_line;

/* Receives the bytes of an over-size line in order, from its first byte to
 * the last before the newline, in chunks (borrowed for the call only).
 * Returns NULL to go on, or a message saying why it cannot. */
typedef const char *(*cli_line_sink)(void *userdata, const char *chunk, size_t n);

/* Open a file ("-" or NULL: standard input). Never NULL unless out of
 * memory; check cli_input_error for a problem opening it. */
cli_input *cli_input_open(const char *path);
const char *cli_input_error(const cli_input *in);
/* Size on disk (0 if not a regular file) and bytes read from it so far. */
uint64_t cli_input_raw_size(const cli_input *in);
uint64_t cli_input_raw_pos(const cli_input *in);
/* Next line: 1 with line set, 0 at the end, -1 on a read or decode error
 * or a sink's refusal (see cli_input_error), 2 when keeping lines and the
 * buffer must be swapped to go on. A line of at most cap bytes
 * is held in memory. A longer one is not: it is read to its end as a
 * stream, every byte passed to sink (dropped when sink is NULL), with
 * line->offset set before the first call; then line->oversize is set and
 * full_len says how long it was. Memory stays near cap + 1 MiB whatever
 * the line's length. */
int cli_input_line(cli_input *in, size_t cap, cli_line *line, cli_line_sink sink, void *userdata);
/* Keeping lines (for a reader that hands lines to other threads without
 * copying them). From this call on the buffer is never reused while it
 * holds lines already returned: where it would be, cli_input_line returns
 * 2 instead, and the caller takes the buffer with cli_input_swap. The
 * buffer is then about buf_size bytes (more while one line needs more). */
void cli_input_keep_lines(cli_input *in, size_t buf_size);
/* Where the lines returned since the last swap are: their data points into
 * this buffer, which does not move until the next swap. */
const char *cli_input_buffer(const cli_input *in);
/* Take the input's buffer (with every line returned from it, still valid)
 * and give it buf of cap bytes (malloc'd; NULL or small: the input
 * allocates) to go on in; the bytes not yet returned are copied into it.
 * Returns the old buffer (the caller's to free) and its size in *old_cap;
 * NULL when out of memory (nothing changed, buf is still the caller's). */
char *cli_input_swap(cli_input *in, char *buf, size_t cap, size_t *old_cap);
/* For an input whose decoded bytes are a regular file's own (plain, not
 * compressed, seekable): its descriptor (borrowed, open until
 * cli_input_close) and the file offset of decoded byte 0 in *base, so a
 * line can be read again with pread. -1 for any other input. */
int cli_input_pread_fd(const cli_input *in, uint64_t *base);
void cli_input_close(cli_input *in);

#endif
