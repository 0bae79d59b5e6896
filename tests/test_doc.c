/*
 * Unit tests: the document model's load, format detection, layout
 * (furniture, note areas, paragraphs, de-hyphenation) and source map.
 * Fixtures live in tests/fixtures/docs/ (written for these tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "buf.h"
#include "doc.h"
#include "findings.h"
#include "srcmap.h"
#include "utf8.h"

#define FIX "tests/fixtures/docs/"

static struct doc *load(const char *path)
{
	struct doc *d = NULL;
	struct doc_error err;
	enum doc_result r = doc_load(path, NULL, &d, &err);
	if (r != DOC_OK)
		fail_msg("cannot load %s: %s", path, doc_strerror(r));
	return d;
}

static struct doc *parse(const char *name, const char *text)
{
	struct doc *d = NULL;
	struct doc_error err;
	enum doc_result r = doc_parse(name, text, strlen(text), NULL, &d, &err);
	if (r != DOC_OK)
		fail_msg("cannot parse %s: %s", name, doc_strerror(r));
	return d;
}

static const char *text_of(const struct doc *d)
{
	return d->text.text.buf;
}

static size_t count_blocks(const struct doc *d, enum block_kind k)
{
	size_t i, n = 0;
	for (i = 0; i < d->nr_blocks; i++)
		if (d->blocks[i].kind == k)
			n++;
	return n;
}

static size_t count_furniture(const struct doc *d, enum furniture_kind k)
{
	size_t i, n = 0;
	for (i = 0; i < d->nr_furniture; i++)
		if (d->furniture[i].kind == k)
			n++;
	return n;
}

/* The block whose text starts with prefix, or NULL. */
static const struct doc_block *block_starting(const struct doc *d, const char *prefix)
{
	size_t i, n = strlen(prefix);
	for (i = 0; i < d->nr_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		if (b->end - b->start >= n && !memcmp(text_of(d) + b->start, prefix, n))
			return b;
	}
	return NULL;
}

/* Every word of the text that was copied maps back to the same bytes. */
static void check_map(const struct doc *d)
{
	const char *t = text_of(d);
	size_t i = 0, n = d->text.text.len, checked = 0;
	while (i < n) {
		size_t s = i, ss, se;
		while (i < n && t[i] != ' ' && t[i] != '\n')
			i++;
		if (i > s) {
			doc_src_range(d, s, i, &ss, &se);
			assert_true(ss <= se && se <= d->src_len);
			if (se - ss == i - s) {
				assert_memory_equal(d->src + ss, t + s, i - s);
				checked++;
			}
		}
		i++;
	}
	assert_true(checked > 10);
}

static void locate_text(const struct doc *d, const char *needle, size_t *line, size_t *col)
{
	const char *p = strstr(text_of(d), needle);
	assert_non_null(p);
	doc_locate(d, (size_t)(p - text_of(d)), line, col);
}

static void test_detect_format(void **state)
{
	(void)state;
	assert_int_equal(doc_detect_format("hello\nworld\n", 12, "a.txt"), DOC_FMT_TEXT);
	assert_int_equal(doc_detect_format("a<br />\nb<br />\n<br />\n", 23, "a.txt"), DOC_FMT_TEXT_BR);
	assert_int_equal(doc_detect_format("<!DOCTYPE html><p>x</p>", 23, "a.txt"), DOC_FMT_HTML);
	assert_int_equal(doc_detect_format("  <html><body>x", 15, "noext"), DOC_FMT_HTML);
	assert_int_equal(doc_detect_format("## Title\n\nSee [a](http://x.org).\n", 33, "a.txt"),
			 DOC_FMT_MARKDOWN);
	/* an extension alone does not make HTML */
	assert_int_equal(doc_detect_format("just words\n", 11, "a.html"), DOC_FMT_TEXT);
}

