/*
 * store.c - the embedded SQLite store (see store.h, docs/schema.md).
 *
 * Every statement is prepared once per connection, on first use, and
 * kept in st->stmt[] until store_close(). Writes go through nested
 * transactions (store_begin/commit/rollback): the outermost is BEGIN
 * IMMEDIATE so that a second writer waits on the busy timeout at the
 * start rather than failing half-way, and a document is always written
 * whole or not at all.
 */
#include "store.h"
#include "strmap.h"
#include "store_internal.h"
#include "store_schema.h"
#include "buf.h"
#include "doc.h"
#include "findings.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef PROVCHECK_VERSION
#define PROVCHECK_VERSION "unknown"
#endif

/* How long a connection waits for another one's lock. */
#define STORE_BUSY_TIMEOUT_MS 5000
/* Furniture text kept in the store (the source line has it all). */
#define FURNITURE_TEXT_MAX 512

static const struct store_migration builtin_migrations[] = {
	{ 1, store_schema_v1 },
	{ 2, store_schema_v2 },
	{ 3, store_schema_v3 },
	{ 4, store_schema_v4 },
	{ 5, store_schema_v5 },
	{ 6, store_schema_v6 },
};

/* A new store gets the latest schema in one step, not through the migrations. */
static const struct store_migration new_store = { STORE_SCHEMA_VERSION, store_schema_latest };

enum stmt_id {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,
	STMT_RUN_OPEN_LIST,
	STMT_RUN_CLOSE,
	STMT_RUN_INSERT,
	STMT_RUN_PREVIOUS,
	STMT_RUN_LAST,
	STMT_DOC_LOOKUP,
	STMT_DOC_DELETE,
	STMT_DOC_INSERT,
	STMT_DOC_TOUCH,
	STMT_DOC_TOUCH_STAT,
	STMT_DOC_ERROR,
	STMT_DOCS_LIST,
	STMT_DOC_GET,
	STMT_FINDINGS_DELETE,
	STMT_FINDING_INSERT,
	STMT_FINDINGS_GET,
	STMT_RELATED,
	STMT__NR
};

#define DOC_INFO_COLS \
	"id, path, format, sha256, size, paragraphs, furniture, note_blocks, links, " \
	"last_seen_run, first_seen_run, blocks, parser_version, " \
	"stat_size, stat_mtime_ns, stat_ctime_ns, stat_ino, stat_seen_ns"

static const char *const stmt_sql[STMT__NR] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT store_nested",
	[STMT_RELEASE] = "RELEASE store_nested",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO store_nested",
	[STMT_RUN_OPEN_LIST] = "SELECT id, pid FROM runs WHERE ended_at IS NULL",
	[STMT_RUN_CLOSE] = "UPDATE runs SET ended_at = " STORE_NOW ", status = ?2 WHERE id = ?1",
	[STMT_RUN_INSERT] = "INSERT INTO runs (command, started_at, version, pid) "
		"VALUES (?1, " STORE_NOW ", ?2, ?3)",
	[STMT_RUN_PREVIOUS] = "SELECT id FROM runs WHERE command = ?1 AND id < ?2 "
		"AND status IN ('ok', 'failed') ORDER BY id DESC LIMIT 1",
	[STMT_RUN_LAST] = "SELECT id FROM runs WHERE (?1 IS NULL OR command = ?1) "
		"AND status IN ('ok', 'failed') ORDER BY id DESC LIMIT 1",
	[STMT_DOC_LOOKUP] = "SELECT id, sha256, parser_version, first_seen_run "
		"FROM documents WHERE path = ?1",
	[STMT_DOC_DELETE] = "DELETE FROM documents WHERE path = ?1",
	[STMT_DOC_INSERT] = "INSERT INTO documents (path, format, size, sha256, parser_version, "
		"title, doc_date, lines, pages, blocks, paragraphs, furniture, note_blocks, links, "
		"first_seen_run, last_seen_run, parsed_at, stat_size, stat_mtime_ns, stat_ctime_ns, "
		"stat_ino, stat_seen_ns) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
		STORE_NOW ", ?17, ?18, ?19, ?20, ?21)",
	[STMT_DOC_TOUCH] = "UPDATE documents SET last_seen_run = ?2 WHERE id = ?1",
	[STMT_DOC_TOUCH_STAT] = "UPDATE documents SET last_seen_run = ?2, stat_size = ?3, "
		"stat_mtime_ns = ?4, stat_ctime_ns = ?5, stat_ino = ?6, stat_seen_ns = ?7 "
		"WHERE id = ?1",
	[STMT_DOC_ERROR] = "INSERT INTO document_errors (run, path, reason, at) "
		"VALUES (?1, ?2, ?3, " STORE_NOW ")",
	[STMT_DOCS_LIST] = "SELECT " DOC_INFO_COLS " FROM documents ORDER BY path",
	[STMT_DOC_GET] = "SELECT " DOC_INFO_COLS " FROM documents WHERE path = ?1",
	[STMT_FINDINGS_DELETE] = "DELETE FROM findings WHERE run = ?1 AND stage = ?2",
	[STMT_FINDING_INSERT] = "INSERT INTO findings (run, stage, finding_id, kind, severity, "
		"doc, line, col, src_start, src_end, quote, message, suggestion, related) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[STMT_FINDINGS_GET] = "SELECT finding_id, kind, stage, severity, doc, line, col, "
		"src_start, src_end, quote, message, suggestion, related "
		"FROM findings WHERE run = ?1 AND (?2 IS NULL OR stage = ?2) ORDER BY id",
	[STMT_RELATED] = "SELECT json_extract(value, '$.doc'), json_extract(value, '$.line'), "
		"json_extract(value, '$.col'), json_extract(value, '$.quote'), "
		"json_extract(value, '$.note') FROM json_each(?1)",
};

/* Statements of other modules cached by store_stmt() (their SQL is static). */
#define STORE_EXT_STMT_MAX 32
/*
 * What one store_rows() call reads through the provcheck_rows virtual
 * table: nr rows, each one set in cells by fill when the table's cursor
 * reaches it; failed once fill refused a row.
 */
struct rows_src {
	size_t nr;
	store_row_fn *fill;
	void *ctx;
	int failed;
	struct store_cell cells[STORE_ROWS_COLS_MAX];
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__NR];
	struct {
		const char *sql;
		sqlite3_stmt *s;
	} ext[STORE_EXT_STMT_MAX];
	size_t nr_ext;
	/* store_rows(): per head, its INSERT ... SELECT from provcheck_rows */
	struct {
		const char *head;
		sqlite3_stmt *s;
	} rows[STORE_ROWS_HEADS];
	size_t nr_rows;
	/* the rows of the store_rows() call under way */
	struct rows_src rows_src;
	int readonly;
	int version;
	int txn_depth;
	/*
	 * store_join(): nested store_begin() calls join the open transaction
	 * (joined of them now) instead of opening savepoints; join_failed if
	 * one of them was rolled back, which only the whole can be.
	 */
	int join, joined, join_failed;
	/*
	 * The id of the document row the last store_doc_put*() inserted
	 * where no row was at its path, and the parts not yet written to it
	 * (store_doc_take_new()); 0 when it replaced one, and once its
	 * transaction ends.
	 */
	int64_t new_doc;
	unsigned new_doc_parts;
	int last_rc;
	char errmsg[256];
};

