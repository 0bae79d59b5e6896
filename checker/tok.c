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

static void push(struct tok_list *out, size_t s, size_t e, enum tok_kind k,
		 uint32_t cp, unsigned char space)
{
	struct tok *t;
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	t = &out->v[out->nr++];
	t->start = s;
	t->end = e;
	t->kind = k;
	t->cp = cp;
	t->space = space;
}

void tok_scan(const char *text, size_t len, struct tok_list *out)
{
	size_t i = 0;
	unsigned char space = 0;

	out->nr = 0;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp = c;
		size_t n = 1;

		if (c >= 0x80) {
			n = utf8_decode(text + i, len - i, &cp);
			if (!n)
				n = 1;
		}
		if (c < 0x80 && ch_isspace(c)) {
			if (c == '\n')
				space = space >= 2 ? 3 : 2;
			else if (!space)
				space = 1;
			i++;
			continue;
		}
		if (cp_is_space(cp)) {
			if (!space)
				space = 1;
			i += n;
			continue;
		}
		if (ch_isdigit(c)) {
			size_t s = i;
			while (i < len && ch_isdigit((unsigned char)text[i]))
				i++;
			push(out, s, i, TOK_NUM, 0, space);
		} else if (cp_is_punct(cp)) {
			push(out, i, i + n, TOK_PUNCT, cp, space);
			i += n;
		} else {
			size_t s = i;
			while (i < len) {
				unsigned char d = (unsigned char)text[i];
				uint32_t dcp = d;
				size_t m = 1;
				if (d >= 0x80) {
					m = utf8_decode(text + i, len - i, &dcp);
					if (!m)
						m = 1;
				} else if (!ch_isalpha(d)) {
					break;
				}
				if (d >= 0x80 && (cp_is_space(dcp) || cp_is_punct(dcp)))
					break;
				i += m;
			}
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
