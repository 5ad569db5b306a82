/* dbload.c — load the source database's text files into staging tables.
 *
 * Each file is checked row by row here (field counts, required fields, the
 * form of ids, dates, numbers and hosts); everything that needs other rows
 * (references, duplicates, overlaps, cycles) is checked in dbvalidate.c, so
 * one run reports every problem. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "dbbuild.h"
#include "tsv.h"

#define FACT_COLS                                                                                  \
    {"cite", COL_ID, 1}, {"cite_ref", COL_TEXT, 0},                                                \
    {                                                                                              \
        "note", COL_TEXT, 0                                                                        \
    }

static const colspec citations_cols[] = {
    {"id", COL_ID, 1},          {"kind", COL_CODE, 1},     {"title", COL_TEXT, 0},
    {"url", COL_TEXT, 0},       {"file", COL_TEXT, 0},     {"commit", COL_TEXT, 0},
    {"published", COL_DATE, 0}, {"accessed", COL_DATE, 0}, {"license", COL_TEXT, 0},
    {"note", COL_TEXT, 0},
};
static const colspec outlets_cols[] = {
    {"id", COL_ID, 1},           {"name", COL_TEXT, 1},
    {"kind", COL_CODE, 1},       {"country", COL_CODE, 0},
    {"languages", COL_LANGS, 0}, {"founded", COL_DATE, 0},
    {"named_by", COL_CODE, 0},   FACT_COLS,
};
static const colspec orgs_cols[] = {
    {"id", COL_ID, 1}, {"name", COL_TEXT, 1}, {"kind", COL_CODE, 1}, {"country", COL_CODE, 0},
    FACT_COLS,
};
static const colspec domains_cols[] = {
    {"entity", COL_ID, 1},  {"host", COL_HOST, 1},  {"kind", COL_CODE, 1},
    {"since", COL_DATE, 0}, {"until", COL_DATE, 0}, FACT_COLS,
};
static const colspec aliases_cols[] = {
    {"entity", COL_ID, 1},
    {"alias", COL_TEXT, 1},
    {"kind", COL_CODE, 1},
    {"lang", COL_LANGS, 0},
    {"since", COL_DATE, 0},
    {"until", COL_DATE, 0},
    FACT_COLS,
};
static const colspec ownership_cols[] = {
    {"owner", COL_ID, 1},   {"owned", COL_ID, 1},        {"relation", COL_CODE, 1},
    {"share", COL_NUM, 0},  {"share_text", COL_TEXT, 0}, {"since", COL_DATE, 0},
    {"until", COL_DATE, 0}, {"as_of", COL_DATE, 0},      FACT_COLS,
};
static const colspec state_media_cols[] = {
    {"entity", COL_ID, 1},   {"code", COL_CODE, 1},    {"country", COL_CODE, 0},
    {"since", COL_DATE, 0},  {"until", COL_DATE, 0},   {"as_of", COL_DATE, 0},
    {"source", COL_CODE, 1}, {"funding", COL_TEXT, 0}, FACT_COLS,
};
static const colspec ratings_cols[] = {
    {"entity", COL_ID, 1},
    {"domain", COL_HOST, 0},
    {"rater", COL_CODE, 1},
    {"metric", COL_CODE, 1},
    {"value", COL_TEXT, 1},
    {"as_of", COL_DATE, 0},
    FACT_COLS,
};
static const colspec kinds_cols[] = {
    {"column", COL_TEXT, 1},
    {"value", COL_TEXT, 1},
    {"description", COL_TEXT, 0},
};
static const colspec countries_cols[] = {
    {"code", COL_TEXT, 1},
    {"name", COL_TEXT, 1},
};
static const colspec sm_codes_cols[] = {
    {"code", COL_TEXT, 1}, {"label", COL_TEXT, 1},       {"group", COL_TEXT, 1},
    {"rank", COL_INT, 1},  {"description", COL_TEXT, 1}, {"cite", COL_ID, 1},
};
static const colspec precedence_cols[] = {
    {"source", COL_TEXT, 1},
    {"rank", COL_INT, 1},
    {"reason", COL_TEXT, 1},
};
static const colspec raters_cols[] = {
    {"rater", COL_TEXT, 1},     {"metric", COL_TEXT, 1}, {"name", COL_TEXT, 1},
    {"kind", COL_TEXT, 1},      {"min", COL_NUM, 0},     {"max", COL_NUM, 0},
    {"direction", COL_TEXT, 0}, {"labels", COL_TEXT, 0}, {"description", COL_TEXT, 0},
    {"cite", COL_ID, 1},
};
static const colspec generic_words_cols[] = {
    {"word", COL_TEXT, 1},
    {"note", COL_TEXT, 0},
};
static const colspec legal_forms_cols[] = {
    {"form", COL_TEXT, 1},
    {"position", COL_TEXT, 1},
    {"note", COL_TEXT, 0},
};

#define SPEC(name, cols, extra)                                                                    \
    {                                                                                              \
        name, cols, sizeof cols / sizeof cols[0], extra                                            \
    }

/* Tables of data/ (any file named <table>.tsv or <x>.<table>.tsv). */
static const tablespec data_tables[] = {
    SPEC("citations", citations_cols, NULL),
    SPEC("outlets", outlets_cols, NULL),
    SPEC("orgs", orgs_cols, NULL),
    SPEC("domains", domains_cols, "path TEXT"),
    SPEC("aliases", aliases_cols, "norm TEXT"),
    SPEC("ownership", ownership_cols, NULL),
    SPEC("state_media", state_media_cols, NULL),
    SPEC("ratings", ratings_cols, NULL),
};

