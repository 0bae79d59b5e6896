/*
 * report.h - renders one findings model as text, Markdown, HTML, JSON
 * or JUnit XML, and the nightly link-rot report.
 *
 * A struct report gathers what a renderer needs:
 *   - the findings of the run (struct findings, checker/findings.h),
 *     and optionally those of the previous run so that each finding is
 *     marked new or not, and the ones that disappeared are listed as
 *     fixed (matched by the findings' stable ids);
 *   - a corpus summary: the documents with their format and size, the
 *     run id and its time (injected, so that output is reproducible);
 *   - per-document sections that the stages attach without the
 *     renderers knowing their internals: named tables of rows of cells
 *     (see "Sections" below);
 *   - optionally a struct linkrot: the link-rot changes since the
 *     previous run and a trend of broken links over the last runs.
 *
 * Output goes to a struct strbuf (its cap bounds the report). Every
 * piece of document text is sanitized on the way out: invalid UTF-8
 * becomes U+FFFD, control characters (but tab and newline where the
 * format allows them) become U+FFFD too, so that a hostile quote can
 * neither break the markup nor drive a terminal. HTML is built with
 * libxml2's tree API and JUnit with an escaping writer (junit.c), so
 * text is escaped by construction.
 *
 * Ownership: struct report owns its documents, tables and their
 * strings (copied in). It does not own the findings, the previous
 * findings or the linkrot it points to: they must outlive
 * report_render().
 */
#ifndef PROVCHECK_REPORT_H
#define PROVCHECK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "findings.h"

struct strbuf;
struct strmap;

enum report_result {
	REPORT_OK = 0,
	REPORT_ERR_LIMIT,       /* the output buffer's cap was reached */
	REPORT_ERR_XML,         /* libxml2 could not build or serialize the tree */
	REPORT_ERR_FORMAT,      /* unknown format */
	REPORT_ERR_SINK         /* opts.sink refused a piece: the report is incomplete */
};

/* Static string, lowercase ("report too large"). */
const char *report_strerror(enum report_result r);

enum report_format {
	REPORT_TEXT = 0,
	REPORT_MD,
	REPORT_HTML,
	REPORT_JSON,
	REPORT_JUNIT
};

/* Parses "text", "md", "html", "json", "junit"; returns -1 if unknown. */
int report_format_parse(const char *s, enum report_format *out);
const char *report_format_name(enum report_format f);

/* Version of the JSON schema (docs/report-schema.json) the JSON output follows. */
#define REPORT_SCHEMA_VERSION 1

/*
 * Sections. A stage describes what it found in a document as tables:
 * a table has a machine name ("references", "claims", "links"), a
 * title for people, column names, and rows of cells. A cell's kind
 * tells the renderers how to show it (a quote in quotation style, a
 * URL as a link, a status as a coloured badge); its tone colours a
 * status (good: ok, warn: redirect/failing, bad: broken). A cell's
 * note is shown small under its text (a source of a claim, the
 * archived copy of a link). For claims, put both sides of a conflict
 * in one row ("side A", "source A", "side B", "source B"): HTML shows
 * them side by side.
 *
 *	struct report_table *t = report_doc_add_table(rd, "links", "Link problems",
 *						      4, (const char *[]){ "URL", "Status", "Suggestion", "Archived copy" });
 *	struct report_row *row = report_table_add_row(t);
 *	report_cell_set(row, 0, CELL_URL, TONE_NONE, url, strlen(url));
 *	report_cell_set(row, 1, CELL_STATUS, TONE_BAD, "broken", 6);
 */
enum report_cell_kind {
	CELL_TEXT = 0,
	CELL_QUOTE,             /* text quoted from a document */
	CELL_URL,               /* shown as a link (http/https only; else as text) */
	CELL_STATUS,            /* a short verdict, coloured by tone */
	CELL_NUMBER,
	CELL_LOCATION           /* "path:line:col" */
};

enum report_tone {
	TONE_NONE = 0,
	TONE_GOOD,
	TONE_WARN,
	TONE_BAD
};

const char *report_cell_kind_name(enum report_cell_kind k);
const char *report_tone_name(enum report_tone t);

