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

#include <string.h>

static const char sql_del_callouts[] = "DELETE FROM callouts WHERE doc = ?1";
static const char sql_del_entries[] = "DELETE FROM entries WHERE doc = ?1";
static const char sql_del_notes[] = "DELETE FROM notes WHERE doc = ?1";
/* idx last: the row's key in its document (schema version 6) */
static const char sql_callout[] =
	"INSERT INTO callouts (doc, line, col, src_start, src_end, text, scheme, targets, locators, "
	"idx) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
/* sql_callout's row CALLOUT_ROWS times over (bind_callout()) */
#define CALLOUT_COLS 10
#define CALLOUT_ROWS 8
#define CALLOUT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
static const char sql_callouts[] =
	"INSERT INTO callouts (doc, line, col, src_start, src_end, text, scheme, targets, locators, "
	"idx) VALUES " CALLOUT_VALUES "," CALLOUT_VALUES "," CALLOUT_VALUES "," CALLOUT_VALUES ","
	CALLOUT_VALUES "," CALLOUT_VALUES "," CALLOUT_VALUES "," CALLOUT_VALUES;
static const char sql_entry[] =
	"INSERT INTO entries (doc, number, label, line, col, src_start, src_end, kind, raw, fields, "
	"idx) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_note[] =
	"INSERT INTO notes (doc, label, kind, line, col, src_start, src_end, text, idx) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

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

/* Binds callout i of r as the row of s whose parameters start at ?(base + 1). */
static void bind_callout(sqlite3_stmt *s, int base, const struct refs *r, size_t i,
			 int64_t doc_id, struct strbuf *a, struct strbuf *b)
{
	const struct refs_callout *c = &r->callouts[i];

	callout_json(c, a, b);
	sqlite3_bind_int64(s, base + 1, doc_id);
	sqlite3_bind_int64(s, base + 2, (sqlite3_int64)c->line);
	sqlite3_bind_int64(s, base + 3, (sqlite3_int64)c->col);
	sqlite3_bind_int64(s, base + 4, (sqlite3_int64)c->src_start);
	sqlite3_bind_int64(s, base + 5, (sqlite3_int64)c->src_end);
	bind_str(s, base + 6, c->text ? c->text : "");
	bind_str(s, base + 7, refs_scheme_name(c->scheme));
	bind_mem(s, base + 8, a->buf, a->len);
	bind_mem(s, base + 9, b->len ? b->buf : NULL, b->len);
	sqlite3_bind_int64(s, base + 10, (sqlite3_int64)i);
}

/*
 * CALLOUT_ROWS callouts per INSERT (sql_callouts), the rest one by one:
 * each statement costs its own setup and halt, about a fifth of a row.
 */
static enum store_result put_callouts(struct store *st, const struct refs *r, int64_t doc_id,
				      struct strbuf js[CALLOUT_ROWS][2])
{
	sqlite3_stmt *one = NULL, *many = NULL, *s;
	enum store_result res;
	size_t i, k, n;

	res = store_stmt(st, sql_callout, &one);
	if (!res)
		res = store_stmt(st, sql_callouts, &many);
	for (i = 0; !res && i < r->nr_callouts; i += n) {
		n = r->nr_callouts - i >= CALLOUT_ROWS ? CALLOUT_ROWS : 1;
		s = n == CALLOUT_ROWS ? many : one;
		for (k = 0; k < n; k++)
			bind_callout(s, (int)k * CALLOUT_COLS, r, i + k, doc_id, &js[k][0],
				     &js[k][1]);
		res = store_step_reset(st, s);
	}
	return res;
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

/*
 * Entry idx of r: a reference-list item goes to entries, a note to
 * notes, both keyed by idx (one numbering for the two tables).
 */
static enum store_result put_entry(struct store *st, sqlite3_stmt *es, sqlite3_stmt *ns,
				   const struct refs *r, size_t idx, int64_t doc_id,
				   struct strbuf *sb)
{
	const struct refs_entry *e = &r->entries[idx];
	const char *text = e->text ? e->text : "";

	if (!refs_entry_is_reference(r, idx)) {
		sqlite3_bind_int64(ns, 1, doc_id);
		bind_str(ns, 2, e->label);
		bind_str(ns, 3, note_kind(r->lists[e->list].kind));
		sqlite3_bind_int64(ns, 4, (sqlite3_int64)e->line);
		sqlite3_bind_int64(ns, 5, (sqlite3_int64)e->col);
		sqlite3_bind_int64(ns, 6, (sqlite3_int64)e->src_start);
		sqlite3_bind_int64(ns, 7, (sqlite3_int64)e->src_end);
		bind_str(ns, 8, text);
		sqlite3_bind_int64(ns, 9, (sqlite3_int64)idx);
		return store_step_reset(st, ns);
	}
	sqlite3_bind_int64(es, 1, doc_id);
	if (e->number >= 0)
		sqlite3_bind_int64(es, 2, e->number);
	else
		sqlite3_bind_null(es, 2);
	bind_str(es, 3, label_is_number(e->label, e->number) ? NULL : e->label);
	sqlite3_bind_int64(es, 4, (sqlite3_int64)e->line);
	sqlite3_bind_int64(es, 5, (sqlite3_int64)e->col);
	sqlite3_bind_int64(es, 6, (sqlite3_int64)e->src_start);
	sqlite3_bind_int64(es, 7, (sqlite3_int64)e->src_end);
	bind_str(es, 8, refs_entry_kind_name(e->kind));
	bind_str(es, 9, text);
	strbuf_reset(sb);
	/* a field list cut by the buffer's cap is not valid JSON: none then */
	if (entry_fields_count(&e->fields) && entry_fields_write_json(&e->fields, sb) == 0)
		bind_mem(es, 10, sb->buf, sb->len);
	else
		sqlite3_bind_null(es, 10);
	sqlite3_bind_int64(es, 11, (sqlite3_int64)idx);
	return store_step_reset(st, es);
}

enum store_result refs_store_doc(const struct refs *r, struct store *st, int64_t doc_id)
{
	static const char *const dels[] = { sql_del_callouts, sql_del_entries, sql_del_notes };
	struct strbuf js[CALLOUT_ROWS][2];
	sqlite3_stmt *s = NULL, *es = NULL, *ns = NULL;
	enum store_result res;
	size_t i;

	for (i = 0; i < CALLOUT_ROWS; i++) {
		strbuf_init(&js[i][0], 0);
		strbuf_init(&js[i][1], 0);
	}
	res = store_begin(st);
	if (res)
		return res;
	/* the rows of an earlier parse of the same document row */
	for (i = 0; !res && i < ARRAY_SIZE(dels); i++) {
		res = store_stmt(st, dels[i], &s);
		if (!res) {
			sqlite3_bind_int64(s, 1, doc_id);
			res = store_step_reset(st, s);
		}
	}
	if (!res)
		res = put_callouts(st, r, doc_id, js);
	if (!res)
		res = store_stmt(st, sql_entry, &es);
	if (!res)
		res = store_stmt(st, sql_note, &ns);
	for (i = 0; !res && i < r->nr_entries; i++)
		res = put_entry(st, es, ns, r, i, doc_id, &js[0][0]);
	for (i = 0; i < CALLOUT_ROWS; i++) {
		strbuf_release(&js[i][0]);
		strbuf_release(&js[i][1]);
	}
	if (res) {
		store_rollback(st);
		return res;
	}
	return store_commit(st);
}
