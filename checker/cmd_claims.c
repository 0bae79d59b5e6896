/*
 * cmd_claims.c - 'provcheck claims': claims grouped by entity and
 * attribute across documents, with their status (docs/claims-schema.md).
 *
 * Each document is freed as soon as its claims are extracted (the claim
 * set keeps copies of what it shows), so memory follows the largest
 * document, not the corpus.
 *
 * [limits] max_claims caps the claims of the corpus, as in 'check': the
 * documents after the cap are not read at all, and one warning at the
 * end says where it was reached and how many documents it left out.
 * max_documents and max_run_time stop the reading as in 'scan' and
 * 'check' (a warning naming the first document left out, exit status
 * 2); the claims of the documents read are reconciled and printed.
 */
#include "cli.h"
#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "findings.h"
#include "pipeline.h"
#include "runlimit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Statuses in the order the summary names them. */
static const char *const statuses[] = {
	"conflict", "changed-over-time", "recurring", "variant", "agree", "single",
};

static void json_claim(struct strbuf *sb, const struct claim_set *set, const struct claim *c)
{
	const char *path = set->docs[c->doc].path;
	size_t i;

	strbuf_addstr(sb, "{\"document\":");
	strbuf_add_json_str(sb, path, strlen(path));
	strbuf_addf(sb, ",\"line\":%zu,\"column\":%zu,\"name\":", c->line, c->col);
	strbuf_add_json_str(sb, c->entity, strlen(c->entity));
	strbuf_addstr(sb, ",\"predicate\":");
	strbuf_add_json_str(sb, c->predicate, strlen(c->predicate));
	strbuf_addstr(sb, ",\"value\":");
	strbuf_add_json_str(sb, c->value, strlen(c->value));
	if (!c->is_date)
		strbuf_addf(sb, ",\"hedge\":\"%s\"", figure_hedge_prefix(c->fig.hedge));
	strbuf_addstr(sb, ",\"quote\":");
	strbuf_add_json_str(sb, c->quote, strlen(c->quote));
	strbuf_addstr(sb, ",\"sources\":[");
	for (i = 0; i < c->nr_sources; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, c->sources[i], strlen(c->sources[i]));
	}
	strbuf_addstr(sb, "]}");
}

static void json_opt_str(struct strbuf *sb, const char *key, const char *s)
{
	strbuf_addf(sb, ",\"%s\":", key);
	if (s)
		strbuf_add_json_str(sb, s, strlen(s));
	else
		strbuf_addstr(sb, "null");
}

/*
 * The findings, with the field names of the report's JSON
 * (docs/report-schema.json), written out as they are formatted.
 */
static void json_findings(FILE *out, struct strbuf *sb, const struct findings *f)
{
	size_t i, j;
	strbuf_addstr(sb, "\"findings\":[");
	for (i = 0; i < f->nr; i++) {
		const struct finding *fd = &f->v[i];
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addf(sb, "\n{\"id\":\"%s\",\"kind\":", fd->id);
		strbuf_add_json_str(sb, fd->kind, strlen(fd->kind));
		strbuf_addf(sb, ",\"severity\":\"%s\"", severity_name(fd->severity));
		json_opt_str(sb, "document", fd->doc);
		strbuf_addf(sb, ",\"line\":%zu,\"column\":%zu", fd->line, fd->col);
		json_opt_str(sb, "quote", fd->quote);
		json_opt_str(sb, "message", fd->message);
		json_opt_str(sb, "suggestion", fd->suggestion);
		strbuf_addstr(sb, ",\"related\":[");
		for (j = 0; j < fd->nr_related; j++) {
			const struct finding_loc *l = &fd->related[j];
			if (j)
				strbuf_addch(sb, ',');
			strbuf_addstr(sb, "{\"document\":");
			strbuf_add_json_str(sb, l->doc ? l->doc : "", l->doc ? strlen(l->doc) : 0);
			strbuf_addf(sb, ",\"line\":%zu,\"column\":%zu", l->line, l->col);
			json_opt_str(sb, "quote", l->quote);
			json_opt_str(sb, "note", l->note);
			strbuf_addch(sb, '}');
		}
		strbuf_addstr(sb, "]}");
		if (sb->len > 65536) {
			fwrite(sb->buf, 1, sb->len, out);
			strbuf_reset(sb);
		}
	}
	strbuf_addstr(sb, "\n]");
}

