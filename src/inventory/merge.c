/* merge.c — inventories made on different machines, into one; see
 * cg_inventory_merge_prepare / cg_inventory_merge_scan in inventory.h.
 *
 * The copy is generic: the tables, their columns and their foreign keys
 * are read from the destination's schema (the source is first migrated to
 * the same version), so a table added by a later migration is merged
 * without changes here. A row belongs to a scan through its scan_id column
 * or through a foreign key to a row that does. Row ids are shifted past the
 * destination's largest id (new = old + offset), foreign keys with the
 * offset of the table they name. The blob cache is a cache: not merged. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../util/array.h"
#include "inventory.h"
#include "inventory_int.h"

static int db_error(sqlite3 *db, const char *what)
{
	cg_error_set("%s: %s", what, sqlite3_errmsg(db));
	return CG_ERROR;
}

int cg_inventory_merge_prepare(const char *src, const char *tmp)
{
	struct stat sb;
	if (stat(src, &sb) != 0) {
		cg_error_set("%s: no such inventory", src);
		return CG_ENOTFOUND;
	}
	if (!S_ISREG(sb.st_mode)) {
		cg_error_set("%s: not a regular file", src);
		return CG_EPARSE;
	}
	sqlite3 *in = NULL, *out = NULL;
	sqlite3_stmt *st = NULL;
	int error = CG_EPARSE;
	if (sqlite3_open_v2(src, &in, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		cg_error_set("%s: cannot open: %s", src,
		             in ? sqlite3_errmsg(in) : "out of memory");
		goto done;
	}
	int version = -1;
	bool ok = sqlite3_prepare_v2(in, "PRAGMA quick_check", -1, &st, NULL) ==
	              SQLITE_OK &&
	          sqlite3_step(st) == SQLITE_ROW &&
	          strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	st = NULL;
	if (ok &&
	    sqlite3_prepare_v2(in, "PRAGMA user_version", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (ok)
		ok = sqlite3_prepare_v2(in,
		                        "SELECT count(*) FROM scans WHERE "
		                        "status = 'complete'",
		                        -1, &st, NULL) == SQLITE_OK &&
		     sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	st = NULL;
	if (!ok || version < 1) {
		cg_error_set("%s: not a cryptagion inventory, or corrupt", src);
		goto done;
	}
	if (version > CG_INVENTORY_SCHEMA_VERSION) {
		cg_error_set("%s: inventory schema version %d is newer than "
		             "this cryptagion's (%d); merge with a newer "
		             "cryptagion",
		             src, version, CG_INVENTORY_SCHEMA_VERSION);
		goto done;
	}
	/* a copy (WAL content included) that the migrations may change */
	unlink(tmp);
	error = CG_EIO;
	if (sqlite3_open_v2(tmp, &out,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		db_error(out, tmp);
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", in, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		db_error(out, tmp);
		goto done;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK) {
		db_error(out, tmp);
		goto done;
	}
	sqlite3_close(out);
	out = NULL;
	cg_inventory *inv = NULL;
	if ((error = cg_inventory_open(&inv, tmp)) < 0) /* migrates */
		goto done;
	cg_inventory_close(inv);
	error = 0;
done:
	sqlite3_close(in);
	sqlite3_close(out);
	return error;
}

void cg_inv_scan_row_dispose(cg_inv_scan_row *r)
{
	cg_free(r->serial);
	cg_free(r->target);
	cg_free(r->target_name);
	cg_free(r->repo_url);
	cg_free(r->commit_id);
	cg_free(r->started_at);
	cg_free(r->finished_at);
	memset(r, 0, sizeof(*r));
}

void cg_inv_scan_rows_free(cg_inv_scan_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cg_inv_scan_row_dispose(&rows[i]);
	cg_free(rows);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? cg_strdup((const char *)t) : NULL;
}

