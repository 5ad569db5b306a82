/* html_jsonld.c — the values jsonld rules select from a page's JSON-LD
 * scripts: every object anywhere in a script's tree starts a dotted path;
 * an {"@id": ...} reference on the way is followed to the node it names;
 * each string reached is reported with its place in the page's source. */
#include "html_jsonld.h"

#include <jansson.h>
#include <string.h>

#include "alloc.h"
#include "jsondump.h"

typedef struct jl_ctx {
    const char *src; /* the page's source, where values are looked for */
    mh_jsonld_emit emit;
    void *ud;
    const mh_rule *r;
    unsigned ri;
    json_t *root;
    size_t s, e; /* the script's source region */
} jl_ctx;

/* Node of @graph (or anywhere) whose @id equals id. */
static json_t *find_by_id(json_t *node, const char *id, int depth)
{
    if (depth > 32)
        return NULL;
    if (json_is_object(node)) {
        json_t *v = json_object_get(node, "@id");
        if (json_is_string(v) && strcmp(json_string_value(v), id) == 0 &&
            json_object_size(node) > 1)
            return node;
        const char *k;
        json_t *c;
        json_object_foreach (node, k, c) {
            json_t *hit = find_by_id(c, id, depth + 1);
            if (hit)
                return hit;
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *c;
        json_array_foreach (node, i, c) {
            json_t *hit = find_by_id(c, id, depth + 1);
            if (hit)
                return hit;
        }
    }
    return NULL;
}

static void emit_string(jl_ctx *c, const char *v)
{
    size_t vs = c->s, ve = c->e;
    /* the value's place in the script: its JSON-encoded form */
    json_t *js = json_string(v);
    char *enc = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
    if (enc && strlen(enc) > 2) {
        size_t el = strlen(enc) - 2;
        const char *src = c->src;
        for (size_t i = c->s; i + el <= c->e; i++) {
            if (memcmp(src + i, enc + 1, el) == 0) {
                vs = i;
                ve = i + el;
                break;
            }
        }
    }
    mh_json_free_text(enc);
    json_decref(js);
    c->emit(c->ud, c->ri, v, strlen(v), vs, ve);
}

/* Follow path (dotted) from value v; emit the strings it leads to. */
static void follow(jl_ctx *c, json_t *v, const char *path, int depth)
{
    if (!v || depth > 16)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x)
            follow(c, x, path, depth + 1);
        return;
    }
    if (json_is_object(v) && json_object_size(v) == 1 &&
        json_is_string(json_object_get(v, "@id"))) {
        json_t *target = find_by_id(c->root, json_string_value(json_object_get(v, "@id")), 0);
        if (target)
            v = target;
    }
    if (*path == '\0') {
        if (json_is_string(v))
            emit_string(c, json_string_value(v));
        return;
    }
    if (!json_is_object(v))
        return;
    const char *dot = strchr(path, '.');
    size_t kl = dot ? (size_t)(dot - path) : strlen(path);
    char key[96];
    if (kl >= sizeof key)
        return;
    memcpy(key, path, kl);
    key[kl] = '\0';
    follow(c, json_object_get(v, key), dot ? dot + 1 : "", depth + 1);
}

/* Every object anywhere in the tree is a starting point for the path. */
static void walk(jl_ctx *c, json_t *node, int depth)
{
    if (depth > 32)
        return;
    if (json_is_object(node)) {
        const char *dot = strchr(c->r->sel.jsonld, '.');
        size_t kl = dot ? (size_t)(dot - c->r->sel.jsonld) : strlen(c->r->sel.jsonld);
        char key[96];
        memcpy(key, c->r->sel.jsonld, kl);
        key[kl] = '\0';
        json_t *first = json_object_get(node, key);
        if (first)
            follow(c, first, dot ? dot + 1 : "", 0);
        const char *k;
        json_t *child;
        json_object_foreach (node, k, child) {
            if (strcmp(k, key) != 0)
                walk(c, child, depth + 1);
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *x;
        json_array_foreach (node, i, x)
            walk(c, x, depth + 1);
    }
}

void mh_jsonld_run(const char *text, size_t len, const char *src, size_t s, size_t e,
                   const mh_ruleset *rs, int generic_only, mh_jsonld_emit emit, void *ud)
{
    json_error_t jerr;
    /* jansson 2.14 writes past a buffer when an allocation fails inside
       json_loadb (docs/library-failures.md): out-of-memory tests leave it be */
    mh_alloc_shield(1);
    json_t *root = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
    mh_alloc_shield(0);
    if (!root)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        const mh_rule *r = &rs->rules[i];
        if (r->scope != MH_SCOPE_HTML || r->sel.tag[0] || !r->sel.jsonld[0])
            continue;
        if (generic_only && r->outlet_specific)
            continue;
        jl_ctx c = {src, emit, ud, r, (unsigned)i, root, s, e};
        walk(&c, root, 0);
    }
    json_decref(root);
}
