/*
 * notes.c - phase 1 of refs_parse(): footnote areas, end-of-document
 * notes and reference lists.
 *
 * It reads the document line by line (for HTML, the lines of the
 * normalized text), so that it works whether or not the layout phase
 * has already set note areas apart. Footnotes of a PDF turned into text
 * look like this:
 *
 *     body text ...
 *     _______                <- separator
 *     2                      <- numbers stacked before their bodies,
 *     1                         not always in order
 *     Nguyen Phu Trong, "..."   <- body of the nearest number (1)
 *     ...
 *     _______
 *     In 2012 the author ...    <- a body with no number: the oldest
 *                                  pending number (2)
 *     3
 *     Carlyle A. Thayer, "..., in Vietnam on the
 *     C.A. Thayer / VNU ...     <- running header: the area ends
 *     body text of the next page ...
 *     Road to Integration ...   <- the rest of note 3, set in smaller
 *     4                            type (longer lines), right before
 *     The other areas ...          the next note number
 *
 * The note numbers rise one by one, which tells them from page numbers.
 */
#include "refs.h"
#include "refs_internal.h"
#include "buf.h"
#include "doc.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum unit_kind {
	U_TEXT = 0,
	U_BLANK,
	U_SEP,
	U_NUM,
	U_FURN              /* running header, page furniture */
};

struct unit {
	const char *s;      /* not owned */
	size_t n;
	size_t src_start, src_end;
	enum unit_kind kind;
	long num;           /* for U_NUM */
	size_t width;       /* code points */
};

struct units {
	struct unit *v;
	size_t nr, alloc;
};

static void units_add(struct units *u, const struct doc *d, const char *s, size_t n,
		      size_t src_start, size_t src_end, enum line_kind lk)
{
	struct unit *x;
	size_t i, k;
	ALLOC_GROW(u->v, u->nr + 1, u->alloc);
	x = &u->v[u->nr++];
	memset(x, 0, sizeof(*x));
	(void)d;
	while (n && ch_isspace((unsigned char)*s)) {
		s++;
		n--;
		src_start++;
	}
	while (n && ch_isspace((unsigned char)s[n - 1]))
		n--;
	x->s = s;
	x->n = n;
	x->src_start = src_start;
	x->src_end = src_end;
	x->width = utf8_count(s, n);
	if (!n || lk == LINE_BLANK) {
		x->kind = U_BLANK;
		return;
	}
	if (lk == LINE_SEPARATOR) {
		x->kind = U_SEP;
		return;
	}
	/* a page number the layout found stays a number: note numbers can look alike */
	if (lk == LINE_FURNITURE || lk == LINE_MARKUP) {
		x->kind = U_FURN;
		return;
	}
	for (i = 0; i < n && s[i] == '_'; i++)
		;
	if (i == n && n >= 3) {
		x->kind = U_SEP;
		return;
	}
	for (k = 0; k < n && ch_isdigit((unsigned char)s[k]); k++)
		;
	if (k == n && n <= 3) {
		x->kind = U_NUM;
		x->num = strtol(s, NULL, 10);
		return;
	}
	x->kind = U_TEXT;
}

/* A line standing alone between blank lines (or page numbers). */
static int isolated(const struct units *u, size_t i)
{
	int before = i == 0 || u->v[i - 1].kind == U_BLANK || u->v[i - 1].kind == U_NUM;
	int after = i + 1 >= u->nr || u->v[i + 1].kind == U_BLANK || u->v[i + 1].kind == U_NUM;
	return before && after;
}

/*
 * Lines that repeat standing alone (running headers) become furniture.
 * Text repeated inside paragraphs (a note quoting another) does not.
 */
static void mark_repeated(struct units *u)
{
	size_t i, j;
	for (i = 0; i < u->nr; i++) {
		struct unit *a = &u->v[i];
		if (a->kind != U_TEXT || a->n < 12 || a->n > 200 || !isolated(u, i))
			continue;
		for (j = i + 1; j < u->nr; j++) {
			struct unit *b = &u->v[j];
			if ((b->kind == U_TEXT || b->kind == U_FURN) && b->n == a->n &&
			    !memcmp(a->s, b->s, a->n) && isolated(u, j)) {
				a->kind = U_FURN;
				b->kind = U_FURN;
			}
		}
	}
}

