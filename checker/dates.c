/*
 * dates.c - date expressions: a token-level matcher. At each token the
 * longest reading wins: a bound or range prefix, then a full date
 * (weekday, day, month, year, time of day), then the underspecified
 * and relative forms. See dates.h for the conventions.
 */
#include "dates.h"
#include "fmt.h"
#include "tok.h"
#include "util.h"
#include "wordidx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *date_prec_name(enum date_prec p)
{
	switch (p) {
	case DATE_PREC_CENTURY: return "century";
	case DATE_PREC_DECADE: return "decade";
	case DATE_PREC_YEAR: return "year";
	case DATE_PREC_MONTH: return "month";
	case DATE_PREC_DAY: return "day";
	case DATE_PREC_MINUTE: return "minute";
	case DATE_PREC_NONE: break;
	}
	return "none";
}

const char *date_bound_name(enum date_bound b)
{
	switch (b) {
	case DATE_BOUND_UNTIL: return "until";
	case DATE_BOUND_THROUGH: return "through";
	case DATE_BOUND_UP_TO: return "up to";
	case DATE_BOUND_BY: return "by";
	case DATE_BOUND_BEFORE: return "before";
	case DATE_BOUND_SINCE: return "since";
	case DATE_BOUND_AFTER: return "after";
	case DATE_BOUND_NONE: break;
	}
	return "";
}

const char *date_expr_type(const struct date_expr *e)
{
	if (e->kind == DATE_KIND_RANGE)
		return "range";
	if (e->kind == DATE_KIND_BOUND)
		return "bound";
	if (e->kind == DATE_KIND_TITLE)
		return "title-year";
	return e->relative ? "relative" : "date";
}

const char *dates_strerror(enum dates_result r)
{
	return r == DATES_OK ? "success" : "too many date expressions";
}

void date_list_init(struct date_list *l)
{
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void date_list_release(struct date_list *l)
{
	free(l->v);
	date_list_init(l);
}

/* ---- calendar ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 31;
	if (m == 2 && (y < 0 || is_leap(y)))
		return 29;
	return d[m - 1];
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 Monday .. 6 Sunday */
static int weekday_of(long days)
{
	long w = (days + 3) % 7;    /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static void value_add_days(struct date_value *v, long n)
{
	long z = days_from_civil(v->year, v->month, v->day) + n;
	civil_from_days(z, &v->year, &v->month, &v->day);
}

static void value_add_months(struct date_value *v, int n)
{
	int mm = v->year * 12 + (v->month - 1) + n;
	v->year = mm / 12;
	v->month = mm % 12 + 1;
}

/*
 * Appends v as "%0*d" with the given width: a v of at most width
 * digits (every month, day, hour and minute, nearly every year) with
 * room for them is written here, in a few instructions; others go to
 * fmt_int(), which cuts as snprintf() does.
 */
static void fmt_num(struct fmtbuf *f, int v, int width)
{
	static const int limit[] = { 1, 10, 100, 1000, 10000 };
	char *d;
	int k;

	if (width < 1 || width > 4 || v < 0 || v >= limit[width] ||
	    f->size - 1 - f->len < (size_t)width) {
		fmt_int(f, v, width);       /* and cut there, if it must be */
		return;
	}
	d = f->buf + f->len;
	for (k = width - 1; k >= 0; k--) {
		d[k] = (char)('0' + v % 10);
		v /= 10;
	}
	f->len += (size_t)width;
	f->buf[f->len] = '\0';
}

/* The year as "%04d", or "XXXX" when unknown. */
static void fmt_year(struct fmtbuf *f, int year)
{
	if (year < 0)
		fmt_mem(f, "XXXX", 4);
	else
		fmt_num(f, year, 4);
}

/* Appends v as described in dates.h (see date_format()). */
static void date_put(struct fmtbuf *f, const struct date_value *v)
{
	switch (v->prec) {
	case DATE_PREC_CENTURY:
		if (v->year < 0)
			fmt_mem(f, "XX", 2);
		else
			fmt_num(f, v->year / 100, 2);
		break;
	case DATE_PREC_DECADE:
		if (v->year < 0)
			fmt_mem(f, "XXX", 3);
		else
			fmt_num(f, v->year / 10, 3);
		break;
	case DATE_PREC_YEAR:
		fmt_year(f, v->year);
		break;
	case DATE_PREC_MONTH:
		fmt_year(f, v->year);
		fmt_mem(f, "-", 1);
		fmt_num(f, v->month, 2);
		break;
	case DATE_PREC_DAY:
		fmt_year(f, v->year);
		fmt_mem(f, "-", 1);
		fmt_num(f, v->month, 2);
		fmt_mem(f, "-", 1);
		fmt_num(f, v->day, 2);
		break;
	case DATE_PREC_MINUTE:
		fmt_year(f, v->year);
		fmt_mem(f, "-", 1);
		fmt_num(f, v->month, 2);
		fmt_mem(f, "-", 1);
		fmt_num(f, v->day, 2);
		fmt_mem(f, "T", 1);
		fmt_num(f, v->hour, 2);
		fmt_mem(f, ":", 1);
		fmt_num(f, v->minute, 2);
		break;
	case DATE_PREC_NONE:
		break;
	}
}

/*
 * Without snprintf(): it runs for every date found (see fmt.h). The
 * fmt_*() functions cut as snprintf() cuts, so the text is written
 * into buf at once.
 */
void date_format(const struct date_value *v, char *buf, size_t n)
{
	struct fmtbuf f;

	if (!n)
		return;
	fmt_init(&f, buf, n);
	date_put(&f, v);
}

static int parse_digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;
	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ch_isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse_iso(const char *s, size_t n, struct date_value *out)
{
	struct date_value v;
	memset(&v, 0, sizeof(v));
	if (n < 4 || parse_digits(s, 4, &v.year))
		return -1;
	v.prec = DATE_PREC_YEAR;
	if (n >= 7 && s[4] == '-') {
		if (parse_digits(s + 5, 2, &v.month) || v.month < 1 || v.month > 12)
			return -1;
		v.prec = DATE_PREC_MONTH;
		if (n >= 10 && s[7] == '-') {
			if (parse_digits(s + 8, 2, &v.day) || v.day < 1 ||
			    v.day > month_days(v.year, v.month))
				return -1;
			v.prec = DATE_PREC_DAY;
		} else if (n != 7) {
			return -1;
		}
	} else if (n != 4) {
		return -1;
	}
	*out = v;
	return 0;
}

int date_agree(const struct date_value *a, const struct date_value *b)
{
	enum date_prec p = a->prec < b->prec ? a->prec : b->prec;
	if (a->year < 0 || b->year < 0 || p == DATE_PREC_NONE)
		return -1;
	if (p == DATE_PREC_CENTURY)
		return a->year / 100 == b->year / 100;
	if (p == DATE_PREC_DECADE)
		return a->year / 10 == b->year / 10;
	if (a->year != b->year)
		return 0;
	if (p >= DATE_PREC_MONTH && a->month != b->month)
		return 0;
	if (p >= DATE_PREC_DAY && a->day != b->day)
		return 0;
	return 1;
}

/* ---- word tables ---- */

struct name_val {
	const char *name;
	int val;
};

static const struct name_val months_en[] = {
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 }, { "december", 12 },
};

static const struct name_val months_abbr[] = {
	{ "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
	{ "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
	{ "nov", 11 }, { "dec", 12 },
};

static const struct name_val months_fr[] = {
	{ "janvier", 1 }, { "février", 2 }, { "fevrier", 2 }, { "mars", 3 },
	{ "avril", 4 }, { "mai", 5 }, { "juin", 6 }, { "juillet", 7 },
	{ "août", 8 }, { "aout", 8 }, { "septembre", 9 }, { "octobre", 10 },
	{ "novembre", 11 }, { "décembre", 12 }, { "decembre", 12 },
};

static const struct name_val weekdays[] = {
	{ "monday", 0 }, { "tuesday", 1 }, { "wednesday", 2 }, { "thursday", 3 },
	{ "friday", 4 }, { "saturday", 5 }, { "sunday", 6 },
};

static const struct name_val small_numbers[] = {
	{ "a", 1 }, { "an", 1 }, { "one", 1 }, { "two", 2 }, { "three", 3 },
	{ "four", 4 }, { "five", 5 }, { "six", 6 }, { "seven", 7 }, { "eight", 8 },
	{ "nine", 9 }, { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 },
	{ "fifteen", 15 }, { "twenty", 20 }, { "thirty", 30 }, { "forty", 40 },
	{ "fifty", 50 }, { "hundred", 100 },
};

static const struct name_val ordinal_words[] = {
	{ "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 },
	{ "fifth", 5 }, { "sixth", 6 }, { "seventh", 7 }, { "eighth", 8 },
	{ "ninth", 9 }, { "tenth", 10 }, { "eleventh", 11 }, { "twelfth", 12 },
	{ "thirteenth", 13 }, { "fourteenth", 14 }, { "fifteenth", 15 },
	{ "sixteenth", 16 }, { "seventeenth", 17 }, { "eighteenth", 18 },
	{ "nineteenth", 19 }, { "twentieth", 20 }, { "twenty-first", 21 },
};

/*
 * What a word can start, as a bit set (START_*): the scanner tries
 * prefix_at(), parse_point() and parse_relative() at every token, and
 * nearly every word starts none of them. These are the words each of
 * them tests at its first token (start_words, or a word of the tables
 * above, added by lex_build()); a word that is in no set cannot
 * start an expression and is passed over after one lookup. A word
 * added to one of those parsers' first tests must be added here.
 */
#define START_PREFIX 1          /* prefix_at(): a bound or range word */
#define START_POINT 2           /* parse_point() */
#define START_REL 4             /* parse_relative() */

/*
 * The words those parsers test first, each by its code (the lookup of
 * LEX_WORD), not compared again with every literal in turn.
 */
enum start_word {
	SW_NONE = 0,
	SW_UNTIL, SW_TILL, SW_THROUGH, SW_THRU, SW_UP, SW_TOWARDS, SW_TOWARD, SW_TO,
	SW_DEN, SW_DEN_CAP, SW_BY, SW_BEFORE, SW_SINCE, SW_TU, SW_AFTER, SW_BETWEEN,
	SW_FROM,
	SW_NGAY, SW_THANG, SW_NAM, SW_TWENTY,
	SW_TODAY, SW_YESTERDAY, SW_TOMORROW, SW_LAST, SW_NEXT, SW_THIS, SW_PAST,
	SW_COMING, SW_THE, SW_THAT,
	SW_NR
};

static const struct name_val start_words[] = {
	{ "until", SW_UNTIL }, { "till", SW_TILL }, { "through", SW_THROUGH },
	{ "thru", SW_THRU }, { "up", SW_UP }, { "towards", SW_TOWARDS },
	{ "toward", SW_TOWARD }, { "to", SW_TO }, { "đến", SW_DEN },
	{ "Đến", SW_DEN_CAP }, { "by", SW_BY }, { "before", SW_BEFORE },
	{ "since", SW_SINCE }, { "từ", SW_TU }, { "after", SW_AFTER },
	{ "between", SW_BETWEEN }, { "from", SW_FROM },
	{ "ngày", SW_NGAY }, { "tháng", SW_THANG }, { "năm", SW_NAM },
	{ "twenty", SW_TWENTY },
	{ "today", SW_TODAY }, { "yesterday", SW_YESTERDAY }, { "tomorrow", SW_TOMORROW },
	{ "last", SW_LAST }, { "next", SW_NEXT }, { "this", SW_THIS },
	{ "past", SW_PAST }, { "coming", SW_COMING }, { "the", SW_THE },
	{ "that", SW_THAT },
};
_Static_assert(ARRAY_SIZE(start_words) == SW_NR - 1, "a start word without its code");

/* What each start word starts. */
static int start_of_word(int code)
{
	if (code >= SW_UNTIL && code <= SW_FROM)
		return START_PREFIX;
	if (code >= SW_NGAY && code <= SW_TWENTY)
		return START_POINT;
	if (code >= SW_TODAY && code <= SW_THAT)
		return START_REL;
	return 0;
}

/*
 * The words of "the following year", "the previous month"..., by
 * their index in order_dir (their direction).
 */
static const struct name_val order_words[] = {
	{ "following", 0 }, { "next", 1 }, { "subsequent", 2 }, { "previous", 3 },
	{ "preceding", 4 }, { "prior", 5 }, { "same", 6 },
};
static const int order_dir[] = { 1, 1, 1, -1, -1, -1, 0 };
_Static_assert(ARRAY_SIZE(order_words) == ARRAY_SIZE(order_dir), "a word without its direction");

/* The word tables, looked up once per token, for all tables at once (see lex_codes()). */
enum lex_table {
	LEX_MONTHS_EN = 0,
	LEX_MONTHS_ABBR,
	LEX_MONTHS_FR,
	LEX_WEEKDAYS,
	LEX_SMALL_NUMBERS,
	LEX_ORDINAL_WORDS,
	LEX_WORD,               /* enum start_word, -1 for none */
	LEX_ORDER,              /* index into order_dir */
	LEX_NR
};

static const struct {
	const struct name_val *tab;
	size_t n;
} lex_tables[LEX_NR] = {
	{ months_en, ARRAY_SIZE(months_en) },
	{ months_abbr, ARRAY_SIZE(months_abbr) },
	{ months_fr, ARRAY_SIZE(months_fr) },
	{ weekdays, ARRAY_SIZE(weekdays) },
	{ small_numbers, ARRAY_SIZE(small_numbers) },
	{ ordinal_words, ARRAY_SIZE(ordinal_words) },
	{ start_words, ARRAY_SIZE(start_words) },
	{ order_words, ARRAY_SIZE(order_words) },
};

/*
 * Every word of every table in one index, with its value in each table
 * (-1 where it is not in it): a token is looked up once for all tables
 * instead of compared with every name of each table (that was a fifth
 * of a scan's time). The index is a table by length, first and last
 * byte (lex_cand): one load turns away nearly every other word and
 * gives the one name (rarely two) the word can be, which its key then
 * confirms. Built on first use; the tables are constant, so a second
 * build would write the same bytes.
 */
#define LEX_WORD_MAX 16         /* longer than any name: no token that long is one */

/*
 * A word of at most 15 bytes as two 64-bit words: its bytes with ASCII
 * letters lowercased, zero after them. Two names compare equal, ASCII
 * case aside, when their keys do; the hash is taken from the key.
 */
struct lex_key {
	uint64_t w[2];
};

struct lex_word {
	unsigned char len;      /* 0: no word (the codes below LEX_CODE_WORDS) */
	unsigned char next;     /* the next name in the same lex_cand cell, 0: none */
	struct lex_key key;
	signed char val[LEX_NR];
	unsigned char start;    /* START_* bits */
};

/*
 * A token's code (see lex_codes()): the index of its entry in
 * lex_words. The first entries are no word (-1 in each table) and
 * differ only in what the token starts: nothing, or a number that
 * starts a point or a count, or a four-digit number (a year).
 */
enum {
	LEX_CODE_NONE = 0,
	LEX_CODE_NUM,           /* one to three digits, a word after it */
	LEX_CODE_YEAR,          /* four digits */
	LEX_CODE_WORDS          /* the first word's */
};

#define LEX_NAMES (ARRAY_SIZE(months_en) + ARRAY_SIZE(months_abbr) + ARRAY_SIZE(months_fr) + \
		   ARRAY_SIZE(weekdays) + ARRAY_SIZE(small_numbers) + ARRAY_SIZE(ordinal_words) + \
		   ARRAY_SIZE(start_words) + ARRAY_SIZE(order_words))
_Static_assert(LEX_CODE_WORDS + LEX_NAMES <= 256, "a code is one byte");

static struct lex_word lex_words[LEX_CODE_WORDS + LEX_NAMES] = {
	[LEX_CODE_NONE] = { 0, 0, { { 0, 0 } }, { -1, -1, -1, -1, -1, -1, -1, -1 }, 0 },
	[LEX_CODE_NUM] = { 0, 0, { { 0, 0 } }, { -1, -1, -1, -1, -1, -1, -1, -1 },
			   START_POINT | START_REL },
	[LEX_CODE_YEAR] = { 0, 0, { { 0, 0 } }, { -1, -1, -1, -1, -1, -1, -1, -1 }, START_POINT },
};
_Static_assert(LEX_NR == 8, "the entries of no word have a -1 per table");
/* the entries of the names: LEX_CODE_WORDS .. lex_nr_words */
static size_t lex_nr_words = LEX_CODE_WORDS;
/*
 * [length][first byte & 31][last byte & 31]: the code of the first
 * name there (the others follow by next), 0: none. The low five bits
 * of a byte are those of its other ASCII case (see word_filter_class()).
 */
static unsigned char lex_cand[LEX_WORD_MAX][32][32];
static int lex_ready;

/* x with the ASCII capitals of its eight bytes lowercased, other bytes as they are. */
static inline uint64_t ascii_lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t y = x & ~high;
	/* a byte below 0x80, at least 'A' and not above 'Z': no carry leaves a byte */
	uint64_t upper = (y + (0x80 - 'A') * ones) & ~(y + (0x80 - 'Z' - 1) * ones) & ~x & high;
	return x | upper >> 2;
}

/* The key of w[0..n), n < LEX_WORD_MAX: a copy and four operations, not a loop per byte. */
static inline void lex_key_of(const char *w, size_t n, struct lex_key *k)
{
	unsigned char b[16] = { 0 };

	memcpy(b, w, n);
	memcpy(k->w, b, sizeof(k->w));
	k->w[0] = ascii_lower8(k->w[0]);
	k->w[1] = ascii_lower8(k->w[1]);
}

/*
 * The key of text[start..start + n): when 16 bytes of the text are
 * there to read, two loads and a mask (the bytes of a 64-bit word are
 * in text order on a little-endian machine), no copy.
 */
static inline void lex_key_at(const char *text, size_t len, size_t start, size_t n,
			      struct lex_key *k)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len - start >= 16) {
		uint64_t w[2];
		memcpy(w, text + start, sizeof(w));
		if (n < 8)
			w[0] &= ~0ULL >> (64 - 8 * n);
		k->w[0] = ascii_lower8(w[0]);
		/* most names are eight bytes at most: no second word to lowercase */
		k->w[1] = n <= 8 ? 0 : ascii_lower8(w[1] & ~0ULL >> (128 - 8 * n));
		return;
	}
#else
	(void)len;
#endif
	lex_key_of(text + start, n, k);
}

