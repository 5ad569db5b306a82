/* cli_text.c — the annotation in plain words: publisher, owners, state media,
 * ratings, flag, other outlets, each claim with its evidence quoted. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli_text.h"
#include "masthead.h"

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Quote evidence text on one line, shortened to max bytes (UTF-8 safe). */
static void quote(FILE *out, const char *s, size_t max)
{
    size_t n = strlen(s);
    int cut = 0;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        cut = 1;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\n' || s[i] == '\t' ? ' ' : s[i], out);
    fputs(cut ? "…\"" : "\"", out);
}

static void print_evidence(FILE *out, json_t *evidence, const char *indent, size_t max)
{
    size_t i;
    json_t *e;
    json_array_foreach (evidence, i, e) {
        if (i == (size_t)max)
            break;
        fprintf(out, "%s%s ", indent, i == 0 ? "evidence:" : "         ");
        quote(out, str(e, "text"), 90);
        const char *kind = str(e, "kind");
        if (strcmp(str(e, "source"), "url") == 0)
            fprintf(out, " (%s, the URL given", kind);
        else
            fprintf(out, " (%s, line %lld", kind,
                    (long long)json_integer_value(json_object_get(e, "line")));
        json_t *how = json_object_get(e, "resolution");
        if (strcmp(str(how, "step"), "self_named") == 0)
            fprintf(out, "; the text names \"%s\" %lld times", str(how, "matched"),
                    (long long)json_integer_value(json_object_get(how, "repeats")));
        else if (strcmp(str(how, "step"), "holder_domain") == 0)
            fprintf(out, "; the name spells %s, written in the text", str(how, "host"));
        json_t *headline = json_object_get(how, "headline");
        if (headline)
            fprintf(out, "; the address spells the headline, line %lld",
                    (long long)json_integer_value(json_object_get(headline, "line")));
        if (*str(how, "settled_by"))
            fprintf(out, "; %lld outlets share the name, this one %s",
                    (long long)json_integer_value(json_object_get(how, "ambiguous")),
                    strcmp(str(how, "settled_by"), "wire_credit") == 0
                        ? "credits its copy so"
                        : "is named elsewhere in the text");
        fputs(")\n", out);
    }
    if (json_array_size(evidence) > max)
        fprintf(out, "%s          … and %zu more\n", indent, json_array_size(evidence) - max);
}

/* The rank a reader needs an unresolved marker at: the site's own names
 * first, then credits, then sources the text cites (mostly people). */
static int unresolved_rank(json_t *o)
{
    const char *kind = str(o, "kind");
    if (strcmp(kind, "mention") == 0 || strcmp(kind, "handle") == 0)
        return 2;
    return strcmp(kind, "credit") == 0 ? 1 : 0;
}

/* The unresolved markers, the unknown (ambiguous 0) or the ambiguous ones
 * (1), under a heading when there are any, by rank; at most five, and how
 * many more. */
static void unresolved_list(FILE *out, json_t *unres, int ambiguous, const char *heading)
{
    size_t i, shown = 0, left = 0;
    json_t *o;
    const char *names[5]; /* one line a name or a span: a domain written four
                             times, two rules reading one credit */
    json_int_t starts[5], ends[5];
    for (int rank = 0; rank < 3; rank++)
        json_array_foreach (unres, i, o) {
            json_t *how = json_object_get(o, "resolution");
            if ((strcmp(str(how, "step"), "ambiguous") == 0) != ambiguous ||
                unresolved_rank(o) != rank)
                continue;
            const char *name = *str(o, "name") ? str(o, "name") : str(o, "text");
            json_int_t start = json_integer_value(json_object_get(o, "start"));
            json_int_t end = json_integer_value(json_object_get(o, "end"));
            int seen = 0;
            for (size_t k = 0; k < shown && !seen; k++)
                seen = strcmp(names[k], name) == 0 || (start < ends[k] && starts[k] < end);
            if (seen)
                continue;
            if (shown == 5) {
                left++;
                continue;
            }
            names[shown] = name;
            starts[shown] = start;
            ends[shown] = end;
            if (shown++ == 0)
                fputs(heading, out);
            fprintf(out, "  ");
            quote(out, str(o, "text"), 80);
            fprintf(out, " (%s, line %lld", str(o, "kind"),
                    (long long)json_integer_value(json_object_get(o, "line")));
            if (ambiguous)
                fprintf(out, "; %lld outlets are named \"%s\"",
                        (long long)json_integer_value(json_object_get(how, "ambiguous")),
                        *str(o, "name") ? str(o, "name") : str(how, "matched"));
            fputs(")\n", out);
        }
    if (left)
        fprintf(out, "  … and %zu more (the JSON output lists them all)\n", left);
}

