/* Unit tests: the SQLite store (store.h, store_internal.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "findings.h"
#include "sha256.h"
#include "store.h"
#include "store_internal.h"
#include "util.h"

/* A fresh directory per test, removed with its files afterwards. */
struct fixture {
	char dir[64];
	char db[96];
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/provcheck-store-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/test.db", fx->dir);
	*state = fx;
	return 0;
}

static void rm_file(const char *dir, const char *name)
{
	char p[160];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	unlink(p);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = {
		"test.db", "test.db-wal", "test.db-shm", "test.db-journal", "other.txt",
		"fresh.db", "fresh.db-wal", "fresh.db-shm"
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		rm_file(fx->dir, names[i]);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static struct doc *parse(const char *path, const char *text)
{
	struct doc *d = NULL;
	struct doc_error err;
	assert_int_equal(doc_parse(path, text, strlen(text), NULL, &d, &err), DOC_OK);
	return d;
}

static struct store *open_store(const char *path)
{
	struct store *st = NULL;
	struct strbuf msg = STRBUF_INIT;
	enum store_result r = store_open(path, &st, &msg);
	if (r)
		fail_msg("store_open: %s: %s", store_strerror(r), msg.buf);
	strbuf_release(&msg);
	return st;
}

static int64_t sql_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *sql_text(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *v = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static void sql_exec(struct store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(store_sqlite(st), sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

/* Raw SQLite access for crafting databases that provcheck did not write. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* One line per paragraph: block counts do not hang on the layout's line joining. */
static const char three_paras[] =
	"The first paragraph speaks of rivers and of the towns along them.\n"
	"\n"
	"The second paragraph, on line three, speaks of the bridges.\n"
	"\n"
	"\n"
	"A third and last paragraph comes after two blank lines.\n";

/*
 * The first store opened in a process turns SQLite's memory statistics
 * off (their mutex cost 2% of a scan): nothing is counted. Runs first,
 * before anything else in this process initializes SQLite.
 */
static void test_no_memory_statistics(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);

	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 0);
	assert_int_equal(sqlite3_memory_used(), 0);
	assert_int_equal(sqlite3_memory_highwater(0), 0);
	store_close(st);
}

static void test_open_creates_store(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	char *mode;

	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sql_int(st, "PRAGMA synchronous"), 1);        /* NORMAL */
	assert_true(sql_int(st, "PRAGMA busy_timeout") >= 1000);
	mode = sql_text(st, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	/* every table docs/schema.md describes */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
				 "name IN ('runs', 'documents', 'document_errors', 'blocks', "
				 "'furniture', 'doc_links', 'callouts', 'entries', 'notes', "
				 "'claims', 'urls', 'url_occurrences', 'link_checks', 'findings')"),
			 14);
	store_close(st);

	/* opening again neither migrates nor fails */
	st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
}

static void test_doc_put_and_list(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("notes/rivers.txt", three_paras);
	struct store_doc_info *v = NULL;
	int64_t run = 0, id = 0;
	size_t nr = 0;
	char hex[65];

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	assert_true(id > 0);
	assert_int_equal(store_docs_list(st, &v, &nr), STORE_OK);
	assert_int_equal(nr, 1);
	sha256_hex(d->hash, 32, hex);
	assert_string_equal(v[0].path, "notes/rivers.txt");
	assert_string_equal(v[0].format, "text");
	assert_string_equal(v[0].hash, hex);
	assert_int_equal(v[0].id, id);
	assert_int_equal(v[0].size, strlen(three_paras));
	assert_int_equal(v[0].paragraphs, 3);
	assert_int_equal(v[0].blocks, 3);
	assert_int_equal(v[0].note_blocks, 0);
	assert_int_equal(v[0].first_run, run);
	assert_int_equal(v[0].last_run, run);
	assert_int_equal(v[0].parser_version, STORE_PARSER_VERSION);
	store_doc_info_free(v, nr);

	/* blocks keep where they stand in the source */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM blocks"), 3);
	assert_int_equal(sql_int(st, "SELECT line FROM blocks WHERE idx = 1"), 3);
	assert_int_equal(sql_int(st, "SELECT col FROM blocks WHERE idx = 1"), 1);
	assert_int_equal(sql_int(st, "SELECT src_start FROM blocks WHERE idx = 1"),
			 strstr(three_paras, "The second") - three_paras);
	assert_int_equal(sql_int(st, "SELECT line FROM blocks WHERE idx = 2"), 6);
	assert_int_equal(sql_int(st, "SELECT text_start FROM blocks WHERE idx = 0"), 0);

	assert_int_equal(store_doc_get(st, "notes/rivers.txt", &v), STORE_OK);
	assert_int_equal(v->paragraphs, 3);
	store_doc_info_free(v, 1);
	v = NULL;
	assert_int_equal(store_doc_get(st, "notes/none.txt", &v), STORE_ERR_NOTFOUND);
	assert_null(v);

	doc_free(d);
	store_close(st);
}

static void test_doc_put_replaces(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d1 = parse("a.txt", three_paras);
	struct doc *d2 = parse("a.txt", "Only one paragraph now.\n\nAnd a second.\n");
	struct doc *other = parse("b.txt", "Another document.\n");
	struct store_doc_info *v = NULL;
	int64_t run1, run2, id1, id2, idb;

	assert_int_equal(store_run_begin(st, "scan", &run1), STORE_OK);
	assert_int_equal(store_doc_put(st, run1, d1, &id1), STORE_OK);
	assert_int_equal(store_doc_put(st, run1, other, &idb), STORE_OK);
	assert_int_equal(store_run_end(st, run1, "ok"), STORE_OK);
	assert_int_equal(store_run_begin(st, "scan", &run2), STORE_OK);
	assert_int_equal(store_doc_put(st, run2, d2, &id2), STORE_OK);

	/* old rows went with the old document row; the other document is untouched */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 2);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM blocks WHERE doc NOT IN "
				 "(SELECT id FROM documents)"), 0);
	assert_int_equal(store_doc_get(st, "a.txt", &v), STORE_OK);
	assert_int_equal(v->id, id2);
	assert_int_equal(v->paragraphs, 2);
	assert_int_equal(v->first_run, run1);
	assert_int_equal(v->last_run, run2);
	store_doc_info_free(v, 1);
	assert_int_equal(store_doc_get(st, "b.txt", &v), STORE_OK);
	assert_int_equal(v->id, idb);
	assert_int_equal(v->paragraphs, 1);
	store_doc_info_free(v, 1);

	doc_free(d1);
	doc_free(d2);
	doc_free(other);
	store_close(st);
}

static void test_doc_unchanged(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("a.txt", three_paras);
	uint8_t other[32];
	int64_t run, id, got;
	int unchanged = -1;

	assert_int_equal(store_doc_unchanged(st, "a.txt", d->hash, &unchanged, &got), STORE_OK);
	assert_int_equal(unchanged, 0);
	assert_int_equal(got, 0);

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	assert_int_equal(store_doc_unchanged(st, "a.txt", d->hash, &unchanged, &got), STORE_OK);
	assert_int_equal(unchanged, 1);
	assert_int_equal(got, id);

	sha256_buf("something else", 14, other);
	assert_int_equal(store_doc_unchanged(st, "a.txt", other, &unchanged, &got), STORE_OK);
	assert_int_equal(unchanged, 0);
	assert_int_equal(got, id);

	/* parsed by another version of the parser: must be parsed again */
	sql_exec(st, "UPDATE documents SET parser_version = parser_version - 1");
	assert_int_equal(store_doc_unchanged(st, "a.txt", d->hash, &unchanged, &got), STORE_OK);
	assert_int_equal(unchanged, 0);

	doc_free(d);
	store_close(st);
}

