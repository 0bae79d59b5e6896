/* Unit tests: stat data and the racily-clean rule (filestat.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "filestat.h"

#define S 1000000000LL

/* The resolution of the clock filestat_clock_ns() reads, at least 10 ms. */
static int64_t coarse_tick_ns(void)
{
	struct timespec res = { 0, 0 };
	int64_t ns;

#ifdef CLOCK_REALTIME_COARSE
	clock_getres(CLOCK_REALTIME_COARSE, &res);
#else
	res.tv_sec = 1; /* filestat_clock_ns() reads a second back there */
#endif
	ns = (int64_t)res.tv_sec * S + res.tv_nsec;
	return ns > 10000000 ? ns : 10000000;
}

/* A record taken long after the file's last change, and the same file seen now. */
static void clean_pair(struct file_stat *stored, struct file_stat *now)
{
	memset(stored, 0, sizeof(*stored));
	stored->size = 1234;
	stored->mtime_ns = 1700000000 * S + 123456789;
	stored->ctime_ns = 1700000000 * S + 223456789;
	stored->ino = 42;
	stored->seen_ns = 1700000100 * S;
	*now = *stored;
	now->seen_ns = 1700000200 * S;
}

static void test_clean_when_identical(void **state)
{
	struct file_stat a, b;
	(void)state;
	clean_pair(&a, &b);
	assert_int_equal(filestat_racy(&a), 0);
	assert_int_equal(filestat_clean(&a, &b), 1);
}

static void test_each_field_counts(void **state)
{
	struct file_stat a, b;
	(void)state;
	clean_pair(&a, &b);
	b.size++;
	assert_int_equal(filestat_clean(&a, &b), 0);
	clean_pair(&a, &b);
	b.mtime_ns++;           /* one nanosecond is a change */
	assert_int_equal(filestat_clean(&a, &b), 0);
	clean_pair(&a, &b);
	b.ctime_ns += S;        /* chmod, or a touch -d that put the mtime back */
	assert_int_equal(filestat_clean(&a, &b), 0);
	clean_pair(&a, &b);
	b.ino++;                /* replaced by another file (an editor's rename) */
	assert_int_equal(filestat_clean(&a, &b), 0);
	clean_pair(&a, &b);
	b.seen_ns += 5 * S;     /* when it is looked at does not matter */
	assert_int_equal(filestat_clean(&a, &b), 1);
}

static void test_racy_same_second(void **state)
{
	struct file_stat a, b;
	(void)state;
	/* modified in the second the record was taken, even a little before it */
	clean_pair(&a, &b);
	a.mtime_ns = 1700000100 * S + 5;
	a.ctime_ns = a.mtime_ns;
	a.seen_ns = 1700000100 * S + 900000000;
	b = a;
	assert_int_equal(filestat_racy(&a), 1);
	assert_int_equal(filestat_clean(&a, &b), 0);
	/* the record one second later proves it */
	a.seen_ns = 1700000101 * S;
	b = a;
	assert_int_equal(filestat_racy(&a), 0);
	assert_int_equal(filestat_clean(&a, &b), 1);
	/* an mtime in the future of the record (clock skew, touch -d): racy */
	a.mtime_ns = 1700000500 * S;
	b = a;
	assert_int_equal(filestat_clean(&a, &b), 0);
	/* so is a ctime in the record's second with an old mtime */
	clean_pair(&a, &b);
	a.ctime_ns = a.seen_ns + 1;
	b = a;
	assert_int_equal(filestat_clean(&a, &b), 0);
	/* and a record without a time */
	clean_pair(&a, &b);
	a.seen_ns = 0;
	b = a;
	assert_int_equal(filestat_clean(&a, &b), 0);
}

static void test_racy_before_1970(void **state)
{
	struct file_stat a, b;
	(void)state;
	/* -0.5 s is in the second before 0, not the same one */
	clean_pair(&a, &b);
	a.mtime_ns = -S / 2;
	a.ctime_ns = -S / 2;
	a.seen_ns = 1;
	b = a;
	assert_int_equal(filestat_racy(&a), 0);
	a.seen_ns = -1;
	assert_int_equal(filestat_racy(&a), 1);
}

static void test_get(void **state)
{
	char dir[] = "/tmp/provcheck-filestat-XXXXXX", path[96];
	struct file_stat fs, again;
	struct stat sb;
	struct timespec times[2] = { { 1000000000, 5 }, { 1000000000, 123456789 } };
	int64_t before;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("some words\n", f);
	fclose(f);
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_equal(stat(path, &sb), 0);

	before = filestat_clock_ns();
	assert_int_equal(filestat_get(path, &fs), 0);
	assert_int_equal(fs.size, 11);
	assert_true(fs.mtime_ns == 1000000000 * S + 123456789);
	assert_true(fs.ino == (int64_t)sb.st_ino);
	assert_true(fs.ctime_ns == (int64_t)sb.st_ctim.tv_sec * S + sb.st_ctim.tv_nsec);
	assert_true(fs.seen_ns >= before);
	/*
	 * The clock recorded lags a stamp the file system gave earlier by
	 * at most a tick: kernels with multigrain time stamps (Linux 6.13
	 * on) may stamp a file from the fine clock, ahead of the coarse
	 * one filestat_clock_ns() reads. A lag only makes the racy rule
	 * more careful; the comparison in whole seconds, as the rule
	 * makes it, failed when the two fell either side of a second.
	 */
	assert_true(fs.seen_ns + coarse_tick_ns() >= fs.ctime_ns);
	/* nothing moved between two looks */
	assert_int_equal(filestat_get(path, &again), 0);
	assert_true(again.mtime_ns == fs.mtime_ns && again.ctime_ns == fs.ctime_ns &&
		    again.ino == fs.ino && again.size == fs.size);

	errno = 0;
	assert_int_equal(filestat_get(dir, &fs), -1);
	assert_int_equal(errno, EINVAL);
	snprintf(path, sizeof(path), "%s/missing.txt", dir);
	assert_int_equal(filestat_get(path, &fs), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(filestat_get("/dev/null", &fs), -1);
	assert_int_equal(errno, EINVAL);

	snprintf(path, sizeof(path), "%s/a.txt", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_when_identical),
		cmocka_unit_test(test_each_field_counts),
		cmocka_unit_test(test_racy_same_second),
		cmocka_unit_test(test_racy_before_1970),
		cmocka_unit_test(test_get),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