static void print_json(FILE *out, const struct claim_set *set, const struct findings *f)
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
			/* bounded: a name is looked for among the first few only */
			for (k = 0; k < j && k < 64 && !seen; k++)
				seen = !strcmp(set->claims[g->claims[k]].entity, n);
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
		/* write as we go: the output of a large corpus is not held whole */
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, out);
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, "\n],");
	json_findings(out, &sb, f);
	strbuf_addstr(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

/* "5 documents, 120 claims; 6 stated more than once: 1 conflict, 4 variant, 1 agree; ..." */
static void summary_line(struct strbuf *sb, const struct claim_set *set, const struct findings *f)
{
	size_t n[ARRAY_SIZE(statuses)] = { 0 }, i, k, multi = 0, sev[3] = { 0 };
	int first = 1;

	for (i = 0; i < set->nr_groups; i++) {
		for (k = 0; k < ARRAY_SIZE(statuses); k++)
			if (!strcmp(set->groups[i].status, statuses[k]))
				n[k]++;
		if (set->groups[i].nr_claims > 1)
			multi++;
	}
	for (i = 0; i < f->nr; i++)
		sev[f->v[i].severity]++;
	strbuf_addf(sb, "%zu document%s, %zu claim%s; %zu stated more than once", set->nr_docs,
		    set->nr_docs == 1 ? "" : "s", set->nr_claims, set->nr_claims == 1 ? "" : "s",
		    multi);
	for (k = 0; k + 1 < ARRAY_SIZE(statuses); k++) {
		if (!n[k])
			continue;
		strbuf_addf(sb, "%s %zu %s", first ? ":" : ",", n[k], statuses[k]);
		first = 0;
	}
	strbuf_addf(sb, "; %zu error%s, %zu warning%s, %zu info\n", sev[SEV_ERROR],
		    sev[SEV_ERROR] == 1 ? "" : "s", sev[SEV_WARNING], sev[SEV_WARNING] == 1 ? "" : "s",
		    sev[SEV_INFO]);
}

static void print_text(FILE *out, const struct claim_set *set, const struct findings *f, int all)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	for (i = 0; i < set->nr_groups; i++) {
		const struct claim_group *g = &set->groups[i];
		if (!all && g->nr_claims < 2)
			continue;
		fprintf(out, "%s: %s [%s]\n  %s\n", g->status, g->entity, g->attribute, g->reason);
		for (j = 0; j < g->nr_claims; j++) {
			const struct claim *c = &set->claims[g->claims[j]];
			size_t n = strlen(c->quote);
			fprintf(out, "  %s:%zu:%zu: %s %s: \"%.*s%s\"\n", set->docs[c->doc].path, c->line,
				c->col, c->predicate, c->value, (int)(n > 160 ? 160 : n), c->quote,
				n > 160 ? "..." : "");
		}
		fputc('\n', out);
	}
	for (i = 0; i < f->nr; i++)
		if (!strcmp(f->v[i].kind, "claim-date-mismatch"))
			fprintf(out, "%s:%zu:%zu: %s: %s\n", f->v[i].doc, f->v[i].line, f->v[i].col,
				f->v[i].kind, f->v[i].message);
	summary_line(&sb, set, f);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

int cmd_claims(int argc, char **argv)
{
	struct cli_ctx ctx;
	char **args = NULL, **files = NULL;
	int nargs = 0, r;
	size_t nfiles = 0, i;
	struct claim_set set;
	struct findings f;
	struct aliases *aliases = NULL;
	struct pipeline_cap cap;
	struct runlimit rl;
	struct strbuf w = STRBUF_INIT;

	pipeline_cap_init(&cap);
	findings_init(&f);
	claims_init(&set, 0.8, NULL);
	r = cli_parse(&ctx, argc, argv, NULL, NULL, NULL, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck claims [--format text|json] PATHS...\n\n"
		       "Extracts dated and counted claims about instruments, congresses, meetings and\n"
		       "publications, groups them across documents and says whether they agree,\n"
		       "conflict, or name the same thing differently (docs/claims-schema.md).\n"
		       "[limits] max_claims, max_documents and max_run_time stop the reading early,\n"
		       "with a warning naming the file. Exit status: 0 nothing at or above --fail-on,\n"
		       "1 findings at or above it, 2 usage or input errors (or a limit reached).\n\n");
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
	if (strcmp(ctx.format, "text") && strcmp(ctx.format, "json")) {
		cli_error("claims writes text or json, not '%s'", ctx.format);
		r = EXIT_USAGE;
		goto cleanup;
	}
	r = cli_load_aliases(&ctx, &aliases);
	if (r)
		goto cleanup;
	claims_release(&set);
	claims_init(&set, ctx.cfg.title_similarity, aliases);
	set.max_claims = ctx.cfg.max_claims;
	r = cli_open_output(&ctx);
	if (r)
		goto cleanup;
	cli_expand_paths(&ctx, args, nargs, &files, &nfiles);
	runlimit_init(&rl, &ctx.cfg);
	for (i = 0; i < nfiles; i++) {
		struct doc_error err;
		struct doc *d = NULL;
		struct pipeline_doc p;

		if (!runlimit_allow(&rl, files[i], nfiles - i)) {
			/* the documents left out are input not used: exit 2 */
			ctx.input_errors++;
			break;
		}
		pipeline_doc_init(&p);
		if (set.nr_claims >= set.max_claims) {
			/* the set is full: the document would add nothing */
			p.claims_limit = PIPELINE_CAP_FULL;
			pipeline_cap_note(&cap, &p, files[i], &set);
			continue;
		}
		if (doc_load(files[i], &ctx.cfg.limits, &d, &err) != DOC_OK) {
			struct strbuf sb = STRBUF_INIT;
			doc_error_format(files[i], &err, &sb);
			cli_error("%s", sb.buf);
			strbuf_release(&sb);
			ctx.input_errors++;
			continue;
		}
		if (claims_add_doc(&set, d, NULL, NULL, 0) != CLAIMS_OK) {
			p.claims_limit = PIPELINE_CAP_HIT;
			pipeline_cap_note(&cap, &p, files[i], &set);
		}
		doc_free(d);
	}
	/* once, rather than once per document left out */
	if (pipeline_cap_message(&cap, &w))
		cli_warn("%s", w.buf);
	claims_reconcile(&set, &f);
	if (!strcmp(ctx.format, "json"))
		print_json(ctx.out, &set, &f);
	else
		print_text(ctx.out, &set, &f, ctx.verbose);
	r = cli_exit_code(&ctx, &f);
cleanup:
	strbuf_release(&w);
	pipeline_cap_release(&cap);
	claims_release(&set);
	aliases_free(aliases);
	findings_release(&f);
	cli_paths_free(files, nfiles);
	free(args);
	cli_release(&ctx);
	return r;
}