const char *store_strerror(enum store_result r)
{
	switch (r) {
	case STORE_OK: return "success";
	case STORE_ERR_OPEN: return "cannot open the store";
	case STORE_ERR_NOTDB: return "not a provcheck store";
	case STORE_ERR_NEWER: return "written by a newer provcheck";
	case STORE_ERR_BUSY: return "the store is locked by another provcheck";
	case STORE_ERR_IO: return "cannot write the store (disk full, read-only or i/o error)";
	case STORE_ERR_CORRUPT: return "the store is corrupt";
	case STORE_ERR_NOTFOUND: return "not found";
	case STORE_ERR_INTERNAL: return "internal error";
	case STORE_ERR_OLDER: return "written by an older provcheck; open it for writing once to upgrade";
	}
	return "unknown error";
}

enum store_result store_result_from_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_ERR_BUSY;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return STORE_ERR_IO;
	case SQLITE_NOTADB:
		return STORE_ERR_NOTDB;
	case SQLITE_CORRUPT:
		return STORE_ERR_CORRUPT;
	case SQLITE_NOTFOUND:
		return STORE_ERR_NOTFOUND;
	default:
		return STORE_ERR_INTERNAL;
	}
}

static void set_msg(struct store *st, const char *msg)
{
	snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg ? msg : "");
}

enum store_result store_set_error(struct store *st, int rc)
{
	st->last_rc = rc;
	if (st->db && sqlite3_errcode(st->db) == rc)
		set_msg(st, sqlite3_errmsg(st->db));
	else
		set_msg(st, sqlite3_errstr(rc));
	return store_result_from_sqlite(rc);
}

const char *store_errmsg(struct store *st)
{
	return st->errmsg[0] ? st->errmsg : "no error";
}

sqlite3 *store_sqlite(struct store *st)
{
	return st->db;
}

int store_schema_version(struct store *st)
{
	return st->version;
}

/*
 * The cached statement id, prepared on first use, reset and with no
 * bindings. Give it back with stmt_put() when done.
 */
static enum store_result stmt_get(struct store *st, enum stmt_id id, sqlite3_stmt **out)
{
	int rc;
	*out = NULL;
	if (!st->stmt[id]) {
		rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					&st->stmt[id], NULL);
		if (rc != SQLITE_OK)
			return store_set_error(st, rc);
	}
	*out = st->stmt[id];
	return STORE_OK;
}

enum store_result store_stmt(struct store *st, const char *sql, sqlite3_stmt **out)
{
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < st->nr_ext; i++) {
		if (st->ext[i].sql == sql) {
			*out = st->ext[i].s;
			return STORE_OK;
		}
	}
	if (st->nr_ext == STORE_EXT_STMT_MAX)
		return store_set_error(st, SQLITE_MISUSE);
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return store_set_error(st, rc);
	}
	st->ext[st->nr_ext].sql = sql;
	st->ext[st->nr_ext].s = *out;
	st->nr_ext++;
	return STORE_OK;
}

enum store_result store_step_reset(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	enum store_result r = rc == SQLITE_DONE ? STORE_OK : store_set_error(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

static void stmt_put(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Binds s (may be NULL: SQL NULL); the string must outlive the step. */
static int bind_str(sqlite3_stmt *s, int i, const char *str)
{
	if (!str)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, str, -1, SQLITE_STATIC);
}

static int bind_mem(sqlite3_stmt *s, int i, const char *p, size_t n)
{
	return sqlite3_bind_text64(s, i, p, (sqlite3_uint64)n, SQLITE_STATIC, SQLITE_UTF8);
}

static int bind_size(sqlite3_stmt *s, int i, size_t v)
{
	return sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}

/* A run id, or NULL when the caller has no run (id <= 0). */
static int bind_run(sqlite3_stmt *s, int i, int64_t run)
{
	if (run <= 0)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, run);
}

/* The five stat columns from i on; all NULL when fs is NULL. */
static int bind_stat(sqlite3_stmt *s, int i, const struct file_stat *fs)
{
	int k, rc = 0;
	if (!fs) {
		for (k = 0; k < 5 && !rc; k++)
			rc = sqlite3_bind_null(s, i + k);
		return rc;
	}
	return sqlite3_bind_int64(s, i, fs->size) ||
		sqlite3_bind_int64(s, i + 1, fs->mtime_ns) ||
		sqlite3_bind_int64(s, i + 2, fs->ctime_ns) ||
		sqlite3_bind_int64(s, i + 3, fs->ino) ||
		sqlite3_bind_int64(s, i + 4, fs->seen_ns);
}

/* Steps a statement that returns no row. */
static enum store_result step_done(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return STORE_OK;
	return store_set_error(st, rc);
}

/*
 * provcheck_rows: an eponymous virtual table whose rows are those of the
 * struct rows_src bound (sqlite3_bind_pointer(), type ROWS_VTAB) to its
 * hidden column src, which a query must constrain with =, as
 * provcheck_rows(?1) does; columns c0 .. c31 are the cells of the
 * current row. Direct only: no view, trigger or schema can use it.
 */
#define ROWS_VTAB "provcheck_rows"
_Static_assert(STORE_ROWS_COLS_MAX == 32, "rows_connect() declares c0 .. c31");

struct rows_cursor {
	sqlite3_vtab_cursor base;
	struct rows_src *src;
	size_t i;
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
			sqlite3_vtab **out, char **err)
{
	static const char decl[] = "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, "
		"c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, "
		"c26, c27, c28, c29, c30, c31, src HIDDEN)";
	sqlite3_vtab *v = NULL;
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	*out = NULL;
	rc = sqlite3_declare_vtab(db, decl);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
	v = sqlite3_malloc(sizeof(*v));
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	*out = v;
	return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *v)
{
	sqlite3_free(v);
	return SQLITE_OK;
}

/* The only plan: src = ?, handed to rows_filter(); no other is usable. */
static int rows_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
	int k;

	(void)v;
	for (k = 0; k < info->nConstraint; k++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[k];
		if (c->iColumn == STORE_ROWS_COLS_MAX && c->op == SQLITE_INDEX_CONSTRAINT_EQ &&
		    c->usable) {
			info->aConstraintUsage[k].argvIndex = 1;
			info->aConstraintUsage[k].omit = 1;
			info->estimatedCost = 1.0;
			return SQLITE_OK;
		}
	}
	return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	struct rows_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)v;
	*out = NULL;
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	*out = &c->base;
	return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* Sets the cells of the cursor's row; SQLITE_MISUSE (and src->failed) if fill refused it. */
static int rows_fill(struct rows_cursor *c)
{
	struct rows_src *src = c->src;

	if (!src || c->i >= src->nr)
		return SQLITE_OK;
	if (src->fill(src->cells, c->i, src->ctx)) {
		src->failed = 1;
		return SQLITE_MISUSE;
	}
	return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx_num, const char *idx_str, int argc,
		       sqlite3_value **argv)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;

	(void)idx_num;
	(void)idx_str;
	c->src = argc ? sqlite3_value_pointer(argv[0], ROWS_VTAB) : NULL;
	c->i = 0;
	return rows_fill(c);
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;

	c->i++;
	return rows_fill(c);
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;
	return !c->src || c->i >= c->src->nr;
}

