/* cbom_material.c — certificates, keys, protocols and libraries in the
 * CBOM; see cbom_material.h and docs/cryptagion.md. */
#include "cbom_material.h"

#include <stdlib.h>
#include <string.h>

#include "../util/util.h"
#include "json_out.h"

static const char *get(const cg_inv_mat *m, const char *name)
{
	for (size_t i = 0; i + 1 < m->props.len; i += 2)
		if (strcmp(m->props.items[i], name) == 0)
			return m->props.items[i + 1];
	return NULL;
}

static const char *ref_of(const cg_inv_mat *m, const char *relation)
{
	for (size_t i = 0; i + 1 < m->refs.len; i += 2)
		if (strcmp(m->refs.items[i], relation) == 0)
			return m->refs.items[i + 1];
	return NULL;
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, cg_emit__jstr(v));
}

static void set_int(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_integer(strtoll(v, NULL, 10)));
}

/* Append s to the array unless present (uniqueItems). */
static void add_unique(json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		if (strcmp(json_string_value(v), s) == 0)
			return;
	}
	json_array_append_new(a, cg_emit__jstr(s));
}

static json_t *cert_props(const cg_inv_mat *m)
{
	json_t *c = json_object();
	set_str(c, "subjectName", get(m, "cdx:subjectName"));
	set_str(c, "issuerName", get(m, "cdx:issuerName"));
	set_str(c, "notValidBefore", get(m, "cdx:notValidBefore"));
	set_str(c, "notValidAfter", get(m, "cdx:notValidAfter"));
	set_str(c, "signatureAlgorithmRef", ref_of(m, "signature"));
	set_str(c, "subjectPublicKeyRef", ref_of(m, "public-key"));
	set_str(c, "certificateFormat", get(m, "cdx:certificateFormat"));
	set_str(c, "certificateExtension", get(m, "cdx:certificateExtension"));
	return c;
}

static json_t *key_props(const cg_inv_mat *m)
{
	json_t *c = json_object();
	set_str(c, "type", get(m, "cdx:type"));
	set_str(c, "algorithmRef", ref_of(m, "algorithm"));
	set_int(c, "size", get(m, "cdx:size"));
	set_str(c, "format", get(m, "cdx:format"));
	return c;
}

static json_t *protocol_props(const cg_inv_mat *m)
{
	json_t *c = json_object();
	set_str(c, "type", get(m, "cdx:type"));
	set_str(c, "version", get(m, "cdx:version"));
	json_t *suites = json_array();
	for (size_t i = 0; i + 1 < m->props.len; i += 2) {
		if (strcmp(m->props.items[i], "cdx:cipherSuite") != 0)
			continue;
		const char *name = m->props.items[i + 1];
		json_t *algs = json_array();
		char *rel = cg_sprintf("suite:%s", name);
		for (size_t k = 0; k + 1 < m->refs.len; k += 2)
			if (strcmp(m->refs.items[k], rel) == 0)
				add_unique(algs, m->refs.items[k + 1]);
		cg_free(rel);
		json_t *s = json_object();
		json_object_set_new(s, "name", cg_emit__jstr(name));
		json_object_set_new(s, "algorithms", algs);
		/* identifiers: one string per byte, "0xC0", "0x2F" */
		char *ik = cg_sprintf("cdx:cipherSuiteIds:%s", name);
		const char *ids = get(m, ik);
		cg_free(ik);
		json_t *ja = json_array();
		for (const char *p = ids; p && *p;) {
			size_t n = strcspn(p, ",");
			json_array_append_new(ja, json_stringn(p, n));
			p += n + (p[n] == ',');
		}
		json_object_set_new(s, "identifiers", ja);
		json_array_append_new(suites, s);
	}
	if (json_array_size(suites))
		json_object_set_new(c, "cipherSuites", suites);
	else
		json_decref(suites);
	json_t *refs = json_array();
	for (size_t k = 0; k + 1 < m->refs.len; k += 2)
		if (strcmp(m->refs.items[k], "uses") == 0)
			add_unique(refs, m->refs.items[k + 1]);
	if (json_array_size(refs))
		json_object_set_new(c, "cryptoRefArray", refs);
	else
		json_decref(refs);
	return c;
}

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The algorithm assets a library provides: those found by a rule whose id
 * starts with one of the library's prefixes, in code of its language. */
static json_t *provides(const cg_inv_mat *m, const cg_inv_scan *s)
{
	json_t *a = json_array();
	const char *lang = get(m, "cryptagion:language");
	for (size_t i = 0; i < s->nassets; i++) {
		const cg_inv_asset *as = &s->assets[i];
		bool hit = false;
		for (size_t k = 0; k < as->nocc && !hit; k++) {
			const cg_inv_occ *o = &as->occs[k];
			if (lang && (!o->language || strcmp(o->language, lang)))
				continue;
			for (size_t p = 0; p + 1 < m->props.len && !hit; p += 2)
				hit = strcmp(m->props.items[p],
				             "cryptagion:rulePrefix") == 0 &&
				      starts_with(o->rule_id,
				                  m->props.items[p + 1]);
		}
		if (hit)
			add_unique(a, as->bom_ref);
	}
	return a;
}

