/*
 * json.c - everything, under the versioned schema of
 * docs/report-schema.json. Keep the two in sync: bump
 * REPORT_SCHEMA_VERSION on any incompatible change (a key removed or
 * retyped); adding an optional key is compatible.
 *
 * Strings go through strbuf_add_json_str(), which escapes what JSON
 * needs and turns invalid UTF-8 into U+FFFD.
 */
#include "report_internal.h"

#include <string.h>

#ifndef PROVCHECK_VERSION
#define PROVCHECK_VERSION "unknown"
#endif

/*
 * A JSON string. C1 controls (U+0080..U+009F) are legal in JSON but a
 * terminal that shows the file obeys them (U+009B is CSI), so they are
 * written as \u escapes like the C0 ones.
 */
static void jstr(struct strbuf *out, const char *s)
{
	size_t n, i, start = 0;
	struct strbuf tmp = STRBUF_INIT;

	if (!s) {
		strbuf_addstr(out, "null");
		return;
	}
	n = strlen(s);
	strbuf_add_json_str(&tmp, s, n);
	/* tmp is valid UTF-8 now: find the two-byte C1 sequences */
	for (i = 0; i + 1 < tmp.len; i++) {
		unsigned char c = (unsigned char)tmp.buf[i], d = (unsigned char)tmp.buf[i + 1];
		if (c == 0xc2 && d >= 0x80 && d < 0xa0) {
			strbuf_add(out, tmp.buf + start, i - start);
			strbuf_addf(out, "\\u%04x", d);
			start = i + 2;
			i++;
		}
	}
	strbuf_add(out, tmp.buf + start, tmp.len - start);
	strbuf_release(&tmp);
}

static void jkey(struct strbuf *out, int *first, const char *key)
{
	if (!*first)
		strbuf_addch(out, ',');
	*first = 0;
	strbuf_add_json_str(out, key, strlen(key));
	strbuf_addch(out, ':');
}

static void jkstr(struct strbuf *out, int *first, const char *key, const char *val)
{
	jkey(out, first, key);
	jstr(out, val);
}

static void jknum(struct strbuf *out, int *first, const char *key, long long val)
{
	jkey(out, first, key);
	strbuf_addf(out, "%lld", val);
}

/* A number, or null when zero means "unknown". */
static void jknum_or_null(struct strbuf *out, int *first, const char *key, long long val)
{
	jkey(out, first, key);
	if (val)
		strbuf_addf(out, "%lld", val);
	else
		strbuf_addstr(out, "null");
}

static void jcounts(struct strbuf *out, const size_t count[3])
{
	strbuf_addf(out, "{\"error\":%zu,\"warning\":%zu,\"info\":%zu}", count[SEV_ERROR],
		    count[SEV_WARNING], count[SEV_INFO]);
}

