/* material.c — the inventory's material tables; see the
 * "material" section of inventory.h. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"
#include "inventory.h"

static int fail(cg_inventory *inv, const char *what)
{
	cg_error_set("%s: %s: %s", cg_inventory__path(inv), what,
	             sqlite3_errmsg(cg_inventory__db(inv)));
	return CG_EIO;
}

static int step(cg_inventory *inv, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(inv, what);
}

int cg_inventory_add_materials(cg_inventory *inv, int64_t scan_id,
                               int64_t file_id, const cg_materials *m)
{
	if (!m || !m->len)
		return 0;
	sqlite3 *db = cg_inventory__db(inv);
	sqlite3_stmt *mst = NULL, *pst = NULL, *rst = NULL;
	int error = 0;
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO materials(scan_id, file_id, kind, "
	                       "bom_ref, name, line) VALUES (?,?,?,?,?,?)",
	                       -1, &mst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO material_props(material_id, seq, "
	                       "name, value) VALUES (?,?,?,?)",
	                       -1, &pst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO material_refs(material_id, seq, "
	                       "relation, ref) VALUES (?,?,?,?)",
	                       -1, &rst, NULL) != SQLITE_OK) {
		error = fail(inv, "recording material");
		goto done;
	}
	for (size_t i = 0; i < m->len; i++) {
		const cg_mat_obj *o = &m->items[i];
		sqlite3_bind_int64(mst, 1, scan_id);
		sqlite3_bind_int64(mst, 2, file_id);
		sqlite3_bind_text(mst, 3, o->kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(mst, 4, o->bom_ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(mst, 5, o->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(mst, 6, (int)o->line);
		if ((error = step(inv, mst, "recording material")) < 0)
			goto done;
		int64_t id = sqlite3_last_insert_rowid(db);
		for (size_t k = 0; k + 1 < o->props.len; k += 2) {
			sqlite3_bind_int64(pst, 1, id);
			sqlite3_bind_int(pst, 2, (int)(k / 2));
			sqlite3_bind_text(pst, 3, o->props.items[k], -1,
			                  SQLITE_TRANSIENT);
			sqlite3_bind_text(pst, 4, o->props.items[k + 1], -1,
			                  SQLITE_TRANSIENT);
			if ((error = step(inv, pst, "recording material")) < 0)
				goto done;
		}
		for (size_t k = 0; k < o->nrefs; k++) {
			const cg_mat_ref *r = &o->refs[k];
			char *ref =
			    r->target
			        ? cg_strdup(r->target)
			        : cg_inventory_bom_ref(r->primitive, r->name);
			sqlite3_bind_int64(rst, 1, id);
			sqlite3_bind_int(rst, 2, (int)k);
			sqlite3_bind_text(rst, 3, r->relation, -1,
			                  SQLITE_TRANSIENT);
			sqlite3_bind_text(rst, 4, ref, -1, SQLITE_TRANSIENT);
			cg_free(ref);
			if ((error = step(inv, rst, "recording material")) < 0)
				goto done;
		}
	}
done:
	sqlite3_finalize(mst);
	sqlite3_finalize(pst);
	sqlite3_finalize(rst);
	return error;
}

static char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return cg_strdup(s ? (const char *)s : "");
}

void cg_inv_materials_free(cg_inv_materials *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->len; i++) {
		cg_inv_mat *o = &m->items[i];
		cg_free(o->kind);
		cg_free(o->bom_ref);
		cg_free(o->name);
		cg_free(o->path);
		cg_strv_dispose(&o->props);
		cg_strv_dispose(&o->refs);
	}
	cg_free(m->items);
	cg_strv_dispose(&m->noted);
	cg_free(m);
}

int cg_inventory__materials_load(cg_inv_materials **out, cg_inventory *inv,
                                 int64_t scan_id)
{
	sqlite3 *db = cg_inventory__db(inv);
	cg_inv_materials *m = cg_calloc(1, sizeof(*m));
	sqlite3_stmt *st = NULL, *pst = NULL, *rst = NULL;
	int64_t *ids = NULL;
	size_t cap = 0, capids = 0;
	int error = 0;
	if (sqlite3_prepare_v2(db,
	                       "SELECT m.id, m.kind, m.bom_ref, m.name, "
	                       "f.path, m.line FROM materials m JOIN files f "
	                       "ON f.id = m.file_id WHERE m.scan_id = ? "
	                       "ORDER BY m.bom_ref, f.path, m.line, m.id",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT name, value FROM material_props WHERE "
	                       "material_id = ? ORDER BY seq",
	                       -1, &pst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT relation, ref FROM material_refs WHERE "
	                       "material_id = ? ORDER BY seq",
	                       -1, &rst, NULL) != SQLITE_OK) {
		error = fail(inv, "reading material");
		goto done;
	}
	sqlite3_bind_int64(st, 1, scan_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cg_reserve(m->items, cap, cg_array__add(m->len, 1));
		cg_reserve(ids, capids, cg_array__add(m->len, 1));
		cg_inv_mat *o = &m->items[m->len];
		memset(o, 0, sizeof(*o));
		ids[m->len++] = sqlite3_column_int64(st, 0);
		o->kind = text(st, 1);
		o->bom_ref = text(st, 2);
		o->name = text(st, 3);
		o->path = text(st, 4);
		o->line = (uint32_t)sqlite3_column_int(st, 5);
	}
	for (size_t i = 0; ids && i < m->len; i++) {
		sqlite3_bind_int64(pst, 1, ids[i]);
		while (sqlite3_step(pst) == SQLITE_ROW) {
			cg_strv_push_owned(&m->items[i].props, text(pst, 0));
			cg_strv_push_owned(&m->items[i].props, text(pst, 1));
		}
		sqlite3_reset(pst);
		sqlite3_bind_int64(rst, 1, ids[i]);
		while (sqlite3_step(rst) == SQLITE_ROW) {
			cg_strv_push_owned(&m->items[i].refs, text(rst, 0));
			cg_strv_push_owned(&m->items[i].refs, text(rst, 1));
		}
		sqlite3_reset(rst);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* files analysed with a note (skipped ones are listed already) */
	if (sqlite3_prepare_v2(db,
	                       "SELECT path, reason FROM files WHERE scan_id "
	                       "= ? AND status <> 'skipped' AND reason IS NOT "
	                       "NULL ORDER BY path",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = fail(inv, "reading material");
		goto done;
	}
	sqlite3_bind_int64(st, 1, scan_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cg_strv_push_owned(&m->noted, text(st, 0));
		cg_strv_push_owned(&m->noted, text(st, 1));
	}
	*out = m;
	m = NULL;
done:
	sqlite3_finalize(st);
	sqlite3_finalize(pst);
	sqlite3_finalize(rst);
	cg_free(ids);
	cg_inv_materials_free(m);
	return error;
}
