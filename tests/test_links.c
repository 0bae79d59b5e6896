/*
 * Unit tests: the links stage (checker/links.c): history rules,
 * repairs, archives, findings and JSON, against a loopback server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers/httpd.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "findings.h"
#include "links.h"
#include "store.h"
#include "store_internal.h"
#include <unistd.h>
#include "urls.h"

static struct httpd *srv;

static int setup(void **state)
{
	(void)state;
	srv = httpd_start("127.0.0.1", 0);
	return srv ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	httpd_stop(srv);
	return 0;
}

#define DAY 86400

static void test_state_rules(void **state)
{
	struct link_check_rec v[8];
	unsigned fails;
	time_t since;
	(void)state;
	/* three failures three days apart: dead */
	v[0] = (struct link_check_rec){ 0 * DAY, LINK_BROKEN };
	v[1] = (struct link_check_rec){ 3 * DAY, LINK_BROKEN };
	v[2] = (struct link_check_rec){ 6 * DAY, LINK_TIMEOUT };
	assert_int_equal(links_state(v, 1, 3, 3, &fails, &since), LINK_STATE_FAILING);
	assert_int_equal(fails, 1);
	assert_int_equal(links_state(v, 2, 3, 3, &fails, NULL), LINK_STATE_FAILING);
	assert_int_equal(links_state(v, 3, 3, 3, &fails, &since), LINK_STATE_DEAD);
	assert_int_equal(fails, 3);
	assert_int_equal(since, 0);
	/* failures too close together count once */
	v[0] = (struct link_check_rec){ 0 * DAY, LINK_BROKEN };
	v[1] = (struct link_check_rec){ 1 * DAY, LINK_BROKEN };
	v[2] = (struct link_check_rec){ 2 * DAY, LINK_BROKEN };
	v[3] = (struct link_check_rec){ 2 * DAY + 3600, LINK_BROKEN };
	assert_int_equal(links_state(v, 4, 3, 3, &fails, NULL), LINK_STATE_FAILING);
	assert_int_equal(fails, 1);
	/* a success resets; inconclusive verdicts say nothing */
	v[0] = (struct link_check_rec){ 0 * DAY, LINK_BROKEN };
	v[1] = (struct link_check_rec){ 3 * DAY, LINK_BROKEN };
	v[2] = (struct link_check_rec){ 4 * DAY, LINK_OK };
	v[3] = (struct link_check_rec){ 5 * DAY, LINK_BLOCKED };
	assert_int_equal(links_state(v, 3, 3, 3, &fails, NULL), LINK_STATE_OK);
	assert_int_equal(links_state(v, 4, 3, 3, &fails, NULL), LINK_STATE_OK);
	v[4] = (struct link_check_rec){ 9 * DAY, LINK_SOFT404 };
	assert_int_equal(links_state(v, 5, 3, 3, &fails, &since), LINK_STATE_FAILING);
	assert_int_equal(since, 9 * DAY);
	v[0] = (struct link_check_rec){ 0, LINK_BLOCKED };
	assert_int_equal(links_state(v, 1, 3, 3, &fails, NULL), LINK_STATE_UNKNOWN);
	assert_int_equal(links_state(v, 0, 3, 3, &fails, NULL), LINK_STATE_UNKNOWN);
}

static void test_now_injected(void **state)
{
	(void)state;
	setenv("PROVCHECK_NOW", "2026-01-01T00:00:00Z", 1);
	assert_int_equal(links_now(), 1767225600);
	setenv("PROVCHECK_NOW", "2026-01-04", 1);
	assert_int_equal(links_now(), 1767225600 + 3 * DAY);
	unsetenv("PROVCHECK_NOW");
	assert_true(links_now() > 1700000000);
}

static void test_wayback_parse(void **state)
{
	const char *a = "{\"url\": \"x.org/a\", \"archived_snapshots\": {\"closest\": {\"status\": \"200\", "
			"\"available\": true, \"url\": \"http:\\/\\/web.archive.org\\/web\\/2019\\/http:\\/\\/x.org\\/a\", "
			"\"timestamp\": \"20190101000000\"}}}";
	const char *b = "{\"url\": \"x.org/a\", \"archived_snapshots\": {}}";
	const char *c = "{\"archived_snapshots\": {\"closest\": {\"status\": \"404\", \"available\": true, "
			"\"url\": \"http://web.archive.org/web/2019/x\"}}}";
	char *s;
	(void)state;
	s = links_parse_wayback(a, strlen(a));
	assert_non_null(s);
	assert_string_equal(s, "http://web.archive.org/web/2019/http://x.org/a");
	free(s);
	assert_null(links_parse_wayback(b, strlen(b)));
	assert_null(links_parse_wayback(c, strlen(c)));
}

