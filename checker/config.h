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
 */
#ifndef PROVCHECK_CONFIG_H
#define PROVCHECK_CONFIG_H

#include <stddef.h>
#include "doc.h"

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

	/* [refs] */
	int footnote_min_run;           /* footnote markers that must rise 1,2,3.. before they count; 2 */

	/* [claims] */
	double title_similarity;        /* 0..1, default 0.80 */
	char *aliases_file;             /* "config/aliases.conf" relative to the config file, or absolute */

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
	int links_offline;              /* 0 */

	char *path;                     /* the file loaded, or NULL for defaults */
};

void config_init(struct config *c);
void config_release(struct config *c);
/* On error *errmsg gets "FILE:LINE: reason" (no "provcheck:" prefix). */
enum config_result config_load(struct config *c, const char *path, struct strbuf *errmsg);
/* Parses INI text already in memory; name is used in messages. */
enum config_result config_parse(struct config *c, const char *name, const char *text,
				size_t len, struct strbuf *errmsg);

/*
 * Aliases: lines "A = B [= C ...]" declare spellings that mean the same
 * thing; the first is canonical. Matching is case-insensitive on whole
 * words. '#' starts a comment. Sections "[names]", "[spelling]",
 * "[instruments]" group them (all are used alike).
 */
struct aliases;

struct aliases *aliases_new(void);
void aliases_free(struct aliases *a);
enum config_result aliases_load(struct aliases *a, const char *path, struct strbuf *errmsg);
enum config_result aliases_parse(struct aliases *a, const char *name, const char *text,
				 size_t len, struct strbuf *errmsg);
/*
 * Appends to out the text s[0..n) lowercased with every alias replaced
 * by its canonical form (whole words; longest match first).
 */
void aliases_canon(const struct aliases *a, const char *s, size_t n, struct strbuf *out);
size_t aliases_count(const struct aliases *a);

#endif
