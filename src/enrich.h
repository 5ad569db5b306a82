/* enrich.h — private to the library: the enricher's shape, the per-scratch
 * state of enrich.c, and the completed scan of one record that both the
 * one-shot path (enrich.c) and the streamed path (enrich_stream.c) hand to
 * the same annotation and splice code. */
#ifndef MH_ENRICH_H
#define MH_ENRICH_H

#include <stdbool.h>
#include <stdint.h>

#include "jsonl.h"
#include "masthead.h"

#define MH_ENRICH_MAX_PROJECTION 32

/* The fields an enricher reads, indexing mh_enricher.slot. */
enum { MH_F_TEXT, MH_F_HTML, MH_F_URL, MH_F_DATE, MH_F_ID, MH_F_COUNT };

struct mh_enricher {
    mh_jsonl_spec spec;       /* every line */
    mh_jsonl_spec spec_first; /* the first line of an input: a byte order mark is skipped */
    int slot[MH_F_COUNT];     /* index into spec paths, or -1 */
    char key[MH_JSONL_MAX_PATH];
    char *key_json; /* the key as a JSON string, with quotes */
    char *projection[MH_ENRICH_MAX_PROJECTION];
    size_t nprojection;
    struct mh_projection *proj; /* copied from the annotation's text; NULL:
                                 * projected from its tree (projection.h) */
    unsigned skip; /* the annotation's members the chosen fields or the TSV row never read */
    mh_output_format format;
    size_t echo;    /* bytes of a bad line echoed in its error record */
    size_t doc_cap; /* bytes of a document field decoded (max_doc_bytes) */
    mh_annotate_options annotate;
    char field_name[MH_F_COUNT][MH_JSONL_MAX_PATH];
};

typedef struct mh_enrich_state mh_enrich_state;

/* Free a scratch's enrich state (NULL is a no-op). */
void mh_enrich_state_free(mh_enrich_state *state);

/* One record after its scan, wherever its bytes are. All pointers are
 * borrowed for the call. */
typedef struct mh_scanned {
    const mh_jsonl_result *res; /* the scan; on success its string fields
                                 * hold the decoded text, cut where
                                 * len < full_len */
    const mh_jsonl_spec *spec;  /* the spec it was scanned with */
    bool valid;                 /* the scan returned MH_OK */
    const char *line;           /* the line in memory (head, head_len):
                                 * spliced here; NULL when streamed (the
                                 * caller splices) */
    uint64_t full_len;          /* the line's length in bytes */
    const char *head;           /* the line's first bytes, for the echo */
    size_t head_len;            /* (the whole kept line when in memory) */
    const uint8_t *sha256;      /* digest of the whole line, or NULL: hash head */
    int utf8;                   /* the whole line is UTF-8 without NUL (1/0),
                                 * or -1: check head */
    bool cut_line;              /* head is a prefix kept of a longer line
                                 * (mh_enrich_record given a cut line) */
    bool borrowed;              /* line is in memory, but the caller splices
                                 * its bytes as a streamed line's */
} mh_scanned;

/* The shared back half of enriching: an error record for an invalid scan
 * or a record that holds the key, else the annotation of the document the
 * fields make, as a TSV row, spliced into r->line, or (r->line NULL) as
 * the member alone followed by a newline with *splice saying where the
 * record's bytes go. Appends to out; MH_ERR_NOMEM with out unchanged. */
mh_status mh_enrich_scanned(mh_scratch *sc, const mh_enricher *e, const mh_scanned *r,
                            const mh_record_info *info, mh_text *out, mh_record_outcome *oc,
                            mh_splice *splice);

#endif
