/*
 * tests/schema/validate.c — the built-in validator as a command, so that
 * tests can compare it with an independent one.
 * Usage: test_schema_validate SCHEMA_DIR SCHEMA_FILE DOCUMENT
 * Exit 0 when valid, 1 when invalid (violations printed), 2 on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/schema/schema.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s SCHEMA_DIR SCHEMA_FILE DOCUMENT\n",
		        argv[0]);
		return 2;
	}
	size_t len = 0;
	char *doc = slurp(argv[3], &len);
	if (!doc) {
		fprintf(stderr, "%s: cannot read\n", argv[3]);
		return 2;
	}
	char *errors = NULL;
	int rc = cg_schema_validate(argv[1], argv[2], doc, len, 10, &errors);
	if (rc != 0)
		printf("%s\n", errors ? errors : "?");
	free(errors);
	free(doc);
	cg_schema_cache_clear();
	return rc == 0 ? 0 : rc > 0 ? 1 : 2;
}
