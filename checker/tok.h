/*
 * tok.h - a small word/number/punctuation tokenizer over UTF-8 text,
 * shared by the inline scanners (dates, figures, claims).
 *
 * Words are runs of letters (ASCII letters and every code point at or
 * above U+0080 that is not punctuation or space: "tháng", "août");
 * numbers are runs of ASCII digits; anything else is one punctuation
 * token of one code point (typographic quotes and dashes included).
 * Each token keeps its byte range in the text and what separated it
 * from the previous one, so that callers can tell "11 th" from "11th"
 * and a paragraph break from a space.
 */
#ifndef PROVCHECK_TOK_H
#define PROVCHECK_TOK_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "util.h"

enum tok_kind {
	TOK_WORD = 0,
	TOK_NUM,
	TOK_PUNCT
};

/*
 * 16 bytes: a document has a token per four or five bytes of text, so
 * the token array is the largest thing a scan holds (with size_t
 * offsets and an enum it was 32 bytes, five times the text). Offsets
 * are 32-bit: a text over TOK_MAX_LEN is refused by tok_scan(), and
 * documents that large are refused when they are loaded (doc.h,
 * DOC_MAX_SIZE).
 */
struct tok {
	uint32_t start, end;    /* byte range in the text */
	uint32_t cp;            /* the code point of a TOK_PUNCT */
	unsigned char kind;     /* enum tok_kind */
	unsigned char space;    /* white space before it: 0 none, 1 some, 2 a newline, 3 a blank line */
};

/* The longest text tok_scan() takes: its offsets must fit a uint32_t. */
#define TOK_MAX_LEN ((size_t)UINT32_MAX)

struct tok_list {
	struct tok *v;
	size_t nr, alloc;
};

/*
 * Puts the tokens of text[0..len) in out (reset first; its array is
 * kept and grown, so a list scanned again and again, a caller's
 * scratch for short phrases, is allocated once). Returns 0, or -1 with
 * out empty when len is over TOK_MAX_LEN.
 */
int tok_scan(const char *text, size_t len, struct tok_list *out);
/* Empties l and frees its array. */
void tok_list_release(struct tok_list *l);

/*
 * The tokens a sentence splitter looks at, by index into the token
 * list: each word that starts with an ASCII capital (tok_is_cap()),
 * each '.', '!' and '?', and each token after a blank line (space 3).
 * In token order, a token listed once per reason (so an index may come
 * twice in a row); the index after a blank line may be the list's nr,
 * when no token follows it.
 */
struct tok_marks {
	uint32_t *v;
	size_t nr, alloc;
};

/*
 * tok_scan(), listing in marks (reset first; its array kept and grown)
 * the tokens described above as it makes them: a caller that walks the
 * marks instead of every token looks at a tenth of them. Returns 0, or
 * -1 with out and marks empty when len is over TOK_MAX_LEN.
 */
int tok_scan_marked(const char *text, size_t len, struct tok_list *out, struct tok_marks *marks);
/* Empties m and frees its array. */
void tok_marks_release(struct tok_marks *m);

/*
 * Case-insensitive comparison of the token's text with ASCII word w.
 * Inline: the scanners call it millions of times per megabyte, with a
 * literal w most often, whose length the compiler knows, and nearly
 * every call fails on the length or the first byte.
 */
static inline int tok_is(const char *text, const struct tok *t, const char *w)
{
	size_t n = t->end - t->start;
	/* the first byte first: w's length is not known where w is a variable */
	if (n && ch_tolower((unsigned char)text[t->start]) != ch_tolower((unsigned char)w[0]))
		return 0;
	if (n != strlen(w))
		return 0;
	return mem_ieq(text + t->start, n, w);
}
/*
 * 1 if tok_is(text, t, list[k]) for some k < n: the token's first byte
 * is taken once and each word's length is not measured (the words of a
 * list are variables, whose strlen() tok_is() would call).
 */
static inline int tok_in(const char *text, const struct tok *t, const char *const *list, size_t n)
{
	size_t k, len = t->end - t->start;
	int c0;
	if (!len)
		return 0;
	c0 = ch_tolower((unsigned char)text[t->start]);
	for (k = 0; k < n; k++)
		if (ch_tolower((unsigned char)list[k][0]) == c0 && mem_ieq(text + t->start, len, list[k]))
			return 1;
	return 0;
}
/* 1 if the token starts with an ASCII capital letter. */
static inline int tok_is_cap(const char *text, const struct tok *t)
{
	return t->kind == TOK_WORD && ch_isupper((unsigned char)text[t->start]);
}
/*
 * Value of a TOK_NUM (saturates at LONG_MAX / 10). Inline: the
 * scanners ask for it for most numbers, most of them short.
 */
static inline long tok_num(const char *text, const struct tok *t)
{
	long v = 0;
	size_t i;
	for (i = t->start; i < t->end; i++) {
		if (v > LONG_MAX / 10 - 10)
			return LONG_MAX / 10;
		v = v * 10 + (text[i] - '0');
	}
	return v;
}
/* 1 if t is TOK_PUNCT with code point cp. */
static inline int tok_punct(const struct tok *t, uint32_t cp)
{
	return t->kind == TOK_PUNCT && t->cp == cp;
}
/* 1 for a hyphen or a dash (-, U+2010..U+2015). */
int tok_is_dash(const struct tok *t);
/* 1 for a sentence end: '.', '!', '?', ';' is not one. */
int tok_is_sentence_end(const struct tok *t);

#endif
