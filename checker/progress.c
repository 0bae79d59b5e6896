/*
 * progress.c - the progress bar. Redraws are rate limited because a
 * terminal that receives thousands of lines a second slows the run it
 * reports on.
 */
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_INTERVAL 0.1

struct progress {
	char *title;
	uint64_t done, total;
	double start, last_draw;
	int fd, width, drawn;
	double (*now)(void);
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t progress_format(char *buf, size_t n, const char *title, uint64_t done,
		       uint64_t total, double elapsed, int width)
{
	char tail[96], rate[32];
	size_t len = 0, tl, room;
	double r = elapsed > 0 ? (double)done / elapsed : 0;

	if (!n)
		return 0;
	buf[0] = '\0';
	if (width < 20)
		width = 20;
	if ((size_t)width >= n)
		width = (int)n - 1;
	if (r >= 100)
		snprintf(rate, sizeof(rate), "%.0f/s", r);
	else
		snprintf(rate, sizeof(rate), "%.1f/s", r);
	if (total)
		snprintf(tail, sizeof(tail), " %llu/%llu %3u%% %s", (unsigned long long)done,
			 (unsigned long long)total,
			 (unsigned)(done >= total ? 100 : done * 100 / total), rate);
	else
		snprintf(tail, sizeof(tail), " %llu %s", (unsigned long long)done, rate);
	tl = strlen(tail);
	len = (size_t)snprintf(buf, n, "%.*s", width - (int)(tl < (size_t)width ? tl : (size_t)width),
			       title ? title : "");
	room = (size_t)width > tl + len ? (size_t)width - tl - len : 0;
	/* a bar when the total is known and there is room for a useful one */
	if (total && room >= 12 && len + room < n) {
		size_t bar = room - 3 < 40 ? room - 3 : 40, fill, i;
		fill = done >= total ? bar : (size_t)(done * bar / total);
		buf[len++] = ' ';
		buf[len++] = '[';
		for (i = 0; i < bar; i++)
			buf[len++] = i < fill ? '#' : '.';
		buf[len++] = ']';
		buf[len] = '\0';
	}
	if (len + tl < n) {
		memcpy(buf + len, tail, tl + 1);
		len += tl;
	}
	return len;
}

static void draw(struct progress *p)
{
	char line[512];
	size_t len = progress_format(line, sizeof(line) - 8, p->title, p->done, p->total,
				     p->now() - p->start, p->width);
	char out[540];
	int m = snprintf(out, sizeof(out), "\r%s\033[K", line);
	(void)len;
	if (m > 0 && write(p->fd, out, (size_t)m) < 0)
		p->fd = -1;     /* the terminal went away: stop drawing */
	p->drawn = 1;
}

struct progress *progress_start_opts(const char *title, uint64_t total,
				     const struct progress_opts *opts)
{
	struct progress *p;
	int fd = opts && opts->fd >= 0 ? opts->fd : 2;
	int tty = opts && opts->is_tty >= 0 ? opts->is_tty : isatty(fd);
	const char *cols;

	if (!tty)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->title = xstrdup(title ? title : "");
	p->total = total;
	p->fd = fd;
	p->now = opts && opts->now ? opts->now : mono_now;
	p->width = opts && opts->width > 0 ? opts->width : 0;
	if (!p->width) {
		cols = getenv("COLUMNS");
		p->width = cols && atoi(cols) > 20 && atoi(cols) < 500 ? atoi(cols) - 1 : 79;
	}
	p->start = p->now();
	p->last_draw = -1;
	return p;
}

struct progress *progress_start(const char *title, uint64_t total)
{
	struct progress_opts o = { 2, -1, NULL, 0 };
	return progress_start_opts(title, total, &o);
}

void progress_update(struct progress *p, uint64_t done)
{
	double t;
	if (!p)
		return;
	p->done = done;
	t = p->now();
	if (p->fd < 0 || (p->last_draw >= 0 && t - p->last_draw < REDRAW_INTERVAL))
		return;
	p->last_draw = t;
	draw(p);
}

void progress_set_total(struct progress *p, uint64_t total)
{
	if (p)
		p->total = total;
}

void progress_finish(struct progress *p)
{
	if (!p)
		return;
	if (p->fd >= 0) {
		draw(p);
		if (write(p->fd, "\n", 1) < 0)
			p->fd = -1;
	}
	free(p->title);
	free(p);
}
