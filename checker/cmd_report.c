/*
 * cmd_report.c - 'provcheck report': renders the stored findings of the
 * latest run (or run N) as text, md, html, json or junit, marking what
 * is new and what was fixed since the previous run; '--linkrot' renders
 * the link-rot report instead, quiet when nothing changed so that it
 * can run from cron; '--demo' renders a built-in demo corpus.
 */
#include "cli.h"
#include "buf.h"
#include "report.h"
#include "srcmap.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The largest report written (a hard cap; the findings are bounded too). */
#define REPORT_MAX (512u << 20)
/* Source files read to quote their lines in the text format. */
#define SOURCE_MAX (64u << 20)

enum { OPT_LINKROT = 1, OPT_RUN, OPT_DEMO };

static const struct cli_option report_opts[] = {
	{ "linkrot", 0, 0, OPT_LINKROT, "link rot since the previous run: newly broken, recovered, still broken" },
	{ "run", 0, 1, OPT_RUN, "report run N instead of the latest" },
	{ "demo", 0, 0, OPT_DEMO, "render a built-in demo corpus (no store needed)" },
	{ NULL, 0, 0, 0, NULL }
};

struct report_args {
	int linkrot, demo;
	long long run;
};

static int on_opt(void *ud, int id, const char *arg)
{
	struct report_args *a = ud;
	char *end = NULL;
	switch (id) {
	case OPT_LINKROT: a->linkrot = 1; break;
	case OPT_DEMO: a->demo = 1; break;
	case OPT_RUN:
		errno = 0;
		a->run = strtoll(arg, &end, 10);
		if (errno || !*arg || *end || a->run <= 0) {
			cli_error("--run takes a positive run number, not '%s'", arg);
			return EXIT_USAGE;
		}
		break;
	}
	return 0;
}

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

/*
 * The findings of run N (or of the last completed run, preferring
 * 'check' runs), the previous run of the same command for new/fixed,
 * and the stored documents.
 */
static int load_store(struct cli_ctx *ctx, const struct report_args *a, struct report *rep,
		      struct findings *cur, struct findings *prev)
{
	struct store *st = NULL;
	struct strbuf err = STRBUF_INIT;
	struct store_doc_info *docs = NULL;
	size_t nr_docs = 0, i;
	int64_t run = a->run, prev_run = 0;
	const char *command = "check";
	enum store_result sr;
	int r = EXIT_USAGE;

	sr = store_open_readonly(ctx->db_path, &st, &err);
	if (sr != STORE_OK) {
		cli_error("cannot read '%s': %s", ctx->db_path, err.len ? err.buf : store_strerror(sr));
		goto cleanup;
	}
	if (!run) {
		sr = store_run_last(st, command, &run);
		if (sr == STORE_ERR_NOTFOUND) {
			command = NULL;
			sr = store_run_last(st, NULL, &run);
		}
		if (sr == STORE_ERR_NOTFOUND) {
			cli_error("cannot report: '%s' has no completed run yet", ctx->db_path);
			goto cleanup;
		}
		if (sr != STORE_OK)
			goto store_error;
	}
	sr = store_findings_get(st, run, NULL, cur);
	if (sr != STORE_OK)
		goto store_error;
	if (command) {
		sr = store_run_previous(st, run, command, &prev_run);
		if (sr == STORE_OK) {
			sr = store_findings_get(st, prev_run, NULL, prev);
			if (sr != STORE_OK)
				goto store_error;
			rep->previous = prev;
			rep->prev_run_id = prev_run;
		} else if (sr != STORE_ERR_NOTFOUND) {
			goto store_error;
		}
	}
	sr = store_docs_list(st, &docs, &nr_docs);
	if (sr != STORE_OK)
		goto store_error;
	for (i = 0; i < nr_docs; i++)
		report_add_doc(rep, docs[i].path, docs[i].format, docs[i].size);
	rep->run_id = run;
	rep->time = time(NULL);
	rep->findings = cur;
	r = 0;
	goto cleanup;
store_error:
	cli_error("cannot read '%s': %s", ctx->db_path, store_errmsg(st));
cleanup:
	store_doc_info_free(docs, nr_docs);
	if (st)
		store_close(st);
	strbuf_release(&err);
	return r;
}