static void test_doc_touch_and_error(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("a.txt", three_paras);
	struct store_doc_info *v = NULL;
	int64_t run1, run2, id;

	assert_int_equal(store_run_begin(st, "scan", &run1), STORE_OK);
	assert_int_equal(store_doc_put(st, run1, d, &id), STORE_OK);
	assert_int_equal(store_run_end(st, run1, "ok"), STORE_OK);
	assert_int_equal(store_run_begin(st, "scan", &run2), STORE_OK);
	assert_int_equal(store_doc_touch(st, run2, id), STORE_OK);
	assert_int_equal(store_doc_get(st, "a.txt", &v), STORE_OK);
	assert_int_equal(v->first_run, run1);
	assert_int_equal(v->last_run, run2);
	store_doc_info_free(v, 1);
	assert_int_equal(store_doc_touch(st, run2, id + 100), STORE_ERR_NOTFOUND);

	assert_int_equal(store_doc_error(st, run2, "bad.txt", "invalid utf-8 at line 2, column 5"),
			 STORE_OK);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM document_errors WHERE path = 'bad.txt'"), 1);
	assert_int_equal(sql_int(st, "SELECT run FROM document_errors"), run2);
	/* a failed load loses nothing already stored */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 1);

	doc_free(d);
	store_close(st);
}

static char *run_status(struct store *st, int64_t run)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT status FROM runs WHERE id = %lld", (long long)run);
	return sql_text(st, sql);
}

static void test_runs(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	int64_t r1, r2, r3, r4, prev, last, live;
	char *s;
	char sql[160];

	assert_int_equal(store_run_last(st, NULL, &last), STORE_ERR_NOTFOUND);
	assert_int_equal(store_run_begin(st, "scan", &r1), STORE_OK);
	assert_int_equal(store_run_end(st, r1, "ok"), STORE_OK);
	assert_int_equal(store_run_begin(st, "links", &r2), STORE_OK);
	assert_int_equal(store_run_end(st, r2, "failed"), STORE_OK);
	assert_int_equal(store_run_begin(st, "scan", &r3), STORE_OK);
	assert_true(r1 < r2 && r2 < r3);

	assert_int_equal(store_run_previous(st, r3, "scan", &prev), STORE_OK);
	assert_int_equal(prev, r1);
	assert_int_equal(store_run_previous(st, r1, "scan", &prev), STORE_ERR_NOTFOUND);
	assert_int_equal(prev, 0);
	/* r3 is still running: the last completed scan is r1 */
	assert_int_equal(store_run_last(st, "scan", &last), STORE_OK);
	assert_int_equal(last, r1);
	assert_int_equal(store_run_last(st, NULL, &last), STORE_OK);
	assert_int_equal(last, r2);

	s = run_status(st, r3);
	assert_string_equal(s, "running");
	free(s);
	assert_null(sql_text(st, "SELECT ended_at FROM runs WHERE status = 'running'"));
	s = sql_text(st, "SELECT ended_at FROM runs WHERE status = 'ok'");
	assert_non_null(s);
	assert_int_equal(strlen(s), 20);        /* 2024-05-01T12:00:00Z */
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[19], 'Z');
	free(s);

	/* a run left open by a live process stays open; ours, abandoned, is closed */
	snprintf(sql, sizeof(sql), "INSERT INTO runs (command, started_at, version, pid) "
		 "VALUES ('links', '2024-01-01T00:00:00Z', 'x', %ld)", (long)getppid());
	sql_exec(st, sql);
	live = sqlite3_last_insert_rowid(store_sqlite(st));
	assert_int_equal(store_run_begin(st, "scan", &r4), STORE_OK);
	s = run_status(st, r3);
	assert_string_equal(s, "interrupted");
	free(s);
	s = run_status(st, live);
	assert_string_equal(s, "running");
	free(s);
	/* interrupted runs are not "completed" */
	assert_int_equal(store_run_previous(st, r4, "scan", &prev), STORE_OK);
	assert_int_equal(prev, r1);

	assert_int_equal(store_run_end(st, r4, "bogus"), STORE_ERR_INTERNAL);
	assert_int_equal(store_run_end(st, r4 + 100, "ok"), STORE_ERR_NOTFOUND);
	assert_int_equal(store_run_end(st, r4, "interrupted"), STORE_OK);
	store_close(st);
}

/* A finding id as make_id() defines it: SHA-256(kind '\0' path '\0' key), 8 bytes in hex. */
static void expect_id(const struct finding *fd, const char *kind, const char *path,
		      const char *key)
{
	struct sha256 c;
	uint8_t dg[32];
	char hex[17];

	sha256_init(&c);
	sha256_update(&c, kind, strlen(kind) + 1);
	sha256_update(&c, path, strlen(path) + 1);
	sha256_update(&c, key, strlen(key));
	sha256_final(&c, dg);
	sha256_hex(dg, 8, hex);
	assert_string_equal(fd->id, hex);
}

/*
 * Finding ids reuse the hash of the kind and path of the one before
 * (make_id()): every id is still that of its own kind, path and key,
 * whatever came before it, for paths and kinds too long to keep too.
 */
static void test_finding_ids(void **state)
{
	static const char *const kinds[] = { "dangling-callout", "note-gap" };
	struct strbuf longp = STRBUF_INIT, longk = STRBUF_INIT;
	const char *paths[3];
	struct findings f;
	struct doc *d[3];
	size_t i, n = 0;
	char key[16];

	(void)state;
	strbuf_addstr(&longp, "/a/long/path/of/some/depth");
	while (longp.len < 700)
		strbuf_addstr(&longp, "/deeper");
	strbuf_addstr(&longp, ".txt");
	strbuf_addstr(&longk, "kind");
	while (longk.len < 100)
		strbuf_addstr(&longk, "-longer");
	paths[0] = "/tmp/pipe2-bench/corpus-small-s1/text/doc000004.txt";
	paths[1] = "/tmp/pipe2-bench/corpus-small-s1/text/doc000005.txt";
	paths[2] = longp.buf;
	for (i = 0; i < 3; i++)
		d[i] = parse(paths[i], three_paras);
	findings_init(&f);
	/* runs of one kind and path, then changes of either, and back */
	for (i = 0; i < 24; i++) {
		size_t p = (i / 3) % 3, k = (i / 2) % 2;
		const char *kind = i % 7 == 6 ? longk.buf : kinds[k];
		snprintf(key, sizeof(key), "key%zu", i);
		findings_add(&f, "refs", kind, SEV_ERROR, d[p], 0, 3, key, "m");
		expect_id(&f.v[n++], kind, paths[p], key);
	}
	/* no document: the path hashed as empty; the quote when there is no key */
	findings_add(&f, "links", kinds[0], SEV_INFO, NULL, 0, 0, "u", "corpus-wide");
	expect_id(&f.v[n++], kinds[0], "", "u");
	findings_add(&f, "refs", kinds[0], SEV_ERROR, d[0], 4, 9, NULL, "m");
	expect_id(&f.v[n++], kinds[0], paths[0], "first");
	findings_release(&f);
	for (i = 0; i < 3; i++)
		doc_free(d[i]);
	strbuf_release(&longp);
	strbuf_release(&longk);
}

