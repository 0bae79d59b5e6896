/*
 * cmd_links.c - 'provcheck links': every URL of the documents checked
 * over HTTP, repaired when it can be, with its history and an archived
 * copy for the dead ones.
 *
 * SIGINT/SIGTERM and [limits] max_run_time stop the checks half-way as
 * in 'check': the links checked so far are stored, the run is closed as
 * "interrupted", and the next run checks only the rest. While the
 * documents load, max_documents and max_run_time stop the loading as in
 * 'scan' and 'check' (runlimit_allow(): a warning naming the first
 * document left out); the links of the documents read are still
 * reported, and the run is closed as "interrupted" with exit status 2.
 */
#include "cli.h"
#include "buf.h"
#include "doc.h"
#include "interrupt.h"
#include "links.h"
#include "links_report.h"
#include "progress.h"
#include "refs.h"
#include "runlimit.h"
#include "store.h"
#include "urls.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_SINCE_LAST = 1, OPT_NO_REPAIR };

static const struct cli_option links_opts[] = {
	{ "since-last", 0, 0, OPT_SINCE_LAST, "report what changed since the previous run that judged each link: newly broken, recovered, still broken, newly blocked" },
	{ "no-repair", 0, 0, OPT_NO_REPAIR, "do not try repaired spellings of failed URLs" },
	{ NULL, 0, 0, 0, NULL }
};