static void build_units(const struct doc *d, struct units *u)
{
	size_t i;
	if (d->format != DOC_FMT_HTML) {
		for (i = 0; i < d->nr_lines; i++) {
			const struct doc_line *l = &d->lines[i];
			units_add(u, d, d->src + l->src_start, l->src_end - l->src_start,
				  l->src_start, l->src_end, l->kind);
		}
	} else {
		/* HTML: the lines of each block of the normalized text */
		const char *t = d->text.text.buf;
		size_t bi;
		for (bi = 0; bi < d->nr_blocks; bi++) {
			size_t a = d->blocks[bi].start, e = d->blocks[bi].end, k = a;
			for (i = a; i <= e; i++) {
				if (i == e || t[i] == '\n') {
					size_t ss, se;
					doc_src_range(d, k, i, &ss, &se);
					units_add(u, d, t + k, i - k, ss, se, LINE_BODY);
					k = i + 1;
				}
			}
			units_add(u, d, "", 0, 0, 0, LINE_BLANK);
		}
	}
	mark_repeated(u);
}

void refs_add_skip(struct refs *r, size_t a, size_t b)
{
	if (b <= a)
		return;
	if (r->nr_skip >= 2 && r->skip[r->nr_skip - 1] >= a && r->skip[r->nr_skip - 2] <= a) {
		if (b > r->skip[r->nr_skip - 1])
			r->skip[r->nr_skip - 1] = b;
		return;
	}
	ALLOC_GROW(r->skip, r->nr_skip + 2, r->alloc_skip);
	r->skip[r->nr_skip++] = a;
	r->skip[r->nr_skip++] = b;
}

int refs_in_skip(const struct refs *r, size_t src)
{
	size_t i;
	for (i = 0; i + 1 < r->nr_skip; i += 2)
		if (src >= r->skip[i] && src < r->skip[i + 1])
			return 1;
	return 0;
}

static size_t new_list(struct refs *r, enum refs_list_kind kind, size_t src_start,
		       const char *heading, size_t hlen)
{
	struct refs_list *l;
	ALLOC_GROW(r->lists, r->nr_lists + 1, r->alloc_lists);
	l = &r->lists[r->nr_lists];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->src_start = src_start;
	l->first = r->nr_entries;
	if (heading) {
		if (hlen >= sizeof(l->heading))
			hlen = sizeof(l->heading) - 1;
		memcpy(l->heading, heading, hlen);
		l->heading[hlen] = '\0';
	}
	return r->nr_lists++;
}

static struct refs_entry *new_entry(struct refs *r, size_t list, long number, size_t src)
{
	struct refs_entry *e;
	if (r->nr_entries >= r->max_entries)
		return NULL;
	ALLOC_GROW(r->entries, r->nr_entries + 1, r->alloc_entries);
	e = &r->entries[r->nr_entries++];
	memset(e, 0, sizeof(*e));
	e->number = number;
	snprintf(e->label, sizeof(e->label), "%ld", number);
	e->list = list;
	e->src_start = e->src_end = src;
	e->repeats = -1;
	entry_fields_init(&e->fields);
	r->lists[list].nr++;
	return e;
}

/* Appends a line to an entry's body; a line-final hyphen joins tightly. */
static void entry_append(struct refs_entry *e, const char *s, size_t n, size_t src_start,
			 size_t src_end, int new_piece)
{
	struct strbuf sb = STRBUF_INIT;
	if (e->text) {
		size_t l = strlen(e->text);
		strbuf_addstr(&sb, e->text);
		if (l && e->text[l - 1] != '-' && e->text[l - 1] != '/')
			strbuf_addch(&sb, ' ');
		free(e->text);
	} else {
		e->src_start = src_start;
	}
	if (sb.len + n < ENTRY_MAX_LEN)
		strbuf_add(&sb, s, n);
	e->text = strbuf_detach(&sb, NULL);
	if (src_end > e->src_end)
		e->src_end = src_end;
	if (new_piece || !e->nr_pieces)
		e->nr_pieces++;
}

/* Does the text end a sentence (or a URL)? */
static int text_complete(const char *t)
{
	size_t l = t ? strlen(t) : 0;
	while (l && ch_isspace((unsigned char)t[l - 1]))
		l--;
	if (!l)
		return 1;
	if (strchr(".!?)]", t[l - 1]))
		return 1;
	/* closing quotes */
	if (l >= 3 && (unsigned char)t[l - 3] == 0xE2 && (unsigned char)t[l - 2] == 0x80 &&
	    ((unsigned char)t[l - 1] == 0x9D || (unsigned char)t[l - 1] == 0x99))
		return 1;
	if (t[l - 1] == '"' || t[l - 1] == '/')
		return 1;
	return 0;
}

