/*
 * callout.c - phase 2 of refs_parse(): in-text citation callouts.
 *
 * Scans the normalized reading text (doc->text), skipping what phase 1
 * found to be lists and note areas. Bracketed callouts are parsed by a
 * small grammar:
 *
 *   callout := part (';' part)*
 *   part    := [prefix] targets | locator
 *   targets := target ((',' | 'and') target)*
 *   target  := N ['-' N] [letter] | letter          (after "4a": "b")
 *   locator := ("p." | "pp." | "page" | "tr." | "ch." | "para." ...) text
 *
 * Anything else in brackets ("[and]", "[s]", "[binh@x.vn]", "[2015]")
 * is not a callout. Parenthetical "(1)" counts only when the document
 * has a "(1)" notes list and the "(1)" closes a clause rather than
 * opening an enumerated item. Footnote markers flattened into words
 * ("Congress2.") count only as a run rising 1, 2, 3 ... in reading
 * order whose numbers have note bodies.
 */
#include "refs.h"
#include "refs_internal.h"
#include "buf.h"
#include "doc.h"
#include "fmt.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#define BRACKET_MAX 160
#define RANGE_MAX 50

void refs_callout_release(struct refs_callout *c)
{
	size_t i;
	for (i = 0; i < c->nr_targets; i++) {
		free(c->targets[i].locator);
		free(c->targets[i].prefix);
	}
	free(c->targets);
	c->targets = NULL;
	c->nr_targets = c->alloc_targets = 0;
	free(c->text);
	c->text = NULL;
}

static struct refs_target *add_target(struct refs_callout *c, long num, char sub,
				      const char *prefix, size_t plen)
{
	struct refs_target *t;
	struct fmtbuf f;
	ALLOC_GROW(c->targets, c->nr_targets + 1, c->alloc_targets);
	t = &c->targets[c->nr_targets++];
	memset(t, 0, sizeof(*t));
	t->number = num;
	t->sub = sub;
	/* "%ld%c" without snprintf(): a target is added for every callout */
	fmt_init(&f, t->label, sizeof(t->label));
	fmt_int(&f, num, 1);
	if (sub)
		fmt_mem(&f, &sub, 1);
	t->entry = -1;
	if (plen)
		t->prefix = xstrndup(prefix, plen);
	return t;
}

/* Value of the digits s[a..b) (at most 4; callers checked); no NUL needed. */
static long digits_value(const char *s, size_t a, size_t b)
{
	long v = 0;
	for (; a < b && ch_isdigit((unsigned char)s[a]); a++)
		v = v * 10 + (s[a] - '0');
	return v;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	return i;
}

/* Length of a dash at s[i]: -, en dash, em dash; 0 if none. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	return 0;
}

static const char *const locator_words[] = {
	"pp.", "pp", "p.", "p", "pages", "page", "tr.", "trang", "ch.", "chap.", "chapter",
	"para.", "paras.", "par.", "fig.", "sec.", "section", "vol.", "col.", "at", "§", "¶",
	"s.", "str.", "S."
};

static const char *const prefix_words[] = {
	"see more in", "see also", "see e.g.", "see, e.g.,", "see", "c.f.", "cf.", "cf",
	"compare", "e.g.,", "e.g.", "and", "also", "xem thêm", "xem"
};

__attribute__((always_inline))
static inline int starts_word(const char *s, size_t n, size_t i, const char *w, size_t *len)
{
	size_t l;
	/* the first byte rules out most words cheaply (tried with every locator and prefix word) */
	if (i >= n || ch_tolower((unsigned char)s[i]) != ch_tolower((unsigned char)w[0]))
		return 0;
	l = strlen(w);
	if (i + l > n || !mem_ieq(s + i, l, w))
		return 0;
	/* a word must end here unless it ends in punctuation */
	if (ch_isalpha((unsigned char)w[l - 1]) && i + l < n && ch_isalpha((unsigned char)s[i + l]))
		return 0;
	*len = l;
	return 1;
}

