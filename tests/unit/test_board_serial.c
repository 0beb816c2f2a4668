// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The serial link of `uart:DEVICE` on a pseudo-terminal: raw 8N1 at the baud asked for,
 * every byte value through unchanged both ways, a silent far end is a timeout, a far end
 * that hangs up an error, and devices and options it cannot use are refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "board/proto.h"
#include "board/serial.h"
#include "board/uart.h"

#include <sys/wait.h>

typedef struct {
    int master, slave;
    char name[256];
} pty;

static void pty_open(pty *p)
{
    assert_int_equal(openpty(&p->master, &p->slave, p->name, NULL, NULL), 0);
}

static void pty_close(pty *p)
{
    if (p->master >= 0)
        close(p->master);
    close(p->slave);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void raw_8n1_at_the_baud_asked(void **state)
{
    (void)state;
    pty p;
    pty_open(&p);
    char err[256] = "";
    board_link *l = serial_open(p.name, 921600, err, sizeof err);
    assert_non_null(l);
    assert_string_equal(l->name, p.name);
    struct termios t;
    assert_int_equal(tcgetattr(p.slave, &t), 0);
    assert_int_equal(cfgetospeed(&t), B921600);
    assert_int_equal(t.c_cflag & CSIZE, CS8);
    assert_false(t.c_cflag & (PARENB | CSTOPB | CRTSCTS));
    assert_false(t.c_lflag & (ICANON | ECHO | ISIG));
    assert_false(t.c_iflag & (IXON | ICRNL | ISTRIP));
    assert_false(t.c_oflag & OPOST);
    l->ops->close(l);
    /* closing gives the terminal back as it was: canonical again */
    assert_int_equal(tcgetattr(p.slave, &t), 0);
    assert_true(t.c_lflag & ICANON);
    pty_close(&p);
}

static void every_byte_value_passes_unchanged(void **state)
{
    (void)state;
    pty p;
    pty_open(&p);
    char err[256] = "";
    board_link *l = serial_open(p.name, 115200, err, sizeof err);
    assert_non_null(l);
    uint8_t out[256], in[256];
    for (int i = 0; i < 256; i++)
        out[i] = (uint8_t)(255 - i); /* NL, CR, ^C, ^S, ^D, DEL: all would be touched in cooked mode */
    assert_true(l->ops->send(l, out, sizeof out, err, sizeof err));
    size_t got = 0;
    while (got < sizeof in) {
        ssize_t r = read(p.master, in + got, sizeof in - got);
        assert_true(r > 0);
        got += (size_t)r;
    }
    assert_memory_equal(in, out, sizeof out);
    /* and back: the board's answer as it sent it */
    assert_int_equal(write(p.master, out, sizeof out), (ssize_t)sizeof out);
    got = 0;
    while (got < sizeof in) {
        long r = l->ops->recv(l, in + got, sizeof in - got, 1000, err, sizeof err);
        assert_true(r > 0);
        got += (size_t)r;
    }
    assert_memory_equal(in, out, sizeof out);
    l->ops->close(l);
    pty_close(&p);
}

static void silent_far_end_times_out(void **state)
{
    (void)state;
    pty p;
    pty_open(&p);
    char err[256] = "";
    board_link *l = serial_open(p.name, 115200, err, sizeof err);
    assert_non_null(l);
    uint8_t b[4];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(l->ops->recv(l, b, sizeof b, 200, err, sizeof err), 0);
    assert_true(ms_since(&t0) >= 200); /* it waited the timeout, not less */
    l->ops->close(l);
    pty_close(&p);
}

static void stale_bytes_are_discarded_on_open(void **state)
{
    (void)state;
    pty p;
    pty_open(&p);
    /* the board's answer to an earlier run, still in the buffer */
    assert_int_equal(write(p.master, "old", 3), 3);
    usleep(20000);
    char err[256] = "";
    board_link *l = serial_open(p.name, 115200, err, sizeof err);
    assert_non_null(l);
    uint8_t b[4];
    assert_int_equal(l->ops->recv(l, b, sizeof b, 50, err, sizeof err), 0);
    l->ops->close(l);
    pty_close(&p);
}

static void hung_up_far_end_is_an_error(void **state)
{
    (void)state;
    pty p;
    pty_open(&p);
    char err[256] = "";
    board_link *l = serial_open(p.name, 115200, err, sizeof err);
    assert_non_null(l);
    close(p.master);
    p.master = -1;
    uint8_t b[4];
    assert_int_equal(l->ops->recv(l, b, sizeof b, 1000, err, sizeof err), -1);
    assert_non_null(strstr(err, p.name));
    l->ops->close(l);
    pty_close(&p);
}

static void unusable_devices_are_refused_by_name(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(serial_open("/nonexistent/ttyUSB9", 115200, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/ttyUSB9: cannot open"));
    assert_null(serial_open("/dev/null", 115200, err, sizeof err));
    assert_non_null(strstr(err, "/dev/null: not a serial device"));
    pty p;
    pty_open(&p);
    assert_null(serial_open(p.name, 12345, err, sizeof err));
    assert_non_null(strstr(err, "baud rate 12345"));
    pty_close(&p);
}

static void device_spec_is_parsed_strictly(void **state)
{
    (void)state;
    char path[64], err[256];
    unsigned baud = 0;
    assert_true(serial_parse_spec("/dev/ttyUSB0", path, sizeof path, &baud, err, sizeof err));
    assert_string_equal(path, "/dev/ttyUSB0");
    assert_int_equal(baud, SERIAL_BAUD_DEFAULT);
    assert_true(serial_parse_spec("/dev/ttyUSB1,baud=3000000", path, sizeof path, &baud, err, sizeof err));
    assert_string_equal(path, "/dev/ttyUSB1");
    assert_int_equal(baud, 3000000);
    assert_false(serial_parse_spec("", path, sizeof path, &baud, err, sizeof err));
    assert_non_null(strstr(err, "no device"));
    assert_false(serial_parse_spec("/dev/ttyUSB0,speed=9600", path, sizeof path, &baud, err, sizeof err));
    assert_non_null(strstr(err, "unknown option 'speed=9600'"));
    assert_false(serial_parse_spec("/dev/ttyUSB0,baud=9k", path, sizeof path, &baud, err, sizeof err));
    assert_non_null(strstr(err, "baud '9k'"));
    assert_false(serial_parse_spec("/dev/ttyUSB0,baud=", path, sizeof path, &baud, err, sizeof err));
    assert_false(serial_parse_spec("/dev/ttyUSB0,baud=0", path, sizeof path, &baud, err, sizeof err));
}

/* `uart:PTY` against a far end that answers HELLO as told: never, with garbage, or with a
 * good frame of the wrong sequence number. Each is a refusal naming the device. */
enum { NEVER, GARBAGE, WRONG_SEQ };

static void uart_backend_refuses_a_bad_far_end(int how, const char *says, long min_ms)
{
    pty p;
    pty_open(&p);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the far end: wait for the request (7 bytes of HELLO), then answer as told */
        uint8_t req[64];
        size_t got = 0;
        while (got < 7) {
            ssize_t r = read(p.master, req + got, sizeof req - got);
            if (r <= 0)
                _exit(1);
            got += (size_t)r;
        }
        uint8_t fr[64];
        size_t n = 0;
        if (how == GARBAGE) {
            memcpy(fr, "\r\nU-Boot> ", 10);
            n = 10;
        } else if (how == WRONG_SEQ) {
            uint8_t pl[BP_HELLO_FIXED] = {1, 40};
            n = bp_encode(fr, (uint8_t)(req[3] + 5), BP_HELLO | BP_RSP_BIT, pl, sizeof pl);
        }
        if (n && write(p.master, fr, n) != (ssize_t)n)
            _exit(1);
        sleep(3); /* hold the line open: silence, not a hang-up */
        _exit(0);
    }
    char spec[300], err[512] = "";
    snprintf(spec, sizeof spec, "%s,baud=115200", p.name);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    backend *b = uart_backend_create(spec, NULL, err, sizeof err);
    long ms = ms_since(&t0);
    assert_null(b);
    char want[400];
    snprintf(want, sizeof want, "board on %s %s", p.name, says);
    print_message("%s\n", err);
    assert_non_null(strstr(err, want));
    assert_true(ms >= min_ms);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    pty_close(&p);
}

static void uart_board_never_answers(void **state)
{
    (void)state;
    uart_backend_refuses_a_bad_far_end(NEVER, "did not answer HELLO within 2 s", 2000);
}

static void uart_board_answers_garbage(void **state)
{
    (void)state;
    uart_backend_refuses_a_bad_far_end(GARBAGE, "answered HELLO with byte 0x0d where a frame must begin", 0);
}

static void uart_board_answers_wrong_seq(void **state)
{
    (void)state;
    uart_backend_refuses_a_bad_far_end(WRONG_SEQ, "answered HELLO (SEQ 0): a response with sequence number 5 to "
                                                  "request 0", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_8n1_at_the_baud_asked),
        cmocka_unit_test(every_byte_value_passes_unchanged),
        cmocka_unit_test(silent_far_end_times_out),
        cmocka_unit_test(stale_bytes_are_discarded_on_open),
        cmocka_unit_test(hung_up_far_end_is_an_error),
        cmocka_unit_test(unusable_devices_are_refused_by_name),
        cmocka_unit_test(device_spec_is_parsed_strictly),
        cmocka_unit_test(uart_board_never_answers),
        cmocka_unit_test(uart_board_answers_garbage),
        cmocka_unit_test(uart_board_answers_wrong_seq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
