/*
 * srcmap.h - offsets of derived text back to the source file.
 *
 * Every text provcheck derives from a file (the normalized text of a
 * document, a re-joined paragraph, an extracted URL) is built with a
 * struct mtext: bytes plus a map from each byte offset of the derived
 * text to the byte offset in the original file. Copied bytes map one to
 * one; substituted bytes (a decoded entity, a joined line break) map to
 * the start of the source range they replace.
 *
 * struct lineidx turns a source byte offset into a 1-based line and a
 * 1-based column counted in Unicode code points.
 */
#ifndef PROVCHECK_SRCMAP_H
#define PROVCHECK_SRCMAP_H

#include <stddef.h>
#include "buf.h"

struct srcmap_seg {
	size_t out;       /* start in the derived text */
	size_t out_len;
	size_t src;       /* start in the source file */
	size_t src_len;   /* == out_len for a copied run */
};

struct srcmap {
	struct srcmap_seg *seg;
	size_t nr, alloc;
};

void srcmap_init(struct srcmap *m);
void srcmap_release(struct srcmap *m);
/* Appends a segment; out must not precede the end of the previous one. */
void srcmap_add(struct srcmap *m, size_t out, size_t out_len, size_t src, size_t src_len);
/* Source offset of derived offset out (an offset at the very end maps past the last byte). */
size_t srcmap_to_src(const struct srcmap *m, size_t out);
/* Source range covering derived range [start, end). */
void srcmap_range(const struct srcmap *m, size_t start, size_t end,
		  size_t *src_start, size_t *src_end);

/* Derived text with its map. Bounded by cap bytes (0: unbounded). */
struct mtext {
	struct strbuf text;
	struct srcmap map;
};

void mtext_init(struct mtext *t, size_t cap);
void mtext_release(struct mtext *t);
/* Copies s[0..n), which stands at src in the source. Returns -1 past the cap. */
int mtext_add(struct mtext *t, const char *s, size_t n, size_t src);
/* Adds s[0..n) standing for the source range [src, src + src_len). */
int mtext_add_subst(struct mtext *t, const char *s, size_t n, size_t src, size_t src_len);
/* Copies derived range [start, end) of another mtext, keeping its map. */
int mtext_add_from(struct mtext *t, const struct mtext *from, size_t start, size_t end);

struct lineidx {
	size_t *start;    /* byte offset of each line start */
	size_t nr, alloc;
	const char *src;  /* not owned */
	size_t len;
	/*
	 * Only when a line is longer than LINEIDX_LONG_LINE: code points
	 * before each checkpoint (one per LINEIDX_BLOCK bytes, just after
	 * an ASCII byte), so that a column in a long line is counted from
	 * the nearest checkpoint, not from the line start. Without them a
	 * megabyte line with thousands of findings costs quadratic time.
	 */
	size_t *ck_off, *ck_cps;
	size_t nr_ck;
};

#define LINEIDX_LONG_LINE 16384
#define LINEIDX_BLOCK 4096

void lineidx_init(struct lineidx *li, const char *src, size_t len);
/*
 * mem_line_end(src, len, i) (util.h), told whether src holds a '\r' at
 * all (has_cr): without one, a line ends at the next '\n' alone, one
 * memchr() per line instead of two. For the passes over every line.
 */
size_t src_line_end(const char *src, size_t len, size_t i, int has_cr);
void lineidx_release(struct lineidx *li);
/* 1-based line and column (code points) of source offset off. */
void lineidx_locate(const struct lineidx *li, size_t off, size_t *line, size_t *col);
/*
 * Where lineidx_locate_next() left off: a caller that locates offsets
 * mostly in increasing order (the callouts of a document, say) keeps
 * one, set to LINEIDX_CURSOR_INIT, for as long as the struct lineidx
 * it was used with is alive, and counts each column on from the last
 * one instead of from the line start. The caller owns it; it holds no
 * memory.
 */
struct lineidx_cursor {
	size_t line;   /* 0-based line of off */
	size_t off;    /* the offset located last (clamped to the source) */
	size_t col;    /* its column */
	int valid;     /* 0 until the first call */
};

#define LINEIDX_CURSOR_INIT { 0, 0, 0, 0 }

/*
 * lineidx_locate() through a cursor (updated): the same line and column
 * for any off, in any order; it is faster only when off does not go back.
 */
void lineidx_locate_next(const struct lineidx *li, struct lineidx_cursor *cur, size_t off,
			 size_t *line, size_t *col);
/* The source line holding off: returns its start, *len without the newline. */
const char *lineidx_line(const struct lineidx *li, size_t off, size_t *len);

#endif
