/* Unit tests: dates_scan() forms, normalization, false positives, anchors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "dates.h"
#include "doc.h"

/* Scans s with an optional anchor; returns the list (caller releases). */
static void scan(const char *s, const char *anchor, struct date_list *dl)
{
	struct date_anchor a;
	memset(&a, 0, sizeof(a));
	if (anchor)
		assert_int_equal(date_parse_iso(anchor, strlen(anchor), &a.v), 0);
	date_list_init(dl);
	assert_int_equal(dates_scan(s, strlen(s), anchor ? &a : NULL, dl), DATES_OK);
}

/* The one expression of s: its text and value. */
static void expect_one(const char *s, const char *anchor, const char *text, const char *value,
		       enum date_prec prec)
{
	struct date_list dl;
	scan(s, anchor, &dl);
	if (dl.nr != 1)
		fail_msg("%s: %zu expressions", s, dl.nr);
	assert_int_equal(dl.v[0].end - dl.v[0].start, strlen(text));
	assert_memory_equal(s + dl.v[0].start, text, strlen(text));
	assert_string_equal(dl.v[0].value, value);
	if (prec != DATE_PREC_NONE)
		assert_int_equal(dl.v[0].a.prec, prec);
	date_list_release(&dl);
}

static void expect_none(const char *s)
{
	struct date_list dl;
	scan(s, "2018-01-01", &dl);
	if (dl.nr)
		fail_msg("%s: unexpected '%.*s'", s, (int)(dl.v[0].end - dl.v[0].start),
			 s + dl.v[0].start);
	date_list_release(&dl);
}

static void test_absolute(void **state)
{
	(void)state;
	expect_one("In January 2016, the plan", NULL, "January 2016", "2016-01", DATE_PREC_MONTH);
	expect_one("dated October 25, 2013, of the", NULL, "October 25, 2013", "2013-10-25", DATE_PREC_DAY);
	expect_one("on 25 October 2013 the", NULL, "25 October 2013", "2013-10-25", DATE_PREC_DAY);
	expect_one("Received 06 October 2016", NULL, "06 October 2016", "2016-10-06", DATE_PREC_DAY);
	expect_one("Thursday, 22 March 2018 11:00\n", NULL, "Thursday, 22 March 2018 11:00",
		   "2018-03-22T11:00", DATE_PREC_MINUTE);
	expect_one("as of 2016-01-11.", NULL, "2016-01-11", "2016-01-11", DATE_PREC_DAY);
	expect_one("the congress (2011) marked", NULL, "2011", "2011", DATE_PREC_YEAR);
	expect_one("since the 1990s", NULL, "since the 1990s", "199/..", DATE_PREC_DECADE);
	expect_one("in the 1970s and", NULL, "1970s", "197", DATE_PREC_DECADE);
	expect_one("the 21st century", NULL, "21st century", "20", DATE_PREC_CENTURY);
	expect_one("Sept. 2, 1998", NULL, "Sept. 2, 1998", "1998-09-02", DATE_PREC_DAY);
}

static void test_ordinal_days(void **state)
{
	(void)state;
	expect_one("on November 16th, 2014 we", NULL, "November 16th, 2014", "2014-11-16", DATE_PREC_DAY);
	expect_one("the 16th of November 2014", NULL, "16th of November 2014", "2014-11-16", DATE_PREC_DAY);
	/* no year written: from the anchor, never a made-up one */
	expect_one("on November 16th we", "2014-12-01", "November 16th", "2014-11-16", DATE_PREC_DAY);
	expect_one("on November 16th we", NULL, "November 16th", "XXXX-11-16", DATE_PREC_DAY);
}

static void test_languages(void **state)
{
	(void)state;
	expect_one("published in the Review No. 987 (Avril 2022)", NULL, "Avril 2022", "2022-04",
		   DATE_PREC_MONTH);
	expect_one("le 10 avril 2013,", NULL, "10 avril 2013", "2013-04-10", DATE_PREC_DAY);
	expect_one("ban hành tháng 1 năm 2016 và", NULL, "tháng 1 năm 2016", "2016-01", DATE_PREC_MONTH);
	expect_one("ngày 10 tháng 4 năm 2013", NULL, "ngày 10 tháng 4 năm 2013", "2013-04-10",
		   DATE_PREC_DAY);
	expect_one("chiến lược đến năm 2020, tầm", NULL, "đến năm 2020", "../2020", DATE_PREC_YEAR);
	/* French month names need a day or a year: "mars" alone is not one */
	expect_none("the mission to mars was");
}

