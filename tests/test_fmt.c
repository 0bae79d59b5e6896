/*
 * Unit tests: fmt.h formats as snprintf() does, truncation included
 * (the scanners' values are compared byte for byte across versions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

static void test_int(void **state)
{
	static const long vals[] = {
		0, 1, 7, 9, 10, 42, 99, 100, 999, 1000, 2016, 9999, 10000, 123456789,
		-1, -7, -10, -99, -100, -2016, LONG_MAX, LONG_MIN,
	};
	size_t i;
	int w;
	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (w = 0; w <= 5; w++) {
			char want[64], got[64];
			struct fmtbuf f;
			snprintf(want, sizeof(want), "%0*ld", w, vals[i]);
			fmt_init(&f, got, sizeof(got));
			fmt_int(&f, vals[i], w);
			assert_string_equal(got, want);
			assert_int_equal(f.len, strlen(want));
		}
	}
}

static void test_whole(void **state)
{
	static const double vals[] = {
		0.0, -0.0, 1.0, 12.0, 1000.0, 18000000.0, 999999999999999.0, -3.0, 4294967296.0,
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char want[64], got[64];
		struct fmtbuf f;
		snprintf(want, sizeof(want), "%.0f", vals[i]);
		fmt_init(&f, got, sizeof(got));
		fmt_whole(&f, vals[i]);
		assert_string_equal(got, want);
	}
}

/* A short buffer keeps a NUL-terminated prefix, as snprintf() does. */
static void test_truncate(void **state)
{
	static const char full[] = "USD 18000000/..";
	size_t n;
	(void)state;
	for (n = 1; n <= 16; n++) {
		char want[16], got[17];
		struct fmtbuf f;
		memset(got, 'x', sizeof(got));
		snprintf(want, n, "%s", full);
		fmt_init(&f, got, n);
		fmt_str(&f, "USD ");
		fmt_int(&f, 18000000L, 1);
		fmt_mem(&f, "/..", 3);
		assert_string_equal(got, want);
		assert_int_equal(got[n - 1], '\0');
		assert_int_equal(got[n], 'x');     /* nothing past the buffer */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_truncate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