struct fixture {
	struct doc *doc;
	struct url_list urls;
	struct vocab *vocab;
	struct links_report rep;
	struct links_opts o;
};

static void fixture_load(struct fixture *fx, const char *text)
{
	struct config c;
	memset(fx, 0, sizeof(*fx));
	assert_int_equal(doc_parse("cite.txt", text, strlen(text), NULL, &fx->doc, NULL), DOC_OK);
	url_list_init(&fx->urls, 0);
	assert_int_equal(urls_extract(&fx->urls, fx->doc), URLS_OK);
	fx->vocab = vocab_new();
	vocab_add_doc(fx->vocab, fx->doc);
	config_init(&c);
	links_opts_from_config(&fx->o, &c);
	config_release(&c);
	fx->o.check.user_agent = "provcheck-test";
	fx->o.check.allow_private = 1;
	fx->o.check.host_interval_ms = 0;
	fx->o.check.retry_base_ms = 10;
	fx->o.archive_endpoint = NULL;
}

static void fixture_release(struct fixture *fx)
{
	links_report_release(&fx->rep);
	url_list_release(&fx->urls);
	vocab_free(fx->vocab);
	doc_free(fx->doc);
}

static const struct links_entry *entry_for(const struct links_report *rep, const char *tail)
{
	size_t i, n = strlen(tail);
	for (i = 0; i < rep->nr; i++) {
		size_t l = strlen(rep->v[i].item->url);
		if (l >= n && !strcmp(rep->v[i].item->url + l - n, tail))
			return &rep->v[i];
	}
	fail_msg("no entry ending in %s", tail);
	return NULL;
}

static void test_repair_with_document_words(void **state)
{
	struct fixture fx;
	struct strbuf text = STRBUF_INIT;
	const struct links_entry *e;
	const char *b = httpd_base(srv);
	(void)state;
	strbuf_addf(&text,
		    "Political Report to the Party Congress and the central committees, January 2016.\n"
		    "%s/2016/01/11th-partycentral-committees-report/.\n\n"
		    "Russian Subs in Vietnam, news and analysis. %s/newsanalysis/news/russian-subs;\n"
		    "and %s/notfound for nothing.\n", b, b, b);
	fixture_load(&fx, text.buf);
	assert_int_equal(links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep), LINKS_OK);
	e = entry_for(&fx.rep, "/11th-partycentral-committees-report/");
	assert_int_equal(e->verdict, LINK_BROKEN);
	assert_non_null(e->suggestion);
	assert_non_null(strstr(e->suggestion, "/2016/01/11th-party-central-committees-report/"));
	e = entry_for(&fx.rep, "/newsanalysis/news/russian-subs");
	assert_non_null(e->suggestion);
	assert_non_null(strstr(e->suggestion, "/news-analysis/news/russian-subs"));
	e = entry_for(&fx.rep, "/notfound");
	assert_null(e->suggestion);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(fx.rep.repaired, 2);
	fixture_release(&fx);

	/* no repairs when asked not to */
	fixture_load(&fx, text.buf);
	fx.o.repair = 0;
	links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep);
	assert_null(entry_for(&fx.rep, "/11th-partycentral-committees-report/")->suggestion);
	fixture_release(&fx);

	/* a repair of another reading: the URL also ran into the next line's word */
	strbuf_reset(&text);
	strbuf_addf(&text,
		    "Harbour records\n\nThe accounts [1] and the register [2].\n\nReferences\n\n"
		    "1. Harbour Board, \"Yearly Accounts\", Board Press, May 4, 2019. %s/ok\n"
		    "2. Pilots Guild, \"The Register\", 2017. %s/2016/01/11th-partycentral-committees-report/\n"
		    "party central committees report\n", b, b);
	fixture_load(&fx, text.buf);
	assert_int_equal(links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep), LINKS_OK);
	e = entry_for(&fx.rep, "/11th-partycentral-committees-report/party");
	assert_int_equal(e->verdict, LINK_BROKEN);
	assert_non_null(e->suggestion);
	assert_non_null(strstr(e->suggestion, "/2016/01/11th-party-central-committees-report/"));
	assert_null(strstr(e->suggestion, "/party"));
	fixture_release(&fx);
	strbuf_release(&text);
}

