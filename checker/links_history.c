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
#define NR_SQL 5
static struct store *cache_st;
static sqlite3_stmt *cache[NR_SQL];
static const char *const cache_sql[NR_SQL] = {
	"SELECT id FROM urls WHERE url = ?1",
	"INSERT INTO urls (url, host, first_seen) VALUES (?1, ?2, ?3)",
	"SELECT c.checked_at, c.verdict, c.http_status, c.final_url, c.redirects, c.error "
	"FROM link_checks c JOIN urls u ON u.id = c.url WHERE u.url = ?1 "
	"ORDER BY c.checked_at DESC, c.id DESC LIMIT 1",
	"INSERT INTO link_checks (url, run, checked_at, verdict, http_status, "
	"final_url, redirects, error, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
	"SELECT c.checked_at, c.verdict FROM link_checks c JOIN urls u ON u.id = c.url "
	"WHERE u.url = ?1 ORDER BY c.checked_at, c.id",
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

static int prepare(struct store *st, const char *sql, sqlite3_stmt **s)
{
	size_t i;
	int rc;
	if (cache_st != st)
		links_history_release();
	cache_st = st;
	for (i = 0; i < NR_SQL && cache_sql[i] != sql; i++)
		;
	if (i < NR_SQL && cache[i]) {
		sqlite3_reset(cache[i]);
		sqlite3_clear_bindings(cache[i]);
		*s = cache[i];
		return 0;
	}
	rc = sqlite3_prepare_v3(store_sqlite(st), sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL);
	if (rc != SQLITE_OK) {
		store_set_error(st, rc);
		return -1;
	}
	if (i < NR_SQL)
		cache[i] = *s;
	return 0;
}

/* Done with a cached statement (a statement not from the cache is finalized). */
static void done(sqlite3_stmt *s)
{
	size_t i;
	for (i = 0; i < NR_SQL; i++)
		if (cache[i] == s) {
			sqlite3_reset(s);
			return;
		}
	if (s)
		done(s);
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
	if (prepare(st, cache_sql[0], &s))
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
	if (prepare(st, cache_sql[1], &s))
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
	if (prepare(st, cache_sql[2], &s))
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
	if (prepare(st, cache_sql[3], &s))
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

	if (prepare(st, cache_sql[4], &s))
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
	e->days_broken = (e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD) && now > since
			 ? (long)((now - since) / 86400) : 0;
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
