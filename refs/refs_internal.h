/*
 * refs_internal.h - shared by the phases of refs_parse() (notes.c,
 * callout.c, refs.c). Not for callers.
 */
#ifndef PROVCHECK_REFS_INTERNAL_H
#define PROVCHECK_REFS_INTERNAL_H

#include <stddef.h>

struct refs;

/* Marks doc->text[a, b) as not running text (a list, a note area). */
void refs_add_skip(struct refs *r, size_t a, size_t b);
/* Is text offset off inside such a range? (After refs_find_lists(): binary search.) */
int refs_in_skip(const struct refs *r, size_t off);
/* Index of the first non-blank byte of s[i..n). */
size_t skip_ws_(const char *s, size_t n, size_t i);

/* ASCII case-insensitive strncmp. */
int strncasecmp_ascii(const char *a, const char *b, size_t n);

#endif