/* A target list "2, 3, 4", "1-5", "4a,b" in s[a..b); 1 if it parses. */
static int parse_targets(const char *s, size_t a, size_t b, struct refs_callout *c,
			 const char *prefix, size_t plen)
{
	size_t i = a;
	long last = -1;
	int any = 0;
	while (i < b) {
		size_t d, dl, wl;
		long v, w;
		i = skip_sp(s, b, i);
		if (i >= b)
			break;
		if (ch_isdigit((unsigned char)s[i])) {
			d = i;
			while (i < b && ch_isdigit((unsigned char)s[i]) && i - d < 4)
				i++;
			if (i < b && ch_isdigit((unsigned char)s[i]))
				return 0;
			v = digits_value(s, d, i);
			if (v < 1 || v > 999)
				return 0;
			if (i < b && ch_islower((unsigned char)s[i]) &&
			    (i + 1 >= b || !ch_isalpha((unsigned char)s[i + 1]))) {
				add_target(c, v, s[i], prefix, plen);
				i++;
			} else if ((dl = dash_at(s, b, skip_sp(s, b, i))) != 0) {
				size_t k = skip_sp(s, b, skip_sp(s, b, i) + dl), e = k;
				while (e < b && ch_isdigit((unsigned char)s[e]) && e - k < 4)
					e++;
				if (e == k)
					return 0;
				w = digits_value(s, k, e);
				if (w <= v || w - v > RANGE_MAX)
					return 0;
				for (; v <= w; v++)
					add_target(c, v, 0, prefix, plen);
				v = w;
				i = e;
			} else {
				add_target(c, v, 0, prefix, plen);
			}
			last = v;
			any = 1;
		} else if (ch_islower((unsigned char)s[i]) && last > 0 &&
			   (i + 1 >= b || !ch_isalpha((unsigned char)s[i + 1])) &&
			   c->nr_targets && c->targets[c->nr_targets - 1].sub) {
			/* "4a,b" */
			add_target(c, last, s[i], prefix, plen);
			i++;
		} else if (starts_word(s, b, i, "and", &wl) || starts_word(s, b, i, "&", &wl)) {
			i += wl;
			continue;
		} else {
			return 0;
		}
		i = skip_sp(s, b, i);
		if (i < b && s[i] == ',')
			i++;
		else if (i < b && !(starts_word(s, b, i, "and", &wl) || s[i] == '&'))
			return 0;
	}
	return any;
}

/* A locator "p.179", "pp. 157 - 158", "p. 253" in s[a..b): it must hold a number. */
static int is_locator(const char *s, size_t a, size_t b)
{
	size_t k, l, i;
	for (k = 0; k < ARRAY_SIZE(locator_words); k++) {
		if (!starts_word(s, b, a, locator_words[k], &l))
			continue;
		i = skip_sp(s, b, a + l);
		if (i < b && ch_isdigit((unsigned char)s[i])) {
			/* the rest: digits, dashes, commas, "ff", roman numerals */
			for (; i < b; i++) {
				unsigned char ch = (unsigned char)s[i];
				if (!(ch_isdigit(ch) || ch == ' ' || ch == ',' || ch == '-' || ch == 'f' ||
				      ch >= 0x80 || ch == '.'))
					return 0;
			}
			return 1;
		}
	}
	return 0;
}

