/*
 * doc_html.c - phase 2 for HTML and XHTML: libxml2's HTML parser driven
 * through SAX callbacks, with an exact source map.
 *
 * libxml2 reports no text offsets, so we follow its input position
 * (consumed + cur - base) at every callback and align each characters()
 * chunk with the raw source that precedes that position:
 *
 *   - bytes equal to the source are copied runs (mtext_add);
 *   - a decoded entity (&amp; &#8217;) is a substitution over exactly
 *     the bytes of its reference (mtext_add_subst);
 *   - control characters the parser dropped are skipped.
 *
 * The parser reports a chunk after it consumed it, so the chunk is first
 * aligned backwards from the reported position; a few chunks ("&" of an
 * unknown entity, a stray "<") are reported before the parser moved, and
 * are aligned forwards from where the previous chunk ended. A chunk that
 * aligns neither way becomes one substitution over the window the parser
 * consumed since the last callback, the smallest range we can prove.
 *
 * libxml2 reads text a character at a time. A run of plain text after
 * markup is handed to it as one placeholder character instead
 * (input_find_runs()); the callback that receives it puts the run back
 * (runs_take()), and every parser offset is mapped back to the source.
 * Where the callbacks cannot prove the parser read a placeholder as it
 * would have read its run, the document is parsed again from its source.
 *
 * On top of the text, as a browser renders it: white space runs collapse
 * to one space, invisible content (script, style, head, hidden elements,
 * navigation) is left out, block elements become doc blocks separated by
 * "\n\n", <br> is a '\n' inside a block.
 */
#include "doc_internal.h"
#include "buf.h"
#include "utf8.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

/* Elements we track; deeper structure is read as inline content. */
#define HTML_MAX_DEPTH 256
/* Longest entity reference we try to recognize ("&CounterClockwiseContourIntegral;"). */
#define HTML_MAX_ENTITY 40
/*
 * What a run of plain text reads as (U+E000, a private-use character:
 * text the parser copies as it is), and the bounds of the runs worth
 * it: a chunk of text is handed out at 1000 bytes (libxml2's
 * HTML_PARSER_BIG_BUFFER_SIZE), runs_take() proves the run's chunk was
 * shorter.
 */
#define HTML_PLACEHOLDER "\xee\x80\x80"
#define HTML_RUN_MIN 16
#define HTML_RUN_MAX 960
#define HTML_CHUNK_MAX 1000
/* Cap on the collected <title> text. */
#define HTML_MAX_TITLE 4096

enum tag {
	T_OTHER = 0,
	T_A, T_SUP, T_BR, T_P, T_DIV, T_LI, T_OL, T_UL,
	T_H1, T_H2, T_H3, T_H4, T_H5, T_H6,
	T_BLOCKQUOTE, T_PRE, T_TD, T_TH, T_TITLE, T_HEAD, T_META, T_LINK,
	T_TIME, T_NAV, T_SECTION, T_ASIDE, T_CODE,
	T_SKIP,         /* script, style, noscript, template, ...: never visible */
	T_BLOCK         /* any other block-level element */
};

static const struct {
	const char *name;
	enum tag tag;
} tag_names[] = {
	{ "a", T_A }, { "sup", T_SUP }, { "br", T_BR }, { "p", T_P }, { "div", T_DIV },
	{ "li", T_LI }, { "ol", T_OL }, { "ul", T_UL },
	{ "h1", T_H1 }, { "h2", T_H2 }, { "h3", T_H3 }, { "h4", T_H4 }, { "h5", T_H5 },
	{ "h6", T_H6 }, { "blockquote", T_BLOCKQUOTE }, { "pre", T_PRE }, { "td", T_TD },
	{ "th", T_TH }, { "title", T_TITLE }, { "head", T_HEAD }, { "meta", T_META },
	{ "link", T_LINK }, { "time", T_TIME }, { "nav", T_NAV }, { "section", T_SECTION },
	{ "aside", T_ASIDE }, { "code", T_CODE },
	{ "script", T_SKIP }, { "style", T_SKIP }, { "noscript", T_SKIP },
	{ "template", T_SKIP }, { "iframe", T_SKIP }, { "object", T_SKIP },
	{ "embed", T_SKIP }, { "canvas", T_SKIP }, { "audio", T_SKIP }, { "video", T_SKIP },
	{ "svg", T_SKIP }, { "select", T_SKIP },
	{ "address", T_BLOCK }, { "article", T_BLOCK }, { "body", T_BLOCK },
	{ "caption", T_BLOCK }, { "center", T_BLOCK }, { "dd", T_BLOCK },
	{ "details", T_BLOCK }, { "dialog", T_BLOCK }, { "dir", T_BLOCK }, { "dl", T_BLOCK },
	{ "dt", T_BLOCK }, { "fieldset", T_BLOCK }, { "figcaption", T_BLOCK },
	{ "figure", T_BLOCK }, { "footer", T_BLOCK }, { "form", T_BLOCK },
	{ "header", T_BLOCK }, { "hgroup", T_BLOCK }, { "hr", T_BLOCK }, { "html", T_BLOCK },
	{ "legend", T_BLOCK }, { "main", T_BLOCK }, { "menu", T_BLOCK },
	{ "summary", T_BLOCK }, { "table", T_BLOCK }, { "tbody", T_BLOCK },
	{ "tfoot", T_BLOCK }, { "thead", T_BLOCK }, { "tr", T_BLOCK },
};

static enum tag tag_lookup(const char *name)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(tag_names); i++)
		if (!strcmp(tag_names[i].name, name))
			return tag_names[i].tag;
	return T_OTHER;
}

static int tag_is_block(enum tag t)
{
	switch (t) {
	case T_P: case T_DIV: case T_LI: case T_OL: case T_UL:
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_BLOCKQUOTE: case T_PRE: case T_TD: case T_TH: case T_TITLE:
	case T_NAV: case T_SECTION: case T_ASIDE: case T_BLOCK:
		return 1;
	default:
		return 0;
	}
}

struct html_elem {
	enum tag tag;
	unsigned skip : 1;      /* counted in st->skip */
	unsigned chrome : 1;    /* site navigation, set aside as furniture */
	unsigned notes : 1;     /* a footnote/endnote container */
	unsigned note_item : 1; /* an <li> of a notes list */
	unsigned code_block : 1; /* a <code> standing alone as a block */
	size_t src_start;       /* source offset of the tag, or SIZE_MAX if implied */
	size_t text_start;      /* d->text length when the element started */
	unsigned number;        /* <li>: its number; <ol>/<ul>: the next item's */
	char *href;             /* <a href>: owned, entities decoded */
	size_t href_off;
};

/*
 * A run of plain text the parser reads as one placeholder character:
 * at mod in the parser's input, standing for src[src..src + len).
 */
struct html_run {
	size_t mod, src, len;
};

/* The parser's input with the runs put as placeholders. */
struct html_input {
	char *buf;              /* owned */
	size_t len;
	struct html_run *runs;  /* owned, in input order */
	size_t nr_runs, alloc_runs;
};

/* One aligned piece of a characters() chunk. */
struct piece {
	size_t out, out_len;    /* in the chunk */
	size_t src, src_len;
	int copied;             /* the chunk bytes equal the source bytes */
};

enum pending { PEND_NONE = 0, PEND_SPACE, PEND_NEWLINE };

struct html_state {
	struct doc *d;
	const struct doc_limits *lim;
	htmlParserCtxtPtr ctxt;
	size_t base;            /* source bytes before the parser's input (a BOM) */
	size_t last;            /* source consumed up to here, as far as we know */
	size_t emitted;         /* end of the source the reading text stands for so far */

	struct html_elem stack[HTML_MAX_DEPTH];
	size_t depth;
	size_t overflow;        /* elements nested past HTML_MAX_DEPTH */
	unsigned skip, head, title, pre, chrome;

	/* white space waiting for the next visible byte */
	enum pending pend;
	size_t pend_src, pend_src_len;
	int pre_start;          /* drop one newline right after <pre> */
	size_t pend_nl;         /* newlines waiting inside <pre> */

	/* the block being filled */
	int in_block;
	size_t block_start;
	size_t block_content;   /* after the note number written for a note */
	enum block_kind block_kind;
	unsigned block_level, block_number;
	int after_notes_heading;

	struct piece *pieces;
	size_t nr_pieces, alloc_pieces;
	struct strbuf title_buf;

