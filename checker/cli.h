/*
 * cli.h - the command line: dispatch, common options, helpers shared by
 * the commands (checker/cmd_*.c). The commands live in the library so
 * that end-to-end tests and main.c run the same code.
 */
#ifndef PROVCHECK_CLI_H
#define PROVCHECK_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "config.h"
#include "findings.h"

enum cli_exit {
	EXIT_CLEAN = 0,         /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,      /* findings at or above --fail-on */
	EXIT_USAGE = 2          /* usage or input errors */
};

struct cli_ctx {
	const char *command;
	const char *db_path;    /* --db, else [core] db, else "provcheck.db" */
	const char *config_path;
	const char *format;     /* --format: text, json, md, html, junit */
	const char *output;     /* -o FILE; NULL: standard output */
	int quiet, verbose;
	int fail_never;         /* --fail-on never */
	enum severity fail_on;
	int offline;
	struct config cfg;
	FILE *out;              /* the output stream (owned when output != NULL) */
	int input_errors;       /* files that could not be read */
};

/* A command-specific option. has_arg: 0 flag, 1 required argument. */
struct cli_option {
	const char *name;       /* long name without "--" */
	char short_name;        /* 0 if none */
	int has_arg;
	int id;
	const char *help;
};

typedef int (*cli_option_fn)(void *ud, int id, const char *arg);

/*
 * Parses argv[1..argc) (argv[0] is the command): common options into
 * ctx, command options through on_opt (may be NULL), positional
 * arguments into *args (argv pointers, caller frees the array). Loads
 * the configuration. Returns 0, or EXIT_USAGE after printing why.
 */
int cli_parse(struct cli_ctx *ctx, int argc, char **argv, const struct cli_option *opts,
	      cli_option_fn on_opt, void *ud, char ***args, int *nargs);
/* The largest count an option takes, as the configuration's counts. */
#define CLI_COUNT_MAX 1000000000u

/*
 * Parses arg, the value of --option, as a whole number from 0 to max
 * into *out. Returns 0, or EXIT_USAGE after saying why.
 */
int cli_parse_count(const char *option, const char *arg, size_t max, size_t *out);
/* Opens ctx->out (standard output or -o FILE). Returns 0 or EXIT_USAGE. */
int cli_open_output(struct cli_ctx *ctx);
/* Releases ctx (closes -o FILE, frees the configuration). */
void cli_release(struct cli_ctx *ctx);
/* Exit code for these findings under --fail-on (and input errors). */
int cli_exit_code(const struct cli_ctx *ctx, const struct findings *f);

/*
 * The alias table of this run (config_aliases(): the configured file,
 * else the installed copy, else an empty table). Caller frees *out with
 * aliases_free(). Returns 0, or EXIT_USAGE after saying why.
 */
int cli_load_aliases(struct cli_ctx *ctx, struct aliases **out);

/*
 * Opens the store at ctx->db_path (creating or migrating it) and begins
 * a run of command. Returns 0, or EXIT_USAGE after saying why (then *st
 * is NULL or must still be closed by the caller with store_close()).
 */
struct store;
int cli_store_begin(struct cli_ctx *ctx, const char *command, struct store **st,
		    int64_t *run);

/* "provcheck: <message>" on stderr (message lowercase, no final newline). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the common options' help to fp. */
void cli_usage_common(FILE *fp);
void cli_usage_options(FILE *fp, const struct cli_option *opts);

/*
 * Expands paths (files, directories walked recursively in name order,
 * "-" for stdin) into a sorted list of files. Hidden entries and store
 * files are skipped. Unreadable paths are reported and counted in
 * ctx->input_errors. Caller frees with cli_paths_free().
 */
int cli_expand_paths(struct cli_ctx *ctx, char **paths, int npaths, char ***files, size_t *nfiles);
void cli_paths_free(char **files, size_t nfiles);

int cli_main(int argc, char **argv);

/* Commands: argv[0] is the command name. */
int cmd_scan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_refs(int argc, char **argv);
int cmd_links(int argc, char **argv);
int cmd_claims(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
