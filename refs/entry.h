/*
 * entry.h - one bibliographic entry (a reference-list item or the body
 * of a citation note) parsed into fields.
 *
 * The parser works in phases on a private copy of the text: first the
 * unambiguous pieces are taken out (URLs, DOI, access date, pages,
 * volume and issue, the date, a quoted title), then what is left is cut
 * into sentences and comma segments, and each is classified (authors,
 * title, "In ..." container, editors, publisher, place, report note).
 * It never fails: fields it cannot find are left NULL.
 *
 * All strings in struct entry_fields are owned by it (NUL-terminated
 * UTF-8) and freed by entry_fields_release().
 */
#ifndef PROVCHECK_ENTRY_H
#define PROVCHECK_ENTRY_H

#include <stddef.h>

struct strbuf;

/* Longest entry text parsed; the rest is ignored (a runaway "entry"). */
#define ENTRY_MAX_LEN 8192
/* At most this many authors, editors and URLs are kept. */
#define ENTRY_MAX_NAMES 64

struct entry_fields {
	char **authors;
	size_t nr_authors, alloc_authors;
	char *title;
	char *container;        /* journal, newspaper, site, book, proceedings */
	char *publisher;        /* publisher or issuing institution */
	char *place;
	char *date;             /* ISO 8601 at its real precision: 2016, 2016-01, 2016-01-11 */
	char *volume;
	char *issue;
	char *pages;            /* "206-214", "157-158", "12" */
	char **urls;
	size_t nr_urls, alloc_urls;
	char *doi;
	char **editors;
	size_t nr_editors, alloc_editors;
	char *note;             /* report numbers, thesis kind, "See" remarks */
	char *accessed;         /* ISO 8601 access date */
};

void entry_fields_init(struct entry_fields *f);
void entry_fields_release(struct entry_fields *f);

/*
 * Parses s[0..n) (one entry, no leading list number) into f, which must
 * be initialized. Returns the number of fields found (0: nothing could
 * be recognised).
 */
int entry_parse(const char *s, size_t n, struct entry_fields *f);

/* Number of fields set in f. */
int entry_fields_count(const struct entry_fields *f);

/*
 * Appends f as a JSON object ({"authors":[...],"title":...}); absent
 * fields are omitted. Returns 0, or -1 if sb's cap was hit.
 */
int entry_fields_write_json(const struct entry_fields *f, struct strbuf *sb);

/*
 * Normalizes a date expression s[0..n) ("May 16, 2016", "June, 8, 2011",
 * "18 October 2016", "2016-01", "January 2016", "1993") into ISO 8601
 * at its real precision. Returns the length written to out (at most 10
 * bytes plus NUL; out must hold 11), or 0 if s holds no date.
 */
size_t entry_date_iso(const char *s, size_t n, char *out);

/*
 * A canonical key for "same source" comparisons: the lowercased title
 * (or, without a title, container and date), letters and digits only.
 * Appends to sb; returns its length added (0: no usable key).
 */
size_t entry_source_key(const struct entry_fields *f, struct strbuf *sb);

#endif