_Static_assert(LEX_WORD_MAX <= 16, "a key holds 16 bytes");

/* The lex_cand cell of w[0..n), 0 < n < LEX_WORD_MAX. */
static inline unsigned char *lex_cell(const char *w, size_t n)
{
	return &lex_cand[n][(unsigned char)w[0] & 31][(unsigned char)w[n - 1] & 31];
}

/*
 * The code of key k in a cell's chain (c, the cell's first code), or
 * 0: equal keys of one length are equal names.
 */
static inline unsigned lex_chain(unsigned c, const struct lex_key *k)
{
	while (c && (lex_words[c].key.w[0] != k->w[0] || lex_words[c].key.w[1] != k->w[1]))
		c = lex_words[c].next;
	return c;
}

static void lex_build(void)
{
	size_t id, i, n;
	for (id = 0; id < LEX_NR; id++) {
		for (i = 0; i < lex_tables[id].n; i++) {
			const char *name = lex_tables[id].tab[i].name;
			unsigned char *cell;
			unsigned c;
			struct lex_word *w;
			struct lex_key k;
			n = strlen(name);
			if (!n || n >= LEX_WORD_MAX)
				continue;
			lex_key_of(name, n, &k);
			cell = lex_cell(name, n);
			if (!(c = lex_chain(*cell, &k))) {
				c = (unsigned)lex_nr_words++;
				w = &lex_words[c];
				w->len = (unsigned char)n;
				w->key = k;
				memset(w->val, -1, sizeof(w->val));
				/* first in its cell: the order of a chain finds nothing else */
				w->next = *cell;
				*cell = (unsigned char)c;
			}
			w = &lex_words[c];
			/* the first of a name in a table wins, as a linear scan found it */
			if (w->val[id] < 0)
				w->val[id] = (signed char)lex_tables[id].tab[i].val;
		}
	}
	/* the words of the tables start what their lookups start */
	for (i = LEX_CODE_WORDS; i < lex_nr_words; i++) {
		struct lex_word *w = &lex_words[i];
		int bits = start_of_word(w->val[LEX_WORD]);
		if (w->val[LEX_MONTHS_EN] > 0 || w->val[LEX_MONTHS_ABBR] > 0 ||
		    w->val[LEX_MONTHS_FR] > 0 || w->val[LEX_WEEKDAYS] >= 0 ||
		    w->val[LEX_ORDINAL_WORDS] > 0)
			bits |= START_POINT;
		if (w->val[LEX_SMALL_NUMBERS] > 0)
			bits |= START_REL;
		w->start = (unsigned char)bits;
	}
	lex_ready = 1;
}