/* The width most running-text lines stay under (75th percentile). */
static size_t body_width(const struct units *u)
{
	size_t hist[256] = { 0 }, i, total = 0, acc = 0;
	for (i = 0; i < u->nr; i++) {
		if (u->v[i].kind != U_TEXT || u->v[i].width < 20)
			continue;
		hist[u->v[i].width > 255 ? 255 : u->v[i].width]++;
		total++;
	}
	if (!total)
		return 0;
	for (i = 0; i < 256; i++) {
		acc += hist[i];
		if (acc * 4 >= total * 3)
			return i;
	}
	return 255;
}

static size_t prev_nonblank(const struct units *u, size_t i)
{
	while (i > 0) {
		i--;
		if (u->v[i].kind != U_BLANK)
			return i;
	}
	return (size_t)-1;
}

static size_t next_nonblank(const struct units *u, size_t i)
{
	for (i++; i < u->nr; i++)
		if (u->v[i].kind != U_BLANK)
			return i;
	return (size_t)-1;
}

/* Index of the footnote numbered num, or -1. */
static long find_note(const struct refs *r, size_t list, long num)
{
	size_t i;
	for (i = r->lists[list].first; i < r->nr_entries; i++)
		if (r->entries[i].list == list && r->entries[i].number == num)
			return (long)i;
	return -1;
}

struct fn_state {
	size_t list;            /* the footnotes list, (size_t)-1 until the first note */
	long pending[16];       /* numbers seen, body not yet */
	size_t nr_pending;
	long cur;               /* entry receiving lines, -1 */
	long last;              /* the last note that got a body */
	long max_num;           /* highest note number with a body */
	int in_area, areas;
};

static void fn_push(struct fn_state *st, long num)
{
	if (st->nr_pending < ARRAY_SIZE(st->pending))
		st->pending[st->nr_pending++] = num;
}

static long fn_take(struct fn_state *st, int latest)
{
	size_t i, k = 0;
	long v;
	if (!st->nr_pending)
		return -1;
	if (latest) {
		k = st->nr_pending - 1;
	} else {
		for (i = 1; i < st->nr_pending; i++)
			if (st->pending[i] < st->pending[k])
				k = i;
	}
	v = st->pending[k];
	memmove(st->pending + k, st->pending + k + 1, (st->nr_pending - k - 1) * sizeof(long));
	st->nr_pending--;
	return v;
}

/* A bare number that may be the next note number. */
static int fn_plausible(const struct refs *r, const struct fn_state *st, long num)
{
	size_t i;
	if (num < 1 || num > st->max_num + 4)
		return 0;
	for (i = 0; i < st->nr_pending; i++)
		if (st->pending[i] == num)
			return 0;
	if (st->list != (size_t)-1 && find_note(r, st->list, num) >= 0)
		return 0;
	return 1;
}

static struct refs_entry *fn_open(struct refs *r, struct fn_state *st, long num, size_t src)
{
	struct refs_entry *e;
	if (st->list == (size_t)-1)
		st->list = new_list(r, REFS_LIST_FOOTNOTES, src, NULL, 0);
	e = new_entry(r, st->list, num, src);
	if (!e)
		return NULL;
	st->cur = (long)(e - r->entries);
	st->last = st->cur;
	if (num > st->max_num)
		st->max_num = num;
	return e;
}

/*
 * A note cut by a page break goes on at the foot of the next page, just
 * before the next note number, in lines longer than the running text's.
 */
static void fn_continuation(struct refs *r, struct fn_state *st, const struct units *u,
			    size_t numline, size_t bw)
{
	size_t k = numline, first;
	struct refs_entry *e;
	if (st->last < 0)
		return;
	e = &r->entries[st->last];
	if (text_complete(e->text) || !bw)
		return;
	if (k == 0 || u->v[k - 1].kind != U_TEXT)
		return;
	first = k - 1;
	while (first > 0 && u->v[first - 1].kind == U_TEXT && u->v[first - 1].width > bw + 2)
		first--;
	/* the line that ends the continuation may be short; the others are not */
	if (first == k - 1 && u->v[first].width <= bw + 2)
		return;
	for (k = first; k < numline; k++) {
		entry_append(e, u->v[k].s, u->v[k].n, u->v[k].src_start, u->v[k].src_end, k == first);
		refs_add_skip(r, u->v[k].src_start, u->v[k].src_end);
	}
}

