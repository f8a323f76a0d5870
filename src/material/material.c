/* material.c — the context, the dispatcher and the asset helpers shared
 * by the readers; see material.h. */
#define _GNU_SOURCE
#include "material.h"

#include <stdio.h>
#include <string.h>

#include "../util/util.h"
#include "material_int.h"

int cg_material_ctx_new(cg_material_ctx **out, const cg_ruleset *rs,
                        const char *rules_dir, int64_t now, int warn_days)
{
	cg_material_ctx *c = cg_calloc(1, sizeof(*c));
	c->rs = rs;
	c->now = now;
	c->warn_days = warn_days;
	int error = 0;
	if (rules_dir) {
		char *p = cg_sprintf("%s/libraries.yaml", rules_dir);
		error = cg_material__libs_load(c, p);
		cg_free(p);
	}
	if (error < 0) {
		cg_material_ctx_free(c);
		return error;
	}
	*out = c;
	return 0;
}

void cg_material_ctx_free(cg_material_ctx *c)
{
	if (!c)
		return;
	cg_material__libs_free(c);
	cg_free(c);
}

void cg_material__short_hash(char out[17], const char *s)
{
	char hex[65];
	cg_sha256_hex(hex, s, strlen(s));
	memcpy(out, hex, 16);
	out[16] = '\0';
}

/* Fill f (zeroed) as an algorithm finding through the one finding
 * builder; false when raw is unknown. Values read from a file are
 * literals. */
static bool build(cg_finding *fd, cg_mat_file *f, const char *rule,
                  const char *raw, const char *size, const char *curve,
                  uint32_t line, const char *symbol)
{
	cg_alg_spec spec = {
		.raw = raw,
		.raw_src = CG_SRC_LITERAL,
		.key_size = { (char *)size, CG_SRC_LITERAL, 0 },
		.curve = { (char *)curve, CG_SRC_LITERAL, 0 },
	};
	if (!cg_rules_finding(fd, f->ctx->rs, &spec, f->md))
		return false;
	fd->rule_id = cg_strdup(rule);
	fd->symbol = cg_strdup(symbol ? symbol : raw);
	fd->line = line ? line : 1;
	fd->column = 1;
	return true;
}

bool cg_material__alg(cg_mat_file *f, const char *rule, const char *raw,
                      const char *size, const char *curve, uint32_t line,
                      const char *symbol, char **prim, char **name)
{
	cg_finding tmp = { 0 };
	if (!build(&tmp, f, rule, raw, size, curve, line, symbol)) {
		cg_finding_dispose(&tmp);
		return false;
	}
	/* one occurrence per asset, rule and line */
	for (size_t i = 0; i < f->findings->len; i++) {
		const cg_finding *o = &f->findings->items[i];
		if (!o->misuse && o->line == tmp.line &&
		    strcmp(o->rule_id, tmp.rule_id) == 0 &&
		    strcmp(o->name, tmp.name) == 0 &&
		    strcmp(o->primitive, tmp.primitive) == 0)
			goto out;
	}
	*cg_findings_push(f->findings) = tmp;
	if (prim)
		*prim = cg_strdup(tmp.primitive);
	if (name)
		*name = cg_strdup(tmp.name);
	return true;
out:
	if (prim)
		*prim = cg_strdup(tmp.primitive);
	if (name)
		*name = cg_strdup(tmp.name);
	cg_finding_dispose(&tmp);
	return true;
}

void cg_material__misuse(cg_mat_file *f, const char *rule, const char *raw,
                         const char *size, const char *curve, uint32_t line,
                         const char *category, const char *severity,
                         const char *message)
{
	cg_finding tmp = { 0 };
	if (!build(&tmp, f, rule, raw, size, curve, line, NULL)) {
		cg_finding_dispose(&tmp);
		memset(&tmp, 0, sizeof(tmp));
		tmp.rule_id = cg_strdup(rule);
		tmp.line = line ? line : 1;
		tmp.column = 1;
	}
	tmp.misuse = cg_strdup(category);
	tmp.severity = cg_strdup(severity);
	tmp.message = cg_strdup(message);
	*cg_findings_push(f->findings) = tmp;
}

void cg_material__ref_alg(cg_mat_file *f, cg_mat_obj *o, const char *relation,
                          const char *rule, const char *raw, const char *size,
                          const char *curve, uint32_t line)
{
	char *prim = NULL, *name = NULL;
	/* o may move when findings grow? no: findings and materials are
	 * different vectors */
	if (cg_material__alg(f, rule, raw, size, curve, line, NULL, &prim,
	                     &name))
		cg_mat_obj_ref(o, relation, NULL, prim, name);
	cg_free(prim);
	cg_free(name);
}

void cg_material_scan(cg_findings *findings, cg_materials *mats,
                      const cg_material_ctx *ctx, cg_material_kind kind,
                      const char *path, const char *data, size_t len)
{
	cg_mat_file f = {
		.ctx = ctx, .findings = findings, .mats = mats, .path = path
	};
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	f.ext = dot ? dot + 1 : "";
	f.md = pcre2_match_data_create(32, NULL);
	size_t before = findings->len;
	switch (kind) {
	case CG_MATERIAL_OBJECTS:
		cg_material__objects(&f, data, len);
		break;
	case CG_MATERIAL_CONFIG:
		cg_material__config(&f, data, len);
		break;
	case CG_MATERIAL_MANIFEST:
		cg_material__manifest(&f, data, len);
		break;
	case CG_MATERIAL_NONE:
		break;
	}
	pcre2_match_data_free(f.md);
	if (findings->len > before)
		cg_findings_sort(findings);
}
