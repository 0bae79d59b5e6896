/*
 * Unit tests: re-scans that skip unchanged files by their stat data
 * (store_doc_put_stat, store_docs_touch_stat, cmd_scan's rules).
 *
 * Whether scan read a file is told by the stored hash: the tests
 * overwrite it with a wrong one, so that a file that is read again is
 * found "changed" and parsed again (its hash comes back), while a file
 * skipped on its stat data keeps the wrong hash. Whether a document was
 * parsed again is told by parsed_at, set to a sentinel the parse
 * replaces. Time is simulated by moving stat_seen_ns in the store, so
 * that no test sleeps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "filestat.h"
#include "store.h"
#include "util.h"

#define S 1000000000LL
#define BOGUS "0000000000000000000000000000000000000000000000000000000000000000"

struct fixture {
	char dir[64];
	char db[96];
	char file[96];
	char conf[96];
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Sets the file's mtime to a fixed past date (ctime moves to now). */
static void set_mtime(const char *path, time_t sec, long nsec)
{
	struct timespec t[2] = { { sec, nsec }, { sec, nsec } };
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/provcheck-rescan-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/t.db", fx->dir);
	snprintf(fx->file, sizeof(fx->file), "%s/a.txt", fx->dir);
	snprintf(fx->conf, sizeof(fx->conf), "%s/small.conf", fx->dir);
	write_file(fx->file, "A first paragraph of words.\n\nA second one, with 12 numbers.\n");
	set_mtime(fx->file, 1000000000, 250000000);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = {
		"t.db", "t.db-wal", "t.db-shm", "a.txt", "b.txt", "small.conf"
	};
	char p[160];
	size_t i;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* provcheck scan -q --db DB [extra] FILE, in this process. */
static int scan(struct fixture *fx, const char *extra, const char *extra2)
{
	char *argv[8];
	int argc = 0;
	argv[argc++] = (char *)"scan";
	argv[argc++] = (char *)"-q";
	argv[argc++] = (char *)"--db";
	argv[argc++] = fx->db;
	if (extra)
		argv[argc++] = (char *)extra;
	if (extra2)
		argv[argc++] = (char *)extra2;
	argv[argc++] = fx->file;
	argv[argc] = NULL;
	return cmd_scan(argc, argv);
}

static void sql(struct fixture *fx, const char *q)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	sqlite3_close(db);
}

static int64_t sql_int(struct fixture *fx, const char *q)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/*
 * After a scan: a wrong hash, a sentinel parse time, and (if settled)
 * the record's time moved 5 s past the file's changes, as if the scan
 * had run then.
 */
static void mark(struct fixture *fx, int settled)
{
	sql(fx, "UPDATE documents SET sha256 = '" BOGUS "', parsed_at = 'sentinel'");
	if (settled)
		sql(fx, "UPDATE documents SET stat_seen_ns = "
			"max(stat_mtime_ns, stat_ctime_ns) + 5000000000");
	else
		sql(fx, "UPDATE documents SET stat_seen_ns = stat_ctime_ns + 1");
}

static int was_read(struct fixture *fx)
{
	return sql_int(fx, "SELECT sha256 != '" BOGUS "' FROM documents") == 1;
}

static int was_parsed(struct fixture *fx)
{
	return sql_int(fx, "SELECT parsed_at != 'sentinel' FROM documents") == 1;
}

