/*
 * demo.c - a small fixed corpus of findings, tables and link rot, for
 * `provcheck report --demo`, the renderers' golden tests and the
 * browser screenshot. It includes hostile document text on purpose
 * (markup, quotes, CDATA and comment terminators, control characters,
 * an escape sequence, invalid UTF-8) that every format must neutralize.
 */
#include "report.h"
#include "sha256.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* 2024-05-01T06:00:00Z, the demo run's time. */
#define DEMO_TIME ((time_t)1714543200)
#define DAY 86400

static struct finding *add(struct findings *f, const char *stage, const char *kind,
			   enum severity sev, const char *doc, size_t line, size_t col,
			   const char *quote, const char *message)
{
	struct finding *fd;
	struct sha256 c;
	uint8_t dg[32];

	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	fd = &f->v[f->nr++];
	memset(fd, 0, sizeof(*fd));
	fd->kind = xstrdup(kind);
	fd->stage = xstrdup(stage);
	fd->severity = sev;
	fd->doc = doc ? xstrdup(doc) : NULL;
	fd->line = line;
	fd->col = col;
	fd->quote = quote ? xstrdup(quote) : NULL;
	fd->message = xstrdup(message);
	/* stable like the real ids: kind, document and quote */
	sha256_init(&c);
	sha256_update(&c, kind, strlen(kind) + 1);
	if (doc)
		sha256_update(&c, doc, strlen(doc) + 1);
	if (quote)
		sha256_update(&c, quote, strlen(quote));
	sha256_final(&c, dg);
	sha256_hex(dg, 8, fd->id);
	return fd;
}

#define PAPER "papers/harbour-study.txt"
#define ARTICLE "articles/river-report.md"
#define PAGE "web/council-page.html"
#define HOSTILE "<script>alert(\"pwn\")</script> ]]> -- <!-- 'single' & \"double\" \x01\x1b[31mred\x1b[0m \xff\xfe end"

static void demo_findings(struct findings *f, int previous)
{
	struct finding *fd;

	fd = add(f, "refs", "dangling-callout", SEV_ERROR, PAPER, 14, 37, "dredging costs rose sharply.12",
		 "callout 12 has no matching note");
	fd = add(f, "refs", "reference-unused", SEV_WARNING, PAPER, 88, 1,
		 "7. Harbour Authority. Annual Accounts 2019. Port Town: HA Press.",
		 "reference 7 is never cited in the text");
	fd = add(f, "links", "link-broken", SEV_ERROR, PAPER, 91, 24, "http://example.org/harbour/accounts2019.pdf",
		 "link is broken (404 not found)");
	fd->suggestion = xstrdup("http://web.archive.org/web/2020/http://example.org/harbour/accounts2019.pdf");
	fd = add(f, "claims", "claim-conflict", SEV_WARNING, PAPER, 22, 5,
		 "the new quay opened in March 2018",
		 "the opening date of the new quay differs between documents");
	finding_add_related_loc(fd, ARTICLE, 9, 18, "the quay, opened in\nAugust 2017,", "other side");
	if (!previous) {
		fd = add(f, "scan", "hostile-text", SEV_WARNING, ARTICLE, 3, 1, HOSTILE,
			 "odd text <b>kept</b> as \"text\" & escaped");
		fd->suggestion = xstrdup("javascript:alert(1)");
		fd = add(f, "links", "link-repaired", SEV_INFO, ARTICLE, 30, 12,
			 "https://example.com/newsanalysis/river",
			 "link works when the dropped hyphen is restored");
		fd->suggestion = xstrdup("https://example.com/news-analysis/river");
	}
	add(f, "claims", "date-unanchored", SEV_INFO, ARTICLE, 12, 40, "last Tuesday",
	    "relative date has no anchor date in the document");
	if (previous)
		add(f, "refs", "title-mismatch", SEV_WARNING, PAGE, 40, 3, "Council Minutes, 2020",
		    "cited title differs from the title of the page");
	add(f, "scan", "corpus-duplicate", SEV_INFO, NULL, 0, 0, NULL,
	    "two documents share 80% of their text");
}

static const char *const ref_cols[] = { "No.", "Reference", "Cited", "Link", "Status" };
static const char *const claim_cols[] = { "Claim", "This document", "Source", "Other document", "Source" };
static const char *const link_cols[] = { "URL", "Status", "Suggestion", "Archived copy" };

static void cell(struct report_row *row, size_t col, enum report_cell_kind kind,
		 enum report_tone tone, const char *s)
{
	report_cell_set(row, col, kind, tone, s, strlen(s));
}

