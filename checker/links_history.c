/*
 * links_history.c - link history in the store: tables urls and
 * link_checks (see docs/schema.md). Every statement is prepared; the
 * caller (links.c) wraps a run's writes in one transaction.
 */
#include "links_history.h"
#include "buf.h"
#include "links.h"
#include "store_internal.h"
#include "urls.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

time_t links_history_parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, se;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return timegm(&tm);
}

/*
 * Statements are prepared once per connection and run (a run asks a few
 * per URL, thousands of URLs): the cache is keyed by the store and
 * released by links_history_release().
 */
enum sql_id {
	SQL_URL_ID,
	SQL_URL_INSERT,
	SQL_LAST_CHECK,
	SQL_CHECK_INSERT,
	SQL_CHECKS,
	SQL_DOC_ID,
	SQL_OCC_DELETE,
	SQL_OCC_INSERT,
	SQL_ARCHIVE_GET,
	SQL_ARCHIVE_PUT,
	SQL_STATE_PUT,
	SQL_STATE_PREV,
	SQL_PRUNE_CHECKS,
	SQL_PRUNE_STATES,
	NR_SQL
};

static struct store *cache_st;
static sqlite3_stmt *cache[NR_SQL];
static const char *const cache_sql[NR_SQL] = {
	[SQL_URL_ID] = "SELECT id FROM urls WHERE url = ?1",
	[SQL_URL_INSERT] = "INSERT INTO urls (url, host, first_seen) VALUES (?1, ?2, ?3)",
	[SQL_LAST_CHECK] =
	"SELECT c.checked_at, c.verdict, c.http_status, c.final_url, c.redirects, c.error "
	"FROM link_checks c JOIN urls u ON u.id = c.url WHERE u.url = ?1 "
	"ORDER BY c.checked_at DESC, c.id DESC LIMIT 1",
	[SQL_CHECK_INSERT] =
	"INSERT INTO link_checks (url, run, checked_at, verdict, http_status, "
	"final_url, redirects, error, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
	[SQL_CHECKS] =
	"SELECT c.checked_at, c.verdict FROM link_checks c JOIN urls u ON u.id = c.url "
	"WHERE u.url = ?1 ORDER BY c.checked_at, c.id",
	[SQL_DOC_ID] = "SELECT id FROM documents WHERE path = ?1",
	[SQL_OCC_DELETE] = "DELETE FROM url_occurrences WHERE doc = ?1",
	[SQL_OCC_INSERT] =
	"INSERT INTO url_occurrences (url, doc, line, col, src_start, src_end, entry, entry_kind) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[SQL_ARCHIVE_GET] =
	"SELECT a.archive, a.looked_up_at FROM url_archives a JOIN urls u ON u.id = a.url "
	"WHERE u.url = ?1 AND a.stamp = ?2",
	[SQL_ARCHIVE_PUT] =
	"INSERT OR REPLACE INTO url_archives (url, stamp, archive, looked_up_at) "
	"VALUES (?1, ?2, ?3, ?4)",
	[SQL_STATE_PUT] =
	"INSERT OR REPLACE INTO link_states (run, url, at, state, verdict, http_status, error, "
	"failures, broken_since, suggestion, archive, reused) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	/* the same rule as the link-rot report (links_report.c) */
	[SQL_STATE_PREV] =
	"SELECT p.state, p.verdict FROM link_states p JOIN urls u ON u.id = p.url "
	"WHERE u.url = ?1 AND p.run < ?2 ORDER BY p.run DESC LIMIT 1",
	[SQL_PRUNE_CHECKS] = "DELETE FROM link_checks WHERE checked_at < ?1",
	[SQL_PRUNE_STATES] = "DELETE FROM link_states WHERE at < ?1",
};

void links_history_release(void)
{
	size_t i;
	for (i = 0; i < NR_SQL; i++) {
		sqlite3_finalize(cache[i]);
		cache[i] = NULL;
	}
	cache_st = NULL;
}

