/*
 * config_internal.h - helpers shared by config.c and aliases.c (reading
 * a bounded file, splitting it into checked lines). Not for callers.
 */
#ifndef PROVCHECK_CONFIG_INTERNAL_H
#define PROVCHECK_CONFIG_INTERNAL_H

#include <stddef.h>
#include "config.h"

/*
 * Appends the bytes of path to sb (at most CONFIG_MAX_FILE). On failure
 * errmsg gets "cannot read 'PATH': no such file" (or another reason)
 * and CONFIG_ERR_IO is returned.
 */
enum config_result conf_read_file(const char *path, struct strbuf *sb, struct strbuf *errmsg);

/* Iterates over the lines of a text, skipping a UTF-8 BOM, CRLF tolerated. */
struct conf_lines {
	const char *text;
	size_t len, pos;
	size_t lineno;          /* 1-based number of the line last returned */
};

void conf_lines_init(struct conf_lines *it, const char *text, size_t len);
/* Returns 1 with the next line (line ending excluded, points into text), 0 at the end. */
int conf_lines_next(struct conf_lines *it, const char **line, size_t *n);

/* Rejects lines over CONFIG_MAX_LINE, invalid UTF-8 and control characters. */
enum config_result conf_check_line(const char *name, size_t lineno, const char *line, size_t n,
				   struct strbuf *errmsg);

/* Trims blanks (space, tab) at both ends of s[0..*n). */
void conf_trim(const char **s, size_t *n);
/* Length of s[0..n) before a trailing comment: a '#' preceded by a blank. */
size_t conf_strip_comment(const char *s, size_t n);

#endif
