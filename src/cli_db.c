/* cli_db.c — `masthead db`: build, check, verify, stats, lookup, search,
 * export. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char db_usage[] =
    "Usage: masthead db COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  build  [--source DIR] [--output FILE]  compile sources-db/ text into a database\n"
    "  check  [--source DIR]                  validate the text data, report every problem\n"
    "  verify [--date YYYY-MM-DD]             check the database file and its stored records\n"
    "  stats  [--format text|json]            counts of the database\n"
    "  lookup [--date YYYY-MM-DD] QUERY       full record of a domain, URL or name, with "
    "citations\n"
    "  search [--limit N] TEXT                full-text search over names and aliases\n"
    "  export [--format json]                 every outlet as JSON lines\n"
    "\n"
    "Common options: --db FILE (database), --rules DIR, -h/--help.\n";

struct dbopts {
    const char *source;
    const char *output;
    const char *db;
    const char *rules;
    const char *format;
    const char *date;
    long limit;
};

static int parse(int argc, char **argv, struct dbopts *o)
{
    static const struct option longopts[] = {{"source", required_argument, NULL, 's'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"db", required_argument, NULL, 'd'},
                                             {"rules", required_argument, NULL, 'r'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"date", required_argument, NULL, 't'},
                                             {"limit", required_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:o:f:n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': o->source = optarg; break;
        case 'o': o->output = optarg; break;
        case 'd': o->db = optarg; break;
        case 'r': o->rules = optarg; break;
        case 'f': o->format = optarg; break;
        case 't': o->date = optarg; break;
        case 'n': o->limit = strtol(optarg, NULL, 10); break;
        case 'h': fputs(db_usage, stdout); exit(0);
        default: fputs(db_usage, stderr); return EXIT_USAGE;
        }
    }
    return 0;
}

typedef struct counter {
    size_t n;
} counter;

static void count_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    ((counter *)ud)->n++;
    cli_diag(NULL, file, line, col, msg);
}

static int print_json(json_t *j)
{
    int rc = cli_json_print(stdout, j);
    if (rc == EXIT_INTERNAL)
        fprintf(stderr, "%s: %s\n", cli_prog, mh_strerror(MH_ERR_NOMEM));
    return rc == 0 && fflush(stdout) != 0 ? EXIT_OUTPUT : rc;
}

static void print_stats_text(json_t *s)
{
    const char *k;
    json_t *v;
    json_object_foreach (s, k, v) {
        if (json_is_integer(v))
            printf("%-40s %lld\n", k, (long long)json_integer_value(v));
        else if (json_is_string(v))
            printf("%-40s %s\n", k, json_string_value(v));
        else if (json_is_object(v)) {
            printf("%s:\n", k);
            const char *k2;
            json_t *v2;
            json_object_foreach (v, k2, v2) {
                if (json_is_integer(v2))
                    printf("  %-38s %lld\n", k2, (long long)json_integer_value(v2));
            }
        }
    }
}

int cli_db(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(db_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    const char *cmd = argv[1];
    struct dbopts o = {"sources-db", "build/masthead.db", NULL, NULL, "text", NULL, 20};
    int rc = parse(argc - 1, argv + 1, &o);
    if (rc)
        return rc;
    int rest = optind + 1; /* index into argv of the first operand */
    if (strcmp(cmd, "build") == 0 || strcmp(cmd, "check") == 0) {
        counter cnt = {0};
        mh_status st = strcmp(cmd, "build") == 0 ? mh_db_build(o.source, o.output, count_diag, &cnt)
                                                 : mh_db_check(o.source, count_diag, &cnt);
        if (st != MH_OK) {
            fprintf(stderr, "%s: db %s: %zu problem%s (%s)\n", cli_prog, cmd, cnt.n,
                    cnt.n == 1 ? "" : "s", mh_strerror(st));
            return st == MH_ERR_NOMEM ? EXIT_INTERNAL : EXIT_DB;
        }
        if (strcmp(cmd, "check") == 0)
            fprintf(stderr, "%s: db check: no problems\n", cli_prog);
        return 0;
    }
    mh_engine *eng = NULL;
    rc = cli_open_engine(o.db, o.rules, &eng);
    if (rc)
        return rc;
    mh_scratch *sc = NULL;
    json_t *out = NULL;
    mh_status st = mh_scratch_create(eng, &sc);
    if (st == MH_OK && strcmp(cmd, "stats") == 0) {
        st = mh_db_stats(eng, &out);
        if (st == MH_OK) {
            if (strcmp(o.format, "json") == 0)
                rc = print_json(out);
            else
                print_stats_text(out);
        }
    } else if (st == MH_OK && strcmp(cmd, "lookup") == 0) {
        if (rest >= argc) {
            fputs(db_usage, stderr);
            rc = EXIT_USAGE;
        } else {
            st = mh_db_lookup(sc, argv[rest], o.date, &out);
            if (st == MH_OK)
                rc = print_json(out);
            if (st == MH_OK && json_array_size(out) == 0) {
                fprintf(stderr, "%s: no outlet or organisation matches '%s'\n", cli_prog,
                        argv[rest]);
                rc = rc ? rc : EXIT_INPUT;
            }
        }
    } else if (st == MH_OK && strcmp(cmd, "search") == 0) {
        if (rest >= argc) {
            fputs(db_usage, stderr);
            rc = EXIT_USAGE;
        } else {
            st = mh_db_search(sc, argv[rest], (size_t)(o.limit > 0 ? o.limit : 20), &out);
            if (st == MH_OK)
                rc = print_json(out);
        }
    } else if (st == MH_OK && strcmp(cmd, "verify") == 0) {
        counter cnt = {0};
        size_t checked = 0;
        st = mh_db_verify(sc, o.date, count_diag, &cnt, &checked);
        if (st == MH_OK) {
            fprintf(stderr, "%s: db verify: %zu records checked, no problems\n", cli_prog, checked);
        } else if (st == MH_ERR_DATA) {
            fprintf(stderr, "%s: db verify: %zu problem%s in %zu records checked\n", cli_prog,
                    cnt.n, cnt.n == 1 ? "" : "s", checked);
            st = MH_OK;
            rc = EXIT_DB;
        }
    } else if (st == MH_OK && strcmp(cmd, "export") == 0) {
        st = mh_db_export(sc, stdout);
        if (st == MH_ERR_IO)
            rc = EXIT_OUTPUT;
    } else if (st == MH_OK) {
        fprintf(stderr, "%s: unknown db command '%s'\n", cli_prog, cmd);
        rc = EXIT_USAGE;
    }
    if (st != MH_OK && !rc) {
        fprintf(stderr, "%s: db %s: %s\n", cli_prog, cmd, mh_strerror(st));
        rc = cli_exit_for(st);
    }
    json_decref(out);
    mh_scratch_free(sc);
    mh_engine_close(eng);
    return rc;
}
