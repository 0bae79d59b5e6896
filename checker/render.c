/*
 * render.c - writing a report for a command (see render.h).
 */
#include "render.h"
#include "cli.h"
#include "buf.h"
#include "report.h"
#include "srcmap.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Source files read to quote their lines in the text format. */
#define SOURCE_MAX (64u << 20)

/*
 * Source lines for the text format, read from the files as they are
 * now; text.c checks that the quote still stands where the finding
 * says before it shows the line.
 */
struct source_cache {
	char *path;
	char *data;
	size_t len;
	struct lineidx li;
	int ok;
};

static const char *source_line(void *ud, const char *doc, size_t line, size_t *len)
{
	struct source_cache *c = ud;
	struct strbuf sb = STRBUF_INIT;
	FILE *fp = NULL;
	char buf[8192];
	size_t n;

	if (!c->path || strcmp(c->path, doc)) {
		free(c->path);
		free(c->data);
		if (c->ok)
			lineidx_release(&c->li);
		c->path = xstrdup(doc);
		c->data = NULL;
		c->ok = 0;
		strbuf_init(&sb, SOURCE_MAX);
		fp = fopen(doc, "rb");
		if (!fp)
			goto cleanup;
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			if (strbuf_add(&sb, buf, n) < 0)
				goto cleanup;
		if (ferror(fp))
			goto cleanup;
		c->data = strbuf_detach(&sb, &c->len);
		lineidx_init(&c->li, c->data, c->len);
		c->ok = 1;
	}
cleanup:
	if (fp)
		fclose(fp);
	strbuf_release(&sb);
	if (!c->ok || !line || line > c->li.nr)
		return NULL;
	return lineidx_line(&c->li, c->li.start[line - 1], len);
}

static void source_cache_release(struct source_cache *c)
{
	free(c->path);
	free(c->data);
	if (c->ok)
		lineidx_release(&c->li);
	memset(c, 0, sizeof(*c));
}

static int write_out(struct cli_ctx *ctx, const struct strbuf *sb, int opened)
{
	if (!opened && cli_open_output(ctx))
		return EXIT_USAGE;
	if (fwrite(sb->buf, 1, sb->len, ctx->out) != sb->len || fflush(ctx->out)) {
		cli_error("cannot write '%s': %s", ctx->output ? ctx->output : "standard output",
			  strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * The report's pieces as they are rendered: the whole report of a large
 * archive (a gigabyte of JSON) is never in memory. Nothing is written
 * under --quiet without -o, but the report is still rendered, for the
 * same errors.
 */
struct sink {
	struct cli_ctx *ctx;
	int write;
	int opened;
};

static int sink_write(void *ud, const char *buf, size_t n)
{
	struct sink *k = ud;
	struct cli_ctx *ctx = k->ctx;
	if (!k->write)
		return 0;
	if (!k->opened) {
		if (cli_open_output(ctx))
			return -1;
		k->opened = 1;
	}
	if (fwrite(buf, 1, n, ctx->out) != n) {
		cli_error("cannot write '%s': %s", ctx->output ? ctx->output : "standard output",
			  strerror(errno));
		return -1;
	}
	return 0;
}

int render_report(struct cli_ctx *ctx, struct report *rep)
{
	struct source_cache sc;
	struct sink sk = { ctx, 0, 0 };
	struct strbuf out;
	enum report_format fmt = REPORT_TEXT;
	enum report_result rr;
	int r = 0, to_tty;

	memset(&sc, 0, sizeof(sc));
	strbuf_init(&out, RENDER_MAX);
	if (report_format_parse(ctx->format, &fmt) < 0) {
		cli_error("unknown format '%s' (text, json, md, html or junit)", ctx->format);
		r = EXIT_USAGE;
		goto cleanup;
	}
	to_tty = !ctx->output || !strcmp(ctx->output, "-") ? isatty(STDOUT_FILENO) : 0;
	rep->opts.color = fmt == REPORT_TEXT &&
			  report_use_color(ctx->cfg.color, to_tty, getenv("NO_COLOR"));
	/* [report] max_per_kind (or --max-per-kind); 0 there means every finding */
	rep->opts.max_per_kind = ctx->cfg.report_max_per_kind ? ctx->cfg.report_max_per_kind : SIZE_MAX;
	rep->opts.fail_on = ctx->fail_on;
	rep->opts.fail_never = ctx->fail_never;
	if (fmt == REPORT_TEXT) {
		rep->opts.source_line = source_line;
		rep->opts.source_ud = &sc;
	}
	sk.write = !ctx->quiet || ctx->output;
	rep->opts.sink = sink_write;
	rep->opts.sink_ud = &sk;
	rr = report_render(rep, fmt, &out);
	if (rr == REPORT_ERR_SINK) {
		/* sink_write() said why */
		r = EXIT_USAGE;
		goto cleanup;
	}
	if (rr != REPORT_OK) {
		cli_error("cannot render the report: %s", report_strerror(rr));
		r = EXIT_USAGE;
		goto cleanup;
	}
	if (sk.write)
		r = write_out(ctx, &out, sk.opened);
cleanup:
	rep->opts.sink = NULL;
	rep->opts.sink_ud = NULL;
	source_cache_release(&sc);
	strbuf_release(&out);
	return r;
}