/* Tables of codes/ (fixed file names). */
static const tablespec code_tables[] = {
    SPEC("kinds", kinds_cols, NULL),
    SPEC("countries", countries_cols, NULL),
    SPEC("state_media_codes", sm_codes_cols, NULL),
    SPEC("state_media_precedence", precedence_cols, NULL),
    SPEC("raters", raters_cols, NULL),
    SPEC("legal_forms", legal_forms_cols, NULL),
    SPEC("generic_words", generic_words_cols, NULL),
};

#define N_DATA_TABLES (sizeof data_tables / sizeof data_tables[0])
#define N_CODE_TABLES (sizeof code_tables / sizeof code_tables[0])

void dbb_error(dbb *b, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    b->errors++;
    if (b->diag)
        b->diag(b->ud, file, line, col, msg);
}

/* Staging column names are quoted: "group" is an SQL keyword. */
static mh_status create_one(dbb *b, const tablespec *t)
{
    mh_buf sql;
    mh_buf_init(&sql, 0);
    mh_status st = mh_buf_printf(&sql, "CREATE TEMP TABLE \"s_%s\" (", t->name);
    for (size_t i = 0; i < t->ncols && st == MH_OK; i++)
        st = mh_buf_printf(&sql, "\"%s\" %s, ", t->cols[i].name,
                           t->cols[i].type == COL_NUM   ? "REAL"
                           : t->cols[i].type == COL_INT ? "INTEGER"
                                                        : "TEXT");
    if (st == MH_OK && t->extra_cols)
        st = mh_buf_printf(&sql, "%s, ", t->extra_cols);
    if (st == MH_OK)
        st = mh_buf_adds(&sql, "f TEXT NOT NULL, l INTEGER NOT NULL)");
    if (st == MH_OK && sqlite3_exec(b->db, sql.data, NULL, NULL, NULL) != SQLITE_OK)
        st = MH_ERR_INTERNAL;
    mh_buf_free(&sql);
    return st;
}

mh_status dbb_create_staging(dbb *b)
{
    for (size_t i = 0; i < N_DATA_TABLES; i++) {
        mh_status st = create_one(b, &data_tables[i]);
        if (st != MH_OK)
            return st;
    }
    for (size_t i = 0; i < N_CODE_TABLES; i++) {
        mh_status st = create_one(b, &code_tables[i]);
        if (st != MH_OK)
            return st;
    }
    return MH_OK;
}

