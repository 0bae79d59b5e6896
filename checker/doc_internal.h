/*
 * doc_internal.h - shared between the document model's phases
 * (doc.c, doc_text.c, doc_md.c, doc_html.c, layout.c). Not for callers.
 */
#ifndef PROVCHECK_DOC_INTERNAL_H
#define PROVCHECK_DOC_INTERNAL_H

#include "doc.h"

/* Phase 2: decoders. Text formats fill d->lines; layout runs after. */
enum doc_result doc_decode_text(struct doc *d, const struct doc_limits *lim, struct doc_error *err);
/* Markdown and HTML fill lines, text, blocks, links and marks themselves. */
enum doc_result doc_decode_markdown(struct doc *d, const struct doc_limits *lim, struct doc_error *err);
enum doc_result doc_decode_html(struct doc *d, const struct doc_limits *lim, struct doc_error *err);

/* Phase 3: page furniture, note areas, paragraphs (plain text formats). */
enum doc_result doc_layout(struct doc *d, const struct doc_limits *lim, struct doc_error *err);

/* Helpers for decoders. */
struct doc_block *doc_add_block(struct doc *d, enum block_kind kind, size_t start, size_t end);
struct doc_line *doc_add_line(struct doc *d, size_t src_start, size_t src_end, enum line_kind kind);
void doc_add_link(struct doc *d, size_t start, size_t end, const char *href, size_t href_len,
		  size_t src_off);
void doc_add_mark(struct doc *d, enum mark_kind kind, size_t start, size_t end,
		  const char *label, size_t label_len);
void doc_add_join(struct doc *d, size_t at, unsigned char hyphen);
struct doc_furniture *doc_add_furniture(struct doc *d, enum furniture_kind kind,
					size_t src_start, size_t src_end, long page_number);

#endif
