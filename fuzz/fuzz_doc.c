/*
 * fuzz_doc.c - libFuzzer target: format detection and ingest of any
 * bytes (every format, every layout heuristic), then the source map of
 * every block checked for consistency.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc *d = NULL;
	struct doc_error err;
	struct doc_limits lim;
	size_t i;

	doc_limits_default(&lim);
	lim.max_file_size = 1 << 20;
	lim.max_line_len = 1 << 16;
	if (doc_parse("fuzz.txt", (const char *)data, size, &lim, &d, &err) != DOC_OK)
		return 0;
	for (i = 0; i < d->nr_blocks; i++) {
		size_t s, e, line, col;
		const struct doc_block *b = &d->blocks[i];
		if (b->start > b->end || b->end > d->text.text.len)
			abort();
		doc_src_range(d, b->start, b->end, &s, &e);
		if (s > e || e > d->src_len)
			abort();
		doc_locate(d, b->start, &line, &col);
		if (!line || !col)
			abort();
	}
	doc_free(d);
	return 0;
}