static void test_ranges_bounds(void **state)
{
	struct date_list dl;
	(void)state;
	expect_one("between 2008 and 2013 it", NULL, "between 2008 and 2013", "2008/2013", DATE_PREC_YEAR);
	expect_one("from 2016 to 2020 the", NULL, "from 2016 to 2020", "2016/2020", DATE_PREC_YEAR);
	expect_one("held February 16-18, 2015 in", NULL, "February 16-18, 2015",
		   "2015-02-16/2015-02-18", DATE_PREC_DAY);
	expect_one("from January to March 2016", NULL, "from January to March 2016",
		   "2016-01/2016-03", DATE_PREC_MONTH);
	expect_one("in 2001-2005 the", NULL, "2001-2005", "2001/2005", DATE_PREC_YEAR);
	expect_one("until 2020.", NULL, "until 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Integration Through 2020, and", NULL, "Through 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Integration up to 2020, and", NULL, "up to 2020", "../2020", DATE_PREC_YEAR);
	expect_one("done by 2025.", NULL, "by 2025", "../2025", DATE_PREC_YEAR);

	scan("before 2000 and after 2010 and since 1995", NULL, &dl);
	assert_int_equal(dl.nr, 3);
	assert_string_equal(dl.v[0].value, "../2000");
	assert_int_equal(dl.v[0].end_incl, 0);
	assert_int_equal(dl.v[0].bound, DATE_BOUND_BEFORE);
	assert_string_equal(dl.v[1].value, "2010/..");
	assert_int_equal(dl.v[1].start_incl, 0);
	assert_string_equal(dl.v[2].value, "1995/..");
	assert_int_equal(dl.v[2].start_incl, 1);
	date_list_release(&dl);
}

static void test_relative(void **state)
{
	struct date_list dl;
	(void)state;
	scan("In January 2015 the talks began. In March they stalled. A year later they "
	     "resumed. The following year they ended.", "2018-06-01", &dl);
	assert_int_equal(dl.nr, 4);
	assert_string_equal(dl.v[1].value, "2015-03");
	assert_true(dl.v[1].relative);
	assert_string_equal(dl.v[2].value, "2016");
	assert_string_equal(dl.v[3].value, "2017");
	date_list_release(&dl);

	/* the previous month needs a month: the year alone does not say */
	scan("In August 2011 a ship came; the previous month another had left.", NULL, &dl);
	assert_int_equal(dl.nr, 2);
	assert_string_equal(dl.v[1].value, "2011-07");
	date_list_release(&dl);

	/* with nothing before it, the anchor (the document's date) answers */
	expect_one("In March the survey began.", "2019-05-02", "March", "2019-03", DATE_PREC_MONTH);
	expect_one("It happened last year.", "2019-05-02", "last year", "2018", DATE_PREC_YEAR);
	expect_one("the talks ended on Friday.", "1998-08-10", "Friday", "1998-08-07", DATE_PREC_DAY);
	expect_one("they met yesterday", "1998-08-10", "yesterday", "1998-08-09", DATE_PREC_DAY);
	expect_one("crashed 50 years ago", "1999-03-12", "50 years ago", "1949", DATE_PREC_YEAR);
	/* a month-day against the anchor: the nearest one, across the new year */
	expect_one("since Nov. 25 they", "2000-01-15", "since Nov. 25", "1999-11-25/..", DATE_PREC_DAY);
	/* past, or up to three months ahead; further ahead is last year's */
	expect_one("The vote in November was close.", "1999-05-06", "November", "1998-11",
		   DATE_PREC_MONTH);
	expect_one("The talks resume in July.", "1999-05-06", "July", "1999-07", DATE_PREC_MONTH);
	expect_one("In August they met.", "1998-12-03", "August", "1998-08", DATE_PREC_MONTH);
	expect_one("Talks open in February.", "1998-12-03", "February", "1999-02", DATE_PREC_MONTH);
	/* unless the clause speaks of the future */
	expect_one("The court will rule in November.", "1999-05-06", "November", "1999-11",
		   DATE_PREC_MONTH);
	expect_one("Elections are scheduled for February.", "1998-12-03", "February", "1999-02",
		   DATE_PREC_MONTH);
	expect_one("He could arrive as early as Tuesday.", "2000-04-03", "Tuesday", "2000-04-04",
		   DATE_PREC_DAY);
	expect_one("A service planned for Saturday was canceled.", "1999-10-24", "Saturday",
		   "1999-10-23", DATE_PREC_DAY);
	/* a colon after the day ends the date; "10:30" is a time */
	expect_one("said in an editorial Monday, Oct. 26: the murder", "1998-10-25",
		   "Monday, Oct. 26", "1998-10-26", DATE_PREC_DAY);
	/* "May" alone is a verb */
	expect_none("Members May attend.");
	expect_none("We may attend in the March of progress.");
}

