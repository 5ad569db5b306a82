/* test_date.c — publication dates as documents write them, to YYYY-MM-DD. */
#include <string.h>

#include "date.h"
#include "resolve.h"
#include "harness.h"
#include "pending.h"

static int date_is(const char *s, const char *want)
{
    char out[11] = "";
    int ok = mh_date_parse(s, strlen(s), out);
    if (!want)
        return ok == 0;
    if (!ok || strcmp(out, want) != 0) {
        fprintf(stderr, "  '%s' -> %s\n", s, ok ? out : "(none)");
        return 0;
    }
    return 1;
}

void test_date_parse(void)
{
    /* ISO 8601 and its relatives */
    CHECK(date_is("2022-04-07", "2022-04-07"));
    CHECK(date_is("2022-04-07T22:02:00Z", "2022-04-07"));
    CHECK(date_is("2022-04-07T23:30:00-05:00", "2022-04-07")); /* the date as written */
    CHECK(date_is("2022-04-07 10:15", "2022-04-07"));
    CHECK(date_is("2022/04/07", "2022-04-07"));
    CHECK(date_is("20220407", "2022-04-07"));
    CHECK(date_is("2022-4-7", "2022-04-07"));
    CHECK(date_is(" 2022-04-07", "2022-04-07"));
    /* day first, with dots */
    CHECK(date_is("07.04.2022", "2022-04-07"));
    CHECK(date_is("7.4.2022", "2022-04-07"));
    /* month names */
    CHECK(date_is("7 Apr, 2022", "2022-04-07"));
    CHECK(date_is("April 7, 2022", "2022-04-07"));
    CHECK(date_is("Apr 7 2022", "2022-04-07"));
    CHECK(date_is("Sept. 12, 2021", "2021-09-12"));
    CHECK(date_is("7. April 2022", "2022-04-07")); /* German */
    CHECK(date_is("1. Dezember 2021", "2021-12-01"));
    CHECK(date_is("7 avril 2022", "2022-04-07")); /* French */
    CHECK(date_is("1 aout 2022", "2022-08-01"));
    CHECK(date_is("15 febrero 2023", "2023-02-15")); /* Spanish */
    CHECK(date_is("3 giugno 2020", "2020-06-03"));   /* Italian */
    CHECK(date_is("MARCH 1, 2022", "2022-03-01"));
    CHECK(date_is("2024-02-29", "2024-02-29")); /* leap day */
    CHECK(date_is("1900-01-01", "1900-01-01"));
    CHECK(date_is("2100-12-31", "2100-12-31"));
    /* not dates, or dates that do not exist */
    CHECK(date_is("", NULL));
    CHECK(date_is("yesterday", NULL));
    CHECK(date_is("2022", NULL));
    CHECK(date_is("April 2022", NULL));
    CHECK(date_is("2022-13-01", NULL));
    CHECK(date_is("2022-00-10", NULL));
    CHECK(date_is("2022-04-31", NULL));
    CHECK(date_is("2022-02-30", NULL));
    CHECK(date_is("31.04.2022", NULL));
    CHECK(date_is("20221307", NULL));
    CHECK(date_is("2022040", NULL)); /* seven digits */
    CHECK(date_is("1899-12-31", NULL));
    CHECK(date_is("2101-01-01", NULL));
    CHECK(date_is("7 Apr, 22", NULL));
    CHECK(date_is("7 Smarch 2022", NULL));
    CHECK(date_is("12:30 7 April 2022", NULL));
    CHECK(date_is("2023-02-29", NULL));
    CHECK(date_is("1900-02-29", NULL));
    CHECK(date_is("07/04/2022", "2022-04-07"));
    /* only len bytes are read; long input is cut, not overrun */
    char out[11];
    CHECK(mh_date_parse("2022-04-07T10:00", 10, out) == 1 && strcmp(out, "2022-04-07") == 0);
    CHECK(mh_date_parse("2022-04-07", 7, out) == 0);
    char longer[200];
    memset(longer, '7', sizeof longer);
    memcpy(longer, "2022-04-07", 10);
    CHECK(mh_date_parse(longer, sizeof longer, out) == 1 && strcmp(out, "2022-04-07") == 0);
    memset(longer, '9', sizeof longer);
    CHECK(mh_date_parse(longer, sizeof longer, out) == 0);
}

static int key_is(const char *s, const char *want)
{
    char out[11];
    memset(out, 'x', sizeof out);
    int ok = mh_date_key(s, out);
    if (!want)
        return ok == 0;
    if (!ok || strcmp(out, want) != 0) {
        fprintf(stderr, "  key of '%s' -> %s\n", s ? s : "(null)", ok ? out : "(none)");
        return 0;
    }
    return 1;
}

/* A fact's validity bounds as the database writes them: a year or a month
 * stands for its first day, a timestamp for its date. */
void test_date_bounds(void)
{
    CHECK(key_is("2022", "2022-01-01"));
    CHECK(key_is("2022-04", "2022-04-01"));
    CHECK(key_is("2022-04-07", "2022-04-07"));
    CHECK(key_is("2022-04-07T10:15:00Z", "2022-04-07"));
    CHECK(key_is("", NULL));
    CHECK(key_is(NULL, NULL));
    CHECK(key_is("202", NULL));
    CHECK(key_is("2022-", NULL));
    CHECK(key_is("2022-04-0", NULL));
    /* since is inclusive, until exclusive; no bound, no limit */
    CHECK(mh_date_in("2022-04-07", "2022", "2023"));
    CHECK(mh_date_in("2022-01-01", "2022", NULL));
    CHECK(!mh_date_in("2021-12-31", "2022", NULL));
    CHECK(!mh_date_in("2023-01-01", NULL, "2023"));
    CHECK(mh_date_in("2022-12-31", NULL, "2023"));
    CHECK(mh_date_in("2022-04-07", "2022-04", "2022-04-08"));
    CHECK(!mh_date_in("2022-04-08", "2022-04", "2022-04-08"));
    CHECK(mh_date_in("2022-04-07", NULL, NULL));
}
