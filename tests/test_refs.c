/* Unit tests: refs (callouts, footnote areas, lists, entry fields, audit). */
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
#include "entry.h"
#include "findings.h"
#include "refs.h"

#define FIX "tests/fixtures/refs/"

static struct refs *load(const char *path, struct doc **dp)
{
	struct doc_error err;
	struct refs *r = NULL;
	assert_int_equal(doc_load(path, NULL, dp, &err), DOC_OK);
	refs_parse(*dp, NULL, &r);
	assert_non_null(r);
	return r;
}

static struct refs *parse_str(const char *name, const char *s, struct doc **dp)
{
	struct doc_error err;
	struct refs *r = NULL;
	assert_int_equal(doc_parse(name, s, strlen(s), NULL, dp, &err), DOC_OK);
	refs_parse(*dp, NULL, &r);
	return r;
}

static size_t count_kind(const struct findings *f, const char *kind)
{
	size_t i, n = 0;
	for (i = 0; i < f->nr; i++)
		n += !strcmp(f->v[i].kind, kind);
	return n;
}

static const struct finding *find_kind(const struct findings *f, const char *kind)
{
	size_t i;
	for (i = 0; i < f->nr; i++)
		if (!strcmp(f->v[i].kind, kind))
			return &f->v[i];
	return NULL;
}

static void test_bracket_grammar(void **state)
{
	struct refs_callout c;
	(void)state;
	memset(&c, 0, sizeof(c));
	assert_true(refs_parse_bracket("1; p.179; see more in 2, 3, 4", 29, &c));
	assert_int_equal(c.nr_targets, 4);
	assert_int_equal(c.targets[0].number, 1);
	assert_string_equal(c.targets[0].locator, "p.179");
	assert_null(c.targets[1].locator);
	assert_string_equal(c.targets[1].prefix, "see more in");
	assert_int_equal(c.targets[3].number, 4);
	refs_callout_release(&c);

	assert_true(refs_parse_bracket("1-5", 3, &c));
	assert_int_equal(c.nr_targets, 5);
	assert_int_equal(c.targets[4].number, 5);
	refs_callout_release(&c);
	/* en dash range */
	assert_true(refs_parse_bracket("3\xe2\x80\x93" "6", 5, &c));
	assert_int_equal(c.nr_targets, 4);
	refs_callout_release(&c);

	assert_true(refs_parse_bracket("18;p.88-89", 10, &c));
	assert_int_equal(c.targets[0].number, 18);
	assert_string_equal(c.targets[0].locator, "p.88-89");
	refs_callout_release(&c);

	assert_true(refs_parse_bracket("c.f. 12; p.52", 13, &c));
	assert_int_equal(c.targets[0].number, 12);
	assert_string_equal(c.targets[0].prefix, "c.f.");
	assert_string_equal(c.targets[0].locator, "p.52");
	refs_callout_release(&c);

	assert_true(refs_parse_bracket("4a,b", 4, &c));
	assert_int_equal(c.nr_targets, 2);
	assert_int_equal(c.targets[0].sub, 'a');
	assert_int_equal(c.targets[1].number, 4);
	assert_int_equal(c.targets[1].sub, 'b');
	refs_callout_release(&c);

	/* pointer + length: no terminating NUL is read (found by the fuzzer) */
	{
		char *b = malloc(2);
		memcpy(b, "11", 2);
		assert_true(refs_parse_bracket(b, 2, &c));
		assert_int_equal(c.targets[0].number, 11);
		refs_callout_release(&c);
		free(b);
	}

	assert_true(refs_parse_bracket("13; p. 253", 10, &c));
	assert_string_equal(c.targets[0].locator, "p. 253");
	refs_callout_release(&c);
}

static void test_bracket_rejects(void **state)
{
	static const char *const no[] = { "and", "s", "desk@harbour.example.org", "2015", "",
					  "p.12", "1-", "5-2", "see", "1, x", "0" };
	struct refs_callout c;
	size_t i;
	(void)state;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_false(refs_parse_bracket(no[i], strlen(no[i]), &c));
		assert_int_equal(c.nr_targets, 0);
	}
}

static void test_bracket_document(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "bracket.txt", &d);
	struct findings f;
	(void)state;
	/* six real callouts plus [8]; none of [and], [s], the address, [2015] */
	assert_int_equal(r->nr_callouts, 7);
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_REFERENCES);
	assert_int_equal(r->nr_entries, 7);
	assert_int_equal(r->callouts[0].targets[0].entry, 0);
	assert_int_equal(r->callouts[3].nr_targets, 3);     /* [4-6] */
	assert_int_equal(r->callouts[3].targets[2].entry, 5);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "callout-beyond-list"), 1);
	assert_int_equal(count_kind(&f, "uncited-entry"), 1);   /* entry 7 */
	assert_int_equal(count_kind(&f, "missing-reference-list"), 0);
	assert_int_equal(count_kind(&f, "out-of-order-first-citation"), 0);
	assert_int_equal(find_kind(&f, "uncited-entry")->line, 19);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

/* Callout starts are found eight bytes at a time: at every alignment, after non-ASCII text too. */
static void test_callout_alignment(void **state)
{
	size_t pad;
	(void)state;
	for (pad = 0; pad < 20; pad++) {
		char buf[128];
		struct doc *d = NULL;
		struct refs *r;
		memset(buf, 'a', pad);
		snprintf(buf + pad, sizeof(buf) - pad, " tested [3] once (x), caf\xC3\xA9 word\xC2\xB2 end [4]\n");
		r = parse_str("align.txt", buf, &d);
		assert_non_null(r);
		assert_int_equal(r->nr_callouts, 3);
		assert_string_equal(r->callouts[0].text, "[3]");
		assert_int_equal(r->callouts[0].targets[0].number, 3);
		assert_int_equal(r->callouts[0].col, pad + 9);
		assert_int_equal(r->callouts[1].scheme, REFS_SCHEME_SUPERSCRIPT);
		assert_int_equal(r->callouts[1].targets[0].number, 2);
		assert_string_equal(r->callouts[2].text, "[4]");
		refs_free(r);
		doc_free(d);
	}
}