int refs_parse_bracket(const char *s, size_t n, struct refs_callout *c)
{
	size_t i = 0, a, b;
	if (!n || n > BRACKET_MAX)
		return 0;
	while (i <= n) {
		size_t k, l, pa = 0, plen = 0;
		a = i;
		while (i < n && s[i] != ';')
			i++;
		b = i;
		a = skip_sp(s, b, a);
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
			b--;
		i++;
		if (a >= b) {
			refs_callout_release(c);
			return 0;
		}
		/* no locator or prefix word starts with a digit, and most parts do: "12" */
		if (!ch_isdigit((unsigned char)s[a]) && is_locator(s, a, b)) {
			struct refs_target *t;
			if (!c->nr_targets) {
				refs_callout_release(c);
				return 0;
			}
			t = &c->targets[c->nr_targets - 1];
			if (!t->locator) {
				t->locator = xstrndup(s + a, b - a);
			} else {
				struct strbuf sb = STRBUF_INIT;
				strbuf_addstr(&sb, t->locator);
				strbuf_addstr(&sb, "; ");
				strbuf_add(&sb, s + a, b - a);
				free(t->locator);
				t->locator = strbuf_detach(&sb, NULL);
			}
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(prefix_words) && !ch_isdigit((unsigned char)s[a]); k++) {
			if (starts_word(s, b, a, prefix_words[k], &l)) {
				pa = a;
				plen = l;
				while (plen && (s[pa + plen - 1] == ',' || s[pa + plen - 1] == ' '))
					plen--;
				a = skip_sp(s, b, a + l);
				break;
			}
		}
		if (!parse_targets(s, a, b, c, plen ? s + pa : NULL, plen)) {
			refs_callout_release(c);
			return 0;
		}
	}
	return c->nr_targets > 0;
}

static struct refs_callout *push_callout(struct refs *r, struct refs_callout *c,
					 struct lineidx_cursor *cur)
{
	const struct doc *d = r->doc;
	if (r->nr_callouts >= r->max_callouts) {
		r->hit_limit = 1;
		refs_callout_release(c);
		return NULL;
	}
	doc_src_range(d, c->start, c->end, &c->src_start, &c->src_end);
	/* what a report needs, taken while the document is at hand */
	doc_locate_src_next(d, cur, c->src_start, &c->line, &c->col);
	if (c->src_end > d->src_len)
		c->src_end = d->src_len;
	if (c->src_start > c->src_end)
		c->src_start = c->src_end;
	c->text = xstrndup(d->src + c->src_start, c->src_end - c->src_start);
	ALLOC_GROW(r->callouts, r->nr_callouts + 1, r->alloc_callouts);
	r->callouts[r->nr_callouts] = *c;
	return &r->callouts[r->nr_callouts++];
}

/* What can start a callout: 1 a bracket, a parenthesis, a superscript's lead byte; 2 a digit. */
static const unsigned char callout_start[256] = {
	['['] = 1, ['('] = 1, [0xC2] = 1, [0xE2] = 1,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
	['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2
};

#define BYTES_1 0x0101010101010101ULL
#define BYTES_80 0x8080808080808080ULL

/*
 * Index of the first byte of t[i..n) that can start a callout (digits
 * too when digits is set), n if none. Running text is mostly bytes that
 * cannot: they are passed over eight at a time. A block is looked at
 * byte by byte when it holds a '[' or '(' (a zero byte of w ^ c, the
 * classic has-zero test: exact on whether one exists), a byte >= 0x80
 * (superscripts' lead bytes among them) or, with digits, a digit (for
 * ASCII bytes, b + 0x50 reaches 0x80 from '0' on and b + 0x46 from
 * ':' on, without carries).
 */
static size_t next_start(const char *t, size_t n, size_t i, int digits)
{
	unsigned mask = digits ? 3 : 1;
#ifdef __SSE2__
	/* sixteen bytes at a time, each compared with the four lead bytes (and the digits) */
	const __m128i open_b = _mm_set1_epi8('['), open_p = _mm_set1_epi8('(');
	const __m128i sup2 = _mm_set1_epi8((char)0xC2), sup3 = _mm_set1_epi8((char)0xE2);
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	while (i + 16 <= n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, open_b), _mm_cmpeq_epi8(x, open_p)),
					 _mm_or_si128(_mm_cmpeq_epi8(x, sup2), _mm_cmpeq_epi8(x, sup3)));
		unsigned bits;
		if (digits) {
			__m128i d = _mm_sub_epi8(x, zero);      /* digits: 0..9 unsigned */
			m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d));
		}
		bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
		i += 16;
	}