static void test_findings_roundtrip(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("paper.txt", three_paras);
	struct findings f, g, got;
	struct finding *fd;
	int64_t run;

	findings_init(&f);
	findings_init(&g);
	findings_init(&got);
	assert_int_equal(store_run_begin(st, "check", &run), STORE_OK);
	fd = findings_add(&f, "refs", "dangling-callout", SEV_ERROR, d, 4, 9, NULL,
			  "callout \"%s\" has no entry", "first");
	finding_set_suggestion(fd, "add entry 3", 11);
	finding_add_related(fd, d, 0, 3, "the \"other\" side");
	finding_add_related_loc(fd, NULL, 7, 2, NULL, NULL);
	findings_add(&f, "refs", "note-gap", SEV_WARNING, d, 0, 0, "k", "notes skip from 2 to 4");
	findings_add(&g, "links", "link-broken", SEV_INFO, NULL, 0, 0, "u", "corpus-wide");

	assert_int_equal(store_findings_put(st, run, "refs", &f), STORE_OK);
	assert_int_equal(store_findings_put(st, run, "links", &g), STORE_OK);
	assert_int_equal(store_findings_get(st, run, "refs", &got), STORE_OK);
	assert_int_equal(got.nr, 2);
	fd = &got.v[0];
	assert_string_equal(fd->id, f.v[0].id);
	assert_string_equal(fd->kind, "dangling-callout");
	assert_string_equal(fd->stage, "refs");
	assert_int_equal(fd->severity, SEV_ERROR);
	assert_string_equal(fd->doc, "paper.txt");
	assert_int_equal(fd->line, f.v[0].line);
	assert_int_equal(fd->col, f.v[0].col);
	assert_int_equal(fd->src_start, f.v[0].src_start);
	assert_int_equal(fd->src_end, f.v[0].src_end);
	assert_string_equal(fd->quote, "first");
	assert_string_equal(fd->message, "callout \"first\" has no entry");
	assert_string_equal(fd->suggestion, "add entry 3");
	assert_int_equal(fd->nr_related, 2);
	assert_string_equal(fd->related[0].doc, "paper.txt");
	assert_string_equal(fd->related[0].quote, "The");
	assert_string_equal(fd->related[0].note, "the \"other\" side");
	assert_int_equal(fd->related[0].line, 1);
	assert_null(fd->related[1].doc);
	assert_null(fd->related[1].quote);
	assert_int_equal(fd->related[1].line, 7);
	assert_int_equal(fd->related[1].col, 2);
	assert_int_equal(got.v[1].severity, SEV_WARNING);
	assert_null(got.v[1].suggestion);
	assert_int_equal(got.v[1].nr_related, 0);
	findings_release(&got);

	/* every stage */
	assert_int_equal(store_findings_get(st, run, NULL, &got), STORE_OK);
	assert_int_equal(got.nr, 3);
	assert_null(got.v[2].doc);
	findings_release(&got);

	/* putting a stage again replaces it, and only it */
	findings_release(&f);
	findings_add(&f, "refs", "note-gap", SEV_WARNING, d, 0, 0, "k", "notes skip from 2 to 4");
	assert_int_equal(store_findings_put(st, run, "refs", &f), STORE_OK);
	assert_int_equal(store_findings_get(st, run, NULL, &got), STORE_OK);
	assert_int_equal(got.nr, 2);
	findings_release(&got);
	assert_int_equal(store_findings_get(st, run + 1, NULL, &got), STORE_OK);
	assert_int_equal(got.nr, 0);

	findings_release(&f);
	findings_release(&g);
	doc_free(d);
	store_close(st);
}

/*
 * The previous run against the current findings: a finding still
 * reported comes as a stub (no text, no related locations), a fixed one
 * in full.
 */
static void test_findings_get_since(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("paper.txt", three_paras);
	struct findings prev, cur, got;
	struct finding *fd;
	int64_t run;

	findings_init(&prev);
	findings_init(&cur);
	findings_init(&got);
	assert_int_equal(store_run_begin(st, "check", &run), STORE_OK);
	fd = findings_add(&prev, "refs", "dangling-callout", SEV_ERROR, d, 4, 9, "a", "still here");
	finding_add_related(fd, d, 0, 3, "other side");
	fd = findings_add(&prev, "refs", "note-gap", SEV_WARNING, d, 0, 3, "b", "fixed since");
	finding_add_related(fd, d, 0, 3, "other side");
	assert_int_equal(store_findings_put(st, run, "refs", &prev), STORE_OK);
	/* this run: the first again (same id), the second gone, a new one */
	findings_add(&cur, "refs", "dangling-callout", SEV_ERROR, d, 4, 9, "a", "still here");
	findings_add(&cur, "refs", "uncited-entry", SEV_INFO, d, 0, 3, "c", "new now");

	assert_int_equal(store_findings_get_since(st, run, &cur, &got), STORE_OK);
	assert_int_equal(got.nr, 2);
	assert_string_equal(got.v[0].id, cur.v[0].id);
	assert_string_equal(got.v[0].kind, "dangling-callout");
	assert_int_equal(got.v[0].severity, SEV_ERROR);
	assert_null(got.v[0].doc);
	assert_null(got.v[0].quote);
	assert_int_equal(got.v[0].nr_related, 0);
	assert_string_equal(got.v[1].id, prev.v[1].id);
	assert_string_equal(got.v[1].message, "fixed since");
	assert_string_equal(got.v[1].doc, "paper.txt");
	assert_int_equal(got.v[1].nr_related, 1);
	findings_release(&got);

	/* nothing to compare with: every finding in full */
	assert_int_equal(store_findings_get_since(st, run, NULL, &got), STORE_OK);
	assert_int_equal(got.nr, 2);
	assert_string_equal(got.v[0].message, "still here");
	assert_int_equal(got.v[0].nr_related, 1);

	findings_release(&got);
	findings_release(&prev);
	findings_release(&cur);
	doc_free(d);
	store_close(st);
}

static void test_nested_transactions(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *a = parse("a.txt", "Alpha.\n"), *b = parse("b.txt", "Beta.\n");
	int64_t run;

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, a, NULL), STORE_OK);
	assert_int_equal(store_rollback(st), STORE_OK);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 0);

	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, a, NULL), STORE_OK);
	assert_int_equal(store_doc_put(st, run, b, NULL), STORE_OK);
	assert_int_equal(store_commit(st), STORE_OK);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 2);
	assert_int_equal(store_commit(st), STORE_ERR_INTERNAL);         /* nothing open */

	/* a transaction left open is rolled back by store_close() */
	assert_int_equal(store_begin(st), STORE_OK);
	sql_exec(st, "DELETE FROM documents");
	store_close(st);
	st = open_store(fx->db);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 2);

	doc_free(a);
	doc_free(b);
	store_close(st);
}

