/*
 * refs_store.c - the callouts, reference-list entries and notes of one
 * document in the store (tables callouts, entries and notes; see
 * docs/schema.md). Statements are the store's cached ones
 * (store_stmt()): a scan writes these rows for every document, and
 * preparing them each time cost more than the rows.
 */
#include "refs.h"
#include "buf.h"
#include "store_internal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char sql_del_callouts[] = "DELETE FROM callouts WHERE doc = ?1";
static const char sql_del_entries[] = "DELETE FROM entries WHERE doc = ?1";
static const char sql_del_notes[] = "DELETE FROM notes WHERE doc = ?1";
/* the rows of a document, one INSERT per table (store_rows()); idx is the row's key (version 6) */
static const char head_callouts[] =
	"INSERT INTO callouts (doc, line, col, src_start, src_end, text, scheme, targets, locators, "
	"idx)";
static const char head_entries[] =
	"INSERT INTO entries (doc, number, label, line, col, src_start, src_end, kind, raw, fields, "
	"idx)";
static const char head_notes[] =
	"INSERT INTO notes (doc, label, kind, line, col, src_start, src_end, text, idx)";

/* Appends the decimal writing of v; by hand, as label_is_number() (snprintf() per target). */
static void add_long(struct strbuf *sb, long v)
{
	char d[24];
	size_t i = sizeof(d);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u && i > 1);
	if (v < 0)
		d[--i] = '-';
	strbuf_add(sb, d + i, sizeof(d) - i);
}

/* Whether label is the decimal writing of number ("12", not "4a" nor "note"). */
static int label_is_number(const char *label, long number)
{
	char n[24];
	size_t i = sizeof(n);

	if (number < 0)
		return 0;
	/* by hand: snprintf() for every callout target was a tenth of this file's time */
	do {
		n[--i] = (char)('0' + number % 10);
		number /= 10;
	} while (number && i);
	return strlen(label) == sizeof(n) - i && !memcmp(label, n + i, sizeof(n) - i);
}

/*
 * targets: [3,4,"4a"] (numbers as numbers, other labels as strings);
 * locators: ["p. 12",null], or nothing (sb->len 0) when no target has one.
 */
static void callout_json(const struct refs_callout *c, struct strbuf *targets,
			 struct strbuf *locators)
{
	size_t i;
	int any_locator = 0;

	strbuf_reset(targets);
	strbuf_reset(locators);
	strbuf_addch(targets, '[');
	strbuf_addch(locators, '[');
	for (i = 0; i < c->nr_targets; i++) {
		const struct refs_target *t = &c->targets[i];
		if (i) {
			strbuf_addch(targets, ',');
			strbuf_addch(locators, ',');
		}
		if (label_is_number(t->label, t->number))
			add_long(targets, t->number);
		else
			strbuf_add_json_str(targets, t->label, strlen(t->label));
		if (t->locator) {
			any_locator = 1;
			strbuf_add_json_str(locators, t->locator, strlen(t->locator));
		} else {
			strbuf_addstr(locators, "null");
		}
	}
	strbuf_addch(targets, ']');
	strbuf_addch(locators, ']');
	if (!any_locator)
		strbuf_reset(locators);
}

/*
 * What the row callbacks of one document need: its refs and id, the
 * indices of its entries (reference-list items) and of its notes, and
 * the JSON of the current row (valid until the next row, store_rows()).
 */
struct refs_rows {
	const struct refs *r;
	int64_t doc_id;
	size_t *entries, *notes;
	struct strbuf js[2];
};

/* Sets cells to callout i (head_callouts' columns). */
static int fill_callout(struct store_cell *cells, size_t i, void *ctx)
{
	struct refs_rows *rr = ctx;
	const struct refs_callout *c = &rr->r->callouts[i];
	struct strbuf *a = &rr->js[0], *b = &rr->js[1];

	callout_json(c, a, b);
	store_cell_int(&cells[0], rr->doc_id);
	store_cell_int(&cells[1], (int64_t)c->line);
	store_cell_int(&cells[2], (int64_t)c->col);
	store_cell_int(&cells[3], (int64_t)c->src_start);
	store_cell_int(&cells[4], (int64_t)c->src_end);
	store_cell_str(&cells[5], c->text ? c->text : "");
	store_cell_str(&cells[6], refs_scheme_name(c->scheme));
	store_cell_mem(&cells[7], a->buf, a->len);
	store_cell_mem(&cells[8], b->len ? b->buf : NULL, b->len);
	store_cell_int(&cells[9], (int64_t)i);
	return 0;
}

/* The kind of a note as the notes table says it. */
static const char *note_kind(enum refs_list_kind k)
{
	return k == REFS_LIST_ENDNOTES ? "endnote" : "footnote";
}

