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
	/* the label of the callout and the idx of the entry it links to, not its text */
	expect_text(fx->st, "SELECT sources FROM claims WHERE name LIKE 'Decree%'",
		    "[{\"label\":\"2\",\"entry\":1}]");
	expect_text(fx->st, "SELECT e.raw FROM claims c JOIN entries e ON e.doc = c.doc "
		    "AND e.idx = json_extract(c.sources, '$[0].entry') WHERE c.name LIKE 'Decree%'",
		    "Peter Olsen, \"Signals at Sea\", Maritime Press, Oslo, 2004.");
	/* rows are keyed by their position in the document */
	expect_text(fx->st, "SELECT group_concat(idx) FROM (SELECT idx FROM callouts ORDER BY idx)",
		    "0,1");
	expect_text(fx->st, "SELECT group_concat(idx) FROM (SELECT idx FROM entries ORDER BY idx)",
		    "0,1");
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

/* A footnote as a claim's source: named by its idx in notes. */
static void test_sources_name_notes(void **state)
{
	struct fixture *fx = *state;
	static const char text[] =
		"Ports\n"
		"\n"
		"Decree No. 41-ND/CP, dated June 7, 2016, set the dredging rules in the north[1].\n"
		"\n"
		"The Coastal Strategy was approved in May 2015 [see 2].\n"
		"\n"
		"Notes\n"
		"\n"
		"[1] Lena Brandt, Harbour Diplomacy, 2019.\n"
		"[2] The author thanks the harbour staff.\n";

	run_and_store(fx, "ports.txt", text);
	expect_text(fx->st, "SELECT sources FROM claims WHERE name LIKE 'Decree%'",
		    "[{\"label\":\"1\",\"note\":0}]");
	expect_text(fx->st, "SELECT n.text FROM claims c JOIN notes n ON n.doc = c.doc "
		    "AND n.idx = json_extract(c.sources, '$[0].note') WHERE c.name LIKE 'Decree%'",
		    "Lena Brandt, Harbour Diplomacy, 2019.");
}

/*
 * 19 callouts: refs_store_doc() writes them 8 to a statement, then one
 * by one; every row keeps its own values and its position.
 */
static void test_many_callouts(void **state)
{
	/* other words in every line: alike lines would be running headers */
	static const char *const what[] = {
		"rivers", "bridges", "cranes", "ferries", "tides", "quays", "pilots",
		"lighthouses", "dredgers", "harbours", "customs", "tariffs", "storms", "charts",
		"buoys", "moorings", "docks", "canals", "sluices",
	};
	struct fixture *fx = *state;
	struct strbuf text = STRBUF_INIT;
	char sql[160];
	int k;

	strbuf_addstr(&text, "Harbour notes\n\n");
	for (k = 1; k <= 19; k++)
		strbuf_addf(&text, "The %s were surveyed again and found in good order [%d; p.%d].\n\n",
			    what[k - 1], k, 100 + k);
	strbuf_addstr(&text, "References\n\n");
	for (k = 1; k <= 19; k++)
		strbuf_addf(&text, "%d. Author %d, \"Harbour Survey %d\", Port Press, %d.\n",
			    k, k, k, 1990 + k);
	run_and_store(fx, "survey.txt", text.buf);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts"), 19);
	/* idx follows the text; each row its own target, locator and position */
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM callouts WHERE "
				 "targets <> '[' || (idx + 1) || ']' OR "
				 "locators <> '[\"p.' || (idx + 101) || '\"]' OR line <> 2 * idx + 3"), 0);
	for (k = 0; k < 19; k++) {
		snprintf(sql, sizeof(sql), "SELECT text FROM callouts WHERE idx = %d", k);
		strbuf_reset(&text);
		strbuf_addf(&text, "[%d; p.%d]", k + 1, 101 + k);
		expect_text(fx->st, sql, text.buf);
	}
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM entries"), 19);
	strbuf_release(&text);
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

