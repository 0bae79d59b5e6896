#include "findings.h"
#include "buf.h"
#include "doc.h"
#include "sha256.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define QUOTE_MAX 240

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	}
	return "info";
}

int severity_parse(const char *s, enum severity *out)
{
	if (!strcmp(s, "info"))
		*out = SEV_INFO;
	else if (!strcmp(s, "warning"))
		*out = SEV_WARNING;
	else if (!strcmp(s, "error"))
		*out = SEV_ERROR;
	else
		return -1;
	return 0;
}

/*
 * Shared strings: each distinct string once, found by a hash map whose
 * keys are the strings themselves. Pools of lists moved together are
 * chained.
 */
struct findings_pool {
	struct strmap map;      /* string -> index in str */
	char **str;
	size_t nr, alloc;
	struct findings_pool *next;
};

static void pool_free(struct findings_pool *p)
{
	while (p) {
		struct findings_pool *next = p->next;
		size_t i;
		for (i = 0; i < p->nr; i++)
			free(p->str[i]);
		free(p->str);
		strmap_release(&p->map);
		free(p);
		p = next;
	}
}

/* The pooled copy of s (NULL: NULL). */
static char *pool_str(struct findings *f, const char *s)
{
	struct findings_pool *p;
	size_t *at, n;
	int added;
	if (!s)
		return NULL;
	if (!f->pool) {
		f->pool = xcalloc(1, sizeof(*f->pool));
		strmap_init(&f->pool->map);
	}
	p = f->pool;
	n = strlen(s);
	at = strmap_get(&p->map, s, n);
	if (at)
		return p->str[*at];
	ALLOC_GROW(p->str, p->nr + 1, p->alloc);
	p->str[p->nr] = xstrndup(s, n);
	strmap_put(&p->map, p->str[p->nr], n, p->nr, &added);
	return p->str[p->nr++];
}

void findings_init(struct findings *f)
{
	f->v = NULL;
	f->nr = f->alloc = 0;
	f->pool = NULL;
	f->id_prefix = NULL;
}

static void loc_release(struct finding_loc *l)
{
	if (l->pooled)
		return;
	free(l->doc);
	free(l->quote);
	free(l->note);
}

void findings_release(struct findings *f)
{
	size_t i, j;
	for (i = 0; i < f->nr; i++) {
		struct finding *fd = &f->v[i];
		free(fd->kind);
		free(fd->stage);
		free(fd->doc);
		free(fd->quote);
		free(fd->message);
		free(fd->suggestion);
		for (j = 0; j < fd->nr_related; j++)
			loc_release(&fd->related[j]);
		free(fd->related);
	}
	free(f->v);
	pool_free(f->pool);
	free(f->id_prefix);
	findings_init(f);
}

void findings_move(struct findings *dst, struct findings *src)
{
	struct findings_pool **tail;
	if (src->nr) {
		ALLOC_GROW(dst->v, dst->nr + src->nr, dst->alloc);
		memcpy(dst->v + dst->nr, src->v, src->nr * sizeof(*src->v));
		dst->nr += src->nr;
	}
	/* src's pool goes after dst's: dst keeps looking strings up in its own */
	for (tail = &dst->pool; *tail; tail = &(*tail)->next)
		;
	*tail = src->pool;
	free(src->v);
	free(src->id_prefix);
	findings_init(src);
}

