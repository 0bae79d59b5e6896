/*
 * fuzz_markdown.c - libFuzzer target: any bytes as Markdown (a heading
 * is put first so that format detection picks Markdown), then
 * every block, link and mark checked against the text and the source.
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
	char *buf;
	size_t i, tl;

	if (size > (1 << 20))
		return 0;
	buf = malloc(size + 5);
	if (!buf)
		return 0;
	memcpy(buf, "# F\n\n", 5);
	memcpy(buf + 5, data, size);
	doc_limits_default(&lim);
	lim.max_line_len = 1 << 16;
	if (doc_parse("fuzz.md", buf, size + 5, &lim, &d, &err) != DOC_OK) {
		free(buf);
		return 0;
	}
	/* enough tags still make it HTML: that is the detector's business */
	if (d->format != DOC_FMT_MARKDOWN)
		goto done;
	tl = d->text.text.len;
	for (i = 0; i < d->nr_blocks; i++) {
		size_t s, e;
		const struct doc_block *b = &d->blocks[i];
		if (b->start >= b->end || b->end > tl || (i && b->start < d->blocks[i - 1].end))
			abort();
		doc_src_range(d, b->start, b->end, &s, &e);
		if (s > e || e > d->src_len)
			abort();
	}
	for (i = 0; i < d->nr_links; i++)
		if (d->links[i].start > d->links[i].end || d->links[i].end > tl ||
		    d->links[i].src_off > d->src_len || !d->links[i].href)
			abort();
	for (i = 0; i < d->nr_marks; i++)
		if (d->marks[i].start > d->marks[i].end || d->marks[i].end > tl)
			abort();
	for (i = 0; i < d->nr_joins; i++)
		if (d->joins[i].at > tl)
			abort();
	for (i = 0; i < d->nr_lines; i++)
		if (d->lines[i].src_end > d->src_len || d->lines[i].src_start > d->lines[i].src_end)
			abort();
done:
	doc_free(d);
	free(buf);
	return 0;
}