/* The statement id of st's connection, prepared on first use, reset and unbound. */
static int prepare(struct store *st, enum sql_id id, sqlite3_stmt **s)
{
	int rc;
	if (cache_st != st)
		links_history_release();
	cache_st = st;
	if (cache[id]) {
		sqlite3_reset(cache[id]);
		sqlite3_clear_bindings(cache[id]);
		*s = cache[id];
		return 0;
	}
	rc = sqlite3_prepare_v3(store_sqlite(st), cache_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				&cache[id], NULL);
	if (rc != SQLITE_OK) {
		cache[id] = NULL;
		*s = NULL;
		store_set_error(st, rc);
		return -1;
	}
	*s = cache[id];
	return 0;
}

/* Done with a cached statement: reset, so that it holds no read lock. */
static void done(sqlite3_stmt *s)
{
	if (s)
		sqlite3_reset(s);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* The id of url in table urls, added if absent (then first seen at now). */
static int url_id(struct store *st, const char *url, time_t now, int64_t *id)
{
	sqlite3_stmt *s = NULL;
	char at[32], *host = NULL;
	const char *h, *he;
	int rc, r = -1;

	*id = 0;
	if (prepare(st, SQL_URL_ID, &s))
		goto cleanup;
	bind_text(s, 1, url);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		r = 0;
		goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	done(s);
	s = NULL;
	h = strstr(url, "://");
	h = h ? h + 3 : url;
	he = h + strcspn(h, "/?#");
	host = xstrndup(h, (size_t)(he - h));
	iso_time(now, at, sizeof(at));
	if (prepare(st, SQL_URL_INSERT, &s))
		goto cleanup;
	bind_text(s, 1, url);
	bind_text(s, 2, host);
	bind_text(s, 3, at);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	*id = sqlite3_last_insert_rowid(store_sqlite(st));
	r = 0;
cleanup:
	if (s)
		done(s);
	free(host);
	return r;
}

/* Redirect chains are stored as [{"url": "...", "status": 301}, ...]. */
static void hops_json(const struct links_entry *e, struct strbuf *out)
{
	size_t i;
	strbuf_addch(out, '[');
	for (i = 0; i < e->nr_hops; i++) {
		strbuf_addstr(out, i ? ", {\"url\": " : "{\"url\": ");
		strbuf_add_json_str(out, e->hops[i].url, strlen(e->hops[i].url));
		strbuf_addf(out, ", \"status\": %ld}", e->hops[i].status);
	}
	strbuf_addch(out, ']');
}

/* Reads back what hops_json() wrote (URLs carry no escapes but \" and \\). */
static void hops_parse(const char *js, struct links_entry *e)
{
	const char *p = js;
	size_t alloc = 0;
	while (p && (p = strstr(p, "{\"url\": \"")) != NULL) {
		struct strbuf u = STRBUF_INIT;
		p += 9;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			strbuf_addch(&u, *p++);
		}
		ALLOC_GROW(e->hops, e->nr_hops + 1, alloc);
		e->hops[e->nr_hops].url = strbuf_detach(&u, NULL);
		e->hops[e->nr_hops].status = 0;
		p = strstr(p, "\"status\": ");
		if (p) {
			e->hops[e->nr_hops].status = strtol(p + 10, NULL, 10);
			p += 10;
		}
		e->nr_hops++;
	}
}

int links_history_recent(struct store *st, const char *url, time_t now, long ttl_s,
			 struct links_entry *e)
{
	sqlite3_stmt *s = NULL;
	int rc, r = 0;
	time_t at;
	enum link_verdict v;

