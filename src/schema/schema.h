/*
 * schema — JSON-schema validation behind one C function.
 *
 * The only C++ in cryptagion: valijson (header-only) with its nlohmann
 * adapter, kept in one translation unit. Schemas are read from a folder;
 * a "$ref" to another document resolves to the file of the same base name
 * in that folder (the CycloneDX schema refers to spdx.schema.json and
 * jsf-0.82.schema.json this way), so validation never touches a network.
 */
#ifndef CG_SCHEMA_H
#define CG_SCHEMA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Validate the JSON text json[0..len) against schema_file in schema_dir.
 * Returns 0 when valid, 1 when invalid, -1 when the schema or the document
 * cannot be read or parsed. On 1 or -1, when errors is not NULL, *errors
 * receives a malloc'd, newline-separated list of at most max_errors
 * violations ("<json path>: <reason>"), owned by the caller.
 * Compiled schemas are cached per (dir, file); thread-safe.
 */
int cg_schema_validate(const char *schema_dir, const char *schema_file,
                       const char *json, size_t len, size_t max_errors,
                       char **errors);

/* Drop the compiled-schema cache (frees its memory). */
void cg_schema_cache_clear(void);

#ifdef __cplusplus
}
#endif

#endif
