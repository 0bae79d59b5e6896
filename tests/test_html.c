/* Unit tests: the HTML/XHTML decoder (doc_html.c) and its source map. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "srcmap.h"
#include "utf8.h"
#include "util.h"

#define FIXTURES "tests/fixtures/html/"

/* ---- helpers ----------------------------------------------------------- */

static struct doc *parse_n(const char *html, size_t n)
{
	struct doc *d = NULL;
	struct doc_error err;
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_parse("t.html", html, n, NULL, &d, &err), DOC_OK);
	assert_non_null(d);
	assert_int_equal(d->format, DOC_FMT_HTML);
	return d;
}

static struct doc *parse(const char *html)
{
	return parse_n(html, strlen(html));
}

static struct doc *load(const char *name)
{
	struct doc *d = NULL;
	struct doc_error err;
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, FIXTURES "%s", name);
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_load(path.buf, NULL, &d, &err), DOC_OK);
	assert_int_equal(d->format, DOC_FMT_HTML);
	strbuf_release(&path);
	return d;
}

static int has_text(const struct doc *d, const char *s)
{
	return mem_find(d->text.text.buf, d->text.text.len, s, strlen(s)) != NULL;
}

/* Offset of s in the reading text (must be there). */
static size_t text_off(const struct doc *d, const char *s)
{
	const char *p = mem_find(d->text.text.buf, d->text.text.len, s, strlen(s));
	assert_non_null(p);
	return (size_t)(p - d->text.text.buf);
}

static int block_is(const struct doc *d, size_t i, enum block_kind kind, const char *text)
{
	const struct doc_block *b = &d->blocks[i];
	size_t n = strlen(text);
	if (b->kind != kind || b->end - b->start != n ||
	    memcmp(d->text.text.buf + b->start, text, n)) {
		print_message("block %zu: %s [%.*s], expected %s [%s]\n", i, block_kind_name(b->kind),
			      (int)(b->end - b->start), d->text.text.buf + b->start,
			      block_kind_name(kind), text);
		return 0;
	}
	return 1;
}

/* The source bytes behind text range [start, end) are exactly want. */
static void assert_src_is(const struct doc *d, size_t start, size_t end, const char *want)
{
	size_t s, e;
	doc_src_range(d, start, end, &s, &e);
	assert_true(e <= d->src_len);
	if (e - s != strlen(want) || memcmp(d->src + s, want, e - s)) {
		print_message("source [%.*s], expected [%s]\n", (int)(e - s), d->src + s, want);
		fail();
	}
}

/* The source at offset off starts with want. */
static void assert_src_at(const struct doc *d, size_t off, const char *want)
{
	assert_true(off + strlen(want) <= d->src_len);
	if (memcmp(d->src + off, want, strlen(want))) {
		print_message("source at %zu [%.20s], expected [%s]\n", off, d->src + off, want);
		fail();
	}
}

/*
 * Invariants every decoded document keeps, whatever its input: the map
 * covers the text in order and stays inside the source; copied bytes
 * are the source bytes (white space may stand for other white space);
 * words whose source holds no reference are their source bytes; blocks,
 * links and marks lie inside the text; one line per physical line.
 */
static void check_map(const struct doc *d)
{
	const struct srcmap *m = &d->text.map;
	const char *t = d->text.text.buf;
	size_t i, k, at = 0, bad;

	assert_true(utf8_validate(t, d->text.text.len, &bad));
	for (i = 0; i < m->nr; i++) {
		const struct srcmap_seg *g = &m->seg[i];
		assert_int_equal(g->out, at);
		at += g->out_len;
		assert_true(g->src + g->src_len <= d->src_len);
		/* text comes in document order */
		if (i)
			assert_true(g->src >= m->seg[i - 1].src);
		if (g->out_len == g->src_len)
			for (k = 0; k < g->out_len; k++)
				if (!ch_isspace((unsigned char)t[g->out + k]))
					assert_int_equal(t[g->out + k], d->src[g->src + k]);
	}
	assert_int_equal(at, d->text.text.len);
	for (i = 0; i < d->text.text.len;) {
		size_t a, s, e;
		while (i < d->text.text.len && ch_isspace((unsigned char)t[i]))
			i++;
		a = i;
		while (i < d->text.text.len && !ch_isspace((unsigned char)t[i]))
			i++;
		if (a == i)
			break;
		doc_src_range(d, a, i, &s, &e);
		assert_true(s <= e && e <= d->src_len);
		if (e - s == i - a && !memchr(d->src + s, '&', e - s) &&
		    !memchr(d->src + s, '<', e - s)) {
			if (memcmp(d->src + s, t + a, i - a)) {
				print_message("word [%.*s] maps to [%.*s]\n", (int)(i - a), t + a,
					      (int)(e - s), d->src + s);
				fail();
			}
		}
	}
	for (i = 0; i < d->nr_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		assert_true(b->start < b->end && b->end <= d->text.text.len);
		assert_true(b->first_line < d->nr_lines);
		if (i) {
			assert_int_equal(b->start, d->blocks[i - 1].end + 2);
			assert_memory_equal(t + b->start - 2, "\n\n", 2);
		} else {
			assert_int_equal(b->start, 0);
		}
	}
	if (d->nr_blocks)
		assert_int_equal(d->blocks[d->nr_blocks - 1].end, d->text.text.len);
	for (i = 0; i < d->nr_links; i++) {
		assert_true(d->links[i].start <= d->links[i].end);
		assert_true(d->links[i].end <= d->text.text.len);
		assert_true(d->links[i].src_off <= d->src_len);
		assert_non_null(d->links[i].href);
	}
	for (i = 0; i < d->nr_marks; i++)
		assert_true(d->marks[i].start < d->marks[i].end && d->marks[i].end <= d->text.text.len);
	assert_true(d->nr_lines == d->lines_idx.nr || d->nr_lines + 1 == d->lines_idx.nr);
	for (i = 0; i < d->nr_lines; i++) {
		assert_int_equal(d->lines[i].src_start, d->lines_idx.start[i]);
		assert_true(d->lines[i].src_end <= d->src_len);
	}
}