struct report_cell {
	enum report_cell_kind kind;
	enum report_tone tone;
	char *text;             /* owned; NULL: empty cell */
	char *note;             /* owned; may be NULL */
};

struct report_row {
	struct report_cell *cells;      /* nr_columns of the table */
};

struct report_table {
	char *name;             /* machine name */
	char *title;
	char **columns;
	size_t nr_columns;
	struct report_row *rows;
	size_t nr_rows, alloc_rows;
};

/* One document of the corpus. */
struct report_doc {
	char *path;
	char *format;           /* "text", "markdown"...; may be NULL */
	size_t size;            /* bytes; 0 if unknown */
	char *error;            /* why it could not be read, or NULL */
	struct report_table *tables;
	size_t nr_tables, alloc_tables;
};

/*
 * Link rot since the previous run, filled by the links stage from its
 * check history. Times are Unix seconds.
 */
enum linkrot_change {
	LINKROT_NEW_BROKEN = 0, /* ok (or unseen) last run, broken now */
	LINKROT_STILL_BROKEN,   /* broken in both runs */
	LINKROT_RECOVERED       /* broken last run, ok now */
};

const char *linkrot_change_name(enum linkrot_change c);

struct linkrot_entry {
	enum linkrot_change change;
	char *url;              /* owned */
	char *verdict;          /* "broken", "timeout", "soft404"..., or "ok" when recovered */
	int status;             /* HTTP status, 0 if none */
	char *doc;              /* first occurrence: path, line, column; doc may be NULL */
	size_t line, col;
	size_t occurrences;     /* how many places cite it */
	time_t broken_since;    /* first failed check of the current failure; 0 if none */
	char *archive;          /* archived copy, or NULL */
	char *suggestion;       /* working repaired URL, or NULL */
};

struct linkrot_point {
	int64_t run_id;
	time_t time;
	size_t checked;
	size_t broken;
};

struct linkrot {
	int64_t run_id, prev_run_id;    /* prev_run_id 0: no previous run */
	time_t time;
	struct linkrot_entry *v;
	size_t nr, alloc;
	struct linkrot_point *trend;    /* oldest first */
	size_t nr_trend, alloc_trend;
};

void linkrot_init(struct linkrot *lr);
void linkrot_release(struct linkrot *lr);
/* Adds an entry with copies of the strings (any may be NULL); returns it. */
struct linkrot_entry *linkrot_add(struct linkrot *lr, enum linkrot_change change,
				  const char *url, const char *verdict, int status,
				  time_t broken_since);
void linkrot_entry_set_where(struct linkrot_entry *e, const char *doc, size_t line,
			     size_t col, size_t occurrences);
void linkrot_entry_set_archive(struct linkrot_entry *e, const char *archive);
void linkrot_entry_set_suggestion(struct linkrot_entry *e, const char *suggestion);
void linkrot_add_point(struct linkrot *lr, int64_t run_id, time_t t, size_t checked,
		       size_t broken);
/* Sorts entries by change, then URL. */
void linkrot_sort(struct linkrot *lr);
/* Whole days between since and now (0 if since is 0 or later). */
long linkrot_days(time_t since, time_t now);

/* Report options, set by the caller. */
struct report_opts {
	int color;              /* text: ANSI colours */
	int fail_never;         /* junit: no finding fails */
	enum severity fail_on;  /* junit: findings at or above fail */
	const char *title;      /* NULL: "provcheck report" */
	const char *version;    /* tool version shown; NULL: this build's */
	/*
	 * Text format: the source line `line` of document `doc`, so that it
	 * is shown under the finding as gcc does; NULL (or returning NULL)
	 * shows the finding's quote instead. The returned bytes belong to
	 * the callback's owner and stay valid until the next call.
	 */
	const char *(*source_line)(void *ud, const char *doc, size_t line, size_t *len);
	void *source_ud;
	/*
	 * Text, Markdown and HTML: the findings of one kind listed per
	 * document; the rest are counted in one "and N more like this" line
	 * (the counts and the JSON report keep them all). 0: the default,
	 * REPORT_MAX_PER_KIND; SIZE_MAX: every finding.
	 */
	size_t max_per_kind;
	/*
	 * Streaming. When set, the renderers hand their output to sink in
	 * pieces of about REPORT_CHUNK bytes as they go (between documents)
	 * instead of building the whole report in memory, and
	 * report_render() leaves out empty. (HTML builds the tree of one
	 * document's section at a time, html.c.) sink returns 0, or -1 to stop
	 * the report (report_render() then returns REPORT_ERR_SINK). The cap
	 * of out then bounds each piece, not the report.
	 */
	int (*sink)(void *ud, const char *buf, size_t n);
	void *sink_ud;
};