static void test_running_headers_and_pages(void **state)
{
	struct doc *d = load(FIX "journal-br.txt");
	size_t i;
	(void)state;
	assert_int_equal(d->format, DOC_FMT_TEXT_BR);
	assert_int_equal(count_furniture(d, FURN_RUNNING_HEADER), 3);
	assert_int_equal(count_furniture(d, FURN_PAGE_NUMBER), 3);
	assert_int_equal(count_furniture(d, FURN_FIRST_PAGE), 2);
	for (i = 0; i < d->nr_furniture; i++)
		if (d->furniture[i].kind == FURN_PAGE_NUMBER)
			assert_true(d->furniture[i].page_number >= 101 && d->furniture[i].page_number <= 103);
	assert_null(strstr(text_of(d), "Harbour Review of Coastal Studies"));
	assert_null(strstr(text_of(d), "Received 04 March"));
	assert_null(strstr(text_of(d), "<br"));
	assert_true(d->nr_pages >= 4);
	assert_string_equal(d->meta.date, "2019-05-20");
	assert_string_equal(d->meta.title, "Tidal Governance in the Lagoon Republic: A Study of Port Cooperation");
	check_map(d);
	doc_free(d);
}

static void test_note_areas(void **state)
{
	struct doc *d = load(FIX "journal-br.txt");
	const struct doc_block *b;
	(void)state;
	assert_int_equal(count_blocks(d, BLOCK_NOTES), 4);
	/* stacked numbers "2" then "1" before the body of note 1 */
	b = block_starting(d, "2\n1\nCouncil of the Lagoon");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_NOTES);
	/* a note body carried over to the next page without a separator */
	b = block_starting(d, "director of the training centre");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_NOTES);
	assert_non_null(strstr(text_of(d) + b->start, "\n4\nThe report on pilot training"));
	/* the author's contact note is not body text */
	b = block_starting(d, "*\nTel.:");
	assert_non_null(b);
	doc_free(d);
}

static void test_paragraphs_across_pages(void **state)
{
	struct doc *d = load(FIX "journal-br.txt");
	const struct doc_block *b;
	size_t line, col;
	(void)state;
	/* wrapped lines re-joined; the sentence runs on across a separator, notes and a header */
	assert_non_null(strstr(text_of(d), "alike and because the council shows no favour"));
	/* ... and across a note area at the foot of the page and a page number */
	assert_non_null(strstr(text_of(d), "pilot training that lists the number of pilots"));
	b = block_starting(d, "2.1. The charter in practice");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_HEADING);
	b = block_starting(d, "1. Introduction");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_HEADING);
	/* positions point into the original file */
	locate_text(d, "[4, 5]", &line, &col);
	assert_int_equal(line, 18);
	assert_int_equal(col, 19);
	locate_text(d, "council shows no favour", &line, &col);
	assert_int_equal(line, 74);
	assert_int_equal(col, 1);
	doc_free(d);
}

static void test_inline_headers(void **state)
{
	struct doc *d = load(FIX "inline-headers.txt");
	size_t i, hyph = 0;
	(void)state;
	assert_int_equal(count_furniture(d, FURN_RUNNING_HEADER), 3);
	assert_int_equal(count_furniture(d, FURN_FIRST_PAGE), 1);
	assert_null(strstr(text_of(d), "Ines Duarte 12"));
	assert_null(strstr(text_of(d), "open 13"));
	assert_null(strstr(text_of(d), "Accepted June"));
	assert_non_null(strstr(text_of(d), "every winter and twice a year"));
	assert_non_null(strstr(text_of(d), "river ports and to the two island"));
	/* "Table 3" ... "Table 4" is not a running header */
	assert_non_null(strstr(text_of(d), "shown in Table 3 and"));
	assert_string_equal(d->meta.date, "2020-06-02");
	/* "balance-of- power": the stray space goes, the hyphen stays, the join is recorded */
	assert_non_null(strstr(text_of(d), "balance-of-power reading"));
	assert_non_null(strstr(text_of(d), "capacity-building"));
	for (i = 0; i < d->nr_joins; i++)
		if (d->joins[i].hyphen == 2)
			hyph++;
	assert_int_equal(hyph, 2);
	check_map(d);
	doc_free(d);
}

/*
 * text parsed, with its three "... Shared Harbour Work N" running
 * headers cut out of the sentences and the text around one joined as
 * kept says.
 */