/* A cap on the corpus's claims (check) is told once, with the documents it left unread. */
static void test_claims_cap_told_once(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper), *d2 = parse("paper2.txt", paper2);
	struct pipeline_cap cap;
	struct pipeline_doc p;
	struct strbuf msg = STRBUF_INIT;
	int64_t id = 0;
	size_t i;

	pipeline_cap_init(&cap);
	fx->set.max_claims = 1;
	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_equal(p.claims_limit, PIPELINE_CAP_HIT);
	pipeline_cap_note(&cap, &p, d->path, &fx->set);
	assert_int_equal(pipeline_cap_message(&cap, &msg), 1);
	assert_string_equal(msg.buf, "claims cap (1) reached at 'paper.txt'; "
			    "claims of the 0 remaining documents were not read");
	pipeline_doc_release(&p);
	for (i = 0; i < 2; i++) {
		pipeline_run(&p, d2, NULL, &fx->set);
		/* not even read: no document in the set, nothing to store */
		assert_int_equal(p.claims_limit, PIPELINE_CAP_FULL);
		assert_true(p.claims_doc == SIZE_MAX);
		assert_int_equal(fx->set.nr_docs, 1);
		pipeline_cap_note(&cap, &p, d2->path, &fx->set);
		if (!i)
			assert_int_equal(pipeline_store_doc(fx->st, fx->run, d2, NULL, &p,
							    &fx->set, &id), STORE_OK);
		pipeline_doc_release(&p);
	}
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), 0);
	strbuf_reset(&msg);
	assert_int_equal(pipeline_cap_message(&cap, &msg), 1);
	assert_string_equal(msg.buf, "claims cap (1) reached at 'paper.txt'; "
			    "claims of the 2 remaining documents were not read");
	pipeline_cap_release(&cap);

	/* reached exactly by the last claim of a document: the next one is named */
	pipeline_cap_init(&cap);
	pipeline_doc_init(&p);
	p.claims_limit = PIPELINE_CAP_FULL;
	pipeline_cap_note(&cap, &p, "next.txt", &fx->set);
	strbuf_reset(&msg);
	assert_int_equal(pipeline_cap_message(&cap, &msg), 1);
	assert_string_equal(msg.buf, "claims cap (1) reached at 'next.txt'; "
			    "claims of the 1 remaining document were not read");
	pipeline_cap_release(&cap);
	/* never reached: nothing to say */
	strbuf_reset(&msg);
	assert_int_equal(pipeline_cap_message(&cap, &msg), 0);
	assert_int_equal(msg.len, 0);
	strbuf_release(&msg);
	doc_free(d);
	doc_free(d2);
}

/* Documents in a batch share its transaction; its bounds; a rollback takes all of it. */
static void test_batch(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper), *d2 = parse("paper2.txt", paper2);
	struct doc *d3 = parse("paper3.txt", paper);
	struct pipeline_batch b;
	struct pipeline_doc p;
	int64_t id = 0;

	pipeline_batch_init(&b, fx->st);
	assert_int_equal(pipeline_batch_commit(&b), STORE_OK);
	assert_false(pipeline_batch_full(&b, 1, 1, 1));
	assert_int_equal(pipeline_batch_begin(&b), STORE_OK);
	assert_int_equal(pipeline_batch_begin(&b), STORE_OK);
	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id), STORE_OK);
	/* the batch's join stays on past a document */
	assert_true(store_joining(fx->st));
	pipeline_batch_add(&b, d->src_len);
	pipeline_doc_release(&p);
	claims_clear(&fx->set);
	assert_false(pipeline_batch_full(&b, 2, 0, 0));
	assert_true(pipeline_batch_full(&b, 1, 0, 0));
	assert_true(pipeline_batch_full(&b, 0, d->src_len, 0));
	assert_false(pipeline_batch_full(&b, 0, d->src_len + 1, 0));
	pipeline_run(&p, d2, NULL, &fx->set);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d2, NULL, &p, &fx->set, &id), STORE_OK);
	pipeline_batch_add(&b, d2->src_len);
	pipeline_doc_release(&p);
	claims_clear(&fx->set);
	assert_int_equal(pipeline_batch_commit(&b), STORE_OK);
	assert_false(b.open);
	assert_false(store_joining(fx->st));
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 2);
	assert_true(sql_int(fx->st, "SELECT count(*) FROM claims") >= 3);

	/* rolled back: nothing of the batch is left */
	pipeline_run(&p, d3, NULL, &fx->set);
	assert_int_equal(pipeline_batch_begin(&b), STORE_OK);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d3, NULL, &p, &fx->set, &id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 3);
	pipeline_batch_rollback(&b);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 2);

	/* a write that failed inside taints the batch: the commit rolls it back */
	assert_int_equal(pipeline_batch_begin(&b), STORE_OK);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d3, NULL, &p, &fx->set, &id), STORE_OK);
	assert_int_equal(store_begin(fx->st), STORE_OK);
	store_rollback(fx->st);
	assert_int_equal(pipeline_batch_commit(&b), STORE_ERR_INTERNAL);
	assert_false(store_joining(fx->st));
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM documents"), 2);
	pipeline_doc_release(&p);
	doc_free(d);
	doc_free(d2);
	doc_free(d3);
}

