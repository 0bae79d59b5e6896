/*
 * urls.h - finding, normalizing and repairing the URLs of documents.
 *
 * urls_extract() reads a document's reading text (doc->text) and its
 * markup links (doc->links) and adds every URL it finds to a url_list:
 * http(s) URLs written in the text, bare "www." hosts, DOIs ("10.1234/x"
 * and "doi:10.1234/x", checked through https://doi.org/) and mailto:
 * addresses (syntax only). Trailing punctuation, closing quotes and
 * unbalanced closing brackets are not part of a URL. A URL that runs
 * into a line join (doc->joins) is re-joined, and the other readings of
 * the join (line-final hyphen kept or dropped, join or no join) are kept
 * as alternatives to try when the main reading fails.
 *
 * URLs are normalized (scheme and host lowercased, IDN hosts to
 * punycode, default port dropped, spaces and non-ASCII bytes of the
 * path, query and fragment percent-encoded) and de-duplicated; every
 * occurrence is kept with its document, text range and line:column.
 *
 * Repair: PDF extraction often drops the hyphen where a URL wrapped
 * ("11th-partycentral-committees"). urls_repair() re-splits joined words
 * with hyphens, using the documents' own words as the dictionary.
 */
#ifndef PROVCHECK_URLS_H
#define PROVCHECK_URLS_H

#include <stddef.h>

struct doc;
struct strbuf;

enum urls_result {
	URLS_OK = 0,
	URLS_ERR_SYNTAX,        /* not a URL provcheck can parse */
	URLS_ERR_SCHEME,        /* a scheme other than http, https or mailto */
	URLS_ERR_HOST,          /* a host name that cannot be encoded (bad IDN) */
	URLS_ERR_TOO_LONG,      /* longer than URLS_MAX_LEN */
	URLS_ERR_LIMIT          /* more URLs than the list may hold */
};

const char *urls_strerror(enum urls_result r);

#define URLS_MAX_LEN 4096
/* Alternatives and repair candidates kept per URL. */
#define URLS_MAX_ALTS 16

enum url_kind {
	URL_WEB = 0,            /* http or https, written as such or as "www." */
	URL_DOI,                /* a DOI, checked as https://doi.org/<doi> */
	URL_MAILTO              /* mailto: address, syntax only */
};

const char *url_kind_name(enum url_kind k);

/* Where a URL stands. Strings owned by the list. */
struct url_occ {
	char *doc;              /* document path */
	size_t start, end;      /* range in that document's text */
	size_t src_start, src_end;
	size_t line, col;       /* 1-based */
	long entry;             /* reference entry or note number; -1 unknown (the refs stage may fill it) */
	const char *entry_kind; /* "note" or "reference" when entry >= 0 (static string); NULL */
	char *date;             /* citation date "YYYY-MM-DD" or "YYYY" if known (else the document's date); NULL */
};

struct url_item {
	char *url;              /* normalized: the reading that is checked first */
	char *raw;              /* as written at the first occurrence */
	enum url_kind kind;
	int valid;              /* 0: a mailto: address that fails the syntax check */
	char **alts;            /* other readings across line joins, normalized; owned */
	size_t nr_alts, alloc_alts;
	struct url_occ *occ;
	size_t nr_occ, alloc_occ;
};

struct url_list {
	struct url_item *v;
	size_t nr, alloc;
	size_t max;             /* 0: unbounded */
	size_t max_per_doc;     /* URL occurrences read from one document (max_links); 0: unbounded */
	size_t *slots;          /* hash index of v by url: index + 1, 0 empty */
	size_t nr_slots;
};

void url_list_init(struct url_list *l, size_t max);
void url_list_release(struct url_list *l);

/*
 * Adds a URL (normalized here) of the given kind. Returns the item (new
 * or the existing one with the same normalized URL), valid until the
 * next add, or NULL when it cannot be normalized or the list is full
 * (*res says why, res may be NULL).
 */
struct url_item *url_list_add(struct url_list *l, enum url_kind kind, const char *s, size_t n,
			      enum urls_result *res);
/* The item with this normalized URL, or NULL. */
struct url_item *url_list_find(const struct url_list *l, const char *url);
/* Adds an alternative reading (normalized) to it; duplicates are skipped. */
void url_item_add_alt(struct url_item *it, const char *s, size_t n);

/*
 * Adds every URL of d to l. Returns URLS_OK, or URLS_ERR_LIMIT when the
 * list is full or d holds more than l->max_per_doc URL occurrences
 * (the first max_per_doc are added; the caller says so, naming d).
 */
enum urls_result urls_extract(struct url_list *l, const struct doc *d);
/*
 * After urls_extract() returned URLS_ERR_LIMIT for path: appends to out
 * the warning that says which limit was hit ("'a.txt': more than 100
 * links; the rest are not checked (see max_links)").
 */
void urls_limit_message(const struct url_list *l, const char *path, struct strbuf *out);

/*
 * The URL at text offset `at` of s[0..n) if one starts there: *len gets
 * its length after trimming trailing punctuation and unbalanced
 * brackets, *kind its kind. Returns 0 if no URL starts at `at`.
 */
int urls_match_at(const char *s, size_t n, size_t at, size_t *len, enum url_kind *kind);

/*
 * Normalizes s[0..n) of the given kind into out (appended). For a DOI,
 * s is the DOI itself ("10.1000/x" or "doi:10.1000/x").
 */
enum urls_result url_normalize(enum url_kind kind, const char *s, size_t n, struct strbuf *out);

/* 1 if s[0..n) (after "mailto:") is a syntactically valid address list. */
int url_mailto_valid(const char *s, size_t n);

/*
 * The documents' own words, lowercased: the dictionary of urls_repair().
 * Apostrophes inside words are dropped ("Russia's" gives "russias" and
 * "russia").
 */
struct vocab;

struct vocab *vocab_new(void);
void vocab_free(struct vocab *v);
void vocab_add_text(struct vocab *v, const char *s, size_t n);
/* Adds the words of d's reading text, leaving out its URLs (their words are what needs repair). */
void vocab_add_doc(struct vocab *v, const struct doc *d);
void vocab_add_word(struct vocab *v, const char *w, size_t n);
/* Occurrences of the lowercased word w[0..n), 0 if absent. */
unsigned vocab_count(const struct vocab *v, const char *w, size_t n);

/*
 * Repair candidates for url: each joined word of its path re-split into
 * two or three dictionary words with hyphens ("partycentral" becomes
 * "party-central"), best first, at most max (<= URLS_MAX_ALTS). A word
 * the dictionary holds twice or more is a word, and is not split. The
 * strings in out[] are new; the caller frees each. Returns the count.
 */
size_t urls_repair(const char *url, const struct vocab *v, char **out, size_t max);

#endif
