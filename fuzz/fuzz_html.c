/*
 * fuzz_html.c - libFuzzer target for the HTML decoder (doc_html.c).
 *
 * The input is made loadable (NUL bytes and invalid UTF-8 become
 * spaces, so that the loader does not reject it before the decoder
 * runs), prefixed with "<html>" so that it is read as HTML, and parsed
 * with a small link cap. Besides the sanitizers, the source map's
 * invariants are checked: an input that breaks them aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "srcmap.h"
#include "utf8.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check_doc(const struct doc *d)
{
	const struct srcmap *m = &d->text.map;
	const char *t = d->text.text.buf;
	size_t i, k, at = 0, bad, s, e, line, col;

	CHECK(utf8_validate(t, d->text.text.len, &bad));
	for (i = 0; i < m->nr; i++) {
		const struct srcmap_seg *g = &m->seg[i];
		CHECK(g->out == at);
		at += g->out_len;
		CHECK(g->src + g->src_len <= d->src_len);
		/* text comes in document order */
		CHECK(!i || g->src >= m->seg[i - 1].src);
		if (g->out_len == g->src_len)
			for (k = 0; k < g->out_len; k++)
				CHECK(ch_isspace((unsigned char)t[g->out + k]) ||
				      t[g->out + k] == d->src[g->src + k]);
	}
	CHECK(at == d->text.text.len);
	for (i = 0; i < d->nr_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		CHECK(b->start < b->end && b->end <= d->text.text.len);
		CHECK(!i || b->start == d->blocks[i - 1].end + 2);
		CHECK(b->first_line < d->nr_lines);
		doc_src_range(d, b->start, b->end, &s, &e);
		CHECK(s <= e && e <= d->src_len);
		doc_locate(d, b->start, &line, &col);
		CHECK(line >= 1 && col >= 1);
	}
	for (i = 0; i < d->nr_links; i++) {
		CHECK(d->links[i].start <= d->links[i].end && d->links[i].end <= d->text.text.len);
		CHECK(d->links[i].src_off <= d->src_len);
	}
	for (i = 0; i < d->nr_marks; i++)
		CHECK(d->marks[i].start < d->marks[i].end && d->marks[i].end <= d->text.text.len);
	for (i = 0; i < d->nr_furniture; i++)
		CHECK(d->furniture[i].src_start <= d->furniture[i].src_end &&
		      d->furniture[i].src_end <= d->src_len);
	if (d->meta.date)
		CHECK(d->meta.date_src < d->src_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "<html>";
	struct doc_limits lim;
	struct doc_error err;
	struct doc *d = NULL;
	char *buf;
	size_t n = sizeof(prefix) - 1, i = 0;

	buf = malloc(n + size + 1);
	if (!buf)
		return 0;
	memcpy(buf, prefix, n);
	while (i < size) {
		size_t l = utf8_valid_prefix_len((const char *)data + i, size - i);
		if (!l || data[i] == 0) {
			buf[n++] = ' ';
			i++;
			continue;
		}
		memcpy(buf + n, data + i, l);
		n += l;
		i += l;
	}
	doc_limits_default(&lim);
	lim.max_links = 64;
	if (doc_parse("fuzz.html", buf, n, &lim, &d, &err) == DOC_OK) {
		CHECK(d->format == DOC_FMT_HTML);
		check_doc(d);
		doc_free(d);
	}
	free(buf);
	return 0;
}
