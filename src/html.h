/* html.h — HTML to visible text with an exact offset map, and the values
 * that html-scope rules select (meta tags, links, JSON-LD), through libxml2's
 * HTML parser. */
#ifndef MH_HTML_H
#define MH_HTML_H

#include "doc.h"
#include "rules.h"

/* Parse d->input as HTML: fill d->textbuf/d->text with the visible text
 * (block elements end lines; script, style, head and hidden templates are
 * skipped; entities decoded), d->map with its offsets into the input, and
 * d->items with every value an html rule selects. `source` is the UTF-8 the
 * parser reads (d->input itself, or a repaired copy mapped by srcmap, NULL
 * for identity). Returns MH_ERR_NOMEM on allocation failure; broken HTML is
 * not an error. */
mh_status mh_html_parse(mh_doc *d, const char *source, size_t len, const mh_offmap *srcmap,
                        const mh_ruleset *rs, const mh_limits *limits, int generic_only);

/* Text runs are read by masthead rather than a character at a time by
 * libxml2 (on by default); tests turn it off to compare the two. Not
 * thread-safe: for tests only. */
void mh_html_take_text_runs(int on);

/* True when the bytes look like HTML (markup near the start). */
int mh_html_sniff(const char *data, size_t len);

#endif
