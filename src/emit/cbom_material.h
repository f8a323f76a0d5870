/* cbom_material.h — the CBOM's material components, added to
 * the document built by cbom.c through one call; internal to emit. */
#ifndef CG_EMIT_CBOM_MATERIAL_H
#define CG_EMIT_CBOM_MATERIAL_H

#include <jansson.h>

#include "../inventory/inventory.h"

/* Add the certificates, keys, protocols and libraries of s to bom
 * (components, dependencies — the target's first — and metadata
 * properties for files analysed with a note). */
void cg_emit__cbom_material(json_t *bom, const cg_inv_scan *s);

#endif