static void test_archive_lookup(void **state)
{
	struct fixture fx;
	struct strbuf text = STRBUF_INIT, ep = STRBUF_INIT;
	const struct links_entry *e;
	(void)state;
	strbuf_addf(&text, "Gone: %s/gone-page and fine: %s/ok\n", httpd_base(srv), httpd_base(srv));
	strbuf_addf(&ep, "%s/wayback/available", httpd_base(srv));
	fixture_load(&fx, text.buf);
	fx.o.archive_endpoint = ep.buf;
	/* the citation's date picks the snapshot */
	free(fx.urls.v[0].occ[0].date);
	fx.urls.v[0].occ[0].date = strdup("2019-05-04");
	httpd_reset(srv);
	assert_int_equal(links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep), LINKS_OK);
	e = entry_for(&fx.rep, "/gone-page");
	assert_int_equal(e->verdict, LINK_BROKEN);
	assert_non_null(e->archive);
	assert_non_null(strstr(e->archive, "web.archive.org/web/20190504000000/"));
	assert_null(entry_for(&fx.rep, "/ok")->archive);
	/* only the failing link was looked up */
	assert_int_equal(httpd_hits(srv, "GET", "/wayback/available"), 1);
	fixture_release(&fx);

	/* --offline: no request at all */
	fixture_load(&fx, text.buf);
	fx.o.archive_endpoint = ep.buf;
	fx.o.offline = 1;
	httpd_reset(srv);
	links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep);
	assert_int_equal(entry_for(&fx.rep, "/gone-page")->verdict, LINK_UNCHECKED);
	assert_int_equal(httpd_hits(srv, NULL, "/wayback/available"), 0);
	assert_int_equal(httpd_hits(srv, NULL, "/gone-page"), 0);
	fixture_release(&fx);
	strbuf_release(&text);
	strbuf_release(&ep);
}

static const struct finding *finding_of(const struct findings *f, const char *kind)
{
	size_t i;
	for (i = 0; i < f->nr; i++)
		if (!strcmp(f->v[i].kind, kind))
			return &f->v[i];
	return NULL;
}

static void test_findings_and_json(void **state)
{
	struct fixture fx;
	struct strbuf text = STRBUF_INIT, js = STRBUF_INIT;
	struct findings f;
	const struct finding *fd;
	const char *b = httpd_base(srv);
	struct doc *docs[1];
	(void)state;
	strbuf_addf(&text,
		    "A %s/notfound here.\nMoved %s/moved there.\nBlocked %s/bot.\n"
		    "Soft (%s/deep/article) and mailto:bad@@x and mailto:ed@x.org.\n", b, b, b, b);
	fixture_load(&fx, text.buf);
	links_check(&fx.o, &fx.urls, fx.vocab, NULL, 0, &fx.rep);
	findings_init(&f);
	docs[0] = fx.doc;
	links_findings(&fx.rep, docs, 1, &f);
	fd = finding_of(&f, "link-broken");
	assert_non_null(fd);
	assert_int_equal(fd->severity, SEV_ERROR);
	assert_int_equal(fd->line, 1);
	assert_int_equal(fd->col, 3);
	assert_string_equal(fd->stage, "links");
	assert_non_null(strstr(fd->quote, "/notfound"));
	fd = finding_of(&f, "link-redirect");
	assert_non_null(fd);
	assert_int_equal(fd->severity, SEV_INFO);
	assert_non_null(fd->suggestion);
	assert_non_null(strstr(fd->suggestion, "/ok"));
	assert_int_equal(finding_of(&f, "link-blocked")->severity, SEV_INFO);
	assert_int_equal(finding_of(&f, "link-root-redirect")->severity, SEV_WARNING);
	assert_int_equal(finding_of(&f, "link-mailto-invalid")->severity, SEV_WARNING);
	assert_int_equal(f.nr, 5);

	links_json(&fx.rep, &js);
	assert_non_null(strstr(js.buf, "\"verdict\": \"broken\", \"status\": 404"));
	assert_non_null(strstr(js.buf, "\"redirects\": [{\"url\": "));
	assert_non_null(strstr(js.buf, "\"status\": 301}]"));
	assert_non_null(strstr(js.buf, "\"occurrences\": [{\"document\": \"cite.txt\", \"line\": 1, \"column\": 3, \"entry\": null}]"));
	assert_non_null(strstr(js.buf, "\"suggestion\": null, \"archive\": null"));
	findings_release(&f);
	fixture_release(&fx);
	strbuf_release(&text);
	strbuf_release(&js);
}

