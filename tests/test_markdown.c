/*
 * Unit tests: the Markdown decoder (checker/doc_md.c). Fixtures live in
 * tests/fixtures/markdown/ (written for these tests).
 *
 * The reading text the decoder produces, as these tests pin it down:
 * markers of emphasis, code spans and links are dropped; link and image
 * text stays; autolinks keep their URL; "[^7]" becomes "7" with a
 * MARK_FOOTREF mark; a footnote definition "[^7]: Text" is a notes block
 * "7 Text" whose lines are joined by '\n'; soft breaks are one space,
 * hard breaks '\n'.
 */
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

#define FIX "tests/fixtures/markdown/"

static struct doc *load(const char *path)
{
	struct doc *d = NULL;
	struct doc_error err;
	enum doc_result r = doc_load(path, NULL, &d, &err);
	if (r != DOC_OK)
		fail_msg("cannot load %s: %s", path, doc_strerror(r));
	assert_int_equal(d->format, DOC_FMT_MARKDOWN);
	return d;
}

/* Parses "# T\n\n" + body as Markdown: the heading makes the format certain. */
static struct doc *md(const char *body)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d = NULL;
	struct doc_error err;
	enum doc_result r;
	strbuf_addstr(&sb, "# T\n\n");
	strbuf_addstr(&sb, body);
	r = doc_parse("t.md", sb.buf, sb.len, NULL, &d, &err);
	strbuf_release(&sb);
	if (r != DOC_OK)
		fail_msg("cannot parse: %s", doc_strerror(r));
	assert_int_equal(d->format, DOC_FMT_MARKDOWN);
	return d;
}

/* Text of block i, in a static buffer. */
static const char *btext(const struct doc *d, size_t i)
{
	static char buf[4096];
	const struct doc_block *b;
	assert_true(i < d->nr_blocks);
	b = &d->blocks[i];
	snprintf(buf, sizeof(buf), "%.*s", (int)(b->end - b->start), d->text.text.buf + b->start);
	return buf;
}

static const char *span(const struct doc *d, size_t start, size_t end)
{
	static char buf[1024];
	snprintf(buf, sizeof(buf), "%.*s", (int)(end - start), d->text.text.buf + start);
	return buf;
}

static size_t count_marks(const struct doc *d, enum mark_kind k)
{
	size_t i, n = 0;
	for (i = 0; i < d->nr_marks; i++)
		if (d->marks[i].kind == k)
			n++;
	return n;
}

static const struct doc_mark *mark_n(const struct doc *d, enum mark_kind k, size_t nth)
{
	size_t i;
	for (i = 0; i < d->nr_marks; i++)
		if (d->marks[i].kind == k && !nth--)
			return &d->marks[i];
	fail_msg("no such mark");
	return NULL;
}

/* Source text behind text range [start, end). */
static const char *src_of(const struct doc *d, size_t start, size_t end)
{
	static char buf[1024];
	size_t s, e;
	doc_src_range(d, start, end, &s, &e);
	snprintf(buf, sizeof(buf), "%.*s", (int)(e - s), d->src + s);
	return buf;
}

/*
 * The source-map round trip: for every block, the source range of its
 * text holds each of its words (in order), and every word copied as is
 * maps to the same bytes.
 */
static void check_roundtrip(const struct doc *d)
{
	size_t i;
	for (i = 0; i < d->nr_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		const char *t = d->text.text.buf;
		size_t ss, se, k = b->start, from;
		doc_src_range(d, b->start, b->end, &ss, &se);
		assert_true(ss < se && se <= d->src_len);
		from = ss;
		while (k < b->end) {
			size_t w = k, ws, we;
			const char *hit;
			while (k < b->end && (((unsigned char)t[k] >= 0x80) || (t[k] >= '0' && t[k] <= '9') ||
					      ((t[k] | 32) >= 'a' && (t[k] | 32) <= 'z')))
				k++;
			if (k == w) {
				k++;
				continue;
			}
			doc_src_range(d, w, k, &ws, &we);
			assert_true(ws >= ss && we <= se);
			if (we - ws == k - w && !memcmp(d->src + ws, t + w, k - w)) {
				/* copied: in order within the block's source */
				assert_true(ws >= from);
				from = we;
				continue;
			}
			/* a word carrying a substitution (an entity) must still be in range */
			hit = NULL;
			if ((unsigned char)t[w] < 0x80) {
				size_t q;
				for (q = ss; q + (k - w) <= se && !hit; q++)
					if (!memcmp(d->src + q, t + w, k - w))
						hit = d->src + q;
			}
			if (!hit && ws == we)
				fail_msg("block %zu: word '%.*s' has no source", i, (int)(k - w), t + w);
		}
	}
}

