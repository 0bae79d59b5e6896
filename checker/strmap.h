/*
 * strmap.h - a hash map from byte strings to size_t values.
 *
 * Open addressing with linear probing over strmap_hash(); the table
 * doubles when it is half full, so a lookup costs O(1) on average
 * whatever the keys. Keys are not copied: the caller keeps each key's
 * bytes alive and unchanged while the map is in use (keys usually point
 * into a document's source, or into strings the caller owns).
 *
 * The layout phase uses it where it used to compare every line or word
 * with every other one (see bench/README.md).
 */
#ifndef PROVCHECK_STRMAP_H
#define PROVCHECK_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strmap_entry {
	const char *key;        /* NULL: empty slot */
	size_t len;
	uint64_t hash;
	size_t value;
};

struct strmap {
	struct strmap_entry *slot;
	size_t nr;              /* keys stored */
	size_t alloc;           /* slots: 0 or a power of two */
};

#define STRMAP_INIT { NULL, 0, 0 }

/*
 * The map's hash of key[0..len): eight bytes per multiply (keys are
 * mostly words and short lines, where FNV-1a's multiply per byte was
 * a tenth of the layout's time). Not stable across versions: for hash
 * tables within one run only. Inline: wordidx hashes every word of a
 * document with it.
 */
static inline uint64_t strmap_hash(const char *key, size_t len)
{
	uint64_t h = (uint64_t)len * 0x9e3779b97f4a7c15ULL, w;
	size_t i;

	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (len) {
		/* the last bytes one by one: a load past them could leave the buffer */
		for (w = 0, i = 0; i < len; i++)
			w |= (uint64_t)(unsigned char)key[i] << (8 * i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	return h ^ (h >> 29);
}

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);

/* The value stored for key[0..len), or NULL. The pointer is valid until the next insert. */
size_t *strmap_get(const struct strmap *m, const char *key, size_t len);

/*
 * The value of key[0..len), inserting the key with value if it is not
 * there yet (*added then 1, else 0; added may be NULL). The pointer is
 * valid until the next insert.
 */
size_t *strmap_put(struct strmap *m, const char *key, size_t len, size_t value, int *added);

#endif
