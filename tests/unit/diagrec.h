/* diagrec.h — a mh_diag_fn that records diagnostics, for tests that check
 * what a loader reports (file, line, column, message). */
#ifndef MH_DIAGREC_H
#define MH_DIAGREC_H

#define DIAGREC_MAX 64

typedef struct diagrec_entry {
    char file[256];
    unsigned line, col;
    char msg[256];
} diagrec_entry;

typedef struct diagrec {
    unsigned n; /* diagnostics received (may exceed DIAGREC_MAX; the rest are dropped) */
    diagrec_entry e[DIAGREC_MAX];
} diagrec;

/* The callback: userdata is a diagrec (zero it before use). */
void diagrec_fn(void *userdata, const char *file, unsigned line, unsigned col, const char *msg);

/* True when some recorded diagnostic is at line:col (col 0: any column) and
 * its message contains `part`. */
int diagrec_has(const diagrec *r, unsigned line, unsigned col, const char *part);

/* Print every recorded diagnostic to stderr (for a failing test). */
void diagrec_dump(const diagrec *r);

#endif
