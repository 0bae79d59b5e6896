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
 * Rows of one table written several per INSERT. Each statement costs its
 * own setup and halt (cursors opened and closed, the transaction
 * checked, the bindings reset), about a fifth of a row of the
 * per-document tables; a document writes tens of rows to each.
 *
 * head is "INSERT INTO t (a, b, c)", a string with static storage (its
 * address keys the statements); cols its number of columns, at most
 * STORE_ROWS_COLS_MAX. store_rows() writes rows 0 .. nr - 1 in order,
 * STORE_ROWS_MAX per statement, the rest in statements of 8, 4, 2 and 1
 * rows: bind(s, base, i, ctx) binds the values of row i as parameters
 * base + 1 .. base + cols of s, every one of them (NULL too: a statement
 * keeps the bindings of its last use), and returns 0, or nonzero if a
 * bind failed. Values bound SQLITE_STATIC must live until the statement is
 * stepped: the rows of one statement have distinct i % STORE_ROWS_MAX,
 * so a buffer per i % STORE_ROWS_MAX is enough. At most STORE_ROWS_HEADS
 * heads per store (STORE_ERR_INTERNAL past that).
 */
#define STORE_ROWS_MAX 16
#define STORE_ROWS_HEADS 16
#define STORE_ROWS_COLS_MAX 32
typedef int store_bind_row_fn(sqlite3_stmt *s, int base, size_t i, void *ctx);
enum store_result store_rows(struct store *st, const char *head, int cols, size_t nr,
			     store_bind_row_fn *bind, void *ctx);

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
