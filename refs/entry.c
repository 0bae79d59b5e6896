/*
 * entry.c - bibliographic entry fields (see entry.h).
 *
 * Phase 1 takes the pieces that have an unmistakable shape out of a
 * working copy, marking their bytes as used: URLs, a DOI, an access
 * date, page ranges, volume and issue, the date and a quoted title.
 * One pass first lists the bytes where such a piece can start
 * (find_candidates()); each scan visits only those of its class.
 * Phase 2 cuts the rest into sentences (". " not after an initial or a
 * known abbreviation) and comma segments, and classifies them by
 * position and by shape: the first sentence is the authors when it
 * looks like names, the next the title, "In ..." a container, segments
 * with publishing words a publisher, "Place: Publisher" a place.
 */
#include "entry.h"
#include "buf.h"
#include "fmt.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE_POS ((size_t)-1)

void entry_fields_init(struct entry_fields *f)
{
	memset(f, 0, sizeof(*f));
}

static void free_list(char **v, size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

void entry_fields_release(struct entry_fields *f)
{
	free_list(f->authors, f->nr_authors);
	free_list(f->urls, f->nr_urls);
	free_list(f->editors, f->nr_editors);
	free(f->title);
	free(f->container);
	free(f->publisher);
	free(f->place);
	free(f->date);
	free(f->volume);
	free(f->issue);
	free(f->pages);
	free(f->doi);
	free(f->note);
	free(f->accessed);
	entry_fields_init(f);
}

int entry_fields_count(const struct entry_fields *f)
{
	return (f->nr_authors > 0) + !!f->title + !!f->container + !!f->publisher +
	       !!f->place + !!f->date + !!f->volume + !!f->issue + !!f->pages +
	       (f->nr_urls > 0) + !!f->doi + (f->nr_editors > 0) + !!f->note + !!f->accessed;
}

/*
 * What a phase-1 scan can act on at a byte, found for every byte by one
 * pass (find_candidates()) before the scans: each scan then visits the
 * positions of its class instead of every byte of the entry.
 */
enum cand_class {
	C_URL = 1,      /* a word start with h, f, w, d (URL, DOI label) or 1 (bare DOI) */
	C_ACC = 2,      /* a word start with a, r, v, l, t (access-date labels) */
	C_PAGE = 4,     /* a word start with p or t (page labels) */
	C_NUM = 8,      /* a digit not after a letter, digit, '-', '/' or '.' (a bare range) */
	C_VOL = 16,     /* a word start with v, t, n, i, s or a digit (volume, issue) */
	C_DATE = 32,    /* where a date may start (date_may_start()), a capital only as a month's */
	C_QUOTE = 64,   /* an opening quote's lead byte: '"', '`', 0xE2 */
	C_SRC = 128     /* a byte first_source_end() acts on: ( ) ; and quote bytes */
};

/*
 * The working state: the text, which bytes are taken and the positions
 * (ascending) of the bytes that belong to a candidate class, with their
 * classes. The positions hold for the whole text; a scan stops at n.
 */
struct work {
	const char *s;
	size_t n;
	unsigned char *used;
	const uint16_t *at;
	const unsigned char *cls;
	size_t nr_at;
};

static int is_ws(int c)
{
	return ch_isspace(c);
}

/* ',', ';', ':' and, as strchr(",;:", c) had it, NUL */
static inline int is_sep(int c)
{
	return c == ',' || c == ';' || c == ':' || c == '\0';
}

/* Trims blanks and the punctuation that separates fields from s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b)
{
	for (;;) {
		while (*a < *b && (is_ws((unsigned char)s[*a]) || is_sep(s[*a]) || s[*a] == '.'))
			(*a)++;
		while (*b > *a && (is_ws((unsigned char)s[*b - 1]) || is_sep(s[*b - 1])))
			(*b)--;
		/* a final period goes unless it closes an initial or abbreviation */
		if (*b > *a && s[*b - 1] == '.') {
			size_t k = *b - 1, w = k;
			while (w > *a && ch_isalpha((unsigned char)s[w - 1]))
				w--;
			if (k - w == 1 && ch_isupper((unsigned char)s[w]))
				break;
			(*b)--;
			continue;
		}
		break;
	}
	/* an unbalanced closing parenthesis or a stray opening one */
	if (*b > *a && s[*b - 1] == ')' && !memchr(s + *a, '(', *b - *a))
		(*b)--;
	if (*b > *a && s[*a] == '(' && !memchr(s + *a, ')', *b - *a))
		(*a)++;
	while (*b > *a && is_ws((unsigned char)s[*b - 1]))
		(*b)--;
}

/* A copy of s[a..b) trimmed, with runs of blanks collapsed; NULL if empty. */
static char *clean_dup(const char *s, size_t a, size_t b)
{
	char *v;
	size_t i, len = 0;
	int sp = 0;
	trim(s, &a, &b);
	if (a >= b)
		return NULL;
	/* collapsing only shortens: one allocation of the trimmed length */
	v = xmalloc(b - a + 1);
	for (i = a; i < b; i++) {
		if (is_ws((unsigned char)s[i])) {
			sp = 1;
			continue;
		}
		if (sp && len)
			v[len++] = ' ';
		sp = 0;
		v[len++] = s[i];
	}
	v[len] = '\0';
	return v;
}

static void list_add(char ***v, size_t *nr, size_t *alloc, char *s)
{
	if (!s)
		return;
	if (*nr >= ENTRY_MAX_NAMES) {
		free(s);
		return;
	}
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = s;
}

static void set_field(char **field, char *v)
{
	if (!v)
		return;
	if (*field) {
		free(v);
		return;
	}
	*field = v;
}

static void take(struct work *w, size_t a, size_t b)
{
	if (b > w->n)
		b = w->n;
	if (a < b)
		memset(w->used + a, 1, b - a);
}

static int is_free(const struct work *w, size_t a, size_t b)
{
	size_t i;
	for (i = a; i < b && i < w->n; i++)
		if (w->used[i])
			return 0;
	return 1;
}

/*
 * s[i..] starts with the ASCII word p (case-insensitive) at a word start.
 * Inline, always: called per byte with literal words, whose length the
 * compiler then knows.
 */
__attribute__((always_inline))
static inline int word_at(const char *s, size_t n, size_t i, const char *p)
{
	size_t l;
	/* the first byte rules out most positions cheaply (this is called per byte) */
	if (i >= n || ch_tolower((unsigned char)s[i]) != ch_tolower((unsigned char)p[0]))
		return 0;
	l = strlen(p);
	if (i + l > n || !mem_ieq(s + i, l, p))
		return 0;
	if (i > 0 && ch_isalnum((unsigned char)s[i - 1]))
		return 0;
	if (ch_isalpha((unsigned char)p[l - 1]) && i + l < n && ch_isalpha((unsigned char)s[i + l]))
		return 0;
	return 1;
}

/* Length of a dash (-, --, en dash, em dash, minus) at s[i], or 0. */
static size_t dash_len(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return (i + 1 < n && s[i + 1] == '-') ? 2 : 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x88 &&
	    (unsigned char)s[i + 2] == 0x92)
		return 3;
	return 0;
}

static size_t skip_digits(const char *s, size_t n, size_t i)
{
	while (i < n && ch_isdigit((unsigned char)s[i]))
		i++;
	return i;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	return i;
}

/* ---- phase 1: URLs and DOI ---- */

static size_t url_end(const char *s, size_t n, size_t i)
{
	size_t e = i;
	while (e < n && !is_ws((unsigned char)s[e]) && s[e] != '<' && s[e] != '>' && s[e] != '"')
		e++;
	/* closing punctuation belongs to the sentence */
	while (e > i && strchr(".,;:)]'", s[e - 1])) {
		if (s[e - 1] == ')' && memchr(s + i, '(', e - i))
			break;
		e--;
	}
	/* a closing curly quote */
	while (e >= i + 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
	       ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99))
		e -= 3;
	return e;
}

static void set_doi(struct entry_fields *f, const char *s, size_t a, size_t e)
{
	if (!f->doi && e > a)
		f->doi = xstrndup(s + a, e - a);
}

static void take_urls(struct work *w, struct entry_fields *f)
{
	const char *s = w->s;
	size_t n = w->n, i, x, next = 0;
	/* http, https, ftp, www, doi at a word start; a bare DOI's 1 */
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		size_t e, a = i;
		if (!(w->cls[x] & C_URL) || i < next || w->used[i])
			continue;
		if (word_at(s, n, i, "http://") || word_at(s, n, i, "https://") ||
		    word_at(s, n, i, "ftp://") || (word_at(s, n, i, "www.") && i + 5 < n)) {
			const char *d;
			e = url_end(s, n, i);
			if (e <= i + 7)
				continue;
			list_add(&f->urls, &f->nr_urls, &f->alloc_urls, xstrndup(s + a, e - a));
			d = mem_find(s + a, e - a, "doi.org/", 8);
			if (d)
				set_doi(f, s, (size_t)(d - s) + 8, e);
			take(w, a, e);
			next = e + 1;
		} else if (word_at(s, n, i, "doi:") || word_at(s, n, i, "doi ")) {
			size_t k = skip_blanks(s, n, i + 4);
			e = url_end(s, n, k);
			if (e > k + 3 && s[k] == '1' && s[k + 1] == '0' && s[k + 2] == '.') {
				set_doi(f, s, k, e);
				take(w, i, e);
				next = e + 1;
			}
		} else if (s[i] == '1' && i + 8 < n && s[i + 1] == '0' && s[i + 2] == '.' &&
			   ch_isdigit((unsigned char)s[i + 3])) {
			size_t k = skip_digits(s, n, i + 3);
			if (k - (i + 3) >= 4 && k < n && s[k] == '/') {
				e = url_end(s, n, i);
				set_doi(f, s, i, e);
				take(w, i, e);
				next = e + 1;
			}
		}
	}
}

/* ---- dates ---- */

