/*
 * material — cryptography outside code: certificates and keys
 * committed to the tree (PEM, DER, PKCS#7, PKCS#12, OpenSSH, PuTTY, JWK),
 * protocol configurations (sshd/ssh, nginx, Apache, HAProxy, openssl.cnf,
 * java.security, Spring-style YAML) and dependency manifests. One file at
 * a time, like the engine: bytes in, findings (algorithm occurrences and
 * misuses, through the same cg_finding as code) and material objects out.
 *
 * Parsing uses OpenSSL (libcrypto for certificates and keys, libssl to
 * expand cipher strings). Bad input never fails the call: what could not
 * be analysed becomes the file's note. Key bytes never leave the readers:
 * only type, size, encryption and public identifiers are reported.
 *
 * Ownership: a cg_material_ctx is immutable after cg_material_ctx_new()
 * and shared by all workers; it borrows the ruleset. Findings and
 * materials are appended to the caller's lists.
 */
#ifndef CG_MATERIAL_H
#define CG_MATERIAL_H

#include <stddef.h>
#include <stdint.h>

#include "../model/material.h"
#include "../model/model.h"

/* What kind of material a file is, from its name and first bytes. */
typedef enum {
	CG_MATERIAL_NONE = 0,
	CG_MATERIAL_OBJECTS,  /* certificates and keys, PEM or binary */
	CG_MATERIAL_CONFIG,   /* a TLS/SSH protocol configuration */
	CG_MATERIAL_MANIFEST, /* a dependency manifest */
} cg_material_kind;

/* Classify a file of no known language (path relative, head = its first
 * bytes, may be NULL). Cheap: called by the walk for every such file. */
cg_material_kind cg_material_detect(const char *path, const char *head,
                                    size_t n);
/* "crypto-material", "crypto-config", "manifest"; static. */
const char *cg_material_kind_name(cg_material_kind k);

struct cg_ruleset;
typedef struct cg_material_ctx cg_material_ctx;

/* now: seconds since the epoch for validity checks; warn_days: a
 * certificate expiring within this many days is "expiring". Loads
 * rules_dir/libraries.yaml (the crypto library table) when present. */
int cg_material_ctx_new(cg_material_ctx **out, const struct cg_ruleset *rs,
                        const char *rules_dir, int64_t now, int warn_days);
void cg_material_ctx_free(cg_material_ctx *c);

/* Analyse one file (data[len] readable and NUL). Never fails. */
void cg_material_scan(cg_findings *findings, cg_materials *mats,
                      const cg_material_ctx *ctx, cg_material_kind kind,
                      const char *path, const char *data, size_t len);

/* Protocols set up in code: the findings of fs that carry the named
 * parameter "protocol" (rules with `asset.protocol`) leave fs and become
 * protocol objects of mats, one per file and protocol type (TLS: one per
 * enabled version; no version named: one "TLS" object), their cipher
 * suites expanded into algorithm findings exactly as for configurations
 * (OpenSSL cipher strings and IANA suite names alike). fs stays sorted. */
void cg_material_code_protocols(cg_findings *fs, cg_materials *mats,
                                const cg_material_ctx *ctx, const char *path);

#endif