/* One nightly run on the given day: the state of the link at the end. */
static const struct links_entry *run_day(struct fixture *fx, struct store *st, const char *day,
					 const char *text)
{
	links_report_release(&fx->rep);
	url_list_release(&fx->urls);
	vocab_free(fx->vocab);
	doc_free(fx->doc);
	fixture_load(fx, text);
	setenv("PROVCHECK_NOW", day, 1);
	assert_int_equal(links_check(&fx->o, &fx->urls, fx->vocab, st, 0, &fx->rep), LINKS_OK);
	unsetenv("PROVCHECK_NOW");
	return &fx->rep.v[0];
}

static void test_history_over_days(void **state)
{
	char path[] = "/tmp/provcheck-links-XXXXXX";
	struct store *st = NULL;
	struct fixture fx;
	struct strbuf text = STRBUF_INIT, db = STRBUF_INIT;
	const struct links_entry *e;
	int fd;
	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	strbuf_addf(&db, "%s.db", path);
	assert_int_equal(store_open(db.buf, &st, NULL), STORE_OK);
	strbuf_addf(&text, "See %s/toggle for it.\n", httpd_base(srv));
	memset(&fx, 0, sizeof(fx));
	fixture_load(&fx, text.buf);
	fx.o.ttl_s = 0;
	httpd_set_toggle(srv, 0);

	e = run_day(&fx, st, "2026-01-01T00:00:00Z", text.buf);
	assert_int_equal(e->verdict, LINK_BROKEN);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->prev_state, LINK_STATE_UNKNOWN);
	assert_int_equal(e->failures, 1);
	/* a second check the same day does not bring death closer */
	e = run_day(&fx, st, "2026-01-01T12:00:00Z", text.buf);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->failures, 1);
	assert_int_equal(e->prev_state, LINK_STATE_FAILING);
	e = run_day(&fx, st, "2026-01-04T00:00:00Z", text.buf);
	assert_int_equal(e->failures, 2);
	assert_int_equal(e->days_broken, 3);
	e = run_day(&fx, st, "2026-01-07T00:00:00Z", text.buf);
	assert_int_equal(e->state, LINK_STATE_DEAD);
	assert_int_equal(e->failures, 3);
	assert_int_equal(e->days_broken, 6);
	assert_int_equal(e->prev_state, LINK_STATE_FAILING);
	{
		/* dead is an error, failing a warning */
		struct findings f;
		struct doc *docs[1] = { fx.doc };
		findings_init(&f);
		links_findings(&fx.rep, docs, 1, &f);
		assert_int_equal(f.nr, 1);
		assert_string_equal(f.v[0].kind, "link-broken");
		assert_int_equal(f.v[0].severity, SEV_ERROR);
		assert_non_null(strstr(f.v[0].message, "6 days"));
		findings_release(&f);
	}
	/* recovery resets */
	httpd_set_toggle(srv, 1);
	e = run_day(&fx, st, "2026-01-08T00:00:00Z", text.buf);
	assert_int_equal(e->verdict, LINK_OK);
	assert_int_equal(e->state, LINK_STATE_OK);
	assert_int_equal(e->prev_state, LINK_STATE_DEAD);
	httpd_set_toggle(srv, 0);
	e = run_day(&fx, st, "2026-01-09T00:00:00Z", text.buf);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->failures, 1);
	assert_int_equal(e->days_broken, 0);
	{
		struct findings f;
		struct doc *docs[1] = { fx.doc };
		findings_init(&f);
		links_findings(&fx.rep, docs, 1, &f);
		assert_string_equal(f.v[0].kind, "link-failing");
		assert_int_equal(f.v[0].severity, SEV_WARNING);
		findings_release(&f);
	}

	/* a result younger than the TTL is reused, not asked again */
	httpd_reset(srv);
	fx.o.ttl_s = 86400;
	links_report_release(&fx.rep);
	setenv("PROVCHECK_NOW", "2026-01-09T06:00:00Z", 1);
	assert_int_equal(links_check(&fx.o, &fx.urls, fx.vocab, st, 0, &fx.rep), LINKS_OK);
	unsetenv("PROVCHECK_NOW");
	e = &fx.rep.v[0];
	assert_true(e->reused);
	assert_int_equal(e->verdict, LINK_BROKEN);
	assert_int_equal(e->status, 404);
	assert_int_equal(fx.rep.reused, 1);
	assert_int_equal(httpd_hits(srv, NULL, "/toggle"), 0);
	/* ... and older than the TTL, asked again */
	links_report_release(&fx.rep);
	setenv("PROVCHECK_NOW", "2026-01-11T00:00:00Z", 1);
	links_check(&fx.o, &fx.urls, fx.vocab, st, 0, &fx.rep);
	unsetenv("PROVCHECK_NOW");
	assert_false(fx.rep.v[0].reused);
	assert_true(httpd_hits(srv, NULL, "/toggle") >= 1);

	fixture_release(&fx);
	store_close(st);
	unlink(db.buf);
	strbuf_addstr(&db, "-wal");
	unlink(db.buf);
	strbuf_setlen(&db, db.len - 4);
	strbuf_addstr(&db, "-shm");
	unlink(db.buf);
	strbuf_release(&db);
	strbuf_release(&text);
}