static void test_not_dates(void **state)
{
	(void)state;
	expect_none("the HQ 186 patrol boat and a P-3C aircraft");
	expect_none("Science, Vol. 32, No. 1S, pages 25-48");
	expect_none("awarded 600 graduate scholarships");
	expect_none("Resolution No. 806-NQ/QUTW of the Commission");
	expect_none("Resolution No. 130/2020/QH14 of the Assembly");
	expect_none("Tel.: +61262511849 or 024 3825 1234");
	expect_none("some 2000 troops and 1,500 officers, 2016.5 units");
	expect_none("see p. 1998 and No. 2011");
	expect_none("3185 views");
}

static void test_agree(void **state)
{
	struct date_value a, b;
	(void)state;
	date_parse_iso("2016", 4, &a);
	date_parse_iso("2016-01", 7, &b);
	assert_int_equal(date_agree(&a, &b), 1);
	date_parse_iso("2013-04-10", 10, &a);
	date_parse_iso("2013-12", 7, &b);
	assert_int_equal(date_agree(&a, &b), 0);
	assert_int_equal(date_parse_iso("2013-02-30", 10, &a), -1);
	assert_int_equal(date_parse_iso("20x3", 4, &a), -1);
}

static void test_anchor(void **state)
{
	const char *s = "Home   News\nWednesday, October 19, 2022 15:18\n\nIn 2013 the plan...";
	const char *r = "A paper on things. Received January 7, 2018. Accepted May 29, 2018.";
	struct date_value v;
	(void)state;
	assert_int_equal(dates_find_anchor(s, strlen(s), &v, NULL), 1);
	assert_int_equal(v.year, 2022);
	assert_int_equal(v.month, 10);
	assert_int_equal(v.day, 19);
	assert_int_equal(dates_find_anchor(r, strlen(r), &v, NULL), 1);
	assert_int_equal(v.month, 1);
	assert_int_equal(dates_find_anchor("In 2013 the plan", 16, &v, NULL), 0);
}

/*
 * Far from the first lines, only a labelled date anchors: the search
 * looks at the words after each label, and at where the date stands.
 */
static void test_anchor_far(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct date_value v;
	size_t at = 0, i, label;
	(void)state;
	for (i = 0; i < 60; i++)
		strbuf_addstr(&sb, "The river ports grew in the 1990s and on 3 May 2001 as planned. ");
	strbuf_addstr(&sb, "\n\n7 March 2004\n\n");     /* alone on a line, but not early */
	label = sb.len;
	strbuf_addstr(&sb, "Posted: 4 June 2019. More text follows here.");
	assert_int_equal(dates_find_anchor(sb.buf, sb.len, &v, &at), 1);
	assert_int_equal(v.year, 2019);
	assert_int_equal(v.month, 6);
	assert_int_equal(v.day, 4);
	assert_int_equal(at, label + 8);
	/* a label with no date after it anchors nothing */
	strbuf_setlen(&sb, label);
	strbuf_addstr(&sb, "Updated: soon, and 9 May 2011 later.");
	assert_int_equal(dates_find_anchor(sb.buf, sb.len, &v, NULL), 0);
	strbuf_release(&sb);
}

/*
 * A label far from the first lines is a word of its own, as the
 * tokenizer cuts it: in capitals, after typographic quotes, but not
 * inside a longer word ("Undated", "éPosted"). The search finds labels
 * by their 'd' and checks a run next to a byte past ASCII by
 * tokenizing its line.
 */
