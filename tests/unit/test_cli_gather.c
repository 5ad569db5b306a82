/* test_cli_gather.c — enrich's writer: pieces from several buffers, queued
 * and written with writev, come out in order and whole through a pipe read
 * slowly while signals interrupt the writes (writev then returns part of a
 * list, or EINTR), more pieces than one list holds, and adjacent pieces
 * joined; a write that fails says why. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_gather.h"
#include "harness.h"

typedef struct drain {
    int fd;
    char *data;
    size_t len, cap;
} drain;

/* Reads the pipe in small bites, slowly, so that writev waits on a full
 * pipe. */
static void *drain_main(void *arg)
{
    drain *d = arg;
    char buf[4093];
    for (;;) {
        usleep(20);
        ssize_t n = read(d->fd, buf, sizeof buf);
        if (n <= 0)
            break;
        if (d->len + (size_t)n > d->cap)
            break;
        memcpy(d->data + d->len, buf, (size_t)n);
        d->len += (size_t)n;
    }
    return NULL;
}

static atomic_int poking, pokes_caught;
static pthread_t writer;

static void caught(int sig)
{
    (void)sig;
    atomic_fetch_add(&pokes_caught, 1);
}

/* Interrupts the writer's system calls until told to stop. */
static void *poke_main(void *arg)
{
    (void)arg;
    while (atomic_load(&poking)) {
        pthread_kill(writer, SIGUSR1);
        usleep(100);
    }
    return NULL;
}

static void through_pipe(void)
{
    enum { N = 300000 };
    char *a = malloc(N), *b = malloc(N), *want = malloc(2 * N);
    drain d = {-1, malloc(2 * N + 1), 0, 2 * N + 1};
    int fds[2];
    if (!a || !b || !want || !d.data || pipe(fds) != 0) {
        CHECK(!"cannot set up the pipe test");
        free(a), free(b), free(want), free(d.data);
        return;
    }
    for (size_t i = 0; i < N; i++) {
        a[i] = (char)('a' + i % 26);
        b[i] = (char)('0' + i % 10);
    }
    d.fd = fds[0];
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = caught; /* no SA_RESTART: a blocked writev returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    writer = pthread_self();
    atomic_store(&poking, 1);
    pthread_t t, poker;
    pthread_create(&t, NULL, drain_main, &d);
    pthread_create(&poker, NULL, poke_main, NULL);
    FILE *f = fdopen(fds[1], "w");
    cli_gather g;
    cli_gather_init(&g, f);
    /* something written through stdio first comes out first */
    fputs("head:", f);
    size_t w = 0, pa = 0, pb = 0, pieces = 0;
    memcpy(want, "head:", 5);
    w = 5;
    unsigned seed = 7;
    int rc = 0;
    while (!rc && pa < N && pb < N) {
        size_t n = 1 + (size_t)rand_r(&seed) % 3000;
        int from_a = rand_r(&seed) % 2;
        size_t *p = from_a ? &pa : &pb;
        if (*p + n > N)
            n = N - *p;
        const char *src = (from_a ? a : b) + *p;
        rc = cli_gather_add(&g, src, n);
        /* half the time the next piece follows on in the same buffer */
        memcpy(want + w, src, n);
        w += n;
        *p += n;
        pieces++;
    }
    CHECK(rc == 0);
    CHECK(pieces > 3 * CLI_GATHER_PIECES); /* lists were written on the way */
    CHECK(cli_gather_flush(&g) == 0);
    CHECK(cli_gather_add(&g, "", 0) == 0 && g.n == 0); /* nothing queued for nothing */
    atomic_store(&poking, 0);
    pthread_join(poker, NULL);
    sigaction(SIGUSR1, &old, NULL);
    CHECK(atomic_load(&pokes_caught) > 10);
    fclose(f);
    pthread_join(t, NULL);
    close(fds[0]);
    CHECK(d.len == w && memcmp(d.data, want, w) == 0);
    free(a), free(b), free(want), free(d.data);
}

static void joins_adjacent(void)
{
    static const char text[] = "0123456789";
    cli_gather g;
    cli_gather_init(&g, stdout);
    CHECK(cli_gather_add(&g, text, 3) == 0 && cli_gather_add(&g, text + 3, 4) == 0);
    CHECK(g.n == 1 && g.v[0].iov_len == 7);
    CHECK(cli_gather_add(&g, text + 8, 2) == 0 && g.n == 2);
    g.n = 0; /* not written */
}

static void reports_failure(void)
{
    int fds[2];
    if (pipe(fds) != 0) {
        CHECK(!"no pipe");
        return;
    }
    close(fds[0]); /* no reader: EPIPE */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *f = fdopen(fds[1], "w");
    cli_gather g;
    cli_gather_init(&g, f);
    CHECK(cli_gather_add(&g, "x", 1) == 0);
    CHECK(cli_gather_flush(&g) == EPIPE);
    fclose(f);
    signal(SIGPIPE, old);
}

void test_cli_gather(void)
{
    through_pipe();
    joins_adjacent();
    reports_failure();
}