/*
 * A writer that is SIGKILLed in the middle of writing documents leaves
 * a store where every document is whole, and the next run closes its
 * run as interrupted.
 */
static void test_sigkill_leaves_store_consistent(void **state)
{
	struct fixture *fx = *state;
	struct store *st;
	int pfd[2], status = 0;
	pid_t pid;
	char c, *s;
	sqlite3_stmt *q = NULL;
	int64_t run, ndocs;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *cst = NULL;
		struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
		int64_t crun = 0;
		int i, j;
		close(pfd[0]);
		if (store_open(fx->db, &cst, NULL) || store_run_begin(cst, "scan", &crun))
			_exit(1);
		for (i = 0; i < 100000; i++) {
			struct doc *d = NULL;
			strbuf_reset(&text);
			strbuf_reset(&path);
			strbuf_addf(&path, "doc%05d.txt", i % 500);
			for (j = 0; j < 40 + i % 7; j++)
				strbuf_addf(&text, "Paragraph %d of document %d, pass %d.\n\n", j, i % 500, i);
			if (doc_parse(path.buf, text.buf, text.len, NULL, &d, NULL) ||
			    store_doc_put(cst, crun, d, NULL))
				_exit(1);
			doc_free(d);
			if (i == 50 && write(pfd[1], "x", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(pfd[1]);
	/* wait until the child is well into its loop, then kill it mid-write */
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));

	st = open_store(fx->db);
	s = sql_text(st, "PRAGMA integrity_check");
	assert_string_equal(s, "ok");
	free(s);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	ndocs = sql_int(st, "SELECT count(*) FROM documents");
	assert_true(ndocs >= 50);
	/* each stored document is complete: its rows match its counts */
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st),
		"SELECT d.blocks, d.paragraphs + d.note_blocks, "
		"(SELECT count(*) FROM blocks b WHERE b.doc = d.id), "
		"d.furniture, (SELECT count(*) FROM furniture f WHERE f.doc = d.id), "
		"d.links, (SELECT count(*) FROM doc_links l WHERE l.doc = d.id) FROM documents d",
		-1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t nb = sqlite3_column_int64(q, 0);
		assert_true(nb + sqlite3_column_int64(q, 3) > 0);
		assert_int_equal(nb, sqlite3_column_int64(q, 1));
		assert_int_equal(nb, sqlite3_column_int64(q, 2));
		assert_int_equal(sqlite3_column_int64(q, 3), sqlite3_column_int64(q, 4));
		assert_int_equal(sqlite3_column_int64(q, 5), sqlite3_column_int64(q, 6));
	}
	sqlite3_finalize(q);

	/* the next run picks up: the killed run is closed as interrupted */
	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	s = sql_text(st, "SELECT status FROM runs WHERE id = 1");
	assert_string_equal(s, "interrupted");
	free(s);
	assert_non_null(s = sql_text(st, "SELECT ended_at FROM runs WHERE id = 1"));
	free(s);
	store_close(st);
}

