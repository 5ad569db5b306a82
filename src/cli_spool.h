/* cli_spool.h — where the bytes of an over-size record wait, outside
 * memory, until the writer copies them through: the input file itself
 * (read again), or a temporary file. */
#ifndef MH_CLI_SPOOL_H
#define MH_CLI_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct cli_spool cli_spool;

/* The record is bytes [off, off + length) of a regular file already open as
 * fd (duplicated here: the spool outlives the input). Its size and mtime
 * are noted now, so a file changed before the copy is caught. NULL
 * with a message in err when the descriptor cannot be duplicated. */
cli_spool *cli_spool_of_file(int fd, uint64_t off, char *err, size_t errsize);

/* A new, already unlinked temporary file in $TMPDIR (else /tmp) that the
 * record's bytes are appended to. NULL with a message in err. */
cli_spool *cli_spool_temp(char *err, size_t errsize);

/* Append n bytes while the record is read (a no-op for a file spool).
 * Returns NULL, or a message saying why not (disk full...). */
const char *cli_spool_write(cli_spool *sp, const char *p, size_t n);

/* The record has ended: it is length bytes long. */
void cli_spool_seal(cli_spool *sp, uint64_t length);

/* Write the record's bytes [from, to) to out through buf (bufsize bytes).
 * Returns 0; -1 when the spool cannot be read (message in err); -2 when
 * writing out failed (errno set). */
int cli_spool_copy(cli_spool *sp, uint64_t from, uint64_t to, FILE *out, char *buf, size_t bufsize,
                   char *err, size_t errsize);

/* Close it (a temporary file disappears). NULL is a no-op. */
void cli_spool_free(cli_spool *sp);

#endif
