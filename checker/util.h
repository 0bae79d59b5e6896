/*
 * util.h - allocation helpers and small growable-array macros.
 *
 * Allocation failure is fatal (as in git): x*alloc() print
 * "provcheck: out of memory" and exit(3). Everything else in the
 * library reports errors through its module's result enum.
 */
#ifndef PROVCHECK_UTIL_H
#define PROVCHECK_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a NUL-terminated copy of s[0..n); caller frees. */
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

/* Grow array x (of nr used, alloc allocated) to hold at least n items. */
#define ALLOC_GROW(x, n, alloc) do { \
		if ((size_t)(n) > (size_t)(alloc)) { \
			size_t na_ = (size_t)(alloc) ? (size_t)(alloc) * 2 : 16; \
			if (na_ < (size_t)(n)) na_ = (size_t)(n); \
			(x) = xrealloc((x), na_ * sizeof(*(x))); \
			(alloc) = na_; \
		} \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII-only character classes (locale independent). */
static inline int ch_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int ch_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int ch_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int ch_isalpha(int c) { return ch_isupper(c) || ch_islower(c); }
static inline int ch_isalnum(int c) { return ch_isalpha(c) || ch_isdigit(c); }
static inline int ch_isspace(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static inline int ch_tolower(int c) { return ch_isupper(c) ? c + 32 : c; }

/* Case-insensitive ASCII comparison of a[0..n) with NUL-terminated b. */
int mem_ieq(const char *a, size_t n, const char *b);
/* Find needle (nlen bytes) in hay (hlen bytes); NULL if absent. */
const char *mem_find(const char *hay, size_t hlen, const char *needle, size_t nlen);
/*
 * Index of the first line end in s[i..len): a '\n', or a '\r' not
 * followed by '\n' (a CRLF pair ends at its '\n'); len if there is none.
 */
size_t mem_line_end(const char *s, size_t len, size_t i);

/* 64-bit FNV-1a, for hash tables (not for content identity). */
uint64_t hash_fnv1a(const void *p, size_t n);

#endif
