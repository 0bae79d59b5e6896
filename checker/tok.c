#include "tok.h"
#include "utf8.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Code points that separate words though they are not ASCII. */
static int cp_is_space(uint32_t cp)
{
	return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static int cp_is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return !ch_isalnum((int)cp) && !ch_isspace((int)cp);
	return (cp >= 0x2010 && cp <= 0x206F) || cp == 0xAB || cp == 0xBB ||
	       cp == 0xB7 || cp == 0xA7 || cp == 0xB6 || cp == 0xA9 || cp == 0xAE ||
	       cp == 0xB0 || cp == 0x20AB || cp == 0x20AC || cp == 0xA3 || cp == 0xA5 ||
	       (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFFFD || cp == 0xD7 || cp == 0xF7;
}

/*
 * The token array as tok_scan() holds it while it runs: in locals, not
 * in the caller's struct tok_list, so that the compiler keeps them in
 * registers (a store of a token's kind, an unsigned char, may alias
 * anything, which made it reload the list's fields after every token).
 */
struct tok_arr {
	struct tok *v;
	size_t nr, alloc;
};

/*
 * Inline, always: it runs for every token (a call and a growth check
 * per token were a third of the tokenizer's time). The room is made by
 * the caller's estimate; growth is the rare case.
 */
__attribute__((always_inline))
static inline void push(struct tok_arr *out, size_t s, size_t e, enum tok_kind k,
			uint32_t cp, unsigned char space)
{
	struct tok *t;
	if (out->nr == out->alloc)
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	t = &out->v[out->nr++];
	/* no wrap: tok_scan() refuses a text over TOK_MAX_LEN */
	t->start = (uint32_t)s;
	t->end = (uint32_t)e;
	t->kind = (unsigned char)k;
	t->cp = cp;
	t->space = space;
}

/* Byte classes: the text is mostly ASCII, which needs no decoding. */
enum { C_PUNCT = 0, C_SPACE, C_DIGIT, C_ALPHA, C_HIGH };

#define C8(c) [c] = C_HIGH, [c + 1] = C_HIGH, [c + 2] = C_HIGH, [c + 3] = C_HIGH, \
	[c + 4] = C_HIGH, [c + 5] = C_HIGH, [c + 6] = C_HIGH, [c + 7] = C_HIGH
#define C64(c) C8(c), C8(c + 8), C8(c + 16), C8(c + 24), C8(c + 32), C8(c + 40), \
	C8(c + 48), C8(c + 56)

static const unsigned char byte_class[256] = {
	['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
	[' '] = C_SPACE,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
	['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
	['A'] = C_ALPHA, ['B'] = C_ALPHA, ['C'] = C_ALPHA, ['D'] = C_ALPHA, ['E'] = C_ALPHA,
	['F'] = C_ALPHA, ['G'] = C_ALPHA, ['H'] = C_ALPHA, ['I'] = C_ALPHA, ['J'] = C_ALPHA,
	['K'] = C_ALPHA, ['L'] = C_ALPHA, ['M'] = C_ALPHA, ['N'] = C_ALPHA, ['O'] = C_ALPHA,
	['P'] = C_ALPHA, ['Q'] = C_ALPHA, ['R'] = C_ALPHA, ['S'] = C_ALPHA, ['T'] = C_ALPHA,
	['U'] = C_ALPHA, ['V'] = C_ALPHA, ['W'] = C_ALPHA, ['X'] = C_ALPHA, ['Y'] = C_ALPHA,
	['Z'] = C_ALPHA,
	['a'] = C_ALPHA, ['b'] = C_ALPHA, ['c'] = C_ALPHA, ['d'] = C_ALPHA, ['e'] = C_ALPHA,
	['f'] = C_ALPHA, ['g'] = C_ALPHA, ['h'] = C_ALPHA, ['i'] = C_ALPHA, ['j'] = C_ALPHA,
	['k'] = C_ALPHA, ['l'] = C_ALPHA, ['m'] = C_ALPHA, ['n'] = C_ALPHA, ['o'] = C_ALPHA,
	['p'] = C_ALPHA, ['q'] = C_ALPHA, ['r'] = C_ALPHA, ['s'] = C_ALPHA, ['t'] = C_ALPHA,
	['u'] = C_ALPHA, ['v'] = C_ALPHA, ['w'] = C_ALPHA, ['x'] = C_ALPHA, ['y'] = C_ALPHA,
	['z'] = C_ALPHA,
	C64(0x80), C64(0xC0),
};

#undef C64
#undef C8

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The ASCII letters of a word, eight bytes at a time: a word is five
 * letters on average, which a byte loop paid five table look-ups and
 * bound checks for. A byte is a letter when it is below 0x80 and, with
 * bit 5 set (lowercase), between 'a' and 'z': two carry-free additions
 * per word of bytes. Returns the offset of the first byte from i on
 * that is not an ASCII letter (len if none).
 */
__attribute__((always_inline))
static inline size_t ascii_letters_end(const char *text, size_t len, size_t i)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	while (i + 8 <= len) {
		uint64_t w, x, letter;
		memcpy(&w, text + i, 8);
		x = (w & ~high) | (0x20 * ones);
		letter = (x + 0x1F * ones) & ~(x + 0x05 * ones) & ~w & high;
		if (letter != high)
			return i + (size_t)__builtin_ctzll(~letter & high) / 8;
		i += 8;
	}
	while (i < len && byte_class[(unsigned char)text[i]] == C_ALPHA)
		i++;
	return i;
}
#else
static inline size_t ascii_letters_end(const char *text, size_t len, size_t i)
{
	while (i < len && byte_class[(unsigned char)text[i]] == C_ALPHA)
		i++;
	return i;
}
#endif

/*
 * The end of the word whose letters run on at text[i], a byte at or
 * above 0x80: ASCII letters and letters at or above U+0080.
 */
static size_t word_end_decoded(const char *text, size_t len, size_t i)
{
	for (;;) {
		uint32_t dcp;
		size_t m = utf8_decode(text + i, len - i, &dcp);
		if (!m)
			m = 1;
		if (cp_is_space(dcp) || cp_is_punct(dcp))
			return i;
		i = ascii_letters_end(text, len, i + m);
		if (i >= len || (unsigned char)text[i] < 0x80)
			return i;
	}
}

/* The end of the word that starts at text[i]; the ASCII letters inline, the rest decoded. */
__attribute__((always_inline))
static inline size_t word_end(const char *text, size_t len, size_t i)
{
	i = ascii_letters_end(text, len, i);
	if (i < len && (unsigned char)text[i] >= 0x80)
		i = word_end_decoded(text, len, i);
	return i;
}

/*
 * Lists token index k in marks (see tok_scan_marked()), a copy in
 * scan()'s locals as the tokens are, for the same reason.
 */
__attribute__((always_inline))
static inline void mark(struct tok_marks *marks, size_t k)
{
	if (marks->nr == marks->alloc)
		ALLOC_GROW(marks->v, marks->nr + 1, marks->alloc);
	marks->v[marks->nr++] = (uint32_t)k;
}

/*
 * tok_scan() and tok_scan_marked(), one body: inline, always, so that
 * tok_scan()'s copy, with marks NULL, has none of the marking.
 */
__attribute__((always_inline))
static inline int scan(const char *text, size_t len, struct tok_list *out, struct tok_marks *marks)
{
	size_t i = 0;
	unsigned char space = 0;
	struct tok_arr a;
	struct tok_marks mk = { NULL, 0, 0 };

	out->nr = 0;
	if (marks)
		marks->nr = 0;
	if (len > TOK_MAX_LEN)
		return -1;
	/*
	 * About a token per four bytes of prose (a word, its space, some
	 * punctuation): most texts need no growth. A block this size that
	 * is mapped rather than taken from the heap costs memory only for
	 * the pages the tokens fill.
	 */
	ALLOC_GROW(out->v, len / 4 + 16, out->alloc);
	/* a capital or a sentence's end every few words */
	if (marks) {
		ALLOC_GROW(marks->v, len / 16 + 16, marks->alloc);
		mk.v = marks->v;
		mk.alloc = marks->alloc;
	}
	a.v = out->v;
	a.nr = 0;
	a.alloc = out->alloc;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		unsigned char cls = byte_class[c];
		size_t s = i, n;
		uint32_t cp;

		/* by frequency in prose: letters, spaces, punctuation, digits */
		if (cls == C_ALPHA) {
			if (marks && ch_isupper(c))
				mark(&mk, a.nr);
			i = word_end(text, len, i + 1);
			push(&a, s, i, TOK_WORD, 0, space);
			/* most words end at one plain space: take it here */
			if (i < len && text[i] == ' ') {
				space = 1;
				i++;
				continue;
			}
		} else if (cls == C_SPACE) {
			if (c == '\n') {
				/* a blank line: the token after it is marked, once */
				if (marks && space == 2)
					mark(&mk, a.nr);
				space = space >= 2 ? 3 : 2;
			} else if (!space)
				space = 1;
			i++;
			continue;
		} else if (cls == C_PUNCT) {
			if (marks && (c == '.' || c == '!' || c == '?'))
				mark(&mk, a.nr);
			push(&a, i, i + 1, TOK_PUNCT, c, space);
			i++;
		} else if (cls == C_DIGIT) {
			i++;
			while (i < len && byte_class[(unsigned char)text[i]] == C_DIGIT)
				i++;
			push(&a, s, i, TOK_NUM, 0, space);
		} else {
			n = utf8_decode(text + i, len - i, &cp);
			if (!n)
				n = 1;
			if (cp_is_space(cp)) {
				if (!space)
					space = 1;
				i += n;
				continue;
			}
			if (cp_is_punct(cp)) {
				push(&a, i, i + n, TOK_PUNCT, cp, space);
				i += n;
			} else {
				i = word_end_decoded(text, len, i);
				push(&a, s, i, TOK_WORD, 0, space);
			}
		}
		space = 0;
	}
	out->v = a.v;
	out->nr = a.nr;
	out->alloc = a.alloc;
	if (marks) {
		marks->v = mk.v;
		marks->nr = mk.nr;
		marks->alloc = mk.alloc;
	}
	return 0;
}

int tok_scan(const char *text, size_t len, struct tok_list *out)
{
	return scan(text, len, out, NULL);
}

int tok_scan_marked(const char *text, size_t len, struct tok_list *out, struct tok_marks *marks)
{
	return scan(text, len, out, marks);
}

void tok_marks_release(struct tok_marks *m)
{
	free(m->v);
	m->v = NULL;
	m->nr = m->alloc = 0;
}

void tok_list_release(struct tok_list *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int tok_is_dash(const struct tok *t)
{
	return t->kind == TOK_PUNCT && (t->cp == '-' || (t->cp >= 0x2010 && t->cp <= 0x2015));
}

int tok_is_sentence_end(const struct tok *t)
{
	return t->kind == TOK_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?');
}
