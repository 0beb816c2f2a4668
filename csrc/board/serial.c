// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The serial-device link (serial.h). */
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    board_link base;
    int fd;
    struct termios saved;
    char path[4096];
} serial_link;

static const struct {
    unsigned baud;
    speed_t code;
} rates[] = {
    {1200, B1200},       {2400, B2400},       {4800, B4800},       {9600, B9600},       {19200, B19200},
    {38400, B38400},     {57600, B57600},     {115200, B115200},   {230400, B230400},   {460800, B460800},
    {500000, B500000},   {576000, B576000},   {921600, B921600},   {1000000, B1000000}, {1152000, B1152000},
    {1500000, B1500000}, {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000}, {3500000, B3500000},
    {4000000, B4000000},
};

static bool serial_send(board_link *l, const uint8_t *buf, size_t n, char *err, size_t errlen)
{
    serial_link *s = (serial_link *)l;
    while (n) {
        ssize_t w = write(s->fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            /* the driver's buffer is full: wait for room rather than spin */
            struct pollfd p = {.fd = s->fd, .events = POLLOUT};
            if (poll(&p, 1, 1000) < 0 && errno != EINTR) {
                snprintf(err, errlen, "%s: poll: %s", s->path, strerror(errno));
                return false;
            }
            continue;
        }
        if (w <= 0) {
            snprintf(err, errlen, "%s: write: %s", s->path, w < 0 ? strerror(errno) : "wrote nothing");
            return false;
        }
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long serial_recv(board_link *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err, size_t errlen)
{
    serial_link *s = (serial_link *)l;
    long deadline = now_ms() + (long)timeout_ms;
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r > 0)
            return (long)r;
        if (r < 0 && errno != EAGAIN && errno != EINTR) {
            /* a pty whose far end closed reads EIO: the board is gone, not silent */
            snprintf(err, errlen, "%s: read: %s", s->path, strerror(errno));
            return -1;
        }
        long left = deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = s->fd, .events = POLLIN};
        int pr = poll(&p, 1, (int)left);
        if (pr < 0 && errno != EINTR) {
            snprintf(err, errlen, "%s: poll: %s", s->path, strerror(errno));
            return -1;
        }
        if (pr > 0 && (p.revents & (POLLERR | POLLNVAL))) {
            snprintf(err, errlen, "%s: the device reports an error", s->path);
            return -1;
        }
        /* POLLHUP with nothing to read: the next read says why */
    }
}

static void serial_close(board_link *l)
{
    serial_link *s = (serial_link *)l;
    tcdrain(s->fd);
    tcsetattr(s->fd, TCSANOW, &s->saved);
    close(s->fd);
    free(s);
}

static const struct board_link_ops serial_ops = {serial_send, serial_recv, serial_close};

board_link *serial_open(const char *path, unsigned baud, char *err, size_t errlen)
{
    speed_t code = 0;
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].baud == baud)
            code = rates[i].code;
    if (!code) {
        snprintf(err, errlen, "%s: baud rate %u is not one termios can set (1200, 2400, ... 115200, 230400, ... "
                 "4000000)", path, baud);
        return NULL;
    }
    if (strlen(path) >= sizeof ((serial_link *)0)->path) {
        snprintf(err, errlen, "serial device name longer than %zu bytes", sizeof ((serial_link *)0)->path - 1);
        return NULL;
    }
    /* O_NONBLOCK: opening a tty must not wait for a carrier the board never raises */
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open the serial device: %s", path, strerror(errno));
        return NULL;
    }
    struct termios t, saved;
    if (!isatty(fd) || tcgetattr(fd, &saved) != 0) {
        snprintf(err, errlen, "%s: not a serial device (a terminal)", path);
        close(fd);
        return NULL;
    }
    t = saved;
    cfmakeraw(&t);
    t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS | CSIZE);
    t.c_cflag |= CS8 | CLOCAL | CREAD;
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, code) != 0 || cfsetospeed(&t, code) != 0 || tcsetattr(fd, TCSANOW, &t) != 0) {
        snprintf(err, errlen, "%s: cannot set raw mode at %u baud: %s", path, baud, strerror(errno));
        close(fd);
        return NULL;
    }
    /* tcsetattr succeeds if any one setting took: check the ones that matter did */
    struct termios got;
    if (tcgetattr(fd, &got) != 0 || cfgetospeed(&got) != code || (got.c_cflag & CSIZE) != CS8 ||
        (got.c_lflag & ICANON)) {
        snprintf(err, errlen, "%s: the device did not take raw 8N1 at %u baud", path, baud);
        tcsetattr(fd, TCSANOW, &saved);
        close(fd);
        return NULL;
    }
    tcflush(fd, TCIOFLUSH);
    serial_link *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "%s: out of host memory", path);
        close(fd);
        return NULL;
    }
    s->fd = fd;
    s->saved = saved;
    snprintf(s->path, sizeof s->path, "%s", path);
    s->base = (board_link){.ops = &serial_ops, .name = s->path};
    return &s->base;
}

bool serial_parse_spec(const char *spec, char *path, size_t pathlen, unsigned *baud, char *err, size_t errlen)
{
    const char *comma = strchr(spec, ',');
    size_t len = comma ? (size_t)(comma - spec) : strlen(spec);
    if (len == 0) {
        snprintf(err, errlen, "uart: no device (expected uart:DEVICE or uart:DEVICE,baud=N)");
        return false;
    }
    if (len >= pathlen) {
        snprintf(err, errlen, "uart: device name longer than %zu bytes", pathlen - 1);
        return false;
    }
    memcpy(path, spec, len);
    path[len] = 0;
    *baud = SERIAL_BAUD_DEFAULT;
    if (!comma)
        return true;
    const char *opt = comma + 1;
    if (strncmp(opt, "baud=", 5) != 0) {
        snprintf(err, errlen, "uart:%s: unknown option '%s' (expected baud=N)", path, opt);
        return false;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(opt + 5, &end, 10);
    if (opt[5] < '0' || opt[5] > '9' || *end || errno || v == 0 || v > 4000000) {
        snprintf(err, errlen, "uart:%s: baud '%s' is not a number from 1 to 4000000", path, opt + 5);
        return false;
    }
    *baud = (unsigned)v;
    return true;
}
