/* projection.c — chosen annotation members copied from the annotation's
 * text (see projection.h). */
#include "projection.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"
#include "utf8.h"

#define MAX_PATHS 32
/* Nodes of one record's output: every path adds at most its segments and
 * the null key after a parent that is not an object. */
#define MAX_NODES (MAX_PATHS * (MH_JSONL_MAX_SEGMENTS + 1) + 1)

typedef struct path_plan {
    const char *seg[MH_JSONL_MAX_SEGMENTS];
    size_t seg_len[MH_JSONL_MAX_SEGMENTS];
    unsigned nseg;
    int field[MH_JSONL_MAX_SEGMENTS]; /* scan field of the first k+1 segments */
} path_plan;

struct mh_projection {
    mh_jsonl_spec spec; /* the paths and their parents, each once */
    path_plan path[MAX_PATHS];
    size_t npaths;
    char *text[MAX_PATHS]; /* the paths' copies the segments point into */
};

enum { NODE_OBJECT, NODE_VALUE, NODE_NULL };

typedef struct node {
    const char *key;
    size_t key_len;
    int kind;
    int field;             /* NODE_VALUE: the scan field */
    int first, last, next; /* children and sibling, -1: none */
} node;

typedef struct tree {
    node n[MAX_NODES];
    int count;
} tree;

void mh_projection_free(mh_projection *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npaths; i++)
        mh_free(p->text[i]);
    mh_free(p);
}

/* Whether path a is b or lies inside it ("publisher" and "publisher.id"). */
static int inside(const char *a, const char *b)
{
    size_t lb = strlen(b);
    return strncmp(a, b, lb) == 0 && (a[lb] == '\0' || a[lb] == '.');
}

/* The scan field for prefix [0, len) of path, added when new; -1 when the
 * scanner reads no more fields. */
static int field_of(const char *path, size_t len, char prefixes[][MH_JSONL_MAX_PATH],
                    size_t *nprefixes)
{
    for (size_t i = 0; i < *nprefixes; i++)
        if (strlen(prefixes[i]) == len && memcmp(prefixes[i], path, len) == 0)
            return (int)i;
    if (*nprefixes == MH_JSONL_MAX_FIELDS)
        return -1;
    memcpy(prefixes[*nprefixes], path, len);
    prefixes[*nprefixes][len] = '\0';
    return (int)(*nprefixes)++;
}

mh_status mh_projection_create(char *const *paths, size_t n, mh_projection **out)
{
    *out = NULL;
    if (n == 0 || n > MAX_PATHS)
        return MH_OK;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(paths[i]);
        if (len == 0 || len >= MH_JSONL_MAX_PATH || mh_utf8_find_invalid(paths[i], len) != len)
            return MH_OK;
        for (size_t j = 0; j < n; j++)
            if (j != i && (inside(paths[i], paths[j]) || inside(paths[j], paths[i])))
                return MH_OK;
    }
    mh_projection *p = mh_calloc(1, sizeof *p);
    if (!p)
        return MH_ERR_NOMEM;
    char prefixes[MH_JSONL_MAX_FIELDS][MH_JSONL_MAX_PATH];
    const char *prefix_ptr[MH_JSONL_MAX_FIELDS];
    size_t nprefixes = 0;
    int fits = 1;
    for (size_t i = 0; fits && i < n; i++) {
        p->text[i] = mh_strndup(paths[i], strlen(paths[i]));
        if (!p->text[i]) {
            mh_projection_free(p);
            return MH_ERR_NOMEM;
        }
        p->npaths = i + 1;
        path_plan *pp = &p->path[i];
        const char *s = p->text[i];
        for (size_t at = 0;;) {
            const char *dot = strchr(s + at, '.');
            size_t end = dot ? (size_t)(dot - s) : strlen(s);
            if (end == at || pp->nseg == MH_JSONL_MAX_SEGMENTS) {
                fits = 0; /* an empty key, or too deep for the scanner */
                break;
            }
            pp->seg[pp->nseg] = s + at;
            pp->seg_len[pp->nseg] = end - at;
            pp->field[pp->nseg] = field_of(s, end, prefixes, &nprefixes);
            if (pp->field[pp->nseg++] < 0) {
                fits = 0;
                break;
            }
            if (!dot)
                break;
            at = end + 1;
        }
    }
    for (size_t i = 0; i < nprefixes; i++)
        prefix_ptr[i] = prefixes[i];
    if (!fits || mh_jsonl_spec_init(&p->spec, prefix_ptr, nprefixes, NULL, 0, 0) != MH_OK) {
        mh_projection_free(p);
        return MH_OK;
    }
    *out = p;
    return MH_OK;
}

/* The child of parent under key, set to kind: in its place when there is
 * one (its children dropped), else appended. */
