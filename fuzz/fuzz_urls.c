/*
 * fuzz_urls.c - libFuzzer target for URL handling (urls.c): the input
 * as a plain-text document whose URLs are extracted (wrapped and
 * hyphenated URLs across line joins included), every URL found
 * normalized again and repaired against the document's own words; and
 * the raw bytes through url_normalize() as each kind and through the
 * mailto syntax check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "urls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum url_kind kinds[] = { URL_WEB, URL_MAILTO, URL_DOI };
	struct strbuf sb = STRBUF_INIT;
	struct url_list l;
	struct vocab *v = NULL;
	struct doc *d = NULL;
	struct doc_limits lim;
	size_t i, k;

	if (size > (1 << 18))
		return 0;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		strbuf_reset(&sb);
		url_normalize(kinds[k], (const char *)data, size, &sb);
	}
	url_mailto_valid((const char *)data, size);

	doc_limits_default(&lim);
	lim.max_line_len = 1 << 16;
	if (doc_parse("fuzz.txt", (const char *)data, size, &lim, &d, NULL) != DOC_OK)
		goto done;
	url_list_init(&l, 4096);
	l.max_per_doc = 1024;
	urls_extract(&l, d);
	v = vocab_new();
	vocab_add_doc(v, d);
	for (i = 0; i < l.nr; i++) {
		const struct url_item *it = &l.v[i];
		char *alts[URLS_MAX_ALTS];
		size_t n, j;
		if (!it->url || (it->kind == URL_WEB && strncmp(it->url, "http", 4)))
			abort();
		for (j = 0; j < it->nr_occ; j++)
			if (it->occ[j].src_start > it->occ[j].src_end || it->occ[j].src_end > d->src_len)
				abort();
		if (it->kind != URL_WEB)
			continue;
		n = urls_repair(it->url, v, alts, URLS_MAX_ALTS);
		if (n > URLS_MAX_ALTS)
			abort();
		for (j = 0; j < n; j++)
			free(alts[j]);
	}
	url_list_release(&l);
done:
	vocab_free(v);
	doc_free(d);
	strbuf_release(&sb);
	return 0;
}