/* The text is the caller's, valid until the next row: SQLite copies it into the row it writes. */
static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;
	const struct store_cell *cell;

	if (col < 0 || col >= STORE_ROWS_COLS_MAX) {
		sqlite3_result_null(ctx);
		return SQLITE_OK;
	}
	cell = &c->src->cells[col];
	switch (cell->type) {
	case STORE_CELL_INT:
		sqlite3_result_int64(ctx, cell->i);
		break;
	case STORE_CELL_TEXT:
		sqlite3_result_text64(ctx, cell->p, (sqlite3_uint64)cell->n, SQLITE_STATIC,
				      SQLITE_UTF8);
		break;
	default:
		sqlite3_result_null(ctx);
		break;
	}
	return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
	*out = (sqlite3_int64)((const struct rows_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module rows_module = {
	.iVersion = 0,
	.xConnect = rows_connect,       /* no xCreate: eponymous only */
	.xBestIndex = rows_best_index,
	.xDisconnect = rows_disconnect,
	.xOpen = rows_open,
	.xClose = rows_close,
	.xFilter = rows_filter,
	.xNext = rows_next,
	.xEof = rows_eof,
	.xColumn = rows_column,
	.xRowid = rows_rowid,
};

/*
 * The statement of head reading cols columns from provcheck_rows(?1),
 * prepared on first use. Its text is head, a static string, and the
 * column names: nothing of the data is in it.
 */
static enum store_result rows_stmt(struct store *st, const char *head, int cols,
				   sqlite3_stmt **out)
{
	struct strbuf text = STRBUF_INIT;
	const char *sql = NULL;
	enum store_result r = STORE_OK;
	size_t h;
	int c, rc;

	*out = NULL;
	for (h = 0; h < st->nr_rows && st->rows[h].head != head; h++)
		;
	if (h < st->nr_rows) {
		*out = st->rows[h].s;
		return STORE_OK;
	}
	if (h == STORE_ROWS_HEADS)
		return store_set_error(st, SQLITE_MISUSE);
	strbuf_addstr(&text, head);
	strbuf_addstr(&text, " SELECT c0");
	for (c = 1; c < cols; c++)
		strbuf_addf(&text, ", c%d", c);
	strbuf_addstr(&text, " FROM " ROWS_VTAB "(?1)");
	sql = text.buf;
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		r = store_set_error(st, rc);
		goto cleanup;
	}
	st->rows[h].head = head;
	st->rows[h].s = *out;
	st->nr_rows++;
cleanup:
	strbuf_release(&text);
	return r;
}

enum store_result store_rows(struct store *st, const char *head, int cols, size_t nr,
			     store_row_fn *fill, void *ctx)
{
	struct rows_src *src = &st->rows_src;
	sqlite3_stmt *s = NULL;
	enum store_result r = STORE_OK;
	int rc;

	if (cols < 1 || cols > STORE_ROWS_COLS_MAX)
		return store_set_error(st, SQLITE_MISUSE);
	if (!nr)
		return STORE_OK;
	r = rows_stmt(st, head, cols, &s);
	if (r)
		return r;
	memset(src, 0, sizeof(*src));
	src->nr = nr;
	src->fill = fill;
	src->ctx = ctx;
	rc = sqlite3_bind_pointer(s, 1, src, ROWS_VTAB, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (src->failed)
		r = store_set_error(st, SQLITE_MISUSE);
	else if (rc != SQLITE_DONE)
		r = store_set_error(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	if (!t)
		return NULL;
	return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

static size_t col_size(sqlite3_stmt *s, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(s, i);
	return v < 0 ? 0 : (size_t)v;
}

/*
 * Runs every statement of sql in turn (schema scripts, pragmas): not
 * cached, as each runs once per open.
 */
static enum store_result exec_script(struct store *st, const char *sql)
{
	enum store_result r = STORE_OK;
	const char *tail = sql;

	while (tail && *tail) {
		sqlite3_stmt *s = NULL;
		int rc = sqlite3_prepare_v2(st->db, tail, -1, &s, &tail);
		if (rc != SQLITE_OK) {
			r = store_set_error(st, rc);
			goto cleanup;
		}
		if (!s)         /* white space or a comment at the end */
			break;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			r = store_set_error(st, rc);
			sqlite3_finalize(s);
			goto cleanup;
		}
		sqlite3_finalize(s);
	}
cleanup:
	return r;
}

/* Integer result of a one-row pragma or query. */
static enum store_result query_int(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	enum store_result r = STORE_OK;
	int rc;

	*out = 0;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		r = store_set_error(st, rc);
		goto cleanup;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		r = store_set_error(st, rc);
cleanup:
	sqlite3_finalize(s);
	return r;
}

enum store_result store_begin(struct store *st)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	if (st->join && st->txn_depth) {
		st->txn_depth++;
		st->joined++;
		return STORE_OK;
	}
	r = stmt_get(st, st->txn_depth ? STMT_SAVEPOINT : STMT_BEGIN, &s);
	if (r)
		goto cleanup;
	r = step_done(st, s);
	if (!r)
		st->txn_depth++;
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_rollback(struct store *st)
{
	sqlite3_stmt *s = NULL;
	enum store_result r = STORE_OK;
	char saved[sizeof(st->errmsg)];
	int saved_rc = st->last_rc;

	if (!st->txn_depth)
		return STORE_ERR_INTERNAL;
	st->new_doc = 0;
	if (st->joined) {
		/* nothing to undo on its own: the level that joined on rolls back */
		st->joined--;
		st->txn_depth--;
		st->join_failed = 1;
		return STORE_OK;
	}
	/* Rolling back follows an error: keep its message, not ours. */
	memcpy(saved, st->errmsg, sizeof(saved));
	if (st->txn_depth > 1) {
		/* ROLLBACK TO keeps the savepoint open: release it too. */
		r = stmt_get(st, STMT_ROLLBACK_TO, &s);
		if (!r)
			r = step_done(st, s);
		stmt_put(s);
		s = NULL;
		if (!r)
			r = stmt_get(st, STMT_RELEASE, &s);
	} else {
		r = stmt_get(st, STMT_ROLLBACK, &s);
	}
	if (!r)
		r = step_done(st, s);
	stmt_put(s);
	st->txn_depth--;
	/*
	 * SQLite may already have rolled back by itself (disk full, some
	 * I/O errors): then the outer ROLLBACK fails with "no transaction
	 * is active", which is what we wanted anyway.
	 */
	if (!st->txn_depth && sqlite3_get_autocommit(st->db))
		r = STORE_OK;
	memcpy(st->errmsg, saved, sizeof(saved));
	st->last_rc = saved_rc;
	return r;
}

enum store_result store_commit(struct store *st)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	if (!st->txn_depth)
		return STORE_ERR_INTERNAL;
	if (st->joined) {
		st->joined--;
		st->txn_depth--;
		return STORE_OK;
	}
	r = stmt_get(st, st->txn_depth > 1 ? STMT_RELEASE : STMT_COMMIT, &s);
	if (!r)
		r = step_done(st, s);
	stmt_put(s);
	if (!r)
		st->txn_depth--;
	if (!st->txn_depth)
		st->new_doc = 0;
	return r;
}

int store_join(struct store *st, int on)
{
	int failed = st->join_failed;
	st->join = on;
	st->join_failed = 0;
	return failed;
}

int store_joining(const struct store *st)
{
	return st->join;
}

/* strerror(e), lowercased as provcheck's messages are ("permission denied"). */
static void add_strerror(struct strbuf *sb, int e)
{
	const char *m = e == ENOENT ? "no such file" : strerror(e);
	strbuf_addch(sb, ch_tolower((unsigned char)m[0]));
	strbuf_addstr(sb, m + 1);
}

/*
 * Whether the directory holding path refuses new files; if so errmsg
 * says so. SQLite creates the store and its -wal and -shm files there,
 * and when it cannot, its own words ("no such file", "attempt to write
 * a readonly database") point away from the cause.
 */
static int dir_refuses(const char *path, struct strbuf *errmsg)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int refused = 0;

	if (access(dir, F_OK) == 0 && access(dir, W_OK | X_OK) < 0) {
		refused = 1;
		if (errmsg) {
			strbuf_addf(errmsg, "cannot create files in '%s': ", dir);
			add_strerror(errmsg, errno);
		}
	}
	free(dir);
	return refused;
}

/* errmsg gets "reason" for a failed sqlite3_open_v2(). */
static void open_error(sqlite3 *db, const char *path, int readonly, struct strbuf *errmsg)
{
	int e = db ? sqlite3_system_errno(db) : 0;
	if (!errmsg)
		return;
	if (!readonly && dir_refuses(path, errmsg))
		return;
	if (e)
		add_strerror(errmsg, e);
	else
		strbuf_addstr(errmsg, db ? sqlite3_errmsg(db) : "out of memory");
}

/*
 * What is at the other end of the connection: a provcheck store (its
 * version in *version), a new empty database (*version 0), or anything
 * else (STORE_ERR_NOTDB). Reads only, so that a file that is not ours
 * is left exactly as it was.
 */
static enum store_result probe(struct store *st, const char *path, int64_t *version,
			       int64_t *app_id, struct strbuf *errmsg)
{
	enum store_result r;
	int64_t nobj = 0;

	r = query_int(st, "PRAGMA application_id", app_id);
	if (!r)
		r = query_int(st, "PRAGMA user_version", version);
	if (!r)
		r = query_int(st, "SELECT count(*) FROM sqlite_master", &nobj);
	if (r) {
		if (r == STORE_ERR_NOTDB) {
			if (errmsg)
				strbuf_addstr(errmsg, "not an sqlite database");
		} else if (r != STORE_ERR_IO || st->readonly || !dir_refuses(path, errmsg)) {
			if (errmsg)
				strbuf_addstr(errmsg, store_errmsg(st));
		}
		if (r == STORE_ERR_IO && (st->last_rc & 0xff) == SQLITE_CANTOPEN)
			r = STORE_ERR_OPEN;
		goto cleanup;
	}
	if (*app_id == STORE_APPLICATION_ID)
		goto cleanup;
	if (*app_id == 0 && *version == 0 && nobj == 0)
		goto cleanup;   /* empty: ours to create */
	r = STORE_ERR_NOTDB;
	if (errmsg)
		strbuf_addstr(errmsg, "an sqlite database that is not a provcheck store");
cleanup:
	return r;
}

static enum store_result migrate(struct store *st, const char *path,
				 const struct store_migration *extra,
				 size_t nr_extra, int latest, struct strbuf *errmsg)
{
	enum store_result r;
	int64_t version = 0, app_id = 0;
	size_t i, j, n = ARRAY_SIZE(builtin_migrations) + nr_extra;
	char sql[96];

	r = store_begin(st);
	if (r)
		goto fail;
	/* Again under the write lock: another provcheck may have migrated meanwhile. */
	r = probe(st, path, &version, &app_id, errmsg);
	if (r)
		goto rollback;
	if (version > latest) {
		r = STORE_ERR_NEWER;
		goto rollback;
	}
	for (i = 0; i < n; i++) {
		const struct store_migration *m = i < ARRAY_SIZE(builtin_migrations)
			? &builtin_migrations[i] : &extra[i - ARRAY_SIZE(builtin_migrations)];
		if (!version)
			m = &new_store;         /* then the extra ones past it */
		else if (m->version <= version)
			continue;
		else if (m->version != version + 1) {
			set_msg(st, "migrations out of order");
			r = STORE_ERR_INTERNAL;
			goto rollback;
		}
		for (j = 0; m->sql[j]; j++) {
			r = exec_script(st, m->sql[j]);
			if (r)
				goto rollback;
		}
		/* PRAGMA takes no bound parameters; the number is ours. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->version);
		r = exec_script(st, sql);
		if (r)
			goto rollback;
		version = m->version;
	}
	if (app_id != STORE_APPLICATION_ID) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", STORE_APPLICATION_ID);
		r = exec_script(st, sql);
		if (r)
			goto rollback;
	}
	r = store_commit(st);
	if (r)
		goto rollback;
	st->version = (int)version;
	return STORE_OK;
rollback:
	store_rollback(st);
fail:
	if (errmsg && !errmsg->len)
		strbuf_addf(errmsg, "cannot upgrade the store: %s", store_errmsg(st));
	return r;
}

/*
 * A store in a directory this process cannot write (an archive, a
 * read-only mount) cannot get the -shm file that WAL readers need. When
 * no -wal file is there either, the database file alone is the whole
 * store and nobody can be writing it (a writer would need the -wal):
 * open it as immutable, without locks or shared memory.
 */
static int reopen_immutable(struct store *st, const char *path)
{
	struct strbuf uri = STRBUF_INIT;
	const char *p;
	int rc;

	strbuf_addf(&uri, "%s-wal", path);
	if (access(uri.buf, F_OK) == 0 || !dir_refuses(path, NULL)) {
		strbuf_release(&uri);
		return SQLITE_CANTOPEN;
	}
	strbuf_reset(&uri);
	/* file:///abs/path or file:rel/path; ?, # and % are escaped */
	strbuf_addstr(&uri, path[0] == '/' ? "file://" : "file:");
	for (p = path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			strbuf_addf(&uri, "%%%02X", (unsigned char)*p);
		else
			strbuf_addch(&uri, *p);
	}
	strbuf_addstr(&uri, "?immutable=1");
	sqlite3_close_v2(st->db);
	st->db = NULL;
	rc = sqlite3_open_v2(uri.buf, &st->db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		sqlite3_extended_result_codes(st->db, 1);
	strbuf_release(&uri);
	return rc;
}

/*
 * SQLite's memory statistics (sqlite3_memory_used(), which provcheck
 * never reads) take a global mutex around every allocation: 2% of the
 * instructions of a scan (bench/README.md). Configuration must come
 * before SQLite initializes; once it has (a caller opened a database of
 * its own first), sqlite3_config() refuses harmlessly with SQLITE_MISUSE.
 * provcheck has one thread.
 */
static void configure_sqlite(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum store_result open_common(const char *path, int readonly,
				     const struct store_migration *extra, size_t nr_extra,
				     struct store **out, struct strbuf *errmsg)
{
	struct store *st = NULL;
	enum store_result r = STORE_OK;
	int64_t version = 0, app_id = 0;
	int latest = STORE_SCHEMA_VERSION, flags, rc;
	size_t mark;

	*out = NULL;
	if (nr_extra)
		latest = extra[nr_extra - 1].version;
	st = xcalloc(1, sizeof(*st));
	st->readonly = readonly;
	configure_sqlite();
	flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		open_error(st->db, path, readonly, errmsg);
		r = STORE_ERR_OPEN;
		goto cleanup;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	rc = sqlite3_create_module_v2(st->db, ROWS_VTAB, &rows_module, NULL, NULL);
	if (rc != SQLITE_OK) {
		open_error(st->db, path, readonly, errmsg);
		r = STORE_ERR_OPEN;
		goto cleanup;
	}

	mark = errmsg ? errmsg->len : 0;
	r = probe(st, path, &version, &app_id, errmsg);
	if (r == STORE_ERR_IO && readonly && reopen_immutable(st, path) == SQLITE_OK) {
		if (errmsg)
			strbuf_setlen(errmsg, mark);
		st->errmsg[0] = '\0';
		r = probe(st, path, &version, &app_id, errmsg);
	}
	if (r)
		goto cleanup;
	if (version > latest) {
		r = STORE_ERR_NEWER;
		if (errmsg)
			strbuf_addf(errmsg, "schema version %lld, this provcheck knows up to %d; "
				    "upgrade provcheck", (long long)version, latest);
		goto cleanup;
	}
	if (readonly) {
		if (app_id != STORE_APPLICATION_ID) {
			r = STORE_ERR_NOTDB;
			if (errmsg)
				strbuf_addstr(errmsg, "an empty database, not a provcheck store");
		} else if (version < latest) {
			r = STORE_ERR_OLDER;
			if (errmsg)
				strbuf_addf(errmsg, "schema version %lld, this provcheck needs %d; "
					    "run 'provcheck scan' once to upgrade it",
					    (long long)version, latest);
		} else {
			st->version = (int)version;
			r = exec_script(st, "PRAGMA query_only = 1");
		}
		goto cleanup;
	}
	/*
	 * WAL lets readers work while one writer writes; NORMAL synchronous
	 * is safe in WAL mode (a power cut may lose the last commits, never
	 * the consistency).
	 */
	r = exec_script(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
			"PRAGMA foreign_keys = ON");
	if (r) {
		if (errmsg && !dir_refuses(path, errmsg))
			strbuf_addstr(errmsg, store_errmsg(st));
		goto cleanup;
	}
	if (version < latest || app_id != STORE_APPLICATION_ID) {
		r = migrate(st, path, extra, nr_extra, latest, errmsg);
		if (r == STORE_ERR_NEWER && errmsg && !errmsg->len)
			strbuf_addstr(errmsg, "written by a newer provcheck");
	} else {
		st->version = (int)version;
	}
	/*
	 * Statement journals in memory (after the migrations, whose
	 * temporary copies of old tables may be large): a store_rows()
	 * statement writes all of a document's rows of one table, and once
	 * one statement's journal passed 64 KB SQLite kept every later one
	 * of the transaction in a temporary file, 92 MB more written by a
	 * scan of the 74 MB plain-text part of the large corpus (309 MB
	 * instead of 217 MB; 203 MB in memory). A statement journals only
	 * the pages that existed when it began, a few per b-tree it writes.
	 */
	if (!r)
		r = exec_script(st, "PRAGMA temp_store = MEMORY");
cleanup:
	if (r) {
		store_close(st);
		return r;
	}
	*out = st;
	return STORE_OK;
}

enum store_result store_open_migrations(const char *path, const struct store_migration *extra,
					size_t nr_extra, struct store **out, struct strbuf *errmsg)
{
	return open_common(path, 0, extra, nr_extra, out, errmsg);
}

enum store_result store_open(const char *path, struct store **out, struct strbuf *errmsg)
{
	return open_common(path, 0, NULL, 0, out, errmsg);
}

enum store_result store_open_readonly(const char *path, struct store **out, struct strbuf *errmsg)
{
	return open_common(path, 1, NULL, 0, out, errmsg);
}

void store_close(struct store *st)
{
	size_t i;
	if (!st)
		return;
	while (st->txn_depth)
		store_rollback(st);
	for (i = 0; i < STMT__NR; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < st->nr_ext; i++)
		sqlite3_finalize(st->ext[i].s);
	for (i = 0; i < st->nr_rows; i++)
		sqlite3_finalize(st->rows[i].s);
	/*
	 * The statistics from a sample of about 400 rows per index, as
	 * SQLite 3.46 does by itself: reading every row of the tables a scan
	 * wrote cost a small scan more than 3 M instructions of its 500 M.
	 */
	if (st->db && !st->readonly && st->version)
		exec_script(st, "PRAGMA analysis_limit = 400; PRAGMA optimize");
	/*
	 * close_v2: statements another module forgot to finalize keep the
	 * connection alive (and show up as a leak under ASan) instead of
	 * failing here.
	 */
	sqlite3_close_v2(st->db);
	free(st);
}

/* Whether the process that opened a run is gone. */
static int run_owner_gone(int64_t pid)
{
	if (pid <= 0 || pid == (int64_t)getpid())
		return 1;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

static enum store_result close_run(struct store *st, int64_t run_id, const char *status)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	r = stmt_get(st, STMT_RUN_CLOSE, &s);
	if (r)
		goto cleanup;
	if (sqlite3_bind_int64(s, 1, run_id) || bind_str(s, 2, status)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_done(st, s);
	if (!r && sqlite3_changes(st->db) == 0)
		r = STORE_ERR_NOTFOUND;
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_run_begin(struct store *st, const char *command, int64_t *run_id)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int64_t *stale = NULL;
	size_t nr = 0, alloc = 0, i;
	int rc;

	*run_id = 0;
	r = store_begin(st);
	if (r)
		goto cleanup;
	r = stmt_get(st, STMT_RUN_OPEN_LIST, &s);
	if (r)
		goto rollback;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!run_owner_gone(sqlite3_column_int64(s, 1)))
			continue;
		ALLOC_GROW(stale, nr + 1, alloc);
		stale[nr++] = sqlite3_column_int64(s, 0);
	}
	if (rc != SQLITE_DONE) {
		r = store_set_error(st, rc);
		goto rollback;
	}
	stmt_put(s);
	s = NULL;
	for (i = 0; i < nr; i++) {
		r = close_run(st, stale[i], "interrupted");
		if (r)
			goto rollback;
	}
	r = stmt_get(st, STMT_RUN_INSERT, &s);
	if (r)
		goto rollback;
	if (bind_str(s, 1, command) || bind_str(s, 2, PROVCHECK_VERSION) ||
	    sqlite3_bind_int64(s, 3, (sqlite3_int64)getpid())) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto rollback;
	}
	r = step_done(st, s);
	if (r)
		goto rollback;
	*run_id = sqlite3_last_insert_rowid(st->db);
	stmt_put(s);
	s = NULL;
	r = store_commit(st);
	if (r)
		goto rollback;
	goto cleanup;
rollback:
	*run_id = 0;
	stmt_put(s);
	s = NULL;
	store_rollback(st);
cleanup:
	stmt_put(s);
	free(stale);
	return r;
}

enum store_result store_run_end(struct store *st, int64_t run_id, const char *status)
{
	if (!status || (strcmp(status, "ok") && strcmp(status, "failed") &&
			strcmp(status, "interrupted"))) {
		set_msg(st, "bad run status");
		return STORE_ERR_INTERNAL;
	}
	return close_run(st, run_id, status);
}

/* *out = first column of the first row of s, or STORE_ERR_NOTFOUND. */
static enum store_result step_id(struct store *st, sqlite3_stmt *s, int64_t *out)
{
	int rc = sqlite3_step(s);
	*out = 0;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		return STORE_OK;
	}
	if (rc == SQLITE_DONE)
		return STORE_ERR_NOTFOUND;
	return store_set_error(st, rc);
}

enum store_result store_run_previous(struct store *st, int64_t run_id, const char *command,
				     int64_t *prev)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	*prev = 0;
	r = stmt_get(st, STMT_RUN_PREVIOUS, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, command) || sqlite3_bind_int64(s, 2, run_id)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_id(st, s, prev);
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_run_last(struct store *st, const char *command, int64_t *run_id)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	*run_id = 0;
	r = stmt_get(st, STMT_RUN_LAST, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, command)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_id(st, s, run_id);
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_doc_unchanged(struct store *st, const char *path,
				      const uint8_t hash[32], int *unchanged, int64_t *doc_id)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	char hex[65];
	int rc;

	*unchanged = 0;
	*doc_id = 0;
	sha256_hex(hash, 32, hex);
	r = stmt_get(st, STMT_DOC_LOOKUP, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, path)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(s, 1);
		*doc_id = sqlite3_column_int64(s, 0);
		*unchanged = h && !strcmp((const char *)h, hex) &&
			sqlite3_column_int(s, 2) == STORE_PARSER_VERSION;
	} else if (rc != SQLITE_DONE) {
		r = store_set_error(st, rc);
	}
cleanup:
	stmt_put(s);
	return r;
}