	/* text runs the parser reads as placeholders (see runs_find()) */
	const struct html_run *runs;
	size_t nr_runs;
	size_t run_next;        /* the first run not handed out as text yet */
	int runs_broken;        /* the parser read a placeholder as no text */
	struct strbuf chunk;    /* a chunk with its placeholder put back */
	int date_prio;          /* 2: <meta>, 1: <time> */

	enum doc_result result;
	struct doc_error *err;
};

static void fail(struct html_state *st, enum doc_result r, const char *detail)
{
	if (st->result != DOC_OK)
		return;
	st->result = r;
	if (st->err) {
		st->err->code = r;
		st->err->line = st->err->col = 0;
		snprintf(st->err->detail, sizeof(st->err->detail), "%s", detail);
	}
	xmlStopParser(st->ctxt);
}

/* Offset of the parser's current position in the input it reads. */
static size_t input_pos(struct html_state *st, size_t fallback)
{
	xmlParserInputPtr in = st->ctxt->input;
	if (!in || !in->cur || !in->base || in->cur < in->base)
		return fallback;
	return (size_t)in->consumed + (size_t)(in->cur - in->base);
}

/*
 * The parser read a placeholder in a way it would not have read its
 * text (in a tag, a comment, a script): the caller parses again from
 * the source itself. Every callback stops here.
 */
static void runs_break(struct html_state *st)
{
	st->runs_broken = 1;
	if (st->result == DOC_OK)
		st->result = DOC_ERR_PARSE;
	xmlStopParser(st->ctxt);
}

/*
 * Source offset of the parser's current input position. Past the
 * runs, the parser's input is shorter than the source: an offset maps
 * through the last run that ends at or before it. at_end: the parser
 * may stand just after a placeholder it has not handed out yet (the
 * elements it implies before the text: <p> around text in <head>).
 */
static size_t parser_pos_at(struct html_state *st, int at_end)
{
	size_t p, q;
	const struct html_run *r = NULL;

	if (!st->nr_runs) {
		p = st->base + input_pos(st, st->last - st->base);
		return p > st->d->src_len ? st->d->src_len : p;
	}
	if (st->runs_broken)
		return st->last;
	q = input_pos(st, SIZE_MAX);
	if (q == SIZE_MAX)
		return st->last;
	if (st->run_next < st->nr_runs && q > st->runs[st->run_next].mod) {
		r = &st->runs[st->run_next];
		if (!at_end || q != r->mod + sizeof(HTML_PLACEHOLDER) - 1) {
			runs_break(st);
			return st->last;
		}
	} else if (st->run_next) {
		r = &st->runs[st->run_next - 1];
	}
	p = r ? r->src + r->len + (q - r->mod - (sizeof(HTML_PLACEHOLDER) - 1)) : st->base + q;
	return p > st->d->src_len ? st->d->src_len : p;
}

static size_t parser_pos(struct html_state *st)
{
	return parser_pos_at(st, 0);
}

static int is_html_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Neither white space nor the start of a control character: what
 * control_len() says 0 of at once, tested inline for each byte of a
 * word (the rest, 0xC2 and below 0x21, asks the functions).
 */
static inline int plain_byte(unsigned char c)
{
	return c > 0x20 && c != 0x7f && c != 0xc2;
}

/* Eight bytes at a time: a byte below c (c <= 0x80), a byte equal to c. */
#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGHS 0x8080808080808080ULL
static inline uint64_t swar_less(uint64_t w, unsigned char c)
{
	return (w - SWAR_ONES * c) & ~w & SWAR_HIGHS;
}

static inline uint64_t swar_has(uint64_t w, unsigned char c)
{
	return swar_less(w ^ (SWAR_ONES * c), 1);
}


/* Control characters are never visible text. */
static size_t control_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	/* nearly every byte: asked of each byte of visible text */
	if (c >= 0x20 && c != 0x7f && c != 0xc2)
		return 0;
	if ((c < 0x20 && !is_html_space(c)) || c == 0x7f)
		return 1;
	if (c == 0xc2 && n >= 2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}

/*
 * Decodes the character reference at s[0..n) (s[0] == '&') as libxml2's
 * HTML parser does: numeric references with or without ';', named ones
 * only with ';'. Returns the bytes it spans (0: not a reference) and
 * puts the UTF-8 value in out (*out_len 0 if the parser drops it).
 */
static size_t decode_entity(const char *s, size_t n, char *out, size_t *out_len)
{
	size_t i = 1;
	uint32_t v = 0;
	*out_len = 0;
	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t digits = 0;
		i = hex ? 3 : 2;
		for (; i < n; i++, digits++) {
			int c = (unsigned char)s[i], dv;
			if (ch_isdigit(c))
				dv = c - '0';
			else if (hex && ch_tolower(c) >= 'a' && ch_tolower(c) <= 'f')
				dv = ch_tolower(c) - 'a' + 10;
			else
				break;
			if (v < 0x110000)
				v = v * (hex ? 16 : 10) + (uint32_t)dv;
		}
		if (!digits)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if ((v >= 0x20 && v < 0xd800) || v == 0x9 || v == 0xa || v == 0xd ||
		    (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff))
			*out_len = utf8_encode(v, out);
		return i;
	} else {
		char name[HTML_MAX_ENTITY];
		const htmlEntityDesc *e;
		while (i < n && i < sizeof(name) && ch_isalnum((unsigned char)s[i]))
			i++;
		if (i == 1 || i >= n || s[i] != ';')
			return 0;
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (!e)
			return 0;
		*out_len = utf8_encode(e->value, out);
		return i + 1;
	}
}

static void add_piece(struct html_state *st, size_t out, size_t out_len, size_t src,
		      size_t src_len, int copied)
{
	struct piece *p;
	if (copied && st->nr_pieces) {
		p = &st->pieces[st->nr_pieces - 1];
		/* backward alignment prepends: merge adjacent copied bytes */
		if (p->copied && out + out_len == p->out && src + src_len == p->src) {
			p->out = out;
			p->src = src;
			p->out_len += out_len;
			p->src_len += src_len;
			return;
		}
		if (p->copied && p->out + p->out_len == out && p->src + p->src_len == src) {
			p->out_len += out_len;
			p->src_len += src_len;
			return;
		}
	}
	ALLOC_GROW(st->pieces, st->nr_pieces + 1, st->alloc_pieces);
	p = &st->pieces[st->nr_pieces++];
	p->out = out;
	p->out_len = out_len;
	p->src = src;
	p->src_len = src_len;
	p->copied = copied;
}

/*
 * Aligns c[0..n) so that it ends at src offset hi without starting
 * before lo. Pieces come out last first. Returns the source start, or
 * SIZE_MAX.
 */
static size_t align_backward(struct html_state *st, const char *c, size_t n, size_t lo, size_t hi)
{
	const char *s = st->d->src;
	size_t i = hi, j = n, start;
	char dec[8];
	size_t dlen;

	st->nr_pieces = 0;
	while (j > 0) {
		if (i > lo && s[i - 1] == ';') {
			/* a reference ending here, if its value is the chunk's tail */
			size_t k = i - 1, stop = i - lo > HTML_MAX_ENTITY ? i - HTML_MAX_ENTITY : lo;
			while (k > stop && s[k] != '&')
				k--;
			if (s[k] == '&' && decode_entity(s + k, i - k, dec, &dlen) == i - k &&
			    dlen && dlen <= j && !memcmp(c + j - dlen, dec, dlen)) {
				add_piece(st, j - dlen, dlen, k, i - k, 0);
				j -= dlen;
				i = k;
				continue;
			}
		}
		if (i > lo && s[i - 1] == c[j - 1]) {
			/*
			 * The bytes that match, back to the next ';' (which
			 * may end a reference): one piece, as add_piece()
			 * would merge them byte by byte.
			 */
			size_t m = 1;
			/* eight bytes at a time while they match and hold no ';' */
			while (m + 8 <= j && i - m >= lo + 8) {
				uint64_t a, b, x;
				memcpy(&a, s + i - m - 8, 8);
				memcpy(&b, c + j - m - 8, 8);
				x = a ^ 0x3B3B3B3B3B3B3B3BULL;  /* a zero byte where a has ';' */
				if (a != b || ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL))
					break;
				m += 8;
			}
			while (m < j && i - m > lo && s[i - m - 1] == c[j - m - 1] &&
			       s[i - m - 1] != ';')
				m++;
			add_piece(st, j - m, m, i - m, m, 1);
			i -= m;
			j -= m;
			continue;
		}
		if (i > lo && s[i - 1] != '&') {
			/* a numeric reference without ';' */
			size_t k = i - 1, stop = i - lo > HTML_MAX_ENTITY ? i - HTML_MAX_ENTITY : lo;
			while (k > stop && s[k] != '&')
				k--;
			if (s[k] == '&' && k + 1 < i && s[k + 1] == '#' &&
			    decode_entity(s + k, i - k, dec, &dlen) == i - k &&
			    dlen && dlen <= j && !memcmp(c + j - dlen, dec, dlen)) {
				add_piece(st, j - dlen, dlen, k, i - k, 0);
				j -= dlen;
				i = k;
				continue;
			}
		}
		if (i > lo) {
			size_t cl = utf8_prev_len(s + lo, i - lo);
			if (cl && control_len(s + i - cl, cl) == cl) {
				i -= cl;
				continue;
			}
		}
		return SIZE_MAX;
	}
	/* reverse into chunk order */
	start = i;
	for (i = 0; i < st->nr_pieces / 2; i++) {
		struct piece t = st->pieces[i];
		st->pieces[i] = st->pieces[st->nr_pieces - 1 - i];
		st->pieces[st->nr_pieces - 1 - i] = t;
	}
	return start;
}

