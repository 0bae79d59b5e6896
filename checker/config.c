/*
 * config.c - provcheck.conf: an INI reader driven by a table of keys.
 *
 * Every key is described once in key_table[] (section, name, type,
 * range, where it is stored), so parsing, range checks and messages are
 * the same for all of them. A file is parsed into a copy of the current
 * settings and only swapped in when every line was good: a bad file
 * never leaves half its settings applied.
 *
 * The aliases file reader is in aliases.c; both share the file reading
 * and line splitting helpers declared in config_internal.h.
 */
#include "config.h"
#include "config_internal.h"
#include "buf.h"
#include "claims.h"
#include "report.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- shared helpers (config_internal.h) ---- */

enum config_result conf_read_file(const char *path, struct strbuf *sb, struct strbuf *errmsg)
{
	FILE *fp = NULL;
	struct stat st;
	char chunk[8192];
	size_t n;
	enum config_result r = CONFIG_OK;
	const char *why = NULL;

	if (stat(path, &st) < 0) {
		why = errno == ENOENT || errno == ENOTDIR ? "no such file" :
		      errno == EACCES ? "permission denied" : "read error";
		r = CONFIG_ERR_IO;
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		why = "is a directory";
		r = CONFIG_ERR_IO;
		goto cleanup;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		why = errno == EACCES ? "permission denied" : "read error";
		r = CONFIG_ERR_IO;
		goto cleanup;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (sb->len + n > CONFIG_MAX_FILE) {
			why = "file too large (the limit is 1 MiB)";
			r = CONFIG_ERR_IO;
			goto cleanup;
		}
		strbuf_add(sb, chunk, n);
	}
	if (ferror(fp)) {
		why = "read error";
		r = CONFIG_ERR_IO;
	}
cleanup:
	if (fp)
		fclose(fp);
	if (r != CONFIG_OK)
		strbuf_addf(errmsg, "cannot read '%s': %s", path, why);
	return r;
}

void conf_lines_init(struct conf_lines *it, const char *text, size_t len)
{
	it->text = text;
	it->len = len;
	it->pos = 0;
	it->lineno = 0;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		it->pos = 3;
}

int conf_lines_next(struct conf_lines *it, const char **line, size_t *n)
{
	const char *nl;
	size_t end;
	if (it->pos >= it->len)
		return 0;
	nl = memchr(it->text + it->pos, '\n', it->len - it->pos);
	end = nl ? (size_t)(nl - it->text) : it->len;
	*line = it->text + it->pos;
	*n = end - it->pos;
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	it->pos = nl ? end + 1 : it->len;
	it->lineno++;
	return 1;
}

enum config_result conf_check_line(const char *name, size_t lineno, const char *line, size_t n,
				   struct strbuf *errmsg)
{
	size_t bad, i;
	if (n > CONFIG_MAX_LINE) {
		strbuf_addf(errmsg, "%s:%zu: line too long (%zu bytes, the limit is %d)",
			    name, lineno, n, CONFIG_MAX_LINE);
		return CONFIG_ERR_SYNTAX;
	}
	if (!utf8_validate(line, n, &bad)) {
		strbuf_addf(errmsg, "%s:%zu: invalid UTF-8 (byte 0x%02x)", name, lineno,
			    (unsigned char)line[bad]);
		return CONFIG_ERR_SYNTAX;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			strbuf_addf(errmsg, "%s:%zu: control character 0x%02x", name, lineno, c);
			return CONFIG_ERR_SYNTAX;
		}
	}
	return CONFIG_OK;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

