/* html_runs_oracle.c — see html_runs_oracle.h. */
#include "html_runs_oracle.h"

#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "html.h"

static mh_status parse(mh_doc *d, const char *html, size_t len, const mh_ruleset *rs, int taken)
{
    mh_doc_init(d);
    d->input = html;
    d->input_len = len;
    d->is_html = 1;
    mh_html_take_text_runs(taken);
    mh_status st = mh_html_parse(d, html, len, NULL, rs, NULL, 0);
    mh_html_take_text_runs(1);
    return st;
}

/* The maps agree where it matters: every text offset starts and ends a span
 * at the same source offset, and the same spans are byte for byte. (Runs
 * taken whole make fewer, longer segments than libxml2's 1000-byte pieces.) */
static bool maps_agree(const mh_doc *a, const mh_doc *b, char *why, size_t size)
{
    for (size_t t = 0; t <= a->text_len; t++) {
        size_t as = mh_offmap_start(&a->map, t), bs = mh_offmap_start(&b->map, t);
        size_t ae = mh_offmap_end(&a->map, t), be = mh_offmap_end(&b->map, t);
        if (as != bs || ae != be) {
            snprintf(why, size, "text offset %zu maps to [%zu, %zu) taken, [%zu, %zu) not", t, as,
                     ae, bs, be);
            return false;
        }
        if (t < a->text_len &&
            mh_offmap_exact(&a->map, t, t + 1) != mh_offmap_exact(&b->map, t, t + 1)) {
            snprintf(why, size, "text offset %zu is exact in one map only", t);
            return false;
        }
    }
    return true;
}

static bool items_agree(const mh_doc *a, const mh_doc *b, char *why, size_t size)
{
    if (a->nitems != b->nitems) {
        snprintf(why, size, "%zu items taken, %zu not", a->nitems, b->nitems);
        return false;
    }
    for (size_t i = 0; i < a->nitems; i++) {
        const mh_item *x = &a->items[i], *y = &b->items[i];
        if (x->rule != y->rule || strcmp(x->value, y->value) != 0 || x->src_start != y->src_start ||
            x->src_end != y->src_end) {
            snprintf(why, size,
                     "item %zu: rule %u '%.60s' [%zu, %zu) taken, rule %u '%.60s' "
                     "[%zu, %zu) not",
                     i, x->rule, x->value, x->src_start, x->src_end, y->rule, y->value,
                     y->src_start, y->src_end);
            return false;
        }
    }
    return true;
}

bool html_runs_agree(const char *html, size_t len, const mh_ruleset *rs, char *why, size_t size)
{
    mh_doc a, b;
    mh_status sa = parse(&a, html, len, rs, 1);
    mh_status sb = parse(&b, html, len, rs, 0);
    bool ok = true;
    if (sa != sb) {
        snprintf(why, size, "status %d taken, %d not", (int)sa, (int)sb);
        ok = false;
    } else if (sa == MH_OK) {
        if (a.text_len != b.text_len || memcmp(a.text, b.text, a.text_len) != 0) {
            size_t i = 0;
            while (i < a.text_len && i < b.text_len && a.text[i] == b.text[i])
                i++;
            snprintf(why, size, "texts differ at %zu: '%.40s' taken, '%.40s' not", i,
                     i < a.text_len ? a.text + i : "", i < b.text_len ? b.text + i : "");
            ok = false;
        } else {
            ok = maps_agree(&a, &b, why, size) && items_agree(&a, &b, why, size);
            if (ok && strcmp(a.lang, b.lang) != 0) {
                snprintf(why, size, "lang '%s' taken, '%s' not", a.lang, b.lang);
                ok = false;
            }
        }
    }
    mh_doc_free(&a);
    mh_doc_free(&b);
    return ok;
}