static const struct doc_link *find_link(const struct doc *d, const char *href)
{
	size_t i;
	for (i = 0; i < d->nr_links; i++)
		if (!strcmp(d->links[i].href, href))
			return &d->links[i];
	return NULL;
}

/* ---- the news page ---------------------------------------------------- */

static void test_news_visible_text(void **state)
{
	struct doc *d = load("news.html");
	(void)state;
	check_map(d);
	/* script, style, head and hidden content are not read */
	assert_false(has_text(d, "not text"));
	assert_false(has_text(d, "trackView"));
	assert_false(has_text(d, "font-family"));
	assert_false(has_text(d, "Related Articles"));
	assert_false(has_text(d, "older story"));
	/* the breadcrumb is set aside as site chrome */
	assert_false(has_text(d, "Home"));
	assert_false(has_text(d, "Figure and Events"));
	assert_int_equal(d->nr_furniture, 1);
	assert_int_equal(d->furniture[0].kind, FURN_SITE_CHROME);
	assert_src_at(d, d->furniture[0].src_start, "<nav class=\"breadcrumb\">");
	assert_memory_equal(d->src + d->furniture[0].src_end - 6, "</nav>", 6);
	/* the date line and the view counter stay, spaces collapsed */
	assert_true(has_text(d, "Thursday, 22 March 2018 11:00 3185 views"));
	assert_true(has_text(d, "as the white paper of 2009 already set out."));
	assert_true(has_text(d, "has become a standing"));
	/* a collapsed line break maps to the line break */
	assert_src_is(d, text_off(d, "a standing") + 1, text_off(d, "a standing") + 2, "\n");
	doc_free(d);
}

static void test_news_blocks(void **state)
{
	struct doc *d = load("news.html");
	(void)state;
	assert_int_equal(d->nr_blocks, 17);
	assert_true(block_is(d, 0, BLOCK_HEADING,
			     "Regional cooperation on maritime safety | Review of Political Theory"));
	assert_int_equal(d->blocks[0].level, 0);
	assert_true(block_is(d, 1, BLOCK_PARA, "Thursday, 22 March 2018 11:00 3185 views"));
	assert_true(block_is(d, 2, BLOCK_HEADING, "Regional cooperation on maritime safety"));
	assert_int_equal(d->blocks[2].level, 1);
	assert_int_equal(d->blocks[3].kind, BLOCK_PARA);
	assert_true(block_is(d, 5, BLOCK_HEADING, "Three areas of work"));
	assert_int_equal(d->blocks[5].level, 2);
	assert_true(block_is(d, 6, BLOCK_LIST_ITEM, "Information sharing between coast guards"));
	assert_int_equal(d->blocks[6].level, 1);
	assert_true(block_is(d, 7, BLOCK_LIST_ITEM, "Training, including:"));
	assert_true(block_is(d, 8, BLOCK_LIST_ITEM, "officer exchanges"));
	assert_int_equal(d->blocks[8].level, 2);
	assert_true(block_is(d, 9, BLOCK_LIST_ITEM, "joint drills"));
	assert_true(block_is(d, 10, BLOCK_QUOTE, "Safety at sea is a common good."));
	/* table cells are paragraphs */
	assert_true(block_is(d, 11, BLOCK_PARA, "Year"));
	assert_true(block_is(d, 14, BLOCK_PARA, "4"));
	/* <br> is a line break inside the block, mapped to the tag */
	assert_true(block_is(d, 15, BLOCK_PARA,
			     "First line of an address\nsecond line of the address"));
	assert_src_is(d, text_off(d, "address\nsecond") + 7, text_off(d, "address\nsecond") + 8,
		      "<br>");
	assert_true(block_is(d, 16, BLOCK_PARA, "Copyright 2018 Review of Political Theory"));
	/* blocks know their first source line (0-based) */
	assert_int_equal(d->blocks[2].first_line, 19);
	assert_src_is(d, d->blocks[2].start, d->blocks[2].end,
		      "Regional cooperation on maritime safety");
	doc_free(d);
}

static void test_news_links(void **state)
{
	struct doc *d = load("news.html");
	const struct doc_link *l;
	(void)state;
	assert_int_equal(d->nr_links, 3);
	/* <link rel=canonical>: empty span, offset of the value */
	l = find_link(d, "https://review.example.org/figures-events/maritime-safety-1234.html");
	assert_non_null(l);
	assert_int_equal(l->start, l->end);
	assert_src_at(d, l->src_off, "https://review.example.org/figures-events/");
	l = find_link(d, "https://gov.example.org/white-paper-2009.pdf");
	assert_non_null(l);
	assert_int_equal(l->end - l->start, 7);
	assert_memory_equal(d->text.text.buf + l->start, "set out", 7);
	assert_src_is(d, l->start, l->end, "set out");
	assert_src_at(d, l->src_off, "https://gov.example.org/white-paper-2009.pdf\">");
	/* the href is decoded, its offset is the value as written */
	l = find_link(d, "https://asean.example.org/members?country=VN&year=2017");
	assert_non_null(l);
	assert_src_at(d, l->src_off, "https://asean.example.org/members?country=VN&amp;year=2017");
	assert_memory_equal(d->text.text.buf + l->start, "seven member states", 19);
	/* navigation and hidden links are not the document's */
	assert_null(find_link(d, "/"));
	assert_null(find_link(d, "/old"));
	assert_null(find_link(d, "/static/site.css"));
	doc_free(d);
}

