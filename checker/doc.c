/*
 * doc.c - loading, validation, format detection and the public helpers
 * of the document model. Decoding lives in doc_text.c, doc_md.c and
 * doc_html.c; the layout phase in layout.c.
 */
#include "doc.h"
#include "doc_internal.h"
#include "buf.h"
#include "sha256.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *doc_strerror(enum doc_result r)
{
	switch (r) {
	case DOC_OK: return "success";
	case DOC_ERR_NOENT: return "no such file";
	case DOC_ERR_ACCESS: return "permission denied";
	case DOC_ERR_ISDIR: return "is a directory";
	case DOC_ERR_IO: return "read error";
	case DOC_ERR_EMPTY: return "empty file";
	case DOC_ERR_TOO_BIG: return "file too large";
	case DOC_ERR_BINARY: return "binary file (contains NUL bytes)";
	case DOC_ERR_UTF8: return "invalid UTF-8";
	case DOC_ERR_LINE_TOO_LONG: return "line too long";
	case DOC_ERR_PARSE: return "cannot parse";
	case DOC_ERR_LIMIT: return "limit exceeded";
	}
	return "unknown error";
}

const char *doc_format_name(enum doc_format f)
{
	switch (f) {
	case DOC_FMT_TEXT: return "text";
	case DOC_FMT_TEXT_BR: return "text-br";
	case DOC_FMT_MARKDOWN: return "markdown";
	case DOC_FMT_HTML: return "html";
	}
	return "text";
}

const char *block_kind_name(enum block_kind k)
{
	switch (k) {
	case BLOCK_PARA: return "paragraph";
	case BLOCK_HEADING: return "heading";
	case BLOCK_LIST_ITEM: return "list-item";
	case BLOCK_NOTES: return "notes";
	case BLOCK_QUOTE: return "quote";
	case BLOCK_CODE: return "code";
	}
	return "paragraph";
}

const char *furniture_kind_name(enum furniture_kind k)
{
	switch (k) {
	case FURN_RUNNING_HEADER: return "running-header";
	case FURN_PAGE_NUMBER: return "page-number";
	case FURN_FIRST_PAGE: return "first-page";
	case FURN_SITE_CHROME: return "site-chrome";
	}
	return "running-header";
}

void doc_limits_default(struct doc_limits *lim)
{
	lim->max_file_size = (size_t)64 << 20;
	lim->max_line_len = (size_t)1 << 20;
	lim->max_links = 100000;
}

static void set_err(struct doc_error *err, enum doc_result code, size_t line, size_t col,
		    const char *detail)
{
	if (!err)
		return;
	err->code = code;
	err->line = line;
	err->col = col;
	err->detail[0] = '\0';
	if (detail) {
		size_t n = strlen(detail);
		if (n >= sizeof(err->detail))
			n = sizeof(err->detail) - 1;
		memcpy(err->detail, detail, n);
		err->detail[n] = '\0';
	}
}

enum doc_result doc_check_size(uintmax_t size, struct doc_error *err)
{
	char detail[96];
	if (size <= DOC_MAX_SIZE)
		return DOC_OK;
	snprintf(detail, sizeof(detail), "document over 4 GiB: %ju bytes, the most provcheck parses is %ju",
		 size, DOC_MAX_SIZE);
	set_err(err, DOC_ERR_TOO_BIG, 0, 0, detail);
	return DOC_ERR_TOO_BIG;
}

void doc_error_format(const char *path, const struct doc_error *err, struct strbuf *sb)
{
	strbuf_addf(sb, "cannot read '%s': %s", path, doc_strerror(err->code));
	if (err->line)
		strbuf_addf(sb, " at line %zu, column %zu", err->line, err->col);
	if (err->detail[0])
		strbuf_addf(sb, " (%s)", err->detail);
}

static enum doc_result errno_result(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: return DOC_ERR_NOENT;
	case EACCES: case EPERM: return DOC_ERR_ACCESS;
	case EISDIR: return DOC_ERR_ISDIR;
	default: return DOC_ERR_IO;
	}
}