static void print_state_media(FILE *out, json_t *sm, const char *label)
{
    if (!json_is_object(sm))
        return;
    json_t *cite = json_object_get(sm, "citation");
    fprintf(out, "%-13s%s %s", label, str(sm, "code"), str(sm, "classification"));
    if (*str(sm, "country"))
        fprintf(out, " (%s)", str(sm, "country"));
    if (*str(sm, "as_of"))
        fprintf(out, ", as of %s", str(sm, "as_of"));
    fprintf(out, " — %s", *str(cite, "title") ? str(cite, "title") : str(cite, "id"));
    if (*str(cite, "ref"))
        fprintf(out, ", %s", str(cite, "ref"));
    fputc('\n', out);
    size_t i;
    json_t *o;
    json_array_foreach (json_object_get(sm, "others"), i, o)
        fprintf(out, "%-13salso %s (%s, as of %s, %s)\n", "", str(o, "code"),
                str(o, "classification"), str(o, "as_of"),
                str(json_object_get(o, "citation"), "id"));
}

static void print_owners(FILE *out, json_t *owners)
{
    size_t i;
    json_t *o;
    long long level = 0;
    json_array_foreach (owners, i, o) {
        long long l = json_integer_value(json_object_get(o, "level"));
        if (l != level)
            fprintf(out, "%s", i == 0 ? "Owners:      " : "\n             ");
        else
            fputs("; ", out);
        level = l;
        fprintf(out, "%s%s%s (%s", l > 1 ? "→ " : "", str(o, "name"), "", str(o, "relation"));
        json_t *share = json_object_get(o, "share");
        if (json_is_number(share))
            fprintf(out, " %g%%", json_number_value(share));
        else if (*str(o, "share_text"))
            fprintf(out, ", %s", str(o, "share_text"));
        if (*str(o, "since"))
            fprintf(out, ", since %s", str(o, "since"));
        if (*str(o, "until"))
            fprintf(out, ", until %s", str(o, "until"));
        if (*str(o, "as_of") && !*str(o, "since"))
            fprintf(out, ", as of %s", str(o, "as_of"));
        fputc(')', out);
    }
    if (json_array_size(owners))
        fputc('\n', out);
}

static void print_ratings(FILE *out, json_t *ratings)
{
    size_t i;
    json_t *r;
    size_t shown = 0, other = 0;
    json_array_foreach (ratings, i, r) {
        if (json_is_false(json_object_get(r, "applies"))) {
            other++;
            continue;
        }
        i = shown++;
        json_t *scale = json_object_get(r, "scale");
        json_t *v = json_object_get(r, "value");
        fprintf(out, "%-13s%s: ", i == 0 ? "Ratings:" : "", str(r, "rater_name"));
        if (json_is_number(v))
            fprintf(out, "%.2f on %g..%g (%s)", json_number_value(v),
                    json_number_value(json_object_get(scale, "min")),
                    json_number_value(json_object_get(scale, "max")),
                    strcmp(str(scale, "direction"), "higher_better") == 0 ? "higher is better"
                                                                          : "lower is better");
        else
            fprintf(out, "%s", json_string_value(v) ? json_string_value(v) : "?");
        if (*str(r, "domain"))
            fprintf(out, " (%s)", str(r, "domain"));
        fprintf(out, ", as of %s\n", str(r, "as_of"));
    }
    if (other)
        fprintf(out, "%-13s(%zu more rating%s of the outlet's other domains in the JSON output)\n",
                shown ? "" : "Ratings:", other, other == 1 ? "" : "s");
}