static void test_news_meta(void **state)
{
	struct doc *d = load("news.html");
	(void)state;
	assert_string_equal(d->meta.title,
			    "Regional cooperation on maritime safety | Review of Political Theory");
	assert_string_equal(d->meta.date, "2018-03-22T11:00:00+07:00");
	assert_src_at(d, d->meta.date_src, "2018-03-22T11:00:00+07:00\"");
	assert_string_equal(d->meta.author, "Tran Minh Duc");
	doc_free(d);
}

/* ---- notes, callouts, entities ------------------------------------- */

static void test_notes_marks(void **state)
{
	struct doc *d = load("notes.html");
	const struct doc_link *l;
	(void)state;
	check_map(d);
	assert_int_equal(d->nr_marks, 4);
	assert_int_equal(d->marks[0].kind, MARK_SUP);
	assert_string_equal(d->marks[0].label, "1");
	assert_src_is(d, d->marks[0].start, d->marks[0].end, "1");
	assert_string_equal(d->marks[1].label, "2");
	assert_src_is(d, d->marks[1].start, d->marks[1].end, "[2]");
	assert_string_equal(d->marks[2].label, "3,4");
	/* "21<sup>st</sup>" is a superscript, not a callout */
	assert_null(d->marks[3].label);
	assert_memory_equal(d->text.text.buf + d->marks[3].start, "st", 2);
	/* the callout's link stays a link */
	l = find_link(d, "#fn1");
	assert_non_null(l);
	assert_int_equal(l->start, d->marks[0].start);
	assert_int_equal(l->end, d->marks[0].end);
	assert_src_at(d, l->src_off, "#fn1\" id=\"ref1\">");
	assert_true(has_text(d, "upgraded in 2016,1 a step"));
	doc_free(d);
}

static void test_notes_blocks(void **state)
{
	struct doc *d = load("notes.html");
	size_t i, notes = 0;
	(void)state;
	for (i = 0; i < d->nr_blocks; i++)
		notes += d->blocks[i].kind == BLOCK_NOTES;
	assert_int_equal(notes, 5);
	/* <section class="footnotes"><ol>: one block per note, numbered */
	assert_true(block_is(d, 4, BLOCK_NOTES,
			     "1. Joint Vision Statement, 2015, online.\n"
			     "Second paragraph of note one.\n\xe2\x86\xa9"));
	assert_int_equal(d->blocks[4].number, 1);
	assert_true(block_is(d, 5, BLOCK_NOTES,
			     "2. Carlyle Thayer, \xe2\x80\x9cVietnam\xe2\x80\x99s Proactive "
			     "Integration\xe2\x80\x9d, 2016."));
	assert_int_equal(d->blocks[5].number, 2);
	/* <li value="4"> */
	assert_int_equal(d->blocks[6].number, 4);
	/* the number is written text standing for the <li> tag */
	assert_src_at(d, srcmap_to_src(&d->text.map, d->blocks[6].start), "Interview");
	/* an <ol> after a "References" heading holds notes too */
	assert_true(block_is(d, 7, BLOCK_HEADING, "References"));
	assert_true(block_is(d, 8, BLOCK_NOTES,
			     "1. Author One, Book Title (Hanoi: Publisher, 2010)."));
	assert_int_equal(d->blocks[9].number, 2);
	/* but not after any other heading */
	assert_true(block_is(d, 11, BLOCK_LIST_ITEM, "Not a note."));
	assert_int_equal(d->blocks[11].number, 0);
	doc_free(d);
}

static void test_entities(void **state)
{
	struct doc *d = load("notes.html");
	size_t o;
	(void)state;
	/* references decode, each mapped to its own source bytes */
	o = text_off(d, "\xe2\x80\x9c" "comprehensive");
	assert_src_is(d, o, o + 3, "&ldquo;");
	assert_src_is(d, o + 3, o + 16, "comprehensive");
	o = text_off(d, "Vietnam\xe2\x80\x99s ministry");
	assert_src_is(d, o + 7, o + 10, "&#8217;");
	o = text_off(d, "& its");
	assert_src_is(d, o, o + 1, "&amp;");
	o = text_off(d, "Hanoi\xc2\xa0twice");
	assert_src_is(d, o + 5, o + 7, "&nbsp;");
	o = text_off(d, "\xe2\x80\x94 the first");
	assert_src_is(d, o, o + 3, "&#x2014;");
	/* literal UTF-8 quotes are copied */
	o = text_off(d, "\xe2\x80\x9cunchanged\xe2\x80\x9d");
	assert_src_is(d, o, o + 15, "\xe2\x80\x9cunchanged\xe2\x80\x9d");
	assert_string_equal(d->meta.title, "Defence ties after 2016 \xe2\x80\x93 a short history");
	assert_string_equal(d->meta.author, "Nguyen, Lan");
	/* Highwire YYYY/MM/DD dates read as ISO, pointing at the value */
	assert_string_equal(d->meta.date, "2019-04-02");
	assert_src_at(d, d->meta.date_src, "2019/04/02\"");
	doc_free(d);
}

/*
 * Runs of words one white-space byte apart are written in one go: the
 * separators (space, newline, tab) become one ' ' standing for their
 * own byte, two in a row fold into one ' ' standing for both, a
 * control character splits a word without a space, and a reference or
 * a ';' ends the run.
 */
