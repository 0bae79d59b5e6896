/*
 * report.c - the report model (documents, tables, link rot), the view
 * the renderers share, and the dispatch to the formats.
 */
#include "report_internal.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *report_strerror(enum report_result r)
{
	switch (r) {
	case REPORT_OK: return "success";
	case REPORT_ERR_LIMIT: return "report too large";
	case REPORT_ERR_XML: return "cannot build the xml tree";
	case REPORT_ERR_FORMAT: return "unknown report format";
	case REPORT_ERR_SINK: return "cannot write the report";
	}
	return "unknown error";
}

static const char *const format_names[] = { "text", "md", "html", "json", "junit" };

int report_format_parse(const char *s, enum report_format *out)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(format_names); i++) {
		if (!strcmp(s, format_names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

const char *report_format_name(enum report_format f)
{
	if ((size_t)f < ARRAY_SIZE(format_names))
		return format_names[f];
	return "text";
}

const char *report_cell_kind_name(enum report_cell_kind k)
{
	switch (k) {
	case CELL_TEXT: return "text";
	case CELL_QUOTE: return "quote";
	case CELL_URL: return "url";
	case CELL_STATUS: return "status";
	case CELL_NUMBER: return "number";
	case CELL_LOCATION: return "location";
	}
	return "text";
}

const char *report_tone_name(enum report_tone t)
{
	switch (t) {
	case TONE_NONE: return "none";
	case TONE_GOOD: return "good";
	case TONE_WARN: return "warn";
	case TONE_BAD: return "bad";
	}
	return "none";
}

const char *linkrot_change_name(enum linkrot_change c)
{
	switch (c) {
	case LINKROT_NEW_BROKEN: return "new-broken";
	case LINKROT_STILL_BROKEN: return "still-broken";
	case LINKROT_RECOVERED: return "recovered";
	}
	return "new-broken";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* --- link rot ------------------------------------------------------ */

void linkrot_init(struct linkrot *lr)
{
	memset(lr, 0, sizeof(*lr));
}

void linkrot_release(struct linkrot *lr)
{
	size_t i;
	for (i = 0; i < lr->nr; i++) {
		struct linkrot_entry *e = &lr->v[i];
		free(e->url);
		free(e->verdict);
		free(e->doc);
		free(e->archive);
		free(e->suggestion);
	}
	free(lr->v);
	free(lr->trend);
	linkrot_init(lr);
}

struct linkrot_entry *linkrot_add(struct linkrot *lr, enum linkrot_change change,
				  const char *url, const char *verdict, int status,
				  time_t broken_since)
{
	struct linkrot_entry *e;
	ALLOC_GROW(lr->v, lr->nr + 1, lr->alloc);
	e = &lr->v[lr->nr++];
	memset(e, 0, sizeof(*e));
	e->change = change;
	e->url = xstrdup(url ? url : "");
	e->verdict = dup_or_null(verdict);
	e->status = status;
	e->broken_since = broken_since;
	return e;
}

void linkrot_entry_set_where(struct linkrot_entry *e, const char *doc, size_t line,
			     size_t col, size_t occurrences)
{
	free(e->doc);
	e->doc = dup_or_null(doc);
	e->line = line;
	e->col = col;
	e->occurrences = occurrences;
}

void linkrot_entry_set_archive(struct linkrot_entry *e, const char *archive)
{
	free(e->archive);
	e->archive = dup_or_null(archive);
}

void linkrot_entry_set_suggestion(struct linkrot_entry *e, const char *suggestion)
{
	free(e->suggestion);
	e->suggestion = dup_or_null(suggestion);
}

void linkrot_add_point(struct linkrot *lr, int64_t run_id, time_t t, size_t checked,
		       size_t broken)
{
	struct linkrot_point *p;
	ALLOC_GROW(lr->trend, lr->nr_trend + 1, lr->alloc_trend);
	p = &lr->trend[lr->nr_trend++];
	p->run_id = run_id;
	p->time = t;
	p->checked = checked;
	p->broken = broken;
}

static int cmp_linkrot(const void *pa, const void *pb)
{
	const struct linkrot_entry *a = pa, *b = pb;
	if (a->change != b->change)
		return a->change < b->change ? -1 : 1;
	return strcmp(a->url, b->url);
}

void linkrot_sort(struct linkrot *lr)
{
	if (lr->nr > 1)
		qsort(lr->v, lr->nr, sizeof(*lr->v), cmp_linkrot);
}

long linkrot_days(time_t since, time_t now)
{
	if (!since || since >= now)
		return 0;
	return (long)((now - since) / 86400);
}

int linkrot_unchanged(const struct linkrot *lr)
{
	size_t i;
	for (i = 0; i < lr->nr; i++)
		if (lr->v[i].change != LINKROT_STILL_BROKEN)
			return 0;
	return 1;
}

/* --- documents and tables ------------------------------------------ */

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->opts.fail_on = SEV_ERROR;
}

static void table_release(struct report_table *t)
{
	size_t i, j;
	for (i = 0; i < t->nr_rows; i++) {
		for (j = 0; j < t->nr_columns; j++) {
			free(t->rows[i].cells[j].text);
			free(t->rows[i].cells[j].note);
		}
		free(t->rows[i].cells);
	}
	for (j = 0; j < t->nr_columns; j++)
		free(t->columns[j]);
	free(t->columns);
	free(t->rows);
	free(t->name);
	free(t->title);
}

void report_release(struct report *r)
{
	size_t i, j;
	for (i = 0; i < r->nr_docs; i++) {
		struct report_doc *d = &r->docs[i];
		for (j = 0; j < d->nr_tables; j++)
			table_release(&d->tables[j]);
		free(d->tables);
		free(d->path);
		free(d->format);
		free(d->error);
	}
	free(r->docs);
	if (r->doc_index)
		strmap_release(r->doc_index);
	free(r->doc_index);
	report_init(r);
}

struct report_doc *report_add_doc(struct report *r, const char *path, const char *format,
				  size_t size)
{
	struct report_doc *d;
	ALLOC_GROW(r->docs, r->nr_docs + 1, r->alloc_docs);
	d = &r->docs[r->nr_docs++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	d->format = dup_or_null(format);
	d->size = size;
	/*
	 * Findings and link rows look their document up by path: an index,
	 * or a check of 50,000 documents compares every finding with every
	 * path. Keys are the copied paths, which do not move.
	 */
	if (r->nr_indexed == r->nr_docs - 1) {
		if (!r->doc_index) {
			r->doc_index = xmalloc(sizeof(*r->doc_index));
			strmap_init(r->doc_index);
		}
		strmap_put(r->doc_index, d->path, strlen(d->path), r->nr_docs - 1, NULL);
		r->nr_indexed = r->nr_docs;
	}
	return d;
}

struct report_doc *report_find_doc(const struct report *r, const char *path)
{
	size_t i = 0;
	if (r->doc_index) {
		size_t *at = strmap_get(r->doc_index, path, strlen(path));
		if (at)
			return &r->docs[*at];
		i = r->nr_indexed;
	}
	/* documents the caller set up without report_add_doc() */
	for (; i < r->nr_docs; i++)
		if (!strcmp(r->docs[i].path, path))
			return &r->docs[i];
	return NULL;
}

void report_doc_set_error(struct report_doc *d, const char *error)
{
	free(d->error);
	d->error = dup_or_null(error);
}

struct report_table *report_doc_add_table(struct report_doc *d, const char *name,
					  const char *title, size_t ncols,
					  const char *const *columns)
{
	struct report_table *t;
	size_t i;
	ALLOC_GROW(d->tables, d->nr_tables + 1, d->alloc_tables);
	t = &d->tables[d->nr_tables++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->title = xstrdup(title ? title : name);
	t->nr_columns = ncols;
	t->columns = xcalloc(ncols ? ncols : 1, sizeof(char *));
	for (i = 0; i < ncols; i++)
		t->columns[i] = xstrdup(columns[i] ? columns[i] : "");
	return t;
}

struct report_row *report_table_add_row(struct report_table *t)
{
	struct report_row *row;
	ALLOC_GROW(t->rows, t->nr_rows + 1, t->alloc_rows);
	row = &t->rows[t->nr_rows++];
	row->cells = xcalloc(t->nr_columns ? t->nr_columns : 1, sizeof(struct report_cell));
	return row;
}

/*
 * A row does not know its table's width; the cells array was sized by
 * report_table_add_row(). Callers pass col within the table's columns
 * (the header says so); we cannot check it here without the table, so
 * the check lives in the renderers' loops, which only read nr_columns.
 */
void report_cell_set(struct report_row *row, size_t col, enum report_cell_kind kind,
		     enum report_tone tone, const char *s, size_t n)
{
	struct report_cell *c = &row->cells[col];
	c->kind = kind;
	c->tone = tone;
	free(c->text);
	c->text = s ? xstrndup(s, n) : NULL;
}

void report_cell_set_note(struct report_row *row, size_t col, const char *s, size_t n)
{
	struct report_cell *c = &row->cells[col];
	free(c->note);
	c->note = s ? xstrndup(s, n) : NULL;
}

/* --- helpers for the renderers --------------------------------------- */

int rp_clean(struct strbuf *out, const char *s, size_t n, int keep_nl)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t l;
		int r;
		if (c < 0x80) {
			if (c == '\n' || c == '\r') {
				/* CR LF counts as one line break */
				if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
					i++;
				r = strbuf_addch(out, keep_nl ? '\n' : ' ');
			} else if (c == '\t') {
				r = strbuf_addch(out, ' ');
			} else if (c < 0x20 || c == 0x7f) {
				r = strbuf_add(out, "\xef\xbf\xbd", 3);
			} else {
				r = strbuf_addch(out, c);
			}
			i++;
		} else {
			uint32_t cp = 0;
			l = utf8_decode(s + i, n - i, &cp);
			/*
			 * C1 controls (U+0080..U+009F) drive terminals too;
			 * noncharacters are not allowed in XML or HTML.
			 */
			if (!l || (cp >= 0x80 && cp < 0xa0) || (cp >= 0xfdd0 && cp <= 0xfdef) ||
			    (cp & 0xfffe) == 0xfffe) {
				r = strbuf_add(out, "\xef\xbf\xbd", 3);
				i += l ? l : 1;
			} else {
				r = strbuf_add(out, s + i, l);
				i += l;
			}
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

int rp_cleans(struct strbuf *out, const char *s, int keep_nl)
{
	return s ? rp_clean(out, s, strlen(s), keep_nl) : 0;
}

void rp_location(struct strbuf *out, const char *doc, size_t line, size_t col)
{
	rp_cleans(out, doc ? doc : "(corpus)", 0);
	if (line) {
		strbuf_addf(out, ":%zu", line);
		if (col)
			strbuf_addf(out, ":%zu", col);
	}
}

const char *rp_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void report_time_iso(time_t t, char *buf, size_t n)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "%s", "1970-01-01T00:00:00Z");
}

int report_use_color(int setting, int is_tty, const char *no_color_env)
{
	if (setting >= 0)
		return setting > 0;
	if (no_color_env && *no_color_env)
		return 0;
	return is_tty;
}

/* --- the view -------------------------------------------------------- */

static const struct findings empty_findings;

static int cmp_str_null_last(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/*
 * Past max findings of one kind in items[0..nr): marked in hide[]
 * (parallel to items, allocated here) and counted in *more, one entry
 * per kind in order of first appearance. The kinds of a list are few.
 */
static void cap_kinds(const struct finding *const *items, size_t nr, size_t max,
		      unsigned char **hide, struct rview_more **more, size_t *nr_more)
{
	struct kc {
		const char *kind;
		size_t n;
	} *seen = NULL;
	size_t nseen = 0, alloc = 0, amore = 0, i, k;

	*hide = xcalloc(nr ? nr : 1, 1);
	for (i = 0; i < nr; i++) {
		const struct finding *fd = items[i];
		for (k = 0; k < nseen; k++)
			if (!strcmp(seen[k].kind, fd->kind))
				break;
		if (k == nseen) {
			ALLOC_GROW(seen, nseen + 1, alloc);
			seen[nseen].kind = fd->kind;
			seen[nseen++].n = 0;
		}
		if (++seen[k].n <= max)
			continue;
		(*hide)[i] = 1;
		for (k = 0; k < *nr_more; k++)
			if (!strcmp((*more)[k].kind, fd->kind))
				break;
		if (k == *nr_more) {
			ALLOC_GROW(*more, *nr_more + 1, amore);
			(*more)[k].kind = fd->kind;
			(*more)[k].nr = 0;
			(*nr_more)++;
		}
		(*more)[k].nr++;
	}
	free(seen);
}

/*
 * The view of a document, added on first use. Paths are found through
 * byp (the index of v->docs by path); the corpus-wide findings (NULL
 * path) through *corpus, their index (SIZE_MAX: none yet).
 */
static struct rview_doc *view_doc(struct rview *v, struct strmap *byp, size_t *corpus,
				  const char *path, const struct report_doc *rd)
{
	struct rview_doc *d;
	size_t *at = NULL;
	int added = 1;

	/* findings come grouped by document: try the last one found first */
	if (v->last_doc < v->nr_docs && !cmp_str_null_last(v->docs[v->last_doc].path, path))
		return &v->docs[v->last_doc];
	if (path) {
		at = strmap_put(byp, path, strlen(path), v->nr_docs, &added);
		if (!added) {
			v->last_doc = *at;
			return &v->docs[*at];
		}
	} else if (*corpus != SIZE_MAX) {
		v->last_doc = *corpus;
		return &v->docs[*corpus];
	} else {
		*corpus = v->nr_docs;
	}
	v->last_doc = v->nr_docs;
	ALLOC_GROW(v->docs, v->nr_docs + 1, v->alloc_docs);
	d = &v->docs[v->nr_docs++];
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->rd = rd;
	return d;
}

static int cmp_view_doc(const void *pa, const void *pb)
{
	const struct rview_doc *a = pa, *b = pb;
	return cmp_str_null_last(a->path, b->path);
}

/* Sorted as findings_sort() would, without touching the caller's list. */
static int cmp_item(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->kind, b->kind);
	if (c)
		return c;
	return strcmp(a->id, b->id);
}

/* Sorted ids of a findings list, so that new/fixed marking is n log n. */
struct idset {
	const char **v;
	size_t nr;
};

static int cmp_idp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void idset_init(struct idset *s, const struct findings *f)
{
	size_t i;
	s->nr = f->nr;
	s->v = xcalloc(f->nr ? f->nr : 1, sizeof(*s->v));
	for (i = 0; i < f->nr; i++)
		s->v[i] = f->v[i].id;
	if (s->nr > 1)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_idp);
}

static int idset_has(const struct idset *s, const char *id)
{
	return s->nr && bsearch(&id, s->v, s->nr, sizeof(*s->v), cmp_idp) != NULL;
}

static int cmp_fixed(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c = cmp_str_null_last(a->doc, b->doc);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->id, b->id);
}

void rview_init(struct rview *v, const struct report *r)
{
	size_t i, j;
	struct idset cur_ids = { NULL, 0 }, prev_ids = { NULL, 0 };
	struct strmap byp = STRMAP_INIT;
	size_t corpus = SIZE_MAX, max;

	memset(v, 0, sizeof(*v));
	v->r = r;
	v->f = r->findings ? r->findings : &empty_findings;
	v->title = r->opts.title ? r->opts.title : "provcheck report";
	report_time_iso(r->time, v->when, sizeof(v->when));
	v->is_new = xcalloc(v->f->nr ? v->f->nr : 1, 1);
	v->compared = r->previous != NULL;

	idset_init(&cur_ids, v->f);
	if (r->previous)
		idset_init(&prev_ids, r->previous);
	for (i = 0; i < r->nr_docs; i++)
		view_doc(v, &byp, &corpus, r->docs[i].path, &r->docs[i]);
	for (i = 0; i < v->f->nr; i++) {
		const struct finding *fd = &v->f->v[i];
		struct rview_doc *d = view_doc(v, &byp, &corpus, fd->doc,
					       fd->doc ? report_find_doc(r, fd->doc) : NULL);
		struct rview_stage *st = NULL;
		unsigned sev = fd->severity <= SEV_ERROR ? fd->severity : SEV_ERROR;

		ALLOC_GROW(d->items, d->nr + 1, d->alloc);
		d->items[d->nr++] = fd;
		d->count[sev]++;
		v->count[sev]++;
		if (r->previous && !idset_has(&prev_ids, fd->id)) {
			v->is_new[i] = 1;
			d->nr_new++;
			v->nr_new++;
		}
		for (j = 0; j < v->nr_stages; j++)
			if (!strcmp(v->stages[j].stage, fd->stage))
				st = &v->stages[j];
		if (!st) {
			ALLOC_GROW(v->stages, v->nr_stages + 1, v->alloc_stages);
			st = &v->stages[v->nr_stages++];
			memset(st, 0, sizeof(*st));
			st->stage = fd->stage;
		}
		st->count[sev]++;
	}
	strmap_release(&byp);
	if (v->nr_docs > 1)
		qsort(v->docs, v->nr_docs, sizeof(*v->docs), cmp_view_doc);
	max = r->opts.max_per_kind ? r->opts.max_per_kind : REPORT_MAX_PER_KIND;
	for (i = 0; i < v->nr_docs; i++) {
		struct rview_doc *d = &v->docs[i];
		if (d->nr > 1)
			qsort(d->items, d->nr, sizeof(*d->items), cmp_item);
		cap_kinds(d->items, d->nr, max, &d->unlisted, &d->more, &d->nr_more);
	}

	if (r->previous) {
		for (i = 0; i < r->previous->nr; i++) {
			const struct finding *pf = &r->previous->v[i];
			if (idset_has(&cur_ids, pf->id))
				continue;
			ALLOC_GROW(v->fixed, v->nr_fixed + 1, v->alloc_fixed);
			v->fixed[v->nr_fixed++] = pf;
		}
		if (v->nr_fixed > 1)
			qsort(v->fixed, v->nr_fixed, sizeof(*v->fixed), cmp_fixed);
	}
	cap_kinds(v->fixed, v->nr_fixed, max, &v->fixed_unlisted, &v->fixed_more,
		  &v->nr_fixed_more);
	free(cur_ids.v);
	free(prev_ids.v);
}

int rview_is_new(const struct rview *v, const struct finding *fd)
{
	return v->is_new[fd - v->f->v];
}

void rview_flush(const struct rview *v, struct strbuf *out, int last)
{
	struct rview_sink *k = v->sink;
	if (!k || (!last && out->len < REPORT_CHUNK))
		return;
	if (!k->failed && out->len && k->fn(k->ud, out->buf, out->len) < 0)
		k->failed = 1;
	strbuf_reset(out);
}

void rp_more(struct strbuf *out, const struct rview_more *m)
{
	strbuf_addf(out, "and %zu more like this (", m->nr);
	rp_cleans(out, m->kind, 0);
	strbuf_addch(out, ')');
}

void rview_release(struct rview *v)
{
	size_t i;
	for (i = 0; i < v->nr_docs; i++) {
		free(v->docs[i].items);
		free(v->docs[i].more);
		free(v->docs[i].unlisted);
	}
	free(v->docs);
	free(v->stages);
	free(v->is_new);
	free(v->fixed_unlisted);
	free(v->fixed_more);
	free(v->fixed);
	memset(v, 0, sizeof(*v));
}

enum report_result report_render(const struct report *r, enum report_format fmt,
				 struct strbuf *out)
{
	struct rview v;
	struct rview_sink sink = { r->opts.sink, r->opts.sink_ud, 0 };
	struct strbuf scratch = STRBUF_INIT;
	enum report_result res = REPORT_OK;

	rview_init(&v, r);
	if (sink.fn)
		v.sink = &sink;
	switch (fmt) {
	case REPORT_TEXT: render_text(&v, &scratch); break;
	case REPORT_MD: render_markdown(&v, &scratch); break;
	case REPORT_JSON: render_json(&v, &scratch); break;
	case REPORT_HTML: res = render_html(&v, &scratch); break;
	case REPORT_JUNIT: res = render_junit(&v, &scratch); break;
	default: res = REPORT_ERR_FORMAT; break;
	}
	/*
	 * Streamed, the renderers handed out all but their last piece; the
	 * out's cap then bounds a piece (what is in memory at once).
	 */
	if (res == REPORT_OK && out->cap && scratch.len > out->cap - out->len)
		res = REPORT_ERR_LIMIT;
	else if (res == REPORT_OK && sink.fn)
		rview_flush(&v, &scratch, 1);
	else if (res == REPORT_OK && strbuf_add(out, scratch.buf, scratch.len) < 0)
		res = REPORT_ERR_LIMIT;
	if (res == REPORT_OK && sink.failed)
		res = REPORT_ERR_SINK;
	strbuf_release(&scratch);
	rview_release(&v);
	return res;
}
