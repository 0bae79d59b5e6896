/*
 * fuzz_claims.c - libFuzzer target: a document through the claims stage
 * (claims_add_doc() on two copies, the second freed at once, then
 * claims_reconcile() with findings), checking that every location and
 * quote the set kept stays within the document.
 *
 *   sh fuzz/build.sh && build-fuzz/fuzz_claims
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "claims.h"
#include "doc.h"
#include "findings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc *a = NULL, *b = NULL;
	struct claim_set set;
	struct findings f;
	size_t i;

	if (doc_parse("a.txt", (const char *)data, size, NULL, &a, NULL) != DOC_OK)
		return 0;
	if (doc_parse("b.txt", (const char *)data, size, NULL, &b, NULL) != DOC_OK) {
		doc_free(a);
		return 0;
	}
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	claims_add_doc(&set, a, NULL, NULL, 0);
	claims_add_doc(&set, b, NULL, NULL, 0);
	/* the set must not need the documents any more */
	doc_free(b);
	doc_free(a);
	claims_reconcile(&set, &f);
	for (i = 0; i < set.nr_claims; i++) {
		const struct claim *c = &set.claims[i];
		if (c->val_src_start > c->val_src_end || c->val_src_end > size ||
		    c->sent_src_end > size || !c->line || !c->col || !c->quote ||
		    strlen(c->quote) > CLAIMS_QUOTE_MAX || c->group >= set.nr_groups)
			__builtin_trap();
	}
	findings_release(&f);
	claims_release(&set);
	return 0;
}