static void test_word_runs(void **state)
{
	static const char html[] =
		"<html><body><p>alpha beta\ngamma\tdelta  epsilon\n\n zeta"
		" e\x01ta th&amp;eta io;ta kappa</p><title>a\nb</title></body></html>";
	struct doc *d = parse(html);
	size_t o, s, e;
	(void)state;
	o = text_off(d, "alpha beta gamma delta epsilon zeta eta th&eta io;ta kappa");
	assert_src_is(d, o, o + 10, "alpha beta");
	/* the newline and the tab: a ' ' each, standing for that byte */
	assert_src_is(d, o + 10, o + 11, "\n");
	assert_src_is(d, o + 16, o + 17, "\t");
	assert_src_is(d, o + 11, o + 22, "gamma\tdelta");
	/* two spaces: one ' ' standing for both */
	assert_src_is(d, o + 22, o + 23, "  ");
	assert_src_is(d, o + 23, o + 30, "epsilon");
	assert_src_is(d, o + 30, o + 31, "\n\n ");
	/* the control character is dropped, the word goes on past it */
	assert_src_is(d, o + 31, o + 35, "zeta");
	doc_src_range(d, o + 36, o + 39, &s, &e);
	assert_int_equal(e - s, 4);
	assert_src_at(d, s, "e\x01ta");
	o = text_off(d, "th&eta");
	assert_src_is(d, o, o + 2, "th");
	assert_src_is(d, o + 2, o + 3, "&amp;");
	assert_src_is(d, o + 3, o + 6, "eta");
	o = text_off(d, "io;ta kappa");
	assert_src_is(d, o, o + 11, "io;ta kappa");
	doc_free(d);
}

/*
 * A long paragraph: words of every length against the eight-byte steps,
 * each kind of white space (blank lines inside the paragraph too), ';'
 * and references inside words. The reading text is the words with one
 * space between them; a line of white space alone is no body line.
 */
static void test_word_runs_long(void **state)
{
	static const char *const sep[] = { " ", "\t", "\n", "\r\n", " \f", "  ", "\n   \n", "\n\t\n" };
	struct strbuf html = STRBUF_INIT, want = STRBUF_INIT;
	struct doc *d;
	size_t i, k, body = 0;
	(void)state;
	strbuf_addstr(&html, "<html><body><p>");
	for (i = 0; i < 300; i++) {
		if (i) {
			strbuf_addstr(&html, sep[(i * 7) % ARRAY_SIZE(sep)]);
			strbuf_addch(&want, ' ');
		}
		strbuf_addch(&html, 'w');
		strbuf_addch(&want, 'w');
		for (k = 0; k < i % 19; k++) {
			strbuf_addch(&html, (char)('a' + k));
			strbuf_addch(&want, (char)('a' + k));
			if (i % 5 == 0 && k == i % 7) {
				strbuf_addch(&html, ';');
				strbuf_addch(&want, ';');
			}
			if (i % 11 == 0 && k == 3) {
				strbuf_addstr(&html, "&amp;");
				strbuf_addch(&want, '&');
			}
		}
	}
	strbuf_addstr(&html, "</p></body></html>\n");
	d = parse(html.buf);
	check_map(d);
	assert_true(has_text(d, want.buf));
	/*
	 * A line of white space alone is no body line; a line with a word is
	 * one, except where its word follows white space that began on an
	 * earlier line (that piece is put on the earlier line, as before).
	 */
	for (i = 0; i < d->nr_lines; i++) {
		const char *p = d->src + d->lines[i].src_start;
		size_t n = d->lines[i].src_end - d->lines[i].src_start, j;
		int words = 0, tag = 0;
		for (j = 0; j < n; j++) {
			if (p[j] == '<' || p[j] == '>')
				tag = p[j] == '<';
			else if (!tag)
				words |= ch_isalpha((unsigned char)p[j]);
		}
		if (!words)
			assert_int_not_equal(d->lines[i].kind, LINE_BODY);
		else if (d->lines[i].kind == LINE_BODY)
			body++;
	}
	/* as main gave before build_lines() went line by line */
	assert_int_equal(body, 23);
	assert_int_equal(d->nr_lines, 227);
	doc_free(d);
	strbuf_release(&html);
	strbuf_release(&want);
}

/* ---- hostile and malformed input ---------------------------------- */

static void test_hostile(void **state)
{
	struct doc *d = load("hostile.html");
	const struct doc_link *l;
	size_t i;
	(void)state;
	check_map(d);
	assert_false(has_text(d, "alert"));
	assert_false(has_text(d, "injected"));
	assert_false(has_text(d, "color"));
	assert_false(has_text(d, "enable scripts"));
	assert_false(has_text(d, "template text"));
	assert_false(has_text(d, "hidden text"));
	assert_false(has_text(d, "aria hidden"));
	assert_false(has_text(d, "styled away"));
	assert_false(has_text(d, "commented out"));
	assert_false(has_text(d, "frame text"));
	/* control characters are dropped, C1 included */
	assert_true(has_text(d, "Control characters: abcd e f."));
	for (i = 0; i < d->text.text.len; i++)
		assert_true((unsigned char)d->text.text.buf[i] >= 0x20 || d->text.text.buf[i] == '\n');
	assert_true(has_text(d, "Click \"here\" for free \"prizes\" and more."));
	assert_true(has_text(d, "Quotes: 'single' and \"double\" and link."));
	/* javascript: links are kept as written, for the links stage to judge */
	l = find_link(d, "javascript:alert(3)");
	assert_non_null(l);
	assert_memory_equal(d->text.text.buf + l->start, "free \"prizes\"", l->end - l->start);
	assert_src_is(d, l->start, l->end, "free &quot;prizes&quot;");
	l = find_link(d, "JaVaScRiPt:void(0)");
	assert_non_null(l);
	assert_src_at(d, l->src_off, "JaVaScRiPt:void(0)'");
	l = find_link(d, "/q?a=\"x\"&b=1");
	assert_non_null(l);
	assert_src_at(d, l->src_off, "/q?a=&quot;x&quot;&amp;b=1\"");
	doc_free(d);
}

