/*
 * claims.h - claims: dates and figures bound to the entity they
 * describe, grouped across documents and reconciled.
 *
 * A claim is (entity, attribute, value, hedge, evidence, sources). The
 * entities are named instruments (strategies, resolutions, directives,
 * decisions, decrees, laws, memoranda, white papers, statements,
 * agreements, plans), identifiers ("Resolution No. 22-NQ/TW"),
 * congresses and meetings, publications. Their keys survive variants:
 * ordinals and numerals unified ("Twelfth" = "12th" = "11 th"),
 * identifiers normalized (number and issuer; "No. 22" is compatible
 * with "No. 22-NQ/TW"), aliases applied, and titles compared by the
 * Dice coefficient of their canonical words (threshold
 * [claims] title_similarity).
 *
 * Attributes: "adopted" (adopted, approved, signed, issued, dated,
 * passed, promulgated), "held" (held, convened, inaugurated),
 * "published", "established" (established, founded, launched) and
 * "count" (a hedged number with its counted noun).
 *
 * Statuses of a group (see docs/claims-schema.md): "agree", "variant"
 * (values agree, names differ), "conflict", "changed-over-time" (counts
 * that differ between documents written at different dates: not a
 * conflict by itself), "recurring" (a meeting with no ordinal held at
 * several dates), "single".
 */
#ifndef PROVCHECK_CLAIMS_H
#define PROVCHECK_CLAIMS_H

#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "figures.h"
#include "store.h"

struct doc;
struct findings;
struct strbuf;
struct aliases;
struct refs;
struct tok_list;

/*
 * A callout and what it points to, as the refs stage resolves it: the
 * text range in the document and a label ("[5]", "Cottey and Forster
 * 2004"). Without them, claims lists the bracketed callouts and
 * superscript marks of the sentence as written.
 */
struct claim_callout {
	size_t start, end;      /* in doc->text */
	const char *label;      /* borrowed */
	const char *entry;      /* the reference entry, may be NULL; borrowed */
};

/*
 * The longest quote a claim keeps of its sentence, in bytes (cut on a
 * code point boundary): enough for a reviewer to recognize it, and the
 * set's memory stays bounded by the number of claims, not the corpus.
 */
#define CLAIMS_QUOTE_MAX 400
/*
 * The most sources one claim keeps (callouts, bracketed numbers and
 * note marks of its sentence, in that order): a sentence citing more
 * works is hostile input, and every claim of it would copy them all.
 */
#define CLAIMS_MAX_SOURCES 64

/*
 * A claim owns copies of everything reconciliation and the renderers
 * read (path through its document, locations, quotes): the document it
 * came from may be freed once claims_add_doc() returns. Its strings and
 * its sources array ("owned" below) belong to its set's string chunks,
 * freed by claims_clear() and claims_release(), never one by one.
 */
struct claim {
	size_t doc;                     /* index into set->docs */
	char *entity;                   /* the name as written (owned) */
	char *key;                      /* canonical key (owned) */
	char *entity_words;             /* claims_entity_key() of entity, "" if it has no
					   words: the store's entity column (owned; set by
					   claims_add_doc(), NULL in a claim made otherwise) */
	int kind;                       /* entity kind (internal) */
	char attribute[16];             /* adopted, held, published, established, count */
	char predicate[24];             /* as written: "approved", "(year)" */
	char value[64];                 /* normalized: 2013-04-10, 2016-01, >80 */
	int is_date;
	struct date_value date;
	struct figure fig;              /* for counts */
	size_t sent_start, sent_end;    /* the sentence in the document's text (offsets only) */
	size_t val_start, val_end;      /* the value in the document's text (offsets only) */
	char **sources;                 /* labels (owned) */
	size_t nr_sources;
	int self;                       /* about the document itself ("This article was published") */
	size_t group;
	int64_t row;                    /* id in the store's claims table, 0 if not stored */

	/* copied from the document by claims_add_doc() */
	size_t line, col;               /* of the value, 1-based */
	size_t val_src_start, val_src_end;
	size_t sent_line, sent_col;     /* of the sentence */
	size_t sent_src_start, sent_src_end;
	char *quote;                    /* the sentence in reading text, capped (owned) */
	char *src_quote;                /* the sentence quoted as findings quote (the source as
					   written, the reading text where markup lies inside), capped
					   (owned); NULL when the same as quote */
	char *val_quote;                /* the value, quoted so (owned) */
};

struct claim_group {
	char *entity;                   /* canonical name (owned) */
	char attribute[16];
	char status[20];
	char *reason;                   /* owned */
	size_t *claims;                 /* indices into set->claims */
	size_t nr_claims, alloc_claims;
};

struct claims_doc {
	char *path;                     /* copied (owned) */
	struct date_value date;         /* the document's own date (prec NONE if unknown) */
	size_t first_claim, nr_claims;  /* its claims: set->claims[first_claim...] */
};

