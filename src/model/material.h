/*
 * model/material — plain data for cryptographic material found outside
 * code: certificates, keys, protocol configurations and crypto
 * libraries named by dependency manifests. The material module produces
 * it, the inventory stores it, the CBOM emitter reads it back.
 *
 * A cg_mat_obj is deliberately generic: a kind, a bom-ref, a name, the
 * line where it starts, ordered (name, value) properties and references to
 * algorithm assets or to other material objects. Property names with the
 * "cdx:" prefix map onto the CycloneDX block of the kind
 * (certificateProperties, relatedCryptoMaterialProperties,
 * protocolProperties, library fields); names with the "cryptagion:" prefix
 * become CBOM properties. Key bytes are never stored: only type, size,
 * encryption and public identifiers.
 *
 * Ownership: a cg_materials owns its objects and every string in them;
 * release with cg_materials_dispose().
 */
#ifndef CG_MODEL_MATERIAL_H
#define CG_MODEL_MATERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"

/* A reference from a material object: either to another material object
 * (target = its bom-ref) or to an algorithm asset (primitive + name; the
 * inventory derives the asset's bom-ref). */
typedef struct {
	char *relation;  /* "signature", "public-key", "suite:NAME", "uses" */
	char *target;    /* bom-ref of a material object, or NULL */
	char *primitive; /* algorithm asset primitive, or NULL */
	char *name;      /* algorithm asset canonical name, or NULL */
} cg_mat_ref;

typedef struct {
	char *kind; /* certificate, private-key, public-key, secret-key,
	               protocol, library */
	char *bom_ref;
	char *name;
	uint32_t line; /* 1-based line (or object index for DER) */
	cg_strv props; /* name, value, name, value, ... */
	cg_mat_ref *refs;
	size_t nrefs, caprefs;
} cg_mat_obj;

typedef struct {
	cg_mat_obj *items;
	size_t len, cap;
	char *note;        /* what could not be analysed in the file, or NULL */
	bool not_analysed; /* nothing could be analysed: record as skipped */
} cg_materials;

/* Append a zeroed object (borrowed, valid until the next push). */
cg_mat_obj *cg_materials_push(cg_materials *v, const char *kind,
                              const char *bom_ref, const char *name,
                              uint32_t line);
/* Add a property (value NULL: nothing added). */
void cg_mat_obj_prop(cg_mat_obj *o, const char *name, const char *value);
/* Add a reference to an algorithm asset or (primitive NULL) to target. */
void cg_mat_obj_ref(cg_mat_obj *o, const char *relation, const char *target,
                    const char *primitive, const char *name);
/* Append a note to the file's notes ("; "-separated). */
void cg_materials_note(cg_materials *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cg_materials_dispose(cg_materials *v);

#endif
