/*
 * cmd_dates.c - 'provcheck dates': every date expression of a document,
 * one JSON object per line, with byte offsets into the file.
 */
#include "cli.h"
#include "buf.h"
#include "dates.h"
#include "doc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_ANCHOR = 1 };

static const struct cli_option dates_opts[] = {
	{ "anchor", 0, 1, OPT_ANCHOR, "the document's date (YYYY[-MM[-DD]]) when the text has none" },
	{ NULL, 0, 0, 0, NULL }
};

struct dates_opts {
	const char *anchor;
};

static int on_opt(void *ud, int id, const char *arg)
{
	struct dates_opts *o = ud;
	struct date_value v;
	if (id == OPT_ANCHOR) {
		if (date_parse_iso(arg, strlen(arg), &v) < 0) {
			cli_error("--anchor takes a date like 2016-01-11, not '%s'", arg);
			return EXIT_USAGE;
		}
		o->anchor = arg;
	}
	return 0;
}

/*
 * The anchor: --anchor, else the date the decoder found in the
 * metadata, else the date the text states for itself.
 */
static void doc_anchor(const struct doc *d, const char *opt, struct date_anchor *anc)
{
	memset(anc, 0, sizeof(*anc));
	anc->v.prec = DATE_PREC_NONE;
	if (opt && !date_parse_iso(opt, strlen(opt), &anc->v))
		return;
	if (d->meta.date && !date_parse_iso(d->meta.date, strlen(d->meta.date) > 10 ? 10 :
					    strlen(d->meta.date), &anc->v))
		return;
	if (!dates_find_anchor(d->text.text.buf, d->text.text.len, &anc->v, NULL))
		anc->v.prec = DATE_PREC_NONE;
}

static void print_expr(FILE *out, const struct doc *d, const struct date_expr *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t ss, se;

	doc_src_range(d, e->start, e->end, &ss, &se);
	strbuf_addf(&sb, "{\"start\":%zu,\"end\":%zu,\"text\":", ss, se);
	strbuf_add_json_str(&sb, d->text.text.buf + e->start, e->end - e->start);
	strbuf_addstr(&sb, ",\"value\":");
	strbuf_add_json_str(&sb, e->value, strlen(e->value));
	strbuf_addf(&sb, ",\"precision\":\"%s\",\"type\":\"%s\"",
		    date_prec_name((e->kind == DATE_KIND_RANGE || e->kind == DATE_KIND_TITLE) &&
				   e->b.prec && e->b.prec < e->a.prec ?
				   e->b.prec : e->a.prec),
		    date_expr_type(e));
	if (e->kind == DATE_KIND_BOUND)
		strbuf_addf(&sb, ",\"bound\":\"%s\"", date_bound_name(e->bound));
	if (e->kind == DATE_KIND_RANGE || e->kind == DATE_KIND_BOUND)
		strbuf_addf(&sb, ",\"start_inclusive\":%s,\"end_inclusive\":%s",
			    e->start_incl ? "true" : "false", e->end_incl ? "true" : "false");
	if (e->relative)
		strbuf_addstr(&sb, ",\"relative\":true");
	strbuf_addstr(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

int cmd_dates(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct dates_opts o = { NULL };
	char **args = NULL;
	int nargs = 0, r;
	struct doc *d = NULL;
	struct doc_error err;
	struct date_anchor anc;
	struct date_list dl;
	size_t i;

	date_list_init(&dl);
	r = cli_parse(&ctx, argc, argv, dates_opts, on_opt, &o, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck dates [--anchor YYYY-MM-DD] FILE\n\n"
		       "Prints every date expression of FILE as one JSON object per line:\n"
		       "\"start\" and \"end\" (byte offsets in the file), \"text\", \"value\" (ISO 8601\n"
		       "at its precision; ranges start/end, bounds ../end or start/..), \"precision\"\n"
		       "and \"type\" (date, range, bound, title-year, relative).\n\n");
		cli_usage_options(stdout, dates_opts);
		cli_usage_common(stdout);
		r = 0;
		goto cleanup;
	}
	if (r)
		goto cleanup;
	if (nargs != 1) {
		cli_error("dates takes exactly one file; see 'provcheck dates --help'");
		r = EXIT_USAGE;
		goto cleanup;
	}
	r = cli_open_output(&ctx);
	if (r)
		goto cleanup;
	if (doc_load(args[0], &ctx.cfg.limits, &d, &err) != DOC_OK) {
		struct strbuf sb = STRBUF_INIT;
		doc_error_format(args[0], &err, &sb);
		cli_error("%s", sb.buf);
		strbuf_release(&sb);
		r = EXIT_USAGE;
		goto cleanup;
	}
	doc_anchor(d, o.anchor, &anc);
	if (dates_scan(d->text.text.buf, d->text.text.len, &anc, &dl) != DATES_OK)
		cli_warn("%s: %s; the rest are not listed", args[0], dates_strerror(DATES_ERR_LIMIT));
	for (i = 0; i < dl.nr; i++)
		print_expr(ctx.out, d, &dl.v[i]);
	r = 0;
cleanup:
	date_list_release(&dl);
	doc_free(d);
	free(args);
	cli_release(&ctx);
	return r;
}
