/*
 * fmt.h - bounded formatting into a fixed buffer, without stdio.
 *
 * The scanners format a value for every match (a date's "2016-01-11",
 * a figure's "USD 18000000") and snprintf() costs about a thousand
 * instructions a call, a few percent of a whole scan. These append
 * strings and zero-padded integers and truncate as snprintf() does:
 * the buffer always holds a NUL-terminated prefix of the full text.
 *
 *	struct fmtbuf f;
 *	fmt_init(&f, buf, sizeof(buf));
 *	fmt_str(&f, y, ylen);
 *	fmt_int(&f, month, 2);		(as "%02d")
 */
#ifndef PROVCHECK_FMT_H
#define PROVCHECK_FMT_H

#include <stddef.h>
#include <string.h>

struct fmtbuf {
	char *buf;      /* borrowed, size bytes */
	size_t size;
	size_t len;     /* bytes written, NUL excluded (at most size - 1) */
};

/* size must be at least 1. */
static inline void fmt_init(struct fmtbuf *f, char *buf, size_t size)
{
	f->buf = buf;
	f->size = size;
	f->len = 0;
	buf[0] = '\0';
}

/* Appends s[0..n), as much as fits. */
static inline void fmt_mem(struct fmtbuf *f, const char *s, size_t n)
{
	size_t room = f->size - 1 - f->len;
	if (n > room)
		n = room;
	memcpy(f->buf + f->len, s, n);
	f->len += n;
	f->buf[f->len] = '\0';
}

static inline void fmt_str(struct fmtbuf *f, const char *s)
{
	fmt_mem(f, s, strlen(s));
}

/* Appends v as printf's "%0*ld" with the given width. */
void fmt_int(struct fmtbuf *f, long v, int width);

/* Appends v as printf's "%.0f" for a v with no fraction, |v| < 1e15. */
void fmt_whole(struct fmtbuf *f, double v);

#endif
