/*
 * cmd_links.c - 'provcheck links': every URL of the documents checked
 * over HTTP, repaired when it can be, with its history and an archived
 * copy for the dead ones.
 */
#include "cli.h"
#include "buf.h"
#include "doc.h"
#include "links.h"
#include "links_report.h"
#include "progress.h"
#include "refs.h"
#include "store.h"
#include "urls.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_SINCE_LAST = 1, OPT_NO_REPAIR };

static const struct cli_option links_opts[] = {
	{ "since-last", 0, 0, OPT_SINCE_LAST, "report what changed since the previous run: newly broken, recovered, still broken" },
	{ "no-repair", 0, 0, OPT_NO_REPAIR, "do not try repaired spellings of failed URLs" },
	{ NULL, 0, 0, 0, NULL }
};

struct links_cmd {
	int since_last;
	int no_repair;
	struct progress *progress;
	int progress_tried;
	uint64_t progress_total;
};

static int on_option(void *ud, int id, const char *arg)
{
	struct links_cmd *c = ud;
	(void)arg;
	if (id == OPT_SINCE_LAST)
		c->since_last = 1;
	else if (id == OPT_NO_REPAIR)
		c->no_repair = 1;
	return 0;
}

/* The shared progress bar (drawn only on a terminal): URLs checked of the run's total. */
static void on_progress(void *ud, size_t done, size_t total)
{
	struct links_cmd *c = ud;
	if (!c->progress_tried) {
		c->progress_tried = 1;
		c->progress = progress_start("checking links", total);
		c->progress_total = total;
	}
	if (c->progress_total != total) {
		/* the second run: repair candidates */
		progress_set_total(c->progress, total);
		c->progress_total = total;
	}
	progress_update(c->progress, done);
}

static void usage(void)
{
	printf("usage: provcheck links [options] [PATHS...]\n\n"
	       "Checks every URL of the documents over HTTP (HEAD, then GET when needed),\n"
	       "follows and records redirects, retries transient failures, spots soft 404s\n"
	       "and missing #fragments, suggests repaired URLs and archived copies, and keeps\n"
	       "the history in the store: a link is dead after [links] dead_after_checks\n"
	       "failed checks dead_after_days apart. Without PATHS, the store's URLs.\n\n");
	cli_usage_options(stdout, links_opts);
	cli_usage_common(stdout);
}

struct counts {
	size_t n[LINK_UNCHECKED + 1];
};

static void print_summary(FILE *fp, const struct links_report *rep, const struct counts *c)
{
	size_t v, first = 1;
	fprintf(fp, "%zu url%s", rep->nr, rep->nr == 1 ? "" : "s");
	for (v = 0; v <= LINK_UNCHECKED; v++) {
		if (!c->n[v])
			continue;
		fprintf(fp, "%s %zu %s", first ? ":" : ",", c->n[v], link_verdict_name((enum link_verdict)v));
		first = 0;
	}
	if (rep->repaired)
		fprintf(fp, "; %zu repaired", rep->repaired);
	if (rep->reused)
		fprintf(fp, "; %zu from the last %s", rep->reused, "check (ttl)");
	fputc('\n', fp);
}

static void print_since_last(FILE *fp, const struct links_report *rep)
{
	static const char *const heads[] = { "newly broken", "recovered", "still broken" };
	int sect;
	for (sect = 0; sect < 3; sect++) {
		size_t i, shown = 0;
		for (i = 0; i < rep->nr; i++) {
			const struct links_entry *e = &rep->v[i];
			int bad = e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD;
			int was_bad = e->prev_state == LINK_STATE_FAILING || e->prev_state == LINK_STATE_DEAD;
			int in = sect == 0 ? bad && !was_bad : sect == 1 ? !bad && was_bad &&
				 e->state == LINK_STATE_OK : bad && was_bad;
			if (!in)
				continue;
			if (!shown++)
				fprintf(fp, "%s:\n", heads[sect]);
			fprintf(fp, "  %s (%s", e->item->url, link_state_name(e->state));
			if (sect != 1)
				fprintf(fp, ", %ld day%s broken", e->days_broken, e->days_broken == 1 ? "" : "s");
			fprintf(fp, ")%s%s\n", e->error && sect != 1 ? ": " : "", e->error && sect != 1 ? e->error : "");
		}
	}
}

