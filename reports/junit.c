/*
 * junit.c - JUnit XML so that CI systems show findings as failed test
 * cases: <testsuites> holds a <testsuite> per document and a
 * <testcase> per finding; a finding at or above --fail-on carries a
 * <failure>, the others pass with the finding in <system-out>. A
 * document without findings has one passing case, so it still shows.
 *
 * Streamed like text, Markdown and JSON: the report is written a
 * document at a time (rview_flush()), so a corpus of a million findings
 * is never one tree in memory. The totals the root element carries are
 * counted first, from the view.
 *
 * Escaping by construction: the markup is written only by the small
 * writer below (struct jw), which takes element and attribute names
 * from this file's constants and every value through jw_escape(): text
 * is cleaned first (rp_clean(): XML 1.0 has no way at all to carry most
 * control characters, not even as character references), then <, >, &
 * (and " in attributes) become entities. The layout is libxml2's
 * indented one (xmlDocDumpFormatMemory()), which this file used before,
 * so that the output did not change.
 */
#include "report_internal.h"

#include <string.h>

/* Elements open at once: testsuites > testsuite > testcase > failure. */
#define JW_DEPTH 8

struct jw {
	struct strbuf *out;
	const char *open[JW_DEPTH];     /* names of the open elements */
	int depth;
	int in_tag;             /* "<name attr..." written, its '>' not yet */
	int has_text;           /* the innermost element holds text: no indent before its end tag */
};

/* s[0..n) cleaned and escaped for XML character data, or an attribute value when attr. */
static void jw_escape(struct strbuf *out, const char *s, size_t n, int attr)
{
	struct strbuf clean = STRBUF_INIT;
	size_t i, start = 0;

	/* attribute values on one line, as before; text keeps its lines */
	rp_clean(&clean, s, n, !attr);
	for (i = 0; i < clean.len; i++) {
		const char *ent;
		switch (clean.buf[i]) {
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '&': ent = "&amp;"; break;
		case '"': ent = attr ? "&quot;" : NULL; break;
		default: ent = NULL; break;
		}
		if (!ent)
			continue;
		strbuf_add(out, clean.buf + start, i - start);
		strbuf_addstr(out, ent);
		start = i + 1;
	}
	strbuf_add(out, clean.buf + start, clean.len - start);
	strbuf_release(&clean);
}

static void jw_indent(struct jw *w, int depth)
{
	int i;
	for (i = 0; i < depth; i++)
		strbuf_add(w->out, "  ", 2);
}

/* Opens element name (a constant of this file) under the current one. */
static void jw_start(struct jw *w, const char *name)
{
	if (w->in_tag)
		strbuf_add(w->out, ">\n", 2);
	jw_indent(w, w->depth);
	strbuf_addch(w->out, '<');
	strbuf_addstr(w->out, name);
	if (w->depth < JW_DEPTH)
		w->open[w->depth] = name;
	w->depth++;
	w->in_tag = 1;
	w->has_text = 0;
}

/* An attribute of the element just opened; value may be NULL (empty). */
static void jw_attr(struct jw *w, const char *name, const char *value)
{
	strbuf_addch(w->out, ' ');
	strbuf_addstr(w->out, name);
	strbuf_add(w->out, "=\"", 2);
	if (value)
		jw_escape(w->out, value, strlen(value), 1);
	strbuf_addch(w->out, '"');
}

static void jw_attr_num(struct jw *w, const char *name, size_t v)
{
	strbuf_addf(w->out, " %s=\"%zu\"", name, v);
}

/* Character data of the element just opened (no element follows it there). */
static void jw_text(struct jw *w, const char *s, size_t n)
{
	if (w->in_tag)
		strbuf_addch(w->out, '>');
	w->in_tag = 0;
	jw_escape(w->out, s, n, 0);
	w->has_text = 1;
}

/* Closes the innermost element: "/>" when it is empty. */
static void jw_end(struct jw *w)
{
	const char *name;

	if (w->depth <= 0)
		return;
	w->depth--;
	name = w->depth < JW_DEPTH ? w->open[w->depth] : "";
	if (w->in_tag) {
		strbuf_add(w->out, "/>\n", 3);
	} else {
		if (!w->has_text)
			jw_indent(w, w->depth);
		strbuf_add(w->out, "</", 2);
		strbuf_addstr(w->out, name);
		strbuf_add(w->out, ">\n", 2);
	}
	w->in_tag = 0;
	w->has_text = 0;
}

static int fails(const struct rview *v, const struct finding *fd)
{
	return !v->r->opts.fail_never && fd->severity >= v->r->opts.fail_on;
}

