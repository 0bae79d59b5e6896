/*
 * refs.h - citations of one document: callouts, notes and reference
 * lists, linked and audited.
 *
 * refs_parse() runs in phases on a loaded document:
 *   1. lists (notes.c), on the note areas the document model found
 *      (BLOCK_NOTES blocks): note numbers to bodies (stacked numbers,
 *      a body without a number, the rest of a note carried over to the
 *      next page), numbered and unnumbered lists, unheaded "(1) See:"
 *      lists left as paragraphs at the end, Markdown [^n]: definitions;
 *   2. callouts (callout.c): bracketed numbers, parenthetical note
 *      numbers when a "(n)" notes list exists, footnote markers flattened
 *      into words when a footnote area backs them, superscripts,
 *      Markdown [^n];
 *   3. linking: every callout target to its entry, with its locator.
 * refs_audit() turns what does not add up into findings (stage "refs").
 *
 * struct refs and everything it points to is owned by it. It does not
 * need the document once refs_parse() has returned: positions (line,
 * column), quoted callout texts, entry texts and the findings are taken
 * while the document is at hand, so that a pipeline can free each
 * document right after refs_parse() and keep only what reports need.
 * Offsets named start/end still refer to that document's doc->text.
 */
#ifndef PROVCHECK_REFS_H
#define PROVCHECK_REFS_H

#include <stddef.h>
#include "entry.h"
#include "store.h"

struct doc;
struct findings;
struct strbuf;

enum refs_result {
	REFS_OK = 0,
	REFS_ERR_LIMIT          /* a cap (callouts, entries) was hit; what was found is kept */
};

const char *refs_strerror(enum refs_result r);

/* How a callout is written. */
enum refs_scheme {
	REFS_SCHEME_BRACKET = 0,   /* [5], [1-5], [2; p.7] */
	REFS_SCHEME_FOOTNOTE,      /* marker flattened into the text: Congress2. */
	REFS_SCHEME_NOTE,          /* parenthetical (1) with a (1) notes list */
	REFS_SCHEME_SUPERSCRIPT,   /* Unicode superscript digits or <sup> */
	REFS_SCHEME_MARKDOWN       /* [^n] */
};

const char *refs_scheme_name(enum refs_scheme s);

/* One number a callout points to. */
struct refs_target {
	long number;
	char sub;               /* 'a' in [4a], else 0 */
	char label[16];         /* "4a", "12": the number as cited */
	char *locator;          /* "p.179", "pp. 157 - 158"; owned, may be NULL */
	char *prefix;           /* "see more in", "c.f."; owned, may be NULL */
	long entry;             /* index into refs->entries, -1 if none */
};

struct refs_callout {
	enum refs_scheme scheme;
	size_t start, end;      /* in doc->text */
	size_t src_start, src_end;
	size_t line, col;       /* 1-based, of src_start */
	char *text;             /* the callout as written in the source; owned */
	struct refs_target *targets;
	size_t nr_targets, alloc_targets;
};

/* What a list is. */
enum refs_list_kind {
	REFS_LIST_REFERENCES = 0,  /* bibliography: "1. CPV: ...", "[3] ..." */
	REFS_LIST_ENDNOTES,        /* notes at the end: "(1) See: ...", under "Notes" */
	REFS_LIST_FOOTNOTES,       /* notes at the foot of pages, after separators */
	REFS_LIST_MARKDOWN         /* [^n]: definitions */
};

const char *refs_list_kind_name(enum refs_list_kind k);

enum refs_entry_kind {
	REFS_ENTRY_REFERENCE = 0,  /* an item of a reference list */
	REFS_ENTRY_CITATION,       /* a note that names a source */
	REFS_ENTRY_DISCURSIVE      /* a note that adds a remark */
};

const char *refs_entry_kind_name(enum refs_entry_kind k);

struct refs_entry {
	long number;
	char label[16];         /* as numbered: "1", "4a", "note" (markdown labels) */
	enum refs_entry_kind kind;
	size_t list;            /* index into refs->lists */
	char *text;             /* the body, lines joined; owned */
	size_t start, end;      /* in doc->text: from its first line to its last piece */
	size_t src_start, src_end;  /* where the body (or its number) starts and ends */
	size_t line, col;       /* 1-based, of src_start */
	size_t nr_pieces;       /* 2+ when the body was split (across a page) */
	struct entry_fields fields;
	long repeats;           /* Ibid., op. cit., supra: index of the entry repeated, or -1 */
	size_t cited;           /* callout targets linked to it */
};