int refs_entry_is_reference(const struct refs *r, size_t i)
{
	const struct refs_entry *e = &r->entries[i];
	return e->list >= r->nr_lists || r->lists[e->list].kind == REFS_LIST_REFERENCES;
}

/* Sets cells to the k-th note of the document (a note entry: idx shared with entries). */
static int fill_note(struct store_cell *cells, size_t k, void *ctx)
{
	struct refs_rows *rr = ctx;
	size_t idx = rr->notes[k];
	const struct refs_entry *e = &rr->r->entries[idx];

	store_cell_int(&cells[0], rr->doc_id);
	store_cell_str(&cells[1], e->label);
	store_cell_str(&cells[2], note_kind(rr->r->lists[e->list].kind));
	store_cell_int(&cells[3], (int64_t)e->line);
	store_cell_int(&cells[4], (int64_t)e->col);
	store_cell_int(&cells[5], (int64_t)e->src_start);
	store_cell_int(&cells[6], (int64_t)e->src_end);
	store_cell_str(&cells[7], e->text ? e->text : "");
	store_cell_int(&cells[8], (int64_t)idx);
	return 0;
}

/* Sets cells to the k-th reference-list item of the document. */
static int fill_entry(struct store_cell *cells, size_t k, void *ctx)
{
	struct refs_rows *rr = ctx;
	size_t idx = rr->entries[k];
	const struct refs_entry *e = &rr->r->entries[idx];
	struct strbuf *sb = &rr->js[0];

	store_cell_int(&cells[0], rr->doc_id);
	if (e->number >= 0)
		store_cell_int(&cells[1], e->number);
	else
		store_cell_null(&cells[1]);
	store_cell_str(&cells[2], label_is_number(e->label, e->number) ? NULL : e->label);
	store_cell_int(&cells[3], (int64_t)e->line);
	store_cell_int(&cells[4], (int64_t)e->col);
	store_cell_int(&cells[5], (int64_t)e->src_start);
	store_cell_int(&cells[6], (int64_t)e->src_end);
	store_cell_str(&cells[7], refs_entry_kind_name(e->kind));
	store_cell_str(&cells[8], e->text ? e->text : "");
	strbuf_reset(sb);
	/* a field list cut by the buffer's cap is not valid JSON: none then */
	if (entry_fields_count(&e->fields) && entry_fields_write_json(&e->fields, sb) == 0)
		store_cell_mem(&cells[9], sb->buf, sb->len);
	else
		store_cell_null(&cells[9]);
	store_cell_int(&cells[10], (int64_t)idx);
	return 0;
}

enum store_result refs_store_doc(const struct refs *r, struct store *st, int64_t doc_id)
{
	static const char *const dels[] = { sql_del_callouts, sql_del_entries, sql_del_notes };
	struct refs_rows rr;
	sqlite3_stmt *s = NULL;
	enum store_result res;
	size_t i, nr_entries = 0, nr_notes = 0;
	int fresh;

	res = store_begin(st);
	if (res)
		return res;
	memset(&rr, 0, sizeof(rr));
	rr.r = r;
	rr.doc_id = doc_id;
	strbuf_init(&rr.js[0], 0);
	strbuf_init(&rr.js[1], 0);
	/* entries and notes go to two tables, numbered together (idx) */
	rr.entries = xcalloc(r->nr_entries ? r->nr_entries : 1, sizeof(*rr.entries));
	rr.notes = xcalloc(r->nr_entries ? r->nr_entries : 1, sizeof(*rr.notes));
	for (i = 0; i < r->nr_entries; i++) {
		if (refs_entry_is_reference(r, i))
			rr.entries[nr_entries++] = i;
		else
			rr.notes[nr_notes++] = i;
	}
	/* the rows of an earlier parse of the same document row; none for a new row */
	fresh = store_doc_take_new(st, doc_id, STORE_DOC_REFS);
	for (i = 0; !res && !fresh && i < ARRAY_SIZE(dels); i++) {
		res = store_stmt(st, dels[i], &s);
		if (!res) {
			sqlite3_bind_int64(s, 1, doc_id);
			res = store_step_reset(st, s);
		}
	}
	if (!res)
		res = store_rows(st, head_callouts, 10, r->nr_callouts, fill_callout, &rr);
	if (!res)
		res = store_rows(st, head_entries, 11, nr_entries, fill_entry, &rr);
	if (!res)
		res = store_rows(st, head_notes, 9, nr_notes, fill_note, &rr);
	strbuf_release(&rr.js[0]);
	strbuf_release(&rr.js[1]);
	free(rr.entries);
	free(rr.notes);
	if (res) {
		store_rollback(st);
		return res;
	}
	return store_commit(st);
}
