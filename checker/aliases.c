/*
 * aliases.c - spelling and naming equivalences (config/aliases.conf)
 * and the canonical form of a phrase.
 *
 * Every phrase of the file (canonical forms too, mapped to themselves,
 * so that a shorter alias never rewrites part of a canonical name) is
 * kept normalized twice: lowercased, and with its case, for acronyms,
 * which match only in capitals. The table is a hash of first words:
 * at each word start of the text one lookup gives the few phrases that
 * could start there, longest first, so canonicalizing costs one hash
 * per word whatever the size of the file.
 */
#include "config.h"
#include "config_internal.h"
#include "buf.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct alias_entry {
	size_t lower, cased;    /* offsets in arena of the phrase (len bytes each) */
	size_t len;
	size_t first_len;       /* bytes of the phrase's first word */
	size_t canon, canon_len;/* offset and length in arena of the canonical form (lowercase) */
	size_t line;
	size_t next;            /* next entry in the bucket + 1, 0 at the end */
	unsigned section;       /* enum aliases_section bit */
	unsigned case_sensitive : 1;
	unsigned is_canon : 1;
};

struct aliases {
	struct strbuf arena;
	struct alias_entry *e;
	size_t nr, alloc;
	size_t *bucket;         /* first entry + 1 */
	size_t nr_buckets;      /* power of two */
	size_t nr_aliases;
};

/* ---- normalization ---- */

static int is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	       cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* Letters and digits (any script) make words; punctuation and symbols do not. */
static int is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return ch_isalnum((int)cp);
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || cp == 0xFFFD)
		return 0;
	return 1;
}

/* Lowercase of cp for the scripts provcheck's documents use; same UTF-8 length. */
static uint32_t lower_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (uint32_t)ch_tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
	    (cp >= 0x14A && cp <= 0x177) || (cp >= 0x1EA0 && cp <= 0x1EF9))
		return cp | 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp + 1 : cp;
	if (cp == 0x178)
		return 0xFF;
	if (cp == 0x1A0 || cp == 0x1AF)         /* Vietnamese O and U with horn */
		return cp + 1;
	return cp;
}

static uint32_t fold_cp(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	}
	return cp;
}

/* Invisible characters dropped outright (soft hyphen, zero width space, BOM). */
static int is_dropped_cp(uint32_t cp)
{
	return cp == 0xAD || cp == 0x200B || cp == 0xFEFF;
}

/*
 * Writes s[0..n) normalized to cb (may be NULL: not wanted), and the
 * same lowercased to lb (byte for byte the same length): quotes folded,
 * white space runs collapsed to one space, trimmed. Returns the number
 * of bytes written to each (no NUL is added).
 *
 * The result is never longer than s (a space stands for at least one
 * white space byte, a code point is written in no more bytes than
 * read), so n bytes of room are enough and the bytes are written in
 * place: names were canonicalized once per claim, a strbuf_add() per
 * run.
 */
static size_t normalize_to(const char *s, size_t n, char *cb, char *lb)
{
	size_t i = 0, o = 0;
	int pending_space = 0;

	while (i < n) {
		uint32_t cp, lc;
		char enc[4], lenc[4];
		size_t l, el, ll;
		unsigned char c = (unsigned char)s[i];

		/*
		 * ASCII, most of every name, without the decoding: the same
		 * answers as below (no ASCII is dropped or folded), at a third
		 * of the cost.
		 */
		if (c < 0x80) {
			if (c == ' ' || (c >= '\t' && c <= '\r')) {
				i++;
				pending_space = o > 0;
				continue;
			}
			if (pending_space) {
				lb[o] = ' ';
				if (cb)
					cb[o] = ' ';
				o++;
				pending_space = 0;
			}
			/* the whole run of ASCII up to a space or a non-ASCII byte at once */
			do {
				if (cb)
					cb[o] = (char)c;
				lb[o++] = (char)ch_tolower(c);
				c = ++i < n ? (unsigned char)s[i] : 0x80;
			} while (c < 0x80 && c != ' ' && !(c >= '\t' && c <= '\r'));
			continue;
		}
		l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			/* keep a stray byte as it is */
			lb[o] = s[i];
			if (cb)
				cb[o] = s[i];
			o++;
			i++;
			continue;
		}
		i += l;
		if (is_space_cp(cp)) {
			pending_space = o > 0;
			continue;
		}
		if (is_dropped_cp(cp))
			continue;
		if (pending_space) {
			lb[o] = ' ';
			if (cb)
				cb[o] = ' ';
			o++;
			pending_space = 0;
		}
		cp = fold_cp(cp);
		lc = lower_cp(cp);
		el = utf8_encode(cp, enc);
		ll = utf8_encode(lc, lenc);
		if (cb)
			memcpy(cb + o, enc, el);
		memcpy(lb + o, ll == el ? lenc : enc, el);
		o += el;
	}
	return o;
}