struct claims_chunk;

struct claim_set {
	double title_similarity;
	size_t max_claims;              /* 0: CLAIMS_MAX */
	const struct aliases *aliases;  /* borrowed, may be NULL */
	struct claims_doc *docs;
	size_t nr_docs, alloc_docs;
	struct claim *claims;
	size_t nr_claims, alloc_claims;
	struct claim_group *groups;
	size_t nr_groups, alloc_groups;
	struct claims_chunk *chunks;    /* the claims' strings, newest chunk first (owned) */
};

enum claims_result {
	CLAIMS_OK = 0,
	CLAIMS_ERR_LIMIT        /* too many claims (max_claims, CLAIMS_MAX) */
};

#define CLAIMS_MAX 100000
/*
 * Other sides listed per conflict finding. A figure stated differently
 * in hundreds of documents would otherwise list every other statement
 * on every finding: output quadratic in the corpus. The message counts
 * the rest.
 */
#define CLAIMS_MAX_RELATED 8

const char *claims_strerror(enum claims_result r);

/* title_similarity 0..1; aliases may be NULL. */
void claims_init(struct claim_set *set, double title_similarity, const struct aliases *aliases);
void claims_release(struct claim_set *set);
/*
 * Forgets every document, claim and group of set, keeping its settings
 * and the memory of its arrays (and of its newest string chunk) for the
 * next: the per-document path of
 * scan, which stores each document's claims and reconciles nothing, so
 * that nothing accumulates across documents.
 */
void claims_clear(struct claim_set *set);

/*
 * Extracts the claims of d. Nothing of d is kept: the caller may
 * doc_free() it as soon as this returns. anchor: the document's date if
 * known from outside (may be NULL: the metadata date, else the date the
 * text states). callouts (may be NULL) as resolved by refs; they too are
 * copied.
 */
enum claims_result claims_add_doc(struct claim_set *set, const struct doc *d,
				  const struct date_value *anchor,
				  const struct claim_callout *callouts, size_t nr_callouts);

/*
 * Groups the claims by entity and attribute and decides each group's
 * status; adds claim-conflict (error), claim-variant (info) and
 * claim-date-mismatch (warning) findings to f (may be NULL).
 */
void claims_reconcile(struct claim_set *set, struct findings *f);

/*
 * The store (docs/schema.md, tables claims, claim_groups and
 * claim_group_members). claims_store_doc() writes the claims of
 * set->docs[doc] as rows of stored document doc_id, replacing its rows
 * of an earlier run, in one transaction (nested in the caller's if one
 * is open), and sets each claim's row. r, borrowed for the call, is the
 * document's refs whose callouts became the claims' sources
 * (pipeline_run()): a source that refs linked to an entry is stored as
 * its label and the entry's idx in the entries or notes table
 * ({"label":"2","entry":1}), not with the entry's text (docs/schema.md);
 * without r (NULL) each source is stored as the claim holds it.
 * claims_store_groups() writes the groups of a reconciled set for
 * run_id, those stated more than once or not in agreement ("single"
 * groups are the claims table itself), in one transaction. Both return
 * the store's result; store_errmsg() says more.
 */
enum store_result claims_store_doc(struct claim_set *set, size_t doc, const struct refs *r,
				   struct store *st, int64_t doc_id);
enum store_result claims_store_groups(const struct claim_set *set, struct store *st,
				      int64_t run_id);
/*
 * As claims_store_doc(), for a document whose bytes are those stored
 * as doc_id: when its stored rows are exactly those claims_store_doc()
 * would write (same order, every column: a change of aliases or of the
 * refs settings shows), they are kept and each claim's row points at
 * its stored one; otherwise they are written again. Keeping them spares
 * the writes (every claim's indexes) and the groups of earlier runs the
 * loss of their members' rows (claim_group_members.claim).
 */
enum store_result claims_store_doc_keep(struct claim_set *set, size_t doc, const struct refs *r,
					struct store *st, int64_t doc_id);

/*
 * Dice coefficient of the canonical words of two titles (0..1).
 * scratch: a token list (tok.h) owned by the caller, kept across calls
 * so that comparing many titles does not allocate one per name; its
 * contents are overwritten, its array kept (the caller frees it with
 * tok_list_release()). NULL: a list of the call's own.
 */
double claims_title_similarity(const struct aliases *a, const char *x, size_t xn,
			       const char *y, size_t yn, struct tok_list *scratch);

/*
 * Appends to out the canonical key of an entity name (see above), its
 * canonical words separated by spaces. scratch as for
 * claims_title_similarity(). claims_add_doc() keeps it in each claim it
 * makes (entity_words).
 */
void claims_entity_key(const struct aliases *a, const char *s, size_t n, struct tok_list *scratch,
		       struct strbuf *out);

#endif
