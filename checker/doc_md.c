/*
 * doc_md.c - phase 2 for Markdown: blocks, then inline constructs, with
 * an exact source map.
 *
 * Like cmark, decoding runs in two passes.
 *
 *   1. Blocks, line by line: ATX and setext headings, paragraphs, list
 *      items, block quotes, fenced and indented code, footnote
 *      definitions, link reference definitions, GFM table rows,
 *      thematic breaks, HTML comments and tag-only lines, YAML front
 *      matter. The content of
 *      each block is gathered into a "raw" mtext (block markers
 *      stripped, lines joined by '\n' for a soft break or '\r' for a
 *      hard one) that maps every byte back to the source.
 *   2. Inlines, once every reference definition is known: each raw
 *      block is cut into pieces (text, substitutions such as entities,
 *      emphasis delimiter runs, dropped markup, breaks), emphasis is
 *      matched with the delimiter-run rules of CommonMark, and the
 *      pieces are written to d->text, links and marks recorded.
 *
 * Choices made for the reading text (documented in tests/test_markdown.c):
 *   - emphasis markers, backticks and link brackets are dropped; link
 *     and image text stays ("[text](url)" -> "text", "![alt](x)" -> "alt");
 *   - an autolink keeps its URL as text ("<https://x>" -> "https://x");
 *   - a footnote reference "[^12]" becomes its label "12" (like a
 *     superscript digit in a PDF), covered by a MARK_FOOTREF mark;
 *   - a footnote definition "[^12]: Text" is a BLOCK_NOTES block whose
 *     text starts with the label, a space, then the text: "12 Text"
 *     (again what a footnote area of a PDF looks like); its lines are
 *     LINE_NOTE and are joined by '\n';
 *   - soft line breaks become one space (recorded in d->joins), hard
 *     breaks (two trailing spaces, a trailing backslash, <br>) '\n';
 *   - inline HTML tags are dropped; <sup>..</sup> adds a MARK_SUP mark.
 * Lines: LINE_BLANK, LINE_MARKUP (fences, thematic breaks, setext
 * underlines, reference definitions, front matter, tag-only lines),
 * LINE_NOTE (footnote definitions), else LINE_BODY.
 */
#include "doc_internal.h"
#include "buf.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>

#define NONE ((size_t)-1)
#define MAX_LIST_DEPTH 32
#define MAX_LABEL 999           /* link labels, as CommonMark */
#define MAX_FOOT_LABEL 64
#define EMPH_LOOKBACK 256       /* delimiters scanned back for an opener: bounds pathological input */

/* ---------- block pass state ---------- */

enum open_state { O_NONE, O_PARA, O_LIST, O_QUOTE, O_NOTE, O_CODE_INDENT, O_CODE_FENCE, O_TABLE };

struct mblock {
	enum block_kind kind;
	unsigned level;
	size_t first_line;
	struct mtext raw;
};

struct refdef {
	char *label;            /* normalized: lowercase, white space collapsed */
	char *dest;
	size_t dest_src;
};

struct md {
	struct doc *d;
	const struct doc_limits *lim;
	const char *s;

	struct mblock *blocks;
	size_t nr_blocks, alloc_blocks;
	enum open_state state;
	size_t last_end;        /* source end of the content last added to the open block */
	int last_hard;          /* that content ended with a hard break */
	int blank_pending;      /* a blank line followed the open block */
	size_t list_indent[MAX_LIST_DEPTH];     /* content column of each open list level */
	unsigned depth;
	char fence_ch;
	size_t fence_len, fence_indent;
	int in_comment;
	int glue;               /* the next content joins the raw text without a separator */
	size_t last_line;       /* line of the content last added */
	size_t cur_line;        /* line being read */
	int note_bare;          /* the open note holds only its label so far */

	struct refdef *refs;
	size_t nr_refs, alloc_refs;
	int over_links;         /* more links than max_links: refused, as HTML is */
};

/* ---------- small helpers ---------- */

static int is_sp(int c)
{
	return c == ' ' || c == '\t';
}

static int is_ascii_punct(int c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
	       (c >= 0x7B && c <= 0x7E);
}

/* Byte offset of the first non-blank of p[0..n), its column in *cols (tabs to 4). */
static size_t indent_of(const char *p, size_t n, size_t *cols)
{
	size_t i = 0, c = 0;
	while (i < n && is_sp((unsigned char)p[i])) {
		c = p[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
		i++;
	}
	*cols = c;
	return i;
}

/* Offset after removing up to want columns of indentation. */
static size_t skip_cols(const char *p, size_t n, size_t want)
{
	size_t i = 0, c = 0;
	while (i < n && c < want && is_sp((unsigned char)p[i])) {
		c = p[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
		i++;
	}
	return i;
}

/* Label normalization for reference links: lowercase ASCII, white space collapsed. */
static char *norm_label(const char *p, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int sp = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (ch_isspace(c)) {
			sp = sb.len > 0;
			continue;
		}
		if (sp)
			strbuf_addch(&sb, ' ');
		sp = 0;
		strbuf_addch(&sb, ch_tolower(c));
	}
	return strbuf_detach(&sb, NULL);
}

/* ---------- block recognizers (p points at the first non-blank) ---------- */

static int atx_heading(const char *p, size_t n, unsigned *level, size_t *cs, size_t *ce)
{
	size_t i = 0, e;
	while (i < n && p[i] == '#')
		i++;
	if (!i || i > 6 || (i < n && !is_sp((unsigned char)p[i])))
		return 0;
	*level = (unsigned)i;
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	e = n;
	while (e > i && is_sp((unsigned char)p[e - 1]))
		e--;
	/* an optional closing sequence of '#', preceded by a blank */
	{
		size_t k = e;
		while (k > i && p[k - 1] == '#')
			k--;
		if (k < e && (k == i || is_sp((unsigned char)p[k - 1]))) {
			e = k;
			while (e > i && is_sp((unsigned char)p[e - 1]))
				e--;
		}
	}
	*cs = i;
	*ce = e;
	return 1;
}

static int fence_open(const char *p, size_t n, char *ch, size_t *len)
{
	size_t i = 0;
	if (!n || (p[0] != '`' && p[0] != '~'))
		return 0;
	while (i < n && p[i] == p[0])
		i++;
	if (i < 3)
		return 0;
	/* a backtick fence's info string may not hold backticks */
	if (p[0] == '`' && memchr(p + i, '`', n - i))
		return 0;
	*ch = p[0];
	*len = i;
	return 1;
}

static int fence_close(const char *p, size_t n, char ch, size_t len)
{
	size_t i = 0;
	while (i < n && p[i] == ch)
		i++;
	if (i < len)
		return 0;
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	return i == n;
}

static int thematic_break(const char *p, size_t n)
{
	size_t i, count = 0;
	char c = n ? p[0] : 0;
	if (c != '*' && c != '-' && c != '_')
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == c)
			count++;
		else if (!is_sp((unsigned char)p[i]))
			return 0;
	}
	return count >= 3;
}

static int setext_underline(const char *p, size_t n, unsigned *level)
{
	size_t i = 0;
	char c = n ? p[0] : 0;
	if (c != '=' && c != '-')
		return 0;
	while (i < n && p[i] == c)
		i++;
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	if (i != n)
		return 0;
	*level = c == '=' ? 1 : 2;
	return 1;
}

/* A list marker: "-", "*", "+" or "1." / "1)" then a blank or the line's end. */
static int list_marker(const char *p, size_t n, size_t *mlen, long *number)
{
	size_t i = 0;
	long v = 0;
	if (n && (p[0] == '-' || p[0] == '*' || p[0] == '+')) {
		i = 1;
		*number = -1;
	} else {
		while (i < n && i < 9 && ch_isdigit((unsigned char)p[i]))
			v = v * 10 + (p[i++] - '0');
		if (!i || i >= n || (p[i] != '.' && p[i] != ')'))
			return 0;
		i++;
		*number = v;
	}
	if (i < n && !is_sp((unsigned char)p[i]))
		return 0;
	*mlen = i;
	return 1;
}

