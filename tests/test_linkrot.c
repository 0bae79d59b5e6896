/*
 * Unit tests: the links stage in the store and the reports
 * (checker/links_report.c, links_history.c): simulated nights against a
 * loopback server read back as the link-rot report, stored occurrences
 * and archive lookups, per-document link tables, and the entry numbers
 * of URLs that stand in notes and reference lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers/httpd.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "findings.h"
#include "links.h"
#include "links_report.h"
#include "refs.h"
#include "report.h"
#include "store.h"
#include "store_internal.h"
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

/* A scratch store, removed (with its -wal and -shm) by db_remove(). */
static struct store *db_open(struct strbuf *path)
{
	char tmpl[] = "/tmp/provcheck-linkrot-XXXXXX";
	struct store *st = NULL;
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	close(fd);
	unlink(tmpl);
	strbuf_addf(path, "%s.db", tmpl);
	assert_int_equal(store_open(path->buf, &st, NULL), STORE_OK);
	return st;
}

static void db_remove(struct store *st, struct strbuf *path)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	size_t i, len = path->len;
	store_close(st);
	for (i = 0; i < 3; i++) {
		strbuf_setlen(path, len);
		strbuf_addstr(path, ext[i]);
		unlink(path->buf);
	}
	strbuf_release(path);
}

static long long sql_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void opts_for_tests(struct links_opts *o)
{
	struct config c;
	config_init(&c);
	links_opts_from_config(o, &c);
	config_release(&c);
	o->check.user_agent = "provcheck-test";
	o->check.allow_private = 1;
	o->check.host_interval_ms = 0;
	o->check.retry_base_ms = 10;
	o->check.retries = 0;
	o->archive_endpoint = NULL;
	o->ttl_s = 0;
}

/*
 * One night: a 'check' run on day `now` over the document `text`
 * (stored as path), as cmd_check does it: store the document, extract,
 * check with the history, close the run.
 */
