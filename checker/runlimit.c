/*
 * runlimit.c - max_documents and max_run_time (see runlimit.h).
 */
#include "runlimit.h"
#include "cli.h"
#include "config.h"

#include <string.h>
#include <time.h>

static int64_t mono_ms(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void runlimit_init(struct runlimit *rl, const struct config *c)
{
	memset(rl, 0, sizeof(*rl));
	if (c) {
		rl->max_documents = c->max_documents;
		rl->max_ms = (int64_t)c->max_run_time_s * 1000;
	}
	rl->start_ms = mono_ms();
}

int64_t runlimit_left_ms(const struct runlimit *rl)
{
	int64_t used;
	if (!rl->max_ms)
		return INT64_MAX;
	used = mono_ms() - rl->start_ms;
	return used >= rl->max_ms ? 0 : rl->max_ms - used;
}

int runlimit_allow(struct runlimit *rl, const char *path, size_t left)
{
	if (rl->hit)
		return 0;
	if (rl->max_documents && rl->done >= rl->max_documents)
		rl->hit = RUNLIMIT_DOCUMENTS;
	else if (!runlimit_left_ms(rl))
		rl->hit = RUNLIMIT_TIME;
	if (!rl->hit) {
		rl->done++;
		return 1;
	}
	if (rl->hit == RUNLIMIT_DOCUMENTS)
		cli_warn("stopped before '%s': %zu documents read, the limit (max_documents); "
			 "%zu not read", path, rl->done, left);
	else
		cli_warn("stopped before '%s': the run took %llds, the limit (max_run_time); "
			 "%zu documents not read", path, (long long)(rl->max_ms / 1000), left);
	return 0;
}

int runlimit_expired(struct runlimit *rl, const char *what)
{
	if (runlimit_left_ms(rl))
		return 0;
	rl->hit = RUNLIMIT_TIME;
	if (rl->said_expired)
		return 1;
	rl->said_expired = 1;
	cli_warn("the run took %llds, the limit (max_run_time): %s", (long long)(rl->max_ms / 1000),
		 what);
	return 1;
}
