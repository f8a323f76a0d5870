/* yamlx.h — small read-only helpers over libyaml's document API, for
 * every YAML file cryptagion reads: the rules and the algorithm table
 * (rules/), and, through this header only, the standards table (risk/),
 * policies (policy/) and the library table (material/manifest.c). Every
 * scalar is text: libyaml does no type resolution. Errors name the file
 * and line. */
#ifndef CG_RULES_YAMLX_H
#define CG_RULES_YAMLX_H

#include <yaml.h>

/* Load the one document of a file. A duplicate key in a mapping or a
 * second document is an error. Returns 0, or CG_EPARSE with
 * "file:line: reason" in cg_error_last() (CG_EIO: not a regular
 * file, CG_ENOTFOUND: cannot open). */
int cg_yamlx_load(yaml_document_t *doc, const char *path);
/* The value node of `key` in mapping `map`, or NULL. */
yaml_node_t *cg_yamlx_get(yaml_document_t *doc, yaml_node_t *map,
                          const char *key);
/* The text of a scalar node, or NULL when n is not a scalar. Borrowed. */
const char *cg_yamlx_str(yaml_node_t *n);
/* 1-based line of a node. */
int cg_yamlx_line(yaml_node_t *n);

#endif