/* Aligns c[0..n) starting at src offset lo. Returns the source end, or SIZE_MAX. */
static size_t align_forward(struct html_state *st, const char *c, size_t n, size_t lo)
{
	const char *s = st->d->src;
	size_t len = st->d->src_len, i = lo, j = 0, used, dlen, cl;
	char dec[8];

	st->nr_pieces = 0;
	while (j < n) {
		if (i >= len)
			return SIZE_MAX;
		if (s[i] == '&') {
			used = decode_entity(s + i, len - i, dec, &dlen);
			if (used && dlen && dlen <= n - j && !memcmp(c + j, dec, dlen)) {
				add_piece(st, j, dlen, i, used, 0);
				i += used;
				j += dlen;
				continue;
			}
		}
		if (s[i] == c[j]) {
			add_piece(st, j, 1, i, 1, 1);
			i++;
			j++;
			continue;
		}
		cl = control_len(s + i, len - i);
		if (!cl)
			return SIZE_MAX;
		i += cl;
	}
	return i;
}

/* ---- text output ------------------------------------------------------ */

static int visible(const struct html_state *st)
{
	return !st->skip && !st->chrome && (!st->head || st->title);
}

static int text_add(struct html_state *st, const char *s, size_t n, size_t src, size_t src_len,
		    int copied)
{
	int r;
	if (!copied && src < st->emitted) {
		/*
		 * A break or space standing for markup the parser reported
		 * late (an implied element): keep the map in document order.
		 */
		src_len = src + src_len > st->emitted ? src + src_len - st->emitted : 0;
		src = st->emitted;
	}
	if (!copied && n == src_len && n && !is_html_space((unsigned char)s[0]) &&
	    memcmp(st->d->src + src, s, n)) {
		/* the map would read an equal-length substitution as a copy */
		src_len--;
	}
	r = copied ? mtext_add(&st->d->text, s, n, src)
		   : mtext_add_subst(&st->d->text, s, n, src, src_len);
	if (r < 0)
		fail(st, DOC_ERR_LIMIT, "the reading text is over its size cap");
	else if (src + src_len > st->emitted)
		st->emitted = src + src_len;
	return r;
}

