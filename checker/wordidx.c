/*
 * wordidx.c - index of the maximal alphanumeric runs of a text.
 *
 * Why runs answer the question exactly: in an occurrence of w bounded
 * by non-alphanumeric bytes (or the text's ends), every maximal
 * alphanumeric run of w is bounded the same way, so it is a maximal run
 * of the text too. A w that is one run is present iff that run is; for
 * any other w, the offsets of its rarest run are the only places an
 * occurrence can start from, and each is checked in full.
 *
 * Speed: the index is built once per document that has a hyphen at a
 * line's end, over every word of it, so building it is what costs
 * (a quarter of the layout of wrapped text once was). One pass finds
 * each run with a byte-class table, hashes it eight bytes at a time
 * and counts it in an open-addressing table of 32-bit slots; the
 * offsets of every occurrence (a second pass) are only gathered when a
 * question of several runs needs them, which most documents never ask.
 */
#include "wordidx.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct run {
	uint32_t off;           /* first occurrence in the text: the key's bytes */
	uint32_t len;
	uint32_t hash;
	uint32_t count;         /* occurrences */
	uint32_t first;         /* their offsets: pos[first .. first + count), once built */
};

struct wordidx {
	const char *s;
	size_t n;
	uint32_t *slot;         /* 0: empty, else index + 1 into runs */
	size_t mask;            /* slots - 1 (a power of two minus one) */
	struct run *runs;
	size_t nr_runs, alloc_runs;
	size_t total;           /* run occurrences */
	uint32_t *pos;          /* offsets of every occurrence, grouped by run; NULL until needed */
};

/* ASCII letters and digits: ch_isalnum() as a table, for the byte loops below. */
static const unsigned char word_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static int is_word_byte(const char *s, size_t i)
{
	return word_byte[(unsigned char)s[i]];
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

/*
 * A run's hash, eight bytes per multiply, the length mixed in last so
 * that wordidx_new() can hash a run while it finds its end (one pass
 * over each byte instead of two). hash_mix() takes each full eight
 * bytes and the zero-padded tail; hash_end() the length.
 */
static uint64_t hash_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

static uint32_t hash_end(uint64_t h, size_t len)
{
	h = (h ^ len) * 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(h ^ (h >> 29));
}

static uint32_t hash_run(const char *p, size_t len)
{
	uint64_t h = 0, w;
	size_t i, n = len;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = hash_mix(h, w);
	}
	if (n) {
		for (w = 0, i = 0; i < n; i++)
			w |= (uint64_t)(unsigned char)p[i] << (8 * i);
		h = hash_mix(h, w);
	}
	return hash_end(h, len);
}

/* The slot holding run s[0..len) (hash h), or the empty slot where it would go. */
static uint32_t *find_slot(const struct wordidx *wi, const char *p, size_t len, uint32_t h)
{
	size_t i = h & wi->mask;
	for (;; i = (i + 1) & wi->mask) {
		uint32_t v = wi->slot[i];
		const struct run *r;
		if (!v)
			return &wi->slot[i];
		r = &wi->runs[v - 1];
		if (r->hash == h && r->len == len && !memcmp(wi->s + r->off, p, len))
			return &wi->slot[i];
	}
}

static void grow(struct wordidx *wi)
{
	size_t alloc = wi->mask ? (wi->mask + 1) * 2 : 1024, i;

	free(wi->slot);
	wi->slot = xcalloc(alloc, sizeof(*wi->slot));
	wi->mask = alloc - 1;
	for (i = 0; i < wi->nr_runs; i++) {
		const struct run *r = &wi->runs[i];
		size_t k = r->hash & wi->mask;
		while (wi->slot[k])
			k = (k + 1) & wi->mask;
		wi->slot[k] = (uint32_t)(i + 1);
	}
}

struct wordidx *wordidx_new(const char *s, size_t n)
{
	struct wordidx *wi;
	size_t i, rs, re;

	if (n > UINT32_MAX)
		return NULL;
	wi = xcalloc(1, sizeof(*wi));
	wi->s = s;
	wi->n = n;
	grow(wi);
	for (i = 0; i < n;) {
		uint64_t hh = 0, w = 0;
		unsigned sh = 0;
		uint32_t h, *sl;

		while (i < n && !word_byte[(unsigned char)s[i]])
			i++;
		if (i >= n)
			break;
		/* the run and its hash_run() in one pass */
		for (rs = i; i < n && word_byte[(unsigned char)s[i]]; i++) {
			w |= (uint64_t)(unsigned char)s[i] << sh;
			sh += 8;
			if (sh == 64) {
				hh = hash_mix(hh, w);
				w = 0;
				sh = 0;
			}
		}
		re = i;
		if (sh)
			hh = hash_mix(hh, w);
		h = hash_end(hh, re - rs);

		/* at most half full: probe runs stay short */
		if ((wi->nr_runs + 1) * 2 > wi->mask + 1)
			grow(wi);
		sl = find_slot(wi, s + rs, re - rs, h);
		if (!*sl) {
			struct run *r;
			ALLOC_GROW(wi->runs, wi->nr_runs + 1, wi->alloc_runs);
			r = &wi->runs[wi->nr_runs++];
			r->off = (uint32_t)rs;
			r->len = (uint32_t)(re - rs);
			r->hash = h;
			r->count = 0;
			*sl = (uint32_t)wi->nr_runs;
		}
		wi->runs[*sl - 1].count++;
		wi->total++;
	}
	return wi;
}

