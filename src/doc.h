/* doc.h — a document as the pipeline sees it: the text to scan (repaired
 * UTF-8, or the visible text of HTML) with its map back to input bytes, the
 * values HTML rules selected, and the markers found. */
#ifndef MH_DOC_H
#define MH_DOC_H

#include <stddef.h>

#include "buf.h"
#include "masthead.h"
#include "offmap.h"
#include "rules.h"

/* A value selected from HTML by an html-scope rule. */
typedef struct mh_item {
    unsigned rule;             /* rule index */
    char *value;               /* decoded value (owned) */
    size_t src_start, src_end; /* where it came from in the input bytes */
} mh_item;

typedef enum mh_msource {
    MS_TEXT, /* found in the scanned text: offsets via the offmap */
    MS_HTML, /* from an HTML item: offsets are the item's source region */
    MS_URL   /* from the URL given apart from the text: no offsets */
} mh_msource;

typedef struct mh_span {
    size_t start, end; /* within the marker's subject */
} mh_span;

/* One marker: a rule match with its captures. */
typedef struct mh_marker {
    unsigned rule;
    mh_msource source;
    const char *subject;       /* text or item value the offsets refer to (borrowed) */
    mh_span span;              /* the whole match in subject */
    mh_span cap[CAP_COUNT];    /* captures in subject; start == end == (size_t)-1 if unset */
    size_t src_start, src_end; /* in input bytes (MS_TEXT and MS_HTML) */
    double position;           /* 0 at the start of the document, 1 at its end */
    unsigned line;             /* 1-based line in the input, 0 if unknown */
} mh_marker;

#define MH_NOCAP ((size_t)-1)

typedef struct mh_doc {
    const char *input; /* borrowed: the document's bytes */
    size_t input_len;
    int is_html;
    mh_buf textbuf;   /* derived text when it differs from the input */
    const char *text; /* what is scanned: input itself or textbuf.data */
    size_t text_len;
    mh_offmap map;  /* text -> input; unused (identity) when text == input */
    int identity;   /* text is the input, byte for byte */
    size_t repairs; /* invalid bytes replaced */
    mh_item *items;
    size_t nitems, items_alloc;
    mh_marker *markers;
    size_t nmarkers, markers_alloc;
    char lang[16];               /* <html lang>, or "" */
    char encoding[32];           /* the charset decoded from (charset.h), or "" for UTF-8 */
    const char *encoding_source; /* "bom" or "meta" when encoding is set */
    mh_buf lower;                /* text with ASCII letters lowercased, made on demand */
    int lower_ready;
    size_t *newlines; /* input offsets of its '\n' bytes, made on demand */
    size_t nnewlines, newlines_alloc;
    int newlines_ready;
    /* limits reached, named for the annotation ("" when none) */
    char limit[32];
    char limit_rule[64];
} mh_doc;

void mh_doc_init(mh_doc *d);
void mh_doc_clear(mh_doc *d); /* free contents, keep buffers for reuse */
void mh_doc_free(mh_doc *d);
mh_status mh_doc_add_item(mh_doc *d, unsigned rule, const char *value, size_t len, size_t src_start,
                          size_t src_end);
mh_status mh_doc_add_marker(mh_doc *d, const mh_marker *m);
/* Input offsets of a text span. */
size_t mh_doc_src_start(const mh_doc *d, size_t t);
size_t mh_doc_src_end(const mh_doc *d, size_t t);
/* 1-based line of an input offset: a search in the input's newlines,
 * indexed on first use (an evidence list asks many times). */
unsigned mh_doc_line_of(mh_doc *d, size_t off);
/* Note a limit (first one wins). */
void mh_doc_set_limit(mh_doc *d, const char *limit, const char *rule);

#endif