static void night(struct store *st, const char *path, const char *text, const char *now,
		  const struct links_opts *o, struct links_report *rep)
{
	struct doc *d = NULL;
	struct url_list urls;
	int64_t run = 0, id = 0;

	setenv("PROVCHECK_NOW", now, 1);
	assert_int_equal(doc_parse(path, text, strlen(text), NULL, &d, NULL), DOC_OK);
	assert_int_equal(store_run_begin(st, "check", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	url_list_init(&urls, 0);
	assert_int_equal(urls_extract(&urls, d), URLS_OK);
	assert_int_equal(links_check(o, &urls, NULL, st, run, rep), LINKS_OK);
	assert_int_equal(store_run_end(st, run, "ok"), STORE_OK);
	unsetenv("PROVCHECK_NOW");
	links_report_release(rep);
	url_list_release(&urls);
	doc_free(d);
}

static const struct linkrot_entry *rot_for(const struct linkrot *lr, const char *tail)
{
	size_t i, n = strlen(tail);
	for (i = 0; i < lr->nr; i++) {
		size_t l = strlen(lr->v[i].url);
		if (l >= n && !strcmp(lr->v[i].url + l - n, tail))
			return &lr->v[i];
	}
	return NULL;
}

static void load(struct store *st, struct linkrot *lr)
{
	linkrot_release(lr);
	assert_int_equal(links_linkrot_load(st, 0, LINKS_TREND_RUNS, lr), LINKS_OK);
}

static void test_nights(void **state)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, ep = STRBUF_INIT, out = STRBUF_INIT;
	struct store *st = db_open(&path);
	struct links_opts o;
	struct links_report rep;
	struct linkrot lr;
	struct report r;
	const struct linkrot_entry *e;
	const char *b = httpd_base(srv);
	(void)state;

	memset(&rep, 0, sizeof(rep));
	linkrot_init(&lr);
	opts_for_tests(&o);
	strbuf_addf(&ep, "%s/wayback/available", b);
	o.archive_endpoint = ep.buf;
	strbuf_addf(&text, "The accounts %s/switch/gone-accounts were cited.\n"
		    "The register %s/switch/register and the home page %s/ok too.\n"
		    "Again the accounts: %s/switch/gone-accounts.\n", b, b, b, b);
	httpd_reset(srv);
	httpd_set_switch(srv, "gone-accounts", 1);
	httpd_set_switch(srv, "register", 1);

	/* no run yet: nothing to compare */
	assert_int_equal(links_linkrot_load(st, 0, LINKS_TREND_RUNS, &lr), LINKS_ERR_NO_HISTORY);

	/* night 1: all ok, nothing to say */
	night(st, "night.txt", text.buf, "2026-03-01T02:00:00Z", &o, &rep);
	load(st, &lr);
	assert_int_equal(lr.nr, 0);
	assert_true(linkrot_unchanged(&lr));
	assert_int_equal(lr.prev_run_id, 0);
	assert_int_equal(lr.nr_trend, 1);
	assert_int_equal(lr.trend[0].checked, 3);
	assert_int_equal(lr.trend[0].broken, 0);

	/* night 2: two links break */
	httpd_set_switch(srv, "gone-accounts", 0);
	httpd_set_switch(srv, "register", 0);
	night(st, "night.txt", text.buf, "2026-03-02T02:00:00Z", &o, &rep);
	load(st, &lr);
	assert_int_equal(lr.nr, 2);
	assert_false(linkrot_unchanged(&lr));
	assert_true(lr.prev_run_id > 0 && lr.prev_run_id < lr.run_id);
	e = rot_for(&lr, "/switch/gone-accounts");
	assert_non_null(e);
	assert_int_equal(e->change, LINKROT_NEW_BROKEN);
	assert_string_equal(e->verdict, "broken");
	assert_int_equal(e->status, 404);
	assert_int_equal(linkrot_days(e->broken_since, lr.time), 0);
	/* first place cited, and how many places cite it */
	assert_string_equal(e->doc, "night.txt");
	assert_int_equal(e->line, 1);
	assert_int_equal(e->col, 14);
	assert_int_equal(e->occurrences, 2);
	/* the archive knows "gone" pages */
	assert_non_null(e->archive);
	assert_non_null(strstr(e->archive, "web.archive.org/web/"));
	assert_int_equal(rot_for(&lr, "/switch/register")->change, LINKROT_NEW_BROKEN);
	assert_null(rot_for(&lr, "/switch/register")->archive);
	assert_int_equal(httpd_hits(srv, "GET", "/wayback/available"), 2);

	/* night 3: one still broken (one day), one recovered */
	httpd_set_switch(srv, "register", 1);
	night(st, "night.txt", text.buf, "2026-03-03T02:00:00Z", &o, &rep);
	load(st, &lr);
	assert_int_equal(lr.nr, 2);
	e = rot_for(&lr, "/switch/gone-accounts");
	assert_int_equal(e->change, LINKROT_STILL_BROKEN);
	assert_int_equal(linkrot_days(e->broken_since, lr.time), 1);
	assert_non_null(e->archive);
	e = rot_for(&lr, "/switch/register");
	assert_int_equal(e->change, LINKROT_RECOVERED);
	assert_string_equal(e->verdict, "ok");
	assert_int_equal(e->broken_since, 0);
	/* sorted: newly broken, still broken, recovered */
	assert_int_equal(lr.v[0].change, LINKROT_STILL_BROKEN);
	assert_int_equal(lr.v[1].change, LINKROT_RECOVERED);
	assert_false(linkrot_unchanged(&lr));
	/* the archive lookup of night 2 is kept: not asked again */
	assert_int_equal(httpd_hits(srv, "GET", "/wayback/available"), 2);

	/* night 4: nothing changed */
	night(st, "night.txt", text.buf, "2026-03-04T02:00:00Z", &o, &rep);
	load(st, &lr);
	assert_int_equal(lr.nr, 1);
	assert_int_equal(lr.v[0].change, LINKROT_STILL_BROKEN);
	assert_int_equal(linkrot_days(lr.v[0].broken_since, lr.time), 2);
	assert_true(linkrot_unchanged(&lr));

	/* the trend, oldest first: broken links per run */
	assert_int_equal(lr.nr_trend, 4);
	assert_int_equal(lr.trend[0].broken, 0);
	assert_int_equal(lr.trend[1].broken, 2);
	assert_int_equal(lr.trend[2].broken, 1);
	assert_int_equal(lr.trend[3].broken, 1);
	assert_int_equal(lr.trend[3].checked, 3);
	assert_true(lr.trend[0].time < lr.trend[3].time);
	assert_int_equal(lr.trend[3].run_id, lr.run_id);

	/* a shorter trend, and an earlier run by number */
	linkrot_release(&lr);
	assert_int_equal(links_linkrot_load(st, 0, 2, &lr), LINKS_OK);
	assert_int_equal(lr.nr_trend, 2);
	linkrot_release(&lr);
	assert_int_equal(links_linkrot_load(st, 2, LINKS_TREND_RUNS, &lr),
			 LINKS_OK);
	assert_int_equal(lr.run_id, 2);
	assert_int_equal(lr.nr, 2);
	assert_int_equal(lr.v[0].change, LINKROT_NEW_BROKEN);

	/* the HTML carries the trend chart */
	report_init(&r);
	r.linkrot = &lr;
	r.linkrot_only = 1;
	r.time = lr.time;
	assert_int_equal(report_render(&r, REPORT_HTML, &out), REPORT_OK);
	assert_non_null(strstr(out.buf, "<svg"));
	report_release(&r);

	/* an offline run judges nothing: it is no run to compare */
	o.offline = 1;
	night(st, "night.txt", text.buf, "2026-03-05T02:00:00Z", &o, &rep);
	linkrot_release(&lr);
	load(st, &lr);
	assert_int_equal(lr.run_id, 4);

	linkrot_release(&lr);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&ep);
	db_remove(st, &path);
}

