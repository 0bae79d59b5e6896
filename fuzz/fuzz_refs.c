/*
 * fuzz_refs.c - libFuzzer target for the refs parsers: the bracket
 * callout grammar and the entry field parser on the raw bytes, then the
 * whole refs pipeline (lists, callouts, linking, audit, JSON) on the
 * bytes as a document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "entry.h"
#include "findings.h"
#include "refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct refs_callout c;
	struct entry_fields f;
	struct doc *d = NULL;
	struct doc_error err;
	struct doc_limits lim;
	struct refs *r = NULL;
	struct findings fs;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (refs_parse_bracket((const char *)data, size, &c) && !c.nr_targets)
		abort();
	refs_callout_release(&c);

	entry_fields_init(&f);
	entry_parse((const char *)data, size, &f);
	entry_fields_write_json(&f, &sb);
	entry_fields_release(&f);
	strbuf_reset(&sb);

	doc_limits_default(&lim);
	lim.max_file_size = 1 << 20;
	lim.max_line_len = 1 << 16;
	if (doc_parse("fuzz.txt", (const char *)data, size, &lim, &d, &err) != DOC_OK)
		goto done;
	refs_parse(d, NULL, &r);
	for (i = 0; i < r->nr_callouts; i++)
		if (r->callouts[i].start > r->callouts[i].end || r->callouts[i].end > d->text.text.len)
			abort();
	findings_init(&fs);
	refs_audit(r, &fs);
	refs_write_json(r, &fs, &sb);
	refs_write_text(r, &fs, &sb);
	findings_release(&fs);
	refs_free(r);
	doc_free(d);
done:
	strbuf_release(&sb);
	return 0;
}
