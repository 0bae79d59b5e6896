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
/* the rows of a document, several per INSERT (store_rows()); idx is the row's key (version 6) */
static const char head_callouts[] =
	"INSERT INTO callouts (doc, line, col, src_start, src_end, text, scheme, targets, locators, "
	"idx)";
static const char head_entries[] =
	"INSERT INTO entries (doc, number, label, line, col, src_start, src_end, kind, raw, fields, "
	"idx)";
static const char head_notes[] =
	"INSERT INTO notes (doc, label, kind, line, col, src_start, src_end, text, idx)";

/* Binds n bytes of v, or NULL when v is NULL; v must outlive the step. */
static void bind_mem(sqlite3_stmt *s, int i, const char *v, size_t n)
{
	if (v)
		sqlite3_bind_text(s, i, v, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
	bind_mem(s, i, v, v ? strlen(v) : 0);
}

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
 * the JSON of the rows of one statement (STATIC binds: one buffer pair
 * per i % STORE_ROWS_MAX).
 */
struct refs_rows {
	const struct refs *r;
	int64_t doc_id;
	size_t *entries, *notes;
	struct strbuf js[STORE_ROWS_MAX][2];
};

/* Binds callout i as the row of s whose parameters start at ?(base + 1). */
static int bind_callout(sqlite3_stmt *s, int base, size_t i, void *ctx)
{
	struct refs_rows *rr = ctx;
	const struct refs_callout *c = &rr->r->callouts[i];
	struct strbuf *a = &rr->js[i % STORE_ROWS_MAX][0], *b = &rr->js[i % STORE_ROWS_MAX][1];

	callout_json(c, a, b);
	sqlite3_bind_int64(s, base + 1, rr->doc_id);
	sqlite3_bind_int64(s, base + 2, (sqlite3_int64)c->line);
	sqlite3_bind_int64(s, base + 3, (sqlite3_int64)c->col);
	sqlite3_bind_int64(s, base + 4, (sqlite3_int64)c->src_start);
	sqlite3_bind_int64(s, base + 5, (sqlite3_int64)c->src_end);
	bind_str(s, base + 6, c->text ? c->text : "");
	bind_str(s, base + 7, refs_scheme_name(c->scheme));
	bind_mem(s, base + 8, a->buf, a->len);
	bind_mem(s, base + 9, b->len ? b->buf : NULL, b->len);
	sqlite3_bind_int64(s, base + 10, (sqlite3_int64)i);
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

/* Binds the k-th note of the document (a note entry: idx shared with entries). */
static int bind_note(sqlite3_stmt *s, int base, size_t k, void *ctx)
{
	struct refs_rows *rr = ctx;
	size_t idx = rr->notes[k];
	const struct refs_entry *e = &rr->r->entries[idx];

	sqlite3_bind_int64(s, base + 1, rr->doc_id);
	bind_str(s, base + 2, e->label);
	bind_str(s, base + 3, note_kind(rr->r->lists[e->list].kind));
	sqlite3_bind_int64(s, base + 4, (sqlite3_int64)e->line);
	sqlite3_bind_int64(s, base + 5, (sqlite3_int64)e->col);
	sqlite3_bind_int64(s, base + 6, (sqlite3_int64)e->src_start);
	sqlite3_bind_int64(s, base + 7, (sqlite3_int64)e->src_end);
	bind_str(s, base + 8, e->text ? e->text : "");
	sqlite3_bind_int64(s, base + 9, (sqlite3_int64)idx);
	return 0;
}

/* Binds the k-th reference-list item of the document. */
static int bind_entry(sqlite3_stmt *s, int base, size_t k, void *ctx)
{
	struct refs_rows *rr = ctx;
	size_t idx = rr->entries[k];
	const struct refs_entry *e = &rr->r->entries[idx];
	struct strbuf *sb = &rr->js[k % STORE_ROWS_MAX][0];

	sqlite3_bind_int64(s, base + 1, rr->doc_id);
	if (e->number >= 0)
		sqlite3_bind_int64(s, base + 2, e->number);
	else
		sqlite3_bind_null(s, base + 2);
	bind_str(s, base + 3, label_is_number(e->label, e->number) ? NULL : e->label);
	sqlite3_bind_int64(s, base + 4, (sqlite3_int64)e->line);
	sqlite3_bind_int64(s, base + 5, (sqlite3_int64)e->col);
	sqlite3_bind_int64(s, base + 6, (sqlite3_int64)e->src_start);
	sqlite3_bind_int64(s, base + 7, (sqlite3_int64)e->src_end);
	bind_str(s, base + 8, refs_entry_kind_name(e->kind));
	bind_str(s, base + 9, e->text ? e->text : "");
	strbuf_reset(sb);
	/* a field list cut by the buffer's cap is not valid JSON: none then */
	if (entry_fields_count(&e->fields) && entry_fields_write_json(&e->fields, sb) == 0)
		bind_mem(s, base + 10, sb->buf, sb->len);
	else
		sqlite3_bind_null(s, base + 10);
	sqlite3_bind_int64(s, base + 11, (sqlite3_int64)idx);
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
	for (i = 0; i < STORE_ROWS_MAX; i++) {
		strbuf_init(&rr.js[i][0], 0);
		strbuf_init(&rr.js[i][1], 0);
	}
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
		res = store_rows(st, head_callouts, 10, r->nr_callouts, bind_callout, &rr);
	if (!res)
		res = store_rows(st, head_entries, 11, nr_entries, bind_entry, &rr);
	if (!res)
		res = store_rows(st, head_notes, 9, nr_notes, bind_note, &rr);
	for (i = 0; i < STORE_ROWS_MAX; i++) {
		strbuf_release(&rr.js[i][0]);
		strbuf_release(&rr.js[i][1]);
	}
	free(rr.entries);
	free(rr.notes);
	if (res) {
		store_rollback(st);
		return res;
	}
	return store_commit(st);
}