static void test_anchor_label_tokens(void **state)
{
	static const struct {
		const char *label;
		int found;
	} cases[] = {
		{ "DATED: 4 June 2019.", 1 },
		{ "\xe2\x80\x9cPublished: 4 June 2019.\xe2\x80\x9d", 1 },
		{ "x\xc3\xa9Posted 4 June 2019.", 0 },
		{ "Posted\xc3\xa9 4 June 2019.", 0 },
		{ "Undated 4 June 2019.", 0 },
		{ "2019dated 4 June 2019.", 1 },
		{ "Issued, 4 June 2019.", 1 },
		/* the window after a label ends with its line */
		{ "Issued\n4 June 2019.", 0 },
	};
	struct strbuf sb = STRBUF_INIT;
	struct date_value v;
	size_t i, k, base;
	(void)state;
	for (i = 0; i < 60; i++)
		strbuf_addstr(&sb, "The river ports grew in the 1990s and on 3 May 2001 as planned. ");
	base = sb.len;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		strbuf_setlen(&sb, base);
		strbuf_addstr(&sb, cases[k].label);
		assert_int_equal(dates_find_anchor(sb.buf, sb.len, &v, NULL), cases[k].found);
		if (cases[k].found)
			assert_int_equal(v.day, 4);
	}
	strbuf_release(&sb);
}

/*
 * "the" starts one form only, "the following year": with no order word
 * after it, or as the last token, it starts nothing, and the scanner
 * passes over it.
 */
static void test_the_forms(void **state)
{
	struct date_list dl;
	(void)state;
	scan("In 2010 the plan began; the following year the port grew, and so did the", NULL, &dl);
	assert_int_equal(dl.nr, 2);
	assert_string_equal(dl.v[0].value, "2010");
	assert_string_equal(dl.v[1].value, "2011");
	date_list_release(&dl);
	scan("the", NULL, &dl);
	assert_int_equal(dl.nr, 0);
	date_list_release(&dl);
	/* numbers of five digits, or short ones with no word after them, start nothing */
	scan("12345 May 2010; 12, 14. 3 years later", NULL, &dl);
	assert_int_equal(dl.nr, 2);
	assert_string_equal(dl.v[0].value, "2010-05");
	assert_string_equal(dl.v[1].value, "2013");
	date_list_release(&dl);
}

/* The one expression of s is a title year with this text and value. */
static void expect_title(const char *s, const char *text, const char *value)
{
	struct date_list dl;
	scan(s, NULL, &dl);
	if (dl.nr != 1)
		fail_msg("%s: %zu expressions", s, dl.nr);
	assert_memory_equal(s + dl.v[0].start, text, strlen(text));
	assert_string_equal(dl.v[0].value, value);
	assert_int_equal(dl.v[0].kind, DATE_KIND_TITLE);
	assert_int_equal(dl.v[0].bound, DATE_BOUND_NONE);
	assert_string_equal(date_expr_type(&dl.v[0]), "title-year");
	date_list_release(&dl);
}

static void test_title_years(void **state)
{
	struct date_list dl;
	(void)state;
	expect_title("the Strategy for Marine Economy up to 2030, approved on", "up to 2030", "2030");
	expect_title("the National Strategy until 2030 was", "until 2030", "2030");
	expect_title("the Plan for Coastal Works to 2035 was", "2035", "2035");
	expect_title("the Regional Target Programme for the period 2021-2030 began", "2021-2030",
		     "2021/2030");
	expect_title("the Socio-Economic Development Strategy through 2030", "through 2030", "2030");
	expect_title("Chiến lược tổng thể hội nhập quốc tế đến năm 2020 và", "đến năm 2020", "2020");

	/* both halves of a two-part title */
	scan("the Overall Strategy for International Integration Through 2020, Vision to 2030 "
	     "affirming", NULL, &dl);
	assert_int_equal(dl.nr, 2);
	assert_string_equal(dl.v[0].value, "2020");
	assert_string_equal(dl.v[1].value, "2030");
	assert_int_equal(dl.v[0].kind, DATE_KIND_TITLE);
	assert_int_equal(dl.v[1].kind, DATE_KIND_TITLE);
	date_list_release(&dl);
	scan("Chiến lược tổng thể đến năm 2020, tầm nhìn đến năm 2030 (", NULL, &dl);
	assert_int_equal(dl.nr, 2);
	assert_int_equal(dl.v[1].kind, DATE_KIND_TITLE);
	assert_string_equal(dl.v[1].value, "2030");
	date_list_release(&dl);

	/* not titles: lowercase words before the bound, a name word alone, since/by */
	expect_one("the fleet will grow up to 2030 under the Strategy", NULL, "up to 2030", "../2030",
		   DATE_PREC_YEAR);
	expect_one("they worked on the Strategy until 2019.", NULL, "until 2019", "../2019",
		   DATE_PREC_YEAR);
	expect_one("The Strategy until 2019 was", NULL, "until 2019", "../2019", DATE_PREC_YEAR);
	expect_one("the National Strategy since 2019 has", NULL, "since 2019", "2019/..",
		   DATE_PREC_YEAR);
	expect_one("the strategy for marine economy up to 2030", NULL, "up to 2030", "../2030",
		   DATE_PREC_YEAR);
	expect_one("chiến lược đến năm 2020, tầm", NULL, "đến năm 2020", "../2020", DATE_PREC_YEAR);

	/* a title year is no context for a later month */
	scan("In May 2019 the Strategy for Marine Economy up to 2030 passed; in June it began.",
	     NULL, &dl);
	assert_int_equal(dl.nr, 3);
	assert_string_equal(dl.v[2].value, "2019-06");
	date_list_release(&dl);
}