/*
 * Reads all of fp, refusing to go past max bytes. Reads straight into
 * sb, sized up front from hint (the file's size, 0 if unknown) so that
 * a large file is neither copied through a small buffer nor moved by
 * the buffer's doublings; the byte past hint is only there to see the
 * end of the file (or that it grew).
 */
static enum doc_result read_all(FILE *fp, size_t max, size_t hint, struct strbuf *sb)
{
	size_t n, room;

	if (hint && hint <= max)
		strbuf_grow(sb, hint + 1);
	for (;;) {
		if (sb->alloc - sb->len < 2 && strbuf_grow(sb, 65536) < 0)
			return DOC_ERR_TOO_BIG;
		room = sb->alloc - sb->len - 1;
		/* never more than one byte past the limit */
		if (room > max - sb->len + 1)
			room = max - sb->len + 1;
		/*
		 * Nor, in a buffer kept from a larger file, much past the
		 * file's size: stdio reads a large request in whole blocks,
		 * and the tail through its own buffer.
		 */
		if (hint && sb->len <= hint && room > hint + 1 - sb->len)
			room = hint + 1 - sb->len;
		n = fread(sb->buf + sb->len, 1, room, fp);
		if (!n)
			break;
		if (sb->len + n > max)
			return DOC_ERR_TOO_BIG;
		/* the bytes are in the buffer's spare room: extend it over them */
		sb->len += n;
		sb->buf[sb->len] = '\0';
	}
	return ferror(fp) ? DOC_ERR_IO : DOC_OK;
}

enum doc_result doc_read(const char *path, const struct doc_limits *limp,
			 struct strbuf *sb, struct doc_error *err)
{
	struct doc_limits lim;
	FILE *fp = NULL;
	struct stat st;
	enum doc_result r = DOC_OK;
	char detail[96];
	size_t hint = 0, max;

	if (limp)
		lim = *limp;
	else
		doc_limits_default(&lim);
	/* standard input has no size to check first: it is not read past the most either */
	max = lim.max_file_size < DOC_MAX_SIZE ? lim.max_file_size : (size_t)DOC_MAX_SIZE;

	if (!strcmp(path, "-")) {
		fp = stdin;
	} else {
		if (stat(path, &st) < 0) {
			r = errno_result(errno);
			set_err(err, r, 0, 0, NULL);
			goto cleanup;
		}
		if (S_ISDIR(st.st_mode)) {
			r = DOC_ERR_ISDIR;
			set_err(err, r, 0, 0, NULL);
			goto cleanup;
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > lim.max_file_size) {
			r = DOC_ERR_TOO_BIG;
			snprintf(detail, sizeof(detail), "%ju bytes, the limit is %zu; see max_file_size",
				 (uintmax_t)st.st_size, lim.max_file_size);
			set_err(err, r, 0, 0, detail);
			goto cleanup;
		}
		if (S_ISREG(st.st_mode) && (r = doc_check_size((uintmax_t)st.st_size, err)) != DOC_OK)
			goto cleanup;
		fp = fopen(path, "rb");
		if (!fp) {
			r = errno_result(errno);
			set_err(err, r, 0, 0, NULL);
			goto cleanup;
		}
		if (S_ISREG(st.st_mode))
			hint = (size_t)st.st_size;
	}
	r = read_all(fp, max, hint, sb);
	if (r != DOC_OK) {
		if (r == DOC_ERR_TOO_BIG && max < lim.max_file_size) {
			doc_check_size(DOC_MAX_SIZE + 1, err);
		} else if (r == DOC_ERR_TOO_BIG) {
			snprintf(detail, sizeof(detail), "over %zu bytes; see max_file_size",
				 lim.max_file_size);
			set_err(err, r, 0, 0, detail);
		} else {
			set_err(err, r, 0, 0, NULL);
		}
		strbuf_reset(sb);
	}
cleanup:
	if (fp && fp != stdin)
		fclose(fp);
	return r;
}

