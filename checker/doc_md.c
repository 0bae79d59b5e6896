/* doc_md.c - Markdown decoding (placeholder until the Markdown decoder lands). */
#include "doc_internal.h"

enum doc_result doc_decode_markdown(struct doc *d, const struct doc_limits *lim, struct doc_error *err)
{
	enum doc_result r = doc_decode_text(d, lim, err);
	if (r == DOC_OK)
		r = doc_layout(d, lim, err);
	return r;
}