static void find_footnotes(struct refs *r, const struct units *u)
{
	struct fn_state st;
	size_t i, bw = body_width(u), area_start = 0;
	memset(&st, 0, sizeof(st));
	st.list = (size_t)-1;
	st.cur = st.last = -1;

	for (i = 0; i < u->nr; i++) {
		const struct unit *x = &u->v[i];
		size_t p;
		if (x->kind == U_SEP) {
			st.in_area = 1;
			st.areas++;
			st.cur = -1;
			area_start = x->src_start;
			refs_add_skip(r, x->src_start, x->src_end);
			continue;
		}
		if (!st.in_area) {
			size_t pn, nn;
			if (x->kind != U_NUM || !st.areas || st.list == (size_t)-1 ||
			    x->num != st.max_num + 1)
				continue;
			pn = prev_nonblank(u, i);
			nn = next_nonblank(u, i);
			if ((pn != (size_t)-1 && u->v[pn].kind == U_FURN) ||
			    nn == (size_t)-1 || u->v[nn].kind != U_TEXT)
				continue;
			/* an area without its separator (lost in extraction) */
			st.in_area = 1;
			st.cur = -1;
			area_start = x->src_start;
			fn_continuation(r, &st, u, i, bw);
		}
		switch (x->kind) {
		case U_BLANK:
			break;
		case U_FURN:
		case U_SEP:
			st.in_area = 0;
			break;
		case U_NUM:
			if (!fn_plausible(r, &st, x->num)) {
				st.in_area = 0;     /* a page number */
				break;
			}
			fn_push(&st, x->num);
			st.cur = -1;
			refs_add_skip(r, x->src_start, x->src_end);
			break;
		case U_TEXT:
			p = prev_nonblank(u, i);
			if (p != (size_t)-1 && u->v[p].kind == U_NUM && st.nr_pending) {
				fn_open(r, &st, fn_take(&st, 1), x->src_start);
			} else if (st.cur >= 0) {
				/* a blank line, then a short line after a finished note: text resumes */
				if (i > 0 && u->v[i - 1].kind == U_BLANK &&
				    text_complete(r->entries[st.cur].text) && (!bw || x->width <= bw + 2)) {
					st.in_area = 0;
					break;
				}
			} else if (st.nr_pending) {
				fn_open(r, &st, fn_take(&st, 0), x->src_start);
			} else if (st.last >= 0 && !text_complete(r->entries[st.last].text)) {
				st.cur = st.last;
				entry_append(&r->entries[st.cur], x->s, x->n, x->src_start, x->src_end, 1);
				refs_add_skip(r, x->src_start, x->src_end);
				break;
			} else {
				/* no number claims it: not a note area after all */
				st.in_area = 0;
				break;
			}
			if (st.cur >= 0) {
				entry_append(&r->entries[st.cur], x->s, x->n, x->src_start, x->src_end, 0);
				refs_add_skip(r, x->src_start, x->src_end);
			}
			break;
		}
		(void)area_start;
	}
}

/* ---- end-of-document lists ---- */

size_t refs_entry_number_len(const char *s, size_t n, long *number)
{
	size_t i = 0, d;
	long v;
	char close = 0;
	if (n && (s[0] == '(' || s[0] == '[')) {
		close = s[0] == '(' ? ')' : ']';
		i = 1;
	}
	d = i;
	while (i < n && ch_isdigit((unsigned char)s[i]) && i - d < 4)
		i++;
	if (i == d || (i < n && ch_isdigit((unsigned char)s[i])))
		return 0;
	for (v = 0; d < i; d++)
		v = v * 10 + (s[d] - '0');
	if (close) {
		if (i >= n || s[i] != close)
			return 0;
		i++;
	} else {
		if (i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
		/* "2.1." is a section number, "2. " an item */
		if (i < n && ch_isdigit((unsigned char)s[i]))
			return 0;
	}
	if (i < n && !ch_isspace((unsigned char)s[i]))
		return 0;
	while (i < n && ch_isspace((unsigned char)s[i]))
		i++;
	if (i >= n)
		return 0;
	if (number)
		*number = v;
	return i;
}

static const char *const ref_headings[] = {
	"references", "bibliography", "works cited", "literature cited", "literature",
	"sources", "reference list", "tài liệu tham khảo", "further reading", "citations"
};
static const char *const note_headings[] = {
	"notes", "endnotes", "footnotes", "end notes", "chú thích", "ghi chú"
};

/* 1 reference heading, 2 notes heading, 0 none. */
static int heading_kind(const struct unit *x, const char **h, size_t *hl)
{
	const char *s = x->s;
	size_t n = x->n, k;
	while (n && (*s == '#' || *s == '*' || *s == ' ' || *s == '_')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ':' || s[n - 1] == '*' || s[n - 1] == ' ' || s[n - 1] == '_' ||
		     s[n - 1] == '#'))
		n--;
	for (k = 0; k < ARRAY_SIZE(ref_headings); k++)
		if (mem_ieq(s, n, ref_headings[k])) {
			*h = s;
			*hl = n;
			return 1;
		}
	for (k = 0; k < ARRAY_SIZE(note_headings); k++)
		if (mem_ieq(s, n, note_headings[k])) {
			*h = s;
			*hl = n;
			return 2;
		}
	return 0;
}