static void test_missing_list_once(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "nolist.txt", &d);
	struct findings f;
	const struct finding *fd;
	(void)state;
	assert_int_equal(r->nr_callouts, 4);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(f.nr, 1);
	fd = find_kind(&f, "missing-reference-list");
	assert_non_null(fd);
	assert_int_equal(fd->severity, SEV_ERROR);
	assert_int_equal(fd->line, 3);
	assert_int_equal(fd->col, 54);
	assert_string_equal(fd->quote, "[1; p.40]");
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_footnotes(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "footnotes.txt", &d);
	struct findings f;
	size_t i;
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_FOOTNOTES);
	assert_int_equal(r->nr_entries, 5);
	/* stacked "2" then "1": the body right after goes to 1, the next area's to 2 */
	assert_int_equal(r->entries[0].number, 1);
	assert_non_null(strstr(r->entries[0].text, "Notes of a Keeper"));
	assert_int_equal(r->entries[1].number, 2);
	assert_string_equal(r->entries[1].text, "Harbour office minutes, Tromso, 1821.");
	/* note 3 split across the page, header and body text between */
	assert_int_equal(r->entries[2].number, 3);
	assert_int_equal(r->entries[2].nr_pieces, 2);
	assert_non_null(strstr(r->entries[2].text, "in The Coastal Lighthouse Yearbook, Nordic Sea Institute, Bergen, 1930. 40-52."));
	assert_null(strstr(r->entries[2].text, "keepers were paid"));
	assert_int_equal(r->entries[3].kind, REFS_ENTRY_DISCURSIVE);
	assert_int_equal(r->entries[4].kind, REFS_ENTRY_CITATION);
	/* markers 1..5, nothing from HQ 186, T90, 1820, "9." */
	assert_int_equal(r->nr_callouts, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r->callouts[i].scheme, REFS_SCHEME_FOOTNOTE);
		assert_int_equal(r->callouts[i].targets[0].number, (long)i + 1);
		assert_int_equal(r->callouts[i].targets[0].entry, (long)i);
	}
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "duplicate-source"), 1);
	assert_int_equal(count_kind(&f, "dangling-callout"), 0);
	assert_int_equal(count_kind(&f, "broken-footnote-sequence"), 0);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_footnote_run_needs_bodies(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	(void)state;
	/* words ending in digits, but no note area: no footnote callouts */
	r = parse_str("x.txt", "The tank T90 and the jet Su30 flew past Gate2. Then Gate3, Gate4.\n", &d);
	assert_int_equal(r->nr_callouts, 0);
	refs_free(r);
	doc_free(d);
}

static void test_broken_footnote_sequence(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	struct findings f;
	(void)state;
	r = parse_str("x.txt",
		      "First claim here1. Second claim there2. Fourth claim later4.\n\n"
		      "_______\n1\nAnna Berg, \xe2\x80\x9cOne\xe2\x80\x9d, Sea Review, 2001.\n"
		      "2\nBo Dahl, \xe2\x80\x9cTwo\xe2\x80\x9d, Sea Review, 2002.\n"
		      "4\nCai Eng, \xe2\x80\x9c" "Four\xe2\x80\x9d, Sea Review, 2004.\n", &d);
	assert_int_equal(r->nr_callouts, 3);
	findings_init(&f);
	refs_audit(r, &f);
	/* marker 3 and note 3 are both missing */
	assert_int_equal(count_kind(&f, "broken-footnote-sequence"), 2);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

/*
 * Notes read from the layout's note areas: "N Body" on one line, an
 * author's "*" note (first-page metadata inside) left out, and a
 * bracket inside a note body that is no callout.
 */
static void test_inline_note_numbers(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "inline-notes.txt", &d);
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_FOOTNOTES);
	assert_int_equal(r->nr_entries, 2);
	assert_int_equal(r->entries[0].number, 1);
	assert_true(!strncmp(r->entries[0].text, "Ola Nord,", 9));
	assert_int_equal(r->entries[1].number, 2);
	assert_string_equal(r->entries[1].fields.container, "Harbour Review");
	/* the entry's text range is the body in doc->text */
	assert_true(!strncmp(d->text.text.buf + r->entries[1].start, "2 Kari Sund", 11));
	/* markers 1 and 2; "[3]" in note 1 is not running text */
	assert_int_equal(r->nr_callouts, 2);
	assert_int_equal(r->callouts[1].targets[0].entry, 1);
	refs_free(r);
	doc_free(d);
}

