/* Unit tests: figures_scan() numbers, hedges, money, nouns, false positives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "dates.h"
#include "figures.h"

static void scan(const char *s, struct figure_list *fl)
{
	struct date_list dl;
	date_list_init(&dl);
	dates_scan(s, strlen(s), NULL, &dl);
	figure_list_init(fl);
	assert_int_equal(figures_scan(s, strlen(s), &dl, fl), 0);
	date_list_release(&dl);
}

/* The one figure of s: its value and counted noun ("" for none). */
static void expect_one(const char *s, const char *value, const char *noun)
{
	struct figure_list fl;
	scan(s, &fl);
	if (fl.nr != 1)
		fail_msg("%s: %zu figures", s, fl.nr);
	assert_string_equal(fl.v[0].value_str, value);
	assert_int_equal(fl.v[0].noun_end - fl.v[0].noun_start, strlen(noun));
	assert_memory_equal(s + fl.v[0].noun_start, noun, strlen(noun));
	figure_list_release(&fl);
}

static void expect_none(const char *s)
{
	struct figure_list fl;
	scan(s, &fl);
	if (fl.nr)
		fail_msg("%s: unexpected '%.*s'", s, (int)(fl.v[0].end - fl.v[0].start),
			 s + fl.v[0].start);
	figure_list_release(&fl);
}

static void test_digits(void **state)
{
	(void)state;
	expect_one("with 1,200 officers.", "1200", "officers");
	expect_one("3185 views", "3185", "views");
	expect_one("some 1.200.000 people", "~1200000", "people");
	expect_one("in 34 countries and", "34", "countries");
	expect_one("awarded 600 graduate scholarships to", "600", "graduate scholarships");
	/* 1.200 could be 1.2 or 1200: not a figure */
	expect_none("a value of 1.200 there");
}

static void test_words(void **state)
{
	(void)state;
	expect_one("with twenty-five countries.", "25", "countries");
	expect_one("with sixty-nine members", "69", "members");
	expect_one("with sixtynine members", "69", "members");
	expect_one("forty-four ships", "44", "ships");
	expect_one("one hundred and five delegates", "105", "delegates");
	expect_one("two thousand troops", "2000", "troops");
}

static void test_ordinals(void **state)
{
	(void)state;
	expect_one("the Twelfth National Congress", "#12", "");
	expect_one("the 12th meeting", "#12", "meeting");
	expect_one("the 11 th meeting", "#11", "meeting");
	expect_one("the 11st meeting", "#11", "meeting");
	expect_one("the twenty-first session", "#21", "session");
}

/* Ordinal suffixes compare without case, two letters exactly. */
static void test_ordinal_suffixes(void **state)
{
	(void)state;
	expect_one("the 11TH edition", "#11", "edition");
	expect_one("the 21 St edition", "#21", "edition");
	expect_one("the 2nD edition", "#2", "edition");
	expect_one("the 3Rd edition", "#3", "edition");
	expect_none("the 4ths edition");
}

static void test_hedges(void **state)
{
	struct figure_list a, b;
	(void)state;
	expect_one("relations with over 80 armed - force.", ">80", "armed - force");
	expect_one("with more than 100 countries,", ">100", "countries");
	expect_one("nearly 50 ships", "<50", "ships");
	expect_one("about 30 cadets", "~30", "cadets");
	expect_one("at least 5 visits", ">=5", "visits");
	expect_one("up to 9 vessels", "<=9", "vessels");

	scan("over 80 units", &a);
	scan("83 units", &b);
	assert_true(figure_compatible(&a.v[0], &b.v[0]));
	figure_list_release(&b);
	scan("75 units", &b);
	assert_false(figure_compatible(&a.v[0], &b.v[0]));
	figure_list_release(&b);
	figure_list_release(&a);
	scan("twenty-five countries", &a);
	scan("25 countries", &b);
	assert_true(figure_compatible(&a.v[0], &b.v[0]));
	figure_list_release(&b);
	scan("16 countries", &b);
	assert_false(figure_compatible(&a.v[0], &b.v[0]));
	figure_list_release(&b);
	figure_list_release(&a);
}