static const char *const month_names[12][3] = {
	{ "january", "jan", NULL }, { "february", "feb", NULL }, { "march", "mar", NULL },
	{ "april", "apr", NULL }, { "may", NULL, NULL }, { "june", "jun", NULL },
	{ "july", "jul", NULL }, { "august", "aug", NULL }, { "september", "sept", "sep" },
	{ "october", "oct", NULL }, { "november", "nov", NULL }, { "december", "dec", NULL }
};

/* Do the first two letters c0 c1 (lowercase) open a month's name or abbreviation? */
static int month_pair(int c0, int c1)
{
	switch (c0) {
	case 'j':
		return c1 == 'a' || c1 == 'u';
	case 'a':
		return c1 == 'p' || c1 == 'u';
	case 'f':
	case 's':
	case 'd':
		return c1 == 'e';
	case 'm':
		return c1 == 'a';
	case 'o':
		return c1 == 'c';
	case 'n':
		return c1 == 'o';
	default:
		return 0;
	}
}

/* Month (1-12) of the word at s[i..], its length in *len; 0 if none. */
static int month_at(const char *s, size_t n, size_t i, size_t *len)
{
	size_t e = i, m, k;
	int c0, c1;
	/*
	 * Only a capitalized month counts (below): the rest goes before
	 * the twenty-odd comparisons (this runs at every date candidate).
	 */
	if (i >= n || !ch_isupper((unsigned char)s[i]))
		return 0;
	if (i > 0 && ch_isalpha((unsigned char)s[i - 1]))
		return 0;
	/*
	 * names and abbreviations open with ja, fe, ma, ap, ju, au, se, oc,
	 * no or de and are 3 to 9 letters (most capitalized words of an
	 * entry stop at the first test, before the word is measured)
	 */
	if (i + 1 >= n)
		return 0;
	c0 = ch_tolower((unsigned char)s[i]);
	c1 = ch_tolower((unsigned char)s[i + 1]);
	if (!month_pair(c0, c1))
		return 0;
	while (e < n && ch_isalpha((unsigned char)s[e]))
		e++;
	if (e - i < 3 || e - i > 9)
		return 0;
	for (m = 0; m < 12; m++) {
		/* a month's names share their first letter */
		if (month_names[m][0][0] != c0)
			continue;
		for (k = 0; k < 3 && month_names[m][k]; k++) {
			const char *name = month_names[m][k];
			if (name[0] == c0 && name[1] == c1 && mem_ieq(s + i, e - i, name)) {
				/* "May" and "March" are words too: want a capital */
				if (!ch_isupper((unsigned char)s[i]))
					return 0;
				*len = e - i;
				if (e < n && s[e] == '.' && k > 0)
					(*len)++;
				return (int)m + 1;
			}
		}
	}
	return 0;
}

/* A 4-digit year 1500-2099 standing alone at s[i..i+4). */
static int year_at(const char *s, size_t n, size_t i)
{
	int y;
	if (i + 4 > n)
		return 0;
	if (i > 0 && (ch_isalnum((unsigned char)s[i - 1]) || s[i - 1] == '/' ||
		      (s[i - 1] == '.' && i > 1 && ch_isdigit((unsigned char)s[i - 2]))))
		return 0;
	if (!ch_isdigit((unsigned char)s[i]) || !ch_isdigit((unsigned char)s[i + 1]) ||
	    !ch_isdigit((unsigned char)s[i + 2]) || !ch_isdigit((unsigned char)s[i + 3]))
		return 0;
	if (i + 4 < n && ch_isdigit((unsigned char)s[i + 4]))
		return 0;
	/* 1993a is a year; 1S or 4th is not */
	if (i + 5 < n && ch_isalpha((unsigned char)s[i + 4]) && ch_isalpha((unsigned char)s[i + 5]))
		return 0;
	y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
	if (y < 1500 || y > 2099)
		return 0;
	return y;
}

/* A day number 1-31 at s[i..]; its end in *end. */
static int day_at(const char *s, size_t n, size_t i, size_t *end)
{
	size_t e = skip_digits(s, n, i);
	int d;
	if (e == i || e - i > 2 || (i > 0 && ch_isalnum((unsigned char)s[i - 1])))
		return 0;
	d = s[i] - '0';
	if (e - i == 2)
		d = d * 10 + (s[i + 1] - '0');
	if (d < 1 || d > 31)
		return 0;
	/* 1st, 2nd, 3rd, 4th */
	if (e + 1 < n && (mem_ieq(s + e, 2, "st") || mem_ieq(s + e, 2, "nd") ||
			  mem_ieq(s + e, 2, "rd") || mem_ieq(s + e, 2, "th")))
		e += 2;
	if (e < n && ch_isalnum((unsigned char)s[e]))
		return 0;
	*end = e;
	return d;
}

struct date_match {
	size_t a, b;
	int y, m, d;
};

/* Skips blanks and at most one comma or period between date parts. */
static size_t date_sep(const char *s, size_t n, size_t i)
{
	size_t k = skip_blanks(s, n, i);
	if (k < n && (s[k] == ',' || s[k] == '.'))
		k = skip_blanks(s, n, k + 1);
	return k;
}

/*
 * Can a date start at s[i]? Every form starts with a digit (a year, a
 * day) not after a letter or digit, or a capital (a month) not after a
 * letter. Inline: date_at() tries it first, at every position it is
 * asked about (find_candidates() keeps a capital only as a month's).
 */
static inline int date_may_start(const char *s, size_t n, size_t i)
{
	unsigned char c;
	if (i >= n)
		return 0;
	c = (unsigned char)s[i];
	if (ch_isdigit(c))
		return i == 0 || !ch_isalnum((unsigned char)s[i - 1]);
	return ch_isupper(c) && (i == 0 || !ch_isalpha((unsigned char)s[i - 1]));
}

/* Recognises a date starting at s[i]; fills *dm (only when it returns 1). */
static int date_at(const char *s, size_t n, size_t i, struct date_match *dm)
{
	size_t ml, k, e;
	int m, d, y;

	if (!date_may_start(s, n, i))
		return 0;
	memset(dm, 0, sizeof(*dm));
	/* ISO: 2016-01-11, 2016-01 (a capital opens only a month: no year, no day) */
	y = ch_isdigit((unsigned char)s[i]) ? year_at(s, n, i) : 0;
	if (y && i + 7 <= n && s[i + 4] == '-' && ch_isdigit((unsigned char)s[i + 5]) &&
	    ch_isdigit((unsigned char)s[i + 6]) && (i + 7 == n || !ch_isdigit((unsigned char)s[i + 7]))) {
		m = (s[i + 5] - '0') * 10 + (s[i + 6] - '0');
		if (m >= 1 && m <= 12) {
			dm->a = i;
			dm->y = y;
			dm->m = m;
			dm->b = i + 7;
			if (i + 10 <= n && s[i + 7] == '-' && ch_isdigit((unsigned char)s[i + 8]) &&
			    ch_isdigit((unsigned char)s[i + 9])) {
				d = (s[i + 8] - '0') * 10 + (s[i + 9] - '0');
				if (d >= 1 && d <= 31) {
					dm->d = d;
					dm->b = i + 10;
				}
			}
			return 1;
		}
	}
	if (y) {
		/* "2016" or "(2016)"; a range 2015-2020 is not a date */
		e = i + 4;
		if (dash_len(s, n, e) && e + dash_len(s, n, e) < n &&
		    ch_isdigit((unsigned char)s[e + dash_len(s, n, e)]))
			return 0;
		if (i > 0 && dash_len(s, n, i - 1) && i > 1 && ch_isdigit((unsigned char)s[i - 2]))
			return 0;
		if (e < n && ch_islower((unsigned char)s[e]))
			e++;
		dm->a = i;
		dm->b = e;
		dm->y = y;
		return 1;
	}
	/* Month [D[,]] YYYY ; Month, D, YYYY */
	m = month_at(s, n, i, &ml);
	if (m) {
		k = date_sep(s, n, i + ml);
		d = day_at(s, n, k, &e);
		if (d) {
			size_t k2 = date_sep(s, n, e);
			y = year_at(s, n, k2);
			if (y) {
				dm->a = i;
				dm->b = k2 + 4;
				dm->y = y;
				dm->m = m;
				dm->d = d;
				return 1;
			}
			return 0;
		}
		y = year_at(s, n, k);
		if (y) {
			dm->a = i;
			dm->b = k + 4;
			dm->y = y;
			dm->m = m;
			return 1;
		}
		return 0;
	}
	/* D Month YYYY: a day is digits (a capital that is no month stops here) */
	if (!ch_isdigit((unsigned char)s[i]))
		return 0;
	d = day_at(s, n, i, &e);
	if (d) {
		k = skip_blanks(s, n, e);
		m = month_at(s, n, k, &ml);
		if (m && k > e) {
			size_t k2 = date_sep(s, n, k + ml);
			y = year_at(s, n, k2);
			if (y) {
				dm->a = i;
				dm->b = k2 + 4;
				dm->y = y;
				dm->m = m;
				dm->d = d;
				return 1;
			}
		}
	}
	return 0;
}

/* "%04d-%02d-%02d" at the date's precision into out[11]; its length. */
static size_t format_iso(const struct date_match *dm, char *out)
{
	struct fmtbuf f;
	fmt_init(&f, out, 11);
	fmt_int(&f, dm->y, 4);
	if (dm->m) {
		fmt_str(&f, "-");
		fmt_int(&f, dm->m, 2);
		if (dm->d) {
			fmt_str(&f, "-");
			fmt_int(&f, dm->d, 2);
		}
	}
	return f.len;
}

size_t entry_date_iso(const char *s, size_t n, char *out)
{
	size_t i;
	struct date_match dm;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (date_at(s, n, i, &dm))
			return format_iso(&dm, out);
	}
	return 0;
}

