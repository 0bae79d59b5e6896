/*
 * cmd_check.c - 'provcheck check': the main job. Every stage in one
 * run over PATHS:
 *
 *   1. ingest: read each file, parse it, store it (unchanged documents
 *      are not written again);
 *   2. refs: callouts, notes and reference lists, linked and audited;
 *   3. claims: dates and figures bound to what they describe, grouped
 *      and reconciled across the whole corpus;
 *   4. links: every URL checked over HTTP (with --offline: extracted and
 *      checked for syntax only), with repairs and archived copies;
 *   5. the findings of every stage stored for the run, then rendered
 *      (--format), marking what is new and what was fixed since the
 *      previous 'check' run.
 *
 * The documents are stored in batches, one transaction each, as 'scan'
 * stores them (pipeline.h): committed after BATCH_DOCS documents,
 * BATCH_BYTES of source or BATCH_MS milliseconds, and before the
 * corpus-wide stages.
 *
 * SIGINT/SIGTERM stop between documents, or during the links stage
 * (the checks in flight are abandoned, the finished ones stored): what
 * was stored stays stored, the run is closed as "interrupted", the next
 * run picks up (links checked within the ttl are not fetched again).
 * max_run_time stops the same places, with a warning.
 */
#include "cli.h"
#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "interrupt.h"
#include "runlimit.h"
#include "links.h"
#include "links_report.h"
#include "pipeline.h"
#include "progress.h"
#include "refs.h"
#include "render.h"
#include "report.h"
#include "sha256.h"
#include "store.h"
#include "urls.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The bounds of a batch of stored documents: scan's (see cmd_scan.c). */
#define BATCH_DOCS 64
#define BATCH_BYTES (16u << 20)
#define BATCH_MS 500

enum { OPT_FORCE = 1, OPT_MAX_PER_KIND };

static const struct cli_option check_opts[] = {
	{ "force", 0, 0, OPT_FORCE, "store every document again, even unchanged ones" },
	{ "max-per-kind", 0, 1, OPT_MAX_PER_KIND, "findings of a kind listed per document in text, md, html (default 10; 0: all)" },
	{ NULL, 0, 0, 0, NULL }
};

struct check {
	struct cli_ctx *ctx;
	struct store *st;
	int64_t run;
	int force;
	int max_per_kind_set;           /* --max-per-kind given: it overrides [report] */
	size_t max_per_kind;
	struct refs_options ropts;
	struct claim_set claims;
	struct aliases *aliases;
	struct findings scan_f, refs_f, claims_f, links_f;
	struct url_list urls;
	struct vocab *vocab;
	struct links_report links;
	struct progress *link_progress;
	struct report rep;
	struct runlimit rl;             /* [limits] max_documents, max_run_time */
	struct pipeline_batch batch;    /* the documents stored and not yet committed */
	struct pipeline_cap cap;        /* the corpus-wide cap on claims, told once */
	/*
	 * Documents checked. Each is freed once its own stages have run (the
	 * claims and links stages keep what they need), so memory is bounded
	 * by the largest document, not by the corpus.
	 */
	size_t nr_docs;
};

static int check_opt(void *ud, int id, const char *arg)
{
	struct check *c = ud;
	if (id == OPT_FORCE)
		c->force = 1;
	if (id == OPT_MAX_PER_KIND) {
		c->max_per_kind_set = 1;
		return cli_parse_count("max-per-kind", arg, CLI_COUNT_MAX, &c->max_per_kind);
	}
	return 0;
}

static void usage(void)
{
	printf("usage: provcheck check [options] PATHS...\n\n"
	       "The main job: reads files and directories (recursively; - for standard input)\n"
	       "into the store, then audits references (callouts, notes, reference lists),\n"
	       "reconciles claims (dates and figures) across the documents, checks links\n"
	       "(not with --offline), stores the findings of the run and prints a report\n"
	       "marking what is new and what was fixed since the previous check.\n"
	       "Text, md and html list at most 10 findings of a kind per document and count\n"
	       "the rest (--max-per-kind N, [report] max_per_kind; 0 lists them all); json\n"
	       "and junit list every finding.\n"
	       "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
	       "2 usage or input errors, 130 if interrupted.\n\n");
	cli_usage_options(stdout, check_opts);
	cli_usage_common(stdout);
}