int cg_inventory_list_scans(cg_inv_scan_row **out, size_t *n, cg_inventory *inv)
{
	sqlite3 *db = cg_inventory__db(inv);
	sqlite3_stmt *st = NULL;
	cg_inv_scan_row *rows = NULL;
	size_t len = 0, cap = 0;
	static const cg_inv__col cols[] = {
		CG_INV_COL(cg_inv_scan_row, id, "id"),
		CG_INV_COL(cg_inv_scan_row, serial, "serial"),
		CG_INV_COL(cg_inv_scan_row, target, "target"),
		CG_INV_COL(cg_inv_scan_row, target_name, "target_name"),
		CG_INV_COL(cg_inv_scan_row, repo_url, "repo_url"),
		CG_INV_COL(cg_inv_scan_row, commit_id, "commit_id"),
		CG_INV_COL(cg_inv_scan_row, started_at, "started_at"),
		CG_INV_COL(cg_inv_scan_row, finished_at, "finished_at"),
		CG_INV_COL(cg_inv_scan_row, diff, "base_ref IS NOT NULL"),
	};
	cg_buf sel = CG_BUF_INIT;
	cg_inventory__select(&sel, cols, CG_INV_NCOLS(cols));
	char *sql = cg_sprintf("SELECT %s FROM scans WHERE status = "
	                       "'complete' ORDER BY id",
	                       cg_buf_cstr(&sel));
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	cg_free(sql);
	cg_buf_dispose(&sel);
	if (rc != SQLITE_OK)
		return db_error(db, cg_inventory__path(inv));
	CG_INV_READ_ROWS(rows, len, cap, st, cols, &rc);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cg_inv_scan_rows_free(rows, len);
		return db_error(db, cg_inventory__path(inv));
	}
	*out = rows;
	*n = len;
	return 0;
}

/* ---- the generic copy ---------------------------------------------------- */

typedef struct {
	char *name;
	cg_strv cols;   /* column names */
	cg_strv fks;    /* column, parent table, column, parent table ... */
	bool has_id;    /* INTEGER PRIMARY KEY id */
	bool has_scan;  /* a scan_id column */
	int64_t offset; /* id shift of the scan being copied */
	char *filter;   /* WHERE clause selecting the scan's rows in src */
	bool per_scan;  /* rows belong to a scan */
} table;

static void tables_free(table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cg_free(t[i].name);
		cg_strv_dispose(&t[i].cols);
		cg_strv_dispose(&t[i].fks);
		cg_free(t[i].filter);
	}
	cg_free(t);
}

static table *find_table(table *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* The tables of the destination, parents before children. */
static int read_tables(table **out, size_t *nout, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	table *t = NULL;
	size_t n = 0, cap = 0;
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
	        "name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_version', "
	        "'blob_cache', 'blob_cache_findings') ORDER BY name",
	        -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "merge");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *name = col_dup(st, 0);
		if (!name)
			continue;
		cg_reserve(t, cap, cg_array__add(n, 1));
		memset(&t[n], 0, sizeof(t[n]));
		t[n++].name = name;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		char *q =
		    cg_sprintf("PRAGMA main.table_info(\"%s\")", t[i].name);
		int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
		cg_free(q);
		if (rc != SQLITE_OK) {
			tables_free(t, n);
			return db_error(db, "merge");
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *c =
			    (const char *)sqlite3_column_text(st, 1);
			const char *type =
			    (const char *)sqlite3_column_text(st, 2);
			cg_strv_push(&t[i].cols, c);
			if (strcmp(c, "id") == 0 && sqlite3_column_int(st, 5) &&
			    type && cg_str_ieq(type, "INTEGER"))
				t[i].has_id = true;
			if (strcmp(c, "scan_id") == 0)
				t[i].has_scan = true;
		}
		sqlite3_finalize(st);
		q = cg_sprintf("PRAGMA main.foreign_key_list(\"%s\")",
		               t[i].name);
		rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
		cg_free(q);
		if (rc != SQLITE_OK) {
			tables_free(t, n);
			return db_error(db, "merge");
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			cg_strv_push(&t[i].fks,
			             (const char *)sqlite3_column_text(st, 3));
			cg_strv_push(&t[i].fks,
			             (const char *)sqlite3_column_text(st, 2));
		}
		sqlite3_finalize(st);
	}
	/* order: a table after every table it names (n passes at most) */
	table *sorted = cg_calloc(n ? n : 1, sizeof(*sorted));
	bool *done = cg_calloc(n ? n : 1, sizeof(bool));
	size_t k = 0;
	for (size_t pass = 0; pass <= n && k < n; pass++)
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			bool ready = true;
			for (size_t f = 1; f < t[i].fks.len && ready; f += 2) {
				const char *p = t[i].fks.items[f];
				for (size_t j = 0; j < n; j++)
					if (!done[j] && j != i &&
					    strcmp(t[j].name, p) == 0)
						ready = false;
			}
			if (ready || pass == n) {
				sorted[k++] = t[i];
				done[i] = true;
			}
		}
	cg_free(done);
	cg_free(t);
	*out = sorted;
	*nout = n;
	return 0;
}

