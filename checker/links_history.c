/*
 * links_history.c - link history in the store (placeholder until the
 * store lands: no history is kept).
 */
#include "links_history.h"
#include "links.h"

int links_history_recent(struct store *st, const char *url, time_t now, long ttl_s,
			 struct links_entry *e)
{
	(void)st; (void)url; (void)now; (void)ttl_s; (void)e;
	return 0;
}

int links_history_put(struct store *st, int64_t run_id, const struct links_entry *e, time_t now)
{
	(void)st; (void)run_id; (void)e; (void)now;
	return 0;
}

int links_history_state(struct store *st, const char *url, int dead_after_checks,
			long dead_after_days, time_t now, struct links_entry *e)
{
	(void)st; (void)url; (void)dead_after_checks; (void)dead_after_days; (void)now; (void)e;
	return 0;
}

int links_history_put_archive(struct store *st, const char *url, const char *archive)
{
	(void)st; (void)url; (void)archive;
	return 0;
}
