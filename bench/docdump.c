/*
 * docdump - prints everything the document model makes of each file
 * given: lines and their kinds, blocks, furniture, joins, links, marks,
 * metadata, the reading text, and the source map of every block. Used
 * by bench/same-output to show that a speed-up changed no result (the
 * dumps before and after must be byte-identical).
 *
 *   docdump FILE...
 */
#include "doc.h"

#include <stdio.h>
#include <string.h>

static void dump(const struct doc *d)
{
	size_t i, line, col, ss, se;

	printf("== %s %s lines=%zu pages=%u bom=%d crlf=%d\n", d->path,
	       doc_format_name(d->format), d->nr_lines, d->nr_pages, d->has_bom, d->has_crlf);
	printf("meta title=%s date=%s author=%s date_src=%zu\n",
	       d->meta.title ? d->meta.title : "-", d->meta.date ? d->meta.date : "-",
	       d->meta.author ? d->meta.author : "-", d->meta.date_src);
	for (i = 0; i < d->nr_lines; i++)
		printf("L %zu %zu %d %u\n", d->lines[i].src_start, d->lines[i].src_end,
		       (int)d->lines[i].kind, d->lines[i].page);
	for (i = 0; i < d->nr_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		doc_src_range(d, b->start, b->end, &ss, &se);
		doc_locate(d, b->start, &line, &col);
		printf("B %s %u %zu %zu %u %zu %u src=%zu-%zu at=%zu:%zu\n", block_kind_name(b->kind),
		       b->level, b->start, b->end, b->page, b->first_line, b->number, ss, se, line, col);
	}
	for (i = 0; i < d->nr_furniture; i++) {
		const struct doc_furniture *f = &d->furniture[i];
		printf("F %s %zu %zu %zu %ld\n", furniture_kind_name(f->kind), f->src_start,
		       f->src_end, f->at, f->page_number);
	}
	for (i = 0; i < d->nr_joins; i++)
		printf("J %zu %u\n", d->joins[i].at, d->joins[i].hyphen);
	for (i = 0; i < d->nr_links; i++)
		printf("K %zu %zu %zu %s\n", d->links[i].start, d->links[i].end, d->links[i].src_off,
		       d->links[i].href ? d->links[i].href : "-");
	for (i = 0; i < d->nr_marks; i++)
		printf("M %d %zu %zu %s\n", (int)d->marks[i].kind, d->marks[i].start, d->marks[i].end,
		       d->marks[i].label ? d->marks[i].label : "-");
	/* the source map at every 97th offset of the text */
	for (i = 0; i < d->text.text.len; i += 97) {
		doc_src_range(d, i, i + 1, &ss, &se);
		doc_locate(d, i, &line, &col);
		printf("S %zu %zu %zu %zu:%zu\n", i, ss, se, line, col);
	}
	printf("T %zu\n", d->text.text.len);
	fwrite(d->text.text.buf, 1, d->text.text.len, stdout);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		struct doc *d = NULL;
		struct doc_error err;
		memset(&err, 0, sizeof(err));
		if (doc_load(argv[i], NULL, &d, &err) != DOC_OK) {
			printf("== %s error %s %zu:%zu %s\n", argv[i], doc_strerror(err.code),
			       err.line, err.col, err.detail);
			continue;
		}
		dump(d);
		doc_free(d);
	}
	return status;
}