/* Numbered notes over several pages' areas make one list. */
static void test_list_across_areas(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	(void)state;
	r = parse_str("x.txt",
		      "Ports grew [1] and ships grew [2] while the docks stayed small and\n"
		      "the quays were old, so the board asked for money from the city.\n"
		      "It took years before anything was done about the old quays.\n\n"
		      "_______\n\n"
		      "1. Anna Berg, \"Ports\", Sea Review, 2001.\n"
		      "2. Bo Dahl, \"Ships\", Sea Review, 2002.\n\n"
		      "Ship Review 3 (2020) 1-9\n\n12\n\n"
		      "Docks grew [3] and quays [4] in the years that followed the war,\n"
		      "when the trade came back to the harbour and the ships returned.\n"
		      "The board then built new cranes and a larger warehouse there.\n\n"
		      "_______\n\n"
		      "3. Cai Eng, \"Docks\", Sea Review, 2003.\n"
		      "4. Dan Fos, \"Quays\", Sea Review, 2004.\n\n"
		      "Ship Review 3 (2020) 1-9\n\n13\n", &d);
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->nr_entries, 4);
	assert_int_equal(r->entries[3].number, 4);
	assert_int_equal(r->nr_callouts, 4);
	assert_int_equal(r->callouts[3].targets[0].entry, 3);
	refs_free(r);
	doc_free(d);
}

/*
 * A reference list cut by a page break between entries 7 and 8: the
 * layout takes out the page number and running header, then reads 8-10
 * as list items of the next page; they go on with the list.
 */
static void test_list_across_page_break(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "page-break.txt", &d);
	struct findings f;
	size_t i;
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].nr, 10);
	assert_int_equal(r->nr_entries, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(r->entries[i].number, (long)i + 1);
	assert_string_equal(r->entries[6].text, "Yan Berk, \"Routes from Rolls\", Map History, vol. 5, 2019.");
	assert_string_equal(r->entries[7].text, "Zoe Pell, The Copied Rolls, Abbey Press, Sion, 1972.");
	assert_int_equal(r->entries[7].line, 42);
	assert_string_equal(r->entries[9].fields.place, "Como");
	for (i = 0; i < r->nr_callouts; i++)
		assert_true(r->callouts[i].targets[0].entry >= 0);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(f.nr, 0);
	findings_release(&f);
	refs_free(r);
	doc_free(d);

	/* entry 7 itself cut by the page: its rest joins it */
	r = load(FIX "page-break-cut.txt", &d);
	assert_int_equal(r->nr_entries, 10);
	assert_string_equal(r->entries[6].text, "Yan Berk, \"Routes from Rolls\", Map History, vol. 5, 2019.");
	assert_int_equal(r->entries[6].nr_pieces, 2);
	assert_int_equal(r->entries[7].number, 8);
	refs_free(r);
	doc_free(d);
}

/* After the page break an unrelated paragraph: the list ends at 7. */
static void test_list_ends_at_page_break(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "page-break-end.txt", &d);
	struct findings f;
	(void)state;
	assert_int_equal(r->nr_entries, 7);
	assert_null(strstr(r->entries[6].text, "grateful"));
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "callout-beyond-list"), 3);
	findings_release(&f);
	refs_free(r);
	doc_free(d);

	/* numbered on, but remarks rather than citations: an appendix, not the list */
	r = parse_str("x.txt",
		      "Ports grew [1] and ships [2].\n\nReferences\n\n"
		      "1. Anna Berg, \"Ports\", Sea Review, 2001.\n"
		      "2. Bo Dahl, \"Ships\", Sea Review, 2002.\n\n"
		      "Ship Review 3 (2020) 1-9\n\n12\n\n"
		      "Ship Review 3 (2020) 1-9\n\n"
		      "3. The board met twice a year in the old customs house.\n"
		      "4. The keepers were paid in kind until the reform.\n\n"
		      "Ship Review 3 (2020) 1-9\n\n13\n", &d);
	assert_int_equal(r->nr_entries, 2);
	refs_free(r);
	doc_free(d);
}

/* Unnumbered entries under a heading: one per paragraph, cited by position. */
static void test_unnumbered_list(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	(void)state;
	r = parse_str("x.txt", "Ports\n\nPorts grew [1]. Ships grew [2]. Docks grew [3].\n\n"
		      "References\n\n"
		      "Berg, Anna. Harbours of the North. Bergen: Coast Press, 2001.\n\n"
		      "Dahl, Bo. Ships and Quays. Oslo: Sea Books, 2005.\n\n"
		      "Eng, Cai. The Docks. Harbour Review 12(3), 2009.\n", &d);
	assert_int_equal(r->nr_lists, 1);
	assert_string_equal(r->lists[0].heading, "References");
	assert_int_equal(r->nr_entries, 3);
	assert_string_equal(r->entries[1].label, "");
	assert_string_equal(r->entries[1].fields.publisher, "Sea Books");
	assert_int_equal(r->callouts[2].targets[0].entry, 2);
	refs_free(r);
	doc_free(d);
}

/* Numbers on their own lines under a "Notes" heading: an endnotes list. */
static void test_headed_note_numbers(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	(void)state;
	r = parse_str("x.txt", "Ports grew quickly.\n\nNotes\n\n"
		      "1\nAnna Berg, \xe2\x80\x9cOne\xe2\x80\x9d, Sea Review, 2001.\n"
		      "2\nBo Dahl, \xe2\x80\x9cTwo\xe2\x80\x9d, Sea Review, 2002.\n", &d);
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_ENDNOTES);
	assert_string_equal(r->lists[0].heading, "Notes");
	assert_int_equal(r->nr_entries, 2);
	assert_string_equal(r->entries[1].fields.title, "Two");
	refs_free(r);
	doc_free(d);
}

/* "(1) ..." paragraphs are an end list only when nothing of substance follows. */
static void test_end_list_must_end(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	(void)state;
	r = parse_str("x.txt", "The minister called it \"a duty\" (1).\n\n"
		      "(1) See: Report of the Board, State Press, Oslo, 2020.\n\n"
		      "The report then goes on for a long while about the work of the board, the\n"
		      "harbours it runs, the money it spends, and the ships that call at its quays\n"
		      "in every season of the year, with tables of tonnage and of the fees paid.\n", &d);
	assert_int_equal(r->nr_lists, 0);
	assert_int_equal(r->nr_callouts, 0);
	refs_free(r);
	doc_free(d);
}

