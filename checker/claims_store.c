/*
 * claims_store.c - the claims and their groups in the store (see
 * claims.h and docs/schema.md). The per-document statements are the
 * store's cached ones (store_stmt(), store_rows(): a document's claims
 * go in one INSERT): scan writes claims for every document, and
 * preparing them each time cost more than the rows. The per-run group
 * statements are prepared per call and finalized before returning.
 */
#include "claims.h"
#include "buf.h"
#include "refs.h"
#include "store_internal.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static const char sql_delete[] = "DELETE FROM claims WHERE doc = ?1";
static const char sql_select[] =
	"SELECT id, line, col, src_start, src_end, entity, attribute, value, hedge, quote, sources, "
	"name, predicate, claim_key FROM claims WHERE doc = ?1 ORDER BY id";
static const char sql_insert[] =
	"INSERT INTO claims (doc, line, col, src_start, src_end, entity, attribute, value, hedge, "
	"quote, sources, name, predicate, claim_key) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char sql_max_id[] = "SELECT max(id) FROM claims";
/* the rows of a document, one INSERT (store_rows()), with their ids */
static const char head_claims[] =
	"INSERT INTO claims (id, doc, line, col, src_start, src_end, entity, attribute, value, "
	"hedge, quote, sources, name, predicate, claim_key)";
static const char sql_group[] =
	"INSERT OR REPLACE INTO claim_groups (run, idx, entity, attribute, status, reason, aliases, "
	"claims) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_member[] =
	"INSERT OR REPLACE INTO claim_group_members (run, grp, idx, claim, doc, line, col, value) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_groups_clear[] = "DELETE FROM claim_groups WHERE run = ?1";
static const char sql_members_clear[] = "DELETE FROM claim_group_members WHERE run = ?1";

static enum store_result prepare(struct store *st, const char *sql, sqlite3_stmt **s)
{
	int rc = sqlite3_prepare_v2(store_sqlite(st), sql, -1, s, NULL);
	if (rc != SQLITE_OK) {
		*s = NULL;
		return store_set_error(st, rc);
	}
	return STORE_OK;
}

static void bind_static(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static const char *hedge_word(const struct claim *c)
{
	static const char *const words[] = {
		NULL, "over", "at least", "under", "up to", "nearly", "about",
	};
	if (c->is_date || (size_t)c->fig.hedge >= ARRAY_SIZE(words))
		return NULL;
	return words[c->fig.hedge];
}

/*
 * The canonical words of the last few entity names of a document: a
 * document names the same few entities over and over, and their words
 * (aliases applied) were a third of the time spent storing its claims.
 */
#define KEY_CACHE_NR 8

struct key_cache {
	const char *entity[KEY_CACHE_NR];       /* borrowed from the claims */
	struct strbuf key[KEY_CACHE_NR];
	size_t next;
};

static void key_cache_init(struct key_cache *kc)
{
	size_t i;
	memset(kc, 0, sizeof(*kc));
	for (i = 0; i < KEY_CACHE_NR; i++)
		strbuf_init(&kc->key[i], 0);
}

static void key_cache_release(struct key_cache *kc)
{
	size_t i;
	for (i = 0; i < KEY_CACHE_NR; i++)
		strbuf_release(&kc->key[i]);
}

/* The canonical words of entity (claims_entity_key()), borrowed from kc. */
static const struct strbuf *entity_key(struct key_cache *kc, const struct claim_set *set,
				       const char *entity)
{
	struct strbuf *k;
	size_t i;

	for (i = 0; i < KEY_CACHE_NR; i++)
		if (kc->entity[i] && !strcmp(kc->entity[i], entity))
			return &kc->key[i];
	i = kc->next;
	kc->next = (kc->next + 1) % KEY_CACHE_NR;
	k = &kc->key[i];
	strbuf_reset(k);
	claims_entity_key(set->aliases, entity, strlen(entity), NULL, k);
	kc->entity[i] = entity;
	return k;
}

/* The columns of a claim's row after doc: sql_insert's ?2 to ?14. */
#define ROW_INTS 4
#define ROW_TEXTS 9

struct claim_row {
	sqlite3_int64 num[ROW_INTS];    /* line, col, src_start, src_end */
	const char *text[ROW_TEXTS];    /* entity ... claim_key; NULL for SQL NULL */
};

/* Appends the decimal writing of v (by hand: these are written per source). */
static void add_uint(struct strbuf *sb, size_t v)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i);
	strbuf_add(sb, d + i, sizeof(d) - i);
}