/* Through the document model: offsets map back to the file. */
static void test_fixture_doc(void **state)
{
	struct doc *d = NULL;
	struct date_list dl;
	struct date_anchor a;
	size_t i, ss, se, found = 0;
	(void)state;
	assert_int_equal(doc_load("tests/fixtures/dates/paper.txt", NULL, &d, NULL), DOC_OK);
	/* the Received line is first-page furniture: the layout keeps its date */
	assert_non_null(d->meta.date);
	assert_int_equal(date_parse_iso(d->meta.date, 10, &a.v), 0);
	assert_int_equal(a.v.year, 2016);
	date_list_init(&dl);
	dates_scan(d->text.text.buf, d->text.text.len, &a, &dl);
	for (i = 0; i < dl.nr; i++) {
		doc_src_range(d, dl.v[i].start, dl.v[i].end, &ss, &se);
		assert_memory_equal(d->src + ss, d->text.text.buf + dl.v[i].start, se - ss);
		if (!strcmp(dl.v[i].value, "2016-03") || !strcmp(dl.v[i].value, "2017"))
			found++;
		/* 130/2020/QH14 is no date; "Through 2020" is the title's year */
		if (dl.v[i].kind != DATE_KIND_TITLE)
			assert_string_not_equal(dl.v[i].value, "2020");
		else
			assert_true(!strncmp(d->text.text.buf + dl.v[i].start, "Through 2020", 12) ||
				    !strncmp(d->text.text.buf + dl.v[i].start, "to 2030", 7));
	}
	assert_int_equal(found, 2);
	date_list_release(&dl);
	doc_free(d);
}

/* date_format() writes what snprintf() wrote, cut to the buffer the same way. */
static void test_format(void **state)
{
	static const struct {
		struct date_value v;
		const char *want;
	} cases[] = {
		{ { 2016, 1, 11, 0, 0, DATE_PREC_DAY }, "2016-01-11" },
		{ { 2018, 3, 22, 11, 0, DATE_PREC_MINUTE }, "2018-03-22T11:00" },
		{ { 2016, 2, 0, 0, 0, DATE_PREC_MONTH }, "2016-02" },
		{ { -1, 3, 0, 0, 0, DATE_PREC_MONTH }, "XXXX-03" },
		{ { 987, 0, 0, 0, 0, DATE_PREC_YEAR }, "0987" },
		{ { 12345, 0, 0, 0, 0, DATE_PREC_YEAR }, "12345" },
		{ { 1990, 0, 0, 0, 0, DATE_PREC_DECADE }, "199" },
		{ { 50, 0, 0, 0, 0, DATE_PREC_DECADE }, "005" },
		{ { -1, 0, 0, 0, 0, DATE_PREC_DECADE }, "XXX" },
		{ { 1900, 0, 0, 0, 0, DATE_PREC_CENTURY }, "19" },
		{ { -1, 0, 0, 0, 0, DATE_PREC_CENTURY }, "XX" },
		{ { 2016, 0, 0, 0, 0, DATE_PREC_NONE }, "" },
		{ { 2016, -3, 5, 0, 0, DATE_PREC_DAY }, "2016--3-05" },
		{ { 12345, 5, 6, 7, 8, DATE_PREC_MINUTE }, "12345-05-06T07:08" },
		{ { 2016, 12, 31, 23, 59, DATE_PREC_MINUTE }, "2016-12-31T23:59" },
		{ { 0, 1, 1, 0, 0, DATE_PREC_DAY }, "0000-01-01" },
		{ { 2016, 123, 4, 0, 0, DATE_PREC_DAY }, "2016-123-04" },
		{ { 12345, 0, 0, 0, 0, DATE_PREC_DECADE }, "1234" },
		{ { 50, 0, 0, 0, 0, DATE_PREC_CENTURY }, "00" },
	};
	size_t i, n;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[DATE_VALUE_MAX];
		date_format(&cases[i].v, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
		for (n = 1; n < 8; n++) {
			char small[8], want[8];
			snprintf(want, n, "%s", cases[i].want);
			memset(small, 'x', sizeof(small));
			date_format(&cases[i].v, small, n);
			assert_string_equal(small, want);
		}
	}
}

