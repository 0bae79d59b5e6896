/* memmem() is a GNU extension in glibc's headers (and standard on the BSDs). */
#define _GNU_SOURCE
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(void)
{
	fputs("provcheck: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

int mem_ieq(const char *a, size_t n, const char *b)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (!b[i] || ch_tolower((unsigned char)a[i]) != ch_tolower((unsigned char)b[i]))
			return 0;
	}
	return b[n] == '\0';
}

const char *mem_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (!nlen)
		return hay;
	if (nlen > hlen)
		return NULL;
	/*
	 * glibc's memmem (two-way, with a vectorized first-byte search) is
	 * linear in the worst case and many times faster than a byte loop
	 * on the long texts format detection counts markers in.
	 */
	return memmem(hay, hlen, needle, nlen);
}

size_t mem_line_end(const char *s, size_t len, size_t i)
{
	const char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
	size_t e = nl ? (size_t)(nl - s) : len;
	/* a '\r' before the first '\n' ends the line unless the '\n' follows it */
	const char *cr = e > i ? memchr(s + i, '\r', e - i) : NULL;
	if (cr && !((size_t)(cr - s) + 1 == e && e < len))
		return (size_t)(cr - s);
	return e;
}

uint64_t hash_fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}