static struct doc *parse_harbour_headers(const char *name, const char *text, const char *kept)
{
	struct doc *d = parse(name, text);
	assert_int_equal(count_furniture(d, FURN_RUNNING_HEADER), 3);
	assert_null(strstr(text_of(d), "Shared Harbour Work"));
	assert_non_null(strstr(text_of(d), kept));
	return d;
}

/*
 * Page numbers far from any other digit, in one long line: numbers are
 * looked for eight bytes at a time, and each must still be read from
 * its first digit.
 */
static void test_inline_headers_sparse_digits(void **state)
{
	static const char text[] =
		"The rota of the lagoon\n\n"
		"The council kept the dredgers moving between the ports through the whole of "
		"the winter season and wrote down every trip in a shared ledger that each "
		"harbour master could read Lagoon Council Papers on Shared Harbour Work 12 "
		"and the ledger shows that the small ports asked for the dredgers as often "
		"as the large ones did during the long dry summers of the decade Lagoon "
		"Council Papers on Shared Harbour Work 13 while the pilots trained together "
		"at the old customs house where the officers of every port met each month "
		"to agree on the order of the next round of work Lagoon Council Papers on "
		"Shared Harbour Work 14 so that no port waited longer than another one.\n";
	(void)state;
	doc_free(parse_harbour_headers("sparse.txt", text, "could read and the ledger"));
}

/*
 * utf8_count_valid() agrees with utf8_count() on valid text of every
 * length around its 16- and 8-byte steps, multi-byte characters at
 * every position, and past the 255 rounds of its byte counters.
 */
static void test_utf8_count_valid(void **state)
{
	static const char *const pieces[] = { "a", "\xc3\xa9", "\xe2\x80\x9c", "\xf0\x9f\x98\x80", " " };
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	(void)state;
	assert_int_equal(utf8_count_valid("", 0), 0);
	for (i = 0; i < 5000; i++) {
		strbuf_addstr(&sb, pieces[(i * 7 + i / 3) % 5]);
		for (k = 0; k + 40 < sb.len && k < 40; k += 3)
			if (((unsigned char)sb.buf[k] & 0xC0) != 0x80)  /* a character's start */
				assert_int_equal(utf8_count_valid(sb.buf + k, sb.len - k),
						 utf8_count(sb.buf + k, sb.len - k));
		if (i < 100 || i % 97 == 0)
			assert_int_equal(utf8_count_valid(sb.buf, sb.len), utf8_count(sb.buf, sb.len));
	}
	assert_true(sb.len > 255 * 16);
	assert_int_equal(utf8_count_valid(sb.buf, sb.len), utf8_count(sb.buf, sb.len));
	strbuf_release(&sb);
}

/*
 * Running headers inside sentences whose words do not all fit in the
 * 32 bytes looked at together (a long word, a run of spaces), numbers
 * in a line's last bytes, and digits that follow no space ("p12",
 * "3.5"): the same header is found at each page.
 */
static void test_inline_headers_long_words(void **state)
{
	static const char text[] =
		"The rota of the lagoon\n\n"
		"The council kept the dredgers moving between the ports through the whole of "
		"the winter season (p12, 3.5 and 7.25 tons) and wrote down every trip in a shared "
		"ledger Lagoon Councilharbourmasterscommitteeproceedings Papers on  Shared Harbour Work 12 "
		"and the ledger shows that the small ports asked for the dredgers as often "
		"as the large ones did during the long dry summers of the decade Lagoon "
		"Councilharbourmasterscommitteeproceedings Papers on  Shared Harbour Work 13 while the "
		"pilots trained together at the old customs house where the officers of every port "
		"met each month to agree on the order of the next round of work Lagoon "
		"Councilharbourmasterscommitteeproceedings Papers on  Shared Harbour Work 14 so that "
		"no port waited longer than another one, not even the ports that shut in winter 1 2\n";
	struct doc *d = parse_harbour_headers("long-words.txt", text, "shared ledger and the ledger");
	(void)state;
	assert_non_null(strstr(text_of(d), "(p12, 3.5 and 7.25 tons)"));
	doc_free(d);
}

/*
 * doc_src_range() of every range of a text with joins and cut
 * furniture (many map segments): what the map's segments say, found by
 * a walk over them.
 */