static void test_headings(void **state)
{
	struct doc *d = md("## Second *level* ##\n\n###### Six\n\n#7 not a heading\n\n"
			   "####### seven hashes\n\nSetext one\n===\n\nSetext two\n---\n");
	size_t l, c;
	(void)state;
	assert_string_equal(btext(d, 0), "T");
	assert_int_equal(d->blocks[0].kind, BLOCK_HEADING);
	assert_int_equal(d->blocks[0].level, 1);
	assert_string_equal(btext(d, 1), "Second level");
	assert_int_equal(d->blocks[1].level, 2);
	assert_string_equal(btext(d, 2), "Six");
	assert_int_equal(d->blocks[2].level, 6);
	assert_string_equal(btext(d, 3), "#7 not a heading");
	assert_int_equal(d->blocks[3].kind, BLOCK_PARA);
	assert_int_equal(d->blocks[4].kind, BLOCK_PARA);
	assert_string_equal(btext(d, 5), "Setext one");
	assert_int_equal(d->blocks[5].kind, BLOCK_HEADING);
	assert_int_equal(d->blocks[5].level, 1);
	assert_string_equal(btext(d, 6), "Setext two");
	assert_int_equal(d->blocks[6].level, 2);
	/* underlines are markup lines */
	assert_int_equal(d->lines[11].kind, LINE_MARKUP);
	assert_int_equal(d->lines[14].kind, LINE_MARKUP);
	/* the first heading is the title */
	assert_string_equal(d->meta.title, "T");
	doc_locate(d, d->blocks[1].start, &l, &c);
	assert_int_equal(l, 3);
	assert_int_equal(c, 4);
	assert_int_equal(d->nr_pages, 1);
	doc_free(d);
}

static void test_paragraph_joins_and_breaks(void **state)
{
	struct doc *d = md("one line\nwrapped \ntwo spaces  \nbreak\\\nbackslash<br/>\nand <br> inline\n");
	(void)state;
	assert_string_equal(btext(d, 1), "one line wrapped two spaces\nbreak\nbackslash\nand\ninline");
	/* soft breaks are recorded as joins */
	assert_true(d->nr_joins >= 1);
	assert_string_equal(span(d, d->joins[0].at - 1, d->joins[0].at + 7), " wrapped");
	assert_int_equal(d->joins[0].hyphen, 0);
	doc_free(d);
}

static void test_emphasis(void **state)
{
	struct doc *d = md("*a* _b_ **c** __d__ ***e*** snake_case_name 2 * 3 * 4 **unclosed "
			   "*x **y** z* in*word*s _x_y_\n");
	(void)state;
	assert_string_equal(btext(d, 1), "a b c d e snake_case_name 2 * 3 * 4 **unclosed x y z inwords x_y");
	assert_string_equal(span(d, mark_n(d, MARK_EMPH, 0)->start, mark_n(d, MARK_EMPH, 0)->end), "a");
	assert_string_equal(span(d, mark_n(d, MARK_EMPH, 2)->start, mark_n(d, MARK_EMPH, 2)->end), "c");
	/* ***e*** is strong inside emphasis: two marks over "e" */
	assert_string_equal(span(d, mark_n(d, MARK_EMPH, 4)->start, mark_n(d, MARK_EMPH, 4)->end), "e");
	assert_string_equal(span(d, mark_n(d, MARK_EMPH, 5)->start, mark_n(d, MARK_EMPH, 5)->end), "e");
	assert_string_equal(span(d, mark_n(d, MARK_EMPH, 7)->start, mark_n(d, MARK_EMPH, 7)->end), "x y z");
	doc_free(d);
}

