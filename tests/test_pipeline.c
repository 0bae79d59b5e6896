/*
 * Unit tests: the per-document stages shared by scan and check
 * (pipeline.h), refs_store_doc(), claims_clear() and store_stmt().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "pipeline.h"
#include "refs.h"
#include "store.h"
#include "store_internal.h"
#include "util.h"

/* Two bracket callouts (one with a locator), a reference list, two claims. */
static const char paper[] =
	"Harbour notes\n"
	"\n"
	"In May 2015, the Ministry approved the Coastal Resilience Strategy [1; p.12].\n"
	"\n"
	"Decree No. 41-ND/CP, dated June 7, 2016, set the dredging rules [2].\n"
	"\n"
	"References\n"
	"\n"
	"1. Jane Moreau, \"Navies in Peacetime\", Harbour Studies Quarterly, 2011.\n"
	"2. Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.\n";

/* The same path, rewritten: one callout, one entry, one claim. */
static const char paper2[] =
	"Harbour notes\n"
	"\n"
	"Decree No. 41-ND/CP, dated June 7, 2016, set the dredging rules [1].\n"
	"\n"
	"References\n"
	"\n"
	"1. Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.\n";

/* Footnotes after a separator: notes, not entries. */
static const char footnoted[] =
	"Ports\n"
	"\n"
	"Ports grew fast in the north[1] and in the south[2] of the coast.\n"
	"\n"
	"Notes\n"
	"\n"
	"[1] Lena Brandt, Harbour Diplomacy, 2019.\n"
	"[2] The author thanks the harbour staff.\n";

struct fixture {
	char dir[64];
	char db[96];
	struct store *st;
	int64_t run;
	struct claim_set set;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/provcheck-pipeline-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/test.db", fx->dir);
	if (store_open(fx->db, &fx->st, NULL) != STORE_OK ||
	    store_run_begin(fx->st, "scan", &fx->run) != STORE_OK)
		return -1;
	claims_init(&fx->set, 0.8, NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = { "test.db", "test.db-wal", "test.db-shm" };
	char p[160];
	size_t i;

	claims_release(&fx->set);
	store_close(fx->st);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
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

/* The first column of the first row as text ("" for NULL or no row); caller frees. */
static char *sql_text(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *v = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v ? v : xstrdup("");
}

static void expect_text(struct store *st, const char *sql, const char *want)
{
	char *got = sql_text(st, sql);
	assert_string_equal(got, want);
	free(got);
}

/* Runs the stages on text and stores it; returns the document's id. */
static int64_t run_and_store(struct fixture *fx, const char *path, const char *text)
{
	struct doc *d = parse(path, text);
	struct pipeline_doc p;
	int64_t id = 0;

	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_non_null(p.refs);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id), STORE_OK);
	assert_true(id > 0);
	pipeline_doc_release(&p);
	claims_clear(&fx->set);
	doc_free(d);
	return id;
}

