/* cli_common.c — shared pieces of the CLI: data paths, diagnostics, exit codes. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef MH_DATADIR
#define MH_DATADIR "/usr/local/share/masthead"
#endif

const char *cli_prog = "masthead";

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

void cli_default_paths(char *db, size_t dblen, char *rules, size_t ruleslen)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        /* a checkout: the binary at the root (or in build-san/) beside rules/ */
        char cand_db[PATH_MAX + 32], cand_rules[PATH_MAX + 32];
        for (int up = 0; up < 2; up++) {
            snprintf(cand_db, sizeof cand_db, "%s%s/build/masthead.db", exe, up ? "/.." : "");
            snprintf(cand_rules, sizeof cand_rules, "%s%s/rules/VERSION", exe, up ? "/.." : "");
            if (exists(cand_rules) && exists(cand_db)) {
                snprintf(db, dblen, "%s", cand_db);
                snprintf(rules, ruleslen, "%s%s/rules", exe, up ? "/.." : "");
                return;
            }
        }
        /* installed: PREFIX/bin/masthead beside PREFIX/share/masthead, whatever PREFIX */
        snprintf(cand_db, sizeof cand_db, "%s/../share/masthead/masthead.db", exe);
        snprintf(cand_rules, sizeof cand_rules, "%s/../share/masthead/rules", exe);
        if (exists(cand_db) && exists(cand_rules)) {
            snprintf(db, dblen, "%s", cand_db);
            snprintf(rules, ruleslen, "%s", cand_rules);
            return;
        }
    }
    snprintf(db, dblen, "%s/masthead.db", MH_DATADIR);
    snprintf(rules, ruleslen, "%s/rules", MH_DATADIR);
}

void cli_diag(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    (void)ud;
    if (line && col)
        fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, msg);
    else if (line)
        fprintf(stderr, "%s:%u: %s\n", file, line, msg);
    else
        fprintf(stderr, "%s: %s\n", file, msg);
}

int cli_exit_for(mh_status st)
{
    switch (st) {
    case MH_OK: return EXIT_OK_;
    case MH_ERR_INPUT:
    case MH_ERR_IO: return EXIT_INPUT;
    case MH_ERR_DB:
    case MH_ERR_DB_VERSION:
    case MH_ERR_DATA: return EXIT_DB;
    case MH_ERR_RULES: return EXIT_RULES;
    case MH_ERR_ARG: return EXIT_USAGE;
    case MH_ERR_LIMIT:
    case MH_ERR_NOMEM:
    case MH_ERR_INTERNAL: return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

int cli_open_engine(const char *db, const char *rules, mh_engine **out)
{
    char ddb[PATH_MAX + 64], drules[PATH_MAX + 64];
    cli_default_paths(ddb, sizeof ddb, drules, sizeof drules);
    mh_engine_options o = {db ? db : ddb, rules ? rules : drules, cli_diag, NULL};
    mh_status st = mh_engine_open(&o, out);
    if (st != MH_OK) {
        fprintf(stderr, "%s: cannot open %s: %s\n", cli_prog,
                st == MH_ERR_RULES   ? "the rules"
                : st == MH_ERR_NOMEM ? "the engine"
                                     : "the database",
                mh_strerror(st));
        return cli_exit_for(st);
    }
    return 0;
}

int cli_read_input(const char *path, size_t cap, char **data, size_t *len, uint64_t *full_len)
{
    FILE *fp = (!path || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "%s: %s: %s\n", cli_prog, path, strerror(errno));
        return EXIT_INPUT;
    }
    size_t alloc = 1 << 16, n = 0;
    uint64_t total = 0;
    char *buf = malloc(alloc);
    while (buf && n < cap) {
        if (alloc - n < 4096 && alloc - 1 < cap) {
            char *p = realloc(buf, alloc * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            alloc *= 2;
        }
        size_t want = alloc - n - 1;
        if (want > cap - n)
            want = cap - n;
        size_t got = fread(buf + n, 1, want, fp);
        n += got;
        if (got == 0)
            break;
    }
    total = n;
    if (buf && n >= cap) {
        /* past the cap: count the rest, keep none of it */
        char skip[65536];
        size_t got;
        while ((got = fread(skip, 1, sizeof skip, fp)) > 0)
            total += got;
    }
    int err = ferror(fp);
    if (fp != stdin)
        fclose(fp);
    if (!buf) {
        fprintf(stderr, "%s: out of memory reading %s\n", cli_prog, path ? path : "stdin");
        return EXIT_INTERNAL;
    }
    if (err) {
        fprintf(stderr, "%s: error reading %s\n", cli_prog, path ? path : "stdin");
        free(buf);
        return EXIT_INPUT;
    }
    *full_len = total;
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int cli_parse_limit(const char *spec, mh_limits *l)
{
    const char *eq = strchr(spec, '=');
    char *end = NULL;
    unsigned long long v = eq ? strtoull(eq + 1, &end, 10) : 0;
    if (!eq || !end || *end || end == eq + 1 || v == 0) {
        fprintf(stderr, "%s: --limit wants NAME=N with N > 0, not '%s'\n", cli_prog, spec);
        return EXIT_USAGE;
    }
    size_t n = (size_t)(eq - spec);
#define IS(name) (n == sizeof name - 1 && strncmp(spec, name, n) == 0)
    if (IS("doc-bytes"))
        l->max_doc_bytes = (size_t)v;
    else if (IS("markers"))
        l->max_markers = (size_t)v;
    else if (IS("html-depth"))
        l->max_html_depth = (unsigned)v;
    else if (IS("match-limit"))
        l->match_limit = (uint32_t)v;
    else if (IS("depth-limit"))
        l->depth_limit = (uint32_t)v;
    else if (IS("heap-kib"))
        l->heap_limit_kib = (uint32_t)v;
    else if (IS("budget"))
        l->budget_steps = v;
    else {
        fprintf(stderr,
                "%s: unknown limit '%.*s' (doc-bytes, markers, html-depth, match-limit, "
                "depth-limit, heap-kib, budget)\n",
                cli_prog, (int)n, spec);
        return EXIT_USAGE;
    }
#undef IS
    return 0;
}

char *cli_json_text(const json_t *j, size_t flags)
{
    unsigned long before = mh_alloc_failures();
    char *text = json_dumps(j, flags);
    if (text && mh_alloc_failures() != before) {
        cli_json_free(text);
        return NULL;
    }
    return text;
}

void cli_json_free(char *text)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    f(text);
}

int cli_json_print(FILE *fp, const json_t *j)
{
    char *text = cli_json_text(j, CLI_JSON_PRETTY);
    if (!text)
        return cli_exit_for(MH_ERR_NOMEM);
    int bad = fputs(text, fp) == EOF || fputc('\n', fp) == EOF;
    cli_json_free(text);
    return bad ? EXIT_OUTPUT : EXIT_OK_;
}
