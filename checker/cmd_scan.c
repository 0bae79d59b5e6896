/*
 * cmd_scan.c - 'provcheck scan': ingest documents into the store.
 *
 * Every document parsed goes through the per-document stages that
 * 'check' runs too (pipeline.h): references (callouts, notes, reference
 * lists) and the extraction of claims (dates, figures, what they are
 * about), stored with the document. The claims
 * are not reconciled across documents ('check' and 'claims' do that),
 * so nothing of a document is kept once it is stored: memory is bounded
 * by the largest document, not by the corpus.
 *
 * One run per invocation. A file whose stat data (size, mtime, ctime,
 * inode) are those stored with it, and were not racily clean (see
 * filestat.h), is only marked seen ("unchanged") without being read.
 * Any other file is read and hashed: one stored with the same bytes by
 * the same parser is marked seen too, with its fresh stat data; any
 * other is parsed and stored, replacing what was stored for its path.
 * --force parses and stores every file. A file that cannot be read is
 * reported and recorded, and the others are still processed.
 *
 * Documents are written in batches, one transaction each (struct
 * pipeline_batch; the bounds are below): each document's rows replace
 * its old ones inside the batch, so no commit leaves a document
 * half-written, and a killed run loses at most its open batch, whose
 * documents the next scan finds changed and parses again. A file that
 * cannot be read, or a cap reached, costs no other document of the
 * batch. Unchanged documents are marked seen in the open batch, or
 * TOUCH_BATCH per transaction when none is open. The batch is committed
 * before standard input is read: what is done does not wait with it.
 *
 * SIGINT and SIGTERM let the current document finish and its batch be
 * committed, then the run is closed as "interrupted" and scan exits 130.
 * A second signal kills at once: the store stays consistent either way.
 */
#include "cli.h"
#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "filestat.h"
#include "interrupt.h"
#include "pipeline.h"
#include "refs.h"
#include "runlimit.h"
#include "sha256.h"
#include "store.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Unchanged documents marked seen per transaction, when no batch is open. */
#define TOUCH_BATCH 256

/*
 * A batch of stored documents is committed after BATCH_DOCS documents,
 * BATCH_BYTES bytes of their source or BATCH_MS milliseconds, whichever
 * comes first. A transaction per document rewrote, per document, the
 * index pages its claims touched (the claims indexes are keyed on entity
 * words, so the pages are random): 155 MB of WAL for a 12 MB store. 64
 * documents share most of those pages; the bytes bound keeps the open
 * transaction's dirty pages (and the WAL between checkpoints) small when
 * the documents are large; the time bound is what a kill can lose.
 */
#define BATCH_DOCS 64
#define BATCH_BYTES (16u << 20)
#define BATCH_MS 500

enum { OPT_FORCE = 1 };

static const struct cli_option scan_opts[] = {
	{ "force", 0, 0, OPT_FORCE, "parse and store every document, even unchanged ones" },
	{ NULL, 0, 0, 0, NULL }
};

struct scan {
	struct cli_ctx *ctx;
	struct store *st;
	int64_t run;
	int force;
	int json;
	struct refs_options ropts;
	struct aliases *aliases;
	struct claim_set claims;        /* the claims of the document at hand only */
	struct strbuf docs_json;        /* members of "documents" */
	struct strbuf errors_json;      /* members of "errors" */
	size_t nr_docs, nr_unchanged, nr_errors;
	struct store_touch touch[TOUCH_BATCH];  /* unchanged documents not yet marked seen */
	size_t nr_touch;
	struct pipeline_batch batch;    /* the documents stored and not yet committed */
	struct strbuf data;             /* the bytes read, its buffer kept from one file to the next */
};

/* Marks the unchanged documents waiting in sc->touch seen. */
static enum store_result flush_touches(struct scan *sc)
{
	enum store_result r = store_docs_touch_stat(sc->st, sc->run, sc->touch, sc->nr_touch);
	sc->nr_touch = 0;
	return r;
}

/* Queues an unchanged document to be marked seen (and its stat data replaced if fs). */
static enum store_result queue_touch(struct scan *sc, int64_t id, const struct file_stat *fs)
{
	struct store_touch *t = &sc->touch[sc->nr_touch++];

	t->doc_id = id;
	t->has_stat = fs != NULL;
	if (fs)
		t->stat = *fs;
	return sc->nr_touch == TOUCH_BATCH ? flush_touches(sc) : STORE_OK;
}

