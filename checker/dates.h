/*
 * dates.h - date expressions in running text: found, normalized to
 * ISO 8601 at their own precision, with ranges and bounds made explicit.
 *
 * Values follow TimeML's TIMEX3 conventions: a day "2016-01-11", a
 * month "2016-01", a year "2016", a decade by its first three digits
 * ("1990s" -> "199"), a century by its first two ("21st century" ->
 * "20"), a time of day "2018-03-22T11:00". An unknown year is "XXXX"
 * ("In March" with nothing to take the year from -> "XXXX-03"). A day
 * is never invented: "January 2016" stays "2016-01".
 *
 * Ranges are "start/end" with both ends inclusive at their precision
 * ("between 2008 and 2013" -> "2008/2013", "February 16-18" ->
 * "2016-02-16/2016-02-18"). Bounds use ISO 8601-2's open end "..":
 * "until/through/up to/by 2020" -> "../2020" (end inclusive: the whole
 * of 2020 is in), "before 2020" -> "../2020" with the end exclusive,
 * "since 2010" -> "2010/.." (start inclusive), "after 2010" -> "2010/.."
 * with the start exclusive. The inclusive flags say which. A year in an
 * instrument's title ("the Strategy for Marine Economy up to 2030") is
 * no bound but a DATE_KIND_TITLE.
 *
 * Underspecified and relative expressions ("In March", "Aug. 7", "a
 * year later", "the following year", "the previous month") take what
 * they lack from the nearest explicit date before them (for a bare
 * month or month-day: in the same paragraph and close by), else from
 * the anchor (the document's own date); deictic ones ("last year",
 * "yesterday", "Friday", "two years ago") from the anchor only.
 *
 * Not dates: numbers that are part of identifiers ("130/2020/QH14",
 * "806-NQ/QUTW"), volume, issue and page locators ("Vol. 32", "No. 1",
 * "p. 2011", "25-48"), quantities ("2000 troops"), digit groups of phone
 * numbers, numbers glued into larger numbers ("1,2016" or "2016.5").
 */
#ifndef PROVCHECK_DATES_H
#define PROVCHECK_DATES_H

#include <stddef.h>

enum date_prec {
	DATE_PREC_NONE = 0,
	DATE_PREC_CENTURY,
	DATE_PREC_DECADE,
	DATE_PREC_YEAR,
	DATE_PREC_MONTH,
	DATE_PREC_DAY,
	DATE_PREC_MINUTE
};

/* Static name: "century", "decade", "year", "month", "day", "minute", "none". */
const char *date_prec_name(enum date_prec p);

/*
 * A point in time at a precision. year is the full year (a decade
 * 1990, a century 1900 for the 20th); -1 when unknown. Fields finer
 * than prec are 0.
 */
struct date_value {
	int year;
	int month, day, hour, minute;
	enum date_prec prec;
};

enum date_kind {
	DATE_KIND_DATE = 0,
	DATE_KIND_RANGE,
	DATE_KIND_BOUND,
	/*
	 * A year (or period) that is part of an instrument's title: "the
	 * Strategy for Marine Economy up to 2030", "Vision to 2030", "the
	 * Programme for the period 2021-2030". value is the year ("2030") or
	 * the period ("2021/2030"), with no bound: the title names a horizon,
	 * it does not say that something ends then. Not used as context.
	 */
	DATE_KIND_TITLE
};

enum date_bound {
	DATE_BOUND_NONE = 0,
	DATE_BOUND_UNTIL,       /* until, till: end inclusive */
	DATE_BOUND_THROUGH,     /* through: end inclusive */
	DATE_BOUND_UP_TO,       /* up to, "đến năm": end inclusive */
	DATE_BOUND_BY,          /* by (a deadline): end inclusive */
	DATE_BOUND_BEFORE,      /* before: end exclusive */
	DATE_BOUND_SINCE,       /* since: start inclusive */
	DATE_BOUND_AFTER        /* after: start exclusive */
};

/* Static name of a bound word ("until", "through", ...), "" for none. */
const char *date_bound_name(enum date_bound b);

#define DATE_VALUE_MAX 64

struct date_expr {
	size_t start, end;      /* byte range in the scanned text */
	enum date_kind kind;
	enum date_bound bound;
	int relative;           /* 1: completed from context or the anchor */
	struct date_value a;    /* the date; a range's start; a bound's date */
	struct date_value b;    /* a range's end */
	int start_incl, end_incl;
	char value[DATE_VALUE_MAX];     /* normalized, as described above */
};

/*
 * "date", "range", "bound", "title-year", or "relative" when completed
 * from context.
 */
const char *date_expr_type(const struct date_expr *e);

struct date_anchor {
	struct date_value v;    /* prec DATE_PREC_NONE: no anchor */
};

struct date_list {
	struct date_expr *v;
	size_t nr, alloc;
};

void date_list_init(struct date_list *l);
void date_list_release(struct date_list *l);

enum dates_result {
	DATES_OK = 0,
	DATES_ERR_LIMIT         /* more than DATES_MAX expressions: the rest were dropped */
};

#define DATES_MAX 200000

const char *dates_strerror(enum dates_result r);

/*
 * Finds the date expressions of text[0..len) (UTF-8) in text order and
 * appends them to out. anchor may be NULL. Offsets are byte offsets
 * into text.
 */
enum dates_result dates_scan(const char *text, size_t len, const struct date_anchor *anchor,
			     struct date_list *out);
/*
 * As dates_scan(), over tl, the tokens of text[0..len) as tok_scan()
 * gives them (borrowed): a caller that runs several scanners over the
 * same text tokenizes it once.
 */
struct tok_list;
enum dates_result dates_scan_tokens(const char *text, size_t len, const struct tok_list *tl,
				    const struct date_anchor *anchor, struct date_list *out);

/* Formats v as described above into buf (at least DATE_VALUE_MAX bytes). */
void date_format(const struct date_value *v, char *buf, size_t n);

/*
 * Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" (a longer ISO 8601 timestamp
 * is cut to the day). Returns 0, or -1 if s[0..n) is not such a date.
 */
int date_parse_iso(const char *s, size_t n, struct date_value *out);

/*
 * Compares two dates at the precision both have: 1 if they agree
 * ("2016" and "2016-01"; "199" and "1995"), 0 if they differ, -1 if
 * either has an unknown year.
 */
int date_agree(const struct date_value *a, const struct date_value *b);

/*
 * The document's own date as the text states it: a byline date alone
 * on one of the first lines, or a date labelled "Received", "Published",
 * "Posted", "Updated", "Dated" or "Date:". Returns 1 and fills *out
 * (and *at, the expression's offset, if not NULL), or 0 if none.
 */
int dates_find_anchor(const char *text, size_t len, struct date_value *out, size_t *at);

#endif
