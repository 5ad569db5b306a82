/* main.c — the masthead command: dispatch to subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: masthead COMMAND [options] [args]\n"
    "\n"
    "Who published an article, who owns them, and how far to trust them.\n"
    "\n"
    "Commands:\n"
    "  annotate [FILE]     annotate one article (text or HTML)\n"
    "  enrich [FILE...]    annotate JSON Lines records (or --files DIR), in order, in parallel\n"
    "  db COMMAND          the source database: build, check, stats, lookup, search, export\n"
    "  rules check         validate the rules and run every rule's examples\n"
    "  serve               the classroom page and its JSON API on http://127.0.0.1:8080/\n"
    "  version             versions of the tool, rules and database\n"
    "\n"
    "Run 'masthead COMMAND --help' for a command's options; see masthead(1).\n"
    "\n" EXIT_TABLE_TEXT;

static int version(int argc, char **argv)
{
    const char *db = NULL, *rules = NULL;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--db") == 0)
            db = argv[i + 1];
        if (strcmp(argv[i], "--rules") == 0)
            rules = argv[i + 1];
    }
    printf("masthead %s\n", mh_version());
    mh_engine *eng = NULL;
    int rc = cli_open_engine(db, rules, &eng);
    if (rc)
        return rc;
    printf("rules %s (%zu rules)\n", mh_engine_rules_version(eng), mh_engine_rule_count(eng));
    printf("database %s (built %s)\n", mh_engine_db_version(eng), mh_engine_db_built(eng));
    printf("annotation schema %s\n", MH_SCHEMA_VERSION);
    mh_engine_close(eng);
    return 0;
}

int main(int argc, char **argv)
{
    if (mh_install_allocators() != MH_OK) {
        fputs("masthead: cannot install the allocators\n", stderr);
        return EXIT_INTERNAL;
    }
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0 || strcmp(cmd, "-V") == 0)
        return version(argc - 1, argv + 1);
    if (strcmp(cmd, "annotate") == 0)
        return cli_annotate(argc - 1, argv + 1);
    if (strcmp(cmd, "db") == 0)
        return cli_db(argc - 1, argv + 1);
    if (strcmp(cmd, "enrich") == 0)
        return cli_enrich(argc - 1, argv + 1);
    if (strcmp(cmd, "rules") == 0)
        return cli_rules(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cli_serve(argc - 1, argv + 1);
    fprintf(stderr, "masthead: unknown command '%s'\n\n", cmd);
    fputs(usage, stderr);
    return EXIT_USAGE;
}