static void test_reused_results_are_judged(void **state)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct store *st = db_open(&path);
	struct links_opts o;
	struct links_report rep;
	struct linkrot lr;
	(void)state;

	memset(&rep, 0, sizeof(rep));
	linkrot_init(&lr);
	opts_for_tests(&o);
	o.ttl_s = 86400;
	strbuf_addf(&text, "Gone: %s/notfound.\n", httpd_base(srv));
	httpd_reset(srv);
	night(st, "ttl.txt", text.buf, "2026-04-01T00:00:00Z", &o, &rep);
	/* six hours later the result is reused, not asked: still a run that judged it */
	night(st, "ttl.txt", text.buf, "2026-04-01T06:00:00Z", &o, &rep);
	assert_int_equal(httpd_hits(srv, NULL, "/notfound"), 2);     /* HEAD, then GET, once */
	load(st, &lr);
	assert_int_equal(lr.nr_trend, 2);
	assert_int_equal(lr.nr, 1);
	assert_int_equal(lr.v[0].change, LINKROT_STILL_BROKEN);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM link_states WHERE reused = 1"), 1);
	linkrot_release(&lr);
	strbuf_release(&text);
	db_remove(st, &path);
}

static void test_occurrences_stored(void **state)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct store *st = db_open(&path);
	struct links_opts o;
	struct links_report rep;
	(void)state;

	memset(&rep, 0, sizeof(rep));
	opts_for_tests(&o);
	o.offline = 1;
	strbuf_addstr(&text, "One https://example.org/a and mailto:desk@example.org,\n"
		      "then https://example.org/a again and https://example.org/b.\n");
	night(st, "occ.txt", text.buf, "2026-05-01", &o, &rep);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM urls"), 3);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM url_occurrences"), 4);
	assert_int_equal(sql_int(st, "SELECT o.col FROM url_occurrences o JOIN urls u ON u.id = o.url "
				 "WHERE u.url = 'https://example.org/b'"), 38);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM link_states"), 0);
	/* a second run replaces them, and a document that lost a URL loses its occurrence */
	night(st, "occ.txt", text.buf, "2026-05-02", &o, &rep);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM url_occurrences"), 4);
	strbuf_reset(&text);
	strbuf_addstr(&text, "Only https://example.org/b now.\n");
	night(st, "occ.txt", text.buf, "2026-05-03", &o, &rep);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM url_occurrences"), 1);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM urls"), 3);
	strbuf_release(&text);
	db_remove(st, &path);
}

