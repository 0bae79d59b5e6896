/*
 * notes.c - phase 1 of refs_parse(): notes and reference lists.
 *
 * The document model has already found the structure (doc.h, layout.c,
 * the HTML and Markdown decoders): note areas are BLOCK_NOTES blocks,
 * their lines joined by '\n' — footnote areas after separators, note
 * runs at a page's foot (with the part of a note carried over from the
 * previous page), lists under a "References" or "Notes" heading, HTML
 * endnote lists, Markdown footnote definitions. Page furniture is out
 * of doc->text already. What is left here is the reference-specific
 * work on those areas:
 *
 *     2                      <- numbers stacked before their bodies,
 *     1                         not always in order: the body right
 *     Nguyen Phu Trong, "..."   after them goes to the nearest (1)
 *     ---- next area ----
 *     In 2012 the author ...    <- a body with no number: the oldest
 *                                  pending number (2)
 *     3
 *     Carlyle A. Thayer, "..., in Vietnam on the
 *     ---- next page's area ----
 *     Road to Integration ...   <- no number, none pending, and note 3
 *     4                            is unfinished: its continuation
 *
 * plus numbered lists ("1. ", "(1) ", "[1] "), unnumbered lists under a
 * heading, end-of-document "(1) See: ..." lists that the layout left as
 * paragraphs, and Markdown "[^label]: text" definitions.
 *
 * Everything found here is marked as not running text (refs->skip, in
 * doc->text offsets), so that phase 2 looks for callouts elsewhere.
 */
#include "refs.h"
#include "refs_internal.h"
#include "buf.h"
#include "doc.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

/* One line of a note area, trimmed: doc->text[start, end). */
struct nline {
	const char *s;          /* not owned */
	size_t n;
	size_t start, end;
	int blank_before;       /* a blank line stands before it in the source */
};

struct nlines {
	struct nline *v;
	size_t nr, alloc;
};

/* The bodies being built, one per entry (appending stays linear). */
struct builder {
	struct refs *r;
	struct strbuf *body;    /* indexed like r->entries */
	size_t alloc_body;
	size_t cur_block;       /* the block being read, for nr_pieces */
	size_t *last_block;     /* per entry: the last block that added to it */
	size_t alloc_last;
};

/* ---- skip ranges (text offsets, sorted and merged at the end) ---- */

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