static void test_reader_while_writer(void **state)
{
	struct fixture *fx = *state;
	struct store *w = open_store(fx->db), *rd = NULL;
	struct doc *a = parse("a.txt", "Alpha.\n"), *b = parse("b.txt", "Beta.\n");
	struct store_doc_info *v = NULL;
	size_t nr = 0;
	int64_t run;

	assert_int_equal(store_run_begin(w, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(w, run, a, NULL), STORE_OK);
	assert_int_equal(store_open_readonly(fx->db, &rd, NULL), STORE_OK);

	assert_int_equal(store_begin(w), STORE_OK);
	assert_int_equal(store_doc_put(w, run, b, NULL), STORE_OK);
	/* the writer holds its transaction open: the reader sees the last commit */
	assert_int_equal(store_docs_list(rd, &v, &nr), STORE_OK);
	assert_int_equal(nr, 1);
	assert_string_equal(v[0].path, "a.txt");
	store_doc_info_free(v, nr);
	assert_int_equal(store_commit(w), STORE_OK);
	assert_int_equal(store_docs_list(rd, &v, &nr), STORE_OK);
	assert_int_equal(nr, 2);
	store_doc_info_free(v, nr);

	/* the reader cannot write */
	assert_int_equal(store_run_begin(rd, "scan", &run), STORE_ERR_IO);

	doc_free(a);
	doc_free(b);
	store_close(rd);
	store_close(w);
}

static void test_second_writer_busy(void **state)
{
	struct fixture *fx = *state;
	struct store *a = open_store(fx->db), *b = open_store(fx->db);
	int64_t run;

	assert_int_equal(store_begin(a), STORE_OK);
	/* shorten the wait: this test is about the result, not the timeout */
	sqlite3_busy_timeout(store_sqlite(b), 20);
	assert_int_equal(store_run_begin(b, "scan", &run), STORE_ERR_BUSY);
	assert_non_null(strstr(store_errmsg(b), "locked"));
	assert_int_equal(store_commit(a), STORE_OK);
	assert_int_equal(store_run_begin(b, "scan", &run), STORE_OK);
	store_close(a);
	store_close(b);
}

static void test_migrate_from_version_0(void **state)
{
	struct fixture *fx = *state;
	struct store *st;

	/* an empty database already marked as ours, at version 0 */
	raw_exec(fx->db, "PRAGMA application_id = 1347571542");
	st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_master WHERE name = 'documents'"), 1);
	store_close(st);
}

/* Appends the whole of the file at path to sb. */
static void read_fixture(const char *path, struct strbuf *sb)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		fail_msg("cannot read '%s'", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	fclose(f);
}

/* The rows of a version 5 store: two documents with refs and claims, one group of a run. */
static const char v5_rows[] =
	"INSERT INTO runs (id, command, started_at, version) "
	"	VALUES (1, 'check', '2026-01-01T00:00:00Z', '0.1.0');"
	"INSERT INTO documents (id, path, format, size, sha256, parser_version, lines, pages,"
	"	blocks, paragraphs, furniture, note_blocks, links, parsed_at) VALUES"
	"	(4, 'a.txt', 'text', 10, 'aa', 2, 9, 1, 3, 3, 0, 0, 0, '2026-01-01T00:00:00Z'),"
	"	(9, 'b.txt', 'text', 10, 'bb', 2, 9, 1, 3, 3, 0, 0, 0, '2026-01-01T00:00:00Z');"
	"INSERT INTO callouts (id, doc, line, col, src_start, src_end, text, scheme, targets)"
	"	VALUES (21, 4, 3, 9, 40, 43, '[2]', 'bracket', '[2]'),"
	"	(20, 4, 2, 5, 10, 13, '[1]', 'bracket', '[1]'),"
	"	(22, 9, 1, 7, 6, 9, '[1]', 'bracket', '[1]');"
	"INSERT INTO entries (id, doc, number, line, col, src_start, src_end, kind, raw) VALUES"
	"	(5, 4, 1, 7, 1, 80, 120, 'reference', 'Moreau, Navies, 2011.'),"
	"	(6, 4, 2, 8, 1, 121, 160, 'reference', 'Olsen, Signals, 2004.');"
	"INSERT INTO notes (id, doc, label, kind, line, col, src_start, src_end, text) VALUES"
	"	(3, 9, '1', 'footnote', 5, 1, 50, 70, 'Brandt, Harbours, 2019.'),"
	"	(7, 4, '1', 'endnote', 9, 1, 161, 190, 'The author thanks the staff.');"
	"INSERT INTO claims (id, doc, line, col, src_start, src_end, entity, attribute, value,"
	"	quote, sources, name, predicate, claim_key) VALUES"
	"	(30, 4, 3, 20, 50, 60, 'decree 41', 'adopted', '2016-06-07', 'Decree 41 ...',"
	"		'[{\"label\":\"2: Olsen, Signals, 2004.\"}]', 'Decree 41', 'dated', 'id:decree:41'),"
	"	(31, 9, 1, 20, 12, 16, 'decree 41', 'adopted', '2016-06-08', 'Decree 41 ...',"
	"		NULL, 'Decree 41', 'dated', 'id:decree:41');"
	"INSERT INTO claim_groups (run, idx, entity, attribute, status, reason, claims)"
	"	VALUES (1, 0, 'Decree 41', 'adopted', 'conflict', 'two dates', 2);"
	"INSERT INTO claim_group_members (run, grp, idx, claim, doc, line, col, value) VALUES"
	"	(1, 0, 0, 30, 'a.txt', 3, 20, '2016-06-07'),"
	"	(1, 0, 1, 31, 'b.txt', 1, 20, '2016-06-08');";

/* A store written by version 5 (tests/fixtures/store/schema-v5.sql) keeps every row in 6. */
static void test_migrate_v5_rows(void **state)
{
	struct fixture *fx = *state;
	struct strbuf sql = STRBUF_INIT;
	struct store *st;
	char *t;

	read_fixture("tests/fixtures/store/schema-v5.sql", &sql);
	raw_exec(fx->db, sql.buf);
	raw_exec(fx->db, v5_rows);
	st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), 6);

	/* the indexes no query used are gone, and so are the doc indexes of the refs tables */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_master WHERE name IN "
				 "('claims_by_entity', 'claims_by_key', 'callouts_by_doc', "
				 "'entries_by_doc', 'notes_by_doc')"), 0);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_temp_master"), 0);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_master WHERE name = "
				 "'claims_by_doc'"), 1);

	/* every row kept, numbered per document in the order of the old ids */
	t = sql_text(st, "SELECT group_concat(doc || ':' || idx || ':' || text || ':' || line, ' ') "
		     "FROM (SELECT * FROM callouts ORDER BY doc, idx)");
	assert_string_equal(t, "4:0:[1]:2 4:1:[2]:3 9:0:[1]:1");
	free(t);
	t = sql_text(st, "SELECT group_concat(doc || ':' || idx || ':' || number || ':' || raw, ' ') "
		     "FROM (SELECT * FROM entries ORDER BY doc, idx)");
	assert_string_equal(t, "4:0:1:Moreau, Navies, 2011. 4:1:2:Olsen, Signals, 2004.");
	free(t);
	/* notes after the entries of their document: one numbering for both */
	t = sql_text(st, "SELECT group_concat(doc || ':' || idx || ':' || kind || ':' || text, ' ') "
		     "FROM (SELECT * FROM notes ORDER BY doc, idx)");
	assert_string_equal(t, "4:2:endnote:The author thanks the staff. "
			    "9:0:footnote:Brandt, Harbours, 2019.");
	free(t);
	t = sql_text(st, "SELECT group_concat(id || ':' || sources, ' ') FROM claims");
	assert_string_equal(t, "30:[{\"label\":\"2: Olsen, Signals, 2004.\"}]");
	free(t);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claim_group_members m "
				 "JOIN claims c ON c.id = m.claim"), 2);
	assert_int_equal(sql_int(st, "PRAGMA foreign_key_check"), -1);

	/* a document deleted takes its rows along, its claims' members keep their history */
	sql_exec(st, "DELETE FROM documents WHERE path = 'a.txt'");
	assert_int_equal(sql_int(st, "SELECT count(*) FROM callouts"), 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM entries"), 0);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM notes"), 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims"), 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claim_group_members "
				 "WHERE claim IS NULL AND doc = 'a.txt'"), 1);
	store_close(st);
	strbuf_release(&sql);
}

/*
 * The schema of st as sqlite_master says it, one object a line ordered by
 * name, white space normalised: none around ( ) and , and one blank for
 * any run of others (ALTER TABLE ADD COLUMN writes ", col TYPE" where a
 * new table has ",\n\tcol TYPE").
 */
static void schema_of(struct store *st, struct strbuf *sb)
{
	sqlite3_stmt *s = NULL;
	int i;

	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st),
					    "SELECT type, name, tbl_name, sql FROM sqlite_master "
					    "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name",
					    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (i = 0; i < 4; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);
			int blank = 0;
			for (; t && *t; t++) {
				if (*t == ' ' || *t == '\t' || *t == '\n') {
					blank = 1;
					continue;
				}
				if (blank && !strchr("(),", *t) && sb->len &&
				    !strchr("(),|", sb->buf[sb->len - 1]))
					strbuf_addch(sb, ' ');
				blank = 0;
				strbuf_addch(sb, *t);
			}
			strbuf_addch(sb, i < 3 ? '|' : '\n');
		}
	}
	sqlite3_finalize(s);
}

/*
 * A new store is created at the latest schema at once, not through the
 * migrations: it must come out as a store upgraded from the oldest
 * fixture does, object for object.
 */
static void test_new_store_same_schema_as_upgraded(void **state)
{
	struct fixture *fx = *state;
	struct strbuf sql = STRBUF_INIT, upgraded = STRBUF_INIT, fresh = STRBUF_INIT;
	char path[160];
	struct store *st;

	read_fixture("tests/fixtures/store/schema-v5.sql", &sql);
	raw_exec(fx->db, sql.buf);
	st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	schema_of(st, &upgraded);
	store_close(st);

	snprintf(path, sizeof(path), "%s/fresh.db", fx->dir);
	st = open_store(path);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "PRAGMA application_id"), STORE_APPLICATION_ID);
	schema_of(st, &fresh);
	store_close(st);

	/* the documents table (added columns) among them, so the two are not both empty */
	assert_non_null(strstr(fresh.buf, "parsed_at TEXT NOT NULL,stat_size INTEGER,"));
	assert_string_equal(fresh.buf, upgraded.buf);
	strbuf_release(&sql);
	strbuf_release(&upgraded);
	strbuf_release(&fresh);
}

/* store_rows(): row i as (i, "row<i>"), the text from one buffer, valid until the next row */
struct rows_ctx {
	char text[24];
	size_t fail_at;         /* this row is refused; SIZE_MAX: none */
};

static int fill_test_row(struct store_cell *cells, size_t i, void *ctx)
{
	struct rows_ctx *rc = ctx;
	int n;

	if (i == rc->fail_at)
		return 1;
	n = snprintf(rc->text, sizeof(rc->text), "row%zu", i);
	store_cell_int(&cells[0], (int64_t)i);
	store_cell_mem(&cells[1], rc->text, (size_t)n);
	return 0;
}

