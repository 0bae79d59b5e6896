/*
 * links_report.c - the links stage in the reports (see links_report.h):
 * per-document tables, entry numbers of occurrences, and the link-rot
 * report from tables link_states, urls, url_occurrences and documents.
 */
#include "links_report.h"
#include "buf.h"
#include "doc.h"
#include "links_history.h"
#include "refs.h"
#include "report.h"
#include "store_internal.h"
#include "urls.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-document tables ---- */

/* One row to be: an occurrence of a link with a problem. */
struct link_row {
	const struct links_entry *e;
	const struct url_occ *o;
	size_t doc;             /* index in the report's documents */
};

static int cmp_row(const void *pa, const void *pb)
{
	const struct link_row *a = pa, *b = pb;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	if (a->o->src_start != b->o->src_start)
		return a->o->src_start < b->o->src_start ? -1 : 1;
	return strcmp(a->e->item->url, b->e->item->url);
}

static int has_problem(const struct links_entry *e)
{
	return e->verdict != LINK_OK && (e->verdict != LINK_UNCHECKED || e->stopped);
}

/* "failing" for a failure the history has not yet called dead, else the verdict. */
static const char *status_word(const struct links_report *lr, const struct links_entry *e)
{
	if (link_verdict_fails(e->verdict) && lr->history && e->state == LINK_STATE_FAILING)
		return "failing";
	if (e->item->kind == URL_MAILTO && e->verdict == LINK_BROKEN)
		return "invalid";
	return link_verdict_name(e->verdict);
}

static enum report_tone status_tone(const struct links_report *lr, const struct links_entry *e)
{
	switch (e->verdict) {
	case LINK_OK:
		return TONE_NONE;
	case LINK_UNCHECKED:
		return e->stopped ? TONE_WARN : TONE_NONE;
	case LINK_BROKEN:
	case LINK_SOFT404:
	case LINK_ROOT_REDIRECT:
		if (e->item->kind == URL_MAILTO)
			return TONE_WARN;
		return lr->history && e->state == LINK_STATE_FAILING ? TONE_WARN : TONE_BAD;
	case LINK_REDIRECT:
	case LINK_TIMEOUT:
	case LINK_BLOCKED:
	case LINK_LOGIN:
	case LINK_REFUSED:
		return TONE_WARN;
	}
	return TONE_NONE;
}

static struct report_table *links_table(struct report_doc *rd)
{
	static const char *const cols[] = {
		"Where", "URL", "Status", "Suggestion", "Archived copy"
	};
	size_t i;
	for (i = 0; i < rd->nr_tables; i++)
		if (!strcmp(rd->tables[i].name, "links"))
			return &rd->tables[i];
	return report_doc_add_table(rd, "links", "Link problems", 5, cols);
}

static void add_row(const struct links_report *lr, const struct link_row *lrow,
		    struct report_table *t)
{
	const struct links_entry *e = lrow->e;
	const struct url_occ *o = lrow->o;
	struct report_row *row = report_table_add_row(t);
	struct strbuf sb = STRBUF_INIT;
	const char *sugg = e->suggestion;

	strbuf_addf(&sb, "line %zu", o->line);
	if (o->entry >= 0)
		strbuf_addf(&sb, ", %s %ld", o->entry_kind ? o->entry_kind : "entry", o->entry);
	report_cell_set(row, 0, CELL_TEXT, TONE_NONE, sb.buf, sb.len);
	report_cell_set(row, 1, CELL_URL, TONE_NONE, e->item->url, strlen(e->item->url));

	strbuf_reset(&sb);
	strbuf_addstr(&sb, status_word(lr, e));
	if (e->status > 0)
		strbuf_addf(&sb, " (%ld)", e->status);
	report_cell_set(row, 2, CELL_STATUS, status_tone(lr, e), sb.buf, sb.len);
	strbuf_reset(&sb);
	if (e->error)
		strbuf_addstr(&sb, e->error);
	if (e->days_broken > 0)
		strbuf_addf(&sb, "%sbroken for %ld day%s", sb.len ? "; " : "", e->days_broken,
			    e->days_broken == 1 ? "" : "s");
	if (sb.len)
		report_cell_set_note(row, 2, sb.buf, sb.len);