static void jfinding(struct strbuf *out, const struct rview *v, const struct finding *fd,
		     int is_new)
{
	int first = 1;
	size_t j;
	strbuf_addch(out, '{');
	jkstr(out, &first, "id", fd->id);
	jkstr(out, &first, "kind", fd->kind);
	jkstr(out, &first, "stage", fd->stage);
	jkstr(out, &first, "severity", severity_name(fd->severity));
	jkstr(out, &first, "document", fd->doc);
	jknum_or_null(out, &first, "line", (long long)fd->line);
	jknum_or_null(out, &first, "column", (long long)fd->col);
	jkstr(out, &first, "quote", fd->quote);
	jkstr(out, &first, "message", fd->message);
	jkstr(out, &first, "suggestion", fd->suggestion);
	jkey(out, &first, "related");
	strbuf_addch(out, '[');
	for (j = 0; j < fd->nr_related; j++) {
		const struct finding_loc *l = &fd->related[j];
		int f2 = 1;
		if (j)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		jkstr(out, &f2, "document", l->doc);
		jknum_or_null(out, &f2, "line", (long long)l->line);
		jknum_or_null(out, &f2, "column", (long long)l->col);
		jkstr(out, &f2, "quote", l->quote);
		jkstr(out, &f2, "note", l->note);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	jkey(out, &first, "new");
	if (v->compared)
		strbuf_addstr(out, is_new ? "true" : "false");
	else
		strbuf_addstr(out, "null");
	strbuf_addch(out, '}');
}

static void jtables(struct strbuf *out, const struct report_doc *rd)
{
	size_t i, j, k;
	strbuf_addch(out, '[');
	for (i = 0; rd && i < rd->nr_tables; i++) {
		const struct report_table *t = &rd->tables[i];
		int first = 1;
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		jkstr(out, &first, "name", t->name);
		jkstr(out, &first, "title", t->title);
		jkey(out, &first, "columns");
		strbuf_addch(out, '[');
		for (j = 0; j < t->nr_columns; j++) {
			if (j)
				strbuf_addch(out, ',');
			jstr(out, t->columns[j]);
		}
		strbuf_addstr(out, "]");
		jkey(out, &first, "rows");
		strbuf_addch(out, '[');
		for (k = 0; k < t->nr_rows; k++) {
			if (k)
				strbuf_addch(out, ',');
			strbuf_addch(out, '[');
			for (j = 0; j < t->nr_columns; j++) {
				const struct report_cell *c = &t->rows[k].cells[j];
				int f2 = 1;
				if (j)
					strbuf_addch(out, ',');
				strbuf_addch(out, '{');
				jkstr(out, &f2, "kind", report_cell_kind_name(c->kind));
				jkstr(out, &f2, "tone", report_tone_name(c->tone));
				jkstr(out, &f2, "text", c->text);
				jkstr(out, &f2, "note", c->note);
				strbuf_addch(out, '}');
			}
			strbuf_addch(out, ']');
		}
		strbuf_addstr(out, "]}");
	}
	strbuf_addch(out, ']');
}

static void jlinkrot(struct strbuf *out, const struct linkrot *lr)
{
	size_t i, n[3] = { 0, 0, 0 };
	int first = 1;
	char when[32];

	for (i = 0; i < lr->nr; i++)
		n[lr->v[i].change]++;
	strbuf_addch(out, '{');
	jknum(out, &first, "run_id", (long long)lr->run_id);
	jknum_or_null(out, &first, "previous_run_id", (long long)lr->prev_run_id);
	report_time_iso(lr->time, when, sizeof(when));
	jkstr(out, &first, "time", when);
	jkey(out, &first, "counts");
	strbuf_addf(out, "{\"new-broken\":%zu,\"still-broken\":%zu,\"recovered\":%zu}",
		    n[LINKROT_NEW_BROKEN], n[LINKROT_STILL_BROKEN], n[LINKROT_RECOVERED]);
	jkey(out, &first, "entries");
	strbuf_addch(out, '[');
	for (i = 0; i < lr->nr; i++) {
		const struct linkrot_entry *e = &lr->v[i];
		int f2 = 1;
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		jkstr(out, &f2, "change", linkrot_change_name(e->change));
		jkstr(out, &f2, "url", e->url);
		jkstr(out, &f2, "verdict", e->verdict);
		jknum(out, &f2, "status", e->status);
		jkstr(out, &f2, "document", e->doc);
		jknum_or_null(out, &f2, "line", (long long)e->line);
		jknum_or_null(out, &f2, "column", (long long)e->col);
		jknum(out, &f2, "occurrences", (long long)e->occurrences);
		jkey(out, &f2, "broken_since");
		if (e->broken_since) {
			report_time_iso(e->broken_since, when, sizeof(when));
			jstr(out, when);
		} else {
			strbuf_addstr(out, "null");
		}
		jknum(out, &f2, "days_broken", linkrot_days(e->broken_since, lr->time));
		jkstr(out, &f2, "archive", e->archive);
		jkstr(out, &f2, "suggestion", e->suggestion);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	jkey(out, &first, "trend");
	strbuf_addch(out, '[');
	for (i = 0; i < lr->nr_trend; i++) {
		const struct linkrot_point *p = &lr->trend[i];
		int f2 = 1;
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		jknum(out, &f2, "run_id", (long long)p->run_id);
		report_time_iso(p->time, when, sizeof(when));
		jkstr(out, &f2, "time", when);
		jknum(out, &f2, "checked", (long long)p->checked);
		jknum(out, &f2, "broken", (long long)p->broken);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "]}");
}

void render_json(const struct rview *v, struct strbuf *out)
{
	const struct report *r = v->r;
	size_t i, j, nr_docs = 0;
	int first = 1, f2;

	for (i = 0; i < v->nr_docs; i++)
		if (v->docs[i].path)
			nr_docs++;
	strbuf_addch(out, '{');
	jknum(out, &first, "schema_version", REPORT_SCHEMA_VERSION);
	jkey(out, &first, "tool");
	f2 = 1;
	strbuf_addch(out, '{');
	jkstr(out, &f2, "name", "provcheck");
	jkstr(out, &f2, "version", r->opts.version ? r->opts.version : PROVCHECK_VERSION);
	strbuf_addch(out, '}');
	jkstr(out, &first, "title", v->title);
	jkey(out, &first, "run");
	f2 = 1;
	strbuf_addch(out, '{');
	jknum_or_null(out, &f2, "id", (long long)r->run_id);
	jkstr(out, &f2, "time", v->when);
	jknum_or_null(out, &f2, "previous_id", (long long)r->prev_run_id);
	strbuf_addch(out, '}');

	jkey(out, &first, "summary");
	f2 = 1;
	strbuf_addch(out, '{');
	jknum(out, &f2, "documents", (long long)nr_docs);
	jknum(out, &f2, "findings", (long long)v->f->nr);
	jkey(out, &f2, "by_severity");
	jcounts(out, v->count);
	jkey(out, &f2, "by_stage");
	strbuf_addch(out, '{');
	{
		int f3 = 1;
		for (i = 0; i < v->nr_stages; i++) {
			jkey(out, &f3, v->stages[i].stage);
			jcounts(out, v->stages[i].count);
		}
	}
	strbuf_addch(out, '}');
	jkey(out, &f2, "new");
	if (v->compared)
		strbuf_addf(out, "%zu", v->nr_new);
	else
		strbuf_addstr(out, "null");
	jkey(out, &f2, "fixed");
	if (v->compared)
		strbuf_addf(out, "%zu", v->nr_fixed);
	else
		strbuf_addstr(out, "null");
	strbuf_addch(out, '}');

	jkey(out, &first, "documents");
	strbuf_addch(out, '[');
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		int f3 = 1;
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		jkstr(out, &f3, "path", d->path);
		jkstr(out, &f3, "format", d->rd ? d->rd->format : NULL);
		jknum_or_null(out, &f3, "size", d->rd ? (long long)d->rd->size : 0);
		jkstr(out, &f3, "error", d->rd ? d->rd->error : NULL);
		jkey(out, &f3, "counts");
		jcounts(out, d->count);
		jkey(out, &f3, "new");
		if (v->compared)
			strbuf_addf(out, "%zu", d->nr_new);
		else
			strbuf_addstr(out, "null");
		jkey(out, &f3, "findings");
		strbuf_addch(out, '[');
		for (j = 0; j < d->nr; j++) {
			if (j)
				strbuf_addch(out, ',');
			jfinding(out, v, d->items[j], rview_is_new(v, d->items[j]));
		}
		strbuf_addch(out, ']');
		jkey(out, &f3, "tables");
		jtables(out, d->rd);
		strbuf_addch(out, '}');
		rview_flush(v, out, 0);
	}
	strbuf_addch(out, ']');

	jkey(out, &first, "fixed");
	strbuf_addch(out, '[');
	for (i = 0; i < v->nr_fixed; i++) {
		if (i)
			strbuf_addch(out, ',');
		jfinding(out, v, v->fixed[i], 0);
		rview_flush(v, out, 0);
	}
	strbuf_addch(out, ']');

	jkey(out, &first, "linkrot");
	if (r->linkrot)
		jlinkrot(out, r->linkrot);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, "}\n");
}
