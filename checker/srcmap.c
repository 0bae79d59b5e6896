#include "srcmap.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void srcmap_init(struct srcmap *m)
{
	m->seg = NULL;
	m->nr = m->alloc = 0;
}

void srcmap_release(struct srcmap *m)
{
	free(m->seg);
	srcmap_init(m);
}

void srcmap_add(struct srcmap *m, size_t out, size_t out_len, size_t src, size_t src_len)
{
	struct srcmap_seg *last;
	if (!out_len)
		return;
	if (m->nr) {
		last = &m->seg[m->nr - 1];
		/* merge contiguous copied runs */
		if (last->out_len == last->src_len && out_len == src_len &&
		    last->out + last->out_len == out && last->src + last->src_len == src) {
			last->out_len += out_len;
			last->src_len += src_len;
			return;
		}
	}
	ALLOC_GROW(m->seg, m->nr + 1, m->alloc);
	last = &m->seg[m->nr++];
	last->out = out;
	last->out_len = out_len;
	last->src = src;
	last->src_len = src_len;
}

/*
 * Index of the last segment at or after lo that starts at or before
 * out, else lo; m->nr > lo, and lo is 0 or starts at or before out.
 */
static size_t find_seg_from(const struct srcmap *m, size_t lo, size_t out)
{
	size_t hi = m->nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->seg[mid].out <= out)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const struct srcmap_seg *find_seg(const struct srcmap *m, size_t out)
{
	if (!m->nr)
		return NULL;
	return &m->seg[find_seg_from(m, 0, out)];
}

/* Source offset of derived offset out, s being find_seg(out). */
static size_t seg_to_src(const struct srcmap_seg *s, size_t out)
{
	if (out < s->out)
		return s->src;
	if (out >= s->out + s->out_len)
		return s->src + s->src_len;
	if (s->out_len == s->src_len)
		return s->src + (out - s->out);
	return s->src;
}

size_t srcmap_to_src(const struct srcmap *m, size_t out)
{
	const struct srcmap_seg *s = find_seg(m, out);
	return s ? seg_to_src(s, out) : out;
}

void srcmap_range(const struct srcmap *m, size_t start, size_t end,
		  size_t *src_start, size_t *src_end)
{
	const struct srcmap_seg *s = NULL;
	size_t first = 0;
	if (m->nr) {
		first = find_seg_from(m, 0, start);
		*src_start = seg_to_src(&m->seg[first], start);
	} else {
		*src_start = start;
	}
	if (end <= start) {
		*src_end = *src_start;
		return;
	}
	/*
	 * The end's segment is searched for from the start's (it is no
	 * earlier), and is most often the same one: one binary search per
	 * range, where srcmap_to_src() and a search for the end were two.
	 */
	if (m->nr) {
		if (first + 1 < m->nr && m->seg[first + 1].out <= end - 1)
			first = find_seg_from(m, first + 1, end - 1);
		s = &m->seg[first];
	}
	if (!s) {
		*src_end = end;
	} else if (end - 1 >= s->out + s->out_len || s->out_len != s->src_len) {
		*src_end = s->src + s->src_len;
	} else {
		*src_end = s->src + (end - s->out);
	}
	if (*src_end < *src_start)
		*src_end = *src_start;
}

void mtext_init(struct mtext *t, size_t cap)
{
	strbuf_init(&t->text, cap);
	srcmap_init(&t->map);
}

void mtext_release(struct mtext *t)
{
	strbuf_release(&t->text);
	srcmap_release(&t->map);
}

int mtext_add(struct mtext *t, const char *s, size_t n, size_t src)
{
	size_t at = t->text.len;
	if (strbuf_add(&t->text, s, n) < 0)
		return -1;
	srcmap_add(&t->map, at, n, src, n);
	return 0;
}

int mtext_add_subst(struct mtext *t, const char *s, size_t n, size_t src, size_t src_len)
{
	size_t at = t->text.len;
	if (strbuf_add(&t->text, s, n) < 0)
		return -1;
	srcmap_add(&t->map, at, n, src, src_len);
	return 0;
}