static void test_rows_written(void **state)
{
	struct fixture *fx = *state;
	int64_t id = run_and_store(fx, "paper.txt", paper);
	char sql[128];

	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM callouts WHERE doc = %lld", (long long)id);
	assert_int_equal(sql_int(fx->st, sql), 2);
	expect_text(fx->st, "SELECT text FROM callouts ORDER BY src_start LIMIT 1", "[1; p.12]");
	expect_text(fx->st, "SELECT scheme FROM callouts ORDER BY src_start LIMIT 1", "bracket");
	expect_text(fx->st, "SELECT targets FROM callouts ORDER BY src_start LIMIT 1", "[1]");
	expect_text(fx->st, "SELECT locators FROM callouts ORDER BY src_start LIMIT 1", "[\"p.12\"]");
	/* no locator at all: NULL, not [null] */
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts WHERE locators IS NULL"), 1);
	/* positions cite the source: line 3, the column of the bracket */
	assert_int_equal(sql_int(fx->st, "SELECT line FROM callouts ORDER BY src_start LIMIT 1"), 3);
	assert_int_equal(sql_int(fx->st, "SELECT src_start FROM callouts ORDER BY src_start LIMIT 1"),
			 strstr(paper, "[1; p.12]") - paper);

	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries"), 2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM notes"), 0);
	assert_int_equal(sql_int(fx->st, "SELECT number FROM entries ORDER BY number LIMIT 1"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries WHERE label IS NULL"), 2);
	expect_text(fx->st, "SELECT kind FROM entries WHERE number = 2", "reference");
	expect_text(fx->st, "SELECT json_extract(fields, '$.publisher') FROM entries WHERE number = 2",
		    "Maritime Press");
	assert_int_equal(sql_int(fx->st, "SELECT line FROM entries WHERE number = 2"), 10);

	/* the claims, with the callouts of their sentence as sources */
	assert_true(sql_int(fx->st, "SELECT count(*) FROM claims") >= 2);
	expect_text(fx->st, "SELECT value FROM claims WHERE name LIKE 'Decree%'", "2016-06-07");
	/* the label of the callout and the text of the entry it links to */
	expect_text(fx->st, "SELECT json_extract(sources, '$[0].label') FROM claims "
		    "WHERE name LIKE 'Decree%'",
		    "2: Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.");
	expect_text(fx->st, "SELECT value FROM claims WHERE attribute = 'adopted' "
		    "AND name LIKE '%Strategy%'", "2015-05");
	assert_int_equal(sql_int(fx->st, "SELECT line FROM claims WHERE name LIKE 'Decree%'"), 5);
}

static void test_notes_rows(void **state)
{
	struct fixture *fx = *state;

	run_and_store(fx, "ports.txt", footnoted);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM notes"), 2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries"), 0);
	expect_text(fx->st, "SELECT label FROM notes ORDER BY src_start LIMIT 1", "1");
	expect_text(fx->st, "SELECT text FROM notes WHERE label = '2'",
		    "The author thanks the harbour staff.");
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM notes WHERE kind IN "
				 "('footnote', 'endnote')"), 2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 2);
}

static void test_replace_replaces_rows(void **state)
{
	struct fixture *fx = *state;
	int64_t id2;
	char sql[128];

	run_and_store(fx, "paper.txt", paper);
	/* (SQLite may give the new row the id of the old one) */
	id2 = run_and_store(fx, "paper.txt", paper2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM claims WHERE doc = %lld", (long long)id2);
	assert_int_equal(sql_int(fx->st, sql), 1);
	expect_text(fx->st, "SELECT raw FROM entries",
		    "Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.");

	/* the same document stored twice: still one set of rows */
	run_and_store(fx, "paper.txt", paper2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), 1);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper2);
	struct pipeline_doc p;
	int64_t id = 7;
	char *err = NULL;

	/* what was stored before must survive the failed replacement whole */
	run_and_store(fx, "paper.txt", paper);
	/* the last write of the transaction fails: the claims */
	assert_int_equal(sqlite3_exec(store_sqlite(fx->st),
				      "CREATE TRIGGER no_claims BEFORE INSERT ON claims "
				      "BEGIN SELECT RAISE(ABORT, 'refused'); END", NULL, NULL, &err),
			 SQLITE_OK);
	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_not_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id),
			     STORE_OK);
	assert_int_equal(id, 0);
	assert_non_null(strstr(store_errmsg(fx->st), "refused"));
	pipeline_doc_release(&p);
	claims_clear(&fx->set);
	doc_free(d);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 2);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries"), 2);
	assert_true(sql_int(fx->st, "SELECT count(*) FROM claims") >= 2);

	/* a new document: nothing of it at all */
	d = parse("new.txt", paper2);
	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_not_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id),
			     STORE_OK);
	pipeline_doc_release(&p);
	doc_free(d);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents WHERE path = 'new.txt'"), 0);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 2);
	/* and the store is usable: no transaction left open */
	assert_int_equal(sqlite3_get_autocommit(store_sqlite(fx->st)), 1);
}

static void test_claims_cap_warned_and_kept(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper);
	struct pipeline_doc p;
	int64_t id = 0;

	fx->set.max_claims = 1;
	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_true(p.claims_limit);
	assert_false(p.refs_limit);
	assert_int_equal(fx->set.nr_claims, 1);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id), STORE_OK);
	/* what was found before the cap is stored */
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), 1);
	pipeline_doc_release(&p);
	doc_free(d);
}

static void test_refs_cap(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper);
	struct refs_options ro;
	struct pipeline_doc p;
	int64_t id = 0;

	refs_options_init(&ro);
	ro.max_callouts = 1;
	pipeline_doc_init(&p);
	pipeline_run(&p, d, &ro, &fx->set);
	assert_true(p.refs_limit);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 1);
	pipeline_doc_release(&p);
	doc_free(d);
}

