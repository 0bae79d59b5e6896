/*
 * html.c - one self-contained HTML page (inline CSS, no script, no
 * external resource), built with libxml2's tree API: document text only
 * ever enters the tree as text nodes or attribute values, so the
 * serializer escapes it; nothing is pasted into markup strings. Text is
 * cleaned first (rp_clean) so that invalid UTF-8 and control
 * characters, which HTML does not allow, never reach the tree.
 *
 * Layout: overview (documents, counts by severity and stage, new and
 * fixed since the last run), then per document its findings and the
 * tables the stages attached, then what was fixed, then the link rot
 * with an inline SVG trend chart. Narrow screens get stacked rows;
 * print gets black on white without the page chrome.
 *
 * Streamed: the page's skeleton (head, overview, link rot, footer) is
 * serialized first with a marker comment where the documents go; then
 * each document's section is built, serialized in its place and freed
 * (dump_section()), so the tree never holds more than one document's
 * findings, and the page is what one dump of the whole tree would be.
 */
#include "report_internal.h"

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <string.h>

#ifndef PROVCHECK_VERSION
#define PROVCHECK_VERSION "unknown"
#endif

static const char css[] =
	":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa;"
	"--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff;"
	"--ok:#1a7f37;--ok-bg:#dafbe1}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 -apple-system,BlinkMacSystemFont,"
	"\"Segoe UI\",\"Noto Sans\",Helvetica,Arial,sans-serif}\n"
	".wrap{max-width:1180px;margin:0 auto;padding:24px 20px 48px}\n"
	"h1{font-size:26px;margin:0 0 4px}\n"
	"h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line);"
	"overflow-wrap:anywhere}\n"
	"h3{font-size:16px;margin:22px 0 8px}\n"
	".meta{color:var(--muted);margin:0 0 16px}\n"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}\n"
	".card{flex:1 1 120px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;"
	"background:var(--panel)}\n"
	".card .n{display:block;font-size:26px;font-weight:600;line-height:1.2}\n"
	".card.error .n{color:var(--err)}.card.warning .n{color:var(--warn)}.card.info .n{color:var(--info)}"
	".card.good .n{color:var(--ok)}\n"
	"table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}\n"
	"th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}\n"
	"th{background:var(--panel);font-weight:600;white-space:nowrap}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tr.total td{font-weight:600;border-top:2px solid var(--line)}\n"
	"a{color:var(--info);overflow-wrap:anywhere}\n"
	".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;"
	"line-height:20px;white-space:nowrap;border:1px solid transparent}\n"
	".badge.error,.badge.bad{color:var(--err);background:var(--err-bg);border-color:#ffcecb}\n"
	".badge.warning,.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#f5e0a0}\n"
	".badge.info,.badge.none{color:var(--info);background:var(--info-bg);border-color:#b6e3ff}\n"
	".badge.good{color:var(--ok);background:var(--ok-bg);border-color:#aceebb}\n"
	".badge.new{color:#fff;background:#8250df;margin-left:6px}\n"
	"tr.sev-error td:first-child{box-shadow:inset 3px 0 var(--err)}\n"
	"tr.sev-warning td:first-child{box-shadow:inset 3px 0 #d4a72c}\n"
	"tr.sev-info td:first-child{box-shadow:inset 3px 0 var(--info)}\n"
	".loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;"
	"white-space:nowrap;color:var(--muted)}\n"
	".kind{color:var(--muted);font-size:12px}\n"
	".quote{margin:6px 0 0;padding:4px 10px;border-left:3px solid var(--line);color:#3d444d;"
	"background:var(--panel);white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px}\n"
	".sugg{margin-top:6px;font-size:13px}.sugg b{color:var(--ok)}\n"
	".rel{margin-top:6px;font-size:13px;color:var(--muted)}\n"
	".note{display:block;color:var(--muted);font-size:12px;overflow-wrap:anywhere}\n"
	".side{display:grid;grid-template-columns:1fr 1fr;gap:10px}\n"
	".empty{color:var(--muted);font-style:italic}\n"
	"td.more{color:var(--muted);font-style:italic}\n"
	".chart{max-width:720px;margin:8px 0 16px}.chart svg{width:100%;height:auto}\n"
	".footer{margin-top:40px;color:var(--muted);font-size:12px}\n"
	"@media (max-width:720px){.wrap{padding:14px 12px 32px}h1{font-size:22px}"
	"table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack td"
	"{display:block;width:100%}table.stack tr{border:1px solid var(--line);border-radius:8px;"
	"margin:0 0 12px;padding:4px 0}table.stack td{border:0;padding:4px 12px}"
	"table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:11px;"
	"text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}.side{grid-template-columns:1fr}"
	".loc{white-space:normal}table.stack td.num{text-align:left}"
	"table.findings td:nth-child(-n+2){display:inline-block;width:auto}"
	"table.findings td:nth-child(-n+2)::before{display:none}"
	"table.summary th,table.summary td{padding:6px 5px;font-size:13px}table.summary th{white-space:normal}}\n"
	"@media print{body{font-size:10pt;color:#000}.wrap{max-width:none;padding:0}a{color:#000;"
	"text-decoration:none}h2{break-after:avoid}tr{break-inside:avoid}.card{background:none}"
	".badge{border-color:#000}.quote{background:none}}\n";