static void test_code(void **state)
{
	struct doc *d = md("Use `a *b* [c](d)` and ``x ` y`` and `` `z` `` here.\n\n"
			   "```c\nint *p = &x;\n\n  [keep](this)\n```\n\n"
			   "~~~\ntilde\n~~~\n\n    indented\n\n    after blank\nafter\n");
	(void)state;
	assert_string_equal(btext(d, 1), "Use a *b* [c](d) and x ` y and `z` here.");
	assert_int_equal(d->blocks[2].kind, BLOCK_CODE);
	assert_string_equal(btext(d, 2), "int *p = &x;\n\n  [keep](this)");
	assert_int_equal(d->lines[4].kind, LINE_MARKUP);        /* ```c */
	assert_int_equal(d->lines[8].kind, LINE_MARKUP);        /* ``` */
	assert_string_equal(btext(d, 3), "tilde");
	assert_string_equal(btext(d, 4), "indented\n\nafter blank");
	assert_int_equal(d->blocks[4].kind, BLOCK_CODE);
	assert_string_equal(btext(d, 5), "after");
	assert_int_equal(d->nr_links, 0);
	/* code text maps to its source */
	assert_string_equal(src_of(d, d->blocks[2].start, d->blocks[2].start + 12), "int *p = &x;");
	doc_free(d);
}

static void test_links(void **state)
{
	struct doc *d = md("See [the *report*](https://example.org/r?a=1&amp;b=2 \"Title\"), "
			   "[angle](<https://example.org/a b>), [parens](https://example.org/w_(x)) "
			   "and [full][Ref One], [collapsed][], [shortcut] or [missing][nope] and "
			   "![alt text](img.png) and \\[not](a link).\n\n"
			   "[ref one]: https://example.org/one\n"
			   "[collapsed]: <https://example.org/two> 'T'\n"
			   "[shortcut]: https://example.org/three\n");
	const char *t;
	(void)state;
	assert_string_equal(btext(d, 1),
			    "See the report, angle, parens and full, collapsed, shortcut or "
			    "[missing][nope] and alt text and [not](a link).");
	assert_int_equal(d->nr_links, 6);
	t = d->text.text.buf;
	assert_string_equal(span(d, d->links[0].start, d->links[0].end), "the report");
	assert_string_equal(d->links[0].href, "https://example.org/r?a=1&b=2");
	assert_string_equal(d->links[1].href, "https://example.org/a b");
	assert_string_equal(d->links[2].href, "https://example.org/w_(x)");
	assert_string_equal(span(d, d->links[3].start, d->links[3].end), "full");
	assert_string_equal(d->links[3].href, "https://example.org/one");
	assert_string_equal(d->links[4].href, "https://example.org/two");
	assert_string_equal(d->links[5].href, "https://example.org/three");
	/* href_src points at the URL in the source */
	assert_memory_equal(d->src + d->links[0].src_off, "https://example.org/r", 21);
	assert_memory_equal(d->src + d->links[3].src_off, "https://example.org/one", 23);
	/* reference definitions are markup, not text */
	assert_int_equal(d->nr_blocks, 2);
	assert_int_equal(d->lines[4].kind, LINE_MARKUP);
	assert_null(strstr(t, "example.org/one"));
	/* emphasis inside link text still marks */
	assert_int_equal(count_marks(d, MARK_EMPH), 1);
	doc_free(d);
}

/* Of two definitions of one label (case and blanks do not count) the first wins. */
static void test_reference_first_wins(void **state)
{
	struct doc *d = md("[Two  Words] and [b].\n\n[two words]: https://example.org/first\n"
			   "[TWO WORDS]: https://example.org/second\n[b]: /b\n[a]: /a\n");
	(void)state;
	assert_string_equal(btext(d, 1), "Two  Words and b.");
	assert_int_equal(d->nr_links, 2);
	assert_string_equal(d->links[0].href, "https://example.org/first");
	assert_string_equal(d->links[1].href, "/b");
	doc_free(d);
}