/* The most sources of one claim stored by label and entry (more: as the claim holds them). */
#define SOURCES_MAX CLAIMS_MAX_SOURCES

/*
 * Whether src, a source of a claim (claims.c's add_sources()), is the
 * target cite: its label alone, or its label, ": " and its entry's text.
 */
static int source_is(const char *src, const struct refs_cite *cite)
{
	size_t n = strlen(cite->label);

	if (strncmp(src, cite->label, n))
		return 0;
	if (!cite->entry)
		return !src[n];
	return src[n] == ':' && src[n + 1] == ' ' && !strcmp(src + n + 2, cite->entry);
}

/*
 * The sources of c as label and entry idx: the cites of r in c's
 * sentence are its sources, one for one, when refs found the callouts
 * (those are what claims_add_doc() was given). Returns 0, sb untouched,
 * when they are not (no refs, another count, another label): the
 * sources are then stored as they are.
 */
static int sources_by_entry(const struct refs *r, const struct claim *c, struct strbuf *sb)
{
	struct refs_cite cites[SOURCES_MAX];
	size_t i, n;

	if (!r || c->nr_sources > SOURCES_MAX)
		return 0;
	n = refs_cites_in(r, c->sent_start, c->sent_end, cites, SOURCES_MAX);
	if (n != c->nr_sources)
		return 0;
	for (i = 0; i < n; i++)
		if (!source_is(c->sources[i], &cites[i]) ||
		    (cites[i].entry && (cites[i].entry_index < 0 ||
					(size_t)cites[i].entry_index >= r->nr_entries)))
			return 0;
	strbuf_addch(sb, '[');
	for (i = 0; i < n; i++) {
		strbuf_addstr(sb, i ? ",{\"label\":" : "{\"label\":");
		strbuf_add_json_str(sb, cites[i].label, strlen(cites[i].label));
		if (cites[i].entry) {
			size_t e = (size_t)cites[i].entry_index;
			/* entries and notes share idx: the key says which table */
			strbuf_addstr(sb, refs_entry_is_reference(r, e) ? ",\"entry\":"
								 : ",\"note\":");
			add_uint(sb, e);
		}
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	return 1;
}

/* The row c is stored as; its strings are borrowed from c, kc and sb. */
static void claim_row(const struct claim_set *set, const struct refs *r, const struct claim *c,
		      struct strbuf *sb, struct key_cache *kc, struct claim_row *row)
{
	const struct strbuf *key;
	size_t i;

	row->num[0] = (sqlite3_int64)c->line;
	row->num[1] = (sqlite3_int64)c->col;
	row->num[2] = (sqlite3_int64)c->val_src_start;
	row->num[3] = (sqlite3_int64)c->val_src_end;
	/* the entity as its canonical words (aliases applied), as docs/schema.md says */
	if (c->entity_words) {  /* kept from extraction */
		row->text[0] = c->entity_words[0] ? c->entity_words : c->entity;
	} else {
		key = entity_key(kc, set, c->entity);
		row->text[0] = key->len ? key->buf : c->entity;
	}
	row->text[1] = c->attribute;
	row->text[2] = c->value;
	row->text[3] = hedge_word(c);
	row->text[4] = c->quote;
	strbuf_reset(sb);
	if (c->nr_sources && !sources_by_entry(r, c, sb)) {
		strbuf_addch(sb, '[');
		for (i = 0; i < c->nr_sources; i++) {
			strbuf_addstr(sb, i ? ",{\"label\":" : "{\"label\":");
			strbuf_add_json_str(sb, c->sources[i], strlen(c->sources[i]));
			strbuf_addch(sb, '}');
		}
		strbuf_addch(sb, ']');
	}
	row->text[5] = sb->len ? sb->buf : NULL;
	row->text[6] = c->entity;
	row->text[7] = c->predicate;
	row->text[8] = c->key;
}

/* Binds the values of row to s from ?(base + 1) on: sql_insert's ?2 to ?14. */
static void bind_row(sqlite3_stmt *s, int base, const struct claim_row *row)
{
	int i;

	for (i = 0; i < ROW_INTS; i++)
		sqlite3_bind_int64(s, base + 1 + i, row->num[i]);
	for (i = 0; i < ROW_TEXTS; i++)
		bind_static(s, base + 1 + ROW_INTS + i, row->text[i]);
}

static enum store_result put_claim(struct store *st, sqlite3_stmt *s, const struct claim_set *set,
				   const struct refs *refs, struct claim *c, int64_t doc_id,
				   struct strbuf *sb, struct key_cache *kc)
{
	struct claim_row row;
	enum store_result r;

	claim_row(set, refs, c, sb, kc, &row);
	sqlite3_bind_int64(s, 1, doc_id);
	bind_row(s, 1, &row);
	r = store_step_reset(st, s);
	if (!r)
		c->row = sqlite3_last_insert_rowid(store_sqlite(st));
	return r;
}

/*
 * What fill_claim() needs: the claims of one document, the id of its
 * first row, and the sources of the current row (its text, and a key
 * from the key cache, valid until the next row: store_rows()).
 */
struct claim_rows {
	struct claim_set *set;
	const struct refs *refs;
	struct claim *claims;
	int64_t doc_id, first_id;
	struct key_cache kc;
	struct strbuf sources;
};

/* Sets cells to claim i of the document, row id first_id + i (head_claims' columns). */
static int fill_claim(struct store_cell *cells, size_t i, void *ctx)
{
	struct claim_rows *cr = ctx;
	struct claim *c = &cr->claims[i];
	struct claim_row row;
	int k;

	claim_row(cr->set, cr->refs, c, &cr->sources, &cr->kc, &row);
	c->row = cr->first_id + (int64_t)i;
	store_cell_int(&cells[0], c->row);
	store_cell_int(&cells[1], cr->doc_id);
	for (k = 0; k < ROW_INTS; k++)
		store_cell_int(&cells[2 + k], row.num[k]);
	for (k = 0; k < ROW_TEXTS; k++)
		store_cell_str(&cells[2 + ROW_INTS + k], row.text[k]);
	return 0;
}

/*
 * The id of the first of nr new rows: max(id) + 1 (1 in an empty
 * table), the id SQLite itself gives a row inserted without one ("the
 * usual algorithm is to give the newly created row a ROWID that is one
 * larger than the largest ROWID in the table prior to the insert",
 * https://www.sqlite.org/autoinc.html), so that the ids are those the
 * rows had when inserted one by one. 0 when the ids would pass
 * INT64_MAX: SQLite then picks unused ids at random, and the rows go
 * one by one (put_claim()).
 */
static enum store_result first_claim_id(struct store *st, size_t nr, int64_t *first)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int64_t max = 0;
	int rc;

	*first = 0;
	r = store_stmt(st, sql_max_id, &s);
	if (r)
		return r;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		max = sqlite3_column_int64(s, 0);       /* NULL (no row) reads as 0 */
	else
		r = store_set_error(st, rc);
	sqlite3_reset(s);
	if (!r && max < INT64_MAX && (uint64_t)(INT64_MAX - max) >= (uint64_t)nr)
		*first = max + 1;
	return r;
}

