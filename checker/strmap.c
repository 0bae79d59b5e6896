/* strmap.c - byte-string hash map (see strmap.h). */
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void strmap_init(struct strmap *m)
{
	m->slot = NULL;
	m->nr = m->alloc = 0;
}

void strmap_release(struct strmap *m)
{
	free(m->slot);
	strmap_init(m);
}

static struct strmap_entry *find_slot(const struct strmap *m, const char *key, size_t len,
				      uint64_t hash)
{
	size_t mask = m->alloc - 1, i = (size_t)hash & mask;
	for (;; i = (i + 1) & mask) {
		struct strmap_entry *e = &m->slot[i];
		if (!e->key || (e->hash == hash && e->len == len && !memcmp(e->key, key, len)))
			return e;
	}
}

static void grow(struct strmap *m)
{
	struct strmap_entry *old = m->slot;
	size_t old_alloc = m->alloc, i;

	m->alloc = old_alloc ? old_alloc * 2 : 64;
	m->slot = xcalloc(m->alloc, sizeof(*m->slot));
	for (i = 0; i < old_alloc; i++)
		if (old[i].key)
			*find_slot(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

size_t *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_entry *e;
	if (!m->nr)
		return NULL;
	e = find_slot(m, key, len, strmap_hash(key, len));
	return e->key ? &e->value : NULL;
}

size_t *strmap_put(struct strmap *m, const char *key, size_t len, size_t value, int *added)
{
	uint64_t hash = strmap_hash(key, len);
	struct strmap_entry *e;

	/* at most half full: probe runs stay short */
	if ((m->nr + 1) * 2 > m->alloc)
		grow(m);
	e = find_slot(m, key, len, hash);
	if (added)
		*added = !e->key;
	if (!e->key) {
		/* an empty key still needs a non-NULL pointer to mark the slot used */
		e->key = key ? key : "";
		e->len = len;
		e->hash = hash;
		e->value = value;
		m->nr++;
	}
	return &e->value;
}