/* Copy of src[0..n) cut at QUOTE_MAX bytes on a code point boundary. */
static char *quote_dup(const char *s, size_t n)
{
	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

/*
 * The hash state after the kind and the path of the last finding id
 * (make_id()): a document's findings come one after another, often of
 * one kind, and the kind and a path of some depth fill a block of
 * SHA-256 that need not be compressed again for each. Kept by the list
 * (struct findings' id_prefix); kinds and paths that do not fit are
 * hashed whole every time.
 */
struct findings_id_prefix {
	char kind[64];
	char doc[512];
	struct sha256 state;            /* after kind, '\0', doc, '\0' */
	int valid;
};

/* fd's id: the first 8 bytes, in hex, of SHA-256(kind '\0' path '\0' key). */
static void make_id(struct findings *f, struct finding *fd, const char *key)
{
	struct findings_id_prefix *p;
	struct sha256 c;
	uint8_t dg[32];
	const char *k = key ? key : (fd->quote ? fd->quote : "");
	const char *doc = fd->doc ? fd->doc : "";
	size_t nk = strlen(fd->kind) + 1, nd = strlen(doc) + 1;

	if (!f->id_prefix)
		f->id_prefix = xcalloc(1, sizeof(*f->id_prefix));
	p = f->id_prefix;
	if (p->valid && nk <= sizeof(p->kind) && nd <= sizeof(p->doc) &&
	    !memcmp(p->kind, fd->kind, nk) && !memcmp(p->doc, doc, nd)) {
		c = p->state;
	} else {
		sha256_init(&c);
		sha256_update(&c, fd->kind, nk);
		sha256_update(&c, doc, nd);
		p->valid = nk <= sizeof(p->kind) && nd <= sizeof(p->doc);
		if (p->valid) {
			memcpy(p->kind, fd->kind, nk);
			memcpy(p->doc, doc, nd);
			p->state = c;
		}
	}
	sha256_update(&c, k, strlen(k));
	sha256_final(&c, dg);
	sha256_hex(dg, 8, fd->id);
}

static struct finding *add_common(struct findings *f, const char *stage, const char *kind,
				  enum severity sev, const struct doc *d,
				  size_t src_start, size_t src_end, const char *key,
				  const char *fmt, va_list ap)
{
	struct finding *fd;
	struct strbuf sb = STRBUF_INIT;

	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	fd = &f->v[f->nr++];
	memset(fd, 0, sizeof(*fd));
	fd->kind = xstrdup(kind);
	fd->stage = xstrdup(stage);
	fd->severity = sev;
	if (d) {
		fd->doc = xstrdup(d->path);
		if (src_end > d->src_len)
			src_end = d->src_len;
		if (src_start > src_end)
			src_start = src_end;
		fd->src_start = src_start;
		fd->src_end = src_end;
		doc_locate_src(d, src_start, &fd->line, &fd->col);
		if (src_end > src_start)
			fd->quote = quote_dup(d->src + src_start, src_end - src_start);
	}
	strbuf_vaddf(&sb, fmt, ap);
	fd->message = strbuf_detach(&sb, NULL);
	make_id(f, fd, key);
	return fd;
}

struct finding *findings_add(struct findings *f, const char *stage, const char *kind,
			     enum severity sev, const struct doc *d,
			     size_t start, size_t end, const char *key,
			     const char *fmt, ...)
{
	struct finding *fd;
	size_t s = 0, e = 0;
	va_list ap;
	if (d)
		doc_src_range(d, start, end, &s, &e);
	va_start(ap, fmt);
	fd = add_common(f, stage, kind, sev, d, s, e, key, fmt, ap);
	va_end(ap);
	/*
	 * The quote is the source as written when the text range is a plain
	 * copy of it; where markup, entities or page furniture lie inside,
	 * the reading text is clearer (line and column still point to the source).
	 */
	if (d && end > start && end <= d->text.text.len &&
	    (e - s != end - start || memcmp(d->src + s, d->text.text.buf + start, end - start))) {
		size_t i;
		free(fd->quote);
		fd->quote = quote_dup(d->text.text.buf + start, end - start);
		for (i = 0; fd->quote[i]; i++)
			if (fd->quote[i] == '\n')
				fd->quote[i] = ' ';
	}
	return fd;
}

struct finding *findings_add_src(struct findings *f, const char *stage, const char *kind,
				 enum severity sev, const struct doc *d,
				 size_t src_start, size_t src_end, const char *key,
				 const char *fmt, ...)
{
	struct finding *fd;
	va_list ap;
	va_start(ap, fmt);
	fd = add_common(f, stage, kind, sev, d, src_start, src_end, key, fmt, ap);
	va_end(ap);
	return fd;
}

struct finding *findings_add_at(struct findings *f, const char *stage, const char *kind,
				enum severity sev, const char *path, size_t line, size_t col,
				size_t src_start, size_t src_end, const char *quote,
				const char *key, const char *fmt, ...)
{
	struct finding *fd;
	va_list ap;
	va_start(ap, fmt);
	fd = add_common(f, stage, kind, sev, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	if (path)
		fd->doc = xstrdup(path);
	fd->line = line;
	fd->col = col;
	fd->src_start = src_start;
	fd->src_end = src_end < src_start ? src_start : src_end;
	if (quote)
		fd->quote = quote_dup(quote, strlen(quote));
	/* the id covers the path, which add_common() did not know yet */
	make_id(f, fd, key);
	return fd;
}

void finding_set_suggestion(struct finding *fd, const char *s, size_t n)
{
	free(fd->suggestion);
	fd->suggestion = xstrndup(s, n);
}

void finding_add_related_loc(struct finding *fd, const char *doc, size_t line, size_t col,
			     const char *quote, const char *note)
{
	struct finding_loc *l;
	ALLOC_GROW(fd->related, fd->nr_related + 1, fd->alloc_related);
	l = &fd->related[fd->nr_related++];
	l->doc = doc ? xstrdup(doc) : NULL;
	l->line = line;
	l->col = col;
	l->quote = quote ? quote_dup(quote, strlen(quote)) : NULL;
	l->note = note ? xstrdup(note) : NULL;
	l->pooled = 0;
}

void findings_add_related_pooled(struct findings *f, struct finding *fd, const char *doc,
				 size_t line, size_t col, const char *quote, const char *note)
{
	struct finding_loc *l;
	char *q = NULL;
	ALLOC_GROW(fd->related, fd->nr_related + 1, fd->alloc_related);
	l = &fd->related[fd->nr_related++];
	l->doc = pool_str(f, doc);
	l->line = line;
	l->col = col;
	if (quote) {
		/* capped as every quote, before it is pooled */
		q = quote_dup(quote, strlen(quote));
		l->quote = pool_str(f, q);
		free(q);
	} else {
		l->quote = NULL;
	}
	l->note = pool_str(f, note);
	l->pooled = 1;
}

void finding_add_related(struct finding *fd, const struct doc *d, size_t start, size_t end,
			 const char *note)
{
	size_t s, e, line, col;
	char *q;
	doc_src_range(d, start, end, &s, &e);
	doc_locate_src(d, s, &line, &col);
	/*
	 * A related location is context (the other side of a conflict): it
	 * is quoted from the reading text, without markup, page furniture or
	 * line breaks, which are noise when two passages are set side by side.
	 */
	q = NULL;
	if (end > start && end <= d->text.text.len) {
		size_t i;
		q = quote_dup(d->text.text.buf + start, end - start);
		for (i = 0; q[i]; i++)
			if (q[i] == '\n')
				q[i] = ' ';
	}
	finding_add_related_loc(fd, d->path, line, col, q, note);
	free(q);
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c = cmp_str(a->doc, b->doc);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->kind, b->kind);
	if (c)
		return c;
	return strcmp(a->id, b->id);
}

void findings_sort(struct findings *f)
{
	if (f->nr > 1)
		qsort(f->v, f->nr, sizeof(*f->v), cmp_finding);
}

size_t findings_count_at_least(const struct findings *f, enum severity sev)
{
	size_t i, n = 0;
	for (i = 0; i < f->nr; i++)
		if (f->v[i].severity >= sev)
			n++;
	return n;
}