/* The rows of a document's claims: batched with explicit ids, or one by one past INT64_MAX. */
static enum store_result put_claims(struct store *st, struct claim_set *set, size_t doc,
				   const struct refs *refs, int64_t doc_id)
{
	const struct claims_doc *cd = &set->docs[doc];
	struct claim_rows cr;
	sqlite3_stmt *ins = NULL;
	enum store_result r;
	size_t i;

	memset(&cr, 0, sizeof(cr));
	cr.set = set;
	cr.refs = refs;
	cr.claims = &set->claims[cd->first_claim];
	cr.doc_id = doc_id;
	key_cache_init(&cr.kc);
	strbuf_init(&cr.sources, 0);
	r = cd->nr_claims ? first_claim_id(st, cd->nr_claims, &cr.first_id) : STORE_OK;
	if (r || !cd->nr_claims)
		goto cleanup;
	if (cr.first_id) {
		r = store_rows(st, head_claims, 15, cd->nr_claims, fill_claim, &cr);
		goto cleanup;
	}
	r = store_stmt(st, sql_insert, &ins);
	for (i = 0; i < cd->nr_claims && !r; i++)
		r = put_claim(st, ins, set, refs, &cr.claims[i], doc_id, &cr.sources, &cr.kc);
cleanup:
	key_cache_release(&cr.kc);
	strbuf_release(&cr.sources);
	return r;
}