/*
 * The code of the word text[start..start + n) in the tables,
 * LEX_CODE_NONE if none: the names compare ASCII letters without case,
 * other bytes as they are, as tok_is() does. The index is built
 * (dates_scan_tokens()).
 */
static inline unsigned lex_find(const char *text, size_t len, size_t start, size_t n)
{
	struct lex_key k;
	unsigned c;

	/* n from 1 to LEX_WORD_MAX - 1, in one comparison */
	if (n - 1 >= LEX_WORD_MAX - 1 || !(c = *lex_cell(text + start, n)))
		return LEX_CODE_NONE;
	lex_key_at(text, len, start, n, &k);
	return lex_chain(c, &k);
}

/*
 * Every token's code in code[], one byte per token: a word's entry in
 * the tables (lex_find()), or what a number can start. Each word is
 * looked up once, in one pass, and the scanner passes over the tokens
 * with code 0 eight at a time. A number the parsers would try and fail
 * at for certain gets code 0 here:
 * - one to three digits with no word after it: a day first, a century
 *   and a count ("3 years later") all need one (point_num(),
 *   parse_relative());
 * - five digits or more: point_num() takes two or four.
 * Not inlined: a loop of its own keeps its few values in registers.
 */
__attribute__((noinline))
static void lex_codes(const char *text, size_t len, const struct tok *t, size_t nt,
		      unsigned char *code)
{
	size_t i;

	for (i = 0; i < nt; i++) {
		size_t n = t[i].end - t[i].start;
		unsigned c = LEX_CODE_NONE;
		if (t[i].kind == TOK_WORD)
			c = lex_find(text, len, t[i].start, n);
		else if (t[i].kind != TOK_NUM)
			;
		else if (n == 4)
			c = LEX_CODE_YEAR;
		else if (n <= 3 && i + 1 < nt && t[i + 1].kind == TOK_WORD)
			c = LEX_CODE_NUM;
		code[i] = (unsigned char)c;
	}
}

/* The first token from i on with a code (not 0), or nt. */
static size_t next_code(const unsigned char *code, size_t nt, size_t i)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= nt; i += 8) {
		uint64_t w;
		memcpy(&w, code + i, 8);
		if (w)
			return i + (size_t)__builtin_ctzll(w) / 8;
	}
#endif
	while (i < nt && !code[i])
		i++;
	return i;
}

/* ---- the scanner ---- */

struct scan {
	const char *text;
	size_t len;
	const struct tok *t;
	size_t nt;
	const struct date_anchor *anchor;
	struct date_list *out;
	/* the nearest explicit date so far (a known year) */
	int have_ctx;
	struct date_value ctx;
	size_t ctx_end;         /* its end offset */
	size_t ctx_tok;         /* its last token: see same_para() */
	/*
	 * Each token's code (its entry in lex_words, see lex_codes()):
	 * the parsers ask about the tokens at their position several
	 * times over (three month tables, weekdays, ordinals), each
	 * question now a load.
	 */
	const unsigned char *code;
	int overflow;
};

/*
 * Tokens a and b (a <= b) are in the same paragraph: no blank line
 * before any token of (a, b]. Asked only of a date close to the last
 * explicit one (resolve()), so the walk is short; counting the blank
 * lines of every token up to each date was 4% of the scanner.
 */
static int same_para(const struct scan *s, size_t a, size_t b)
{
	while (a < b)
		if (s->t[++a].space == 3)
			return 0;
	return 1;
}

/* A parsed point: value plus whether the year was written. */
struct point {
	struct date_value v;
	int has_year;           /* the year (or decade, century) is written */
	int relative;           /* depends on context or anchor for its value */
	int deictic;            /* relative to the anchor (today, last year) */
	int anaphoric;          /* relative to the previous date (a year later) */
	int rel_years, rel_months;      /* offsets for relative forms */
	long rel_days;
	int weekday;            /* -1, or the weekday to resolve */
	int weekday_dir;        /* -1 last, 0 nearest (past bias), 1 next */
};

/*
 * Inline, always: the word tests run for every token against literal
 * words, whose length the compiler then knows (see tok_is()).
 */
__attribute__((always_inline))
static inline const struct tok *T(const struct scan *s, size_t i)
{
	return i < s->nt ? &s->t[i] : NULL;
}

/* The table entry of token t (one of s->t, a word). */
static inline const struct lex_word *lex_of(const struct scan *s, const struct tok *t)
{
	return &lex_words[s->code[t - s->t]];
}

/* The value of token t (one of s->t, or NULL) in table id, or -1. */
static int lookup(const struct scan *s, const struct tok *t, enum lex_table id)
{
	if (!t || t->kind != TOK_WORD)
		return -1;
	return lex_of(s, t)->val[id];
}

__attribute__((always_inline))
static inline int is_word(const struct scan *s, size_t i, const char *w)
{
	const struct tok *t = T(s, i);
	return t && t->kind == TOK_WORD && tok_is(s->text, t, w);
}

__attribute__((always_inline))
static inline int is_punct(const struct scan *s, size_t i, uint32_t cp)
{
	const struct tok *t = T(s, i);
	return t && tok_punct(t, cp);
}

/* Token i follows token i-1 with no space between. */
static int glued(const struct scan *s, size_t i)
{
	const struct tok *t = T(s, i);
	return t && i > 0 && t->space == 0;
}

static int num_len(const struct tok *t)
{
	return t && t->kind == TOK_NUM ? (int)(t->end - t->start) : 0;
}

static int year_value(const struct scan *s, size_t i)
{
	const struct tok *t = T(s, i);
	long v;
	if (num_len(t) != 4)
		return -1;
	v = tok_num(s->text, t);
	return v >= 1000 && v <= 2199 ? (int)v : -1;
}

/*
 * Month name at token i: sets *m and returns the number of tokens used
 * (an abbreviation takes its period), or 0. *kind: 1 English, 2 an
 * English abbreviation, 3 French, 4 Vietnamese "tháng N".
 */
static size_t month_at(const struct scan *s, size_t i, int *m, int *kind)
{
	const struct tok *t = T(s, i);
	const struct lex_word *lw;
	int v;
	if (!t || t->kind != TOK_WORD)
		return 0;
	/* the three tables and the start word from one entry */
	lw = lex_of(s, t);
	if ((v = lw->val[LEX_MONTHS_EN]) > 0) {
		*m = v;
		*kind = 1;
		return 1;
	}
	if ((v = lw->val[LEX_MONTHS_ABBR]) > 0 &&
	    tok_is_cap(s->text, t)) {
		*m = v;
		*kind = 2;
		return is_punct(s, i + 1, '.') && glued(s, i + 1) ? 2 : 1;
	}
	if ((v = lw->val[LEX_MONTHS_FR]) > 0) {
		*m = v;
		*kind = 3;
		return 1;
	}
	if (lw->val[LEX_WORD] == SW_THANG) {
		const struct tok *n = T(s, i + 1);
		if (num_len(n) >= 1 && num_len(n) <= 2) {
			v = (int)tok_num(s->text, n);
			if (v >= 1 && v <= 12) {
				*m = v;
				*kind = 4;
				return 2;
			}
		}
	}
	return 0;
}

/* An ordinal suffix after a number: "16th", "16 th", "1st", "1er". */
static size_t ord_suffix(const struct scan *s, size_t i)
{
	const struct tok *t = T(s, i);
	int a, b;
	/* two letters, compared as tok_is() compares them, not in five calls */
	if (!t || t->kind != TOK_WORD || t->space > 1 || t->end - t->start != 2)
		return 0;
	a = ch_tolower((unsigned char)s->text[t->start]);
	b = ch_tolower((unsigned char)s->text[t->start + 1]);
	return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
	       (a == 't' && b == 'h') || (a == 'e' && b == 'r');
}

/* A day number at i (1..31), with its ordinal suffix; returns tokens used. */
static size_t day_at(const struct scan *s, size_t i, int *d)
{
	const struct tok *t = T(s, i);
	long v;
	if (num_len(t) < 1 || num_len(t) > 2)
		return 0;
	v = tok_num(s->text, t);
	if (v < 1 || v > 31)
		return 0;
	/* "1.5" or "3,000" are not days */
	if ((is_punct(s, i + 1, '.') || is_punct(s, i + 1, ',')) && glued(s, i + 1) &&
	    T(s, i + 2) && T(s, i + 2)->kind == TOK_NUM && glued(s, i + 2))
		return 0;
	*d = (int)v;
	return 1 + ord_suffix(s, i + 1);
}

/* "11:00" at i: returns tokens used. */
static size_t time_at(const struct scan *s, size_t i, int *h, int *mi)
{
	const struct tok *a = T(s, i), *b = T(s, i + 2);
	long hv, mv;
	if (num_len(a) < 1 || num_len(a) > 2 || !is_punct(s, i + 1, ':') || !glued(s, i + 1) ||
	    num_len(b) != 2 || !glued(s, i + 2))
		return 0;
	hv = tok_num(s->text, a);
	mv = tok_num(s->text, b);
	if (hv > 23 || mv > 59)
		return 0;
	*h = (int)hv;
	*mi = (int)mv;
	return 3;
}

static void point_init(struct point *p)
{
	memset(p, 0, sizeof(*p));
	p->v.year = -1;
	p->weekday = -1;
}

/* Optional ", YEAR" or " YEAR" after a month or day: returns tokens used. */
static size_t year_after(const struct scan *s, size_t i, int *y)
{
	size_t k = i;
	if (is_punct(s, k, ','))
		k++;
	if (is_word(s, k, "năm"))
		k++;
	if ((*y = year_value(s, k)) < 0)
		return 0;
	/* "March 3, 2016 troops" is unlikely; "May 5 2000-2005" is a range */
	return k - i + 1;
}

