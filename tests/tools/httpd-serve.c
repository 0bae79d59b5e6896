/*
 * httpd-serve - the loopback test server (tests/helpers/httpd.c) as a
 * program, for end-to-end scripts that drive the real CLI.
 *
 *	httpd-serve SWITCH_DIR [ADDR [ACCESS_LOG]]
 *
 * Serves on ADDR (default 127.0.0.1) and a free port (logging every
 * request as "METHOD PATH" to ACCESS_LOG when given), prints its base
 * URL ("http://127.0.0.1:PORT") on one line, and serves until SIGTERM
 * or SIGINT, until the process that started it is gone, or at most ten
 * minutes, so that a script that dies cannot leak it. /switch/NAME is on
 * while SWITCH_DIR/NAME exists.
 */
#include "../helpers/httpd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define MAX_LIFETIME_S 600

int main(int argc, char **argv)
{
	struct httpd *h;
	sigset_t set;
	struct timespec one = { 1, 0 };
	pid_t parent = getppid();
	int i;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: httpd-serve SWITCH_DIR [ADDR [ACCESS_LOG]]\n");
		return 2;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* blocked before the server's threads start, so that they inherit the mask */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	h = httpd_start(argc > 2 ? argv[2] : "127.0.0.1", 0);
	if (!h) {
		fprintf(stderr, "httpd-serve: cannot start the server\n");
		return 1;
	}
	httpd_set_switch_dir(h, argv[1]);
	if (argc > 3 && httpd_set_access_log(h, argv[3])) {
		fprintf(stderr, "httpd-serve: cannot write '%s'\n", argv[3]);
		httpd_stop(h);
		return 1;
	}
	printf("%s\n", httpd_base(h));
	fflush(stdout);
	for (i = 0; i < MAX_LIFETIME_S && getppid() == parent; i++)
		if (sigtimedwait(&set, NULL, &one) > 0)
			break;
	httpd_stop(h);
	return 0;
}
