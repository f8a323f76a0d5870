/* material.c — see material.h. */
#include "material.h"
#include "../util/array.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

cg_mat_obj *cg_materials_push(cg_materials *v, const char *kind,
                              const char *bom_ref, const char *name,
                              uint32_t line)
{
	cg_mat_obj *o = cg_array_push_zero(v);
	o->kind = cg_strdup(kind);
	o->bom_ref = cg_strdup(bom_ref);
	o->name = cg_strdup(name ? name : kind);
	o->line = line;
	return o;
}

void cg_mat_obj_prop(cg_mat_obj *o, const char *name, const char *value)
{
	if (!value)
		return;
	cg_strv_push(&o->props, name);
	cg_strv_push(&o->props, value);
}

void cg_mat_obj_ref(cg_mat_obj *o, const char *relation, const char *target,
                    const char *primitive, const char *name)
{
	cg_reserve(o->refs, o->caprefs, cg_array__add(o->nrefs, 1));
	cg_mat_ref *r = &o->refs[o->nrefs++];
	r->relation = cg_strdup(relation);
	r->target = target ? cg_strdup(target) : NULL;
	r->primitive = primitive ? cg_strdup(primitive) : NULL;
	r->name = name ? cg_strdup(name) : NULL;
}

void cg_materials_note(cg_materials *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cg_buf b = CG_BUF_INIT;
	if (v->note) {
		cg_buf_puts(&b, v->note);
		cg_buf_puts(&b, "; ");
	}
	char tmp[512];
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	cg_buf_puts(&b, tmp);
	cg_free(v->note);
	v->note = cg_buf_detach(&b);
}

void cg_materials_dispose(cg_materials *v)
{
	for (size_t i = 0; i < v->len; i++) {
		cg_mat_obj *o = &v->items[i];
		cg_free(o->kind);
		cg_free(o->bom_ref);
		cg_free(o->name);
		cg_strv_dispose(&o->props);
		for (size_t k = 0; k < o->nrefs; k++) {
			cg_free(o->refs[k].relation);
			cg_free(o->refs[k].target);
			cg_free(o->refs[k].primitive);
			cg_free(o->refs[k].name);
		}
		cg_free(o->refs);
	}
	cg_free(v->items);
	cg_free(v->note);
	memset(v, 0, sizeof(*v));
}