static void test_src_range_segments(void **state)
{
	struct doc *d = load(FIX "inline-headers.txt");
	const struct srcmap *m = &d->text.map;
	size_t a, b, n = d->text.text.len;
	(void)state;
	assert_true(m->nr > 3);
	for (a = 0; a < n; a += 7) {
		for (b = a; b <= n && b < a + 400; b += 5) {
			size_t ss, se, want_s, want_e, g = 0, k;
			doc_src_range(d, a, b, &ss, &se);
			want_s = srcmap_to_src(m, a);
			if (b <= a) {
				want_e = want_s;
			} else {
				for (k = 0; k < m->nr; k++)
					if (m->seg[k].out <= b - 1)
						g = k;
				if (b - 1 >= m->seg[g].out + m->seg[g].out_len ||
				    m->seg[g].out_len != m->seg[g].src_len)
					want_e = m->seg[g].src + m->seg[g].src_len;
				else
					want_e = m->seg[g].src + (b - m->seg[g].out);
				if (want_e < want_s)
					want_e = want_s;
			}
			assert_int_equal(ss, want_s);
			assert_int_equal(se, want_e);
		}
	}
	doc_free(d);
}

/* Joins of the given hyphen kind (1 dropped, 2 kept). */
static size_t count_joins(const struct doc *d, int hyphen)
{
	size_t i, n = 0;
	for (i = 0; i < d->nr_joins; i++)
		n += d->joins[i].hyphen == hyphen;
	return n;
}

/* wrapped text: a typesetting break and a compound broken at its hyphen */
static const char hyphen_text[] =
	"The council of the lagoon is an inter-\n"
	"national body whose members are well-\n"
	"known harbour masters of the coast and\n"
	"the international press reports on it\n"
	"often, as it is well known and widely\n"
	"read by the harbour masters of the sea\n"
	"and by many of the river ports as well\n"
	"as by the pilots who serve the council.\n";

static void test_dehyphenation(void **state)
{
	struct doc *d = parse("hyphen.txt", hyphen_text);
	(void)state;
	assert_non_null(strstr(text_of(d), "an international body"));
	assert_non_null(strstr(text_of(d), "are well-known harbour"));
	assert_int_equal(count_joins(d, 1), 1);
	assert_int_equal(count_joins(d, 2), 1);
	doc_free(d);
}

/*
 * Many hyphens: the first questions are answered by scanning the source,
 * the later ones from its word index (layout.c, DOC_WORDS_SCANS): the
 * same decisions on both sides.
 */
static void test_dehyphenation_many(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i;
	(void)state;
	for (i = 0; i < 40; i++) {      /* four questions each: 160 */
		strbuf_addstr(&sb, hyphen_text);
		strbuf_addch(&sb, '\n');
	}
	d = parse("hyphens.txt", sb.buf);
	assert_int_equal(count_joins(d, 1), 40);
	assert_int_equal(count_joins(d, 2), 40);
	doc_free(d);
	strbuf_release(&sb);
}

/*
 * A note number right above its body, with a running header further
 * down, is a note number: the text line between them tells it from a
 * page number.
 */
static void test_note_number_not_page_number(void **state)
{
	struct doc *d = load(FIX "note-number-foot.txt");
	size_t i, page_numbers = 0, note_numbers = 0;
	(void)state;
	for (i = 0; i < d->nr_lines; i++) {
		page_numbers += d->lines[i].kind == LINE_PAGE_NUMBER;
		if (d->lines[i].kind == LINE_NOTE_NUMBER) {
			note_numbers++;
			assert_int_equal(i + 1 == 14 || i + 1 == 26, 1);	/* "1" and "2" */
		}
	}
	assert_int_equal(page_numbers, 2);	/* 40 and 41 */
	assert_int_equal(note_numbers, 2);
	assert_int_equal(count_blocks(d, BLOCK_NOTES), 2);
	assert_non_null(strstr(text_of(d), "2\nLars Holm"));
	doc_free(d);
}