/* The rows of a document's blocks, furniture and links (store_rows()). */
static const char head_blocks[] = "INSERT INTO blocks (doc, idx, kind, level, text_start, "
	"text_end, src_start, src_end, line, col, page)";
static const char head_furniture[] = "INSERT INTO furniture (doc, idx, kind, src_start, src_end, "
	"text_at, line, page_number, text)";
static const char head_links[] = "INSERT INTO doc_links (doc, idx, href, text_start, text_end, "
	"src_off, line, col)";

struct doc_rows {
	const struct doc *d;
	int64_t id;
};

static int fill_block(struct store_cell *cells, size_t i, void *ctx)
{
	const struct doc_rows *dr = ctx;
	const struct doc_block *b = &dr->d->blocks[i];
	size_t ss, se, line, col;

	doc_src_range(dr->d, b->start, b->end, &ss, &se);
	doc_locate(dr->d, b->start, &line, &col);
	store_cell_int(&cells[0], dr->id);
	store_cell_int(&cells[1], (int64_t)i);
	store_cell_str(&cells[2], block_kind_name(b->kind));
	store_cell_int(&cells[3], (int64_t)b->level);
	store_cell_int(&cells[4], (int64_t)b->start);
	store_cell_int(&cells[5], (int64_t)b->end);
	store_cell_int(&cells[6], (int64_t)ss);
	store_cell_int(&cells[7], (int64_t)se);
	store_cell_int(&cells[8], (int64_t)line);
	store_cell_int(&cells[9], (int64_t)col);
	store_cell_int(&cells[10], (int64_t)b->page);
	return 0;
}

