/*
 * wordidx.c - index of the maximal alphanumeric runs of a text.
 *
 * Why runs answer the question exactly: in an occurrence of w bounded
 * by non-alphanumeric bytes (or the text's ends), every maximal
 * alphanumeric run of w is bounded the same way, so it is a maximal run
 * of the text too. A w that is one run is present iff that run is; for
 * any other w, the offsets of its rarest run are the only places an
 * occurrence can start from, and each is checked in full.
 */
#include "wordidx.h"
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct run {
	size_t count;           /* occurrences */
	size_t first;           /* their offsets: pos[first .. first + count) */
};

struct wordidx {
	const char *s;
	size_t n;
	struct strmap map;      /* run -> index into runs */
	struct run *runs;
	size_t nr_runs, alloc_runs;
	uint32_t *pos;          /* offsets of every run occurrence, grouped by run */
};

static int is_word_byte(const char *s, size_t i)
{
	return ch_isalnum((unsigned char)s[i]);
}

/* The next maximal run at or after *i: sets [*rs, *re), returns 0 at the end. */
static int next_run(const char *s, size_t n, size_t *i, size_t *rs, size_t *re)
{
	size_t k = *i;
	while (k < n && !is_word_byte(s, k))
		k++;
	if (k >= n) {
		*i = n;
		return 0;
	}
	*rs = k;
	while (k < n && is_word_byte(s, k))
		k++;
	*re = k;
	*i = k;
	return 1;
}

struct wordidx *wordidx_new(const char *s, size_t n)
{
	struct wordidx *wi;
	size_t i, rs, re, total = 0;

	if (n > UINT32_MAX)
		return NULL;
	wi = xcalloc(1, sizeof(*wi));
	wi->s = s;
	wi->n = n;
	strmap_init(&wi->map);
	/* pass 1: distinct runs and their counts */
	for (i = 0; next_run(s, n, &i, &rs, &re);) {
		int added;
		size_t *v = strmap_put(&wi->map, s + rs, re - rs, wi->nr_runs, &added);
		if (added) {
			ALLOC_GROW(wi->runs, wi->nr_runs + 1, wi->alloc_runs);
			wi->runs[wi->nr_runs].count = 0;
			wi->nr_runs++;
		}
		wi->runs[*v].count++;
		total++;
	}
	/* pass 2: offsets, grouped by run (counts become fill cursors, then are restored) */
	for (i = 0; i < wi->nr_runs; i++) {
		wi->runs[i].first = i ? wi->runs[i - 1].first + wi->runs[i - 1].count : 0;
	}
	wi->pos = xmalloc((total ? total : 1) * sizeof(*wi->pos));
	for (i = 0; i < wi->nr_runs; i++)
		wi->runs[i].count = 0;
	for (i = 0; next_run(s, n, &i, &rs, &re);) {
		struct run *r = &wi->runs[*strmap_get(&wi->map, s + rs, re - rs)];
		wi->pos[r->first + r->count++] = (uint32_t)rs;
	}
	return wi;
}

void wordidx_free(struct wordidx *wi)
{
	if (!wi)
		return;
	strmap_release(&wi->map);
	free(wi->runs);
	free(wi->pos);
	free(wi);
}

/* Is w[0..wn) at s + at, bounded by non-alphanumeric bytes or the ends? */
static int match_at(const char *s, size_t n, size_t at, const char *w, size_t wn)
{
	if (at + wn > n || memcmp(s + at, w, wn))
		return 0;
	return (at == 0 || !is_word_byte(s, at - 1)) && (at + wn >= n || !is_word_byte(s, at + wn));
}

int wordidx_scan(const char *s, size_t n, const char *w, size_t wn)
{
	const char *p = s, *end = s + n;
	if (!wn)
		return 0;
	while ((p = mem_find(p, (size_t)(end - p), w, wn)) != NULL) {
		if (match_at(s, n, (size_t)(p - s), w, wn))
			return 1;
		p++;
	}
	return 0;
}

int wordidx_has(const struct wordidx *wi, const char *w, size_t wn)
{
	const struct run *best = NULL;
	size_t i, rs, re, best_off = 0, k;

	if (!wn)
		return 0;
	for (i = 0; next_run(w, wn, &i, &rs, &re);) {
		const size_t *v = strmap_get(&wi->map, w + rs, re - rs);
		if (!v)
			return 0;       /* a run of w that the text lacks */
		if (rs == 0 && re == wn)
			return 1;       /* w is one run, and the text has it */
		if (!best || wi->runs[*v].count < best->count) {
			best = &wi->runs[*v];
			best_off = rs;
		}
	}
	if (!best)
		return wordidx_scan(wi->s, wi->n, w, wn);
	for (k = 0; k < best->count; k++) {
		size_t at = wi->pos[best->first + k];
		if (at >= best_off && match_at(wi->s, wi->n, at - best_off, w, wn))
			return 1;
	}
	return 0;
}