static void test_site_chrome_and_reference_list(void **state)
{
	struct doc *d = load(FIX "webpage.txt");
	const struct doc_block *b;
	(void)state;
	assert_int_equal(count_furniture(d, FURN_SITE_CHROME), 4);
	assert_null(strstr(text_of(d), "812 views"));
	assert_null(strstr(text_of(d), "Related Articles"));
	assert_string_equal(d->meta.date, "2019-06-14");
	assert_string_equal(d->meta.title, "How the lagoon ports share their dredgers");
	b = block_starting(d, "1. Council of the Lagoon");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_NOTES);
	assert_non_null(strstr(text_of(d) + b->start, "\n3. Mara Okafor"));
	/* an enumeration in running text stays in its paragraph */
	b = block_starting(d, "The ports agreed");
	assert_non_null(b);
	assert_int_equal(b->kind, BLOCK_PARA);
	doc_free(d);
}

static void test_crlf_and_bom(void **state)
{
	static const char text[] = "\xef\xbb\xbfTitle of the note\r\n\r\nFirst para line.\r\n\r\nSecond para.\r\n";
	struct doc *d = parse("crlf.txt", text);
	size_t line, col;
	(void)state;
	assert_true(d->has_bom);
	assert_true(d->has_crlf);
	assert_null(strchr(text_of(d), '\r'));
	assert_null(strstr(text_of(d), "\xef\xbb\xbf"));
	locate_text(d, "Second", &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 1);
	locate_text(d, "of the note", &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 7);
	doc_free(d);
}

/* A lone CR is an old Mac line end, not a CR LF pair; one before CR LF is. */
static void test_crlf_detection(void **state)
{
	struct doc *d = parse("cr.txt", "First line.\rSecond line.\r\rThird line.\n");
	(void)state;
	assert_false(d->has_crlf);
	doc_free(d);
	d = parse("crcrlf.txt", "First line.\r\r\nSecond line.\n");
	assert_true(d->has_crlf);
	doc_free(d);
	d = parse("endcr.txt", "First line.\nSecond line.\r");
	assert_false(d->has_crlf);
	doc_free(d);
}

/*
 * After doc_alloc_tune(), a block the size of a document comes from the
 * heap, not from a mapping of its own (glibc maps blocks over 128 KiB
 * by default, and unmaps them on free: a page fault per page on every
 * document). Only where glibc's allocator is the one in use.
 */
static void test_alloc_tune(void **state)
{
	(void)state;
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
	if (getenv("VALGRIND"))
		skip();
	{
		struct mallinfo2 before, during;
		char *volatile p;       /* volatile: the compiler may not drop the block */
		doc_alloc_tune();
		before = mallinfo2();
		p = malloc((size_t)4 << 20);
		assert_non_null(p);
		memset(p, 1, (size_t)4 << 20);
		during = mallinfo2();
		assert_int_equal(during.hblks, before.hblks);
		free(p);
	}
#else
	skip();
#endif
}

static void expect_error(const char *data, size_t len, struct doc_limits *lim,
			 enum doc_result want, size_t want_line)
{
	struct doc *d = (struct doc *)1;
	struct doc_error err;
	assert_int_equal(doc_parse("bad.txt", data, len, lim, &d, &err), want);
	assert_null(d);
	assert_int_equal(err.code, want);
	assert_int_equal(err.line, want_line);
}

static void test_bad_input(void **state)
{
	struct doc_limits lim;
	struct doc_error err;
	struct strbuf sb = STRBUF_INIT;
	char *big;
	(void)state;
	doc_limits_default(&lim);
	expect_error("abc\0def", 7, NULL, DOC_ERR_BINARY, 0);
	expect_error("ok line\nbad \xff byte\n", 18, NULL, DOC_ERR_UTF8, 2);
	expect_error("\xff\xfeh\0i\0", 6, NULL, DOC_ERR_UTF8, 0);
	expect_error("", 0, NULL, DOC_ERR_EMPTY, 0);
	expect_error(" \n\t\n", 4, NULL, DOC_ERR_EMPTY, 0);
	lim.max_file_size = 16;
	expect_error("0123456789abcdefgh", 18, &lim, DOC_ERR_TOO_BIG, 0);
	doc_limits_default(&lim);
	lim.max_line_len = 64;
	big = malloc(200);
	memset(big, 'a', 200);
	big[10] = '\n';
	expect_error(big, 200, &lim, DOC_ERR_LINE_TOO_LONG, 2);
	free(big);

	/* the message names the file, the reason and the place */
	{
		struct doc *d = NULL;
		doc_parse("x.txt", "a\n\xc3\x28", 4, NULL, &d, &err);
		doc_error_format("x.txt", &err, &sb);
		assert_string_equal(sb.buf, "cannot read 'x.txt': invalid UTF-8 at line 2, column 1 "
				    "(byte 0xc3; the file may be in another encoding)");
	}
	strbuf_release(&sb);
}