static int fill_furniture(struct store_cell *cells, size_t i, void *ctx)
{
	const struct doc_rows *dr = ctx;
	const struct doc *d = dr->d;
	const struct doc_furniture *f = &d->furniture[i];
	size_t line, col, start = f->src_start, end = f->src_end;

	if (end > d->src_len)
		end = d->src_len;
	if (start > end)
		start = end;
	if (end - start > FURNITURE_TEXT_MAX) {
		/* cut on a code point boundary */
		end = start + FURNITURE_TEXT_MAX;
		while (end > start && ((unsigned char)d->src[end] & 0xC0) == 0x80)
			end--;
	}
	doc_locate_src(d, f->src_start, &line, &col);
	store_cell_int(&cells[0], dr->id);
	store_cell_int(&cells[1], (int64_t)i);
	store_cell_str(&cells[2], furniture_kind_name(f->kind));
	store_cell_int(&cells[3], (int64_t)f->src_start);
	store_cell_int(&cells[4], (int64_t)f->src_end);
	store_cell_int(&cells[5], (int64_t)f->at);
	store_cell_int(&cells[6], (int64_t)line);
	if (f->page_number < 0)
		store_cell_null(&cells[7]);
	else
		store_cell_int(&cells[7], f->page_number);
	store_cell_mem(&cells[8], d->src + start, end - start);
	return 0;
}

