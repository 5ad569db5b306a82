/* date.c — publication dates written in documents, to YYYY-MM-DD. */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <strings.h>

static const char *const months[12][6] = {
    {"jan", "january", "janvier", "januar", "enero", "gennaio"},
    {"feb", "february", "fevrier", "februar", "febrero", "febbraio"},
    {"mar", "march", "mars", "marz", "marzo", "marco"},
    {"apr", "april", "avril", "abril", "aprile", NULL},
    {"may", "mai", "mayo", "maggio", "maio", NULL},
    {"jun", "june", "juin", "juni", "junio", "giugno"},
    {"jul", "july", "juillet", "juli", "julio", "luglio"},
    {"aug", "august", "aout", "agosto", NULL, NULL},
    {"sep", "september", "sept", "septembre", "septiembre", "settembre"},
    {"oct", "october", "octobre", "oktober", "octubre", "ottobre"},
    {"nov", "november", "novembre", "noviembre", NULL, NULL},
    {"dec", "december", "decembre", "dezember", "diciembre", "dicembre"},
};

static int month_of(const char *w, size_t n)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = '\0';
    if (n > 0 && low[n - 1] == '.')
        low[--n] = '\0';
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 6 && months[m][k]; k++)
            if (strcmp(low, months[m][k]) == 0)
                return m + 1;
    return 0;
}

static int valid(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
           d <= mdays[m - 1] - (m == 2 && !leap);
}

static int emit(int y, int m, int d, char out[11])
{
    if (!valid(y, m, d))
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 1;
}

int mh_date_parse(const char *s, size_t len, char out[11])
{
    char buf[64];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    int y, m, d, n = 0;
    /* ISO 8601 and its relatives: 2022-04-07, 2022/04/07, 20220407 */
    if (isdigit((unsigned char)buf[0]) && isdigit((unsigned char)buf[1]) &&
        isdigit((unsigned char)buf[2]) && isdigit((unsigned char)buf[3])) {
        if ((sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
             sscanf(buf, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3) &&
            emit(y, m, d, out))
            return 1;
        if (len >= 8 && sscanf(buf, "%4d%2d%2d", &y, &m, &d) == 3 &&
            isdigit((unsigned char)buf[7]) && emit(y, m, d, out))
            return 1;
    }
    /* 07.04.2022 and 07/04/2022: day first, as most of the world writes it */
    if ((sscanf(buf, "%2d.%2d.%4d", &d, &m, &y) == 3 ||
         sscanf(buf, "%2d/%2d/%4d", &d, &m, &y) == 3) &&
        emit(y, m, d, out))
        return 1;
    /* words: "7 Apr, 2022", "April 7, 2022", "7. April 2022" */
    char w1[16] = "", w2[16] = "";
    int a = 0, b = 0;
    if (sscanf(buf, "%d%*[. ]%15[A-Za-z]%*[., ]%d", &a, w1, &b) == 3 && month_of(w1, strlen(w1)))
        return emit(b, month_of(w1, strlen(w1)), a, out);
    if (sscanf(buf, "%15[A-Za-z.]%*[ ]%d%*[, ]%d", w2, &a, &b) == 3 && month_of(w2, strlen(w2)))
        return emit(b, month_of(w2, strlen(w2)), a, out);
    return 0;
}

void mh_date_or_today(const char *given, char out[11])
{
    if (given && strlen(given) >= 10) {
        memcpy(out, given, 10);
        out[10] = '\0';
        return;
    }
    /* asked once a record: the day's text is made when the day changes */
    static _Thread_local long long day = -1;
    static _Thread_local char today[11];
    time_t now = time(NULL);
    long long d = (long long)(now / 86400);
    if (d != day) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        day = d;
    }
    memcpy(out, today, 11);
}
