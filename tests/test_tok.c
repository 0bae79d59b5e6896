/*
 * Unit tests: tok_scan() - the token kinds, byte ranges and spacing
 * the scanners rely on, through the ASCII fast path and the decoded
 * path alike; tok_in() against tok_is().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tok.h"

/* "W:text" "N:text" "P:text" for each token, with "_" before a glued one
 * and "|" "/" "//" for some space, a newline, a blank line before it. */
static void render(const char *s, char *out, size_t outsz)
{
	struct tok_list tl = { NULL, 0, 0 };
	size_t i, len = 0;
	tok_scan(s, strlen(s), &tl);
	out[0] = '\0';
	for (i = 0; i < tl.nr; i++) {
		const struct tok *t = &tl.v[i];
		static const char *const sp[] = { "_", "|", "/", "//" };
		len += (size_t)snprintf(out + len, outsz - len, "%s%c:%.*s", i ? sp[t->space] : "",
					t->kind == TOK_WORD ? 'W' : t->kind == TOK_NUM ? 'N' : 'P',
					(int)(t->end - t->start), s + t->start);
		assert_true(len < outsz);
	}
	tok_list_release(&tl);
}

static void expect(const char *s, const char *want)
{
	char got[512];
	render(s, got, sizeof(got));
	assert_string_equal(got, want);
}

static void test_ascii(void **state)
{
	(void)state;
	expect("On 16th May, 2016 (p. 3)", "W:On|N:16_W:th|W:May_P:,|N:2016|P:(_W:p_P:.|N:3_P:)");
	expect("a\tb\r\nc\n\nd\f\ve", "W:a|W:b/W:c//W:d|W:e");
	expect("x\x01y\x7fz", "W:x_P:\x01_W:y_P:\x7f_W:z");
	expect("  lead", "W:lead");
	expect("", "");
}

static void test_decoded(void **state)
{
	(void)state;
	/* accented letters are word letters; NBSP and U+2009 are space */
	expect("tháng\xc2\xa0" "4 năm", "W:tháng|N:4|W:năm");
	expect("août\xe2\x80\x89" "2013", "W:août|N:2013");
	/* dashes, quotes, the euro sign are punctuation, one code point each */
	expect("2001\xe2\x80\x94" "2005 \xe2\x80\x9cok\xe2\x80\x9d \xe2\x82\xac" "5",
	       "N:2001_P:\xe2\x80\x94_N:2005|P:\xe2\x80\x9c_W:ok_P:\xe2\x80\x9d|P:\xe2\x82\xac_N:5");
	/* a byte that is not UTF-8 reads as U+FFFD: punctuation */
	expect("ab\xff" "cd e", "W:ab_P:\xff_W:cd|W:e");
	/* a word ends at punctuation after letters above U+0080 */
	expect("Việt\xe2\x80\x99s", "W:Việt_P:\xe2\x80\x99_W:s");
}

static void test_in(void **state)
{
	static const char *const list[] = { "troops", "km", "Million" };
	static const char *const texts[] = { "TROOPS", "Km", "million", "troop", "kms", "k", "tons" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct tok t;
		size_t k;
		int want = 0;
		t.start = 0;
		t.end = strlen(texts[i]);
		t.kind = TOK_WORD;
		t.cp = 0;
		t.space = 0;
		for (k = 0; k < sizeof(list) / sizeof(list[0]); k++)
			want |= tok_is(texts[i], &t, list[k]);
		assert_int_equal(tok_in(texts[i], &t, list, sizeof(list) / sizeof(list[0])), want);
	}
}

/* A text whose offsets would not fit the 32-bit tokens is refused, not wrapped (nor read). */
static void test_too_long(void **state)
{
	struct tok_list tl = { NULL, 0, 0 };
	(void)state;
	assert_int_equal(sizeof(struct tok), 16);
	assert_int_equal(tok_scan("a b", 3, &tl), 0);
	assert_int_equal(tl.nr, 2);
#if SIZE_MAX > UINT32_MAX
	assert_int_equal(tok_scan("a b", TOK_MAX_LEN + 1, &tl), -1);
	assert_int_equal(tl.nr, 0);
#endif
	tok_list_release(&tl);
}

/* Words across the eight-byte steps: lengths around 8 and 16, letters of both cases, edges. */
static void test_word_lengths(void **state)
{
	(void)state;
	expect("abcdefg abcdefgh abcdefghi", "W:abcdefg|W:abcdefgh|W:abcdefghi");
	expect("ABCDEFGHIJKLMNOPq,Zz@[`{", "W:ABCDEFGHIJKLMNOPq_P:,_W:Zz_P:@_P:[_P:`_P:{");
	expect("abcdefgh\xc3\xa9ijklmnop\xe2\x80\x94x", "W:abcdefgh\xc3\xa9ijklmnop_P:\xe2\x80\x94_W:x");
	expect("abcdefghijklmno7", "W:abcdefghijklmno_N:7");
	expect("Zabcdefghijklmno\x7f", "W:Zabcdefghijklmno_P:\x7f");
}

