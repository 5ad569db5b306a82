/* allocators.c — route the allocations of jansson, SQLite, libxml2 and
 * Hyperscan through masthead's wrapper (alloc.c), so that out-of-memory
 * tests reach them too. Global state of those libraries: installed only
 * when the program asks (mh_install_allocators), never by the library on
 * its own. */
#include <hs.h>
#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <sqlite3.h>
#include <string.h>

#include "alloc.h"
#include "masthead.h"

/* SQLite wants the size of a block back: keep it in a 16-byte header (the
 * alignment SQLite expects). */
#define HDR 16

static void *sq_malloc(int n)
{
    if (n <= 0)
        return NULL;
    unsigned char *p = mh_malloc((size_t)n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    return p + HDR;
}

static void sq_free(void *p)
{
    if (p)
        mh_free((unsigned char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
    if (!p)
        return sq_malloc(n);
    if (n <= 0) {
        sq_free(p);
        return NULL;
    }
    unsigned char *q = mh_realloc((unsigned char *)p - HDR, (size_t)n + HDR);
    if (!q)
        return NULL;
    memcpy(q, &n, sizeof n);
    return q + HDR;
}

static int sq_size(void *p)
{
    int n = 0;
    if (p)
        memcpy(&n, (unsigned char *)p - HDR, sizeof n);
    return n;
}

static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}

static int sq_init(void *ud)
{
    (void)ud;
    return SQLITE_OK;
}

static void sq_shutdown(void *ud)
{
    (void)ud;
}

/* libxml2's allocations, shielded from injected failures while
 * mh_alloc_shield_xml is on (see alloc.h). */
static void *xml_malloc(size_t n)
{
    int shield = mh_alloc_xml_shielded();
    if (shield)
        mh_alloc_shield(1);
    void *p = mh_malloc(n);
    if (shield)
        mh_alloc_shield(0);
    return p;
}

static void *xml_realloc(void *ptr, size_t n)
{
    int shield = mh_alloc_xml_shielded();
    if (shield)
        mh_alloc_shield(1);
    void *p = mh_realloc(ptr, n);
    if (shield)
        mh_alloc_shield(0);
    return p;
}

static char *xml_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xml_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void *hs_alloc(size_t n)
{
    return mh_malloc(n);
}

mh_status mh_install_allocators(void)
{
    static const sqlite3_mem_methods methods = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                                sq_roundup, sq_init, sq_shutdown, NULL};
    json_set_alloc_funcs(mh_malloc, mh_free);
    if (xmlMemSetup(mh_free, xml_malloc, xml_realloc, xml_strdup) != 0)
        return MH_ERR_INTERNAL;
    if (hs_set_allocator(hs_alloc, mh_free) != HS_SUCCESS)
        return MH_ERR_INTERNAL;
    /* only before SQLite initialises itself; without memory statistics,
       whose global mutex every SQLite allocation of every thread takes */
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        return MH_ERR_INTERNAL;
    return MH_OK;
}
