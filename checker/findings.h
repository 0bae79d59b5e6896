/*
 * findings.h - the one findings model every stage reports into and
 * every renderer (reports/) reads.
 *
 * A finding points to a document, a 1-based line and column and the
 * quoted source text; it may name related locations (the other side of
 * a conflict) and a suggestion. Its id is stable across runs: a hash of
 * the kind, the document path and a key the stage chooses (by default
 * the quoted text), so that a report can say what is new and what was
 * fixed since the last run.
 *
 * All strings in these structs are owned by the findings list.
 */
#ifndef PROVCHECK_FINDINGS_H
#define PROVCHECK_FINDINGS_H

#include <stddef.h>

struct doc;

enum severity {
	SEV_INFO = 0,
	SEV_WARNING,
	SEV_ERROR
};

const char *severity_name(enum severity s);
/* Parses "info", "warning", "error"; returns -1 if unknown. */
int severity_parse(const char *s, enum severity *out);

struct finding_loc {
	char *doc;              /* path */
	size_t line, col;       /* 1-based; 0 if unknown */
	char *quote;            /* may be NULL */
	char *note;             /* what this location is, may be NULL */
	int pooled;             /* the strings belong to the list's pool, not to this */
};

struct finding {
	char id[17];            /* 16 hex digits */
	char *kind;             /* e.g. "dangling-callout", "link-broken", "claim-conflict" */
	char *stage;            /* "scan", "refs", "links", "claims" */
	enum severity severity;
	char *doc;              /* path; NULL for corpus-wide findings */
	size_t line, col;       /* 1-based; 0 if not about a position */
	size_t src_start, src_end;
	char *quote;            /* source text as written (the reading text where the
				   range spans markup or furniture), may be NULL */
	char *message;          /* one lowercase sentence */
	char *suggestion;       /* may be NULL */
	struct finding_loc *related;
	size_t nr_related, alloc_related;
};

struct findings_pool;

struct findings {
	struct finding *v;
	size_t nr, alloc;
	/*
	 * Strings shared by related locations (findings_add_related_pooled()):
	 * the same few passages named by hundreds of findings are kept once.
	 * NULL until used; freed with the list.
	 */
	struct findings_pool *pool;
	/*
	 * The hash state of the last finding id's kind and path (findings.c):
	 * a document's findings come one after another. NULL until used;
	 * freed with the list.
	 */
	struct findings_id_prefix *id_prefix;
};

void findings_init(struct findings *f);
void findings_release(struct findings *f);
/*
 * Moves every finding of src to the end of dst, with the strings they
 * share (a struct copy of the findings would leave those behind); src
 * is left empty and initialized.
 */
void findings_move(struct findings *dst, struct findings *src);

/*
 * Adds a finding about doc->text[start..end) of d (d may be NULL for a
 * corpus-wide finding; then start/end are ignored). key (may be NULL:
 * the quote is used) makes the id stable and distinct. Returns the new
 * finding, valid until the next add.
 */
struct finding *findings_add(struct findings *f, const char *stage, const char *kind,
			     enum severity sev, const struct doc *d,
			     size_t start, size_t end, const char *key,
			     const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/* As findings_add() for a source byte range of d instead of a text range. */
struct finding *findings_add_src(struct findings *f, const char *stage, const char *kind,
				 enum severity sev, const struct doc *d,
				 size_t src_start, size_t src_end, const char *key,
				 const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/*
 * As findings_add() about a document that may no longer be loaded: its
 * path, the 1-based line and column, the source byte range and the
 * quote as written (may be NULL; copied, capped like every quote) are
 * given by the caller, who kept them when the document was read.
 */
struct finding *findings_add_at(struct findings *f, const char *stage, const char *kind,
				enum severity sev, const char *path, size_t line, size_t col,
				size_t src_start, size_t src_end, const char *quote,
				const char *key, const char *fmt, ...)
	__attribute__((format(printf, 12, 13)));

void finding_set_suggestion(struct finding *fd, const char *s, size_t n);
/* A related location in d->text[start, end): quoted from the reading text (context). */
void finding_add_related(struct finding *fd, const struct doc *d, size_t start, size_t end,
			 const char *note);
/* Related location given directly (for documents no longer loaded). */
void finding_add_related_loc(struct finding *fd, const char *doc, size_t line, size_t col,
			     const char *quote, const char *note);

/*
 * As finding_add_related_loc() for a finding fd of f, the strings kept
 * once in f's pool however many findings name them (a conflict's other
 * side is named by every claim that disagrees with it).
 */
void findings_add_related_pooled(struct findings *f, struct finding *fd, const char *doc,
				 size_t line, size_t col, const char *quote, const char *note);

/* Sorts by document, line, column, kind. */
void findings_sort(struct findings *f);
/* Number of findings at or above sev. */
size_t findings_count_at_least(const struct findings *f, enum severity sev);

#endif
