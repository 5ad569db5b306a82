/* cli_rules.c — `masthead rules check`: load the rules and run their examples. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_rules(int argc, char **argv)
{
    const char *db = NULL, *rules = NULL;
    if (argc < 2 || strcmp(argv[1], "check") != 0) {
        fputs("Usage: masthead rules check [--rules DIR] [--db FILE]\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    for (int i = 2; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--db") == 0)
            db = argv[i + 1];
        if (strcmp(argv[i], "--rules") == 0)
            rules = argv[i + 1];
    }
    mh_engine *eng = NULL;
    int rc = cli_open_engine(db, rules, &eng);
    if (rc)
        return rc;
    size_t failures = 0, total = 0;
    mh_status st = mh_engine_check_examples(eng, cli_diag, NULL, &failures, &total);
    mh_engine_close(eng);
    if (st != MH_OK) {
        fprintf(stderr, "%s: rules check: %s\n", cli_prog, mh_strerror(st));
        return cli_exit_for(st);
    }
    printf("%zu passed, %zu failed\n", total - failures, failures);
    return failures ? EXIT_RULES : 0;
}