/* The numbered items from unit i on: their count, and whether they read as citations. */
static size_t scan_items(const struct units *u, size_t i, char style, size_t *cites, size_t *end)
{
	size_t items = 0;
	long expect = 1;
	*cites = 0;
	for (; i < u->nr; i++) {
		const struct unit *x = &u->v[i];
		long num;
		size_t l;
		if (x->kind == U_BLANK)
			continue;
		if (x->kind != U_TEXT)
			break;
		l = refs_entry_number_len(x->s, x->n, &num);
		if (!l || x->s[0] != (style == '.' ? x->s[0] : style) ||
		    (style == '.' && (x->s[0] == '(' || x->s[0] == '['))) {
			if (items && i > 0 && u->v[i - 1].kind != U_BLANK)
				continue;       /* a wrapped line of the item */
			break;
		}
		/* a repeated or skipped number is a flaw of the list, not its end */
		if (num < expect - 1 || num > expect + 3)
			break;
		expect = num + 1;
		items++;
		{
			struct entry_fields f;
			entry_fields_init(&f);
			entry_parse(x->s + l, x->n - l, &f);
			if (f.date || f.nr_urls || f.publisher || f.doi)
				(*cites)++;
			entry_fields_release(&f);
		}
	}
	*end = i;
	return items;
}

static void take_items(struct refs *r, const struct units *u, size_t from, size_t to,
		       size_t list, int numbered)
{
	size_t i;
	struct refs_entry *e = NULL;
	long idx = 0;
	for (i = from; i < to; i++) {
		const struct unit *x = &u->v[i];
		long num = 0;
		size_t l;
		if (x->kind == U_BLANK) {
			if (!numbered)
				e = NULL;
			continue;
		}
		if (x->kind != U_TEXT)
			continue;
		l = numbered ? refs_entry_number_len(x->s, x->n, &num) : 0;
		if ((numbered && l) || (!numbered && !e)) {
			e = new_entry(r, list, numbered ? num : ++idx, x->src_start);
			if (!e)
				return;
			if (!numbered)
				e->label[0] = '\0';
			entry_append(e, x->s + l, x->n - l, x->src_start, x->src_end, 1);
			e->src_start = x->src_start;
		} else if (e) {
			entry_append(e, x->s, x->n, x->src_start, x->src_end, 0);
		}
		refs_add_skip(r, x->src_start, x->src_end);
	}
}