/* The body of a failure or system-out: everything a person needs. */
static void describe(struct strbuf *sb, const struct rview *v, const struct finding *fd)
{
	size_t j;
	rp_location(sb, fd->doc, fd->line, fd->col);
	strbuf_addf(sb, ": %s: ", severity_name(fd->severity));
	strbuf_addstr(sb, fd->message);
	strbuf_addf(sb, " [%s]%s\n", fd->kind, rview_is_new(v, fd) ? " (new)" : "");
	if (fd->quote)
		strbuf_addf(sb, "quote: %s\n", fd->quote);
	for (j = 0; j < fd->nr_related; j++) {
		const struct finding_loc *l = &fd->related[j];
		strbuf_addf(sb, "%s: ", l->note ? l->note : "related");
		rp_location(sb, l->doc ? l->doc : fd->doc, l->line, l->col);
		if (l->quote)
			strbuf_addf(sb, ": %s", l->quote);
		strbuf_addch(sb, '\n');
	}
	if (fd->suggestion)
		strbuf_addf(sb, "suggestion: %s\n", fd->suggestion);
	strbuf_addf(sb, "id: %s\n", fd->id);
}

/* A document without findings: one passing case, or an error if it could not be read. */
static void empty_suite(struct jw *w, const struct rview_doc *d)
{
	int unreadable = d->rd && d->rd->error;

	jw_start(w, "testcase");
	jw_attr(w, "name", unreadable ? "read" : "no findings");
	jw_attr(w, "classname", "provcheck");
	if (d->path)
		jw_attr(w, "file", d->path);
	jw_attr(w, "time", "0");
	if (unreadable) {
		jw_start(w, "error");
		jw_attr(w, "message", d->rd->error);
		jw_attr(w, "type", "unreadable");
		jw_end(w);
	}
	jw_end(w);
}

static void testcase(struct jw *w, const struct rview *v, const struct finding *fd)
{
	struct strbuf name = STRBUF_INIT, body = STRBUF_INIT, cls = STRBUF_INIT;

	jw_start(w, "testcase");
	strbuf_addf(&name, "%s ", fd->kind);
	rp_location(&name, fd->doc, fd->line, fd->col);
	jw_attr(w, "name", name.buf);
	strbuf_addf(&cls, "provcheck.%s", fd->stage);
	jw_attr(w, "classname", cls.buf);
	if (fd->doc)
		jw_attr(w, "file", fd->doc);
	if (fd->line)
		jw_attr_num(w, "line", fd->line);
	jw_attr(w, "time", "0");
	describe(&body, v, fd);
	if (fails(v, fd)) {
		jw_start(w, "failure");
		jw_attr(w, "message", fd->message);
		jw_attr(w, "type", fd->kind);
	} else {
		jw_start(w, "system-out");
	}
	jw_text(w, body.buf, body.len);
	jw_end(w);
	jw_end(w);
	strbuf_release(&name);
	strbuf_release(&body);
	strbuf_release(&cls);
}

enum report_result render_junit(const struct rview *v, struct strbuf *out)
{
	struct jw w;
	size_t i, j, total_fail = 0, total_tests = 0;

	memset(&w, 0, sizeof(w));
	w.out = out;
	/* the root carries the totals: counted before anything is written */
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		total_tests += d->nr ? d->nr : 1;
		for (j = 0; j < d->nr; j++)
			total_fail += fails(v, d->items[j]);
	}
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	jw_start(&w, "testsuites");
	jw_attr(&w, "name", v->title);
	jw_attr_num(&w, "tests", total_tests);
	jw_attr_num(&w, "failures", total_fail);
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		size_t nfail = 0;

		for (j = 0; j < d->nr; j++)
			nfail += fails(v, d->items[j]);
		jw_start(&w, "testsuite");
		jw_attr(&w, "name", d->path ? d->path : "(corpus)");
		jw_attr_num(&w, "tests", d->nr ? d->nr : 1);
		jw_attr_num(&w, "failures", nfail);
		jw_attr_num(&w, "errors", d->rd && d->rd->error ? 1 : 0);
		jw_attr_num(&w, "skipped", 0);
		jw_attr(&w, "time", "0");
		jw_attr(&w, "timestamp", v->when);
		if (!d->nr)
			empty_suite(&w, d);
		for (j = 0; j < d->nr; j++)
			testcase(&w, v, d->items[j]);
		jw_end(&w);
		/* a document at a time to the sink, as text and JSON go */
		rview_flush(v, out, 0);
	}
	jw_end(&w);
	return REPORT_OK;
}