/*
 * The offsets of every occurrence, grouped by run: asked for by the
 * first question of several runs. Counts become fill cursors, then are
 * restored.
 */
static void build_positions(struct wordidx *wi)
{
	size_t i, rs, re;

	for (i = 0; i < wi->nr_runs; i++)
		wi->runs[i].first = i ? wi->runs[i - 1].first + wi->runs[i - 1].count : 0;
	wi->pos = xmalloc((wi->total ? wi->total : 1) * sizeof(*wi->pos));
	for (i = 0; i < wi->nr_runs; i++)
		wi->runs[i].count = 0;
	for (i = 0; next_run(wi->s, wi->n, &i, &rs, &re);) {
		uint32_t *sl = find_slot(wi, wi->s + rs, re - rs, hash_run(wi->s + rs, re - rs));
		struct run *r = &wi->runs[*sl - 1];
		wi->pos[r->first + r->count++] = (uint32_t)rs;
	}
}

void wordidx_free(struct wordidx *wi)
{
	if (!wi)
		return;
	free(wi->slot);
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

int wordidx_has(struct wordidx *wi, const char *w, size_t wn)
{
	size_t i, rs, re, best_off = 0, best = 0, k;
	int have_best = 0;

	if (!wn)
		return 0;
	for (i = 0; next_run(w, wn, &i, &rs, &re);) {
		const uint32_t *sl = find_slot(wi, w + rs, re - rs, hash_run(w + rs, re - rs));
		if (!*sl)
			return 0;       /* a run of w that the text lacks */
		if (rs == 0 && re == wn)
			return 1;       /* w is one run, and the text has it */
		if (!have_best || wi->runs[*sl - 1].count < wi->runs[best].count) {
			best = *sl - 1;
			best_off = rs;
			have_best = 1;
		}
	}
	if (!have_best)
		return wordidx_scan(wi->s, wi->n, w, wn);
	if (!wi->pos)
		build_positions(wi);
	for (k = 0; k < wi->runs[best].count; k++) {
		size_t at = wi->pos[wi->runs[best].first + k];
		if (at >= best_off && match_at(wi->s, wi->n, at - best_off, w, wn))
			return 1;
	}
	return 0;
}

/* ---- word sets ---- */

void word_filter_add(struct word_filter *f, const char *w, size_t n)
{
	if (!n)
		return;
	f->bits[n < WORD_FILTER_LENS ? n : 0][word_filter_class((unsigned char)w[0])] |=
		1u << word_filter_class((unsigned char)w[n - 1]);
}

/*
 * A slot from what the filter looks at and the middle byte: constant
 * time, no pass over the word; the table holds few words, so the
 * probes stay short.
 */
static size_t wordset_hash(const char *w, size_t n)
{
	size_t h = n * 0x9e37u;
	h ^= word_filter_class((unsigned char)w[0]) * 0x85ebu;
	h ^= word_filter_class((unsigned char)w[n - 1]) * 0xc2b3u;
	h ^= word_filter_class((unsigned char)w[n / 2]) * 0x27d5u;
	return (h ^ (h >> 8)) & (WORDSET_SLOTS - 1);
}

static void wordset_build(struct wordset *ws)
{
	size_t i, n, h;
	for (i = 0; i < ws->n; i++) {
		n = strlen(ws->w[i]);
		/* every word passes the filter, those past the cap too */
		word_filter_add(&ws->filter, ws->w[i], n);
		if (!n || i >= WORDSET_MAX)
			continue;
		h = wordset_hash(ws->w[i], n);
		while (ws->slot[h] && !mem_ieq(ws->w[i], n, ws->w[ws->slot[h] - 1]))
			h = (h + 1) & (WORDSET_SLOTS - 1);
		/* the first of equal words wins, as a linear scan finds it */
		if (!ws->slot[h])
			ws->slot[h] = (unsigned char)(i + 1);
	}
	ws->ready = 1;
}

int wordset_find_slow(struct wordset *ws, const char *w, size_t n)
{
	size_t h, i;
	if (!n)
		return -1;
	if (!ws->ready) {
		wordset_build(ws);
		if (!word_filter_may(&ws->filter, w, n))
			return -1;
	}
	h = wordset_hash(w, n);
	while (ws->slot[h]) {
		if (mem_ieq(w, n, ws->w[ws->slot[h] - 1]))
			return ws->slot[h] - 1;
		h = (h + 1) & (WORDSET_SLOTS - 1);
	}
	for (i = WORDSET_MAX; i < ws->n; i++)
		if (mem_ieq(w, n, ws->w[i]))
			return (int)i;
	return -1;
}