static void test_autolinks(void **state)
{
	struct doc *d = md("Write (<mailto:ed@example.org>) or <ed@example.org>, see "
			   "<https://example.org/x?y=1> but not <notalink> or a < b.\n");
	(void)state;
	assert_string_equal(btext(d, 1), "Write (mailto:ed@example.org) or ed@example.org, see "
			    "https://example.org/x?y=1 but not  or a < b.");
	assert_int_equal(d->nr_links, 3);
	assert_string_equal(d->links[0].href, "mailto:ed@example.org");
	assert_string_equal(span(d, d->links[0].start, d->links[0].end), "mailto:ed@example.org");
	assert_string_equal(d->links[1].href, "mailto:ed@example.org");
	assert_string_equal(span(d, d->links[1].start, d->links[1].end), "ed@example.org");
	assert_string_equal(d->links[2].href, "https://example.org/x?y=1");
	doc_free(d);
}

static void test_footnotes(void **state)
{
	struct doc *d = md("A claim.[^1] Another[^note-2].\n\n"
			   "[^1]: First note,\n    continued.\n\n    Second paragraph.\n"
			   "[^note-2]: Second note.\n\nBody again.\n\n[^3]:\n    Text below its label.\n");
	const struct doc_mark *m;
	size_t l, c;
	(void)state;
	assert_string_equal(btext(d, 1), "A claim.1 Anothernote-2.");
	assert_int_equal(count_marks(d, MARK_FOOTREF), 2);
	m = mark_n(d, MARK_FOOTREF, 0);
	assert_string_equal(m->label, "1");
	assert_string_equal(span(d, m->start, m->end), "1");
	assert_string_equal(src_of(d, m->start, m->end), "1");
	m = mark_n(d, MARK_FOOTREF, 1);
	assert_string_equal(m->label, "note-2");
	assert_int_equal(d->blocks[2].kind, BLOCK_NOTES);
	assert_string_equal(btext(d, 2), "1 First note,\ncontinued.\nSecond paragraph.");
	assert_int_equal(d->blocks[3].kind, BLOCK_NOTES);
	assert_string_equal(btext(d, 3), "note-2 Second note.");
	assert_string_equal(btext(d, 4), "Body again.");
	assert_int_equal(d->blocks[4].kind, BLOCK_PARA);
	/* the label maps to its source bytes, the note lines are LINE_NOTE */
	doc_locate(d, d->blocks[2].start, &l, &c);
	assert_int_equal(l, 5);
	assert_int_equal(c, 3);
	assert_int_equal(d->lines[4].kind, LINE_NOTE);
	assert_int_equal(d->lines[5].kind, LINE_NOTE);
	assert_int_equal(d->lines[7].kind, LINE_NOTE);
	assert_int_equal(d->lines[8].kind, LINE_NOTE);
	assert_int_equal(d->lines[10].kind, LINE_BODY);
	/* a label alone on its line, the text indented below */
	assert_string_equal(btext(d, 5), "3 Text below its label.");
	doc_free(d);
}

static void test_entities_and_escapes(void **state)
{
	struct doc *d = md("AT&amp;T &#8212; it&#x2019;s &copy; &bogus; &#0; \\*not\\* \\_em\\_ \\\\ \\a &alpha;&Ouml;\n");
	const char *t;
	size_t at;
	(void)state;
	assert_string_equal(btext(d, 1), "AT&T \xe2\x80\x94 it\xe2\x80\x99s \xc2\xa9 &bogus; \xef\xbf\xbd *not* _em_ \\ \\a "
			    "\xce\xb1\xc3\x96");
	assert_int_equal(count_marks(d, MARK_EMPH), 0);
	/* the '&' stands for the five bytes "&amp;" */
	t = d->text.text.buf;
	at = (size_t)(strstr(t, "AT&T") - t) + 2;
	assert_string_equal(src_of(d, at, at + 1), "&amp;");
	at = (size_t)(strstr(t, "\xe2\x80\x94") - t);
	assert_string_equal(src_of(d, at, at + 3), "&#8212;");
	doc_free(d);
}