static int scan_opt(void *ud, int id, const char *arg)
{
	struct scan *sc = ud;
	(void)arg;
	if (id == OPT_FORCE)
		sc->force = 1;
	return 0;
}

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_add_json_str(sb, s, strlen(s));
}

static void report_doc(struct scan *sc, const struct store_doc_info *di, int unchanged)
{
	struct strbuf *j = &sc->docs_json;

	sc->nr_docs++;
	if (unchanged)
		sc->nr_unchanged++;
	if (sc->json) {
		if (j->len)
			strbuf_addch(j, ',');
		strbuf_addstr(j, "{\"path\":");
		json_str(j, di->path);
		strbuf_addstr(j, ",\"format\":");
		json_str(j, di->format);
		strbuf_addf(j, ",\"sha256\":\"%s\",\"size\":%zu,\"paragraphs\":%zu,"
			    "\"furniture\":%zu,\"note_blocks\":%zu,\"links\":%zu,"
			    "\"unchanged\":%s}",
			    di->hash, di->size, di->paragraphs, di->furniture, di->note_blocks,
			    di->links, unchanged ? "true" : "false");
		return;
	}
	if (sc->ctx->quiet)
		return;
	fprintf(sc->ctx->out, "%s: %s, %zu paragraph%s, %zu furniture, %zu note block%s%s\n",
		di->path, di->format, di->paragraphs, di->paragraphs == 1 ? "" : "s",
		di->furniture, di->note_blocks, di->note_blocks == 1 ? "" : "s",
		unchanged ? " (unchanged)" : "");
}

/* A file that could not be loaded: said, recorded, counted. */
static enum store_result input_error(struct scan *sc, const char *path,
				     const struct doc_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	enum store_result r;

	doc_error_format(path, err, &msg);
	cli_error("%s", msg.buf);
	sc->ctx->input_errors++;
	sc->nr_errors++;
	if (sc->json) {
		if (sc->errors_json.len)
			strbuf_addch(&sc->errors_json, ',');
		strbuf_addstr(&sc->errors_json, "{\"path\":");
		json_str(&sc->errors_json, path);
		strbuf_addstr(&sc->errors_json, ",\"error\":");
		json_str(&sc->errors_json, msg.buf);
		strbuf_addch(&sc->errors_json, '}');
	}
	r = flush_touches(sc);
	if (!r)
		r = store_doc_error(sc->st, sc->run, path, msg.buf);
	strbuf_release(&msg);
	return r;
}

/*
 * Whether the stored document di is certainly what path holds now,
 * from the stat data alone.
 */
static int stat_unchanged(const struct store_doc_info *di, const struct file_stat *fs,
			  const struct doc_limits *lim)
{
	/* a file over a lowered max_file_size is read, and refused, as a new one is */
	if (lim->max_file_size && fs->size > 0 && (uint64_t)fs->size > lim->max_file_size)
		return 0;
	return di && di->parser_version == STORE_PARSER_VERSION && di->has_stat &&
		filestat_clean(&di->stat, fs);
}

/* Reads, and unless unchanged parses and stores, one file. */
static enum store_result scan_one(struct scan *sc, const char *path)
{
	struct strbuf *data = &sc->data;
	struct store_doc_info *di = NULL;
	struct doc *d = NULL;
	struct pipeline_doc p;
	struct doc_error err;
	struct file_stat fs;
	enum store_result r = STORE_OK;
	enum doc_result dr;
	uint8_t hash[32];
	int unchanged = 0, have_stat = 0;
	int64_t id = 0;