static void since_last_json(struct strbuf *out, const struct links_report *rep)
{
	static const char *const keys[] = { "newly_broken", "recovered", "still_broken" };
	int sect;
	strbuf_addstr(out, "{");
	for (sect = 0; sect < 3; sect++) {
		size_t i, n = 0;
		strbuf_addf(out, "%s\"%s\": [", sect ? ", " : "", keys[sect]);
		for (i = 0; i < rep->nr; i++) {
			const struct links_entry *e = &rep->v[i];
			int bad = e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD;
			int was_bad = e->prev_state == LINK_STATE_FAILING || e->prev_state == LINK_STATE_DEAD;
			int in = sect == 0 ? bad && !was_bad : sect == 1 ? !bad && was_bad &&
				 e->state == LINK_STATE_OK : bad && was_bad;
			if (!in)
				continue;
			strbuf_addstr(out, n++ ? ", {\"url\": " : "{\"url\": ");
			strbuf_add_json_str(out, e->item->url, strlen(e->item->url));
			strbuf_addf(out, ", \"state\": \"%s\", \"days_broken\": %ld}",
				    link_state_name(e->state), e->days_broken);
		}
		strbuf_addstr(out, "]");
	}
	strbuf_addstr(out, "}");
}

int cmd_links(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct links_cmd c;
	char **args = NULL, **files = NULL;
	int nargs = 0, r;
	size_t nfiles = 0, ndocs = 0, i;
	struct doc **docs = NULL;
	struct url_list urls;
	struct vocab *vocab = NULL;
	struct links_opts o;
	struct refs_options ropts;
	struct links_report rep;
	struct findings f;
	struct counts cnt;
	enum links_result lr;
	struct store *st = NULL;
	struct strbuf msg = STRBUF_INIT;
	struct store_doc_info *stored = NULL;
	size_t nstored = 0;
	int64_t run = 0;
	char **paths;
	int npaths;

	memset(&c, 0, sizeof(c));
	memset(&rep, 0, sizeof(rep));
	url_list_init(&urls, 0);
	findings_init(&f);
	r = cli_parse(&ctx, argc, argv, links_opts, on_option, &c, &args, &nargs);
	if (r < 0) {
		usage();
		r = 0;
		goto done;
	}
	if (r)
		goto done;
	if (ctx.format && strcmp(ctx.format, "text") && strcmp(ctx.format, "json")) {
		cli_error("links writes text or json, not '%s'", ctx.format);
		r = EXIT_USAGE;
		goto done;
	}
	if (store_open(ctx.db_path, &st, &msg) != STORE_OK) {
		cli_error("cannot open store '%s': %s", ctx.db_path, msg.len ? msg.buf : "unknown error");
		r = EXIT_USAGE;
		goto done;
	}
	paths = args;
	npaths = nargs;
	if (!nargs) {
		/* no paths: the documents the store knows */
		if (store_docs_list(st, &stored, &nstored) != STORE_OK) {
			cli_error("cannot read store '%s': %s", ctx.db_path, store_errmsg(st));
			r = EXIT_USAGE;
			goto done;
		}
		if (!nstored) {
			cli_error("links needs paths, or a store with documents; see 'provcheck links --help'");
			r = EXIT_USAGE;
			goto done;
		}
		paths = xcalloc(nstored, sizeof(*paths));
		for (i = 0; i < nstored; i++)
			paths[i] = stored[i].path;
		npaths = (int)nstored;
	}
	r = cli_open_output(&ctx);
	if (r)
		goto done;
	if (store_run_begin(st, "links", &run) != STORE_OK) {
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(st));
		r = EXIT_USAGE;
		goto done;
	}

	url_list_init(&urls, ctx.cfg.limits.max_links ? ctx.cfg.limits.max_links * 16 : 0);
	urls.max_per_doc = ctx.cfg.limits.max_links;
	vocab = vocab_new();
	cli_expand_paths(&ctx, paths, npaths, &files, &nfiles);
	if (paths != args)
		free(paths);
	docs = xcalloc(nfiles ? nfiles : 1, sizeof(*docs));
	refs_options_init(&ropts);
	ropts.footnote_min_run = ctx.cfg.footnote_min_run;
	for (i = 0; i < nfiles; i++) {
		struct doc *d = NULL;
		struct doc_error err;
		if (doc_load(files[i], &ctx.cfg.limits, &d, &err) != DOC_OK) {
			struct strbuf sb = STRBUF_INIT;
			doc_error_format(files[i], &err, &sb);
			cli_error("%s", sb.buf);
			strbuf_release(&sb);
			ctx.input_errors++;
			continue;
		}
		docs[ndocs++] = d;
		/* kept in the store, so that a later 'provcheck links' without paths finds it */
		{
			int unchanged = 0;
			int64_t id = 0;
			enum store_result sr = store_doc_unchanged(st, d->path, d->hash, &unchanged, &id);
			if (!sr)
				sr = unchanged ? store_doc_touch(st, run, id) : store_doc_put(st, run, d, &id);
			if (sr)
				cli_warn("cannot store '%s' in '%s': %s", d->path, ctx.db_path, store_errmsg(st));
		}
		vocab_add_doc(vocab, d);
		if (urls_extract(&urls, d) == URLS_ERR_LIMIT) {
			struct strbuf w = STRBUF_INIT;
			urls_limit_message(&urls, d->path, &w);
			cli_warn("%s", w.buf);
			strbuf_release(&w);
		}
		/* the notes and references holding the URLs: "note 5", and the citation's date */
		{
			struct refs *refs = NULL;
			refs_parse(d, &ropts, &refs);
			links_mark_entries(&urls, d, refs);
			refs_free(refs);
		}
	}

	links_opts_from_config(&o, &ctx.cfg);
	o.offline = ctx.offline || ctx.cfg.links_offline;
	o.repair = !c.no_repair;
	if (!ctx.quiet) {
		o.progress = on_progress;
		o.progress_ud = &c;
	}
	lr = links_check(&o, &urls, vocab, st, run, &rep);
	progress_finish(c.progress);
	c.progress = NULL;
	if (lr == LINKS_ERR_NETWORK)
		cli_error("network unavailable: no host name could be resolved; links were not judged");
	else if (lr == LINKS_ERR_STORE)
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(st));
	else if (lr != LINKS_OK)
		cli_error("%s", links_strerror(lr));

	links_findings(&rep, docs, ndocs, &f);
	findings_sort(&f);
	memset(&cnt, 0, sizeof(cnt));
	for (i = 0; i < rep.nr; i++)
		cnt.n[rep.v[i].verdict]++;

	if (ctx.format && !strcmp(ctx.format, "json")) {
		struct strbuf out = STRBUF_INIT;
		size_t v;
		strbuf_addstr(&out, "{\"links\": ");
		links_json(&rep, &out);
		strbuf_addf(&out, ",\n\"network\": \"%s\"", rep.offline ? "offline" :
			    rep.network_down ? "unavailable" : "ok");
		strbuf_addf(&out, ",\n\"summary\": {\"urls\": %zu, \"checked\": %zu, \"reused\": %zu, \"repaired\": %zu",
			    rep.nr, rep.checked, rep.reused, rep.repaired);
		for (v = 0; v <= LINK_UNCHECKED; v++)
			strbuf_addf(&out, ", \"%s\": %zu", link_verdict_name((enum link_verdict)v), cnt.n[v]);
		strbuf_addstr(&out, "}");
		if (c.since_last) {
			strbuf_addstr(&out, ",\n\"since_last\": ");
			since_last_json(&out, &rep);
		}
		strbuf_addstr(&out, "}\n");
		fwrite(out.buf, 1, out.len, ctx.out);
		strbuf_release(&out);
	} else if (!ctx.quiet) {
		for (i = 0; i < f.nr; i++) {
			const struct finding *fd = &f.v[i];
			fprintf(ctx.out, "%s:%zu:%zu: %s: %s\n", fd->doc ? fd->doc : "-", fd->line, fd->col,
				severity_name(fd->severity), fd->message);
			if (fd->quote)
				fprintf(ctx.out, "    %s\n", fd->quote);
			if (fd->suggestion)
				fprintf(ctx.out, "    suggestion: %s\n", fd->suggestion);
		}
		if (c.since_last)
			print_since_last(ctx.out, &rep);
		print_summary(ctx.out, &rep, &cnt);
	}
	if (store_findings_put(st, run, "links", &f) != STORE_OK)
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(st));
	r = lr != LINKS_OK ? EXIT_USAGE : cli_exit_code(&ctx, &f);
	store_run_end(st, run, r == EXIT_USAGE ? "failed" : "ok");
	run = 0;
done:
	progress_finish(c.progress);
	if (run)
		store_run_end(st, run, "failed");
	store_doc_info_free(stored, nstored);
	store_close(st);
	strbuf_release(&msg);
	links_report_release(&rep);
	findings_release(&f);
	url_list_release(&urls);
	vocab_free(vocab);
	for (i = 0; i < ndocs; i++)
		doc_free(docs[i]);
	free(docs);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