/*
 * As normalize_to(), appending to strbufs: to lower, and to cased
 * unless it is NULL. Returns -1 with nothing appended if a buffer cannot
 * take n more bytes (its cap), else 0.
 */
static int normalize(const char *s, size_t n, struct strbuf *cased, struct strbuf *lower)
{
	size_t o;

	if (strbuf_grow(lower, n) < 0 || (cased && strbuf_grow(cased, n) < 0))
		return -1;
	o = normalize_to(s, n, cased ? cased->buf + cased->len : NULL, lower->buf + lower->len);
	if (cased) {
		cased->len += o;
		cased->buf[cased->len] = '\0';
	}
	lower->len += o;
	lower->buf[lower->len] = '\0';
	return 0;
}

static int word_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	if (i >= n)
		return 0;
	if ((unsigned char)s[i] < 0x80)
		return ch_isalnum((unsigned char)s[i]);
	if (!utf8_decode(s + i, n - i, &cp))
		return 1;
	return is_word_cp(cp);
}

/* Bytes of the word starting at s[i] (0 if none); a stray byte is part of a word. */
static size_t word_len(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n) {
		uint32_t cp;
		size_t l;
		if ((unsigned char)s[j] < 0x80) {
			/* ASCII, without the decoding */
			if (!ch_isalnum((unsigned char)s[j]))
				break;
			j++;
			continue;
		}
		l = utf8_decode(s + j, n - j, &cp);
		if (!l)
			l = 1;
		else if (!is_word_cp(cp))
			break;
		j += l;
	}
	return j - i;
}

/* An acronym: two or more capital letters and no small ones ("US", "U.S.", "MOU"). */
static int is_acronym(const char *s, size_t n)
{
	size_t i, upper = 0;
	for (i = 0; i < n; i++) {
		if (ch_islower((unsigned char)s[i]))
			return 0;
		if (ch_isupper((unsigned char)s[i]))
			upper++;
	}
	return upper >= 2;
}

/* ---- the table ---- */

struct aliases *aliases_new(void)
{
	struct aliases *a = xcalloc(1, sizeof(*a));
	strbuf_init(&a->arena, 0);
	return a;
}

void aliases_free(struct aliases *a)
{
	if (!a)
		return;
	strbuf_release(&a->arena);
	free(a->e);
	free(a->bucket);
	free(a);
}

size_t aliases_count(const struct aliases *a)
{
	return a ? a->nr_aliases : 0;
}

/* Links entry i into its bucket, keeping the chain longest first. */
static void bucket_insert(struct aliases *a, size_t i)
{
	struct alias_entry *e = &a->e[i];
	size_t h = (size_t)hash_fnv1a(a->arena.buf + e->lower, e->first_len) & (a->nr_buckets - 1);
	size_t *link = &a->bucket[h];
	while (*link && a->e[*link - 1].len >= e->len)
		link = &a->e[*link - 1].next;
	e->next = *link;
	*link = i + 1;
}

static void rehash(struct aliases *a)
{
	size_t i;
	free(a->bucket);
	a->nr_buckets = a->nr_buckets ? a->nr_buckets * 2 : 64;
	a->bucket = xcalloc(a->nr_buckets, sizeof(*a->bucket));
	for (i = 0; i < a->nr; i++)
		bucket_insert(a, i);
}

static const struct alias_entry *find_phrase(const struct aliases *a, const char *lower,
					     size_t len, size_t first_len)
{
	size_t h, i;
	if (!a->nr_buckets)
		return NULL;
	h = (size_t)hash_fnv1a(lower, first_len) & (a->nr_buckets - 1);
	for (i = a->bucket[h]; i; i = a->e[i - 1].next) {
		const struct alias_entry *e = &a->e[i - 1];
		if (e->len == len && !memcmp(a->arena.buf + e->lower, lower, len))
			return e;
	}
	return NULL;
}

static int section_bit(const char *s, size_t n, unsigned *bit)
{
	if (n == 5 && mem_ieq(s, n, "names"))
		*bit = ALIASES_NAMES;
	else if (n == 8 && mem_ieq(s, n, "spelling"))
		*bit = ALIASES_SPELLING;
	else if (n == 11 && mem_ieq(s, n, "instruments"))
		*bit = ALIASES_INSTRUMENTS;
	else
		return -1;
	return 0;
}

/* Parses one "A = B = C" line into entries. */
static enum config_result add_line(struct aliases *a, const char *name, size_t lineno,
				   unsigned section, const char *line, size_t n,
				   struct strbuf *errmsg)
{
	struct strbuf cased = STRBUF_INIT, lower = STRBUF_INIT;
	enum config_result r = CONFIG_OK;
	size_t canon = 0, canon_len = 0, nr_phrases = 0, pos = 0, first_entry = a->nr;