static int fill_link(struct store_cell *cells, size_t i, void *ctx)
{
	const struct doc_rows *dr = ctx;
	const struct doc_link *l = &dr->d->links[i];
	size_t line, col;

	doc_locate_src(dr->d, l->src_off, &line, &col);
	store_cell_int(&cells[0], dr->id);
	store_cell_int(&cells[1], (int64_t)i);
	store_cell_str(&cells[2], l->href ? l->href : "");
	store_cell_int(&cells[3], (int64_t)l->start);
	store_cell_int(&cells[4], (int64_t)l->end);
	store_cell_int(&cells[5], (int64_t)l->src_off);
	store_cell_int(&cells[6], (int64_t)line);
	store_cell_int(&cells[7], (int64_t)col);
	return 0;
}

/* The document row; *first_run is kept from the row it replaces. */
static enum store_result put_doc_row(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, int64_t first_run, int64_t *doc_id)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	size_t i, notes = 0;
	char hex[65];

	for (i = 0; i < d->nr_blocks; i++)
		if (d->blocks[i].kind == BLOCK_NOTES)
			notes++;
	sha256_hex(d->hash, 32, hex);
	r = stmt_get(st, STMT_DOC_INSERT, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, d->path) || bind_str(s, 2, doc_format_name(d->format)) ||
	    bind_size(s, 3, d->src_len) || bind_str(s, 4, hex) ||
	    sqlite3_bind_int(s, 5, STORE_PARSER_VERSION) ||
	    bind_str(s, 6, d->meta.title) || bind_str(s, 7, d->meta.date) ||
	    bind_size(s, 8, d->nr_lines) || bind_size(s, 9, d->nr_pages) ||
	    bind_size(s, 10, d->nr_blocks) || bind_size(s, 11, d->nr_blocks - notes) ||
	    bind_size(s, 12, d->nr_furniture) || bind_size(s, 13, notes) ||
	    bind_size(s, 14, d->nr_links) ||
	    bind_run(s, 15, first_run > 0 ? first_run : run_id) || bind_run(s, 16, run_id) ||
	    bind_stat(s, 17, fs)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_done(st, s);
	if (!r)
		*doc_id = sqlite3_last_insert_rowid(st->db);