/* HTML endnotes: one BLOCK_NOTES block per item, one list under the heading. */
static void test_html_endnotes(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "endnotes.html", &d);
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_ENDNOTES);
	assert_string_equal(r->lists[0].heading, "Notes");
	assert_int_equal(r->nr_entries, 3);
	assert_string_equal(r->entries[1].fields.publisher, "Coast Press");
	assert_int_equal(r->nr_callouts, 3);
	assert_int_equal(r->callouts[0].scheme, REFS_SCHEME_SUPERSCRIPT);
	assert_int_equal(r->callouts[1].targets[0].entry, 1);
	assert_int_equal(r->callouts[2].scheme, REFS_SCHEME_BRACKET);
	assert_int_equal(r->callouts[2].targets[0].entry, 2);
	refs_free(r);
	doc_free(d);
}

static void test_endnotes_and_enumerations(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "endnotes.txt", &d);
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_ENDNOTES);
	/* only the (1) after the quote; (1) (2) (3) items are enumerations */
	assert_int_equal(r->nr_callouts, 1);
	assert_int_equal(r->callouts[0].scheme, REFS_SCHEME_NOTE);
	assert_int_equal(r->callouts[0].targets[0].entry, 0);
	assert_string_equal(r->entries[0].fields.pages, "14-16");
	assert_string_equal(r->entries[0].fields.volume, "2");
	refs_free(r);
	doc_free(d);
}

static void test_uncited_list(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "uncited.txt", &d);
	struct findings f;
	(void)state;
	/* (1) (2) (a) (b) enumerations, no notes list for them: no callouts */
	assert_int_equal(r->nr_callouts, 0);
	assert_int_equal(r->nr_entries, 3);
	assert_int_equal(r->entries[0].kind, REFS_ENTRY_REFERENCE);
	assert_string_equal(r->entries[0].fields.authors[0], "NHB");
	assert_string_equal(r->entries[0].fields.place, "Tromso");
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.v[0].kind, "uncited-list");
	assert_int_equal(f.v[0].severity, SEV_WARNING);
	assert_int_equal(f.v[0].line, 11);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_superscripts_and_ibid(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "superscript.txt", &d);
	struct findings f;
	(void)state;
	assert_int_equal(r->nr_callouts, 3);
	assert_int_equal(r->callouts[1].scheme, REFS_SCHEME_SUPERSCRIPT);
	assert_int_equal(r->callouts[2].targets[0].number, 3);
	assert_int_equal(r->callouts[2].targets[0].entry, 2);
	assert_int_equal(r->entries[2].repeats, 1);      /* Ibid. repeats note 2 */
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "duplicate-source"), 1);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_repeats(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "repeats.txt", &d);
	(void)state;
	assert_int_equal(r->nr_entries, 6);
	assert_int_equal(r->entries[1].repeats, 0);      /* Ibid. */
	assert_int_equal(r->entries[3].repeats, 0);      /* Nord, op. cit. */
	assert_int_equal(r->entries[4].repeats, 2);      /* supra note 3 */
	assert_int_equal(r->entries[5].kind, REFS_ENTRY_DISCURSIVE);
	refs_free(r);
	doc_free(d);
}

/* "Nguyen, op. cit.": surname and short title, or an ambiguous-op-cit warning. */
static void test_opcit(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "opcit.txt", &d);
	struct findings f;
	const struct finding *fd;
	(void)state;
	assert_int_equal(r->nr_entries, 9);
	assert_int_equal(r->entries[3].repeats, -1);     /* Nguyen, op. cit.: two works */
	assert_int_equal(r->entries[3].kind, REFS_ENTRY_CITATION);
	assert_int_equal(r->entries[4].repeats, 0);      /* Nguyen, Reform, op. cit. */
	assert_int_equal(r->entries[5].repeats, 1);      /* Tran, op. cit.: one work */
	assert_int_equal(r->entries[6].repeats, 2);      /* Nguyen, Dredging the Delta */
	assert_int_equal(r->entries[7].repeats, 2);      /* Ibid. after it */
	assert_int_equal(r->entries[8].repeats, 1);      /* supra note 2 */
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "ambiguous-op-cit"), 1);
	fd = find_kind(&f, "ambiguous-op-cit");
	assert_int_equal(fd->severity, SEV_WARNING);
	assert_int_equal(fd->line, 14);
	assert_string_equal(fd->message, "note 4: 'Nguyen, op. cit.' may repeat note 1 or note 3, "
			    "two different works by Nguyen; give the short title");
	assert_int_equal(fd->nr_related, 2);
	assert_int_equal(fd->related[0].line, 11);
	assert_int_equal(fd->related[1].line, 13);
	findings_release(&f);
	refs_free(r);
	doc_free(d);

	/* the same work cited twice is one work: no ambiguity */
	r = parse_str("x.txt", "Ports [1] [2] [3].\n\nNotes\n\n"
		      "1. Lan Nguyen, \"Reform of the Harbour Boards\", Port Review, 2004.\n"
		      "2. Lan Nguyen, \"Reform of the Harbour Boards\", Port Review, 2004, p. 9.\n"
		      "3. Nguyen, op. cit., p. 12.\n", &d);
	assert_int_equal(r->nr_entries, 3);
	assert_int_equal(r->entries[2].repeats, 1);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "ambiguous-op-cit"), 0);
	findings_release(&f);
	refs_free(r);
	doc_free(d);

	/* initials after the comma are no short title; a title that fits none leaves the name */
	r = parse_str("x.txt", "Ports [1] [2] [3] [4] [5].\n\nNotes\n\n"
		      "1. Lan Nguyen, \"Reform of the Harbour Boards\", Port Review, 2004.\n"
		      "2. Lan Nguyen, \"Dredging the Delta\", River Quarterly, 2010.\n"
		      "3. Nguyen, L., op. cit., p. 12.\n"
		      "4. Minh Tran, \"Quays and Cranes\", Dock Press, Hue, 2006.\n"
		      "5. Tran, Cranes of Hue, op. cit., p. 2.\n", &d);
	assert_int_equal(r->nr_entries, 5);
	assert_int_equal(r->entries[2].repeats, -1);
	assert_int_equal(r->entries[4].repeats, 3);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "ambiguous-op-cit"), 1);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_markdown_notes(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "notes-md.md", &d);
	(void)state;
	assert_int_equal(r->nr_callouts, 2);
	assert_int_equal(r->callouts[0].scheme, REFS_SCHEME_MARKDOWN);
	assert_int_equal(r->callouts[1].targets[0].entry, 1);
	refs_free(r);
	doc_free(d);
}