static void test_malformed_fixture(void **state)
{
	struct doc *d = load("malformed.html");
	(void)state;
	check_map(d);
	assert_true(block_is(d, 0, BLOCK_PARA, "Unclosed paragraph one"));
	assert_true(block_is(d, 1, BLOCK_PARA, "Paragraph two bold both italic plain"));
	assert_true(block_is(d, 2, BLOCK_PARA, "stray closers"));
	/* <p> inside <p> closes the first */
	assert_true(block_is(d, 3, BLOCK_PARA, "Outer"));
	assert_true(block_is(d, 4, BLOCK_PARA, "inner p"));
	assert_true(block_is(d, 5, BLOCK_PARA, "after"));
	assert_true(block_is(d, 6, BLOCK_PARA,
			     "Garbage: <<<>>> and < b > and &foo; and &amp without "
			     "semicolon and & alone."));
	assert_src_is(d, text_off(d, "<<<>>>"), text_off(d, "<<<>>>") + 6, "<<<>>>");
	assert_src_is(d, text_off(d, "&foo;"), text_off(d, "&foo;") + 5, "&foo;");
	assert_src_is(d, text_off(d, "&amp without"), text_off(d, "&amp without") + 4, "&amp");
	assert_true(block_is(d, 8, BLOCK_LIST_ITEM, "one"));
	assert_true(block_is(d, 9, BLOCK_LIST_ITEM, "two"));
	assert_non_null(find_link(d, "https://example.org/a b"));
	doc_free(d);
}

static void test_malformed_cases(void **state)
{
	static const char *const cases[] = {
		"<html><body><p>unclosed <b>bold <i>italic",
		"<p>text</div></span></p></p></body></html></html> after",
		"<p>one<p>two<p>three",
		"<<<>>> <<p>> <</p>> <p<p> </>< / >",
		"<p><a href=\"unterminated>text</a></p>",
		"<p><a href='x",
		"<p title=\"a>b\" class=x>attr with '>'</p>",
		"<!-- unterminated comment <p>x</p>",
		"<script>never closed <p>x</p>",
		"<style>p{}",
		"<p>a<![CDATA[ cdata <b>text</b> ]]>b</p>",
		"<p>&#xFFFFFFFF; &#0; &#55296; &#x110000; &#99999999999999999999; &#; &#x;</p>",
		"<p>&unknown; &amp &lt &gt; &AMP; &Aacute;&aacute &;</p>",
		"<p>&", "<p><", "<p></", "<a", "<a href", "<a href=", "<?xml", "<!DOCTYPE",
		"<p>\r\r\n\n\r</p>\r<p>x\r</p>",
		"<pre>\n\n\n</pre><pre></pre><pre>\r\n x\r\n\r\n</pre>",
		"<sup></sup><sup> </sup><sup>[]</sup><a href=\"\"></a><br><br><br>",
		"<li>orphan item<li value=\"-3\">x<li value=\"99999999999\">y",
		"<ol start=\"-5\"><li>a</li></ol><ol start=\"x\"><li>b</ol>",
		"<table><td>cell<tr>row<th>head</table>text",
		"<h1><h2>nested headings</h1></h2>",
		"<title>t1</title><title>t2</title><p>x</p>",
		"<body><title>in body</title><head><title>late</title></head>",
		"<meta name=date content=\"2018-13-45T99:99\"><meta name=date content=\"\">x",
		"<time datetime=\"2019\">a</time><time datetime=\"nonsense\">b</time>",
		"<p>\xc2\x85\xc2\x9f\x7f\x01\x02\x1b[31mred\x1b[0m</p>",
		"\xef\xbb\xbf<p>bom</p>",
		"<svg><title>svg</title><text>t</text></svg>",
		"<p>IIIII.</p><h2>I</h2><h2>IV.</h2><h2>. </h2><h2>XII. Sources:</h2><ol><li>s</li></ol>",
		"<nav><nav>nested nav</nav></nav>after nav",
		"<div class=footnotes><li>stray note</li><ol><li><ol><li>deep</li></ol></li></ol></div>",
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><p>x<br/>y<br />z</p></html>",
		"<p>" "&CounterClockwiseContourIntegral; &ContourIntegral; &nbsp&nbsp;</p>",
		"<frameset><frame src=x></frameset><p>after frames</p>",
		"<p>\t\f\v spaces \f</p>",
		"<a href=\"1\"><a href=\"2\">nested anchors</a></a>",
		"<sup><sup><sup>1</sup></sup></sup>",
		"<html><body><p>x</p></body></html>\ntail l>\n",
		"<html><p>a</p><<p>b</p>< <p>>c</p>",
		/* found by fuzz_html */
		"<html>\xef\xbb\xbf<!DrCTYPE<br&nbs/pr</bod/bony><![CDATA[",
		"<html><p>th  &lt;t\rtg&g;a &ltg&g;a</p>",
	};
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct doc *d = NULL;
		struct doc_error err;
		enum doc_result r = doc_parse("t.html", cases[i], strlen(cases[i]), NULL, &d, &err);
		if (r == DOC_ERR_EMPTY)
			continue;
		if (r != DOC_OK)
			print_message("case %zu: %s\n", i, doc_strerror(r));
		assert_int_equal(r, DOC_OK);
		/* some cases do not look like HTML by content: force it */
		if (d->format != DOC_FMT_HTML) {
			struct strbuf sb = STRBUF_INIT;
			doc_free(d);
			strbuf_addf(&sb, "<html>%s", cases[i]);
			d = parse_n(sb.buf, sb.len);
			strbuf_release(&sb);
		}
		check_map(d);
		doc_free(d);
	}
}