/* Optional time of day after a full date. */
static size_t time_after(const struct scan *s, size_t i, struct point *p)
{
	size_t k = i, n;
	int h, mi;
	if (is_punct(s, k, ',') || is_word(s, k, "at"))
		k++;
	n = time_at(s, k, &h, &mi);
	if (!n || p->v.prec != DATE_PREC_DAY)
		return 0;
	p->v.hour = h;
	p->v.minute = mi;
	p->v.prec = DATE_PREC_MINUTE;
	return k - i + n;
}

static int prep_before_month(const struct scan *s, size_t i)
{
	static const char *const preps[] = {
		"in", "since", "until", "till", "by", "last", "next", "this", "early", "late",
		"mid", "of", "from", "to", "through", "before", "after", "during", "between",
		"and", "or", "until", "that", "each", "every", "until",
	};
	static struct wordset set = WORDSET_INIT(preps);
	const struct tok *t;
	if (!i)
		return 0;
	if (is_punct(s, i - 1, '-') && i >= 2)
		i--;
	t = T(s, i - 1);
	return t && t->kind == TOK_WORD && wordset_has(&set, s->text + t->start, t->end - t->start);
}

/* Words after which a four-digit number is a count, not a year. */
static int count_noun_after(const struct scan *s, size_t i)
{
	static const char *const nouns[] = {
		"people", "persons", "troops", "soldiers", "officers", "members", "students",
		"times", "units", "km", "kilometers", "kilometres", "meters", "metres", "miles",
		"tons", "tonnes", "dollars", "euros", "votes", "cases", "men", "women",
		"percent", "million", "billion", "thousand", "hectares", "workers", "deaths",
		"votes", "points", "pages", "words", "copies", "households", "children",
		"refugees", "delegates", "guests", "vehicles", "ships", "aircraft", "employees",
		"jobs", "feet", "yards", "pounds", "kg", "mw", "rounds", "views",
	};
	static struct wordset set = WORDSET_INIT(nouns);
	const struct tok *t = T(s, i);
	if (!t)
		return 0;
	if (t->kind == TOK_PUNCT && (t->cp == '%' || t->cp == '+'))
		return 1;
	return wordset_has(&set, s->text + t->start, t->end - t->start);
}

/* Words before a number that make it a locator or an amount. */
static int locator_before(const struct scan *s, size_t i)
{
	static const char *const words[] = {
		"no", "nos", "vol", "vols", "volume", "p", "pp", "page", "pages", "article",
		"art", "section", "sec", "chapter", "ch", "number", "issue", "usd", "vnd",
		"eur", "us", "no.", "n", "tel", "fax", "phone", "code", "room", "box",
		"decree", "decision", "circular", "law", "hq", "route", "highway", "flight",
		"item", "clause", "paragraph", "para", "fig", "figure", "table", "ref",
	};
	static struct wordset set = WORDSET_INIT(words);
	size_t k = i;
	const struct tok *t;
	if (!k)
		return 0;
	k--;
	t = T(s, k);
	if (t->kind == TOK_PUNCT && (t->cp == '.' || t->cp == ':') && k > 0)
		t = T(s, --k);
	if (t->kind == TOK_PUNCT && (t->cp == '$' || t->cp == '#' || t->cp == 0x20AC ||
				     t->cp == 0xA3 || t->cp == 0xA7 || t->cp == 0x20AB))
		return 1;
	return wordset_has(&set, s->text + t->start, t->end - t->start);
}

/*
 * A bare year at i is part of something else: an identifier
 * ("130/2020/QH14", "Law 2020-NQ"), a larger number ("1,2016", "2016.5"),
 * a digit group ("024 3825 2016"), a locator or an amount.
 */
static int year_is_other(const struct scan *s, size_t i)
{
	const struct tok *t = T(s, i), *p = i ? T(s, i - 1) : NULL, *n = T(s, i + 1);
	if (p && glued(s, i) && p->kind == TOK_PUNCT &&
	    (p->cp == '/' || p->cp == '.' || p->cp == ',' || p->cp == ':' || p->cp == '_' ||
	     p->cp == '-' || p->cp == '+') && i >= 2 && glued(s, i - 1)) {
		const struct tok *pp = T(s, i - 2);
		if (tok_is_dash(p) && year_value(s, i - 2) >= 0 &&
		    year_value(s, i - 2) < (int)tok_num(s->text, t))
			return 0;   /* the end of "2001-2005" */
		/* "mid-2016", "pre-2000" are years; "806-2016", "QH-2016", "1/2016" are not */
		if (p->cp == '-' && pp->kind == TOK_WORD &&
		    (tok_is(s->text, pp, "mid") || tok_is(s->text, pp, "pre") ||
		     tok_is(s->text, pp, "post") || tok_is(s->text, pp, "early") ||
		     tok_is(s->text, pp, "late") || tok_is(s->text, pp, "end")))
			return 0;
		return 1;
	}
	if (p && glued(s, i) && (p->kind == TOK_WORD || p->kind == TOK_NUM))
		return 1;
	if (n && tok_is_dash(n) && year_value(s, i + 2) > (int)tok_num(s->text, t))
		return 0;   /* "2001-2005" */
	if (n && glued(s, i + 1) && n->kind == TOK_PUNCT &&
	    (n->cp == '/' || n->cp == '_' || n->cp == '-' || n->cp == ',' || n->cp == '.') &&
	    T(s, i + 2) && glued(s, i + 2) &&
	    (T(s, i + 2)->kind == TOK_NUM || T(s, i + 2)->kind == TOK_WORD))
		return 1;
	if (n && glued(s, i + 1) && n->kind == TOK_WORD && !tok_is(s->text, n, "s"))
		return 1;   /* "2020QH14" */
	if (p && p->kind == TOK_NUM && p->space <= 1 && t->space <= 1)
		return 1;   /* digit groups */
	if (n && n->kind == TOK_NUM && n->space <= 1)
		return 1;
	if (locator_before(s, i))
		return 1;
	if (count_noun_after(s, i + 1))
		return 1;
	(void)t;
	return 0;
}

static size_t parse_point(const struct scan *s, size_t i, struct point *p, int allow_bare_month);

/*
 * The c-th century (1..22) of a point at i, its ordinal ending before
 * token k: "century" or "centuries" must be at k. Returns the tokens
 * used, or 0.
 */
static size_t century_at(const struct scan *s, size_t i, size_t k, int c, struct point *p)
{
	if (c < 1 || c > 22 || !(is_word(s, k, "century") || is_word(s, k, "centuries")))
		return 0;
	p->v.year = (c - 1) * 100;
	p->v.prec = DATE_PREC_CENTURY;
	p->has_year = 1;
	return k + 1 - i;
}

/*
 * parse_point() at a number i: an ISO 8601 date, a decade or a bare
 * year (four digits); a day first or a century (one or two digits).
 * No other number starts a point.
 */
static size_t point_num(const struct scan *s, size_t i, const struct tok *t, struct point *p)
{
	size_t k = i, n, len = t->end - t->start;
	int m = 0, mk = 0, d = 0, y;

	if (len == 4) {
		if ((y = year_value(s, k)) < 0)
			return 0;
		/* ISO 8601: 2016-01-11 */
		if (is_punct(s, k + 1, '-') && glued(s, k + 1) &&
		    num_len(T(s, k + 2)) == 2 && glued(s, k + 2) && is_punct(s, k + 3, '-') &&
		    glued(s, k + 3) && num_len(T(s, k + 4)) == 2 && glued(s, k + 4)) {
			int mo = (int)tok_num(s->text, T(s, k + 2)), da = (int)tok_num(s->text, T(s, k + 4));
			if (mo >= 1 && mo <= 12 && da >= 1 && da <= month_days(y, mo) &&
			    !(T(s, k + 5) && glued(s, k + 5) && T(s, k + 5)->kind != TOK_PUNCT)) {
				p->v.year = y;
				p->v.month = mo;
				p->v.day = da;
				p->v.prec = DATE_PREC_DAY;
				p->has_year = 1;
				n = 5;
				if (is_word(s, k + 5, "T") && glued(s, k + 5))
					n += 0;
				return n + time_after(s, k + 5, p);
			}
		}
		/* decade: "1990s", "the 1970s" */
		if (y % 10 == 0 && is_word(s, k + 1, "s") && glued(s, k + 1)) {
			p->v.year = y;
			p->v.prec = DATE_PREC_DECADE;
			p->has_year = 1;
			return 2;
		}
		if (y % 10 == 0 && is_punct(s, k + 1, '\'') &&
		    glued(s, k + 1) && is_word(s, k + 2, "s") && glued(s, k + 2)) {
			p->v.year = y;
			p->v.prec = DATE_PREC_DECADE;
			p->has_year = 1;
			return 3;
		}
		/* a bare year */
		if (!year_is_other(s, k)) {
			p->v.year = y;
			p->v.prec = DATE_PREC_YEAR;
			p->has_year = 1;
			return 1;
		}
		return 0;
	}
	if (len > 2)
		return 0;

	/* day first: "25 October 2013", "16th of November", "10 avril 2013" */
	if ((n = day_at(s, k, &d))) {
		size_t k2 = k + n;
		if (is_word(s, k2, "of"))
			k2++;
		if ((n = month_at(s, k2, &m, &mk)) && mk != 4 && d <= month_days(-1, m)) {
			size_t ny;
			k2 += n;
			ny = year_after(s, k2, &y);
			if (mk == 3 && !ny && !T(s, k2 - n - 1))
				return 0;
			p->v.day = d;
			p->v.month = m;
			p->v.prec = DATE_PREC_DAY;
			if (ny) {
				p->v.year = y;
				p->has_year = 1;
				k2 += ny;
				if (d > month_days(y, m))
					return 0;
			} else {
				p->relative = 1;
			}
			return k2 - i + time_after(s, k2, p);
		}
	}

	/* century: "21st century" */
	if ((n = ord_suffix(s, k + 1)))
		return century_at(s, i, k + 1 + n, (int)tok_num(s->text, t), p);
	return 0;
}

/*
 * parse_point() at a word i: a weekday, "ngày", a month, "năm", an
 * ordinal century.
 */
