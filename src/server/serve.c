/*
 * serve.c — `marsad serve`: options, the daemon's start and stop, and the reaper of slow
 * connections.
 *
 * Secure by default: it binds 127.0.0.1:8080 unless told otherwise, answers writes only
 * with --token-file, and caps what a client can hold: connections in all and per address,
 * the request head's memory (431), the query string (414), the body (413), idle time, and
 * the time to send a request. MHD's own timeout is an idle one, which a client sending a
 * byte a second never trips; so each connection also has a deadline (its head within
 * --timeout seconds of its start or of its previous answer, its body within
 * --body-timeout), and a reaper thread shuts down the sockets past it once a second.
 *
 * Shutdown: SIGINT and SIGTERM are blocked in every thread and taken by sigwait here;
 * then MHD_stop_daemon (ends the pool, finishing answers in flight), the reaper, the
 * archive handles; exit 0.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

static const char usage[] =
    "usage: marsad serve [--db PATH] [--listen ADDR:PORT] [--token-file F] [--threads N]\n"
    "                    [--cors ORIGIN] [--max-body BYTES] [--query-budget MS]\n"
    "                    [--timeout S] [--max-conns N] [--max-conns-per-ip N]\n"
    "\n"
    "Serves the archive over HTTP: the JSON API under /api/v1 (docs/server.md,\n"
    "docs/openapi.yaml), the web page at /, /healthz and /metrics (Prometheus).\n"
    "\n"
    "  --db PATH            the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --listen ADDR:PORT   an IPv4 address and port (default 127.0.0.1:8080; port 0: any\n"
    "                       free port, printed at start)\n"
    "  --token-file F       allow POST /api/v1/ingest with `Authorization: Bearer TOKEN`,\n"
    "                       TOKEN the file's first line (the file must be mode 600)\n"
    "  --threads N          worker threads (default: one per core)\n"
    "  --cors ORIGIN        answer CORS for this origin only (default: no CORS headers)\n"
    "  --max-body BYTES     largest POST body (default 64 MiB)\n"
    "  --query-budget MS    a search's time budget (default 2000; past it: 503 timeout)\n"
    "  --timeout S          idle connections, and the time to send a request head\n"
    "                       (default 10)\n"
    "  --body-timeout S     the time to send a request body (default 120)\n"
    "  --max-conns N        connections at once (default 1000)\n"
    "  --max-conns-per-ip N connections from one address (default 64)\n"
    "  -h, --help           show this help\n";

/* ---- Connection deadlines ------------------------------------------------------------------ */

struct conn {
    struct conn *next, *prev;
    struct MHD_Connection *c;
    int fd;
    double deadline; /* monotonic seconds; 0: none (an answer in progress) */
    int cut;
};

static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn conns = {&conns, &conns, NULL, -1, 0, 0};

static void notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    srv *s = cls;
    struct conn *k = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci || !(k = calloc(1, sizeof *k))) return;
        k->c = c;
        k->fd = ci->connect_fd;
        k->deadline = srv_now() + s->cfg.timeout;
        pthread_mutex_lock(&conns_mu);
        k->next = conns.next;
        k->prev = &conns;
        conns.next->prev = k;
        conns.next = k;
        pthread_mutex_unlock(&conns_mu);
        *socket_context = k;
    } else if (k) {
        /* MHD closes the socket after this call: the reaper, under the same mutex, can
         * never shut down a descriptor number already given to another file */
        pthread_mutex_lock(&conns_mu);
        k->prev->next = k->next;
        k->next->prev = k->prev;
        pthread_mutex_unlock(&conns_mu);
        free(k);
        *socket_context = NULL;
    }
}

void srv_conn_deadline(struct MHD_Connection *c, double secs)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = ci ? ci->socket_context : NULL;
    if (!k) return;
    pthread_mutex_lock(&conns_mu);
    k->deadline = secs > 0 ? srv_now() + secs : 0;
    pthread_mutex_unlock(&conns_mu);
}

static volatile sig_atomic_t stopping;

static void *reaper(void *arg)
{
    (void)arg;
    while (!stopping) {
        struct timespec pause = {0, 250000000};
        double now;
        nanosleep(&pause, NULL);
        now = srv_now();
        pthread_mutex_lock(&conns_mu);
        for (struct conn *k = conns.next; k != &conns; k = k->next)
            if (k->deadline > 0 && now > k->deadline && !k->cut) {
                shutdown(k->fd, SHUT_RDWR); /* MHD sees the end and closes the connection */
                k->cut = 1;
            }
        pthread_mutex_unlock(&conns_mu);
    }
    return NULL;
}

/* ---- Options ------------------------------------------------------------------------------- */

static int parse_uint(const char *opt, const char *v, unsigned long long lo, unsigned long long hi,
                      unsigned long long *out)
{
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (!*v || *end || *v == '-' || x < lo || x > hi) {
        fprintf(stderr, "marsad serve: %s takes a number in %llu..%llu, not '%s'\n", opt, lo, hi,
                v);
        return -1;
    }
    *out = x;
    return 0;
}

static int parse_listen(const char *spec, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    unsigned long long port;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (!colon || (size_t)(colon - spec) >= sizeof host) goto bad;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = 0;
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) goto bad;
    if (parse_uint("--listen's port", colon + 1, 0, 65535, &port)) return -1;
    sa->sin_port = htons((uint16_t)port);
    return 0;
bad:
    fprintf(stderr, "marsad serve: --listen takes IPV4:PORT (127.0.0.1:8080), not '%s'\n", spec);
    return -1;
}

