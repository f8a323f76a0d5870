/* config.c — protocol configurations (see material.h). */
#include "../util/util.h"
#include "material_int.h"

void cg_material__config(cg_mat_file *f, const char *data, size_t len)
{
	(void)data;
	(void)len;
	cg_materials_note(f->mats, "protocol configuration not analysed yet");
}
