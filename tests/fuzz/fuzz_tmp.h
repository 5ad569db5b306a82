/* fuzz_tmp.h — a private temporary directory for harnesses that must hand
 * their input to a loader as a file. */
#ifndef MH_FUZZ_TMP_H
#define MH_FUZZ_TMP_H

#include <stddef.h>
#include <stdint.h>

/* The harness's directory (created on first use under $TMPDIR or /tmp,
 * removed at exit); aborts when it cannot be made. */
const char *fuzz_tmpdir(void);

/* Write data to <tmpdir>/<name>; aborts on failure (a full disk is not a
 * finding, but a harness that silently tests nothing is worse). */
void fuzz_write(const char *name, const uint8_t *data, size_t size);

/* Make the directory <tmpdir>/<name> (its parent must exist). */
void fuzz_mkdir(const char *name);

/* Copy the file `from` to <tmpdir>/<to>; aborts when it cannot be read. */
void fuzz_copy_file(const char *from, const char *to);

/* Copy the regular files of directory `from` into <tmpdir>/<to>. */
void fuzz_copy_dir(const char *from, const char *to);

#endif