static const char head_test_rows[] = "INSERT INTO test_rows (a, b)";

/* Several rows per INSERT: every count, in order, each row's own values. */
static void test_rows_batched(void **state)
{
	static const size_t counts[] = { 0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 100 };
	static char heads[STORE_ROWS_HEADS + 1][40];
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct rows_ctx rc;
	size_t i, k;

	rc.fail_at = SIZE_MAX;
	sql_exec(st, "CREATE TABLE test_rows (a INTEGER NOT NULL, b TEXT NOT NULL)");
	for (k = 0; k < ARRAY_SIZE(counts); k++) {
		int64_t bad;
		sql_exec(st, "DELETE FROM test_rows");
		assert_int_equal(store_begin(st), STORE_OK);
		assert_int_equal(store_rows(st, head_test_rows, 2, counts[k], fill_test_row, &rc),
				 STORE_OK);
		assert_int_equal(store_commit(st), STORE_OK);
		assert_int_equal(sql_int(st, "SELECT count(*) FROM test_rows"), (int64_t)counts[k]);
		/* inserted in order (rowids follow i), and each b its own row's */
		bad = sql_int(st, "SELECT count(*) FROM test_rows WHERE a != rowid - "
			      "(SELECT min(rowid) FROM test_rows) OR b != 'row' || a");
		assert_int_equal(bad, 0);
	}

	/* a failed bind fails the whole, and the transaction rolls back */
	sql_exec(st, "DELETE FROM test_rows");
	rc.fail_at = 20;
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_rows(st, head_test_rows, 2, 40, fill_test_row, &rc),
			 STORE_ERR_INTERNAL);
	assert_int_equal(store_rollback(st), STORE_OK);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM test_rows"), 0);
	rc.fail_at = SIZE_MAX;

	/* column counts outside 1 .. STORE_ROWS_COLS_MAX are refused */
	assert_int_equal(store_rows(st, head_test_rows, 0, 1, fill_test_row, &rc),
			 STORE_ERR_INTERNAL);
	assert_int_equal(store_rows(st, head_test_rows, STORE_ROWS_COLS_MAX + 1, 1, fill_test_row,
				    &rc), STORE_ERR_INTERNAL);

	/* at most STORE_ROWS_HEADS tables (this one among them) */
	assert_int_equal(store_begin(st), STORE_OK);
	for (i = 0; i + 1 < STORE_ROWS_HEADS; i++) {
		snprintf(heads[i], sizeof(heads[i]), "INSERT INTO test_rows (a, b)");
		assert_int_equal(store_rows(st, heads[i], 2, 1, fill_test_row, &rc), STORE_OK);
	}
	snprintf(heads[i], sizeof(heads[i]), "INSERT INTO test_rows (a, b)");
	assert_int_equal(store_rows(st, heads[i], 2, 1, fill_test_row, &rc), STORE_ERR_INTERNAL);
	assert_int_equal(store_rollback(st), STORE_OK);
	store_close(st);
}

/* store_rows()'s cells: NULL, integers, empty and non-NUL-terminated text keep their types */
static int fill_typed_row(struct store_cell *cells, size_t i, void *ctx)
{
	static const char word[] = "alphabet";

	(void)ctx;
	store_cell_int(&cells[0], i ? INT64_MIN : INT64_MAX);
	if (i % 2)
		store_cell_null(&cells[1]);
	else
		store_cell_mem(&cells[1], word, 0);     /* '' and not NULL */
	store_cell_mem(&cells[2], word, 5);             /* "alpha": n bytes, not up to the NUL */
	store_cell_str(&cells[3], i ? NULL : word);
	return 0;
}

static const char head_typed_rows[] = "INSERT INTO typed_rows (a, b, c, d)";

static void test_rows_cells(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);

	/* statement journals in memory (2: MEMORY), not in temporary files */
	assert_int_equal(sql_int(st, "PRAGMA temp_store"), 2);
	sql_exec(st, "CREATE TABLE typed_rows (a, b, c, d)");
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_rows(st, head_typed_rows, 4, 2, fill_typed_row, NULL), STORE_OK);
	assert_int_equal(store_commit(st), STORE_OK);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM typed_rows WHERE rowid = 1 AND "
				 "a = 9223372036854775807 AND typeof(b) = 'text' AND b = '' AND "
				 "c = 'alpha' AND d = 'alphabet'"), 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM typed_rows WHERE rowid = 2 AND "
				 "a = -9223372036854775808 AND b IS NULL AND c = 'alpha' AND "
				 "d IS NULL"), 1);
	/* the rows' table serves store_rows() only: it needs its source, and no view of the store reads it */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM provcheck_rows(NULL)"), 0);
	assert_int_not_equal(sqlite3_exec(store_sqlite(st), "SELECT c0 FROM provcheck_rows", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(store_sqlite(st), "CREATE VIEW rows_view AS "
				      "SELECT c0 FROM provcheck_rows(NULL)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_sqlite(st), "SELECT * FROM rows_view", NULL, NULL,
					  NULL), SQLITE_OK);
	store_close(st);
}

/*
 * store_doc_take_new(): the row a put inserted where none was, inside
 * the transaction still open, once per part; not after a replacement, a
 * commit that closed the transaction, or a rollback.
 */
static void test_doc_take_new(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("notes/rivers.txt", three_paras);
	struct doc *e = parse("notes/bridges.txt", three_paras);
	struct doc *k = parse("notes/kept.txt", three_paras);
	int64_t run = 0, id = 0, id2 = 0;

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	/* alone in its transaction: committed at once, nothing to say */
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_REFS));

	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, e, &id2), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_REFS));
	assert_false(store_doc_take_new(st, 0, STORE_DOC_REFS));
	assert_true(store_doc_take_new(st, id2, STORE_DOC_REFS));
	/* once per part */
	assert_false(store_doc_take_new(st, id2, STORE_DOC_REFS));
	/* a savepoint inside it, released: still the same transaction */
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_commit(st), STORE_OK);
	assert_true(store_doc_take_new(st, id2, STORE_DOC_CLAIMS));
	assert_false(store_doc_take_new(st, id2, STORE_DOC_CLAIMS));
	/* a replaced row is not new, even in the same transaction */
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_REFS));
	assert_false(store_doc_take_new(st, id, STORE_DOC_CLAIMS));
	assert_int_equal(store_commit(st), STORE_OK);

	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, k, &id), STORE_OK);
	assert_int_equal(store_commit(st), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_REFS));

	/* a rollback forgets it: the row is gone */
	sql_exec(st, "DELETE FROM documents WHERE path = 'notes/kept.txt'");
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, k, &id), STORE_OK);
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_rollback(st), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_REFS));
	assert_int_equal(store_rollback(st), STORE_OK);
	assert_false(store_doc_take_new(st, id, STORE_DOC_CLAIMS));

	doc_free(d);
	doc_free(e);
	doc_free(k);
	store_close(st);
}

