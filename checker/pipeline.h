/*
 * pipeline.h - the per-document stages that 'scan' and 'check' share.
 *
 * On a parsed document: references (refs_parse()) and the extraction of
 * claims (claims_add_doc(): dates, figures, entities; the reconciliation
 * across documents stays with 'check' and 'claims'). Then the document
 * is stored with the rows of both, callouts, entries, notes and claims,
 * in the document's one transaction: a killed run loses no document
 * and leaves no half-written one, and the store holds the same rows
 * whichever command wrote a document.
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

/* What the stages found in one document. */
struct pipeline_doc {
	struct refs *refs;      /* owned; NULL until pipeline_run() */
	size_t claims_doc;      /* the document's index in the claim set, SIZE_MAX if none */
	int refs_limit;         /* a cap on callouts or entries was hit (and warned about) */
	int claims_limit;       /* the cap on claims was hit (and warned about) */
};

void pipeline_doc_init(struct pipeline_doc *p);
/* Frees p->refs; p may be used again after pipeline_doc_init(). */
void pipeline_doc_release(struct pipeline_doc *p);

/*
 * Runs refs and then claims extraction on d, the claims going into set
 * (whose claims cite the callouts refs resolved). A cap hit is not a
 * silent truncation: it is warned about, naming d's path, and what was
 * found before it is kept. ro may be NULL (defaults).
 */
void pipeline_run(struct pipeline_doc *p, const struct doc *d, const struct refs_options *ro,
		  struct claim_set *set);

/*
 * Stores d (as store_doc_put_stat(); fs may be NULL) with the callouts,
 * entries and notes of p->refs and the claims of set->docs[p->claims_doc]
 * in one transaction (nested in the caller's if one is open), replacing
 * everything stored for d's path. On error nothing of d is written and
 * *doc_id is 0; store_errmsg() says why.
 */
enum store_result pipeline_store_doc(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, const struct pipeline_doc *p,
				     struct claim_set *set, int64_t *doc_id);

/*
 * The callouts of r as claim sources, one per target: its label and the
 * text of the entry it links to (borrowed from r). The array is new
 * (the caller frees it, not its strings); NULL when there is none.
 */
struct claim_callout *pipeline_claim_sources(const struct refs *r, size_t *nr);

#endif