	if (ttl_s <= 0)
		return 0;
	if (prepare(st, SQL_LAST_CHECK, &s))
		return -1;
	bind_text(s, 1, url);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		at = links_history_parse_time((const char *)sqlite3_column_text(s, 0));
		if (at != (time_t)-1 && now - at < ttl_s && now >= at &&
		    !link_verdict_parse((const char *)sqlite3_column_text(s, 1), &v) &&
		    v != LINK_UNCHECKED) {
			const char *fu = (const char *)sqlite3_column_text(s, 3);
			const char *rd = (const char *)sqlite3_column_text(s, 4);
			const char *er = (const char *)sqlite3_column_text(s, 5);
			e->verdict = v;
			e->status = sqlite3_column_int(s, 2);
			free(e->final_url);
			e->final_url = fu ? xstrdup(fu) : NULL;
			free(e->error);
			e->error = er ? xstrdup(er) : NULL;
			if (rd)
				hops_parse(rd, e);
			r = 1;
		}
	} else if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		r = -1;
	}
	if (s)
		done(s);
	return r;
}

int links_history_put(struct store *st, int64_t run_id, const struct links_entry *e, time_t now)
{
	sqlite3_stmt *s = NULL;
	struct strbuf hops = STRBUF_INIT;
	char at[32];
	int64_t id;
	int rc, r = -1;

	if (url_id(st, e->item->url, now, &id))
		goto cleanup;
	if (prepare(st, SQL_CHECK_INSERT, &s))
		goto cleanup;
	iso_time(now, at, sizeof(at));
	hops_json(e, &hops);
	sqlite3_bind_int64(s, 1, id);
	if (run_id > 0)
		sqlite3_bind_int64(s, 2, run_id);
	else
		sqlite3_bind_null(s, 2);
	bind_text(s, 3, at);
	bind_text(s, 4, link_verdict_name(e->verdict));
	sqlite3_bind_int64(s, 5, e->status);
	bind_text(s, 6, e->final_url);
	bind_text(s, 7, hops.buf);
	bind_text(s, 8, e->error);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	r = 0;
cleanup:
	if (s)
		done(s);
	strbuf_release(&hops);
	return r;
}

int links_history_state(struct store *st, const char *url, int dead_after_checks,
			long dead_after_days, time_t now, struct links_entry *e)
{
	sqlite3_stmt *s = NULL;
	struct link_check_rec *v = NULL;
	size_t nr = 0, alloc = 0;
	time_t since = 0;
	int rc, r = -1;

	if (prepare(st, SQL_CHECKS, &s))
		goto cleanup;
	bind_text(s, 1, url);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum link_verdict verdict;
		time_t at = links_history_parse_time((const char *)sqlite3_column_text(s, 0));
		if (at == (time_t)-1 || link_verdict_parse((const char *)sqlite3_column_text(s, 1), &verdict))
			continue;
		ALLOC_GROW(v, nr + 1, alloc);
		v[nr].at = at;
		v[nr].verdict = verdict;
		nr++;
	}
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		goto cleanup;
	}
	e->state = links_state(v, nr, dead_after_checks, dead_after_days, &e->failures, &since);
	e->broken_since = e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD ? since : 0;
	e->days_broken = e->broken_since && now > since ? (long)((now - since) / 86400) : 0;
	/* the state before this run's check (a reused result is no new check) */
	e->prev_state = e->reused || !nr ? e->state
			: links_state(v, nr - 1, dead_after_checks, dead_after_days, NULL, NULL);
	if (!nr)
		e->prev_state = LINK_STATE_UNKNOWN;
	r = 0;
cleanup:
	if (s)
		done(s);
	free(v);
	return r;
}

/* One stored document: its path (borrowed from the url list) and id, 0 if not stored. */
struct occ_doc {
	const char *path;
	int64_t id;
};

static int cmp_occ_doc(const void *a, const void *b)
{
	return strcmp(((const struct occ_doc *)a)->path, ((const struct occ_doc *)b)->path);
}

static int64_t occ_doc_id(const struct occ_doc *v, size_t n, const char *path)
{
	struct occ_doc key = { path, 0 };
	const struct occ_doc *d = bsearch(&key, v, n, sizeof(*v), cmp_occ_doc);
	return d ? d->id : 0;
}