/* 19 claims in one document: a decree per paragraph, each dated. */
static void claims_text(struct strbuf *sb)
{
	/* other words in every line: alike lines would be running headers */
	static const char *const what[] = {
		"rivers", "bridges", "cranes", "ferries", "tides", "quays", "pilots",
		"lighthouses", "dredgers", "harbours", "customs", "tariffs", "storms", "charts",
		"buoys", "moorings", "docks", "canals", "sluices",
	};
	size_t k;

	strbuf_addstr(sb, "Harbour decrees\n\n");
	for (k = 0; k < ARRAY_SIZE(what); k++)
		strbuf_addf(sb, "Decree No. %zu-ND/CP, dated June %zu, %zu, set the rules for %s.\n\n",
			    k + 1, k + 1, 1990 + k, what[k]);
}

/* Each claim's row is its own: the id it was given holds its line and value. */
static void expect_claim_rows(struct store *st, const struct claim_set *set, int64_t doc_id)
{
	char sql[200];
	size_t i;

	assert_int_equal(sql_int(st, "SELECT count(DISTINCT id) FROM claims WHERE doc = "
				 "(SELECT max(doc) FROM claims)"), (int64_t)set->nr_claims);
	for (i = 0; i < set->nr_claims; i++) {
		const struct claim *c = &set->claims[i];
		/* positive: SQLite's own ids past INT64_MAX are, ids that wrapped are not */
		assert_true(c->row > 0);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM claims WHERE id = %lld AND "
			 "doc = %lld AND line = %zu AND value = '%s'", (long long)c->row,
			 (long long)doc_id, c->line, c->value);
		assert_int_equal(sql_int(st, sql), 1);
	}
}

/*
 * A document's claims go several to an INSERT with the ids SQLite
 * would give them one by one (max(id) + 1 on); near INT64_MAX, where
 * SQLite picks ids at random, one by one as before.
 */
static void test_claims_ids(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct strbuf text = STRBUF_INIT;
	struct claim_set set;
	struct doc *d, *k = parse("notes/kept.txt", three_paras);
	int64_t run = 0, id = 0, other = 0;
	size_t i;

	claims_text(&text);
	d = parse("decrees.txt", text.buf);
	claims_init(&set, 0.8, NULL);
	assert_int_equal(claims_add_doc(&set, d, NULL, NULL, 0), CLAIMS_OK);
	assert_int_equal(set.nr_claims, 19);
	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, k, &other), STORE_OK);
	/* rows of another document first: ids go on from theirs */
	sql_exec(st, "INSERT INTO claims (id, doc, line, col, src_start, src_end, entity, "
		 "attribute, value, quote) VALUES (41, (SELECT max(id) FROM documents), 1, 1, 0, 1, "
		 "'x', 'adopted', '2000', 'x')");
	assert_int_equal(store_begin(st), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, &id), STORE_OK);
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	for (i = 0; i < set.nr_claims; i++)
		assert_int_equal(set.claims[i].row, 42 + (int64_t)i);
	expect_claim_rows(st, &set, id);
	/* again in the same transaction: a new row's claims are replaced too */
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	assert_int_equal(store_commit(st), STORE_OK);
	for (i = 0; i < set.nr_claims; i++)
		assert_int_equal(set.claims[i].row, 42 + (int64_t)i);
	expect_claim_rows(st, &set, id);
	/* stored again (not a new row): replaced, the same ids */
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	assert_int_equal(set.claims[0].row, 42);
	expect_claim_rows(st, &set, id);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims"), 20);

	/* the largest id taken: every claim still gets a row of its own */
	sql_exec(st, "UPDATE claims SET id = 9223372036854775807 WHERE id = 41");
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	expect_claim_rows(st, &set, id);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims"), 20);
	/* room for fewer than 19 more: one by one too */
	sql_exec(st, "UPDATE claims SET id = 9223372036854775807 - 18 "
		 "WHERE id = 9223372036854775807");
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	expect_claim_rows(st, &set, id);
	/* room for exactly 19: batched, up to the largest id */
	sql_exec(st, "UPDATE claims SET id = 9223372036854775807 - 19 WHERE doc = "
		 "(SELECT min(doc) FROM claims)");
	assert_int_equal(claims_store_doc(&set, 0, NULL, st, id), STORE_OK);
	assert_int_equal(set.claims[18].row, INT64_MAX);
	expect_claim_rows(st, &set, id);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims"), 20);

	claims_release(&set);
	doc_free(d);
	doc_free(k);
	strbuf_release(&text);
	store_close(st);
}

static const char *const v2_sql[] = {
	"CREATE TABLE test_extra (x TEXT);"
	"ALTER TABLE documents ADD COLUMN test_note TEXT",
	NULL
};
static const struct store_migration v2[] = { { STORE_SCHEMA_VERSION + 1, v2_sql } };

static const char *const bad_sql[] = {
	"CREATE TABLE test_half (x TEXT)",
	"THIS IS NOT SQL",
	NULL
};
static const struct store_migration bad[] = { { STORE_SCHEMA_VERSION + 1, bad_sql } };

static void test_migrate_forward_and_newer(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("a.txt", three_paras);
	struct strbuf msg = STRBUF_INIT;
	int64_t run;

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, NULL), STORE_OK);
	store_close(st);

	/* a migration that fails leaves the store as it was */
	st = NULL;
	assert_int_equal(store_open_migrations(fx->db, bad, 1, &st, &msg), STORE_ERR_INTERNAL);
	assert_null(st);
	assert_non_null(strstr(msg.buf, "cannot upgrade"));
	strbuf_reset(&msg);
	st = open_store(fx->db);
	assert_int_equal(sql_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM sqlite_master WHERE name = 'test_half'"), 0);
	store_close(st);

	/* a newer provcheck migrates forward, keeping the data */
	assert_int_equal(store_open_migrations(fx->db, v2, 1, &st, &msg), STORE_OK);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION + 1);
	assert_int_equal(sql_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM test_extra"), 0);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents WHERE test_note IS NULL"), 1);
	store_close(st);

	/* then this provcheck refuses it, for writing and for reading */
	st = NULL;
	assert_int_equal(store_open(fx->db, &st, &msg), STORE_ERR_NEWER);
	assert_null(st);
	assert_non_null(strstr(msg.buf, "upgrade provcheck"));
	strbuf_reset(&msg);
	assert_int_equal(store_open_readonly(fx->db, &st, &msg), STORE_ERR_NEWER);
	assert_null(st);

	strbuf_release(&msg);
	doc_free(d);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(fp);
	return strbuf_detach(&sb, len);
}

static int exists(const char *dir, const char *name)
{
	char p[160];
	struct stat sb;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &sb) == 0;
}

