/*
 * pipeline.h - the per-document stages that 'scan' and 'check' share.
 *
 * On a parsed document: references (refs_parse()) and the extraction of
 * claims (claims_add_doc(): dates, figures, entities; the reconciliation
 * across documents stays with 'check' and 'claims'). Then the document
 * is stored with the rows of both, callouts, entries, notes and claims,
 * replacing its old rows inside one transaction: its own, or that of
 * the batch of documents it is written in (struct pipeline_batch). A
 * killed run loses at most the documents of its open batch and leaves
 * no half-written one, and the store holds the same rows whichever
 * command wrote a document.
 */
#ifndef PROVCHECK_PIPELINE_H
#define PROVCHECK_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include "store.h"

struct doc;
struct refs;
struct refs_options;
struct claim_set;
struct claim_callout;
struct file_stat;
struct strbuf;

/* What the stages found in one document. */
struct pipeline_doc {
	struct refs *refs;      /* owned; NULL until pipeline_run() */
	size_t claims_doc;      /* the document's index in the claim set, SIZE_MAX if none */
	int refs_limit;         /* a cap on callouts or entries was hit (and warned about) */
	/*
	 * The cap on claims (claim_set.max_claims, else CLAIMS_MAX):
	 * PIPELINE_CAP_HIT if reached in this document (the claims found
	 * before it are kept), PIPELINE_CAP_FULL if the set was full before
	 * it (its claims were not read; claims_doc is SIZE_MAX). Not warned
	 * about by pipeline_run(): only the caller knows whether the set
	 * holds one document (scan) or the corpus (check, struct pipeline_cap).
	 */
	int claims_limit;
};

enum { PIPELINE_CAP_HIT = 1, PIPELINE_CAP_FULL = 2 };

void pipeline_doc_init(struct pipeline_doc *p);
/* Frees p->refs; p may be used again after pipeline_doc_init(). */
void pipeline_doc_release(struct pipeline_doc *p);

/*
 * Runs refs and then claims extraction on d, the claims going into set
 * (whose claims cite the callouts refs resolved). A cap on references is
 * warned about, naming d's path; one on claims is left to the caller
 * (p->claims_limit). What was found before a cap is kept. ro may be
 * NULL (defaults).
 */
void pipeline_run(struct pipeline_doc *p, const struct doc *d, const struct refs_options *ro,
		  struct claim_set *set);

/*
 * Stores d (as store_doc_put_stat(); fs may be NULL) with the callouts,
 * entries and notes of p->refs and the claims of set->docs[p->claims_doc]
 * in one transaction, replacing everything stored for d's path. Inside a
 * batch (pipeline_batch_begin()) it joins the batch's transaction: on
 * error the batch is tainted and pipeline_batch_commit() rolls it back
 * whole. Outside one, on error nothing of d is written. Either way *doc_id
 * is 0 on error and store_errmsg() says why.
 */
enum store_result pipeline_store_doc(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, const struct pipeline_doc *p,
				     struct claim_set *set, int64_t *doc_id);

/*
 * A batch: the writes of several documents (and of anything else the
 * caller writes meanwhile) in one transaction, because one transaction
 * per document made SQLite rewrite, per document, every index page its
 * rows touched (155 MB of WAL for a 12 MB store). Each document still
 * replaces its rows inside the batch, so no commit leaves one
 * half-written; a kill loses the open batch, whose documents the next
 * run parses again.
 *
 * Inside a batch every store_begin() joins it (store_join()) instead of
 * opening a savepoint: a savepoint costs a sub-journal copy of every page
 * first touched under it, most of a document's pages. The price is that
 * a write failing halfway through a document taints the whole batch,
 * which pipeline_batch_commit() then rolls back. Only store errors fail
 * halfway, and they end the run anyway; an unreadable file or a cap fails
 * before any write of the document (and writes one whole error row).
 */
struct pipeline_batch {
	struct store *st;       /* borrowed */
	size_t docs;            /* documents written in the open batch */
	size_t bytes;           /* their source bytes */
	uint64_t opened_ms;     /* CLOCK_MONOTONIC when it was opened */
	int open;
};

void pipeline_batch_init(struct pipeline_batch *b, struct store *st);
/* Opens a batch (BEGIN IMMEDIATE) unless one is open. */
enum store_result pipeline_batch_begin(struct pipeline_batch *b);
/* Counts one document of bytes source bytes written in the open batch. */
void pipeline_batch_add(struct pipeline_batch *b, size_t bytes);
/*
 * Whether the open batch has reached max_docs documents, max_bytes
 * source bytes or max_ms milliseconds since it was opened (0: no bound).
 */
int pipeline_batch_full(const struct pipeline_batch *b, size_t max_docs, size_t max_bytes,
			uint64_t max_ms);
/*
 * Commits the open batch (STORE_OK if none is open). If a write in it
 * failed, or the commit fails, rolls it back whole and returns an error
 * (STORE_ERR_INTERNAL if the failed write already returned its own).
 */
enum store_result pipeline_batch_commit(struct pipeline_batch *b);
/* Rolls back the open batch, if any. */
void pipeline_batch_rollback(struct pipeline_batch *b);

/*
 * The corpus-wide cap on claims, told once rather than once per
 * document left unread (4,175 warnings on a 200 MB corpus): where it was
 * reached and how many documents it left unread.
 */
struct pipeline_cap {
	char *path;             /* owned; where it was reached, NULL until then */
	size_t remaining;       /* documents after path whose claims were not read */
	size_t cap;
};

void pipeline_cap_init(struct pipeline_cap *c);
void pipeline_cap_release(struct pipeline_cap *c);
/* Takes note of p, the stages' result on the document at path. */
void pipeline_cap_note(struct pipeline_cap *c, const struct pipeline_doc *p, const char *path,
		       const struct claim_set *set);
/*
 * Appends the warning to msg ("claims cap (100000) reached at 'F'; claims
 * of the N remaining documents were not read") and returns 1 if the cap
 * was reached; else returns 0.
 */
int pipeline_cap_message(const struct pipeline_cap *c, struct strbuf *msg);

/*
 * The callouts of r as claim sources, one per target: its label and the
 * text of the entry it links to (borrowed from r). The array is new
 * (the caller frees it, not its strings); NULL when there is none.
 */
struct claim_callout *pipeline_claim_sources(const struct refs *r, size_t *nr);

#endif
