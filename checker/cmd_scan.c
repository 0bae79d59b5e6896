/* cmd_scan.c - 'provcheck scan': ingest documents (first cut, no store yet). */
#include "cli.h"
#include "buf.h"
#include "doc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void print_summary(struct cli_ctx *ctx, const struct doc *d)
{
	size_t i, paras = 0, notes = 0;
	for (i = 0; i < d->nr_blocks; i++) {
		if (d->blocks[i].kind == BLOCK_NOTES)
			notes++;
		else
			paras++;
	}
	fprintf(ctx->out, "%s: %s, %zu paragraphs, %zu furniture, %zu note blocks\n",
		d->path, doc_format_name(d->format), paras, d->nr_furniture, notes);
}

int cmd_scan(int argc, char **argv)
{
	struct cli_ctx ctx;
	char **args = NULL, **files = NULL;
	int nargs = 0, r;
	size_t nfiles = 0, i;

	r = cli_parse(&ctx, argc, argv, NULL, NULL, NULL, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck scan [options] PATHS...\n\n"
		       "Reads files and directories (recursively; - for standard input) into the store\n"
		       "and prints, per document, its format, paragraphs, page furniture and notes.\n\n");
		cli_usage_common(stdout);
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
	r = cli_open_output(&ctx);
	if (r)
		goto done;
	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
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
		if (!ctx.quiet)
			print_summary(&ctx, d);
		doc_free(d);
	}
	r = cli_exit_code(&ctx, NULL);
done:
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