/*
 * Every word that starts an expression, in capitals and at the start
 * of the text: the scanner passes over words it knows start nothing.
 */
/* The value of the expression of s at text (it must be one). */
static void expect_at(const char *s, const char *anchor, const char *text, const char *value)
{
	struct date_list dl;
	size_t i;
	scan(s, anchor, &dl);
	for (i = 0; i < dl.nr; i++)
		if (dl.v[i].end - dl.v[i].start == strlen(text) &&
		    !memcmp(s + dl.v[i].start, text, strlen(text)))
			break;
	if (i == dl.nr)
		fail_msg("%s: no '%s'", s, text);
	assert_string_equal(dl.v[i].value, value);
	date_list_release(&dl);
}

/*
 * A month without its year takes it from the date before it in the same
 * paragraph, else from the anchor; and "the following/previous/same
 * year|month" from the date before it.
 */
static void test_paragraph_context(void **state)
{
	(void)state;
	expect_at("The plan was adopted on 10 April 2013. In March it met again.", "2020-06-01",
		  "March", "2013-03");
	expect_at("The plan was adopted on 10 April 2013.\n\nIn March it met again.", "2020-06-01",
		  "March", "2020-03");
	/* a blank line before the first token starts no new paragraph after it */
	expect_at("\n\nOn 10 April 2013 it met. In March it met again.", "2020-06-01", "March",
		  "2013-03");
	expect_at("A.\n\nB.\n\nOn 10 April 2013 it met.\n\nC.\n\nIn March it met again.",
		  "2020-06-01", "March", "2020-03");
	expect_at("It met in May 2011. The subsequent year it met again.", NULL,
		  "The subsequent year", "2012");
	expect_at("It met in May 2011. The prior year it met too.", NULL, "The prior year", "2010");
	expect_at("It met in May 2011. The same month it met again.", NULL, "The same month",
		  "2011-05");
}

static void test_start_words(void **state)
{
	(void)state;
	expect_one("UNTIL 2020 the", NULL, "UNTIL 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Thru 2020 it ran", NULL, "Thru 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Up To 2020 it ran", NULL, "Up To 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Đến năm 2020, the", NULL, "Đến năm 2020", "../2020", DATE_PREC_YEAR);
	expect_one("Từ năm 2010 it ran", NULL, "Từ năm 2010", "2010/..", DATE_PREC_YEAR);
	expect_one("BETWEEN 2008 AND 2013 it ran", NULL, "BETWEEN 2008 AND 2013", "2008/2013",
		   DATE_PREC_YEAR);
	expect_one("FROM 2016 it ran", NULL, "FROM 2016", "2016/..", DATE_PREC_YEAR);
	expect_one("TODAY it ran", "2018-03-22", "TODAY", "2018-03-22", DATE_PREC_DAY);
	expect_one("THE FOLLOWING YEAR it ran", "2018-03-22", "THE FOLLOWING YEAR", "2019",
		   DATE_PREC_YEAR);
	expect_one("TWO YEARS AGO it ran", "2018-03-22", "TWO YEARS AGO", "2016", DATE_PREC_YEAR);
	expect_one("Twentieth Century art", NULL, "Twentieth Century", "19", DATE_PREC_CENTURY);
	expect_one("TWENTY-FIRST century art", NULL, "TWENTY-FIRST century", "20", DATE_PREC_CENTURY);
	expect_one("SEPT. 7, 2016 was", NULL, "SEPT. 7, 2016", "2016-09-07", DATE_PREC_DAY);
	expect_one("Ngày 10 tháng 4 năm 2013 it ran", NULL, "Ngày 10 tháng 4 năm 2013", "2013-04-10",
		   DATE_PREC_DAY);
	expect_one("FRIDAY, 22 March 2018 it ran", NULL, "FRIDAY, 22 March 2018", "2018-03-22",
		   DATE_PREC_DAY);
}

