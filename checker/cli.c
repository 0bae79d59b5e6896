/*
 * cli.c - dispatch, common options and shared helpers of the commands.
 */
#include "cli.h"
#include "buf.h"
#include "store.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "check", cmd_check, "run every stage on PATHS (the main job)" },
	{ "scan", cmd_scan, "ingest files and directories into the store" },
	{ "refs", cmd_refs, "citations, notes and reference lists, linked and audited" },
	{ "claims", cmd_claims, "dates and figures bound to what they describe, reconciled" },
	{ "dates", cmd_dates, "list the date expressions of a text as JSON lines" },
	{ "links", cmd_links, "check every URL over HTTP, with history" },
	{ "report", cmd_report, "render the stored findings (text, md, html, json, junit)" },
};

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("provcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	fputs("provcheck: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_usage_common(FILE *fp)
{
	fputs("Common options:\n"
	      "      --db PATH         the store (default provcheck.db in the current directory)\n"
	      "      --config FILE     configuration file (default: $PROVCHECK_CONFIG, else built-in defaults)\n"
	      "      --format FMT      text, json, md, html or junit (default text)\n"
	      "  -o, --output FILE     write the report to FILE instead of standard output\n"
	      "  -q, --quiet           print nothing but errors\n"
	      "  -v, --verbose         say more\n"
	      "      --fail-on LEVEL   exit 1 when findings reach LEVEL: error, warning or never (default error)\n"
	      "      --offline         no network: links are not checked, archives not looked up\n"
	      "  -h, --help            this help\n", fp);
}

void cli_usage_options(FILE *fp, const struct cli_option *opts)
{
	if (!opts || !opts->name)
		return;
	fputs("Options:\n", fp);
	for (; opts->name; opts++) {
		char left[64];
		if (opts->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s", opts->short_name, opts->name,
				 opts->has_arg ? " ARG" : "");
		else
			snprintf(left, sizeof(left), "    --%s%s", opts->name, opts->has_arg ? " ARG" : "");
		/* a name too long for the column puts its help on the next line */
		if (strlen(left) >= 22)
			fprintf(fp, "  %s\n%24s", left, "");
		else
			fprintf(fp, "  %-22s", left);
		fprintf(fp, "%s\n", opts->help ? opts->help : "");
	}
}

static void usage(FILE *fp)
{
	size_t i;
	fputs("usage: provcheck <command> [options] [paths...]\n\n"
	      "Audits the citations and provenance of a set of documents.\n\n"
	      "Commands:\n", fp);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'provcheck <command> --help' for a command's options.\n"
	      "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
	      "2 usage or input errors.\n", fp);
}

enum {
	OPT_DB = 1000, OPT_CONFIG, OPT_FORMAT, OPT_OUTPUT, OPT_QUIET, OPT_VERBOSE,
	OPT_FAIL_ON, OPT_OFFLINE, OPT_HELP
};