static void test_inline_html(void **state)
{
	struct doc *d = md("<div class=\"box\">\n\n"
			   "Water is H<sub>2</sub>O, see note<sup>12</sup> and <span title=\"a > b\">this</span>.\n\n"
			   "</div>\n<!-- hidden\ncomment -->\n\nLast.\n");
	const struct doc_mark *m;
	(void)state;
	assert_int_equal(d->lines[2].kind, LINE_MARKUP);
	assert_string_equal(btext(d, 1), "Water is H2O, see note12 and this.");
	assert_int_equal(count_marks(d, MARK_SUP), 1);
	m = mark_n(d, MARK_SUP, 0);
	assert_string_equal(m->label, "12");
	assert_string_equal(span(d, m->start, m->end), "12");
	assert_int_equal(d->lines[6].kind, LINE_MARKUP);
	assert_int_equal(d->lines[7].kind, LINE_MARKUP);
	assert_int_equal(d->lines[8].kind, LINE_MARKUP);
	assert_string_equal(btext(d, 2), "Last.");
	assert_int_equal(d->nr_blocks, 3);
	doc_free(d);
}

static void test_lists(void **state)
{
	struct doc *d = md("- one\n- two\n  wrapped\n  - nested\n    1. deeper\n+ plus\n\n"
			   "1. first\n2) second\n\n"
			   "* star\n\n  Further paragraph of star.\n\n"
			   "In 1995 the parties met.\n2011. A year at a line start does not start a list.\n");
	(void)state;
	assert_string_equal(btext(d, 1), "one");
	assert_int_equal(d->blocks[1].kind, BLOCK_LIST_ITEM);
	assert_int_equal(d->blocks[1].level, 1);
	assert_string_equal(btext(d, 2), "two wrapped");
	assert_string_equal(btext(d, 3), "nested");
	assert_int_equal(d->blocks[3].level, 2);
	assert_string_equal(btext(d, 4), "deeper");
	assert_int_equal(d->blocks[4].level, 3);
	assert_string_equal(btext(d, 5), "plus");
	assert_int_equal(d->blocks[5].level, 1);
	assert_string_equal(btext(d, 6), "first");
	assert_string_equal(btext(d, 7), "second");
	assert_int_equal(d->blocks[7].kind, BLOCK_LIST_ITEM);
	assert_string_equal(btext(d, 8), "star");
	assert_string_equal(btext(d, 9), "Further paragraph of star.");
	assert_int_equal(d->blocks[9].kind, BLOCK_PARA);
	assert_int_equal(d->blocks[9].level, 1);
	assert_string_equal(btext(d, 10),
			    "In 1995 the parties met. 2011. A year at a line start does not start a list.");
	assert_int_equal(d->blocks[10].kind, BLOCK_PARA);
	doc_free(d);
}

static void test_tables(void **state)
{
	struct doc *d = md("Before the table.\n\n| Year | Pilots trained |\n|------|:---:|\n"
			   "| 2021 | **12** |\n| 2022 | 43 \\| est. |\n\nAfter.\n\n"
			   "a | b\n--|--\n1 | 2\n");
	(void)state;
	assert_string_equal(btext(d, 1), "Before the table.");
	assert_string_equal(btext(d, 2), "Year | Pilots trained");
	assert_int_equal(d->blocks[2].kind, BLOCK_PARA);
	assert_int_equal(d->lines[5].kind, LINE_MARKUP);
	assert_string_equal(btext(d, 3), "2021 | 12");
	assert_string_equal(btext(d, 4), "2022 | 43 | est.");
	assert_string_equal(btext(d, 5), "After.");
	assert_string_equal(btext(d, 6), "a | b");
	assert_string_equal(btext(d, 7), "1 | 2");
	assert_int_equal(d->nr_blocks, 8);
	doc_free(d);
}

