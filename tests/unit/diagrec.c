/* diagrec.c — record diagnostics for tests. */
#include "diagrec.h"

#include <stdio.h>
#include <string.h>

void diagrec_fn(void *userdata, const char *file, unsigned line, unsigned col, const char *msg)
{
    diagrec *r = userdata;
    if (r->n < DIAGREC_MAX) {
        diagrec_entry *e = &r->e[r->n];
        snprintf(e->file, sizeof e->file, "%s", file ? file : "");
        e->line = line;
        e->col = col;
        snprintf(e->msg, sizeof e->msg, "%s", msg ? msg : "");
    }
    r->n++;
}

int diagrec_has(const diagrec *r, unsigned line, unsigned col, const char *part)
{
    for (unsigned i = 0; i < r->n && i < DIAGREC_MAX; i++) {
        const diagrec_entry *e = &r->e[i];
        if (e->line == line && (col == 0 || e->col == col) && strstr(e->msg, part))
            return 1;
    }
    diagrec_dump(r);
    return 0;
}

void diagrec_dump(const diagrec *r)
{
    for (unsigned i = 0; i < r->n && i < DIAGREC_MAX; i++)
        fprintf(stderr, "  diag %s:%u:%u: %s\n", r->e[i].file, r->e[i].line, r->e[i].col,
                r->e[i].msg);
}
