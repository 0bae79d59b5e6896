/*
 * config.h - provcheck.conf (INI) and aliases.conf.
 *
 * config_init() fills every setting with its default (the same values
 * config/provcheck.conf documents). config_load() reads an INI file over
 * them: "[section]" headers, "key = value" lines, '#' or ';' comments,
 * values optionally in double quotes. An unknown section or key, or a
 * value of the wrong type or range, is an error naming the file and the
 * line: "config/x.conf:12: unknown key 'foo' in [links]".
 *
 * Sizes accept K/M/G suffixes (binary), durations s/m/h/d suffixes
 * (stored in milliseconds where the field says _ms, seconds where _s).
 * Strings in struct config are owned by it; config_release() frees them.
 *
 * Details of the syntax: section and key names are case-insensitive;
 * '#' or ';' at the start of a line (after blanks) makes it a comment,
 * and " # text" after an unquoted value (the '#' preceded by a blank)
 * is a trailing comment. A value in double quotes keeps its blanks and
 * '#' characters and understands the escapes \" and \\ only. CRLF line
 * endings and a UTF-8 byte order mark are accepted. A line over
 * CONFIG_MAX_LINE bytes or a file over CONFIG_MAX_FILE bytes is an
 * error, as is a key set twice in the same section.
 *
 * Durations: a whole number with an optional ms, s, m, h or d suffix
 * (a bare number is seconds). Sizes: a whole number with an optional K,
 * M or G suffix (powers of 1024, an optional trailing B or iB).
 * Booleans: true/false, yes/no, on/off, 1/0.
 */
#ifndef PROVCHECK_CONFIG_H
#define PROVCHECK_CONFIG_H

#include <stddef.h>
#include "doc.h"

#define CONFIG_MAX_LINE 4096            /* bytes in one line, line ending excluded */
#define CONFIG_MAX_FILE (1024 * 1024)   /* bytes in a configuration or aliases file */

struct strbuf;

enum config_result {
	CONFIG_OK = 0,
	CONFIG_ERR_IO,          /* cannot read the file */
	CONFIG_ERR_SYNTAX,      /* a line that is neither section, key = value, comment nor blank */
	CONFIG_ERR_UNKNOWN,     /* unknown section or key */
	CONFIG_ERR_VALUE        /* bad value */
};

const char *config_strerror(enum config_result r);

struct config {
	/* [core] */
	char *db;                       /* "provcheck.db" */
	char *format;                   /* "text" */
	char *fail_on;                  /* "error" */
	int color;                      /* -1 auto, 0 never, 1 always */

	/* [limits] */
	struct doc_limits limits;       /* max_file_size, max_line_len, max_links (per document) */
	size_t max_documents;           /* 0 = unlimited; default 0 */
	long max_run_time_s;            /* 0 = unlimited */
	/*
	 * Claims kept: in 'check' and 'claims' for the whole corpus (the
	 * documents after the cap are not searched for claims), in 'scan'
	 * per document. Default CLAIMS_MAX (100000), at least 1.
	 */
	size_t max_claims;

	/* [refs] */
	int footnote_min_run;           /* footnote markers that must rise 1,2,3.. before they count; 2 */

	/* [claims] */
	double title_similarity;        /* 0..1, default 0.80 */
	char *aliases_file;             /* "config/aliases.conf" relative to the config file, or absolute */

	/* [report] */
	/*
	 * Findings of one kind listed per document in the text, Markdown and
	 * HTML reports, the rest counted in one line; 0 lists every finding.
	 * Default REPORT_MAX_PER_KIND (10). --max-per-kind overrides it.
	 */
	size_t report_max_per_kind;

	/* [links] */
	int links_max_total;            /* 64 */
	int links_max_per_host;         /* 4 */
	long links_host_interval_ms;    /* 100 */
	long links_connect_timeout_ms;  /* 10000 */
	long links_timeout_ms;          /* 30000 */
	int links_max_redirects;        /* 10 */
	size_t links_max_body;          /* 256K: bytes read of a body */
	int links_retries;              /* 2 */
	long links_retry_after_cap_s;   /* 120 */
	char *links_user_agent;
	int links_allow_private;        /* 0 */
	int links_dead_after_checks;    /* 3 */
	long links_dead_after_days;     /* 3 */
	long links_ttl_s;               /* 86400: reuse a result younger than this */
	char *links_archive_endpoint;   /* "https://archive.org/wayback/available" */
	long links_archive_ttl_s;       /* 30 days: reuse an archive lookup younger than this */
	int links_offline;              /* 0 */
	long links_history_days;        /* 90: link checks and states older than this are pruned; 0 keeps all */

