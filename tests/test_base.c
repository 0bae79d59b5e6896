/* Unit tests: utf8, strbuf, srcmap, sha256. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "sha256.h"
#include "srcmap.h"
#include "utf8.h"
#include "util.h"

static void test_utf8_validate(void **state)
{
	size_t bad = 0;
	(void)state;
	assert_true(utf8_validate("abc \xc3\xa9 \xe2\x80\x9c", 10, &bad));
	assert_false(utf8_validate("ab\xff", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(utf8_validate("\xc0\xaf", 2, &bad));        /* overlong */
	assert_false(utf8_validate("\xed\xa0\x80", 3, &bad));    /* surrogate */
	assert_false(utf8_validate("\xe2\x80", 2, &bad));        /* truncated */
	assert_int_equal(utf8_count("a\xc3\xa9z", 4), 3);
}

static void test_strbuf_cap(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_addstr(&sb, "12345678"), 0);
	assert_int_equal(strbuf_addstr(&sb, "9"), -1);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	strbuf_release(&sb);
}

static void test_json_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_add_json_str(&sb, "a\"b\\\n\x01\xff", 7);
	assert_string_equal(sb.buf, "\"a\\\"b\\\\\\n\\u0001\xef\xbf\xbd\"");
	strbuf_release(&sb);
}