/* Every hedge word, in any case (they are looked up once, as a set). */
static void test_hedge_words(void **state)
{
	(void)state;
	expect_one("with Over 80 ships", ">80", "ships");
	expect_one("with ABOVE 80 ships", ">80", "ships");
	expect_one("with exceeding 80 ships", ">80", "ships");
	expect_one("with Greater Than 80 ships", ">80", "ships");
	expect_one("with almost 80 ships", "<80", "ships");
	expect_one("with NEARLY 80 ships", "<80", "ships");
	expect_one("with around 80 ships", "~80", "ships");
	expect_one("with Approximately 80 ships", "~80", "ships");
	expect_one("with roughly 80 ships", "~80", "ships");
	expect_one("with circa 80 ships", "~80", "ships");
	expect_one("with approx 80 ships", "~80", "ships");
	expect_one("with under 80 ships", "<80", "ships");
	expect_one("with Below 80 ships", "<80", "ships");
	expect_one("with Less Than 80 ships", "<80", "ships");
	expect_one("with fewer than 80 ships", "<80", "ships");
	expect_one("with At Most 80 ships", "<=80", "ships");
	expect_one("with at LEAST 80 ships", ">=80", "ships");
	/* half a hedge is none */
	expect_one("with than 80 ships", "80", "ships");
	expect_one("met at 80 ships", "80", "ships");
	expect_one("went up 80 ships", "80", "ships");
	expect_one("80 ships", "80", "ships");
}

static void test_money_percent(void **state)
{
	(void)state;
	expect_one("assistance of USD 18 million to", "USD 18000000", "");
	expect_one("and 40.1 million USD for", "USD 40100000", "");
	expect_one("a $5 billion deal", "USD 5000000000", "");
	expect_one("VND 200 billion", "VND 200000000000", "");
	expect_one("rose 12% last", "12%", "");
	expect_one("about 7.5 percent of", "~7.5%", "");
}

static void test_not_figures(void **state)
{
	(void)state;
	expect_none("Resolution No. 13 entitled");
	expect_none("the HQ 186 and a P-3C");
	expect_none("Resolution No. 806-NQ/QUTW and 130/2020/QH14");
	expect_none("Vol. 32, No. 1S, p. 37");
	expect_none("as argued [21; p.37-38] and [6, 7].");
	expect_none("external relations\xe2\x80\x9d" "1. The");
	expect_none("In January 2016 and in 2011.");
	expect_none("2. Content\n2.2.1. Bilateral");
}

/* Number words of every initial letter, any case (the first-letter filter lets them all in). */
static void test_word_values(void **state)
{
	static const struct { const char *w; long v; int ord; } cases[] = {
		{ "zero", 0, 0 }, { "One", 1, 0 }, { "eleven", 11, 0 }, { "nineteen", 19, 0 },
		{ "NINETY", 90, 0 }, { "eighty", 80, 0 }, { "Seventeenth", 17, 1 },
		{ "fiftieth", 50, 1 }, { "sixtynine", 69, 0 }, { "twentyfirst", 21, 1 },
		{ "third", 3, 1 }, { "Fourteen", 14, 0 },
	};
	size_t i;
	int ord;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(figures_word_value(cases[i].w, strlen(cases[i].w), &ord), cases[i].v);
		assert_int_equal(ord, cases[i].ord);
	}
	assert_int_equal(figures_word_value("many", 4, &ord), -1);
	/* a tens word's first two letters, but not the tens word, or nothing after it */
	assert_int_equal(figures_word_value("sevent", 6, &ord), -1);
	assert_int_equal(figures_word_value("seventyx", 8, &ord), -1);
	assert_int_equal(figures_word_value("thirtysomething", 15, &ord), -1);
	assert_int_equal(figures_word_value("fortyfirst", 10, &ord), 41);
	assert_int_equal(ord, 1);
	assert_int_equal(figures_word_value("Seventyseventh", 14, &ord), 77);
	assert_int_equal(ord, 1);
	assert_int_equal(figures_word_value("tenant", 6, &ord), -1);
	assert_int_equal(figures_word_value("", 0, &ord), -1);
}

/*
 * The scanner passes most words over before figures_word_value() (a
 * filter on the tables, then the first letters of a tens word): every
 * compound of a tens word and a unit, in any case, is still a figure.
 */
static void test_word_compounds(void **state)
{
	static const char *const tens[] = {
		"twenty", "Thirty", "FORTY", "fifty", "sixty", "Seventy", "eighty", "nINETY",
	};
	static const char *const units[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	};
	char text[64], want[8];
	size_t t, u;
	(void)state;
	for (t = 0; t < sizeof(tens) / sizeof(tens[0]); t++)
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			snprintf(text, sizeof(text), "with %s%s members", tens[t], units[u]);
			snprintf(want, sizeof(want), "%zu", 20 + 10 * t + u + 1);
			expect_one(text, want, "members");
		}
	expect_none("with things and thinkers");
	expect_none("the sixtyish members");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_values),
		cmocka_unit_test(test_word_compounds),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_ordinals),
		cmocka_unit_test(test_ordinal_suffixes),
		cmocka_unit_test(test_hedges),
		cmocka_unit_test(test_hedge_words),
		cmocka_unit_test(test_money_percent),
		cmocka_unit_test(test_not_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
