/*
 * text.c - compiler-style text: "path:line:column: severity: message"
 * lines that editors and IDEs jump to, the source line under each with
 * a caret (as gcc prints it), related locations as "note:" lines,
 * grouped by document, and a summary at the end. ANSI colours only when
 * opts.color says so.
 */
#include "report_internal.h"
#include "utf8.h"

#include <string.h>

/* The widest source excerpt shown, in code points. */
#define EXCERPT_MAX 160

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_DIM "\033[2m"

struct tctx {
	struct strbuf *out;
	int color;
};

static void on(const struct tctx *t, const char *code)
{
	if (t->color)
		strbuf_addstr(t->out, code);
}

static void off(const struct tctx *t)
{
	if (t->color)
		strbuf_addstr(t->out, C_RESET);
}

static const char *sev_color(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return C_RED;
	case SEV_WARNING: return C_MAGENTA;
	case SEV_INFO: return C_CYAN;
	}
	return C_CYAN;
}

static void add_counts(struct strbuf *out, const size_t count[3])
{
	strbuf_addf(out, "%zu %s, %zu %s, %zu info", count[SEV_ERROR],
		    rp_plural(count[SEV_ERROR], "error", "errors"), count[SEV_WARNING],
		    rp_plural(count[SEV_WARNING], "warning", "warnings"), count[SEV_INFO]);
}

/*
 * Appends at most max code points of the first line of s[0..n),
 * cleaned; returns how many code points were written.
 */
static size_t add_excerpt(struct strbuf *out, const char *s, size_t n, size_t max)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i = 0, cps = 0;
	const char *nl = memchr(s, '\n', n);
	if (nl)
		n = (size_t)(nl - s);
	if (n && s[n - 1] == '\r')
		n--;
	rp_clean(&tmp, s, n, 0);
	while (i < tmp.len && cps < max) {
		size_t l = utf8_valid_prefix_len(tmp.buf + i, tmp.len - i);
		i += l ? l : 1;
		cps++;
	}
	strbuf_add(out, tmp.buf, i);
	if (i < tmp.len) {
		strbuf_addstr(out, "\xe2\x80\xa6");
		cps++;
	}
	strbuf_release(&tmp);
	return cps;
}

static void add_caret(const struct tctx *t, size_t pad, size_t len)
{
	size_t i;
	strbuf_addstr(t->out, "      | ");
	for (i = 0; i < pad; i++)
		strbuf_addch(t->out, ' ');
	on(t, C_GREEN);
	strbuf_addch(t->out, '^');
	for (i = 1; i < len; i++)
		strbuf_addch(t->out, '~');
	off(t);
	strbuf_addch(t->out, '\n');
}

/* Code points in the first line of s (the part a caret can underline). */
static size_t first_line_cps(const char *s)
{
	size_t n = strcspn(s, "\r\n");
	return utf8_count(s, n);
}

/* Whether the first line of quote stands at 1-based column col of line. */
static int quote_at(const char *line, size_t len, size_t col, const char *quote)
{
	size_t off = 0, qn;
	if (!quote || !col)
		return 1;
	while (col > 1 && off < len) {
		size_t l = utf8_valid_prefix_len(line + off, len - off);
		off += l ? l : 1;
		col--;
	}
	qn = strcspn(quote, "\r\n");
	return col == 1 && qn <= len - off && !memcmp(line + off, quote, qn);
}

static void add_source(const struct tctx *t, const struct rview *v, const struct finding *fd)
{
	const char *line = NULL;
	size_t len = 0, shown, qlen;

	if (!fd->line)
		return;
	if (v->r->opts.source_line && fd->doc)
		line = v->r->opts.source_line(v->r->opts.source_ud, fd->doc, fd->line, &len);
	if (line && !quote_at(line, len, fd->col, fd->quote))
		line = NULL;    /* the file changed since the run: show the quote */
	qlen = fd->quote ? first_line_cps(fd->quote) : 1;
	if (!qlen)
		qlen = 1;
	if (line) {
		size_t col = fd->col ? fd->col - 1 : 0;
		int windowed = 0;
		strbuf_addf(t->out, "%5zu | ", fd->line);
		if (col + qlen > EXCERPT_MAX - 10 && col > 40) {
			/* a long line: show a window that starts shortly before the column */
			size_t skip = col - 40, off = 0;
			while (skip && off < len) {
				size_t l = utf8_valid_prefix_len(line + off, len - off);
				off += l ? l : 1;
				skip--;
			}
			strbuf_addstr(t->out, "\xe2\x80\xa6");
			line += off;
			len -= off;
			col = 41;	/* the ellipsis, then 40 code points before the column */
			windowed = 1;
		}
		shown = add_excerpt(t->out, line, len, EXCERPT_MAX) + windowed;
		strbuf_addch(t->out, '\n');
		if (col < shown) {
			if (col + qlen > shown)
				qlen = shown - col;
			add_caret(t, col, qlen);
		}
		return;
	}
	if (!fd->quote || !*fd->quote)
		return;
	/* No source at hand: show the quote, marked as starting mid-line. */
	strbuf_addf(t->out, "%5zu | ", fd->line);
	if (fd->col > 1)
		strbuf_addstr(t->out, "\xe2\x80\xa6");
	shown = add_excerpt(t->out, fd->quote, strlen(fd->quote), EXCERPT_MAX);
	strbuf_addch(t->out, '\n');
	add_caret(t, fd->col > 1 ? 1 : 0, qlen < shown ? qlen : shown);
}

