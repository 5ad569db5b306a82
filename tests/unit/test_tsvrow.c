/* test_tsvrow.c — the TSV row of an annotation read from its text
 * (tsvrow.c): each cell, tabs and line breaks inside values, escapes,
 * arrays holding other things than objects, brackets inside strings, the
 * lists' cut at 255 bytes, and the public API on a tree giving the same. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "jsondump.h"
#include "tsvrow.h"

/* Whether t holds exactly the string want (an mh_text is not terminated). */
static int holds(const mh_text *t, const char *want)
{
    int same = t->len == strlen(want) && (!t->len || memcmp(t->data, want, t->len) == 0);
    if (!same)
        fprintf(stderr, "  got '%.*s'\n  want '%s'\n", (int)t->len, t->data ? t->data : "", want);
    return same;
}

static void row_of(const char *ann, unsigned long long line, const char *id, const char *want)
{
    mh_tsvrow_state st = {0};
    mh_text out = {0};
    CHECK(mh_tsvrow_write(&st, line, id, ann, strlen(ann), &out) == MH_OK);
    CHECK(holds(&out, want));
    /* the public API, given the tree of the same text, writes the same */
    json_t *tree = json_loads(ann, 0, NULL);
    mh_record_info info = {line, 0, 0, NULL};
    mh_text again = {0};
    CHECK(tree && mh_annotation_tsv_row(NULL, &info, id, tree, &again) == MH_OK);
    CHECK(holds(&again, want));
    json_decref(tree);
    mh_text_free(&again);
    mh_text_free(&out);
    mh_tsvrow_state_free(&st);
}

void test_tsvrow(void)
{
    row_of("{\"publisher\":{\"id\":\"x\\ty\",\"name\":\"N\\u00e9\\nz\",\"domain\":\"d.com\","
           "\"confidence\":0.9876,\"state_media\":{\"code\":\"SC\"}},\"flagged\":true,"
           "\"flag\":{\"reasons\":[{\"outlet\":\"a\",\"role\":\"origin\",\"code\":\"SC\"},"
           "{\"outlet\":null,\"role\":\"publisher\"},5]},"
           "\"outlets\":[{\"id\":\"a\",\"role\":\"origin\"},{\"id\":\"b\",\"role\":\"publisher\"},"
           "\"str\",[1,{\"role\":\"origin\",\"id\":\"no\"}],"
           "{\"evidence\":[{\"text\":\"]},{\\\"x\"}],\"id\":\"c\",\"role\":\"origin\"}],"
           "\"partial\":{\"limit\":\"budget\"}}",
           7, "id1",
           "7\tid1\tx y\tN\xc3\xa9 "
           "z\td.com\t0.988\tSC\ttrue\ta:origin:SC,?:publisher:?\ta,c\tbudget\t\n");
    /* the members a row does not read change nothing (enrich writes the
     * annotation of a TSV row without them) */
    row_of("{\"schema\":\"s\",\"publisher\":{\"id\":\"p\",\"confidence\":0.5},"
           "\"flagged\":false,\"outlets\":[{\"id\":\"o\",\"role\":\"origin\"}],"
           "\"organizations\":[{\"id\":\"x\"}],\"unresolved\":[{\"text\":\"y\"}],"
           "\"date\":{\"value\":\"2024-01-01\"},\"input\":{},\"partial\":false,\"versions\":{},"
           "\"citations\":{\"c\":{\"url\":\"u\"}},\"summary\":\"Published by p\"}",
           4, NULL, "4\t\tp\t\t\t0.500\t\tfalse\t\to\t\t\n");
    row_of("{\"schema\":\"s\",\"publisher\":{\"id\":\"p\",\"confidence\":0.5},"
           "\"flagged\":false,\"outlets\":[{\"id\":\"o\",\"role\":\"origin\"}],"
           "\"date\":{\"value\":\"2024-01-01\"},\"input\":{},\"partial\":false,\"versions\":{}}",
           4, NULL, "4\t\tp\t\t\t0.500\t\tfalse\t\to\t\t\n");
    /* no publisher, nothing flagged, nothing cut */
    row_of("{\"publisher\":null,\"flagged\":false,\"outlets\":[],\"partial\":null}", 1, NULL,
           "1\t\t\t\t\t\t\tfalse\t\t\t\t\n");
    /* a publisher without a confidence, an empty object */
    row_of("{\"publisher\":{\"id\":\"p\"}}", 2, "", "2\t\tp\t\t\t0.000\t\tfalse\t\t\t\t\n");
    row_of("{}", 3, NULL, "3\t\t\t\t\t\t\tfalse\t\t\t\t\n");

    /* the public API given no object: the row of an empty one */
    mh_text none = {0};
    mh_record_info info5 = {5, 0, 0, NULL};
    json_t *arr = json_array();
    CHECK(mh_annotation_tsv_row(NULL, &info5, NULL, arr, &none) == MH_OK);
    CHECK(mh_annotation_tsv_row(NULL, &info5, NULL, NULL, &none) == MH_OK);
    CHECK(holds(&none, "5\t\t\t\t\t\t\tfalse\t\t\t\t\n5\t\t\t\t\t\t\tfalse\t\t\t\t\n"));
    json_decref(arr);
    mh_text_free(&none);

    /* 60 origins: the list is cut at 255 bytes */
    char ann[4096] = "{\"outlets\":[";
    for (int i = 0; i < 60; i++) {
        char one[64];
        snprintf(one, sizeof one, "%s{\"id\":\"outlet-%02d\",\"role\":\"origin\"}", i ? "," : "",
                 i);
        strcat(ann, one);
    }
    strcat(ann, "]}");
    mh_tsvrow_state st = {0};
    mh_text out = {0};
    CHECK(mh_tsvrow_write(&st, 4, NULL, ann, strlen(ann), &out) == MH_OK);
    CHECK(mh_text_add(&out, "", 1) == MH_OK); /* a C string from here */
    const char *cell = out.data;
    for (int tab = 0; cell && tab < 9; tab++)
        cell = strchr(cell, '\t') ? strchr(cell, '\t') + 1 : NULL;
    CHECK(cell && strncmp(cell, "outlet-00,outlet-01,", 20) == 0);
    CHECK(cell && strchr(cell, '\t') - cell == 255);
    mh_text_free(&out);
    mh_tsvrow_state_free(&st);
}