/* check keeps the stored claims of an unchanged document when they are what it would write. */
static void test_claims_keep(void **state)
{
	struct fixture *fx = *state;
	struct doc *d = parse("paper.txt", paper), *d2 = parse("paper.txt", paper2);
	struct doc *none = parse("paper.txt", "Plain words only.\n");
	struct pipeline_doc p;
	int64_t id = 0, first, last, n;

	pipeline_doc_init(&p);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_equal(pipeline_store_doc(fx->st, fx->run, d, NULL, &p, &fx->set, &id), STORE_OK);
	pipeline_doc_release(&p);
	n = sql_int(fx->st, "SELECT count(*) FROM claims");
	first = sql_int(fx->st, "SELECT min(id) FROM claims");
	last = sql_int(fx->st, "SELECT max(id) FROM claims");
	assert_true(n >= 2);

	/* the same claims: the rows stay, the claims point at them */
	claims_clear(&fx->set);
	pipeline_run(&p, d, NULL, &fx->set);
	assert_int_equal(claims_store_doc_keep(&fx->set, p.claims_doc, NULL, fx->st, id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), n);
	assert_int_equal(sql_int(fx->st, "SELECT min(id) FROM claims"), first);
	assert_int_equal(fx->set.claims[0].row, first);
	assert_int_equal(fx->set.claims[fx->set.nr_claims - 1].row, last);
	pipeline_doc_release(&p);

	/* one column of the last claim differs: all written again */
	claims_clear(&fx->set);
	pipeline_run(&p, d, NULL, &fx->set);
	fx->set.claims[fx->set.nr_claims - 1].line += 1000;
	assert_int_equal(claims_store_doc_keep(&fx->set, p.claims_doc, NULL, fx->st, id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), n);
	assert_true(sql_int(fx->st, "SELECT max(line) FROM claims") > 1000);
	assert_int_equal(fx->set.claims[fx->set.nr_claims - 1].row,
			 sql_int(fx->st, "SELECT id FROM claims WHERE line > 1000"));
	pipeline_doc_release(&p);

	/* fewer claims, then none: the rows follow */
	claims_clear(&fx->set);
	pipeline_run(&p, d2, NULL, &fx->set);
	assert_true((int64_t)fx->set.nr_claims < n);
	assert_int_equal(claims_store_doc_keep(&fx->set, p.claims_doc, NULL, fx->st, id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), (int64_t)fx->set.nr_claims);
	pipeline_doc_release(&p);
	claims_clear(&fx->set);
	pipeline_run(&p, none, NULL, &fx->set);
	assert_int_equal(fx->set.nr_claims, 0);
	assert_int_equal(claims_store_doc_keep(&fx->set, p.claims_doc, NULL, fx->st, id), STORE_OK);
	assert_int_equal(sql_int(fx->st, "SELECT count(*) FROM claims"), 0);
	pipeline_doc_release(&p);
	doc_free(d);
	doc_free(d2);
	doc_free(none);
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
		T(test_sources_name_notes),
		T(test_many_callouts),
		T(test_replace_replaces_rows),
		T(test_rollback_leaves_nothing),
		T(test_claims_cap_warned_and_kept),
		T(test_refs_cap),
		T(test_claims_cap_told_once),
		T(test_batch),
		T(test_claims_keep),
		T(test_claims_clear),
		cmocka_unit_test(test_claim_sources),
		T(test_store_stmt_cached),
		T(test_store_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
