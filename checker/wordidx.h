/*
 * wordidx.h - where the words of a text are, to answer "does this word
 * occur in the document?" without scanning the document each time.
 *
 * A word here is a maximal run of ASCII letters and digits; the index
 * maps each distinct run to the offsets where it occurs. The layout
 * phase asks it once or three times per hyphen at a line's end, which
 * on a long document used to mean as many scans of the whole source.
 */
#ifndef PROVCHECK_WORDIDX_H
#define PROVCHECK_WORDIDX_H

#include <stddef.h>
#include <stdint.h>

struct wordidx;

/*
 * Indexes s[0..n). s is not copied: it must outlive the index. Returns
 * NULL when s is too large to index (offsets are 32-bit); callers then
 * fall back to wordidx_scan(). Free with wordidx_free().
 */
struct wordidx *wordidx_new(const char *s, size_t n);
void wordidx_free(struct wordidx *wi);

/*
 * Does w[0..wn) occur in the indexed text with no ASCII letter or digit
 * right before or right after it? Case-sensitive. w may hold any bytes;
 * a w with at least one letter or digit is answered from the index, any
 * other by a scan. Not const: the first question of several runs
 * builds the index's table of offsets, which a one-run question never
 * needs.
 */
int wordidx_has(struct wordidx *wi, const char *w, size_t wn);

/* The same question answered by scanning s[0..n) (no index). */
int wordidx_scan(const char *s, size_t n, const char *w, size_t wn);

/*
 * ---- word sets ----
 *
 * The scanners (dates, figures, claims) ask of nearly every token "is
 * this one of these words?" against constant lists (stop words,
 * locators, number words, predicates), ASCII case aside. Nearly every
 * answer is no, so a filter on (length, first byte, last byte) gives it
 * in a few instructions, without lowercasing or hashing the token; a
 * word the filter lets through is looked up in a small open-addressing
 * table. Words compare as mem_ieq() compares them: ASCII letters
 * without case, other bytes as they are.
 */
#define WORD_FILTER_LENS 16     /* lengths 1..15 each, then one class for all longer */

struct word_filter {
	uint32_t bits[WORD_FILTER_LENS][32];    /* [length][first byte]: a bit per last byte */
};

/* Lets w[0..n) (n > 0) through the filter from now on. */
void word_filter_add(struct word_filter *f, const char *w, size_t n);

/* The filter's class of a byte: ASCII letters without case (and a digit as some letter). */
static inline unsigned word_filter_class(unsigned char c)
{
	return (unsigned)(c >= 'A' && c <= 'Z' ? c + 32 : c) & 31u;
}

/* 0: w[0..n) is none of the words added; 1: it may be one. */
static inline int word_filter_may(const struct word_filter *f, const char *w, size_t n)
{
	if (!n)
		return 0;
	return (int)(f->bits[n < WORD_FILTER_LENS ? n : 0][word_filter_class((unsigned char)w[0])] >>
		     word_filter_class((unsigned char)w[n - 1])) & 1;
}

#define WORDSET_MAX 128         /* words indexed per set; the longest list has about 100 */
#define WORDSET_SLOTS 256       /* a power of two, twice WORDSET_MAX */

/*
 * A constant list of words, indexed on first use. Static: declare one
 * per list with WORDSET_INIT(list) (an array of string literals).
 */
struct wordset {
	const char *const *w;   /* the words, borrowed */
	size_t n;
	int ready;
	struct word_filter filter;
	unsigned char slot[WORDSET_SLOTS];      /* index + 1 into w, 0: empty */
};

#define WORDSET_INIT(list) { (list), sizeof(list) / sizeof((list)[0]), 0, { { { 0 } } }, { 0 } }

/*
 * The index in ws->w of the first word equal to w[0..n) (ASCII case
 * aside), or -1. Not const: the first question builds the index (so two
 * threads must not ask a set's first question at once; the library has
 * no threads today). Words
 * of a list past WORDSET_MAX are still found, by a linear scan.
 */
int wordset_find_slow(struct wordset *ws, const char *w, size_t n);

static inline int wordset_find(struct wordset *ws, const char *w, size_t n)
{
	if (ws->ready && !word_filter_may(&ws->filter, w, n))
		return -1;
	return wordset_find_slow(ws, w, n);
}

static inline int wordset_has(struct wordset *ws, const char *w, size_t n)
{
	return wordset_find(ws, w, n) >= 0;
}

#endif