/* The last date of the free text (the publication date comes late). */
static void take_date(struct work *w, struct entry_fields *f)
{
	const char *s = w->s;
	size_t n = w->n, i, x, next = 0;
	struct date_match dm, best;
	int found = 0;
	char iso[11];

	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		if (!(w->cls[x] & C_DATE) || i < next || w->used[i] || !date_at(s, n, i, &dm) ||
		    !is_free(w, dm.a, dm.b))
			continue;
		/* a fuller date wins over a bare year that precedes it */
		best = dm;
		found = 1;
		next = dm.b > i ? dm.b : i + 1;
	}
	if (!found)
		return;
	format_iso(&best, iso);
	set_field(&f->date, xstrdup(iso));
	/* "(1993)" goes with its parentheses */
	if (best.a > 0 && s[best.a - 1] == '(' && best.b < n && s[best.b] == ')') {
		best.a--;
		best.b++;
	}
	take(w, best.a, best.b);
}

/* "accessed 12 May 2016", "retrieved on ...", "[viewed ...]" */
static void take_accessed(struct work *w, struct entry_fields *f)
{
	static const char *const words[] = { "accessed", "retrieved", "viewed", "last visited",
					     "truy cập" };
	const char *s = w->s;
	size_t n = w->n, i, k, x;
	/* the words start with a, r, v, l, t */
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		if (!(w->cls[x] & C_ACC))
			continue;
		for (k = 0; k < ARRAY_SIZE(words); k++) {
			size_t j, lim;
			struct date_match dm;
			if (!word_at(s, n, i, words[k]))
				continue;
			j = i + strlen(words[k]);
			lim = j + 24 < n ? j + 24 : n;
			for (; j < lim; j++) {
				if (date_at(s, n, j, &dm)) {
					char iso[11];
					size_t a = i, b = dm.b;
					format_iso(&dm, iso);
					set_field(&f->accessed, xstrdup(iso));
					if (a > 0 && (s[a - 1] == '(' || s[a - 1] == '['))
						a--;
					if (b < n && (s[b] == ')' || s[b] == ']'))
						b++;
					take(w, a, b);
					return;
				}
			}
		}
	}
}

/* ---- pages, volume, issue ---- */

/* A number range N[-N] at s[i]: end in *end, the cleaned text into sb. */
static int range_at(const char *s, size_t n, size_t i, size_t *end, struct strbuf *sb)
{
	size_t e = skip_digits(s, n, i), k, dl;
	if (e == i || e - i > 6)
		return 0;
	strbuf_reset(sb);
	strbuf_add(sb, s + i, e - i);
	k = skip_blanks(s, n, e);
	dl = dash_len(s, n, k);
	if (dl) {
		size_t k2 = skip_blanks(s, n, k + dl), e2 = skip_digits(s, n, k2);
		if (e2 > k2 && e2 - k2 <= 6) {
			strbuf_addch(sb, '-');
			strbuf_add(sb, s + k2, e2 - k2);
			e = e2;
		}
	}
	if (e < n && ch_isalpha((unsigned char)s[e]))
		return 0;
	*end = e;
	return 1;
}

static void take_pages(struct work *w, struct entry_fields *f)
{
	static const char *const labels[] = { "pp.", "pp", "pages", "page", "pgs.", "p.", "tr.", "trang" };
	const char *s = w->s;
	size_t n = w->n, i, k, e, x, next = 0;
	struct strbuf sb = STRBUF_INIT;

	/* the labels start with p or t */
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n && !f->pages; x++) {
		if (!(w->cls[x] & C_PAGE) || w->used[i])
			continue;
		for (k = 0; k < ARRAY_SIZE(labels); k++) {
			size_t l, j;
			if (!word_at(s, n, i, labels[k]))
				continue;
			l = strlen(labels[k]);  /* not before: this runs at every candidate */
			j = skip_blanks(s, n, i + l);
			if (j == i + l && labels[k][l - 1] != '.')
				continue;
			if (range_at(s, n, j, &e, &sb) && is_free(w, i, e)) {
				f->pages = strbuf_detach(&sb, NULL);
				take(w, i, e);
				break;
			}
		}
	}
	/* "12:345-367" or a bare range "206-214" not made of years */
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n && !f->pages; x++) {
		size_t a;
		if (!(w->cls[x] & C_NUM) || i < next || w->used[i])
			continue;
		a = i;
		if (!range_at(s, n, i, &e, &sb) || !strchr(sb.buf, '-') || !is_free(w, a, e)) {
			next = skip_digits(s, n, i) + 1;
			continue;
		}
		if (e < n && (s[e] == '/' || s[e] == '-' || (s[e] == '.' && e + 1 < n &&
							     ch_isdigit((unsigned char)s[e + 1])))) {
			next = e + 1;
			continue;
		}
		{
			long p1 = strtol(sb.buf, NULL, 10);
			long p2 = strtol(strchr(sb.buf, '-') + 1, NULL, 10);
			int y1 = year_at(sb.buf, sb.len, 0) != 0;
			/* 2015-2020 is a span of years; 93-98 after a year is too */
			if ((y1 && p2 >= 1500 && p2 <= 2099) || p2 < p1) {
				next = e + 1;
				continue;
			}
		}
		f->pages = strbuf_detach(&sb, NULL);
		take(w, a, e);
		/* a volume right before: "12:345-367", "32(1):1-20" */
		break;
	}
	strbuf_release(&sb);
}

static void take_volume(struct work *w, struct entry_fields *f)
{
	const char *s = w->s;
	size_t n = w->n, i, e, j, x, next = 0;
	/*
	 * vol., volume, tập; no., number, nr., issue, số: every form starts
	 * a word, with one of v, t, n, i, s or a digit
	 */
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		if (!(w->cls[x] & C_VOL) || i < next || w->used[i])
			continue;
		if (!f->volume && (word_at(s, n, i, "vol.") || word_at(s, n, i, "volume") ||
				   word_at(s, n, i, "vol") || word_at(s, n, i, "tập"))) {
			j = i + (i + 3 < n && s[i + 3] == '.' ? 4 : 3);
			if (word_at(s, n, i, "volume"))
				j = i + 6;
			else if (word_at(s, n, i, "tập"))
				j = i + 4;
			j = skip_blanks(s, n, j);
			e = j;
			while (e < n && (ch_isalnum((unsigned char)s[e]) || s[e] == '-'))
				e++;
			if (e > j && ch_isdigit((unsigned char)s[j])) {
				f->volume = xstrndup(s + j, e - j);
				take(w, i, e);
				next = e + 1;
				continue;
			}
		}
		if (!f->issue && (word_at(s, n, i, "no.") || word_at(s, n, i, "issue") ||
				  word_at(s, n, i, "number") || word_at(s, n, i, "nr.") ||
				  word_at(s, n, i, "số"))) {
			size_t l = word_at(s, n, i, "issue") ? 5 : word_at(s, n, i, "number") ? 6
				   : word_at(s, n, i, "số") ? 3 : 3;
			/* "No." is an issue only next to a volume or after a comma */
			size_t p = i;
			while (p > 0 && is_ws((unsigned char)s[p - 1]))
				p--;
			if (!f->volume && !(p > 0 && s[p - 1] == ','))
				continue;
			j = skip_blanks(s, n, i + l);
			e = j;
			while (e < n && (ch_isalnum((unsigned char)s[e]) || s[e] == '-'))
				e++;
			if (e > j && ch_isdigit((unsigned char)s[j])) {
				f->issue = xstrndup(s + j, e - j);
				take(w, i, e);
				next = e + 1;
				continue;
			}
		}
		/* 32(1), 1(1): */
		if (!f->volume && ch_isdigit((unsigned char)s[i]) &&
		    (i == 0 || !ch_isalnum((unsigned char)s[i - 1]))) {
			size_t d = skip_digits(s, n, i), p = d;
			/* "35(4)" and "35 (4)" */
			if (p + 1 < n && s[p] == ' ' && s[p + 1] == '(')
				p++;
			if (d - i <= 4 && p < n && s[p] == '(' && !year_at(s, n, i)) {
				size_t k = p + 1, k2 = k;
				while (k2 < n && (ch_isalnum((unsigned char)s[k2]) || s[k2] == '-' ||
						  s[k2] == '/'))
					k2++;
				if (k2 > k && k2 < n && s[k2] == ')' && ch_isdigit((unsigned char)s[k])) {
					f->volume = xstrndup(s + i, d - i);
					set_field(&f->issue, xstrndup(s + k, k2 - k));
					take(w, i, k2 + 1);
					next = k2 + 1;
					continue;
				}
			}
			/* 12:345 (volume before pages taken already) */
			if (d - i <= 4 && d < n && s[d] == ':' && d + 1 < n &&
			    (w->used[d + 1] || (d + 2 < n && w->used[d + 2])) && f->pages) {
				f->volume = xstrndup(s + i, d - i);
				take(w, i, d + 1);
				next = d + 1;
				continue;
			}
			next = d;
		}
	}
}

/* ---- quoted title ---- */

__attribute__((always_inline))
static inline int open_quote_at(const char *s, size_t n, size_t i, size_t *ql)
{
	/* the lead bytes of the three forms: a test at every candidate of the scans */
	static const unsigned char lead[256] = { [0xE2] = 1, ['"'] = 1, ['`'] = 1 };
	if (!lead[(unsigned char)s[i]])
		return 0;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x9C) {
		*ql = 3;
		return 1;
	}
	if (s[i] == '"' && (i == 0 || !ch_isalnum((unsigned char)s[i - 1]))) {
		*ql = 1;
		return 2;
	}
	if (s[i] == '`' && i + 1 < n && s[i + 1] == '`') {
		*ql = 2;
		return 3;
	}
	return 0;
}

__attribute__((always_inline))
static inline int close_quote_at(const char *s, size_t n, size_t i, int kind, size_t *ql)
{
	if (kind == 1 || kind == 2) {
		if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x9D) {
			*ql = 3;
			return 1;
		}
	}
	if ((kind == 2 || kind == 1) && s[i] == '"') {
		*ql = 1;
		return 1;
	}
	if (kind == 3 && s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') {
		*ql = 2;
		return 1;
	}
	return 0;
}

