/* stripes.c — striped locks (stripes.h). */
#include "stripes.h"

#include "alloc.h"

mh_status mh_stripes_init(mh_stripes *s)
{
    for (size_t i = 0; i < MH_STRIPES; i++) {
        if (pthread_mutex_init(&s->lock[i].mu, NULL) != 0) {
            while (i--)
                pthread_mutex_destroy(&s->lock[i].mu);
            return MH_ERR_NOMEM;
        }
    }
    return MH_OK;
}

void mh_stripes_destroy(mh_stripes *s)
{
    for (size_t i = 0; i < MH_STRIPES; i++)
        pthread_mutex_destroy(&s->lock[i].mu);
}

void *mh_striped_table_new(size_t size, size_t locks_off, void **base)
{
    char *t = mh_calloc_lines(size, base);
    if (t && mh_stripes_init((mh_stripes *)(void *)(t + locks_off)) != MH_OK) {
        mh_free(*base);
        *base = NULL;
        return NULL;
    }
    return t;
}

void mh_striped_table_free(void *table, size_t locks_off, void *base)
{
    if (!table)
        return;
    mh_stripes_destroy((mh_stripes *)(void *)((char *)table + locks_off));
    mh_free(base);
}
