/*
 * buf.h - growable byte buffer with a hard cap (git's strbuf, bounded).
 *
 * A strbuf always holds a NUL-terminated string in buf[0..len].
 * strbuf_init() gives an empty buffer that allocates nothing;
 * strbuf_release() frees the memory and leaves it re-initialized.
 * A buffer with cap != 0 refuses to grow past cap bytes: the adding
 * functions then return -1 and leave the buffer unchanged.
 */
#ifndef PROVCHECK_BUF_H
#define PROVCHECK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;     /* 0: unbounded */
};

#define STRBUF_INIT { strbuf_empty, 0, 0, 0 }
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb, size_t cap);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and re-initializes sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
int strbuf_grow(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t n);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void strbuf_setlen(struct strbuf *sb, size_t len);

/* JSON string literal of s[0..n) (quotes included), invalid UTF-8 as U+FFFD. */
int strbuf_add_json_str(struct strbuf *sb, const char *s, size_t n);

#endif
