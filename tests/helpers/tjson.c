/* tjson.c - see tjson.h. Test code: simple over fast. */
#include "tjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tp {
	const char *s;
	size_t n, i;
	int depth;
};

static void ws(struct tp *p)
{
	while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]))
		p->i++;
}

static struct tjson *node(enum tjson_type t)
{
	struct tjson *j = calloc(1, sizeof(*j));
	if (!j)
		abort();
	j->type = t;
	return j;
}

static void push(struct tjson *j, char *key, struct tjson *v)
{
	j->items = realloc(j->items, (j->nr + 1) * sizeof(*j->items));
	j->keys = realloc(j->keys, (j->nr + 1) * sizeof(*j->keys));
	if (!j->items || !j->keys)
		abort();
	j->items[j->nr] = v;
	j->keys[j->nr] = key;
	j->nr++;
}

static char *pstring(struct tp *p)
{
	size_t cap = 16, len = 0;
	char *out = malloc(cap);
	if (!out)
		abort();
	p->i++; /* opening quote */
	while (p->i < p->n && p->s[p->i] != '"') {
		char c = p->s[p->i++];
		if ((unsigned char)c < 0x20)
			goto bad;
		if (c == '\\') {
			if (p->i >= p->n)
				goto bad;
			c = p->s[p->i++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': break;
			case 'u': {
				unsigned v = 0, k;
				if (p->i + 4 > p->n)
					goto bad;
				for (k = 0; k < 4; k++) {
					char h = p->s[p->i++];
					v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
				}
				c = v < 0x80 ? (char)v : '?';   /* tests only need ASCII escapes */
				break;
			}
			default: goto bad;
			}
		}
		if (len + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				abort();
		}
		out[len++] = c;
	}
	if (p->i >= p->n)
		goto bad;
	p->i++;
	out[len] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static struct tjson *pvalue(struct tp *p)
{
	struct tjson *j = NULL;
	ws(p);
	if (p->i >= p->n || ++p->depth > 200)
		return NULL;
	switch (p->s[p->i]) {
	case '{':
		j = node(TJ_OBJ);
		p->i++;
		ws(p);
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			break;
		}
		for (;;) {
			char *k;
			struct tjson *v;
			ws(p);
			if (p->i >= p->n || p->s[p->i] != '"')
				goto bad;
			k = pstring(p);
			if (!k)
				goto bad;
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				free(k);
				goto bad;
			}
			p->i++;
			v = pvalue(p);
			if (!v) {
				free(k);
				goto bad;
			}
			push(j, k, v);
			ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == '}') {
				p->i++;
				break;
			}
			goto bad;
		}
		break;
	case '[':
		j = node(TJ_ARR);
		p->i++;
		ws(p);
		if (p->i < p->n && p->s[p->i] == ']') {
			p->i++;
			break;
		}
		for (;;) {
			struct tjson *v = pvalue(p);
			if (!v)
				goto bad;
			push(j, NULL, v);
			ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == ']') {
				p->i++;
				break;
			}
			goto bad;
		}
		break;
	case '"':
		j = node(TJ_STR);
		j->str = pstring(p);
		if (!j->str)
			goto bad;
		break;
	default:
		if (p->n - p->i >= 4 && !memcmp(p->s + p->i, "null", 4)) {
			j = node(TJ_NULL);
			p->i += 4;
		} else if (p->n - p->i >= 4 && !memcmp(p->s + p->i, "true", 4)) {
			j = node(TJ_BOOL);
			j->b = 1;
			p->i += 4;
		} else if (p->n - p->i >= 5 && !memcmp(p->s + p->i, "false", 5)) {
			j = node(TJ_BOOL);
			p->i += 5;
		} else {
			char buf[64], *end;
			size_t k = 0;
			while (p->i + k < p->n && k < sizeof(buf) - 1 && strchr("-+.eE0123456789", p->s[p->i + k]))
				k++;
			if (!k)
				return NULL;
			memcpy(buf, p->s + p->i, k);
			buf[k] = '\0';
			j = node(TJ_NUM);
			j->num = strtod(buf, &end);
			j->is_int = !strpbrk(buf, ".eE");
			if (*end)
				goto bad;
			p->i += k;
		}
	}
	p->depth--;
	return j;
bad:
	tjson_free(j);
	return NULL;
}

struct tjson *tjson_parse(const char *s, size_t n, size_t *err)
{
	struct tp p = { s, n, 0, 0 };
	struct tjson *j = pvalue(&p);
	ws(&p);
	if (j && p.i != n) {
		tjson_free(j);
		j = NULL;
	}
	if (!j && err)
		*err = p.i;
	return j;
}