/* Start and end of the quoted title, or 0. */
static int find_quoted(struct work *w, size_t *qa, size_t *qb, size_t *ia, size_t *ib)
{
	const char *s = w->s;
	size_t n = w->n, i, j, ql, cl, x;
	int kind;
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		if (!(w->cls[x] & C_QUOTE) || w->used[i] || !(kind = open_quote_at(s, n, i, &ql)))
			continue;
		/* a title is not longer than this: bounds the scan of an unclosed quote */
		for (j = i + ql; j < n && j < i + ql + 1000; j++) {
			if (w->used[j])
				break;
			if (close_quote_at(s, n, j, kind, &cl)) {
				if (j - (i + ql) >= 3) {
					*qa = i;
					*qb = j + cl;
					*ia = i + ql;
					*ib = j;
					return 1;
				}
				break;
			}
		}
	}
	return 0;
}

/* ---- phase 2: what is left ---- */

/* Words whose final period does not end a sentence. */
static int is_abbrev(const char *s, size_t a, size_t b)
{
	static const char *const ab[] = {
		"proc", "conf", "int", "intl", "symp", "trans", "vol", "no", "pp", "dept", "univ",
		"tech", "rep", "jr", "sr", "dr", "prof", "st", "mr", "mrs", "ms", "ed", "eds", "assoc",
		"inc", "ltd", "co", "corp", "dec", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "j", "comp", "sci", "eng", "lect", "notes", "comput",
		"math", "phys", "res", "rev", "inf", "syst", "lab", "natl", "acad", "amer", "assn",
		"soc", "ieee", "acm", "vs", "cf", "e.g", "i.e", "etc", "op", "cit", "ibid", "gen",
		"lt", "col", "maj", "mt", "ft", "u.s", "pt", "ch", "sec", "fig", "eq", "ann", "annu",
		"workshop", "nat", "appl", "theor", "mech", "struct", "anal", "des", "prog", "lang",
		"oper", "artif", "intell", "mgmt", "manag", "q", "quart",
		/* ISO 4 journal-title abbreviations */
		"intern", "softw", "commun", "mag", "bull", "rec", "jpn", "eur", "adv", "electron",
		"sympos", "technol", "dev", "ph.d", "approx", "stat", "biol", "chem", "med", "psychol",
		"econ", "geogr", "hist", "philos", "polit", "j.", "m.sc", "b.sc", "m.s", "ph.d."
	};
	size_t i, d;
	int initials = 1;
	/* initials, hyphenated or not: "J", "W.-P", "J.R" */
	for (i = a; i < b; i++) {
		if (ch_isupper((unsigned char)s[i]) && (i + 1 == b || !ch_isalpha((unsigned char)s[i + 1])))
			continue;
		if (s[i] == '.' || s[i] == '-')
			continue;
		initials = 0;
		break;
	}
	if (initials && b > a)
		return 1;
	/* ordinals: "5th." */
	d = a;
	while (d < b && ch_isdigit((unsigned char)s[d]))
		d++;
	if (d > a && b - d == 2 && (mem_ieq(s + d, 2, "st") || mem_ieq(s + d, 2, "nd") ||
				    mem_ieq(s + d, 2, "rd") || mem_ieq(s + d, 2, "th")))
		return 1;
	/* none is longer than 8 bytes; the first letter rules out most */
	if (b - a < 1 || b - a > 8)
		return 0;
	for (i = 0; i < ARRAY_SIZE(ab); i++)
		if (ab[i][0] == ch_tolower((unsigned char)s[a]) && mem_ieq(s + a, b - a, ab[i]))
			return 1;
	return 0;
}

/* A piece of free text: [a, b) in the work text. */
struct piece {
	size_t a, b;
};

/* Pieces an entry rarely has more of: held in the struct, not allocated. */
#define PIECES_INLINE 32

struct pieces {
	struct piece *v;        /* inl, or an allocation once there are more */
	size_t nr, alloc;
	struct piece inl[PIECES_INLINE];
};

static void pieces_init(struct pieces *p)
{
	p->v = p->inl;
	p->nr = 0;
	p->alloc = PIECES_INLINE;
}

static void pieces_release(struct pieces *p)
{
	if (p->v != p->inl)
		free(p->v);
	pieces_init(p);
}

/* Room for n pieces. */
static void pieces_grow(struct pieces *p, size_t n)
{
	size_t na;
	if (n <= p->alloc)
		return;
	na = p->alloc * 2 > n ? p->alloc * 2 : n;
	if (p->v == p->inl) {
		p->v = xmalloc(na * sizeof(*p->v));
		memcpy(p->v, p->inl, p->nr * sizeof(*p->v));
	} else {
		p->v = xrealloc(p->v, na * sizeof(*p->v));
	}
	p->alloc = na;
}

static void pieces_add(struct pieces *p, const char *s, size_t a, size_t b)
{
	trim(s, &a, &b);
	if (a >= b)
		return;
	pieces_grow(p, p->nr + 1);
	p->v[p->nr].a = a;
	p->v[p->nr].b = b;
	p->nr++;
}

/*
 * Sentences of the free text: cut at taken bytes, at ". " after a word
 * that is not an initial or abbreviation, and at "? " / "! ".
 */
static void split_sentences(const struct work *w, size_t from, size_t to, struct pieces *out)
{
	const char *s = w->s;
	size_t i, start = from;
	int depth = 0;
	for (i = from; i < to; i++) {
		if (w->used[i]) {
			pieces_add(out, s, start, i);
			while (i < to && w->used[i])
				i++;
			start = i;
			i--;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		if (depth)
			continue;
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && i + 1 < to && is_ws((unsigned char)s[i + 1])) {
			size_t wa = i;
			while (wa > from && (ch_isalnum((unsigned char)s[wa - 1]) || s[wa - 1] == '.' ||
					     s[wa - 1] == '-'))
				wa--;
			if (s[i] == '.' && is_abbrev(s, wa, i))
				continue;
			/* "5th." before a lowercase word is not an end either */
			pieces_add(out, s, start, i + 1);
			start = i + 1;
		}
	}
	pieces_add(out, s, start, to);
}

/* Cuts a sentence at top-level commas and semicolons. */
static void split_commas(const char *s, size_t a, size_t b, struct pieces *out)
{
	size_t i, start = a;
	int depth = 0;
	for (i = a; i < b; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (!depth && (s[i] == ',' || s[i] == ';')) {
			pieces_add(out, s, start, i);
			start = i + 1;
		}
	}
	pieces_add(out, s, start, b);
}

static int has_word(const char *s, size_t a, size_t b, const char *word)
{
	size_t i, l = strlen(word);
	int c0 = ch_tolower((unsigned char)word[0]);
	/* the first byte filters most positions before the full comparison */
	for (i = a; i + l <= b; i++)
		if (ch_tolower((unsigned char)s[i]) == c0 && word_at(s, b, i, word))
			return 1;
	return 0;
}

/* The kinds of words word_kinds() looks for. */
enum word_kind {
	KW_PUBLISHER = 1,       /* "press", "university", "inc.": a publisher or institution */
	KW_REPORT = 2,          /* "technical report", "thesis", "to appear": a note */
	KW_CONTAINER = 4        /* "proceedings", "journal", "times": a container */
};

struct kw {
	const char *w;          /* lowercase */
	unsigned char len;
	unsigned char kind;
};

#define KW(w, k) { w, sizeof(w) - 1, k }
#define PUB KW_PUBLISHER
#define REP KW_REPORT
#define CON KW_CONTAINER
/*
 * The words of each kind by their first letter (at most 11 a letter, a
 * row ends at a NULL word): a word start is compared with the words of
 * its letter only.
 */
static const struct kw words_by_letter[26][12] = {
	['a' - 'a'] = { KW("addison-wesley", PUB), KW("academy", PUB), KW("agency", PUB) },
	['b' - 'a'] = { KW("books", PUB), KW("bureau", PUB) },
	['c' - 'a'] = { KW("center", PUB), KW("centre", PUB), KW("committee", PUB),
			KW("corporation", PUB), KW("corp.", PUB), KW("company", PUB), KW("council", PUB),
			KW("college", PUB), KW("conference", CON) },
	['d' - 'a'] = { KW("dept.", PUB), KW("department", PUB), KW("dissertation", REP) },
	['e' - 'a'] = { KW("elsevier", PUB) },
	['f' - 'a'] = { KW("foundation", PUB) },
	['g' - 'a'] = { KW("gmbh", PUB) },
	['i' - 'a'] = { KW("inc", PUB), KW("inc.", PUB), KW("institute", PUB), KW("institut", PUB),
			KW("in press", REP) },
	['j' - 'a'] = { KW("journal", CON) },
	['k' - 'a'] = { KW("kluwer", PUB) },
	['l' - 'a'] = { KW("ltd", PUB), KW("ltd.", PUB), KW("laboratory", PUB), KW("laboratories", PUB),
			KW("labs", PUB), KW("letters", CON) },
	['m' - 'a'] = { KW("mcgraw-hill", PUB), KW("morgan kaufmann", PUB), KW("ministry", PUB),
			KW("memo", REP), KW("manuscript", REP), KW("magazine", CON) },
	['n' - 'a'] = { KW("nxb", PUB), KW("nhà xuất bản", PUB), KW("newspaper", CON), KW("news", CON) },
	['o' - 'a'] = { KW("office", PUB) },
	['p' - 'a'] = { KW("press", PUB), KW("publisher", PUB), KW("publishers", PUB),
			KW("publishing", PUB), KW("publications", PUB), KW("prentice", PUB),
			KW("preprint", REP), KW("proceedings", CON), KW("proc.", CON), KW("post", CON) },
	['r' - 'a'] = { KW("report", REP), KW("review", CON) },
	['s' - 'a'] = { KW("springer", PUB), KW("school of", PUB), KW("submitted", REP),
			KW("symposium", CON) },
	['t' - 'a'] = { KW("technical report", REP), KW("tech. rep.", REP), KW("tech. report", REP),
			KW("thesis", REP), KW("to appear", REP), KW("transactions", CON),
			KW("times", CON) },
	['u' - 'a'] = { KW("university", PUB), KW("universit", PUB), KW("unpublished", REP) },
	['v' - 'a'] = { KW("verlag", PUB) },
	['w' - 'a'] = { KW("wiley", PUB), KW("working paper", REP), KW("workshop", CON) },
};
#undef KW
#undef PUB
#undef REP
#undef CON

