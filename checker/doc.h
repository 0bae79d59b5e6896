/*
 * doc.h - the document model: a source file, its normalized reading
 * text, its structure, and a source map back to file:line:column.
 *
 * Parsing runs in phases, as cmark does:
 *   1. load: read the bytes, enforce the limits, reject binary data and
 *      invalid UTF-8, detect the format by content;
 *   2. decode: format-specific (plain text, text with <br /> tags,
 *      Markdown, HTML through libxml2) into lines with source offsets,
 *      plus links, superscripts and metadata;
 *   3. layout: page furniture (running headers/footers, bare page
 *      numbers, first-page metadata), footnote separators, note areas,
 *      headings, list items, paragraphs re-joined across wrapped lines
 *      with de-hyphenation.
 * Inline constructs (callouts, URLs, dates, figures) are left to the
 * refs, links and claims modules, which read doc->text and doc->blocks.
 *
 * struct doc is public read-only data: callers must not modify it.
 * Every offset named "start"/"end" is a byte offset into doc->text.buf;
 * doc_src_range() and doc_locate() turn them into source positions.
 */
#ifndef PROVCHECK_DOC_H
#define PROVCHECK_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "srcmap.h"

enum doc_result {
	DOC_OK = 0,
	DOC_ERR_NOENT,        /* no such file */
	DOC_ERR_ACCESS,       /* permission denied */
	DOC_ERR_ISDIR,
	DOC_ERR_IO,           /* other read error */
	DOC_ERR_EMPTY,        /* empty file (or only white space) */
	DOC_ERR_TOO_BIG,      /* larger than max_file_size */
	DOC_ERR_BINARY,       /* NUL bytes: not a text document */
	DOC_ERR_UTF8,         /* invalid UTF-8 */
	DOC_ERR_LINE_TOO_LONG,
	DOC_ERR_PARSE,        /* the HTML parser gave up */
	DOC_ERR_LIMIT         /* another cap (text size, links) was hit */
};

/* Static string, lowercase ("no such file"). */
const char *doc_strerror(enum doc_result r);

enum doc_format {
	DOC_FMT_TEXT = 0,
	DOC_FMT_TEXT_BR,      /* plain text carrying <br /> line-break tags */
	DOC_FMT_MARKDOWN,
	DOC_FMT_HTML
};

const char *doc_format_name(enum doc_format f);

struct doc_limits {
	size_t max_file_size;   /* bytes; default 64 MiB */
	size_t max_line_len;    /* bytes; default 1 MiB */
	size_t max_links;       /* links kept per document; default 100000 */
};

void doc_limits_default(struct doc_limits *lim);

/*
 * The largest document provcheck parses, whatever max_file_size says
 * (it may be set up to 1 TiB): the tokens of a text keep 32-bit
 * offsets (tok.h), which must not wrap.
 */
#define DOC_MAX_SIZE ((uintmax_t)UINT32_MAX)

/* Why a load failed, with the position where it applies (0 if none). */
struct doc_error {
	enum doc_result code;
	size_t line, col;       /* 1-based; 0 when not about a position */
	char detail[160];       /* extra words, may be empty */
};

enum line_kind {
	LINE_BODY = 0,
	LINE_BLANK,
	LINE_FURNITURE,         /* running header/footer, first-page metadata */
	LINE_PAGE_NUMBER,
	LINE_SEPARATOR,         /* ______ (footnote rule) */
	LINE_NOTE,              /* inside a footnote area */
	LINE_NOTE_NUMBER,       /* a bare note number inside a footnote area */
	LINE_MARKUP             /* markup only (HTML tags, fenced code fence) */
};

/* One physical line of the source file. */
struct doc_line {
	size_t src_start, src_end;   /* source byte range, line ending excluded */
	enum line_kind kind;
	unsigned page;               /* 0-based page, from page numbers/headers */
};

enum block_kind {
	BLOCK_PARA = 0,
	BLOCK_HEADING,
	BLOCK_LIST_ITEM,
	BLOCK_NOTES,            /* a footnote area or endnote list; lines kept, joined by '\n' */
	BLOCK_QUOTE,
	BLOCK_CODE
};

const char *block_kind_name(enum block_kind k);

struct doc_block {
	enum block_kind kind;
	size_t start, end;      /* range in doc->text */
	unsigned level;         /* heading level (1-6; 0 for an HTML <title>), list depth */
	unsigned page;
	size_t first_line;      /* index into doc->lines */
	unsigned number;        /* BLOCK_NOTES: the note number when the markup gives it
				 * (an HTML <ol> item), else 0 */
};

enum furniture_kind {
	FURN_RUNNING_HEADER = 0,  /* repeated line or phrase with a page number */
	FURN_PAGE_NUMBER,
	FURN_FIRST_PAGE,          /* received/accepted lines, contact lines */
	FURN_SITE_CHROME          /* web page navigation ("Home > ...", "Related Articles") */
};

const char *furniture_kind_name(enum furniture_kind k);

/* Text set aside from the reading text, with where it stood. */
struct doc_furniture {
	enum furniture_kind kind;
	size_t src_start, src_end;
	size_t at;              /* offset in doc->text where it was cut out */
	long page_number;       /* -1 if none */
};

/*
 * A point where two lines were joined. hyphen: 0 plain join (a space was
 * put in), 1 a line-final hyphen was dropped ("socio-" + "political"),
 * 2 a line-final hyphen was kept ("balance-of-" + "power"), 3 no space,
 * no hyphen (a wrapped URL). Both readings stay available to callers.
 */
struct doc_join {
	size_t at;              /* offset in doc->text of the first byte after the join */
	unsigned char hyphen;
};