/* A fresh store in /tmp; *db gets its path. */
static struct store *temp_store(struct strbuf *db)
{
	char path[] = "/tmp/provcheck-links-XXXXXX";
	struct store *st = NULL;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	strbuf_addf(db, "%s.db", path);
	assert_int_equal(store_open(db->buf, &st, NULL), STORE_OK);
	return st;
}

static void temp_store_remove(struct store *st, struct strbuf *db)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	size_t i, n = db->len;
	store_close(st);
	for (i = 0; i < 3; i++) {
		strbuf_setlen(db, n);
		strbuf_addstr(db, ext[i]);
		unlink(db->buf);
	}
	strbuf_release(db);
}

static int64_t count_rows(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t n = -1;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* One 'links' run of fx on day, as the command does it: a run begun, checked, ended. */
static const struct links_entry *links_run(struct fixture *fx, struct store *st, const char *day,
					   int offline, long history_days, enum links_result want)
{
	int64_t run = 0;
	links_report_release(&fx->rep);
	setenv("PROVCHECK_NOW", day, 1);
	assert_int_equal(store_run_begin(st, "links", &run), STORE_OK);
	fx->o.offline = offline;
	assert_int_equal(links_check(&fx->o, &fx->urls, fx->vocab, st, run, &fx->rep), want);
	assert_int_equal(links_run_end(st, run, "ok", history_days), LINKS_OK);
	unsetenv("PROVCHECK_NOW");
	fx->o.offline = 0;
	return &fx->rep.v[0];
}

/*
 * --since-last compares with the last run that judged the link (its
 * link_states), like report --linkrot: an offline run in between, which
 * judged nothing, does not make a failing link "newly broken" again.
 */
static void test_since_last_from_link_states(void **state)
{
	struct strbuf db = STRBUF_INIT, text = STRBUF_INIT;
	struct store *st = temp_store(&db);
	struct fixture fx;
	const struct links_entry *e;
	(void)state;
	strbuf_addf(&text, "See %s/toggle for it.\n", httpd_base(srv));
	fixture_load(&fx, text.buf);
	fx.o.ttl_s = 0;
	fx.o.repair = 0;
	httpd_set_toggle(srv, 1);
	e = links_run(&fx, st, "2026-03-01T00:00:00Z", 0, 0, LINKS_OK);
	assert_int_equal(e->state, LINK_STATE_OK);
	assert_int_equal(e->prev_state, LINK_STATE_UNKNOWN);
	assert_int_equal(e->prev_verdict, LINK_UNCHECKED);
	httpd_set_toggle(srv, 0);
	e = links_run(&fx, st, "2026-03-02T00:00:00Z", 0, 0, LINKS_OK);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->prev_state, LINK_STATE_OK);     /* newly broken */
	assert_int_equal(e->prev_verdict, LINK_OK);
	/* offline: nothing judged, nothing recorded for the run */
	e = links_run(&fx, st, "2026-03-02T06:00:00Z", 1, 0, LINKS_OK);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->prev_state, LINK_STATE_FAILING);
	/* the next online run: still broken, against the run that judged it, not the offline one */
	e = links_run(&fx, st, "2026-03-03T00:00:00Z", 0, 0, LINKS_OK);
	assert_int_equal(e->state, LINK_STATE_FAILING);
	assert_int_equal(e->prev_state, LINK_STATE_FAILING);
	assert_int_equal(e->prev_verdict, LINK_BROKEN);
	httpd_set_toggle(srv, 1);
	e = links_run(&fx, st, "2026-03-04T00:00:00Z", 0, 0, LINKS_OK);
	assert_int_equal(e->state, LINK_STATE_OK);
	assert_int_equal(e->prev_state, LINK_STATE_FAILING);    /* recovered */
	fixture_release(&fx);
	strbuf_release(&text);
	temp_store_remove(st, &db);
}