static size_t point_word(const struct scan *s, size_t i, const struct tok *t, struct point *p,
			 int allow_bare_month)
{
	size_t k = i, n;
	int m = 0, mk = 0, d = 0, y;
	const struct lex_word *lw = lex_of(s, t);
	int code = lw->val[LEX_WORD];

	/* weekday prefix: "Thursday, 22 March 2018" */
	if (lw->val[LEX_WEEKDAYS] >= 0) {
		size_t k2 = k + 1;
		if (is_punct(s, k2, ','))
			k2++;
		n = parse_point(s, k2, p, 0);
		if (n && p->v.prec >= DATE_PREC_DAY)
			return k2 - i + n;
		point_init(p);
		if (!tok_is_cap(s->text, t))
			return 0;
		p->weekday = lw->val[LEX_WEEKDAYS];
		p->relative = p->deictic = 1;
		p->v.prec = DATE_PREC_DAY;
		return 1;
	}

	/* Vietnamese: "ngày 10 tháng 4 năm 2013" */
	if (code == SW_NGAY) {
		if ((n = day_at(s, k + 1, &d)) == 1 && (month_at(s, k + 2, &m, &mk) == 2) && mk == 4) {
			p->v.day = d;
			p->v.month = m;
			p->v.prec = DATE_PREC_DAY;
			k += 4;
			if ((n = year_after(s, k, &y))) {
				p->v.year = y;
				p->has_year = 1;
				k += n;
			} else {
				p->relative = 1;
			}
			return k - i;
		}
	}

	/* month first: "October 25, 2013", "January 2016", "Aug. 7", "tháng 1 năm 2016" */
	if ((n = month_at(s, k, &m, &mk))) {
		size_t k2 = k + n, nd, ny;
		const struct tok *mt = T(s, k);
		/* "May" and "March" alone are too often a verb or a noun */
		int weak = (m == 5 || m == 3) && mk == 1;
		if (mk == 1 && !tok_is_cap(s->text, mt))
			return 0;
		nd = day_at(s, k2, &d);
		/* "March 10:30" is a time, "Oct. 26: the editorial" a day */
		if (nd && mk != 4 && !(num_len(T(s, k2)) == 2 && is_punct(s, k2 + 1, ':') &&
				       glued(s, k2 + 1) && num_len(T(s, k2 + 2)) == 2 && glued(s, k2 + 2))) {
			/* not "March 2, 3 and 4" handled as a list; just the first */
			size_t k3 = k2 + nd;
			ny = year_after(s, k3, &y);
			if (ny && d > month_days(y, m))
				return 0;
			if (d > month_days(-1, m))
				return 0;
			if (!ny && mk == 3)
				return 0;
			p->v.day = d;
			p->v.month = m;
			p->v.prec = DATE_PREC_DAY;
			if (ny) {
				p->v.year = y;
				p->has_year = 1;
				k3 += ny;
			} else {
				p->relative = 1;
			}
			return k3 - i + time_after(s, k3, p);
		}
		ny = year_after(s, k2, &y);
		if (ny && !(is_punct(s, k2, ',') && mk != 4)) {
			p->v.year = y;
			p->v.month = m;
			p->v.prec = DATE_PREC_MONTH;
			p->has_year = 1;
			return k2 + ny - i;
		}
		if (ny && mk == 1) {
			/* "January, 2016" */
			p->v.year = y;
			p->v.month = m;
			p->v.prec = DATE_PREC_MONTH;
			p->has_year = 1;
			return k2 + ny - i;
		}
		if (mk == 3 || mk == 2)
			return 0;
		if (mk == 4 || allow_bare_month || (!weak && !is_word(s, k2, "of")) ||
		    prep_before_month(s, k)) {
			if (weak && !prep_before_month(s, k) && !allow_bare_month)
				return 0;
			p->v.month = m;
			p->v.prec = DATE_PREC_MONTH;
			p->relative = 1;
			return k2 - i;
		}
		return 0;
	}

	/* "năm 2016" */
	if (code == SW_NAM && (y = year_value(s, k + 1)) >= 0) {
		p->v.year = y;
		p->v.prec = DATE_PREC_YEAR;
		p->has_year = 1;
		return 2;
	}

	/* century: "the twentieth century", "twenty-first century" */
	if (lw->val[LEX_ORDINAL_WORDS] > 0)
		return century_at(s, i, k + 1, lw->val[LEX_ORDINAL_WORDS], p);
	if (code == SW_TWENTY && is_punct(s, k + 1, '-') && is_word(s, k + 2, "first"))
		return century_at(s, i, k + 3, 21, p);
	return 0;
}

/*
 * Parses an absolute or underspecified point at token i; returns the
 * number of tokens used, or 0. allow_bare_month: a month name alone
 * counts (inside a range "from January to March 2016"). Numbers and
 * words start different forms: each kind goes to its own parser, in
 * the order the forms were always tried in.
 */
static size_t parse_point(const struct scan *s, size_t i, struct point *p, int allow_bare_month)
{
	const struct tok *t = T(s, i);

	point_init(p);
	if (!t)
		return 0;
	if (t->kind == TOK_NUM)
		return point_num(s, i, t, p);
	if (t->kind == TOK_WORD)
		return point_word(s, i, t, p, allow_bare_month);
	return 0;
}

/* Small count at i ("a", "one", "two", "3"): value and tokens used. */
static size_t count_at(const struct scan *s, size_t i, int *v)
{
	const struct tok *t = T(s, i);
	int x;
	if (!t)
		return 0;
	if (num_len(t) >= 1 && num_len(t) <= 3) {
		*v = (int)tok_num(s->text, t);
		return 1;
	}
	if ((x = lookup(s, t, LEX_SMALL_NUMBERS)) > 0) {
		*v = x;
		return 1;
	}
	return 0;
}

/* Relative forms at i; returns tokens used or 0. */
static size_t parse_relative(const struct scan *s, size_t i, struct point *p)
{
	size_t k = i, n;
	int v = 0, is_month, later;
	/* the first word's code: one lookup, not a comparison with each word below */
	int w0 = lookup(s, T(s, k), LEX_WORD);

	point_init(p);
	p->relative = 1;
	/*
	 * the following/next/previous/preceding/same year|month; that year.
	 * First, as "the" starts most of the calls: the forms below start
	 * with other words, so the order changes nothing that is found.
	 */
	if (w0 == SW_THE || w0 == SW_THAT) {
		size_t k2 = k + 1;
		int dir = 0, ok = 1, w;
		if (w0 == SW_THAT) {
			k2 = k;
		} else if ((w = lookup(s, T(s, k2), LEX_ORDER)) >= 0) {
			dir = order_dir[w];
		} else {
			ok = 0;
		}
		if (ok && (is_word(s, k2 + 1, "year") || is_word(s, k2 + 1, "month"))) {
			p->anaphoric = 1;
			if (is_word(s, k2 + 1, "year")) {
				p->rel_years = dir;
				p->v.prec = DATE_PREC_YEAR;
			} else {
				p->rel_months = dir;
				p->v.prec = DATE_PREC_MONTH;
			}
			return k2 + 2 - i;
		}
		return 0;
	}
	/* today / yesterday / tomorrow */
	if (w0 == SW_TODAY || w0 == SW_YESTERDAY || w0 == SW_TOMORROW) {
		p->deictic = 1;
		p->rel_days = w0 == SW_TODAY ? 0 : w0 == SW_YESTERDAY ? -1 : 1;
		p->v.prec = DATE_PREC_DAY;
		return 1;
	}
	/* last/next/this year|month|<weekday>|<month> */
	if (w0 == SW_LAST || w0 == SW_NEXT || w0 == SW_THIS || w0 == SW_PAST || w0 == SW_COMING) {
		int dir = w0 == SW_LAST || w0 == SW_PAST ? -1 : w0 == SW_THIS ? 0 : 1;
		/* "the past year", "the coming month" are durations */
		int span = w0 == SW_PAST || w0 == SW_COMING;
		int w, m = 0, mk = 0;
		if (is_word(s, k + 1, "year") && (dir || w0 == SW_THIS)) {
			if (span)
				return 0;
			p->deictic = 1;
			p->rel_years = dir;
			p->v.prec = DATE_PREC_YEAR;
			return 2;
		}
		if (is_word(s, k + 1, "month") && !span) {
			p->deictic = 1;
			p->rel_months = dir;
			p->v.prec = DATE_PREC_MONTH;
			return 2;
		}
		if ((w = lookup(s, T(s, k + 1), LEX_WEEKDAYS)) >= 0 && !span) {
			p->deictic = 1;
			p->weekday = w;
			p->weekday_dir = dir;
			p->v.prec = DATE_PREC_DAY;
			return 2;
		}
		if (month_at(s, k + 1, &m, &mk) == 1 && mk == 1 && !span && year_value(s, k + 2) < 0) {
			p->deictic = 1;
			p->v.month = m;
			p->weekday_dir = dir;   /* reused: direction for the month */
			p->v.prec = DATE_PREC_MONTH;
			return 2;
		}
		return 0;
	}
	/* "a year later", "two months earlier", "50 years ago" */
	if ((n = count_at(s, k, &v))) {
		size_t k2 = k + n;
		if (is_punct(s, k2, '-') && glued(s, k2))
			return 0;
		is_month = is_word(s, k2, "month") || is_word(s, k2, "months");
		if (!is_month && !is_word(s, k2, "year") && !is_word(s, k2, "years") &&
		    !is_word(s, k2, "decade") && !is_word(s, k2, "decades"))
			return 0;
		if ((is_word(s, k2, "year") || is_word(s, k2, "month") || is_word(s, k2, "decade")) &&
		    v != 1)
			return 0;
		if (is_word(s, k2, "decade") || is_word(s, k2, "decades"))
			v *= 10;
		later = is_word(s, k2 + 1, "later") || is_word(s, k2 + 1, "after") ? 1 :
			is_word(s, k2 + 1, "earlier") || is_word(s, k2 + 1, "before") ? -1 :
			is_word(s, k2 + 1, "ago") ? -2 : 0;
		if (!later)
			return 0;
		if (later == -2) {
			p->deictic = 1;
			later = -1;
		} else {
			p->anaphoric = 1;
		}
		if (is_month) {
			p->rel_months = later * v;
			p->v.prec = DATE_PREC_MONTH;
		} else {
			p->rel_years = later * v;
			p->v.prec = DATE_PREC_YEAR;
		}
		return k2 + 2 - i;
	}
	return 0;
}