/* Markdown footnotes with word labels link by label, not by number. */
static void test_markdown_labels(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "notes-md-labels.md", &d);
	(void)state;
	assert_int_equal(r->nr_lists, 1);
	assert_int_equal(r->lists[0].kind, REFS_LIST_MARKDOWN);
	assert_string_equal(r->entries[0].label, "tables");
	assert_true(!strncmp(r->entries[0].text, "Anna Fisk", 9));
	assert_int_equal(r->nr_callouts, 2);
	assert_string_equal(r->callouts[0].targets[0].label, "tables");
	assert_int_equal(r->callouts[0].targets[0].entry, 0);
	assert_int_equal(r->callouts[1].targets[0].entry, 1);
	refs_free(r);
	doc_free(d);
}

static void test_gaps_and_duplicates(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "gaps.txt", &d);
	struct findings f;
	(void)state;
	assert_int_equal(r->nr_entries, 6);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "duplicate-entry-number"), 1);
	assert_int_equal(count_kind(&f, "numbering-gap"), 1);
	assert_int_equal(count_kind(&f, "callout-beyond-list"), 1);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

static void test_out_of_order(void **state)
{
	struct doc *d = NULL;
	struct refs *r;
	struct findings f;
	(void)state;
	r = parse_str("x.txt", "A [1]. B [2]. C [4]. D [3]. E [5]. F [6].\n\nReferences\n\n"
		      "1. A. B, \"T1\", J, 2001.\n2. A. B, \"T2\", J, 2002.\n3. A. B, \"T3\", J, 2003.\n"
		      "4. A. B, \"T4\", J, 2004.\n5. A. B, \"T5\", J, 2005.\n6. A. B, \"T6\", J, 2006.\n", &d);
	findings_init(&f);
	refs_audit(r, &f);
	assert_int_equal(count_kind(&f, "out-of-order-first-citation"), 1);
	assert_int_equal(count_kind(&f, "uncited-entry"), 0);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

/*
 * A struct refs outlives its document: the renderers, the audit and the
 * walk over callouts read nothing from it (ASan checks the "nothing").
 */
static void test_refs_outlive_doc(void **state)
{
	struct doc *d = NULL;
	struct refs *r = load(FIX "bracket.txt", &d);
	struct findings f;
	struct strbuf sb = STRBUF_INIT;
	struct refs_cite cites[8];
	size_t start, n;
	const char *t = d->text.text.buf, *p = strstr(t, "The literature is reviewed");
	(void)state;
	assert_non_null(p);
	start = (size_t)(p - t);
	doc_free(d);
	assert_null(r->doc);
	findings_init(&f);
	refs_audit(r, &f);
	refs_audit(r, &f);      /* copies: twice gives each finding twice */
	assert_int_equal(count_kind(&f, "uncited-entry"), 2);
	refs_write_json(r, &f, &sb);
	assert_non_null(strstr(sb.buf, "\"document\":\"tests/fixtures/refs/bracket.txt\""));
	assert_non_null(strstr(sb.buf, "\"text\":\"[4a,b]\""));
	strbuf_reset(&sb);
	refs_write_text(r, &f, &sb);
	assert_non_null(strstr(sb.buf, "callout 3:"));
	/* "... reviewed in [4-6] and in [c.f. 5; p.30]." */
	n = refs_cites_in(r, start, start + 60, cites, 8);
	assert_int_equal(n, 4);
	assert_string_equal(cites[0].label, "4");
	assert_non_null(strstr(cites[0].entry, "Ports and Power"));
	assert_string_equal(cites[3].label, "5");
	assert_string_equal(cites[3].locator, "p.30");
	/* fewer slots than targets: the count is still right */
	assert_int_equal(refs_cites_in(r, start, start + 60, cites, 2), 4);
	assert_int_equal(refs_cites_in(r, 0, 5, cites, 8), 0);
	assert_int_equal(refs_callout_at(r, 0), 0);
	assert_int_equal(refs_callout_at(r, (size_t)-1), r->nr_callouts);
	strbuf_release(&sb);
	findings_release(&f);
	refs_free(r);
}

static void test_entry_fields(void **state)
{
	struct entry_fields f;
	const char *s;
	(void)state;
	entry_fields_init(&f);
	s = "A. Cau, R. Kuiper, and W.-P. de Roever. Formalising a strategy within a formalism. "
	    "In C. B. Jones and T. Denvir, editors, Proc. 5th Refinement Workshop, 1992.";
	entry_parse(s, strlen(s), &f);
	assert_int_equal(f.nr_authors, 3);
	assert_string_equal(f.authors[2], "W.-P. de Roever");
	assert_string_equal(f.title, "Formalising a strategy within a formalism");
	assert_int_equal(f.nr_editors, 2);
	assert_string_equal(f.date, "1992");
	entry_fields_release(&f);

	s = "Kim Sato, \xe2\x80\x9cHarbour Lights\xe2\x80\x9d, The Coast Daily, May 16, 2016. "
	    "https://coast.example.com/a/b; Kim Sato, \xe2\x80\x9cOther\xe2\x80\x9d, X, 2017.";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.authors[0], "Kim Sato");
	assert_string_equal(f.title, "Harbour Lights");
	assert_string_equal(f.container, "The Coast Daily");
	assert_string_equal(f.date, "2016-05-16");
	assert_int_equal(f.nr_urls, 1);
	assert_string_equal(f.urls[0], "https://coast.example.com/a/b");
	entry_fields_release(&f);

	s = "M. Ito and H. Ono. Hashing in a machine. New Computing, 4(2):101-120, June 1983. doi:10.1234/abc.5";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.volume, "4");
	assert_string_equal(f.issue, "2");
	assert_string_equal(f.pages, "101-120");
	assert_string_equal(f.date, "1983-06");
	assert_string_equal(f.doi, "10.1234/abc.5");
	assert_string_equal(f.container, "New Computing");
	entry_fields_release(&f);

	s = "Ann Lund, \xe2\x80\x9c" "Docks\xe2\x80\x9d, Sea Web, 2019, accessed 3 March 2020.";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.accessed, "2020-03-03");
	assert_string_equal(f.date, "2019");
	entry_fields_release(&f);

	/* "Vol" at the very end of a buffer without a NUL (found by the fuzzer) */
	{
		char *b = malloc(9);
		memcpy(b, "2020, Vol", 9);
		entry_parse(b, 9, &f);
		assert_string_equal(f.date, "2020");
		assert_null(f.volume);
		entry_fields_release(&f);
		free(b);
	}

	/* past ENTRY_MAX_LEN the text is not looked at: the later year is not seen */
	{
		size_t len = ENTRY_MAX_LEN + 100, k;
		char *b = malloc(len);
		const char *head = "A. Smith. Long notes. 1999. ";
		memcpy(b, head, strlen(head));
		for (k = strlen(head); k < len; k++)
			b[k] = k % 3 == 2 ? ' ' : 'w';
		memcpy(b + len - 6, " 2005.", 6);
		entry_parse(b, len, &f);
		assert_string_equal(f.date, "1999");
		entry_fields_release(&f);
		free(b);
	}

	assert_int_equal(entry_parse("", 0, &f), 0);
	assert_int_equal(entry_parse("???", 3, &f) >= 0, 1);
	entry_fields_release(&f);
}

