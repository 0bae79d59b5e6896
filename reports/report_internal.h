/*
 * report_internal.h - what the renderers (the files of reports/) share: a view
 * of the report grouped by document with counts and new/fixed marks,
 * and text sanitizing. Not for callers outside reports/.
 */
#ifndef PROVCHECK_REPORT_INTERNAL_H
#define PROVCHECK_REPORT_INTERNAL_H

#include "report.h"
#include "buf.h"

/* Findings of one kind a document has past opts.max_per_kind. */
struct rview_more {
	const char *kind;
	size_t nr;
};

/* One document as the renderers see it. */
struct rview_doc {
	const char *path;               /* NULL: corpus-wide findings */
	const struct report_doc *rd;    /* NULL if the document was not listed */
	const struct finding **items;   /* into findings->v, sorted by line, column, kind */
	size_t nr, alloc;
	size_t count[3];                /* by severity */
	size_t nr_new;
	/*
	 * Text, Markdown and HTML list at most opts.max_per_kind findings
	 * of each kind: unlisted[j] marks items[j] past that, more counts
	 * them per kind (in order of first appearance).
	 */
	unsigned char *unlisted;
	struct rview_more *more;
	size_t nr_more;
};

/* Where a streaming renderer's pieces go (opts.sink); mutable in a const view. */
struct rview_sink {
	int (*fn)(void *ud, const char *buf, size_t n);
	void *ud;
	int failed;
};

/* Findings by stage, in order of first appearance. */
struct rview_stage {
	const char *stage;
	size_t count[3];
};

struct rview {
	const struct report *r;
	const struct findings *f;       /* never NULL (empty when r has none) */
	struct rview_doc *docs;
	size_t nr_docs, alloc_docs;
	size_t last_doc;                /* lookup cache while building */
	struct rview_stage *stages;
	size_t nr_stages, alloc_stages;
	unsigned char *is_new;          /* per finding of f; all 0 without a previous run */
	struct rview_sink *sink;        /* NULL: the report is built in memory */
	const struct finding **fixed;   /* previous findings no longer reported */
	size_t nr_fixed, alloc_fixed;
	unsigned char *fixed_unlisted;  /* as rview_doc's unlisted and more, for fixed */
	struct rview_more *fixed_more;
	size_t nr_fixed_more;
	size_t count[3];
	size_t nr_new;
	int compared;                   /* a previous run was given */
	const char *title;
	char when[32];                  /* ISO 8601 of r->time */
};

void rview_init(struct rview *v, const struct report *r);
/* Whether fd (a finding of v->f) is new since the previous run. */
int rview_is_new(const struct rview *v, const struct finding *fd);
void rview_release(struct rview *v);
/*
 * A point where a streaming renderer may hand out what it has: when the
 * view has a sink and out holds REPORT_CHUNK bytes or more (or always,
 * when last), out goes to the sink and is emptied.
 */
void rview_flush(const struct rview *v, struct strbuf *out, int last);

/* "and 3 more like this (claim-conflict)" into out, no newline. */
void rp_more(struct strbuf *out, const struct rview_more *m);

/*
 * Appends s[0..n) with invalid UTF-8 and control characters replaced
 * by U+FFFD. Tabs become a space; newlines are kept when keep_nl, else
 * become a space. Returns -1 past out's cap.
 */
int rp_clean(struct strbuf *out, const char *s, size_t n, int keep_nl);
/* Same, NUL-terminated (s may be NULL: adds nothing). */
int rp_cleans(struct strbuf *out, const char *s, int keep_nl);

/* "path:line:col" (or "path:line", "path") of a finding or location. */
void rp_location(struct strbuf *out, const char *doc, size_t line, size_t col);

/* Plural helper: "1 error", "2 errors". */
const char *rp_plural(size_t n, const char *one, const char *many);

/*
 * The renderers append to an unbounded scratch buffer; report_render()
 * then moves it into the caller's (bounded) buffer in one piece.
 */
void render_text(const struct rview *v, struct strbuf *out);
void render_markdown(const struct rview *v, struct strbuf *out);
void render_json(const struct rview *v, struct strbuf *out);
enum report_result render_html(const struct rview *v, struct strbuf *out);
enum report_result render_junit(const struct rview *v, struct strbuf *out);

#endif