static const struct date_value *anchor_of(const struct scan *s)
{
	if (s->anchor && s->anchor->v.prec != DATE_PREC_NONE && s->anchor->v.year >= 0)
		return &s->anchor->v;
	return NULL;
}

/*
 * Completes a relative point: returns 0, or -1 if it cannot be resolved
 * (then the expression is kept with an unknown year, or dropped when
 * it has no value at all, like a weekday without an anchor).
 */
/*
 * Whether the clause before token tok_i speaks of the future ("will",
 * "is scheduled", "as early as", "until"): a weekday or a month without
 * its year then means the next one, not the last. A past auxiliary
 * right after the expression ("for Saturday was canceled") wins.
 */
static int future_cue(const struct scan *s, size_t tok_i, size_t end_i)
{
	static const char *const cues[] = {
		"will", "would", "could", "might", "shall", "scheduled", "planned", "planning",
		"plans", "plan", "expected", "expects", "until", "upcoming", "due", "soon",
		"next", "tomorrow",
	};
	size_t j, k, lo = tok_i > 12 ? tok_i - 12 : 0;
	int future = 0;
	for (j = tok_i; j > lo && !future; j--) {
		const struct tok *t = T(s, j - 1);
		if (tok_is_sentence_end(t) || t->space == 3)
			break;
		for (k = 0; k < ARRAY_SIZE(cues) && !future; k++)
			future = is_word(s, j - 1, cues[k]);
		/* "as early as Tuesday" */
		if (is_word(s, j - 1, "early") && is_word(s, j - 2, "as") && j + 1 <= tok_i &&
		    is_word(s, j, "as"))
			future = 1;
	}
	for (j = end_i; future && j < end_i + 3 && j < s->nt; j++)
		if (is_word(s, j, "was") || is_word(s, j, "were") || is_word(s, j, "had"))
			future = 0;
	return future;
}

static int resolve(struct scan *s, struct point *p, size_t start, size_t tok_i)
{
	const struct date_value *ref = NULL;
	const struct date_value *anc = anchor_of(s);
	enum date_prec need = p->v.prec;

	if (!p->relative)
		return 0;
	if (p->deictic) {
		ref = anc;
	} else if (p->anaphoric) {
		ref = s->have_ctx ? &s->ctx : anc;
		/* "the previous month" after a bare year: only the anchor can say */
		if (ref && ref->prec < need && anc && anc->prec >= need)
			ref = anc;
	} else {
		/* a month, or month and day, without its year */
		size_t near = s->have_ctx && s->ctx.prec == DATE_PREC_YEAR ? 150 : 400;
		if (s->have_ctx && start - s->ctx_end < near && same_para(s, s->ctx_tok, tok_i))
			ref = &s->ctx;
		else if (anc)
			ref = anc;
		else if (s->have_ctx)
			ref = &s->ctx;
		if (!ref)
			return 0;   /* value XXXX-MM */
		p->v.year = ref->year;
		if (ref == anc && ref->prec >= DATE_PREC_MONTH && ref->month) {
			/*
			 * Against the document's date, a month or a month-day
			 * without its year is the last one, or one up to three
			 * months ahead (news speaks of the past and the near
			 * future); a clause about the future ("will", "is
			 * scheduled") means the next one. "Nov. 25" written in
			 * January 2000 is 1999-11-25.
			 */
			int ahead = (p->v.month - ref->month + 12) % 12;
			if (p->v.month == ref->month && p->v.prec >= DATE_PREC_DAY &&
			    ref->prec >= DATE_PREC_DAY && p->v.day < ref->day)
				ahead = 12;     /* earlier this month: a year ahead if the future */
			if (future_cue(s, tok_i, tok_i + 1))
				p->v.year += p->v.month < ref->month || ahead == 12;
			else if (ahead > 3 || ahead == 0)
				p->v.year += p->v.month > ref->month ? -1 : 0;
			else
				p->v.year += p->v.month < ref->month;
		}
		return 0;
	}
	if (!ref)
		return -1;
	if (p->weekday >= 0 && p->v.prec == DATE_PREC_DAY) {
		long base, z;
		int wd, diff, dir = p->weekday_dir;
		if (ref->prec < DATE_PREC_DAY)
			return -1;
		base = days_from_civil(ref->year, ref->month, ref->day);
		wd = weekday_of(base);
		diff = p->weekday - wd;
		if (dir > 0) {
			z = base + (diff <= 0 ? diff + 7 : diff);
		} else if (dir < 0) {
			z = base + (diff >= 0 ? diff - 7 : diff);
		} else {
			/* news reports the recent past: the same or the previous six days */
			int future = future_cue(s, tok_i, tok_i + 1);
			z = base + (future ? (diff < 0 ? diff + 7 : diff) : (diff > 0 ? diff - 7 : diff));
		}
		civil_from_days(z, &p->v.year, &p->v.month, &p->v.day);
		return 0;
	}
	if (p->v.prec == DATE_PREC_MONTH && p->v.month && !p->rel_months) {
		/* last/next/this October */
		int dir = p->weekday_dir;
		p->v.year = ref->year;
		if (ref->prec >= DATE_PREC_MONTH) {
			if (dir < 0 && p->v.month >= ref->month)
				p->v.year--;
			else if (dir > 0 && p->v.month <= ref->month)
				p->v.year++;
		} else {
			p->v.year += dir;
		}
		return 0;
	}
	if (need >= DATE_PREC_DAY) {
		if (ref->prec < DATE_PREC_DAY)
			return -1;
		p->v.year = ref->year;
		p->v.month = ref->month;
		p->v.day = ref->day;
		value_add_days(&p->v, p->rel_days);
		return 0;
	}
	if (need == DATE_PREC_MONTH) {
		if (ref->prec < DATE_PREC_MONTH)
			return -1;
		p->v.year = ref->year;
		p->v.month = ref->month;
		value_add_months(&p->v, p->rel_months + 12 * p->rel_years);
		return 0;
	}
	if (ref->prec < DATE_PREC_YEAR)
		return -1;
	p->v.year = ref->year + p->rel_years;
	return 0;
}

/*
 * Title years: "the Strategy for Marine Economy up to 2030", "Overall
 * Strategy for International Integration Through 2020, Vision to
 * 2030", "the National Target Programme for the period 2021-2030",
 * "Chiến lược ... đến năm 2020, tầm nhìn đến năm 2030". The year names
 * the instrument's horizon; read as a bound it would claim that
 * something ends then. A title is a run of capitalized words (and the
 * small words of titles) reaching back to a capitalized strategy, plan,
 * programme or vision word, ending right before the bound word.
 */
#define TITLE_WALK_MAX 12

static int title_name_word(const struct scan *s, size_t k)
{
	static const char *const names[] = {
		"strategy", "plan", "programme", "program", "vision", "agenda",
		"roadmap", "framework", "scheme", "policy", "project", "master",
	};
	const struct tok *t = T(s, k);
	size_t j;
	if (!t || t->kind != TOK_WORD || !tok_is_cap(s->text, t))
		return 0;
	for (j = 0; j < ARRAY_SIZE(names); j++)
		if (tok_is(s->text, t, names[j]))
			return 1;
	return 0;
}

static int title_small_word(const struct scan *s, size_t k)
{
	return is_word(s, k, "for") || is_word(s, k, "of") || is_word(s, k, "and") ||
	       is_word(s, k, "on") || is_word(s, k, "the") || is_word(s, k, "in") ||
	       is_word(s, k, "to") || is_word(s, k, "with") || is_word(s, k, "at");
}

/*
 * Tokens [.., j) end a title: see above. A name word alone ("worked on
 * the Strategy until 2019") is not enough: a title has two capitalized
 * words at least ("National Strategy", "Strategy for Marine Economy"),
 * except the fixed "Vision to 2030".
 */
static int title_ends_at(const struct scan *s, size_t j)
{
	size_t k, n, caps = 0;
	const struct tok *t;

	if (j == 0 || !(t = T(s, j - 1)) || t->kind != TOK_WORD || !tok_is_cap(s->text, t))
		return 0;
	for (k = j, n = 0; k > 0 && n < TITLE_WALK_MAX; n++) {
		k--;
		t = T(s, k);
		if (t->kind == TOK_WORD && tok_is_cap(s->text, t) && !title_small_word(s, k))
			caps++;
		if (title_name_word(s, k) &&
		    (caps >= 2 || (k == j - 1 && tok_is(s->text, t, "vision") && is_word(s, j, "to")) ||
		     (k > 0 && s->t[k - 1].kind == TOK_WORD && tok_is_cap(s->text, &s->t[k - 1]) &&
		      !title_small_word(s, k - 1))))
			return 1;
		if (t->kind == TOK_WORD && (tok_is_cap(s->text, t) || title_small_word(s, k)) &&
		    t->space < 3)
			continue;
		/* "Socio-Economic", "Women's": glued hyphens and apostrophes */
		if (t->kind == TOK_PUNCT && t->space == 0 && k + 1 < s->nt && s->t[k + 1].space == 0 &&
		    (tok_is_dash(t) || t->cp == '\'' || t->cp == 0x2019))
			continue;
		if (t->kind == TOK_WORD && t->space == 0 && k > 0 && s->t[k - 1].kind == TOK_PUNCT)
			continue;       /* the "s" of "Women's" */
		break;
	}
	return 0;
}

/*
 * Vietnamese titles are in sentence case: "Chiến lược" (strategy) with
 * a capital, then any words up to "đến" with no punctuation between.
 */
static int title_vi_ends_at(const struct scan *s, size_t j)
{
	size_t k, n;
	for (k = j, n = 0; k > 1 && n < TITLE_WALK_MAX; n++) {
		k--;
		if (s->t[k].kind != TOK_WORD || s->t[k].space >= 2)
			return 0;
		if (is_word(s, k, "lược") && is_word(s, k - 1, "Chiến") &&
		    tok_is_cap(s->text, &s->t[k - 1]))
			return 1;
	}
	return 0;
}

/*
 * ", Vision to 2030", ", tầm nhìn đến năm 2030" right after a title
 * year: the second half of the same title.
 */