int mtext_add_from(struct mtext *t, const struct mtext *from, size_t start, size_t end)
{
	size_t at = t->text.len, i;
	const struct srcmap_seg *s;
	if (end > from->text.len)
		end = from->text.len;
	if (start >= end)
		return 0;
	if (strbuf_add(&t->text, from->text.buf + start, end - start) < 0)
		return -1;
	if (!from->map.nr) {
		srcmap_add(&t->map, at, end - start, start, end - start);
		return 0;
	}
	/* walk the segments overlapping [start, end) */
	s = find_seg(&from->map, start);
	i = (size_t)(s - from->map.seg);
	for (; i < from->map.nr && from->map.seg[i].out < end; i++) {
		const struct srcmap_seg *g = &from->map.seg[i];
		size_t a = g->out > start ? g->out : start;
		size_t b = g->out + g->out_len < end ? g->out + g->out_len : end;
		if (a >= b)
			continue;
		if (g->out_len == g->src_len)
			srcmap_add(&t->map, at + (a - start), b - a, g->src + (a - g->out), b - a);
		else
			srcmap_add(&t->map, at + (a - start), b - a, g->src, g->src_len);
	}
	return 0;
}

/*
 * The checkpoints of a source with a long line. A position just after
 * an ASCII byte is a code point boundary whichever boundary the count
 * started from (an ASCII byte is never inside a sequence, valid or
 * not), so counts between checkpoints and line starts add up.
 */
static void lineidx_checkpoints(struct lineidx *li)
{
	size_t k, nr = li->len / LINEIDX_BLOCK + 1, prev = 0, cps = 0;

	li->ck_off = xmalloc(nr * sizeof(*li->ck_off));
	li->ck_cps = xmalloc(nr * sizeof(*li->ck_cps));
	for (k = 0; k < nr; k++) {
		size_t i = k * LINEIDX_BLOCK, e = i + LINEIDX_BLOCK < li->len ? i + LINEIDX_BLOCK : li->len;
		while (i < e && (unsigned char)li->src[i] >= 0x80)
			i++;
		if (i >= e)
			continue;
		i++;
		cps += utf8_count(li->src + prev, i - prev);
		prev = i;
		li->ck_off[li->nr_ck] = i;
		li->ck_cps[li->nr_ck++] = cps;
	}
}

/* Index of the last checkpoint at or before off, or (size_t)-1. */
static size_t checkpoint_before(const struct lineidx *li, size_t off)
{
	size_t lo = 0, hi = li->nr_ck;
	if (!hi || li->ck_off[0] > off)
		return (size_t)-1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->ck_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Code points in src[ls..off), ls a line start, through the checkpoints. */
static size_t count_long(const struct lineidx *li, size_t ls, size_t off)
{
	size_t p = checkpoint_before(li, off), q = checkpoint_before(li, ls);
	size_t at_q = q == (size_t)-1 ? 0 : li->ck_cps[q], q_off = q == (size_t)-1 ? 0 : li->ck_off[q];

	if (p == (size_t)-1 || li->ck_off[p] <= ls)
		return utf8_count(li->src + ls, off - ls);
	/* C(p) - C(ls) + count(p..off), with C(ls) = C(q) + count(q..ls) */
	return li->ck_cps[p] - at_q - utf8_count(li->src + q_off, ls - q_off) +
	       utf8_count(li->src + li->ck_off[p], off - li->ck_off[p]);
}

size_t src_line_end(const char *src, size_t len, size_t i, int has_cr)
{
	const char *nl;
	if (has_cr)
		return mem_line_end(src, len, i);
	nl = i < len ? memchr(src + i, '\n', len - i) : NULL;
	return nl ? (size_t)(nl - src) : len;
}

void lineidx_init(struct lineidx *li, const char *src, size_t len)
{
	size_t i, longest = 0;
	int has_cr = memchr(src, '\r', len) != NULL;
	li->start = NULL;
	li->nr = li->alloc = 0;
	li->src = src;
	li->len = len;
	li->ck_off = li->ck_cps = NULL;
	li->nr_ck = 0;
	ALLOC_GROW(li->start, 1, li->alloc);
	/* a UTF-8 byte order mark is not part of the first line's columns */
	li->start[li->nr++] = len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3) ? 3 : 0;
	/* line ends found with memchr: this runs over every byte of every document */
	for (i = src_line_end(src, len, 0, has_cr); i < len; i = src_line_end(src, len, i + 1, has_cr)) {
		if (i - li->start[li->nr - 1] > longest)
			longest = i - li->start[li->nr - 1];
		ALLOC_GROW(li->start, li->nr + 1, li->alloc);
		li->start[li->nr++] = i + 1;
	}
	if (len - li->start[li->nr - 1] > longest)
		longest = len - li->start[li->nr - 1];
	if (longest > LINEIDX_LONG_LINE)
		lineidx_checkpoints(li);
}