/* The references table of a document in the report. */
static void add_refs_table(struct report_doc *rd, const struct refs *r)
{
	static const char *const cols[] = { "No.", "Entry", "Kind", "Cited" };
	struct report_table *t;
	size_t i;
	if (!r->nr_entries)
		return;
	t = report_doc_add_table(rd, "references", "References and notes", 4, cols);
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i];
		struct report_row *row = report_table_add_row(t);
		char n[32];
		const char *kind = refs_entry_kind_name(e->kind);
		snprintf(n, sizeof(n), "%zu", e->cited);
		report_cell_set(row, 0, CELL_TEXT, TONE_NONE, e->label, strlen(e->label));
		report_cell_set(row, 1, CELL_QUOTE, TONE_NONE, e->text, strlen(e->text));
		report_cell_set(row, 2, CELL_TEXT, TONE_NONE, kind, strlen(kind));
		report_cell_set(row, 3, CELL_NUMBER, e->cited ? TONE_GOOD : TONE_WARN, n, strlen(n));
	}
}

/* The corpus-wide claims cap, once, after the documents: where, and how many it left. */
static void warn_claims_cap(const struct pipeline_cap *cap)
{
	struct strbuf w = STRBUF_INIT;

	if (pipeline_cap_message(cap, &w))
		cli_warn("%s", w.buf);
	strbuf_release(&w);
}

/* Ingests one file and runs the per-document stages. */
static enum store_result check_one(struct check *c, const char *path)
{
	struct cli_ctx *ctx = c->ctx;
	struct strbuf data = STRBUF_INIT;
	struct doc *d = NULL;
	struct pipeline_doc p;
	struct doc_error err;
	struct report_doc *rd;
	enum store_result r = STORE_OK;
	enum doc_result dr;
	uint8_t hash[32];
	int unchanged = 0;
	int64_t id = 0;

	memset(&err, 0, sizeof(err));
	pipeline_doc_init(&p);
	if (!strcmp(path, "-")) {
		/* standard input may keep us waiting: what is stored must not wait with it */
		r = pipeline_batch_commit(&c->batch);
		if (r)
			goto cleanup;
	}
	dr = doc_read(path, &ctx->cfg.limits, &data, &err);
	if (dr == DOC_OK)
		dr = doc_parse(path, data.buf, data.len, &ctx->cfg.limits, &d, &err);
	if (dr != DOC_OK) {
		struct strbuf msg = STRBUF_INIT;
		doc_error_format(path, &err, &msg);
		cli_error("%s", msg.buf);
		ctx->input_errors++;
		rd = report_add_doc(&c->rep, path, NULL, data.len);
		report_doc_set_error(rd, msg.buf);
		r = pipeline_batch_begin(&c->batch);
		if (!r)
			r = store_doc_error(c->st, c->run, path, msg.buf);
		strbuf_release(&msg);
		goto cleanup;
	}
	if (!c->force) {
		sha256_buf(data.buf, data.len, hash);
		r = store_doc_unchanged(c->st, path, hash, &unchanged, &id);
		if (r)
			goto cleanup;
	}
	/* refs and claims of the document, stored with it as scan stores them */
	pipeline_run(&p, d, &c->ropts, &c->claims);
	pipeline_cap_note(&c->cap, &p, path, &c->claims);
	r = pipeline_batch_begin(&c->batch);
	if (r)
		goto cleanup;
	if (!unchanged) {
		r = pipeline_store_doc(c->st, c->run, d, NULL, &p, &c->claims, &id);
	} else {
		/*
		 * Its rows are those this parser wrote; the claims keep theirs
		 * when they are what would be written (the groups of this run
		 * point at them), else are written again.
		 */
		r = store_doc_touch(c->st, c->run, id);
		if (!r && p.claims_doc != SIZE_MAX)
			r = claims_store_doc_keep(&c->claims, p.claims_doc, p.refs,
						       c->st, id);
	}
	if (r)
		goto cleanup;
	pipeline_batch_add(&c->batch, d->src_len);
	if (pipeline_batch_full(&c->batch, BATCH_DOCS, BATCH_BYTES, BATCH_MS)) {
		r = pipeline_batch_commit(&c->batch);
		if (r)
			goto cleanup;
	}
	rd = report_add_doc(&c->rep, path, doc_format_name(d->format), d->src_len);
	refs_audit(p.refs, &c->refs_f);
	add_refs_table(rd, p.refs);
	vocab_add_doc(c->vocab, d);
	if (urls_extract(&c->urls, d) == URLS_ERR_LIMIT) {
		struct strbuf w = STRBUF_INIT;
		urls_limit_message(&c->urls, path, &w);
		cli_warn("%s", w.buf);
		strbuf_release(&w);
	}
	links_mark_entries(&c->urls, d, p.refs);
	c->nr_docs++;
cleanup:
	pipeline_doc_release(&p);
	doc_free(d);
	strbuf_release(&data);
	return r;
}