enum doc_result doc_load(const char *path, const struct doc_limits *lim,
			 struct doc **out, struct doc_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	enum doc_result r;

	*out = NULL;
	r = doc_read(path, lim, &sb, err);
	if (r == DOC_OK)
		r = doc_parse(path, sb.buf, sb.len, lim, out, err);
	strbuf_release(&sb);
	return r;
}

/* Line and column of byte offset off of data (before a doc exists). */
static void raw_locate(const char *data, size_t off, size_t *line, size_t *col)
{
	size_t i, ls = 0, l = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			ls = i + 1;
		}
	}
	*line = l;
	*col = utf8_count(data + ls, off - ls) + 1;
}

static enum doc_result check_bytes(const char *data, size_t len, const struct doc_limits *lim,
				   struct doc_error *err)
{
	size_t i, bad, ls = 0, line = 1, nonspace = 0;
	char detail[96];

	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		set_err(err, DOC_ERR_UTF8, 0, 0, "UTF-16 text; convert it to UTF-8");
		return DOC_ERR_UTF8;
	}
	if (memchr(data, '\0', len)) {
		const char *z = memchr(data, '\0', len);
		snprintf(detail, sizeof(detail), "first NUL at byte %zu", (size_t)(z - data));
		set_err(err, DOC_ERR_BINARY, 0, 0, detail);
		return DOC_ERR_BINARY;
	}
	for (i = 0; i < len; i++) {
		if (!ch_isspace((unsigned char)data[i])) {
			nonspace = 1;
			break;
		}
	}
	if (!nonspace) {
		set_err(err, DOC_ERR_EMPTY, 0, 0, len ? "only white space" : NULL);
		return DOC_ERR_EMPTY;
	}
	if (!utf8_validate(data, len, &bad)) {
		size_t l, c;
		raw_locate(data, bad, &l, &c);
		snprintf(detail, sizeof(detail), "byte 0x%02x; the file may be in another encoding",
			 (unsigned char)data[bad]);
		set_err(err, DOC_ERR_UTF8, l, c, detail);
		return DOC_ERR_UTF8;
	}
	for (;;) {
		const char *nl = memchr(data + ls, '\n', len - ls);
		i = nl ? (size_t)(nl - data) : len;
		if (i - ls > lim->max_line_len) {
			snprintf(detail, sizeof(detail), "%zu bytes, the limit is %zu; see max_line_len",
				 i - ls, lim->max_line_len);
			set_err(err, DOC_ERR_LINE_TOO_LONG, line, 1, detail);
			return DOC_ERR_LINE_TOO_LONG;
		}
		if (!nl)
			break;
		ls = i + 1;
		line++;
	}
	return DOC_OK;
}

/*
 * Does src hold a CR LF pair? Searched for by its CR with memchr: CRs
 * are rare outside CR LF files, and memchr runs at memory speed where
 * a two-byte memmem took a tenth of loading a document.
 */
static int has_crlf(const char *src, size_t len)
{
	const char *p = src, *end = src + len;
	while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == '\n')
			return 1;
		p++;
	}
	return 0;
}

/* A new document owning src[0..len) (NUL-terminated, alloc bytes); hash may be NULL. */
static struct doc *doc_new(const char *path, char *src, size_t len, size_t alloc,
			   const uint8_t *hash)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	d->path = xstrdup(path);
	d->src = src;
	d->src_len = len;
	d->src_alloc = alloc;
	lineidx_init(&d->lines_idx, d->src, d->src_len);
	mtext_init(&d->text, 0);
	if (hash)
		memcpy(d->hash, hash, sizeof(d->hash));
	else
		sha256_buf(src, len, d->hash);
	d->has_bom = len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3);
	d->has_crlf = has_crlf(src, len);
	return d;
}

/*
 * The checks of phase 1 on data[0..len); returns DOC_OK when the bytes
 * may be parsed.
 */
