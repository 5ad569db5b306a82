/* date.h — dates as documents write them, to YYYY-MM-DD. */
#ifndef MH_DATE_H
#define MH_DATE_H

#include <stddef.h>

/* Parse ISO 8601 (2022-04-07T22:02Z), 20220407, 07.04.2022, "7 Apr, 2022",
 * "April 7, 2022" (English, French, German, Spanish, Italian month names,
 * without accents). Writes YYYY-MM-DD into out; returns 0 when s is none. */
int mh_date_parse(const char *s, size_t len, char out[11]);

/* `given` cut to YYYY-MM-DD when it is that long, else today's date (UTC). */
void mh_date_or_today(const char *given, char out[11]);

#endif