	if (!sugg && e->verdict == LINK_REDIRECT)
		sugg = e->final_url;
	if (sugg)
		report_cell_set(row, 3, CELL_URL, TONE_NONE, sugg, strlen(sugg));
	if (e->archive)
		report_cell_set(row, 4, CELL_URL, TONE_NONE, e->archive, strlen(e->archive));
	strbuf_release(&sb);
}

void links_report_tables(const struct links_report *lr, struct report *rep)
{
	struct link_row *rows = NULL;
	size_t nr = 0, alloc = 0, i, k;

	for (i = 0; i < lr->nr; i++) {
		const struct links_entry *e = &lr->v[i];
		if (!has_problem(e))
			continue;
		for (k = 0; k < e->item->nr_occ; k++) {
			const struct url_occ *o = &e->item->occ[k];
			const struct report_doc *rd = report_find_doc(rep, o->doc);
			if (!rd)
				continue;
			ALLOC_GROW(rows, nr + 1, alloc);
			rows[nr].e = e;
			rows[nr].o = o;
			rows[nr].doc = (size_t)(rd - rep->docs);
			nr++;
		}
	}
	if (nr > 1)
		qsort(rows, nr, sizeof(*rows), cmp_row);
	for (i = 0; i < nr; i++)
		add_row(lr, &rows[i], links_table(&rep->docs[rows[i].doc]));
	free(rows);
}

/* ---- entries of occurrences ---- */

/* An entry's source range, for a binary search by offset. */
struct span {
	size_t start, end;
	size_t entry;
};

static int cmp_span(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* The entry holding source offset at: the last one starting at or before it, if it runs past it. */
static const struct span *span_at(const struct span *v, size_t n, size_t at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || at >= v[lo - 1].end)
		return NULL;
	return &v[lo - 1];
}

size_t links_mark_entries(struct url_list *urls, const struct doc *d, const struct refs *refs)
{
	struct span *v = NULL;
	size_t n = 0, i, k, marked = 0;

	if (!refs || !refs->nr_entries)
		return 0;
	v = xcalloc(refs->nr_entries, sizeof(*v));
	for (i = 0; i < refs->nr_entries; i++) {
		const struct refs_entry *e = &refs->entries[i];
		if (e->number <= 0 || e->src_end <= e->src_start)
			continue;       /* unnumbered (a Markdown label): nothing to say */
		v[n].start = e->src_start;
		v[n].end = e->src_end;
		v[n++].entry = i;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_span);
	for (i = 0; n && i < urls->nr; i++) {
		struct url_item *it = &urls->v[i];
		/* this document's occurrences are the item's last ones */
		for (k = it->nr_occ; k-- > 0 && !strcmp(it->occ[k].doc, d->path);) {
			struct url_occ *o = &it->occ[k];
			const struct span *sp = span_at(v, n, o->src_start);
			const struct refs_entry *e;
			const char *date;
			if (!sp || o->entry >= 0)
				continue;
			e = &refs->entries[sp->entry];
			o->entry = e->number;
			o->entry_kind = refs->lists && e->list < refs->nr_lists &&
					refs->lists[e->list].kind == REFS_LIST_REFERENCES
					? "reference" : "note";
			date = e->fields.date ? e->fields.date : e->fields.accessed;
			if (date) {
				free(o->date);
				o->date = xstrdup(date);
			}
			marked++;
		}
	}
	free(v);
	return marked;
}

/* ---- link rot from the store ---- */

static const char *col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int state_bad(const char *state)
{
	return state && (!strcmp(state, "failing") || !strcmp(state, "dead"));
}

static time_t col_time(sqlite3_stmt *s, int i)
{
	const char *t = col_text(s, i);
	time_t v = t ? links_history_parse_time(t) : (time_t)-1;
	return v == (time_t)-1 ? 0 : v;
}

static int prepare(struct store *st, const char *sql, sqlite3_stmt **s)
{
	int rc = sqlite3_prepare_v3(store_sqlite(st), sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL);
	if (rc != SQLITE_OK) {
		*s = NULL;
		store_set_error(st, rc);
		return -1;
	}
	return 0;
}

