/* cli_gather.c — pieces of output written in order with writev. */
#include "cli_gather.h"

#include <errno.h>
#include <unistd.h>

void cli_gather_init(cli_gather *g, FILE *f)
{
    g->f = f;
    g->fd = fileno(f);
    g->n = 0;
}

int cli_gather_add(cli_gather *g, const void *p, size_t n)
{
    if (n == 0)
        return 0;
    if (g->n > 0) {
        struct iovec *last = &g->v[g->n - 1];
        if ((const char *)last->iov_base + last->iov_len == (const char *)p) {
            last->iov_len += n;
            return 0;
        }
    }
    if (g->n == CLI_GATHER_PIECES) {
        int rc = cli_gather_flush(g);
        if (rc)
            return rc;
    }
    g->v[g->n].iov_base = (void *)(size_t)p; /* writev does not write to it */
    g->v[g->n].iov_len = n;
    g->n++;
    return 0;
}

int cli_gather_flush(cli_gather *g)
{
    /* what stdio holds was written before these pieces */
    if (fflush(g->f) != 0)
        return errno ? errno : EIO;
    struct iovec *v = g->v;
    int n = g->n;
    g->n = 0;
    while (n > 0) {
        ssize_t w = writev(g->fd, v, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno ? errno : EIO;
        }
        if (w == 0)
            return EIO; /* no progress: never spin */
        size_t done = (size_t)w;
        while (n > 0 && done >= v->iov_len) {
            done -= v->iov_len;
            v++;
            n--;
        }
        if (n > 0) {
            v->iov_base = (char *)v->iov_base + done;
            v->iov_len -= done;
        }
    }
    return 0;
}