struct links_cmd {
	int since_last;
	int no_repair;
	struct runlimit rl;
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

/* The stop condition of the checks: a signal, or max_run_time. */
static int should_stop(void *ud)
{
	struct links_cmd *c = ud;
	return interrupt_pending() || !runlimit_left_ms(&c->rl);
}

static void usage(void)
{
	printf("usage: provcheck links [options] [PATHS...]\n\n"
	       "Checks every URL of the documents over HTTP (HEAD, then GET when needed),\n"
	       "follows and records redirects, retries transient failures, spots soft 404s\n"
	       "and missing #fragments, suggests repaired URLs and archived copies, and keeps\n"
	       "the history in the store: a link is dead after [links] dead_after_checks\n"
	       "failed checks dead_after_days apart. Without PATHS, the store's URLs.\n"
	       "[limits] max_documents and max_run_time stop the reading early, with a\n"
	       "warning naming the first file left out; max_run_time also stops the checks.\n"
	       "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
	       "2 usage or input errors (or a limit reached), 130 if interrupted.\n\n");
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
	if (rep->not_checked)
		fprintf(fp, "; %zu not checked (the run was stopped)", rep->not_checked);
	fputc('\n', fp);
}

/*
 * --since-last: this run against what the last earlier run that judged
 * each link recorded (its link_states), the rule of report --linkrot.
 */
enum since_sect { SINCE_NEW_BROKEN, SINCE_RECOVERED, SINCE_STILL_BROKEN, SINCE_NEW_BLOCKED,
		  NR_SINCE };

static int since_in(const struct links_entry *e, enum since_sect sect)
{
	int bad = e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD;
	int was_bad = e->prev_state == LINK_STATE_FAILING || e->prev_state == LINK_STATE_DEAD;

	switch (sect) {
	case SINCE_NEW_BROKEN:
		return bad && !was_bad;
	case SINCE_RECOVERED:
		return !bad && was_bad && e->state == LINK_STATE_OK;
	case SINCE_STILL_BROKEN:
		return bad && was_bad;
	case SINCE_NEW_BLOCKED:
		/* inconclusive, not broken: but a site that began refusing checks is news */
		return e->verdict == LINK_BLOCKED && e->prev_verdict != LINK_BLOCKED;
	case NR_SINCE:
		break;
	}
	return 0;
}

static void print_since_last(FILE *fp, const struct links_report *rep)
{
	static const char *const heads[NR_SINCE] = {
		"newly broken", "recovered", "still broken", "newly blocked"
	};
	int sect;
	for (sect = 0; sect < NR_SINCE; sect++) {
		size_t i, shown = 0;
		for (i = 0; i < rep->nr; i++) {
			const struct links_entry *e = &rep->v[i];
			int broken = sect == SINCE_NEW_BROKEN || sect == SINCE_STILL_BROKEN;
			if (!since_in(e, (enum since_sect)sect))
				continue;
			if (!shown++)
				fprintf(fp, "%s:\n", heads[sect]);
			fprintf(fp, "  %s (%s", e->item->url, sect == SINCE_NEW_BLOCKED ?
				link_verdict_name(e->verdict) : link_state_name(e->state));
			if (broken)
				fprintf(fp, ", %ld day%s broken", e->days_broken, e->days_broken == 1 ? "" : "s");
			fprintf(fp, ")%s%s\n", e->error && sect != SINCE_RECOVERED ? ": " : "",
				e->error && sect != SINCE_RECOVERED ? e->error : "");
		}
	}
}

static void since_last_json(struct strbuf *out, const struct links_report *rep)
{
	static const char *const keys[NR_SINCE] = {
		"newly_broken", "recovered", "still_broken", "newly_blocked"
	};
	int sect;
	strbuf_addstr(out, "{");
	for (sect = 0; sect < NR_SINCE; sect++) {
		size_t i, n = 0;
		strbuf_addf(out, "%s\"%s\": [", sect ? ", " : "", keys[sect]);
		for (i = 0; i < rep->nr; i++) {
			const struct links_entry *e = &rep->v[i];
			if (!since_in(e, (enum since_sect)sect))
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
	struct interrupt_saved intr = { .installed = 0 };
	const char *status;
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
	/* the run begins first: what it stores, documents included, belongs to it */
	r = cli_store_begin(&ctx, "links", &st, &run);
	if (r)
		goto done;
	runlimit_init(&c.rl, &ctx.cfg);
	interrupt_install(&intr);
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

	url_list_init(&urls, ctx.cfg.limits.max_links ? ctx.cfg.limits.max_links * 16 : 0);
	urls.max_per_doc = ctx.cfg.limits.max_links;
	vocab = vocab_new();
	cli_expand_paths(&ctx, paths, npaths, &files, &nfiles);
	if (paths != args)
		free(paths);
	docs = xcalloc(nfiles ? nfiles : 1, sizeof(*docs));
	refs_options_init(&ropts);
	ropts.footnote_min_run = ctx.cfg.footnote_min_run;
	for (i = 0; i < nfiles && !interrupt_pending(); i++) {
		struct doc *d = NULL;
		struct doc_error err;
		/*
		 * max_documents and max_run_time while the documents load, as in
		 * scan and check: the links of the documents read are checked
		 * (none once the time is up), the rest wait for the next run.
		 */
		if (!runlimit_allow(&c.rl, files[i], nfiles - i))
			break;
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
	o.stop = should_stop;
	o.stop_ud = &c;
	lr = links_check(&o, &urls, vocab, st, run, &rep);
	progress_finish(c.progress);
	c.progress = NULL;
	if (lr == LINKS_STOPPED) {
		/* a signal is said once the run is closed; the deadline here */
		if (!interrupt_pending()) {
			c.rl.hit = RUNLIMIT_TIME;
			if (rep.not_checked)
				cli_warn("run time limit reached: %zu link%s not checked",
					 rep.not_checked, rep.not_checked == 1 ? "" : "s");
			else
				cli_warn("run time limit reached: link repairs and archive lookups cut short");
		}
	} else if (lr == LINKS_ERR_NETWORK)
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

	if (interrupt_pending()) {
		/* the findings are stored below; the report is for a run that finished */
	} else if (ctx.format && !strcmp(ctx.format, "json")) {
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
		strbuf_addf(&out, ", \"not_checked\": %zu}", rep.not_checked);
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
	r = lr != LINKS_OK && lr != LINKS_STOPPED ? EXIT_USAGE : cli_exit_code(&ctx, &f);
	if (interrupt_pending() || c.rl.hit)
		status = "interrupted";
	else
		status = r == EXIT_USAGE ? "failed" : "ok";
	if (c.rl.hit)
		r = EXIT_USAGE;         /* as for max_documents: not a clean run */
	/* closing the run also prunes the link history older than [links] history_days */
	if (links_run_end(st, run, status, ctx.cfg.links_history_days) != LINKS_OK) {
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(st));
		r = EXIT_USAGE;
	}
	if (interrupt_pending()) {
		if (rep.not_checked)
			cli_error("interrupted; run %lld closed: %zu link%s not checked",
				  (long long)run, rep.not_checked, rep.not_checked == 1 ? "" : "s");
		else if (rep.stopped)
			cli_error("interrupted; run %lld closed: link repairs and archive lookups "
				  "cut short", (long long)run);
		else
			cli_error("interrupted; run %lld closed", (long long)run);
		r = EXIT_INTERRUPTED;
	}
	run = 0;
done:
	interrupt_restore(&intr);
	progress_finish(c.progress);
	if (run)
		store_run_end(st, run, "failed");
	store_doc_info_free(stored, nstored);
	store_close(st);
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