static void on_link_progress(void *ud, size_t done, size_t total)
{
	struct check *c = ud;
	if (!c->link_progress)
		c->link_progress = progress_start("links", total);
	progress_set_total(c->link_progress, total);
	progress_update(c->link_progress, done);
}

/* The stop condition of the links stage: a signal, or max_run_time. */
static int links_should_stop(void *ud)
{
	struct check *c = ud;
	return interrupt_pending() || !runlimit_left_ms(&c->rl);
}

/*
 * The links stage over every URL of the corpus. Returns 0, or
 * EXIT_USAGE on an error or when max_run_time cut it short.
 */
static int check_links(struct check *c)
{
	struct cli_ctx *ctx = c->ctx;
	struct links_opts o;
	enum links_result lr;
	int r = 0;

	links_opts_from_config(&o, &ctx->cfg);
	o.offline = ctx->offline;
	/* out of time: the links are extracted and judged for syntax only */
	if (!o.offline && runlimit_expired(&c->rl, "links are not checked"))
		o.offline = 1;
	o.repair = 1;
	if (!ctx->quiet) {
		o.progress = on_link_progress;
		o.progress_ud = c;
	}
	o.stop = links_should_stop;
	o.stop_ud = c;
	lr = links_check(&o, &c->urls, c->vocab, c->st, c->run, &c->links);
	progress_finish(c->link_progress);
	c->link_progress = NULL;
	if (lr == LINKS_STOPPED) {
		/* a signal is said once the run is closed; the deadline here */
		if (!interrupt_pending()) {
			c->rl.hit = RUNLIMIT_TIME;
			if (c->links.not_checked)
				cli_warn("run time limit reached: %zu link%s not checked",
					 c->links.not_checked, c->links.not_checked == 1 ? "" : "s");
			else
				cli_warn("run time limit reached: link repairs and archive lookups cut short");
			r = EXIT_USAGE;
		}
	} else if (lr == LINKS_ERR_NETWORK) {
		/* not every link dead: the network is down; say so, judge nothing */
		cli_warn("network unavailable: no host name could be resolved; links were not judged");
	} else if (lr != LINKS_OK) {
		cli_error("cannot check links: %s", lr == LINKS_ERR_STORE ? store_errmsg(c->st) :
			  links_strerror(lr));
		r = EXIT_USAGE;
	}
	links_findings(&c->links, NULL, 0, &c->links_f);
	links_report_tables(&c->links, &c->rep);
	return r;
}

/* Stage findings into the store, then all of them into one list for the report. */
static enum store_result store_stage(struct check *c, const char *stage, struct findings *f,
				     struct findings *all)
{
	enum store_result r = store_findings_put(c->st, c->run, stage, f);
	findings_move(all, f);
	return r;
}

