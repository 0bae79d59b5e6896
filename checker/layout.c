/*
 * layout.c - phase 3 of the document model for plain-text formats
 * (plain text and text with <br /> tags): recover the structure that
 * PDF or web extraction flattened.
 *
 *   1. measure lines; find footnote separators (______);
 *   2. page furniture: running headers (repeated isolated lines), page
 *      numbers (bare numbers next to headers or continuing their
 *      sequence), first-page metadata (Received/Accepted lines), site
 *      chrome of web pages (breadcrumbs, view counters);
 *   3. note areas: after a separator down to the page's end, and note
 *      runs at a page's end that continue the note numbering without a
 *      separator (footnote lines are set in a smaller font, so they are
 *      wider than body lines: the width tells where they start);
 *   4. running headers that extraction left inside sentences (phrases
 *      repeated before rising page numbers), cut out of the text;
 *   5. blocks: headings, list items, paragraphs re-joined across
 *      wrapped lines (de-hyphenated, both readings recorded in
 *      d->joins) and across page breaks when a sentence runs on.
 *
 * Every byte appended to d->text keeps its source offset.
 */
#include "doc_internal.h"
#include "buf.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"
#include "wordidx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define NONE ((size_t)-1)
#define MAX_PHRASE_WORDS 16

struct cut {
	size_t start, end;      /* source range removed from the text */
	int hyphen_space;       /* the space of "balance-of- power": record a join */
};

struct lay {
	struct doc *d;
	const char *s;
	size_t n;               /* lines */
	unsigned *width;        /* code points per line */
	long *num;              /* value of a bare-number line, else -1 */
	unsigned body_w;        /* widest ordinary body line */
	int wrapped;            /* lines are wrapped (not one paragraph per line) */
	long max_note;          /* highest note number seen in note areas */
	long last_enum;         /* last "N." entry of the note areas so far (unwrapped text) */
	signed char *fkind;     /* furniture kind of each line, -1 if none */
	/*
	 * Each line's text without its surrounding white space, and
	 * whether it ends a sentence, found once by measure(): the passes
	 * over the lines asked again for every line they looked at.
	 */
	size_t *tstart, *tend;
	unsigned char *ends;
	size_t *prev_nb;        /* previous non-blank line of each line, or NONE */
	size_t *next_nb;        /* next non-blank line of each line, or NONE */
	struct cut *cuts;
	size_t nr_cuts, alloc_cuts;
	size_t *cut_maxend;     /* cut_maxend[c]: largest end of cuts[0..c] (once sorted) */
	struct wordidx *words;  /* words of the source, built after DOC_WORDS_SCANS questions */
	int words_built;
	size_t words_asked;     /* questions so far */
};

/* ---------- small helpers ---------- */

static const char *ltext(const struct lay *L, size_t i, size_t *len)
{
	*len = L->d->lines[i].src_end - L->d->lines[i].src_start;
	return L->s + L->d->lines[i].src_start;
}

static enum line_kind kind(const struct lay *L, size_t i)
{
	return L->d->lines[i].kind;
}

static void set_kind(struct lay *L, size_t i, enum line_kind k)
{
	L->d->lines[i].kind = k;
}

static int is_blank(const struct lay *L, size_t i)
{
	return kind(L, i) == LINE_BLANK;
}

