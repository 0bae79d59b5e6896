/*
 * figures.h - numbers in running text: counts, ordinals, money and
 * percentages, with the hedge that bounds them and the noun they count.
 *
 * Digits with thousands separators ("1,200", "3185"; "1.200.000" but
 * not the ambiguous "1.200"), decimals ("40.1"), number words
 * ("twenty-five", "sixtynine", "one hundred and five"), ordinals
 * ("Twelfth", "12th", "11 th", the typo "11st"). Hedges are kept as
 * bounds in the value: "over 80" -> ">80", "at least 5" -> ">=5",
 * "up to 9" -> "<=9", "nearly 50" -> "<50" (approximate), "about 30"
 * -> "~30". Money carries its currency and scale ("USD 18 million" ->
 * "USD 18000000"), percentages a "%" ("12%").
 *
 * Not figures: numbers inside date expressions (pass them in),
 * identifiers ("Resolution No. 13", "HQ 186", "P-3C", "806-NQ/QUTW"),
 * locators ("Vol. 32", "p. 37-38"), callouts ("[21; p.37]"), section
 * numbers ("2.2.1."), superscript note numbers glued to a word.
 */
#ifndef PROVCHECK_FIGURES_H
#define PROVCHECK_FIGURES_H

#include <stddef.h>

struct date_list;

enum figure_kind {
	FIG_COUNT = 0,
	FIG_ORDINAL,
	FIG_MONEY,
	FIG_PERCENT
};

enum figure_hedge {
	HEDGE_EXACT = 0,
	HEDGE_OVER,             /* over, more than, above: > */
	HEDGE_AT_LEAST,         /* >= */
	HEDGE_UNDER,            /* less than, fewer than, under: < */
	HEDGE_UP_TO,            /* up to, at most: <= */
	HEDGE_NEARLY,           /* nearly, almost: < and close */
	HEDGE_ABOUT             /* about, around, some, approximately: ~ */
};

const char *figure_kind_name(enum figure_kind k);
/* Static prefix of a hedge in a value: "", ">", ">=", "<", "<=", "<", "~". */
const char *figure_hedge_prefix(enum figure_hedge h);

#define FIGURE_VALUE_MAX 48

struct figure {
	size_t start, end;              /* the figure with its hedge and currency */
	enum figure_kind kind;
	enum figure_hedge hedge;
	double value;                   /* scaled: "18 million" -> 18000000 */
	char currency[8];               /* "USD", "VND", "EUR", "GBP", "" */
	size_t noun_start, noun_end;    /* the counted noun phrase, empty if none */
	char value_str[FIGURE_VALUE_MAX];       /* normalized: ">80", "USD 18000000", "12%" */
};

struct figure_list {
	struct figure *v;
	size_t nr, alloc;
};

void figure_list_init(struct figure_list *l);
void figure_list_release(struct figure_list *l);

#define FIGURES_MAX 200000

/*
 * Appends the figures of text[0..len) to out in text order. dates (may
 * be NULL) are the date expressions of the same text: numbers inside
 * them are not figures. Returns 0, or -1 when FIGURES_MAX was reached.
 */
int figures_scan(const char *text, size_t len, const struct date_list *dates,
		 struct figure_list *out);
/*
 * As figures_scan(), over tl, the tokens of text[0..len) as tok_scan()
 * gives them (borrowed), for a caller that tokenized the text already.
 */
struct tok_list;
int figures_scan_tokens(const char *text, size_t len, const struct tok_list *tl,
			const struct date_list *dates, struct figure_list *out);

/*
 * Whether two stated figures can both be true: 1 compatible ("over 80"
 * and 83, "about 30" and 31, 25 and "twenty-five"), 0 not.
 */
int figure_compatible(const struct figure *a, const struct figure *b);

/*
 * Value of a number word or hyphenated compound at s[0..n) ("twelve",
 * "twenty-five", "sixtynine"); *ordinal is set for "twelfth". -1 if
 * none. Used by the entity keys as well.
 */
long figures_word_value(const char *s, size_t n, int *ordinal);

#endif