static void add_finding(const struct tctx *t, const struct rview *v, const struct finding *fd)
{
	size_t j;

	on(t, C_BOLD);
	rp_location(t->out, fd->doc, fd->line, fd->col);
	strbuf_addstr(t->out, ": ");
	off(t);
	on(t, sev_color(fd->severity));
	strbuf_addf(t->out, "%s:", severity_name(fd->severity));
	off(t);
	strbuf_addch(t->out, ' ');
	rp_cleans(t->out, fd->message, 0);
	strbuf_addstr(t->out, " [");
	rp_cleans(t->out, fd->kind, 0);
	strbuf_addch(t->out, ']');
	if (rview_is_new(v, fd)) {
		strbuf_addch(t->out, ' ');
		on(t, C_BOLD);
		strbuf_addstr(t->out, "(new)");
		off(t);
	}
	strbuf_addch(t->out, '\n');
	add_source(t, v, fd);
	if (fd->suggestion) {
		strbuf_addstr(t->out, "      = suggestion: ");
		rp_cleans(t->out, fd->suggestion, 0);
		strbuf_addch(t->out, '\n');
	}
	for (j = 0; j < fd->nr_related; j++) {
		const struct finding_loc *l = &fd->related[j];
		on(t, C_BOLD);
		rp_location(t->out, l->doc ? l->doc : fd->doc, l->line, l->col);
		strbuf_addstr(t->out, ": ");
		off(t);
		on(t, C_CYAN);
		strbuf_addstr(t->out, "note:");
		off(t);
		strbuf_addch(t->out, ' ');
		rp_cleans(t->out, l->note ? l->note : "related location", 0);
		if (l->quote) {
			strbuf_addstr(t->out, ": \xe2\x80\x9c");
			add_excerpt(t->out, l->quote, strlen(l->quote), EXCERPT_MAX);
			strbuf_addstr(t->out, "\xe2\x80\x9d");
		}
		strbuf_addch(t->out, '\n');
	}
}

/*
 * "path: note: and 40 more like this (claim-conflict)" for the kinds
 * of a document past opts.max_per_kind: a nightly report over an
 * archive stays readable, and the counts above still say how many.
 */
static void add_more(const struct tctx *t, const char *path, const struct rview_more *m,
		     size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++) {
		on(t, C_BOLD);
		rp_cleans(t->out, path ? path : "(corpus)", 0);
		strbuf_addstr(t->out, ": ");
		off(t);
		on(t, C_CYAN);
		strbuf_addstr(t->out, "note:");
		off(t);
		strbuf_addch(t->out, ' ');
		rp_more(t->out, &m[i]);
		strbuf_addstr(t->out, "; --max-per-kind 0 or --format json lists every finding\n");
	}
}

