/* cli_serve.c — `masthead serve`: the classroom page and its JSON API on
 * libmicrohttpd, bound to loopback unless told otherwise, stopped cleanly by
 * SIGINT or SIGTERM.
 *
 * Start-up opens the engine once, binds the listening socket itself (so the
 * port --port 0 chose is known before the first request) and hands it to a
 * libmicrohttpd daemon with a pool of worker threads. The main thread then
 * only waits for a signal; shutdown stops the daemon (joining its workers),
 * frees the workers' scratches and closes the engine. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "cli_serve.h"
#include "cli_serve_mhd.h"

static const char usage[] =
    "Usage: masthead serve [options]\n"
    "\n"
    "Serve the classroom page: paste an article, see who published it, who owns\n"
    "them, whether they are state media, with the evidence highlighted. The page\n"
    "and its JSON API work offline; nothing is fetched from the network.\n"
    "\n"
    "Options:\n"
    "  -p, --port N           port to listen on (default 8080; 0 picks a free one)\n"
    "  -b, --bind ADDR        IPv4 or IPv6 address to listen on (default 127.0.0.1);\n"
    "                         any other than loopback makes the page reachable from\n"
    "                         the network, without authentication (a warning says so)\n"
    "  -t, --threads N        worker threads (default: the number of CPUs, "
    "1..256)\n" LIMIT_HELP_TEXT
    "                         Each holds per request; budget=N is the time budget,\n"
    "                         counted in regex calls, not clocked (default 200000)\n"
    "      --db FILE          source database (default: the bundled one)\n"
    "      --rules DIR        rules directory (default: the bundled one)\n"
    "  -v, --verbose          log each request on stderr\n"
    "  -h, --help             this help\n"
    "\n"
    "HTTP API (JSON in and out, UTF-8):\n"
    "  POST /api/annotate   {\"text\": \"...\"} or {\"html\": \"...\"}, optional \"url\" and\n"
    "                       \"date\" (YYYY-MM-DD); the answer is exactly what\n"
    "                       'masthead annotate --format json' prints\n"
    "  GET  /api/health     versions of the tool, rules and database\n"
    "  Errors: 400 malformed request, 404 unknown path, 405 wrong method, 413 body\n"
    "  over 4 MiB, 415 not application/json, 421 Host not this loopback server,\n"
    "  500 internal; each with {\"status\", \"error\", \"message\"}.\n"
    "\n" EXIT_TABLE_TEXT;

/* libmicrohttpd's own error messages, prefixed like ours. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fprintf(stderr, "%s serve: libmicrohttpd: ", cli_prog);
    vfprintf(stderr, fmt, ap);
}

/* Parse a whole decimal number in [min, max]; false otherwise. */
static bool parse_uint(const char *s, unsigned long long min, unsigned long long max,
                       unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    if (!s || *s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* The listening address: numeric IPv4 or IPv6, or "localhost". */
typedef struct bind_addr {
    struct sockaddr_storage ss;
    socklen_t len;
    bool loopback;
    char host[64]; /* as written in a Host header: 127.0.0.1 or [::1] */
} bind_addr;

static bool parse_bind(const char *text, unsigned port, bind_addr *b)
{
    memset(b, 0, sizeof *b);
    if (strcmp(text, "localhost") == 0)
        text = "127.0.0.1";
    struct sockaddr_in *v4 = (struct sockaddr_in *)&b->ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&b->ss;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        b->len = sizeof *v4;
        b->loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        snprintf(b->host, sizeof b->host, "%s", text);
        return true;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        b->len = sizeof *v6;
        b->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
        snprintf(b->host, sizeof b->host, "[%s]", text);
        return true;
    }
    return false;
}

/* Bind and listen; returns the socket and sets *port to the bound port, or
 * returns -1 after printing why. */
static int open_listener(const bind_addr *b, unsigned *port)
{
    int fd = socket(b->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "%s serve: socket: %s\n", cli_prog, strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (b->ss.ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    struct sockaddr_storage got;
    socklen_t got_len = sizeof got;
    if (bind(fd, (const struct sockaddr *)&b->ss, b->len) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&got, &got_len) != 0) {
        fprintf(stderr, "%s serve: cannot listen on %s:%u: %s\n", cli_prog, b->host,
                (unsigned)ntohs(((const struct sockaddr_in *)&b->ss)->sin_port), strerror(errno));
        close(fd);
        return -1;
    }
    *port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                            : ((struct sockaddr_in *)&got)->sin_port);
    return fd;
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > 64 ? 64u : (unsigned)n;
}

/* Run the daemon until SIGINT or SIGTERM. Returns an exit code. */
static int run(serve_config *cfg, const bind_addr *b, unsigned threads)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* block them before the workers start, so that they inherit the mask and
     * only sigwait below sees the signals */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    int fd = open_listener(b, &cfg->port);
    if (fd < 0)
        return EXIT_USAGE;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
    if (b->ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = serve_mhd.start_daemon(
        flags, 0, NULL, NULL, serve_handle, cfg, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, serve_completed, cfg, MHD_OPTION_CONNECTION_LIMIT,
        SERVE_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, SERVE_IDLE_SECONDS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s serve: cannot start the HTTP server\n", cli_prog);
        close(fd);
        return EXIT_INTERNAL;
    }
    if (!cfg->check_host)
        fprintf(stderr,
                "%s serve: warning: listening on %s, not loopback: anyone who can reach this "
                "address can use the page and the API (there is no authentication)\n",
                cli_prog, b->host);
    fprintf(stderr, "%s serve: listening on http://%s:%u/ (%u threads; Ctrl-C stops)\n", cli_prog,
            b->host, cfg->port, threads);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    fprintf(stderr, "%s serve: stopping (%s)\n", cli_prog, sig == SIGINT ? "SIGINT" : "SIGTERM");
    serve_mhd.stop_daemon(d); /* joins the workers and closes fd */
    return 0;
}

/* `masthead serve`: parse the options, open the engine, serve until a
 * signal. Returns an exit code of cli.h. */
int cli_serve(int argc, char **argv)
{
    static const struct option longopts[] = {{"port", required_argument, NULL, 'p'},
                                             {"bind", required_argument, NULL, 'b'},
                                             {"threads", required_argument, NULL, 't'},
                                             {"limit", required_argument, NULL, 'L'},
                                             {"db", required_argument, NULL, 'D'},
                                             {"rules", required_argument, NULL, 'R'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *bind_text = "127.0.0.1", *db = NULL, *rules = NULL;
    unsigned long long port = 8080, threads = default_threads();
    mh_limits limits; /* zeros: the defaults, as in `masthead annotate` */
    memset(&limits, 0, sizeof limits);
    bool verbose = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:b:t:vh", longopts, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case 'p': ok = parse_uint(optarg, 0, 65535, &port); break;
        case 'b': bind_text = optarg; break;
        case 't': ok = parse_uint(optarg, 1, SERVE_MAX_THREADS, &threads); break;
        case 'L':
            if (cli_parse_limit(optarg, &limits))
                return EXIT_USAGE;
            break;
        case 'D': db = optarg; break;
        case 'R': rules = optarg; break;
        case 'v': verbose = true; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return EXIT_USAGE;
        }
        if (!ok) {
            fprintf(stderr, "%s serve: bad value for --%s: %s\n", cli_prog,
                    c == 'p' ? "port (0..65535)" : "threads (1..256)", optarg);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s serve: unexpected argument '%s'\n", cli_prog, argv[optind]);
        return EXIT_USAGE;
    }
    bind_addr b;
    if (!parse_bind(bind_text, (unsigned)port, &b)) {
        fprintf(stderr, "%s serve: --bind needs a numeric IPv4 or IPv6 address: %s\n", cli_prog,
                bind_text);
        return EXIT_USAGE;
    }
    char why[512];
    if (serve_mhd_load(why, sizeof why) != 0) {
        fprintf(stderr, "%s serve: %s\n", cli_prog, why);
        return EXIT_INTERNAL;
    }
    mh_engine *eng = NULL;
    int rc = cli_open_engine(db, rules, &eng);
    if (rc)
        return rc;
    serve_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.engine = eng;
    cfg.check_host = b.loopback;
    cfg.bind_host = b.host;
    cfg.body_cap = SERVE_BODY_CAP;
    cfg.verbose = verbose;
    cfg.limits = limits;
    rc = run(&cfg, &b, (unsigned)threads);
    serve_scratch_free_all();
    mh_engine_close(eng);
    return rc;
}