static int cmp_range(const void *x, const void *y)
{
	const size_t *a = x, *b = y;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static void normalize_skip(struct refs *r)
{
	size_t i, k = 0;
	if (r->nr_skip < 4)
		return;
	qsort(r->skip, r->nr_skip / 2, 2 * sizeof(size_t), cmp_range);
	for (i = 2; i < r->nr_skip; i += 2) {
		if (r->skip[i] <= r->skip[k + 1]) {
			if (r->skip[i + 1] > r->skip[k + 1])
				r->skip[k + 1] = r->skip[i + 1];
		} else {
			k += 2;
			r->skip[k] = r->skip[i];
			r->skip[k + 1] = r->skip[i + 1];
		}
	}
	r->nr_skip = k + 2;
}

int refs_in_skip(const struct refs *r, size_t off)
{
	size_t lo = 0, hi = r->nr_skip / 2;
	/* binary search over the sorted, disjoint ranges */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (off < r->skip[2 * mid])
			hi = mid;
		else if (off >= r->skip[2 * mid + 1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t skip_ws_(const char *s, size_t n, size_t i)
{
	while (i < n && ch_isspace((unsigned char)s[i]))
		i++;
	return i;
}

/* ---- lists and entries ---- */

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
		/* cut on a code point boundary */
		while (hlen && ((unsigned char)heading[hlen] & 0xC0) == 0x80)
			hlen--;
		memcpy(l->heading, heading, hlen);
		l->heading[hlen] = '\0';
	}
	return r->nr_lists++;
}

static struct refs_entry *new_entry(struct builder *bd, size_t list, long number,
				    const struct nline *x)
{
	struct refs *r = bd->r;
	const struct doc *d = r->doc;
	struct refs_entry *e;
	if (r->nr_entries >= r->max_entries) {
		r->hit_limit = 1;
		return NULL;
	}
	ALLOC_GROW(r->entries, r->nr_entries + 1, r->alloc_entries);
	e = &r->entries[r->nr_entries++];
	memset(e, 0, sizeof(*e));
	e->number = number;
	snprintf(e->label, sizeof(e->label), "%ld", number);
	e->list = list;
	e->start = e->end = x->start;
	doc_src_range(d, x->start, x->start, &e->src_start, &e->src_end);
	e->repeats = -1;
	entry_fields_init(&e->fields);
	r->lists[list].nr++;
	ALLOC_GROW(bd->body, r->nr_entries, bd->alloc_body);
	ALLOC_GROW(bd->last_block, r->nr_entries, bd->alloc_last);
	strbuf_init(&bd->body[r->nr_entries - 1], ENTRY_MAX_LEN);
	bd->last_block[r->nr_entries - 1] = bd->cur_block;
	return e;
}

/* Appends text[a, b) to entry e's body; a line-final hyphen or slash joins tightly. */
static void entry_append(struct builder *bd, struct refs_entry *e, size_t a, size_t b)
{
	const struct doc *d = bd->r->doc;
	size_t k = (size_t)(e - bd->r->entries);
	struct strbuf *sb = &bd->body[k];
	size_t ss, se;
	if (b <= a)
		return;
	if (sb->len && sb->buf[sb->len - 1] != '-' && sb->buf[sb->len - 1] != '/')
		strbuf_addch(sb, ' ');
	/* past the cap the body is cut: strbuf_add() refuses the whole piece */
	if (strbuf_add(sb, d->text.text.buf + a, b - a) < 0 && sb->len < sb->cap)
		strbuf_add(sb, d->text.text.buf + a, sb->cap - sb->len);
	doc_src_range(d, a, b, &ss, &se);
	if (se > e->src_end)
		e->src_end = se;
	if (b > e->end)
		e->end = b;
	if (!e->nr_pieces || bd->last_block[k] != bd->cur_block)
		e->nr_pieces++;
	bd->last_block[k] = bd->cur_block;
}

static void entry_append_line(struct builder *bd, struct refs_entry *e, const struct nline *x,
			      size_t skip)
{
	entry_append(bd, e, x->start + skip, x->end);
}

/* Does the body end a sentence (or a URL)? */
static int body_complete(const struct strbuf *sb)
{
	const char *t = sb->buf;
	size_t l = sb->len;
	while (l && ch_isspace((unsigned char)t[l - 1]))
		l--;
	if (!l)
		return 1;
	if (strchr(".!?)]\"/", t[l - 1]))
		return 1;
	/* closing quotes */
	return l >= 3 && (unsigned char)t[l - 3] == 0xE2 && (unsigned char)t[l - 2] == 0x80 &&
	       ((unsigned char)t[l - 1] == 0x9D || (unsigned char)t[l - 1] == 0x99);
}

/* Drops the entries from index from on (a list that turned out not to be one). */
static void drop_entries(struct builder *bd, size_t from)
{
	struct refs *r = bd->r;
	while (r->nr_entries > from) {
		struct refs_entry *e = &r->entries[--r->nr_entries];
		r->lists[e->list].nr--;
		entry_fields_release(&e->fields);
		strbuf_release(&bd->body[r->nr_entries]);
	}
}

/* ---- the lines of a block ---- */

/* Was there a blank line in the source between src offsets a and b? */
static int blank_between(const struct doc *d, size_t a, size_t b)
{
	size_t i, nl = 0;
	for (i = a; i < b && i < d->src_len; i++) {
		if (d->src[i] == '\n') {
			if (++nl >= 2)
				return 1;
		} else if (!ch_isspace((unsigned char)d->src[i])) {
			nl = 0;
		}
	}
	return 0;
}

static void block_lines(const struct doc *d, size_t a, size_t e, struct nlines *out)
{
	const char *t = d->text.text.buf;
	size_t i, k = a, prev_src_end = NONE;
	out->nr = 0;
	for (i = a; i <= e; i++) {
		size_t la, lb, ss, se;
		struct nline *x;
		if (i < e && t[i] != '\n')
			continue;
		la = k;
		lb = i;
		k = i + 1;
		while (la < lb && ch_isspace((unsigned char)t[la]))
			la++;
		while (lb > la && ch_isspace((unsigned char)t[lb - 1]))
			lb--;
		if (la >= lb)
			continue;
		doc_src_range(d, la, lb, &ss, &se);
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		x = &out->v[out->nr++];
		x->s = t + la;
		x->n = lb - la;
		x->start = la;
		x->end = lb;
		x->blank_before = prev_src_end != NONE && ss > prev_src_end &&
				  blank_between(d, prev_src_end, ss);
		prev_src_end = se;
	}
}

/* Value of a line holding only a number of 1-3 digits, else -1. */
static long bare_number(const struct nline *x)
{
	long v = 0;
	size_t i;
	if (x->n > 3)
		return -1;
	for (i = 0; i < x->n; i++) {
		if (!ch_isdigit((unsigned char)x->s[i]))
			return -1;
		v = v * 10 + (x->s[i] - '0');
	}
	return v;
}

/* "*", "†", "‡": the marker of an author's note, which cites nothing. */
static int symbol_marker(const struct nline *x)
{
	return (x->n == 1 && x->s[0] == '*') ||
	       (x->n == 3 && (!memcmp(x->s, "\xe2\x80\xa0", 3) || !memcmp(x->s, "\xe2\x80\xa1", 3)));
}

/* "[^label]:" at s: the label's length (and where the text starts); 0 if none. */
static size_t md_def_at(const char *s, size_t n, size_t *text_at)
{
	size_t k;
	if (n < 5 || s[0] != '[' || s[1] != '^')
		return 0;
	for (k = 2; k < n && k < 40 && s[k] != ']' && s[k] != '[' && !ch_isspace((unsigned char)s[k]); k++)
		;
	if (k == 2 || k + 1 >= n || s[k] != ']' || s[k + 1] != ':')
		return 0;
	*text_at = skip_ws_(s, n, k + 2);
	return k - 2;
}

/* ---- headings ---- */

static const char *const ref_headings[] = {
	"references", "bibliography", "works cited", "literature cited", "literature",
	"sources", "reference list", "t\xc3\xa0i li\xe1\xbb\x87u tham kh\xe1\xba\xa3o",
	"further reading", "citations", "r\xc3\xa9" "f\xc3\xa9rences", "notes and references",
	"references and notes"
};
static const char *const note_headings[] = {
	"notes", "endnotes", "footnotes", "end notes", "ch\xc3\xba th\xc3\xad" "ch",
	"ghi ch\xc3\xba"
};

/* 1 reference heading, 2 notes heading, 0 none; the word in *h, *hl. */
static int heading_kind(const char *s, size_t n, const char **h, size_t *hl)
{
	size_t k;
	while (n && (*s == '#' || *s == '*' || *s == ' ' || *s == '_')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ':' || s[n - 1] == '*' || s[n - 1] == ' ' || s[n - 1] == '_' ||
		     s[n - 1] == '#' || s[n - 1] == '.'))
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

/* ---- footnote areas ---- */

struct fn_state {
	size_t list;            /* NONE until the first note */
	enum refs_list_kind kind;
	long pending[16];       /* numbers seen, body not yet */
	size_t nr_pending;
	long cur;               /* entry receiving lines, -1 */
	long last;              /* the last note that got a body */
	long max_num;           /* highest note number with a body */
	unsigned char *seen;    /* numbers 1..999 given a body */
};

static void fn_init(struct fn_state *st, enum refs_list_kind kind)
{
	memset(st, 0, sizeof(*st));
	st->list = NONE;
	st->kind = kind;
	st->cur = st->last = -1;
}

static void fn_release(struct fn_state *st)
{
	free(st->seen);
	st->seen = NULL;
}

static void fn_push(struct fn_state *st, long num)
{
	if (st->nr_pending < ARRAY_SIZE(st->pending))
		st->pending[st->nr_pending++] = num;
}

/* The latest pending number (stacked right above the body) or the oldest. */
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

/* A number that may be the next note number: not seen, not far ahead. */
static int fn_plausible(const struct fn_state *st, long num)
{
	size_t i;
	if (num < 1 || num > 999 || num > st->max_num + 4)
		return 0;
	for (i = 0; i < st->nr_pending; i++)
		if (st->pending[i] == num)
			return 0;
	return !st->seen || !st->seen[num];
}

static struct refs_entry *fn_open(struct builder *bd, struct fn_state *st, long num,
				  const struct nline *x)
{
	struct refs *r = bd->r;
	struct refs_entry *e;
	if (st->list == NONE)
		st->list = new_list(r, st->kind, 0, NULL, 0);
	if (r->lists[st->list].nr == 0) {
		size_t ss, se;
		doc_src_range(r->doc, x->start, x->end, &ss, &se);
		r->lists[st->list].src_start = ss;
	}
	e = new_entry(bd, st->list, num, x);
	if (!e)
		return NULL;
	if (!st->seen)
		st->seen = xcalloc(1000, 1);
	st->seen[num] = 1;
	st->cur = st->last = (long)(e - r->entries);
	if (num > st->max_num)
		st->max_num = num;
	return e;
}

/*
 * "12 Joint Vision Statement ...": a note whose number starts its first
 * line. Taken only for the next number of the run, before a capital or
 * a quote, so that "2016. https://..." in a body stays text.
 */
static size_t inline_number(const struct fn_state *st, const struct nline *x, long *num)
{
	size_t i = 0;
	long v = 0;
	while (i < x->n && i < 4 && ch_isdigit((unsigned char)x->s[i]))
		v = v * 10 + (x->s[i++] - '0');
	if (!i || i > 3 || i + 1 >= x->n || x->s[i] != ' ')
		return 0;
	if (v != st->max_num + 1 || !fn_plausible(st, v))
		return 0;
	if (!(ch_isupper((unsigned char)x->s[i + 1]) || x->s[i + 1] == '"' ||
	      (unsigned char)x->s[i + 1] >= 0xC0))
		return 0;
	*num = v;
	return i + 1;
}

/* One footnote area: numbers to bodies. */
static void read_footnote_area(struct builder *bd, struct fn_state *st, const struct nlines *ls)
{
	struct refs *r = bd->r;
	size_t i;
	int prev_num = 0, discard = 0;

	st->cur = -1;
	for (i = 0; i < ls->nr; i++) {
		const struct nline *x = &ls->v[i];
		long num = bare_number(x);
		size_t skip = 0;
		struct refs_entry *e = NULL;

		if (num >= 0) {
			if (fn_plausible(st, num))
				fn_push(st, num);
			st->cur = -1;
			prev_num = 1;
			discard = 0;
			continue;
		}
		if (symbol_marker(x)) {
			/* an author's note ("* Corresponding author ..."): not a citation */
			st->cur = -1;
			prev_num = 0;
			discard = 1;
			continue;
		}
		if (discard)
			continue;
		if (!prev_num && (st->cur < 0 || body_complete(&bd->body[st->cur])) &&
		    (skip = inline_number(st, x, &num)) != 0) {
			e = fn_open(bd, st, num, x);
		} else if (prev_num && st->nr_pending) {
			e = fn_open(bd, st, fn_take(st, 1), x);
		} else if (st->cur >= 0) {
			e = &r->entries[st->cur];
		} else if (st->nr_pending) {
			e = fn_open(bd, st, fn_take(st, 0), x);
		} else if (st->last >= 0 && !body_complete(&bd->body[st->last])) {
			/* the rest of a note cut by a page break */
			st->cur = st->last;
			e = &r->entries[st->cur];
		}
		prev_num = 0;
		if (!e)
			continue;   /* no number claims it */
		entry_append_line(bd, e, x, skip);
	}
}

/* ---- numbered and unnumbered lists ---- */

/* The numbering style of a line: '(', '[' or '.' (for "1." and "1)"); 0 if none. */
static char item_style(const struct nline *x, long *num, size_t *len)
{
	size_t l = refs_entry_number_len(x->s, x->n, num);
	if (!l)
		return 0;
	*len = l;
	return x->s[0] == '(' || x->s[0] == '[' ? x->s[0] : '.';
}

/* Does an entry read as a citation (it has a date, URL, publisher or DOI)? */
static int reads_as_citation(const struct strbuf *body)
{
	struct entry_fields f;
	int yes;
	entry_fields_init(&f);
	entry_parse(body->buf, body->len, &f);
	yes = f.date || f.nr_urls || f.publisher || f.doi;
	entry_fields_release(&f);
	return yes;
}

struct list_state {
	size_t list;            /* the open numbered list, NONE if none */
	char style;
	long last;              /* its last number */
	size_t last_block;      /* the last block read into it, NONE if none */
};

/*
 * A numbered list in lines ls: items where the numbering goes on (a
 * repeated number or a small gap is a flaw of the list, not its end),
 * other lines continue the item before. Returns the entries added.
 */
static size_t read_numbered(struct builder *bd, struct list_state *ls_, const struct nlines *ls,
			    char style)
{
	struct refs_entry *e = NULL;
	size_t i, added = 0;
	for (i = 0; i < ls->nr; i++) {
		const struct nline *x = &ls->v[i];
		long num = 0;
		size_t len = 0;
		char st = item_style(x, &num, &len);
		if (st == style && num >= ls_->last - 1 && num <= ls_->last + 4 && num > 0) {
			e = new_entry(bd, ls_->list, num, x);
			if (!e)
				return added;
			added++;
			ls_->last = num;
			entry_append_line(bd, e, x, len);
			continue;
		}
		if (e)
			entry_append_line(bd, e, x, 0);
	}
	return added;
}

/* Unnumbered entries under a heading: one per paragraph, or per line when a line ends one. */
static void read_unnumbered(struct builder *bd, size_t list, const struct nlines *ls)
{
	struct refs *r = bd->r;
	struct refs_entry *e = NULL;
	size_t i;
	long idx = 0;
	for (i = 0; i < ls->nr; i++) {
		const struct nline *x = &ls->v[i];
		int starts = !e || x->blank_before;
		if (!starts && body_complete(&bd->body[e - r->entries]) &&
		    (ch_isupper((unsigned char)x->s[0]) || (unsigned char)x->s[0] >= 0xC0))
			starts = 1;
		if (starts) {
			e = new_entry(bd, list, ++idx, x);
			if (!e)
				return;
			e->label[0] = '\0';
		}
		entry_append_line(bd, e, x, 0);
	}
}

static void read_md_defs(struct builder *bd, size_t *list, const struct nlines *ls);

/* The heading of the block before index bi, if it names a list. */
static int block_heading(const struct doc *d, size_t bi, const char **h, size_t *hl, size_t *src)
{
	const struct doc_block *b;
	size_t se;
	if (bi == 0)
		return 0;
	b = &d->blocks[bi - 1];
	if (b->kind != BLOCK_HEADING && b->kind != BLOCK_PARA)
		return 0;
	if (b->end - b->start > 60)
		return 0;
	doc_src_range(d, b->start, b->end, src, &se);
	return heading_kind(d->text.text.buf + b->start, b->end - b->start, h, hl);
}

/* ---- end-of-document lists the layout left as paragraphs ---- */

/*
 * "(1) See: Documents of ..." as the last paragraphs, unheaded: numbered
 * from 1 in parentheses or brackets, reading as citations, and nothing
 * but short lines after them. Returns the index of the block after the
 * list, or bi if there is none here.
 */
static size_t end_list_at(struct builder *bd, size_t bi, struct nlines *tmp)
{
	struct refs *r = bd->r;
	const struct doc *d = r->doc;
	const struct doc_block *b = &d->blocks[bi];
	const char *t = d->text.text.buf;
	size_t k, j, items = 0, cites = 0, first_entry = r->nr_entries, list, total;
	long num, expect = 1;
	char style;
	struct list_state st;

	if (b->end - b->start < 4 || (t[b->start] != '(' && t[b->start] != '['))
		return bi;
	if (!refs_entry_number_len(t + b->start, b->end - b->start, &num) || num != 1)
		return bi;
	style = t[b->start];
	for (j = bi; j < d->nr_blocks; j++) {
		const struct doc_block *c = &d->blocks[j];
		if (c->kind != BLOCK_PARA && c->kind != BLOCK_LIST_ITEM)
			break;
		if (t[c->start] != style || !refs_entry_number_len(t + c->start, c->end - c->start, &num) ||
		    num < expect - 1 || num > expect + 3)
			break;
		expect = num + 1;
	}
	/* nothing of substance may follow: a byline, a source line */
	for (k = j, total = 0; k < d->nr_blocks; k++)
		if (d->blocks[k].kind != BLOCK_NOTES && d->blocks[k].kind != BLOCK_HEADING)
			total += d->blocks[k].end - d->blocks[k].start;
	if (total >= 200)
		return bi;
	list = new_list(r, style == '(' ? REFS_LIST_ENDNOTES : REFS_LIST_REFERENCES, 0, NULL, 0);
	st.list = list;
	st.style = style;
	st.last = 0;
	st.last_block = NONE;
	for (k = bi; k < j; k++) {
		block_lines(d, d->blocks[k].start, d->blocks[k].end, tmp);
		bd->cur_block = k;
		read_numbered(bd, &st, tmp, style);
	}
	for (k = first_entry; k < r->nr_entries; k++) {
		items++;
		cites += reads_as_citation(&bd->body[k]);
	}
	if (!items || !cites || cites * 2 < items) {
		drop_entries(bd, first_entry);
		r->nr_lists--;
		return bi;
	}
	r->lists[list].src_start = r->entries[first_entry].src_start;
	refs_add_skip(r, d->blocks[bi].start, d->blocks[j - 1].end);
	return j;
}

/* ---- Markdown footnote definitions ---- */

static void read_md_defs(struct builder *bd, size_t *list, const struct nlines *ls)
{
	struct refs *r = bd->r;
	struct refs_entry *e = NULL;
	size_t i;
	for (i = 0; i < ls->nr; i++) {
		const struct nline *x = &ls->v[i];
		size_t at = 0, ll = md_def_at(x->s, x->n, &at);
		if (ll) {
			if (*list == NONE) {
				size_t ss, se;
				doc_src_range(r->doc, x->start, x->end, &ss, &se);
				*list = new_list(r, REFS_LIST_MARKDOWN, ss, NULL, 0);
			}
			e = new_entry(bd, *list, strtol(x->s + 2, NULL, 10), x);
			if (!e)
				return;
			snprintf(e->label, sizeof(e->label), "%.*s", (int)(ll < 15 ? ll : 15), x->s + 2);
			entry_append_line(bd, e, x, at);
			continue;
		}
		if (e)
			entry_append_line(bd, e, x, 0);
	}
}

/*
 * A paragraph holding definitions "[^1]: A. [^2]: B." (the layout joins
 * consecutive lines): cut it before each "[^label]:".
 */
static void md_para_lines(const struct doc *d, const struct doc_block *b, struct nlines *out)
{
	const char *t = d->text.text.buf;
	size_t i, k = b->start, dummy;
	out->nr = 0;
	for (i = b->start; i <= b->end; i++) {
		if (i < b->end && !(i > k && t[i] == '[' && ch_isspace((unsigned char)t[i - 1]) &&
				    md_def_at(t + i, b->end - i, &dummy)))
			continue;
		if (i > k) {
			struct nline *x;
			size_t lb = i;
			while (lb > k && ch_isspace((unsigned char)t[lb - 1]))
				lb--;
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			x = &out->v[out->nr++];
			x->s = t + k;
			x->n = lb - k;
			x->start = k;
			x->end = lb;
			x->blank_before = 1;
		}
		k = i;
	}
}

/* ---- a reference list cut by a page break ---- */

/* Does the first line of block bi hold item number num in style? */
static int block_starts_item(const struct doc *d, size_t bi, char style, long num)
{
	const struct doc_block *b;
	struct nline x;
	const char *nl;
	long v = 0;
	size_t len = 0;

	if (bi >= d->nr_blocks)
		return 0;
	b = &d->blocks[bi];
	x.start = skip_ws_(d->text.text.buf, b->end, b->start);
	x.s = d->text.text.buf + x.start;
	nl = memchr(x.s, '\n', b->end - x.start);
	x.n = nl ? (size_t)(nl - x.s) : b->end - x.start;
	x.end = x.start + x.n;
	x.blank_before = 0;
	return x.n && item_style(&x, &v, &len) == style && v == num;
}

/*
 * The layout takes the running header and the page number out of the
 * text, but what comes after them on the next page is no longer under
 * the "References" heading: it reads the rest of the list as list items
 * or paragraphs. Block bi goes on with the open headed list when it
 * comes right after the list's last block, its items have the list's
 * style, go on with its numbering and read as citations. Lines before
 * its first item are the rest of an entry the page cut ("Trade" /
 * furniture / "Quarterly, vol. 3, 2010."): taken only when that entry
 * is unfinished and the numbering goes on right after them. Anything
 * else (an unrelated paragraph, an appendix numbered on) ends the list.
 * Returns 1 if bi was read into the list.
 */
static int continues_list(struct builder *bd, size_t bi, struct list_state *open,
			  struct nlines *ls)
{
	struct refs *r = bd->r;
	const struct doc *d = r->doc;
	const struct doc_block *b = &d->blocks[bi];
	size_t first_entry = r->nr_entries, len = 0, k, cites = 0, items, lead = 0;
	long num = 0, last = open->last;
	struct refs_entry *cut = NULL, saved;
	size_t saved_len = 0, saved_block = 0;

	if (open->list == NONE || bi == 0 || open->last_block != bi - 1 ||
	    !r->lists[open->list].heading[0] || !r->nr_entries ||
	    r->entries[r->nr_entries - 1].list != open->list)
		return 0;
	block_lines(d, b->start, b->end, ls);
	if (!ls->nr)
		return 0;
	while (lead < ls->nr && !item_style(&ls->v[lead], &num, &len))
		lead++;
	if (lead) {
		cut = &r->entries[r->nr_entries - 1];
		if (body_complete(&bd->body[r->nr_entries - 1]))
			return 0;
		if (lead == ls->nr ? !block_starts_item(d, bi + 1, open->style, open->last + 1)
				   : item_style(&ls->v[lead], &num, &len) != open->style)
			return 0;
	}
	if (lead < ls->nr && (item_style(&ls->v[lead], &num, &len) != open->style ||
			      num != open->last + 1))
		return 0;
	bd->cur_block = bi;
	if (cut) {
		saved = *cut;
		saved_len = bd->body[r->nr_entries - 1].len;
		saved_block = bd->last_block[r->nr_entries - 1];
		for (k = 0; k < lead; k++)
			entry_append_line(bd, cut, &ls->v[k], 0);
	}
	read_numbered(bd, open, ls, open->style);
	items = r->nr_entries - first_entry;
	for (k = first_entry; k < r->nr_entries; k++)
		cites += reads_as_citation(&bd->body[k]);
	if (cites * 2 < items) {
		drop_entries(bd, first_entry);
		open->last = last;
		if (cut) {
			*cut = saved;
			strbuf_setlen(&bd->body[first_entry - 1], saved_len);
			bd->last_block[first_entry - 1] = saved_block;
		}
		return 0;
	}
	refs_add_skip(r, b->start, b->end);
	open->last_block = bi;
	return 1;
}

/* ---- the walk ---- */

static void read_notes_block(struct builder *bd, size_t bi, struct fn_state *fn,
			     struct list_state *open, size_t *md_list, struct nlines *ls)
{
	struct refs *r = bd->r;
	const struct doc *d = r->doc;
	const struct doc_block *b = &d->blocks[bi];
	const char *h = NULL;
	size_t hl = 0, hsrc = 0, dummy, len, first_entry = r->nr_entries;
	int hk = block_heading(d, bi, &h, &hl, &hsrc);
	long num = 0;
	char style;

	block_lines(d, b->start, b->end, ls);
	refs_add_skip(r, b->start, b->end);
	if (!ls->nr)
		return;
	if (hk)
		refs_add_skip(r, d->blocks[bi - 1].start, d->blocks[bi - 1].end);
	if (md_def_at(ls->v[0].s, ls->v[0].n, &dummy)) {
		read_md_defs(bd, md_list, ls);
		return;
	}
	if (d->format == DOC_FMT_MARKDOWN && !hk) {
		/* doc_md.c writes a definition "[^label]: Text" as "label Text", one block each */
		const struct nline *x = &ls->v[0];
		struct refs_entry *e;
		size_t ll = 0, k;
		while (ll < x->n && !ch_isspace((unsigned char)x->s[ll]))
			ll++;
		if (*md_list == NONE) {
			size_t ss, se;
			doc_src_range(d, x->start, x->end, &ss, &se);
			*md_list = new_list(r, REFS_LIST_MARKDOWN, ss, NULL, 0);
		}
		e = new_entry(bd, *md_list, strtol(x->s, NULL, 10), x);
		if (!e)
			return;
		snprintf(e->label, sizeof(e->label), "%.*s", (int)(ll < 15 ? ll : 15), x->s);
		entry_append_line(bd, e, x, skip_ws_(x->s, x->n, ll));
		for (k = 1; k < ls->nr; k++)
			entry_append_line(bd, e, &ls->v[k], 0);
		return;
	}
	style = item_style(&ls->v[0], &num, &len);
	if (style) {
		int cont = !hk && open->list != NONE && open->style == style &&
			   num >= open->last && num <= open->last + 4;
		if (!cont) {
			size_t ss, se;
			enum refs_list_kind k = (hk == 2 || (!hk && style == '(')) ? REFS_LIST_ENDNOTES
										 : REFS_LIST_REFERENCES;
			doc_src_range(d, ls->v[0].start, ls->v[0].end, &ss, &se);
			open->list = new_list(r, k, hk ? hsrc : ss, h, hl);
			open->style = style;
			open->last = num - 1;
		}
		read_numbered(bd, open, ls, style);
		open->last_block = bi;
		/* an unheaded list must read as citations, not as enumerated remarks */
		if (!hk && !cont) {
			size_t k, cites = 0, items = r->nr_entries - first_entry;
			for (k = first_entry; k < r->nr_entries; k++)
				cites += reads_as_citation(&bd->body[k]);
			if (!items || cites * 2 < items) {
				drop_entries(bd, first_entry);
				r->nr_lists--;
				open->list = NONE;
			}
		}
		return;
	}
	if (hk && bare_number(&ls->v[0]) < 0) {
		size_t ss, se;
		doc_src_range(d, ls->v[0].start, ls->v[0].end, &ss, &se);
		read_unnumbered(bd, new_list(r, hk == 2 ? REFS_LIST_ENDNOTES : REFS_LIST_REFERENCES,
					     hsrc, h, hl), ls);
		(void)ss;
		return;
	}
	if (hk) {
		/* numbers on their own lines under a "Notes" heading */
		struct fn_state st;
		fn_init(&st, hk == 2 ? REFS_LIST_ENDNOTES : REFS_LIST_REFERENCES);
		st.list = new_list(r, st.kind, hsrc, h, hl);
		read_footnote_area(bd, &st, ls);
		fn_release(&st);
		return;
	}
	read_footnote_area(bd, fn, ls);
}

void refs_find_lists(struct refs *r)
{
	const struct doc *d = r->doc;
	struct builder bd;
	struct fn_state fn;
	struct list_state open;
	struct nlines ls = { NULL, 0, 0 };
	size_t bi, i, md_list = NONE;

	memset(&bd, 0, sizeof(bd));
	bd.r = r;
	fn_init(&fn, REFS_LIST_FOOTNOTES);
	open.list = NONE;
	open.style = 0;
	open.last = 0;
	open.last_block = NONE;

	for (bi = 0; bi < d->nr_blocks; bi++) {
		const struct doc_block *b = &d->blocks[bi];
		size_t dummy, next;
		bd.cur_block = bi;
		if (b->kind == BLOCK_NOTES) {
			read_notes_block(&bd, bi, &fn, &open, &md_list, &ls);
			continue;
		}
		/*
		 * A heading right before a notes block belongs to it. Body
		 * text between two areas does not close a numbered list:
		 * footnotes numbered "N." go on from page to page.
		 */
		if (b->kind == BLOCK_HEADING && bi + 1 < d->nr_blocks &&
		    d->blocks[bi + 1].kind == BLOCK_NOTES)
			continue;
		if (b->kind != BLOCK_PARA && b->kind != BLOCK_LIST_ITEM)
			continue;
		if (continues_list(&bd, bi, &open, &ls))
			continue;
		if (md_def_at(d->text.text.buf + b->start, b->end - b->start, &dummy)) {
			md_para_lines(d, b, &ls);
			read_md_defs(&bd, &md_list, &ls);
			refs_add_skip(r, b->start, b->end);
			continue;
		}
		next = end_list_at(&bd, bi, &ls);
		if (next > bi)
			bi = next - 1;
	}

	/* the bodies become the entries' texts */
	for (i = 0; i < r->nr_entries; i++)
		r->entries[i].text = strbuf_detach(&bd.body[i], NULL);
	free(bd.body);
	free(bd.last_block);
	fn_release(&fn);
	free(ls.v);
	normalize_skip(r);
}

/* ---- entry numbers ---- */

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
