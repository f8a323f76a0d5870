/* yamlx.c — see yamlx.h. */
#include "yamlx.h"

#include <stdio.h>
#include <string.h>

#include "../util/util.h"

int cg_yamlx_load(yaml_document_t *doc, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cg_error_set("%s: cannot open", path);
		return CG_ENOTFOUND;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int ok = yaml_parser_load(&parser, doc);
	int error = 0;
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