static void test_deep_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i;
	(void)state;
	strbuf_addstr(&sb, "<html><body>");
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, i % 1000 ? "<div>" : "<div>\n");
	strbuf_addstr(&sb, "deep <sup>7</sup> <a href=\"#d\">text</a><br>next");
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, i % 1000 ? "</div>" : "</div>\n");
	strbuf_addstr(&sb, "<p>after</p>");
	d = parse_n(sb.buf, sb.len);
	check_map(d);
	/* structure past the depth cap is read as plain inline text */
	assert_true(has_text(d, "deep 7 text\nnext"));
	assert_true(has_text(d, "after"));
	doc_free(d);

	/* lists nested past the cap keep their text */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "<html>");
	for (i = 0; i < 400; i++)
		strbuf_addstr(&sb, "<ul><li>x");
	d = parse_n(sb.buf, sb.len);
	check_map(d);
	assert_true(d->nr_blocks > 100);
	doc_free(d);
	strbuf_release(&sb);
}

static void test_link_limit(void **state)
{
	const char *html = "<html><body><p><a href=\"/1\">1</a> <a href=\"/2\">2</a> "
			   "<a href=\"/3\">3</a></p></body></html>";
	struct doc_limits lim;
	struct doc_error err;
	struct doc *d = NULL;
	(void)state;
	doc_limits_default(&lim);
	lim.max_links = 3;
	assert_int_equal(doc_parse("t.html", html, strlen(html), &lim, &d, &err), DOC_OK);
	assert_int_equal(d->nr_links, 3);
	doc_free(d);
	d = NULL;
	lim.max_links = 2;
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_parse("t.html", html, strlen(html), &lim, &d, &err), DOC_ERR_LIMIT);
	assert_null(d);
	assert_int_equal(err.code, DOC_ERR_LIMIT);
	assert_non_null(strstr(err.detail, "max_links"));
}

/* ---- XHTML, BOM, CR LF, lines ------------------------------------- */

static void test_xhtml(void **state)
{
	struct doc *d = load("report.xhtml");
	const struct doc_link *l;
	(void)state;
	check_map(d);
	assert_string_equal(d->meta.title, "An XHTML report");
	assert_string_equal(d->meta.date, "2019-05-02");
	assert_src_at(d, d->meta.date_src, "2019-05-02 \"");
	assert_false(has_text(d, "xml version"));
	assert_false(has_text(d, "DTD"));
	assert_true(block_is(d, 1, BLOCK_HEADING, "Summary"));
	assert_true(block_is(d, 2, BLOCK_PARA, "Line one\nline two & three."));
	l = find_link(d, "http://example.com/x?a=1&b=2");
	assert_non_null(l);
	assert_src_at(d, l->src_off, "http://example.com/x?a=1&amp;b=2\"");
	assert_src_is(d, l->start, l->end, "Source");
	doc_free(d);
}

static void test_crlf_bom(void **state)
{
	struct doc *d = load("crlf_bom.html");
	size_t o;
	(void)state;
	check_map(d);
	assert_true(d->has_bom);
	assert_true(block_is(d, 0, BLOCK_PARA, "Windows line endings here."));
	assert_src_is(d, 0, 7, "Windows");
	/* CR LF collapses to one space standing for both bytes */
	o = text_off(d, "line endings");
	assert_src_is(d, o + 4, o + 5, "\r\n");
	/* <pre> keeps white space, drops the first newline, reads CR LF as LF */
	assert_true(block_is(d, 1, BLOCK_CODE, "code  line 1\n    indented <tag>"));
	o = text_off(d, "<tag>");
	assert_src_is(d, o, o + 1, "&lt;");
	assert_src_is(d, o + 1, o + 4, "tag");
	assert_int_equal(d->nr_lines, 9);
	assert_int_equal(d->lines[0].kind, LINE_MARKUP);
	assert_int_equal(d->lines[2].kind, LINE_BODY);
	assert_int_equal(d->lines[2].src_end - d->lines[2].src_start, strlen("<p>Windows line"));
	assert_int_equal(d->lines[4].kind, LINE_MARKUP);
	assert_int_equal(d->lines[5].kind, LINE_BODY);
	doc_free(d);
}

static void test_lines(void **state)
{
	struct doc *d = parse("<html><p>a</p>\n\n<div>\n</div>\n  \n<p>b\nc</p><script>\nx\n</script>"
			      "\n<nav>Home</nav>\n</html>\n");
	(void)state;
	check_map(d);
	assert_int_equal(d->nr_lines, 11);
	assert_int_equal(d->lines[0].kind, LINE_BODY);
	assert_int_equal(d->lines[1].kind, LINE_BLANK);
	assert_int_equal(d->lines[2].kind, LINE_MARKUP);
	assert_int_equal(d->lines[3].kind, LINE_MARKUP);
	assert_int_equal(d->lines[4].kind, LINE_BLANK);
	assert_int_equal(d->lines[5].kind, LINE_BODY);
	assert_int_equal(d->lines[6].kind, LINE_BODY);
	assert_int_equal(d->lines[7].kind, LINE_MARKUP);   /* script body is not visible */
	assert_int_equal(d->lines[9].kind, LINE_FURNITURE);
	assert_int_equal(d->lines[10].kind, LINE_MARKUP);
	assert_int_equal(d->blocks[1].first_line, 5);
	doc_free(d);
}