void conf_trim(const char **s, size_t *n)
{
	while (*n && is_blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

size_t conf_strip_comment(const char *s, size_t n)
{
	size_t i;
	for (i = 1; i < n; i++)
		if (s[i] == '#' && is_blank((unsigned char)s[i - 1]))
			return i;
	return n;
}

/* ---- the key table ---- */

enum value_type {
	T_STRING,       /* any text; flags say whether it may be empty */
	T_CHOICE,       /* one of choices[], stored as a string */
	T_COLOR,        /* auto, always, never -> -1, 1, 0 */
	T_COUNT,        /* whole number */
	T_SIZE,         /* whole number of bytes, K/M/G suffixes */
	T_DURATION,     /* whole number of ms, s, m, h, d; stored in units of unit_ms */
	T_BOOL,
	T_RATIO         /* decimal number in [0, 1] */
};

enum store_type { S_STR, S_INT, S_LONG, S_SIZE, S_DOUBLE };

#define F_NONEMPTY 1

struct key_spec {
	const char *section;
	const char *name;
	enum value_type type;
	enum store_type store;
	size_t offset;
	uint64_t min, max;      /* in bytes, ms or plain units */
	unsigned long unit_ms;  /* T_DURATION: 1 for _ms fields, 1000 for _s fields */
	const char *const *choices;
	unsigned flags;
};

static const char *const format_choices[] = { "text", "json", "md", "html", "junit", NULL };
static const char *const fail_on_choices[] = { "error", "warning", "never", NULL };

#define KIB ((uint64_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define SEC ((uint64_t)1000)
#define HOUR (SEC * 3600)
#define DAY (HOUR * 24)
#define OFF(f) offsetof(struct config, f)

static const struct key_spec key_table[] = {
	{ "core", "db", T_STRING, S_STR, OFF(db), 0, 0, 0, NULL, F_NONEMPTY },
	{ "core", "format", T_CHOICE, S_STR, OFF(format), 0, 0, 0, format_choices, 0 },
	{ "core", "fail_on", T_CHOICE, S_STR, OFF(fail_on), 0, 0, 0, fail_on_choices, 0 },
	{ "core", "color", T_COLOR, S_INT, OFF(color), 0, 0, 0, NULL, 0 },

	{ "limits", "max_file_size", T_SIZE, S_SIZE, OFF(limits.max_file_size), 1, 1024 * GIB, 0, NULL, 0 },
	{ "limits", "max_line_len", T_SIZE, S_SIZE, OFF(limits.max_line_len), 1, 1024 * GIB, 0, NULL, 0 },
	{ "limits", "max_links", T_COUNT, S_SIZE, OFF(limits.max_links), 1, 1000000000, 0, NULL, 0 },
	{ "limits", "max_documents", T_COUNT, S_SIZE, OFF(max_documents), 0, 1000000000, 0, NULL, 0 },
	{ "limits", "max_run_time", T_DURATION, S_LONG, OFF(max_run_time_s), 0, 365 * DAY, 1000, NULL, 0 },
	/* a hard ceiling: check and claims keep every claim in memory until reconciled */
	{ "limits", "max_claims", T_COUNT, S_SIZE, OFF(max_claims), 1, 10000000, 0, NULL, 0 },

	{ "refs", "footnote_min_run", T_COUNT, S_INT, OFF(footnote_min_run), 1, 100, 0, NULL, 0 },

	{ "claims", "title_similarity", T_RATIO, S_DOUBLE, OFF(title_similarity), 0, 0, 0, NULL, 0 },
	{ "claims", "aliases", T_STRING, S_STR, OFF(aliases_file), 0, 0, 0, NULL, F_NONEMPTY },

	{ "report", "max_per_kind", T_COUNT, S_SIZE, OFF(report_max_per_kind), 0, 1000000000, 0, NULL, 0 },

	{ "links", "max_total", T_COUNT, S_INT, OFF(links_max_total), 1, 1000000, 0, NULL, 0 },
	{ "links", "max_per_host", T_COUNT, S_INT, OFF(links_max_per_host), 1, 1000, 0, NULL, 0 },
	{ "links", "host_interval", T_DURATION, S_LONG, OFF(links_host_interval_ms), 0, HOUR, 1, NULL, 0 },
	{ "links", "connect_timeout", T_DURATION, S_LONG, OFF(links_connect_timeout_ms), 1, HOUR, 1, NULL, 0 },
	{ "links", "timeout", T_DURATION, S_LONG, OFF(links_timeout_ms), 1, DAY, 1, NULL, 0 },
	{ "links", "max_redirects", T_COUNT, S_INT, OFF(links_max_redirects), 0, 100, 0, NULL, 0 },
	{ "links", "max_body", T_SIZE, S_SIZE, OFF(links_max_body), 1, GIB, 0, NULL, 0 },
	{ "links", "retries", T_COUNT, S_INT, OFF(links_retries), 0, 100, 0, NULL, 0 },
	{ "links", "retry_after_cap", T_DURATION, S_LONG, OFF(links_retry_after_cap_s), 0, DAY, 1000, NULL, 0 },
	{ "links", "user_agent", T_STRING, S_STR, OFF(links_user_agent), 0, 0, 0, NULL, F_NONEMPTY },
	{ "links", "allow_private", T_BOOL, S_INT, OFF(links_allow_private), 0, 0, 0, NULL, 0 },
	{ "links", "dead_after_checks", T_COUNT, S_INT, OFF(links_dead_after_checks), 1, 1000, 0, NULL, 0 },
	{ "links", "dead_after_days", T_COUNT, S_LONG, OFF(links_dead_after_days), 0, 36500, 0, NULL, 0 },
	{ "links", "ttl", T_DURATION, S_LONG, OFF(links_ttl_s), 0, 365 * DAY, 1000, NULL, 0 },
	{ "links", "archive_endpoint", T_STRING, S_STR, OFF(links_archive_endpoint), 0, 0, 0, NULL, 0 },
	{ "links", "archive_ttl", T_DURATION, S_LONG, OFF(links_archive_ttl_s), 0, 3650 * DAY, 1000, NULL, 0 },
	{ "links", "offline", T_BOOL, S_INT, OFF(links_offline), 0, 0, 0, NULL, 0 },
	{ "links", "history_days", T_COUNT, S_LONG, OFF(links_history_days), 0, 36500, 0, NULL, 0 },
};

static const char *const section_names[] = { "core", "limits", "refs", "claims", "report", "links" };

/* The char * members, for copying and freeing. */
static const size_t string_fields[] = {
	OFF(db), OFF(format), OFF(fail_on), OFF(aliases_file), OFF(links_user_agent),
	OFF(links_archive_endpoint), OFF(path), OFF(aliases_path)
};

static char **str_field(struct config *c, size_t off)
{
	return (char **)(void *)((char *)c + off);
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->db = xstrdup("provcheck.db");
	c->format = xstrdup("text");
	c->fail_on = xstrdup("error");
	c->color = -1;
	doc_limits_default(&c->limits);
	c->max_documents = 0;
	c->max_run_time_s = 0;
	c->max_claims = CLAIMS_MAX;
	c->footnote_min_run = 2;
	c->title_similarity = 0.80;
	c->aliases_file = xstrdup(ALIASES_DEFAULT_NAME);
	c->report_max_per_kind = REPORT_MAX_PER_KIND;
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
	c->links_allow_private = 0;
	c->links_dead_after_checks = 3;
	c->links_dead_after_days = 3;
	c->links_ttl_s = 86400;
	c->links_archive_endpoint = xstrdup("https://archive.org/wayback/available");
	c->links_archive_ttl_s = 30L * 86400;
	c->links_offline = 0;
	c->links_history_days = 90;
}

void config_release(struct config *c)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(string_fields); i++)
		free(*str_field(c, string_fields[i]));
	memset(c, 0, sizeof(*c));
}