static void render_findings(const struct tctx *t, const struct rview *v)
{
	size_t i, j, nr_docs = 0;

	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		if (d->path)
			nr_docs++;
		if (!d->nr && !(d->rd && d->rd->error))
			continue;
		on(t, C_DIM);
		strbuf_addstr(t->out, "== ");
		rp_cleans(t->out, d->path ? d->path : "(corpus)", 0);
		if (d->rd && d->rd->format)
			strbuf_addf(t->out, " (%s)", d->rd->format);
		strbuf_addstr(t->out, ": ");
		add_counts(t->out, d->count);
		if (d->nr_new)
			strbuf_addf(t->out, "; %zu new", d->nr_new);
		off(t);
		strbuf_addch(t->out, '\n');
		if (d->rd && d->rd->error) {
			on(t, C_BOLD);
			rp_cleans(t->out, d->path, 0);
			strbuf_addstr(t->out, ": ");
			off(t);
			on(t, C_RED);
			strbuf_addstr(t->out, "error:");
			off(t);
			strbuf_addstr(t->out, " cannot read: ");
			rp_cleans(t->out, d->rd->error, 0);
			strbuf_addch(t->out, '\n');
		}
		for (j = 0; j < d->nr; j++)
			if (!d->unlisted[j])
				add_finding(t, v, d->items[j]);
		add_more(t, d->path, d->more, d->nr_more);
		strbuf_addch(t->out, '\n');
		rview_flush(v, t->out, 0);
	}
	if (v->nr_fixed) {
		strbuf_addf(t->out, "fixed since run %lld:\n", (long long)v->r->prev_run_id);
		for (i = 0; i < v->nr_fixed; i++) {
			const struct finding *fd = v->fixed[i];
			if (v->fixed_unlisted[i])
				continue;
			strbuf_addstr(t->out, "  ");
			rp_location(t->out, fd->doc, fd->line, fd->col);
			strbuf_addstr(t->out, ": fixed: ");
			rp_cleans(t->out, fd->message, 0);
			strbuf_addstr(t->out, " [");
			rp_cleans(t->out, fd->kind, 0);
			strbuf_addstr(t->out, "]\n");
		}
		for (i = 0; i < v->nr_fixed_more; i++) {
			strbuf_addstr(t->out, "  ... ");
			rp_more(t->out, &v->fixed_more[i]);
			strbuf_addstr(t->out, " fixed\n");
		}
		strbuf_addch(t->out, '\n');
	}
	on(t, C_BOLD);
	strbuf_addf(t->out, "%zu %s, %zu %s: ", nr_docs, rp_plural(nr_docs, "document", "documents"),
		    v->f->nr, rp_plural(v->f->nr, "finding", "findings"));
	add_counts(t->out, v->count);
	off(t);
	strbuf_addch(t->out, '\n');
	if (v->compared)
		strbuf_addf(t->out, "since run %lld: %zu new, %zu fixed\n",
			    (long long)v->r->prev_run_id, v->nr_new, v->nr_fixed);
}

static const char *const change_title[] = {
	"newly broken", "still broken", "recovered"
};

static void render_linkrot(const struct tctx *t, const struct rview *v)
{
	const struct linkrot *lr = v->r->linkrot;
	size_t i, n[3] = { 0, 0, 0 };
	int c;

	for (i = 0; i < lr->nr; i++)
		n[lr->v[i].change]++;
	on(t, C_BOLD);
	strbuf_addf(t->out, "link rot, run %lld", (long long)lr->run_id);
	if (lr->prev_run_id)
		strbuf_addf(t->out, " since run %lld", (long long)lr->prev_run_id);
	strbuf_addf(t->out, " (%s): %zu newly broken, %zu recovered, %zu still broken\n",
		    v->when, n[LINKROT_NEW_BROKEN], n[LINKROT_RECOVERED], n[LINKROT_STILL_BROKEN]);
	off(t);
	for (c = 0; c < 3; c++) {
		if (!n[c])
			continue;
		strbuf_addf(t->out, "\n%s:\n", change_title[c]);
		for (i = 0; i < lr->nr; i++) {
			const struct linkrot_entry *e = &lr->v[i];
			long days;
			if ((int)e->change != c)
				continue;
			strbuf_addstr(t->out, "  ");
			if (e->doc) {
				on(t, C_BOLD);
				rp_location(t->out, e->doc, e->line, e->col);
				strbuf_addstr(t->out, ": ");
				off(t);
			}
			rp_cleans(t->out, e->url, 0);
			strbuf_addstr(t->out, " (");
			rp_cleans(t->out, e->verdict ? e->verdict : "broken", 0);
			if (e->status)
				strbuf_addf(t->out, " %d", e->status);
			strbuf_addch(t->out, ')');
			days = linkrot_days(e->broken_since, lr->time);
			if (e->change == LINKROT_STILL_BROKEN)
				strbuf_addf(t->out, ", broken for %ld %s", days, rp_plural((size_t)days, "day", "days"));
			if (e->occurrences > 1)
				strbuf_addf(t->out, ", cited %zu times", e->occurrences);
			strbuf_addch(t->out, '\n');
			if (e->suggestion) {
				strbuf_addstr(t->out, "      = suggestion: ");
				rp_cleans(t->out, e->suggestion, 0);
				strbuf_addch(t->out, '\n');
			}
			if (e->archive) {
				strbuf_addstr(t->out, "      = archived copy: ");
				rp_cleans(t->out, e->archive, 0);
				strbuf_addch(t->out, '\n');
			}
		}
	}
	if (lr->nr_trend) {
		strbuf_addstr(t->out, "\nbroken links by run:");
		for (i = 0; i < lr->nr_trend; i++)
			strbuf_addf(t->out, " %lld:%zu/%zu", (long long)lr->trend[i].run_id,
				    lr->trend[i].broken, lr->trend[i].checked);
		strbuf_addch(t->out, '\n');
	}
}

void render_text(const struct rview *v, struct strbuf *out)
{
	struct tctx t = { out, v->r->opts.color };
	if (!v->r->linkrot_only)
		render_findings(&t, v);
	if (v->r->linkrot) {
		if (!v->r->linkrot_only)
			strbuf_addch(out, '\n');
		render_linkrot(&t, v);
	}
}
