/*
 * markdown.c - a report for pull requests and tickets (CommonMark with
 * GitHub tables): a summary table, then a section per document.
 *
 * Document text is escaped so that it stays text: every ASCII
 * punctuation character that Markdown, GitHub's extensions or inline
 * HTML could read as syntax gets a backslash (CommonMark allows one
 * before any punctuation): emphasis, code spans, links, raw HTML ('<'),
 * entities ('&'), table cells ('|'), strikethrough, math ('$') and
 * mentions ('@'). Characters that only matter at the start of a line
 * ('-', '+', '.', '=') are left alone: escaped text never starts one.
 * Line breaks become spaces (a table row is one line), and control
 * characters become U+FFFD.
 */
#include "report_internal.h"

#include <string.h>

#define MD_SPECIAL "\\`*_[]<>#!|~&$@"

/* Markdown-escaped, cleaned text of s. */
static void md_text(struct strbuf *out, const char *s)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i;
	if (!s)
		return;
	rp_clean(&tmp, s, strlen(s), 0);
	for (i = 0; i < tmp.len; i++) {
		char c = tmp.buf[i];
		if (c && strchr(MD_SPECIAL, c))
			strbuf_addch(out, '\\');
		strbuf_addch(out, c);
	}
	strbuf_release(&tmp);
}

static void md_location(struct strbuf *out, const char *doc, size_t line, size_t col)
{
	struct strbuf tmp = STRBUF_INIT;
	rp_location(&tmp, doc, line, col);
	md_text(out, tmp.buf);
	strbuf_release(&tmp);
}

/* A link only for http(s) URLs; anything else is plain escaped text. */
static int is_web_url(const char *s)
{
	return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

static void md_url(struct strbuf *out, const char *url)
{
	size_t i;
	if (!is_web_url(url) || strpbrk(url, " <>\t\r\n")) {
		md_text(out, url);
		return;
	}
	/* <URL> autolink: no spaces or angle brackets inside, checked above */
	strbuf_addch(out, '<');
	for (i = 0; url[i]; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c < 0x20 || c == 0x7f)
			continue;
		strbuf_addch(out, c);
	}
	strbuf_addch(out, '>');
}

static const char *sev_icon(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "\xf0\x9f\x94\xb4 error";        /* red circle */
	case SEV_WARNING: return "\xf0\x9f\x9f\xa0 warning";    /* orange circle */
	case SEV_INFO: return "\xf0\x9f\x94\xb5 info";          /* blue circle */
	}
	return "info";
}

static void render_tables(struct strbuf *out, const struct report_doc *rd)
{
	size_t i, j, k;
	for (i = 0; i < rd->nr_tables; i++) {
		const struct report_table *t = &rd->tables[i];
		if (!t->nr_columns)
			continue;
		strbuf_addstr(out, "\n#### ");
		md_text(out, t->title);
		strbuf_addstr(out, "\n\n|");
		for (j = 0; j < t->nr_columns; j++) {
			strbuf_addch(out, ' ');
			md_text(out, t->columns[j]);
			strbuf_addstr(out, " |");
		}
		strbuf_addstr(out, "\n|");
		for (j = 0; j < t->nr_columns; j++)
			strbuf_addstr(out, "---|");
		strbuf_addch(out, '\n');
		for (k = 0; k < t->nr_rows; k++) {
			strbuf_addch(out, '|');
			for (j = 0; j < t->nr_columns; j++) {
				const struct report_cell *c = &t->rows[k].cells[j];
				strbuf_addch(out, ' ');
				if (c->text) {
					if (c->kind == CELL_URL)
						md_url(out, c->text);
					else if (c->kind == CELL_STATUS)
						strbuf_addstr(out, "**"), md_text(out, c->text), strbuf_addstr(out, "**");
					else if (c->kind == CELL_QUOTE)
						strbuf_addstr(out, "\xe2\x80\x9c"), md_text(out, c->text), strbuf_addstr(out, "\xe2\x80\x9d");
					else
						md_text(out, c->text);
				}
				if (c->note) {
					strbuf_addstr(out, " (");
					if (is_web_url(c->note))
						md_url(out, c->note);
					else
						md_text(out, c->note);
					strbuf_addch(out, ')');
				}
				strbuf_addstr(out, " |");
			}
			strbuf_addch(out, '\n');
		}
	}
}

