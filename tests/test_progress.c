/*
 * Unit tests of checker/progress.c: the line format, the tty decision
 * (injected, and real through a pseudo-terminal), the redraw rate limit
 * (with an injected clock: no timed test).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "progress.h"

static double fake_time;

static double fake_now(void)
{
	return fake_time;
}

static void test_format(void **state)
{
	char buf[256];
	(void)state;
	progress_format(buf, sizeof(buf), "checking links", 30, 120, 10.0, 60);
	assert_string_equal(buf, "checking links [######...................] 30/120  25% 3.0/s");
	assert_int_equal(strlen(buf), 60);
	/* unknown total: a count and a rate */
	progress_format(buf, sizeof(buf), "parsing", 7, 0, 2.0, 60);
	assert_string_equal(buf, "parsing 7 3.5/s");
	/* done: full bar, 100% */
	progress_format(buf, sizeof(buf), "x", 5, 5, 0.5, 40);
	assert_non_null(strstr(buf, "[####"));
	assert_non_null(strstr(buf, "5/5 100% 10.0/s"));
	/* never wider than the terminal, and a long title is cut */
	progress_format(buf, sizeof(buf),
			"a very long title that would never fit in a narrow terminal window", 1, 2, 1, 30);
	assert_true(strlen(buf) <= 30);
	assert_non_null(strstr(buf, "1/2"));
	/* a tiny buffer is never overrun */
	progress_format(buf, 8, "title", 1, 2, 1, 80);
	assert_true(strlen(buf) < 8);
}

static void test_not_a_tty(void **state)
{
	struct progress_opts o = { -1, 0, fake_now, 60 };
	int fds[2];
	char buf[64];
	struct progress *p;
	(void)state;
	assert_int_equal(pipe(fds), 0);
	o.fd = fds[1];
	p = progress_start_opts("x", 10, &o);
	assert_null(p);
	progress_update(p, 5);          /* NULL is fine */
	progress_finish(p);
	/* and a real pipe is detected as such */
	o.is_tty = -1;
	assert_null(progress_start_opts("x", 10, &o));
	close(fds[1]);
	assert_int_equal(read(fds[0], buf, sizeof(buf)), 0);   /* nothing written */
	close(fds[0]);
}

static size_t count_draws(const char *s, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += s[i] == '\r';
	return k;
}

static void test_rate_limit(void **state)
{
	struct progress_opts o = { -1, 1, fake_now, 60 };
	int fds[2];
	char buf[65536];
	ssize_t n;
	struct progress *p;
	int i;
	(void)state;
	assert_int_equal(pipe(fds), 0);
	o.fd = fds[1];
	fake_time = 100.0;
	p = progress_start_opts("urls", 1000, &o);
	assert_non_null(p);
	/* 1000 updates over 0.5 s of fake time: at most 10 draws a second */
	for (i = 1; i <= 1000; i++) {
		fake_time = 100.0 + i * 0.0005;
		progress_update(p, (uint64_t)i);
	}
	progress_finish(p);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_true(count_draws(buf, (size_t)n) >= 5);
	assert_true(count_draws(buf, (size_t)n) <= 7);  /* 5 or 6 redraws plus the final one */
	assert_non_null(strstr(buf, "1000/1000 100% 2000/s"));
	assert_int_equal(buf[n - 1], '\n');
}

static void test_pty(void **state)
{
	int master = -1, slave = -1;
	struct progress_opts o = { -1, -1, fake_now, 50 };
	struct progress *p;
	char buf[4096];
	ssize_t n;
	(void)state;
	if (openpty(&master, &slave, NULL, NULL, NULL) < 0) {
		skip();
		return;
	}
	o.fd = slave;
	fake_time = 5.0;
	p = progress_start_opts("docs", 4, &o);
	assert_non_null(p);             /* isatty() said yes */
	fake_time = 6.0;
	progress_update(p, 2);
	progress_finish(p);
	n = read(master, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "\rdocs ["));
	assert_non_null(strstr(buf, "2/4  50% 2.0/s\033[K"));
	close(slave);
	close(master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_not_a_tty),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_pty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