#endif
	for (;;) {
		size_t lim;
		while (i + 8 <= n) {
			uint64_t w, a, b, hit;
			memcpy(&w, t + i, 8);
			a = w ^ (BYTES_1 * '[');
			b = w ^ (BYTES_1 * '(');
			hit = w | ((a - BYTES_1) & ~a) | ((b - BYTES_1) & ~b);
			if (digits && !(w & BYTES_80))
				hit |= (w + BYTES_1 * 0x50) & ~(w + BYTES_1 * 0x46);
			if (hit & BYTES_80)
				break;
			i += 8;
		}
		lim = i + 8 < n ? i + 8 : n;
		for (; i < lim; i++)
			if (callout_start[(unsigned char)t[i]] & mask)
				return i;
		if (i >= n)
			return n;
	}
}

static int text_in_skip(const struct refs *r, size_t off)
{
	return refs_in_skip(r, off);
}

static int has_list(const struct refs *r, enum refs_list_kind k)
{
	size_t i;
	for (i = 0; i < r->nr_lists; i++)
		if (r->lists[i].kind == k && r->lists[i].nr)
			return 1;
	return 0;
}

static int note_exists(const struct refs *r, long num, int foot)
{
	size_t i;
	for (i = 0; i < r->nr_entries; i++) {
		enum refs_list_kind k = r->lists[r->entries[i].list].kind;
		if (r->entries[i].number == num &&
		    (foot ? (k == REFS_LIST_FOOTNOTES || k == REFS_LIST_ENDNOTES) : 1))
			return 1;
	}
	return 0;
}

/* Closing quote (” or ’ or ") ending at t[i] (exclusive)? */
static int closing_quote_before(const char *t, size_t i)
{
	if (i >= 3 && (unsigned char)t[i - 3] == 0xE2 && (unsigned char)t[i - 2] == 0x80 &&
	    ((unsigned char)t[i - 1] == 0x9D || (unsigned char)t[i - 1] == 0x99))
		return 1;
	return i >= 1 && t[i - 1] == '"';
}

/* Unicode superscript digit at t[i]: its value, length in *len; -1 if none. */
static int sup_digit(const char *t, size_t n, size_t i, size_t *len)
{
	unsigned char a = (unsigned char)t[i];
	if (a == 0xC2 && i + 1 < n) {
		unsigned char b = (unsigned char)t[i + 1];
		*len = 2;
		if (b == 0xB9)
			return 1;
		if (b == 0xB2)
			return 2;
		if (b == 0xB3)
			return 3;
	}
	if (a == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x81) {
		unsigned char c = (unsigned char)t[i + 2];
		*len = 3;
		if (c == 0xB0)
			return 0;
		if (c >= 0xB4 && c <= 0xB9)
			return c - 0xB0;
	}
	return -1;
}

struct marker {
	size_t start, end;
	long num;
};