static void demo_tables(struct report *r)
{
	struct report_doc *d;
	struct report_table *t;
	struct report_row *row;

	d = report_add_doc(r, PAPER, "text", 48213);
	t = report_doc_add_table(d, "references", "References", 5, ref_cols);
	row = report_table_add_row(t);
	cell(row, 0, CELL_NUMBER, TONE_NONE, "3");
	cell(row, 1, CELL_QUOTE, TONE_NONE, "Okafor, N. (2017). Silt and Tide. Coastal Review 12(3), 44-61.");
	cell(row, 2, CELL_NUMBER, TONE_NONE, "2");
	cell(row, 3, CELL_URL, TONE_NONE, "https://doi.org/10.5555/silt.2017.044");
	cell(row, 4, CELL_STATUS, TONE_GOOD, "ok");
	row = report_table_add_row(t);
	cell(row, 0, CELL_NUMBER, TONE_NONE, "7");
	cell(row, 1, CELL_QUOTE, TONE_NONE, "Harbour Authority. Annual Accounts 2019. Port Town: HA Press.");
	cell(row, 2, CELL_NUMBER, TONE_NONE, "0");
	cell(row, 3, CELL_URL, TONE_NONE, "http://example.org/harbour/accounts2019.pdf");
	cell(row, 4, CELL_STATUS, TONE_BAD, "broken 404");
	report_cell_set_note(row, 4, "archived copy available", 23);
	row = report_table_add_row(t);
	cell(row, 0, CELL_NUMBER, TONE_NONE, "9");
	cell(row, 1, CELL_QUOTE, TONE_NONE, "Lindqvist, E. Port | Pipes & <Tags>. 2021.");
	cell(row, 2, CELL_NUMBER, TONE_NONE, "1");
	cell(row, 4, CELL_STATUS, TONE_NONE, "no link");

	t = report_doc_add_table(d, "claims", "Claims in conflict", 5, claim_cols);
	row = report_table_add_row(t);
	cell(row, 0, CELL_TEXT, TONE_NONE, "new quay opening");
	cell(row, 1, CELL_QUOTE, TONE_NONE, "the new quay opened in March 2018");
	cell(row, 2, CELL_LOCATION, TONE_NONE, PAPER ":22:5");
	cell(row, 3, CELL_QUOTE, TONE_NONE, "the quay, opened in\nAugust 2017,");
	cell(row, 4, CELL_LOCATION, TONE_NONE, ARTICLE ":9:18");

	t = report_doc_add_table(d, "links", "Link problems", 4, link_cols);
	row = report_table_add_row(t);
	cell(row, 0, CELL_URL, TONE_NONE, "http://example.org/harbour/accounts2019.pdf");
	cell(row, 1, CELL_STATUS, TONE_BAD, "broken 404");
	cell(row, 3, CELL_URL, TONE_NONE,
	     "http://web.archive.org/web/2020/http://example.org/harbour/accounts2019.pdf");
	report_cell_set_note(row, 3, "snapshot of 2020-02-11, closest to the citation", 47);

	d = report_add_doc(r, ARTICLE, "markdown", 9120);
	t = report_doc_add_table(d, "links", "Link problems", 4, link_cols);
	row = report_table_add_row(t);
	cell(row, 0, CELL_URL, TONE_NONE, "https://example.com/newsanalysis/river");
	cell(row, 1, CELL_STATUS, TONE_WARN, "repaired");
	cell(row, 2, CELL_URL, TONE_NONE, "https://example.com/news-analysis/river");
	row = report_table_add_row(t);
	cell(row, 0, CELL_URL, TONE_NONE, "javascript:alert('x')");
	cell(row, 1, CELL_STATUS, TONE_BAD, "not http");

	d = report_add_doc(r, PAGE, "html", 30555);
	(void)d;
	d = report_add_doc(r, "scans/unreadable.pdf.txt", NULL, 0);
	report_doc_set_error(d, "invalid utf-8 at line 3, column 9");
}

static void demo_linkrot(struct linkrot *lr)
{
	static const size_t broken[] = { 3, 4, 4, 6, 5, 7, 8, 6 };
	struct linkrot_entry *e;
	size_t i;

	lr->run_id = 42;
	lr->prev_run_id = 41;
	lr->time = DEMO_TIME;
	e = linkrot_add(lr, LINKROT_NEW_BROKEN, "http://example.org/harbour/accounts2019.pdf", "broken",
			404, DEMO_TIME - DAY);
	linkrot_entry_set_where(e, PAPER, 91, 24, 2);
	linkrot_entry_set_archive(e, "http://web.archive.org/web/2020/http://example.org/harbour/accounts2019.pdf");
	e = linkrot_add(lr, LINKROT_NEW_BROKEN, "https://example.net/a\"b<c>", "timeout", 0, DEMO_TIME - DAY);
	linkrot_entry_set_where(e, ARTICLE, 31, 2, 1);
	e = linkrot_add(lr, LINKROT_STILL_BROKEN, "https://example.com/newsanalysis/river", "broken", 410,
			DEMO_TIME - 12 * DAY);
	linkrot_entry_set_where(e, ARTICLE, 30, 12, 1);
	linkrot_entry_set_suggestion(e, "https://example.com/news-analysis/river");
	e = linkrot_add(lr, LINKROT_RECOVERED, "https://example.org/tides", "ok", 200, 0);
	linkrot_entry_set_where(e, PAGE, 17, 8, 3);
	for (i = 0; i < ARRAY_SIZE(broken); i++)
		linkrot_add_point(lr, (int64_t)(35 + i), DEMO_TIME - (time_t)(ARRAY_SIZE(broken) - 1 - i) * DAY,
				  120 + i, broken[i]);
	linkrot_sort(lr);
}

void report_demo(struct report *r, struct findings *cur, struct findings *prev, struct linkrot *lr)
{
	r->run_id = 42;
	r->prev_run_id = 41;
	r->time = DEMO_TIME;
	demo_findings(cur, 0);
	demo_findings(prev, 1);
	r->findings = cur;
	r->previous = prev;
	demo_tables(r);
	demo_linkrot(lr);
	r->linkrot = lr;
}