static int parse_options(srv_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"token-file", required_argument, NULL, 't'},
        {"threads", required_argument, NULL, 'n'},
        {"cors", required_argument, NULL, 'c'},
        {"max-body", required_argument, NULL, 'b'},
        {"query-budget", required_argument, NULL, 'q'},
        {"timeout", required_argument, NULL, 'T'},
        {"body-timeout", required_argument, NULL, 'B'},
        {"max-conns", required_argument, NULL, 'm'},
        {"max-conns-per-ip", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *env = getenv("MARSAD_DB");
    unsigned long long v;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int c;
    memset(cfg, 0, sizeof *cfg);
    cfg->db = env && *env ? env : "marsad.db";
    cfg->listen = "127.0.0.1:8080";
    cfg->threads = cores > 0 && cores < 256 ? (unsigned)cores : 4;
    cfg->max_body = 64u << 20;
    cfg->max_header = 32u << 10;
    cfg->max_query = 8u << 10;
    cfg->max_conns = 1000;
    cfg->max_conns_ip = 64;
    cfg->timeout = 10;
    cfg->body_timeout = 120;
    cfg->query_budget_ms = 2000;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cfg->db = optarg; break;
        case 'l': cfg->listen = optarg; break;
        case 't': cfg->token_file = optarg; break;
        case 'c': cfg->cors = optarg; break;
        case 'n':
            if (parse_uint("--threads", optarg, 1, 256, &v)) return 2;
            cfg->threads = (unsigned)v;
            break;
        case 'b':
            if (parse_uint("--max-body", optarg, 1, 1ull << 32, &v)) return 2;
            cfg->max_body = (size_t)v;
            break;
        case 'q':
            if (parse_uint("--query-budget", optarg, 1, 600000, &v)) return 2;
            cfg->query_budget_ms = (double)v;
            break;
        case 'T':
            if (parse_uint("--timeout", optarg, 1, 3600, &v)) return 2;
            cfg->timeout = (unsigned)v;
            break;
        case 'B':
            if (parse_uint("--body-timeout", optarg, 1, 86400, &v)) return 2;
            cfg->body_timeout = (unsigned)v;
            break;
        case 'm':
            if (parse_uint("--max-conns", optarg, 1, 100000, &v)) return 2;
            cfg->max_conns = (unsigned)v;
            break;
        case 'i':
            if (parse_uint("--max-conns-per-ip", optarg, 1, 100000, &v)) return 2;
            cfg->max_conns_ip = (unsigned)v;
            break;
        case 'h': fputs(usage, stdout); return 1;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "marsad serve: unexpected operand '%s'\n%s", argv[optind], usage);
        return 2;
    }
    return 0;
}

/* libmicrohttpd's own messages, one line each with the server's prefix (its format
 * strings are its own, hence the pragma). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    size_t n;
    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    n = strcspn(line, "\r\n");
    line[n] = 0;
    fprintf(stderr, "marsad serve: libmicrohttpd: %s\n", line);
}
#pragma GCC diagnostic pop

/* The fds the connection cap needs, and some for the archive's files. */
static void raise_fd_limit(unsigned want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= want) return;
    rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

int srv_main(int argc, char **argv)
{
    static srv s;
    struct sockaddr_in sa;
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    sigset_t sigs;
    pthread_t reaper_thread;
    char msg[512];
    int sig, rc = parse_options(&s.cfg, argc, argv);
    if (rc) return rc == 1 ? 0 : 2;
    if (parse_listen(s.cfg.listen, &sa)) return 2;
    if (s.cfg.token_file &&
        srv_token_load(s.cfg.token_file, &s.token, &s.token_len, msg, sizeof msg)) {
        fprintf(stderr, "marsad serve: --token-file %s\n", msg);
        return 1;
    }
    if (srv_pool_new(s.cfg.db, s.cfg.threads, &s.pool)) {
        fprintf(stderr, "marsad serve: out of memory\n");
        return 1;
    }
    pthread_mutex_init(&s.writer, NULL);
    raise_fd_limit(s.cfg.max_conns + 256);
    /* the signals go to sigwait below: blocked before any thread starts, so every thread
     * inherits the mask and none is interrupted by them */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* the logger first: MHD reports problems with the options after it through it */
    d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, srv_handle, &s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s.cfg.threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)s.cfg.max_conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)s.cfg.max_conns_ip, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)s.cfg.timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)s.cfg.max_header,
        MHD_OPTION_URI_LOG_CALLBACK, srv_uri_log, &s, MHD_OPTION_NOTIFY_COMPLETED, srv_completed,
        &s, MHD_OPTION_NOTIFY_CONNECTION, notify_conn, &s, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "marsad serve: cannot listen on %s\n", s.cfg.listen);
        srv_pool_free(s.pool);
        free(s.token);
        return 1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    {
        char host[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
        printf("listening on http://%s:%u\n", host, info ? (unsigned)info->port : 0u);
        fflush(stdout);
        fprintf(stderr,
                "marsad serve: archive %s, %u threads, writes %s, listening on http://%s:%u\n",
                s.cfg.db, s.cfg.threads, s.token ? "enabled" : "disabled", host,
                info ? (unsigned)info->port : 0u);
    }
    if (pthread_create(&reaper_thread, NULL, reaper, NULL)) {
        fprintf(stderr, "marsad serve: cannot start a thread\n");
        MHD_stop_daemon(d);
        srv_pool_free(s.pool);
        free(s.token);
        return 1;
    }
    while (sigwait(&sigs, &sig) == 0 && sig != SIGINT && sig != SIGTERM) continue;
    fprintf(stderr, "marsad serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(d);
    stopping = 1;
    pthread_join(reaper_thread, NULL);
    srv_pool_free(s.pool);
    pthread_mutex_destroy(&s.writer);
    free(s.token);
    return 0;
}
