/* Unit tests: [limits] max_documents and max_run_time (runlimit.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "config.h"
#include "runlimit.h"

static void test_no_limits(void **state)
{
	struct runlimit rl;
	struct config c;
	size_t i;
	(void)state;
	config_init(&c);
	runlimit_init(&rl, &c);
	for (i = 0; i < 1000; i++)
		assert_int_equal(runlimit_allow(&rl, "x.txt", 1000 - i), 1);
	assert_int_equal(rl.hit, RUNLIMIT_NONE);
	assert_true(runlimit_left_ms(&rl) == INT64_MAX);
	assert_int_equal(runlimit_expired(&rl, "links are not checked"), 0);
	config_release(&c);
}

static void test_max_documents(void **state)
{
	struct runlimit rl;
	struct config c;
	(void)state;
	config_init(&c);
	c.max_documents = 2;
	runlimit_init(&rl, &c);
	assert_int_equal(runlimit_allow(&rl, "a.txt", 3), 1);
	assert_int_equal(runlimit_allow(&rl, "b.txt", 2), 1);
	assert_int_equal(runlimit_allow(&rl, "c.txt", 1), 0);
	assert_int_equal(rl.hit, RUNLIMIT_DOCUMENTS);
	/* and stays refused */
	assert_int_equal(runlimit_allow(&rl, "d.txt", 1), 0);
	assert_int_equal(rl.done, 2);
	/* the time is not what ran out */
	assert_int_equal(runlimit_expired(&rl, "links are not checked"), 0);
	config_release(&c);
}

static void test_max_run_time(void **state)
{
	struct runlimit rl;
	struct config c;
	(void)state;
	config_init(&c);
	c.max_run_time_s = 60;
	runlimit_init(&rl, &c);
	assert_int_equal(runlimit_allow(&rl, "a.txt", 2), 1);
	assert_true(runlimit_left_ms(&rl) > 0 && runlimit_left_ms(&rl) <= 60000);
	/* as if the run had started 61 s ago */
	rl.start_ms -= 61000;
	assert_true(runlimit_left_ms(&rl) == 0);
	assert_int_equal(runlimit_allow(&rl, "b.txt", 1), 0);
	assert_int_equal(rl.hit, RUNLIMIT_TIME);
	assert_int_equal(runlimit_expired(&rl, "links are not checked"), 1);
	assert_int_equal(rl.said_expired, 1);
	assert_int_equal(runlimit_expired(&rl, "links are not checked"), 1);
	config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_limits),
		cmocka_unit_test(test_max_documents),
		cmocka_unit_test(test_max_run_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