	memset(&err, 0, sizeof(err));
	memset(&fs, 0, sizeof(fs));
	pipeline_doc_init(&p);
	if (!strcmp(path, "-")) {
		/*
		 * Standard input may keep us waiting: the documents already
		 * seen or stored must not wait with it to be committed.
		 */
		r = flush_touches(sc);
		if (!r)
			r = pipeline_batch_commit(&sc->batch);
		if (r)
			goto cleanup;
	} else {
		/* taken before the read: a change during the read shows next time */
		have_stat = !filestat_get(path, &fs);
	}
	if (have_stat && !sc->force) {
		r = store_doc_get(sc->st, path, &di);
		if (r == STORE_ERR_NOTFOUND)
			r = STORE_OK;
		if (r)
			goto cleanup;
		if (stat_unchanged(di, &fs, &sc->ctx->cfg.limits)) {
			unchanged = 1;
			r = queue_touch(sc, di->id, NULL);
			goto report;
		}
	}
	strbuf_reset(data);
	dr = doc_read(path, &sc->ctx->cfg.limits, data, &err);
	if (dr == DOC_OK && !sc->force) {
		sha256_buf(data->buf, data->len, hash);
		if (have_stat) {
			char hex[65];
			sha256_hex(hash, 32, hex);
			unchanged = di && di->parser_version == STORE_PARSER_VERSION &&
				!strcmp(di->hash, hex);
			id = di ? di->id : 0;
		} else {
			r = store_doc_unchanged(sc->st, path, hash, &unchanged, &id);
			if (r)
				goto cleanup;
		}
	}
	if (unchanged) {
		/* the bytes prove it: keep the stat data that will prove it next time */
		r = queue_touch(sc, id, have_stat ? &fs : NULL);
	} else {
		/* the document takes the bytes over, with the hash made above */
		if (dr == DOC_OK)
			dr = doc_parse_buf(path, data, sc->force ? NULL : hash,
					   &sc->ctx->cfg.limits, &d, &err);
		if (dr != DOC_OK) {
			r = input_error(sc, path, &err);
			goto cleanup;
		}
		pipeline_run(&p, d, &sc->ropts, &sc->claims);
		/* the set holds this document only: the cap was reached in it */
		if (p.claims_limit)
			cli_warn("'%s': claims cap (%zu) reached (max_claims); the rest were not read",
				 d->path, sc->claims.max_claims);
		/* the marks waiting are written in the batch, before the document */
		r = pipeline_batch_begin(&sc->batch);
		if (!r)
			r = flush_touches(sc);
		if (!r)
			r = pipeline_store_doc(sc->st, sc->run, d, have_stat ? &fs : NULL, &p,
					       &sc->claims, &id);
		if (!r)
			pipeline_batch_add(&sc->batch, d->src_len);
		if (di) {
			store_doc_info_free(di, 1);
			di = NULL;
		}
	}
report:
	if (!r && !di)
		r = store_doc_get(sc->st, path, &di);
	if (!r)
		report_doc(sc, di, unchanged);
	if (!r && pipeline_batch_full(&sc->batch, BATCH_DOCS, BATCH_BYTES, BATCH_MS))
		r = pipeline_batch_commit(&sc->batch);
cleanup:
	if (di)
		store_doc_info_free(di, 1);
	/* stored: nothing of the document is kept for the next one */
	pipeline_doc_release(&p);
	claims_clear(&sc->claims);
	/* the buffer is kept for the next file: no allocation the size of a file per file */
	doc_free_keep_src(d, data);
	return r;
}

static void print_json(struct scan *sc, const char *status)
{
	struct strbuf j = STRBUF_INIT;
	strbuf_addf(&j, "{\"run\":%lld,\"command\":\"scan\",\"db\":", (long long)sc->run);
	json_str(&j, sc->ctx->db_path);
	strbuf_addstr(&j, ",\"status\":");
	json_str(&j, status);
	strbuf_addf(&j, ",\"stored\":%zu,\"unchanged\":%zu,\"errors\":[",
		    sc->nr_docs - sc->nr_unchanged, sc->nr_unchanged);
	strbuf_add(&j, sc->errors_json.buf, sc->errors_json.len);
	strbuf_addstr(&j, "],\"documents\":[");
	strbuf_add(&j, sc->docs_json.buf, sc->docs_json.len);
	strbuf_addstr(&j, "]}\n");
	fputs(j.buf, sc->ctx->out);
	strbuf_release(&j);
}

static void usage(void)
{
	printf("usage: provcheck scan [options] PATHS...\n\n"
	       "Reads files and directories (recursively; - for standard input) into the store\n"
	       "with their references (callouts, notes, reference lists) and claims (dates and\n"
	       "figures, not reconciled: see 'check' and 'claims'), and prints, per document,\n"
	       "its format, paragraphs, page furniture and notes.\n"
	       "Documents whose bytes have not changed since they were stored are not parsed\n"
	       "again and are shown \"(unchanged)\"; files whose size, times and inode have not\n"
	       "changed are not even read. With --format json, prints one JSON object\n"
	       "for the run. [limits] max_documents and max_run_time stop the run early, with\n"
	       "a warning naming the first file left out. Exit status: 0, 2 if a file or the\n"
	       "store could not be used or a limit stopped the run, 130 if interrupted.\n\n");
	cli_usage_options(stdout, scan_opts);
	cli_usage_common(stdout);
}

