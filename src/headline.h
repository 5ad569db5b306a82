/* headline.h — does a URL written in a text spell the headline beside it?
 *
 * News sites print an article's own address next to its headline (a share
 * box, "MenuSections https://…/LeBron-sets-triple-double-mark-…-14848253.php"
 * above "LeBron sets triple-double mark, Lakers hold off OKC"), and a
 * citation line quotes both ("… retrieved … from https://phys.org/news/…").
 * The words of the address's slug then stand in that line: the address is
 * the text's own, not a link to somewhere else. */
#ifndef MH_HEADLINE_H
#define MH_HEADLINE_H

#include <stddef.h>

/* Slug words a headline match needs: fewer says too little ("/news/world"). */
#define MH_HEADLINE_MIN_WORDS 3

/* The line that holds most (three quarters) of the slug's distinct words
 * (the URL's words aside), and is short enough for a headline, of the URL
 * u[0, n), searched in text[0, len) on the URL's own line (the URL at
 * [at, at_end)) and on the next two lines that are not blank. Sets
 * *line_start and *line_len to that line (its text, the URL left in) and
 * returns 1; 0 when the URL has no slug of MH_HEADLINE_MIN_WORDS words or
 * no line holds them. ASCII words only, compared without case. */
int mh_url_spells_headline(const char *text, size_t len, size_t at, size_t at_end, const char *u,
                           size_t n, size_t *line_start, size_t *line_len);

#endif
