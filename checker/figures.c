/*
 * figures.c - numbers, hedges, money, percentages and counted nouns.
 * Works on tokens (tok.h); see figures.h for what counts.
 */
#include "figures.h"
#include "dates.h"
#include "fmt.h"
#include "strmap.h"
#include "tok.h"
#include "util.h"
#include "wordidx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *figure_kind_name(enum figure_kind k)
{
	switch (k) {
	case FIG_COUNT: return "count";
	case FIG_ORDINAL: return "ordinal";
	case FIG_MONEY: return "money";
	case FIG_PERCENT: return "percent";
	}
	return "count";
}

const char *figure_hedge_prefix(enum figure_hedge h)
{
	switch (h) {
	case HEDGE_OVER: return ">";
	case HEDGE_AT_LEAST: return ">=";
	case HEDGE_UNDER: return "<";
	case HEDGE_UP_TO: return "<=";
	case HEDGE_NEARLY: return "<";
	case HEDGE_ABOUT: return "~";
	case HEDGE_EXACT: break;
	}
	return "";
}

void figure_list_init(struct figure_list *l)
{
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void figure_list_release(struct figure_list *l)
{
	free(l->v);
	figure_list_init(l);
}

struct word_num {
	const char *w;
	int v;
};

static const struct word_num units[] = {
	{ "zero", 0 }, { "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 },
	{ "five", 5 }, { "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 },
	{ "ten", 10 }, { "eleven", 11 }, { "twelve", 12 }, { "thirteen", 13 },
	{ "fourteen", 14 }, { "fifteen", 15 }, { "sixteen", 16 }, { "seventeen", 17 },
	{ "eighteen", 18 }, { "nineteen", 19 },
};

static const struct word_num tens[] = {
	{ "twenty", 20 }, { "thirty", 30 }, { "forty", 40 }, { "fifty", 50 },
	{ "sixty", 60 }, { "seventy", 70 }, { "eighty", 80 }, { "ninety", 90 },
};

static const struct word_num unit_ords[] = {
	{ "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 }, { "fifth", 5 },
	{ "sixth", 6 }, { "seventh", 7 }, { "eighth", 8 }, { "ninth", 9 }, { "tenth", 10 },
	{ "eleventh", 11 }, { "twelfth", 12 }, { "thirteenth", 13 }, { "fourteenth", 14 },
	{ "fifteenth", 15 }, { "sixteenth", 16 }, { "seventeenth", 17 },
	{ "eighteenth", 18 }, { "nineteenth", 19 },
};

static const struct word_num tens_ords[] = {
	{ "twentieth", 20 }, { "thirtieth", 30 }, { "fortieth", 40 }, { "fiftieth", 50 },
	{ "sixtieth", 60 }, { "seventieth", 70 }, { "eightieth", 80 }, { "ninetieth", 90 },
};

static int table_find(const struct word_num *t, size_t n, const char *s, size_t len)
{
	size_t i;
	/* the words are lowercase: the first byte turns most of them away without a call */
	for (i = 0; i < n; i++)
		if (len && ch_tolower((unsigned char)s[0]) == t[i].w[0] && mem_ieq(s, len, t[i].w))
			return t[i].v;
	return -1;
}

/*
 * The four tables in one hash (built on first use; the tables are
 * constant, so a second build writes the same bytes): the number words
 * are looked up for every word that starts like one, and scanning the
 * tables was most of the figures scanner's time.
 */
#define NUM_WORD_MAX 16
#define NUM_HASH_SIZE 256       /* a power of two, well over the 55 words */

struct num_slot {
	unsigned char len;      /* 0: empty */
	char w[NUM_WORD_MAX];
	signed char v;
	signed char ordinal;
};

static struct num_slot num_hash[NUM_HASH_SIZE];
static int num_hash_ready;
/* the words of the tables: most words that start like one are turned away before the hash */
static struct word_filter num_filter;
/* the shortest and the longest word of the tables: others need no hash */
static size_t num_len_min = NUM_WORD_MAX, num_len_max;

static struct num_slot *num_slot(const char *w, size_t n)
{
	size_t h = (size_t)strmap_hash(w, n) & (NUM_HASH_SIZE - 1);
	while (num_hash[h].len && (num_hash[h].len != n || memcmp(num_hash[h].w, w, n)))
		h = (h + 1) & (NUM_HASH_SIZE - 1);
	return &num_hash[h];
}

static void num_hash_add(const struct word_num *t, size_t nt, int ordinal)
{
	size_t i, n;
	for (i = 0; i < nt; i++) {
		struct num_slot *sl;
		n = strlen(t[i].w);
		sl = num_slot(t[i].w, n);
		word_filter_add(&num_filter, t[i].w, n);
		/* units, tens, then the ordinals: the first table of a word wins */
		if (n < num_len_min)
			num_len_min = n;
		if (n > num_len_max)
			num_len_max = n;
		if (!sl->len) {
			sl->len = (unsigned char)n;
			memcpy(sl->w, t[i].w, n);
			sl->v = (signed char)t[i].v;
			sl->ordinal = (signed char)ordinal;
		}
	}
}

static void num_hash_build(void)
{
	num_hash_add(units, ARRAY_SIZE(units), 0);
	num_hash_add(tens, ARRAY_SIZE(tens), 0);
	num_hash_add(unit_ords, ARRAY_SIZE(unit_ords), 1);
	num_hash_add(tens_ords, ARRAY_SIZE(tens_ords), 1);
	num_hash_ready = 1;
}

/* The value of the number word s[0..n) in the tables (case aside), or -1. */
static int number_word(const char *s, size_t n, int *ordinal)
{
	const struct num_slot *sl;
	char low[NUM_WORD_MAX];
	size_t i;

	if (n >= NUM_WORD_MAX)
		return -1;
	if (!num_hash_ready)
		num_hash_build();
	if (n < num_len_min || n > num_len_max || !word_filter_may(&num_filter, s, n))
		return -1;
	for (i = 0; i < n; i++)
		low[i] = (char)ch_tolower((unsigned char)s[i]);
	sl = num_slot(low, n);
	if (!sl->len)
		return -1;
	if (sl->ordinal)
		*ordinal = 1;
	return sl->v;
}

/*
 * The tens word that s (two bytes at least) may start with, as an index
 * into tens, or -1: the tens words differ in their first two letters
 * (tw th fo fi si se ei ni).
 */
static int tens_index(const char *s)
{
	int c1 = ch_tolower((unsigned char)s[1]);

	switch (ch_tolower((unsigned char)s[0])) {
	case 't': return c1 == 'w' ? 0 : c1 == 'h' ? 1 : -1;
	case 'f': return c1 == 'o' ? 2 : c1 == 'i' ? 3 : -1;
	case 's': return c1 == 'i' ? 4 : c1 == 'e' ? 5 : -1;
	case 'e': return c1 == 'i' ? 6 : -1;
	case 'n': return c1 == 'i' ? 7 : -1;
	}
	return -1;
}

/*
 * Prefix of s that is a tens word ("sixty" in "sixtynine"): its length.
 * One candidate (tens_index()), compared once.
 */
static size_t tens_prefix(const char *s, size_t n, int *v)
{
	static const unsigned char lens[ARRAY_SIZE(tens)] = { 6, 6, 5, 5, 5, 7, 6, 6 };
	int k;

	/* the shortest tens word has five letters, and a prefix is shorter than s */
	if (n < 6 || (k = tens_index(s)) < 0)
		return 0;
	if (lens[k] >= n || !mem_ieq(s, lens[k], tens[k].w))
		return 0;
	*v = tens[k].v;
	return lens[k];
}

/*
 * Every word of the tables starts with one of z, o, t, f, s, e, n:
 * most words are turned away on their first byte, before the hash
 * (this runs for every word of every document), by one table look-up.
 * A digit (2) starts a number token: the first byte of any token tells
 * whether it may start a figure (figure_start()).
 */
static const unsigned char number_first[256] = {
	['z'] = 1, ['o'] = 1, ['t'] = 1, ['f'] = 1, ['s'] = 1, ['e'] = 1, ['n'] = 1,
	['Z'] = 1, ['O'] = 1, ['T'] = 1, ['F'] = 1, ['S'] = 1, ['E'] = 1, ['N'] = 1,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
	['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
};

static inline int may_be_number_word(char c)
{
	return number_first[(unsigned char)c] == 1;
}

/*
 * 0 when figures_word_value(s, n) is -1 for certain: not a word of the
 * tables (the filter) and not starting with a tens word (tens_prefix():
 * "throughout" and "security" are turned away here, before the calls).
 * Most words of a text stop here. The hash is built (figures_scan_tokens()).
 */
static int may_have_word_value(const char *s, size_t n)
{
	int v;
	if (word_filter_may(&num_filter, s, n))
		return 1;
	return n >= 6 && tens_prefix(s, n, &v) > 0;
}

long figures_word_value(const char *s, size_t n, int *ordinal)
{
	int v, u;
	size_t l, k;

	*ordinal = 0;
	if (!n || !may_be_number_word(s[0]))
		return -1;
	if ((v = number_word(s, n, ordinal)) >= 0)
		return v;
	/* "twenty-five", "twenty five"? no: one token; "sixtynine" lost its hyphen */
	if ((l = tens_prefix(s, n, &v))) {
		k = l;
		if (k < n && (s[k] == '-'))
			k++;
		if ((u = table_find(units, ARRAY_SIZE(units), s + k, n - k)) >= 1 && u <= 9)
			return v + u;
		if ((u = table_find(unit_ords, ARRAY_SIZE(unit_ords), s + k, n - k)) >= 1 && u <= 9) {
			*ordinal = 1;
			return v + u;
		}
	}
	return -1;
}

struct fscan {
	const char *text;
	const struct tok *t;
	size_t nt;
};

/*
 * Inline, always: the word tests run for every token against literal
 * words, whose length the compiler then knows (see tok_is()).
 */
__attribute__((always_inline))
static inline const struct tok *FT(const struct fscan *s, size_t i)
{
	return i < s->nt ? &s->t[i] : NULL;
}

__attribute__((always_inline))
static inline int fw(const struct fscan *s, size_t i, const char *w)
{
	const struct tok *t = FT(s, i);
	return t && t->kind == TOK_WORD && tok_is(s->text, t, w);
}

__attribute__((always_inline))
static inline int fp(const struct fscan *s, size_t i, uint32_t cp)
{
	const struct tok *t = FT(s, i);
	return t && tok_punct(t, cp);
}

static int fglued(const struct fscan *s, size_t i)
{
	const struct tok *t = FT(s, i);
	return t && t->space == 0;
}

/*
 * A word number at i, possibly several tokens: "twenty - five",
 * "one hundred and five", "two thousand". Returns tokens used.
 */
static size_t word_number(const struct fscan *s, size_t i, double *val, int *ordinal)
{
	const struct tok *t = FT(s, i);
	long v, total = 0, cur;
	size_t k = i;
	int ord = 0;

	if (!t || t->kind != TOK_WORD)
		return 0;
	v = figures_word_value(s->text + t->start, t->end - t->start, &ord);
	if (v < 0)
		return 0;
	cur = v;
	k++;
	/* "twenty-five" as three tokens */
	if (!ord && v >= 20 && v % 10 == 0 && fp(s, k, '-') && fglued(s, k) && fglued(s, k + 1)) {
		const struct tok *u = FT(s, k + 1);
		int o2 = 0;
		long uv = u && u->kind == TOK_WORD ?
			figures_word_value(s->text + u->start, u->end - u->start, &o2) : -1;
		if (uv >= 1 && uv <= 9) {
			cur += uv;
			ord = o2;
			k += 2;
		}
	}
	while (!ord) {
		if (fw(s, k, "hundred")) {
			cur *= 100;
			k++;
			if (fw(s, k, "and") && FT(s, k + 1) &&
			    figures_word_value(s->text + FT(s, k + 1)->start,
					       FT(s, k + 1)->end - FT(s, k + 1)->start, &ord) > 0) {
				int o3 = 0;
				size_t n2;
				double sub;
				n2 = word_number(s, k + 1, &sub, &o3);
				if (n2 && sub < 100) {
					cur += (long)sub;
					ord = o3;
					k += 1 + n2;
				}
			}
			continue;
		}
		if (fw(s, k, "thousand")) {
			total += cur * 1000;
			cur = 0;
			k++;
			if (FT(s, k) && FT(s, k)->kind == TOK_WORD) {
				int o3 = 0;
				double sub;
				size_t n2 = word_number(s, k, &sub, &o3);
				if (n2 && sub < 1000) {
					cur = (long)sub;
					ord = o3;
					k += n2;
				}
			}
			continue;
		}
		break;
	}
	*val = (double)(total + cur);
	*ordinal = ord;
	return k - i;
}

/* Digits at i: "1,200", "3185", "40.1", "1.200.000". Returns tokens used. */
static size_t digit_number(const struct fscan *s, size_t i, double *val, int *ambiguous)
{
	const struct tok *t = FT(s, i);
	size_t k = i + 1;
	double v;
	int groups = 0;

	*ambiguous = 0;
	if (!t || t->kind != TOK_NUM)
		return 0;
	v = (double)tok_num(s->text, t);
	/* thousands with commas */
	while (fp(s, k, ',') && fglued(s, k) && FT(s, k + 1) && FT(s, k + 1)->kind == TOK_NUM &&
	       fglued(s, k + 1) && FT(s, k + 1)->end - FT(s, k + 1)->start == 3 &&
	       t->end - t->start <= 3) {
		v = v * 1000 + (double)tok_num(s->text, FT(s, k + 1));
		k += 2;
		groups++;
	}
	if (!groups && fp(s, k, '.') && fglued(s, k) && FT(s, k + 1) &&
	    FT(s, k + 1)->kind == TOK_NUM && fglued(s, k + 1)) {
		const struct tok *f = FT(s, k + 1);
		size_t fl = f->end - f->start;
		if (fl == 3 && fp(s, k + 2, '.') && fglued(s, k + 2) && FT(s, k + 3) &&
		    FT(s, k + 3)->kind == TOK_NUM && fglued(s, k + 3) &&
		    FT(s, k + 3)->end - FT(s, k + 3)->start == 3) {
			/* 1.200.000: dots as thousands separators */
			while (fp(s, k, '.') && fglued(s, k) && FT(s, k + 1) &&
			       FT(s, k + 1)->kind == TOK_NUM && fglued(s, k + 1) &&
			       FT(s, k + 1)->end - FT(s, k + 1)->start == 3) {
				v = v * 1000 + (double)tok_num(s->text, FT(s, k + 1));
				k += 2;
			}
		} else {
			if (fl == 3 && !(fw(s, k + 2, "million") || fw(s, k + 2, "billion")))
				*ambiguous = 1;     /* 1.200: a thousand and two hundred, or 1.2 */
			if (fp(s, k + 2, '.') && fglued(s, k + 2) && FT(s, k + 3) &&
			    FT(s, k + 3)->kind == TOK_NUM)
				*ambiguous = 1;     /* 2.2.1: a section number */
			v += (double)tok_num(s->text, f) / pow(10.0, (double)fl);
			k += 2;
		}
	}
	*val = v;
	return k - i;
}

/* An ordinal suffix token after digits: "th", "st", "nd", "rd" (also "11 th"). */
static int ord_suffix_at(const struct fscan *s, size_t i)
{
	const struct tok *t = FT(s, i);
	int a, b;
	/* two letters, compared as tok_is() compares them, not in four calls */
	if (!t || t->kind != TOK_WORD || t->space > 1 || t->end - t->start != 2)
		return 0;
	a = ch_tolower((unsigned char)s->text[t->start]);
	b = ch_tolower((unsigned char)s->text[t->start + 1]);
	return (a == 't' && b == 'h') || (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
	       (a == 'r' && b == 'd');
}

static int is_scale(const struct fscan *s, size_t i, double *mul)
{
	if (fw(s, i, "thousand")) {
		*mul = 1e3;
		return 1;
	}
	if (fw(s, i, "million") || fw(s, i, "mln")) {
		*mul = 1e6;
		return 1;
	}
	if (fw(s, i, "billion") || fw(s, i, "bn")) {
		*mul = 1e9;
		return 1;
	}
	if (fw(s, i, "trillion")) {
		*mul = 1e12;
		return 1;
	}
	return 0;
}

static const char *currency_word(const struct fscan *s, size_t i)
{
	/* the words, then the code each stands for (the same index) */
	static const char *const words[] = {
		"USD", "VND", "EUR", "GBP", "JPY", "CNY", "AUD", "RUB", "INR",
		"dollars", "dollar", "dong", "euros", "euro",
	};
	static const char *const codes[] = {
		"USD", "VND", "EUR", "GBP", "JPY", "CNY", "AUD", "RUB", "INR",
		"USD", "USD", "VND", "EUR", "EUR",
	};
	_Static_assert(ARRAY_SIZE(words) == ARRAY_SIZE(codes), "a currency word without its code");
	static struct wordset set = WORDSET_INIT(words);
	const struct tok *t = FT(s, i);
	int k;
	if (!t)
		return NULL;
	if (t->kind == TOK_PUNCT) {
		if (t->cp == '$')
			return "USD";
		if (t->cp == 0x20AC)
			return "EUR";
		if (t->cp == 0xA3)
			return "GBP";
		if (t->cp == 0x20AB)
			return "VND";
		return NULL;
	}
	if (t->kind != TOK_WORD || (k = wordset_find(&set, s->text + t->start, t->end - t->start)) < 0)
		return NULL;
	return codes[k];
}

/* The hedge words, by their index in hedge_words. */
enum hedge_word {
	HW_THAN = 0, HW_MORE, HW_GREATER, HW_LESS, HW_FEWER, HW_AT, HW_LEAST, HW_MOST, HW_UP,
	HW_TO, HW_OVER, HW_ABOVE, HW_EXCEEDING, HW_NEARLY, HW_ALMOST, HW_ABOUT, HW_AROUND,
	HW_APPROXIMATELY, HW_ROUGHLY, HW_SOME, HW_CIRCA, HW_APPROX, HW_UNDER, HW_BELOW,
	HW_NR
};

static const char *const hedge_words[] = {
	"than", "more", "greater", "less", "fewer", "at", "least", "most", "up",
	"to", "over", "above", "exceeding", "nearly", "almost", "about", "around",
	"approximately", "roughly", "some", "circa", "approx", "under", "below",
};
_Static_assert(ARRAY_SIZE(hedge_words) == HW_NR, "a hedge word without its code");

/* Token i as a hedge word (enum hedge_word), or -1: one lookup, not a comparison per word. */
static int hedge_word(const struct fscan *s, size_t i)
{
	static struct wordset set = WORDSET_INIT(hedge_words);
	const struct tok *t = FT(s, i);
	if (!t || t->kind != TOK_WORD)
		return -1;
	return wordset_find(&set, s->text + t->start, t->end - t->start);
}

/* Hedge words ending right before token i: returns the hedge and sets *first. */
static enum figure_hedge hedge_before(const struct fscan *s, size_t i, size_t *first)
{
	int w1 = i >= 1 ? hedge_word(s, i - 1) : -1, w2 = i >= 2 ? hedge_word(s, i - 2) : -1;

	*first = i;
	if (i >= 2 && w1 == HW_THAN) {
		if (w2 == HW_MORE || w2 == HW_GREATER) {
			*first = i - 2;
			return HEDGE_OVER;
		}
		if (w2 == HW_LESS || w2 == HW_FEWER) {
			*first = i - 2;
			return HEDGE_UNDER;
		}
	}
	if (i >= 2 && w2 == HW_AT && w1 == HW_LEAST) {
		*first = i - 2;
		return HEDGE_AT_LEAST;
	}
	if (i >= 2 && w2 == HW_AT && w1 == HW_MOST) {
		*first = i - 2;
		return HEDGE_UP_TO;
	}
	if (i >= 2 && w2 == HW_UP && w1 == HW_TO) {
		*first = i - 2;
		return HEDGE_UP_TO;
	}
	if (i < 1)
		return HEDGE_EXACT;
	*first = i - 1;
	switch (w1) {
	case HW_OVER: case HW_ABOVE: case HW_EXCEEDING:
		return HEDGE_OVER;
	case HW_NEARLY: case HW_ALMOST:
		return HEDGE_NEARLY;
	case HW_ABOUT: case HW_AROUND: case HW_APPROXIMATELY: case HW_ROUGHLY: case HW_SOME:
	case HW_CIRCA: case HW_APPROX:
		return HEDGE_ABOUT;
	case HW_UNDER: case HW_BELOW:
		return HEDGE_UNDER;
	}
	*first = i;
	return HEDGE_EXACT;
}

static const char *currency_word(const struct fscan *s, size_t i);

/* Digits at i belong to an identifier, a locator or a callout. */
static int number_is_other(const struct fscan *s, size_t i, size_t n)
{
	static const char *const loc[] = {
		"no", "nos", "vol", "vols", "volume", "p", "pp", "page", "pages", "article",
		"art", "section", "sec", "chapter", "ch", "number", "issue", "tel", "fax",
		"phone", "fig", "figure", "table", "clause", "paragraph", "para", "item",
		"route", "highway", "flight", "room", "box", "ref", "part", "annex",
	};
	static struct wordset loc_set = WORDSET_INIT(loc);
	const struct tok *t = FT(s, i), *p = i ? FT(s, i - 1) : NULL, *nx = FT(s, i + n);
	size_t k, depth = 0;

	/* glued to a word or a closing quote: "P-3C", "HQ186", a note "relations”1" */
	if (p && t->space == 0 && (p->kind == TOK_WORD || p->kind == TOK_NUM ||
				   (p->kind == TOK_PUNCT && (p->cp == 0x201D || p->cp == '"' ||
							     p->cp == ')' || p->cp == '-' ||
							     p->cp == '/' || p->cp == '.'))))
		return 1;
	if (nx && nx->space == 0 && nx->kind == TOK_WORD && !ord_suffix_at(s, i + n) &&
	    !tok_is(s->text, nx, "s"))
		return 1;
	if (nx && nx->space == 0 && nx->kind == TOK_PUNCT && (nx->cp == '-' || nx->cp == '/') &&
	    FT(s, i + n + 1) && FT(s, i + n + 1)->space == 0)
		return 1;       /* "806-NQ", "130/2020" */
	/* an all-capitals code before it: "HQ 186" */
	if (p && p->kind == TOK_WORD && p->end - p->start <= 4 && p->end - p->start >= 2 &&
	    !currency_word(s, i - 1)) {
		int caps = 1;
		for (k = p->start; k < p->end; k++)
			if (!ch_isupper((unsigned char)s->text[k]))
				caps = 0;
		if (caps)
			return 1;
	}
	/* a locator word before it, with or without its period */
	k = i;
	if (k && FT(s, k - 1)->kind == TOK_PUNCT && (FT(s, k - 1)->cp == '.' || FT(s, k - 1)->cp == ':'))
		k--;
	if (k && FT(s, k - 1)->kind == TOK_WORD &&
	    wordset_has(&loc_set, s->text + FT(s, k - 1)->start, FT(s, k - 1)->end - FT(s, k - 1)->start))
		return 1;
	if (p && p->kind == TOK_PUNCT && (p->cp == '#' || p->cp == 0xA7))
		return 1;
	/* inside square brackets: a callout "[21; p.37-38]" */
	for (k = i; k > 0 && i - k < 16; k--) {
		const struct tok *q = FT(s, k - 1);
		if (q->kind == TOK_PUNCT && q->cp == ']')
			break;
		if (q->kind == TOK_PUNCT && q->cp == '[') {
			depth = 1;
			break;
		}
	}
	if (depth)
		return 1;
	/* a section number opening a heading: "2. Content", "1. Introduction" */
	if ((!p || p->space >= 2 || t->space >= 2 || tok_is_sentence_end(p)) && fp(s, i + n, '.') &&
	    FT(s, i + n + 1) && tok_is_cap(s->text, FT(s, i + n + 1)) && n == 1)
		return 1;
	return 0;
}

static int in_dates(const struct date_list *dl, size_t *di, size_t start, size_t end)
{
	if (!dl)
		return 0;
	while (*di < dl->nr && dl->v[*di].end <= start)
		(*di)++;
	return *di < dl->nr && dl->v[*di].start < end;
}

static int is_stop(const struct fscan *s, size_t i)
{
	static const char *const stops[] = {
		"to", "of", "in", "for", "and", "or", "with", "from", "by", "at", "on", "that",
		"which", "who", "the", "a", "an", "is", "are", "was", "were", "have", "has",
		"had", "as", "than", "per", "each", "into", "since", "during", "including",
		"while", "but", "be", "been", "will", "would", "its", "their", "this", "these",
		"those", "there", "out", "so", "such", "respectively", "more", "less",
	};
	static struct wordset set = WORDSET_INIT(stops);
	const struct tok *t = FT(s, i);
	return t && t->kind == TOK_WORD && wordset_has(&set, s->text + t->start, t->end - t->start);
}

/* The counted noun after token k: up to three words, "armed - force" joined. */
static void counted_noun(const struct fscan *s, size_t k, struct figure *f)
{
	size_t j = k, words = 0, last = 0;
	f->noun_start = f->noun_end = 0;
	while (words < 3) {
		const struct tok *t = FT(s, j);
		if (!t)
			break;
		if (t->kind == TOK_PUNCT && tok_is_dash(t) && words &&
		    FT(s, j + 1) && FT(s, j + 1)->kind == TOK_WORD) {
			j++;
			continue;
		}
		if (t->kind != TOK_WORD || is_stop(s, j) || t->space >= 2)
			break;
		if (tok_is_cap(s->text, t))
			break;
		if (!words)
			f->noun_start = t->start;
		last = j;
		words++;
		j++;
	}
	if (words)
		f->noun_end = FT(s, last)->end;
}

/*
 * Without snprintf() for a whole number, the common case: this runs
 * for every figure found (see fmt.h).
 */
static void format_value(struct figure *f)
{
	char num[32];
	struct fmtbuf b;

	if (f->value == floor(f->value) && fabs(f->value) < 1e15) {
		fmt_init(&b, num, sizeof(num));
		fmt_whole(&b, f->value);
	} else {
		snprintf(num, sizeof(num), "%.6g", f->value);
	}
	fmt_init(&b, f->value_str, sizeof(f->value_str));
	if (f->kind == FIG_MONEY) {
		fmt_str(&b, figure_hedge_prefix(f->hedge));
		fmt_str(&b, f->currency);
		fmt_mem(&b, " ", 1);
		fmt_str(&b, num);
	} else if (f->kind == FIG_PERCENT) {
		fmt_str(&b, figure_hedge_prefix(f->hedge));
		fmt_str(&b, num);
		fmt_mem(&b, "%", 1);
	} else if (f->kind == FIG_ORDINAL) {
		fmt_mem(&b, "#", 1);
		fmt_str(&b, num);
	} else {
		fmt_str(&b, figure_hedge_prefix(f->hedge));
		fmt_str(&b, num);
	}
}

/*
 * The first token from i on that may start a figure (see
 * figures_scan_tokens()), or nt. One look-up of a token's first byte
 * passes over most tokens: a number starts with a digit, and neither a
 * word nor punctuation does.
 */
static size_t figure_start(const char *text, const struct tok *t, size_t nt, size_t i)
{
	for (; i < nt; i++) {
		if (!number_first[(unsigned char)text[t[i].start]])
			continue;
		if (t[i].kind == TOK_NUM)
			break;
		if (t[i].kind == TOK_WORD &&
		    may_have_word_value(text + t[i].start, t[i].end - t[i].start))
			break;
	}
	return i;
}

int figures_scan(const char *text, size_t len, const struct date_list *dates,
		 struct figure_list *out)
{
	struct tok_list tl = { NULL, 0, 0 };
	int ret;

	tok_scan(text, len, &tl);
	ret = figures_scan_tokens(text, len, &tl, dates, out);
	tok_list_release(&tl);
	return ret;
}

int figures_scan_tokens(const char *text, size_t len, const struct tok_list *tl,
			const struct date_list *dates, struct figure_list *out)
{
	struct fscan s;
	size_t i, di = 0;
	int ret = 0;

	(void)len;
	s.text = text;
	s.t = tl->v;
	s.nt = tl->nr;
	if (!num_hash_ready)
		num_hash_build();
	for (i = 0; i < s.nt;) {
		struct figure f;
		double v, mul;
		int ord, amb;
		size_t n, first, k;
		const char *cur = NULL;

		/*
		 * Only digits and a word that starts like a number word
		 * (see figures_word_value()) can start a figure: the rest
		 * is passed over here, in a loop of its own (its bounds in
		 * registers), before the two parsers and the memset.
		 */
		i = figure_start(text, s.t, s.nt, i);
		if (i == s.nt)
			break;
		v = 0;
		ord = amb = 0;
		n = digit_number(&s, i, &v, &amb);
		if (n) {
			/*
			 * the dates first: cheaper, and most numbers that are not
			 * figures are in them (in_dates() only moves di past dates
			 * that end before this number, which no later one needs)
			 */
			if (amb || in_dates(dates, &di, s.t[i].start, s.t[i + n - 1].end) ||
			    number_is_other(&s, i, n)) {
				i += n;
				continue;
			}
			if (ord_suffix_at(&s, i + n)) {
				ord = 1;
				n++;
			}
		} else {
			n = word_number(&s, i, &v, &ord);
			/* "one" and "first" alone are words more often than figures */
			if (n == 1 && v <= 1 && !ord) {
				i++;
				continue;
			}
			if (n && in_dates(dates, &di, s.t[i].start, s.t[i + n - 1].end)) {
				i += n;
				continue;
			}
			if (!n) {
				i++;
				continue;
			}
			if (ord && n == 1 && v == 1) {
				i++;
				continue;
			}
			if (ord && n == 1 && v == 2 && !tok_is_cap(text, &s.t[i])) {
				i++;     /* "second" is also a unit of time */
				continue;
			}
		}
		/* a figure: the numbers passed over above need no cleared struct */
		memset(&f, 0, sizeof(f));
		f.start = s.t[i].start;
		f.end = s.t[i + n - 1].end;
		f.value = v;
		f.kind = ord ? FIG_ORDINAL : FIG_COUNT;
		k = i + n;
		if (!ord) {
			f.hedge = hedge_before(&s, i, &first);
			if (i > 0 && (cur = currency_word(&s, i - 1 - (first < i ? 0 : 0))) &&
			    first == i) {
				f.start = s.t[i - 1].start;
				first = i - 1;
				f.hedge = hedge_before(&s, i - 1, &first);
			}
			if (first < i)
				f.start = s.t[first].start;
			if (is_scale(&s, k, &mul)) {
				f.value *= mul;
				f.end = s.t[k].end;
				k++;
			}
			if (!cur && (cur = currency_word(&s, k))) {
				f.end = s.t[k].end;
				k++;
			}
			if (cur) {
				struct fmtbuf b;
				f.kind = FIG_MONEY;
				fmt_init(&b, f.currency, sizeof(f.currency));
				fmt_str(&b, cur);
			} else if (fp(&s, k, '%') || fw(&s, k, "percent") ||
				   (fw(&s, k, "per") && fw(&s, k + 1, "cent"))) {
				f.kind = FIG_PERCENT;
				k += fw(&s, k, "per") ? 2 : 1;
				f.end = s.t[k - 1].end;
			}
		}
		if (f.kind == FIG_COUNT || f.kind == FIG_ORDINAL)
			counted_noun(&s, k, &f);
		format_value(&f);
		if (out->nr >= FIGURES_MAX) {
			ret = -1;
			break;
		}
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = f;
		i = k;
	}
	return ret;
}

/* The interval [lo, hi] a hedged figure allows (about: within 10%). */
static void bounds(const struct figure *f, double *lo, double *hi)
{
	double v = f->value;
	switch (f->hedge) {
	case HEDGE_EXACT: *lo = *hi = v; break;
	case HEDGE_OVER: *lo = v + 1e-9; *hi = INFINITY; break;
	case HEDGE_AT_LEAST: *lo = v; *hi = INFINITY; break;
	case HEDGE_UNDER: *lo = -INFINITY; *hi = v - 1e-9; break;
	case HEDGE_UP_TO: *lo = -INFINITY; *hi = v; break;
	case HEDGE_NEARLY: *lo = v * 0.9; *hi = v; break;
	case HEDGE_ABOUT: *lo = v * 0.9; *hi = v * 1.1; break;
	}
}

int figure_compatible(const struct figure *a, const struct figure *b)
{
	double alo, ahi, blo, bhi;
	if (a->kind != b->kind)
		return 1;       /* not comparable: not a conflict */
	if (a->kind == FIG_MONEY && strcmp(a->currency, b->currency))
		return 1;
	bounds(a, &alo, &ahi);
	bounds(b, &blo, &bhi);
	return alo <= bhi && blo <= ahi;
}
