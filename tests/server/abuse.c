/*
 * abuse.c — hostile clients for tests/server/abuse.sh, over loopback TCP only:
 *
 *   abuse raw PORT            sends standard input as it is, half-closes, prints the
 *                             answer's status line, or "closed" when there is none
 *   abuse idle PORT N SRC S   opens N connections from address SRC (127.0.0.2: its own
 *                             per-address limit), sends nothing, prints "opened K" once
 *                             they are open, waits up to S seconds, and prints "closed C"
 *                             (how many the server shut) at the end
 *   abuse drip PORT S         sends a request head one byte a second, for at most S
 *                             seconds; prints "dropped after T s" when the server
 *                             closed the connection, or "still open"
 *
 * Exit status 0, or 1 when a socket call fails (a loud test failure).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int connect_to(int port, const char *src)
{
    struct sockaddr_in sa = {0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (src) {
        struct sockaddr_in from = {0};
        from.sin_family = AF_INET;
        inet_pton(AF_INET, src, &from.sin_addr);
        if (bind(fd, (struct sockaddr *)&from, sizeof from)) {
            close(fd);
            return -1;
        }
    }
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        close(fd);
        return -1;
    }
    return fd;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int raw(int port)
{
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    char answer[256];
    ssize_t got, off = 0;
    int fd = connect_to(port, NULL);
    if (fd < 0) return perror("connect"), 1;
    for (size_t sent = 0; sent < n;) {
        ssize_t w = send(fd, buf + sent, n - sent, MSG_NOSIGNAL);
        if (w <= 0) break; /* the server may close early: its answer is what counts */
        sent += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    while (off < (ssize_t)sizeof answer - 1 &&
           (got = recv(fd, answer + off, sizeof answer - 1 - (size_t)off, 0)) > 0)
        off += got;
    answer[off] = 0;
    close(fd);
    if (strncmp(answer, "HTTP/", 5)) {
        puts("closed");
        return 0;
    }
    answer[strcspn(answer, "\r\n")] = 0;
    puts(answer);
    return 0;
}

static int idle(int port, int n, const char *src, int secs)
{
    int *fds = calloc((size_t)n, sizeof *fds), opened = 0, closed = 0;
    double end = now() + secs;
    char c;
    if (!fds) return 1;
    for (int i = 0; i < n; i++)
        if ((fds[i] = connect_to(port, src)) >= 0) opened++;
    printf("opened %d\n", opened);
    fflush(stdout);
    /* wait until every connection is closed by the server, or the time is up */
    while (now() < end && closed < opened) {
        struct timespec pause = {0, 200000000};
        nanosleep(&pause, NULL);
        for (int i = 0; i < n; i++) {
            if (fds[i] < 0) continue;
            ssize_t r = recv(fds[i], &c, 1, MSG_DONTWAIT);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                close(fds[i]);
                fds[i] = -1;
                closed++;
            }
        }
    }
    printf("closed %d\n", closed);
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) close(fds[i]);
    free(fds);
    return 0;
}

static int drip(int port, int secs)
{
    static const char head[] =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    double t0 = now();
    int fd = connect_to(port, NULL);
    if (fd < 0) return perror("connect"), 1;
    for (size_t i = 0; now() - t0 < secs; i = (i + 1) % (sizeof head - 1)) {
        struct pollfd p = {fd, POLLIN, 0};
        char c;
        if (send(fd, head + i, 1, MSG_NOSIGNAL) != 1 ||
            (poll(&p, 1, 1000) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) <= 0)) {
            printf("dropped after %.0f s\n", now() - t0);
            close(fd);
            return 0;
        }
    }
    puts("still open");
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc == 3 && !strcmp(argv[1], "raw")) return raw(atoi(argv[2]));
    if (argc == 6 && !strcmp(argv[1], "idle"))
        return idle(atoi(argv[2]), atoi(argv[3]), argv[4], atoi(argv[5]));
    if (argc == 4 && !strcmp(argv[1], "drip")) return drip(atoi(argv[2]), atoi(argv[3]));
    fputs("usage: abuse raw PORT | idle PORT N SRC SECONDS | drip PORT SECONDS\n", stderr);
    return 2;
}