/* Parses before + word + after into f (released first). */
static void parse_between(struct entry_fields *f, const char *before, const char *word, const char *after)
{
	char buf[160];
	snprintf(buf, sizeof(buf), "%s%s%s", before, word, after);
	entry_fields_release(f);
	entry_parse(buf, strlen(buf), f);
}

/*
 * The publisher, report and container words are looked for only at
 * word starts whose first letter is in a mask written by hand: one word
 * of each letter of each list is found.
 */
static void test_entry_keyword_letters(void **state)
{
	static const char *const pub[] = {
		"Academy", "Books", "College", "Department", "Elsevier", "Foundation", "GmbH",
		"Institute", "Kluwer", "Ltd", "Ministry", "NXB", "Office", "Press", "Springer",
		"University", "Verlag", "Wiley"
	};
	static const char *const rep[] = {
		"Dissertation", "In press", "Memo", "Preprint", "Report", "Submitted", "Thesis",
		"Unpublished", "Working paper"
	};
	static const char *const cont[] = {
		"Conference", "Journal", "Letters", "Magazine", "News", "Proceedings", "Review",
		"Symposium", "Times", "Workshop"
	};
	const char *head = "R. Holm. Tides of the north. ";
	struct entry_fields f;
	size_t i;
	(void)state;
	entry_fields_init(&f);
	for (i = 0; i < sizeof(pub) / sizeof(pub[0]); i++) {
		parse_between(&f, "R. Holm. Tides of the north. Acta Maris, 3(1):1-9, Alpha ", pub[i], ", 1999.");
		assert_true(f.publisher && strstr(f.publisher, pub[i]));
	}
	for (i = 0; i < sizeof(rep) / sizeof(rep[0]); i++) {
		parse_between(&f, head, rep[i], ", 1999.");
		assert_true(f.note && strstr(f.note, rep[i]));
	}
	/* a container word keeps a segment from being a publisher: "Ocean Press Review" */
	for (i = 0; i < sizeof(cont) / sizeof(cont[0]); i++) {
		parse_between(&f, "R. Holm. Tides of the north. Ocean Press ", cont[i], ", 3(1):1-9, 1999.");
		assert_true(!f.publisher && f.container);
	}
	entry_fields_release(&f);
}

/*
 * The phase-1 scans look only at the candidates one pass found, kept
 * by their first two letters (label_class(), month_pair()): every label
 * of every class is still found, and so is a month right after a digit.
 */