/* "[^label]: text": label range and the content's offset. */
static int footnote_def(const char *p, size_t n, size_t *la, size_t *lb, size_t *content)
{
	size_t i = 2;
	if (n < 5 || p[0] != '[' || p[1] != '^')
		return 0;
	while (i < n && i < 2 + MAX_FOOT_LABEL && p[i] != ']' && !ch_isspace((unsigned char)p[i]) &&
	       p[i] != '[')
		i++;
	if (i == 2 || i + 1 >= n || p[i] != ']' || p[i + 1] != ':')
		return 0;
	*la = 2;
	*lb = i;
	i += 2;
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	*content = i;
	return 1;
}

/*
 * "[label]: dest 'title'" on one line. On success the label and the
 * destination ranges (relative to p).
 */
static int refdef_line(const char *p, size_t n, size_t *la, size_t *lb, size_t *da, size_t *db)
{
	size_t i = 1;
	if (n < 4 || p[0] != '[' || p[1] == '^')
		return 0;
	while (i < n && p[i] != ']' && i <= MAX_LABEL) {
		if (p[i] == '[')
			return 0;
		if (p[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	if (i >= n || p[i] != ']' || i == 1 || i + 1 >= n || p[i + 1] != ':')
		return 0;
	*la = 1;
	*lb = i;
	i += 2;
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	if (i >= n)
		return 0;
	if (p[i] == '<') {
		size_t s = ++i;
		while (i < n && p[i] != '>' && p[i] != '<')
			i++;
		if (i >= n || p[i] != '>')
			return 0;
		*da = s;
		*db = i++;
	} else {
		*da = i;
		while (i < n && !is_sp((unsigned char)p[i]))
			i++;
		*db = i;
	}
	while (i < n && is_sp((unsigned char)p[i]))
		i++;
	if (i < n) {
		/* a title, then nothing */
		char close = p[i] == '(' ? ')' : p[i];
		if (close != '"' && close != '\'' && close != ')')
			return 0;
		i++;
		while (i < n && p[i] != close)
			i++;
		if (i >= n)
			return 0;
		i++;
		while (i < n && is_sp((unsigned char)p[i]))
			i++;
		if (i != n)
			return 0;
	}
	return 1;
}

/* Length of an HTML tag or comment at p[0..n) ("<a href=..>", "</b>", "<!-- -->"), else 0. */
static size_t html_tag_len(const char *p, size_t n)
{
	size_t i = 1;
	char q = 0;
	if (n < 3 || p[0] != '<')
		return 0;
	if (n >= 4 && !memcmp(p, "<!--", 4)) {
		const char *e = mem_find(p + 4, n - 4, "-->", 3);
		return e ? (size_t)(e - p) + 3 : 0;
	}
	if (p[1] == '/')
		i = 2;
	if (i >= n || !ch_isalpha((unsigned char)p[i]))
		return 0;
	while (i < n && (ch_isalnum((unsigned char)p[i]) || p[i] == '-'))
		i++;
	if (i < n && p[i] != '>' && p[i] != '/' && !ch_isspace((unsigned char)p[i]))
		return 0;
	for (; i < n; i++) {
		if (q) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'') {
			q = p[i];
		} else if (p[i] == '<') {
			return 0;
		} else if (p[i] == '>') {
			return i + 1;
		}
	}
	return 0;
}

/* A line holding only HTML tags and blanks. */
static int html_only(const char *p, size_t n)
{
	size_t i = 0;
	int tags = 0;
	while (i < n) {
		size_t t;
		if (ch_isspace((unsigned char)p[i])) {
			i++;
			continue;
		}
		t = html_tag_len(p + i, n - i);
		if (!t)
			return 0;
		tags++;
		i += t;
	}
	return tags > 0;
}

/* ---------- raw block content ---------- */

static struct mblock *open_block(struct md *m, enum block_kind kind, unsigned level, size_t line,
				 enum open_state state)
{
	struct mblock *b;
	ALLOC_GROW(m->blocks, m->nr_blocks + 1, m->alloc_blocks);
	b = &m->blocks[m->nr_blocks++];
	b->kind = kind;
	b->level = level;
	b->first_line = line;
	mtext_init(&b->raw, 0);
	m->state = state;
	m->last_hard = 0;
	m->blank_pending = 0;
	return b;
}

static struct mblock *cur(struct md *m)
{
	return &m->blocks[m->nr_blocks - 1];
}

static void close_block(struct md *m)
{
	m->state = O_NONE;
	m->blank_pending = 0;
}

/* Length of a trailing <br>, <br/> or <br /> tag of p[0..n), else 0. */
static size_t br_tail(const char *p, size_t n)
{
	size_t k = n;
	if (!k || p[k - 1] != '>')
		return 0;
	k--;
	while (k && p[k - 1] == ' ')
		k--;
	if (k && p[k - 1] == '/')
		k--;
	while (k && p[k - 1] == ' ')
		k--;
	if (k >= 3 && mem_ieq(p + k - 3, 3, "<br"))
		return n - (k - 3);
	return 0;
}

/*
 * Adds source range [cs, ce) (one line's content) to the open block,
 * after a separator standing for the gap since the previous line's
 * content: '\n' for a soft break (and between lines of code), '\r'
 * for a hard break.
 */
static void add_content(struct md *m, size_t cs, size_t ce, int code)
{
	struct mblock *b = cur(m);
	const char *s = m->s;
	int hard = 0;

	if (m->glue) {
		m->glue = 0;
	} else if (b->raw.text.len || (code && m->last_end != NONE)) {
		char sep = code ? '\n' : m->last_hard ? '\r' : '\n';
		mtext_add_subst(&b->raw, &sep, 1, m->last_end, cs > m->last_end ? cs - m->last_end : 0);
	}
	if (!code) {
		size_t t, sp = 0, k = ce;
		/* two or more spaces after the content: a hard break (the line's range excludes them) */
		while (k < m->d->src_len && s[k] == ' ') {
			sp++;
			k++;
		}
		if (sp >= 2)
			hard = 1;
		while (ce > cs && is_sp((unsigned char)s[ce - 1]))
			ce--;
		t = br_tail(s + cs, ce - cs);
		if (t) {
			ce -= t;
			hard = 1;
			while (ce > cs && is_sp((unsigned char)s[ce - 1]))
				ce--;
		} else if (ce > cs && s[ce - 1] == '\\' && (ce - 1 == cs || s[ce - 2] != '\\')) {
			ce--;
			hard = 1;
		}
	}
	mtext_add(&b->raw, s + cs, ce - cs, cs);
	m->last_end = ce;
	m->last_hard = hard;
	m->last_line = m->cur_line;
}

/* Words after which a sentence cannot end. */
static int dangling_word(const char *p, size_t n)
{
	static const char *const words[] = {
		"the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "by",
		"that", "as", "at", "from", "its", "their", "his", "her", "this", "these"
	};
	size_t k;
	for (k = 0; k < ARRAY_SIZE(words); k++)
		if (mem_ieq(p, n, words[k]) && strlen(words[k]) == n)
			return 1;
	return 0;
}

/*
 * Text converted from PDF or web pages often breaks a paragraph in the
 * middle of a sentence with a blank line ("... Secretary Kerry said" /
 * "" / "that the prime minister ..."). The line at li, opening a
 * paragraph, continues the previous one when only blank lines stand
 * between them, the previous one does not end a sentence, and this one
 * starts in lowercase or the previous one ends on a word like "the".
 */
static int runs_on(const struct md *m, size_t li, const char *p, size_t n)
{
	const struct mblock *b;
	const char *t;
	size_t len, k, w;
	if (!m->nr_blocks || !n)
		return 0;
	b = &m->blocks[m->nr_blocks - 1];
	if (b->kind != BLOCK_PARA || b->level || !b->raw.text.len || m->last_line == NONE)
		return 0;
	for (k = m->last_line + 1; k < li; k++)
		if (m->d->lines[k].kind != LINE_BLANK)
			return 0;
	t = b->raw.text.buf;
	len = b->raw.text.len;
	if (strchr(".!?:;\"')]*_`>|", t[len - 1]) || (unsigned char)t[len - 1] >= 0x80)
		return 0;
	if (ch_islower((unsigned char)p[0]))
		return 1;
	for (w = len; w > 0 && ch_isalpha((unsigned char)t[w - 1]); w--)
		;
	return w < len && dangling_word(t + w, len - w) && (ch_isupper((unsigned char)p[0]) ||
							   ch_isdigit((unsigned char)p[0]));
}

/* ---------- front matter ---------- */

static void set_meta(char **field, const char *p, size_t n)
{
	while (n && is_sp((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n && is_sp((unsigned char)p[n - 1]))
		n--;
	if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
		p++;
		n -= 2;
	}
	if (!n || *field)
		return;
	*field = xstrndup(p, n);
}

static int is_iso_date(const char *p, size_t n)
{
	return n >= 10 && ch_isdigit((unsigned char)p[0]) && ch_isdigit((unsigned char)p[1]) &&
	       ch_isdigit((unsigned char)p[2]) && ch_isdigit((unsigned char)p[3]) && p[4] == '-' &&
	       ch_isdigit((unsigned char)p[5]) && ch_isdigit((unsigned char)p[6]) && p[7] == '-' &&
	       ch_isdigit((unsigned char)p[8]) && ch_isdigit((unsigned char)p[9]);
}

/* YAML front matter: "---" on the first line down to "---" or "...". Returns lines used. */
static size_t front_matter(struct md *m)
{
	struct doc *d = m->d;
	size_t i, end = NONE;
	const char *p = m->s + d->lines[0].src_start;
	size_t n = d->lines[0].src_end - d->lines[0].src_start;

	if (n != 3 || memcmp(p, "---", 3))
		return 0;
	for (i = 1; i < d->nr_lines && i < 200; i++) {
		p = m->s + d->lines[i].src_start;
		n = d->lines[i].src_end - d->lines[i].src_start;
		if (n == 3 && (!memcmp(p, "---", 3) || !memcmp(p, "...", 3))) {
			end = i;
			break;
		}
	}
	if (end == NONE)
		return 0;
	for (i = 0; i <= end; i++) {
		d->lines[i].kind = LINE_MARKUP;
		p = m->s + d->lines[i].src_start;
		n = d->lines[i].src_end - d->lines[i].src_start;
		if (n > 6 && !memcmp(p, "title:", 6)) {
			set_meta(&d->meta.title, p + 6, n - 6);
		} else if (n > 7 && !memcmp(p, "author:", 7)) {
			set_meta(&d->meta.author, p + 7, n - 7);
		} else if (n > 5 && !memcmp(p, "date:", 5) && !d->meta.date) {
			size_t k = 5;
			while (k < n && (is_sp((unsigned char)p[k]) || p[k] == '"' || p[k] == '\''))
				k++;
			if (is_iso_date(p + k, n - k)) {
				d->meta.date = xstrndup(p + k, 10);
				d->meta.date_src = d->lines[i].src_start + k;
			}
		}
	}
	return end + 1;
}

/* ---------- pass 1: blocks ---------- */

static void add_refdef(struct md *m, const char *p, size_t la, size_t lb, size_t da, size_t db)
{
	struct refdef *r;
	ALLOC_GROW(m->refs, m->nr_refs + 1, m->alloc_refs);
	r = &m->refs[m->nr_refs++];
	r->label = norm_label(p + la, lb - la);
	r->dest = xstrndup(p + da, db - da);
	r->dest_src = (size_t)(p + da - m->s);
}

static int cmp_refdef(const void *a, const void *b)
{
	const struct refdef *x = a, *y = b;
	int c = strcmp(x->label, y->label);
	/* equal labels: the first definition first */
	if (!c)
		c = x->dest_src < y->dest_src ? -1 : x->dest_src > y->dest_src;
	return c;
}

/* Sorts the definitions for binary search; of equal labels the first defined wins. */
static void sort_refdefs(struct md *m)
{
	size_t i, o = 0;
	if (m->nr_refs > 1)
		qsort(m->refs, m->nr_refs, sizeof(*m->refs), cmp_refdef);
	for (i = 0; i < m->nr_refs; i++) {
		if (o && !strcmp(m->refs[o - 1].label, m->refs[i].label)) {
			free(m->refs[i].label);
			free(m->refs[i].dest);
			continue;
		}
		m->refs[o++] = m->refs[i];
	}
	m->nr_refs = o;
}

/* Depth of a list item whose marker stands at column col. */
static unsigned list_depth(struct md *m, size_t col, size_t content_col)
{
	while (m->depth && col < m->list_indent[m->depth - 1])
		m->depth--;
	if (m->depth < MAX_LIST_DEPTH)
		m->list_indent[m->depth++] = content_col;
	return m->depth;
}

/* A GFM table delimiter row: "| --- | :---: |" (at least one '-' per cell). */
static int table_delim(const char *p, size_t n)
{
	size_t i = 0, cells = 0, pipes = 0;
	while (i < n) {
		size_t dashes = 0;
		while (i < n && is_sp((unsigned char)p[i]))
			i++;
		if (i < n && p[i] == '|') {
			pipes++;
			i++;
			continue;
		}
		if (i < n && p[i] == ':')
			i++;
		while (i < n && p[i] == '-') {
			dashes++;
			i++;
		}
		if (i < n && p[i] == ':')
			i++;
		while (i < n && is_sp((unsigned char)p[i]))
			i++;
		if (!dashes)
			return 0;
		cells++;
		if (i < n && p[i] != '|')
			return 0;
	}
	return cells >= 1 && (pipes >= 1);
}

/* A table row: its content without the outer pipes, as [*cs, *ce) of p. */
static int table_row(const char *p, size_t n, size_t *cs, size_t *ce)
{
	size_t a = 0, e = n;
	if (!memchr(p, '|', n))
		return 0;
	if (a < e && p[a] == '|')
		a++;
	while (e > a && is_sp((unsigned char)p[e - 1]))
		e--;
	if (e > a && p[e - 1] == '|' && (e < 2 || p[e - 2] != '\\'))
		e--;
	while (a < e && is_sp((unsigned char)p[a]))
		a++;
	while (e > a && is_sp((unsigned char)p[e - 1]))
		e--;
	*cs = a;
	*ce = e;
	return 1;
}

/* Does line li start a table (a row, then a delimiter row)? */
static int table_starts(const struct md *m, size_t li, const char *p, size_t n)
{
	const struct doc_line *nx;
	size_t cols, off;
	if (li + 1 >= m->d->nr_lines || !memchr(p, '|', n))
		return 0;
	nx = &m->d->lines[li + 1];
	off = indent_of(m->s + nx->src_start, nx->src_end - nx->src_start, &cols);
	return cols < 4 && table_delim(m->s + nx->src_start + off, nx->src_end - nx->src_start - off);
}

static void block_line(struct md *m, size_t li)
{
	struct doc *d = m->d;
	struct doc_line *L = &d->lines[li];
	const char *line = m->s + L->src_start, *p;
	size_t n = L->src_end - L->src_start, cols, off, rest;
	size_t fa, fb, fc, la, lb, da, db, mlen, cs, ce;
	unsigned level;
	long number;
	char fch;

	m->cur_line = li;
	off = indent_of(line, n, &cols);
	p = line + off;
	rest = n - off;

	if (m->state == O_CODE_FENCE) {
		if (cols < 4 && fence_close(p, rest, m->fence_ch, m->fence_len)) {
			L->kind = LINE_MARKUP;
			close_block(m);
			return;
		}
		off = skip_cols(line, n, m->fence_indent);
		add_content(m, L->src_start + off, L->src_end, 1);
		return;
	}
	if (m->in_comment) {
		L->kind = LINE_MARKUP;
		if (mem_find(line, n, "-->", 3))
			m->in_comment = 0;
		return;
	}
	if (m->state == O_TABLE) {
		if (L->kind == LINE_MARKUP)
			return;         /* the delimiter row */
		if (L->kind != LINE_BLANK && table_row(p, rest, &cs, &ce)) {
			/* one paragraph per row, the cells' pipes kept as separators */
			open_block(m, BLOCK_PARA, 0, li, O_TABLE);
			add_content(m, L->src_start + off + cs, L->src_start + off + ce, 0);
			return;
		}
		close_block(m);
	}
	if (L->kind == LINE_BLANK) {
		switch (m->state) {
		case O_LIST: case O_NOTE: case O_CODE_INDENT:
			m->blank_pending = 1;
			break;
		default:
			close_block(m);
		}
		return;
	}

	/* indented code continues; a blank line inside it is kept */
	if (m->state == O_CODE_INDENT) {
		if (cols >= 4) {
			off = skip_cols(line, n, 4);
			if (m->blank_pending) {
				size_t k = li;
				while (k > 0 && d->lines[k - 1].kind == LINE_BLANK)
					k--;
				for (; k < li; k++)
					add_content(m, d->lines[k].src_start, d->lines[k].src_start, 1);
			}
			m->blank_pending = 0;
			add_content(m, L->src_start + off, L->src_end, 1);
			return;
		}
		close_block(m);
	}
	/* after a blank line, only indented lines continue a list item or a note */
	if (m->blank_pending) {
		if (m->state == O_NOTE && cols >= 2 && !footnote_def(p, rest, &fa, &fb, &fc)) {
			L->kind = LINE_NOTE;
			if (m->note_bare) {
				mtext_add_subst(&cur(m)->raw, " ", 1, m->last_end,
						L->src_start + off - m->last_end);
				m->note_bare = 0;
				m->glue = 1;
			}
			m->last_hard = 1;       /* a new paragraph of the note: a line break */
			m->blank_pending = 0;
			add_content(m, L->src_start + off, L->src_end, 0);
			return;
		}
		if (m->state == O_LIST && m->depth && cols >= m->list_indent[m->depth - 1] &&
		    !list_marker(p, rest, &mlen, &number)) {
			/* a further paragraph of the item */
			unsigned lev = m->depth;
			close_block(m);
			open_block(m, BLOCK_PARA, lev, li, O_PARA);
			add_content(m, L->src_start + off, L->src_end, 0);
			return;
		}
		close_block(m);
	}

	if (cols < 4 && fence_open(p, rest, &fch, &mlen)) {
		close_block(m);
		m->depth = 0;
		L->kind = LINE_MARKUP;
		open_block(m, BLOCK_CODE, 0, li + 1, O_CODE_FENCE);
		m->fence_ch = fch;
		m->fence_len = mlen;
		m->fence_indent = cols;
		m->last_end = NONE;
		return;
	}
	if (cols < 4 && rest >= 4 && !memcmp(p, "<!--", 4) && m->state != O_PARA) {
		close_block(m);
		L->kind = LINE_MARKUP;
		if (!mem_find(p + 4, rest - 4, "-->", 3))
			m->in_comment = 1;
		return;
	}
	if (cols < 4 && atx_heading(p, rest, &level, &cs, &ce)) {
		close_block(m);
		m->depth = 0;
		open_block(m, BLOCK_HEADING, level, li, O_NONE);
		add_content(m, L->src_start + off + cs, L->src_start + off + ce, 0);
		close_block(m);
		return;
	}
	if (cols < 4 && m->state == O_PARA && setext_underline(p, rest, &level)) {
		cur(m)->kind = BLOCK_HEADING;
		cur(m)->level = level;
		L->kind = LINE_MARKUP;
		close_block(m);
		return;
	}
	if (cols < 4 && thematic_break(p, rest)) {
		close_block(m);
		m->depth = 0;
		L->kind = LINE_MARKUP;
		return;
	}
	if (cols < 4 && footnote_def(p, rest, &fa, &fb, &fc)) {
		struct mblock *b;
		close_block(m);
		m->depth = 0;
		L->kind = LINE_NOTE;
		b = open_block(m, BLOCK_NOTES, 0, li, O_NOTE);
		/* "[^12]: Text" -> "12 Text": the label keeps its source bytes */
		mtext_add(&b->raw, p + fa, fb - fa, (size_t)(p + fa - m->s));
		m->last_end = (size_t)(p + fb - m->s);
		m->note_bare = fc >= rest;
		if (fc < rest) {
			mtext_add_subst(&b->raw, " ", 1, m->last_end, (size_t)(p + fc - m->s) - m->last_end);
			m->glue = 1;
			add_content(m, L->src_start + off + fc, L->src_end, 0);
		}
		return;
	}
	if (cols < 4 && m->state == O_NONE && refdef_line(p, rest, &la, &lb, &da, &db)) {
		close_block(m);
		L->kind = LINE_MARKUP;
		add_refdef(m, p, la, lb, da, db);
		return;
	}
	if (cols < 4 && rest && p[0] == '>') {
		size_t k = 0, q = 0;
		while (k < rest && p[k] == '>') {
			q++;
			k++;
			if (k < rest && is_sp((unsigned char)p[k]))
				k++;
			while (k < rest && is_sp((unsigned char)p[k]) && k + 1 < rest && p[k + 1] == '>')
				k++;
		}
		if (m->state != O_QUOTE) {
			close_block(m);
			m->depth = 0;
		}
		while (k < rest && is_sp((unsigned char)p[k]))
			k++;
		if (k >= rest) {
			/* an empty quote line separates paragraphs of the quote */
			close_block(m);
			return;
		}
		if (m->state != O_QUOTE)
			open_block(m, BLOCK_QUOTE, (unsigned)(q < 64 ? q : 64), li, O_QUOTE);
		add_content(m, L->src_start + off + k, L->src_end, 0);
		return;
	}
	if (cols < 4 + (m->state == O_LIST ? m->list_indent[m->depth - 1] : 0) &&
	    list_marker(p, rest, &mlen, &number)) {
		size_t c2 = mlen, ccols;
		int empty;
		while (c2 < rest && is_sp((unsigned char)p[c2]))
			c2++;
		empty = c2 >= rest;
		/* what may interrupt a paragraph: a bullet with content, or "1." */
		if (m->state != O_PARA || (!empty && (number < 0 || number == 1))) {
			unsigned lev;
			close_block(m);
			ccols = cols + (empty ? mlen + 1 : c2);
			lev = list_depth(m, cols, ccols);
			open_block(m, BLOCK_LIST_ITEM, lev, li, O_LIST);
			if (!empty)
				add_content(m, L->src_start + off + c2, L->src_end, 0);
			return;
		}
	}
	if (cols < 4 && m->state != O_LIST && m->state != O_NOTE && table_starts(m, li, p, rest) &&
	    table_row(p, rest, &cs, &ce)) {
		close_block(m);
		m->depth = 0;
		d->lines[li + 1].kind = LINE_MARKUP;
		open_block(m, BLOCK_PARA, 0, li, O_TABLE);
		add_content(m, L->src_start + off + cs, L->src_start + off + ce, 0);
		return;
	}
	if (html_only(p, rest) && m->state == O_NONE) {
		L->kind = LINE_MARKUP;
		return;
	}
	if (m->state == O_PARA || m->state == O_QUOTE || m->state == O_LIST || m->state == O_NOTE) {
		/* continuation (lazy for quotes, list items and notes) */
		if (m->state == O_NOTE) {
			L->kind = LINE_NOTE;
			if (m->note_bare) {
				/* "[^3]:" alone, the text below: "3 text" */
				mtext_add_subst(&cur(m)->raw, " ", 1, m->last_end,
						L->src_start + off - m->last_end);
				m->note_bare = 0;
				m->glue = 1;
			}
		}
		add_content(m, L->src_start + off, L->src_end, 0);
		return;
	}
	if (cols >= 4) {
		open_block(m, BLOCK_CODE, 0, li, O_CODE_INDENT);
		m->last_end = NONE;
		add_content(m, L->src_start + skip_cols(line, n, 4), L->src_end, 1);
		return;
	}
	m->depth = 0;
	if (runs_on(m, li, p, rest)) {
		m->state = O_PARA;
		m->last_hard = 0;
	} else {
		open_block(m, BLOCK_PARA, 0, li, O_PARA);
	}
	add_content(m, L->src_start + off, L->src_end, 0);
}

/* ---------- pass 2: inlines ---------- */

/* PK_BRACKET: a '[' or '![' that is literal text unless a link closes it (then PK_DROP). */
enum piece_kind { PK_TEXT, PK_SUBST, PK_DELIM, PK_DROP, PK_SOFT, PK_HARD, PK_BRACKET };

struct piece {
	enum piece_kind kind;
	size_t a, b;            /* raw range */
	char sub[8];            /* PK_SUBST: replacement bytes */
	unsigned char sub_len;
	/* PK_DELIM */
	char ch;
	unsigned char can_open, can_close;
	size_t len;             /* characters of the run not yet matched */
	size_t keep_a, keep_b;  /* the run's part left as literal text */
	/* filled while emitting */
	size_t out_a, out_b;
};

struct ilink {
	size_t open, close;     /* pieces: text lies between open.out_b and close.out_a */
	char *href;             /* owned until handed to the doc */
	size_t href_src;
	enum mark_kind mark;    /* for marks */
	int is_mark;
};

struct bracket {
	size_t piece;
	size_t text_a;          /* raw offset after "[" */
	int image;
	int active;
};

struct inl {
	struct md *m;
	const struct mtext *raw;
	const char *r;
	size_t n;
	int notes;
	struct piece *p;
	size_t nr, alloc;
	struct bracket *br;
	size_t nr_br, alloc_br;
	struct ilink *links;    /* links and marks */
	size_t nr_links, alloc_links;
	size_t *joins;          /* tmp offsets after soft breaks */
	size_t nr_joins, alloc_joins;
	size_t sup_open;        /* piece of an open <sup>, or NONE */
	/*
	 * Searches that failed and cannot succeed later (they ran to the
	 * end of the block): keeps hostile input such as "` `` ``` ..."
	 * or many unclosed "<!--" linear.
	 */
	unsigned char no_ticks[33];     /* no closing run of this many backticks */
	int no_comment_end;
};

static struct piece *add_piece(struct inl *in, enum piece_kind k, size_t a, size_t b)
{
	struct piece *pc;
	/* contiguous text merges into one piece */
	if (k == PK_TEXT && in->nr && in->p[in->nr - 1].kind == PK_TEXT && in->p[in->nr - 1].b == a) {
		in->p[in->nr - 1].b = b;
		return &in->p[in->nr - 1];
	}
	ALLOC_GROW(in->p, in->nr + 1, in->alloc);
	pc = &in->p[in->nr++];
	memset(pc, 0, sizeof(*pc));
	pc->kind = k;
	pc->a = a;
	pc->b = b;
	return pc;
}

static void add_subst(struct inl *in, size_t a, size_t b, const char *s, size_t n)
{
	struct piece *pc = add_piece(in, PK_SUBST, a, b);
	if (n > sizeof(pc->sub))
		n = sizeof(pc->sub);
	memcpy(pc->sub, s, n);
	pc->sub_len = (unsigned char)n;
}

static struct ilink *add_ilink(struct inl *in, size_t open, size_t close)
{
	struct ilink *l;
	ALLOC_GROW(in->links, in->nr_links + 1, in->alloc_links);
	l = &in->links[in->nr_links++];
	memset(l, 0, sizeof(*l));
	l->open = open;
	l->close = close;
	return l;
}

static void add_mark_rec(struct inl *in, enum mark_kind k, size_t open, size_t close, char *label)
{
	struct ilink *l = add_ilink(in, open, close);
	l->is_mark = 1;
	l->mark = k;
	l->href = label;
}

/* The common entities, looked up first without a call into libxml2. */
static const struct { const char *name; uint32_t cp; } entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	{ "nbsp", 0xA0 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "laquo", 0xAB }, { "raquo", 0xBB }, { "copy", 0xA9 }, { "reg", 0xAE },
	{ "trade", 0x2122 }, { "deg", 0xB0 }, { "middot", 0xB7 }, { "bull", 0x2022 },
	{ "para", 0xB6 }, { "sect", 0xA7 }, { "times", 0xD7 }, { "divide", 0xF7 },
	{ "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 }, { "cent", 0xA2 },
	{ "thinsp", 0x2009 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "shy", 0xAD },
	{ "eacute", 0xE9 }, { "egrave", 0xE8 }, { "ecirc", 0xEA }, { "aacute", 0xE1 },
	{ "agrave", 0xE0 }, { "acirc", 0xE2 }, { "oacute", 0xF3 }, { "ocirc", 0xF4 },
	{ "iacute", 0xED }, { "uacute", 0xFA }, { "uuml", 0xFC }, { "ouml", 0xF6 },
	{ "auml", 0xE4 }, { "szlig", 0xDF }, { "ccedil", 0xE7 }, { "ntilde", 0xF1 },
	{ "Eacute", 0xC9 }, { "sup1", 0xB9 }, { "sup2", 0xB2 }, { "sup3", 0xB3 },
};

/* Length of the entity at r[0..n) and its code point, else 0. */
static size_t entity_at(const char *r, size_t n, uint32_t *cp)
{
	size_t i = 1, k;
	if (n < 3 || r[0] != '&')
		return 0;
	if (r[1] == '#') {
		uint32_t v = 0;
		size_t digits = 0;
		int hex = n > 2 && (r[2] == 'x' || r[2] == 'X');
		i = hex ? 3 : 2;
		while (i < n && digits < (hex ? 6u : 7u)) {
			int c = (unsigned char)r[i];
			if (ch_isdigit(c))
				v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && ((c | 32) >= 'a' && (c | 32) <= 'f'))
				v = v * 16 + (uint32_t)((c | 32) - 'a' + 10);
			else
				break;
			i++;
			digits++;
		}
		if (!digits || i >= n || r[i] != ';')
			return 0;
		if (!v || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		*cp = v;
		return i + 1;
	}
	while (i < n && i < 33 && ch_isalnum((unsigned char)r[i]))
		i++;
	if (i >= n || r[i] != ';' || i == 1)
		return 0;
	for (k = 0; k < ARRAY_SIZE(entities); k++) {
		if (strlen(entities[k].name) == i - 1 && !memcmp(entities[k].name, r + 1, i - 1)) {
			*cp = entities[k].cp;
			return i + 1;
		}
	}
	/* the rest of HTML 4's named entities, from libxml2's table */
	{
		char name[34];
		const htmlEntityDesc *e;
		memcpy(name, r + 1, i - 1);
		name[i - 1] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (e && e->value) {
			*cp = e->value;
			return i + 1;
		}
	}
	return 0;
}

/* Unicode white space and punctuation, for the flanking rules. */
static uint32_t cp_before(const char *r, size_t i)
{
	uint32_t cp;
	size_t l;
	if (!i)
		return '\n';
	l = utf8_prev_len(r, i);
	if (!utf8_decode(r + i - l, l, &cp))
		return 'a';
	return cp;
}

static uint32_t cp_after(const char *r, size_t n, size_t i)
{
	uint32_t cp;
	if (i >= n)
		return '\n';
	if (!utf8_decode(r + i, n - i, &cp))
		return 'a';
	return cp;
}

static int cp_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

static int cp_punct(uint32_t c)
{
	if (c < 0x80)
		return is_ascii_punct((int)c);
	return (c >= 0xA1 && c <= 0xBF) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
	       (c >= 0x3000 && c <= 0x303F);
}

static void scan_delim(struct inl *in, size_t i, size_t *adv)
{
	const char *r = in->r;
	char c = r[i];
	size_t j = i;
	uint32_t before, after;
	int lf, rf, bp, ap;
	struct piece *pc;

	while (j < in->n && r[j] == c)
		j++;
	before = cp_before(r, i);
	after = cp_after(r, in->n, j);
	bp = cp_punct(before);
	ap = cp_punct(after);
	lf = !cp_space(after) && (!ap || cp_space(before) || bp);
	rf = !cp_space(before) && (!bp || cp_space(after) || ap);
	pc = add_piece(in, PK_DELIM, i, j);
	pc->ch = c;
	pc->len = j - i;
	pc->keep_a = i;
	pc->keep_b = j;
	if (c == '*') {
		pc->can_open = (unsigned char)lf;
		pc->can_close = (unsigned char)rf;
	} else {
		/* no intraword emphasis with '_' (snake_case stays) */
		pc->can_open = (unsigned char)(lf && (!rf || bp));
		pc->can_close = (unsigned char)(rf && (!lf || ap));
	}
	*adv = j;
}

/* The nearest delimiter before c that can open emphasis closed by c, or NONE. */
static size_t find_opener(const struct inl *in, size_t lo, size_t c)
{
	const struct piece *cl = &in->p[c];
	size_t o = c, scanned = 0;
	while (o > lo && scanned < EMPH_LOOKBACK) {
		const struct piece *op = &in->p[--o];
		if (op->kind != PK_DELIM)
			continue;
		scanned++;
		if (op->ch != cl->ch || !op->can_open || !op->len)
			continue;
		/* the rule of three: "*a**" is not "*a*" + "*" */
		if ((op->can_close || cl->can_open) && (op->len + cl->len) % 3 == 0 &&
		    (op->len % 3 || cl->len % 3))
			continue;
		return o;
	}
	return NONE;
}

/* Matches emphasis delimiters among the pieces after index bottom (NONE: all). */
static void process_emphasis(struct inl *in, size_t bottom)
{
	size_t lo = bottom == NONE ? 0 : bottom + 1, c, o, k;
	for (c = lo; c < in->nr; c++) {
		struct piece *cl = &in->p[c];
		while (cl->kind == PK_DELIM && cl->can_close && cl->len) {
			struct piece *op;
			size_t use;
			o = find_opener(in, lo, c);
			if (o == NONE) {
				if (!cl->can_open)
					cl->can_close = 0;
				break;
			}
			op = &in->p[o];
			use = op->len >= 2 && cl->len >= 2 ? 2 : 1;
			/* an opener gives up its inner (rightmost) characters, a closer its leftmost */
			op->len -= use;
			op->keep_b -= use;
			cl->len -= use;
			cl->keep_a += use;
			add_mark_rec(in, MARK_EMPH, o, c, NULL);
			/* delimiters between them can no longer match */
			for (k = o + 1; k < c; k++)
				if (in->p[k].kind == PK_DELIM)
					in->p[k].can_open = in->p[k].can_close = 0;
		}
	}
}

static const struct refdef *find_ref(const struct md *m, const char *p, size_t n)
{
	char *label;
	size_t lo = 0, hi = m->nr_refs;
	const struct refdef *r = NULL;
	if (!n || n > MAX_LABEL || !m->nr_refs)
		return NULL;
	label = norm_label(p, n);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(label, m->refs[mid].label);
		if (!c) {
			r = &m->refs[mid];
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	free(label);
	return r;
}

/*
 * "(dest 'title')" at r[i]: destination range and the offset after ')'.
 * Returns 0 if it is not one.
 */
static int inline_dest(const char *r, size_t n, size_t i, size_t *da, size_t *db, size_t *end)
{
	int depth = 0;
	if (i >= n || r[i] != '(')
		return 0;
	i++;
	while (i < n && ch_isspace((unsigned char)r[i]))
		i++;
	if (i < n && r[i] == '<') {
		*da = ++i;
		while (i < n && r[i] != '>' && r[i] != '\n' && r[i] != '<')
			i++;
		if (i >= n || r[i] != '>')
			return 0;
		*db = i++;
	} else {
		*da = i;
		while (i < n && !ch_isspace((unsigned char)r[i]) && (unsigned char)r[i] >= 0x20) {
			if (r[i] == '\\' && i + 1 < n) {
				i += 2;
				continue;
			}
			if (r[i] == '(')
				depth++;
			else if (r[i] == ')' && !depth--)
				break;
			i++;
		}
		*db = i;
	}
	while (i < n && ch_isspace((unsigned char)r[i]))
		i++;
	if (i < n && (r[i] == '"' || r[i] == '\'' || r[i] == '(') && i > *db) {
		char close = r[i] == '(' ? ')' : r[i];
		for (i++; i < n && r[i] != close; i++)
			if (r[i] == '\\' && i + 1 < n)
				i++;
		if (i >= n)
			return 0;
		i++;
		while (i < n && ch_isspace((unsigned char)r[i]))
			i++;
	}
	if (i >= n || r[i] != ')')
		return 0;
	*end = i + 1;
	return 1;
}

/* Destination with backslash escapes and entities resolved. */
static char *decode_dest(const char *p, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t e;
		if (p[i] == '\\' && i + 1 < n && is_ascii_punct((unsigned char)p[i + 1])) {
			strbuf_addch(&sb, p[i + 1]);
			i += 2;
		} else if (p[i] == '&' && (e = entity_at(p + i, n - i, &cp)) != 0) {
			char u[4];
			strbuf_add(&sb, u, utf8_encode(cp, u));
			i += e;
		} else {
			strbuf_addch(&sb, p[i++]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void link_made(struct inl *in, size_t open_piece, size_t close_piece, char *href,
		      size_t href_src, int image)
{
	struct ilink *l;
	if (image) {
		free(href);
		return;
	}
	l = add_ilink(in, open_piece, close_piece);
	l->href = href;
	l->href_src = href_src;
}

/* ']' at r[i]: a link or image closes, or the bracket is literal. */
static size_t close_bracket(struct inl *in, size_t i)
{
	const char *r = in->r;
	size_t n = in->n, da, db, end, k, open_piece;
	struct bracket *b;
	const struct refdef *ref = NULL;
	char *href = NULL;
	size_t href_src = 0;

	if (!in->nr_br) {
		add_piece(in, PK_TEXT, i, i + 1);
		return i + 1;
	}
	b = &in->br[in->nr_br - 1];
	if (!b->active) {
		in->nr_br--;
		add_piece(in, PK_TEXT, i, i + 1);
		return i + 1;
	}
	if (inline_dest(r, n, i + 1, &da, &db, &end)) {
		href = decode_dest(r + da, db - da);
		href_src = srcmap_to_src(&in->raw->map, da);
	} else {
		size_t la = i + 1, lb = NONE;
		if (la < n && r[la] == '[') {
			for (k = la + 1; k < n && k <= la + MAX_LABEL + 1; k++) {
				if (r[k] == '[')
					break;
				if (r[k] == ']') {
					lb = k;
					break;
				}
			}
		}
		if (lb != NONE && lb > la + 1) {
			ref = find_ref(in->m, r + la + 1, lb - la - 1);
			end = lb + 1;
		} else {
			/* collapsed "[text][]" or shortcut "[text]" */
			ref = find_ref(in->m, r + b->text_a, i - b->text_a);
			end = lb != NONE ? lb + 1 : i + 1;
		}
		if (ref) {
			href = xstrdup(ref->dest);
			href_src = ref->dest_src;
		}
	}
	if (!href) {
		in->nr_br--;
		add_piece(in, PK_TEXT, i, i + 1);
		return i + 1;
	}
	open_piece = b->piece;
	in->p[open_piece].kind = PK_DROP;
	process_emphasis(in, open_piece);
	for (k = open_piece + 1; k < in->nr; k++)
		if (in->p[k].kind == PK_DELIM)
			in->p[k].can_open = in->p[k].can_close = 0;
	add_piece(in, PK_DROP, i, end);
	link_made(in, open_piece, in->nr - 1, href, href_src, b->image);
	if (!b->image) {
		/* no links inside links: earlier openers become literal */
		for (k = 0; k + 1 < in->nr_br; k++)
			if (!in->br[k].image)
				in->br[k].active = 0;
	}
	in->nr_br--;
	return end;
}

/* '<' at r[i]: autolink, HTML tag, or a literal '<'. */
static size_t angle(struct inl *in, size_t i)
{
	const char *r = in->r;
	size_t n = in->n, j = i + 1, t;

	/* URI autolink: scheme ':' then no blanks, '<' or '>' */
	while (j < n && j - i <= 33 && (ch_isalnum((unsigned char)r[j]) || r[j] == '+' || r[j] == '.' || r[j] == '-'))
		j++;
	if (j - i - 1 >= 2 && ch_isalpha((unsigned char)r[i + 1]) && j < n && r[j] == ':') {
		size_t k = j + 1;
		while (k < n && r[k] != '>' && r[k] != '<' && !ch_isspace((unsigned char)r[k]) &&
		       (unsigned char)r[k] >= 0x20)
			k++;
		if (k < n && r[k] == '>') {
			size_t open;
			add_piece(in, PK_DROP, i, i + 1);
			open = in->nr - 1;
			add_piece(in, PK_TEXT, i + 1, k);
			add_piece(in, PK_DROP, k, k + 1);
			link_made(in, open, in->nr - 1, xstrndup(r + i + 1, k - i - 1),
				  srcmap_to_src(&in->raw->map, i + 1), 0);
			return k + 1;
		}
	}
	/* email autolink */
	{
		size_t k = i + 1, at = NONE;
		while (k < n && (ch_isalnum((unsigned char)r[k]) || strchr(".!#$%&'*+/=?^_`{|}~-@", r[k]))) {
			if (r[k] == '@') {
				if (at != NONE)
					break;
				at = k;
			}
			k++;
		}
		if (k < n && r[k] == '>' && at != NONE && at > i + 1 && k > at + 1) {
			size_t open;
			struct strbuf sb = STRBUF_INIT;
			strbuf_addstr(&sb, "mailto:");
			strbuf_add(&sb, r + i + 1, k - i - 1);
			add_piece(in, PK_DROP, i, i + 1);
			open = in->nr - 1;
			add_piece(in, PK_TEXT, i + 1, k);
			add_piece(in, PK_DROP, k, k + 1);
			link_made(in, open, in->nr - 1, strbuf_detach(&sb, NULL),
				  srcmap_to_src(&in->raw->map, i + 1), 0);
			return k + 1;
		}
	}
	if (n - i >= 4 && !memcmp(r + i, "<!--", 4) && in->no_comment_end) {
		add_piece(in, PK_TEXT, i, i + 1);
		return i + 1;
	}
	t = html_tag_len(r + i, n - i);
	if (!t && n - i >= 4 && !memcmp(r + i, "<!--", 4))
		in->no_comment_end = 1;
	if (t) {
		const char *name = r + i + 1;
		int closing = *name == '/';
		size_t nl = 0;
		if (closing)
			name++;
		while (name + nl < r + i + t && ch_isalnum((unsigned char)name[nl]))
			nl++;
		if (nl == 2 && mem_ieq(name, 2, "br")) {
			/* a line break: the blanks around it go */
			struct piece *last = in->nr ? &in->p[in->nr - 1] : NULL;
			if (last && last->kind == PK_TEXT)
				while (last->b > last->a && r[last->b - 1] == ' ')
					last->b--;
			add_subst(in, i, i + t, "\n", 1);
			in->p[in->nr - 1].kind = PK_HARD;
			while (i + t < n && r[i + t] == ' ')
				t++;
			in->p[in->nr - 1].b = i + t;
		} else if (nl == 3 && mem_ieq(name, 3, "sup")) {
			add_piece(in, PK_DROP, i, i + t);
			if (!closing) {
				in->sup_open = in->nr - 1;
			} else if (in->sup_open != NONE) {
				size_t a = in->p[in->sup_open].b, k, lab = 1;
				for (k = a; k < i; k++)
					if (!ch_isdigit((unsigned char)r[k]) && r[k] != ',' && r[k] != '-')
						lab = 0;
				add_mark_rec(in, MARK_SUP, in->sup_open, in->nr - 1,
					     lab && i > a && i - a <= 16 ? xstrndup(r + a, i - a) : NULL);
				in->sup_open = NONE;
			}
		} else {
			add_piece(in, PK_DROP, i, i + t);
		}
		return i + t;
	}
	add_piece(in, PK_TEXT, i, i + 1);
	return i + 1;
}

/* '`' run at r[i]: a code span if a closing run of the same length follows. */
static size_t code_span(struct inl *in, size_t i)
{
	const char *r = in->r;
	size_t n = in->n, j = i, len, k, ca, cb;
	while (j < n && r[j] == '`')
		j++;
	len = j - i;
	if (len < sizeof(in->no_ticks) && in->no_ticks[len]) {
		add_piece(in, PK_TEXT, i, j);
		return j;
	}
	for (k = j; k < n;) {
		size_t e = k;
		if (r[k] != '`') {
			k++;
			continue;
		}
		while (e < n && r[e] == '`')
			e++;
		if (e - k == len) {
			ca = j;
			cb = k;
			/* one leading and trailing space is stripped when both are there */
			if (cb - ca >= 2 && (r[ca] == ' ' || r[ca] == '\n') &&
			    (r[cb - 1] == ' ' || r[cb - 1] == '\n')) {
				size_t q;
				for (q = ca; q < cb && (r[q] == ' ' || r[q] == '\n'); q++)
					;
				if (q < cb) {
					ca++;
					cb--;
				}
			}
			add_piece(in, PK_DROP, i, ca);
			while (ca < cb) {
				size_t e2 = ca;
				while (e2 < cb && r[e2] != '\n' && r[e2] != '\r')
					e2++;
				if (e2 > ca)
					add_piece(in, PK_TEXT, ca, e2);
				if (e2 < cb)
					add_subst(in, e2, e2 + 1, " ", 1);
				ca = e2 + (e2 < cb);
			}
			add_piece(in, PK_DROP, cb, e);
			return e;
		}
		k = e;
	}
	if (len < sizeof(in->no_ticks))
		in->no_ticks[len] = 1;
	add_piece(in, PK_TEXT, i, j);
	return j;
}

static int special_char(int c)
{
	return c == '\n' || c == '\r' || c == '\\' || c == '`' || c == '*' || c == '_' ||
	       c == '[' || c == ']' || c == '!' || c == '<' || c == '&';
}

static void push_bracket(struct inl *in, size_t i, size_t len, int image)
{
	struct bracket *b;
	add_piece(in, PK_BRACKET, i, i + len);
	ALLOC_GROW(in->br, in->nr_br + 1, in->alloc_br);
	b = &in->br[in->nr_br++];
	b->piece = in->nr - 1;
	b->text_a = i + len;
	b->image = image;
	b->active = 1;
}

/* "[^label]" at r[i]: a footnote reference. Returns the offset after it, or 0. */
static size_t footref(struct inl *in, size_t i)
{
	const char *r = in->r;
	size_t j = i + 2, open;
	while (j < in->n && j < i + 2 + MAX_FOOT_LABEL && r[j] != ']' && r[j] != '[' &&
	       !ch_isspace((unsigned char)r[j]))
		j++;
	if (j >= in->n || r[j] != ']' || j == i + 2)
		return 0;
	add_piece(in, PK_DROP, i, i + 2);
	open = in->nr - 1;
	add_piece(in, PK_TEXT, i + 2, j);
	add_piece(in, PK_DROP, j, j + 1);
	add_mark_rec(in, MARK_FOOTREF, open, in->nr - 1, xstrndup(r + i + 2, j - i - 2));
	return j + 1;
}

static void inline_scan(struct inl *in)
{
	const char *r = in->r;
	size_t n = in->n, i = 0, j, e;
	uint32_t cp;

	while (i < n) {
		switch (r[i]) {
		case '\n':
			add_piece(in, PK_SOFT, i, i + 1);
			i++;
			break;
		case '\r':
			add_piece(in, PK_HARD, i, i + 1);
			i++;
			break;
		case '\\':
			if (i + 1 < n && is_ascii_punct((unsigned char)r[i + 1])) {
				add_piece(in, PK_DROP, i, i + 1);
				add_piece(in, PK_TEXT, i + 1, i + 2);
				i += 2;
			} else {
				add_piece(in, PK_TEXT, i, i + 1);
				i++;
			}
			break;
		case '`':
			i = code_span(in, i);
			break;
		case '*':
		case '_':
			scan_delim(in, i, &i);
			break;
		case '[':
			if (i + 1 < n && r[i + 1] == '^' && (j = footref(in, i)) != 0) {
				i = j;
				break;
			}
			push_bracket(in, i, 1, 0);
			i++;
			break;
		case '!':
			if (i + 1 < n && r[i + 1] == '[') {
				push_bracket(in, i, 2, 1);
				i += 2;
			} else {
				add_piece(in, PK_TEXT, i, i + 1);
				i++;
			}
			break;
		case ']':
			i = close_bracket(in, i);
			break;
		case '<':
			i = angle(in, i);
			break;
		case '&':
			e = entity_at(r + i, n - i, &cp);
			if (e) {
				char u[4];
				add_subst(in, i, i + e, u, utf8_encode(cp, u));
				i += e;
			} else {
				add_piece(in, PK_TEXT, i, i + 1);
				i++;
			}
			break;
		default:
			for (j = i + 1; j < n && !special_char((unsigned char)r[j]); j++)
				;
			add_piece(in, PK_TEXT, i, j);
			i = j;
		}
	}
	process_emphasis(in, NONE);
}

static void emit_pieces(struct inl *in, struct mtext *tmp)
{
	const struct mtext *raw = in->raw;
	size_t k, s, e;
	for (k = 0; k < in->nr; k++) {
		struct piece *pc = &in->p[k];
		pc->out_a = tmp->text.len;
		switch (pc->kind) {
		case PK_TEXT:
		case PK_BRACKET:
			mtext_add_from(tmp, raw, pc->a, pc->b);
			break;
		case PK_DELIM:
			if (pc->keep_b > pc->keep_a)
				mtext_add_from(tmp, raw, pc->keep_a, pc->keep_b);
			break;
		case PK_SUBST:
			srcmap_range(&raw->map, pc->a, pc->b, &s, &e);
			mtext_add_subst(tmp, pc->sub, pc->sub_len, s, e - s);
			break;
		case PK_SOFT:
		case PK_HARD:
			srcmap_range(&raw->map, pc->a, pc->b, &s, &e);
			if (pc->kind == PK_HARD || in->notes) {
				mtext_add_subst(tmp, "\n", 1, s, e - s);
			} else {
				mtext_add_subst(tmp, " ", 1, s, e - s);
				ALLOC_GROW(in->joins, in->nr_joins + 1, in->alloc_joins);
				in->joins[in->nr_joins++] = tmp->text.len;
			}
			break;
		case PK_DROP:
			break;
		}
		pc->out_b = tmp->text.len;
	}
}

static size_t clampz(size_t v, size_t lo, size_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Appends a finished block (its text in tmp) to the document. */
static void commit_block(struct md *m, const struct mblock *b, const struct mtext *tmp,
			 const struct inl *in)
{
	struct doc *d = m->d;
	struct doc_block *db;
	size_t a = 0, e = tmp->text.len, base, k;
	const char *t = tmp->text.buf;

	if (b->kind == BLOCK_CODE) {
		/* code keeps its indentation: trim only whole blank lines */
		while (a < e && (t[a] == '\n' || t[a] == '\r'))
			a++;
	} else {
		while (a < e && ch_isspace((unsigned char)t[a]))
			a++;
	}
	while (e > a && ch_isspace((unsigned char)t[e - 1]))
		e--;
	if (a >= e)
		return;
	if (d->text.text.len)
		mtext_add_subst(&d->text, "\n\n", 2, d->lines[b->first_line].src_start, 0);
	base = d->text.text.len;
	mtext_add_from(&d->text, tmp, a, e);
	db = doc_add_block(d, b->kind, base, d->text.text.len);
	db->level = b->level;
	db->first_line = b->first_line;
	if (!in)
		return;
	for (k = 0; k < in->nr_links; k++) {
		const struct ilink *l = &in->links[k];
		size_t s = clampz(in->p[l->open].out_b, a, e), f = clampz(in->p[l->close].out_a, a, e);
		if (f < s)
			f = s;
		s = base + s - a;
		f = base + f - a;
		if (l->is_mark) {
			if (f > s || l->mark == MARK_FOOTREF)
				doc_add_mark(d, l->mark, s, f, l->href, l->href ? strlen(l->href) : 0);
		} else if (d->nr_links < m->lim->max_links) {
			doc_add_link(d, s, f, l->href, strlen(l->href), l->href_src);
		} else {
			m->over_links = 1;
		}
	}
	for (k = 0; k < in->nr_joins; k++)
		if (in->joins[k] > a && in->joins[k] < e)
			doc_add_join(d, base + in->joins[k] - a, 0);
}

/*
 * Inline pass over one block. in and tmp are kept from block to block
 * (emptied, not freed) so that a long document does not pay for
 * allocations per paragraph.
 */
static void inline_block(struct md *m, const struct mblock *b, struct inl *in, struct mtext *tmp)
{
	size_t k;

	strbuf_setlen(&tmp->text, 0);
	tmp->map.nr = 0;
	if (b->kind == BLOCK_CODE) {
		mtext_add_from(tmp, &b->raw, 0, b->raw.text.len);
		commit_block(m, b, tmp, NULL);
		return;
	}
	in->m = m;
	in->raw = &b->raw;
	in->r = b->raw.text.buf;
	in->n = b->raw.text.len;
	in->notes = b->kind == BLOCK_NOTES;
	in->sup_open = NONE;
	in->nr = in->nr_br = in->nr_links = in->nr_joins = 0;
	memset(in->no_ticks, 0, sizeof(in->no_ticks));
	in->no_comment_end = 0;
	inline_scan(in);
	emit_pieces(in, tmp);
	commit_block(m, b, tmp, in);
	for (k = 0; k < in->nr_links; k++)
		free(in->links[k].href);
}

enum doc_result doc_decode_markdown(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	struct md m;
	struct inl in;
	struct mtext tmp;
	size_t i;
	enum doc_result r;

	memset(&m, 0, sizeof(m));
	r = doc_decode_text(d, lim, err);
	if (r != DOC_OK)
		goto cleanup;
	m.d = d;
	m.lim = lim;
	m.s = d->src;
	m.last_end = NONE;
	m.last_line = NONE;

	i = d->nr_lines ? front_matter(&m) : 0;
	for (; i < d->nr_lines; i++)
		block_line(&m, i);
	sort_refdefs(&m);
	memset(&in, 0, sizeof(in));
	mtext_init(&tmp, 0);
	for (i = 0; i < m.nr_blocks && !m.over_links; i++) {
		inline_block(&m, &m.blocks[i], &in, &tmp);
		/* done with the block's raw text: keep the peak memory down */
		mtext_release(&m.blocks[i].raw);
	}
	free(in.links);
	free(in.p);
	free(in.br);
	free(in.joins);
	mtext_release(&tmp);
	if (m.over_links) {
		/* not a silent cut: the document is refused, naming the limit */
		r = DOC_ERR_LIMIT;
		if (err) {
			err->code = r;
			err->line = err->col = 0;
			snprintf(err->detail, sizeof(err->detail), "more than %zu links; see max_links",
				 lim->max_links);
		}
		goto cleanup;
	}

	/* the first heading is the title, unless front matter gave one */
	for (i = 0; i < d->nr_blocks && !d->meta.title; i++)
		if (d->blocks[i].kind == BLOCK_HEADING)
			d->meta.title = xstrndup(d->text.text.buf + d->blocks[i].start,
						 d->blocks[i].end - d->blocks[i].start);
	d->nr_pages = 1;
cleanup:
	for (i = 0; i < m.nr_blocks; i++)
		mtext_release(&m.blocks[i].raw);
	free(m.blocks);
	for (i = 0; i < m.nr_refs; i++) {
		free(m.refs[i].label);
		free(m.refs[i].dest);
	}
	free(m.refs);
	return r;
}