static void find_end_lists(struct refs *r, const struct units *u)
{
	size_t i;
	for (i = 0; i < u->nr; i++) {
		const struct unit *x = &u->v[i];
		const char *h = NULL;
		size_t hl = 0, j, cites, end, items;
		int hk;
		char style;
		if (refs_in_skip(r, x->src_start) && x->kind != U_SEP)
			continue;
		hk = x->kind == U_TEXT ? heading_kind(x, &h, &hl) : 0;
		j = next_nonblank(u, i);
		if (hk || x->kind == U_SEP) {
			const struct unit *y;
			size_t list;
			if (j == (size_t)-1)
				break;
			y = &u->v[j];
			if (y->kind != U_TEXT)
				continue;
			style = refs_entry_number_len(y->s, y->n, NULL) ? y->s[0] : 0;
			if (style && style != '(' && style != '[')
				style = '.';
			if (style) {
				items = scan_items(u, j, style, &cites, &end);
				if (!items || (!hk && cites * 2 < items))
					continue;
				list = new_list(r, (hk == 2 || style == '(') ? REFS_LIST_ENDNOTES
									 : REFS_LIST_REFERENCES,
						x->src_start, h, hl);
				if (hk)
					refs_add_skip(r, x->src_start, x->src_end);
				take_items(r, u, j, end, list, 1);
				i = end - 1;
			} else if (hk) {
				/* unnumbered entries, one per paragraph, to the end or a heading */
				for (end = j; end < u->nr; end++) {
					const char *h2;
					size_t hl2;
					if (u->v[end].kind == U_SEP || u->v[end].kind == U_FURN ||
					    (u->v[end].kind == U_TEXT && heading_kind(&u->v[end], &h2, &hl2)))
						break;
				}
				list = new_list(r, hk == 2 ? REFS_LIST_ENDNOTES : REFS_LIST_REFERENCES,
						x->src_start, h, hl);
				refs_add_skip(r, x->src_start, x->src_end);
				take_items(r, u, j, end, list, 0);
				i = end - 1;
			}
			continue;
		}
		/* an unheaded "(1) See: ..." or "[1] ..." list that reads as citations */
		if (x->kind == U_TEXT && (x->s[0] == '(' || x->s[0] == '[') &&
		    (i == 0 || u->v[i - 1].kind == U_BLANK)) {
			long num;
			if (!refs_entry_number_len(x->s, x->n, &num) || num != 1)
				continue;
			items = scan_items(u, i, x->s[0], &cites, &end);
			if (!items || cites * 2 < items || cites == 0)
				continue;
			take_items(r, u, i, end,
				   new_list(r, x->s[0] == '(' ? REFS_LIST_ENDNOTES : REFS_LIST_REFERENCES,
					    x->src_start, NULL, 0), 1);
			i = end - 1;
		}
	}
}

/* Markdown footnote definitions: "[^label]: text". */
static void find_md_defs(struct refs *r, const struct units *u)
{
	size_t i, list = (size_t)-1;
	struct refs_entry *e = NULL;
	for (i = 0; i < u->nr; i++) {
		const struct unit *x = &u->v[i];
		size_t k;
		if (x->kind == U_BLANK) {
			e = NULL;
			continue;
		}
		if (x->kind != U_TEXT)
			continue;
		if (x->n > 4 && x->s[0] == '[' && x->s[1] == '^') {
			for (k = 2; k < x->n && k < 40 && x->s[k] != ']'; k++)
				;
			if (k < x->n - 1 && x->s[k] == ']' && x->s[k + 1] == ':' && k > 2) {
				long num = strtol(x->s + 2, NULL, 10);
				size_t b = skip_ws_(x->s, x->n, k + 2);
				if (list == (size_t)-1)
					list = new_list(r, REFS_LIST_MARKDOWN, x->src_start, NULL, 0);
				e = new_entry(r, list, num, x->src_start);
				if (!e)
					return;
				snprintf(e->label, sizeof(e->label), "%.*s", (int)(k - 2 < 15 ? k - 2 : 15),
					 x->s + 2);
				entry_append(e, x->s + b, x->n - b, x->src_start, x->src_end, 1);
				e->src_start = x->src_start;
				refs_add_skip(r, x->src_start, x->src_end);
				continue;
			}
		}
		if (e && (x->s[0] == ' ' || i > 0)) {
			/* an indented continuation line */
			if (x->src_start > 0 && r->doc->src[x->src_start - 1] == ' ') {
				entry_append(e, x->s, x->n, x->src_start, x->src_end, 0);
				refs_add_skip(r, x->src_start, x->src_end);
				continue;
			}
			e = NULL;
		}
	}
}

size_t skip_ws_(const char *s, size_t n, size_t i)
{
	while (i < n && ch_isspace((unsigned char)s[i]))
		i++;
	return i;
}

void refs_find_lists(struct refs *r)
{
	struct units u = { NULL, 0, 0 };
	const struct doc *d = r->doc;
	size_t i;

	build_units(d, &u);
	for (i = 0; i < u.nr; i++)
		if (u.v[i].kind == U_FURN)
			refs_add_skip(r, u.v[i].src_start, u.v[i].src_end);
	find_footnotes(r, &u);
	find_end_lists(r, &u);
	if (d->format == DOC_FMT_MARKDOWN || d->format == DOC_FMT_TEXT)
		find_md_defs(r, &u);
	/* the layout's note blocks are not running text, whatever was found in them */
	for (i = 0; i < d->nr_blocks; i++) {
		if (d->blocks[i].kind == BLOCK_NOTES) {
			size_t ss, se;
			doc_src_range(d, d->blocks[i].start, d->blocks[i].end, &ss, &se);
			refs_add_skip(r, ss, se);
		}
	}
	free(u.v);
}
