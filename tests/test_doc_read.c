/* Unit tests: doc_read(), phase 1 of the document model on its own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"

static char dir[64];
static char file[96];

static int setup(void **state)
{
	FILE *fp;
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/provcheck-docread-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/a.txt", dir);
	fp = fopen(file, "w");
	if (!fp)
		return -1;
	fputs("Bytes as they are: caf\xc3\xa9.\n", fp);
	fclose(fp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(file);
	rmdir(dir);
	return 0;
}

static void test_read_bytes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc_error err;
	(void)state;
	assert_int_equal(doc_read(file, NULL, &sb, &err), DOC_OK);
	assert_string_equal(sb.buf, "Bytes as they are: caf\xc3\xa9.\n");
	strbuf_release(&sb);
}

static void test_read_errors(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc_error err;
	struct doc_limits lim;
	char missing[128];
	(void)state;

	snprintf(missing, sizeof(missing), "%s/none.txt", dir);
	assert_int_equal(doc_read(missing, NULL, &sb, &err), DOC_ERR_NOENT);
	assert_int_equal(err.code, DOC_ERR_NOENT);
	assert_int_equal(sb.len, 0);
	assert_int_equal(doc_read(dir, NULL, &sb, &err), DOC_ERR_ISDIR);

	doc_limits_default(&lim);
	lim.max_file_size = 8;
	assert_int_equal(doc_read(file, &lim, &sb, &err), DOC_ERR_TOO_BIG);
	assert_non_null(strstr(err.detail, "max_file_size"));
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

/* A scan's read buffer goes to the document and back, for the next file. */
static void test_keep_src(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc_error err;
	struct doc *d = NULL;
	char *buf;
	(void)state;
	assert_int_equal(doc_read(file, NULL, &sb, &err), DOC_OK);
	buf = sb.buf;
	assert_int_equal(doc_parse_buf(file, &sb, NULL, NULL, &d, &err), DOC_OK);
	assert_int_equal(sb.len, 0);
	assert_ptr_equal(d->src, buf);
	doc_free_keep_src(d, &sb);
	assert_ptr_equal(sb.buf, buf);
	assert_int_equal(sb.len, 0);
	assert_true(sb.alloc > strlen("Bytes as they are: caf\xc3\xa9.\n"));
	assert_string_equal(sb.buf, "");
	/* filled again in place */
	assert_int_equal(doc_read(file, NULL, &sb, &err), DOC_OK);
	assert_ptr_equal(sb.buf, buf);
	assert_string_equal(sb.buf, "Bytes as they are: caf\xc3\xa9.\n");
	doc_free_keep_src(NULL, &sb);
	assert_string_equal(sb.buf, "Bytes as they are: caf\xc3\xa9.\n");
	strbuf_release(&sb);
}

/* The 32-bit guard: decided on the size alone, so tested without 4 GiB of memory. */
static void test_size_guard(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct doc_error err;
	(void)state;
	assert_int_equal(doc_check_size(0, &err), DOC_OK);
	assert_int_equal(doc_check_size(DOC_MAX_SIZE, &err), DOC_OK);
	assert_int_equal(doc_check_size(DOC_MAX_SIZE + 1, NULL), DOC_ERR_TOO_BIG);
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_check_size((uintmax_t)1 << 40, &err), DOC_ERR_TOO_BIG);
	assert_int_equal(err.code, DOC_ERR_TOO_BIG);
	doc_error_format("big.txt", &err, &msg);
	assert_non_null(strstr(msg.buf, "'big.txt'"));
	assert_non_null(strstr(msg.buf, "document over 4 GiB"));
	strbuf_release(&msg);
}

/* A sparse file over 4 GiB with max_file_size at 1 TiB: refused before it is read. */
static void test_read_over_4gib(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc_error err;
	struct doc_limits lim;
	char big[128];
	FILE *fp;
	int sized;
	(void)state;

	snprintf(big, sizeof(big), "%s/big.txt", dir);
	fp = fopen(big, "w");
	assert_non_null(fp);
	sized = ftruncate(fileno(fp), (off_t)DOC_MAX_SIZE + 2) == 0;
	fclose(fp);
	if (sized) {
		doc_limits_default(&lim);
		lim.max_file_size = (size_t)1 << 40;
		memset(&err, 0, sizeof(err));
		assert_int_equal(doc_read(big, &lim, &sb, &err), DOC_ERR_TOO_BIG);
		assert_non_null(strstr(err.detail, "document over 4 GiB"));
		assert_int_equal(sb.len, 0);
	}
	unlink(big);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_bytes),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_keep_src),
		cmocka_unit_test(test_size_guard),
		cmocka_unit_test(test_read_over_4gib),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