int cli_print_text(FILE *out, json_t *a, const char *input, size_t len)
{
    (void)input;
    (void)len;
    json_t *p = json_object_get(a, "publisher");
    if (json_is_object(p)) {
        char head[512];
        snprintf(head, sizeof head, "Publisher:   %s%s%s%s", str(p, "name"),
                 *str(p, "domain") ? " — " : "", str(p, "domain"),
                 json_is_true(json_object_get(p, "in_database")) ? "" : " (not in the database)");
        fprintf(out, "%-60s confidence %.2f\n", head,
                json_number_value(json_object_get(p, "confidence")));
        print_evidence(out, json_object_get(p, "evidence"), "  ", 4);
        print_owners(out, json_object_get(p, "owners"));
        json_t *ult = json_object_get(p, "ultimate_owners");
        if (json_array_size(ult)) {
            fprintf(out, "Ultimate:    ");
            size_t i;
            json_t *u;
            json_array_foreach (ult, i, u)
                fprintf(out, "%s%s", i ? ", " : "", str(u, "name"));
            fputc('\n', out);
        }
        if (json_is_object(json_object_get(p, "state_media")))
            print_state_media(out, json_object_get(p, "state_media"), "State media:");
        else
            fprintf(out, "State media: not classified as state or public media in the database\n");
        print_ratings(out, json_object_get(p, "ratings"));
    } else {
        /* the summary says why (nothing named it, or outlets that tie);
           publisher candidates are shown with their evidence */
        const char *why = str(a, "summary");
        const char *prefix = "Publisher unknown: ";
        if (strncmp(why, prefix, strlen(prefix)) == 0)
            why += strlen(prefix);
        fprintf(out, "Publisher:   unknown — %s\n", why);
        size_t i;
        json_t *o;
        json_array_foreach (json_object_get(a, "outlets"), i, o) {
            if (strcmp(str(o, "role"), "publisher") != 0)
                continue;
            const char *domain = str(o, "domain");
            fprintf(out, "  candidate: %s%s%s%s\n", str(o, "name"), *domain ? " (" : "", domain,
                    *domain ? ")" : "");
            print_evidence(out, json_object_get(o, "evidence"), "    ", 2);
        }
    }
    json_t *flag = json_object_get(a, "flag");
    if (json_is_true(json_object_get(a, "flagged"))) {
        size_t i;
        json_t *r;
        json_array_foreach (json_object_get(flag, "reasons"), i, r)
            fprintf(out, "%-13s%s %s is %s (%s) under policy %s\n",
                    i ? "" : "Flagged:", str(r, "role"), str(r, "name"), str(r, "classification"),
                    str(r, "code"), str(flag, "policy"));
    } else {
        fprintf(out, "Flagged:     no (policy %s)\n", str(flag, "policy"));
    }
    size_t i;
    json_t *o;
    int header = 0;
    json_array_foreach (json_object_get(a, "outlets"), i, o) {
        if (strcmp(str(o, "role"), "publisher") == 0)
            continue;
        if (!header++)
            fprintf(out, "Also present:\n");
        const char *role = str(o, "role");
        /* the domain tells apart outlets of one name (two "The Guardian"s) */
        const char *name = str(o, "name"), *domain = str(o, "domain");
        int show_domain = *domain && strcasecmp(domain, name) != 0;
        fprintf(out, "  %s%s%s%s — %s", name, show_domain ? " (" : "", show_domain ? domain : "",
                show_domain ? ")" : "",
                strcmp(role, "image_credit") == 0 ? "image credit"
                : strcmp(role, "origin") == 0     ? "origin of the content"
                                                  : role);
        json_t *sm = json_object_get(o, "state_media");
        if (json_is_object(sm))
            fprintf(out, " [%s %s]", str(sm, "code"), str(sm, "classification"));
        fputc('\n', out);
        print_evidence(out, json_object_get(o, "evidence"), "    ", 2);
    }
    json_array_foreach (json_object_get(a, "organizations"), i, o) {
        if (!header++)
            fprintf(out, "Also present:\n");
        fprintf(out, "  %s — owner named in the page\n", str(o, "name"));
        print_evidence(out, json_object_get(o, "evidence"), "    ", 1);
    }
    json_t *unres = json_object_get(a, "unresolved");
    unresolved_list(out, unres, 0, "Not in the database:\n");
    unresolved_list(
        out, unres, 1,
        "Ambiguous (the name fits several outlets, nothing else in the text says which):\n");
    json_t *d = json_object_get(a, "date");
    fprintf(out, "As of:       %s (%s)\n", str(d, "value"), str(d, "source"));
    json_t *partial = json_object_get(a, "partial");
    if (json_is_object(partial))
        fprintf(out,
                "Partial:     a limit was reached (%s%s%s): the verdict uses what was found before "
                "it\n",
                str(partial, "limit"), *str(partial, "rule") ? ", rule " : "",
                str(partial, "rule"));
    return ferror(out) ? -1 : 0;
}
