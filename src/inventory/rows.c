/* rows.c — typed column tables of the inventory's readers; see
 * inventory_int.h. */
#include "inventory_int.h"

#include <sqlite3.h>
#include <string.h>

#include "../util/array.h"

void cg_inventory__select(cg_buf *b, const cg_inv__col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b->len)
			cg_buf_puts(b, ", ");
		cg_buf_puts(b, cols[i].expr);
	}
}

int cg_inventory__read(void *obj, sqlite3_stmt *st, int first,
                       const cg_inv__col *cols, size_t n)
{
	char *base = obj;
	for (size_t i = 0; i < n; i++, first++) {
		void *at = base + cols[i].off;
		switch (cols[i].kind) {
		case CG_INV__TEXT: {
			const unsigned char *s = sqlite3_column_text(st, first);
			char *v = s ? cg_strdup((const char *)s) : NULL;
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__INT: {
			int v = sqlite3_column_int(st, first);
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__U32: {
			uint32_t v = (uint32_t)sqlite3_column_int(st, first);
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__I64: {
			int64_t v = sqlite3_column_int64(st, first);
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__U64: {
			uint64_t v = (uint64_t)sqlite3_column_int64(st, first);
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__BOOL: {
			bool v = sqlite3_column_int(st, first) != 0;
			memcpy(at, &v, sizeof(v));
			break;
		}
		case CG_INV__DOUBLE: {
			double v = sqlite3_column_double(st, first);
			memcpy(at, &v, sizeof(v));
			break;
		}
		}
	}
	return first;
}

int cg_inventory__bind(const void *obj, sqlite3_stmt *st, int first,
                       const cg_inv__col *cols, size_t n)
{
	const char *base = obj;
	for (size_t i = 0; i < n; i++, first++) {
		const void *at = base + cols[i].off;
		switch (cols[i].kind) {
		case CG_INV__TEXT: {
			const char *v;
			memcpy(&v, at, sizeof(v));
			if (v)
				sqlite3_bind_text(st, first, v, -1,
				                  SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, first);
			break;
		}
		case CG_INV__INT: {
			int v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_int(st, first, v);
			break;
		}
		case CG_INV__U32: {
			uint32_t v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_int64(st, first, (sqlite3_int64)v);
			break;
		}
		case CG_INV__I64: {
			int64_t v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_int64(st, first, (sqlite3_int64)v);
			break;
		}
		case CG_INV__U64: {
			uint64_t v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_int64(st, first, (sqlite3_int64)v);
			break;
		}
		case CG_INV__BOOL: {
			bool v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_int(st, first, v ? 1 : 0);
			break;
		}
		case CG_INV__DOUBLE: {
			double v;
			memcpy(&v, at, sizeof(v));
			sqlite3_bind_double(st, first, v);
			break;
		}
		}
	}
	return first;
}

void *cg_inventory__read_rows(void *items, size_t *len, size_t *cap,
                              size_t elem, sqlite3_stmt *st,
                              const cg_inv__col *cols, size_t n, int *rc)
{
	while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
		items =
		    cg_array__grow(items, cap, cg_array__add(*len, 1), elem);
		char *at = (char *)items + *len * elem;
		memset(at, 0, elem);
		cg_inventory__read(at, st, 0, cols, n);
		(*len)++;
	}
	return items;
}

void cg_inventory__free_text(void *obj, const cg_inv__col *cols, size_t n)
{
	char *base = obj;
	for (size_t i = 0; i < n; i++) {
		if (cols[i].kind != CG_INV__TEXT)
			continue;
		char *v;
		memcpy(&v, base + cols[i].off, sizeof(v));
		cg_free(v);
		v = NULL;
		memcpy(base + cols[i].off, &v, sizeof(v));
	}
}