/* Closing a run prunes the link history older than history_days, with the run's end. */
static void test_history_pruned_at_run_end(void **state)
{
	struct strbuf db = STRBUF_INIT, text = STRBUF_INIT;
	struct store *st = temp_store(&db);
	struct fixture fx;
	int64_t run = 0;
	(void)state;
	strbuf_addf(&text, "See %s/ok and %s/notfound for it.\n", httpd_base(srv), httpd_base(srv));
	fixture_load(&fx, text.buf);
	fx.o.ttl_s = 0;
	fx.o.repair = 0;
	links_run(&fx, st, "2026-01-01T00:00:00Z", 0, 90, LINKS_OK);
	links_run(&fx, st, "2026-03-01T00:00:00Z", 0, 90, LINKS_OK);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 4);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_states"), 4);
	/* 91 days after the first run: its checks and states go, the second run's stay */
	links_run(&fx, st, "2026-04-02T00:00:00Z", 0, 90, LINKS_OK);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 4);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks "
				     "WHERE checked_at < '2026-02-01'"), 0);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_states WHERE run = 1"), 0);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_states WHERE run = 2"), 2);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM runs WHERE status = 'ok'"), 3);
	/* 0 keeps everything */
	links_run(&fx, st, "2027-01-01T00:00:00Z", 0, 0, LINKS_OK);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 6);
	/* one transaction: a run that cannot be closed prunes nothing */
	setenv("PROVCHECK_NOW", "2028-01-01T00:00:00Z", 1);
	assert_int_equal(store_run_begin(st, "links", &run), STORE_OK);
	assert_int_equal(links_run_end(st, run, "no such status", 1), LINKS_ERR_STORE);
	unsetenv("PROVCHECK_NOW");
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 6);
	assert_int_equal(links_run_end(st, run, "ok", 0), LINKS_OK);
	fixture_release(&fx);
	strbuf_release(&text);
	temp_store_remove(st, &db);
}

static int stop_after_first(void *ud)
{
	const size_t *done = ud;
	return *done >= 1;
}

static void count_done(void *ud, size_t done, size_t total)
{
	size_t *n = ud;
	(void)total;
	*n = done;
}

/*
 * The stage stopped half-way: the link checked is recorded and judged,
 * the one in flight is unchecked (no finding of a broken link, no
 * history), and the next run checks only that one.
 */
