/* normalize.h — folding names for lookup: one function for the database build
 * and for markers, so both sides of every alias lookup agree.
 *
 * Folding: Unicode NFKC and case folding; accents dropped from Latin, Greek
 * and Cyrillic letters; apostrophes removed; other punctuation and symbols
 * turned into spaces; runs of single letters joined ("u s" -> "us"); a
 * leading "the" and legal forms (Inc, LLC, GmbH, OOO, ANO, ...) stripped. */
#ifndef MH_NORMALIZE_H
#define MH_NORMALIZE_H

#include <stddef.h>

#include "masthead.h"

typedef struct mh_folder mh_folder;

/* A folder with no legal forms yet. */
mh_status mh_folder_create(mh_folder **out);
void mh_folder_free(mh_folder *f);
/* Add a legal form; position is "prefix", "suffix" or "either". */
mh_status mh_folder_add_form(mh_folder *f, const char *form, const char *position);

/* Add a generic word ("media", "news", "app"): a name whose dropped tail is
 * only such words stays specific (resolve.c). */
mh_status mh_folder_add_generic(mh_folder *f, const char *word);
/* Is the folded token [s, s+n) a generic word? */
int mh_folder_is_generic(const mh_folder *f, const char *s, size_t n);

/* Is [s, s+len) nothing but one legal form that may end a name (", Inc.",
 * " LLC")? 0 also when out of memory. */
int mh_folder_is_suffix_form(const mh_folder *f, const char *s, size_t len);

/* Fold `len` bytes of valid UTF-8 into a new string (caller frees with
 * mh_free). *out is "" when nothing but punctuation or legal forms remain.
 * Returns MH_ERR_INPUT for invalid UTF-8. */
mh_status mh_fold_name(const mh_folder *f, const char *s, size_t len, char **out);

#endif