void refs_find_callouts(struct refs *r, const struct refs_options *o)
{
	const struct doc *d = r->doc;
	const char *t = d->text.text.buf;
	size_t n = d->text.text.len, i;
	int paren = has_list(r, REFS_LIST_ENDNOTES);
	int foot = has_list(r, REFS_LIST_FOOTNOTES) || has_list(r, REFS_LIST_ENDNOTES);
	int have_footref = 0;
	struct marker *mk = NULL;
	size_t nr_mk = 0, alloc_mk = 0;
	size_t first_fn = r->nr_callouts;
	/* the callouts are found in text order, mostly in source order too */
	struct lineidx_cursor cur = LINEIDX_CURSOR_INIT;

	for (i = 0; i < d->nr_marks; i++) {
		const struct doc_mark *m = &d->marks[i];
		struct refs_callout c;
		long num;
		if (m->kind == MARK_EMPH || !m->label)
			continue;
		memset(&c, 0, sizeof(c));
		num = strtol(m->label, NULL, 10);
		if (m->kind == MARK_SUP && (num < 1 || num > 999))
			continue;
		c.scheme = m->kind == MARK_SUP ? REFS_SCHEME_SUPERSCRIPT : REFS_SCHEME_MARKDOWN;
		if (m->kind == MARK_FOOTREF)
			have_footref = 1;
		c.start = m->start;
		c.end = m->end;
		snprintf(add_target(&c, num, 0, NULL, 0)->label, sizeof(c.targets[0].label), "%s",
			 m->label);
		push_callout(r, &c, &cur);
	}

	for (i = 0; i < n; i++) {
		unsigned char ch;
		struct refs_callout c;
		size_t j, sl;
		int v;

		/*
		 * Only a bracket, a parenthesis, a superscript digit's lead
		 * byte or a flattened marker's digit starts a callout: the
		 * rest is passed over before the memset.
		 */
		i = next_start(t, n, i, foot);
		if (i >= n)
			break;
		ch = (unsigned char)t[i];
		memset(&c, 0, sizeof(c));
		if (ch == '[') {
			size_t e = i + 1;
			while (e < n && e - i <= BRACKET_MAX && t[e] != ']' && t[e] != '[' && t[e] != '\n')
				e++;
			if (e >= n || t[e] != ']' || text_in_skip(r, i))
				continue;
			/* [^1] Markdown footnote reference, unless the decoder marked it */
			if (t[i + 1] == '^') {
				if (!have_footref && e > i + 2 && (e + 1 >= n || t[e + 1] != ':')) {
					struct refs_target *tg;
					c.scheme = REFS_SCHEME_MARKDOWN;
					c.start = i;
					c.end = e + 1;
					tg = add_target(&c, strtol(t + i + 2, NULL, 10), 0, NULL, 0);
					snprintf(tg->label, sizeof(tg->label), "%.*s",
						 (int)(e - i - 2 < 15 ? e - i - 2 : 15), t + i + 2);
					push_callout(r, &c, &cur);
				}
				i = e;
				continue;
			}
			/* [text](url) is a link, ![x] an image */
			if ((e + 1 < n && t[e + 1] == '(') || (i > 0 && t[i - 1] == '!'))
				continue;
			if (refs_parse_bracket(t + i + 1, e - i - 1, &c)) {
				c.scheme = REFS_SCHEME_BRACKET;
				c.start = i;
				c.end = e + 1;
				push_callout(r, &c, &cur);
				i = e;
			}
			continue;
		}
		if (ch == '(' && paren && i + 2 < n && ch_isdigit((unsigned char)t[i + 1])) {
			size_t e = i + 1, a;
			long num;
			while (e < n && ch_isdigit((unsigned char)t[e]) && e - i < 4)
				e++;
			if (e >= n || t[e] != ')' || text_in_skip(r, i))
				continue;
			num = strtol(t + i + 1, NULL, 10);
			a = e + 1;
			while (a < n && t[a] == ' ')
				a++;
			/*
			 * "(1) promoting ..., (2) taking ..." opens items; a note
			 * number closes a clause: before punctuation or the end,
			 * or right after a closing quote.
			 */
			{
				size_t b = i;
				while (b > 0 && t[b - 1] == ' ')
					b--;
				if (!(a >= n || strchr(".,;:!?)\n", t[a]) || closing_quote_before(t, b)))
					continue;
				if (b > 0 && (t[b - 1] == ':' || t[b - 1] == ';'))
					continue;
			}
			c.scheme = REFS_SCHEME_NOTE;
			c.start = i;
			c.end = e + 1;
			add_target(&c, num, 0, NULL, 0);
			push_callout(r, &c, &cur);
			i = e;
			continue;
		}
		if ((v = sup_digit(t, n, i, &sl)) >= 0 && i > 0 && !ch_isspace((unsigned char)t[i - 1])) {
			long num = v;
			size_t e = i + sl;
			if (text_in_skip(r, i))
				continue;
			c.scheme = REFS_SCHEME_SUPERSCRIPT;
			c.start = i;
			for (;;) {
				while ((v = sup_digit(t, n, e, &sl)) >= 0 && num < 1000) {
					num = num * 10 + v;
					e += sl;
				}
				if (num >= 1)
					add_target(&c, num, 0, NULL, 0);
				/* ¹,² and ¹⁻³ */
				if (e < n && t[e] == ',' && sup_digit(t, n, e + 1, &sl) >= 0) {
					num = sup_digit(t, n, e + 1, &sl);
					e += 1 + sl;
					continue;
				}
				break;
			}
			c.end = e;
			if (c.nr_targets)
				push_callout(r, &c, &cur);
			else
				refs_callout_release(&c);
			i = e - 1;
			continue;
		}
		/* a flattened footnote marker: word2. relations"1. (JMSDF)10. */
		if (foot && ch_isdigit(ch) && i > 0 && !ch_isdigit((unsigned char)t[i - 1])) {
			size_t e = i, w;
			int ok = 0;
			while (e < n && ch_isdigit((unsigned char)t[e]) && e - i < 4)
				e++;
			if (e - i > 3 || (e < n && !(strchr(".,;: )\n", t[e]))))
				continue;
			if (ch_islower((unsigned char)t[i - 1]) || t[i - 1] == ')' || t[i - 1] == ']' ||
			    closing_quote_before(t, i)) {
				ok = 1;
			} else if (ch_isupper((unsigned char)t[i - 1])) {
				/* "HQ186", "T90": capitals run straight into digits in names */
				w = i;
				while (w > 0 && ch_isalpha((unsigned char)t[w - 1]))
					w--;
				for (j = w; j < i && ch_isupper((unsigned char)t[j]); j++)
					;
				ok = j < i;
			} else if ((unsigned char)t[i - 1] >= 0x80 && !closing_quote_before(t, i)) {
				ok = (unsigned char)t[i - 1] >= 0x80 && (unsigned char)t[i - 1] < 0xC0;
			}
			/* the word before must be a word, not "A2/AD" or "Su-30" */
			if (!ok || text_in_skip(r, i))
				continue;
			if (e < n && t[e] == '.' && e + 1 < n && ch_isdigit((unsigned char)t[e + 1]))
				continue;
			ALLOC_GROW(mk, nr_mk + 1, alloc_mk);
			mk[nr_mk].start = i;
			mk[nr_mk].end = e;
			mk[nr_mk].num = strtol(t + i, NULL, 10);
			nr_mk++;
			i = e - 1;
		}
	}

	/* keep the run of markers that rises 1, 2, 3 ... and has note bodies */
	if (nr_mk) {
		long expect = 1;
		size_t k, kept = 0;
		struct marker *run = xcalloc(nr_mk, sizeof(*run));
		for (k = 0; k < nr_mk; k++) {
			long v2 = mk[k].num;
			if (!note_exists(r, v2, 1))
				continue;
			if (v2 == expect || (v2 > expect && v2 <= expect + 3 && kept)) {
				run[kept++] = mk[k];
				expect = v2 + 1;
			}
		}
		if (kept >= (size_t)(o->footnote_min_run > 0 ? o->footnote_min_run : 1)) {
			for (k = 0; k < kept; k++) {
				struct refs_callout c;
				memset(&c, 0, sizeof(c));
				c.scheme = REFS_SCHEME_FOOTNOTE;
				c.start = run[k].start;
				c.end = run[k].end;
				add_target(&c, run[k].num, 0, NULL, 0);
				push_callout(r, &c, &cur);
			}
		}
		free(run);
	}
	free(mk);
	(void)first_fn;
}