static void test_entry_label_candidates(void **state)
{
	static const char *const url[] = { "http://ex.org/a/b", "https://ex.org/a/b", "ftp://ex.org/a/b",
					    "www.ex.org/a/b" };
	static const char *const acc[] = { "accessed", "Retrieved", "viewed", "last visited", "truy cập" };
	static const char *const pages[] = { "pp. ", "pp ", "pages ", "page ", "pgs. ", "p. ", "tr. ",
					      "trang " };
	/* ("tập" and "số" are looked for too, but their value is then read from the wrong byte) */
	static const char *const vol[] = { "vol. ", "Volume ", "vol " };
	static const char *const issue[] = { "no. ", "number ", "nr. ", "Issue " };
	const char *head = "R. Holm. Tides of the north. Acta Maris, ";
	struct entry_fields f;
	char buf[96];
	size_t i;
	(void)state;
	entry_fields_init(&f);
	for (i = 0; i < sizeof(url) / sizeof(url[0]); i++) {
		parse_between(&f, head, url[i], " 1999.");
		assert_int_equal(f.nr_urls, 1);
		assert_string_equal(f.urls[0], url[i]);
	}
	parse_between(&f, head, "doi:10.1000/182", " 1999.");
	assert_string_equal(f.doi, "10.1000/182");
	parse_between(&f, head, "10.1000/18234", " 1999.");
	assert_string_equal(f.doi, "10.1000/18234");
	for (i = 0; i < sizeof(acc) / sizeof(acc[0]); i++) {
		snprintf(buf, sizeof(buf), "1999. http://ex.org/a (%s 12 May 2016)", acc[i]);
		parse_between(&f, head, buf, "");
		assert_string_equal(f.accessed, "2016-05-12");
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		parse_between(&f, head, pages[i], "12-19, 1999.");
		assert_string_equal(f.pages, "12-19");
	}
	for (i = 0; i < sizeof(vol) / sizeof(vol[0]); i++) {
		parse_between(&f, head, vol[i], "7, 1999.");
		assert_string_equal(f.volume, "7");
	}
	for (i = 0; i < sizeof(issue) / sizeof(issue[0]); i++) {
		parse_between(&f, "R. Holm. Tides of the north. Acta Maris, vol. 7, ", issue[i], "3, 1999.");
		assert_string_equal(f.issue, "3");
	}
	/* a month's capital after a digit opens a date; other capitals there do not */
	parse_between(&f, head, "ed.2March 2016", ".");
	assert_string_equal(f.date, "2016-03");
	parse_between(&f, head, "2Marsh 2016", ".");
	assert_string_equal(f.date, "2016");
	/* "Universität" is a publisher without being a word of the list */
	parse_between(&f, "R. Holm. Tides of the north. Acta Maris, 3(1):1-9, ", "Universität Wien", ", 1999.");
	assert_true(f.publisher && strstr(f.publisher, "Universität"));
	entry_fields_release(&f);
}

/* More sentences and segments than struct pieces holds inline: none is lost. */
static void test_entry_many_pieces(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct entry_fields f;
	int i;
	(void)state;
	strbuf_addstr(&sb, "R. Holm. Tides of the north. Acta Maris");
	for (i = 0; i < 45; i++)
		strbuf_addf(&sb, ", part%d", i);
	strbuf_addstr(&sb, ". Last one. Ocean Press, 1999.");
	entry_fields_init(&f);
	entry_parse(sb.buf, sb.len, &f);
	assert_string_equal(f.container, "Acta Maris");
	assert_non_null(f.note);
	assert_non_null(strstr(f.note, "part0, part1, "));
	assert_non_null(strstr(f.note, "part44"));
	assert_string_equal(f.publisher, "Ocean Press");
	assert_string_equal(f.date, "1999");
	entry_fields_release(&f);
	strbuf_release(&sb);
}

/* Place and publisher recognition, inverted names, volume(issue), series. */
static void test_entry_places_and_names(void **state)
{
	struct entry_fields f;
	const char *s;
	(void)state;
	entry_fields_init(&f);
	/* inverted names end at the last initial; "ACM" publishes; "(Tucson, Ariz., ...)" is a place */
	s = "HOLM, K. L., AND BERG, A. Tide tables for small harbours. In Proceedings of the 9th "
	    "Symposium on Coastal Works (Tucson, Ariz., May 3-5). ACM, New York, 1988, pages 12-20.";
	entry_parse(s, strlen(s), &f);
	assert_int_equal(f.nr_authors, 2);
	assert_string_equal(f.authors[1], "BERG, A.");
	assert_string_equal(f.title, "Tide tables for small harbours");
	assert_string_equal(f.container, "Proceedings of the 9th Symposium on Coastal Works");
	assert_string_equal(f.place, "Tucson, Ariz, New York");
	assert_string_equal(f.publisher, "ACM");
	entry_fields_release(&f);

	/* a title running into its container after a comma; a state abbreviation */
	s = "Lund, P. Quays of the North, Proceedings of the Harbour Conference, pages 3-9, "
	    "St. Charles, IL, June 1990.";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.title, "Quays of the North");
	assert_string_equal(f.container, "Proceedings of the Harbour Conference");
	assert_string_equal(f.place, "St. Charles, IL");
	assert_string_equal(f.date, "1990-06");
	entry_fields_release(&f);

	/* "35 (4)" with a space; a month is no place */
	s = "Sand, E. (1991). Wave loads. Coastal Engineering, 35 (4), 101-120, August.";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.volume, "35");
	assert_string_equal(f.issue, "4");
	assert_null(f.place);
	assert_null(f.note);
	assert_string_equal(f.date, "1991-08");
	entry_fields_release(&f);

	/* a series after the volume goes with the container */
	s = "A. Berg. Piers. In Works at Sea, volume 12, of Notes in Harbour Science, pages 1-9. "
	    "Sea Verlag, 1999.";
	entry_parse(s, strlen(s), &f);
	assert_string_equal(f.container, "Works at Sea, of Notes in Harbour Science");
	assert_string_equal(f.volume, "12");
	assert_string_equal(f.publisher, "Sea Verlag");
	entry_fields_release(&f);
}

