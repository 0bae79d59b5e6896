/* cmd_refs.c - 'provcheck refs' (placeholder: lands with its issue). */
#include "cli.h"

#include <stdlib.h>

int cmd_refs(int argc, char **argv)
{
	struct cli_ctx ctx;
	char **args = NULL;
	int nargs = 0, r;

	r = cli_parse(&ctx, argc, argv, NULL, NULL, NULL, &args, &nargs);
	if (r < 0) {
		printf("usage: provcheck refs [options] PATHS...\n\n");
		cli_usage_common(stdout);
		r = 0;
	} else if (!r) {
		cli_error("'refs' is not implemented yet");
		r = EXIT_USAGE;
	}
	free(args);
	cli_release(&ctx);
	return r;
}