	if (!memchr(line, '=', n)) {
		strbuf_addf(errmsg, "%s:%zu: syntax error: expected 'canonical = alias [= alias...]'",
			    name, lineno);
		r = CONFIG_ERR_SYNTAX;
		goto cleanup;
	}
	while (pos <= n) {
		const char *eq = memchr(line + pos, '=', n - pos), *p = line + pos;
		size_t pl = eq ? (size_t)(eq - p) : n - pos, fl;
		const struct alias_entry *dup;
		struct alias_entry *e;

		conf_trim(&p, &pl);
		strbuf_reset(&cased);
		strbuf_reset(&lower);
		normalize(p, pl, &cased, &lower);
		pos += (eq ? (size_t)(eq - (line + pos)) : n - pos) + 1;
		if (!cased.len) {
			strbuf_addf(errmsg, "%s:%zu: empty phrase", name, lineno);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		fl = word_len(lower.buf, lower.len, 0);
		if (!fl) {
			strbuf_addf(errmsg, "%s:%zu: '%.*s' must start with a letter or digit",
				    name, lineno, (int)pl, p);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		dup = find_phrase(a, lower.buf, lower.len, fl);
		/*
		 * "MOU = MoU" on one line is fine: the acronym form matches in
		 * capitals, the other in any case, both mean the same.
		 */
		if (dup && !(dup->line == lineno &&
			     (dup->case_sensitive != is_acronym(cased.buf, cased.len)))) {
			strbuf_addf(errmsg, "%s:%zu: '%.*s' already appears on line %zu",
				    name, lineno, (int)pl, p, dup->line);
			r = CONFIG_ERR_SYNTAX;
			goto cleanup;
		}
		if (a->nr + 1 > a->nr_buckets / 4 * 3)
			rehash(a);
		ALLOC_GROW(a->e, a->nr + 1, a->alloc);
		e = &a->e[a->nr];
		memset(e, 0, sizeof(*e));
		e->lower = a->arena.len;
		strbuf_add(&a->arena, lower.buf, lower.len);
		e->cased = a->arena.len;
		strbuf_add(&a->arena, cased.buf, cased.len);
		e->len = lower.len;
		e->first_len = fl;
		e->line = lineno;
		e->section = section;
		e->case_sensitive = is_acronym(cased.buf, cased.len);
		if (!nr_phrases) {
			canon = e->lower;
			canon_len = e->len;
			e->is_canon = 1;
		}
		e->canon = canon;
		e->canon_len = canon_len;
		bucket_insert(a, a->nr);
		a->nr++;
		nr_phrases++;
		if (!eq)
			break;
	}
	a->nr_aliases += nr_phrases - 1;
cleanup:
	if (r != CONFIG_OK) {
		/* unlink what this line added, so the table stays as it was */
		a->nr = first_entry;
		if (a->nr_buckets)
			rehash(a);
	}
	strbuf_release(&cased);
	strbuf_release(&lower);
	return r;
}

enum config_result aliases_parse(struct aliases *a, const char *name, const char *text,
				 size_t len, struct strbuf *errmsg)
{
	struct conf_lines it;
	const char *line;
	size_t n;
	unsigned section = ALIASES_NAMES;
	enum config_result r = CONFIG_OK;

	if (len > CONFIG_MAX_FILE) {
		strbuf_addf(errmsg, "cannot read '%s': file too large (the limit is 1 MiB)", name);
		return CONFIG_ERR_IO;
	}
	conf_lines_init(&it, text, len);
	while (conf_lines_next(&it, &line, &n)) {
		r = conf_check_line(name, it.lineno, line, n, errmsg);
		if (r)
			goto cleanup;
		conf_trim(&line, &n);
		if (!n || line[0] == '#' || line[0] == ';')
			continue;
		n = conf_strip_comment(line, n);
		conf_trim(&line, &n);
		if (line[0] == '[') {
			const char *s = line + 1;
			size_t sl;
			if (line[n - 1] != ']') {
				strbuf_addf(errmsg, "%s:%zu: missing ']' in section header", name, it.lineno);
				r = CONFIG_ERR_SYNTAX;
				goto cleanup;
			}
			sl = n - 2;
			conf_trim(&s, &sl);
			if (section_bit(s, sl, &section) < 0) {
				strbuf_addf(errmsg, "%s:%zu: unknown section [%.*s] (names, spelling or instruments)",
					    name, it.lineno, (int)sl, s);
				r = CONFIG_ERR_UNKNOWN;
				goto cleanup;
			}
			continue;
		}
		r = add_line(a, name, it.lineno, section, line, n, errmsg);
		if (r)
			goto cleanup;
	}
cleanup:
	return r;
}

enum config_result aliases_load(struct aliases *a, const char *path, struct strbuf *errmsg)
{
	struct strbuf sb = STRBUF_INIT;
	enum config_result r = conf_read_file(path, &sb, errmsg);
	if (r == CONFIG_OK)
		r = aliases_parse(a, path, sb.buf, sb.len, errmsg);
	strbuf_release(&sb);
	return r;
}

/* ---- canonical form ---- */

/* The longest phrase of the sections in mask matching at i (a word start), or NULL. */
static const struct alias_entry *match_at(const struct aliases *a, unsigned mask,
					  const char *cased, const char *lower, size_t len,
					  size_t i, size_t wl)
{
	size_t h, k;
	if (!a || !a->nr_buckets)
		return NULL;
	h = (size_t)hash_fnv1a(lower + i, wl) & (a->nr_buckets - 1);
	for (k = a->bucket[h]; k; k = a->e[k - 1].next) {
		const struct alias_entry *e = &a->e[k - 1];
		const char *hay = e->case_sensitive ? cased : lower;
		const char *phrase = a->arena.buf + (e->case_sensitive ? e->cased : e->lower);
		if (!(e->section & mask) || e->first_len != wl || e->len > len - i)
			continue;
		if (memcmp(hay + i, phrase, e->len))
			continue;
		/* the phrase must end at a word boundary too ("U.S." is not in "U.S.A.") */
		if (word_at(lower, len, i + e->len))
			continue;
		return e;
	}
	return NULL;
}

/* The longest text normalized into aliases_canon_section()'s own arrays rather than the heap. */
#define CANON_STACK 256

/*
 * The text between matches is the normalized text as it is, copied in
 * pieces; a match is replaced by its canonical form. Words are found
 * whole (word_len()), so each word start is looked up once. With no
 * phrase loaded the lowercase text is the result, normalized straight
 * into out. A name (most texts) is normalized into arrays on the stack.
 */
void aliases_canon_section(const struct aliases *a, unsigned sections, const char *s, size_t n,
			   struct strbuf *out)
{
	struct strbuf cased = STRBUF_INIT, lower = STRBUF_INIT;
	char cbuf[CANON_STACK], lbuf[CANON_STACK];
	const char *cs = cbuf, *ls = lbuf;
	size_t i = 0, from = 0, len;

	if ((!a || !a->nr_buckets) && !normalize(s, n, NULL, out))
		return;
	if (n <= CANON_STACK) {
		len = normalize_to(s, n, cbuf, lbuf);
	} else {
		normalize(s, n, &cased, &lower);
		cs = cased.buf;
		ls = lower.buf;
		len = lower.len;
	}
	while (i < len) {
		size_t wl = word_len(ls, len, i);
		const struct alias_entry *e;
		if (!wl) {
			/* a code point that is no word's (a stray byte is a word's) */
			uint32_t cp;
			i += (unsigned char)ls[i] < 0x80 ? 1 : utf8_decode(ls + i, len - i, &cp);
			continue;
		}
		e = match_at(a, sections, cs, ls, len, i, wl);
		if (e) {
			strbuf_add(out, ls + from, i - from);
			strbuf_add(out, a->arena.buf + e->canon, e->canon_len);
			i += e->len;
			from = i;
		} else {
			i += wl;
		}
	}
	strbuf_add(out, ls + from, len - from);
	strbuf_release(&cased);
	strbuf_release(&lower);
}

void aliases_canon(const struct aliases *a, const char *s, size_t n, struct strbuf *out)
{
	aliases_canon_section(a, ALIASES_GENERAL, s, n, out);
}

enum config_result config_aliases(const struct config *c, struct aliases **out,
				  struct strbuf *errmsg)
{
	struct aliases *a = aliases_new();
	struct strbuf path = STRBUF_INIT;
	enum config_result r = CONFIG_OK;

	*out = NULL;
	if (c->aliases_path && (access(c->aliases_path, F_OK) == 0 || !c->aliases_file ||
				strcmp(c->aliases_file, ALIASES_DEFAULT_NAME))) {
		/* a file named in the configuration must exist */
		strbuf_addstr(&path, c->aliases_path);
	} else if (c->aliases_file && c->aliases_file[0] == '/') {
		strbuf_addstr(&path, c->aliases_file);
	} else if (c->aliases_file) {
		/*
		 * no configuration file, or one that names no aliases file and
		 * has none beside it: the installed copy, if there is one
		 */
		strbuf_addf(&path, "%s/%s", PROVCHECK_DATADIR, c->aliases_file);
		if (access(path.buf, R_OK) != 0)
			strbuf_reset(&path);
	}
	if (path.len)
		r = aliases_load(a, path.buf, errmsg);
	if (r != CONFIG_OK) {
		aliases_free(a);
		a = NULL;
	}
	*out = a;
	strbuf_release(&path);
	return r;
}