/* --- tree helpers ------------------------------------------------------ */

/* An element child (no content: text is added with add_text only). */
static xmlNodePtr el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

static xmlNodePtr el_class(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = el(parent, name);
	if (cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

/* Cleaned text as a text node: escaped by the serializer. */
static void add_textn(xmlNodePtr parent, const char *s, size_t n, int keep_nl)
{
	struct strbuf sb = STRBUF_INIT;
	if (!s)
		return;
	rp_clean(&sb, s, n, keep_nl);
	xmlAddChild(parent, xmlNewTextLen(BAD_CAST sb.buf, (int)sb.len));
	strbuf_release(&sb);
}

static void add_text(xmlNodePtr parent, const char *s)
{
	if (s)
		add_textn(parent, s, strlen(s), 0);
}

static void add_textf(xmlNodePtr parent, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_textf(xmlNodePtr parent, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_textn(parent, sb.buf, sb.len, 0);
	strbuf_release(&sb);
}

static xmlNodePtr el_text(xmlNodePtr parent, const char *name, const char *cls, const char *s)
{
	xmlNodePtr n = el_class(parent, name, cls);
	add_text(n, s);
	return n;
}

static void set_attr(xmlNodePtr n, const char *name, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	rp_cleans(&sb, value, 0);
	xmlNewProp(n, BAD_CAST name, BAD_CAST sb.buf);
	strbuf_release(&sb);
}

static void set_attrf(xmlNodePtr n, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_attrf(xmlNodePtr n, const char *name, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	set_attr(n, name, sb.buf);
	strbuf_release(&sb);
}

static int is_web_url(const char *s)
{
	return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

/*
 * A link for http(s) URLs only: a "javascript:" or "data:" URL from a
 * document must not become something to click.
 */
static void add_url(xmlNodePtr parent, const char *url)
{
	xmlNodePtr a;
	if (!is_web_url(url)) {
		add_text(parent, url);
		return;
	}
	a = el(parent, "a");
	set_attr(a, "href", url);
	xmlNewProp(a, BAD_CAST "rel", BAD_CAST "nofollow noopener noreferrer");
	add_text(a, url);
}

static void add_location(xmlNodePtr parent, const char *doc, size_t line, size_t col)
{
	struct strbuf sb = STRBUF_INIT;
	rp_location(&sb, doc, line, col);
	add_text(parent, sb.buf);
	strbuf_release(&sb);
}

static xmlNodePtr td(xmlNodePtr tr, const char *label, const char *cls)
{
	xmlNodePtr n = el_class(tr, "td", cls);
	if (label)
		set_attr(n, "data-label", label);
	return n;
}

static void th_row(xmlNodePtr table, const char *const *names, const char *num_from)
{
	xmlNodePtr tr = el(el(table, "thead"), "tr");
	int num = 0;
	for (; *names; names++) {
		if (num_from && !strcmp(*names, num_from))
			num = 1;
		el_text(tr, "th", num ? "num" : NULL, *names);
	}
}

static void add_badge(xmlNodePtr parent, const char *cls, const char *text)
{
	struct strbuf c = STRBUF_INIT;
	strbuf_addf(&c, "badge %s", cls);
	el_text(parent, "span", c.buf, text);
	strbuf_release(&c);
}

static void add_card(xmlNodePtr cards, const char *cls, size_t n, const char *label)
{
	xmlNodePtr c = el_class(cards, "div", cls);
	add_textf(el_class(c, "span", "n"), "%zu", n);
	add_text(c, label);
}

static void td_num(xmlNodePtr tr, const char *label, size_t n)
{
	add_textf(td(tr, label, "num"), "%zu", n);
}

/* --- sections ------------------------------------------------------------ */

static void overview(xmlNodePtr body, const struct rview *v)
{
	xmlNodePtr sec = el_class(body, "div", "section"), cards, table, tbody, tr, cell;
	size_t i, nr_docs = 0;
	static const char *const doc_cols[] = { "Document", "Format", "Errors", "Warnings", "Info", "New", NULL };
	static const char *const doc_cols_nonew[] = { "Document", "Format", "Errors", "Warnings", "Info", NULL };
	static const char *const stage_cols[] = { "Stage", "Errors", "Warnings", "Info", NULL };

	xmlNewProp(sec, BAD_CAST "id", BAD_CAST "overview");
	el_text(sec, "h2", NULL, "Overview");
	for (i = 0; i < v->nr_docs; i++)
		if (v->docs[i].path)
			nr_docs++;
	cards = el_class(sec, "div", "cards");
	add_card(cards, "card", nr_docs, nr_docs == 1 ? "document" : "documents");
	add_card(cards, "card error", v->count[SEV_ERROR], v->count[SEV_ERROR] == 1 ? "error" : "errors");
	add_card(cards, "card warning", v->count[SEV_WARNING], v->count[SEV_WARNING] == 1 ? "warning" : "warnings");
	add_card(cards, "card info", v->count[SEV_INFO], "info");
	if (v->compared) {
		add_card(cards, "card", v->nr_new, "new");
		add_card(cards, "card good", v->nr_fixed, "fixed");
	}

	table = el_class(sec, "table", "summary");
	th_row(table, v->compared ? doc_cols : doc_cols_nonew, "Errors");
	tbody = el(table, "tbody");
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		xmlNodePtr a;
		tr = el(tbody, "tr");
		cell = td(tr, "Document", NULL);
		a = el(cell, "a");
		set_attrf(a, "href", "#doc-%zu", i + 1);
		add_text(a, d->path ? d->path : "(corpus)");
		cell = td(tr, "Format", NULL);
		if (d->rd && d->rd->error)
			add_badge(cell, "bad", "unreadable");
		else if (d->rd && d->rd->format)
			add_text(cell, d->rd->format);
		td_num(tr, "Errors", d->count[SEV_ERROR]);
		td_num(tr, "Warnings", d->count[SEV_WARNING]);
		td_num(tr, "Info", d->count[SEV_INFO]);
		if (v->compared)
			td_num(tr, "New", d->nr_new);
	}
	tr = el_class(tbody, "tr", "total");
	add_text(td(tr, NULL, NULL), "Total");
	td(tr, NULL, NULL);
	td_num(tr, "Errors", v->count[SEV_ERROR]);
	td_num(tr, "Warnings", v->count[SEV_WARNING]);
	td_num(tr, "Info", v->count[SEV_INFO]);
	if (v->compared)
		td_num(tr, "New", v->nr_new);

	if (v->nr_stages) {
		el_text(sec, "h3", NULL, "By stage");
		table = el_class(sec, "table", "stages");
		th_row(table, stage_cols, "Errors");
		tbody = el(table, "tbody");
		for (i = 0; i < v->nr_stages; i++) {
			tr = el(tbody, "tr");
			add_text(td(tr, "Stage", NULL), v->stages[i].stage);
			td_num(tr, "Errors", v->stages[i].count[SEV_ERROR]);
			td_num(tr, "Warnings", v->stages[i].count[SEV_WARNING]);
			td_num(tr, "Info", v->stages[i].count[SEV_INFO]);
		}
	}
}

static void finding_body(xmlNodePtr cell, const struct finding *fd, int is_new)
{
	xmlNodePtr div;
	size_t j;

	div = el_class(cell, "div", "msg");
	add_text(div, fd->message);
	if (is_new)
		add_badge(div, "new", "new");
	div = el_class(cell, "div", "kind");
	add_text(div, fd->kind);
	add_text(div, " \xc2\xb7 ");
	add_text(div, fd->stage);
	if (fd->quote && !fd->nr_related)
		add_textn(el_class(cell, "blockquote", "quote"), fd->quote, strlen(fd->quote), 1);
	if (fd->nr_related) {
		/* both sides of a conflict, side by side, each with its source */
		xmlNodePtr side = el_class(cell, "div", "side"), rel;
		rel = el_class(side, "div", "rel");
		add_text(rel, "this document: ");
		add_location(el_class(rel, "span", "loc"), fd->doc, fd->line, fd->col);
		if (fd->quote)
			add_textn(el_class(rel, "blockquote", "quote"), fd->quote, strlen(fd->quote), 1);
		for (j = 0; j < fd->nr_related; j++) {
			const struct finding_loc *l = &fd->related[j];
			rel = el_class(side, "div", "rel");
			add_text(rel, l->note ? l->note : "related");
			add_text(rel, ": ");
			add_location(el_class(rel, "span", "loc"), l->doc ? l->doc : fd->doc, l->line, l->col);
			if (l->quote)
				add_textn(el_class(rel, "blockquote", "quote"), l->quote, strlen(l->quote), 1);
		}
	}
	if (fd->suggestion) {
		div = el_class(cell, "div", "sugg");
		el_text(div, "b", NULL, "Suggestion: ");
		add_url(div, fd->suggestion);
	}
}

/*
 * The findings items[0..nr) but those hide[] marks (past max_per_kind),
 * then one row per kind of more saying how many were left out.
 */
static void findings_table(xmlNodePtr parent, const struct rview *v, const struct finding *const *items,
			   size_t nr, const unsigned char *hide, const struct rview_more *more,
			   size_t nr_more, int fixed)
{
	static const char *const cols[] = { "Severity", "Where", "Finding", NULL };
	xmlNodePtr table = el_class(parent, "table", "stack findings"), tbody, tr;
	size_t j;

	th_row(table, cols, NULL);
	tbody = el(table, "tbody");
	for (j = 0; j < nr; j++) {
		const struct finding *fd = items[j];
		const char *sev = severity_name(fd->severity);
		struct strbuf cls = STRBUF_INIT;
		if (hide[j])
			continue;
		strbuf_addf(&cls, "sev-%s", sev);
		tr = el_class(tbody, "tr", cls.buf);
		strbuf_release(&cls);
		set_attrf(tr, "id", "f-%s%s", fd->id, fixed ? "-fixed" : "");
		add_badge(td(tr, "Severity", NULL), sev, sev);
		if (fixed)
			add_location(td(tr, "Where", "loc"), fd->doc, fd->line, fd->col);
		else if (fd->line)
			add_textf(td(tr, "Where", "loc"), "%zu:%zu", fd->line, fd->col);
		else
			td(tr, "Where", "loc");
		finding_body(td(tr, "Finding", NULL), fd, !fixed && rview_is_new(v, fd));
	}
	for (j = 0; j < nr_more; j++) {
		struct strbuf m = STRBUF_INIT;
		xmlNodePtr cell;
		rp_more(&m, &more[j]);
		strbuf_addstr(&m, fixed ? " fixed" :
			      "; --max-per-kind 0 or the JSON report lists every finding");
		cell = el_class(el_class(tbody, "tr", "more"), "td", "more");
		set_attr(cell, "colspan", "3");
		add_text(cell, m.buf);
		strbuf_release(&m);
	}
}

static void data_table(xmlNodePtr parent, const struct report_table *t)
{
	xmlNodePtr table, tr, cell;
	size_t j, k;
	struct strbuf cls = STRBUF_INIT;

	el_text(parent, "h3", NULL, t->title);
	strbuf_addstr(&cls, "stack data data-");
	rp_cleans(&cls, t->name, 0);
	table = el_class(parent, "table", NULL);
	set_attr(table, "class", cls.buf);
	strbuf_release(&cls);
	tr = el(el(table, "thead"), "tr");
	for (j = 0; j < t->nr_columns; j++)
		el_text(tr, "th", NULL, t->columns[j]);
	cell = el(table, "tbody");
	if (!t->nr_rows) {
		xmlNodePtr e = el_class(el(cell, "tr"), "td", "empty");
		set_attrf(e, "colspan", "%zu", t->nr_columns ? t->nr_columns : 1);
		add_text(e, "none");
	}
	for (k = 0; k < t->nr_rows; k++) {
		xmlNodePtr body_tr = el(cell, "tr");
		for (j = 0; j < t->nr_columns; j++) {
			const struct report_cell *c = &t->rows[k].cells[j];
			xmlNodePtr d = td(body_tr, t->columns[j],
					  c->kind == CELL_NUMBER ? "num" : c->kind == CELL_LOCATION ? "loc" : NULL);
			if (c->text) {
				switch (c->kind) {
				case CELL_URL: add_url(d, c->text); break;
				case CELL_STATUS: add_badge(d, report_tone_name(c->tone), c->text); break;
				case CELL_QUOTE:
					add_textn(el_class(d, "blockquote", "quote"), c->text, strlen(c->text), 1);
					break;
				default: add_text(d, c->text); break;
				}
			}
			if (c->note) {
				xmlNodePtr note = el_class(d, "span", "note");
				if (is_web_url(c->note))
					add_url(note, c->note);
				else
					add_text(note, c->note);
			}
		}
	}
}

/* The section of document i: its findings and its tables. */
static xmlNodePtr doc_section(xmlNodePtr body, const struct rview *v, size_t i)
{
	const struct rview_doc *d = &v->docs[i];
	xmlNodePtr sec = el_class(body, "div", "section doc"), h2;
	size_t j;

	set_attrf(sec, "id", "doc-%zu", i + 1);
	h2 = el(sec, "h2");
	add_text(h2, d->path ? d->path : "(corpus)");
	if (d->rd && d->rd->format) {
		add_text(h2, " ");
		add_badge(h2, "none", d->rd->format);
	}
	if (d->rd && d->rd->error) {
		xmlNodePtr p = el(sec, "p");
		add_badge(p, "bad", "unreadable");
		add_text(p, " ");
		add_text(p, d->rd->error);
	}
	el_text(sec, "h3", NULL, "Findings");
	if (d->nr)
		findings_table(sec, v, d->items, d->nr, d->unlisted, d->more, d->nr_more, 0);
	else
		el_text(sec, "p", "empty", "No findings.");
	for (j = 0; d->rd && j < d->rd->nr_tables; j++)
		data_table(sec, &d->rd->tables[j]);
	return sec;
}

/* What was fixed since the previous run. */
static xmlNodePtr fixed_section(xmlNodePtr body, const struct rview *v)
{
	xmlNodePtr sec = el_class(body, "div", "section");
	xmlNewProp(sec, BAD_CAST "id", BAD_CAST "fixed");
	add_textf(el(sec, "h2"), "Fixed since run %lld", (long long)v->r->prev_run_id);
	findings_table(sec, v, v->fixed, v->nr_fixed, v->fixed_unlisted, v->fixed_more,
		       v->nr_fixed_more, 1);
	return sec;
}

/*
 * Serializes sec (a child of the page's wrapper, its place in the page
 * held by the marker) through ob and frees it: the page is written a
 * section at a time, never one tree of every finding. The newline is the
 * one the serializer writes after an element followed by another (the
 * footer always follows), so the page is byte for byte what one dump of
 * the whole tree writes.
 */
static enum report_result dump_section(const struct rview *v, xmlDocPtr doc, xmlNodePtr sec,
				       xmlOutputBufferPtr ob, struct strbuf *out)
{
	htmlNodeDumpFormatOutput(ob, doc, sec, "UTF-8", 1);
	xmlOutputBufferWriteString(ob, "\n");
	xmlUnlinkNode(sec);
	xmlFreeNode(sec);
	if (xmlOutputBufferFlush(ob) < 0)
		return REPORT_ERR_XML;
	rview_flush(v, out, 0);
	return REPORT_OK;
}

/* --- link rot and its chart -------------------------------------------- */

static void svg_attr_num(xmlNodePtr n, const char *name, double x)
{
	set_attrf(n, name, "%.1f", x);
}

static xmlNodePtr svg_el(xmlNodePtr parent, const char *name)
{
	return el(parent, name);
}

/*
 * A line chart of broken links per run: y from 0 to the maximum, one
 * point per run, labelled with its run id and date below. A <title> on
 * each point gives the exact figures on hover.
 */
static void trend_chart(xmlNodePtr parent, const struct linkrot *lr)
{
	const double w = 720, h = 240, left = 48, right = 16, top = 16, bottom = 44;
	double pw = w - left - right, ph = h - top - bottom;
	xmlNodePtr fig = el_class(parent, "div", "chart"), svg, n;
	struct strbuf pts = STRBUF_INIT;
	size_t i, max = 1, nr = lr->nr_trend;
	int k;

	for (i = 0; i < nr; i++)
		if (lr->trend[i].broken > max)
			max = lr->trend[i].broken;
	svg = svg_el(fig, "svg");
	set_attrf(svg, "viewBox", "0 0 %.0f %.0f", w, h);
	xmlNewProp(svg, BAD_CAST "role", BAD_CAST "img");
	xmlNewProp(svg, BAD_CAST "aria-label", BAD_CAST "Broken links by run");
	n = svg_el(svg, "rect");
	xmlNewProp(n, BAD_CAST "width", BAD_CAST "100%");
	xmlNewProp(n, BAD_CAST "height", BAD_CAST "100%");
	xmlNewProp(n, BAD_CAST "fill", BAD_CAST "#ffffff");
	/* horizontal grid: 0, max/2, max */
	for (k = 0; k <= 2; k++) {
		double y = top + ph - ph * k / 2.0;
		n = svg_el(svg, "line");
		svg_attr_num(n, "x1", left);
		svg_attr_num(n, "x2", w - right);
		svg_attr_num(n, "y1", y);
		svg_attr_num(n, "y2", y);
		xmlNewProp(n, BAD_CAST "stroke", BAD_CAST (k ? "#d1d9e0" : "#59636e"));
		n = svg_el(svg, "text");
		svg_attr_num(n, "x", left - 8);
		svg_attr_num(n, "y", y + 4);
		xmlNewProp(n, BAD_CAST "text-anchor", BAD_CAST "end");
		xmlNewProp(n, BAD_CAST "font-size", BAD_CAST "12");
		xmlNewProp(n, BAD_CAST "fill", BAD_CAST "#59636e");
		add_textf(n, "%zu", k == 2 ? max : k == 1 ? max / 2 : 0);
	}
	for (i = 0; i < nr; i++) {
		double x = left + (nr > 1 ? pw * (double)i / (double)(nr - 1) : pw / 2);
		double y = top + ph - ph * (double)lr->trend[i].broken / (double)max;
		strbuf_addf(&pts, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	if (nr > 1) {
		n = svg_el(svg, "polyline");
		set_attr(n, "points", pts.buf);
		xmlNewProp(n, BAD_CAST "fill", BAD_CAST "none");
		xmlNewProp(n, BAD_CAST "stroke", BAD_CAST "#cf222e");
		xmlNewProp(n, BAD_CAST "stroke-width", BAD_CAST "2.5");
	}
	for (i = 0; i < nr; i++) {
		const struct linkrot_point *p = &lr->trend[i];
		double x = left + (nr > 1 ? pw * (double)i / (double)(nr - 1) : pw / 2);
		double y = top + ph - ph * (double)p->broken / (double)max;
		char when[32];
		report_time_iso(p->time, when, sizeof(when));
		n = svg_el(svg, "circle");
		svg_attr_num(n, "cx", x);
		svg_attr_num(n, "cy", y);
		xmlNewProp(n, BAD_CAST "r", BAD_CAST "4");
		xmlNewProp(n, BAD_CAST "fill", BAD_CAST "#cf222e");
		add_textf(svg_el(n, "title"), "run %lld, %.10s: %zu broken of %zu checked",
			  (long long)p->run_id, when, p->broken, p->checked);
		/* label every point when few, else about eight of them */
		if (nr <= 8 || i % ((nr + 7) / 8) == 0 || i == nr - 1) {
			n = svg_el(svg, "text");
			svg_attr_num(n, "x", x);
			svg_attr_num(n, "y", h - bottom + 18);
			xmlNewProp(n, BAD_CAST "text-anchor", BAD_CAST "middle");
			xmlNewProp(n, BAD_CAST "font-size", BAD_CAST "11");
			xmlNewProp(n, BAD_CAST "fill", BAD_CAST "#59636e");
			add_textf(n, "%.5s", when + 5);
			n = svg_el(svg, "text");
			svg_attr_num(n, "x", x);
			svg_attr_num(n, "y", h - bottom + 32);
			xmlNewProp(n, BAD_CAST "text-anchor", BAD_CAST "middle");
			xmlNewProp(n, BAD_CAST "font-size", BAD_CAST "10");
			xmlNewProp(n, BAD_CAST "fill", BAD_CAST "#8c959f");
			add_textf(n, "run %lld", (long long)p->run_id);
		}
	}
	strbuf_release(&pts);
}

static const char *const change_title[] = {
	"Newly broken", "Still broken", "Recovered"
};

static void linkrot_section(xmlNodePtr body, const struct rview *v)
{
	static const char *const cols[] = { "Link", "Verdict", "Cited at", "Days broken", "Suggestion", "Archived copy", NULL };
	const struct linkrot *lr = v->r->linkrot;
	xmlNodePtr sec = el_class(body, "div", "section"), cards, table, tbody, tr, p;
	size_t i, n[3] = { 0, 0, 0 };
	int c;

	xmlNewProp(sec, BAD_CAST "id", BAD_CAST "linkrot");
	for (i = 0; i < lr->nr; i++)
		n[lr->v[i].change]++;
	el_text(sec, "h2", NULL, "Link rot");
	p = el_class(sec, "p", "meta");
	add_textf(p, "Run %lld", (long long)lr->run_id);
	if (lr->prev_run_id)
		add_textf(p, " since run %lld", (long long)lr->prev_run_id);
	cards = el_class(sec, "div", "cards");
	add_card(cards, "card error", n[LINKROT_NEW_BROKEN], "newly broken");
	add_card(cards, "card good", n[LINKROT_RECOVERED], "recovered");
	add_card(cards, "card warning", n[LINKROT_STILL_BROKEN], "still broken");
	if (lr->nr_trend) {
		el_text(sec, "h3", NULL, "Broken links by run");
		trend_chart(sec, lr);
	}
	for (c = 0; c < 3; c++) {
		if (!n[c])
			continue;
		el_text(sec, "h3", NULL, change_title[c]);
		table = el_class(sec, "table", "stack linkrot");
		th_row(table, cols, NULL);
		tbody = el(table, "tbody");
		for (i = 0; i < lr->nr; i++) {
			const struct linkrot_entry *e = &lr->v[i];
			xmlNodePtr cell;
			if ((int)e->change != c)
				continue;
			tr = el(tbody, "tr");
			add_url(td(tr, "Link", NULL), e->url);
			cell = td(tr, "Verdict", NULL);
			{
				struct strbuf vb = STRBUF_INIT;
				rp_cleans(&vb, e->verdict ? e->verdict : "broken", 0);
				if (e->status)
					strbuf_addf(&vb, " %d", e->status);
				add_badge(cell, e->change == LINKROT_RECOVERED ? "good" : "bad", vb.buf);
				strbuf_release(&vb);
			}
			cell = td(tr, "Cited at", "loc");
			if (e->doc)
				add_location(cell, e->doc, e->line, e->col);
			if (e->occurrences > 1)
				add_textf(el_class(cell, "span", "note"), "%zu places", e->occurrences);
			cell = td(tr, "Days broken", "num");
			if (e->change != LINKROT_RECOVERED)
				add_textf(cell, "%ld", linkrot_days(e->broken_since, lr->time));
			cell = td(tr, "Suggestion", NULL);
			if (e->suggestion)
				add_url(cell, e->suggestion);
			cell = td(tr, "Archived copy", NULL);
			if (e->archive)
				add_url(cell, e->archive);
		}
	}
	if (!lr->nr)
		el_text(sec, "p", "empty", "No broken links.");
}

static int write_cb(void *ctx, const char *buf, int len)
{
	return strbuf_add(ctx, buf, (size_t)len) < 0 ? -1 : len;
}

/*
 * Where the sections of the documents go in the page's skeleton: a
 * comment, which no document text can forge (text is escaped, and the
 * style sheet is a constant).
 */
#define DOCS_MARKER "provcheck:documents"

enum report_result render_html(const struct rview *v, struct strbuf *out)
{
	htmlDocPtr doc = NULL;
	xmlNodePtr html, head, body, n;
	xmlOutputBufferPtr ob = NULL;
	struct strbuf skel = STRBUF_INIT;
	const char *mark = NULL;
	enum report_result res = REPORT_ERR_XML;
	const struct report *r = v->r;
	size_t i;

	doc = htmlNewDocNoDtD(NULL, NULL);
	if (!doc)
		goto cleanup;
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewNode(NULL, BAD_CAST "html");
	xmlDocSetRootElement(doc, html);
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST "en");
	head = el(html, "head");
	n = el(head, "meta");
	xmlNewProp(n, BAD_CAST "charset", BAD_CAST "utf-8");
	n = el(head, "meta");
	xmlNewProp(n, BAD_CAST "name", BAD_CAST "viewport");
	xmlNewProp(n, BAD_CAST "content", BAD_CAST "width=device-width, initial-scale=1");
	n = el(head, "meta");
	xmlNewProp(n, BAD_CAST "name", BAD_CAST "generator");
	set_attrf(n, "content", "provcheck %s", r->opts.version ? r->opts.version : PROVCHECK_VERSION);
	el_text(head, "title", NULL, v->title);
	/* the style sheet is a constant: no document text in it */
	n = el(head, "style");
	xmlAddChild(n, xmlNewText(BAD_CAST css));

	body = el_class(el(html, "body"), "div", "wrap");
	el_text(body, "h1", NULL, r->linkrot_only ? "Link rot report" : v->title);
	n = el_class(body, "p", "meta");
	if (r->run_id)
		add_textf(n, "Run %lld \xc2\xb7 ", (long long)r->run_id);
	add_text(n, v->when);
	if (!r->linkrot_only && v->compared)
		add_textf(n, " \xc2\xb7 compared with run %lld", (long long)r->prev_run_id);
	if (!r->linkrot_only) {
		overview(body, v);
		xmlAddChild(body, xmlNewComment(BAD_CAST DOCS_MARKER));
	}
	if (r->linkrot)
		linkrot_section(body, v);
	n = el_class(body, "div", "footer");
	add_textf(n, "Generated by provcheck %s at %s.",
		  r->opts.version ? r->opts.version : PROVCHECK_VERSION, v->when);

	/*
	 * htmlDocDumpMemoryFormat() would pick the encoding from an
	 * http-equiv meta and otherwise write every non-ASCII character
	 * as a reference; dump through a UTF-8 output buffer instead, to
	 * match <meta charset="utf-8">. First the skeleton, without the
	 * documents, split at the marker.
	 */
	ob = xmlOutputBufferCreateIO(write_cb, NULL, &skel, xmlFindCharEncodingHandler("UTF-8"));
	if (!ob)
		goto cleanup;
	htmlDocContentDumpFormatOutput(ob, doc, "UTF-8", 1);
	if (xmlOutputBufferClose(ob) < 0)
		goto cleanup;
	ob = NULL;
	if (!r->linkrot_only) {
		mark = strstr(skel.buf, "<!--" DOCS_MARKER "-->");
		if (!mark)
			goto cleanup;
	}
	strbuf_add(out, skel.buf, mark ? (size_t)(mark - skel.buf) : skel.len);
	if (mark) {
		/* then each document's section, built, written and freed in turn */
		ob = xmlOutputBufferCreateIO(write_cb, NULL, out, xmlFindCharEncodingHandler("UTF-8"));
		if (!ob)
			goto cleanup;
		for (i = 0; i < v->nr_docs; i++)
			if (dump_section(v, doc, doc_section(body, v, i), ob, out))
				goto cleanup;
		if (v->nr_fixed && dump_section(v, doc, fixed_section(body, v), ob, out))
			goto cleanup;
		if (xmlOutputBufferClose(ob) < 0) {
			ob = NULL;
			goto cleanup;
		}
		ob = NULL;
		mark += strlen("<!--" DOCS_MARKER "-->");
		strbuf_add(out, mark, skel.len - (size_t)(mark - skel.buf));
	}
	res = REPORT_OK;
cleanup:
	if (ob)
		xmlOutputBufferClose(ob);
	strbuf_release(&skel);
	if (doc)
		xmlFreeDoc(doc);
	return res;
}