static void test_dates(void **state)
{
	char out[11];
	(void)state;
	assert_int_equal(entry_date_iso("June, 8, 2011", 13, out), 10);
	assert_string_equal(out, "2011-06-08");
	assert_int_equal(entry_date_iso("18 October 2016", 15, out), 10);
	assert_string_equal(out, "2016-10-18");
	assert_int_equal(entry_date_iso("January 2016", 12, out), 7);
	assert_string_equal(out, "2016-01");
	assert_int_equal(entry_date_iso("in 1993.", 8, out), 4);
	assert_string_equal(out, "1993");
	assert_int_equal(entry_date_iso("Vol. 1S", 7, out), 0);
	assert_int_equal(entry_date_iso("term 2015-2020", 14, out), 0);
}

static void test_entries_json(void **state)
{
	struct entry_fields f;
	struct strbuf sb = STRBUF_INIT;
	const char *s = "1. CPV: Documents of the Congress, Office of the Board, Hanoi, 2016.";
	long num = 0;
	size_t skip;
	(void)state;
	skip = refs_entry_number_len(s, strlen(s), &num);
	assert_int_equal(num, 1);
	assert_int_equal(skip, 3);
	assert_int_equal(refs_entry_number_len("2.1. Policy", 11, NULL), 0);
	assert_int_equal(refs_entry_number_len("(1) See", 7, &num), 4);
	entry_fields_init(&f);
	entry_parse(s + skip, strlen(s) - skip, &f);
	entry_fields_write_json(&f, &sb);
	assert_string_equal(sb.buf, "{\"authors\":[\"CPV\"],\"title\":\"Documents of the Congress\","
			    "\"publisher\":\"Office of the Board\",\"place\":\"Hanoi\",\"date\":\"2016\"}");
	entry_fields_release(&f);
	strbuf_release(&sb);
}

/* The audit's messages for dangling, beyond-list and out-of-order callouts, word for word. */
static void test_audit_messages(void **state)
{
	static const char text[] =
		"Ports in small states\n\n"
		"Navies serve diplomacy [1]. Ports signal [3] and trade [2]. Surveys [4], [5], [6].\n"
		"More [7] and [8]. Last [9].\n\n"
		"References\n\n"
		"1. Jane Moreau, \"Navies in Peacetime\", Harbour Studies Quarterly, 2011.\n"
		"2. Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.\n"
		"3. Kim Lee: Trade and the Flag, Ocean Books, Busan, 2009.\n"
		"4. Ana Ruiz, \"Ports and Power\", Sea Review, 2015.\n"
		"6. Ida Berg, \"Blue Ties\", Nordic Press, Bergen, 2018.\n"
		"7. Lars Vik, \"An Unread Book\", Fjord Press, 2001.\n"
		"8. Tom Hale, \"Quiet Harbours\", Coast Journal, 2012.\n";
	struct doc *d = NULL;
	struct refs *r = parse_str("audit.txt", text, &d);
	struct findings f;
	const struct finding *fd;
	(void)state;
	assert_non_null(r);
	findings_init(&f);
	refs_audit(r, &f);
	fd = find_kind(&f, "dangling-callout");
	assert_non_null(fd);
	assert_string_equal(fd->message, "callout 5 has no entry in the reference list");
	fd = find_kind(&f, "callout-beyond-list");
	assert_non_null(fd);
	assert_string_equal(fd->message, "callout 9 points beyond the reference list, which ends at 8");
	fd = find_kind(&f, "out-of-order-first-citation");
	assert_non_null(fd);
	assert_string_equal(fd->message, "[3] is cited for the first time before [2]");
	assert_int_equal(count_kind(&f, "out-of-order-first-citation"), 1);
	findings_release(&f);
	refs_free(r);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_messages),
		cmocka_unit_test(test_bracket_grammar),
		cmocka_unit_test(test_entry_label_candidates),
		cmocka_unit_test(test_entry_many_pieces),
		cmocka_unit_test(test_bracket_rejects),
		cmocka_unit_test(test_bracket_document),
		cmocka_unit_test(test_callout_alignment),
		cmocka_unit_test(test_missing_list_once),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_footnote_run_needs_bodies),
		cmocka_unit_test(test_broken_footnote_sequence),
		cmocka_unit_test(test_inline_note_numbers),
		cmocka_unit_test(test_list_across_areas),
		cmocka_unit_test(test_list_across_page_break),
		cmocka_unit_test(test_list_ends_at_page_break),
		cmocka_unit_test(test_unnumbered_list),
		cmocka_unit_test(test_headed_note_numbers),
		cmocka_unit_test(test_end_list_must_end),
		cmocka_unit_test(test_html_endnotes),
		cmocka_unit_test(test_endnotes_and_enumerations),
		cmocka_unit_test(test_uncited_list),
		cmocka_unit_test(test_superscripts_and_ibid),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_opcit),
		cmocka_unit_test(test_markdown_notes),
		cmocka_unit_test(test_markdown_labels),
		cmocka_unit_test(test_gaps_and_duplicates),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_refs_outlive_doc),
		cmocka_unit_test(test_entry_fields),
		cmocka_unit_test(test_entry_keyword_letters),
		cmocka_unit_test(test_entry_places_and_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_entries_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
