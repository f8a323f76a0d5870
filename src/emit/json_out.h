/* json_out.h — module-internal to emit: one JSON deliverable from a jansson
 * document to validated text. */
#ifndef CG_EMIT_JSON_OUT_H
#define CG_EMIT_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>

/* Serialise doc (taken: it is released) with 2-space indentation and
 * validate it against schema_dir/schema_file. On success *out is the text
 * with a trailing newline (cg_free). On failure nothing is handed out and
 * the error names `what` (e.g. "CBOM"), the standard it fails (e.g.
 * "CycloneDX 1.6") and the schema: CG_EINVALID when the document is
 * invalid, CG_ERROR when it cannot be serialised or checked. */
int cg_emit__validated_json(char **out, json_t *doc, const char *what,
                            const char *standard, const char *schema_dir,
                            const char *schema_file, size_t max_errors);

#endif