/* Whether the current row of s (sql_select's columns) is row. */
static int same_row(sqlite3_stmt *s, const struct claim_row *row)
{
	int i;

	for (i = 0; i < ROW_INTS; i++)
		if (sqlite3_column_type(s, 1 + i) != SQLITE_INTEGER ||
		    sqlite3_column_int64(s, 1 + i) != row->num[i])
			return 0;
	for (i = 0; i < ROW_TEXTS; i++) {
		int col = 1 + ROW_INTS + i;
		const unsigned char *t = sqlite3_column_text(s, col);
		size_t n = (size_t)sqlite3_column_bytes(s, col);

		if (!row->text[i] || !t) {
			if (row->text[i] || sqlite3_column_type(s, col) != SQLITE_NULL)
				return 0;
			continue;
		}
		if (strlen(row->text[i]) != n || memcmp(row->text[i], t, n))
			return 0;
	}
	return 1;
}

enum store_result claims_store_doc(struct claim_set *set, size_t doc, const struct refs *refs,
				   struct store *st, int64_t doc_id)
{
	sqlite3_stmt *del = NULL;
	const struct claims_doc *cd;
	enum store_result r;
	size_t i;

	if (doc >= set->nr_docs)
		return STORE_ERR_NOTFOUND;
	cd = &set->docs[doc];
	r = store_begin(st);
	if (r)
		return r;
	/* the rows of an earlier run; none for a new document row */
	if (!store_doc_take_new(st, doc_id, STORE_DOC_CLAIMS)) {
		r = store_stmt(st, sql_delete, &del);
		if (!r) {
			sqlite3_bind_int64(del, 1, doc_id);
			r = store_step_reset(st, del);
		}
	}
	if (!r)
		r = put_claims(st, set, doc, refs, doc_id);
	if (r) {
		store_rollback(st);
		for (i = 0; i < cd->nr_claims; i++)
			set->claims[cd->first_claim + i].row = 0;
		return r;
	}
	return store_commit(st);
}

enum store_result claims_store_doc_keep(struct claim_set *set, size_t doc, const struct refs *refs,
					struct store *st, int64_t doc_id)
{
	sqlite3_stmt *sel = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct key_cache kc;
	struct claim_row row;
	const struct claims_doc *cd;
	enum store_result r;
	size_t i = 0;
	int rc = SQLITE_DONE, same = 1;

	if (doc >= set->nr_docs)
		return STORE_ERR_NOTFOUND;
	cd = &set->docs[doc];
	key_cache_init(&kc);
	r = store_stmt(st, sql_select, &sel);
	if (r)
		goto cleanup;
	sqlite3_bind_int64(sel, 1, doc_id);
	/* rows are inserted in the claims' order, so their ids follow it */
	for (i = 0; same && i < cd->nr_claims; i++) {
		struct claim *c = &set->claims[cd->first_claim + i];
		rc = sqlite3_step(sel);
		if (rc != SQLITE_ROW)
			break;
		claim_row(set, refs, c, &sb, &kc, &row);
		same = same_row(sel, &row);
		c->row = sqlite3_column_int64(sel, 0);
	}
	if (same && i == cd->nr_claims)
		rc = sqlite3_step(sel);         /* one row too many is a difference too */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = store_set_error(st, rc);
	else
		same = same && i == cd->nr_claims && rc == SQLITE_DONE;
	sqlite3_reset(sel);
	sqlite3_clear_bindings(sel);
cleanup:
	key_cache_release(&kc);
	strbuf_release(&sb);
	if (!r && !same)
		return claims_store_doc(set, doc, refs, st, doc_id);
	if (r)
		for (i = 0; i < cd->nr_claims; i++)
			set->claims[cd->first_claim + i].row = 0;
	return r;
}