/* Found by fuzzing: long digit runs must not overflow the page-number and date scanners. */
static void test_long_digit_runs(void **state)
{
	static const char text[] =
		"A long body line with many words in it so that it is counted 4444444444444444444444 "
		"here and 12345678901234567890 March 2019 there, and Mara 99999999999999999999 again.\n";
	struct doc *d = parse("digits.txt", text);
	(void)state;
	assert_non_null(strstr(text_of(d), "4444444444444444444444 here"));
	doc_free(d);
}

/* Quotes: the source as written where it is a plain copy, the reading text across markup. */
static void test_finding_quotes(void **state)
{
	struct doc *d = load(FIX "journal-br.txt");
	struct findings f;
	const char *t = text_of(d), *p;
	struct finding *fd;
	(void)state;
	findings_init(&f);
	p = strstr(t, "shared asset [1-3]");
	assert_non_null(p);
	fd = findings_add(&f, "test", "k", SEV_INFO, d, (size_t)(p - t) + 13, (size_t)(p - t) + 18,
			  NULL, "m");
	assert_string_equal(fd->quote, "[1-3]");
	assert_int_equal(fd->line, 15);
	/* across a line end (and its <br /> tag): the reading text */
	p = strstr(t, "treated its harbours");
	fd = findings_add(&f, "test", "k", SEV_INFO, d, (size_t)(p - t), (size_t)(p - t) + 20,
			  NULL, "m");
	assert_string_equal(fd->quote, "treated its harbours");
	assert_int_equal(fd->line, 14);
	finding_add_related(fd, d, (size_t)(p - t), (size_t)(p - t) + 20, "n");
	assert_string_equal(fd->related[0].quote, "treated its harbours");
	findings_release(&f);
	doc_free(d);
}

static void test_load_errors(void **state)
{
	struct doc *d = NULL;
	struct doc_error err;
	struct doc_limits lim;
	char path[] = "/tmp/provcheck-test-XXXXXX";
	int fd;
	(void)state;
	assert_int_equal(doc_load("tests/fixtures/docs/no-such-file.txt", NULL, &d, &err), DOC_ERR_NOENT);
	assert_int_equal(doc_load("tests/fixtures", NULL, &d, &err), DOC_ERR_ISDIR);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello world, a line of text\n", 28), 28);
	close(fd);
	doc_limits_default(&lim);
	lim.max_file_size = 10;
	/* refused from its size, before reading */
	assert_int_equal(doc_load(path, &lim, &d, &err), DOC_ERR_TOO_BIG);
	assert_non_null(strstr(err.detail, "max_file_size"));
	assert_int_equal(doc_load(path, NULL, &d, &err), DOC_OK);
	assert_non_null(d);
	doc_free(d);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_format),
		cmocka_unit_test(test_running_headers_and_pages),
		cmocka_unit_test(test_note_areas),
		cmocka_unit_test(test_paragraphs_across_pages),
		cmocka_unit_test(test_inline_headers),
		cmocka_unit_test(test_inline_headers_sparse_digits),
		cmocka_unit_test(test_inline_headers_long_words),
		cmocka_unit_test(test_src_range_segments),
		cmocka_unit_test(test_utf8_count_valid),
		cmocka_unit_test(test_dehyphenation),
		cmocka_unit_test(test_dehyphenation_many),
		cmocka_unit_test(test_site_chrome_and_reference_list),
		cmocka_unit_test(test_note_number_not_page_number),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_crlf_detection),
		cmocka_unit_test(test_alloc_tune),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_long_digit_runs),
		cmocka_unit_test(test_finding_quotes),
		cmocka_unit_test(test_load_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