static void test_claims_clear(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper);
	size_t alloc;

	fx->set.title_similarity = 0.5;
	assert_int_equal(claims_add_doc(&fx->set, d, NULL, NULL, 0), CLAIMS_OK);
	assert_true(fx->set.nr_claims >= 2);
	alloc = fx->set.alloc_claims;
	claims_clear(&fx->set);
	assert_int_equal(fx->set.nr_claims, 0);
	assert_int_equal(fx->set.nr_docs, 0);
	assert_int_equal(fx->set.nr_groups, 0);
	/* settings and the arrays stay for the next document */
	assert_true(fx->set.title_similarity == 0.5);
	assert_int_equal(fx->set.alloc_claims, alloc);
	assert_int_equal(claims_add_doc(&fx->set, d, NULL, NULL, 0), CLAIMS_OK);
	assert_int_equal(fx->set.nr_docs, 1);
	assert_int_equal(fx->set.docs[0].first_claim, 0);
	doc_free(d);
}

static void test_claim_sources(void **state)
{
	struct doc *d = parse("paper.txt", paper);
	struct refs *r = NULL;
	struct claim_callout *v;
	size_t n = 9;

	(void)state;
	refs_parse(d, NULL, &r);
	v = pipeline_claim_sources(r, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].label, "1");
	assert_non_null(strstr(v[0].entry, "Navies in Peacetime"));
	assert_true(v[0].start < v[1].start);
	free(v);
	refs_free(r);
	assert_null(pipeline_claim_sources(NULL, &n));
	assert_int_equal(n, 0);
	doc_free(d);
}

static void test_store_stmt_cached(void **state)
{
	struct fixture *fx = *state;
	static const char sql[] = "SELECT 1";
	static const char other[] = "SELECT 2";
	sqlite3_stmt *a = NULL, *b = NULL, *c = NULL;

	assert_int_equal(store_stmt(fx->st, sql, &a), STORE_OK);
	assert_int_equal(store_stmt(fx->st, sql, &b), STORE_OK);
	assert_int_equal(store_stmt(fx->st, other, &c), STORE_OK);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_int_equal(sqlite3_step(c), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(c, 0), 2);
	sqlite3_reset(c);
	/* store_close() (teardown) finalizes them: ASan and valgrind say so if not */
}

static void test_store_join(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite(fx->st);

	sqlite3_exec(db, "CREATE TABLE t (x INTEGER)", NULL, NULL, NULL);
	/* joined levels commit with the outer transaction */
	assert_int_equal(store_begin(fx->st), STORE_OK);
	store_join(fx->st, 1);
	assert_int_equal(store_begin(fx->st), STORE_OK);
	sqlite3_exec(db, "INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	assert_int_equal(store_commit(fx->st), STORE_OK);
	assert_int_equal(store_join(fx->st, 0), 0);
	assert_int_equal(store_commit(fx->st), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM t"), 1);

	/* a joined level rolled back: said when joining ends; the outer level undoes it all */
	assert_int_equal(store_begin(fx->st), STORE_OK);
	sqlite3_exec(db, "INSERT INTO t VALUES (2)", NULL, NULL, NULL);
	store_join(fx->st, 1);
	assert_int_equal(store_begin(fx->st), STORE_OK);
	sqlite3_exec(db, "INSERT INTO t VALUES (3)", NULL, NULL, NULL);
	assert_int_equal(store_rollback(fx->st), STORE_OK);
	/* still inside the outer transaction */
	assert_int_equal(sqlite3_get_autocommit(db), 0);
	assert_int_equal(store_join(fx->st, 0), 1);
	assert_int_equal(store_rollback(fx->st), STORE_OK);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM t"), 1);

	/* without a transaction open, joining changes nothing: a real one begins */
	store_join(fx->st, 1);
	assert_int_equal(store_begin(fx->st), STORE_OK);
	assert_int_equal(sqlite3_get_autocommit(db), 0);
	assert_int_equal(store_rollback(fx->st), STORE_OK);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
	assert_int_equal(store_join(fx->st, 0), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rows_written),
		T(test_notes_rows),
		T(test_replace_replaces_rows),
		T(test_rollback_leaves_nothing),
		T(test_claims_cap_warned_and_kept),
		T(test_refs_cap),
		T(test_claims_clear),
		cmocka_unit_test(test_claim_sources),
		T(test_store_stmt_cached),
		T(test_store_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
