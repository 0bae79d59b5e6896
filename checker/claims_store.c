/*
 * claims_store.c - the claims and their groups in the store (see
 * claims.h and docs/schema.md). The per-document statements are the
 * store's cached ones (store_stmt()): scan writes claims for every
 * document, and preparing them each time cost more than the rows. The
 * per-run group statements are prepared per call and finalized before
 * returning.
 */
#include "claims.h"
#include "buf.h"
#include "store_internal.h"
#include "util.h"

#include <string.h>

static const char sql_delete[] = "DELETE FROM claims WHERE doc = ?1";
static const char sql_insert[] =
	"INSERT INTO claims (doc, line, col, src_start, src_end, entity, attribute, value, hedge, "
	"quote, sources, name, predicate, claim_key) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
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

/* Runs s to completion and resets it for the next bindings. */
static enum store_result step(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	enum store_result r = rc == SQLITE_DONE ? STORE_OK : store_set_error(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* As bind_text(), without SQLite's copy: v must stay as it is until the step. */
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
	claims_entity_key(set->aliases, entity, strlen(entity), k);
	kc->entity[i] = entity;
	return k;
}

static enum store_result put_claim(struct store *st, sqlite3_stmt *s, const struct claim_set *set,
				   struct claim *c, int64_t doc_id, struct strbuf *sb,
				   struct key_cache *kc)
{
	const struct strbuf *key;
	enum store_result r;
	size_t i;

	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)c->line);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)c->col);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)c->val_src_start);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)c->val_src_end);
	/* the entity as its canonical words (aliases applied), as docs/schema.md says */
	key = entity_key(kc, set, c->entity);
	bind_static(s, 6, key->len ? key->buf : c->entity);
	bind_static(s, 7, c->attribute);
	bind_static(s, 8, c->value);
	bind_static(s, 9, hedge_word(c));
	bind_static(s, 10, c->quote);
	strbuf_reset(sb);
	if (c->nr_sources) {
		strbuf_addch(sb, '[');
		for (i = 0; i < c->nr_sources; i++) {
			strbuf_addstr(sb, i ? ",{\"label\":" : "{\"label\":");
			strbuf_add_json_str(sb, c->sources[i], strlen(c->sources[i]));
			strbuf_addch(sb, '}');
		}
		strbuf_addch(sb, ']');
	}
	bind_static(s, 11, sb->len ? sb->buf : NULL);
	bind_static(s, 12, c->entity);
	bind_static(s, 13, c->predicate);
	bind_static(s, 14, c->key);
	r = step(st, s);
	if (!r)
		c->row = sqlite3_last_insert_rowid(store_sqlite(st));
	return r;
}

enum store_result claims_store_doc(struct claim_set *set, size_t doc, struct store *st,
				   int64_t doc_id)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct key_cache kc;
	const struct claims_doc *cd;
	enum store_result r;
	size_t i;

	if (doc >= set->nr_docs)
		return STORE_ERR_NOTFOUND;
	cd = &set->docs[doc];
	r = store_begin(st);
	if (r)
		return r;
	key_cache_init(&kc);
	r = store_stmt(st, sql_delete, &del);
	if (!r)
		r = store_stmt(st, sql_insert, &ins);
	if (r)
		goto cleanup;
	sqlite3_bind_int64(del, 1, doc_id);
	r = step(st, del);
	for (i = 0; i < cd->nr_claims && !r; i++)
		r = put_claim(st, ins, set, &set->claims[cd->first_claim + i], doc_id, &sb, &kc);
cleanup:
	key_cache_release(&kc);
	strbuf_release(&sb);
	if (r) {
		store_rollback(st);
		for (i = 0; i < cd->nr_claims; i++)
			set->claims[cd->first_claim + i].row = 0;
		return r;
	}
	return store_commit(st);
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
	r = step(st, clear_m);
	sqlite3_bind_int64(clear_g, 1, run_id);
	if (!r)
		r = step(st, clear_g);
	for (i = 0; i < set->nr_groups && !r; i++) {
		const struct claim_group *g = &set->groups[i];
		if (!strcmp(g->status, "single") || !g->entity)
			continue;
		sqlite3_bind_int64(gs, 1, run_id);
		sqlite3_bind_int64(gs, 2, (sqlite3_int64)i);
		bind_text(gs, 3, g->entity);
		bind_text(gs, 4, g->attribute);
		bind_text(gs, 5, g->status);
		bind_text(gs, 6, g->reason);
		aliases_json(set, g, &sb);
		bind_text(gs, 7, sb.buf);
		sqlite3_bind_int64(gs, 8, (sqlite3_int64)g->nr_claims);
		r = step(st, gs);
		for (j = 0; j < g->nr_claims && !r; j++) {
			const struct claim *c = &set->claims[g->claims[j]];
			sqlite3_bind_int64(ms, 1, run_id);
			sqlite3_bind_int64(ms, 2, (sqlite3_int64)i);
			sqlite3_bind_int64(ms, 3, (sqlite3_int64)j);
			if (c->row)
				sqlite3_bind_int64(ms, 4, c->row);
			else
				sqlite3_bind_null(ms, 4);
			bind_text(ms, 5, set->docs[c->doc].path);
			sqlite3_bind_int64(ms, 6, (sqlite3_int64)c->line);
			sqlite3_bind_int64(ms, 7, (sqlite3_int64)c->col);
			bind_text(ms, 8, c->value);
			r = step(st, ms);
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