static void test_quotes_and_breaks(void **state)
{
	struct doc *d = md("> quoted *text*\n> more\nlazy line\n>\n> second para\n\n> > nested\n\n"
			   "***\n\n---\n\nafter rules\n");
	(void)state;
	assert_int_equal(d->blocks[1].kind, BLOCK_QUOTE);
	assert_string_equal(btext(d, 1), "quoted text more lazy line");
	assert_string_equal(btext(d, 2), "second para");
	assert_int_equal(d->blocks[2].kind, BLOCK_QUOTE);
	assert_string_equal(btext(d, 3), "nested");
	assert_int_equal(d->blocks[3].level, 2);
	assert_int_equal(d->lines[10].kind, LINE_MARKUP);
	assert_int_equal(d->lines[12].kind, LINE_MARKUP);
	assert_string_equal(btext(d, 4), "after rules");
	assert_int_equal(d->nr_blocks, 5);
	doc_free(d);
}

/* A paragraph broken mid-sentence by a blank line (a conversion artefact) runs on. */
static void test_run_on_paragraphs(void **state)
{
	struct doc *d = md("The envoy said\n\nthat talks would resume.\n\nThey met the\n\n"
			   "Minister twice.\n\nA full stop ends it.\n\nNew paragraph.\n\nNo stop here\n\n"
			   "But a capital after a content word.\n");
	(void)state;
	assert_string_equal(btext(d, 1), "The envoy said that talks would resume.");
	assert_string_equal(btext(d, 2), "They met the Minister twice.");
	assert_string_equal(btext(d, 3), "A full stop ends it.");
	assert_string_equal(btext(d, 4), "New paragraph.");
	assert_string_equal(btext(d, 5), "No stop here");
	assert_string_equal(btext(d, 6), "But a capital after a content word.");
	/* the join stands for the blank line */
	assert_string_equal(src_of(d, d->blocks[1].start + 14, d->blocks[1].start + 15), "\n\n");
	doc_free(d);
}

static void test_front_matter_crlf_bom(void **state)
{
	const char src[] = "\xef\xbb\xbf---\r\ntitle: \"Front title\"\r\ndate: 2020-02-29\r\nauthor: A. Writer\r\n---\r\n"
			   "# Heading\r\n\r\nText with **bold**  \r\nand a [^1] ref.\r\n";
	struct doc *d = NULL;
	struct doc_error err;
	size_t l, c;
	(void)state;
	assert_int_equal(doc_parse("x.md", src, strlen(src), NULL, &d, &err), DOC_OK);
	assert_int_equal(d->format, DOC_FMT_MARKDOWN);
	assert_string_equal(d->meta.title, "Front title");
	assert_string_equal(d->meta.date, "2020-02-29");
	assert_string_equal(d->meta.author, "A. Writer");
	assert_int_equal(d->lines[0].kind, LINE_MARKUP);
	assert_int_equal(d->lines[4].kind, LINE_MARKUP);
	assert_string_equal(btext(d, 0), "Heading");
	assert_string_equal(btext(d, 1), "Text with bold\nand a 1 ref.");
	doc_locate(d, d->blocks[1].start, &l, &c);
	assert_int_equal(l, 8);
	assert_int_equal(c, 1);
	doc_free(d);
}

static void test_every_line_recorded(void **state)
{
	struct doc *d = load(FIX "constructs.md");
	size_t i, nl = 0;
	(void)state;
	for (i = 0; i < d->src_len; i++)
		if (d->src[i] == '\n')
			nl++;
	assert_int_equal(d->nr_lines, nl);
	for (i = 0; i < d->nr_lines; i++) {
		assert_true(d->lines[i].src_start <= d->lines[i].src_end);
		assert_true(i == 0 || d->lines[i].src_start > d->lines[i - 1].src_end);
	}
	assert_string_equal(d->meta.title, "Constructs and cases");
	assert_string_equal(d->meta.date, "2021-03-04");
	check_roundtrip(d);
	doc_free(d);
}