int cmd_scan(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct scan sc;
	struct interrupt_saved intr = { .installed = 0 };
	struct runlimit rl;
	char **args = NULL, **files = NULL;
	const char *status;
	int nargs = 0, r;
	size_t nfiles = 0, i;
	enum store_result sr = STORE_OK;

	memset(&sc, 0, sizeof(sc));
	sc.ctx = &ctx;
	claims_init(&sc.claims, 0.8, NULL);
	strbuf_init(&sc.docs_json, 0);
	strbuf_init(&sc.errors_json, 0);
	strbuf_init(&sc.data, 0);
	r = cli_parse(&ctx, argc, argv, scan_opts, scan_opt, &sc, &args, &nargs);
	if (r < 0) {
		usage();
		r = 0;
		goto done;
	}
	if (r)
		goto done;
	if (!nargs) {
		cli_error("scan needs at least one path; see 'provcheck scan --help'");
		r = EXIT_USAGE;
		goto done;
	}
	if (strcmp(ctx.format, "text") && strcmp(ctx.format, "json")) {
		cli_error("scan prints text or json, not '%s'", ctx.format);
		r = EXIT_USAGE;
		goto done;
	}
	sc.json = !strcmp(ctx.format, "json");
	refs_options_init(&sc.ropts);
	sc.ropts.footnote_min_run = ctx.cfg.footnote_min_run;
	/* the claims rows name entities by their canonical words, aliases applied */
	r = cli_load_aliases(&ctx, &sc.aliases);
	if (r)
		goto done;
	claims_release(&sc.claims);
	claims_init(&sc.claims, ctx.cfg.title_similarity, sc.aliases);
	/* the set holds one document at a time: the cap is per document here */
	sc.claims.max_claims = ctx.cfg.max_claims;
	r = cli_open_output(&ctx);
	if (r)
		goto done;

	r = cli_store_begin(&ctx, "scan", &sc.st, &sc.run);
	if (r)
		goto done;
	pipeline_batch_init(&sc.batch, sc.st);
	interrupt_install(&intr);

	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
	runlimit_init(&rl, &ctx.cfg);
	for (i = 0; i < nfiles && !interrupt_pending(); i++) {
		if (!runlimit_allow(&rl, files[i], nfiles - i)) {
			/* the documents left out are input not used: exit 2 */
			ctx.input_errors++;
			break;
		}
		sr = scan_one(&sc, files[i]);
		if (sr) {
			cli_error("cannot store '%s' in '%s': %s", files[i], ctx.db_path,
				  store_errmsg(sc.st));
			break;
		}
	}

	if (!sr) {
		sr = flush_touches(&sc);
		if (!sr)
			sr = pipeline_batch_commit(&sc.batch);
		if (sr)
			cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(sc.st));
	}
	if (sr && sc.batch.open) {
		/* a write failed halfway: the batch goes, the next scan parses it again */
		cli_warn("the %zu documents stored since the last commit were rolled back",
			 sc.batch.docs);
		pipeline_batch_rollback(&sc.batch);
	}
	if (interrupt_pending() || rl.hit)
		status = "interrupted";
	else if (sr || ctx.input_errors)
		status = "failed";
	else
		status = "ok";
	if (store_run_end(sc.st, sc.run, status) != STORE_OK && !sr) {
		cli_error("cannot write store '%s': %s", ctx.db_path, store_errmsg(sc.st));
		sr = STORE_ERR_IO;
	}
	if (sc.json)
		print_json(&sc, status);
	if (interrupt_pending()) {
		cli_error("interrupted; run %lld closed after %zu documents", (long long)sc.run,
			  sc.nr_docs);
		r = EXIT_INTERRUPTED;
	} else if (sr) {
		r = EXIT_USAGE;
	} else {
		r = cli_exit_code(&ctx, NULL);
	}
done:
	interrupt_restore(&intr);
	store_close(sc.st);
	claims_release(&sc.claims);
	aliases_free(sc.aliases);
	strbuf_release(&sc.docs_json);
	strbuf_release(&sc.errors_json);
	strbuf_release(&sc.data);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
