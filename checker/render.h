/*
 * render.h - writes a report for a command: the format chosen with
 * --format, colour decided from [core] color, the terminal and
 * NO_COLOR, source lines quoted under text findings, output to -o FILE
 * or standard output. Shared by 'report' and 'check'.
 */
#ifndef PROVCHECK_RENDER_H
#define PROVCHECK_RENDER_H

struct cli_ctx;
struct report;

/*
 * The most of a report held in memory at once (a hard cap). Every format
 * is written as it is rendered, a document at a time, so this bounds one
 * document's part of the report (text, Markdown and HTML list at most
 * [report] max_per_kind findings of each kind per document, 10 by
 * default).
 */
#define RENDER_MAX (512u << 20)

/*
 * Renders rep in ctx->format and writes it (unless --quiet without -o).
 * Returns 0, or EXIT_USAGE after saying why.
 */
int render_report(struct cli_ctx *ctx, struct report *rep);

#endif