static enum doc_result check_input(const char *data, size_t len, const struct doc_limits *lim,
				   struct doc_error *err)
{
	if (len > lim->max_file_size) {
		set_err(err, DOC_ERR_TOO_BIG, 0, 0, "see max_file_size");
		return DOC_ERR_TOO_BIG;
	}
	if (doc_check_size(len, err) != DOC_OK)
		return DOC_ERR_TOO_BIG;
	return check_bytes(data, len, lim, err);
}

/* Phases 2 and 3 on a new document d; frees d on failure. */
static enum doc_result parse_doc(struct doc *d, const struct doc_limits *lim,
				 struct doc **out, struct doc_error *err)
{
	enum doc_result r;

	d->format = doc_detect_format(d->src, d->src_len, d->path);
	switch (d->format) {
	case DOC_FMT_HTML:
		r = doc_decode_html(d, lim, err);
		break;
	case DOC_FMT_MARKDOWN:
		r = doc_decode_markdown(d, lim, err);
		break;
	default:
		r = doc_decode_text(d, lim, err);
		if (r == DOC_OK)
			r = doc_layout(d, lim, err);
		break;
	}
	/* the reading text is rarely longer than the source; its tokens need the same bound */
	if (r == DOC_OK)
		r = doc_check_size(d->text.text.len, err);
	if (r != DOC_OK) {
		doc_free(d);
		return r;
	}
	*out = d;
	return DOC_OK;
}

enum doc_result doc_parse(const char *path, const char *data, size_t len,
			  const struct doc_limits *limp, struct doc **out,
			  struct doc_error *err)
{
	struct doc_limits lim;
	enum doc_result r;

	*out = NULL;
	if (limp)
		lim = *limp;
	else
		doc_limits_default(&lim);
	r = check_input(data, len, &lim, err);
	if (r != DOC_OK)
		return r;
	return parse_doc(doc_new(path, xstrndup(data, len), len, len + 1, NULL), &lim, out, err);
}

enum doc_result doc_parse_buf(const char *path, struct strbuf *sb, const uint8_t *hash,
			      const struct doc_limits *limp, struct doc **out,
			      struct doc_error *err)
{
	struct doc_limits lim;
	enum doc_result r;
	size_t len = 0, alloc;
	char *src;

	*out = NULL;
	if (limp)
		lim = *limp;
	else
		doc_limits_default(&lim);
	r = check_input(sb->buf, sb->len, &lim, err);
	if (r != DOC_OK) {
		strbuf_release(sb);
		return r;
	}
	alloc = sb->alloc ? sb->alloc : 1;
	src = strbuf_detach(sb, &len);
	return parse_doc(doc_new(path, src, len, alloc, hash), &lim, out, err);
}

/* Frees d, and its source buffer unless keep_src. */
static void doc_free_common(struct doc *d, int keep_src)
{
	size_t i;
	free(d->path);
	if (!keep_src)
		free(d->src);
	lineidx_release(&d->lines_idx);
	free(d->lines);
	mtext_release(&d->text);
	free(d->blocks);
	free(d->furniture);
	free(d->joins);
	for (i = 0; i < d->nr_links; i++)
		free(d->links[i].href);
	free(d->links);
	for (i = 0; i < d->nr_marks; i++)
		free(d->marks[i].label);
	free(d->marks);
	free(d->meta.title);
	free(d->meta.date);
	free(d->meta.author);
	free(d);
}

void doc_free(struct doc *d)
{
	if (d)
		doc_free_common(d, 0);
}

void doc_free_keep_src(struct doc *d, struct strbuf *sb)
{
	if (!d)
		return;
	strbuf_release(sb);
	sb->buf = d->src;
	sb->alloc = d->src_alloc;
	sb->len = 0;
	sb->buf[0] = '\0';
	doc_free_common(d, 1);
}