void lineidx_release(struct lineidx *li)
{
	free(li->start);
	free(li->ck_off);
	free(li->ck_cps);
	li->start = NULL;
	li->ck_off = li->ck_cps = NULL;
	li->nr = li->alloc = li->nr_ck = 0;
}

/* The last line at or after line lo (start[lo] <= off) that starts at or before off. */
static size_t line_of_from(const struct lineidx *li, size_t lo, size_t off)
{
	size_t hi = li->nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_of(const struct lineidx *li, size_t off)
{
	return line_of_from(li, 0, off);
}

/* Column of off in line l (code points from the line start, plus one). */
static size_t col_in_line(const struct lineidx *li, size_t l, size_t off)
{
	if (off <= li->start[l])
		return 1;
	if (off - li->start[l] > LINEIDX_LONG_LINE && li->nr_ck)
		return count_long(li, li->start[l], off) + 1;
	return utf8_count(li->src + li->start[l], off - li->start[l]) + 1;
}

void lineidx_locate(const struct lineidx *li, size_t off, size_t *line, size_t *col)
{
	size_t l;
	if (off > li->len)
		off = li->len;
	l = line_of(li, off);
	*line = l + 1;
	*col = col_in_line(li, l, off);
}

/* Lines a cursor walks forward before it searches instead. */
#define CURSOR_WALK 8

void lineidx_locate_next(const struct lineidx *li, struct lineidx_cursor *cur, size_t off,
			 size_t *line, size_t *col)
{
	size_t l, k;
	if (off > li->len)
		off = li->len;
	if (!cur->valid || off < cur->off) {
		l = line_of(li, off);
		*col = col_in_line(li, l, off);
		goto done;
	}
	l = cur->line;
	for (k = 0; k < CURSOR_WALK && l + 1 < li->nr && li->start[l + 1] <= off; k++)
		l++;
	if (l + 1 < li->nr && li->start[l + 1] <= off)
		l = line_of_from(li, l, off);
	/*
	 * On the cursor's line, count on from the cursor: utf8_count() of
	 * the two parts adds up to that of the whole when the cursor's
	 * byte is no continuation byte (no code point, valid or not, is
	 * then cut in two).
	 */
	if (l == cur->line && cur->off >= li->start[l] &&
	    (off == cur->off || ((unsigned char)li->src[cur->off] & 0xC0) != 0x80))
		*col = cur->col + utf8_count(li->src + cur->off, off - cur->off);
	else
		*col = col_in_line(li, l, off);
done:
	cur->valid = 1;
	cur->line = l;
	cur->off = off;
	cur->col = *col;
	*line = l + 1;
}

const char *lineidx_line(const struct lineidx *li, size_t off, size_t *len)
{
	size_t l, s, e;
	if (off > li->len)
		off = li->len;
	l = line_of(li, off);
	s = li->start[l];
	e = l + 1 < li->nr ? li->start[l + 1] : li->len;
	while (e > s && (li->src[e - 1] == '\n' || li->src[e - 1] == '\r'))
		e--;
	*len = e - s;
	return li->src + s;
}