/* Link rot as findings, so that --fail-on applies: newly broken is an error. */
static int linkrot_exit(const struct cli_ctx *ctx, const struct linkrot *lr)
{
	size_t i;
	if (ctx->fail_never)
		return EXIT_CLEAN;
	for (i = 0; i < lr->nr; i++) {
		enum severity s = lr->v[i].change == LINKROT_NEW_BROKEN ? SEV_ERROR
				: lr->v[i].change == LINKROT_STILL_BROKEN ? SEV_WARNING : SEV_INFO;
		if (s >= ctx->fail_on)
			return EXIT_FINDINGS;
	}
	return EXIT_CLEAN;
}

static int write_out(struct cli_ctx *ctx, const struct strbuf *sb)
{
	if (cli_open_output(ctx))
		return EXIT_USAGE;
	if (fwrite(sb->buf, 1, sb->len, ctx->out) != sb->len || fflush(ctx->out)) {
		cli_error("cannot write '%s': %s", ctx->output ? ctx->output : "standard output",
			  strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct report_args a = { 0, 0, 0 };
	struct report rep;
	struct findings cur, prev;
	struct linkrot lr;
	struct source_cache sc = { NULL, NULL, 0, { NULL, 0, 0, NULL, 0 }, 0 };
	struct strbuf out = STRBUF_INIT;
	enum report_format fmt = REPORT_TEXT;
	enum report_result rr;
	char **args = NULL;
	int nargs = 0, r, to_tty;

	report_init(&rep);
	findings_init(&cur);
	findings_init(&prev);
	linkrot_init(&lr);
	strbuf_init(&out, REPORT_MAX);

	r = cli_parse(&ctx, argc, argv, report_opts, on_opt, &a, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck report [--format text|json|md|html|junit] [-o FILE] [--linkrot] [--run N]\n\n"
		       "Renders the findings of the latest run (or run N) from the store, marking\n"
		       "what is new and what was fixed since the run before. With --linkrot, the\n"
		       "link rot since the previous run; prints nothing and exits 0 when nothing\n"
		       "changed, so that it can run from cron.\n\n");
		cli_usage_options(stdout, report_opts);
		cli_usage_common(stdout);
		r = 0;
		goto cleanup;
	}
	if (r)
		goto cleanup;
	if (nargs) {
		cli_error("'report' takes no paths; it reads the store ('%s')", ctx.db_path);
		r = EXIT_USAGE;
		goto cleanup;
	}
	if (report_format_parse(ctx.format, &fmt) < 0) {
		cli_error("unknown format '%s' (text, json, md, html or junit)", ctx.format);
		r = EXIT_USAGE;
		goto cleanup;
	}

	if (a.demo) {
		report_demo(&rep, &cur, &prev, &lr);
		if (!a.linkrot)
			rep.linkrot = NULL;
	} else {
		r = load_store(&ctx, &a, &rep, &cur, &prev);
		if (r)
			goto cleanup;
		if (a.linkrot) {
			/* the link history tables are not in the store yet */
			cli_error("cannot read '%s': it holds no link-check history yet", ctx.db_path);
			r = EXIT_USAGE;
			goto cleanup;
		}
	}
	rep.linkrot_only = a.linkrot;
	rep.opts.fail_on = ctx.fail_on;
	rep.opts.fail_never = ctx.fail_never;

	if (a.linkrot && linkrot_unchanged(&lr)) {
		/* cron: no news is no mail */
		r = EXIT_CLEAN;
		goto cleanup;
	}

	to_tty = !ctx.output || !strcmp(ctx.output, "-") ? isatty(STDOUT_FILENO) : 0;
	rep.opts.color = fmt == REPORT_TEXT &&
			 report_use_color(ctx.cfg.color, to_tty, getenv("NO_COLOR"));
	if (fmt == REPORT_TEXT) {
		rep.opts.source_line = source_line;
		rep.opts.source_ud = &sc;
	}
	rr = report_render(&rep, fmt, &out);
	if (rr != REPORT_OK) {
		cli_error("cannot render the report: %s", report_strerror(rr));
		r = EXIT_USAGE;
		goto cleanup;
	}
	if (!ctx.quiet || ctx.output) {
		r = write_out(&ctx, &out);
		if (r)
			goto cleanup;
	}
	r = a.linkrot ? linkrot_exit(&ctx, &lr) : cli_exit_code(&ctx, &cur);

cleanup:
	source_cache_release(&sc);
	strbuf_release(&out);
	report_release(&rep);
	findings_release(&cur);
	findings_release(&prev);
	linkrot_release(&lr);
	free(args);
	cli_release(&ctx);
	return r;
}