static void test_first_scan_keeps_stat(void **state)
{
	struct fixture *fx = *state;
	struct file_stat fs;
	struct stat sb;
	int64_t before = filestat_clock_ns();

	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_int_equal(stat(fx->file, &sb), 0);
	assert_int_equal(filestat_get(fx->file, &fs), 0);
	assert_int_equal(sql_int(fx, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_true(sql_int(fx, "SELECT stat_size FROM documents") == (int64_t)sb.st_size);
	assert_true(sql_int(fx, "SELECT stat_mtime_ns FROM documents") == 1000000000 * S + 250000000);
	assert_true(sql_int(fx, "SELECT stat_ctime_ns FROM documents") == fs.ctime_ns);
	assert_true(sql_int(fx, "SELECT stat_ino FROM documents") == (int64_t)sb.st_ino);
	assert_true(sql_int(fx, "SELECT stat_seen_ns FROM documents") >= before);
}

static void test_stat_clean_is_not_read(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_false(was_read(fx));
	assert_false(was_parsed(fx));
	/* but it was seen in the second run */
	assert_int_equal(sql_int(fx, "SELECT last_seen_run FROM documents"), 2);
}

static void test_racily_clean_is_hashed(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	/* the record was taken in the second of the file's last change */
	mark(fx, 0);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
}

static void test_racy_hash_confirmed_refreshes(void **state)
{
	struct fixture *fx = *state;
	int64_t seen;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	sql(fx, "UPDATE documents SET stat_seen_ns = stat_ctime_ns + 1, parsed_at = 'sentinel'");
	seen = sql_int(fx, "SELECT stat_seen_ns FROM documents");
	assert_int_equal(scan(fx, NULL, NULL), 0);
	/* hashed, found unchanged: not parsed, but the record taken again */
	assert_false(was_parsed(fx));
	assert_true(sql_int(fx, "SELECT stat_seen_ns FROM documents") > seen);
	assert_int_equal(sql_int(fx, "SELECT last_seen_run FROM documents"), 2);
}

static void test_size_change_is_read(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	write_file(fx->file, "Another text, longer than the first one was, by far.\n");
	set_mtime(fx->file, 1000000000, 250000000);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
	assert_true(was_parsed(fx));
}

static void test_same_size_same_mtime_is_read(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	/* same length, mtime put back: only the ctime tells */
	write_file(fx->file, "A first paragraph of words.\n\nA second one, with 99 numbers.\n");
	set_mtime(fx->file, 1000000000, 250000000);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
	assert_true(was_parsed(fx));
}

static void test_mtime_change_is_hashed(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	sql(fx, "UPDATE documents SET stat_ctime_ns = 0");   /* ctime alone would tell */
	set_mtime(fx->file, 1000000000, 250000001);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
	/* and then with the right hash: confirmed, the new mtime kept */
	assert_int_equal(scan(fx, NULL, NULL), 0);
	sql(fx, "UPDATE documents SET parsed_at = 'sentinel'");
	set_mtime(fx->file, 1000000000, 250000002);
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_false(was_parsed(fx));
	assert_true(sql_int(fx, "SELECT stat_mtime_ns FROM documents") == 1000000000 * S + 250000002);
}

static void test_inode_change_is_read(void **state)
{
	struct fixture *fx = *state;
	char other[128];
	struct stat sb;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	/* an editor's save: a new file renamed over the old, same bytes and stamps */
	snprintf(other, sizeof(other), "%s/b.txt", fx->dir);
	write_file(other, "A first paragraph of words.\n\nA second one, with 12 numbers.\n");
	set_mtime(other, 1000000000, 250000000);
	assert_int_equal(rename(other, fx->file), 0);
	assert_int_equal(stat(fx->file, &sb), 0);
	/* ctime would tell alone: make the stored one match to test the inode */
	{
		char q[160];
		snprintf(q, sizeof(q), "UPDATE documents SET stat_ctime_ns = %lld",
			 (long long)sb.st_ctim.tv_sec * S + sb.st_ctim.tv_nsec);
		sql(fx, q);
	}
	sql(fx, "UPDATE documents SET stat_seen_ns = stat_ctime_ns + 5000000000");
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
	assert_true(sql_int(fx, "SELECT stat_ino FROM documents") == (int64_t)sb.st_ino);
}

static void test_force_parses(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	assert_int_equal(scan(fx, "--force", NULL), 0);
	assert_true(was_read(fx));
	assert_true(was_parsed(fx));
}

static void test_parser_version_parses(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	sql(fx, "UPDATE documents SET parser_version = parser_version - 1");
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_true(was_read(fx));
	assert_true(was_parsed(fx));
}

static void test_no_stat_row_is_hashed(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	/* a row from before schema 2 */
	sql(fx, "UPDATE documents SET stat_size = NULL, stat_mtime_ns = NULL, "
		"stat_ctime_ns = NULL, stat_ino = NULL, stat_seen_ns = NULL, parsed_at = 'sentinel'");
	assert_int_equal(scan(fx, NULL, NULL), 0);
	assert_false(was_parsed(fx));
	assert_true(sql_int(fx, "SELECT stat_seen_ns IS NOT NULL FROM documents") == 1);
}

static void test_lowered_size_limit_applies(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(scan(fx, NULL, NULL), 0);
	mark(fx, 1);
	write_file(fx->conf, "[limits]\nmax_file_size = 16\n");
	assert_int_equal(scan(fx, "--config", fx->conf), EXIT_USAGE);
}

static void test_store_api(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	struct store_doc_info *di = NULL;
	struct strbuf msg = STRBUF_INIT;
	struct doc *d = NULL;
	struct doc_error err;
	struct file_stat fs = { 10, 20, 30, 40, 50 };
	struct store_touch t[2];
	int64_t run = 0, id = 0, id2 = 0;
	const char *text = "Some words here.\n";

	assert_int_equal(store_open(fx->db, &st, &msg), STORE_OK);
	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(doc_parse("x.txt", text, strlen(text), NULL, &d, &err), DOC_OK);
	assert_int_equal(store_doc_put_stat(st, run, d, &fs, &id), STORE_OK);
	doc_free(d);
	assert_int_equal(doc_parse("y.txt", text, strlen(text), NULL, &d, &err), DOC_OK);
	assert_int_equal(store_doc_put(st, run, d, &id2), STORE_OK);
	doc_free(d);

	assert_int_equal(store_doc_get(st, "x.txt", &di), STORE_OK);
	assert_int_equal(di->has_stat, 1);
	assert_true(di->stat.size == 10 && di->stat.mtime_ns == 20 && di->stat.ctime_ns == 30 &&
		    di->stat.ino == 40 && di->stat.seen_ns == 50);
	store_doc_info_free(di, 1);
	assert_int_equal(store_doc_get(st, "y.txt", &di), STORE_OK);
	assert_int_equal(di->has_stat, 0);
	store_doc_info_free(di, 1);

	/* one with fresh stat data, one only marked seen */
	memset(t, 0, sizeof(t));
	t[0].doc_id = id2;
	t[0].has_stat = 1;
	t[0].stat = (struct file_stat){ 1, 2, 3, 4, 5 };
	t[1].doc_id = id;
	assert_int_equal(store_run_end(st, run, "ok"), STORE_OK);
	assert_int_equal(store_run_begin(st, "scan", &run), STORE_OK);
	assert_int_equal(store_docs_touch_stat(st, run, t, 2), STORE_OK);
	assert_int_equal(store_doc_get(st, "y.txt", &di), STORE_OK);
	assert_true(di->has_stat && di->stat.ino == 4 && di->stat.seen_ns == 5);
	assert_int_equal(di->last_run, run);
	store_doc_info_free(di, 1);
	assert_int_equal(store_doc_get(st, "x.txt", &di), STORE_OK);
	assert_true(di->has_stat && di->stat.ino == 40);
	assert_int_equal(di->last_run, run);
	store_doc_info_free(di, 1);

	/* all or none: a document no longer stored */
	t[1].doc_id = id + id2 + 100;
	assert_int_equal(store_docs_touch_stat(st, run, t, 2), STORE_ERR_NOTFOUND);
	store_close(st);
	strbuf_release(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_scan_keeps_stat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_clean_is_not_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_racily_clean_is_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_racy_hash_confirmed_refreshes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_change_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_size_same_mtime_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mtime_change_is_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inode_change_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_force_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parser_version_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_stat_row_is_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lowered_size_limit_applies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_api, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