static void config_copy(struct config *dst, const struct config *src)
{
	size_t i;
	memcpy(dst, src, sizeof(*dst));
	for (i = 0; i < ARRAY_SIZE(string_fields); i++) {
		char **p = str_field(dst, string_fields[i]);
		if (*p)
			*p = xstrdup(*p);
	}
}

/* ---- value parsing ---- */

static int is_key_char(int c)
{
	return ch_isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Whole decimal number at s[*i..n); 0 on success, -1 not a number, -2 overflow. */
static int parse_uint(const char *s, size_t n, size_t *i, uint64_t *out)
{
	uint64_t v = 0;
	size_t start = *i;
	while (*i < n && ch_isdigit((unsigned char)s[*i])) {
		unsigned d = (unsigned)(s[*i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -2;
		v = v * 10 + d;
		(*i)++;
	}
	if (*i == start)
		return -1;
	*out = v;
	return 0;
}

static int suffix_is(const char *s, size_t n, const char *suf)
{
	return mem_ieq(s, n, suf) && strlen(suf) == n;
}

/* 0 ok, -1 syntax, -2 overflow */
static int parse_size(const char *s, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v, mul = 1;
	int r = parse_uint(s, n, &i, &v);
	const char *suf;
	size_t sl;
	if (r)
		return r;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	suf = s + i;
	sl = n - i;
	if (!sl || suffix_is(suf, sl, "b"))
		mul = 1;
	else if (suffix_is(suf, sl, "k") || suffix_is(suf, sl, "kb") || suffix_is(suf, sl, "kib"))
		mul = KIB;
	else if (suffix_is(suf, sl, "m") || suffix_is(suf, sl, "mb") || suffix_is(suf, sl, "mib"))
		mul = MIB;
	else if (suffix_is(suf, sl, "g") || suffix_is(suf, sl, "gb") || suffix_is(suf, sl, "gib"))
		mul = GIB;
	else
		return -1;
	if (v > UINT64_MAX / mul)
		return -2;
	*out = v * mul;
	return 0;
}

/* Milliseconds; a bare number is seconds. 0 ok, -1 syntax, -2 overflow */
static int parse_duration(const char *s, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v, mul;
	int r = parse_uint(s, n, &i, &v);
	const char *suf;
	size_t sl;
	if (r)
		return r;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	suf = s + i;
	sl = n - i;
	if (!sl || suffix_is(suf, sl, "s"))
		mul = SEC;
	else if (suffix_is(suf, sl, "ms"))
		mul = 1;
	else if (suffix_is(suf, sl, "m"))
		mul = 60 * SEC;
	else if (suffix_is(suf, sl, "h"))
		mul = HOUR;
	else if (suffix_is(suf, sl, "d"))
		mul = DAY;
	else
		return -1;
	if (v > UINT64_MAX / mul)
		return -2;
	*out = v * mul;
	return 0;
}

static int parse_bool(const char *s, size_t n, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (suffix_is(s, n, yes[i])) {
			*out = 1;
			return 0;
		}
		if (suffix_is(s, n, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * Decimal number "0", "1", "0.8", ".85", "1.0" without strtod(), whose
 * decimal point depends on the locale.
 */
static int parse_ratio(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	double v = 0, scale = 1;
	while (i < n && ch_isdigit((unsigned char)s[i]) && digits < 18) {
		v = v * 10 + (s[i++] - '0');
		digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && ch_isdigit((unsigned char)s[i]) && digits < 18) {
			scale /= 10;
			v += (s[i++] - '0') * scale;
			digits++;
		}
	}
	if (!digits || i != n)
		return -1;
	*out = v;
	return 0;
}

/* "1G", "64M", "2048" - the nicest exact way to print a limit. */
static void add_limit(struct strbuf *sb, const struct key_spec *k, uint64_t v)
{
	if (k->type == T_SIZE) {
		if (v && !(v % GIB))
			strbuf_addf(sb, "%lluG", (unsigned long long)(v / GIB));
		else if (v && !(v % MIB))
			strbuf_addf(sb, "%lluM", (unsigned long long)(v / MIB));
		else if (v && !(v % KIB))
			strbuf_addf(sb, "%lluK", (unsigned long long)(v / KIB));
		else
			strbuf_addf(sb, "%llu", (unsigned long long)v);
	} else if (k->type == T_DURATION) {
		if (v && !(v % DAY))
			strbuf_addf(sb, "%llud", (unsigned long long)(v / DAY));
		else if (v && !(v % HOUR))
			strbuf_addf(sb, "%lluh", (unsigned long long)(v / HOUR));
		else if (v && !(v % SEC))
			strbuf_addf(sb, "%llus", (unsigned long long)(v / SEC));
		else
			strbuf_addf(sb, "%llums", (unsigned long long)v);
	} else {
		strbuf_addf(sb, "%llu", (unsigned long long)v);
	}
}

static const char *expected(const struct key_spec *k, struct strbuf *tmp)
{
	const char *const *c;
	switch (k->type) {
	case T_STRING: return "expected a non-empty value";
	case T_COLOR: return "expected auto, always or never";
	case T_COUNT: return "expected a whole number";
	case T_SIZE: return "expected a size (a whole number with an optional K, M or G suffix)";
	case T_DURATION: return "expected a duration (a whole number with an optional ms, s, m, h or d suffix)";
	case T_BOOL: return "expected true or false (or yes/no, on/off, 1/0)";
	case T_RATIO: return "expected a number between 0 and 1";
	case T_CHOICE:
		strbuf_addstr(tmp, "expected ");
		for (c = k->choices; *c; c++) {
			if (c != k->choices)
				strbuf_addstr(tmp, c[1] ? ", " : " or ");
			strbuf_addstr(tmp, *c);
		}
		return tmp->buf;
	}
	return "bad value";
}

static void store_number(struct config *c, const struct key_spec *k, uint64_t v)
{
	void *p = (char *)c + k->offset;
	switch (k->store) {
	case S_INT: *(int *)p = (int)v; break;
	case S_LONG: *(long *)p = (long)v; break;
	case S_SIZE: *(size_t *)p = (size_t)v; break;
	default: break;
	}
}

/*
 * Applies the (unquoted, unescaped) value v[0..n) of key k. On error
 * appends "FILE:LINE: bad value ..." to errmsg.
 */
static enum config_result apply_value(struct config *c, const struct key_spec *k,
				      const char *v, size_t n, const char *name, size_t lineno,
				      struct strbuf *errmsg)
{
	struct strbuf tmp = STRBUF_INIT;
	enum config_result r = CONFIG_OK;
	uint64_t num = 0;
	int rc = 0, b;
	double d;
	const char *const *ch;

	switch (k->type) {
	case T_STRING:
		if (!n && (k->flags & F_NONEMPTY)) {
			rc = -1;
			break;
		}
		free(*str_field(c, k->offset));
		*str_field(c, k->offset) = xstrndup(v, n);
		break;
	case T_CHOICE:
		rc = -1;
		for (ch = k->choices; *ch; ch++) {
			if (suffix_is(v, n, *ch)) {
				free(*str_field(c, k->offset));
				*str_field(c, k->offset) = xstrdup(*ch);
				rc = 0;
				break;
			}
		}
		break;
	case T_COLOR:
		if (suffix_is(v, n, "auto"))
			c->color = -1;
		else if (suffix_is(v, n, "always"))
			c->color = 1;
		else if (suffix_is(v, n, "never"))
			c->color = 0;
		else
			rc = -1;
		break;
	case T_BOOL:
		rc = parse_bool(v, n, &b);
		if (!rc)
			*(int *)(void *)((char *)c + k->offset) = b;
		break;
	case T_RATIO:
		rc = parse_ratio(v, n, &d);
		if (!rc && d > 1.0)
			rc = -1;
		if (!rc)
			*(double *)(void *)((char *)c + k->offset) = d;
		break;
	case T_COUNT:
	case T_SIZE:
	case T_DURATION: {
		size_t i = 0;
		if (n && v[0] == '-' && n > 1 && ch_isdigit((unsigned char)v[1])) {
			strbuf_addf(errmsg, "%s:%zu: bad value '%.*s' for %s: must not be negative",
				    name, lineno, (int)n, v, k->name);
			r = CONFIG_ERR_VALUE;
			goto cleanup;
		}
		if (k->type == T_COUNT) {
			rc = parse_uint(v, n, &i, &num);
			if (!rc && i != n)
				rc = -1;
		} else if (k->type == T_SIZE) {
			rc = parse_size(v, n, &num);
		} else {
			rc = parse_duration(v, n, &num);
		}
		if (rc == -2 || (!rc && num > k->max)) {
			strbuf_addf(errmsg, "%s:%zu: bad value '%.*s' for %s: must be at most ",
				    name, lineno, (int)n, v, k->name);
			add_limit(errmsg, k, k->max);
			r = CONFIG_ERR_VALUE;
			goto cleanup;
		}
		if (!rc && num < k->min) {
			strbuf_addf(errmsg, "%s:%zu: bad value '%.*s' for %s: must be at least ",
				    name, lineno, (int)n, v, k->name);
			add_limit(errmsg, k, k->min);
			r = CONFIG_ERR_VALUE;
			goto cleanup;
		}
		if (!rc && k->type == T_DURATION) {
			if (num % k->unit_ms) {
				strbuf_addf(errmsg, "%s:%zu: bad value '%.*s' for %s: expected whole seconds",
					    name, lineno, (int)n, v, k->name);
				r = CONFIG_ERR_VALUE;
				goto cleanup;
			}
			num /= k->unit_ms;
		}
		if (!rc)
			store_number(c, k, num);
		break;
	}
	}
	if (rc) {
		strbuf_addf(errmsg, "%s:%zu: bad value '%.*s' for %s: %s",
			    name, lineno, (int)n, v, k->name, expected(k, &tmp));
		r = CONFIG_ERR_VALUE;
	}
cleanup:
	strbuf_release(&tmp);
	return r;
}

/*
 * Reads the value after '=' at s[0..n) into out: a quoted value with its
 * escapes resolved, or the text up to a trailing " # comment". Returns
 * 0, or -1 with a reason in *why.
 */
static int read_value(const char *s, size_t n, struct strbuf *out, const char **why)
{
	size_t i;
	conf_trim(&s, &n);
	if (!n || s[0] != '"') {
		n = conf_strip_comment(s, n);
		conf_trim(&s, &n);
		strbuf_add(out, s, n);
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (s[i] == '\\') {
			if (i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
				strbuf_addch(out, s[++i]);
				continue;
			}
			*why = "unknown escape in quoted value (only \\\" and \\\\ are known)";
			return -1;
		}
		if (s[i] == '"')
			break;
		strbuf_addch(out, s[i]);
	}
	if (i >= n) {
		*why = "unterminated quoted value";
		return -1;
	}
	for (i++; i < n && is_blank((unsigned char)s[i]); i++)
		;
	if (i < n && s[i] != '#' && s[i] != ';') {
		*why = "unexpected text after the closing quote";
		return -1;
	}
	return 0;
}

static const struct key_spec *find_key(const char *section, const char *key, size_t n)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(key_table); i++)
		if (!strcmp(key_table[i].section, section) && suffix_is(key, n, key_table[i].name))
			return &key_table[i];
	return NULL;
}

static char *resolve_aliases(const char *config_name, const char *file)
{
	const char *slash = strrchr(config_name, '/');
	struct strbuf sb = STRBUF_INIT;
	if (file[0] == '/' || !slash)
		return xstrdup(file);
	strbuf_add(&sb, config_name, (size_t)(slash - config_name) + 1);
	strbuf_addstr(&sb, file);
	return strbuf_detach(&sb, NULL);
}

static enum config_result parse_into(struct config *c, const char *name, const char *text,
				     size_t len, struct strbuf *errmsg)
{
	size_t seen[ARRAY_SIZE(key_table)] = { 0 };
	const char *section = NULL, *line;
	struct conf_lines it;
	struct strbuf val = STRBUF_INIT;
	enum config_result r = CONFIG_OK;
	size_t n;

	conf_lines_init(&it, text, len);
	while (conf_lines_next(&it, &line, &n)) {
		const struct key_spec *k;
		const char *key, *why = NULL;
		size_t kl, i;

		r = conf_check_line(name, it.lineno, line, n, errmsg);
		if (r)
			goto cleanup;
		conf_trim(&line, &n);
		if (!n || line[0] == '#' || line[0] == ';')
			continue;
		if (line[0] == '[') {
			const char *close = memchr(line, ']', n), *sec = line + 1, *rest;
			size_t sl, rl;
			if (!close) {
				strbuf_addf(errmsg, "%s:%zu: missing ']' in section header", name, it.lineno);
				r = CONFIG_ERR_SYNTAX;
				goto cleanup;
			}
			sl = (size_t)(close - sec);
			conf_trim(&sec, &sl);
			rest = close + 1;
			rl = n - (size_t)(rest - line);
			conf_trim(&rest, &rl);
			for (i = 0; i < sl && is_key_char((unsigned char)sec[i]); i++)
				;
			if (!sl || i != sl || (rl && rest[0] != '#' && rest[0] != ';')) {
				strbuf_addf(errmsg, "%s:%zu: bad section header '%.*s'", name, it.lineno,
					    (int)n, line);
				r = CONFIG_ERR_SYNTAX;
				goto cleanup;
			}
			section = NULL;
			for (i = 0; i < ARRAY_SIZE(section_names); i++)
				if (suffix_is(sec, sl, section_names[i]))
					section = section_names[i];
			if (!section) {
				strbuf_addf(errmsg, "%s:%zu: unknown section [%.*s]", name, it.lineno,
					    (int)sl, sec);
				r = CONFIG_ERR_UNKNOWN;
				goto cleanup;
			}
			continue;
		}
		key = line;
		for (kl = 0; kl < n && is_key_char((unsigned char)line[kl]); kl++)
			;
		for (i = kl; i < n && is_blank((unsigned char)line[i]); i++)
			;
		if (!kl || i >= n || line[i] != '=') {
			strbuf_addf(errmsg, "%s:%zu: syntax error: expected 'key = value', '[section]' or a comment",
				    name, it.lineno);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		if (!section) {
			strbuf_addf(errmsg, "%s:%zu: key '%.*s' outside any section", name, it.lineno,
				    (int)kl, key);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		k = find_key(section, key, kl);
		if (!k) {
			strbuf_addf(errmsg, "%s:%zu: unknown key '%.*s' in [%s]", name, it.lineno,
				    (int)kl, key, section);
			r = CONFIG_ERR_UNKNOWN;
			goto cleanup;
		}
		if (seen[k - key_table]) {
			strbuf_addf(errmsg, "%s:%zu: duplicate key '%s' in [%s] (first set on line %zu)",
				    name, it.lineno, k->name, section, seen[k - key_table]);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		seen[k - key_table] = it.lineno;
		strbuf_reset(&val);
		if (read_value(line + i + 1, n - i - 1, &val, &why) < 0) {
			strbuf_addf(errmsg, "%s:%zu: %s", name, it.lineno, why);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		r = apply_value(c, k, val.buf, val.len, name, it.lineno, errmsg);
		if (r)
			goto cleanup;
	}
	free(c->path);
	c->path = xstrdup(name);
	free(c->aliases_path);
	c->aliases_path = resolve_aliases(name, c->aliases_file);
cleanup:
	strbuf_release(&val);
	return r;
}

enum config_result config_parse(struct config *c, const char *name, const char *text,
				size_t len, struct strbuf *errmsg)
{
	struct config tmp;
	enum config_result r;

	if (len > CONFIG_MAX_FILE) {
		strbuf_addf(errmsg, "cannot read '%s': file too large (the limit is 1 MiB)", name);
		return CONFIG_ERR_IO;
	}
	config_copy(&tmp, c);
	r = parse_into(&tmp, name, text, len, errmsg);
	if (r != CONFIG_OK) {
		config_release(&tmp);
		return r;
	}
	config_release(c);
	*c = tmp;
	return CONFIG_OK;
}

enum config_result config_load(struct config *c, const char *path, struct strbuf *errmsg)
{
	struct strbuf sb = STRBUF_INIT;
	enum config_result r = conf_read_file(path, &sb, errmsg);
	if (r == CONFIG_OK)
		r = config_parse(c, path, sb.buf, sb.len, errmsg);
	strbuf_release(&sb);
	return r;
}
