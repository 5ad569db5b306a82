/* cli.h — what the command-line tool's files share: exit codes, data paths,
 * diagnostics printing. The library never prints; only the CLI does. */
#ifndef MH_CLI_H
#define MH_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "masthead.h"

/* The one exit-code table of the whole CLI (also in --help and masthead(1)).
 * As with grep, errors are 2 and above; 1 is used only when the user asks
 * for exit-status flagging (--exit-flagged) and an article is flagged. */
enum {
    EXIT_OK_ = 0,     /* success */
    EXIT_FLAGGED = 1, /* with --exit-flagged: an article was flagged */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_INPUT = 3,   /* an input could not be read or was unusable */
    EXIT_DB = 4,      /* database missing, corrupt, of another version, or bad data */
    EXIT_RULES = 5,   /* rules missing or invalid, or a rule example failed */
    EXIT_OUTPUT = 6,  /* output could not be written */
    EXIT_INTERNAL = 7 /* out of memory or an internal error */
};

#define EXIT_TABLE_TEXT                                                                            \
    "Exit status:\n"                                                                               \
    "  0  success\n"                                                                               \
    "  1  an article was flagged (only with --exit-flagged)\n"                                     \
    "  2  usage error\n"                                                                           \
    "  3  input error (unreadable file, unusable input)\n"                                         \
    "  4  database error (missing, corrupt, other schema version, invalid data)\n"                 \
    "  5  rules error (missing or invalid rules, failing rule example)\n"                          \
    "  6  output error (cannot write)\n"                                                           \
    "  7  internal error or out of memory\n"

/* Paths of the bundled database and rules: next to the binary in a checkout
 * (build/masthead.db, rules/), else the installed data directory. */
void cli_default_paths(char *db, size_t dblen, char *rules, size_t ruleslen);

/* Print a diagnostic "file:line:col: message" to stderr (a mh_diag_fn). */
void cli_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg);

/* Map a library status to an exit code. */
int cli_exit_for(mh_status st);

/* Open an engine from --db/--rules (NULL: defaults); prints errors. Returns
 * an exit code (0 on success). */
int cli_open_engine(const char *db, const char *rules, mh_engine **out);

/* Read a file (or stdin for "-" or NULL) into memory, at most `cap` bytes;
 * the rest is read to its end and only counted (*full_len, the whole size),
 * so a huge input costs no more memory than the cap. Returns 0 or an exit
 * code after printing the problem. */
int cli_read_input(const char *path, size_t cap, char **data, size_t *len, uint64_t *full_len);

/* Parse one --limit NAME=N into limits; 0 on success, else prints why and
 * returns EXIT_USAGE. Names: doc-bytes, markers, html-depth, match-limit,
 * depth-limit, heap-kib, budget (docs/limits.md). */
int cli_parse_limit(const char *spec, mh_limits *limits);

#define LIMIT_HELP_TEXT                                                                            \
    "      --limit NAME=N     set a limit: doc-bytes, markers, html-depth, match-limit,\n"         \
    "                         depth-limit, heap-kib, budget (a document that reaches one\n"        \
    "                         is annotated as partial, keeping what was found)\n"

/* JSON as every command prints it: pretty for people, compact for lines. */
#define CLI_JSON_PRETTY  (JSON_INDENT(2) | JSON_REAL_PRECISION(10))
#define CLI_JSON_COMPACT (JSON_COMPACT | JSON_REAL_PRECISION(10))

/* json_dumps that also fails when an allocation failed inside it (jansson
 * 2.14 can then return text missing a key). Free with cli_json_free. */
char *cli_json_text(const json_t *j, size_t flags);
void cli_json_free(char *text);
/* Print j with CLI_JSON_PRETTY and a newline; EXIT_OK_ (0), or the exit code of
 * the failure (out of memory, or the output unwritable). */
int cli_json_print(FILE *fp, const json_t *j);

int cli_annotate(int argc, char **argv);
int cli_db(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_enrich(int argc, char **argv);
int cli_serve(int argc, char **argv);

extern const char *cli_prog;

#endif