int dbb_valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    }
    int year = atoi(s);
    if (year < 1000 || year > 2999)
        return 0;
    if (n >= 7) {
        int month = (s[5] - '0') * 10 + (s[6] - '0');
        if (month < 1 || month > 12)
            return 0;
        if (n == 10) {
            int day = (s[8] - '0') * 10 + (s[9] - '0');
            int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            int max = mdays[month - 1] - (month == 2 && !leap);
            if (day < 1 || day > max)
                return 0;
        }
    }
    return 1;
}

static int valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-'))
            return 0;
    }
    return strlen(s) <= 200;
}

static int valid_num(const char *s)
{
    char *end;
    strtod(s, &end);
    return end != s && *end == '\0';
}

static int valid_int(const char *s)
{
    char *end;
    strtol(s, &end, 10);
    return end != s && *end == '\0';
}

/* A host: labels of [a-z0-9-] (or non-ASCII, for IDN) separated by dots,
 * at least two labels, optionally followed by a /path prefix. */
static const char *host_problem(const char *s)
{
    const char *slash = strchr(s, '/');
    size_t hl = slash ? (size_t)(slash - s) : strlen(s);
    if (hl == 0)
        return "empty host";
    if (strstr(s, "://"))
        return "host must not include a scheme";
    int dots = 0;
    size_t label = 0;
    for (size_t i = 0; i < hl; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (label == 0)
                return "empty label in host";
            dots++;
            label = 0;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            return "host must be lowercase";
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80))
            return "invalid character in host";
        label++;
    }
    if (label == 0)
        return "host ends with a dot";
    if (dots == 0)
        return "host needs at least two labels";
    int onion = hl > 6 && strncmp(s + hl - 6, ".onion", 6) == 0;
    if (!onion && strncmp(s, "www.", 4) == 0 && hl > 4 && strchr(s + 4, '.') &&
        strchr(s + 4, '.') < s + hl)
        return "drop the leading www. (a host covers its subdomains)";
    if (slash && slash[1] == '\0')
        return "path prefix is empty: drop the trailing slash";
    return NULL;
}

static int valid_langs(const char *s)
{
    const char *p = s;
    while (*p) {
        size_t n = 0;
        while (p[n] >= 'a' && p[n] <= 'z')
            n++;
        if (n < 2 || n > 3)
            return 0;
        p += n;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
    }
    return 1;
}

/* The table a data file holds, from its name: x.domains.tsv -> domains. */
static const tablespec *table_of(const char *name, const tablespec *specs, size_t n)
{
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".tsv") != 0)
        return NULL;
    const char *end = name + len - 4;
    const char *start = end;
    while (start > name && start[-1] != '.')
        start--;
    for (size_t i = 0; i < n; i++)
        if (strlen(specs[i].name) == (size_t)(end - start) &&
            strncmp(specs[i].name, start, (size_t)(end - start)) == 0)
            return &specs[i];
    return NULL;
}