static void render_finding(struct strbuf *out, const struct rview *v, const struct finding *fd)
{
	size_t j;
	strbuf_addf(out, "| %s | ", sev_icon(fd->severity));
	md_location(out, fd->doc, fd->line, fd->col);
	strbuf_addstr(out, " | ");
	md_text(out, fd->kind);
	strbuf_addstr(out, " | ");
	md_text(out, fd->message);
	if (rview_is_new(v, fd))
		strbuf_addstr(out, " **new**");
	strbuf_addstr(out, " | ");
	if (fd->quote) {
		strbuf_addstr(out, "\xe2\x80\x9c");
		md_text(out, fd->quote);
		strbuf_addstr(out, "\xe2\x80\x9d");
	}
	for (j = 0; j < fd->nr_related; j++) {
		const struct finding_loc *l = &fd->related[j];
		strbuf_addstr(out, fd->quote || j ? "<br>" : "");
		strbuf_addstr(out, "\xe2\x86\x94 ");    /* left right arrow */
		if (l->note) {
			md_text(out, l->note);
			strbuf_addstr(out, ": ");
		}
		md_location(out, l->doc ? l->doc : fd->doc, l->line, l->col);
		if (l->quote) {
			strbuf_addstr(out, " \xe2\x80\x9c");
			md_text(out, l->quote);
			strbuf_addstr(out, "\xe2\x80\x9d");
		}
	}
	strbuf_addstr(out, " | ");
	if (fd->suggestion) {
		if (is_web_url(fd->suggestion))
			md_url(out, fd->suggestion);
		else
			md_text(out, fd->suggestion);
	}
	strbuf_addstr(out, " |\n");
}

static void render_findings(struct strbuf *out, const struct rview *v)
{
	size_t i, j;

	strbuf_addstr(out, "# ");
	md_text(out, v->title);
	strbuf_addstr(out, "\n\n");
	if (v->r->run_id)
		strbuf_addf(out, "Run %lld, ", (long long)v->r->run_id);
	strbuf_addf(out, "%s. **%zu** %s: **%zu** %s, **%zu** %s, **%zu** info.",
		    v->when, v->f->nr, rp_plural(v->f->nr, "finding", "findings"),
		    v->count[SEV_ERROR], rp_plural(v->count[SEV_ERROR], "error", "errors"),
		    v->count[SEV_WARNING], rp_plural(v->count[SEV_WARNING], "warning", "warnings"),
		    v->count[SEV_INFO]);
	if (v->compared)
		strbuf_addf(out, " Since run %lld: **%zu new**, **%zu fixed**.",
			    (long long)v->r->prev_run_id, v->nr_new, v->nr_fixed);
	strbuf_addstr(out, "\n\n| Document | Format | Errors | Warnings | Info |");
	if (v->compared)
		strbuf_addstr(out, " New |");
	strbuf_addstr(out, "\n|---|---|---:|---:|---:|");
	if (v->compared)
		strbuf_addstr(out, "---:|");
	strbuf_addch(out, '\n');
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		strbuf_addstr(out, "| ");
		md_text(out, d->path ? d->path : "(corpus)");
		strbuf_addstr(out, " | ");
		if (d->rd && d->rd->error)
			strbuf_addstr(out, "unreadable");
		else if (d->rd && d->rd->format)
			md_text(out, d->rd->format);
		strbuf_addf(out, " | %zu | %zu | %zu |", d->count[SEV_ERROR], d->count[SEV_WARNING],
			    d->count[SEV_INFO]);
		if (v->compared)
			strbuf_addf(out, " %zu |", d->nr_new);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "| **Total** | | **%zu** | **%zu** | **%zu** |", v->count[SEV_ERROR],
		    v->count[SEV_WARNING], v->count[SEV_INFO]);
	if (v->compared)
		strbuf_addf(out, " **%zu** |", v->nr_new);
	strbuf_addch(out, '\n');

	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		int has_tables = d->rd && d->rd->nr_tables;
		if (!d->nr && !has_tables && !(d->rd && d->rd->error))
			continue;
		strbuf_addstr(out, "\n## ");
		md_text(out, d->path ? d->path : "(corpus)");
		strbuf_addstr(out, "\n\n");
		if (d->rd && d->rd->error) {
			strbuf_addstr(out, "Could not be read: ");
			md_text(out, d->rd->error);
			strbuf_addstr(out, "\n");
		}
		if (d->nr) {
			strbuf_addstr(out, "| Severity | Location | Kind | Message | Quote | Suggestion |\n"
					   "|---|---|---|---|---|---|\n");
			for (j = 0; j < d->nr; j++)
				if (!d->unlisted[j])
					render_finding(out, v, d->items[j]);
			for (j = 0; j < d->nr_more; j++) {
				strbuf_addstr(out, "\n_");
				rp_more(out, &d->more[j]);
				strbuf_addstr(out, "; `--max-per-kind 0` or the JSON report lists "
						   "every finding._\n");
			}
		}
		if (has_tables)
			render_tables(out, d->rd);
		rview_flush(v, out, 0);
	}
	if (v->nr_fixed) {
		strbuf_addf(out, "\n## Fixed since run %lld\n\n", (long long)v->r->prev_run_id);
		for (i = 0; i < v->nr_fixed; i++) {
			const struct finding *fd = v->fixed[i];
			if (v->fixed_unlisted[i])
				continue;
			strbuf_addstr(out, "- ");
			md_location(out, fd->doc, fd->line, fd->col);
			strbuf_addstr(out, ": ");
			md_text(out, fd->message);
			strbuf_addstr(out, " (");
			md_text(out, fd->kind);
			strbuf_addstr(out, ")\n");
		}
		for (i = 0; i < v->nr_fixed_more; i++) {
			strbuf_addstr(out, "- _");
			rp_more(out, &v->fixed_more[i]);
			strbuf_addstr(out, " fixed_\n");
		}
	}
}