/* The ids of the stored documents of urls' occurrences, sorted by path. */
static int occ_docs(struct store *st, const struct url_list *urls, struct occ_doc **out,
		    size_t *nr)
{
	struct occ_doc *v = NULL;
	sqlite3_stmt *s = NULL;
	size_t n = 0, alloc = 0, i, k, w;
	int rc;

	for (i = 0; i < urls->nr; i++)
		for (k = 0; k < urls->v[i].nr_occ; k++) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n].path = urls->v[i].occ[k].doc;
			v[n++].id = 0;
		}
	if (n)
		qsort(v, n, sizeof(*v), cmp_occ_doc);
	for (i = 0, w = 0; i < n; i++)
		if (!w || strcmp(v[w - 1].path, v[i].path))
			v[w++] = v[i];
	n = w;
	for (i = 0; i < n; i++) {
		if (prepare(st, SQL_DOC_ID, &s))
			goto fail;
		bind_text(s, 1, v[i].path);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			v[i].id = sqlite3_column_int64(s, 0);
		} else if (rc != SQLITE_DONE) {
			store_set_error(st, rc);
			goto fail;
		}
		done(s);
	}
	*out = v;
	*nr = n;
	return 0;
fail:
	done(s);
	free(v);
	*out = NULL;
	*nr = 0;
	return -1;
}

int links_history_occurrences(struct store *st, const struct url_list *urls, time_t now)
{
	struct occ_doc *docs = NULL;
	sqlite3_stmt *s = NULL;
	size_t ndocs = 0, i, k;
	int64_t url;
	int rc, r = -1;

	if (occ_docs(st, urls, &docs, &ndocs))
		goto cleanup;
	/* a document's occurrences are replaced as a whole: it may have lost some */
	for (i = 0; i < ndocs; i++) {
		if (!docs[i].id)
			continue;
		if (prepare(st, SQL_OCC_DELETE, &s))
			goto cleanup;
		sqlite3_bind_int64(s, 1, docs[i].id);
		rc = sqlite3_step(s);
		done(s);
		s = NULL;
		if (rc != SQLITE_DONE) {
			store_set_error(st, rc);
			goto cleanup;
		}
	}
	for (i = 0; i < urls->nr; i++) {
		const struct url_item *it = &urls->v[i];
		if (url_id(st, it->url, now, &url))
			goto cleanup;
		for (k = 0; k < it->nr_occ; k++) {
			const struct url_occ *o = &it->occ[k];
			int64_t doc = occ_doc_id(docs, ndocs, o->doc);
			if (!doc)
				continue;       /* not in the store (a test's document) */
			if (prepare(st, SQL_OCC_INSERT, &s))
				goto cleanup;
			sqlite3_bind_int64(s, 1, url);
			sqlite3_bind_int64(s, 2, doc);
			sqlite3_bind_int64(s, 3, (sqlite3_int64)o->line);
			sqlite3_bind_int64(s, 4, (sqlite3_int64)o->col);
			sqlite3_bind_int64(s, 5, (sqlite3_int64)o->src_start);
			sqlite3_bind_int64(s, 6, (sqlite3_int64)o->src_end);
			if (o->entry >= 0) {
				sqlite3_bind_int64(s, 7, o->entry);
				bind_text(s, 8, o->entry_kind);
			}
			rc = sqlite3_step(s);
			done(s);
			s = NULL;
			if (rc != SQLITE_DONE) {
				store_set_error(st, rc);
				goto cleanup;
			}
		}
	}
	r = 0;
cleanup:
	done(s);
	free(docs);
	return r;
}

int links_history_archive_get(struct store *st, const char *url, const char *stamp, time_t now,
			      long ttl_s, char **archive)
{
	sqlite3_stmt *s = NULL;
	int rc, r = 0;

	*archive = NULL;
	if (ttl_s <= 0)
		return 0;
	if (prepare(st, SQL_ARCHIVE_GET, &s))
		return -1;
	bind_text(s, 1, url);
	bind_text(s, 2, stamp ? stamp : "");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(s, 0);
		time_t at = links_history_parse_time((const char *)sqlite3_column_text(s, 1));
		if (at != (time_t)-1 && now >= at && now - at < ttl_s) {
			*archive = a ? xstrdup(a) : NULL;
			r = 1;
		}
	} else if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		r = -1;
	}
	done(s);
	return r;
}