cleanup:
	stmt_put(s);
	return r;
}

/*
 * Deletes the document stored at path (its rows go by ON DELETE
 * CASCADE); *found says whether there was one.
 */
static enum store_result delete_doc(struct store *st, const char *path, int64_t *first_run,
				    int *found)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int rc;

	*first_run = 0;
	*found = 0;
	r = stmt_get(st, STMT_DOC_LOOKUP, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, path)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*first_run = sqlite3_column_int64(s, 3);
	else if (rc != SQLITE_DONE)
		r = store_set_error(st, rc);
	stmt_put(s);
	s = NULL;
	if (r || rc == SQLITE_DONE)
		goto cleanup;
	*found = 1;
	r = stmt_get(st, STMT_DOC_DELETE, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, path))
		r = store_set_error(st, SQLITE_MISUSE);
	else
		r = step_done(st, s);
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_doc_put(struct store *st, int64_t run_id, const struct doc *d,
				int64_t *doc_id)
{
	return store_doc_put_stat(st, run_id, d, NULL, doc_id);
}

enum store_result store_doc_put_stat(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, int64_t *doc_id)
{
	enum store_result r;
	int64_t first_run = 0, id = 0;
	struct doc_rows dr;
	int found = 0;

	if (doc_id)
		*doc_id = 0;
	r = store_begin(st);
	if (r)
		return r;
	st->new_doc = 0;
	r = delete_doc(st, d->path, &first_run, &found);
	if (!r)
		r = put_doc_row(st, run_id, d, fs, first_run, &id);
	dr.d = d;
	dr.id = id;
	if (!r)
		r = store_rows(st, head_blocks, 11, d->nr_blocks, fill_block, &dr);
	if (!r)
		r = store_rows(st, head_furniture, 9, d->nr_furniture, fill_furniture, &dr);
	if (!r)
		r = store_rows(st, head_links, 8, d->nr_links, fill_link, &dr);
	if (!r)
		r = store_commit(st);
	if (r) {
		store_rollback(st);
		return r;
	}
	/* (a commit that closed the transaction: the row is no longer ours alone) */
	if (!found && st->txn_depth) {
		st->new_doc = id;
		st->new_doc_parts = STORE_DOC_REFS | STORE_DOC_CLAIMS;
	}
	if (doc_id)
		*doc_id = id;
	return STORE_OK;
}

int store_doc_take_new(struct store *st, int64_t doc_id, enum store_doc_part part)
{
	if (doc_id <= 0 || !st->txn_depth || st->new_doc != doc_id || !(st->new_doc_parts & part))
		return 0;
	st->new_doc_parts &= ~(unsigned)part;
	return 1;
}

enum store_result store_doc_touch(struct store *st, int64_t run_id, int64_t doc_id)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	r = stmt_get(st, STMT_DOC_TOUCH, &s);
	if (r)
		goto cleanup;
	if (sqlite3_bind_int64(s, 1, doc_id) || bind_run(s, 2, run_id)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_done(st, s);
	if (!r && sqlite3_changes(st->db) == 0)
		r = STORE_ERR_NOTFOUND;
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_docs_touch(struct store *st, int64_t run_id, const int64_t *doc_ids,
				   size_t nr)
{
	enum store_result r;
	size_t i;

	if (!nr)
		return STORE_OK;
	r = store_begin(st);
	if (r)
		return r;
	for (i = 0; !r && i < nr; i++)
		r = store_doc_touch(st, run_id, doc_ids[i]);
	if (!r)
		r = store_commit(st);
	if (r)
		store_rollback(st);
	return r;
}

/* Marks one document seen and replaces its stat data with *fs. */
static enum store_result touch_stat(struct store *st, int64_t run_id, int64_t doc_id,
				    const struct file_stat *fs)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	r = stmt_get(st, STMT_DOC_TOUCH_STAT, &s);
	if (r)
		goto cleanup;
	if (sqlite3_bind_int64(s, 1, doc_id) || bind_run(s, 2, run_id) || bind_stat(s, 3, fs)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_done(st, s);
	if (!r && sqlite3_changes(st->db) == 0)
		r = STORE_ERR_NOTFOUND;
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_docs_touch_stat(struct store *st, int64_t run_id,
					const struct store_touch *v, size_t nr)
{
	enum store_result r;
	size_t i;

	if (!nr)
		return STORE_OK;
	r = store_begin(st);
	if (r)
		return r;
	for (i = 0; !r && i < nr; i++)
		r = v[i].has_stat ? touch_stat(st, run_id, v[i].doc_id, &v[i].stat)
				  : store_doc_touch(st, run_id, v[i].doc_id);
	if (!r)
		r = store_commit(st);
	if (r)
		store_rollback(st);
	return r;
}

enum store_result store_doc_error(struct store *st, int64_t run_id, const char *path,
				  const char *reason)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;

	r = stmt_get(st, STMT_DOC_ERROR, &s);
	if (r)
		goto cleanup;
	if (bind_run(s, 1, run_id) || bind_str(s, 2, path) || bind_str(s, 3, reason ? reason : "")) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	r = step_done(st, s);
cleanup:
	stmt_put(s);
	return r;
}

static void read_doc_info(sqlite3_stmt *s, struct store_doc_info *di)
{
	const unsigned char *h;
	memset(di, 0, sizeof(*di));
	di->id = sqlite3_column_int64(s, 0);
	di->path = col_dup(s, 1);
	di->format = col_dup(s, 2);
	h = sqlite3_column_text(s, 3);
	snprintf(di->hash, sizeof(di->hash), "%s", h ? (const char *)h : "");
	di->size = col_size(s, 4);
	di->paragraphs = col_size(s, 5);
	di->furniture = col_size(s, 6);
	di->note_blocks = col_size(s, 7);
	di->links = col_size(s, 8);
	di->last_run = sqlite3_column_int64(s, 9);
	di->first_run = sqlite3_column_int64(s, 10);
	di->blocks = col_size(s, 11);
	di->parser_version = sqlite3_column_int(s, 12);
	/* stored by a scan of a regular file since schema 2; else NULL */
	di->has_stat = sqlite3_column_type(s, 13) != SQLITE_NULL &&
		sqlite3_column_type(s, 17) != SQLITE_NULL;
	if (di->has_stat) {
		di->stat.size = sqlite3_column_int64(s, 13);
		di->stat.mtime_ns = sqlite3_column_int64(s, 14);
		di->stat.ctime_ns = sqlite3_column_int64(s, 15);
		di->stat.ino = sqlite3_column_int64(s, 16);
		di->stat.seen_ns = sqlite3_column_int64(s, 17);
	}
}

enum store_result store_docs_list(struct store *st, struct store_doc_info **out, size_t *nr)
{
	sqlite3_stmt *s = NULL;
	struct store_doc_info *v = NULL;
	size_t n = 0, alloc = 0;
	enum store_result r;
	int rc;

	*out = NULL;
	*nr = 0;
	r = stmt_get(st, STMT_DOCS_LIST, &s);
	if (r)
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(v, n + 1, alloc);
		read_doc_info(s, &v[n++]);
	}
	if (rc != SQLITE_DONE) {
		r = store_set_error(st, rc);
		store_doc_info_free(v, n);
		goto cleanup;
	}
	*out = v;
	*nr = n;
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_doc_get(struct store *st, const char *path, struct store_doc_info **out)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int rc;

	*out = NULL;
	r = stmt_get(st, STMT_DOC_GET, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, path)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = xmalloc(sizeof(**out));
		read_doc_info(s, *out);
	} else if (rc == SQLITE_DONE) {
		r = STORE_ERR_NOTFOUND;
	} else {
		r = store_set_error(st, rc);
	}
