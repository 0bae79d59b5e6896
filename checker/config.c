/* config.c - placeholder: defaults only, until the INI parser lands. */
#include "config.h"
#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *config_strerror(enum config_result r)
{
	switch (r) {
	case CONFIG_OK: return "success";
	case CONFIG_ERR_IO: return "cannot read";
	case CONFIG_ERR_SYNTAX: return "syntax error";
	case CONFIG_ERR_UNKNOWN: return "unknown key";
	case CONFIG_ERR_VALUE: return "bad value";
	}
	return "unknown error";
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->db = xstrdup("provcheck.db");
	c->format = xstrdup("text");
	c->fail_on = xstrdup("error");
	c->color = -1;
	doc_limits_default(&c->limits);
	c->footnote_min_run = 2;
	c->title_similarity = 0.80;
	c->aliases_file = xstrdup("aliases.conf");
	c->links_max_total = 64;
	c->links_max_per_host = 4;
	c->links_host_interval_ms = 100;
	c->links_connect_timeout_ms = 10000;
	c->links_timeout_ms = 30000;
	c->links_max_redirects = 10;
	c->links_max_body = 256 * 1024;
	c->links_retries = 2;
	c->links_retry_after_cap_s = 120;
	c->links_user_agent = xstrdup("Mozilla/5.0 (X11; Linux x86_64) provcheck/" PROVCHECK_VERSION);
	c->links_dead_after_checks = 3;
	c->links_dead_after_days = 3;
	c->links_ttl_s = 86400;
	c->links_archive_endpoint = xstrdup("https://archive.org/wayback/available");
}

void config_release(struct config *c)
{
	free(c->db);
	free(c->format);
	free(c->fail_on);
	free(c->aliases_file);
	free(c->links_user_agent);
	free(c->links_archive_endpoint);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

enum config_result config_parse(struct config *c, const char *name, const char *text,
				size_t len, struct strbuf *errmsg)
{
	(void)c; (void)text; (void)len;
	strbuf_addf(errmsg, "%s: configuration files are not supported yet", name);
	return CONFIG_ERR_IO;
}

enum config_result config_load(struct config *c, const char *path, struct strbuf *errmsg)
{
	return config_parse(c, path, "", 0, errmsg);
}