static int heading_names_notes(const char *s, size_t n)
{
	static const char *const names[] = {
		"references", "notes", "bibliography", "endnotes", "footnotes",
		"works cited", "sources", "literature", "reference list"
	};
	size_t i;
	/* "7. References", "VI. Notes:" */
	while (n && (ch_isdigit((unsigned char)*s) || *s == '.' || *s == ' ' ||
		     *s == 'I' || *s == 'V' || *s == 'X')) {
		if (*s == 'I' || *s == 'V' || *s == 'X') {
			size_t k = 0;
			while (k < n && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X'))
				k++;
			if (k == n || s[k] != '.')
				break;
		}
		s++;
		n--;
	}
	while (n && (s[n - 1] == ':' || s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (mem_ieq(s, n, names[i]))
			return 1;
	return 0;
}

static void block_end(struct html_state *st)
{
	struct doc *d = st->d;
	struct doc_block *b;
	if (!st->in_block)
		return;
	st->in_block = 0;
	st->pend = PEND_NONE;
	st->pend_nl = 0;
	if (d->text.text.len <= st->block_start)
		return;
	b = doc_add_block(d, st->block_kind, st->block_start, d->text.text.len);
	b->level = st->block_level;
	b->number = st->block_number;
	if (st->block_kind == BLOCK_HEADING && st->block_level)
		st->after_notes_heading = heading_names_notes(d->text.text.buf + b->start,
							      b->end - b->start);
}

/* Kind of a block starting now, from the innermost element that decides it. */
static void block_kind_now(struct html_state *st, enum block_kind *kind, unsigned *level,
			   unsigned *number)
{
	size_t i, lists = 0;
	*kind = BLOCK_PARA;
	*level = 0;
	*number = 0;
	for (i = st->depth; i-- > 0;) {
		const struct html_elem *e = &st->stack[i];
		switch (e->tag) {
		case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
			*kind = BLOCK_HEADING;
			*level = (unsigned)(e->tag - T_H1) + 1;
			return;
		case T_TITLE:
			*kind = BLOCK_HEADING;
			return;
		case T_PRE:
			*kind = BLOCK_CODE;
			return;
		case T_CODE:
			if (e->code_block) {
				*kind = BLOCK_CODE;
				return;
			}
			break;
		case T_LI:
			if (e->note_item) {
				*kind = BLOCK_NOTES;
				*number = e->number;
				return;
			}
			*kind = BLOCK_LIST_ITEM;
			for (; i-- > 0;)
				if (st->stack[i].tag == T_OL || st->stack[i].tag == T_UL)
					lists++;
			*level = lists ? (unsigned)lists : 1;
			return;
		case T_BLOCKQUOTE:
			*kind = BLOCK_QUOTE;
			return;
		default:
			if (e->notes) {
				*kind = BLOCK_NOTES;
				return;
			}
			break;
		}
	}
}

static int block_begin(struct html_state *st, size_t src)
{
	struct doc *d = st->d;
	char num[32];
	int n;
	if (st->in_block)
		return 0;
	if (d->text.text.len && text_add(st, "\n\n", 2, src, 0, 0) < 0)
		return -1;
	st->in_block = 1;
	st->block_start = d->text.text.len;
	st->pend = PEND_NONE;
	st->pend_nl = 0;
	block_kind_now(st, &st->block_kind, &st->block_level, &st->block_number);
	if (st->block_kind == BLOCK_NOTES && st->block_number) {
		/* the list marker a reader sees, as text notes carry it */
		n = snprintf(num, sizeof(num), "%u. ", st->block_number);
		if (text_add(st, num, (size_t)n, src, 0, 0) < 0)
			return -1;
	}
	st->block_content = d->text.text.len;
	return 0;
}

/* Visible bytes are coming: open the block, write pending white space. */
static int before_visible(struct html_state *st, size_t src)
{
	static const char nl[] = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";
	if (!st->in_block)
		return block_begin(st, src);
	if (st->pend_nl) {
		/* all of them stand for the run of line breaks they came from */
		size_t n = st->pend_nl, src0 = st->pend_src, len0 = st->pend_src_len;
		st->pend_nl = 0;
		while (n) {
			size_t k = n < sizeof(nl) - 1 ? n : sizeof(nl) - 1;
			if (text_add(st, nl, k, src0, len0, 0) < 0)
				return -1;
			n -= k;
		}
		return 0;
	}
	if (st->pend == PEND_SPACE) {
		st->pend = PEND_NONE;
		return text_add(st, " ", 1, st->pend_src, st->pend_src_len, 0);
	}
	if (st->pend == PEND_NEWLINE) {
		st->pend = PEND_NONE;
		return text_add(st, "\n", 1, st->pend_src, st->pend_src_len, 0);
	}
	return 0;
}

static void note_space(struct html_state *st, size_t src, size_t src_len)
{
	if (st->pend != PEND_NONE || !st->in_block)
		return;
	st->pend = PEND_SPACE;
	st->pend_src = src;
	st->pend_src_len = src_len;
}

static void title_add(struct html_state *st, const char *s, size_t n, int space)
{
	struct strbuf *t = &st->title_buf;
	if (space) {
		if (t->len && t->buf[t->len - 1] != ' ')
			strbuf_addch(t, ' ');
		return;
	}
	strbuf_add(t, s, n);   /* past the cap the title is just cut */
}

/*
 * White space s[i..k) inside <pre>: kept, except a newline right after
 * the start tag; CR LF and CR read as LF. Newlines wait until more text
 * comes, so that a block does not end with them.
 */
static int pre_space(struct html_state *st, const char *s, size_t i, size_t k, size_t src,
		     size_t src_len, int copied)
{
	size_t a;
	for (a = i; a < k; a++) {
		size_t at = copied ? src + a : src;
		size_t alen = copied ? 1 : src_len;
		if (s[a] == '\r' && copied && at + 1 < st->d->src_len && st->d->src[at + 1] == '\n')
			continue;
		if (s[a] == '\n' || s[a] == '\r') {
			if (st->pre_start) {
				st->pre_start = 0;
				continue;
			}
			if (!st->in_block)
				continue;
			if (!st->pend_nl)
				st->pend_src = at;
			st->pend_nl++;
			st->pend_src_len = at + alen - st->pend_src;
			continue;
		}
		st->pre_start = 0;
		if (before_visible(st, at) < 0 || text_add(st, s + a, 1, at, alen, copied) < 0)
			return -1;
	}
	return 0;
}

/*
 * Where the run of copied words that emit() may write in one go ends:
 * after the word ending at k, the words that follow one white-space
 * byte apart. Word by word, each such byte would be noted as pending
 * space, then written as one ' ' standing for that one source byte:
 * the same text and the same one-to-one map as the run copied with its
 * spaces made ' '. Stops before two spaces in a row and before a
 * control character. emit() asks only outside <pre> and <title> (their
 * spaces are kept, the title is collected word by word) and with no
 * white space pending.
 */
static size_t copied_words(const char *s, size_t n, size_t k)
{
	while (k + 1 < n && is_html_space((unsigned char)s[k]) &&
	       !is_html_space((unsigned char)s[k + 1]) && !control_len(s + k + 1, n - k - 1)) {
		size_t m;
		for (m = k + 1; m < n && (plain_byte((unsigned char)s[m]) ||
					  (!is_html_space((unsigned char)s[m]) && !control_len(s + m, n - m)));
		     m++)
			;
		k = m;
	}
	return k;
}

/* Copied bytes s[0..n) standing at src, each white-space byte written as ' '. */
static int text_add_spaced(struct html_state *st, const char *s, size_t n, size_t src)
{
	struct strbuf *t = &st->d->text.text;
	size_t at = t->len, i;

	if (text_add(st, s, n, src, n, 1) < 0)
		return -1;
	/*
	 * Only TAB, LF, FF and CR change (a space stays one), all below
	 * 0x0E: eight bytes with none are passed over at once (the test
	 * flags a word that holds any byte below 0x0E).
	 */
	for (i = at; i + 8 <= t->len; i += 8) {
		uint64_t w;
		size_t j;
		memcpy(&w, t->buf + i, 8);
		if (!((w - 0x0E0E0E0E0E0E0E0EULL) & ~w & 0x8080808080808080ULL))
			continue;
		for (j = i; j < i + 8; j++)
			if (is_html_space((unsigned char)t->buf[j]))
				t->buf[j] = ' ';
	}
	for (; i < t->len; i++)
		if (is_html_space((unsigned char)t->buf[i]))
			t->buf[i] = ' ';
	return 0;
}

/* Emits chunk bytes s[0..n) that stand for source [src, src + src_len). */
static void emit(struct html_state *st, const char *s, size_t n, size_t src, size_t src_len,
		 int copied)
{
	size_t i = 0, k, cl;
	while (i < n && st->result == DOC_OK) {
		if (is_html_space((unsigned char)s[i])) {
			k = i;
			while (k < n && is_html_space((unsigned char)s[k]))
				k++;
			if (st->title)
				title_add(st, NULL, 0, 1);
			if (st->pre) {
				if (pre_space(st, s, i, k, src, src_len, copied) < 0)
					return;
			} else {
				note_space(st, copied ? src + i : src, copied ? k - i : src_len);
			}
			i = k;
			continue;
		}
		cl = control_len(s + i, n - i);
		if (cl) {
			i += cl;
			continue;
		}
		k = i;
		while (k < n && !is_html_space((unsigned char)s[k]) && !control_len(s + k, n - k))
			k++;
		st->pre_start = 0;
		if (st->title)
			title_add(st, s + i, k - i, 0);
		if (before_visible(st, copied ? src + i : src) < 0)
			return;
		if (copied) {
			if (text_add(st, s + i, k - i, src + i, k - i, 1) < 0)
				return;
			if (!st->title && !st->pre && st->in_block && st->pend == PEND_NONE &&
			    !st->pend_nl) {
				size_t e = copied_words(s, n, k);
				if (e > k && text_add_spaced(st, s + k, e - k, src + k) < 0)
					return;
				k = e;
			}
		} else if (text_add(st, s + i, k - i, src, src_len, 0) < 0) {
			return;
		}
		i = k;
	}
}

/* ---- SAX callbacks ---------------------------------------------------- */

/*
 * A chunk of text while the parser reads runs as placeholders: if it
 * ends with the next run's placeholder, just read, *c and *n become
 * the chunk the parser would have handed out reading the run itself
 * (in st->chunk) and *p the source offset after it. Any other chunk is
 * taken as it is, up to the next run. Returns -1 (and stops the
 * parser) where the two would differ.
 */
static int runs_take(struct html_state *st, const char **c, size_t *n, size_t *p)
{
	const size_t ph = sizeof(HTML_PLACEHOLDER) - 1;
	const struct html_run *r;

	*p = parser_pos_at(st, 1);
	if (st->runs_broken)
		return -1;
	if (st->run_next >= st->nr_runs)
		return 0;
	r = &st->runs[st->run_next];
	if (input_pos(st, SIZE_MAX) != r->mod + ph)
		return 0;       /* at or before the placeholder */
	/*
	 * Reading the run itself, the parser would have handed out the
	 * same text, in one chunk if shorter than its buffer.
	 */
	if (*n < ph || memcmp(*c + *n - ph, HTML_PLACEHOLDER, ph) ||
	    *n - ph + r->len >= HTML_CHUNK_MAX) {
		runs_break(st);
		return -1;
	}
	strbuf_reset(&st->chunk);
	strbuf_add(&st->chunk, *c, *n - ph);
	strbuf_add(&st->chunk, st->d->src + r->src, r->len);
	*c = st->chunk.buf;
	*n = st->chunk.len;
	st->run_next++;
	return 0;
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_state *st = ctxt->_private;
	const char *c = (const char *)ch;
	size_t n = len > 0 ? (size_t)len : 0, p, lo, start, end, i;

	if (st->result != DOC_OK || !n)
		return;
	if (st->nr_runs && runs_take(st, &c, &n, &p) < 0)
		return;
	if (!st->nr_runs)
		p = parser_pos(st);
	lo = st->last;
	start = p >= lo ? align_backward(st, c, n, lo, p) : SIZE_MAX;
	if (start != SIZE_MAX) {
		end = p;
	} else {
		/* reported before the parser moved ("<" of "<<"), or after ("&" of "&foo;") */
		end = p >= lo && c[0] == '<' ? align_forward(st, c, n, p) : SIZE_MAX;
		if (end == SIZE_MAX)
			end = align_forward(st, c, n, lo);
		if (end == SIZE_MAX) {
			/* cannot prove more than "somewhere in what was consumed" */
			size_t hi = p > lo ? p : lo;
			st->nr_pieces = 0;
			add_piece(st, 0, n, lo, hi - lo, 0);
			end = hi;
		}
	}
	if (end > st->last)
		st->last = end;
	if (!visible(st))
		return;
	for (i = 0; i < st->nr_pieces && st->result == DOC_OK; i++) {
		const struct piece *pc = &st->pieces[i];
		emit(st, c + pc->out, pc->out_len, pc->src, pc->src_len, pc->copied);
	}
}

static void on_other(void *ctx)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_state *st = ctxt->_private;
	size_t p = parser_pos(st);
	if (p > st->last)
		st->last = p;
}

static void on_comment(void *ctx, const xmlChar *value)
{
	(void)value;
	on_other(ctx);
}

static void on_cdata(void *ctx, const xmlChar *value, int len)
{
	(void)value;
	(void)len;
	on_other(ctx);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	on_other(ctx);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	on_other(ctx);
}

static void on_serror(void *ud, xmlErrorPtr e)
{
	(void)ud;
	(void)e;
}

static const char *attr_get(const xmlChar **atts, const char *name)
{
	if (!atts)
		return NULL;
	for (; atts[0]; atts += 2)
		if (!strcmp((const char *)atts[0], name))
			return atts[1] ? (const char *)atts[1] : "";
	return NULL;
}

static int ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(s), m = strlen(needle), i;
	for (i = 0; i + m <= n; i++)
		if (mem_ieq(s + i, m, needle))
			return 1;
	return 0;
}

static int ci_equal(const char *s, const char *t)
{
	return s && mem_ieq(s, strlen(s), t);
}

static int is_name_char(int c)
{
	return ch_isalnum(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* Source offset of the '<' of the start tag name being reported at p. */
static size_t find_tag_start(struct html_state *st, const char *name, size_t p)
{
	const char *s = st->d->src;
	size_t len = st->d->src_len, nl = strlen(name), i;
	for (i = st->last; i < p && i < len; i++) {
		if (s[i] != '<' || i + 1 + nl > len || !mem_ieq(s + i + 1, nl, name))
			continue;
		/* libxml2 ends a name at the first character that cannot be in one */
		if (i + 1 + nl == len || !is_name_char((unsigned char)s[i + 1 + nl]))
			return i;
	}
	return SIZE_MAX;
}

/*
 * Source offset of the value of attribute name in the tag at tag_start,
 * read up to end. SIZE_MAX if not found.
 */
static size_t find_attr_value(const struct html_state *st, size_t tag_start, size_t end,
			      const char *name)
{
	const char *s = st->d->src;
	size_t i = tag_start + 1, nl = strlen(name), ns, ne;
	if (tag_start == SIZE_MAX)
		return SIZE_MAX;
	if (end > st->d->src_len)
		end = st->d->src_len;
	while (i < end && !is_html_space((unsigned char)s[i]) && s[i] != '>' && s[i] != '/')
		i++;
	while (i < end) {
		while (i < end && (is_html_space((unsigned char)s[i]) || s[i] == '/'))
			i++;
		if (i >= end || s[i] == '>')
			break;
		ns = i;
		while (i < end && !is_html_space((unsigned char)s[i]) && s[i] != '=' &&
		       s[i] != '>' && s[i] != '/')
			i++;
		ne = i;
		if (ne == ns)
			i++;
		while (i < end && is_html_space((unsigned char)s[i]))
			i++;
		if (i < end && s[i] == '=') {
			i++;
			while (i < end && is_html_space((unsigned char)s[i]))
				i++;
			if (ne - ns == nl && mem_ieq(s + ns, nl, name))
				return (i < end && (s[i] == '"' || s[i] == '\'')) ? i + 1 : i;
			if (i < end && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				while (i < end && s[i] != q)
					i++;
				i++;
			} else {
				while (i < end && !is_html_space((unsigned char)s[i]) && s[i] != '>')
					i++;
			}
		} else if (ne - ns == nl && mem_ieq(s + ns, nl, name)) {
			return i;
		}
	}
	return SIZE_MAX;
}

/* Length of the ISO 8601 date (and time) at the start of s, or 0. */
static size_t iso_date_len(const char *s)
{
	size_t i = 0, k;
#define DIGITS(n) do { for (k = 0; k < (n); k++) if (!ch_isdigit((unsigned char)s[i + k])) goto out; } while (0)
	size_t ok = 0;
	DIGITS(4);
	i += 4;
	ok = i;
	if (s[i] != '-')
		goto out;
	i++;
	DIGITS(2);
	i += 2;
	ok = i;
	if (s[i] != '-')
		goto out;
	i++;
	DIGITS(2);
	i += 2;
	ok = i;
	if (s[i] != 'T' && s[i] != ' ')
		goto out;
	i++;
	DIGITS(2);
	if (s[i + 2] != ':')
		goto out;
	i += 3;
	DIGITS(2);
	i += 2;
	ok = i;
	if (s[i] == ':') {
		i++;
		DIGITS(2);
		i += 2;
		ok = i;
		if (s[i] == '.' || s[i] == ',') {
			i++;
			if (!ch_isdigit((unsigned char)s[i]))
				goto out;
			while (ch_isdigit((unsigned char)s[i]))
				i++;
			ok = i;
		}
	}
	if (s[i] == 'Z') {
		ok = i + 1;
	} else if (s[i] == '+' || s[i] == '-') {
		i++;
		DIGITS(2);
		i += 2;
		ok = i;
		if (s[i] == ':')
			i++;
		DIGITS(2);
		ok = i + 2;
	}
out:
#undef DIGITS
	if (ok == 4 && ch_isdigit((unsigned char)s[4]))
		return 0;
	return ok;
}

/*
 * Highwire Press tags (citation_date and friends) write dates as
 * YYYY/MM/DD: read those as the ISO date they stand for.
 */
static size_t slash_date(const char *s, char *out)
{
	size_t n = 0;
	while (ch_isdigit((unsigned char)s[n]) || s[n] == '/')
		n++;
	if ((n != 4 && n != 7 && n != 10) || iso_date_len(s) != 4)
		return 0;
	if (n >= 7 && (s[4] != '/' || !ch_isdigit((unsigned char)s[5]) ||
		       !ch_isdigit((unsigned char)s[6])))
		return 0;
	if (n == 10 && (s[7] != '/' || !ch_isdigit((unsigned char)s[8]) ||
			!ch_isdigit((unsigned char)s[9])))
		return 0;
	memcpy(out, s, n);
	if (n >= 7)
		out[4] = '-';
	if (n == 10)
		out[7] = '-';
	return n;
}

static void set_date(struct html_state *st, const char *v, size_t vsrc, int prio)
{
	size_t lead = 0, n;
	char buf[16];
	const char *date;
	if (!v || st->date_prio >= prio)
		return;
	while (is_html_space((unsigned char)v[lead]))
		lead++;
	date = v + lead;
	n = iso_date_len(date);
	/* a bare year followed by more digits or separators is something else */
	if (n == 4 && date[4] && !is_html_space((unsigned char)date[4])) {
		n = slash_date(date, buf);
		date = buf;
	}
	if (!n)
		return;
	free(st->d->meta.date);
	st->d->meta.date = xstrndup(date, n);
	st->d->meta.date_src = vsrc == SIZE_MAX ? 0 : vsrc + lead;
	st->date_prio = prio;
}

static void on_meta(struct html_state *st, const xmlChar **atts, size_t tag_start, size_t p)
{
	static const char *const date_names[] = {
		"date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
		"citation_date", "citation_publication_date", "citation_online_date",
		"article:published_time", "og:published_time", "pubdate", "datepublished"
	};
	const char *name = attr_get(atts, "name"), *content = attr_get(atts, "content");
	size_t i;
	if (!name)
		name = attr_get(atts, "property");
	if (!name)
		name = attr_get(atts, "itemprop");
	if (!name || !content)
		return;
	for (i = 0; i < ARRAY_SIZE(date_names); i++) {
		if (ci_equal(name, date_names[i])) {
			set_date(st, content, find_attr_value(st, tag_start, p + 1, "content"), 2);
			return;
		}
	}
	if ((ci_equal(name, "author") || ci_equal(name, "citation_author") ||
	     ci_equal(name, "dc.creator")) && !st->d->meta.author) {
		size_t a = 0, b = strlen(content);
		while (a < b && is_html_space((unsigned char)content[a]))
			a++;
		while (b > a && is_html_space((unsigned char)content[b - 1]))
			b--;
		if (b > a)
			st->d->meta.author = xstrndup(content + a, b - a);
	}
}

static int is_hidden(const xmlChar **atts)
{
	const char *v;
	if (attr_get(atts, "hidden"))
		return 1;
	v = attr_get(atts, "aria-hidden");
	if (v && ci_equal(v, "true"))
		return 1;
	v = attr_get(atts, "style");
	if (v) {
		/* display:none / visibility:hidden, spaces ignored */
		char buf[256];
		size_t i, n = 0;
		for (i = 0; v[i] && n + 1 < sizeof(buf); i++)
			if (!is_html_space((unsigned char)v[i]))
				buf[n++] = (char)ch_tolower((unsigned char)v[i]);
		buf[n] = '\0';
		if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
			return 1;
	}
	return 0;
}

static int names_notes(const xmlChar **atts)
{
	static const char *const words[] = { "footnote", "endnote", "references", "notes" };
	const char *cls = attr_get(atts, "class"), *id = attr_get(atts, "id");
	size_t i;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if ((cls && ci_contains(cls, words[i])) || (id && ci_contains(id, words[i])))
			return 1;
	return 0;
}

static int names_chrome(enum tag t, const xmlChar **atts)
{
	const char *role = attr_get(atts, "role"), *cls = attr_get(atts, "class");
	const char *id = attr_get(atts, "id");
	if (t == T_NAV || ci_equal(role, "navigation"))
		return 1;
	return (cls && ci_contains(cls, "breadcrumb")) || (id && ci_contains(id, "breadcrumb"));
}

static int in_note_item(const struct html_state *st)
{
	size_t i;
	for (i = st->depth; i-- > 0;)
		if (st->stack[i].note_item)
			return 1;
	return 0;
}

/* A block element starts or ends at source offset src. */
static void block_boundary(struct html_state *st, size_t src, size_t src_len)
{
	if (in_note_item(st)) {
		/* one block per note: inner blocks become lines */
		if (st->in_block && st->pend != PEND_NEWLINE) {
			st->pend = PEND_NEWLINE;
			st->pend_src = src;
			st->pend_src_len = src_len;
		}
		return;
	}
	block_end(st);
}

static void on_br(struct html_state *st, size_t tag_start, size_t p)
{
	size_t src = tag_start != SIZE_MAX ? tag_start : p;
	size_t src_len = tag_start != SIZE_MAX && p >= tag_start ? p + 1 - tag_start : 0;
	if (!visible(st) || !st->in_block)
		return;
	if (src + src_len > st->d->src_len)
		src_len = st->d->src_len - src;
	if (st->pre) {
		if (!st->pend_nl)
			st->pend_src = src;
		st->pend_nl++;
		st->pend_src_len = src + src_len - st->pend_src;
		return;
	}
	if (st->pend == PEND_NEWLINE) {
		/* <br><br>: a paragraph break */
		if (!in_note_item(st))
			block_end(st);
		return;
	}
	st->pend = PEND_NEWLINE;
	st->pend_src = src;
	st->pend_src_len = src_len;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_state *st = ctxt->_private;
	const char *name = (const char *)xname;
	const char *s = st->d->src;
	size_t p, tag_start, i;
	enum tag t;
	struct html_elem *e;

	if (st->result != DOC_OK)
		return;
	/* an element the parser implies has no attributes */
	p = parser_pos_at(st, atts == NULL);
	if (st->result != DOC_OK)
		return;
	t = tag_lookup(name);
	tag_start = find_tag_start(st, name, p);
	/*
	 * An implied element (<p> around loose text, <html> after the end)
	 * may be reported after the parser read text it has not handed
	 * out yet: only a tag seen in the source moves our position.
	 */
	if (tag_start != SIZE_MAX) {
		if (p > st->last)
			st->last = p;
		/* the parser reports a start tag before its '>' */
		if (st->last < st->d->src_len && s[st->last] == '>')
			st->last++;
		else if (st->last + 1 < st->d->src_len && s[st->last] == '/' &&
			 s[st->last + 1] == '>')
			st->last += 2;
	}

	if (st->depth >= HTML_MAX_DEPTH) {
		st->overflow++;
		if (t == T_BR)
			on_br(st, tag_start, p);
		return;
	}
	if (t == T_BR) {
		on_br(st, tag_start, p);
	} else if (tag_is_block(t) && visible(st)) {
		block_boundary(st, tag_start != SIZE_MAX ? tag_start : p, 0);
	}

	e = &st->stack[st->depth++];
	memset(e, 0, sizeof(*e));
	e->tag = t;
	e->src_start = tag_start;
	e->text_start = st->d->text.text.len;

	if (t == T_SKIP || is_hidden(atts)) {
		e->skip = 1;
		st->skip++;
	}
	if (!e->skip && names_chrome(t, atts)) {
		e->chrome = 1;
		st->chrome++;
	}
	switch (t) {
	case T_HEAD:
		st->head++;
		break;
	case T_TITLE:
		st->title++;
		strbuf_reset(&st->title_buf);
		break;
	case T_PRE:
		st->pre++;
		st->pre_start = 1;
		break;
	case T_CODE:
		/*
		 * <code> opening a block of its own (not inside a paragraph,
		 * a heading or a list item, nothing written before it) is a
		 * code block: white space kept, as in <pre>.
		 */
		if (visible(st) && !st->pre && !st->in_block && st->depth >= 2) {
			enum tag up = st->stack[st->depth - 2].tag;
			if (up == T_DIV || up == T_BLOCK || up == T_SECTION || up == T_BLOCKQUOTE ||
			    up == T_ASIDE) {
				e->code_block = 1;
				st->pre++;
			}
		}
		break;
	case T_OL: case T_UL: {
		const char *start = attr_get(atts, "start");
		e->number = 1;
		if (start) {
			long v = strtol(start, NULL, 10);
			if (v >= 0 && v < 1000000)
				e->number = (unsigned)v;
		}
		if (names_notes(atts) || (t == T_OL && st->after_notes_heading))
			e->notes = 1;
		break;
	}
	case T_SECTION: case T_DIV: case T_ASIDE:
		if (names_notes(atts))
			e->notes = 1;
		break;
	case T_LI: {
		struct html_elem *list = NULL;
		int notes = 0;
		const char *v = attr_get(atts, "value");
		for (i = st->depth - 1; i-- > 0;) {
			if (!list && (st->stack[i].tag == T_OL || st->stack[i].tag == T_UL))
				list = &st->stack[i];
			if (st->stack[i].notes)
				notes = 1;
		}
		if (list) {
			if (v) {
				long n = strtol(v, NULL, 10);
				if (n >= 0 && n < 1000000)
					list->number = (unsigned)n;
			}
			e->number = list->tag == T_OL ? list->number : 0;
			list->number++;
		}
		/* a list item inside a notes container is a note, unless in a note */
		e->note_item = notes && !in_note_item(st);
		break;
	}
	case T_A: {
		const char *href = attr_get(atts, "href");
		if (href) {
			e->href = xstrdup(href);
			e->href_off = find_attr_value(st, tag_start, p + 1, "href");
			if (e->href_off == SIZE_MAX)
				e->href_off = tag_start != SIZE_MAX ? tag_start : p;
		}
		break;
	}
	case T_LINK: {
		const char *rel = attr_get(atts, "rel"), *href = attr_get(atts, "href");
		if (rel && href && ci_contains(rel, "canonical")) {
			size_t off = find_attr_value(st, tag_start, p + 1, "href");
			size_t at = st->d->text.text.len;
			if (st->d->nr_links >= st->lim->max_links) {
				char msg[96];
				snprintf(msg, sizeof(msg), "more than %zu links; see max_links",
					 st->lim->max_links);
				fail(st, DOC_ERR_LIMIT, msg);
				break;
			}
			doc_add_link(st->d, at, at, href, strlen(href),
				     off != SIZE_MAX ? off : (tag_start != SIZE_MAX ? tag_start : p));
		}
		break;
	}
	case T_META:
		on_meta(st, atts, tag_start, p);
		break;
	case T_TIME:
		set_date(st, attr_get(atts, "datetime"),
			 find_attr_value(st, tag_start, p + 1, "datetime"), 1);
		break;
	default:
		break;
	}
}

/* Whether the source just before p is the end tag </name ...>. */
static int ends_with_end_tag(const struct html_state *st, const char *name, size_t p)
{
	const char *s = st->d->src;
	size_t nl = strlen(name), i;
	if (!p || s[p - 1] != '>')
		return 0;
	for (i = p - 1; i > st->last; i--) {
		if (s[i - 1] == '<')
			return s[i] == '/' && p - i > nl && mem_ieq(s + i + 1, nl, name);
		if (s[i - 1] == '>')
			return 0;
	}
	return 0;
}

/* Start of the anchor text: past a space written when it began. */
static size_t span_start(const struct html_state *st, size_t at)
{
	const struct strbuf *t = &st->d->text.text;
	while (at < t->len && (t->buf[at] == ' ' || t->buf[at] == '\n'))
		at++;
	return at;
}

static void on_end(void *ctx, const xmlChar *xname)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_state *st = ctxt->_private;
	struct doc *d = st->d;
	struct html_elem *e;
	size_t p = parser_pos_at(st, 1), start, end = d->text.text.len;

	if (st->runs_broken)
		return;
	if (p > st->last && ends_with_end_tag(st, (const char *)xname, p))
		st->last = p;
	if (st->overflow) {
		st->overflow--;
		return;
	}
	if (!st->depth)
		return;
	e = &st->stack[st->depth - 1];
	if (st->result != DOC_OK)
		goto pop;
	start = span_start(st, e->text_start);
	if (st->in_block && st->block_start >= e->text_start && start < st->block_content)
		start = st->block_content;
	if (start > end)
		start = end;

	switch (e->tag) {
	case T_A:
		if (e->href && visible(st)) {
			if (d->nr_links >= st->lim->max_links) {
				char msg[96];
				snprintf(msg, sizeof(msg), "more than %zu links; see max_links",
					 st->lim->max_links);
				fail(st, DOC_ERR_LIMIT, msg);
				break;
			}
			doc_add_link(d, start, end, e->href, strlen(e->href), e->href_off);
		}
		break;
	case T_SUP:
		if (visible(st) && end > start) {
			/* the digits of a callout: "1", "[12]", "3,4", "5-7" */
			const char *s = d->text.text.buf + start;
			size_t n = end - start, a = 0, b = n, k, digits = 0, other = 0;
			while (a < b && (s[a] == '[' || s[a] == '(' || s[a] == ' '))
				a++;
			while (b > a && (s[b - 1] == ']' || s[b - 1] == ')' || s[b - 1] == ' '))
				b--;
			for (k = a; k < b; k++) {
				if (ch_isdigit((unsigned char)s[k]))
					digits++;
				else if (s[k] != ',' && s[k] != '-' && s[k] != ' ')
					other++;
			}
			if (digits && !other)
				doc_add_mark(d, MARK_SUP, start, end, s + a, b - a);
			else
				doc_add_mark(d, MARK_SUP, start, end, NULL, 0);
		}
		break;
	case T_TITLE:
		if (!d->meta.title) {
			struct strbuf *t = &st->title_buf;
			size_t a = 0, b = t->len;
			while (a < b && t->buf[a] == ' ')
				a++;
			while (b > a && t->buf[b - 1] == ' ')
				b--;
			if (b > a)
				d->meta.title = xstrndup(t->buf + a, b - a);
		}
		break;
	default:
		break;
	}
	if (e->chrome && e->src_start != SIZE_MAX && !st->skip && st->chrome == 1) {
		doc_add_furniture(d, FURN_SITE_CHROME, e->src_start, p > e->src_start ? p : e->src_start,
				  -1);
	}
	if ((tag_is_block(e->tag) || e->code_block) && visible(st))
		block_boundary(st, p, 0);
pop:
	if (e->skip)
		st->skip--;
	if (e->chrome)
		st->chrome--;
	if (e->tag == T_HEAD)
		st->head--;
	else if (e->tag == T_TITLE)
		st->title--;
	else if (e->tag == T_PRE || e->code_block)
		st->pre--;
	free(e->href);
	e->href = NULL;
	st->depth--;
}

/* ---- lines ------------------------------------------------------------ */

static size_t line_index(const struct lineidx *li, size_t off)
{
	size_t lo = 0, hi = li->nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * One doc_line per physical line: LINE_BODY where some visible text came
 * from, LINE_FURNITURE for set-aside navigation, LINE_MARKUP for lines of
 * tags only, LINE_BLANK for white space.
 */
static void build_lines(struct doc *d)
{
	const struct lineidx *li = &d->lines_idx;
	const struct srcmap *m = &d->text.map;
	unsigned char *mark = xcalloc(li->nr ? li->nr : 1, 1);
	size_t i, k;

	for (i = 0; i < m->nr; i++) {
		const struct srcmap_seg *g = &m->seg[i];
		const char *out = d->text.text.buf + g->out;
		if (!g->src_len)
			continue;
		if (g->out_len == g->src_len) {
			/* line by line: one byte that is not space marks a line */
			size_t l = line_index(li, g->src), stop, j;
			for (k = 0; k < g->out_len; k = stop, l++) {
				stop = g->out_len;
				if (l + 1 < li->nr && li->start[l + 1] - g->src < stop)
					stop = li->start[l + 1] - g->src;
				if (mark[l])
					continue;
				for (j = k; j < stop; j++)
					if (!ch_isspace((unsigned char)out[j])) {
						mark[l] = 1;
						break;
					}
			}
		} else {
			for (k = 0; k < g->out_len; k++)
				if (!ch_isspace((unsigned char)out[k]))
					break;
			if (k < g->out_len)
				mark[line_index(li, g->src)] = 1;
		}
	}
	for (i = 0; i < d->nr_furniture; i++) {
		const struct doc_furniture *f = &d->furniture[i];
		size_t a = line_index(li, f->src_start);
		size_t b = line_index(li, f->src_end > f->src_start ? f->src_end - 1 : f->src_start);
		for (k = a; k <= b; k++)
			if (!mark[k])
				mark[k] = 2;
	}
	for (i = 0; i < li->nr; i++) {
		size_t s = li->start[i], e = i + 1 < li->nr ? li->start[i + 1] : d->src_len;
		size_t ne;
		int blank = 1;
		if (s == d->src_len && i > 0)
			break;  /* no line after a final newline */
		while (e > s && (d->src[e - 1] == '\n' || d->src[e - 1] == '\r'))
			e--;
		ne = e;
		for (k = s; k < e; k++) {
			if (!ch_isspace((unsigned char)d->src[k]) &&
			    !(k < 3 && d->has_bom && s == 0)) {
				blank = 0;
				break;
			}
		}
		doc_add_line(d, s, ne, blank ? LINE_BLANK :
			     mark[i] == 1 ? LINE_BODY : mark[i] == 2 ? LINE_FURNITURE : LINE_MARKUP);
	}
	for (i = 0; i < d->nr_blocks; i++) {
		size_t l = line_index(li, srcmap_to_src(m, d->blocks[i].start));
		/* text standing for the very end maps past the last line */
		d->blocks[i].first_line = l < d->nr_lines ? l : d->nr_lines - 1;
	}
	free(mark);
}

/* ---- runs of plain text ----------------------------------------------- */

/*
 * Byte classes of a run: what libxml2 copies as it is (RUN_TEXT),
 * white space as its areBlanks() sees it, and what ends a run or keeps
 * it from being one: markup, references, bytes the parser drops or
 * changes (control characters, CR, U+FFFE and U+FFFF start with 0xEF).
 */
enum run_class { RUN_TEXT = 0, RUN_BLANK, RUN_END, RUN_BAD, RUN_EF };

static unsigned char run_class_of(unsigned char c)
{
	if (c == '<' || c == '&')
		return RUN_END;
	if (c == ' ' || c == '\t' || c == '\n')
		return RUN_BLANK;
	if (c < 0x20)
		return RUN_BAD;
	return c == 0xef ? RUN_EF : RUN_TEXT;
}

/*
 * Where the text from i ends (at '<', '&' or n), and whether it may be
 * a run: no byte the parser would not copy, some byte not blank.
 */
static size_t run_end(const unsigned char *cls, const char *s, size_t i, size_t n, int *ok)
{
	int blank = 1, bad = 0;
	uint64_t w;
	for (; i < n; i++) {
		unsigned char k;
		/* eight bytes with no white space but ' ' and nothing to look at */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (swar_less(w, 0x20) | swar_has(w, '<') | swar_has(w, '&') | swar_has(w, 0xef))
				break;
			if (w != SWAR_ONES * ' ')
				blank = 0;
			i += 8;
		}
		if (i >= n)
			break;
		k = cls[(unsigned char)s[i]];
		if (k == RUN_TEXT)
			blank = 0;
		else if (k == RUN_END)
			break;
		else if (k == RUN_BAD)
			bad = 1;
		else if (k == RUN_EF) {
			blank = 0;
			if (i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
			    ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf))
				bad = 1;
		}
	}
	*ok = !blank && !bad;
	return i;
}

static void input_add_run(struct html_input *in, const char *s, size_t *copied, size_t a,
			  size_t e)
{
	struct html_run *r;
	const size_t ph = sizeof(HTML_PLACEHOLDER) - 1;
	memcpy(in->buf + in->len, s + *copied, a - *copied);
	in->len += a - *copied;
	ALLOC_GROW(in->runs, in->nr_runs + 1, in->alloc_runs);
	r = &in->runs[in->nr_runs++];
	r->mod = in->len;
	r->src = a;
	r->len = e - a;
	memcpy(in->buf + in->len, HTML_PLACEHOLDER, ph);
	in->len += ph;
	*copied = e;
}

/* End of the markup at s[i] == '<' as the parser reads it, or n; 0: a plain '<'. */
static size_t markup_end(const char *s, size_t i, size_t n)
{
	const char *q;
	size_t j, name;
	if (i + 1 >= n)
		return 0;
	if (s[i + 1] == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
		q = mem_find(s + i + 4, n - i - 4, "-->", 3);
		return q ? (size_t)(q - s) + 3 : n;
	}
	if (s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?') {
		q = memchr(s + i + 2, '>', n - i - 2);
		return q ? (size_t)(q - s) + 1 : n;
	}
	if (!ch_isalpha((unsigned char)s[i + 1]))
		return 0;
	for (j = i + 1; j < n && (ch_isalnum((unsigned char)s[j]) || s[j] == '-' ||
				  s[j] == '_' || s[j] == ':' || s[j] == '.'); j++)
		;
	name = j - i - 1;
	for (; j < n && s[j] != '>'; j++) {
		if (s[j] == '"' || s[j] == '\'') {
			q = memchr(s + j + 1, s[j], n - j - 1);
			if (!q)
				return n;
			j = (size_t)(q - s);
		}
	}
	if (j >= n)
		return n;
	j++;
	/* script and style hold text up to their end tag */
	if ((name == 6 && mem_ieq(s + i + 1, 6, "script")) ||
	    (name == 5 && mem_ieq(s + i + 1, 5, "style"))) {
		for (q = s + j; (q = memchr(q, '<', (size_t)(s + n - q))) != NULL; q++) {
			if ((size_t)(s + n - q) > name + 2 && q[1] == '/' &&
			    mem_ieq(q + 2, name, name == 6 ? "script" : "style")) {
				q = memchr(q, '>', (size_t)(s + n - q));
				return q ? (size_t)(q - s) + 1 : n;
			}
		}
		return n;
	}
	return j;
}

/*
 * The parser's input for src[from..n): every run of plain text that
 * follows markup (a tag, an end tag, a comment) and goes on to the next
 * '<' or '&' put as one placeholder, which the parser reads in one
 * step where it would read the run byte by byte. This reading of the
 * markup is a guess: the callbacks prove each placeholder came back as
 * text where the run's text would have (runs_take()), or parse again.
 */
static void input_find_runs(struct html_input *in, const char *s, size_t from, size_t n)
{
	unsigned char cls[256];
	size_t i = from, copied = from, e, m;
	int after_markup = 0, ok;
	const char *lt;

	for (e = 0; e < 256; e++)
		cls[e] = run_class_of((unsigned char)e);
	in->buf = xrealloc(NULL, n - from + 1);
	in->len = 0;
	while (i < n) {
		if (after_markup) {
			e = run_end(cls, s, i, n, &ok);
			if (ok && e - i >= HTML_RUN_MIN && e - i <= HTML_RUN_MAX)
				input_add_run(in, s, &copied, i, e);
			i = e;
		}
		lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		m = markup_end(s, i, n);
		after_markup = m != 0;
		i = m ? m : i + 1;
	}
	memcpy(in->buf + in->len, s + copied, n - copied);
	in->len += n - copied;
	in->buf[in->len] = '\0';
}

static void input_release(struct html_input *in)
{
	free(in->buf);
	free(in->runs);
	memset(in, 0, sizeof(*in));
}

/* Forgets what a parse that read a placeholder wrongly put in d. */
static void doc_model_clear(struct doc *d)
{
	size_t i;
	mtext_release(&d->text);
	mtext_init(&d->text, 0);
	d->nr_blocks = 0;
	d->nr_furniture = 0;
	for (i = 0; i < d->nr_links; i++)
		free(d->links[i].href);
	d->nr_links = 0;
	for (i = 0; i < d->nr_marks; i++)
		free(d->marks[i].label);
	d->nr_marks = 0;
	free(d->meta.title);
	free(d->meta.date);
	free(d->meta.author);
	memset(&d->meta, 0, sizeof(d->meta));
}

static void set_error(struct doc_error *err, enum doc_result r, const char *detail)
{
	if (!err)
		return;
	err->code = r;
	err->line = err->col = 0;
	snprintf(err->detail, sizeof(err->detail), "%s", detail);
}

/*
 * One parse of in (the source itself if in has no runs) into d.
 * *broken: the parser read a placeholder wrongly; d must be cleared.
 */
static enum doc_result html_parse(struct doc *d, const struct doc_limits *lim,
				  const struct html_input *in, struct doc_error *err, int *broken)
{
	struct html_state *st = NULL;
	htmlParserCtxtPtr ctxt = NULL;
	xmlSAXHandler sax;
	xmlSAXHandlerPtr old_sax = NULL;
	enum doc_result r = DOC_OK;
	size_t base = d->has_bom ? 3 : 0;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		   HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC;

	*broken = 0;
	st = xcalloc(1, sizeof(*st));
	st->d = d;
	st->lim = lim;
	st->err = err;
	st->base = base;
	st->last = base;
	st->runs = in->runs;
	st->nr_runs = in->nr_runs;
	strbuf_init(&st->title_buf, HTML_MAX_TITLE);
	strbuf_init(&st->chunk, 0);

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_characters;
	sax.ignorableWhitespace = on_characters;
	sax.comment = on_comment;
	sax.cdataBlock = on_cdata;
	sax.processingInstruction = on_pi;
	sax.internalSubset = on_dtd;
	sax.serror = on_serror;

	ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		r = DOC_ERR_PARSE;
		set_error(err, r, "cannot create the html parser");
		goto cleanup;
	}
	old_sax = ctxt->sax;
	ctxt->sax = &sax;
	ctxt->_private = st;
	st->ctxt = ctxt;
	if (in->nr_runs)
		htmlCtxtReadMemory(ctxt, in->buf, (int)in->len, NULL, "UTF-8", opts);
	else
		htmlCtxtReadMemory(ctxt, d->src + base, (int)(d->src_len - base), NULL, "UTF-8",
				   opts);
	/* every run handed out as text, each where its text would have been */
	if (st->runs_broken || st->run_next != st->nr_runs) {
		*broken = 1;
		r = DOC_ERR_PARSE;
		goto cleanup;
	}
	r = st->result;
	if (r == DOC_OK && ctxt->errNo == XML_ERR_NO_MEMORY) {
		r = DOC_ERR_PARSE;
		set_error(err, r, "the html parser ran out of memory");
	}
	if (r != DOC_OK)
		goto cleanup;
	block_end(st);
cleanup:
	if (ctxt) {
		if (ctxt->myDoc)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		ctxt->sax = old_sax;
		htmlFreeParserCtxt(ctxt);
	}
	if (st) {
		while (st->depth) {
			free(st->stack[st->depth - 1].href);
			st->depth--;
		}
		free(st->pieces);
		strbuf_release(&st->title_buf);
		strbuf_release(&st->chunk);
		free(st);
	}
	return r;
}

enum doc_result doc_decode_html(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	struct html_input in = { NULL, 0, NULL, 0, 0 };
	enum doc_result r = DOC_OK;
	size_t base = d->has_bom ? 3 : 0;
	int broken = 0;

	if (d->src_len - base > INT_MAX) {
		r = DOC_ERR_LIMIT;
		set_error(err, r, "html over 2 GiB");
		goto cleanup;
	}
	input_find_runs(&in, d->src, base, d->src_len);
	r = html_parse(d, lim, &in, err, &broken);
	if (broken) {
		/* the source had markup the guess misread: read it all again */
		doc_model_clear(d);
		input_release(&in);
		r = html_parse(d, lim, &in, err, &broken);
	}
	if (r == DOC_OK)
		build_lines(d);
cleanup:
	input_release(&in);
	return r;
}