int cmd_check(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct check c;
	struct interrupt_saved intr = { .installed = 0 };
	struct findings all, prev;
	struct progress *prog = NULL;
	char **args = NULL, **files = NULL;
	const char *status;
	int nargs = 0, r;
	size_t nfiles = 0, i;
	int64_t prev_run = 0;
	enum store_result sr = STORE_OK;

	memset(&c, 0, sizeof(c));
	c.ctx = &ctx;
	findings_init(&all);
	findings_init(&prev);
	findings_init(&c.scan_f);
	findings_init(&c.refs_f);
	findings_init(&c.claims_f);
	findings_init(&c.links_f);
	url_list_init(&c.urls, 0);
	c.vocab = vocab_new();
	report_init(&c.rep);
	claims_init(&c.claims, 0.8, NULL);
	r = cli_parse(&ctx, argc, argv, check_opts, check_opt, &c, &args, &nargs);
	if (r < 0) {
		usage();
		r = 0;
		goto done;
	}
	if (r)
		goto done;
	if (c.max_per_kind_set)
		ctx.cfg.report_max_per_kind = c.max_per_kind;
	if (!nargs) {
		cli_error("check needs at least one path; see 'provcheck check --help'");
		r = EXIT_USAGE;
		goto done;
	}
	/* every document may hold up to max_links; the corpus up to 16 times that */
	url_list_release(&c.urls);
	url_list_init(&c.urls, ctx.cfg.limits.max_links ? ctx.cfg.limits.max_links * 16 : 0);
	c.urls.max_per_doc = ctx.cfg.limits.max_links;
	refs_options_init(&c.ropts);
	c.ropts.footnote_min_run = ctx.cfg.footnote_min_run;
	r = cli_load_aliases(&ctx, &c.aliases);
	if (r)
		goto done;
	claims_release(&c.claims);
	claims_init(&c.claims, ctx.cfg.title_similarity, c.aliases);
	c.claims.max_claims = ctx.cfg.max_claims;

	r = cli_store_begin(&ctx, "check", &c.st, &c.run);
	if (r)
		goto done;
	interrupt_install(&intr);
	pipeline_batch_init(&c.batch, c.st);

	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
	runlimit_init(&c.rl, &ctx.cfg);
	if (!ctx.quiet)
		prog = progress_start("documents", nfiles);
	for (i = 0; i < nfiles && !interrupt_pending(); i++) {
		if (!runlimit_allow(&c.rl, files[i], nfiles - i)) {
			/* a report of what was read, but not a clean run */
			progress_finish(prog);
			prog = NULL;
			ctx.input_errors++;
			break;
		}
		sr = check_one(&c, files[i]);
		if (sr) {
			cli_error("cannot store '%s' in '%s': %s", files[i], ctx.db_path,
				  store_errmsg(c.st));
			break;
		}
		progress_update(prog, i + 1);
	}
	progress_finish(prog);
	prog = NULL;
	warn_claims_cap(&c.cap);
	if (!sr) {
		sr = pipeline_batch_commit(&c.batch);
		if (sr)
			cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(c.st));
	}
	if (sr && c.batch.open) {
		/* a write failed halfway: the batch goes, the next run stores it again */
		cli_warn("the %zu documents stored since the last commit were rolled back",
			 c.batch.docs);
		pipeline_batch_rollback(&c.batch);
	}

	if (!sr && !interrupt_pending()) {
		claims_reconcile(&c.claims, &c.claims_f);
		sr = claims_store_groups(&c.claims, c.st, c.run);
		if (check_links(&c))
			ctx.input_errors++;
		if (!sr)
			sr = store_stage(&c, "refs", &c.refs_f, &all);
		if (!sr)
			sr = store_stage(&c, "claims", &c.claims_f, &all);
		if (!sr)
			sr = store_stage(&c, "links", &c.links_f, &all);
		if (!sr)
			sr = store_stage(&c, "scan", &c.scan_f, &all);
		if (sr)
			cli_error("cannot store the findings in '%s': %s", ctx.db_path,
				  store_errmsg(c.st));
	}

	if (interrupt_pending() || c.rl.hit)
		status = "interrupted";
	else if (sr || ctx.input_errors)
		status = "failed";
	else
		status = "ok";
	/* closing the run also prunes the link history older than [links] history_days */
	if (links_run_end(c.st, c.run, status, ctx.cfg.links_history_days) != LINKS_OK && !sr) {
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(c.st));
		sr = STORE_ERR_IO;
	}
	if (interrupt_pending()) {
		if (c.links.not_checked)
			cli_error("interrupted; run %lld closed after %zu documents, "
				  "%zu link%s not checked", (long long)c.run, c.nr_docs,
				  c.links.not_checked, c.links.not_checked == 1 ? "" : "s");
		else
			cli_error("interrupted; run %lld closed after %zu documents",
				  (long long)c.run, c.nr_docs);
		r = EXIT_INTERRUPTED;
		goto done;
	}
	if (sr) {
		r = EXIT_USAGE;
		goto done;
	}

	/* the report: this run against the previous check */
	findings_sort(&all);
	if (store_run_previous(c.st, c.run, "check", &prev_run) == STORE_OK &&
	    store_findings_get_since(c.st, prev_run, &all, &prev) == STORE_OK) {
		c.rep.previous = &prev;
		c.rep.prev_run_id = prev_run;
	}
	c.rep.run_id = c.run;
	c.rep.time = time(NULL);
	c.rep.findings = &all;
	r = render_report(&ctx, &c.rep);
	if (!r)
		r = cli_exit_code(&ctx, &all);
done:
	interrupt_restore(&intr);
	progress_finish(prog);
	claims_release(&c.claims);
	pipeline_cap_release(&c.cap);
	aliases_free(c.aliases);
	report_release(&c.rep);
	findings_release(&all);
	findings_release(&prev);
	findings_release(&c.scan_f);
	findings_release(&c.refs_f);
	findings_release(&c.claims_f);
	findings_release(&c.links_f);
	links_report_release(&c.links);
	url_list_release(&c.urls);
	vocab_free(c.vocab);
	progress_finish(c.link_progress);
	store_close(c.st);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