static void test_not_a_store(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	struct strbuf msg = STRBUF_INIT;
	char *before, *after;
	size_t blen, alen;
	FILE *fp;
	int i;

	/* a text file given as the store is refused and left alone */
	fp = fopen(fx->db, "w");
	assert_non_null(fp);
	for (i = 0; i < 40; i++)
		fprintf(fp, "Line %d of a document that is certainly not a database.\n", i);
	fclose(fp);
	before = slurp(fx->db, &blen);
	assert_int_equal(store_open(fx->db, &st, &msg), STORE_ERR_NOTDB);
	assert_null(st);
	assert_non_null(strstr(msg.buf, "not an sqlite database"));
	assert_int_equal(store_open_readonly(fx->db, &st, NULL), STORE_ERR_NOTDB);
	after = slurp(fx->db, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	assert_false(exists(fx->dir, "test.db-wal"));
	assert_false(exists(fx->dir, "test.db-journal"));
	free(before);
	free(after);
	unlink(fx->db);

	/* somebody else's SQLite database is not clobbered */
	raw_exec(fx->db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
	before = slurp(fx->db, &blen);
	strbuf_reset(&msg);
	assert_int_equal(store_open(fx->db, &st, &msg), STORE_ERR_NOTDB);
	assert_non_null(strstr(msg.buf, "not a provcheck store"));
	after = slurp(fx->db, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	free(before);
	free(after);
	unlink(fx->db);

	/* nor one marked by another application, even empty */
	raw_exec(fx->db, "PRAGMA application_id = 42");
	assert_int_equal(store_open(fx->db, &st, NULL), STORE_ERR_NOTDB);
	unlink(fx->db);

	strbuf_release(&msg);
}

static void test_readonly_open_errors(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	struct strbuf msg = STRBUF_INIT;

	assert_int_equal(store_open_readonly(fx->db, &st, &msg), STORE_ERR_OPEN);
	assert_string_equal(msg.buf, "no such file");
	assert_false(exists(fx->dir, "test.db"));       /* not created */

	raw_exec(fx->db, "PRAGMA application_id = 1347571542");
	strbuf_reset(&msg);
	assert_int_equal(store_open_readonly(fx->db, &st, &msg), STORE_ERR_OLDER);
	assert_non_null(strstr(msg.buf, "upgrade"));
	strbuf_release(&msg);
}

static void test_open_in_missing_dir(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	struct strbuf msg = STRBUF_INIT;
	char p[160];

	snprintf(p, sizeof(p), "%s/no/such/dir/x.db", fx->dir);
	assert_int_equal(store_open(p, &st, &msg), STORE_ERR_OPEN);
	assert_null(st);
	assert_string_equal(msg.buf, "no such file");
	strbuf_release(&msg);
}

/* What a reader and a writer get from a store in a directory they cannot write. */
static int readonly_dir_checks(const char *db)
{
	struct store *st = NULL;
	struct store_doc_info *v = NULL;
	struct strbuf msg = STRBUF_INIT;
	size_t nr = 0;
	int fails = 0;

	if (store_open_readonly(db, &st, &msg) != STORE_OK)
		fails |= 1;
	else if (store_docs_list(st, &v, &nr) != STORE_OK || nr != 1)
		fails |= 2;
	store_doc_info_free(v, nr);
	store_close(st);
	st = NULL;
	strbuf_reset(&msg);
	if (store_open(db, &st, &msg) == STORE_OK || !strstr(msg.buf, "cannot create files in"))
		fails |= 4;
	store_close(st);
	strbuf_release(&msg);
	return fails;
}

static void test_readonly_directory(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *d = parse("a.txt", three_paras);
	int64_t run;
	int status = -1;
	pid_t pid;

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, d, NULL), STORE_OK);
	store_close(st);        /* the last connection removes -wal and -shm */
	doc_free(d);
	assert_false(exists(fx->dir, "test.db-wal"));
	assert_int_equal(chmod(fx->db, 0644), 0);
	assert_int_equal(chmod(fx->dir, 0555), 0);
	if (geteuid() != 0) {
		status = readonly_dir_checks(fx->db);
	} else {
		/* root writes anywhere: look as nobody */
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(99);
			_exit(readonly_dir_checks(fx->db));
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		status = WEXITSTATUS(status);
	}
	assert_int_equal(chmod(fx->dir, 0700), 0);
	assert_int_equal(status, 0);
}

static void test_disk_full(void **state)
{
	struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct doc *small = parse("small.txt", "Small.\n"), *big;
	struct strbuf text = STRBUF_INIT;
	int64_t run, pages;
	char sql[64];
	int i, unchanged;
	int64_t id;

	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_doc_put(st, run, small, NULL), STORE_OK);
	for (i = 0; i < 3000; i++)
		strbuf_addf(&text, "Paragraph number %d, long enough to take some room.\n\n", i);
	big = parse("big.txt", text.buf);
	/* the file may not grow: as a full disk would refuse it */
	pages = sql_int(st, "PRAGMA page_count");
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", (long long)pages + 2);
	sql_exec(st, sql);
	assert_int_equal(store_doc_put(st, run, big, NULL), STORE_ERR_IO);
	assert_non_null(strstr(store_errmsg(st), "full"));
	/* the store is still usable and holds no half document */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM blocks"), 1);
	assert_int_equal(store_doc_unchanged(st, "small.txt", small->hash, &unchanged, &id), STORE_OK);
	assert_int_equal(unchanged, 1);
	assert_int_equal(store_run_end(st, run, "failed"), STORE_OK);

	strbuf_release(&text);
	doc_free(small);
	doc_free(big);
	store_close(st);
}

static void test_strerror(void **state)
{
	int r;
	(void)state;
	for (r = STORE_OK; r <= STORE_ERR_OLDER; r++) {
		const char *m = store_strerror((enum store_result)r);
		assert_non_null(m);
		assert_true(m[0] >= 'a' && m[0] <= 'z');
	}
	assert_int_equal(store_result_from_sqlite(SQLITE_FULL), STORE_ERR_IO);
	assert_int_equal(store_result_from_sqlite(SQLITE_READONLY_DBMOVED), STORE_ERR_IO);
	assert_int_equal(store_result_from_sqlite(SQLITE_IOERR_WRITE), STORE_ERR_IO);
	assert_int_equal(store_result_from_sqlite(SQLITE_BUSY_SNAPSHOT), STORE_ERR_BUSY);
	assert_int_equal(store_result_from_sqlite(SQLITE_NOTADB), STORE_ERR_NOTDB);
	assert_int_equal(store_result_from_sqlite(SQLITE_CORRUPT), STORE_ERR_CORRUPT);
	assert_int_equal(store_result_from_sqlite(SQLITE_MISUSE), STORE_ERR_INTERNAL);
	assert_int_equal(store_result_from_sqlite(SQLITE_DONE), STORE_OK);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_memory_statistics),
		T(test_open_creates_store),
		T(test_doc_put_and_list),
		T(test_doc_put_replaces),
		T(test_doc_unchanged),
		T(test_doc_touch_and_error),
		T(test_runs),
		T(test_finding_ids),
		T(test_findings_roundtrip),
		T(test_findings_get_since),
		T(test_nested_transactions),
		T(test_sigkill_leaves_store_consistent),
		T(test_reader_while_writer),
		T(test_second_writer_busy),
		T(test_migrate_from_version_0),
		T(test_migrate_v5_rows),
		T(test_new_store_same_schema_as_upgraded),
		T(test_rows_batched),
		T(test_rows_cells),
		T(test_doc_take_new),
		T(test_claims_ids),
		T(test_migrate_forward_and_newer),
		T(test_not_a_store),
		T(test_readonly_open_errors),
		T(test_open_in_missing_dir),
		T(test_readonly_directory),
		T(test_disk_full),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