/* A hyperlink carried by markup (HTML href, Markdown link). */
struct doc_link {
	size_t start, end;      /* the anchor text in doc->text (may be empty) */
	char *href;             /* owned by the doc; as written, entities decoded */
	size_t src_off;         /* source offset of the href value */
};

enum mark_kind {
	MARK_SUP = 0,           /* <sup> or Unicode superscript digits */
	MARK_FOOTREF,           /* Markdown [^label] */
	MARK_EMPH               /* emphasis (informational) */
};

struct doc_mark {
	enum mark_kind kind;
	size_t start, end;      /* in doc->text */
	char *label;            /* owned; footnote label or the superscript digits, may be NULL */
};

struct doc_meta {
	char *title;            /* owned, may be NULL */
	char *date;             /* ISO 8601 as found in <meta>, a dateline or Received line; may be NULL */
	size_t date_src;        /* source offset of the date, if any */
	char *author;
};

struct doc {
	char *path;             /* as given (or "-" for stdin) */
	enum doc_format format;
	char *src;              /* the file's bytes, NUL-terminated (BOM kept) */
	size_t src_len;
	size_t src_alloc;       /* bytes allocated at src (for doc_free_keep_src()) */
	struct lineidx lines_idx;
	uint8_t hash[32];       /* SHA-256 of src */

	struct doc_line *lines;
	size_t nr_lines, alloc_lines;

	struct mtext text;      /* normalized reading text */

	struct doc_block *blocks;
	size_t nr_blocks, alloc_blocks;
	struct doc_furniture *furniture;
	size_t nr_furniture, alloc_furniture;
	struct doc_join *joins;
	size_t nr_joins, alloc_joins;
	struct doc_link *links;
	size_t nr_links, alloc_links;
	struct doc_mark *marks;
	size_t nr_marks, alloc_marks;
	struct doc_meta meta;
	unsigned nr_pages;
	int has_bom, has_crlf;
};

/*
 * Reads and parses path ("-" is standard input). On success *out is a
 * new document the caller frees with doc_free(). On failure *out is
 * NULL and err (if not NULL) says why.
 */
enum doc_result doc_load(const char *path, const struct doc_limits *lim,
			 struct doc **out, struct doc_error *err);

/*
 * Phase 1 alone: reads the bytes of path ("-" is standard input) into
 * sb under lim's max_file_size, without checking or parsing them, so
 * that a caller can hash them and skip an unchanged document. On
 * failure sb is left empty and err (if not NULL) says why.
 */
enum doc_result doc_read(const char *path, const struct doc_limits *lim,
			 struct strbuf *sb, struct doc_error *err);

/* As doc_load() on bytes already in memory (copied). */
enum doc_result doc_parse(const char *path, const char *data, size_t len,
			  const struct doc_limits *lim, struct doc **out,
			  struct doc_error *err);

/*
 * As doc_parse() on the bytes held by sb, which the document takes over
 * rather than copies (a scan reads each file into a buffer, hashes it,
 * then parses it: no second copy of a large file). hash, if not NULL,
 * is the SHA-256 of those bytes, already computed by the caller; NULL
 * to compute it here. Whatever the result, sb is left empty.
 */
enum doc_result doc_parse_buf(const char *path, struct strbuf *sb, const uint8_t *hash,
			      const struct doc_limits *lim, struct doc **out,
			      struct doc_error *err);

void doc_free(struct doc *d);
/*
 * As doc_free(), except that d's source buffer is not freed: sb
 * (released first) takes it over, empty, for the next doc_read() to
 * fill. A scan reads a file per document: the buffer, the size of the
 * largest file so far, is then allocated once rather than per file.
 */
void doc_free_keep_src(struct doc *d, struct strbuf *sb);

/*
 * Tunes the C library's allocator for a process that parses documents
 * one after another, each allocating and freeing buffers the size of
 * the document: blocks under 32 MiB come from the heap rather than
 * from a mapping of their own, and up to 64 MiB freed at the heap's
 * top is kept for the next document rather than given back to the
 * system. Both used to be paid for in page faults on every document:
 * a third of the CPU time of a scan of wrapped text. Peak memory is
 * unchanged (the heap never holds more than the largest document
 * needed). glibc only; elsewhere it does nothing. Call once, early.
 */
void doc_alloc_tune(void);

/* Format by content; the path's extension only breaks ties. */
enum doc_format doc_detect_format(const char *data, size_t len, const char *path);

/* Source byte range of doc->text[start..end). */
void doc_src_range(const struct doc *d, size_t start, size_t end,
		   size_t *src_start, size_t *src_end);
/* 1-based line and column (in code points) of doc->text offset off. */
void doc_locate(const struct doc *d, size_t off, size_t *line, size_t *col);
/* 1-based line and column of a source offset. */
void doc_locate_src(const struct doc *d, size_t src_off, size_t *line, size_t *col);
/*
 * doc_locate_src() through a cursor the caller keeps (srcmap.h: set to
 * LINEIDX_CURSOR_INIT, used with this document only): the same result,
 * in fewer steps when the offsets go forward.
 */
void doc_locate_src_next(const struct doc *d, struct lineidx_cursor *cur, size_t src_off,
			 size_t *line, size_t *col);

/* Index of the block holding text offset off, or (size_t)-1. */
size_t doc_block_at(const struct doc *d, size_t off);

/*
 * DOC_OK if a document (or its reading text) of size bytes is within
 * DOC_MAX_SIZE, else DOC_ERR_TOO_BIG with err (if not NULL) saying
 * "document over 4 GiB". Every load goes through it, before reading
 * when the size is known and after.
 */
enum doc_result doc_check_size(uintmax_t size, struct doc_error *err);

/* Formats "provcheck: cannot read 'path': reason" style text of err into sb. */
struct strbuf;
void doc_error_format(const char *path, const struct doc_error *err, struct strbuf *sb);

#endif
