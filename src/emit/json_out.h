/* json_out.h — module-internal to emit: the JSON helpers of every JSON
 * deliverable (CBOM, roadmap, SARIF), and one document from a jansson
 * document to validated text.
 *
 * The rule for a missing value (a NULL string): it never becomes JSON
 * null. An optional member is left out (cg_emit__jset; "" counts as
 * missing there); where the schema requires a string, the missing value
 * is the empty string (cg_emit__jstr(NULL) is ""). Text that is not valid
 * UTF-8 (paths and strings of the scanned code) is repaired, never
 * dropped. */
#ifndef CG_EMIT_JSON_OUT_H
#define CG_EMIT_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Serialise doc (taken: it is released) with 2-space indentation and
 * validate it against schema_dir/schema_file. On success *out is the text
 * with a trailing newline (cg_free). On failure nothing is handed out and
 * the error names `what` (e.g. "CBOM"), the standard it fails (e.g.
 * "CycloneDX 1.6") and the schema: CG_EINVALID when the document is
 * invalid, CG_ERROR when it cannot be serialised or checked. */
/* A JSON string of s, invalid UTF-8 repaired; "" for NULL. */
json_t *cg_emit__jstr(const char *s);
/* cg_emit__jstr cut to at most max bytes (max >= 4), "..." marking the
 * cut, never inside a UTF-8 sequence (GitHub reads at most 1024
 * characters of a SARIF description). */
json_t *cg_emit__jtext(const char *s, size_t max);
/* o[key] = v, left out when v is NULL or "". */
void cg_emit__jset(json_t *o, const char *key, const char *v);
/* Append the CycloneDX property {name, value} to the array props. */
void cg_emit__jprop(json_t *props, const char *name, const char *value);
void cg_emit__jprop_u64(json_t *props, const char *name, uint64_t v);

int cg_emit__validated_json(char **out, json_t *doc, const char *what,
                            const char *standard, const char *schema_dir,
                            const char *schema_file, size_t max_errors);

#endif
