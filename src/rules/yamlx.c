/* yamlx.c — see yamlx.h. */
#include "yamlx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/util.h"

static int cmp_key(const void *a, const void *b)
{
	const yaml_node_t *x = *(yaml_node_t *const *)a;
	const yaml_node_t *y = *(yaml_node_t *const *)b;
	int c = strcmp((const char *)x->data.scalar.value,
	               (const char *)y->data.scalar.value);
	if (c)
		return c;
	return (x->start_mark.index > y->start_mark.index) -
	       (x->start_mark.index < y->start_mark.index);
}

/* A key given twice in one mapping: the second one, or NULL. */
static yaml_node_t *duplicate_key(yaml_document_t *doc)
{
	yaml_node_t *dup = NULL;
	for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top && !dup;
	     n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		size_t cnt = (size_t)(n->data.mapping.pairs.top -
		                      n->data.mapping.pairs.start);
		if (cnt < 2)
			continue;
		yaml_node_t **keys = cg_calloc(cnt, sizeof(yaml_node_t *));
		size_t nk = 0;
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			if (k && k->type == YAML_SCALAR_NODE)
				keys[nk++] = k;
		}
		if (nk > 1)
			qsort(keys, nk, sizeof(yaml_node_t *), cmp_key);
		for (size_t i = 1; i < nk && !dup; i++)
			if (strcmp((const char *)keys[i - 1]->data.scalar.value,
			           (const char *)keys[i]->data.scalar.value) ==
			    0)
				dup = keys[i];
		cg_free(keys);
	}
	return dup;
}

int cg_yamlx_load(yaml_document_t *doc, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		cg_error_set("%s: %s", path,
		             S_ISDIR(sb.st_mode) ? "is a directory, not a file"
		                                 : "not a regular file");
		return CG_EIO;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		cg_error_set("%s: cannot open: %s", path, strerror(errno));
		return CG_ENOTFOUND;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int ok = yaml_parser_load(&parser, doc);
	int error = 0;
	yaml_node_t *dup = NULL;
	if (!ok) {
		cg_error_set("%s:%zu: %s%s%s", path,
		             parser.problem_mark.line + 1,
		             parser.problem ? parser.problem : "YAML error",
		             parser.context ? " " : "",
		             parser.context ? parser.context : "");
		error = CG_EPARSE;
	} else if (!yaml_document_get_root_node(doc)) {
		cg_error_set("%s:1: empty document", path);
		yaml_document_delete(doc);
		error = CG_EPARSE;
	} else if ((dup = duplicate_key(doc))) {
		cg_error_set("%s:%zu: duplicate key '%s'", path,
		             dup->start_mark.line + 1,
		             (const char *)dup->data.scalar.value);
		yaml_document_delete(doc);
		error = CG_EPARSE;
	} else {
		/* one document per file: a second one would be ignored */
		yaml_document_t next;
		if (!yaml_parser_load(&parser, &next)) {
			cg_error_set(
			    "%s:%zu: %s", path, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "YAML error");
			yaml_document_delete(doc);
			error = CG_EPARSE;
		} else {
			yaml_node_t *root = yaml_document_get_root_node(&next);
			if (root) {
				cg_error_set("%s:%zu: a second YAML document "
				             "(one document per file)",
				             path, root->start_mark.line + 1);
				yaml_document_delete(doc);
				error = CG_EPARSE;
			}
			yaml_document_delete(&next);
		}
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return error;
}

yaml_node_t *cg_yamlx_get(yaml_document_t *doc, yaml_node_t *map,
                          const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		const char *ks = cg_yamlx_str(k);
		if (ks && strcmp(ks, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

const char *cg_yamlx_str(yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

int cg_yamlx_line(yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}
