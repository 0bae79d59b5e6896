/*
 * tjson.h - a small JSON parser and a JSON Schema (draft 2020-12)
 * checker for tests: type, required, properties, additionalProperties,
 * items, $ref to "#/$defs/...", enum, const, oneOf, minimum. Enough to
 * hold provcheck's JSON output to docs/report-schema.json.
 */
#ifndef PROVCHECK_TJSON_H
#define PROVCHECK_TJSON_H

#include <stddef.h>

enum tjson_type { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ };

struct tjson {
	enum tjson_type type;
	int b;
	double num;
	int is_int;
	char *str;              /* TJ_STR */
	struct tjson **items;   /* TJ_ARR values, TJ_OBJ values */
	char **keys;            /* TJ_OBJ */
	size_t nr;
};

/* Parses s[0..n); NULL on a syntax error (*err gets the offset). Free with tjson_free(). */
struct tjson *tjson_parse(const char *s, size_t n, size_t *err);
void tjson_free(struct tjson *j);
/* Member of an object, or NULL. */
const struct tjson *tjson_get(const struct tjson *obj, const char *key);
/*
 * Checks doc against schema (root is the schema document, for $ref).
 * Returns the number of violations; the first few are printed to
 * stderr with their JSON path.
 */
int tjson_validate(const struct tjson *schema, const struct tjson *doc);

#endif