static unsigned long long fnv1a(unsigned long long h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Check one field's form; reports and returns 0 when wrong. */
static int check_field(dbb *b, const char *rel, unsigned line, unsigned col, const colspec *c,
                       const char *v)
{
    const char *problem = NULL;
    switch (c->type) {
    case COL_ID:
        if (!valid_id(v))
            problem = "invalid id (lowercase [a-z0-9._:-], starting with a letter or digit)";
        break;
    case COL_DATE:
        if (!dbb_valid_date(v))
            problem = "invalid date (YYYY, YYYY-MM or YYYY-MM-DD)";
        break;
    case COL_NUM:
        if (!valid_num(v))
            problem = "not a number";
        break;
    case COL_INT:
        if (!valid_int(v))
            problem = "not an integer";
        break;
    case COL_HOST: problem = host_problem(v); break;
    case COL_LANGS:
        if (!valid_langs(v))
            problem = "invalid language list (comma-separated ISO 639 codes)";
        break;
    case COL_TEXT:
    case COL_CODE:
        if (strlen(v) > 4000)
            problem = "field longer than 4000 bytes";
        break;
    }
    if (!problem)
        return 1;
    dbb_error(b, rel, line, col, "%s: %s: '%.80s'", c->name, problem, v);
    return 0;
}

/* Column (1-based) where field i of the current record starts. */
static unsigned field_col(const mh_tsv *t, size_t i)
{
    unsigned col = 1;
    for (size_t k = 0; k < i; k++)
        col += (unsigned)strlen(t->fields[k]) + 1;
    return col;
}

/* Column (1-based) where header column k starts. */
static unsigned header_col(const mh_tsv *t, size_t k)
{
    unsigned col = 1;
    for (size_t i = 0; i < k; i++)
        col += (unsigned)strlen(t->cols[i]) + 1;
    return col;
}

/* Computed columns: domains.path from host, aliases.norm from alias. */
static mh_status bind_extra(dbb *b, const tablespec *t, const mh_tsv *tsv, const int *map,
                            sqlite3_stmt *ins, int first_extra, const char *rel)
{
    if (strcmp(t->name, "domains") == 0) {
        const char *host = mh_tsv_get(tsv, map[1]);
        const char *slash = host ? strchr(host, '/') : NULL;
        if (slash) {
            sqlite3_bind_text(ins, 2, host, (int)(slash - host), SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, first_extra, slash, -1, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_text(ins, first_extra, "", 0, SQLITE_STATIC);
        }
    } else if (strcmp(t->name, "aliases") == 0) {
        const char *alias = mh_tsv_get(tsv, map[1]);
        const char *kind = mh_tsv_get(tsv, map[2]);
        if (alias && kind && strcmp(kind, "handle") == 0) {
            /* handles are looked up as "@" + the lowercase handle, whatever the platform */
            const char *h = strchr(alias, ':');
            h = h ? h + 1 : alias;
            while (*h == '@')
                h++;
            char key[128];
            size_t k = 0;
            key[k++] = '@';
            for (; *h && k + 1 < sizeof key; h++)
                key[k++] = (*h >= 'A' && *h <= 'Z') ? (char)(*h + 32) : *h;
            key[k] = '\0';
            if (k > 1)
                sqlite3_bind_text(ins, first_extra, key, -1, SQLITE_TRANSIENT);
            else
                dbb_error(b, rel, tsv->line, 1, "handle '%.80s' is empty", alias);
            return MH_OK;
        }
        char *norm = NULL;
        mh_status st = alias ? mh_fold_name(b->folder, alias, strlen(alias), &norm) : MH_OK;
        if (st == MH_ERR_NOMEM)
            return st;
        if (alias && (st != MH_OK || !*norm))
            dbb_error(b, rel, tsv->line, 1, "alias '%.80s' folds to nothing", alias);
        else if (norm)
            sqlite3_bind_text(ins, first_extra, norm, -1, SQLITE_TRANSIENT);
        mh_free(norm);
    }
    return MH_OK;
}

/* Load one TSV file into the staging table of spec t. */
static mh_status load_file(dbb *b, const char *path, const tablespec *t)
{
    const char *rel = path;
    size_t rootlen = strlen(b->src_root);
    if (strncmp(path, b->src_root, rootlen) == 0 && path[rootlen] == '/')
        rel = path + rootlen + 1;
    mh_tsv tsv;
    mh_status st = mh_tsv_open(&tsv, path, rel, b->diag, b->ud);
    if (st != MH_OK) {
        mh_tsv_close(&tsv);
        if (st == MH_ERR_NOMEM)
            return st;
        b->errors++;
        return MH_OK;
    }
    b->files++;
    b->hash = fnv1a(b->hash, rel, strlen(rel));
    b->hash = fnv1a(b->hash, tsv.data, tsv.len);
    /* map spec columns to file columns; unknown file columns are errors */
    int map[MH_TSV_MAX_COLS];
    int bad_header = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        map[i] = mh_tsv_col(&tsv, t->cols[i].name);
        if (map[i] < 0 && t->cols[i].required) {
            dbb_error(b, rel, tsv.line, 1, "missing required column '%s'", t->cols[i].name);
            bad_header = 1;
        }
    }
    for (size_t k = 0; k < tsv.ncols; k++) {
        int known = 0;
        for (size_t i = 0; i < t->ncols; i++)
            known |= strcmp(tsv.cols[k], t->cols[i].name) == 0;
        if (!known) {
            dbb_error(b, rel, tsv.line, header_col(&tsv, k), "unknown column '%.64s' for table %s",
                      tsv.cols[k], t->name);
            bad_header = 1;
        }
    }
    if (bad_header) {
        mh_tsv_close(&tsv);
        return MH_OK;
    }
    mh_buf sql;
    mh_buf_init(&sql, 0);
    st = mh_buf_printf(&sql, "INSERT INTO \"s_%s\" (", t->name);
    for (size_t i = 0; i < t->ncols && st == MH_OK; i++)
        st = mh_buf_printf(&sql, "\"%s\", ", t->cols[i].name);
    int extra_pos = (int)t->ncols + 1;
    if (st == MH_OK && t->extra_cols) {
        char name[32];
        snprintf(name, sizeof name, "%s", t->extra_cols);
        char *sp = strchr(name, ' ');
        if (sp)
            *sp = '\0';
        st = mh_buf_printf(&sql, "%s, ", name);
    }
    if (st == MH_OK)
        st = mh_buf_adds(&sql, "f, l) VALUES (");
    size_t nparams = t->ncols + (t->extra_cols ? 1 : 0) + 2;
    for (size_t i = 0; i < nparams && st == MH_OK; i++)
        st = mh_buf_adds(&sql, i ? ", ?" : "?");
    if (st == MH_OK)
        st = mh_buf_adds(&sql, ")");
    sqlite3_stmt *ins = NULL;
    if (st == MH_OK && sqlite3_prepare_v2(b->db, sql.data, -1, &ins, NULL) != SQLITE_OK)
        st = MH_ERR_INTERNAL;
    mh_buf_free(&sql);
    size_t errors = 0;
    while (st == MH_OK && mh_tsv_next(&tsv, b->diag, b->ud, &errors)) {
        int ok = 1;
        sqlite3_reset(ins);
        sqlite3_clear_bindings(ins);
        for (size_t i = 0; i < t->ncols; i++) {
            const char *v = mh_tsv_get(&tsv, map[i]);
            if (!v) {
                if (t->cols[i].required) {
                    dbb_error(b, rel, tsv.line, map[i] >= 0 ? field_col(&tsv, (size_t)map[i]) : 1,
                              "required field '%s' is empty", t->cols[i].name);
                    ok = 0;
                }
                continue;
            }
            if (!check_field(b, rel, tsv.line, field_col(&tsv, (size_t)map[i]), &t->cols[i], v)) {
                ok = 0;
                continue;
            }
            if (t->cols[i].type == COL_NUM)
                sqlite3_bind_double(ins, (int)i + 1, strtod(v, NULL));
            else if (t->cols[i].type == COL_INT)
                sqlite3_bind_int64(ins, (int)i + 1, strtoll(v, NULL, 10));
            else
                sqlite3_bind_text(ins, (int)i + 1, v, -1, SQLITE_STATIC);
        }
        if (!ok)
            continue;
        if (t->extra_cols)
            st = bind_extra(b, t, &tsv, map, ins, extra_pos, rel);
        sqlite3_bind_text(ins, (int)nparams - 1, rel, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, (int)nparams, (int)tsv.line);
        if (st == MH_OK && sqlite3_step(ins) != SQLITE_DONE)
            st = MH_ERR_INTERNAL;
    }
    b->errors += errors;
    sqlite3_finalize(ins);
    mh_tsv_close(&tsv);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect *.tsv files below dir (recursively), sorted for a stable order. */
static mh_status collect(const char *dir, char ***files, size_t *n, size_t *alloc)
{
    DIR *d = opendir(dir);
    if (!d)
        return MH_ERR_IO;
    mh_status st = MH_OK;
    char **names = NULL;
    size_t nn = 0, na = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && st == MH_OK) {
        if (e->d_name[0] == '.')
            continue;
        if (nn == na) {
            char **p = mh_grow(names, &na, sizeof *p, 32);
            if (!p) {
                st = MH_ERR_NOMEM;
                break;
            }
            names = p;
        }
        names[nn] = mh_strdup(e->d_name);
        if (!names[nn])
            st = MH_ERR_NOMEM;
        else
            nn++;
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        if (st != MH_OK || len <= 0 || (size_t)len >= sizeof path || stat(path, &sb) != 0) {
            mh_free(names[i]);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = collect(path, files, n, alloc);
        } else if (len > 4 && strcmp(path + len - 4, ".tsv") == 0) {
            if (*n == *alloc) {
                char **p = mh_grow(*files, alloc, sizeof *p, 64);
                if (!p)
                    st = MH_ERR_NOMEM;
                else
                    *files = p;
            }
            if (st == MH_OK) {
                (*files)[*n] = mh_strdup(path);
                if ((*files)[*n])
                    (*n)++;
                else
                    st = MH_ERR_NOMEM;
            }
        }
        mh_free(names[i]);
    }
    mh_free(names);
    return st;
}

/* Legal forms are needed before aliases are folded: read them first. */
static mh_status load_legal_forms(dbb *b)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(b->db, "SELECT form, position FROM s_legal_forms ORDER BY l", -1, &q,
                           NULL) != SQLITE_OK)
        return MH_ERR_INTERNAL;
    mh_status st = MH_OK;
    while (st == MH_OK && sqlite3_step(q) == SQLITE_ROW) {
        const char *form = (const char *)sqlite3_column_text(q, 0);
        const char *pos = (const char *)sqlite3_column_text(q, 1);
        if (strcmp(pos, "prefix") && strcmp(pos, "suffix") && strcmp(pos, "either")) {
            dbb_error(b, "codes/legal_forms.tsv", 0, 0,
                      "position of '%s' must be prefix, suffix or either", form);
            continue;
        }
        st = mh_folder_add_form(b->folder, form, pos);
        if (st == MH_ERR_ARG) {
            dbb_error(b, "codes/legal_forms.tsv", 0, 0,
                      "legal form '%s' folds to nothing or is too long", form);
            st = MH_OK;
        }
    }
    sqlite3_finalize(q);
    return st;
}