/*
 * Words are looked up by a key: their bytes, ASCII capitals lowercased,
 * read from the text at once when 16 bytes are left and copied when
 * fewer are. Other bytes compare as they are ("THÁNG" is not "tháng",
 * as for tok_is()), and a word reads the same at the end of a text.
 */
static void test_word_keys(void **state)
{
	(void)state;
	/* a capital Á is not á: only the year is a date */
	expect_one("THÁNG 4 NĂM 2016 x", NULL, "2016", "2016", DATE_PREC_YEAR);
	expect_one("x tHÁNG 4 năm 2016", NULL, "năm 2016", "2016", DATE_PREC_YEAR);
	expect_one("in THáNG 4 NăM 2016 it ran", NULL, "THáNG 4 NăM 2016", "2016-04", DATE_PREC_MONTH);
	/* the same words with 16 bytes after them and at the very end of the text */
	expect_one("it ran yesterday", "2018-03-22", "yesterday", "2018-03-21", DATE_PREC_DAY);
	expect_one("YESTERDAY it ran, and the day before it ran too", "2018-03-22", "YESTERDAY",
		   "2018-03-21", DATE_PREC_DAY);
	expect_one("it ran on Thursday", "2018-03-22", "Thursday", "2018-03-22", DATE_PREC_DAY);
	expect_one("Thursday it ran again, and then it stopped for good", "2018-03-27", "Thursday",
		   "2018-03-22", DATE_PREC_DAY);
	expect_one("x Wednesday, 21 March 2018", NULL, "Wednesday, 21 March 2018", "2018-03-21",
		   DATE_PREC_DAY);
	expect_one("SEPTEMBER 2016 was the month it ran, and more", NULL, "SEPTEMBER 2016",
		   "2016-09", DATE_PREC_MONTH);
	expect_one("the Twenty-First century", NULL, "Twenty-First century", "20", DATE_PREC_CENTURY);
	expect_one("the seventeenth century and the art of its courts", NULL, "seventeenth century",
		   "16", DATE_PREC_CENTURY);
	/* ordinal suffixes compare without case, two letters exactly */
	expect_one("on the 16TH of November 2014 we", NULL, "16TH of November 2014", "2014-11-16",
		   DATE_PREC_DAY);
	expect_one("le 1ER avril 2013,", NULL, "1ER avril 2013", "2013-04-01", DATE_PREC_DAY);
	expect_one("the 2Nd century", NULL, "2Nd century", "01", DATE_PREC_CENTURY);
	expect_one("the 3rds century of 2016", NULL, "2016", "2016", DATE_PREC_YEAR);
	/* a word longer than any name, with a name's first and last letters */
	expect_none("the septembrists of 1 met");
}

/* Values past four digits of year: fmt_int() writes what the short path does not. */
static void test_wide_values(void **state)
{
	(void)state;
	expect_one("It ended 999 decades later.", "2016-01-01", "999 decades later", "12006",
		   DATE_PREC_YEAR);
	expect_one("It began 999 years ago.", "1005-01-01", "999 years ago", "0006", DATE_PREC_YEAR);
	expect_one("the 1st century", NULL, "1st century", "00", DATE_PREC_CENTURY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_ordinal_days),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_ranges_bounds),
		cmocka_unit_test(test_title_years),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_agree),
		cmocka_unit_test(test_anchor),
		cmocka_unit_test(test_anchor_far),
		cmocka_unit_test(test_anchor_label_tokens),
		cmocka_unit_test(test_the_forms),
		cmocka_unit_test(test_fixture_doc),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_start_words),
		cmocka_unit_test(test_paragraph_context),
		cmocka_unit_test(test_word_keys),
		cmocka_unit_test(test_wide_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