/* Copy the rows of scan `id` of the attached `src` into main. */
static int copy_scan(sqlite3 *db, table *t, size_t n, int64_t id)
{
	int error = 0;
	for (size_t i = 0; i < n && !error; i++) {
		table *x = &t[i];
		cg_free(x->filter);
		x->filter = NULL;
		x->per_scan = false;
		if (strcmp(x->name, "scans") == 0)
			x->filter = cg_sprintf("id = %lld", (long long)id);
		else if (x->has_scan)
			x->filter = cg_sprintf("scan_id = %lld", (long long)id);
		else
			for (size_t f = 0; f + 1 < x->fks.len && !x->filter;
			     f += 2) {
				table *p =
				    find_table(t, n, x->fks.items[f + 1]);
				if (p && p->per_scan && p->has_id)
					x->filter = cg_sprintf(
					    "\"%s\" IN (SELECT id FROM "
					    "src.\"%s\" WHERE %s)",
					    x->fks.items[f], p->name,
					    p->filter);
			}
		if (!x->filter)
			continue; /* not a per-scan table */
		x->per_scan = true;
		x->offset = 0;
		if (x->has_id) {
			sqlite3_stmt *st = NULL;
			char *q = cg_sprintf(
			    "SELECT COALESCE(MAX(id), 0) FROM main.\"%s\"",
			    x->name);
			if (sqlite3_prepare_v2(db, q, -1, &st, NULL) ==
			        SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW)
				x->offset = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
			cg_free(q);
		}
		cg_buf cols = CG_BUF_INIT, sel = CG_BUF_INIT;
		for (size_t c = 0; c < x->cols.len; c++) {
			const char *cn = x->cols.items[c];
			const char *sep = c ? ", " : "";
			cg_buf_printf(&cols, "%s\"%s\"", sep, cn);
			int64_t off = 0;
			if (x->has_id && strcmp(cn, "id") == 0)
				off = x->offset;
			for (size_t f = 0; f + 1 < x->fks.len; f += 2)
				if (strcmp(x->fks.items[f], cn) == 0) {
					table *p = find_table(
					    t, n, x->fks.items[f + 1]);
					if (p && p->per_scan)
						off = p->offset;
				}
			if (off)
				cg_buf_printf(&sel, "%s\"%s\" + %lld", sep, cn,
				              (long long)off);
			else
				cg_buf_printf(&sel, "%s\"%s\"", sep, cn);
		}
		char *q = cg_sprintf(
		    "INSERT INTO main.\"%s\" (%s) SELECT %s FROM src.\"%s\" "
		    "WHERE %s ORDER BY rowid",
		    x->name, cg_buf_cstr(&cols), cg_buf_cstr(&sel), x->name,
		    x->filter);
		char *msg = NULL;
		if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) {
			cg_error_set("merge: %s: %s", x->name,
			             msg ? msg : "failed");
			error = CG_ERROR;
		}
		sqlite3_free(msg);
		cg_free(q);
		cg_buf_dispose(&cols);
		cg_buf_dispose(&sel);
	}
	return error;
}

int cg_inventory_merge_scan(cg_inventory *inv, const char *src, int64_t scan_id)
{
	sqlite3 *db = cg_inventory__db(inv);
	table *t = NULL;
	size_t n = 0;
	sqlite3_stmt *st = NULL;
	int error = 0;
	if (sqlite3_prepare_v2(db, "ATTACH ? AS src", -1, &st, NULL) !=
	        SQLITE_OK ||
	    sqlite3_bind_text(st, 1, src, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(db, src);
	}
	sqlite3_finalize(st);
	if ((error = read_tables(&t, &n, db)) < 0)
		goto detach;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		error = db_error(db, cg_inventory__path(inv));
		goto detach;
	}
	error = copy_scan(db, t, n, scan_id);
	if (!error && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		error = db_error(db, cg_inventory__path(inv));
	if (error)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
detach:
	tables_free(t, n);
	sqlite3_exec(db, "DETACH src", NULL, NULL, NULL);
	return error;
}