int links_history_archive_put(struct store *st, const char *url, const char *stamp,
			      const char *archive, time_t now)
{
	sqlite3_stmt *s = NULL;
	char at[32];
	int64_t id;
	int rc;

	if (url_id(st, url, now, &id) || prepare(st, SQL_ARCHIVE_PUT, &s))
		return -1;
	iso_time(now, at, sizeof(at));
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, stamp ? stamp : "");
	bind_text(s, 3, archive);
	bind_text(s, 4, at);
	rc = sqlite3_step(s);
	done(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		return -1;
	}
	return 0;
}

int links_history_snapshot(struct store *st, int64_t run_id, const struct links_entry *e,
			   time_t now)
{
	sqlite3_stmt *s = NULL;
	char at[32], since[32];
	int64_t id;
	int rc;

	if (url_id(st, e->item->url, now, &id) || prepare(st, SQL_STATE_PUT, &s))
		return -1;
	iso_time(now, at, sizeof(at));
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, id);
	bind_text(s, 3, at);
	bind_text(s, 4, link_state_name(e->state));
	bind_text(s, 5, link_verdict_name(e->verdict));
	sqlite3_bind_int64(s, 6, e->status);
	bind_text(s, 7, e->error);
	sqlite3_bind_int64(s, 8, e->failures);
	if (e->broken_since) {
		iso_time(e->broken_since, since, sizeof(since));
		bind_text(s, 9, since);
	}
	bind_text(s, 10, e->suggestion);
	bind_text(s, 11, e->archive);
	sqlite3_bind_int(s, 12, e->reused);
	rc = sqlite3_step(s);
	done(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		return -1;
	}
	return 0;
}

static enum link_state state_parse(const char *s)
{
	if (!s)
		return LINK_STATE_UNKNOWN;
	if (!strcmp(s, "ok"))
		return LINK_STATE_OK;
	if (!strcmp(s, "failing"))
		return LINK_STATE_FAILING;
	if (!strcmp(s, "dead"))
		return LINK_STATE_DEAD;
	return LINK_STATE_UNKNOWN;
}

int links_history_previous(struct store *st, const char *url, int64_t run_id,
			   enum link_state *state, enum link_verdict *verdict)
{
	sqlite3_stmt *s = NULL;
	int rc, r = 0;

	*state = LINK_STATE_UNKNOWN;
	*verdict = LINK_UNCHECKED;
	if (prepare(st, SQL_STATE_PREV, &s))
		return -1;
	bind_text(s, 1, url);
	sqlite3_bind_int64(s, 2, run_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*state = state_parse((const char *)sqlite3_column_text(s, 0));
		if (link_verdict_parse((const char *)sqlite3_column_text(s, 1), verdict))
			*verdict = LINK_UNCHECKED;
		r = 1;
	} else if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		r = -1;
	}
	done(s);
	return r;
}

/* Runs the DELETE s with the cutoff bound; 0 or -1. */
static int delete_before(struct store *st, sqlite3_stmt *s, const char *cutoff)
{
	int rc;
	bind_text(s, 1, cutoff);
	rc = sqlite3_step(s);
	done(s);
	if (rc != SQLITE_DONE) {
		store_set_error(st, rc);
		return -1;
	}
	return 0;
}

int links_history_prune(struct store *st, time_t now, long days)
{
	sqlite3_stmt *s = NULL;
	char cutoff[32];

	if (days <= 0)
		return 0;
	/* ISO 8601 UTC timestamps sort as text */
	iso_time(now - (time_t)days * 86400, cutoff, sizeof(cutoff));
	if (prepare(st, SQL_PRUNE_CHECKS, &s) || delete_before(st, s, cutoff))
		return -1;
	if (prepare(st, SQL_PRUNE_STATES, &s) || delete_before(st, s, cutoff))
		return -1;
	return 0;
}
