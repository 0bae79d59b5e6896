/*
 * doc_text.c - phase 2 for plain text and text with <br /> tags: split
 * the source into physical lines (source ranges without the line ending,
 * the trailing <br /> tag or trailing blanks). Lines holding nothing
 * else are blank. Classification is left to layout.c.
 */
#include "doc_internal.h"
#include "util.h"

#include <string.h>

/* Length of a trailing <br>, <br/>, <br /> tag ending at l[n), or 0. */
static size_t br_suffix(const char *l, size_t n)
{
	size_t k = n;
	if (!k || l[k - 1] != '>')
		return 0;
	k--;
	while (k && l[k - 1] == ' ')
		k--;
	if (k && l[k - 1] == '/')
		k--;
	while (k && l[k - 1] == ' ')
		k--;
	if (k >= 3 && mem_ieq(l + k - 3, 3, "<br"))
		return n - (k - 3);
	return 0;
}

enum doc_result doc_decode_text(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	const char *s = d->src;
	size_t len = d->src_len, i, ls = d->has_bom ? 3 : 0;
	int has_cr = memchr(s, '\r', len) != NULL;
	(void)lim;
	(void)err;

	/* line ends found with memchr rather than byte by byte */
	for (;; ls = i + 1) {
		size_t e, k;
		int blank = 1;

		i = src_line_end(s, len, ls, has_cr);
		e = i;
		if (e > ls && s[e - 1] == '\r')
			e--;
		if (d->format == DOC_FMT_TEXT_BR) {
			size_t b;
			while (e > ls && (s[e - 1] == ' ' || s[e - 1] == '\t'))
				e--;
			b = br_suffix(s + ls, e - ls);
			e -= b;
		}
		while (e > ls && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
			e--;
		for (k = ls; k < e; k++) {
			if (!ch_isspace((unsigned char)s[k])) {
				blank = 0;
				break;
			}
		}
		if (i == len && ls >= len)
			break;
		doc_add_line(d, ls, e, blank ? LINE_BLANK : LINE_BODY);
		if (i >= len)
			break;
	}
	return DOC_OK;
}
