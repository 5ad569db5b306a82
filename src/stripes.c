/* stripes.c — striped locks (stripes.h). */
#include "stripes.h"

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
