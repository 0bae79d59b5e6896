/*
 * store.h - the embedded SQLite store.
 *
 * One database file (default provcheck.db) holds documents, their text
 * spans, references, claims, URLs, link checks (the full history) and
 * runs. The schema is versioned with PRAGMA user_version and upgraded
 * by forward migrations on open; the journal is WAL so that a reader
 * and a writer can work at once, with a busy timeout. Every statement
 * is prepared; each document is written whole inside one transaction
 * (its own, or its batch's: pipeline.h), so a run killed at any point
 * leaves the store consistent.
 *
 * struct store is opaque. Strings passed in are copied; strings handed
 * out are owned by the caller unless said otherwise.
 */
#ifndef PROVCHECK_STORE_H
#define PROVCHECK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "filestat.h"

struct doc;
struct strbuf;
struct findings;

enum store_result {
	STORE_OK = 0,
	STORE_ERR_OPEN,         /* cannot open or create the file */
	STORE_ERR_NOTDB,        /* the file is not a provcheck store */
	STORE_ERR_NEWER,        /* written by a newer provcheck (schema version too high) */
	STORE_ERR_BUSY,         /* locked by another writer past the timeout */
	STORE_ERR_IO,           /* disk full, read-only, I/O error */
	STORE_ERR_CORRUPT,
	STORE_ERR_NOTFOUND,
	STORE_ERR_INTERNAL,     /* a bug: misuse of SQLite */
	STORE_ERR_OLDER         /* read-only open of a store that needs upgrading */
};

const char *store_strerror(enum store_result r);

/* Latest schema version this build writes. */
#define STORE_SCHEMA_VERSION 6

/*
 * Version of the document model's parser. A stored document parsed by
 * another version is not "unchanged": bump this whenever doc_parse()
 * would give different blocks, furniture or links for the same bytes,
 * or the per-document stages different rows. 2: documents are stored
 * with their callouts, entries, notes and claims (pipeline.h).
 */
#define STORE_PARSER_VERSION 2

/* application_id of a provcheck store ("PROV"). */
#define STORE_APPLICATION_ID 0x50524f56

struct store;

/*
 * Opens (creating if needed) and migrates the store at path. On error
 * *out is NULL and errmsg (if not NULL) gets SQLite's own words.
 */
enum store_result store_open(const char *path, struct store **out, struct strbuf *errmsg);
/* Opens an existing store without migrating or writing. */
enum store_result store_open_readonly(const char *path, struct store **out, struct strbuf *errmsg);
void store_close(struct store *st);
int store_schema_version(struct store *st);
/* Message of the last SQLite error on this connection (static to st). */
const char *store_errmsg(struct store *st);

/*
 * Runs: a run row is written when a command starts and closed when it
 * ends. store_run_begin() first closes as "interrupted" every run left
 * open by a process that no longer exists (killed, crashed).
 */
enum store_result store_run_begin(struct store *st, const char *command, int64_t *run_id);
/* status: "ok", "failed", "interrupted". STORE_ERR_NOTFOUND if no such run. */
enum store_result store_run_end(struct store *st, int64_t run_id, const char *status);
/*
 * The completed ("ok" or "failed") run of the same command that came
 * before run_id, for "new since last run" reports. STORE_ERR_NOTFOUND
 * (and *prev = 0) if there is none.
 */
enum store_result store_run_previous(struct store *st, int64_t run_id, const char *command,
				     int64_t *prev);
/* The last completed run of command (NULL: of any command), or STORE_ERR_NOTFOUND. */
enum store_result store_run_last(struct store *st, const char *command, int64_t *run_id);

/*
 * Documents. store_doc_unchanged() sets *unchanged to 1 when path is
 * stored with the same content hash and the same parser version (then
 * the caller need not parse it again) and returns its id in *doc_id.
 */
enum store_result store_doc_unchanged(struct store *st, const char *path,
				      const uint8_t hash[32], int *unchanged, int64_t *doc_id);