/*
 * The kinds (enum word_kind) of the words of words_by_letter that s[a..b)
 * holds, as word_at() finds them (a word start: no letter or digit
 * before, even before a), and "Universiteit", "Università", "Universität"
 * (publishers) at the start of a word or of s[a..b). One pass: it stops
 * early only once a kind of stop is found (stop 0: the whole text).
 */
static unsigned word_kinds(const char *s, size_t a, size_t b, unsigned stop)
{
	size_t i;
	unsigned found = 0;
	for (i = a; i < b; i++) {
		int c = ch_tolower((unsigned char)s[i]);
		const struct kw *k;
		if (!ch_islower(c))
			continue;
		if (c == 'u' && i + 9 <= b && (i == a || !ch_isalpha((unsigned char)s[i - 1])) &&
		    mem_ieq(s + i, 9, "universit"))
			found |= KW_PUBLISHER;
		if (i > 0 && ch_isalnum((unsigned char)s[i - 1]))
			continue;
		for (k = words_by_letter[c - 'a']; k->w; k++) {
			if ((found & k->kind) || i + k->len > b || !mem_ieq(s + i, k->len, k->w))
				continue;
			if (ch_isalpha((unsigned char)k->w[k->len - 1]) && i + k->len < b &&
			    ch_isalpha((unsigned char)s[i + k->len]))
				continue;
			found |= k->kind;
		}
		if (found & stop)
			break;
	}
	return found;
}

static int is_publisher(const char *s, size_t a, size_t b)
{
	return (word_kinds(s, a, b, KW_PUBLISHER) & KW_PUBLISHER) != 0;
}

static int is_container_word(const char *s, size_t a, size_t b)
{
	return (word_kinds(s, a, b, KW_CONTAINER) & KW_CONTAINER) != 0;
}

static int is_name_joiner(const char *s, size_t a, size_t b)
{
	static const char *const j[] = { "and", "&", "et", "al", "al.", "de", "van", "von", "der",
					  "den", "la", "le", "du", "da", "di", "dos", "del", "y", "ed.",
					  "eds.", "editor", "editors", "by", "bin", "ter", "mc", "st." };
	size_t k;
	for (k = 0; k < ARRAY_SIZE(j); k++)
		if (mem_ieq(s + a, b - a, j[k]))
			return 1;
	return 0;
}