/*
 * A list scanned again is reset and keeps its array (the callers keep
 * one as scratch for short phrases); released, it is empty.
 */
static void test_reuse(void **state)
{
	struct tok_list tl = { NULL, 0, 0 };
	struct tok *v;
	(void)state;
	assert_int_equal(tok_scan("one two three four", 18, &tl), 0);
	assert_int_equal(tl.nr, 4);
	v = tl.v;
	assert_int_equal(tok_scan("5 six", 5, &tl), 0);
	assert_int_equal(tl.nr, 2);
	assert_ptr_equal(tl.v, v);
	assert_int_equal(tl.v[0].kind, TOK_NUM);
	assert_int_equal(tl.v[1].start, 2);
	assert_int_equal(tl.v[1].end, 5);
	assert_int_equal(tok_scan("", 0, &tl), 0);
	assert_int_equal(tl.nr, 0);
	tok_list_release(&tl);
	assert_null(tl.v);
	assert_int_equal(tl.nr + tl.alloc, 0);
}

/* The plain space after a word is taken with the word: what follows it still counts. */
static void test_space_after_word(void **state)
{
	(void)state;
	expect("a b", "W:a|W:b");
	expect("a  b", "W:a|W:b");
	expect("a \nb", "W:a/W:b");
	expect("a \n\nb", "W:a//W:b");
	expect("a \n \nb", "W:a//W:b");
	expect("a \xc2\xa0" "b", "W:a|W:b");
	expect("a ,b", "W:a|P:,_W:b");
	expect("a 1", "W:a|N:1");
	expect("a ", "W:a");
	expect("tháng 4", "W:tháng|N:4");
}

/* More tokens than tok_scan()'s first estimate (one per four bytes): the array grows. */
static void test_growth(void **state)
{
	struct tok_list tl = { NULL, 0, 0 };
	char text[1000];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = i % 2 ? ',' : 'x';
	assert_int_equal(tok_scan(text, sizeof(text), &tl), 0);
	assert_int_equal(tl.nr, sizeof(text));
	assert_true(tl.alloc >= tl.nr);
	for (i = 0; i < tl.nr; i++) {
		assert_int_equal(tl.v[i].start, i);
		assert_int_equal(tl.v[i].end, i + 1);
		assert_int_equal(tl.v[i].kind, i % 2 ? TOK_PUNCT : TOK_WORD);
	}
	/* again into the same list: it is reset, its array kept */
	assert_int_equal(tok_scan("x y", 3, &tl), 0);
	assert_int_equal(tl.nr, 2);
	assert_int_equal(tl.v[1].start, 2);
	assert_int_equal(tl.v[1].space, 1);
	tok_list_release(&tl);
}

/*
 * tok_scan_marked(): the same tokens as tok_scan(), and the marks are
 * exactly the capitals, the sentence ends and the tokens after a blank
 * line, in order, one per reason (the index after a trailing blank
 * line is nr).
 */
static void test_marked(void **state)
{
	static const char *const texts[] = {
		"The Plan. was adopted! Why? no\n\nNext line\n \n\n(x) Ab. cd\n\n",
		"\n\nA b C. d\u00e9 E\xe2\x80\x94" "F 12 G",
		"",
		"lower only, no marks",
	};
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		struct tok_list a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
		struct tok_marks m = { NULL, 0, 0 };
		uint32_t want[64];
		size_t i, n = 0, len = strlen(texts[k]);
		const char *s = texts[k];

		assert_int_equal(tok_scan(s, len, &a), 0);
		assert_int_equal(tok_scan_marked(s, len, &b, &m), 0);
		assert_int_equal(a.nr, b.nr);
		/* field by field: struct tok has padding that tok_scan() leaves unset */
		for (i = 0; i < a.nr; i++) {
			assert_int_equal(a.v[i].start, b.v[i].start);
			assert_int_equal(a.v[i].end, b.v[i].end);
			assert_int_equal(a.v[i].cp, b.v[i].cp);
			assert_int_equal(a.v[i].kind, b.v[i].kind);
			assert_int_equal(a.v[i].space, b.v[i].space);
		}
		for (i = 0; i < a.nr; i++) {
			const struct tok *t = &a.v[i];
			if (t->space == 3)
				want[n++] = (uint32_t)i;
			if (tok_is_cap(s, t) || tok_is_sentence_end(t))
				want[n++] = (uint32_t)i;
		}
		if (len >= 2 && s[len - 1] == '\n' && s[len - 2] == '\n')
			want[n++] = (uint32_t)a.nr;
		assert_int_equal(m.nr, n);
		if (n)
			assert_memory_equal(m.v, want, n * sizeof(*want));
		tok_list_release(&a);
		tok_list_release(&b);
		tok_marks_release(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_word_lengths),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_decoded),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_space_after_word),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