static int title_continues(const struct scan *s, size_t j)
{
	const struct date_expr *last;
	size_t k;

	if (j >= 2 && is_word(s, j - 1, "vision"))
		k = j - 2;
	else if (j >= 3 && is_word(s, j - 1, "nhìn") && is_word(s, j - 2, "tầm"))
		k = j - 3;
	else
		return 0;
	if (!is_punct(s, k, ',') || !s->out->nr)
		return 0;
	last = &s->out->v[s->out->nr - 1];
	return last->kind == DATE_KIND_TITLE && last->end == s->t[k].start;
}

/*
 * The expression starting at token ti is a title year: a bound "up to,
 * until, through, to, towards, đến" (not since, after, by, before: no
 * title says those), a bare year or range after "to" or "for the
 * period", right after a title.
 */
static int title_year(const struct scan *s, size_t ti, enum date_kind kind, enum date_bound bound)
{
	size_t j = ti;

	if (kind == DATE_KIND_BOUND) {
		if (bound != DATE_BOUND_UNTIL && bound != DATE_BOUND_THROUGH &&
		    bound != DATE_BOUND_UP_TO)
			return 0;
		if (is_word(s, ti, "đến") || is_word(s, ti, "Đến"))
			return title_vi_ends_at(s, ti) || title_continues(s, ti);
	} else if (ti >= 3 && is_word(s, ti - 1, "period") && is_word(s, ti - 2, "the") &&
		   is_word(s, ti - 3, "for")) {
		j = ti - 3;
	} else if (kind == DATE_KIND_DATE && ti >= 1 && is_word(s, ti - 1, "to") &&
		   s->t[ti].kind == TOK_NUM) {
		j = ti - 1;
	} else {
		return 0;
	}
	return title_ends_at(s, j) || title_continues(s, j);
}

static void emit(struct scan *s, size_t ti, size_t tj, const struct point *a,
		 const struct point *b, enum date_kind kind, enum date_bound bound)
{
	struct date_expr *e;
	struct fmtbuf f;

	if (a->v.prec == DATE_PREC_YEAR && title_year(s, ti, kind, bound)) {
		kind = DATE_KIND_TITLE;
		bound = DATE_BOUND_NONE;
	}

	if (s->out->nr >= DATES_MAX) {
		s->overflow = 1;
		return;
	}
	ALLOC_GROW(s->out->v, s->out->nr + 1, s->out->alloc);
	e = &s->out->v[s->out->nr++];
	memset(e, 0, sizeof(*e));
	e->start = s->t[ti].start;
	e->end = s->t[tj - 1].end;
	e->kind = kind;
	e->bound = bound;
	e->a = a->v;
	e->relative = a->relative || (b && b->relative);
	e->start_incl = 1;
	e->end_incl = 1;
	/* each date is at most 22 bytes ("2016-01-11T11:00", a year of ten digits): none is cut */
	fmt_init(&f, e->value, sizeof(e->value));
	if ((kind == DATE_KIND_RANGE || kind == DATE_KIND_TITLE) && b) {
		e->b = b->v;
		date_put(&f, &a->v);
		fmt_mem(&f, "/", 1);
		date_put(&f, &b->v);
	} else if (kind == DATE_KIND_BOUND) {
		if (bound == DATE_BOUND_SINCE || bound == DATE_BOUND_AFTER) {
			date_put(&f, &a->v);
			fmt_mem(&f, "/..", 3);
			e->start_incl = bound == DATE_BOUND_SINCE;
		} else {
			fmt_mem(&f, "../", 3);
			date_put(&f, &a->v);
			e->end_incl = bound != DATE_BOUND_BEFORE;
		}
	} else {
		date_put(&f, &a->v);
	}
	/*
	 * The nearest explicit date is what later relative forms lean on;
	 * not a bound ("Through 2020") nor a date after the document's own
	 * (a target year in a title says nothing about the narrative).
	 */
	if (a->v.year >= 0 && a->v.prec >= DATE_PREC_YEAR && kind != DATE_KIND_BOUND &&
	    kind != DATE_KIND_TITLE &&
	    !(anchor_of(s) && a->v.year > anchor_of(s)->year)) {
		const struct date_value *last = kind == DATE_KIND_RANGE && b && b->v.year >= 0 ?
			&b->v : &a->v;
		if (!a->deictic || a->v.prec >= DATE_PREC_DAY) {
			s->have_ctx = 1;
			s->ctx = *last;
			s->ctx_end = e->end;
			s->ctx_tok = tj - 1;
		}
	}
}

/* A bound or range prefix at i: returns its bound (or range marker) and tokens used. */
enum prefix { PFX_NONE, PFX_BOUND, PFX_BETWEEN, PFX_FROM };

static size_t prefix_at(const struct scan *s, size_t i, enum prefix *pf, enum date_bound *b)
{
	*pf = PFX_BOUND;
	switch (lookup(s, T(s, i), LEX_WORD)) {
	case SW_UNTIL:
	case SW_TILL:
		*b = DATE_BOUND_UNTIL;
		return 1;
	case SW_THROUGH:
	case SW_THRU:
		*b = DATE_BOUND_THROUGH;
		return 1;
	case SW_UP:
		if (is_word(s, i + 1, "to")) {
			*b = DATE_BOUND_UP_TO;
			return 2;
		}
		if (is_word(s, i + 1, "until")) {
			*b = DATE_BOUND_UNTIL;
			return 2;
		}
		break;
	case SW_TO:
		if (!(i > 0 && is_word(s, i - 1, "vision")))
			break;
		/* fall through */
	case SW_TOWARDS:
	case SW_TOWARD:
	case SW_DEN:
	case SW_DEN_CAP:
		*b = DATE_BOUND_UP_TO;
		return 1;
	case SW_BY:
		*b = DATE_BOUND_BY;
		return 1;
	case SW_BEFORE:
		*b = DATE_BOUND_BEFORE;
		return 1;
	case SW_SINCE:
	case SW_TU:
		*b = DATE_BOUND_SINCE;
		return 1;
	case SW_AFTER:
		*b = DATE_BOUND_AFTER;
		return 1;
	case SW_BETWEEN:
		*b = DATE_BOUND_NONE;
		*pf = PFX_BETWEEN;
		return 1;
	case SW_FROM:
		*b = DATE_BOUND_NONE;
		*pf = PFX_FROM;
		return 1;
	}
	*b = DATE_BOUND_NONE;
	*pf = PFX_NONE;
	return 0;
}

/* Range end after a point ended at k: "-18", "- 2013", "to March 2016", "and 2013". */
static size_t range_end(struct scan *s, size_t k, enum prefix pf, struct point *a, struct point *b)
{
	size_t n, k2;
	int d, dummy = 0;

	if (T(s, k) && tok_is_dash(T(s, k))) {
		k2 = k + 1;
		/* "February 16-18": a day after a day */
		if (a->v.prec == DATE_PREC_DAY && !a->has_year && (n = day_at(s, k2, &d)) &&
		    d > a->v.day && d <= month_days(-1, a->v.month) && !month_at(s, k2 + n, &dummy, &dummy)) {
			int y;
			size_t ny;
			*b = *a;
			b->v.day = d;
			k2 += n;
			if ((ny = year_after(s, k2, &y))) {
				a->v.year = b->v.year = y;
				a->has_year = b->has_year = 1;
				a->relative = b->relative = 0;
				k2 += ny;
			}
			return k2 - k;
		}
		/* "2001-2005", "2001 - 2005" */
		if (a->v.prec == DATE_PREC_YEAR && a->has_year) {
			int y = year_value(s, k2);
			if (y > a->v.year && !year_is_other(s, k2) && !is_punct(s, k2 + 1, '-')) {
				point_init(b);
				b->v.year = y;
				b->v.prec = DATE_PREC_YEAR;
				b->has_year = 1;
				return 2;
			}
		}
		return 0;
	}
	if ((pf == PFX_FROM && (is_word(s, k, "to") || is_word(s, k, "until") ||
				is_word(s, k, "till") || is_word(s, k, "through"))) ||
	    (pf == PFX_BETWEEN && is_word(s, k, "and"))) {
		k2 = k + 1;
		if ((n = parse_point(s, k2, b, 0)) && b->v.prec >= DATE_PREC_YEAR) {
			if (!a->has_year && b->has_year && a->v.prec >= DATE_PREC_MONTH) {
				a->v.year = b->v.year;
				a->has_year = 1;
				a->relative = 0;
			}
			if (!b->has_year && a->has_year && b->v.prec >= DATE_PREC_MONTH) {
				b->v.year = a->v.year;
				b->has_year = 1;
				b->relative = 0;
			}
			return k2 + n - k;
		}
		/* "from 2016 to 2020": a bare year accepted after "to" */
		if ((n = parse_point(s, k2, b, 1)))
			return k2 + n - k;
	}
	return 0;
}

enum dates_result dates_scan(const char *text, size_t len, const struct date_anchor *anchor,
			     struct date_list *out)
{
	struct tok_list tl = { NULL, 0, 0 };
	enum dates_result ret;

	tok_scan(text, len, &tl);
	ret = dates_scan_tokens(text, len, &tl, anchor, out);
	tok_list_release(&tl);
	return ret;
}

