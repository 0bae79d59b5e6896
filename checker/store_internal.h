/*
 * store_internal.h - controlled access to the store for the library's
 * own modules (refs, links, claims, reports), which keep their prepared
 * statements next to their code but share the store's connection and
 * transactions. Not for the command line or outside callers.
 *
 * Rules for users of store_sqlite():
 *   - prepare with sqlite3_prepare_v3(..., SQLITE_PREPARE_PERSISTENT, ...)
 *     and finalize every statement before store_close();
 *   - write only between store_begin() and store_commit()/store_rollback();
 *   - map SQLite result codes with store_result_from_sqlite() and record
 *     the message with store_set_error() so that store_errmsg() says it.
 */
#ifndef PROVCHECK_STORE_INTERNAL_H
#define PROVCHECK_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>
#include "store.h"

/* The connection (owned by st; valid until store_close()). */
sqlite3 *store_sqlite(struct store *st);

/*
 * Transactions nest: the outermost store_begin() is BEGIN IMMEDIATE
 * (the write lock is taken up front, so a busy store fails early rather
 * than at the first write), inner ones are savepoints. Every
 * store_begin() must be matched by one store_commit() or store_rollback().
 */
enum store_result store_begin(struct store *st);
enum store_result store_commit(struct store *st);
/* Rolls back the innermost open transaction; always closes it. */
enum store_result store_rollback(struct store *st);

/*
 * While on, a store_begin() inside an open transaction joins it instead
 * of opening a savepoint, and the matching commit or rollback only
 * closes that level. Savepoints are not free: SQLite copies the original
 * of every page first written under one to a sub-journal (a temp file
 * past 64 KB), which was more bytes written than the store itself when
 * every document's rows nested three savepoints in its transaction. The
 * caller that turns it on owns the level below: when anything failed it
 * rolls that back whole. Turning it off returns 1 if a joined level was
 * rolled back since it was turned on (then the caller must roll back),
 * else 0.
 */
int store_join(struct store *st, int on);
/* Whether store_join() is on: a caller that nests in a joining level leaves it on. */
int store_joining(const struct store *st);

/* The parts of a document written by other modules, for store_doc_take_new(). */
enum store_doc_part {
	STORE_DOC_REFS = 1,     /* callouts, entries, notes (refs_store_doc()) */
	STORE_DOC_CLAIMS = 2,   /* claims (claims_store_doc()) */
};

/*
 * Whether the rows of part for doc_id can be written without deleting
 * any first, as the first write of that part to the document row that
 * the last store_doc_put() or store_doc_put_stat() inserted, inside a
 * transaction still open, where no row was at its path: then no row of
 * a per-document table refers to it yet (a deleted document's rows go
 * with it, ON DELETE CASCADE, which the blocks, furniture and links of a
 * new row rely on too), and a DELETE (about 27 K instructions per
 * statement, deleting nothing) can be skipped. Returns 1 once per part
 * and row: a second write of the same part in the same transaction
 * deletes what the first wrote. 0 once that transaction is committed or
 * any level of it rolled back, after a store_doc_put*() that replaced a
 * row, and for any other id.
 */
int store_doc_take_new(struct store *st, int64_t doc_id, enum store_doc_part part);

/* Maps an SQLite result code (primary or extended) to a store result. */
enum store_result store_result_from_sqlite(int rc);
/*
 * Records rc and the connection's current message as the last error of
 * st (read back by store_errmsg()) and returns the mapped result.
 */
enum store_result store_set_error(struct store *st, int rc);

/*
 * The prepared statement of sql, a string with static storage (its
 * address is the key: one statement per string), prepared on first use
 * and kept until store_close(), which finalizes it. Modules that write
 * rows per document use it instead of preparing per call. *out is
 * borrowed from st; reset it (sqlite3_reset) after stepping. At most
 * 32 such statements per store (STORE_ERR_INTERNAL past that).
 */
enum store_result store_stmt(struct store *st, const char *sql, sqlite3_stmt **out);

/*
 * Steps s, a statement that returns no row, to completion, then resets
 * it and clears its bindings for the next use: STORE_OK, or the error
 * recorded with store_set_error().
 */
enum store_result store_step_reset(struct store *st, sqlite3_stmt *s);

/*
 * The rows of one table, written by one INSERT ... SELECT per call that
 * reads them from the caller's arrays through a virtual table of the
 * store's connection (provcheck_rows): no statement per row or per
 * handful of rows (each one costs its own setup and halt, cursors opened
 * and closed, the transaction checked, about a fifth of a row), no
 * parameter bound per value (about as much as the row's record), and
 * one prepared statement per table.
 *
 * head is "INSERT INTO t (a, b, c)", a string with static storage (its
 * address keys the statements); cols its number of columns, 1 to
 * STORE_ROWS_COLS_MAX. store_rows() writes rows 0 .. nr - 1 in order:
 * fill(cells, i, ctx) sets cells[0 .. cols - 1] to the values of row i
 * (every one of them: the cells keep the values of the last row) and
 * returns 0, or nonzero if the row cannot be written, which fails the
 * call (STORE_ERR_INTERNAL; the rows before it are written: roll back).
 * Text a cell points to must stay valid until the next call of fill or
 * the return of store_rows(): one buffer per column is enough. At most
 * STORE_ROWS_HEADS heads per store (STORE_ERR_INTERNAL past that).
 */
#define STORE_ROWS_HEADS 16
#define STORE_ROWS_COLS_MAX 32

/* One value of a row for store_rows(): SQL NULL, an integer, or text (p, n; borrowed). */
enum store_cell_type { STORE_CELL_NULL, STORE_CELL_INT, STORE_CELL_TEXT };
struct store_cell {
	enum store_cell_type type;
	int64_t i;
	const char *p;
	size_t n;
};

static inline void store_cell_null(struct store_cell *c)
{
	c->type = STORE_CELL_NULL;
}

static inline void store_cell_int(struct store_cell *c, int64_t v)
{
	c->type = STORE_CELL_INT;
	c->i = v;
}

/* n bytes of UTF-8 text at p; SQL NULL when p is NULL. */
static inline void store_cell_mem(struct store_cell *c, const char *p, size_t n)
{
	c->type = p ? STORE_CELL_TEXT : STORE_CELL_NULL;
	c->p = p;
	c->n = n;
}

/* A NUL-terminated string; SQL NULL when s is NULL. */
static inline void store_cell_str(struct store_cell *c, const char *s)
{
	store_cell_mem(c, s, s ? strlen(s) : 0);
}

typedef int store_row_fn(struct store_cell *cells, size_t i, void *ctx);
enum store_result store_rows(struct store *st, const char *head, int cols, size_t nr,
			     store_row_fn *fill, void *ctx);

/*
 * A forward migration: the scripts of sql (NULL-terminated; each may
 * hold several statements) bring the schema from version - 1 to version.
 */
struct store_migration {
	int version;
	const char *const *sql;
};

/*
 * As store_open(), with extra migrations applied after the built-in
 * ones (versions must follow STORE_SCHEMA_VERSION in order). For tests
 * of migrations from a future version; extra may be NULL.
 */
enum store_result store_open_migrations(const char *path, const struct store_migration *extra,
					size_t nr_extra, struct store **out, struct strbuf *errmsg);

#endif
