/* cli_annotate.c — `masthead annotate`: one article in, a verdict out (text
 * for people, JSON for programs). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_text.h"

static const char usage[] =
    "Usage: masthead annotate [options] [FILE|-]\n"
    "\n"
    "Tell who published an article (plain text or HTML), who owns them, whether they\n"
    "are state media and how raters judge them, with the evidence for each claim.\n"
    "\n"
    "Options:\n"
    "  -u, --url URL          the article's URL, if known\n"
    "  -d, --date YYYY-MM-DD  annotate as of this date (default: the document's own, else today)\n"
    "  -t, --type TYPE        text | html | auto (default: auto, detected)\n"
    "  -f, --format FORMAT    text (default, for people) | json\n"
    "      --policy CODES     state-media classes that flag, comma-separated\n"
    "                         (default SC,CaPu,CaPr: captured or controlled)\n"
    "      --exit-flagged     exit with status 1 when the article is flagged\n"
    "      --generic-only     disable outlet-specific rules (show what generic mechanisms find)\n"
    "      --max-bytes N      scan at most N bytes of the document (default 16 "
    "MiB)\n" LIMIT_HELP_TEXT "      --db FILE          source database (default: the bundled one)\n"
    "      --rules DIR        rules directory (default: the bundled one)\n"
    "  -h, --help             this help\n"
    "\n" EXIT_TABLE_TEXT;

int cli_parse_policy(const char *spec, mh_policy *p, char *storage, size_t n, const char **codes,
                     size_t maxcodes)
{
    snprintf(storage, n, "%s", spec);
    size_t k = 0;
    char *save = NULL;
    for (char *c = strtok_r(storage, ",", &save); c && k + 1 < maxcodes;
         c = strtok_r(NULL, ",", &save))
        codes[k++] = c;
    codes[k] = NULL;
    p->name = "custom";
    p->codes = codes;
    return k > 0;
}

int cli_annotate(int argc, char **argv)
{
    static const struct option longopts[] = {{"url", required_argument, NULL, 'u'},
                                             {"date", required_argument, NULL, 'd'},
                                             {"type", required_argument, NULL, 't'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"policy", required_argument, NULL, 'P'},
                                             {"exit-flagged", no_argument, NULL, 'X'},
                                             {"generic-only", no_argument, NULL, 'G'},
                                             {"max-bytes", required_argument, NULL, 'M'},
                                             {"db", required_argument, NULL, 'D'},
                                             {"rules", required_argument, NULL, 'R'},
                                             {"limit", required_argument, NULL, 'L'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *url = NULL, *date = NULL, *type = "auto", *format = "text", *policy = NULL;
    const char *db = NULL, *rules = NULL;
    int exit_flagged = 0, generic_only = 0;
    mh_limits limits;
    memset(&limits, 0, sizeof limits);
    long long max_bytes = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:d:t:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'u': url = optarg; break;
        case 'd': date = optarg; break;
        case 't': type = optarg; break;
        case 'f': format = optarg; break;
        case 'P': policy = optarg; break;
        case 'X': exit_flagged = 1; break;
        case 'G': generic_only = 1; break;
        case 'M': max_bytes = strtoll(optarg, NULL, 10); break;
        case 'D': db = optarg; break;
        case 'R': rules = optarg; break;
        case 'L':
            if (cli_parse_limit(optarg, &limits))
                return EXIT_USAGE;
            break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return EXIT_USAGE;
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        fprintf(stderr, "%s: --format must be text or json\n", cli_prog);
        return EXIT_USAGE;
    }
    mh_doctype dt = MH_DOC_AUTO;
    if (strcmp(type, "text") == 0)
        dt = MH_DOC_TEXT;
    else if (strcmp(type, "html") == 0)
        dt = MH_DOC_HTML;
    else if (strcmp(type, "auto") != 0) {
        fprintf(stderr, "%s: --type must be text, html or auto\n", cli_prog);
        return EXIT_USAGE;
    }
    if (date && (strlen(date) != 10 || date[4] != '-' || date[7] != '-')) {
        fprintf(stderr, "%s: --date must be YYYY-MM-DD\n", cli_prog);
        return EXIT_USAGE;
    }
    if (argc - optind > 1) {
        fprintf(stderr, "%s: annotate takes one file (use enrich for many)\n", cli_prog);
        return EXIT_USAGE;
    }
    mh_policy pol = *mh_policy_default();
    char polbuf[256];
    const char *codes[16];
    if (policy && !cli_parse_policy(policy, &pol, polbuf, sizeof polbuf, codes, 16)) {
        fprintf(stderr, "%s: --policy needs at least one code\n", cli_prog);
        return EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    char *data = NULL;
    size_t len = 0;
    uint64_t full_len = 0;
    /* what the engine would scan at most: no need to hold more */
    mh_limits defaults;
    mh_limits_default(&defaults);
    size_t cap = max_bytes > 0          ? (size_t)max_bytes
                 : limits.max_doc_bytes ? limits.max_doc_bytes
                                        : defaults.max_doc_bytes;
    cap += 1; /* one byte more: the engine then sees its document-size limit reached */
    int rc = cli_read_input(path, cap, &data, &len, &full_len);
    if (rc)
        return rc;
    mh_engine *eng = NULL;
    rc = cli_open_engine(db, rules, &eng);
    if (rc) {
        free(data);
        return rc;
    }
    mh_scratch *sc = NULL;
    json_t *ann = NULL;
    mh_status st = mh_scratch_create(eng, &sc);
    if (st == MH_OK) {
        mh_document doc = {data, len, dt, url, date, NULL, full_len > len ? (size_t)full_len : 0,
                           false};
        mh_annotate_options opts;
        memset(&opts, 0, sizeof opts);
        opts.policy = &pol;
        opts.limits = limits;
        if (max_bytes > 0)
            opts.limits.max_doc_bytes = (size_t)max_bytes;
        opts.generic_only = generic_only;
        st = mh_annotate(sc, &doc, &opts, &ann);
    }
    if (st != MH_OK) {
        fprintf(stderr, "%s: %s: %s\n", cli_prog, path, mh_strerror(st));
        rc = cli_exit_for(st);
    } else {
        int werr = 0;
        if (strcmp(format, "json") == 0) {
            werr = cli_json_print(stdout, ann);
            if (werr == EXIT_INTERNAL) {
                fprintf(stderr, "%s: %s: %s\n", cli_prog, path, mh_strerror(MH_ERR_NOMEM));
                rc = werr;
                werr = 0;
            }
        } else {
            werr = cli_print_text(stdout, ann, data, len) != 0;
        }
        if (rc == EXIT_INTERNAL) {
            /* reported above */
        } else if (fflush(stdout) != 0 || werr) {
            fprintf(stderr, "%s: cannot write the output\n", cli_prog);
            rc = EXIT_OUTPUT;
        } else if (exit_flagged && json_is_true(json_object_get(ann, "flagged"))) {
            rc = EXIT_FLAGGED;
        }
    }
    json_decref(ann);
    mh_scratch_free(sc);
    mh_engine_close(eng);
    free(data);
    return rc;
}