static void trim(const char **p, size_t *n)
{
	while (*n && ch_isspace((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && ch_isspace((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* Value of a line holding only a number of 1-4 digits, else -1. */
static long bare_number(const char *p, size_t n)
{
	long v = 0;
	size_t i;
	trim(&p, &n);
	if (!n || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ch_isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int is_separator(const char *p, size_t n)
{
	size_t i, k = 0;
	trim(&p, &n);
	if (n < 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '_')
			k++;
		else
			return 0;
	}
	return k >= 3;
}

/* A bare note marker line other than a number: "*", "†", "‡". */
static int is_symbol_marker(const char *p, size_t n)
{
	trim(&p, &n);
	return (n == 1 && p[0] == '*') || (n == 3 && (!memcmp(p, "\xe2\x80\xa0", 3) ||
						      !memcmp(p, "\xe2\x80\xa1", 3)));
}

static int ends_sentence(const char *p, size_t n)
{
	trim(&p, &n);
	while (n) {
		unsigned char c = (unsigned char)p[n - 1];
		/* step over closing quotes and brackets and footnote digits */
		if (c == '"' || c == '\'' || c == ')' || c == ']') {
			n--;
			continue;
		}
		if (n >= 3 && (unsigned char)p[n - 3] == 0xe2 && (unsigned char)p[n - 2] == 0x80 &&
		    ((unsigned char)p[n - 1] == 0x9d || (unsigned char)p[n - 1] == 0x99)) {
			n -= 3;
			continue;
		}
		break;
	}
	if (!n)
		return 0;
	return p[n - 1] == '.' || p[n - 1] == '!' || p[n - 1] == '?' || p[n - 1] == ':';
}

static int starts_lower(const char *p, size_t n)
{
	trim(&p, &n);
	return n && ch_islower((unsigned char)p[0]);
}

static int starts_upper_or_digit(const char *p, size_t n)
{
	uint32_t cp;
	trim(&p, &n);
	if (!n)
		return 0;
	if (ch_isupper((unsigned char)p[0]) || ch_isdigit((unsigned char)p[0]) || p[0] == '"' ||
	    p[0] == '(' || p[0] == '[')
		return 1;
	utf8_decode(p, n, &cp);
	return cp == 0x201C || cp == 0x2018 || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7 &&
						 !(cp >= 0xDF && cp <= 0xFF));
}

/* "1.", "2.1.", "(3)", "[4]", "a)" at the start: returns its length. */
static size_t enum_prefix(const char *p, size_t n)
{
	size_t i = 0;
	if (n && p[0] == '(') {
		i = 1;
		while (i < n && i < 4 && (ch_isdigit((unsigned char)p[i]) || ch_islower((unsigned char)p[i])))
			i++;
		if (i > 1 && i < n && p[i] == ')')
			return i + 1;
		return 0;
	}
	while (i < n && ch_isdigit((unsigned char)p[i])) {
		size_t st = i;
		while (i < n && ch_isdigit((unsigned char)p[i]))
			i++;
		if (i - st > 3 || i >= n || p[i] != '.')
			return 0;
		i++;
	}
	if (i && i < n && p[i] == ' ')
		return i;
	return 0;
}

static int is_bullet(const char *p, size_t n)
{
	trim(&p, &n);
	if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && p[1] == ' ')
		return 1;
	/* U+2022 bullet, U+25CF black circle, U+25AA, U+2013 en dash */
	if (n >= 4 && (!memcmp(p, "\xe2\x80\xa2", 3) || !memcmp(p, "\xe2\x97\x8f", 3) ||
		       !memcmp(p, "\xe2\x96\xaa", 3) || !memcmp(p, "\xe2\x80\x93", 3)) && p[3] == ' ')
		return 1;
	return 0;
}

/*
 * Next/previous non-blank line from i (exclusive), or NONE. Looked up
 * in tables that measure() fills: the layout only ever reclassifies
 * non-blank lines, so which lines are blank never changes after the
 * decoder, and walking over long runs of blank lines on every call made
 * the layout quadratic in them.
 */
static size_t next_nonblank(const struct lay *L, size_t i)
{
	return L->next_nb[i];
}

static size_t prev_nonblank(const struct lay *L, size_t i)
{
	return L->prev_nb[i];
}

static void index_nonblank(struct lay *L)
{
	size_t i, last = NONE;
	L->prev_nb = xmalloc((L->n ? L->n : 1) * sizeof(*L->prev_nb));
	L->next_nb = xmalloc((L->n ? L->n : 1) * sizeof(*L->next_nb));
	for (i = 0; i < L->n; i++) {
		L->prev_nb[i] = last;
		if (!is_blank(L, i))
			last = i;
	}
	last = NONE;
	for (i = L->n; i-- > 0;) {
		L->next_nb[i] = last;
		if (!is_blank(L, i))
			last = i;
	}
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

static int line_ends_sentence(const struct lay *L, size_t i)
{
	return L->ends[i];
}

/* ltext() less the white space around it (trim()). */
static const char *ttext(const struct lay *L, size_t i, size_t *len)
{
	*len = L->tend[i] - L->tstart[i];
	return L->s + L->tstart[i];
}

/* ---------- step 1: measure ---------- */

static void measure(struct lay *L)
{
	size_t i, nb = 0, long_lines = 0;
	unsigned *w = NULL;

	L->width = xcalloc(L->n ? L->n : 1, sizeof(*L->width));
	L->num = xcalloc(L->n ? L->n : 1, sizeof(*L->num));
	L->fkind = xcalloc(L->n ? L->n : 1, sizeof(*L->fkind));
	w = xcalloc(L->n ? L->n : 1, sizeof(*w));
	L->tstart = xmalloc((L->n ? L->n : 1) * sizeof(*L->tstart));
	L->tend = xmalloc((L->n ? L->n : 1) * sizeof(*L->tend));
	L->ends = xmalloc(L->n ? L->n : 1);
	index_nonblank(L);
	for (i = 0; i < L->n; i++) {
		size_t len, tl;
		const char *p = ltext(L, i, &len), *t = p;
		/* the source is valid UTF-8, and a line ends at an ASCII byte */
		L->width[i] = (unsigned)utf8_count_valid(p, len);
		L->num[i] = -1;
		L->fkind[i] = -1;
		tl = len;
		trim(&t, &tl);
		L->tstart[i] = (size_t)(t - L->s);
		L->tend[i] = L->tstart[i] + tl;
		L->ends[i] = (unsigned char)ends_sentence(t, tl);
		if (is_blank(L, i))
			continue;
		if (is_separator(p, len)) {
			set_kind(L, i, LINE_SEPARATOR);
			continue;
		}
		L->num[i] = bare_number(p, len);
		if (L->num[i] < 0 && L->width[i] >= 20) {
			w[nb++] = L->width[i];
			if (L->width[i] > 160)
				long_lines++;
		}
	}
	/*
	 * Wrapped text has paragraphs of several lines; text whose lines
	 * are whole paragraphs (blank-separated, or very long) is not.
	 */
	{
		size_t body = 0, followed = 0;
		for (i = 0; i < L->n; i++) {
			if (is_blank(L, i))
				continue;
			body++;
			if (i + 1 < L->n && !is_blank(L, i + 1))
				followed++;
		}
		L->wrapped = nb >= 8 && long_lines * 4 < nb && followed * 2 >= body;
	}
	free(w);
}

/*
 * The width of a full body line: the 85th percentile of the widths of
 * body lines (most lines of a wrapped paragraph are full). Called again
 * once the footnote areas are known, since their lines are wider.
 */
static void measure_body_width(struct lay *L)
{
	/*
	 * Counted by width rather than sorted: nearly every width is under
	 * WIDTH_BINS, and the rank k of the percentile is found by walking
	 * the counts; the rare wider lines are sorted on their own.
	 */
	enum { WIDTH_BINS = 1024 };
	/*
	 * On the stack, cleared here: a calloc() of the bins cost more
	 * than the count on a short document (it runs twice per document).
	 * A body line has at least 20 bytes, so no count passes 32 bits.
	 */
	uint32_t count[WIDTH_BINS];
	unsigned *wide = NULL;
	size_t i, nb = 0, nw = 0, aw = 0, k, w;

	memset(count, 0, sizeof(count));
	for (i = 0; i < L->n; i++) {
		if (kind(L, i) != LINE_BODY || L->num[i] >= 0 || L->width[i] < 20)
			continue;
		nb++;
		if (L->width[i] < WIDTH_BINS) {
			count[L->width[i]]++;
		} else {
			ALLOC_GROW(wide, nw + 1, aw);
			wide[nw++] = L->width[i];
		}
	}
	if (nb) {
		k = (nb * 85) / 100;    /* the k-th smallest width, from 0 */
		/*
		 * Walked from the narrowest width counted (20), and not at
		 * all when the rank lies among the wide lines: unwrapped
		 * text has most lines wider than the bins.
		 */
		if (k >= nb - nw) {
			k -= nb - nw;
			w = WIDTH_BINS;
		} else {
			for (w = 20; w < WIDTH_BINS && k >= count[w]; w++)
				k -= count[w];
		}
		if (w < WIDTH_BINS) {
			L->body_w = (unsigned)w;
		} else {
			qsort(wide, nw, sizeof(*wide), cmp_unsigned);
			L->body_w = wide[k];
		}
	}
	free(wide);
}

/* ---------- step 2: furniture ---------- */

static void add_line_furniture(struct lay *L, size_t i, enum furniture_kind k, long page)
{
	struct doc_line *l = &L->d->lines[i];
	struct doc_furniture *f = doc_add_furniture(L->d, k, l->src_start, l->src_end, page);
	(void)f;
	set_kind(L, i, k == FURN_PAGE_NUMBER ? LINE_PAGE_NUMBER : LINE_FURNITURE);
	L->fkind[i] = (signed char)k;
}

/*
 * Line text with digits folded to '#' and white space collapsed, for
 * comparing headers: written to out, which has room for n + 1 bytes
 * (folding never lengthens a line), NUL-terminated; returns its length.
 */
static size_t fold_line(const char *p, size_t n, char *out)
{
	size_t i, o = 0;
	int sp = 0;
	trim(&p, &n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (ch_isspace(c)) {
			sp = 1;
			continue;
		}
		if (sp && o)
			out[o++] = ' ';
		sp = 0;
		out[o++] = ch_isdigit(c) ? '#' : (char)c;
	}
	out[o] = '\0';
	return o;
}

static int isolated(const struct lay *L, size_t i)
{
	int before = i == 0 || is_blank(L, i - 1) || kind(L, i - 1) == LINE_PAGE_NUMBER ||
		     L->num[i - 1] >= 0;
	int after = i + 1 >= L->n || is_blank(L, i + 1) || kind(L, i + 1) == LINE_PAGE_NUMBER ||
		    L->num[i + 1] >= 0;
	return before && after;
}

struct hdr {
	const char *key;        /* folded line, in the arena */
	size_t len, count;      /* isolated occurrences */
};

static void find_running_headers(struct lay *L)
{
	struct hdr *h = NULL;
	struct strmap keys = STRMAP_INIT;       /* folded line -> index into h */
	size_t nh = 0, ah = 0, i, j, room = 0, used = 0, alen;
	size_t *keyof = xcalloc(L->n ? L->n : 1, sizeof(size_t));
	char *arena, a[256];

	/*
	 * A header is a line whose folded text stands isolated at least
	 * twice, and only its isolated occurrences become furniture: the
	 * lines inside paragraphs (most of wrapped text) can neither make
	 * nor be a header, so only isolated lines are folded and counted
	 * (isolated() reads blank lines, bare numbers and page-number
	 * lines, which this pass does not change). They are folded into
	 * one arena sized up front (a folded line is no longer than the
	 * line), so that keys stay put while the map points at them.
	 */
	for (i = 0; i < L->n; i++)
		if (kind(L, i) == LINE_BODY && L->num[i] < 0 && L->width[i] >= 8 &&
		    L->width[i] <= 200 && isolated(L, i))
			room += L->d->lines[i].src_end - L->d->lines[i].src_start + 1;
	arena = xmalloc(room ? room : 1);
	for (i = 0; i < L->n; i++) {
		size_t len, *v, kl;
		const char *p = ltext(L, i, &len);
		char *k = arena + used;
		keyof[i] = NONE;
		if (kind(L, i) != LINE_BODY || L->num[i] >= 0 || L->width[i] < 8 ||
		    L->width[i] > 200 || !isolated(L, i))
			continue;
		kl = fold_line(p, len, k);
		/*
		 * A hash map, not a search of the keys: on a long document
		 * nearly every line is a key of its own.
		 */
		v = strmap_get(&keys, k, kl);
		if (v) {
			j = *v;
		} else {
			j = nh;
			ALLOC_GROW(h, nh + 1, ah);
			h[nh].key = k;
			h[nh].len = kl;
			h[nh].count = 0;
			strmap_put(&keys, k, kl, nh, NULL);
			nh++;
			used += kl + 1;     /* a new key: keep its bytes */
		}
		h[j].count++;
		keyof[i] = j;
	}
	for (i = 0; i < L->n; i++) {
		size_t k = keyof[i];
		if (k != NONE && h[k].count >= 2)
			add_line_furniture(L, i, FURN_RUNNING_HEADER, -1);
	}
	/*
	 * The first page often carries the journal line without the author
	 * part of later headers: "VNU Journal ..., 25-48" against
	 * "C.A. Thayer / VNU Journal ..., 25-48".
	 */
	for (i = 0; i < L->n && i < 5; i++) {
		size_t len;
		const char *p;
		char *f;
		if (kind(L, i) != LINE_BODY || L->width[i] < 12)
			continue;
		p = ltext(L, i, &len);
		f = len < sizeof(a) ? a : xmalloc(len + 1);
		alen = fold_line(p, len, f);
		for (j = 0; j < nh; j++) {
			if (h[j].count >= 2 && h[j].len > alen &&
			    !memcmp(h[j].key + h[j].len - alen, f, alen)) {
				add_line_furniture(L, i, FURN_RUNNING_HEADER, -1);
				break;
			}
		}
		if (f != a)
			free(f);
		break;
	}
	free(arena);
	free(h);
	free(keyof);
	strmap_release(&keys);
}

/*
 * Is there running-header furniture within two non-blank lines of i,
 * with at most another bare number between ("25", "26", header)? A
 * text line between means i belongs to that text: a note number right
 * above its note body at a page's foot is no page number.
 */
static int near_header(const struct lay *L, size_t i)
{
	size_t k, steps;
	for (k = i, steps = 0; steps < 2 && (k = prev_nonblank(L, k)) != NONE; steps++) {
		if (kind(L, k) == LINE_FURNITURE)
			return 1;
		if (L->num[k] < 0)
			break;
	}
	for (k = i, steps = 0; steps < 2 && (k = next_nonblank(L, k)) != NONE; steps++) {
		if (kind(L, k) == LINE_FURNITURE)
			return 1;
		if (L->num[k] < 0)
			break;
	}
	return 0;
}

static void find_page_numbers(struct lay *L)
{
	size_t i, k, changed = 1;
	size_t *pn = NULL, npn = 0, apn = 0;
	int any_header = 0;

	for (i = 0; i < L->n; i++)
		if (kind(L, i) == LINE_FURNITURE)
			any_header = 1;
	if (any_header) {
		for (i = 0; i < L->n; i++)
			if (L->num[i] > 0 && kind(L, i) == LINE_BODY && near_header(L, i))
				add_line_furniture(L, i, FURN_PAGE_NUMBER, L->num[i]);
		/* a neighbour one apart: "25" at the foot of a page, "26" at the head of the next */
		while (changed) {
			changed = 0;
			for (i = 0; i < L->n; i++) {
				size_t p, q;
				if (kind(L, i) != LINE_PAGE_NUMBER)
					continue;
				p = prev_nonblank(L, i);
				q = next_nonblank(L, i);
				if (p != NONE && kind(L, p) == LINE_BODY && L->num[p] == L->num[i] - 1 &&
				    isolated(L, p)) {
					add_line_furniture(L, p, FURN_PAGE_NUMBER, L->num[p]);
					changed = 1;
				}
				if (q != NONE && kind(L, q) == LINE_BODY && L->num[q] == L->num[i] + 1 &&
				    isolated(L, q)) {
					add_line_furniture(L, q, FURN_PAGE_NUMBER, L->num[q]);
					changed = 1;
				}
			}
		}
	}
	for (i = 0; i < L->n; i++) {
		if (kind(L, i) == LINE_PAGE_NUMBER) {
			ALLOC_GROW(pn, npn + 1, apn);
			pn[npn++] = i;
		}
	}
	/* Interpolate: a missing page number between two known ones. */
	for (k = 0; k + 1 < npn; k++) {
		long a = L->num[pn[k]], b = L->num[pn[k + 1]];
		if (b - a < 2 || b - a > 3)
			continue;
		for (i = pn[k] + 1; i < pn[k + 1]; i++) {
			if (kind(L, i) == LINE_BODY && L->num[i] > a && L->num[i] < b && isolated(L, i)) {
				add_line_furniture(L, i, FURN_PAGE_NUMBER, L->num[i]);
				a = L->num[i];
			}
		}
	}
	/*
	 * Extrapolate forward: the next page's number after the last known
	 * one, once a running header or a page's worth of lines lies between.
	 */
	if (npn) {
		size_t lastpn = pn[npn - 1];
		int hdr_between = 0;
		for (i = lastpn + 1; i < L->n; i++) {
			if (kind(L, i) == LINE_FURNITURE && L->fkind[i] == FURN_RUNNING_HEADER) {
				hdr_between = 1;
				continue;
			}
			if (kind(L, i) == LINE_BODY && L->num[i] == L->num[lastpn] + 1 && isolated(L, i) &&
			    (hdr_between || i - lastpn >= 30)) {
				add_line_furniture(L, i, FURN_PAGE_NUMBER, L->num[i]);
				lastpn = i;
				hdr_between = 0;
			}
		}
	}
	if (!any_header && !npn) {
		/*
		 * No headers: isolated bare numbers rising by one, far apart
		 * (a page's worth of lines), are page numbers.
		 */
		size_t last = NONE, run = 0, first = NONE;
		for (i = 0; i < L->n; i++) {
			if (L->num[i] <= 0 || kind(L, i) != LINE_BODY || !isolated(L, i))
				continue;
			if (last != NONE && L->num[i] == L->num[last] + 1 && i - last >= 15) {
				run++;
			} else {
				if (run >= 3)
					break;
				run = 1;
				first = i;
			}
			last = i;
		}
		if (run >= 3) {
			long want = L->num[first];
			for (i = first; i < L->n; i++) {
				if (L->num[i] == want && kind(L, i) == LINE_BODY && isolated(L, i)) {
					add_line_furniture(L, i, FURN_PAGE_NUMBER, L->num[i]);
					want++;
				}
			}
		}
	}
	free(pn);
}

/* "Received 06 October 2016", "Revised ...; Accepted ...", "Tel.: ...", "Email: ..." near the top. */
static void find_first_page_lines(struct lay *L)
{
	static const char *const heads[] = {
		"received ", "revised ", "accepted ", "published online", "available online",
		"article history", "corresponding author"
	};
	size_t i, j;
	for (i = 0; i < L->n && i < 40; i++) {
		size_t len;
		const char *p = ltext(L, i, &len);
		if (kind(L, i) != LINE_BODY || L->width[i] > 120)
			continue;
		trim(&p, &len);
		for (j = 0; j < ARRAY_SIZE(heads); j++) {
			size_t hl = strlen(heads[j]);
			if (len > hl && mem_ieq(p, hl, heads[j])) {
				const char *q;
				/* must carry a year */
				for (q = p; q + 4 <= p + len; q++)
					if ((q[0] == '1' || q[0] == '2') && ch_isdigit((unsigned char)q[1]) &&
					    ch_isdigit((unsigned char)q[2]) && ch_isdigit((unsigned char)q[3]))
						break;
				if (q + 4 <= p + len || j >= 5)
					add_line_furniture(L, i, FURN_FIRST_PAGE, -1);
				break;
			}
		}
	}
}

/* Breadcrumbs ("Home    Section    Title"), view counters, trailing link lists. */
static void find_site_chrome(struct lay *L)
{
	static const char *const tail_words[] = {
		"related articles", "related posts", "contact us", "links", "share", "print",
		"tags", "comments", "back to top", "read more", "other news"
	};
	size_t i, j, seen = 0;
	for (i = 0; i < L->n && seen < 6; i++) {
		size_t len, k, gaps = 0;
		const char *p = ltext(L, i, &len);
		if (kind(L, i) != LINE_BODY)
			continue;
		seen++;
		trim(&p, &len);
		if (len > 4 && mem_ieq(p, 4, "home") &&
		    (p[4] == ' ' || p[4] == '\t' || p[4] == '>' || (unsigned char)p[4] == 0xc2)) {
			for (k = 4; k + 2 < len; k++)
				if ((p[k] == ' ' && p[k + 1] == ' ' && p[k + 2] == ' ') || p[k] == '>' ||
				    p[k] == '\t' || (unsigned char)p[k] == 0xc2)
					gaps++;
			if (gaps) {
				add_line_furniture(L, i, FURN_SITE_CHROME, -1);
				continue;
			}
		}
		/* "3185 views", "3185 Lượt xem" */
		k = 0;
		while (k < len && ch_isdigit((unsigned char)p[k]))
			k++;
		if (k && k < len && p[k] == ' ' && L->width[i] < 30) {
			const char *w = p + k + 1;
			size_t wl = len - k - 1;
			if ((wl >= 5 && mem_ieq(w, 5, "views")) || (wl >= 4 && mem_ieq(w, 4, "view")) ||
			    (wl >= 5 && mem_ieq(w, 5, "reads")) || (wl >= 4 && !memcmp(w, "L\xc6\xb0", 3)))
				add_line_furniture(L, i, FURN_SITE_CHROME, -1);
		}
	}
	/* trailing chrome: short link-list words after the last sentence */
	for (i = L->n; i-- > 0;) {
		size_t len;
		const char *p = ltext(L, i, &len);
		int hit = 0;
		if (is_blank(L, i))
			continue;
		if (kind(L, i) != LINE_BODY)
			break;
		trim(&p, &len);
		for (j = 0; j < ARRAY_SIZE(tail_words); j++)
			if (mem_ieq(p, len, tail_words[j]))
				hit = 1;
		if (!hit)
			break;
		add_line_furniture(L, i, FURN_SITE_CHROME, -1);
	}
}

/* ---------- step 3: note areas ---------- */

static int is_marker_line(const struct lay *L, size_t i)
{
	size_t len;
	const char *p = ltext(L, i, &len);
	return L->num[i] >= 0 || is_symbol_marker(p, len);
}

static int is_wide(const struct lay *L, size_t i)
{
	return L->wrapped && L->body_w && L->width[i] > L->body_w + 2;
}

/* Does line i start with an enumeration that continues note numbering (unwrapped lists)? */
static int starts_note_entry(const struct lay *L, size_t i, long last)
{
	size_t len, k;
	const char *p = ltext(L, i, &len);
	long v = 0;
	trim(&p, &len);
	k = enum_prefix(p, len);
	if (!k)
		return 0;
	for (; *p && !ch_isdigit((unsigned char)*p) && p < ltext(L, i, &len) + len; p++)
		;
	while (ch_isdigit((unsigned char)*p))
		v = v * 10 + (*p++ - '0');
	return v == last + 1;
}

static void mark_note_line(struct lay *L, size_t i)
{
	if (is_marker_line(L, i)) {
		set_kind(L, i, LINE_NOTE_NUMBER);
		if (L->num[i] > L->max_note && L->num[i] < 1000)
			L->max_note = L->num[i];
	} else {
		set_kind(L, i, LINE_NOTE);
	}
}

/* The longest name is_notes_heading() knows, in bytes ("tài liệu tham khảo" has 23). */
#define NOTES_HEADING_MAX 23

/* A heading that opens a list of notes or references: "References", "Notes:". */
static int is_notes_heading(const struct lay *L, size_t i)
{
	static const char *const names[] = {
		"references", "notes", "endnotes", "footnotes", "bibliography", "sources",
		"works cited", "literature", "notes and references", "references and notes",
		"further reading", "t\xc3\xa0i li\xe1\xbb\x87u tham kh\xe1\xba\xa3" "o", "r\xc3\xa9" "f\xc3\xa9rences"
	};
	size_t len, j;
	const char *p = ttext(L, i, &len);
	if (len && p[len - 1] == ':')
		len--;
	/*
	 * mem_ieq() matches only a name of the same length, and none is
	 * longer than NOTES_HEADING_MAX bytes: this runs for every body
	 * line, nearly all of them longer.
	 */
	if (len > NOTES_HEADING_MAX)
		return 0;
	for (j = 0; j < ARRAY_SIZE(names); j++)
		if (mem_ieq(p, len, names[j]))
			return 1;
	return 0;
}

static int has_year(const struct lay *L, size_t i)
{
	size_t len, k;
	const char *p = ltext(L, i, &len);
	for (k = 0; k + 4 <= len; k++)
		if ((p[k] == '1' || p[k] == '2') && ch_isdigit((unsigned char)p[k + 1]) &&
		    ch_isdigit((unsigned char)p[k + 2]) && ch_isdigit((unsigned char)p[k + 3]) &&
		    (k + 4 == len || !ch_isdigit((unsigned char)p[k + 4])) &&
		    (k == 0 || !ch_isdigit((unsigned char)p[k - 1])))
			return 1;
	return 0;
}

static size_t line_enum_prefix(const struct lay *L, size_t i)
{
	size_t len;
	const char *p = ttext(L, i, &len);
	return enum_prefix(p, len);
}

/* Marks the note area that opens after line i (a separator or a notes heading). */
static void note_area_from(struct lay *L, size_t i, int headed)
{
	size_t j;
	/* footnotes numbered "N." go on from one page's area to the next */
	long last_enum = L->last_enum;
	for (j = i + 1; j < L->n; j++) {
		enum line_kind k = kind(L, j);
		/* "* Corresponding author. Tel.: ..." is first-page metadata inside the area */
		if (k == LINE_FURNITURE && L->fkind[j] == FURN_FIRST_PAGE)
			continue;
		if (k == LINE_FURNITURE || k == LINE_PAGE_NUMBER || k == LINE_SEPARATOR)
			break;
		if (k == LINE_BLANK) {
			size_t p = prev_nonblank(L, j), q = next_nonblank(L, j);
			int go = 0;
			if (q == NONE || kind(L, q) != LINE_BODY)
				break;
			if (p != NONE && p > i && (kind(L, p) == LINE_NOTE_NUMBER))
				go = 1;
			else if (is_marker_line(L, q) || is_wide(L, q))
				go = 1;
			else if (!L->wrapped && starts_note_entry(L, q, last_enum))
				go = 1;
			else if (headed && (line_enum_prefix(L, q) || has_year(L, q)))
				go = 1;
			if (!go)
				break;
			continue;
		}
		if (k != LINE_BODY)
			break;
		if (!L->wrapped) {
			size_t len;
			const char *p = ltext(L, j, &len);
			if (enum_prefix(p, len) && starts_note_entry(L, j, last_enum))
				last_enum++;
			else if (last_enum == L->last_enum && enum_prefix(p, len) && starts_note_entry(L, j, 0))
				last_enum = 1;	/* a list of its own, from 1 */
			else if (j == next_nonblank(L, i) && !is_marker_line(L, j) && !headed)
				break;	/* an unwrapped area must open with an entry */
		}
		mark_note_line(L, j);
	}
	L->last_enum = last_enum;
}

static void note_areas_after_separators(struct lay *L)
{
	size_t i;
	for (i = 0; i < L->n; i++) {
		if (kind(L, i) == LINE_SEPARATOR)
			note_area_from(L, i, 0);
		else if (kind(L, i) == LINE_BODY && is_notes_heading(L, i))
			note_area_from(L, i, 1);
	}
}

/*
 * Notes at a page's foot without a separator line: going back from the
 * page's end, bare numbers that continue the note numbering, and above
 * the first of them the wide lines (a note body carried over from the
 * previous page) down to the last narrow body line.
 */
static void note_areas_at_page_ends(struct lay *L)
{
	size_t i, scanned = 0;
	long numbered = 1;      /* one past the highest note number above line 'scanned' */
	if (!L->wrapped || !L->body_w)
		return;
	for (i = 0; i < L->n; i++) {
		size_t end, j, first_num = NONE, start;
		long want;
		enum line_kind k = kind(L, i);
		if (k != LINE_PAGE_NUMBER && k != LINE_FURNITURE)
			continue;
		end = prev_nonblank(L, i);
		if (end == NONE || kind(L, end) != LINE_BODY)
			continue;
		/* the run of body lines ending the page */
		j = end;
		while (j > 0 && kind(L, j - 1) == LINE_BODY)
			j--;
		start = j;
		/*
		 * The next note number expected: one past the highest above
		 * the run. Pages come in order and this loop only marks lines
		 * at or after 'start', so the lines above it are final: carry
		 * the count on instead of recounting from the top each page.
		 */
		for (; scanned < start; scanned++)
			if (kind(L, scanned) == LINE_NOTE_NUMBER && L->num[scanned] >= numbered &&
			    L->num[scanned] < 1000)
				numbered = L->num[scanned] + 1;
		want = numbered;
		for (j = start; j <= end; j++) {
			if (L->num[j] == want && (first_num == NONE || j > first_num)) {
				if (first_num == NONE)
					first_num = j;
				want++;
			}
		}
		if (first_num == NONE || first_num == end)
			continue;
		/* the lines right above the first number */
		j = first_num;
		if (j > start && line_ends_sentence(L, j - 1))
			j--;
		while (j > start && is_wide(L, j - 1))
			j--;
		if (j < first_num && !is_wide(L, j) && j + 1 < first_num && !is_wide(L, j + 1))
			j = first_num;	/* only a stray short line: not a carried-over note */
		for (; j <= end; j++)
			mark_note_line(L, j);
	}
}

/* ---------- step 4: running headers inside sentences ---------- */

/*
 * Words found for every number: the three that group it (same_words).
 * A phrase agrees on at least five (PHRASE_WORDS), which are found by
 * numtok_words() only for a number whose group has another member,
 * and the rest (up to sixteen) for the few that start or join a
 * phrase: finding sixteen for every number in a long line was a sixth
 * of a scan of number-dense text, and five for every number still
 * most of this step.
 */
#define EAGER_WORDS 3
#define PHRASE_WORDS 5

/*
 * 32-bit offsets (a document is at most DOC_MAX_SIZE bytes): a long
 * document has a numtok per 80 bytes or so. Only the EAGER_WORDS words
 * every number gets are kept in it (40 bytes): the room for sixteen
 * (152 bytes) made the array that grows while numbers are collected
 * four times larger, and its copies a tenth of the layout.
 */
struct numtok {
	uint32_t line;
	uint32_t pos;           /* source offset of the number */
	uint32_t value;         /* 1 to 9999 */
	unsigned char len;      /* 1 to 4 digits */
	unsigned char nw;       /* words found so far */
	unsigned char full;     /* no more words before them (or MAX_PHRASE_WORDS found) */
	uint32_t wstart[EAGER_WORDS];  /* source offsets of the preceding words, nearest first */
	uint32_t wend[EAGER_WORDS];
};

/* Words EAGER_WORDS to MAX_PHRASE_WORDS - 1 of a number, filled as far as its nw says. */
struct numwords {
	uint32_t wstart[MAX_PHRASE_WORDS - EAGER_WORDS];
	uint32_t wend[MAX_PHRASE_WORDS - EAGER_WORDS];
};

/*
 * The numbers of a document: t grows while they are collected; more
 * is allocated once they are counted (one per number, uninitialized:
 * written only for the few numbers asked for more words).
 */
struct numtoks {
	struct numtok *t;
	struct numwords *more;
	size_t nr, alloc;
};

static size_t wstart_of(const struct numtoks *v, size_t i, size_t w)
{
	return w < EAGER_WORDS ? v->t[i].wstart[w] : v->more[i].wstart[w - EAGER_WORDS];
}

static size_t wend_of(const struct numtoks *v, size_t i, size_t w)
{
	return w < EAGER_WORDS ? v->t[i].wend[w] : v->more[i].wend[w - EAGER_WORDS];
}

/*
 * The start of the word (a run of bytes other than ' ') that ends at
 * p[w), w > 0: eight bytes at a time where it is long enough, the
 * spaces of each step told by an exact zero-byte test (no borrow), and
 * the last one by its highest bit.
 */
static size_t word_start(const char *p, size_t w)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, spaces = 0x2020202020202020ULL;
	while (w >= 8) {
		uint64_t x, sp;
		memcpy(&x, p + w - 8, 8);
		x ^= spaces;
		sp = ~(((x & low7) + low7) | x) & ~low7;
		if (sp)
			return w - 8 + (size_t)(63 - __builtin_clzll(sp)) / 8 + 1;
		w -= 8;
	}
#endif
	while (w > 0 && p[w - 1] != ' ')
		w--;
	return w;
}

/* Records word w of number i: source offsets [ws, we). */
static void numtok_set_word(struct numtoks *v, size_t i, size_t w, size_t ws, size_t we)
{
	if (w < EAGER_WORDS) {
		v->t[i].wstart[w] = (uint32_t)ws;
		v->t[i].wend[w] = (uint32_t)we;
	} else {
		v->more[i].wstart[w - EAGER_WORDS] = (uint32_t)ws;
		v->more[i].wend[w - EAGER_WORDS] = (uint32_t)we;
	}
}

/*
 * Finds the words before number i, nearest first, until max are known
 * (or there are no more). Past EAGER_WORDS only once v->more exists.
 */
static void numtok_words(const struct lay *L, struct numtoks *v, size_t i, size_t max)
{
	struct numtok *t = &v->t[i];
	const char *p = L->s + L->d->lines[t->line].src_start;
	size_t base = L->d->lines[t->line].src_start;
	size_t w = t->nw ? wstart_of(v, i, t->nw - 1) - base : t->pos - base - 1, wn = t->nw;

	if (t->full || t->nw >= max)
		return;
	if (max > MAX_PHRASE_WORDS)
		max = MAX_PHRASE_WORDS;
	for (; wn < max; wn++) {
		size_t we;
		while (w > 0 && p[w - 1] == ' ')
			w--;
		if (!w) {
			t->full = 1;
			break;
		}
		we = w;
		w = word_start(p, w);
		numtok_set_word(v, i, wn, base + w, base + we);
	}
	t->nw = (unsigned char)wn;
	if (wn == MAX_PHRASE_WORDS)
		t->full = 1;
}
static void add_cut(struct lay *L, size_t start, size_t end)
{
	ALLOC_GROW(L->cuts, L->nr_cuts + 1, L->alloc_cuts);
	L->cuts[L->nr_cuts].start = start;
	L->cuts[L->nr_cuts].end = end;
	L->cuts[L->nr_cuts].hyphen_space = 0;
	L->nr_cuts++;
}

/*
 * "balance-of- power", "capacity- building": a line break that an
 * earlier extraction turned into a space after a hyphen. The space is
 * cut (a join with the hyphen kept is recorded); "pre- and post-war"
 * is left alone.
 */
static void find_hyphen_spaces(struct lay *L)
{
	static const char *const keep[] = { "and ", "or ", "nor ", "to ", "und ", "et " };
	size_t i, k, j;
	for (i = 0; i < L->n; i++) {
		size_t len;
		const char *p = ltext(L, i, &len);
		size_t base = L->d->lines[i].src_start;
		if (kind(L, i) != LINE_BODY)
			continue;
		for (k = 1; k + 2 < len; k++) {
			int skip = 0;
			/* to the next hyphen (memchr: this looks at every body line) */
			const char *h = memchr(p + k, '-', len - 2 - k);
			if (!h)
				break;
			k = (size_t)(h - p);
			if (p[k + 1] != ' ' || !ch_isalpha((unsigned char)p[k - 1]) ||
			    !ch_islower((unsigned char)p[k + 2]))
				continue;
			for (j = 0; j < ARRAY_SIZE(keep); j++)
				if (len - k - 2 >= strlen(keep[j]) &&
				    !memcmp(p + k + 2, keep[j], strlen(keep[j])))
					skip = 1;
			if (skip)
				continue;
			add_cut(L, base + k + 1, base + k + 2);
			L->cuts[L->nr_cuts - 1].hyphen_space = 1;
		}
	}
}

/* Is word w of number a the same as word w of number b? */
static int word_eq(const struct lay *L, const struct numtoks *v, size_t a, size_t b, size_t w)
{
	size_t sa = wstart_of(v, a, w), sb = wstart_of(v, b, w);
	size_t la = wend_of(v, a, w) - sa, lb = wend_of(v, b, w) - sb;
	return la == lb && !memcmp(L->s + sa, L->s + sb, la);
}

/*
 * The offset of the first ASCII digit of p[0..8), or 8 if none. A digit
 * is a byte below 10 once XORed with '0', which the classic borrow test
 * flags; its lowest flag is exact (a borrow only runs upward from a
 * flagged byte), so the digit is found without a byte loop.
 */
static size_t first_digit8(const char *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, m;
	memcpy(&x, p, 8);
	x ^= 0x3030303030303030ULL;
	m = (x - 0x0a0a0a0a0a0a0a0aULL) & ~x & 0x8080808080808080ULL;
	return m ? (size_t)__builtin_ctzll(m) / 8 : 8;
#else
	size_t i = 0;
	while (i < 8 && !ch_isdigit((unsigned char)p[i]))
		i++;
	return i;
#endif
}

/*
 * The first digit of p[k..n) that follows a space (k >= 1), or n if
 * there is none: only such a digit can start a number that stands
 * alone, and the digits of "3.5", "(2019)" or "p12" are passed over
 * with the letters. Sixteen bytes at a time with SSE2 (adding 0x50
 * takes a digit, and only a digit, to -128..-119 as a signed byte; the
 * spaces are those of the same bytes loaded one earlier), else digit
 * by digit through first_digit8().
 */
static size_t next_number_start(const char *p, size_t k, size_t n)
{
#ifdef __SSE2__
	const __m128i shift = _mm_set1_epi8(0x50), lim = _mm_set1_epi8(-118);
	const __m128i space = _mm_set1_epi8(' ');
	while (k + 16 <= n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
		__m128i before = _mm_loadu_si128((const __m128i *)(const void *)(p + k - 1));
		__m128i hit = _mm_and_si128(_mm_cmplt_epi8(_mm_add_epi8(x, shift), lim),
					    _mm_cmpeq_epi8(before, space));
		int m = _mm_movemask_epi8(hit);
		if (m)
			return k + (size_t)__builtin_ctz((unsigned)m);
		k += 16;
	}
#endif
	for (;;) {
		while (k + 8 <= n) {
			size_t d = first_digit8(p + k);
			k += d;
			if (d < 8)
				break;
		}
		while (k < n && !ch_isdigit((unsigned char)p[k]))
			k++;
		if (k >= n || p[k - 1] == ' ')
			return k;
		k++;
	}
}

/* Collect numbers standing alone inside long body lines, with the words before them. */
static void collect_numtoks(struct lay *L, struct numtoks *out)
{
	struct numtok *v = NULL;
	size_t nv = 0, av = 0, i;
	for (i = 0; i < L->n; i++) {
		size_t len, k;
		const char *p = ltext(L, i, &len);
		size_t base = L->d->lines[i].src_start;
		if (kind(L, i) != LINE_BODY || L->width[i] < 60)
			continue;
		for (k = 1; k + 1 < len; k++) {
			size_t e;
			long val = 0;
			struct numtok *t;
			/*
			 * To the next digit after a space, many bytes at a
			 * time: most of a line has none. A digit run that
			 * starts elsewhere fails the test below (its first
			 * digit follows no space, the others follow a digit).
			 */
			k = next_number_start(p, k, len - 1);
			if (k + 1 >= len)
				break;
			e = k;
			/* only runs of up to four digits are page numbers: stop adding past that */
			for (; e < len && ch_isdigit((unsigned char)p[e]); e++)
				if (e - k < 5)
					val = val * 10 + (p[e] - '0');
			/* the run's other digits follow a digit: none starts a number */
			if (p[k - 1] != ' ' || e - k > 4 || e >= len || p[e] != ' ' || val < 1) {
				k = e - 1;
				continue;
			}
			ALLOC_GROW(v, nv + 1, av);
			t = &v[nv++];
			/* no memset: the word arrays are filled as far as nw says */
			t->line = (uint32_t)i;
			t->pos = (uint32_t)(base + k);
			t->len = (unsigned char)(e - k);
			t->value = (uint32_t)val;
			t->nw = 0;
			t->full = 0;
			out->t = v;
			numtok_words(L, out, nv - 1, EAGER_WORDS);
			k = e - 1;
		}
	}
	out->t = v;
	out->nr = nv;
	out->alloc = av;
	out->more = xmalloc((nv ? nv : 1) * sizeof(*out->more));
}

/*
 * The numbers preceded by the same three words form a group; only
 * members of i's group can join i's phrase. Within a group they are
 * sorted by value, then position, so that the next member of a phrase
 * (the first later number worth one to four more) is found by binary
 * search instead of by comparing every pair of numbers, which on a
 * long document is quadratic in them.
 */
struct numref {
	size_t group;
	long value;
	size_t tok;             /* index into the numtoks */
};

struct same_words {
	struct numref *ref;     /* sorted by group, value, tok */
	size_t nr;
	size_t *group_of;       /* per numtok: its group, or NONE (fewer than three words) */
	size_t *group_start;    /* per group: its first ref; group_start[nr_groups] == nr */
	size_t nr_groups;
};

static int cmp_numref(const void *a, const void *b)
{
	const struct numref *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/*
 * A hash of the first three words before t, from each word's first and
 * last eight bytes and its length: equal words hash alike, and the
 * table confirms a match word by word, so no byte need be missed. A
 * byte-by-byte FNV-1a of the words was a tenth of the layout.
 */
static uint64_t three_words_hash(const struct lay *L, const struct numtok *t)
{
	uint64_t h = 0;
	size_t w, k;
	for (w = 0; w < 3; w++) {
		size_t ws = t->wstart[w], we = t->wend[w], n = we - ws;
		uint64_t a = 0, b = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (n >= 8) {
			memcpy(&a, L->s + ws, 8);
			memcpy(&b, L->s + we - 8, 8);
		} else if (we >= 8 && n) {
			/* the eight bytes ending the word, less those before it */
			memcpy(&a, L->s + we - 8, 8);
			a >>= 8 * (8 - n);
		} else
#endif
		{
			/* the same value as above for a short word: its bytes, first lowest */
			for (k = 0; k < n && k < 8; k++)
				a |= (uint64_t)(unsigned char)L->s[ws + k] << (8 * k);
			for (k = n > 8 ? n - 8 : n; k < n; k++)
				b |= (uint64_t)(unsigned char)L->s[ws + k] << (8 * (k - (n - 8)));
		}
		h = (h ^ a) * 0x9E3779B97F4A7C15ULL;
		h = (h ^ b ^ n) * 0xC2B2AE3D27D4EB4FULL;
		h ^= h >> 29;
	}
	return h;
}

static void same_words_build(const struct lay *L, const struct numtoks *v, struct same_words *sw)
{
	const struct numtok *t = v->t;
	size_t nt = v->nr;
	/*
	 * Groups are numbered in order of first appearance, through an
	 * open-addressing table of the numtoks that started one, probed by
	 * a hash of the three words and confirmed word by word: the words
	 * are compared where they stand in the source, where a map of
	 * joined keys first copied every number's three words into a
	 * buffer (the copies and the map were most of this step).
	 */
	struct { uint64_t hash; size_t tok; } *slot;
	size_t i, g, cap = 16, mask;

	memset(sw, 0, sizeof(*sw));
	sw->group_of = xmalloc((nt ? nt : 1) * sizeof(*sw->group_of));
	sw->ref = xmalloc((nt ? nt : 1) * sizeof(*sw->ref));
	while (cap < 2 * nt)
		cap *= 2;
	mask = cap - 1;
	slot = xmalloc(cap * sizeof(*slot));
	for (i = 0; i < cap; i++)
		slot[i].tok = NONE;
	for (i = 0; i < nt; i++) {
		uint64_t h;
		size_t at;
		sw->group_of[i] = NONE;
		if (t[i].nw < 3)
			continue;
		h = three_words_hash(L, &t[i]);
		for (at = (size_t)h & mask; slot[at].tok != NONE; at = (at + 1) & mask) {
			size_t r = slot[at].tok;
			if (slot[at].hash == h && word_eq(L, v, r, i, 0) && word_eq(L, v, r, i, 1) &&
			    word_eq(L, v, r, i, 2))
				break;
		}
		if (slot[at].tok == NONE) {
			slot[at].hash = h;
			slot[at].tok = i;
			g = sw->nr_groups++;
		} else {
			g = sw->group_of[slot[at].tok];
		}
		sw->group_of[i] = g;
		sw->ref[sw->nr].group = g;
		sw->ref[sw->nr].value = t[i].value;
		sw->ref[sw->nr].tok = i;
		sw->nr++;
	}
	free(slot);
	/*
	 * Sorted by group with a counting sort (the refs were made in tok
	 * order, and a counting sort keeps it), then each group by value:
	 * the same order as one qsort by (group, value, tok), without its
	 * n log n comparisons through a function pointer, which cost as
	 * much as the rest of this step on number-dense text.
	 */
	sw->group_start = xcalloc(sw->nr_groups + 1, sizeof(*sw->group_start));
	for (i = 0; i < sw->nr; i++)
		sw->group_start[sw->ref[i].group + 1]++;
	for (g = 0; g < sw->nr_groups; g++)
		sw->group_start[g + 1] += sw->group_start[g];
	{
		struct numref *sorted = xmalloc((sw->nr ? sw->nr : 1) * sizeof(*sorted));
		size_t *next = xmalloc((sw->nr_groups ? sw->nr_groups : 1) * sizeof(*next));
		memcpy(next, sw->group_start, sw->nr_groups * sizeof(*next));
		for (i = 0; i < sw->nr; i++)
			sorted[next[sw->ref[i].group]++] = sw->ref[i];
		free(next);
		free(sw->ref);
		sw->ref = sorted;
	}
	for (g = 0; g < sw->nr_groups; g++) {
		size_t lo = sw->group_start[g], hi = sw->group_start[g + 1], a, b;
		if (hi - lo > 16) {
			qsort(sw->ref + lo, hi - lo, sizeof(*sw->ref), cmp_numref);
			continue;
		}
		/* small groups (most): insertion sort, stable, tok order kept */
		for (a = lo + 1; a < hi; a++) {
			struct numref x = sw->ref[a];
			for (b = a; b > lo && cmp_numref(&sw->ref[b - 1], &x) > 0; b--)
				sw->ref[b] = sw->ref[b - 1];
			sw->ref[b] = x;
		}
	}
}

static void same_words_release(struct same_words *sw)
{
	free(sw->ref);
	free(sw->group_of);
	free(sw->group_start);
}

/* A group read whole by same_words_next(), not searched. */
#define SMALL_GROUP 16

/*
 * The first number after numtok cur, not used, in the group of i, worth
 * from value + 1 to value + 4; NONE if there is none. This is the next
 * member a scan of every later number in turn would pick.
 */
static size_t same_words_next(const struct same_words *sw, const unsigned char *used, size_t i,
			      size_t cur, long value)
{
	size_t g = sw->group_of[i], best = NONE, r;
	long d;

	/*
	 * Each value's pick is its first unused ref after cur (refs of a
	 * value are in tok order), and the answer the least of the four:
	 * the least unused tok after cur worth value + 1 to + 4, which a
	 * small group (most are) is read for at once.
	 */
	if (sw->group_start[g + 1] - sw->group_start[g] <= SMALL_GROUP) {
		for (r = sw->group_start[g]; r < sw->group_start[g + 1]; r++) {
			const struct numref *x = &sw->ref[r];
			if (x->value > value && x->value <= value + 4 && x->tok > cur && !used[x->tok] &&
			    (best == NONE || x->tok < best))
				best = x->tok;
		}
		return best;
	}
	for (d = 1; d <= 4; d++) {
		struct numref key;
		size_t lo = sw->group_start[g], hi = sw->group_start[g + 1];
		key.group = g;
		key.value = value + d;
		key.tok = cur + 1;
		/* the first ref at or after (value + d, cur + 1) */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cmp_numref(&sw->ref[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < sw->group_start[g + 1] && sw->ref[lo].value == value + d &&
		       used[sw->ref[lo].tok])
			lo++;
		if (lo < sw->group_start[g + 1] && sw->ref[lo].value == value + d &&
		    (best == NONE || sw->ref[lo].tok < best))
			best = sw->ref[lo].tok;
	}
	return best;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

struct phrase {
	size_t *members;        /* indexes into numtoks */
	size_t nr, alloc;
	size_t words;           /* phrase length in words */
};

static void find_inline_headers(struct lay *L)
{
	struct numtoks v = { NULL, NULL, 0, 0 };
	struct numtok *t = NULL;
	struct phrase *ph = NULL;
	size_t nt, nph = 0, aph = 0, i, j, k;
	unsigned char *used;
	long *pages = NULL;
	size_t npages = 0, apages = 0, *scratch = NULL, scratch_alloc = 0;
	struct same_words sw;

	collect_numtoks(L, &v);
	t = v.t;
	nt = v.nr;
	used = xcalloc(nt ? nt : 1, 1);
	same_words_build(L, &v, &sw);
	for (i = 0; i < nt; i++) {
		/*
		 * Members are gathered in one scratch array for every
		 * candidate (most are dropped at once) and copied out only
		 * for a phrase that is kept: no allocation per number.
		 */
		struct phrase p = { scratch, 0, scratch_alloc, 0 };
		size_t w;
		int agree = 1;
		/*
		 * A phrase is kept only if every member agrees with i on at
		 * least five words (see below), and a phrase left out leaves
		 * nothing behind: so a number with fewer than five words
		 * before it cannot start one, and a member that disagrees on
		 * the fourth or fifth word ends the search at once.
		 */
		if (used[i] || sw.group_of[i] == NONE ||
		    sw.group_start[sw.group_of[i] + 1] - sw.group_start[sw.group_of[i]] < 2)
			continue;       /* no other number to agree with: no phrase */
		numtok_words(L, &v, i, PHRASE_WORDS);
		if (t[i].nw < PHRASE_WORDS)
			continue;
		ALLOC_GROW(p.members, p.nr + 1, p.alloc);
		p.members[p.nr++] = i;
		/* later numbers after the same three words, rising by one to four */
		while (agree && (j = same_words_next(&sw, used, i, p.members[p.nr - 1],
						     t[p.members[p.nr - 1]].value)) != NONE) {
			ALLOC_GROW(p.members, p.nr + 1, p.alloc);
			p.members[p.nr++] = j;
			numtok_words(L, &v, j, PHRASE_WORDS);
			agree = t[j].nw > 4 && word_eq(L, &v, i, j, 3) && word_eq(L, &v, i, j, 4);
		}
		scratch = p.members;
		scratch_alloc = p.alloc;
		if (!agree || p.nr < 2)
			continue;
		/* extend left while every member agrees */
		for (k = 0; k < p.nr; k++)
			numtok_words(L, &v, p.members[k], MAX_PHRASE_WORDS);
		for (w = 3; w < MAX_PHRASE_WORDS; w++) {
			int ok = 1;
			for (k = 0; k < p.nr && ok; k++)
				if (t[p.members[k]].nw <= w || !word_eq(L, &v, i, p.members[k], w))
					ok = 0;
			if (!ok)
				break;
		}
		p.words = w;
		if (w < 5)
			continue;
		for (k = 0; k < p.nr; k++)
			used[p.members[k]] = 1;
		p.members = xmalloc(p.nr * sizeof(*p.members));
		memcpy(p.members, scratch, p.nr * sizeof(*p.members));
		p.alloc = p.nr;
		ALLOC_GROW(ph, nph + 1, aph);
		ph[nph++] = p;
	}
	free(scratch);
	/* a single header that repeats the document's title */
	{
		size_t tl = 0, ti;
		const char *title = NULL;
		for (ti = 0; ti < L->n; ti++)
			if (kind(L, ti) == LINE_BODY) {
				title = ltext(L, ti, &tl);
				trim(&title, &tl);
				break;
			}
		for (i = 0; title && tl >= 20 && i < nt; i++) {
			struct phrase p = { NULL, 0, 0, 0 };
			size_t w, at;
			if (used[i] || t[i].pos < tl + 2 || t[i].line == ti)
				continue;
			at = t[i].pos - 1 - tl;
			if (memcmp(L->s + at, title, tl) || (L->s[at - 1] != ' '))
				continue;
			numtok_words(L, &v, i, MAX_PHRASE_WORDS);
			for (w = 0; w < t[i].nw && wstart_of(&v, i, w) > at; w++)
				;
			if (w >= t[i].nw || wstart_of(&v, i, w) != at)
				continue;
			used[i] = 1;
			ALLOC_GROW(p.members, p.nr + 1, p.alloc);
			p.members[p.nr++] = i;
			p.words = w + 1;
			ALLOC_GROW(ph, nph + 1, aph);
			ph[nph++] = p;
		}
	}
	/* the page numbers of all phrases together must rise one by one */
	for (i = 0; i < nph; i++)
		for (k = 0; k < ph[i].nr; k++) {
			ALLOC_GROW(pages, npages + 1, apages);
			pages[npages++] = (long)ph[i].members[k];
		}
	if (npages >= 2) {
		int ok = 1;
		/* members are numtok indexes, in document order when sorted */
		qsort(pages, npages, sizeof(*pages), cmp_long);
		for (i = 1; i < npages && ok; i++) {
			long a = t[pages[i - 1]].value, b = t[pages[i]].value;
			if (b <= a || b - a > 2)
				ok = 0;
		}
		if (ok) {
			for (i = 0; i < nph; i++) {
				for (k = 0; k < ph[i].nr; k++) {
					struct numtok *m = &t[ph[i].members[k]];
					size_t start = wstart_of(&v, ph[i].members[k], ph[i].words - 1);
					size_t end = m->pos + m->len;
					struct doc_furniture *f;
					if (end < L->d->lines[m->line].src_end && L->s[end] == ' ')
						end++;
					add_cut(L, start, end);
					f = doc_add_furniture(L->d, FURN_RUNNING_HEADER, start, m->pos + m->len,
							      m->value);
					(void)f;
				}
			}
		}
	}
	for (i = 0; i < nph; i++)
		free(ph[i].members);
	free(ph);
	free(pages);
	free(used);
	same_words_release(&sw);
	free(v.t);
	free(v.more);
}

/*
 * The first needle[0..nlen) in hay[0..n), or NULL: mem_find() for a
 * needle whose first byte is rare in prose (a capital letter), found by
 * memchr() and confirmed by memcmp(). memmem() prepares its search
 * afresh for every call, which on a line without the needle cost more
 * than reading the line.
 */
static const char *find_by_first_byte(const char *hay, size_t n, const char *needle, size_t nlen)
{
	const char *p = hay, *end = hay + n;
	while (nlen && (size_t)(end - p) >= nlen &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1)) != NULL) {
		if (!memcmp(p, needle, nlen))
			return p;
		p++;
	}
	return NULL;
}

/*
 * First-page metadata flattened into a sentence: "Received January 7,
 * 2018. Accepted May 29, 2018. Contact NAME, e-mail address: ".
 */
static void find_inline_first_page(struct lay *L)
{
	size_t i;
	for (i = 0; i < L->n; i++) {
		size_t len, k;
		const char *p = ltext(L, i, &len);
		size_t base = L->d->lines[i].src_start;
		if (kind(L, i) != LINE_BODY || L->width[i] < 200)
			continue;
		for (k = 0; k + 9 < len; k++) {
			const char *acc, *e, *hit;
			size_t end;
			/* to the next "Received " (this looks at every long line) */
			hit = find_by_first_byte(p + k, len - k, "Received ", 9);
			if (!hit || (size_t)(hit - p) + 9 >= len)
				break;
			k = (size_t)(hit - p);
			if (k && p[k - 1] != ' ')
				continue;
			acc = mem_find(p + k, len - k > 120 ? 120 : len - k, " Accepted ", 10);
			if (!acc)
				continue;
			/* the Accepted clause ends at the first ". " after a year */
			e = acc + 10;
			while (e < p + len && !(e[0] == '.' && ch_isdigit((unsigned char)e[-1])))
				e++;
			if (e >= p + len || e - acc > 40)
				continue;
			end = (size_t)(e - p) + 1;
			if (end < len && p[end] == ' ')
				end++;
			/* "Contact NAME, e-mail address: [addr]" */
			if (len - end > 8 && !memcmp(p + end, "Contact ", 8)) {
				const char *m = mem_find(p + end, len - end > 100 ? 100 : len - end,
							 "address:", 8);
				if (m) {
					end = (size_t)(m - p) + 8;
					while (end < len && p[end] == ' ')
						end++;
					if (end < len) {
						size_t e2 = end;
						while (e2 < len && p[e2] != ' ')
							e2++;
						if (memchr(p + end, '@', e2 - end)) {
							end = e2;
							while (end < len && p[end] == ' ')
								end++;
						}
					}
				}
			}
			add_cut(L, base + k, base + end);
			doc_add_furniture(L->d, FURN_FIRST_PAGE, base + k, base + end, -1);
			break;
		}
	}
}

static int cmp_cut(const void *a, const void *b)
{
	const struct cut *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* ---------- step 5: blocks ---------- */

/*
 * Once the cuts are sorted by start: cut_maxend[c] is the largest end
 * among cuts[0..c], so that emit_src() can skip, by a binary search,
 * every cut that ends before its range (cuts may overlap, so the ends
 * alone are not sorted).
 */
static void index_cuts(struct lay *L)
{
	size_t c;
	L->cut_maxend = xmalloc((L->nr_cuts ? L->nr_cuts : 1) * sizeof(*L->cut_maxend));
	for (c = 0; c < L->nr_cuts; c++)
		L->cut_maxend[c] = c && L->cut_maxend[c - 1] > L->cuts[c].end ?
				   L->cut_maxend[c - 1] : L->cuts[c].end;
}

/* Index of the first cut that may reach past a: the first with cut_maxend > a. */
static size_t first_cut_after(const struct lay *L, size_t a)
{
	size_t lo = 0, hi = L->nr_cuts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (L->cut_maxend[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Appends source [a, b) to the text, leaving out cuts. */
static void emit_src(struct lay *L, size_t a, size_t b)
{
	size_t c;
	/* the cuts before first_cut_after(a) all end at or before a */
	for (c = first_cut_after(L, a); c < L->nr_cuts && a < b; c++) {
		struct cut *x = &L->cuts[c];
		if (x->start >= b)
			break;	/* sorted by start: so do all the rest */
		if (x->end <= a)
			continue;
		if (x->start > a)
			mtext_add(&L->d->text, L->s + a, x->start - a, a);
		if (x->hyphen_space)
			doc_add_join(L->d, L->d->text.text.len, 2);
		a = x->end;
	}
	if (a < b)
		mtext_add(&L->d->text, L->s + a, b - a, a);
}

/* Appends source [a, b), decoding the few entities <br />-text carries. */
static void emit_line_range(struct lay *L, size_t a, size_t b)
{
	size_t i, run = a;
	if (L->d->format != DOC_FMT_TEXT_BR) {
		emit_src(L, a, b);
		return;
	}
	for (i = a; i < b; i++) {
		static const struct { const char *ent; const char *rep; } ents[] = {
			{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
			{ "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", "\xc2\xa0" }
		};
		size_t e;
		/* to the next '&' (memchr: every line of <br /> text comes through here) */
		const char *amp = memchr(L->s + i, '&', b - i);
		if (!amp)
			break;
		i = (size_t)(amp - L->s);
		for (e = 0; e < ARRAY_SIZE(ents); e++) {
			size_t el = strlen(ents[e].ent);
			if (i + el <= b && !memcmp(L->s + i, ents[e].ent, el)) {
				emit_src(L, run, i);
				mtext_add_subst(&L->d->text, ents[e].rep, strlen(ents[e].rep), i, el);
				run = i + el;
				i += el - 1;
				break;
			}
		}
	}
	emit_src(L, run, b);
}

static void emit_line(struct lay *L, size_t i)
{
	const struct doc_line *l = &L->d->lines[i];
	size_t a = l->src_start, b = l->src_end;
	while (a < b && (L->s[a] == ' ' || L->s[a] == '\t'))
		a++;
	emit_line_range(L, a, b);
}

/* The last word of text so far (for de-hyphenation): [*ws, end). */
static size_t last_word_start(const struct strbuf *t)
{
	size_t k = t->len;
	while (k > 0 && !ch_isspace((unsigned char)t->buf[k - 1]))
		k--;
	return k;
}

/*
 * Questions doc_has_word() answers by scanning before it indexes the
 * source. Over prose a scan (a memmem() of the word, about 0.25
 * instructions a byte) costs about 1/130 of building the index (about
 * 30 a byte): each document of the small corpus with hyphens asks
 * fewer than 64 questions, and scans alone cost its 13 such documents
 * 2.2 M instructions where the index cost 10.5 M. Past this many the index is built, so that a
 * document with thousands of hyphens pays at most about half again the
 * index's price.
 */
#define DOC_WORDS_SCANS 64

/*
 * Does w[0..n) occur in the document's source as a whole word (no ASCII
 * letter or digit on either side; case-sensitive)? Asked up to three
 * times per hyphen at a line's end: the first few questions scan the
 * source, then its words are indexed once (both give the same answer,
 * wordidx.h), so that a document with many hyphens does not scan it
 * each time.
 */
static int doc_has_word(struct lay *L, const char *w, size_t n)
{
	if (n < 2)
		return 0;
	if (!L->words_built && L->words_asked++ >= DOC_WORDS_SCANS) {
		L->words = wordidx_new(L->s, L->d->src_len);
		L->words_built = 1;
	}
	if (!L->words)
		return wordidx_scan(L->s, L->d->src_len, w, n);
	return wordidx_has(L->words, w, n);
}

static int looks_url_tail(const char *p, size_t n)
{
	size_t i, k;
	for (k = n; k > 0 && !ch_isspace((unsigned char)p[k - 1]); k--)
		;
	for (i = k; i + 3 <= n; i++)
		if (!memcmp(p + i, "://", 3) || (i + 4 <= n && mem_ieq(p + i, 4, "www.")))
			return 1;
	return 0;
}

static int looks_url_piece(const char *p, size_t n)
{
	size_t i, k;
	trim(&p, &n);
	/* "2. Next entry" or "3) ..." numbers a list item: a URL goes on with no such thing */
	for (k = 0; k < n && k < 4 && ch_isdigit((unsigned char)p[k]); k++)
		;
	if (k && k < 4 && k < n && (p[k] == '.' || p[k] == ')') &&
	    (k + 1 == n || ch_isspace((unsigned char)p[k + 1])))
		return 0;
	for (i = 0; i < n && !ch_isspace((unsigned char)p[i]); i++)
		if (p[i] == '/' || p[i] == '=' || p[i] == '&' || p[i] == '%' || p[i] == '#' ||
		    p[i] == '_' || p[i] == '-' || p[i] == '.')
			return i > 0 || p[0] == '/';
	return 0;
}

/* Joins line i onto the text after line prev of the same block. */
static void join_lines(struct lay *L, size_t prev, size_t i, int in_notes)
{
	struct strbuf *t = &L->d->text.text;
	size_t plen, len;
	const char *pp = ttext(L, prev, &plen), *p = ttext(L, i, &len);
	size_t gap_start = L->d->lines[prev].src_end, gap_end = L->d->lines[i].src_start;

	if (plen >= 2 && pp[plen - 1] == '-' && ch_isalpha((unsigned char)pp[plen - 2]) &&
	    starts_lower(p, len) && t->len && t->buf[t->len - 1] == '-') {
		/* a hyphen at the line's end: compound or typesetting break? */
		size_t ws = last_word_start(t), k = 0, wl;
		struct strbuf joined = STRBUF_INIT;
		int keep;
		while (k < len && (ch_isalpha((unsigned char)p[k]) || (unsigned char)p[k] >= 0x80))
			k++;
		wl = t->len - 1 - ws;
		strbuf_add(&joined, t->buf + ws, wl);
		strbuf_add(&joined, p, k);
		if (doc_has_word(L, joined.buf, joined.len))
			keep = 0;
		else if (doc_has_word(L, t->buf + ws, wl) && doc_has_word(L, p, k) && wl >= 3 && k >= 3)
			keep = 1;
		else
			keep = wl >= 2 && ch_isupper((unsigned char)t->buf[ws]);
		strbuf_release(&joined);
		if (!keep) {
			/* drop the hyphen: it maps to the source hyphen */
			strbuf_setlen(t, t->len - 1);
			L->d->text.map.seg[L->d->text.map.nr - 1].out_len--;
			L->d->text.map.seg[L->d->text.map.nr - 1].src_len--;
			if (!L->d->text.map.seg[L->d->text.map.nr - 1].out_len)
				L->d->text.map.nr--;
		}
		mtext_add_subst(&L->d->text, "", 0, gap_start, gap_end - gap_start);
		doc_add_join(L->d, t->len, keep ? 2 : 1);
		return;
	}
	if (looks_url_tail(pp, plen) && !line_ends_sentence(L, prev) && looks_url_piece(p, len) &&
	    L->width[prev] + 4 >= L->body_w) {
		doc_add_join(L->d, t->len, 3);
		return;
	}
	mtext_add_subst(&L->d->text, in_notes ? "\n" : " ", 1, gap_start, gap_end - gap_start);
	doc_add_join(L->d, t->len, 0);
}

static void begin_block(struct lay *L, size_t src_at)
{
	if (L->d->text.text.len)
		mtext_add_subst(&L->d->text, "\n\n", 2, src_at, 0);
}

static unsigned page_of(const struct lay *L, size_t i)
{
	return L->d->lines[i].page;
}

static void assign_pages(struct lay *L)
{
	size_t i;
	unsigned page = 0;
	int in_furn = 0, seen_body = 0;
	for (i = 0; i < L->n; i++) {
		enum line_kind k = kind(L, i);
		if (k == LINE_PAGE_NUMBER || (k == LINE_FURNITURE && L->fkind[i] == FURN_RUNNING_HEADER)) {
			if (!in_furn && seen_body)
				page++;
			in_furn = 1;
			/* a foot page number and a head page number in one cluster: two pages */
			if (k == LINE_PAGE_NUMBER) {
				size_t p = prev_nonblank(L, i);
				if (p != NONE && kind(L, p) == LINE_PAGE_NUMBER && L->num[p] + 1 == L->num[i])
					page++;
			}
		} else if (k != LINE_BLANK && k != LINE_FURNITURE) {
			in_furn = 0;
			seen_body = 1;
		}
		L->d->lines[i].page = page;
	}
	L->d->nr_pages = page + 1;
}

enum lkind { LK_PARA, LK_HEADING, LK_LIST };

/* How a body line opens a block, given the line before it. */
static enum lkind classify(const struct lay *L, size_t i, size_t prev)
{
	size_t len, nl = 0;
	const char *p = ttext(L, i, &len);
	size_t ep;
	size_t nxt = next_nonblank(L, i);
	const char *np = NULL;
	int ends = line_ends_sentence(L, i);

	if (nxt != NONE && kind(L, nxt) == LINE_BODY)
		np = ttext(L, nxt, &nl);
	if (is_bullet(p, len))
		return LK_LIST;
	ep = enum_prefix(p, len);
	if (ep) {
		/* "2.1. Policy framework" then a capitalized line: a numbered heading */
		int dotted = p[0] != '(' && ep >= 3;
		int alone = nxt != i + 1 || !np;
		if ((dotted || (p[0] != '(' && L->width[i] < 40)) && len < 70 && !ends &&
		    (alone || starts_upper_or_digit(np, nl)))
			return LK_HEADING;
		if (prev == NONE || is_blank(L, i - 1) || kind(L, prev) != LINE_BODY ||
		    line_ends_sentence(L, prev))
			return L->wrapped || p[0] != '(' ? LK_LIST : LK_PARA;
	}
	/* the document's first line, alone, no final stop: its title */
	if (prev == NONE && (i + 1 >= L->n || is_blank(L, i + 1)) && L->width[i] < 200 && !ends)
		return LK_HEADING;
	/* a short line alone between blank lines, no final stop: a heading */
	if ((i == 0 || is_blank(L, i - 1)) && (i + 1 >= L->n || is_blank(L, i + 1)) &&
	    L->width[i] < 100 && !ends && starts_upper_or_digit(p, len) &&
	    p[len - 1] != ',' && p[len - 1] != ';')
		return LK_HEADING;
	return LK_PARA;
}

struct pending {
	size_t *lines;          /* note-area line indexes waiting for the paragraph to close */
	size_t nr, alloc;
};

static void emit_notes(struct lay *L, const size_t *lines, size_t nr)
{
	size_t k, start = 0;
	struct doc_block *b;
	if (!nr)
		return;
	begin_block(L, L->d->lines[lines[0]].src_start);
	start = L->d->text.text.len;
	for (k = 0; k < nr; k++) {
		if (k)
			join_lines(L, lines[k - 1], lines[k], 1);
		emit_line(L, lines[k]);
	}
	b = doc_add_block(L->d, BLOCK_NOTES, start, L->d->text.text.len);
	b->first_line = lines[0];
	b->page = page_of(L, lines[0]);
}

/* Group note lines into areas (split at separators, furniture, body). */
static void flush_pending(struct lay *L, struct pending *pn)
{
	size_t k, from = 0;
	for (k = 1; k <= pn->nr; k++) {
		int split = k == pn->nr;
		if (!split) {
			size_t a = pn->lines[k - 1], b = pn->lines[k], j;
			for (j = a + 1; j < b; j++)
				if (kind(L, j) != LINE_BLANK)
					split = 1;
		}
		if (split) {
			emit_notes(L, pn->lines + from, k - from);
			from = k;
		}
	}
	pn->nr = 0;
}

static void build_blocks(struct lay *L)
{
	struct pending pn = { NULL, 0, 0 };
	size_t i, last = NONE, block_start = 0;
	struct doc_block *open = NULL;
	size_t open_idx = NONE;
	int open_kind = -1;

	for (i = 0; i < L->n; i++) {
		enum line_kind k = kind(L, i);
		size_t len;
		const char *p;

		if (k == LINE_NOTE || k == LINE_NOTE_NUMBER) {
			ALLOC_GROW(pn.lines, pn.nr + 1, pn.alloc);
			pn.lines[pn.nr++] = i;
			continue;
		}
		if (k != LINE_BODY)
			continue;
		p = ttext(L, i, &len);
		if (open_idx != NONE && open_kind != LK_HEADING && last != NONE) {
			/* continue the open paragraph? */
			int pends = line_ends_sentence(L, last);
			int adjacent = last + 1 == i;
			int cont = 0;
			if (adjacent && L->wrapped) {
				enum lkind c = classify(L, i, last);
				cont = c == LK_PARA || (c == LK_LIST && !pends);
				/* a short last line ending a sentence closes the paragraph */
				if (cont && pends && L->width[last] + 6 < L->body_w &&
				    starts_upper_or_digit(p, len))
					cont = 0;
			} else if (!adjacent && !pends && starts_lower(p, len)) {
				/* a sentence running on across a page break, column break or note area */
				size_t j;
				cont = 1;
				for (j = last + 1; j < i; j++)
					if (kind(L, j) == LINE_BODY)
						cont = 0;
			}
			if (cont) {
				join_lines(L, last, i, 0);
				emit_line(L, i);
				open = &L->d->blocks[open_idx];
				open->end = L->d->text.text.len;
				last = i;
				continue;
			}
		}
		/* close the open block, emit waiting notes, open a new block */
		flush_pending(L, &pn);
		{
			enum lkind c = classify(L, i, last);
			enum block_kind bk = c == LK_HEADING ? BLOCK_HEADING :
					     c == LK_LIST ? BLOCK_LIST_ITEM : BLOCK_PARA;
			begin_block(L, L->d->lines[i].src_start);
			block_start = L->d->text.text.len;
			emit_line(L, i);
			open = doc_add_block(L->d, bk, block_start, L->d->text.text.len);
			open->first_line = i;
			open->page = page_of(L, i);
			open->level = c == LK_HEADING ? 2 : 0;
			open_idx = L->d->nr_blocks - 1;
			open_kind = (int)c;
			if (!L->wrapped)
				open_kind = c == LK_HEADING ? LK_HEADING : LK_PARA;
		}
		last = i;
		if (!L->wrapped) {
			/* one paragraph per line */
			open_kind = LK_HEADING;
		}
	}
	flush_pending(L, &pn);
	free(pn.lines);
}

/* ---------- metadata ---------- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Month number of an English month name or its three-letter abbreviation, else 0. */
static int month_of(const char *p, size_t n)
{
	size_t m;
	for (m = 0; m < 12; m++)
		if (mem_ieq(p, n, month_names[m]))
			return (int)m + 1;
	for (m = 0; m < 12 && n == 3; m++) {
		char ab[4];
		memcpy(ab, month_names[m], 3);
		ab[3] = '\0';
		if (mem_ieq(p, 3, ab))
			return (int)m + 1;
	}
	return 0;
}

/*
 * Parses "22 March 2018", "March 22, 2018", "October 19, 2022" in p[0..n)
 * (first match); writes YYYY-MM-DD into out (11 bytes).
 */
static int parse_date(const char *p, size_t n, char out[11])
{
	size_t i = 0;
	while (i < n) {
		size_t ws = i, we;
		int m, day = 0, year = 0;
		while (i < n && ch_isalpha((unsigned char)p[i]))
			i++;
		we = i;
		if (we > ws && (m = month_of(p + ws, we - ws)) != 0) {
			/* Month D, YYYY */
			size_t k = we;
			while (k < n && p[k] == ' ')
				k++;
			while (k < n && ch_isdigit((unsigned char)p[k]) && day < 100)
				day = day * 10 + (p[k++] - '0');
			if (k < n && p[k] == ',')
				k++;
			while (k < n && p[k] == ' ')
				k++;
			while (k < n && ch_isdigit((unsigned char)p[k]) && year < 10000)
				year = year * 10 + (p[k++] - '0');
			if (day >= 1 && day <= 31 && year >= 1000 && year < 3000) {
				snprintf(out, 11, "%04d-%02d-%02d", year, m, day);
				return 1;
			}
			/* D Month YYYY */
			day = 0;
			year = 0;
			k = ws;
			while (k > 0 && p[k - 1] == ' ')
				k--;
			{
				size_t ds = k;
				while (ds > 0 && k - ds < 2 && ch_isdigit((unsigned char)p[ds - 1]))
					ds--;
				for (; ds < k; ds++)
					day = day * 10 + (p[ds] - '0');
			}
			k = we;
			while (k < n && p[k] == ' ')
				k++;
			while (k < n && ch_isdigit((unsigned char)p[k]) && year < 10000)
				year = year * 10 + (p[k++] - '0');
			if (day >= 1 && day <= 31 && year >= 1000 && year < 3000) {
				snprintf(out, 11, "%04d-%02d-%02d", year, m, day);
				return 1;
			}
		}
		if (i == ws)
			i++;
	}
	return 0;
}

static void set_meta_date(struct doc *d, const char *iso, size_t src)
{
	free(d->meta.date);
	d->meta.date = xstrdup(iso);
	d->meta.date_src = src;
}

/*
 * The document's own date: a dateline near the top ("Thursday, 22 March
 * 2018 11:00"), else the Accepted/Received date of the first page.
 */
static void find_meta(struct lay *L)
{
	size_t i, seen = 0;
	char iso[11];
	struct doc *d = L->d;

	for (i = 0; i < d->nr_furniture; i++) {
		struct doc_furniture *f = &d->furniture[i];
		const char *p = L->s + f->src_start, *acc;
		size_t n = f->src_end - f->src_start;
		if (f->kind != FURN_FIRST_PAGE)
			continue;
		acc = mem_find(p, n, "Accepted", 8);
		if (acc && parse_date(acc, (size_t)(p + n - acc), iso))
			set_meta_date(d, iso, (size_t)(acc - L->s));
		else if (!d->meta.date && parse_date(p, n, iso))
			set_meta_date(d, iso, f->src_start);
	}
	if (d->meta.date)
		goto title;
	for (i = 0; i < L->n && seen < 8; i++) {
		size_t len;
		const char *p = ltext(L, i, &len);
		if (kind(L, i) != LINE_BODY)
			continue;
		seen++;
		if (L->width[i] <= 48 && parse_date(p, len, iso)) {
			/* the line must be mostly the date */
			size_t k, letters = 0;
			for (k = 0; k < len; k++)
				if (ch_isalpha((unsigned char)p[k]))
					letters++;
			if (letters <= 20) {
				set_meta_date(d, iso, d->lines[i].src_start);
				break;
			}
		}
	}
title:
	/* the first body line, with the next when it ends in ':' (a subtitle follows) */
	for (i = 0; i < L->n && !d->meta.title; i++) {
		size_t len, nlen = 0;
		const char *p = ltext(L, i, &len), *np = NULL;
		if (kind(L, i) != LINE_BODY)
			continue;
		trim(&p, &len);
		if (len > 300)
			break;
		if (L->width[i] <= 48 && parse_date(p, len, iso))
			continue;	/* a dateline, not the title */
		if (len && p[len - 1] == ':' && i + 1 < L->n && kind(L, i + 1) == LINE_BODY) {
			np = ltext(L, i + 1, &nlen);
			trim(&np, &nlen);
		}
		if (np && nlen < 200) {
			struct strbuf t = STRBUF_INIT;
			strbuf_add(&t, p, len);
			strbuf_addch(&t, ' ');
			strbuf_add(&t, np, nlen);
			d->meta.title = strbuf_detach(&t, NULL);
		} else {
			d->meta.title = xstrndup(p, len);
		}
	}
}

enum doc_result doc_layout(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	struct lay L;
	(void)lim;
	(void)err;

	memset(&L, 0, sizeof(L));
	L.d = d;
	L.s = d->src;
	L.n = d->nr_lines;
	measure(&L);
	measure_body_width(&L);
	find_site_chrome(&L);
	find_first_page_lines(&L);
	find_running_headers(&L);
	find_page_numbers(&L);
	assign_pages(&L);
	note_areas_after_separators(&L);
	measure_body_width(&L);
	note_areas_at_page_ends(&L);
	find_inline_first_page(&L);
	find_inline_headers(&L);
	find_hyphen_spaces(&L);
	if (L.nr_cuts > 1)
		qsort(L.cuts, L.nr_cuts, sizeof(*L.cuts), cmp_cut);
	index_cuts(&L);
	/*
	 * The reading text is the source less its furniture and line
	 * ends: room for the source at once spares the doublings, each a
	 * copy of all the text so far.
	 */
	strbuf_grow(&d->text.text, d->src_len);
	build_blocks(&L);
	find_meta(&L);

	free(L.width);
	free(L.num);
	free(L.fkind);
	free(L.tstart);
	free(L.tend);
	free(L.ends);
	free(L.prev_nb);
	free(L.next_nb);
	free(L.cuts);
	free(L.cut_maxend);
	wordidx_free(L.words);
	return DOC_OK;
}