cleanup:
	stmt_put(s);
	return r;
}

void store_doc_info_free(struct store_doc_info *v, size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++) {
		free(v[i].path);
		free(v[i].format);
	}
	free(v);
}

/* JSON array of fd's related locations into sb (nothing if none). */
static void related_json(const struct finding *fd, struct strbuf *sb)
{
	size_t i;
	if (!fd->nr_related)
		return;
	strbuf_addch(sb, '[');
	for (i = 0; i < fd->nr_related; i++) {
		const struct finding_loc *l = &fd->related[i];
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addstr(sb, "{\"doc\":");
		if (l->doc)
			strbuf_add_json_str(sb, l->doc, strlen(l->doc));
		else
			strbuf_addstr(sb, "null");
		strbuf_addf(sb, ",\"line\":%zu,\"col\":%zu,\"quote\":", l->line, l->col);
		if (l->quote)
			strbuf_add_json_str(sb, l->quote, strlen(l->quote));
		else
			strbuf_addstr(sb, "null");
		strbuf_addstr(sb, ",\"note\":");
		if (l->note)
			strbuf_add_json_str(sb, l->note, strlen(l->note));
		else
			strbuf_addstr(sb, "null");
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

static enum store_result put_finding(struct store *st, sqlite3_stmt *s, int64_t run_id,
				     const char *stage, const struct finding *fd)
{
	struct strbuf rel = STRBUF_INIT;
	enum store_result r;

	related_json(fd, &rel);
	if (sqlite3_bind_int64(s, 1, run_id) || bind_str(s, 2, stage) ||
	    bind_str(s, 3, fd->id) || bind_str(s, 4, fd->kind) ||
	    bind_str(s, 5, severity_name(fd->severity)) || bind_str(s, 6, fd->doc) ||
	    bind_size(s, 7, fd->line) || bind_size(s, 8, fd->col) ||
	    bind_size(s, 9, fd->src_start) || bind_size(s, 10, fd->src_end) ||
	    bind_str(s, 11, fd->quote) || bind_str(s, 12, fd->message ? fd->message : "") ||
	    bind_str(s, 13, fd->suggestion) ||
	    (rel.len ? bind_mem(s, 14, rel.buf, rel.len) : sqlite3_bind_null(s, 14)))
		r = store_set_error(st, SQLITE_MISUSE);
	else
		r = step_done(st, s);
	stmt_put(s);
	strbuf_release(&rel);
	return r;
}

enum store_result store_findings_put(struct store *st, int64_t run_id, const char *stage,
				     const struct findings *f)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	size_t i;

	r = store_begin(st);
	if (r)
		return r;
	r = stmt_get(st, STMT_FINDINGS_DELETE, &s);
	if (r)
		goto rollback;
	if (sqlite3_bind_int64(s, 1, run_id) || bind_str(s, 2, stage)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto rollback;
	}
	r = step_done(st, s);
	stmt_put(s);
	s = NULL;
	if (r)
		goto rollback;
	r = stmt_get(st, STMT_FINDING_INSERT, &s);
	for (i = 0; !r && f && i < f->nr; i++)
		r = put_finding(st, s, run_id, stage, &f->v[i]);
	s = NULL;
	if (r)
		goto rollback;
	r = store_commit(st);
	if (r)
		goto rollback;
	return STORE_OK;
rollback:
	stmt_put(s);
	store_rollback(st);
	return r;
}

static enum store_result get_related(struct store *st, const char *json, struct finding *fd)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int rc;

	r = stmt_get(st, STMT_RELATED, &s);
	if (r)
		goto cleanup;
	if (bind_str(s, 1, json)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		finding_add_related_loc(fd, (const char *)sqlite3_column_text(s, 0),
					col_size(s, 1), col_size(s, 2),
					(const char *)sqlite3_column_text(s, 3),
					(const char *)sqlite3_column_text(s, 4));
	if (rc != SQLITE_DONE)
		r = store_set_error(st, rc);
cleanup:
	stmt_put(s);
	return r;
}

static enum store_result findings_get(struct store *st, int64_t run_id, const char *stage,
				      const struct strmap *skip, struct findings *out)
{
	sqlite3_stmt *s = NULL;
	enum store_result r;
	int rc;

	r = stmt_get(st, STMT_FINDINGS_GET, &s);
	if (r)
		goto cleanup;
	if (sqlite3_bind_int64(s, 1, run_id) || bind_str(s, 2, stage)) {
		r = store_set_error(st, SQLITE_MISUSE);
		goto cleanup;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct finding *fd;
		const unsigned char *t;
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		fd = &out->v[out->nr++];
		memset(fd, 0, sizeof(*fd));
		t = sqlite3_column_text(s, 0);
		snprintf(fd->id, sizeof(fd->id), "%s", t ? (const char *)t : "");
		fd->kind = col_dup(s, 1);
		if (!fd->kind)
			fd->kind = xstrdup("");
		fd->stage = col_dup(s, 2);
		t = sqlite3_column_text(s, 3);
		if (!t || severity_parse((const char *)t, &fd->severity) < 0)
			fd->severity = SEV_INFO;
		if (skip && strmap_get(skip, fd->id, strlen(fd->id))) {
			/* still reported: a stub is enough to compare with */
			fd->message = xstrdup("");
			continue;
		}
		fd->doc = col_dup(s, 4);
		fd->line = col_size(s, 5);
		fd->col = col_size(s, 6);
		fd->src_start = col_size(s, 7);
		fd->src_end = col_size(s, 8);
		fd->quote = col_dup(s, 9);
		fd->message = col_dup(s, 10);
		if (!fd->message)
			fd->message = xstrdup("");
		fd->suggestion = col_dup(s, 11);
		t = sqlite3_column_text(s, 12);
		if (t) {
			r = get_related(st, (const char *)t, fd);
			if (r)
				goto cleanup;
		}
	}
	if (rc != SQLITE_DONE)
		r = store_set_error(st, rc);
cleanup:
	stmt_put(s);
	return r;
}

enum store_result store_findings_get(struct store *st, int64_t run_id, const char *stage,
				     struct findings *out)
{
	return findings_get(st, run_id, stage, NULL, out);
}

enum store_result store_findings_get_since(struct store *st, int64_t run_id,
					   const struct findings *cur, struct findings *out)
{
	struct strmap ids = STRMAP_INIT;
	enum store_result r;
	size_t i;

	/* a hash join on the finding ids: the keys are cur's own id arrays */
	for (i = 0; cur && i < cur->nr; i++)
		strmap_put(&ids, cur->v[i].id, strlen(cur->v[i].id), i, NULL);
	r = findings_get(st, run_id, NULL, &ids, out);
	strmap_release(&ids);
	return r;
}