/* The trend (oldest first) over the runs that judged links up to run_id, and the last two. */
static int load_trend(struct store *st, int64_t run_id, size_t max_points, struct linkrot *out)
{
	sqlite3_stmt *s = NULL;
	struct linkrot_point *v = NULL;
	size_t n = 0, alloc = 0, i;
	int rc, r = -1;

	if (prepare(st, "SELECT run, MAX(at), COUNT(*), "
		    "SUM(state IN ('failing', 'dead')) FROM link_states "
		    "WHERE ?1 <= 0 OR run <= ?1 GROUP BY run ORDER BY run DESC LIMIT ?2", &s))
		goto cleanup;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)(max_points < 2 ? 2 : max_points));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(v, n + 1, alloc);
		v[n].run_id = sqlite3_column_int64(s, 0);
		v[n].time = col_time(s, 1);
		v[n].checked = (size_t)sqlite3_column_int64(s, 2);
		v[n].broken = (size_t)sqlite3_column_int64(s, 3);
		n++;
	}
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	if (n) {
		out->run_id = v[0].run_id;
		out->time = v[0].time;
		out->prev_run_id = n > 1 ? v[1].run_id : 0;
	}
	/* max_points bounds the chart; two runs are read for the comparison anyway */
	for (i = n < max_points ? n : max_points; i-- > 0;)
		linkrot_add_point(out, v[i].run_id, v[i].time, v[i].checked, v[i].broken);
	r = 0;
cleanup:
	sqlite3_finalize(s);
	free(v);
	return r;
}

/* First place (by path, line, column) that cites url id, and how many places do. */
static int load_where(struct store *st, sqlite3_stmt *s, int64_t url, struct linkrot_entry *e)
{
	int rc;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, url);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		linkrot_entry_set_where(e, col_text(s, 0), (size_t)sqlite3_column_int64(s, 1),
					(size_t)sqlite3_column_int64(s, 2),
					(size_t)sqlite3_column_int64(s, 3));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		return -1;
	}
	return 0;
}

enum links_result links_linkrot_load(struct store *st, int64_t run_id, size_t max_points,
				     struct linkrot *out)
{
	sqlite3_stmt *s = NULL, *where = NULL;
	enum links_result r = LINKS_ERR_STORE;
	int rc;

	if (load_trend(st, run_id, max_points, out))
		goto cleanup;
	if (!out->run_id) {
		r = LINKS_ERR_NO_HISTORY;
		goto cleanup;
	}
	/*
	 * Each link of the run against what the last run before it that
	 * judged this link said: a link the previous run did not see (it
	 * checked another set of documents) keeps its older word.
	 */
	if (prepare(st, "SELECT c.url, u.url, c.state, c.verdict, c.http_status, c.broken_since, "
		    "c.suggestion, c.archive, (SELECT p.state FROM link_states p "
		    "WHERE p.url = c.url AND p.run < c.run ORDER BY p.run DESC LIMIT 1) "
		    "FROM link_states c JOIN urls u ON u.id = c.url WHERE c.run = ?1", &s))
		goto cleanup;
	if (prepare(st, "SELECT d.path, o.line, o.col, "
		    "(SELECT COUNT(*) FROM url_occurrences x WHERE x.url = ?1) "
		    "FROM url_occurrences o JOIN documents d ON d.id = o.doc WHERE o.url = ?1 "
		    "ORDER BY d.path, o.line, o.col LIMIT 1", &where))
		goto cleanup;
	sqlite3_bind_int64(s, 1, out->run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *state = col_text(s, 2), *prev = col_text(s, 8);
		int bad = state_bad(state), was_bad = state_bad(prev);
		enum linkrot_change ch;
		struct linkrot_entry *e;

		if (bad && !was_bad)
			ch = LINKROT_NEW_BROKEN;
		else if (bad)
			ch = LINKROT_STILL_BROKEN;
		else if (was_bad && state && !strcmp(state, "ok"))
			ch = LINKROT_RECOVERED;
		else
			continue;
		e = linkrot_add(out, ch, col_text(s, 1), col_text(s, 3), sqlite3_column_int(s, 4),
				bad ? col_time(s, 5) : 0);
		linkrot_entry_set_suggestion(e, col_text(s, 6));
		linkrot_entry_set_archive(e, col_text(s, 7));
		if (load_where(st, where, sqlite3_column_int64(s, 0), e))
			goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	linkrot_sort(out);
	r = LINKS_OK;
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(where);
	return r;
}
