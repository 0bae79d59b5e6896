#include "tok.h"
#include "utf8.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>

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
 * Inline, always, with its room made once per scan: it runs for every
 * token (a call and a growth check per token were a third of the
 * tokenizer's time).
 */
__attribute__((always_inline))
static inline void push(struct tok_list *out, size_t s, size_t e, enum tok_kind k,
			uint32_t cp, unsigned char space)
{
	struct tok *t;
	if (out->nr == out->alloc)
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	t = &out->v[out->nr++];
	t->start = s;
	t->end = e;
	t->kind = k;
	t->cp = cp;
	t->space = space;
}

/* ASCII byte classes: the text is mostly ASCII, which needs no decoding. */
enum { C_PUNCT = 0, C_SPACE, C_DIGIT, C_ALPHA };

static const unsigned char ascii_class[128] = {
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
};

/* The end of the word that starts at text[i]: ASCII letters and letters at or above U+0080. */
static size_t word_end(const char *text, size_t len, size_t i)
{
	while (i < len) {
		unsigned char d = (unsigned char)text[i];
		uint32_t dcp = d;
		size_t m;
		if (d < 0x80) {
			if (ascii_class[d] != C_ALPHA)
				break;
			i++;
			continue;
		}
		m = utf8_decode(text + i, len - i, &dcp);
		if (!m)
			m = 1;
		if (cp_is_space(dcp) || cp_is_punct(dcp))
			break;
		i += m;
	}
	return i;
}

void tok_scan(const char *text, size_t len, struct tok_list *out)
{
	size_t i = 0;
	unsigned char space = 0;

	out->nr = 0;
	/* about a token per six bytes of prose: most of the growth at once */
	ALLOC_GROW(out->v, len / 6 + 16, out->alloc);
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp = c;
		size_t n = 1;

		if (c < 0x80) {
			size_t s = i;
			switch (ascii_class[c]) {
			case C_SPACE:
				if (c == '\n')
					space = space >= 2 ? 3 : 2;
				else if (!space)
					space = 1;
				i++;
				continue;
			case C_DIGIT:
				while (i < len && ch_isdigit((unsigned char)text[i]))
					i++;
				push(out, s, i, TOK_NUM, 0, space);
				break;
			case C_ALPHA:
				i = word_end(text, len, i + 1);
				push(out, s, i, TOK_WORD, 0, space);
				break;
			default:
				push(out, i, i + 1, TOK_PUNCT, c, space);
				i++;
				break;
			}
			space = 0;
			continue;
		}
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
			push(out, i, i + n, TOK_PUNCT, cp, space);
			i += n;
		} else {
			size_t s = i;
			i = word_end(text, len, i);
			push(out, s, i, TOK_WORD, 0, space);
		}
		space = 0;
	}
}

void tok_list_release(struct tok_list *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int tok_is_cap(const char *text, const struct tok *t)
{
	return t->kind == TOK_WORD && ch_isupper((unsigned char)text[t->start]);
}

long tok_num(const char *text, const struct tok *t)
{
	long v = 0;
	size_t i;
	for (i = t->start; i < t->end; i++) {
		if (v > LONG_MAX / 10 - 10)
			return LONG_MAX / 10;
		v = v * 10 + (text[i] - '0');
	}
	return v;
}

int tok_is_dash(const struct tok *t)
{
	return t->kind == TOK_PUNCT && (t->cp == '-' || (t->cp >= 0x2010 && t->cp <= 0x2015));
}

int tok_is_sentence_end(const struct tok *t)
{
	return t->kind == TOK_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?');
}