/* The PacNet-style commentary: bold headings with a byline, an italic bio with a mailto link. */
static void test_commentary(void **state)
{
	struct doc *d = load(FIX "commentary.md");
	const struct doc_link *l;
	size_t i, heads = 0, paras = 0, line, col;
	const char *t;
	(void)state;
	for (i = 0; i < d->nr_blocks; i++) {
		if (d->blocks[i].kind == BLOCK_HEADING) {
			heads++;
			assert_int_equal(d->blocks[i].level, 2);
		} else if (d->blocks[i].kind == BLOCK_PARA) {
			paras++;
		}
	}
	assert_int_equal(heads, 2);
	assert_int_equal(paras, 6);
	assert_string_equal(d->meta.title,
			    "Rivers, rules and reciprocity in the Mekong basin by Tran Minh Chau");
	assert_string_equal(btext(d, 1), "Tran Minh Chau (chau.tm@example.org) is a senior fellow at "
			    "the Institute for Water Diplomacy in Hanoi.");
	assert_int_equal(d->nr_links, 1);
	l = &d->links[0];
	assert_string_equal(l->href, "mailto:chau.tm@example.org");
	assert_string_equal(span(d, l->start, l->end), "chau.tm@example.org");
	doc_locate(d, l->start, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 19);
	doc_locate_src(d, l->src_off, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 40);
	/* the sentences cut by blank lines are whole again */
	t = d->text.text.buf;
	assert_non_null(strstr(t, "were never binding. The Agreement itself is silent"));
	assert_non_null(strstr(t, "One provincial director said that farmers \xe2\x80\x9chave stopped"));
	/* bold heading text is emphasis, the title keeps no asterisks */
	assert_null(strchr(t, '*'));
	assert_true(count_marks(d, MARK_EMPH) >= 4);
	check_roundtrip(d);
	doc_free(d);
}

/* Hostile input stays linear enough and never reads out of bounds. */
static void test_pathological(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	int i;
	(void)state;
	for (i = 0; i < 20000; i++)
		strbuf_addstr(&sb, i % 3 ? "*a " : "[_");
	strbuf_addstr(&sb, "\n\n");
	for (i = 0; i < 5000; i++)
		strbuf_addstr(&sb, "<a ");
	strbuf_addstr(&sb, "\n\n");
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "> - ");
	strbuf_addstr(&sb, "x\n\n``` \n");
	d = md(sb.buf);
	assert_true(d->nr_blocks >= 3);
	doc_free(d);
	strbuf_release(&sb);
}

/* More links than max_links: refused with a message naming the limit, as HTML is. */
static void test_max_links(void **state)
{
	const char *md = "# T\n\nSee [a](http://a.example/) and [b](http://b.example/).\n\n"
			 "Then [c](http://c.example/).\n";
	struct doc_limits lim;
	struct doc_error err;
	struct doc *d = NULL;
	(void)state;
	doc_limits_default(&lim);
	lim.max_links = 3;
	assert_int_equal(doc_parse("t.md", md, strlen(md), &lim, &d, &err), DOC_OK);
	assert_int_equal(d->nr_links, 3);
	doc_free(d);
	d = NULL;
	lim.max_links = 2;
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_parse("t.md", md, strlen(md), &lim, &d, &err), DOC_ERR_LIMIT);
	assert_null(d);
	assert_int_equal(err.code, DOC_ERR_LIMIT);
	assert_non_null(strstr(err.detail, "more than 2 links; see max_links"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_paragraph_joins_and_breaks),
		cmocka_unit_test(test_emphasis),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_reference_first_wins),
		cmocka_unit_test(test_autolinks),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_entities_and_escapes),
		cmocka_unit_test(test_inline_html),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_quotes_and_breaks),
		cmocka_unit_test(test_run_on_paragraphs),
		cmocka_unit_test(test_front_matter_crlf_bom),
		cmocka_unit_test(test_every_line_recorded),
		cmocka_unit_test(test_commentary),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_max_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