static void test_archive_ttl(void **state)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, ep = STRBUF_INIT;
	struct store *st = db_open(&path);
	struct links_opts o;
	struct links_report rep;
	struct doc *d = NULL;
	struct url_list urls;
	(void)state;

	memset(&rep, 0, sizeof(rep));
	opts_for_tests(&o);
	strbuf_addf(&ep, "%s/wayback/available", httpd_base(srv));
	o.archive_endpoint = ep.buf;
	o.archive_ttl_s = 10 * 86400;
	strbuf_addf(&text, "Gone: %s/gone-for-good and %s/notfound.\n", httpd_base(srv),
		    httpd_base(srv));
	httpd_reset(srv);
	night(st, "arch.txt", text.buf, "2026-06-01", &o, &rep);
	assert_int_equal(httpd_hits(srv, NULL, "/wayback/available"), 2);
	/* both answers kept: a copy for one, none for the other */
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM url_archives"), 2);
	assert_int_equal(sql_int(st, "SELECT COUNT(*) FROM url_archives WHERE archive IS NULL"), 1);
	night(st, "arch.txt", text.buf, "2026-06-05", &o, &rep);
	assert_int_equal(httpd_hits(srv, NULL, "/wayback/available"), 2);

	/* offline, the stored copy is still shown */
	o.offline = 1;
	setenv("PROVCHECK_NOW", "2026-06-06", 1);
	assert_int_equal(doc_parse("arch.txt", text.buf, text.len, NULL, &d, NULL), DOC_OK);
	url_list_init(&urls, 0);
	urls_extract(&urls, d);
	assert_int_equal(links_check(&o, &urls, NULL, st, 0, &rep), LINKS_OK);
	unsetenv("PROVCHECK_NOW");
	assert_non_null(rep.v[0].archive);
	assert_non_null(strstr(rep.v[0].archive, "gone-for-good"));
	assert_null(rep.v[1].archive);
	links_report_release(&rep);
	url_list_release(&urls);
	doc_free(d);
	o.offline = 0;

	/* older than the TTL: asked again */
	night(st, "arch.txt", text.buf, "2026-06-12", &o, &rep);
	assert_int_equal(httpd_hits(srv, NULL, "/wayback/available"), 4);
	strbuf_release(&text);
	strbuf_release(&ep);
	db_remove(st, &path);
}

static const struct report_table *table_named(const struct report_doc *rd, const char *name)
{
	size_t i;
	for (i = 0; i < rd->nr_tables; i++)
		if (!strcmp(rd->tables[i].name, name))
			return &rd->tables[i];
	return NULL;
}

static void test_report_tables(void **state)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct links_opts o;
	struct links_report rep;
	struct url_list urls;
	struct doc *d = NULL;
	struct report r;
	struct findings f;
	const struct report_table *t;
	const char *b = httpd_base(srv);
	(void)state;

	opts_for_tests(&o);
	strbuf_addf(&text, "Fine %s/ok here.\nMoved %s/moved there.\nGone %s/notfound\n"
		    "and mailto:bad@@example.\n", b, b, b);
	assert_int_equal(doc_parse("tables.txt", text.buf, text.len, NULL, &d, NULL), DOC_OK);
	url_list_init(&urls, 0);
	urls_extract(&urls, d);
	urls.v[2].occ[0].entry = 7;
	urls.v[2].occ[0].entry_kind = "note";
	assert_int_equal(links_check(&o, &urls, NULL, NULL, 0, &rep), LINKS_OK);

	report_init(&r);
	report_add_doc(&r, "tables.txt", "text", text.len);
	report_add_doc(&r, "other.txt", "text", 10);
	links_report_tables(&rep, &r);
	assert_null(table_named(&r.docs[1], "links"));
	t = table_named(&r.docs[0], "links");
	assert_non_null(t);
	assert_int_equal(t->nr_columns, 5);
	assert_string_equal(t->columns[4], "Archived copy");
	/* the ok link has no row; the others in source order */
	assert_int_equal(t->nr_rows, 3);
	assert_string_equal(t->rows[0].cells[0].text, "line 2");
	assert_int_equal(t->rows[0].cells[1].kind, CELL_URL);
	assert_string_equal(t->rows[0].cells[2].text, "redirect (200)");
	assert_int_equal(t->rows[0].cells[2].tone, TONE_WARN);
	assert_non_null(strstr(t->rows[0].cells[3].text, "/ok"));   /* where it moved */
	assert_string_equal(t->rows[1].cells[0].text, "line 3, note 7");
	/* without a history one failure is "failing" only with dead_after_checks > 1 */
	assert_string_equal(t->rows[1].cells[2].text, "broken (404)");
	assert_int_equal(t->rows[1].cells[2].tone, TONE_BAD);
	assert_non_null(t->rows[1].cells[2].note);
	assert_null(t->rows[1].cells[3].text);
	assert_string_equal(t->rows[2].cells[2].text, "invalid");
	/* the whole report renders with it */
	findings_init(&f);
	links_findings(&rep, &d, 1, &f);
	r.findings = &f;
	assert_int_equal(report_render(&r, REPORT_HTML, &out), REPORT_OK);
	assert_non_null(strstr(out.buf, "Link problems"));
	/* and the finding says where the URL stands */
	{
		size_t i, seen = 0;
		for (i = 0; i < f.nr; i++)
			if (!strcmp(f.v[i].kind, "link-broken") || !strcmp(f.v[i].kind, "link-failing")) {
				assert_non_null(strstr(f.v[i].message, "(note 7)"));
				seen++;
			}
		assert_int_equal(seen, 1);
	}
	findings_release(&f);
	report_release(&r);
	links_report_release(&rep);
	url_list_release(&urls);
	doc_free(d);
	strbuf_release(&text);
	strbuf_release(&out);
}