	char *path;                     /* the file loaded, or NULL for defaults */
	/*
	 * aliases_file resolved against the directory of the configuration
	 * file (unchanged when absolute); NULL until a file is loaded, when
	 * callers fall back to aliases.conf in PROVCHECK_DATADIR if they wish.
	 */
	char *aliases_path;
};

void config_init(struct config *c);
void config_release(struct config *c);
/*
 * On error errmsg gets "FILE:LINE: reason" (no "provcheck:" prefix), or
 * "cannot read 'FILE': reason" when the file cannot be read, and *c is
 * left exactly as it was: a file is applied completely or not at all.
 */
enum config_result config_load(struct config *c, const char *path, struct strbuf *errmsg);
/*
 * Parses INI text already in memory; name is used in messages and its
 * directory to resolve aliases_path (so pass the file's path).
 */
enum config_result config_parse(struct config *c, const char *name, const char *text,
				size_t len, struct strbuf *errmsg);

/*
 * Aliases: lines "A = B [= C ...]" declare spellings that mean the same
 * thing; the first is canonical. Matching is case-insensitive on whole
 * words, except that an alias written entirely in capitals (an acronym
 * such as "US" or "MOU") matches only in capitals, so that the pronoun
 * "us" is left alone. '#' or ';' starts a comment line. Sections group
 * the entries: "[names]" and "[spelling]" (and lines before any
 * section) apply to all text; "[instruments]" holds equivalences that
 * are only safe inside the titles of laws, strategies and agreements
 * ("through = up to = to"), and applies only when a caller asks for it
 * with aliases_canon_section(). A phrase may appear only once in a file.
 */
struct aliases;

enum aliases_section {
	ALIASES_NAMES = 1 << 0,
	ALIASES_SPELLING = 1 << 1,
	ALIASES_INSTRUMENTS = 1 << 2,
	ALIASES_GENERAL = ALIASES_NAMES | ALIASES_SPELLING,
	ALIASES_ALL = ALIASES_GENERAL | ALIASES_INSTRUMENTS
};

struct aliases *aliases_new(void);
void aliases_free(struct aliases *a);
enum config_result aliases_load(struct aliases *a, const char *path, struct strbuf *errmsg);
enum config_result aliases_parse(struct aliases *a, const char *name, const char *text,
				 size_t len, struct strbuf *errmsg);
/*
 * Appends to out the text s[0..n) lowercased with every alias replaced
 * by its canonical form (whole words; longest match first). Before
 * matching, curly quotes and apostrophes fold to ASCII ' and ", and
 * runs of white space (NBSP included) collapse to one space, trimmed at
 * both ends. Lowercasing covers ASCII, Latin-1, Latin Extended-A and
 * the Vietnamese letters (U+1EA0..U+1EF9). a may be NULL (no aliases).
 * aliases_canon() uses the ALIASES_GENERAL sections.
 */
void aliases_canon(const struct aliases *a, const char *s, size_t n, struct strbuf *out);
/* As aliases_canon() with the sections in the mask (enum aliases_section). */
void aliases_canon_section(const struct aliases *a, unsigned sections, const char *s, size_t n,
			   struct strbuf *out);
/* Number of alias spellings known (canonical forms not counted). */
size_t aliases_count(const struct aliases *a);

/*
 * The aliases a run uses: c->aliases_path when a configuration file was
 * loaded (the default name, aliases.conf, only if it exists beside it),
 * else aliases_file under PROVCHECK_DATADIR (the installed copy) when it
 * exists, else none. *out is always a new table (possibly empty)
 * the caller frees with aliases_free(), except on error, when it is NULL
 * and errmsg says why (a configured file that is missing is an error).
 */
#define ALIASES_DEFAULT_NAME "aliases.conf"
enum config_result config_aliases(const struct config *c, struct aliases **out,
				  struct strbuf *errmsg);

#endif