/* ---- metadata variants, notes containers, big input ----------------- */

static void test_meta_variants(void **state)
{
	struct doc *d;
	(void)state;
	/* <time datetime> when no <meta> gives a date; trimmed to what is given */
	d = parse("<html><body><p>Posted <time datetime=\" 2018-03-22 \">22 March</time></p>"
		  "<time datetime=\"2020-01-01\">later</time></body></html>");
	assert_string_equal(d->meta.date, "2018-03-22");
	assert_src_at(d, d->meta.date_src, "2018-03-22 \"");
	assert_true(has_text(d, "Posted 22 March"));
	doc_free(d);
	/* <meta> wins over <time>; words are not a date */
	d = parse("<html><head><meta name=\"date\" content=\"March 2018\">"
		  "<meta name=\"pubdate\" content=\"2017-11-05T08:30Z\"></head>"
		  "<body><time datetime=\"2018-03-22\">x</time></body></html>");
	assert_string_equal(d->meta.date, "2017-11-05T08:30Z");
	doc_free(d);
	/* og:published_time through property=, the first author kept */
	d = parse("<html><head><meta property=\"og:published_time\" content=\"2016-10-06\">"
		  "<meta name=\"citation_author\" content=\" Thayer, Carlyle \">"
		  "<meta name=\"citation_author\" content=\"Second, Author\"></head>"
		  "<body><p>x</p></body></html>");
	assert_string_equal(d->meta.date, "2016-10-06");
	assert_string_equal(d->meta.author, "Thayer, Carlyle");
	assert_null(d->meta.title);
	doc_free(d);
}

static void test_notes_containers(void **state)
{
	struct doc *d;
	(void)state;
	/* a <div id="endnotes"> of paragraphs: one notes block each */
	d = parse("<html><body><p>Body.<sup>1</sup></p><div id=\"endnotes\">"
		  "<p>1 First note.</p><p>2 Second note.</p></div><p>Coda.</p></body></html>");
	assert_int_equal(d->nr_blocks, 4);
	assert_true(block_is(d, 1, BLOCK_NOTES, "1 First note."));
	assert_int_equal(d->blocks[1].number, 0);
	assert_true(block_is(d, 2, BLOCK_NOTES, "2 Second note."));
	assert_true(block_is(d, 3, BLOCK_PARA, "Coda."));
	doc_free(d);
	/* "Bibliography" heading, <ol start> */
	d = parse("<html><body><h3>Bibliography:</h3><ol start=\"7\"><li>Seventh.</li>"
		  "<li>Eighth.</li></ol></body></html>");
	assert_true(block_is(d, 1, BLOCK_NOTES, "7. Seventh."));
	assert_int_equal(d->blocks[2].number, 8);
	doc_free(d);
	/* a numbered heading; a heading about something else ends the notes */
	d = parse("<html><body><h2>VI. Notes</h2><ol><li>A note.</li></ol>"
		  "<h2>7. References</h2><ol><li>A reference.</li></ol>"
		  "<h2>Index</h2><ol><li>An entry.</li></ol>"
		  "<h2>Ivory trade</h2><ol><li>A point.</li></ol></body></html>");
	assert_int_equal(d->blocks[1].kind, BLOCK_NOTES);
	assert_int_equal(d->blocks[3].kind, BLOCK_NOTES);
	assert_int_equal(d->blocks[5].kind, BLOCK_LIST_ITEM);
	assert_int_equal(d->blocks[7].kind, BLOCK_LIST_ITEM);
	doc_free(d);
}

