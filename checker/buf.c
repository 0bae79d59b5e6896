#include "buf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t cap)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
}

void strbuf_release(struct strbuf *sb)
{
	size_t cap = sb->cap;
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, cap);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *r;
	if (len)
		*len = sb->len;
	if (!sb->alloc)
		r = xstrndup("", 0);
	else
		r = sb->buf;
	strbuf_init(sb, sb->cap);
	return r;
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	if (len > sb->len)
		len = sb->len;
	sb->len = len;
	sb->buf[len] = '\0';
}

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need;
	if (extra > SIZE_MAX / 2 - sb->len)
		return -1;
	need = sb->len + extra + 1;
	if (sb->cap && sb->len + extra > sb->cap)
		return -1;
	if (need > sb->alloc) {
		size_t na = sb->alloc ? sb->alloc : 64;
		while (na < need)
			na *= 2;
		if (!sb->alloc) {
			sb->buf = xmalloc(na);
			sb->buf[0] = '\0';
		} else {
			sb->buf = xrealloc(sb->buf, na);
		}
		sb->alloc = na;
	}
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	/*
	 * Room for the bytes and the NUL, within the cap: the common case
	 * (a hundred thousand calls per megabyte scanned) skips
	 * strbuf_grow()'s checks, as strbuf_addch() does.
	 */
	if (n < sb->alloc - sb->len && (!sb->cap || n <= sb->cap - sb->len)) {
		if (n)
			memcpy(sb->buf + sb->len, data, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	if (strbuf_grow(sb, n) < 0)
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	/*
	 * Room for the byte and its NUL, within the cap: the common case of
	 * the decoders' byte loops, without strbuf_grow()'s checks.
	 */
	if (sb->len + 1 < sb->alloc && (!sb->cap || sb->len < sb->cap)) {
		sb->buf[sb->len++] = ch;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || strbuf_grow(sb, (size_t)n) < 0)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

#include "utf8.h"

int strbuf_add_json_str(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	if (strbuf_addch(sb, '"') < 0)
		return -1;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int r = 0;
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			/* a run of plain ASCII in one copy: reports and the store write megabytes */
			size_t j = i + 1;
			while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f &&
			       s[j] != '"' && s[j] != '\\')
				j++;
			r = strbuf_add(sb, s + i, j - i);
			i = j;
		} else if (c < 0x80) {
			switch (c) {
			case '"': r = strbuf_add(sb, "\\\"", 2); break;
			case '\\': r = strbuf_add(sb, "\\\\", 2); break;
			case '\n': r = strbuf_add(sb, "\\n", 2); break;
			case '\r': r = strbuf_add(sb, "\\r", 2); break;
			case '\t': r = strbuf_add(sb, "\\t", 2); break;
			default:
				if (c < 0x20 || c == 0x7f) {
					char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
					r = strbuf_add(sb, e, 6);
				} else {
					r = strbuf_addch(sb, c);
				}
			}
			i++;
		} else {
			size_t l = utf8_valid_prefix_len(s + i, n - i);
			if (l) {
				/* U+2028/2029 break JavaScript; escape them. */
				if (l == 3 && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
				    ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9))
					r = strbuf_addstr(sb, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
				else
					r = strbuf_add(sb, s + i, l);
				i += l;
			} else {
				r = strbuf_add(sb, "\xef\xbf\xbd", 3);
				i++;
			}
		}
		if (r < 0)
			return -1;
	}
	return strbuf_addch(sb, '"');
}
