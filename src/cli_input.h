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
 * or a sink's refusal (see cli_input_error). A line of at most cap bytes
 * is held in memory. A longer one is not: it is read to its end as a
 * stream, every byte passed to sink (dropped when sink is NULL), with
 * line->offset set before the first call; then line->oversize is set and
 * full_len says how long it was. Memory stays near cap + 1 MiB whatever
 * the line's length. */
int cli_input_line(cli_input *in, size_t cap, cli_line *line, cli_line_sink sink, void *userdata);
/* For an input whose decoded bytes are a regular file's own (plain, not
 * compressed, seekable): its descriptor (borrowed, open until
 * cli_input_close) and the file offset of decoded byte 0 in *base, so a
 * line can be read again with pread. -1 for any other input. */
int cli_input_pread_fd(const cli_input *in, uint64_t *base);
void cli_input_close(cli_input *in);

#endif
