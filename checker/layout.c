/*
 * layout.c - phase 3 for plain-text formats: furniture, note areas,
 * paragraphs. (First cut: blank-line paragraphs.)
 */
#include "doc_internal.h"
#include "util.h"

#include <string.h>

static void add_para(struct doc *d, size_t first, size_t last)
{
	size_t i, start;
	if (d->text.text.len)
		mtext_add_subst(&d->text, "\n\n", 2, d->lines[first].src_start, 0);
	start = d->text.text.len;
	for (i = first; i <= last; i++) {
		struct doc_line *l = &d->lines[i];
		if (i > first)
			mtext_add_subst(&d->text, " ", 1, d->lines[i - 1].src_end,
					l->src_start - d->lines[i - 1].src_end);
		mtext_add(&d->text, d->src + l->src_start, l->src_end - l->src_start, l->src_start);
	}
	doc_add_block(d, BLOCK_PARA, start, d->text.text.len)->first_line = first;
}

enum doc_result doc_layout(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	size_t i, first = (size_t)-1;
	(void)lim;
	(void)err;
	for (i = 0; i <= d->nr_lines; i++) {
		if (i == d->nr_lines || d->lines[i].kind == LINE_BLANK) {
			if (first != (size_t)-1)
				add_para(d, first, i - 1);
			first = (size_t)-1;
		} else if (first == (size_t)-1) {
			first = i;
		}
	}
	return DOC_OK;
}
