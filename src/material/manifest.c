/* manifest.c — dependency manifests and the library table (see
 * material.h). Not implemented yet: the walk does not route manifests
 * here (detect.c); rules/libraries.yaml is not read. */
#include "../util/util.h"
#include "material_int.h"

int cg_material__libs_load(cg_material_ctx *c, const char *path)
{
	(void)c;
	(void)path;
	return 0;
}

void cg_material__libs_free(cg_material_ctx *c)
{
	(void)c;
}

void cg_material__manifest(cg_mat_file *f, const char *data, size_t len)
{
	(void)data;
	(void)len;
	cg_materials_note(f->mats, "dependency manifest: not analysed (not "
	                           "implemented yet)");
}
