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

#endif
