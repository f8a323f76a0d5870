/* model.c — see model.h. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"

const char *cg_src_name(cg_src src)
{
	switch (src) {
	case CG_SRC_LITERAL:
		return "literal";
	case CG_SRC_CONSTANT:
		return "constant";
	case CG_SRC_DEFAULT:
		return "default";
	case CG_SRC_API:
		return "api";
	case CG_SRC_FIELD:
		return "field";
	case CG_SRC_PARAMETER:
		return "parameter";
	case CG_SRC_RETURN:
		return "return";
	case CG_SRC_CONTAINER:
		return "container";
	case CG_SRC_ENV:
		return "config-default";
	case CG_SRC_UNRESOLVED:
		return "unresolved";
	case CG_SRC_PROPERTIES:
		return "properties";
	case CG_SRC_ENV_DEFAULT:
		return "env-default";
	case CG_SRC_UNKNOWN:
		break;
	}
	return "unknown";
}

void cg_param_set(cg_param *p, const char *value, cg_src src, uint32_t line)
{
	cg_free(p->value);
	p->value = value ? cg_strdup(value) : NULL;
	p->src = value ? src : CG_SRC_UNKNOWN;
	p->line = value ? line : 0;
	cg_free(p->file);
	p->file = NULL;
}

void cg_param_set_file(cg_param *p, const char *file)
{
	cg_free(p->file);
	p->file = p->value && file ? cg_strdup(file) : NULL;
}

static void param_dispose(cg_param *p)
{
	cg_free(p->value);
	p->value = NULL;
	cg_free(p->file);
	p->file = NULL;
}

const cg_param *cg_finding_xget(const cg_finding *f, const char *name)
{
	for (size_t i = 0; i < f->nxparams; i++)
		if (strcmp(f->xparams[i].name, name) == 0)
			return &f->xparams[i].p;
	return NULL;
}

void cg_finding_xparam(cg_finding *f, const char *name, const char *value,
                       cg_src src, uint32_t line)
{
	if (!value)
		return;
	size_t at = 0;
	for (; at < f->nxparams; at++) {
		int c = strcmp(f->xparams[at].name, name);
		if (c == 0) {
			cg_param_set(&f->xparams[at].p, value, src, line);
			return;
		}
		if (c > 0)
			break;
	}
	cg_reserve(f->xparams, f->capxparams, cg_array__add(f->nxparams, 1));
	memmove(&f->xparams[at + 1], &f->xparams[at],
	        (f->nxparams - at) * sizeof(cg_xparam));
	f->nxparams++;
	memset(&f->xparams[at], 0, sizeof(cg_xparam));
	f->xparams[at].name = cg_strdup(name);
	cg_param_set(&f->xparams[at].p, value, src, line);
}

void cg_finding_dispose(cg_finding *f)
{
	cg_free(f->rule_id);
	cg_free(f->name);
	cg_free(f->family);
	cg_free(f->primitive);
	cg_free(f->functions);
	cg_free(f->oid);
	cg_free(f->symbol);
	cg_free(f->unresolved);
	cg_free(f->misuse);
	cg_free(f->severity);
	cg_free(f->message);
	cg_free(f->supp_reason);
	cg_free(f->supp_until);
	param_dispose(&f->algorithm);
	param_dispose(&f->key_size);
	param_dispose(&f->mode);
	param_dispose(&f->padding);
	param_dispose(&f->curve);
	for (size_t i = 0; i < f->nxparams; i++) {
		cg_free(f->xparams[i].name);
		param_dispose(&f->xparams[i].p);
	}
	cg_free(f->xparams);
	memset(f, 0, sizeof(*f));
}

cg_finding *cg_findings_push(cg_findings *v)
{
	return cg_array_push_zero(v);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const cg_finding *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	int c = strcmp(a->rule_id, b->rule_id);
	if (c)
		return c;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	if (c)
		return c;
	return strcmp(a->misuse ? a->misuse : "", b->misuse ? b->misuse : "");
}

void cg_findings_sort(cg_findings *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(cg_finding), cmp_finding);
}

void cg_findings_dispose(cg_findings *v)
{
	for (size_t i = 0; i < v->len; i++)
		cg_finding_dispose(&v->items[i]);
	cg_free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}