struct refs_list {
	enum refs_list_kind kind;
	size_t src_start;       /* heading or first entry */
	size_t line;            /* 1-based, of src_start */
	size_t first, nr;       /* entries[first .. first + nr) */
	char heading[48];       /* the heading word, may be empty */
};

struct refs {
	const struct doc *doc;  /* only during refs_parse(); NULL afterwards */
	char *path;             /* the document's path; owned */
	struct refs_callout *callouts;
	size_t nr_callouts, alloc_callouts;
	struct refs_entry *entries;
	size_t nr_entries, alloc_entries;
	struct refs_list *lists;
	size_t nr_lists, alloc_lists;
	/* doc->text ranges that are lists or note areas (not running text), sorted */
	size_t *skip;           /* pairs: start, end */
	size_t nr_skip, alloc_skip;
	size_t footnote_gaps;   /* expected markers the run skipped */
	size_t max_callouts, max_entries;
	int hit_limit;
	struct findings *audit; /* computed by refs_parse(), copied out by refs_audit() */
};

struct refs_options {
	int footnote_min_run;   /* [refs] footnote_min_run; default 2 */
	size_t max_callouts;    /* default 100000 */
	size_t max_entries;     /* default 20000 */
};

void refs_options_init(struct refs_options *o);

/*
 * Finds the callouts, notes and lists of d, links and audits them. *out
 * is a new struct refs (never NULL) that the caller frees with
 * refs_free(); d may be freed as soon as this returns.
 */
enum refs_result refs_parse(const struct doc *d, const struct refs_options *o, struct refs **out);
void refs_free(struct refs *r);

/* Adds (copies of) the findings of r to f (stage "refs"); may be called more than once. */
void refs_audit(const struct refs *r, struct findings *f);

/*
 * Writes the callouts of r to the store's callouts table, the items of
 * its reference lists to entries and those of its note lists
 * (footnotes, endnotes, Markdown definitions) to notes, as rows of the
 * stored document doc_id, replacing the rows it had: one transaction,
 * nested in the caller's if one is open (docs/schema.md). Returns the
 * store's result; store_errmsg() says more.
 */
enum store_result refs_store_doc(const struct refs *r, struct store *st, int64_t doc_id);

/*
 * Whether r->entries[i] (i < r->nr_entries) is an item of a reference
 * list, stored in entries, rather than a note, stored in notes. The
 * two tables share their idx: the entry's i.
 */
int refs_entry_is_reference(const struct refs *r, size_t i);

/* One target of a callout, for a stage that cites sources (claims). */
struct refs_cite {
	size_t start, end;      /* the callout in doc->text */
	const char *label;      /* "4a", "12"; borrowed from r */
	const char *entry;      /* the linked entry's text, NULL if unlinked; borrowed from r */
	long entry_index;       /* index into r->entries, -1 if unlinked */
	const char *locator;    /* "p.179", or NULL; borrowed from r */
	enum refs_scheme scheme;
};

/* Index of the first callout (they are sorted) that starts at or after text offset off. */
size_t refs_callout_at(const struct refs *r, size_t off);

/*
 * The targets of the callouts lying inside doc->text[start, end), in
 * reading order: fills out[0 .. min(count, max)) and returns the count.
 * The strings are borrowed from r and live as long as it does.
 */
size_t refs_cites_in(const struct refs *r, size_t start, size_t end,
		     struct refs_cite *out, size_t max);

/*
 * Appends the JSON object of one document: "document", "callouts",
 * "entries", "lists", "findings" (those of f about r's document).
 */
void refs_write_json(const struct refs *r, const struct findings *f, struct strbuf *sb);
/* Appends a plain-text listing of the same. */
void refs_write_text(const struct refs *r, const struct findings *f, struct strbuf *sb);

/*
 * Length of a leading entry number ("12. ", "(3) ", "[4] ", "4a. ")
 * of s[0..n), blanks after it included; 0 if none. *number gets its
 * value (may be NULL).
 */
size_t refs_entry_number_len(const char *s, size_t n, long *number);

/* Internal phases (notes.c, callout.c), exposed for tests. */
void refs_find_lists(struct refs *r);
void refs_find_callouts(struct refs *r, const struct refs_options *o);
/*
 * Parses the inside of a bracketed callout s[0..n) ("1; p.179; see more
 * in 2, 3, 4") into c's targets. Returns 1 if it is a callout, else 0
 * (c's targets are then emptied).
 */
int refs_parse_bracket(const char *s, size_t n, struct refs_callout *c);
void refs_callout_release(struct refs_callout *c);

#endif