void tjson_free(struct tjson *j)
{
	size_t i;
	if (!j)
		return;
	for (i = 0; i < j->nr; i++) {
		tjson_free(j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

const struct tjson *tjson_get(const struct tjson *obj, const char *key)
{
	size_t i;
	if (!obj || obj->type != TJ_OBJ)
		return NULL;
	for (i = 0; i < obj->nr; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

static int type_is(const struct tjson *d, const char *t)
{
	switch (d->type) {
	case TJ_NULL: return !strcmp(t, "null");
	case TJ_BOOL: return !strcmp(t, "boolean");
	case TJ_NUM: return !strcmp(t, "number") || (!strcmp(t, "integer") && d->is_int);
	case TJ_STR: return !strcmp(t, "string");
	case TJ_ARR: return !strcmp(t, "array");
	case TJ_OBJ: return !strcmp(t, "object");
	}
	return 0;
}

static int equal(const struct tjson *a, const struct tjson *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case TJ_NULL: return 1;
	case TJ_BOOL: return a->b == b->b;
	case TJ_NUM: return a->num == b->num;
	case TJ_STR: return !strcmp(a->str, b->str);
	default: return 0;      /* not needed by our schemas */
	}
}

static int check(const struct tjson *root, const struct tjson *s, const struct tjson *d,
		 const char *path, int quiet);

static void report(int quiet, int *errs, const char *path, const char *what)
{
	if (!quiet && *errs < 10)
		fprintf(stderr, "schema: %s: %s\n", path, what);
	(*errs)++;
}

static int check(const struct tjson *root, const struct tjson *s, const struct tjson *d,
		 const char *path, int quiet)
{
	const struct tjson *k;
	int errs = 0;
	size_t i;
	char sub[512];

	if (!s || s->type != TJ_OBJ)
		return 0;
	if ((k = tjson_get(s, "$ref")) && k->type == TJ_STR) {
		const char *name = k->str + strlen("#/$defs/");
		if (strncmp(k->str, "#/$defs/", 8) || !tjson_get(tjson_get(root, "$defs"), name)) {
			report(quiet, &errs, path, "unresolved $ref");
			return errs;
		}
		errs += check(root, tjson_get(tjson_get(root, "$defs"), name), d, path, quiet);
	}
	if ((k = tjson_get(s, "type"))) {
		int ok = 0;
		if (k->type == TJ_STR)
			ok = type_is(d, k->str);
		for (i = 0; k->type == TJ_ARR && i < k->nr; i++)
			ok |= type_is(d, k->items[i]->str);
		if (!ok) {
			report(quiet, &errs, path, "wrong type");
			return errs;
		}
	}
	if ((k = tjson_get(s, "const")) && !equal(k, d))
		report(quiet, &errs, path, "not the const value");
	if ((k = tjson_get(s, "enum"))) {
		int ok = 0;
		for (i = 0; i < k->nr; i++)
			ok |= equal(k->items[i], d);
		if (!ok)
			report(quiet, &errs, path, "not one of the enum values");
	}
	if ((k = tjson_get(s, "minimum")) && d->type == TJ_NUM && d->num < k->num)
		report(quiet, &errs, path, "below minimum");
	if ((k = tjson_get(s, "oneOf"))) {
		int n = 0;
		for (i = 0; i < k->nr; i++)
			n += check(root, k->items[i], d, path, 1) == 0;
		if (n != 1)
			report(quiet, &errs, path, "matches not exactly one of oneOf");
	}
	if (d->type == TJ_OBJ) {
		const struct tjson *props = tjson_get(s, "properties");
		const struct tjson *addl = tjson_get(s, "additionalProperties");
		if ((k = tjson_get(s, "required")))
			for (i = 0; i < k->nr; i++)
				if (!tjson_get(d, k->items[i]->str)) {
					snprintf(sub, sizeof(sub), "missing required key '%s'", k->items[i]->str);
					report(quiet, &errs, path, sub);
				}
		for (i = 0; i < d->nr; i++) {
			const struct tjson *ps = tjson_get(props, d->keys[i]);
			snprintf(sub, sizeof(sub), "%s.%s", path, d->keys[i]);
			if (ps)
				errs += check(root, ps, d->items[i], sub, quiet);
			else if (addl && addl->type == TJ_OBJ)
				errs += check(root, addl, d->items[i], sub, quiet);
			else if (addl && addl->type == TJ_BOOL && !addl->b)
				report(quiet, &errs, sub, "key not allowed");
		}
	}
	if (d->type == TJ_ARR && (k = tjson_get(s, "items")))
		for (i = 0; i < d->nr; i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			errs += check(root, k, d->items[i], sub, quiet);
		}
	return errs;
}

int tjson_validate(const struct tjson *schema, const struct tjson *doc)
{
	return check(schema, schema, doc, "$", 0);
}