static int cmp_asset(const void *key, const void *elem)
{
	return strcmp(key, ((const cg_inv_asset *)elem)->bom_ref);
}

static bool known_ref(const cg_inv_scan *s, const char *ref)
{
	if (bsearch(ref, s->assets, s->nassets, sizeof(cg_inv_asset),
	            cmp_asset))
		return true;
	const cg_inv_materials *m = s->materials;
	for (size_t i = 0; i < m->len; i++)
		if (strcmp(m->items[i].bom_ref, ref) == 0)
			return true;
	return false;
}

void cg_emit__cbom_material(json_t *bom, const cg_inv_scan *s)
{
	const cg_inv_materials *m = s->materials;
	if (!m)
		return;
	json_t *comps = json_object_get(bom, "components");
	json_t *deps = json_object_get(bom, "dependencies");
	json_t *target = json_array_get(deps, 0);
	json_t *tdeps = json_object_get(target, "dependsOn");
	for (size_t i = 0; i < m->len;) {
		const cg_inv_mat *first = &m->items[i];
		size_t j = i;
		json_t *occs = json_array();
		for (; j < m->len &&
		       strcmp(m->items[j].bom_ref, first->bom_ref) == 0;
		     j++) {
			json_t *o = json_object();
			json_object_set_new(o, "location",
			                    cg_emit__jstr(m->items[j].path));
			json_object_set_new(o, "line",
			                    json_integer(m->items[j].line));
			json_array_append_new(occs, o);
		}
		json_t *c = json_object();
		json_t *props = json_array();
		for (size_t p = 0; p + 1 < first->props.len; p += 2)
			if (starts_with(first->props.items[p], "cryptagion:"))
				cg_emit__jprop(props, first->props.items[p],
				               first->props.items[p + 1]);
		bool lib = strcmp(first->kind, "library") == 0;
		json_object_set_new(
		    c, "type",
		    json_string(lib ? "library" : "cryptographic-asset"));
		json_object_set_new(c, "bom-ref",
		                    cg_emit__jstr(first->bom_ref));
		json_object_set_new(c, "name", cg_emit__jstr(first->name));
		if (lib) {
			set_str(c, "group", get(first, "cdx:group"));
			set_str(c, "version", get(first, "cdx:version"));
			set_str(c, "purl", get(first, "cdx:purl"));
		} else {
			json_t *cp = json_object();
			const char *k = first->kind;
			if (strcmp(k, "certificate") == 0) {
				json_object_set_new(cp, "assetType",
				                    json_string("certificate"));
				json_object_set_new(cp, "certificateProperties",
				                    cert_props(first));
			} else if (strcmp(k, "protocol") == 0) {
				json_object_set_new(cp, "assetType",
				                    json_string("protocol"));
				json_object_set_new(cp, "protocolProperties",
				                    protocol_props(first));
			} else {
				json_object_set_new(
				    cp, "assetType",
				    json_string("related-crypto-material"));
				json_object_set_new(
				    cp, "relatedCryptoMaterialProperties",
				    key_props(first));
			}
			json_object_set_new(c, "cryptoProperties", cp);
		}
		json_object_set_new(c, "evidence",
		                    json_pack("{s:o}", "occurrences", occs));
		if (json_array_size(props))
			json_object_set_new(c, "properties", props);
		else
			json_decref(props);
		json_array_append_new(comps, c);
		if (tdeps)
			add_unique(tdeps, first->bom_ref);
		/* dependencies of the object */
		json_t *d = json_object();
		json_object_set_new(d, "ref", cg_emit__jstr(first->bom_ref));
		json_t *on = json_array();
		for (size_t k = 0; k + 1 < first->refs.len; k += 2)
			if (known_ref(s, first->refs.items[k + 1]))
				add_unique(on, first->refs.items[k + 1]);
		if (json_array_size(on))
			json_object_set_new(d, "dependsOn", on);
		else
			json_decref(on);
		if (lib) {
			json_t *pv = provides(first, s);
			if (json_array_size(pv))
				json_object_set_new(d, "provides", pv);
			else
				json_decref(pv);
		}
		json_array_append_new(deps, d);
		i = j;
	}
	json_t *mprops =
	    json_object_get(json_object_get(bom, "metadata"), "properties");
	for (size_t i = 0; mprops && i + 1 < m->noted.len; i += 2) {
		char *v = cg_sprintf("%s: %s", m->noted.items[i],
		                     m->noted.items[i + 1]);
		cg_emit__jprop(mprops, "cryptagion:noted", v);
		cg_free(v);
	}
}