static const char *const change_title[] = {
	"Newly broken", "Still broken", "Recovered"
};

static void render_linkrot(struct strbuf *out, const struct rview *v)
{
	const struct linkrot *lr = v->r->linkrot;
	size_t i, n[3] = { 0, 0, 0 };
	int c;

	for (i = 0; i < lr->nr; i++)
		n[lr->v[i].change]++;
	strbuf_addf(out, "%s Link rot\n\nRun %lld", v->r->linkrot_only ? "#" : "\n##",
		    (long long)lr->run_id);
	if (lr->prev_run_id)
		strbuf_addf(out, " since run %lld", (long long)lr->prev_run_id);
	strbuf_addf(out, ", %s: **%zu** newly broken, **%zu** recovered, **%zu** still broken.\n",
		    v->when, n[LINKROT_NEW_BROKEN], n[LINKROT_RECOVERED], n[LINKROT_STILL_BROKEN]);
	for (c = 0; c < 3; c++) {
		if (!n[c])
			continue;
		strbuf_addf(out, "\n### %s\n\n| URL | Verdict | Cited at | Days broken | Suggestion | Archived copy |\n"
				 "|---|---|---|---:|---|---|\n", change_title[c]);
		for (i = 0; i < lr->nr; i++) {
			const struct linkrot_entry *e = &lr->v[i];
			if ((int)e->change != c)
				continue;
			strbuf_addstr(out, "| ");
			md_url(out, e->url);
			strbuf_addstr(out, " | ");
			md_text(out, e->verdict ? e->verdict : "broken");
			if (e->status)
				strbuf_addf(out, " %d", e->status);
			strbuf_addstr(out, " | ");
			if (e->doc)
				md_location(out, e->doc, e->line, e->col);
			if (e->occurrences > 1)
				strbuf_addf(out, " (%zu places)", e->occurrences);
			strbuf_addstr(out, " | ");
			if (e->change != LINKROT_RECOVERED)
				strbuf_addf(out, "%ld", linkrot_days(e->broken_since, lr->time));
			strbuf_addstr(out, " | ");
			if (e->suggestion)
				md_url(out, e->suggestion);
			strbuf_addstr(out, " | ");
			if (e->archive)
				md_url(out, e->archive);
			strbuf_addstr(out, " |\n");
		}
	}
	if (lr->nr_trend) {
		strbuf_addstr(out, "\n### Broken links by run\n\n| Run | Date | Checked | Broken |\n|---:|---|---:|---:|\n");
		for (i = 0; i < lr->nr_trend; i++) {
			char when[32];
			report_time_iso(lr->trend[i].time, when, sizeof(when));
			strbuf_addf(out, "| %lld | %.10s | %zu | %zu |\n", (long long)lr->trend[i].run_id,
				    when, lr->trend[i].checked, lr->trend[i].broken);
		}
	}
}

void render_markdown(const struct rview *v, struct strbuf *out)
{
	if (!v->r->linkrot_only)
		render_findings(out, v);
	if (v->r->linkrot)
		render_linkrot(out, v);
}