/* Findings of one kind listed per document in text, Markdown and HTML. */
#define REPORT_MAX_PER_KIND 10
/* What a streaming renderer gathers before handing it to the sink. */
#define REPORT_CHUNK (256u << 10)

struct report {
	int64_t run_id;                 /* 0 if unknown */
	int64_t prev_run_id;            /* 0: no previous run */
	time_t time;                    /* the run's time (injected) */
	const struct findings *findings;        /* not owned; may be NULL */
	const struct findings *previous;        /* not owned; NULL: no comparison */
	const struct linkrot *linkrot;          /* not owned; may be NULL */
	int linkrot_only;               /* render the link-rot report alone */
	struct report_doc *docs;
	size_t nr_docs, alloc_docs;
	struct report_opts opts;
	/* private: docs[0..nr_indexed) by path, kept by report_add_doc() */
	struct strmap *doc_index;
	size_t nr_indexed;
};

void report_init(struct report *r);
/* Frees the documents and tables; leaves r re-initialized. */
void report_release(struct report *r);

/*
 * Adds a document (path copied; format may be NULL). Returns it, valid
 * until the next report_add_doc(). A finding whose document is not
 * listed gets one added at render time.
 */
struct report_doc *report_add_doc(struct report *r, const char *path, const char *format,
				  size_t size);
struct report_doc *report_find_doc(const struct report *r, const char *path);
void report_doc_set_error(struct report_doc *d, const char *error);

/* Adds a table with ncols columns; the names are copied. */
struct report_table *report_doc_add_table(struct report_doc *d, const char *name,
					  const char *title, size_t ncols,
					  const char *const *columns);
/* Adds an empty row (every cell CELL_TEXT, NULL). */
struct report_row *report_table_add_row(struct report_table *t);
/* Sets cell col of row (s[0..n) copied); col past the table's columns is ignored. */
void report_cell_set(struct report_row *row, size_t col, enum report_cell_kind kind,
		     enum report_tone tone, const char *s, size_t n);
void report_cell_set_note(struct report_row *row, size_t col, const char *s, size_t n);

/*
 * Renders r as fmt, appending to out. Returns REPORT_OK, or
 * REPORT_ERR_LIMIT when the report would pass out's cap (out is then
 * left unchanged: a report is never truncated). With opts.sink, the
 * report goes to the sink instead (see struct report_opts) and a
 * failure may leave it incomplete there.
 */
enum report_result report_render(const struct report *r, enum report_format fmt,
				 struct strbuf *out);

/*
 * Text colour decision: setting is [core] color (-1 auto, 0 never,
 * 1 always); auto means colour only when the output is a terminal and
 * NO_COLOR is unset or empty (no_color_env is getenv("NO_COLOR")).
 */
int report_use_color(int setting, int is_tty, const char *no_color_env);

/*
 * "Quiet" test for cron: 1 when the link-rot report has nothing to say
 * (no newly broken and no recovered link).
 */
int linkrot_unchanged(const struct linkrot *lr);

/*
 * A fixed demo corpus (three documents, an unreadable one, findings
 * with hostile text, tables, a previous run and link rot) for
 * `provcheck report --demo`, the golden tests and the screenshot.
 * Fills r (initialized by the caller) pointing to cur, prev and lr,
 * which the caller initializes and releases.
 */
void report_demo(struct report *r, struct findings *cur, struct findings *prev,
		 struct linkrot *lr);

/* ISO 8601 UTC ("2024-05-01T06:00:00Z") of t into buf (at least 21 bytes). */
void report_time_iso(time_t t, char *buf, size_t n);

#endif