enum dates_result dates_scan_tokens(const char *text, size_t len, const struct tok_list *tl,
				    const struct date_anchor *anchor, struct date_list *out)
{
	struct scan s;
	unsigned char *code = NULL;
	size_t i;
	enum dates_result ret = DATES_OK;

	memset(&s, 0, sizeof(s));
	s.text = text;
	s.len = len;
	s.t = tl->v;
	s.nt = tl->nr;
	s.anchor = anchor;
	s.out = out;
	if (!lex_ready)
		lex_build();
	code = xmalloc(s.nt + 1);
	lex_codes(text, len, s.t, s.nt, code);
	s.code = code;

	for (i = 0; (i = next_code(code, s.nt, i)) < s.nt && !s.overflow;) {
		struct point a, b;
		enum prefix pf;
		enum date_bound bd;
		size_t np = 0, n, nr;
		const struct lex_word *w = &lex_words[code[i]];
		int cls = w->start;

		/*
		 * "the" starts one form, "the following year": not without an
		 * order word after it (parse_relative())
		 */
		if (w->val[LEX_WORD] == SW_THE &&
		    (i + 1 >= s.nt || lex_words[code[i + 1]].val[LEX_ORDER] < 0))
			cls = 0;
		if (!cls) {
			i++;
			continue;
		}
		if (cls & START_PREFIX)
			np = prefix_at(&s, i, &pf, &bd);
		if (np && is_word(&s, i + np, "the") && pf != PFX_NONE)
			np++;   /* "since the 1990s" */
		if (np) {
			n = parse_point(&s, i + np, &a, pf == PFX_FROM || pf == PFX_BETWEEN);
			if (n && pf == PFX_BETWEEN && a.v.prec == DATE_PREC_MONTH && !a.has_year &&
			    !is_word(&s, i + np + n, "and"))
				n = 0;
			if (n && (a.v.prec >= DATE_PREC_YEAR || a.has_year)) {
				size_t k = i + np + n;
				nr = range_end(&s, k, pf == PFX_NONE || pf == PFX_BOUND ? PFX_NONE : pf, &a, &b);
				if (nr) {
					int ra = resolve(&s, &a, s.t[i].start, i + np);
					int rb = resolve(&s, &b, s.t[i].start, k);
					if (!ra && !rb)
						emit(&s, i, k + nr, &a, &b, DATE_KIND_RANGE, DATE_BOUND_NONE);
					i = k + nr;
					continue;
				}
				if (pf == PFX_BOUND && (a.v.prec >= DATE_PREC_YEAR || a.has_year) &&
				    !(bd == DATE_BOUND_BY && !a.has_year) && !resolve(&s, &a, s.t[i].start, i + np)) {
					emit(&s, i, k, &a, NULL, DATE_KIND_BOUND, bd);
					i = k;
					continue;
				}
				if (pf == PFX_FROM && !a.relative && !resolve(&s, &a, s.t[i].start, i + np)) {
					/* "from 2016" alone: a start bound, like "since" */
					emit(&s, i, k, &a, NULL, DATE_KIND_BOUND, DATE_BOUND_SINCE);
					i = k;
					continue;
				}
			}
			i++;
			continue;
		}

		n = cls & START_POINT ? parse_point(&s, i, &a, 0) : 0;
		if (n) {
			size_t k = i + n;
			nr = range_end(&s, k, PFX_NONE, &a, &b);
			if (nr) {
				int ra = resolve(&s, &a, s.t[i].start, i);
				int rb = resolve(&s, &b, s.t[i].start, k);
				if (!ra && !rb)
					emit(&s, i, k + nr, &a, &b, DATE_KIND_RANGE, DATE_BOUND_NONE);
				i = k + nr;
				continue;
			}
			if (!resolve(&s, &a, s.t[i].start, i))
				emit(&s, i, k, &a, NULL, DATE_KIND_DATE, DATE_BOUND_NONE);
			i = k;
			continue;
		}
		n = cls & START_REL ? parse_relative(&s, i, &a) : 0;
		if (n) {
			if (!resolve(&s, &a, s.t[i].start, i))
				emit(&s, i, i + n, &a, NULL, DATE_KIND_DATE, DATE_BOUND_NONE);
			i += n;
			continue;
		}
		i++;
	}
	if (s.overflow)
		ret = DATES_ERR_LIMIT;
	free(code);
	return ret;
}

/* ---- the document's own date ---- */

/*
 * s[0..n) is a label: "received", "published", "posted", "updated",
 * "dated", "date", "submitted", "released" or "issued", ASCII case
 * aside (as tok_is() compares). By length first: nearly every word
 * has none of the five lengths or first letters.
 */
static int is_label(const char *s, size_t n)
{
	int c;

	if (n < 4 || n > 9)
		return 0;
	c = ch_tolower((unsigned char)s[0]);
	switch (n) {
	case 4: return c == 'd' && mem_ieq(s, n, "date");
	case 5: return c == 'd' && mem_ieq(s, n, "dated");
	case 6: return (c == 'p' && mem_ieq(s, n, "posted")) || (c == 'i' && mem_ieq(s, n, "issued"));
	case 7: return c == 'u' && mem_ieq(s, n, "updated");
	case 8: return c == 'r' && (mem_ieq(s, n, "received") || mem_ieq(s, n, "released"));
	default: return (c == 'p' && mem_ieq(s, n, "published")) ||
			(c == 's' && mem_ieq(s, n, "submitted"));
	}
}

static int label_word(const char *text, const struct tok *p)
{
	return is_label(text + p->start, p->end - p->start);
}

static int label_before(const char *text, const struct tok *t, size_t i)
{
	size_t k;
	for (k = 1; k <= 2 && k <= i; k++) {
		const struct tok *p = &t[i - k];
		if (p->kind == TOK_PUNCT && (p->cp == ':' || p->cp == ','))
			continue;
		return label_word(text, p);
	}
	return 0;
}

/*
 * The first date of text[base..len) that anchors the document (see
 * dates_find_anchor()). tl and dl are the caller's scratch, reused from
 * window to window: the window is tokenized once, for the dates and
 * for the labels before them.
 */
static int anchor_in(const char *text, size_t len, size_t base, struct tok_list *tl,
		     struct date_list *dl, struct date_value *out, size_t *at)
{
	size_t i, j = 0;
	int found = 0;

	dl->nr = 0;
	tok_scan(text + base, len - base, tl);
	dates_scan_tokens(text + base, len - base, tl, NULL, dl);
	for (i = 0; i < dl->nr && !found; i++) {
		const struct date_expr *e = &dl->v[i];
		size_t ls, le, es = base + e->start, ee = base + e->end;
		if (e->kind != DATE_KIND_DATE || e->relative || e->a.prec < DATE_PREC_DAY ||
		    e->a.year < 0)
			continue;
		while (j < tl->nr && tl->v[j].start < e->start)
			j++;
		if (j < tl->nr && label_before(text + base, tl->v, j)) {
			found = 1;
			break;
		}
		/* a byline: the date alone on an early line */
		if (es > 2000)
			continue;
		ls = es;
		while (ls > 0 && text[ls - 1] != '\n')
			ls--;
		le = ee;
		while (le < len && text[le] != '\n')
			le++;
		if ((le - ls) < (ee - es) + 8) {
			found = 1;
			break;
		}
	}
	if (found) {
		*out = dl->v[i].a;
		if (at)
			*at = base + dl->v[i].start;
	}
	return found;
}

/* The end of a window that starts at from: the line's end, within cap bytes, on a space. */
static size_t window_end(const char *text, size_t len, size_t from, size_t cap)
{
	size_t e = mem_line_end(text, len, from);
	if (e - from > cap) {
		e = from + cap;
		while (e > from && text[e] != ' ')
			e--;
		if (e == from)
			e = from + cap;
	}
	return e;
}

static int ascii_letter(const char *text, size_t i)
{
	return ch_isalpha((unsigned char)text[i]);
}

/*
 * Is text[s..e), a run of ASCII letters, one word token of
 * tok_scan(text, len)? A byte at or above 0x80 next to it may be a
 * letter of the same word ("étated") or punctuation ("“dated”"): the
 * run's line is tokenized to tell. From a line's start tok_scan()
 * finds the tokens it finds from the text's start (a '\n' is no byte
 * of a UTF-8 sequence), and no token runs across a '\n'.
 */
static int run_is_token(const char *text, size_t len, size_t s, size_t e, struct tok_list *tl)
{
	size_t ls = s, le = mem_line_end(text, len, e), i;

	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	tok_scan(text + ls, le - ls, tl);
	for (i = 0; i < tl->nr && tl->v[i].start < s - ls; i++)
		;
	return i < tl->nr && tl->v[i].start == s - ls && tl->v[i].end == e - ls &&
	       tl->v[i].kind == TOK_WORD;
}

/* The first c of text[from..len), or len. */
static size_t find_byte(const char *text, size_t len, size_t from, char c)
{
	const char *p = from < len ? memchr(text + from, c, len - from) : NULL;
	return p ? (size_t)(p - text) : len;
}

/*
 * The offset of the first label (is_label()) that is a word token of
 * tok_scan(text, len) starting at or after from, or len. Labels are
 * ASCII and each has a 'd': the d's are found (memchr()), then the run
 * of ASCII letters around each, and only a run that spells a label is
 * checked against its neighbours. The text is not tokenized (that was
 * most of the search's time), nor read a byte at a time.
 */
static size_t next_label(const char *text, size_t len, size_t from, struct tok_list *tl)
{
	size_t q, s, e, d = find_byte(text, len, from, 'd'), big = find_byte(text, len, from, 'D');

	while ((q = d < big ? d : big) < len) {
		for (s = q; s > 0 && ascii_letter(text, s - 1); s--)
			;
		for (e = q + 1; e < len && ascii_letter(text, e); e++)
			;
		/* a run that starts before from is not a token that starts after it */
		if (s >= from && is_label(text + s, e - s)) {
			/* bounded by ASCII bytes that are not letters, or the ends: a token */
			if ((s == 0 || (unsigned char)text[s - 1] < 0x80) &&
			    (e == len || (unsigned char)text[e] < 0x80))
				return s;
			if (run_is_token(text, len, s, e, tl))
				return s;
		}
		/* the next run's d's */
		if (d < e)
			d = find_byte(text, len, e, 'd');
		if (big < e)
			big = find_byte(text, len, e, 'D');
	}
	return len;
}

/*
 * Only two places can hold the anchor: the first lines (a byline within
 * 2000 bytes) and the words right after a label. Scanning those windows
 * instead of the whole text keeps the search from doubling the cost of
 * every caller that then scans the text with the anchor found.
 */
int dates_find_anchor(const char *text, size_t len, struct date_value *out, size_t *at)
{
	struct tok_list tl = { NULL, 0, 0 };
	struct date_list dl;
	size_t s, e, head_end = len < 2000 ? len : window_end(text, len, 2000, 200);
	int found;

	date_list_init(&dl);
	found = anchor_in(text, head_end, 0, &tl, &dl, out, at);
	for (s = head_end; !found && (s = next_label(text, len, s, &tl)) < len; s = e) {
		/* the label itself starts the window: label_before() looks back at it */
		e = window_end(text, len, s, 200);
		found = anchor_in(text, e, s, &tl, &dl, out, at);
		/* the next label cannot start before this window ends */
	}
	date_list_release(&dl);
	tok_list_release(&tl);
	return found;
}
