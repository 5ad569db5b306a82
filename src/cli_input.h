/* cli_input.h — reading the CLI's inputs: plain, gzip or zstd (detected by
 * magic bytes), as lines with a cap on what is kept of each. */
#ifndef MH_CLI_INPUT_H
#define MH_CLI_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_input cli_input;

typedef struct cli_line {
    const char *data;  /* borrowed until the next call; no newline */
    size_t len;        /* bytes kept (at most the cap) */
    uint64_t full_len; /* the line's whole length (over len when cut) */
    uint64_t offset;   /* decoded byte offset of the line in the input */
} cli_line;

/* Open a file ("-" or NULL: standard input). Never NULL unless out of
 * memory; check cli_input_error for a problem opening it. */
cli_input *cli_input_open(const char *path);
const char *cli_input_error(const cli_input *in);
/* Size on disk (0 if not a regular file) and bytes read from it so far. */
uint64_t cli_input_raw_size(const cli_input *in);
uint64_t cli_input_raw_pos(const cli_input *in);
/* Next line: 1 with line set, 0 at the end, -1 on a read or decode error
 * (see cli_input_error). A line longer than cap is read to its end; only
 * its first cap bytes are kept (full_len says how long it was). */
int cli_input_line(cli_input *in, size_t cap, cli_line *line);
void cli_input_close(cli_input *in);

#endif