void doc_alloc_tune(void)
{
#ifdef __GLIBC__
	/*
	 * Setting either turns off glibc's own adjustment of the mapping
	 * threshold, which starts at 128 KiB and only rises once a mapped
	 * block is freed; both are set, so the policy is the one written
	 * here whatever the order documents come in.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

static int has_ext(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);
	return pl > el && mem_ieq(path + pl - el, el, ext);
}

static size_t count_occ(const char *data, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	const char *p = data, *end = data + len;
	while ((p = mem_find(p, (size_t)(end - p), needle, nl)) != NULL) {
		n++;
		p += nl;
	}
	return n;
}

/*
 * The markers format detection weighs, counted in one pass per first
 * byte with memchr rather than one scan of the whole text per marker.
 * No marker holds its own first byte again, so counting every position
 * counts what a search for non-overlapping occurrences would.
 */
struct markers {
	size_t md_links, md_mailto, md_footrefs, md_bold_lines;
	size_t tags;            /* <p>, <div, </a>, <body */
};

static int at(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

static void count_markers(const char *data, size_t len, struct markers *m)
{
	const char *end = data + len, *p;

	memset(m, 0, sizeof(*m));
	for (p = data; (p = memchr(p, ']', (size_t)(end - p))) != NULL; p++) {
		m->md_links += at(p, end, "](http", 6);
		m->md_mailto += at(p, end, "](mailto:", 9);
	}
	for (p = data; (p = memchr(p, '[', (size_t)(end - p))) != NULL; p++)
		m->md_footrefs += at(p, end, "[^", 2);
	for (p = data; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		m->md_bold_lines += at(p, end, "\n**", 3);
	for (p = data; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		m->tags += at(p, end, "<p>", 3) + at(p, end, "<div", 4) + at(p, end, "</a>", 4) +
			   at(p, end, "<body", 5);
}

static int starts_with_ci(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && mem_ieq(p, n, s);
}

/* Skips white space and leading <!-- comments --> ("saved from url" lines). */
static const char *skip_comments(const char *p, const char *end)
{
	for (;;) {
		const char *c;
		while (p < end && ch_isspace((unsigned char)*p))
			p++;
		if (!starts_with_ci(p, end, "<!--"))
			return p;
		c = mem_find(p + 4, (size_t)(end - p - 4), "-->", 3);
		if (!c)
			return p;
		p = c + 3;
	}
}

enum doc_format doc_detect_format(const char *data, size_t len, const char *path)
{
	const char *p = data, *end = data + len;
	size_t lines = 0, br_lines = 0, md = 0, i, ls = 0, tags = 0;
	struct markers mk;

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	p = skip_comments(p, end);
	if (starts_with_ci(p, end, "<!doctype html") || starts_with_ci(p, end, "<html") ||
	    starts_with_ci(p, end, "<head>") || starts_with_ci(p, end, "<body") ||
	    (starts_with_ci(p, end, "<?xml") && count_occ(data, len > 4096 ? 4096 : len, "<html")))
		return DOC_FMT_HTML;

	for (;; ls = i + 1) {
		const char *nl = memchr(data + ls, '\n', len - ls), *l = data + ls;
		size_t n;
		i = nl ? (size_t)(nl - data) : len;
		n = i - ls;
		while (n && (l[n - 1] == '\r' || l[n - 1] == ' '))
			n--;
		if (n) {
			lines++;
			if ((n >= 6 && mem_ieq(l + n - 6, 6, "<br />")) ||
			    (n >= 5 && mem_ieq(l + n - 5, 5, "<br/>")) ||
			    (n >= 4 && mem_ieq(l + n - 4, 4, "<br>")))
				br_lines++;
			if ((n > 2 && l[0] == '#' && (l[1] == ' ' || l[1] == '#')) ||
			    (n > 3 && l[0] == '[' && l[1] == '^') ||
			    (n >= 3 && !memcmp(l, "```", 3)))
				md += 2;
		}
		if (!nl)
			break;
	}
	if (lines && br_lines * 3 >= lines)
		return DOC_FMT_TEXT_BR;
	count_markers(data, len, &mk);
	md += mk.md_links + mk.md_mailto + mk.md_footrefs + mk.md_bold_lines / 2;
	tags = mk.tags;
	if (tags >= 3 && tags * 10 >= lines)
		return DOC_FMT_HTML;
	if (md >= 2 || (md >= 1 && (has_ext(path, ".md") || has_ext(path, ".markdown"))))
		return DOC_FMT_MARKDOWN;
	if (has_ext(path, ".html") || has_ext(path, ".htm") || has_ext(path, ".xhtml")) {
		if (tags)
			return DOC_FMT_HTML;
	}
	return DOC_FMT_TEXT;
}

void doc_src_range(const struct doc *d, size_t start, size_t end,
		   size_t *src_start, size_t *src_end)
{
	srcmap_range(&d->text.map, start, end, src_start, src_end);
}

void doc_locate_src(const struct doc *d, size_t src_off, size_t *line, size_t *col)
{
	lineidx_locate(&d->lines_idx, src_off, line, col);
}

void doc_locate_src_next(const struct doc *d, struct lineidx_cursor *cur, size_t src_off,
			 size_t *line, size_t *col)
{
	lineidx_locate_next(&d->lines_idx, cur, src_off, line, col);
}

void doc_locate(const struct doc *d, size_t off, size_t *line, size_t *col)
{
	doc_locate_src(d, srcmap_to_src(&d->text.map, off), line, col);
}

size_t doc_block_at(const struct doc *d, size_t off)
{
	size_t lo = 0, hi = d->nr_blocks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->blocks[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nr_blocks && d->blocks[lo].start <= off && off < d->blocks[lo].end)
		return lo;
	return (size_t)-1;
}

struct doc_block *doc_add_block(struct doc *d, enum block_kind kind, size_t start, size_t end)
{
	struct doc_block *b;
	ALLOC_GROW(d->blocks, d->nr_blocks + 1, d->alloc_blocks);
	b = &d->blocks[d->nr_blocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->start = start;
	b->end = end;
	return b;
}

struct doc_line *doc_add_line(struct doc *d, size_t src_start, size_t src_end, enum line_kind kind)
{
	struct doc_line *l;
	ALLOC_GROW(d->lines, d->nr_lines + 1, d->alloc_lines);
	l = &d->lines[d->nr_lines++];
	l->src_start = src_start;
	l->src_end = src_end;
	l->kind = kind;
	l->page = 0;
	return l;
}

void doc_add_link(struct doc *d, size_t start, size_t end, const char *href, size_t href_len,
		  size_t src_off)
{
	struct doc_link *l;
	ALLOC_GROW(d->links, d->nr_links + 1, d->alloc_links);
	l = &d->links[d->nr_links++];
	l->start = start;
	l->end = end;
	l->href = xstrndup(href, href_len);
	l->src_off = src_off;
}

void doc_add_mark(struct doc *d, enum mark_kind kind, size_t start, size_t end,
		  const char *label, size_t label_len)
{
	struct doc_mark *m;
	ALLOC_GROW(d->marks, d->nr_marks + 1, d->alloc_marks);
	m = &d->marks[d->nr_marks++];
	m->kind = kind;
	m->start = start;
	m->end = end;
	m->label = label ? xstrndup(label, label_len) : NULL;
}

void doc_add_join(struct doc *d, size_t at, unsigned char hyphen)
{
	ALLOC_GROW(d->joins, d->nr_joins + 1, d->alloc_joins);
	d->joins[d->nr_joins].at = at;
	d->joins[d->nr_joins].hyphen = hyphen;
	d->nr_joins++;
}

struct doc_furniture *doc_add_furniture(struct doc *d, enum furniture_kind kind,
					size_t src_start, size_t src_end, long page_number)
{
	struct doc_furniture *f;
	ALLOC_GROW(d->furniture, d->nr_furniture + 1, d->alloc_furniture);
	f = &d->furniture[d->nr_furniture++];
	f->kind = kind;
	f->src_start = src_start;
	f->src_end = src_end;
	f->at = d->text.text.len;
	f->page_number = page_number;
	return f;
}