mh_status dbb_load_all(dbb *b)
{
    char path[4200];
    mh_status st = MH_OK;
    for (size_t i = 0; i < N_CODE_TABLES && st == MH_OK; i++) {
        snprintf(path, sizeof path, "%s/codes/%s.tsv", b->src_root, code_tables[i].name);
        st = load_file(b, path, &code_tables[i]);
    }
    if (st == MH_OK)
        st = load_legal_forms(b);
    if (st != MH_OK)
        return st;
    char **files = NULL;
    size_t n = 0, alloc = 0;
    snprintf(path, sizeof path, "%s/data", b->src_root);
    st = collect(path, &files, &n, &alloc);
    if (st == MH_ERR_IO) {
        dbb_error(b, path, 0, 0, "cannot read the data directory");
        st = MH_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (st == MH_OK) {
            const char *base = strrchr(files[i], '/');
            const tablespec *t = table_of(base ? base + 1 : files[i], data_tables, N_DATA_TABLES);
            if (t)
                st = load_file(b, files[i], t);
            else
                dbb_error(b, files[i] + strlen(b->src_root) + 1, 0, 0,
                          "file name names no table (want <table>.tsv or <x>.<table>.tsv)");
        }
        mh_free(files[i]);
    }
    mh_free(files);
    return st;
}
