/*
 * cmd_claims.c - 'provcheck claims': claims grouped by entity and
 * attribute across documents, with their status (docs/claims-schema.md).
 */
#include "cli.h"
#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void json_claim(struct strbuf *sb, const struct claim_set *set, const struct claim *c)
{
	const struct doc *d = set->docs[c->doc].d;
	size_t line, col, ss, se, i;

	doc_locate(d, c->val_start, &line, &col);
	doc_src_range(d, c->sent_start, c->sent_end, &ss, &se);
	strbuf_addstr(sb, "{\"document\":");
	strbuf_add_json_str(sb, d->path, strlen(d->path));
	strbuf_addf(sb, ",\"line\":%zu,\"column\":%zu,\"name\":", line, col);
	strbuf_add_json_str(sb, c->entity, strlen(c->entity));
	strbuf_addstr(sb, ",\"predicate\":");
	strbuf_add_json_str(sb, c->predicate, strlen(c->predicate));
	strbuf_addstr(sb, ",\"value\":");
	strbuf_add_json_str(sb, c->value, strlen(c->value));
	if (!c->is_date)
		strbuf_addf(sb, ",\"hedge\":\"%s\"", figure_hedge_prefix(c->fig.hedge));
	strbuf_addstr(sb, ",\"quote\":");
	strbuf_add_json_str(sb, d->text.text.buf + c->sent_start, c->sent_end - c->sent_start);
	strbuf_addstr(sb, ",\"sources\":[");
	for (i = 0; i < c->nr_sources; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, c->sources[i], strlen(c->sources[i]));
	}
	strbuf_addstr(sb, "]}");
	(void)ss;
	(void)se;
}

static void print_json(FILE *out, const struct claim_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, k;

	strbuf_addstr(&sb, "{\"groups\":[");
	for (i = 0; i < set->nr_groups; i++) {
		const struct claim_group *g = &set->groups[i];
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, "\n{\"entity\":");
		strbuf_add_json_str(&sb, g->entity, strlen(g->entity));
		strbuf_addstr(&sb, ",\"aliases\":[");
		for (j = 0; j < g->nr_claims; j++) {
			const char *n = set->claims[g->claims[j]].entity;
			int seen = 0;
			for (k = 0; k < j; k++)
				if (!strcmp(set->claims[g->claims[k]].entity, n))
					seen = 1;
			if (seen)
				continue;
			if (sb.buf[sb.len - 1] != '[')
				strbuf_addch(&sb, ',');
			strbuf_add_json_str(&sb, n, strlen(n));
		}
		strbuf_addf(&sb, "],\"attribute\":\"%s\",\"status\":\"%s\",\"reason\":", g->attribute,
			    g->status);
		strbuf_add_json_str(&sb, g->reason, strlen(g->reason));
		strbuf_addstr(&sb, ",\"claims\":[");
		for (j = 0; j < g->nr_claims; j++) {
			if (j)
				strbuf_addch(&sb, ',');
			json_claim(&sb, set, &set->claims[g->claims[j]]);
		}
		strbuf_addstr(&sb, "]}");
	}
	strbuf_addstr(&sb, "\n]}\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

static void print_text(FILE *out, const struct claim_set *set, int all)
{
	size_t i, j;
	for (i = 0; i < set->nr_groups; i++) {
		const struct claim_group *g = &set->groups[i];
		if (!all && g->nr_claims < 2)
			continue;
		fprintf(out, "%s: %s [%s]\n  %s\n", g->status, g->entity, g->attribute, g->reason);
		for (j = 0; j < g->nr_claims; j++) {
			const struct claim *c = &set->claims[g->claims[j]];
			const struct doc *d = set->docs[c->doc].d;
			size_t line, col, n = c->sent_end - c->sent_start;
			doc_locate(d, c->val_start, &line, &col);
			fprintf(out, "  %s:%zu:%zu: %s %s: \"%.*s%s\"\n", d->path, line, col, c->predicate,
				c->value, (int)(n > 160 ? 160 : n), d->text.text.buf + c->sent_start,
				n > 160 ? "..." : "");
		}
		fputc('\n', out);
	}
}

int cmd_claims(int argc, char **argv)
{
	struct cli_ctx ctx;
	char **args = NULL, **files = NULL;
	int nargs = 0, r;
	size_t nfiles = 0, i, ndocs = 0;
	struct doc **docs = NULL;
	struct claim_set set;
	struct findings f;
	struct aliases *aliases = NULL;

	findings_init(&f);
	claims_init(&set, 0.8, NULL);
	r = cli_parse(&ctx, argc, argv, NULL, NULL, NULL, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck claims [--format text|json] PATHS...\n\n"
		       "Extracts dated and counted claims about instruments, congresses, meetings and\n"
		       "publications, groups them across documents and says whether they agree,\n"
		       "conflict, or name the same thing differently (docs/claims-schema.md).\n\n");
		cli_usage_common(stdout);
		r = 0;
		goto cleanup;
	}
	if (r)
		goto cleanup;
	if (!nargs) {
		cli_error("claims needs at least one path; see 'provcheck claims --help'");
		r = EXIT_USAGE;
		goto cleanup;
	}
	r = cli_load_aliases(&ctx, &aliases);
	if (r)
		goto cleanup;
	claims_release(&set);
	claims_init(&set, ctx.cfg.title_similarity, aliases);
	if (strcmp(ctx.format, "text") && strcmp(ctx.format, "json")) {
		cli_error("claims writes text or json, not '%s'", ctx.format);
		r = EXIT_USAGE;
		goto cleanup;
	}
	set.title_similarity = ctx.cfg.title_similarity;
	r = cli_open_output(&ctx);
	if (r)
		goto cleanup;
	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
	docs = xcalloc(nfiles + 1, sizeof(*docs));
	for (i = 0; i < nfiles; i++) {
		struct doc_error err;
		if (doc_load(files[i], &ctx.cfg.limits, &docs[ndocs], &err) != DOC_OK) {
			struct strbuf sb = STRBUF_INIT;
			doc_error_format(files[i], &err, &sb);
			cli_error("%s", sb.buf);
			strbuf_release(&sb);
			ctx.input_errors++;
			continue;
		}
		if (claims_add_doc(&set, docs[ndocs], NULL, NULL, 0) != CLAIMS_OK)
			cli_warn("%s: %s; the rest are left out", files[i],
				 claims_strerror(CLAIMS_ERR_LIMIT));
		ndocs++;
	}
	claims_reconcile(&set, &f);
	if (!strcmp(ctx.format, "json"))
		print_json(ctx.out, &set);
	else
		print_text(ctx.out, &set, ctx.verbose);
	if (!strcmp(ctx.format, "text")) {
		for (i = 0; i < f.nr; i++)
			if (!strcmp(f.v[i].kind, "claim-date-mismatch"))
				fprintf(ctx.out, "%s:%zu:%zu: %s: %s\n", f.v[i].doc, f.v[i].line,
					f.v[i].col, f.v[i].kind, f.v[i].message);
	}
	r = cli_exit_code(&ctx, &f);
cleanup:
	claims_release(&set);
	aliases_free(aliases);
	findings_release(&f);
	for (i = 0; i < ndocs; i++)
		doc_free(docs[i]);
	free(docs);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
