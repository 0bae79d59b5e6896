/*
 * fmt.c - bounded formatting without stdio (see fmt.h).
 */
#include "fmt.h"

#include <math.h>

/* Appends the decimal digits of u, zero-padded to at least width. */
static void put_digits(struct fmtbuf *f, unsigned long long u, int width)
{
	char d[24];     /* 20 digits for 2^64 - 1 */
	size_t n = 0;

	/* the bound in both loops is for the compiler: 20 digits at most */
	do {
		d[sizeof(d) - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < sizeof(d));
	while ((int)n < width && n < sizeof(d))
		d[sizeof(d) - 1 - n++] = '0';
	fmt_mem(f, d + sizeof(d) - n, n);
}

void fmt_int(struct fmtbuf *f, long v, int width)
{
	unsigned long long u = (unsigned long long)v;

	if (v < 0) {
		/* printf counts the sign in the width */
		fmt_mem(f, "-", 1);
		u = 0ULL - u;
		width--;
	}
	put_digits(f, u, width);
}

void fmt_whole(struct fmtbuf *f, double v)
{
	if (signbit(v)) {
		fmt_mem(f, "-", 1);     /* "%.0f" of -0.0 is "-0" */
		v = -v;
	}
	put_digits(f, (unsigned long long)v, 1);
}