static int set_child(tree *t, int parent, const char *key, size_t key_len, int kind)
{
    node *pn = &t->n[parent];
    for (int c = pn->first; c >= 0; c = t->n[c].next) {
        node *cn = &t->n[c];
        if (cn->key_len == key_len && memcmp(cn->key, key, key_len) == 0) {
            cn->kind = kind;
            cn->first = cn->last = -1;
            return c;
        }
    }
    int c = t->count++;
    t->n[c] = (node){key, key_len, kind, -1, -1, -1, -1};
    if (pn->last >= 0)
        t->n[pn->last].next = c;
    else
        pn->first = c;
    pn->last = c;
    return c;
}

static int find_child(const tree *t, int parent, const char *key, size_t key_len)
{
    for (int c = t->n[parent].first; c >= 0; c = t->n[c].next)
        if (t->n[c].key_len == key_len && memcmp(t->n[c].key, key, key_len) == 0)
            return c;
    return -1;
}

static mh_status write_node(const tree *t, int i, const char *ann, const mh_jsonl_result *res,
                            mh_text *out)
{
    const node *nd = &t->n[i];
    if (nd->kind == NODE_NULL)
        return mh_text_add(out, "null", 4);
    if (nd->kind == NODE_VALUE) {
        const mh_jsonl_value *v = &res->field[nd->field];
        return mh_text_add(out, ann + v->start, v->end - v->start);
    }
    mh_status st = mh_text_add(out, "{", 1);
    for (int c = nd->first; st == MH_OK && c >= 0; c = t->n[c].next) {
        if (c != nd->first)
            st = mh_text_add(out, ",", 1);
        if (st == MH_OK)
            st = mh_json_put_string(out, t->n[c].key, t->n[c].key_len);
        if (st == MH_OK)
            st = mh_text_add(out, ":", 1);
        if (st == MH_OK)
            st = write_node(t, c, ann, res, out);
    }
    return st == MH_OK ? mh_text_add(out, "}", 1) : st;
}

mh_status mh_projection_write(const mh_projection *p, const char *ann, size_t len,
                              mh_jsonl_result *res, mh_text *out)
{
    mh_jsonl_result_init(res);
    if (mh_jsonl_scan(ann, len, &p->spec, res) != MH_OK)
        return MH_ERR_INTERNAL; /* our own annotation: always valid */
    tree *t = mh_malloc(sizeof *t);
    if (!t)
        return MH_ERR_NOMEM;
    t->n[0] = (node){"", 0, NODE_OBJECT, -1, -1, -1, -1};
    t->count = 1;
    for (size_t i = 0; i < p->npaths; i++) {
        const path_plan *pp = &p->path[i];
        int cur = 0;
        for (unsigned k = 0; k < pp->nseg; k++) {
            const mh_jsonl_value *v = &res->field[pp->field[k]];
            if (k + 1 == pp->nseg) {
                int c = set_child(t, cur, pp->seg[k], pp->seg_len[k],
                                  v->type == MH_JSONL_ABSENT ? NODE_NULL : NODE_VALUE);
                t->n[c].field = pp->field[k];
                break;
            }
            int c = find_child(t, cur, pp->seg[k], pp->seg_len[k]);
            if (c < 0 || t->n[c].kind != NODE_OBJECT)
                c = set_child(t, cur, pp->seg[k], pp->seg_len[k], NODE_OBJECT);
            if (v->type != MH_JSONL_OBJECT) {
                set_child(t, c, pp->seg[k + 1], pp->seg_len[k + 1], NODE_NULL);
                break;
            }
            cur = c;
        }
    }
    mh_status st = write_node(t, 0, ann, res, out);
    mh_free(t);
    return st;
}

/* The tree's way: a key of a path through a value that is not an object is
 * set to null, and the path ends there. (It once set the annotation's own
 * values into the result, so that "flag,flag.policy.x" replaced and freed
 * flag.policy in the annotation while reading it.) */
json_t *mh_projection_tree(char *const *paths, size_t n, json_t *ann)
{
    json_t *outj = json_object();
    int failed = !outj;
    for (size_t i = 0; !failed && i < n; i++) {
        char path[MH_JSONL_MAX_PATH];
        snprintf(path, sizeof path, "%s", paths[i]);
        json_t *src = ann;
        json_t *dst = outj;
        char *save = NULL;
        char *seg = strtok_r(path, ".", &save);
        while (seg && src && !failed) {
            char *next = strtok_r(NULL, ".", &save);
            json_t *v = json_object_get(src, seg);
            if (!next) {
                /* a copy: a later path may set keys below it, which must
                   not change (and free values of) the annotation's tree */
                failed = json_object_set_new(dst, seg, v ? json_deep_copy(v) : json_null()) != 0;
                break;
            }
            json_t *child = json_object_get(dst, seg);
            if (!json_is_object(child)) {
                child = json_object();
                failed = json_object_set_new(dst, seg, child) != 0;
            }
            src = json_is_object(v) ? v : NULL;
            if (!src && !failed)
                failed = json_object_set_new(child, next, json_null()) != 0;
            dst = child;
            seg = next;
        }
    }
    if (failed) { /* out of memory: no half result */
        json_decref(outj);
        return NULL;
    }
    return outj;
}
