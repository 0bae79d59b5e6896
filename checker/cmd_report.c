/*
 * cmd_report.c - 'provcheck report': renders the stored findings of the
 * latest run (or run N) as text, md, html, json or junit, marking what
 * is new and what was fixed since the previous run; '--linkrot' renders
 * the link-rot report instead, quiet when nothing changed so that it
 * can run from cron; '--demo' renders a built-in demo corpus.
 */
#include "cli.h"
#include "buf.h"
#include "links_report.h"
#include "render.h"
#include "report.h"
#include "srcmap.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


enum { OPT_LINKROT = 1, OPT_RUN, OPT_DEMO, OPT_MAX_PER_KIND };

static const struct cli_option report_opts[] = {
	{ "linkrot", 0, 0, OPT_LINKROT, "link rot since the previous run: newly broken, recovered, still broken" },
	{ "run", 0, 1, OPT_RUN, "report run N instead of the latest" },
	{ "demo", 0, 0, OPT_DEMO, "render a built-in demo corpus (no store needed)" },
	{ "max-per-kind", 0, 1, OPT_MAX_PER_KIND, "findings of a kind listed per document in text, md, html (default 10; 0: all)" },
	{ NULL, 0, 0, 0, NULL }
};

struct report_args {
	int linkrot, demo;
	long long run;
	int max_per_kind_set;           /* --max-per-kind given: it overrides [report] */
	size_t max_per_kind;
};

static int on_opt(void *ud, int id, const char *arg)
{
	struct report_args *a = ud;
	char *end = NULL;
	switch (id) {
	case OPT_LINKROT: a->linkrot = 1; break;
	case OPT_DEMO: a->demo = 1; break;
	case OPT_MAX_PER_KIND:
		a->max_per_kind_set = 1;
		return cli_parse_count("max-per-kind", arg, CLI_COUNT_MAX, &a->max_per_kind);
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
			sr = store_findings_get_since(st, prev_run, cur, prev);
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

/*
 * The link rot of the latest run that judged links (or of run N) from
 * the store's link history, for rendering alone.
 */
static int load_linkrot(struct cli_ctx *ctx, const struct report_args *a, struct report *rep,
			struct linkrot *lr)
{
	struct store *st = NULL;
	struct strbuf err = STRBUF_INIT;
	enum store_result sr;
	enum links_result r;
	int ret = EXIT_USAGE;

	sr = store_open_readonly(ctx->db_path, &st, &err);
	if (sr != STORE_OK) {
		cli_error("cannot read '%s': %s", ctx->db_path, err.len ? err.buf : store_strerror(sr));
		goto cleanup;
	}
	r = links_linkrot_load(st, a->run, LINKS_TREND_RUNS, lr);
	if (r == LINKS_ERR_NO_HISTORY) {
		cli_error("cannot report link rot: '%s' holds no link check yet; "
			  "run 'provcheck check' or 'provcheck links' first", ctx->db_path);
		goto cleanup;
	}
	if (r != LINKS_OK) {
		cli_error("cannot read '%s': %s", ctx->db_path, store_errmsg(st));
		goto cleanup;
	}
	rep->run_id = lr->run_id;
	rep->prev_run_id = lr->prev_run_id;
	rep->time = lr->time;
	rep->linkrot = lr;
	ret = 0;
cleanup:
	store_close(st);
	strbuf_release(&err);
	return ret;
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

int cmd_report(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct report_args a = { 0, 0, 0, 0, 0 };
	struct report rep;
	struct findings cur, prev;
	struct linkrot lr;
	enum report_format fmt = REPORT_TEXT;
	char **args = NULL;
	int nargs = 0, r;

	report_init(&rep);
	findings_init(&cur);
	findings_init(&prev);
	linkrot_init(&lr);

	r = cli_parse(&ctx, argc, argv, report_opts, on_opt, &a, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck report [--format text|json|md|html|junit] [-o FILE] [--linkrot] [--run N]\n\n"
		       "Renders the findings of the latest run (or run N) from the store, marking\n"
		       "what is new and what was fixed since the run before. With --linkrot, the\n"
		       "link rot since the previous run that checked links: newly broken (an error\n"
		       "for --fail-on), still broken (a warning), recovered (info), with a trend;\n"
		       "prints nothing and exits 0 when nothing changed, so that it can run from cron.\n"
		       "Text, md and html list at most 10 findings of a kind per document and count\n"
		       "the rest (--max-per-kind N, [report] max_per_kind; 0 lists them all); json\n"
		       "and junit list every finding.\n\n");
		cli_usage_options(stdout, report_opts);
		cli_usage_common(stdout);
		r = 0;
		goto cleanup;
	}
	if (r)
		goto cleanup;
	if (a.max_per_kind_set)
		ctx.cfg.report_max_per_kind = a.max_per_kind;
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
	} else if (a.linkrot) {
		r = load_linkrot(&ctx, &a, &rep, &lr);
		if (r)
			goto cleanup;
	} else {
		r = load_store(&ctx, &a, &rep, &cur, &prev);
		if (r)
			goto cleanup;
	}
	rep.linkrot_only = a.linkrot;

	if (a.linkrot && linkrot_unchanged(&lr)) {
		/* cron: no news is no mail */
		r = EXIT_CLEAN;
		goto cleanup;
	}

	r = render_report(&ctx, &rep);
	if (r)
		goto cleanup;
	r = a.linkrot ? linkrot_exit(&ctx, &lr) : cli_exit_code(&ctx, &cur);

cleanup:
	report_release(&rep);
	findings_release(&cur);
	findings_release(&prev);
	linkrot_release(&lr);
	free(args);
	cli_release(&ctx);
	return r;
}
