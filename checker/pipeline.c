/*
 * pipeline.c - the per-document stages shared by 'scan' and 'check'
 * (see pipeline.h).
 */
#include "pipeline.h"
#include "claims.h"
#include "cli.h"
#include "doc.h"
#include "refs.h"
#include "store_internal.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	srcs = pipeline_claim_sources(p->refs, &nsrcs);
	if (claims_add_doc(set, d, NULL, srcs, nsrcs) != CLAIMS_OK) {
		p->claims_limit = 1;
		cli_warn("'%s': too many claims; the rest were not read", d->path);
	}
	if (set->nr_docs)
		p->claims_doc = set->nr_docs - 1;
	free(srcs);
}

enum store_result pipeline_store_doc(struct store *st, int64_t run_id, const struct doc *d,
				     const struct file_stat *fs, const struct pipeline_doc *p,
				     struct claim_set *set, int64_t *doc_id)
{
	enum store_result r;
	int64_t id = 0;

	if (doc_id)
		*doc_id = 0;
	r = store_begin(st);
	if (r)
		return r;
	/* the parts join this transaction: no savepoints (see store_join()) */
	store_join(st, 1);
	r = store_doc_put_stat(st, run_id, d, fs, &id);
	if (!r && p->refs)
		r = refs_store_doc(p->refs, st, id);
	if (!r && set && p->claims_doc != SIZE_MAX)
		r = claims_store_doc(set, p->claims_doc, st, id);
	if (store_join(st, 0) && !r)
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
