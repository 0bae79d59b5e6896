/*
 * cmd_refs.c - 'provcheck refs': callouts, notes and reference lists of
 * each document, linked and audited; 'refs --entries FILE' parses a
 * pasted bibliography, one reference per line.
 */
#include "cli.h"
#include "buf.h"
#include "doc.h"
#include "entry.h"
#include "refs.h"
#include "runlimit.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_ENTRIES = 1 };

static const struct cli_option refs_opts[] = {
	{ "entries", 0, 0, OPT_ENTRIES, "parse FILE as one reference per line; print JSON lines" },
	{ NULL, 0, 0, 0, NULL }
};

struct refs_opts {
	int entries;
};

static int on_opt(void *ud, int id, const char *arg)
{
	struct refs_opts *o = ud;
	(void)arg;
	if (id == OPT_ENTRIES)
		o->entries = 1;
	return 0;
}

/* One JSON object per input line: {"line":N,"text":...,"fields":{...}}. */
static int entries_file(struct cli_ctx *ctx, const char *path)
{
	struct doc *d = NULL;
	struct doc_error err;
	struct strbuf out = STRBUF_INIT;
	size_t i;
	enum doc_result dr;

	dr = doc_load(path, &ctx->cfg.limits, &d, &err);
	if (dr == DOC_ERR_EMPTY)
		return 0;
	if (dr != DOC_OK) {
		struct strbuf sb = STRBUF_INIT;
		doc_error_format(path, &err, &sb);
		cli_error("%s", sb.buf);
		strbuf_release(&sb);
		ctx->input_errors++;
		return 0;
	}
	for (i = 0; i < d->nr_lines; i++) {
		const struct doc_line *l = &d->lines[i];
		struct entry_fields f;
		const char *s = d->src + l->src_start;
		size_t n = l->src_end - l->src_start, skip;

		if (l->kind == LINE_BLANK)
			continue;
		entry_fields_init(&f);
		skip = refs_entry_number_len(s, n, NULL);
		entry_parse(s + skip, n - skip, &f);
		strbuf_reset(&out);
		strbuf_addf(&out, "{\"line\":%zu,\"text\":", i + 1);
		strbuf_add_json_str(&out, s, n);
		strbuf_addstr(&out, ",\"fields\":");
		entry_fields_write_json(&f, &out);
		strbuf_addstr(&out, "}\n");
		fwrite(out.buf, 1, out.len, ctx->out);
		entry_fields_release(&f);
	}
	strbuf_release(&out);
	doc_free(d);
	return 0;
}

int cmd_refs(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct refs_opts o = { 0 };
	struct findings all;
	char **args = NULL, **files = NULL;
	struct runlimit rl;
	int nargs = 0, r, json;
	size_t nfiles = 0, i, written = 0;

	findings_init(&all);
	r = cli_parse(&ctx, argc, argv, refs_opts, on_opt, &o, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck refs [options] PATHS...\n"
		       "   or: provcheck refs --entries FILE\n\n"
		       "Finds the citation callouts, notes and reference lists of each document,\n"
		       "links every callout to its entry and reports what does not add up.\n"
		       "With --entries, parses FILE as one reference per line and prints one\n"
		       "JSON object per line with its fields.\n"
		       "[limits] max_documents and max_run_time stop the reading early, with a\n"
		       "warning naming the first file left out (exit status 2).\n\n");
		cli_usage_options(stdout, refs_opts);
		cli_usage_common(stdout);
		r = 0;
		goto done;
	}
	if (r)
		goto done;
	if (!nargs) {
		cli_error("refs needs at least one path; see 'provcheck refs --help'");
		r = EXIT_USAGE;
		goto done;
	}
	r = cli_open_output(&ctx);
	if (r)
		goto done;
	if (o.entries) {
		for (i = 0; i < (size_t)nargs; i++)
			entries_file(&ctx, args[i]);
		r = cli_exit_code(&ctx, NULL);
		goto done;
	}
	json = !strcmp(ctx.format, "json");
	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
	if (json)
		fputs("[", ctx.out);
	runlimit_init(&rl, &ctx.cfg);
	for (i = 0; i < nfiles; i++) {
		struct doc *d = NULL;
		struct doc_error err;
		struct refs *rf = NULL;
		struct strbuf sb = STRBUF_INIT;
		struct refs_options ro;

		if (!runlimit_allow(&rl, files[i], nfiles - i)) {
			/* the documents left out are input not read: exit 2 */
			ctx.input_errors++;
			break;
		}
		if (doc_load(files[i], &ctx.cfg.limits, &d, &err) != DOC_OK) {
			doc_error_format(files[i], &err, &sb);
			cli_error("%s", sb.buf);
			strbuf_release(&sb);
			ctx.input_errors++;
			continue;
		}
		refs_options_init(&ro);
		ro.footnote_min_run = ctx.cfg.footnote_min_run;
		refs_parse(d, &ro, &rf);
		refs_audit(rf, &all);
		if (json) {
			/* a separator only after a document written, not after one unreadable */
			if (written++)
				strbuf_addstr(&sb, ",");
			strbuf_addstr(&sb, "\n");
			refs_write_json(rf, &all, &sb);
		} else if (!ctx.quiet) {
			refs_write_text(rf, &all, &sb);
		}
		fwrite(sb.buf, 1, sb.len, ctx.out);
		strbuf_release(&sb);
		refs_free(rf);
		doc_free(d);
	}
	if (json)
		fputs("\n]\n", ctx.out);
	r = cli_exit_code(&ctx, &all);
done:
	findings_release(&all);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