static const struct url_occ *occ_of(const struct url_list *l, const char *url)
{
	const struct url_item *it = url_list_find(l, url);
	assert_non_null(it);
	return &it->occ[it->nr_occ - 1];
}

static void test_mark_entries(void **state)
{
	struct strbuf data = STRBUF_INIT;
	struct doc *d = NULL, *other = NULL;
	struct refs *refs = NULL;
	struct refs_options ro;
	struct url_list urls;
	const struct url_occ *o;
	const char *text = "Body text with https://example.org/guild/register in it.\n";
	(void)state;

	assert_int_equal(doc_read("tests/fixtures/linkrot/cited.txt", NULL, &data, NULL), DOC_OK);
	assert_int_equal(doc_parse("cited.txt", data.buf, data.len, NULL, &d, NULL), DOC_OK);
	/* another document cites one of the URLs in running text first */
	assert_int_equal(doc_parse("other.txt", text, strlen(text), NULL, &other, NULL), DOC_OK);
	url_list_init(&urls, 0);
	urls_extract(&urls, other);
	urls_extract(&urls, d);
	refs_options_init(&ro);
	refs_parse(d, &ro, &refs);
	assert_int_equal(links_mark_entries(&urls, d, refs), 3);

	o = occ_of(&urls, "https://example.org/board/accounts-2019");
	assert_int_equal(o->entry, 1);
	assert_string_equal(o->entry_kind, "reference");
	assert_string_equal(o->date, "2019-05-04");         /* the citation's date */
	o = occ_of(&urls, "https://example.org/guild/register");
	assert_int_equal(o->entry, 2);
	assert_string_equal(o->date, "2017");
	/* the other document's occurrence is not touched */
	assert_int_equal(url_list_find(&urls, "https://example.org/guild/register")->occ[0].entry, -1);
	assert_string_equal(url_list_find(&urls, "https://example.org/guild/register")->occ[0].doc,
			    "other.txt");
	o = occ_of(&urls, "https://example.org/guild/new-register");
	assert_int_equal(o->entry, 1);
	assert_string_equal(o->entry_kind, "note");
	assert_null(o->date);
	/* marking again finds nothing new; no refs, nothing to do */
	assert_int_equal(links_mark_entries(&urls, d, refs), 0);
	assert_int_equal(links_mark_entries(&urls, d, NULL), 0);

	refs_free(refs);
	url_list_release(&urls);
	doc_free(d);
	doc_free(other);
	strbuf_release(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nights),
		cmocka_unit_test(test_reused_results_are_judged),
		cmocka_unit_test(test_occurrences_stored),
		cmocka_unit_test(test_archive_ttl),
		cmocka_unit_test(test_report_tables),
		cmocka_unit_test(test_mark_entries),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