static void test_srcmap_roundtrip(void **state)
{
	/* source: "ab&amp;cd\nef" -> derived "ab&cd ef" */
	const char *src = "ab&amp;cd\nef";
	struct mtext t;
	struct lineidx li;
	size_t s, e, line, col;
	(void)state;
	mtext_init(&t, 0);
	mtext_add(&t, src, 2, 0);
	mtext_add_subst(&t, "&", 1, 2, 5);
	mtext_add(&t, src + 7, 2, 7);
	mtext_add_subst(&t, " ", 1, 9, 1);
	mtext_add(&t, src + 10, 2, 10);
	assert_string_equal(t.text.buf, "ab&cd ef");
	assert_int_equal(srcmap_to_src(&t.map, 0), 0);
	assert_int_equal(srcmap_to_src(&t.map, 2), 2);
	assert_int_equal(srcmap_to_src(&t.map, 3), 7);
	assert_int_equal(srcmap_to_src(&t.map, 6), 10);
	srcmap_range(&t.map, 2, 3, &s, &e);
	assert_int_equal(s, 2);
	assert_int_equal(e, 7);
	lineidx_init(&li, src, strlen(src));
	lineidx_locate(&li, srcmap_to_src(&t.map, 7), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
	lineidx_release(&li);
	mtext_release(&t);
}

static void test_sha256(void **state)
{
	uint8_t d[32];
	char hex[65];
	(void)state;
	sha256_buf("abc", 3, d);
	sha256_hex(d, 32, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_buf("", 0, d);
	sha256_hex(d, 32, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/*
 * Columns in long lines come from checkpoints; they must equal a count
 * from the line start whatever the bytes: multi-byte sequences across
 * block edges, stray continuation bytes, blocks without any ASCII byte.
 */
static void test_lineidx_long_line(void **state)
{
	static const char *const pieces[] = { "ab ", "\xc3\xa9", "\xe2\x80\x9c", "\x80", "x", "\xf0\x9f\x98\x80" };
	struct strbuf sb = STRBUF_INIT;
	struct lineidx li;
	size_t i, line, col, ls = 0, nl;
	unsigned r = 12345;
	(void)state;

	strbuf_addstr(&sb, "short line\n");
	for (i = 0; i < 30000; i++) {
		r = r * 1103515245u + 12345u;
		strbuf_addstr(&sb, pieces[(r >> 16) % 6]);
	}
	for (i = 0; i < 3000; i++)   /* a block without ASCII */
		strbuf_addstr(&sb, "\xc3\xa9");
	strbuf_addstr(&sb, " end\nlast line \xc3\xa9\n");
	lineidx_init(&li, sb.buf, sb.len);
	assert_true(li.nr_ck > 0);
	nl = 1;
	for (i = 0; i < sb.len; i++) {
		if (i && sb.buf[i - 1] == '\n') {
			ls = i;
			nl++;
		}
		if (i % 61 && sb.buf[i] != '\n' && (i < 2 || sb.buf[i - 2] != '\n'))
			continue;
		lineidx_locate(&li, i, &line, &col);
		assert_int_equal(line, nl);
		assert_int_equal(col, utf8_count(sb.buf + ls, i - ls) + 1);
	}
	lineidx_release(&li);
	strbuf_release(&sb);
}

/* utf8_count() one code point at a time, as utf8_decode() takes them. */
static size_t count_slow(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		i += l ? l : 1;
		k++;
	}
	return k;
}

/* A non-ASCII byte (valid or not) at every place of runs around 8, 16 and 32 bytes. */
static void test_utf8_count_runs(void **state)
{
	static const char *const odd[] = { "\xc3\xa9", "\x80", "\xff", "\xe2\x80", "\xf0\x9f\x98\x80" };
	char buf[128];
	size_t n, p, k;
	(void)state;
	for (k = 0; k < ARRAY_SIZE(odd); k++) {
		size_t ol = strlen(odd[k]);
		for (n = 0; n + ol <= 80; n++) {
			for (p = 0; p + ol <= n; p++) {
				memset(buf, 'a', n);
				memcpy(buf + p, odd[k], ol);
				assert_int_equal(utf8_count(buf, n), count_slow(buf, n));
				assert_int_equal(utf8_validate(buf, n, NULL), k == 0 || k == 4);
			}
			memset(buf, 'a', n);
			assert_int_equal(utf8_count(buf, n), n);
		}
	}
}

/* lineidx_locate_next() gives what lineidx_locate() gives, whatever the order of the offsets. */
static void test_lineidx_cursor(void **state)
{
	static const char *const pieces[] = { "ab ", "\xc3\xa9", "\xe2\x80\x9c", "\x80", "x",
					      "\xf0\x9f\x98\x80", "\n", "\r\n", "\xe2\x80", "\n\n" };
	struct strbuf sb = STRBUF_INIT;
	struct lineidx li;
	size_t i, pass;
	unsigned r = 777;
	(void)state;

	strbuf_addstr(&sb, "\xef\xbb\xbf" "bom\n");
	for (i = 0; i < 4000; i++) {
		r = r * 1103515245u + 12345u;
		strbuf_addstr(&sb, pieces[(r >> 16) % 10]);
	}
	for (i = 0; i < 20000; i++)   /* a long line, with checkpoints */
		strbuf_addstr(&sb, i % 7 ? "w" : "\xc3\xa9");
	strbuf_addstr(&sb, "\nend");
	lineidx_init(&li, sb.buf, sb.len);
	assert_true(li.nr_ck > 0);
	for (pass = 0; pass < 4; pass++) {
		struct lineidx_cursor cur = LINEIDX_CURSOR_INIT;
		for (i = 0; i < sb.len + 3; i++) {
			size_t off, line, col, line2, col2;
			r = r * 1103515245u + 12345u;
			switch (pass) {
			case 0: off = i; break;                               /* every offset, forward */
			case 1: off = i * 37 % (sb.len + 2); break;           /* forward and back */
			case 2: off = sb.len + 2 - i; break;                  /* backward, past the end first */
			default: off = i + (r >> 16) % 3000; break;           /* forward jumps, some back */
			}
			lineidx_locate(&li, off, &line, &col);
			lineidx_locate_next(&li, &cur, off, &line2, &col2);
			assert_int_equal(line2, line);
			assert_int_equal(col2, col);
		}
	}
	lineidx_release(&li);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_validate),
		cmocka_unit_test(test_strbuf_cap),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_srcmap_roundtrip),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_lineidx_long_line),
		cmocka_unit_test(test_utf8_count_runs),
		cmocka_unit_test(test_lineidx_cursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