/*
 * Writes d (document row, lines summary, blocks, furniture, links) in
 * one transaction, replacing what was stored for the same path, and
 * marks it seen in run_id.
 */
enum store_result store_doc_put(struct store *st, int64_t run_id, const struct doc *d,
				int64_t *doc_id);
/*
 * As store_doc_put(), also recording fs (may be NULL: none) as the
 * stat data of the file the document was read from, for the next
 * scan's filestat_clean(). Take fs before reading the file.
 */
enum store_result store_doc_put_stat(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, int64_t *doc_id);
/* Marks an unchanged document seen in run_id. */
enum store_result store_doc_touch(struct store *st, int64_t run_id, int64_t doc_id);
/*
 * Marks nr unchanged documents seen in run_id, in one transaction: a
 * re-scan marks thousands, and a transaction (locks, a WAL frame) for
 * each took longer than reading and hashing the files. All or none;
 * STORE_ERR_NOTFOUND if one of them is no longer stored.
 */
enum store_result store_docs_touch(struct store *st, int64_t run_id, const int64_t *doc_ids,
				   size_t nr);
/* An unchanged document to mark seen, with its fresh stat data if has_stat. */
struct store_touch {
	int64_t doc_id;
	int has_stat;
	struct file_stat stat;
};
/*
 * As store_docs_touch(), and replaces the stat data of the documents
 * that have has_stat (a file whose hash proved it unchanged although
 * its stat data moved, or were racily clean: next time they are not).
 */
enum store_result store_docs_touch_stat(struct store *st, int64_t run_id,
					const struct store_touch *v, size_t nr);
/* Records a document that failed to load, with the reason (kept per run). */
enum store_result store_doc_error(struct store *st, int64_t run_id, const char *path,
				  const char *reason);

/* One stored document, as listed by store_docs_list(). */
struct store_doc_info {
	int64_t id;
	char *path;
	char *format;
	char hash[65];
	size_t size;
	size_t paragraphs, furniture, note_blocks, links;
	int64_t last_run;
	int64_t first_run;
	size_t blocks;          /* rows in the blocks table: paragraphs + note_blocks */
	int parser_version;
	/*
	 * The stat data of the file when it was last stored or confirmed
	 * unchanged, if has_stat (not for standard input, nor for rows
	 * written before schema version 2 or by store_doc_put()).
	 */
	int has_stat;
	struct file_stat stat;
};

/* All stored documents, ordered by path. Caller frees with store_doc_info_free(). */
enum store_result store_docs_list(struct store *st, struct store_doc_info **out, size_t *nr);
/*
 * The stored document at path: *out is one new store_doc_info the caller
 * frees with store_doc_info_free(*out, 1); STORE_ERR_NOTFOUND if none.
 */
enum store_result store_doc_get(struct store *st, const char *path, struct store_doc_info **out);
void store_doc_info_free(struct store_doc_info *v, size_t nr);

/* Findings of a run (replacing those of the same stage for that run). */
enum store_result store_findings_put(struct store *st, int64_t run_id, const char *stage,
				     const struct findings *f);
/*
 * Appends to out (initialized by the caller) the findings stored for
 * run_id and stage (NULL: every stage), in the order they were put.
 * src_start/src_end, line and col, quote and related are as stored.
 */
enum store_result store_findings_get(struct store *st, int64_t run_id, const char *stage,
				     struct findings *out);
/*
 * The findings of an earlier run, to compare the current findings cur
 * with (new since then, fixed since then): as store_findings_get() with
 * every stage, but a finding whose id is also in cur comes as a stub
 * (id, kind, stage and severity only; no text, no related locations),
 * which is all the comparison needs of it. Only the fixed findings are
 * read in full, so that loading a run of 500,000 findings unchanged
 * costs a hash look-up per row, not the findings again.
 */
enum store_result store_findings_get_since(struct store *st, int64_t run_id,
					   const struct findings *cur, struct findings *out);

#endif