static const struct cli_option common_opts[] = {
	{ "db", 0, 1, OPT_DB, NULL },
	{ "config", 0, 1, OPT_CONFIG, NULL },
	{ "format", 0, 1, OPT_FORMAT, NULL },
	{ "output", 'o', 1, OPT_OUTPUT, NULL },
	{ "quiet", 'q', 0, OPT_QUIET, NULL },
	{ "verbose", 'v', 0, OPT_VERBOSE, NULL },
	{ "fail-on", 0, 1, OPT_FAIL_ON, NULL },
	{ "offline", 0, 0, OPT_OFFLINE, NULL },
	{ "help", 'h', 0, OPT_HELP, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct cli_option *find_opt(const struct cli_option *opts, const char *name,
					 size_t nlen, char sname)
{
	if (!opts)
		return NULL;
	for (; opts->name; opts++) {
		if (sname ? opts->short_name == sname
			  : (strlen(opts->name) == nlen && !strncmp(opts->name, name, nlen)))
			return opts;
	}
	return NULL;
}

static int apply_common(struct cli_ctx *ctx, int id, const char *arg)
{
	switch (id) {
	case OPT_DB: ctx->db_path = arg; break;
	case OPT_CONFIG: ctx->config_path = arg; break;
	case OPT_FORMAT:
		if (strcmp(arg, "text") && strcmp(arg, "json") && strcmp(arg, "md") &&
		    strcmp(arg, "html") && strcmp(arg, "junit")) {
			cli_error("unknown format '%s' (text, json, md, html or junit)", arg);
			return EXIT_USAGE;
		}
		ctx->format = arg;
		break;
	case OPT_OUTPUT: ctx->output = arg; break;
	case OPT_QUIET: ctx->quiet = 1; break;
	case OPT_VERBOSE: ctx->verbose = 1; break;
	case OPT_FAIL_ON:
		if (!strcmp(arg, "never")) {
			ctx->fail_never = 1;
		} else if (severity_parse(arg, &ctx->fail_on) < 0 || ctx->fail_on == SEV_INFO) {
			cli_error("--fail-on takes error, warning or never, not '%s'", arg);
			return EXIT_USAGE;
		} else {
			ctx->fail_never = 0;
		}
		break;
	case OPT_OFFLINE: ctx->offline = 1; break;
	}
	return 0;
}

static int load_config(struct cli_ctx *ctx)
{
	struct strbuf err = STRBUF_INIT;
	const char *path = ctx->config_path;
	int r = 0;

	if (!path)
		path = getenv("PROVCHECK_CONFIG");
	if (path && *path) {
		if (config_load(&ctx->cfg, path, &err) != CONFIG_OK) {
			cli_error("%s", err.buf);
			r = EXIT_USAGE;
		}
	}
	strbuf_release(&err);
	return r;
}

int cli_parse(struct cli_ctx *ctx, int argc, char **argv, const struct cli_option *opts,
	      cli_option_fn on_opt, void *ud, char ***args, int *nargs)
{
	int i, r = 0, only_args = 0;
	const char *fail_on = NULL;

	memset(ctx, 0, sizeof(*ctx));
	ctx->command = argv[0];
	ctx->fail_on = SEV_ERROR;
	config_init(&ctx->cfg);
	*args = xcalloc((size_t)argc + 1, sizeof(char *));
	*nargs = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *name;
		const struct cli_option *o = NULL;
		int common = 0;
		size_t nlen;

		if (only_args || a[0] != '-' || !strcmp(a, "-")) {
			(*args)[(*nargs)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq;
			name = a + 2;
			eq = strchr(name, '=');
			nlen = eq ? (size_t)(eq - name) : strlen(name);
			if (eq)
				val = eq + 1;
			o = find_opt(opts, name, nlen, 0);
			if (!o) {
				o = find_opt(common_opts, name, nlen, 0);
				common = 1;
			}
		} else {
			name = a + 1;
			nlen = 1;
			o = find_opt(opts, NULL, 0, a[1]);
			if (!o) {
				o = find_opt(common_opts, NULL, 0, a[1]);
				common = 1;
			}
			if (a[2])
				val = a + 2;
		}
		if (!o) {
			cli_error("unknown option '%s' for '%s'; see 'provcheck %s --help'", a, argv[0], argv[0]);
			r = EXIT_USAGE;
			goto done;
		}
		if (o->has_arg && !val) {
			if (i + 1 >= argc) {
				cli_error("option '--%s' needs a value", o->name);
				r = EXIT_USAGE;
				goto done;
			}
			val = argv[++i];
		} else if (!o->has_arg && val) {
			cli_error("option '--%s' takes no value", o->name);
			r = EXIT_USAGE;
			goto done;
		}
		if (common && o->id == OPT_HELP) {
			r = -1;
			goto done;
		}
		if (common && o->id == OPT_FAIL_ON) {
			fail_on = val;
			continue;
		}
		if (common)
			r = apply_common(ctx, o->id, val);
		else if (on_opt)
			r = on_opt(ud, o->id, val);
		if (r)
			goto done;
	}
	r = load_config(ctx);
	if (r)
		goto done;
	if (!ctx->db_path)
		ctx->db_path = ctx->cfg.db ? ctx->cfg.db : "provcheck.db";
	if (!ctx->format)
		ctx->format = ctx->cfg.format ? ctx->cfg.format : "text";
	if (!fail_on)
		fail_on = ctx->cfg.fail_on;
	if (fail_on)
		r = apply_common(ctx, OPT_FAIL_ON, fail_on);
	if (ctx->cfg.links_offline)
		ctx->offline = 1;
done:
	return r;
}

int cli_load_aliases(struct cli_ctx *ctx, struct aliases **out)
{
	struct strbuf err = STRBUF_INIT;
	int r = 0;
	if (config_aliases(&ctx->cfg, out, &err) != CONFIG_OK) {
		cli_error("%s", err.buf);
		r = EXIT_USAGE;
	}
	strbuf_release(&err);
	return r;
}

int cli_store_begin(struct cli_ctx *ctx, const char *command, struct store **st,
		    int64_t *run)
{
	struct strbuf msg = STRBUF_INIT;
	enum store_result sr;
	int r = 0;

	sr = store_open(ctx->db_path, st, &msg);
	if (sr) {
		cli_error("cannot open store '%s': %s", ctx->db_path,
			  msg.len ? msg.buf : store_strerror(sr));
		r = EXIT_USAGE;
	} else if (store_run_begin(*st, command, run) != STORE_OK) {
		cli_error("cannot write store '%s': %s", ctx->db_path, store_errmsg(*st));
		r = EXIT_USAGE;
	}
	strbuf_release(&msg);
	return r;
}

int cli_parse_count(const char *option, const char *arg, size_t max, size_t *out)
{
	unsigned long long v = 0;
	char *end = NULL;
	int ok;

	/* strtoull() takes "-1" as a huge number: only digits */
	ok = arg[0] >= '0' && arg[0] <= '9';
	if (ok) {
		errno = 0;
		v = strtoull(arg, &end, 10);
		ok = !errno && !*end && v <= max;
	}
	if (!ok) {
		cli_error("--%s takes a whole number from 0 to %zu, not '%s'", option, max, arg);
		return EXIT_USAGE;
	}
	*out = (size_t)v;
	return 0;
}

int cli_open_output(struct cli_ctx *ctx)
{
	if (!ctx->output || !strcmp(ctx->output, "-")) {
		ctx->out = stdout;
		return 0;
	}
	ctx->out = fopen(ctx->output, "w");
	if (!ctx->out) {
		cli_error("cannot write '%s': %s", ctx->output, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

void cli_release(struct cli_ctx *ctx)
{
	if (ctx->out && ctx->out != stdout) {
		if (fclose(ctx->out) != 0)
			cli_error("cannot write '%s': %s", ctx->output, strerror(errno));
	} else if (ctx->out) {
		fflush(ctx->out);
	}
	ctx->out = NULL;
	config_release(&ctx->cfg);
}

int cli_exit_code(const struct cli_ctx *ctx, const struct findings *f)
{
	if (ctx->input_errors)
		return EXIT_USAGE;
	if (!ctx->fail_never && f && findings_count_at_least(f, ctx->fail_on))
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

struct pathlist {
	char **v;
	size_t nr, alloc;
};

static void pl_add(struct pathlist *pl, const char *p)
{
	ALLOC_GROW(pl->v, pl->nr + 1, pl->alloc);
	pl->v[pl->nr++] = xstrdup(p);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int skip_name(const char *n)
{
	size_t l = strlen(n);
	if (n[0] == '.')
		return 1;
	if ((l > 3 && !strcmp(n + l - 3, ".db")) || (l > 7 && !strcmp(n + l - 7, ".db-wal")) ||
	    (l > 7 && !strcmp(n + l - 7, ".db-shm")) || (l > 1 && n[l - 1] == '~'))
		return 1;
	return 0;
}

static void walk(struct cli_ctx *ctx, const char *dir, struct pathlist *pl, int depth)
{
	DIR *dp;
	struct dirent *de;
	struct pathlist names = { NULL, 0, 0 };
	size_t i;

	if (depth > 64) {
		cli_error("cannot read '%s': directories nested too deep", dir);
		ctx->input_errors++;
		return;
	}
	dp = opendir(dir);
	if (!dp) {
		cli_error("cannot read '%s': %s", dir, strerror(errno));
		ctx->input_errors++;
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (skip_name(de->d_name))
			continue;
		pl_add(&names, de->d_name);
	}
	closedir(dp);
	if (names.nr > 1)
		qsort(names.v, names.nr, sizeof(char *), cmp_strp);
	for (i = 0; i < names.nr; i++) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;
		strbuf_addstr(&p, dir);
		if (p.len && p.buf[p.len - 1] != '/')
			strbuf_addch(&p, '/');
		strbuf_addstr(&p, names.v[i]);
		if (lstat(p.buf, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(ctx, p.buf, pl, depth + 1);
			else if (S_ISREG(st.st_mode))
				pl_add(pl, p.buf);
			/* symbolic links and special files inside directories are skipped */
		}
		strbuf_release(&p);
		free(names.v[i]);
	}
	free(names.v);
}

int cli_expand_paths(struct cli_ctx *ctx, char **paths, int npaths, char ***files, size_t *nfiles)
{
	struct pathlist pl = { NULL, 0, 0 };
	int i;
	for (i = 0; i < npaths; i++) {
		struct stat st;
		if (!strcmp(paths[i], "-")) {
			pl_add(&pl, "-");
			continue;
		}
		if (stat(paths[i], &st) < 0) {
			cli_error("cannot read '%s': %s", paths[i],
				  errno == ENOENT ? "no such file" : strerror(errno));
			ctx->input_errors++;
			continue;
		}
		if (S_ISDIR(st.st_mode))
			walk(ctx, paths[i], &pl, 0);
		else
			pl_add(&pl, paths[i]);
	}
	*files = pl.v;
	*nfiles = pl.nr;
	return 0;
}

void cli_paths_free(char **files, size_t nfiles)
{
	size_t i;
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
}

int cli_main(int argc, char **argv)
{
	size_t i;
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *hv[3] = { argv[2], (char *)"--help", NULL };
			for (i = 0; i < ARRAY_SIZE(commands); i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].fn(2, hv);
		}
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("provcheck %s\n", PROVCHECK_VERSION);
		return EXIT_CLEAN;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[1]))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("'%s' is not a provcheck command; see 'provcheck --help'", argv[1]);
	return EXIT_USAGE;
}
