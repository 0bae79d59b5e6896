/*
 * pipeline.c - the per-document stages shared by 'scan' and 'check'
 * (see pipeline.h).
 */
#include "pipeline.h"
#include "claims.h"
#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "refs.h"
#include "store_internal.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The most claims set keeps (claims.c's new_claim()). */
static size_t claims_cap(const struct claim_set *set)
{
	return set->max_claims ? set->max_claims : CLAIMS_MAX;
}

void pipeline_doc_init(struct pipeline_doc *p)
{
	memset(p, 0, sizeof(*p));
	p->claims_doc = SIZE_MAX;
}

void pipeline_doc_release(struct pipeline_doc *p)
{
	refs_free(p->refs);
	pipeline_doc_init(p);
}

struct claim_callout *pipeline_claim_sources(const struct refs *r, size_t *nr)
{
	struct claim_callout *v = NULL;
	struct refs_cite *cites = NULL;
	size_t i, n, max;

	*nr = 0;
	if (!r || !r->nr_callouts)
		return NULL;
	max = refs_cites_in(r, 0, SIZE_MAX, NULL, 0);
	cites = xcalloc(max ? max : 1, sizeof(*cites));
	n = refs_cites_in(r, 0, SIZE_MAX, cites, max);
	v = xcalloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].start = cites[i].start;
		v[i].end = cites[i].end;
		v[i].label = cites[i].label;
		v[i].entry = cites[i].entry;
	}
	free(cites);
	*nr = n;
	return v;
}

void pipeline_run(struct pipeline_doc *p, const struct doc *d, const struct refs_options *ro,
		  struct claim_set *set)
{
	struct claim_callout *srcs = NULL;
	size_t nsrcs = 0;

	refs_parse(d, ro, &p->refs);
	if (p->refs->hit_limit) {
		p->refs_limit = 1;
		cli_warn("'%s': too many references; the rest were not read", d->path);
	}
	if (set->nr_claims >= claims_cap(set)) {
		/* none would be kept: not even tokenized (most of the cost) */
		p->claims_limit = PIPELINE_CAP_FULL;
		return;
	}
	srcs = pipeline_claim_sources(p->refs, &nsrcs);
	if (claims_add_doc(set, d, NULL, srcs, nsrcs) != CLAIMS_OK)
		p->claims_limit = PIPELINE_CAP_HIT;
	if (set->nr_docs)
		p->claims_doc = set->nr_docs - 1;
	free(srcs);
}

void pipeline_cap_init(struct pipeline_cap *c)
{
	memset(c, 0, sizeof(*c));
}

void pipeline_cap_release(struct pipeline_cap *c)
{
	free(c->path);
	pipeline_cap_init(c);
}

void pipeline_cap_note(struct pipeline_cap *c, const struct pipeline_doc *p, const char *path,
		       const struct claim_set *set)
{
	if (!p->claims_limit)
		return;
	if (!c->path) {
		c->path = xstrdup(path);
		c->cap = claims_cap(set);
		/* reached exactly by the last document: this one is the first unread */
		if (p->claims_limit == PIPELINE_CAP_HIT)
			return;
	}
	c->remaining++;
}

int pipeline_cap_message(const struct pipeline_cap *c, struct strbuf *msg)
{
	if (!c->path)
		return 0;
	strbuf_addf(msg, "claims cap (%zu) reached at '%s'; claims of the %zu remaining "
		    "document%s were not read", c->cap, c->path, c->remaining,
		    c->remaining == 1 ? "" : "s");
	return 1;
}

enum store_result pipeline_store_doc(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, const struct pipeline_doc *p,
				     struct claim_set *set, int64_t *doc_id)
{
	enum store_result r;
	int64_t id = 0;
	/* in a batch, joining already: the batch's owner turns it off */
	int outer = store_joining(st);

	if (doc_id)
		*doc_id = 0;
	r = store_begin(st);
	if (r)
		return r;
	/* the parts join this transaction: no savepoints (see store_join()) */
	if (!outer)
		store_join(st, 1);
	r = store_doc_put_stat(st, run_id, d, fs, &id);
	if (!r && p->refs)
		r = refs_store_doc(p->refs, st, id);
	if (!r && set && p->claims_doc != SIZE_MAX)
		r = claims_store_doc(set, p->claims_doc, p->refs, st, id);
	if (!outer && store_join(st, 0) && !r)
		r = STORE_ERR_INTERNAL;
	if (!r)
		r = store_commit(st);
	if (r) {
		store_rollback(st);
		return r;
	}
	if (doc_id)
		*doc_id = id;
	return STORE_OK;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void pipeline_batch_init(struct pipeline_batch *b, struct store *st)
{
	memset(b, 0, sizeof(*b));
	b->st = st;
}

enum store_result pipeline_batch_begin(struct pipeline_batch *b)
{
	enum store_result r;

	if (b->open)
		return STORE_OK;
	r = store_begin(b->st);
	if (r)
		return r;
	store_join(b->st, 1);
	b->open = 1;
	b->docs = 0;
	b->bytes = 0;
	b->opened_ms = now_ms();
	return STORE_OK;
}

void pipeline_batch_add(struct pipeline_batch *b, size_t bytes)
{
	b->docs++;
	b->bytes += bytes;
}

int pipeline_batch_full(const struct pipeline_batch *b, size_t max_docs, size_t max_bytes,
			uint64_t max_ms)
{
	if (!b->open)
		return 0;
	return (max_docs && b->docs >= max_docs) || (max_bytes && b->bytes >= max_bytes) ||
	       (max_ms && now_ms() - b->opened_ms >= max_ms);
}

enum store_result pipeline_batch_commit(struct pipeline_batch *b)
{
	enum store_result r = STORE_OK;

	if (!b->open)
		return STORE_OK;
	b->open = 0;
	if (store_join(b->st, 0))
		r = STORE_ERR_INTERNAL;
	if (!r)
		r = store_commit(b->st);
	if (r)
		store_rollback(b->st);
	return r;
}

void pipeline_batch_rollback(struct pipeline_batch *b)
{
	if (!b->open)
		return;
	b->open = 0;
	store_join(b->st, 0);
	store_rollback(b->st);
}