/* Does s[a..b) read like a list of personal or corporate names? */
static int looks_like_names(const char *s, size_t a, size_t b)
{
	size_t i = a, words = 0, bad = 0, initials = 0;
	if (b - a > 400)
		return 0;
	while (i < b) {
		size_t e;
		while (i < b && (is_ws((unsigned char)s[i]) || s[i] == ',' || s[i] == ';'))
			i++;
		if (i >= b)
			break;
		e = i;
		while (e < b && !is_ws((unsigned char)s[e]) && s[e] != ',' && s[e] != ';')
			e++;
		words++;
		if (ch_isdigit((unsigned char)s[i]))
			return 0;
		if (e - i <= 4 && ch_isupper((unsigned char)s[i]) && memchr(s + i, '.', e - i))
			initials++;
		else if (!(ch_isupper((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC0 ||
			   is_name_joiner(s, i, e) || s[i] == '(' || s[i] == '\''))
			bad++;
		i = e;
	}
	if (!words)
		return 0;
	if (bad * 4 > words)
		return 0;
	/* a long run of capitalised words without initials is a title */
	if (!initials && words > 8 && !memchr(s + a, ',', b - a) && !has_word(s, a, b, "and"))
		return 0;
	return 1;
}

static int is_initials(const char *s, size_t a, size_t b)
{
	size_t i;
	int letters = 0;
	for (i = a; i < b; i++) {
		if (ch_isupper((unsigned char)s[i]))
			letters++;
		else if (!(s[i] == '.' || s[i] == ' ' || s[i] == '-'))
			return 0;
	}
	/* "K. L." or "JP"; an all-capitals surname ("HOLM") is no initials */
	return letters > 0 && (memchr(s + a, '.', b - a) ? letters <= 4 : letters <= 2);
}

static int is_honorific(const char *s, size_t a, size_t b)
{
	static const char *const h[] = { "dr", "dr.", "prof", "prof.", "assoc. prof", "assoc. prof.",
					  "assoc.", "phd", "ph.d.", "mr.", "mrs.", "ms.", "md", "jr.",
					  "jr" };
	size_t k;
	int c = ch_tolower((unsigned char)s[a]);
	/* they open with d, p, a, m or j and are 2 to 12 bytes (tried on every word of a name) */
	if (b - a < 2 || b - a > 12 || !(c == 'd' || c == 'p' || c == 'a' || c == 'm' || c == 'j'))
		return 0;
	for (k = 0; k < ARRAY_SIZE(h); k++)
		if (mem_ieq(s + a, b - a, h[k]))
			return 1;
	return 0;
}

static size_t strip_prefix_word(const char *s, size_t a, size_t b, const char *w)
{
	size_t l = strlen(w);
	if (b - a > l && mem_ieq(s + a, l, w) && is_ws((unsigned char)s[a + l]))
		return skip_blanks(s, b, a + l);
	return a;
}

/* Splits a name list into names: "A, B and C", "Smith, J., Jones, K." */
static void add_names(const char *s, size_t a, size_t b, char ***v, size_t *nr, size_t *alloc)
{
	struct pieces p;
	size_t i, start = a, k;
	int depth = 0;

	pieces_init(&p);

	for (i = a; i <= b; i++) {
		int cut = 0, skip = 0;
		if (i == b) {
			cut = 1;
		} else if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')') {
			if (depth)
				depth--;
		} else if (!depth && (s[i] == ',' || s[i] == ';' || s[i] == '&')) {
			cut = 1;
			skip = 1;
		} else if (!depth && (word_at(s, b, i, "and") || word_at(s, b, i, "và")) && i > a &&
			   is_ws((unsigned char)s[i - 1])) {
			cut = 1;
			skip = s[i] == 'a' ? 3 : 3;
		}
		if (cut) {
			size_t pa = start, pb = i;
			trim(s, &pa, &pb);
			pa = strip_prefix_word(s, pa, pb, "by");
			if (pa < pb)
				pieces_add(&p, s, pa, pb);
			start = i + (size_t)skip;
			if (skip > 1)
				i += (size_t)skip - 1;
		}
	}
	for (k = 0; k < p.nr; k++) {
		size_t pa = p.v[k].a, pb = p.v[k].b;
		struct strbuf sb = STRBUF_INIT;
		char *name;
		if (is_honorific(s, pa, pb) || mem_ieq(s + pa, pb - pa, "et al") ||
		    mem_ieq(s + pa, pb - pa, "et al.") || mem_ieq(s + pa, pb - pa, "others"))
			continue;
		/* "Smith, J." : a surname followed by initials */
		if (k + 1 < p.nr && !is_initials(s, pa, pb) && is_initials(s, p.v[k + 1].a, p.v[k + 1].b) &&
		    !memchr(s + pa, ' ', pb - pa)) {
			name = clean_dup(s, pa, pb);
			if (name)
				strbuf_addstr(&sb, name);
			free(name);
			strbuf_addstr(&sb, ", ");
			strbuf_add(&sb, s + p.v[k + 1].a, p.v[k + 1].b - p.v[k + 1].a);
			list_add(v, nr, alloc, strbuf_detach(&sb, NULL));
			k++;
			continue;
		}
		/* honorifics before a name: "Dr. Dinh The Huynh", "General Ngo Xuan Lich" */
		for (;;) {
			size_t e = pa;
			while (e < pb && !is_ws((unsigned char)s[e]))
				e++;
			if (e < pb && is_honorific(s, pa, e))
				pa = skip_blanks(s, pb, e);
			else
				break;
		}
		name = clean_dup(s, pa, pb);
		/* a trailing period stays on an initial ("J."), trim handles that */
		list_add(v, nr, alloc, name);
		strbuf_release(&sb);
	}
	pieces_release(&p);
}

/* "(eds.)", ", editors", "(Co-editors)", "ed. by": editors instead of authors. */
static int editor_marker(const char *s, size_t a, size_t b, size_t *ma)
{
	static const char *const m[] = { "(eds.)", "(eds)", "(ed.)", "(ed)", "(editors)", "(editor)",
					  "(co-editors)", "(co-editor)", ", editors", ", editor",
					  ", eds.", ", ed.", "(chủ biên)", "(đồng chủ biên)" };
	size_t i, k;
	for (i = a; i < b; i++) {
		/* every marker opens with '(' or ',' */
		if (s[i] != '(' && s[i] != ',')
			continue;
		for (k = 0; k < ARRAY_SIZE(m); k++) {
			size_t l = strlen(m[k]);
			if (i + l <= b && mem_ieq(s + i, l, m[k])) {
				size_t q = i;
				while (q > a && is_ws((unsigned char)s[q - 1]))
					q--;
				*ma = q;
				return (int)(i + l - a);
			}
		}
	}
	return 0;
}

/* Appends s[a..b) to a field (joined by ", "). */
static void append_field(char **field, const char *s, size_t a, size_t b)
{
	char *v;
	struct strbuf sb = STRBUF_INIT;
	/* a field that long is debris, not a value: stop growing it (keeps this linear) */
	if (*field && strlen(*field) > 512)
		return;
	v = clean_dup(s, a, b);
	if (!v)
		return;
	if (!*field) {
		*field = v;
		return;
	}
	strbuf_addstr(&sb, *field);
	strbuf_addstr(&sb, ", ");
	strbuf_addstr(&sb, v);
	free(v);
	free(*field);
	*field = strbuf_detach(&sb, NULL);
}

/* US states and Canadian provinces as abbreviated in references: "CA", "Calif.", "N.Y." */
static int is_region_abbrev(const char *s, size_t a, size_t b)
{
	static const char *const ab[] = {
		"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
		"IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
		"NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
		"TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "ON", "QC", "BC",
		"Ala.", "Ariz.", "Ark.", "Calif.", "Cal.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.",
		"Ill.", "Ind.", "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.",
		"Miss.", "Mo.", "Mont.", "Neb.", "Nebr.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.",
		"N.C.", "N.D.", "Okla.", "Ore.", "Oreg.", "Pa.", "Penn.", "R.I.", "S.C.", "S.D.",
		"Tenn.", "Tex.", "Vt.", "Va.", "Wash.", "Wis.", "Wisc.", "Wyo.", "D.C.", "D. C.",
		"Que.", "Ont.", "B.C.", "USA", "U.S.A.", "U.S.A", "UK", "U.K.", "U.S."
	};
	size_t k;
	/* each opens with a capital and is 2 to 6 bytes ("U.S.A.", "Calif.") */
	if (b <= a || b - a < 2 || b - a > 6 || !ch_isupper((unsigned char)s[a]))
		return 0;
	for (k = 0; k < ARRAY_SIZE(ab); k++)
		if (ab[k][0] == s[a] && b - a == strlen(ab[k]) && !memcmp(s + a, ab[k], b - a))
			return 1;
	return 0;
}

static int is_month_word(const char *s, size_t a, size_t b)
{
	static const char *const w[] = { "spring", "summer", "autumn", "fall", "winter" };
	size_t k, ml;
	for (k = 0; k < ARRAY_SIZE(w); k++)
		if (mem_ieq(s + a, b - a, w[k]))
			return 1;
	return month_at(s, b, a, &ml) && ml >= b - a - 1;
}

/*
 * The shape of a place: one to three capitalised words ("New York",
 * "St. Charles", "Cambridge", "IL", "Calif.") that are not a month or an
 * acronym of an organisation ("ACM"). Returns 1 for a region's
 * abbreviation (a place outright), 2 for such words (a place unless they
 * name a publisher or a container: see place_like()), 0 for none.
 */
static int place_shape(const char *s, size_t a, size_t b)
{
	size_t i = a, words = 0;
	if (b - a > 40 || b <= a)
		return 0;
	if (is_region_abbrev(s, a, b))
		return 1;
	while (i < b) {
		size_t e, k, caps = 0, lower = 0;
		while (i < b && is_ws((unsigned char)s[i]))
			i++;
		if (i >= b)
			break;
		e = i;
		while (e < b && !is_ws((unsigned char)s[e]))
			e++;
		words++;
		if (!(ch_isupper((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC0))
			return 0;
		for (k = i; k < e; k++) {
			if (ch_isdigit((unsigned char)s[k]))
				return 0;
			caps += ch_isupper((unsigned char)s[k]) != 0;
			lower += ch_islower((unsigned char)s[k]) != 0;
		}
		/* "ACM", "SIGPLAN": an organisation; "USA", "NY" are places */
		if (caps >= 2 && !lower && !is_region_abbrev(s, i, e))
			return 0;
		/* periods only in "St.", "Mt.", "Ft." and region abbreviations */
		if (memchr(s + i, '.', e - i) && !is_region_abbrev(s, i, e) &&
		    !(e - i == 3 && (s[i + 1] == 't') && s[i + 2] == '.'))
			return 0;
		if (is_month_word(s, i, e))
			return 0;
		i = e;
	}
	return words >= 1 && words <= 3 ? 2 : 0;
}

/* A place of shape shape (place_shape()) whose words have the kinds kinds (word_kinds()). */
static int place_like(int shape, unsigned kinds)
{
	return shape == 1 || (shape == 2 && !(kinds & (KW_PUBLISHER | KW_CONTAINER)));
}

/* A place: the shape of one, not a publisher or a container. */
static int is_place_like(const char *s, size_t a, size_t b)
{
	int shape = place_shape(s, a, b);
	return place_like(shape, shape == 2 ? word_kinds(s, a, b, KW_PUBLISHER | KW_CONTAINER) : 0);
}

/* A lone acronym of an organisation: "ACM", "IEEE", "SIAM". */
static int is_org_acronym(const char *s, size_t a, size_t b)
{
	size_t i;
	if (b - a < 3 || b - a > 8 || is_region_abbrev(s, a, b))
		return 0;
	for (i = a; i < b; i++)
		if (!ch_isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * "Proceedings of ... (Tucson, Ariz., Jan. 23-25)": the place given in
 * parentheses at the end of a container. Returns where the container
 * ends (before the parenthesis) and sets the place; b if there is none.
 */
static size_t paren_place(const char *s, size_t a, size_t b, struct entry_fields *f)
{
	size_t o = b, i, k, pa, pe = NONE_POS;
	while (b > a && is_ws((unsigned char)s[b - 1]))
		b--;
	for (i = b; i > a; i--) {
		if (s[i - 1] == '(') {
			o = i - 1;
			break;
		}
	}
	if (o >= b || o == a)
		return b;
	/* the leading place-like parts inside */
	pa = o + 1;
	for (k = pa; k <= b; k++) {
		if (k == b || s[k] == ',' || s[k] == ')') {
			size_t x = pa, y = k;
			while (x < y && is_ws((unsigned char)s[x]))
				x++;
			while (y > x && is_ws((unsigned char)s[y - 1]))
				y--;
			if (x >= y || !is_place_like(s, x, y))
				break;
			pe = y;
			pa = k + 1;
			if (k == b || s[k] == ')')
				break;
		}
	}
	if (pe == NONE_POS)
		return b;
	if (!f->place)
		f->place = clean_dup(s, o + 1, pe);
	return o;
}

/*
 * Classifies the comma segments of the sentences after the title:
 * "In X" containers, editors, "Place: Publisher", publishers, report
 * notes; the first unnamed segment is the container.
 */
static void classify_rest(const char *s, struct pieces *segs, size_t from, struct entry_fields *f)
{
	size_t k;
	int after_pub = 0;
	for (k = from; k < segs->nr; k++) {
		size_t a = segs->v[k].a, b = segs->v[k].b, c, ma;
		unsigned kinds;
		int el, place;
		/* "In C. B. Jones, editors, Proc. ..." was kept whole */
		if ((el = editor_marker(s, a, b, &ma)) != 0) {
			size_t na = a;
			if (word_at(s, b, na, "in") || word_at(s, b, na, "trong"))
				na = skip_blanks(s, b, na + 2);
			add_names(s, na, ma, &f->editors, &f->nr_editors, &f->alloc_editors);
			a += (size_t)el;
			trim(s, &a, &b);
			if (a >= b)
				continue;
		}
		if (word_at(s, b, a, "in") && a + 3 < b) {
			size_t na = skip_blanks(s, b, a + 2);
			if (na < b && (ch_isupper((unsigned char)s[na]) || ch_isdigit((unsigned char)s[na]) ||
				       (unsigned char)s[na] >= 0xC0 || s[na] == '"')) {
				if (!f->container)
					set_field(&f->container, clean_dup(s, na, paren_place(s, na, b, f)));
				else
					append_field(&f->note, s, na, b);
				continue;
			}
		}
		/* Place: Publisher */
		c = a;
		while (c < b && s[c] != ':')
			c++;
		if (c < b && c > a && is_place_like(s, a, c) && is_publisher(s, c + 1, b)) {
			set_field(&f->place, clean_dup(s, a, c));
			set_field(&f->publisher, clean_dup(s, c + 1, b));
			after_pub = 1;
			continue;
		}
		/* the words of the segment, looked for once */
		kinds = word_kinds(s, a, b, 0);
		if (kinds & KW_REPORT) {
			append_field(&f->note, s, a, b);
			continue;
		}
		if ((kinds & KW_PUBLISHER) && !(kinds & KW_CONTAINER)) {
			if (!f->publisher)
				f->publisher = clean_dup(s, a, b);
			else
				append_field(&f->publisher, s, a, b);
			after_pub = 1;
			continue;
		}
		/* "volume 193, of Lecture Notes in Computer Science": the series */
		if (f->container && f->volume && word_at(s, b, a, "of") && a + 3 < b &&
		    ch_isupper((unsigned char)s[skip_blanks(s, b, a + 2)])) {
			append_field(&f->container, s, a, b);
			continue;
		}
		/* "1991 ... , August": the month of a date given as a year */
		if (is_month_word(s, a, b)) {
			size_t ml;
			int m = month_at(s, b, a, &ml);
			if (m && f->date && strlen(f->date) == 4) {
				char iso[11];
				snprintf(iso, sizeof(iso), "%.4s-%02d", f->date, m);
				free(f->date);
				f->date = xstrdup(iso);
			}
			continue;
		}
		/* "ACM", "IEEE" after the container: the publishing body */
		if (f->container && !f->publisher && is_org_acronym(s, a, b)) {
			f->publisher = clean_dup(s, a, b);
			after_pub = 1;
			continue;
		}
		/* a bare number: the volume */
		if (!f->volume && ch_isdigit((unsigned char)s[a]) && skip_digits(s, b, a) == b && b - a <= 4) {
			f->volume = xstrndup(s + a, b - a);
			continue;
		}
		place = (f->container || after_pub) && place_like(place_shape(s, a, b), kinds);
		if (f->container && place &&
		    (after_pub || (k > from && (f->place || is_container_word(f->container, 0,
									       strlen(f->container)))))) {
			append_field(&f->place, s, a, b);
			continue;
		}
		if (after_pub && place) {
			append_field(&f->place, s, a, b);
			continue;
		}
		if (!f->container) {
			f->container = clean_dup(s, a, paren_place(s, a, b, f));
			continue;
		}
		append_field(&f->note, s, a, b);
	}
}

/* Length of an initial at s[i]: "J.", "J.-P.", "Th."; 0 if none. */
static size_t initial_at(const char *s, size_t n, size_t i)
{
	size_t k = i;
	if (k >= n || !ch_isupper((unsigned char)s[k]))
		return 0;
	k++;
	if (k < n && ch_islower((unsigned char)s[k]) && k + 1 < n && s[k + 1] == '.')
		k++;       /* "Th." */
	if (k >= n || s[k] != '.')
		return 0;
	k++;
	if (k + 2 < n && s[k] == '-' && ch_isupper((unsigned char)s[k + 1]) && s[k + 2] == '.')
		k += 3;
	return k - i;
}

/*
 * "Saltzer, J. H. and Schroeder, M. D. The protection of ...": where a
 * list of inverted names (surname, initials) ends, when a capitalised
 * word follows it; 0 if the text does not open with one. Initials end
 * no sentence in general ("J. Smith"), so this is where the title starts.
 */
static size_t inverted_names_end(const char *s, size_t n)
{
	size_t i = 0, end = 0, groups = 0, l;
	for (;;) {
		size_t k, words = 0, inits = 0;
		i = skip_blanks(s, n, i);
		if (groups) {
			if (i < n && (s[i] == ',' || s[i] == ';'))
				i = skip_blanks(s, n, i + 1);
			if (word_at(s, n, i, "and"))
				i = skip_blanks(s, n, i + 3);
			else if (i < n && s[i] == '&')
				i = skip_blanks(s, n, i + 1);
		}
		/* the surname: up to four words before a comma */
		k = i;
		while (k < n && words < 4) {
			size_t e = k;
			if (!(ch_isupper((unsigned char)s[k]) || (unsigned char)s[k] >= 0xC0 ||
			      word_at(s, n, k, "van") || word_at(s, n, k, "de") || word_at(s, n, k, "von") ||
			      word_at(s, n, k, "der") || word_at(s, n, k, "la") || word_at(s, n, k, "di")))
				break;
			while (e < n && (ch_isalpha((unsigned char)s[e]) || s[e] == '-' || s[e] == '\'' ||
					 (unsigned char)s[e] >= 0x80))
				e++;
			if (e == k)
				break;
			words++;
			k = e;
			if (k < n && s[k] == ' ' && k + 1 < n && s[k + 1] != ',')
				k++;
			else
				break;
		}
		if (!words || k >= n || s[k] != ',')
			break;
		k = skip_blanks(s, n, k + 1);
		while ((l = initial_at(s, n, k)) != 0 && inits < 4) {
			inits++;
			k += l;
			if (k < n && s[k] == ' ' && initial_at(s, n, k + 1))
				k++;
		}
		if (!inits)
			break;
		end = k;
		groups++;
		i = k;
	}
	if (!groups || end >= n)
		return 0;
	i = skip_blanks(s, n, end);
	if (i >= n || i == end || !(ch_isupper((unsigned char)s[i]) || s[i] == '"' ||
				    (unsigned char)s[i] >= 0xC0))
		return 0;
	return end;
}

/*
 * "An Efficient Algorithm, Proceedings of the 1st ACM Symposium": where
 * a title sentence runs on into its container after a comma; b if not.
 */
static size_t title_end(const char *s, size_t a, size_t b)
{
	static const char *const w[] = { "proceedings", "proc.", "journal", "transactions",
					  "conference", "symposium", "workshop" };
	size_t i, k;
	int depth = 0;
	for (i = a; i + 2 < b; i++) {
		size_t j;
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth)
			depth--;
		if (depth || s[i] != ',' || s[i + 1] != ' ')
			continue;
		j = i + 2;
		if (word_at(s, b, j, "in") && j + 3 < b && ch_isupper((unsigned char)s[j + 3]))
			return i;
		for (k = 0; k < ARRAY_SIZE(w); k++)
			if (word_at(s, b, j, w[k]) && ch_isupper((unsigned char)s[j]))
				return i;
	}
	return b;
}

static int parse_rest(struct work *w, struct entry_fields *f, size_t qa, size_t qb)
{
	const char *s = w->s;
	struct pieces sent, segs;
	size_t k, first = 0, ma;
	int el;

	pieces_init(&sent);
	pieces_init(&segs);

	if (f->title) {
		/* authors before the quoted title, everything else after it */
		size_t a = 0, b = qa;
		trim(s, &a, &b);
		a = strip_prefix_word(s, a, b, "see:");
		a = strip_prefix_word(s, a, b, "see");
		if (a < b && is_free(w, a, b)) {
			if ((el = editor_marker(s, a, b, &ma)) != 0)
				add_names(s, a, ma, &f->editors, &f->nr_editors, &f->alloc_editors);
			else if (looks_like_names(s, a, b))
				add_names(s, a, b, &f->authors, &f->nr_authors, &f->alloc_authors);
			else
				set_field(&f->note, clean_dup(s, a, b));
		}
		split_sentences(w, qb, w->n, &sent);
		for (k = 0; k < sent.nr; k++)
			split_commas(s, sent.v[k].a, sent.v[k].b, &segs);
		/* "in Vietnam on the Road ..." after a title names the book */
		classify_rest(s, &segs, 0, f);
		goto done;
	}

	split_sentences(w, 0, w->n, &sent);
	if (!sent.nr)
		goto done;
	{
		/* the inverted names end the first sentence at their last initial */
		size_t ne = inverted_names_end(s, w->n);
		if (ne && sent.v[0].a < ne && sent.v[0].b > ne + 1) {
			size_t ob = sent.v[0].b;
			pieces_grow(&sent, sent.nr + 1);
			memmove(sent.v + 1, sent.v, sent.nr * sizeof(*sent.v));
			sent.nr++;
			sent.v[0].b = ne;
			sent.v[1].a = skip_blanks(s, ob, ne);
			sent.v[1].b = ob;
		}
	}
	{
		size_t a = sent.v[0].a, b = sent.v[0].b, c;
		size_t tstart = 0, tend = 0;
		int have_title = 0;
		a = strip_prefix_word(s, a, b, "see:");
		a = strip_prefix_word(s, a, b, "see");
		/* Vietnamese style: "CPV: Documents of ..., Publisher, Hanoi" */
		c = a;
		while (c < b && s[c] != ':')
			c++;
		if (c < b && c > a && c - a < 160 && looks_like_names(s, a, c)) {
			if ((el = editor_marker(s, a, c, &ma)) != 0)
				add_names(s, a, ma, &f->editors, &f->nr_editors, &f->alloc_editors);
			else
				add_names(s, a, c, &f->authors, &f->nr_authors, &f->alloc_authors);
			/* the title runs to the first comma; the rest is classified */
			split_commas(s, c + 1, b, &segs);
			if (segs.nr) {
				set_field(&f->title, clean_dup(s, segs.v[0].a, segs.v[0].b));
				first = 1;
			}
			for (k = 1; k < sent.nr; k++)
				split_commas(s, sent.v[k].a, sent.v[k].b, &segs);
			classify_rest(s, &segs, first, f);
			goto done;
		}
		if (sent.nr >= 2 && looks_like_names(s, a, b)) {
			if ((el = editor_marker(s, a, b, &ma)) != 0)
				add_names(s, a, ma, &f->editors, &f->nr_editors, &f->alloc_editors);
			else
				add_names(s, a, b, &f->authors, &f->nr_authors, &f->alloc_authors);
			first = 1;
		} else if (sent.nr == 1) {
			/* one sentence: "Authors, Title, Container" is too risky; a title */
			split_commas(s, a, b, &segs);
			if (segs.nr >= 3 && looks_like_names(s, segs.v[0].a, segs.v[0].b)) {
				add_names(s, segs.v[0].a, segs.v[0].b, &f->authors, &f->nr_authors,
					  &f->alloc_authors);
				set_field(&f->title, clean_dup(s, segs.v[1].a, segs.v[1].b));
				classify_rest(s, &segs, 2, f);
			} else if (segs.nr >= 2) {
				set_field(&f->title, clean_dup(s, segs.v[0].a, segs.v[0].b));
				classify_rest(s, &segs, 1, f);
			} else {
				set_field(&f->title, clean_dup(s, a, b));
			}
			goto done;
		}
		if (first < sent.nr) {
			tstart = sent.v[first].a;
			tend = sent.v[first].b;
			have_title = 1;
			/* a title sentence that is really "In Proceedings..." is a container */
			if (word_at(s, tend, tstart, "in") && first > 0)
				have_title = 0;
		}
		if (have_title) {
			size_t te = title_end(s, tstart, tend);
			set_field(&f->title, clean_dup(s, tstart, te));
			first++;
			if (te < tend)
				split_commas(s, te + 1, tend, &segs);
		}
		for (k = first; k < sent.nr; k++) {
			/* "In X, editors, Proc." keeps the editors together */
			if (editor_marker(s, sent.v[k].a, sent.v[k].b, &ma)) {
				pieces_add(&segs, s, sent.v[k].a, sent.v[k].b);
				continue;
			}
			split_commas(s, sent.v[k].a, sent.v[k].b, &segs);
		}
		classify_rest(s, &segs, 0, f);
	}
done:
	pieces_release(&sent);
	pieces_release(&segs);
	return 0;
}

/*
 * A note may cite several sources, "A, "X", 2011. URL; B, "Y", 2012.":
 * the fields are those of the first (the URLs of all are kept). The
 * first source ends at a top-level "; " when what precedes it already
 * holds a date or a URL and what follows opens another source.
 */
static size_t first_source_end(const struct work *w)
{
	const char *s = w->s;
	size_t n = w->n, i, ql, last_open = NONE_POS, x, next = 0, first_used;
	int inq = 0, depth = 0, kind = 0, seen = 0;
	struct date_match dm;
	const unsigned char *u = memchr(w->used, 1, n);

	/*
	 * Only the candidates of C_SRC and C_DATE act: parentheses, ';',
	 * quotes and dates. A taken byte (only URLs and DOIs are taken yet:
	 * never inside a quote's bytes) makes "seen" from the first on.
	 */
	first_used = u ? (size_t)(u - w->used) : n;
	for (x = 0; x < w->nr_at && (i = w->at[x]) < n; x++) {
		if (!(w->cls[x] & (C_SRC | C_DATE)) || i < next)
			continue;
		if (i >= first_used)
			seen = 1;
		if (w->used[i])
			continue;
		if (inq) {
			if (close_quote_at(s, n, i, kind, &ql))
				inq = 0;
			continue;
		}
		if ((kind = open_quote_at(s, n, i, &ql)) != 0) {
			inq = 1;
			next = i + ql;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth)
			depth--;
		else if (!seen && date_may_start(s, n, i) && date_at(s, n, i, &dm))
			seen = 1;
		else if (s[i] == ';' && !depth && seen && i + 1 < n && s[i + 1] == ' ') {
			/*
			 * Where the last URL or opening quote stands (past it,
			 * "another source follows" is O(1)): looked for at the
			 * first such "; " only, most notes have none.
			 */
			if (last_open == NONE_POS) {
				size_t k;
				for (last_open = 0, k = n; k > 0; k--)
					if (w->used[k - 1] || open_quote_at(s, n, k - 1, &ql)) {
						last_open = k;
						break;
					}
			}
			if (last_open > i + 1)
				return i;
		}
	}
	return n;
}

/*
 * The classes of the label words that can start at a word start with the
 * letters c0 c1 (lowercase; c1 0 at the end of the text): every label is
 * two bytes or more, and most words of an entry fail at the second.
 */
static unsigned char label_class(int c0, int c1)
{
	switch (c0) {
	case 'h':                                       /* http:// https:// */
	case 'f':                                       /* ftp:// */
		return c1 == 't' ? C_URL : 0;
	case 'w':                                       /* www. */
		return c1 == 'w' ? C_URL : 0;
	case 'd':                                       /* doi: doi */
		return c1 == 'o' ? C_URL : 0;
	case 'a':                                       /* accessed */
		return c1 == 'c' ? C_ACC : 0;
	case 'r':                                       /* retrieved */
		return c1 == 'e' ? C_ACC : 0;
	case 'l':                                       /* last visited */
		return c1 == 'a' ? C_ACC : 0;
	case 'v':                                       /* viewed; vol. volume vol */
		return c1 == 'i' ? C_ACC : c1 == 'o' ? C_VOL : 0;
	case 't':                                       /* truy cập, tr. trang; tập */
		return c1 == 'r' ? C_ACC | C_PAGE : c1 == 0xE1 ? C_VOL : 0;
	case 'p':                                       /* pp. pp pages page pgs. p. */
		return c1 == 'p' || c1 == 'a' || c1 == 'g' || c1 == '.' ? C_PAGE : 0;
	case 'n':                                       /* no. number nr. */
		return c1 == 'o' || c1 == 'u' || c1 == 'r' ? C_VOL : 0;
	case 'i':                                       /* issue */
		return c1 == 's' ? C_VOL : 0;
	case 's':                                       /* số */
		return c1 == 0xE1 ? C_VOL : 0;
	default:
		return 0;
	}
}

/* Candidate classes of a byte wherever it stands. */
static const unsigned char any_class[256] = {
	['"'] = C_QUOTE | C_SRC, ['`'] = C_QUOTE | C_SRC, [0xE2] = C_QUOTE | C_SRC,
	['('] = C_SRC, [')'] = C_SRC, [';'] = C_SRC, ['\''] = C_SRC
};

/*
 * The one pass over every byte of s[0..n): the positions of the bytes
 * of a candidate class into at[] and their classes into cls[] (each
 * with room for n). Returns their number.
 */
static size_t find_candidates(const char *s, size_t n, uint16_t *at, unsigned char *cls)
{
	size_t i, nr = 0;
	unsigned char prev = ' ';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], k = any_class[c];
		int c1 = i + 1 < n ? ch_tolower((unsigned char)s[i + 1]) : 0;
		if (ch_isdigit(c)) {
			if (!ch_isalnum(prev)) {
				k |= C_VOL | C_DATE | (c == '1' ? C_URL : 0);
				/* a bare range's number follows no '-', '/' or '.' either */
				if (prev != '-' && prev != '/' && prev != '.')
					k |= C_NUM;
			}
		} else if (ch_isalpha(c)) {
			int c0 = ch_tolower(c);
			if (!ch_isalnum(prev))
				k |= label_class(c0, c1);
			/*
			 * a capital after no letter opens a date only as a month's
			 * name ("12May 2016" too): not most capitalized words
			 */
			if (ch_isupper(c) && !ch_isalpha(prev) && month_pair(c0, c1))
				k |= C_DATE;
		}
		if (k) {
			at[nr] = (uint16_t)i;
			cls[nr++] = k;
		}
		prev = c;
	}
	return nr;
}

int entry_parse(const char *s, size_t n, struct entry_fields *f)
{
	struct work w;
	/* ENTRY_MAX_LEN bounds them: on the stack, not allocations per entry */
	unsigned char used[ENTRY_MAX_LEN + 1];
	uint16_t at[ENTRY_MAX_LEN];
	unsigned char cls[ENTRY_MAX_LEN];
	size_t qa = 0, qb = 0, ia = 0, ib = 0;

	if (n > ENTRY_MAX_LEN)
		n = ENTRY_MAX_LEN;
	w.s = s;
	w.n = n;
	memset(used, 0, n + 1);
	w.used = used;
	w.nr_at = find_candidates(s, n, at, cls);
	w.at = at;
	w.cls = cls;

	take_urls(&w, f);
	w.n = first_source_end(&w);
	take_accessed(&w, f);
	if (find_quoted(&w, &qa, &qb, &ia, &ib)) {
		set_field(&f->title, clean_dup(s, ia, ib));
		take(&w, qa, qb);
	}
	take_pages(&w, f);
	take_volume(&w, f);
	take_date(&w, f);
	parse_rest(&w, f, qa, qb);
	return entry_fields_count(f);
}

/*
 * ,"key": (no comma when first), added whole or not at all; without
 * strbuf_addf(), which costs more than the JSON it writes here.
 */
static void add_json_key(struct strbuf *sb, const char *key, int *first)
{
	char buf[32];
	struct fmtbuf f;
	fmt_init(&f, buf, sizeof(buf));
	if (!*first)
		fmt_str(&f, ",");
	*first = 0;
	fmt_str(&f, "\"");
	fmt_str(&f, key);
	fmt_str(&f, "\":");
	strbuf_add(sb, f.buf, f.len);
}

static int add_json_list(struct strbuf *sb, const char *key, char **v, size_t nr, int *first)
{
	size_t i;
	if (!nr)
		return 0;
	add_json_key(sb, key, first);
	strbuf_addch(sb, '[');
	for (i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, v[i], strlen(v[i]));
	}
	return strbuf_addch(sb, ']');
}

static int add_json_str(struct strbuf *sb, const char *key, const char *v, int *first)
{
	if (!v)
		return 0;
	add_json_key(sb, key, first);
	return strbuf_add_json_str(sb, v, strlen(v));
}

int entry_fields_write_json(const struct entry_fields *f, struct strbuf *sb)
{
	int first = 1, r = 0;
	size_t before = sb->len;
	r |= strbuf_addch(sb, '{');
	r |= add_json_list(sb, "authors", f->authors, f->nr_authors, &first);
	r |= add_json_str(sb, "title", f->title, &first);
	r |= add_json_str(sb, "container", f->container, &first);
	r |= add_json_str(sb, "publisher", f->publisher, &first);
	r |= add_json_str(sb, "place", f->place, &first);
	r |= add_json_str(sb, "date", f->date, &first);
	r |= add_json_str(sb, "volume", f->volume, &first);
	r |= add_json_str(sb, "issue", f->issue, &first);
	r |= add_json_str(sb, "pages", f->pages, &first);
	r |= add_json_list(sb, "urls", f->urls, f->nr_urls, &first);
	r |= add_json_str(sb, "doi", f->doi, &first);
	r |= add_json_list(sb, "editors", f->editors, f->nr_editors, &first);
	r |= add_json_str(sb, "note", f->note, &first);
	r |= add_json_str(sb, "accessed", f->accessed, &first);
	r |= strbuf_addch(sb, '}');
	if (r) {
		strbuf_setlen(sb, before);
		return -1;
	}
	return 0;
}

static size_t add_key_chars(struct strbuf *sb, const char *s)
{
	size_t before = sb->len, n = s ? strlen(s) : 0, i;
	/* the key is no longer than s: room for it at once (byte by byte only near a cap) */
	if (n && strbuf_grow(sb, n) == 0) {
		char *o = sb->buf + sb->len;
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (ch_isalnum(c))
				*o++ = (char)ch_tolower(c);
			else if (c >= 0x80)
				*o++ = (char)c;
		}
		sb->len = (size_t)(o - sb->buf);
		sb->buf[sb->len] = '\0';
		return sb->len - before;
	}
	for (; n && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (ch_isalnum(c))
			strbuf_addch(sb, ch_tolower(c));
		else if (c >= 0x80)
			strbuf_addch(sb, (char)c);
	}
	return sb->len - before;
}

size_t entry_source_key(const struct entry_fields *f, struct strbuf *sb)
{
	size_t before = sb->len;
	if (f->title && add_key_chars(sb, f->title) >= 8)
		return sb->len - before;
	strbuf_setlen(sb, before);
	if (f->container && f->date) {
		add_key_chars(sb, f->container);
		strbuf_addch(sb, '|');
		add_key_chars(sb, f->date);
		return sb->len - before;
	}
	return 0;
}