static void test_links_stopped_and_resumed(void **state)
{
	struct strbuf db = STRBUF_INIT, text = STRBUF_INIT;
	struct store *st = temp_store(&db);
	struct fixture fx;
	struct findings f;
	const struct links_entry *slow;
	size_t done = 0;
	(void)state;
	strbuf_addf(&text, "See %s/notfound and %s/delay/1500 for it.\n", httpd_base(srv),
		    httpd_base(srv));
	fixture_load(&fx, text.buf);
	fx.o.check.soft404_probe = 0;
	fx.o.progress = count_done;
	fx.o.progress_ud = &done;
	fx.o.stop = stop_after_first;
	fx.o.stop_ud = &done;
	httpd_wait_idle();
	httpd_reset(srv);
	links_run(&fx, st, "2026-05-01T00:00:00Z", 0, 0, LINKS_STOPPED);
	assert_true(fx.rep.stopped);
	assert_int_equal(fx.rep.not_checked, 1);
	assert_int_equal(entry_for(&fx.rep, "/notfound")->verdict, LINK_BROKEN);
	assert_int_equal(entry_for(&fx.rep, "/notfound")->state, LINK_STATE_FAILING);
	slow = entry_for(&fx.rep, "/delay/1500");
	assert_int_equal(slow->verdict, LINK_UNCHECKED);
	assert_true(slow->stopped);
	assert_int_equal(slow->state, LINK_STATE_UNKNOWN);
	/* no repairs of the broken one were asked after the stop */
	assert_null(entry_for(&fx.rep, "/notfound")->suggestion);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 1);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_states"), 1);
	findings_init(&f);
	links_findings(&fx.rep, NULL, 0, &f);
	assert_int_equal(f.nr, 2);
	assert_non_null(finding_of(&f, "link-failing"));
	assert_int_equal(finding_of(&f, "link-unchecked")->severity, SEV_INFO);
	findings_release(&f);

	/* the next run: the broken one is reused (ttl), the slow one checked */
	fx.o.stop = NULL;
	httpd_wait_idle();
	httpd_reset(srv);
	links_run(&fx, st, "2026-05-01T01:00:00Z", 0, 0, LINKS_OK);
	assert_true(entry_for(&fx.rep, "/notfound")->reused);
	assert_int_equal(entry_for(&fx.rep, "/delay/1500")->verdict, LINK_OK);
	assert_int_equal(httpd_hits(srv, NULL, "/notfound"), 0);
	assert_int_equal(httpd_hits(srv, NULL, "/delay/1500"), 1);
	fixture_release(&fx);
	strbuf_release(&text);
	temp_store_remove(st, &db);
}

/* Stopped after the checks: the archive lookups are not asked, nor recorded as done. */
static void test_links_stopped_before_lookups(void **state)
{
	struct strbuf db = STRBUF_INIT, text = STRBUF_INIT, ep = STRBUF_INIT;
	struct store *st = temp_store(&db);
	struct fixture fx;
	size_t done = 0;
	(void)state;
	strbuf_addf(&text, "See %s/notfound for it.\n", httpd_base(srv));
	strbuf_addf(&ep, "%s/delay/2500", httpd_base(srv));
	fixture_load(&fx, text.buf);
	fx.o.archive_endpoint = ep.buf;
	fx.o.repair = 0;
	fx.o.progress = count_done;
	fx.o.progress_ud = &done;
	fx.o.stop = stop_after_first;      /* the one link checked */
	fx.o.stop_ud = &done;
	httpd_reset(srv);
	links_run(&fx, st, "2026-05-02T00:00:00Z", 0, 0, LINKS_STOPPED);
	assert_true(fx.rep.stopped);
	assert_int_equal(fx.rep.not_checked, 0);
	assert_int_equal(fx.rep.v[0].verdict, LINK_BROKEN);
	assert_int_equal(fx.rep.v[0].state, LINK_STATE_FAILING);
	assert_null(fx.rep.v[0].archive);
	assert_int_equal(httpd_hits(srv, NULL, "/delay/2500"), 0);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM url_archives"), 0);
	assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM link_checks"), 1);
	fixture_release(&fx);
	strbuf_release(&text);
	strbuf_release(&ep);
	temp_store_remove(st, &db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_rules),
		cmocka_unit_test(test_now_injected),
		cmocka_unit_test(test_wayback_parse),
		cmocka_unit_test(test_repair_with_document_words),
		cmocka_unit_test(test_archive_lookup),
		cmocka_unit_test(test_findings_and_json),
		cmocka_unit_test(test_history_over_days),
		cmocka_unit_test(test_since_last_from_link_states),
		cmocka_unit_test(test_history_pruned_at_run_end),
		cmocka_unit_test(test_links_stopped_and_resumed),
		cmocka_unit_test(test_links_stopped_before_lookups),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