/* The names of a group, each once, as a JSON array. */
static void aliases_json(const struct claim_set *set, const struct claim_group *g, struct strbuf *sb)
{
	size_t j, k;
	strbuf_reset(sb);
	strbuf_addch(sb, '[');
	for (j = 0; j < g->nr_claims; j++) {
		const char *n = set->claims[g->claims[j]].entity;
		int seen = 0;
		/* bounded: a name is looked for among the first few only */
		for (k = 0; k < j && k < 64 && !seen; k++)
			seen = !strcmp(set->claims[g->claims[k]].entity, n);
		if (seen)
			continue;
		if (sb->buf[sb->len - 1] != '[')
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, n, strlen(n));
	}
	strbuf_addch(sb, ']');
}

enum store_result claims_store_groups(const struct claim_set *set, struct store *st,
				      int64_t run_id)
{
	sqlite3_stmt *gs = NULL, *ms = NULL, *clear_g = NULL, *clear_m = NULL;
	struct strbuf sb = STRBUF_INIT;
	enum store_result r;
	size_t i, j;

	r = store_begin(st);
	if (r)
		return r;
	r = prepare(st, sql_group, &gs);
	if (!r)
		r = prepare(st, sql_member, &ms);
	if (!r)
		r = prepare(st, sql_members_clear, &clear_m);
	if (!r)
		r = prepare(st, sql_groups_clear, &clear_g);
	if (r)
		goto cleanup;
	/* the groups of a run replace those written for it before */
	sqlite3_bind_int64(clear_m, 1, run_id);
	r = store_step_reset(st, clear_m);
	sqlite3_bind_int64(clear_g, 1, run_id);
	if (!r)
		r = store_step_reset(st, clear_g);
	for (i = 0; i < set->nr_groups && !r; i++) {
		const struct claim_group *g = &set->groups[i];
		if (!strcmp(g->status, "single") || !g->entity)
			continue;
		sqlite3_bind_int64(gs, 1, run_id);
		sqlite3_bind_int64(gs, 2, (sqlite3_int64)i);
		bind_static(gs, 3, g->entity);
		bind_static(gs, 4, g->attribute);
		bind_static(gs, 5, g->status);
		bind_static(gs, 6, g->reason);
		aliases_json(set, g, &sb);
		bind_static(gs, 7, sb.buf);
		sqlite3_bind_int64(gs, 8, (sqlite3_int64)g->nr_claims);
		r = store_step_reset(st, gs);
		for (j = 0; j < g->nr_claims && !r; j++) {
			const struct claim *c = &set->claims[g->claims[j]];
			sqlite3_bind_int64(ms, 1, run_id);
			sqlite3_bind_int64(ms, 2, (sqlite3_int64)i);
			sqlite3_bind_int64(ms, 3, (sqlite3_int64)j);
			if (c->row)
				sqlite3_bind_int64(ms, 4, c->row);
			else
				sqlite3_bind_null(ms, 4);
			bind_static(ms, 5, set->docs[c->doc].path);
			sqlite3_bind_int64(ms, 6, (sqlite3_int64)c->line);
			sqlite3_bind_int64(ms, 7, (sqlite3_int64)c->col);
			bind_static(ms, 8, c->value);
			r = store_step_reset(st, ms);
		}
	}
cleanup:
	sqlite3_finalize(gs);
	sqlite3_finalize(ms);
	sqlite3_finalize(clear_g);
	sqlite3_finalize(clear_m);
	strbuf_release(&sb);
	if (r) {
		store_rollback(st);
		return r;
	}
	return store_commit(st);
}
