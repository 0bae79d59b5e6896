/*
 * report_internal.h - what the renderers (the files of reports/) share: a view
 * of the report grouped by document with counts and new/fixed marks,
 * and text sanitizing. Not for callers outside reports/.
 */
#ifndef PROVCHECK_REPORT_INTERNAL_H
#define PROVCHECK_REPORT_INTERNAL_H

#include "report.h"
#include "buf.h"

/* One document as the renderers see it. */
struct rview_doc {
	const char *path;               /* NULL: corpus-wide findings */
	const struct report_doc *rd;    /* NULL if the document was not listed */
	const struct finding **items;   /* into findings->v, sorted by line, column, kind */
	size_t nr, alloc;
	size_t count[3];                /* by severity */
	size_t nr_new;
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
	const struct finding **fixed;   /* previous findings no longer reported */
	size_t nr_fixed, alloc_fixed;
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