static void test_declared_charset_ignored(void **state)
{
	/* the loader validated UTF-8: a <meta> charset must not re-decode it */
	struct doc *d = parse("<html><head><meta http-equiv=\"Content-Type\" "
			      "content=\"text/html; charset=iso-8859-1\">"
			      "<meta charset=\"windows-1252\"></head>"
			      "<body><p>caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d</p></body></html>");
	(void)state;
	check_map(d);
	assert_true(block_is(d, 0, BLOCK_PARA, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d"));
	assert_src_is(d, 0, 5, "caf\xc3\xa9");
	doc_free(d);
}

static void test_code_blocks(void **state)
{
	struct doc *d;
	(void)state;
	/* <code> alone in a <div> is a block; inside a paragraph it is inline */
	d = parse("<html><body><div><code>int  main(void)\n{\n\treturn 0;\n}\n</code></div>"
		  "<p>Call <code>main()</code>  first.</p>"
		  "<pre><code>  a\n\n  b</code></pre></body></html>");
	check_map(d);
	assert_int_equal(d->nr_blocks, 3);
	assert_true(block_is(d, 0, BLOCK_CODE, "int  main(void)\n{\n\treturn 0;\n}"));
	assert_true(block_is(d, 1, BLOCK_PARA, "Call main() first."));
	assert_true(block_is(d, 2, BLOCK_CODE, "  a\n\n  b"));
	assert_src_is(d, d->blocks[2].start, d->blocks[2].end, "  a\n\n  b");
	doc_free(d);
}

static void test_big_document(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i, o;
	const char *last;
	(void)state;
	strbuf_addstr(&sb, "<!DOCTYPE html>\n<html><head><title>Big</title></head><body>\n");
	for (i = 0; i < 20000; i++)
		strbuf_addf(&sb, "<p class=\"c%zu\">Paragraph %zu: Vietnam&#8217;s &ldquo;policy&rdquo; "
			    "&amp; caf\xc3\xa9 <a href=\"/p?i=%zu&amp;x=1\">link %zu</a>\n"
			    "continues here.</p>\n", i % 7, i, i, i);
	strbuf_addstr(&sb, "<p>The very last words.</p></body></html>\n");
	d = parse_n(sb.buf, sb.len);
	check_map(d);
	assert_int_equal(d->nr_links, 20000);
	assert_int_equal(d->nr_blocks, 20002);
	/* far into the file, after the parser shrank its buffers */
	o = text_off(d, "Paragraph 19999: Vietnam");
	last = mem_find(sb.buf, sb.len, "Paragraph 19999: Vietnam", 24);
	assert_int_equal(srcmap_to_src(&d->text.map, o), (size_t)(last - sb.buf));
	assert_src_at(d, d->links[19999].src_off, "/p?i=19999&amp;x=1\"");
	assert_src_is(d, d->blocks[20001].start, d->blocks[20001].end, "The very last words.");
	doc_free(d);
	strbuf_release(&sb);
}

/* The word at its offset in the reading text maps to where it is in html. */
static void assert_word_maps(const struct doc *d, const char *html, const char *word)
{
	const char *at = strstr(html, word);
	assert_non_null(at);
	assert_int_equal(srcmap_to_src(&d->text.map, text_off(d, word)), (size_t)(at - html));
}

/*
 * Runs of plain text after markup, which the parser reads as one
 * placeholder each: runs either side of the chunk the parser hands out
 * at once (1000 bytes), text the parser reads in <head> (an implied
 * <p>), a run read after a long bogus "<!...>" (the chunk would pass
 * 1000 bytes: parsed again from the source), quoted '>' in attributes.
 */
static void test_text_runs(void **state)
{
	static const size_t lens[] = { 15, 16, 17, 959, 960, 961, 995, 1000, 1200 };
	struct strbuf html = STRBUF_INIT, want = STRBUF_INIT;
	struct doc *d;
	size_t i, k;
	(void)state;
	strbuf_addstr(&html, "<html><head><title>T</title> headtext in the head itself\n</head><body>");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		strbuf_addf(&html, "<p title=\"a > b\">mark%zu ", i);
		for (k = 6 + (i > 9); k < lens[i]; k++)
			strbuf_addch(&html, (char)('a' + k % 26));
		strbuf_addstr(&html, "</p>");
	}
	strbuf_addstr(&html, "<p>x<!");
	for (k = 0; k < 100; k++)
		strbuf_addch(&html, 'b');
	strbuf_addstr(&html, ">bogusrun ");
	for (k = 0; k < 950; k++)
		strbuf_addch(&html, 'k');
	strbuf_addstr(&html, "</p><p>tail &amp; lastword here</p></body></html>");
	d = parse_n(html.buf, html.len);
	assert_true(has_text(d, "headtext in the head itself"));
	assert_word_maps(d, html.buf, "headtext");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		char w[16];
		snprintf(w, sizeof(w), "mark%zu ", i);
		assert_word_maps(d, html.buf, w);
	}
	assert_word_maps(d, html.buf, "bogusrun");
	assert_word_maps(d, html.buf, "lastword");
	assert_true(has_text(d, "tail & lastword here"));
	doc_free(d);
	/* text that follows a tag the guess misreads (an unquoted '"'): parsed again */
	strbuf_reset(&want);
	strbuf_addstr(&want, "<html><body><p title=a\"b>after a strange quote mark</p>"
		      "<p>more \"quoted\" words long enough</p></body></html>");
	d = parse_n(want.buf, want.len);
	assert_word_maps(d, want.buf, "strange");
	assert_word_maps(d, want.buf, "enough");
	doc_free(d);
	strbuf_release(&html);
	strbuf_release(&want);
}

static void test_detect_format(void **state)
{
	static const char *const html[] = {
		"<!DOCTYPE html><html><body><p>x</p></body></html>",
		"\n\n<HTML>\n<BODY>x</BODY></HTML>",
		"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></html>",
		"<!-- saved from url=(0042)https://example.org/ -->\n<html><body><p>x</p></body></html>",
		"<meta charset=\"utf-8\">\n<title>x</title>\n<p>one</p>\n<p>two</p>\n<div>three</div>",
		"<head><title>x</title></head>\n<body>\n<p>y</p>\n</body>",
	};
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(html); i++) {
		if (doc_detect_format(html[i], strlen(html[i]), "page") != DOC_FMT_HTML)
			print_message("not detected as html: %s\n", html[i]);
		assert_int_equal(doc_detect_format(html[i], strlen(html[i]), "page"), DOC_FMT_HTML);
	}
	/* text with a few <br /> tags stays text */
	assert_int_equal(doc_detect_format("line one<br />\nline two<br />\n", 30, "x.txt"),
			 DOC_FMT_TEXT_BR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_news_visible_text),
		cmocka_unit_test(test_news_blocks),
		cmocka_unit_test(test_news_links),
		cmocka_unit_test(test_news_meta),
		cmocka_unit_test(test_notes_marks),
		cmocka_unit_test(test_notes_blocks),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_malformed_fixture),
		cmocka_unit_test(test_malformed_cases),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_link_limit),
		cmocka_unit_test(test_xhtml),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_meta_variants),
		cmocka_unit_test(test_notes_containers),
		cmocka_unit_test(test_declared_charset_ignored),
		cmocka_unit_test(test_code_blocks),
		cmocka_unit_test(test_big_document),
		cmocka_unit_test(test_detect_format),
		cmocka_unit_test(test_word_runs),
		cmocka_unit_test(test_word_runs_long),
		cmocka_unit_test(test_text_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
