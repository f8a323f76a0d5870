/*
 * inventory_int.h — what the inventory's own files share: typed column
 * tables, so that a reader names each column once, next to the field it
 * fills, instead of reading "column 14" by position.
 *
 * A table of cg_inv__col lists the SQL expression of each column and the
 * field of a C struct it fills; the field's type (from _Generic) says how
 * the column is read. cg_inventory__select() writes the SELECT list of a
 * table, cg_inventory__read() fills a struct from a row and
 * cg_inventory__bind() binds a struct's fields to a statement. Adding a
 * stored field to a loaded struct is then one line in its table.
 *
 * Ownership: text columns are copied (cg_strdup, NULL for SQL NULL) and
 * owned by the struct they fill; the tables are static const.
 */
#ifndef CG_INVENTORY_INT_H
#define CG_INVENTORY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"

struct sqlite3_stmt;

/* How a column is read: by the type of the field it fills. */
typedef enum {
	CG_INV__TEXT,   /* char *: a copy, NULL for NULL */
	CG_INV__INT,    /* int */
	CG_INV__U32,    /* uint32_t */
	CG_INV__I64,    /* int64_t */
	CG_INV__U64,    /* uint64_t */
	CG_INV__BOOL,   /* bool: a non-zero integer */
	CG_INV__DOUBLE, /* double */
} cg_inv__kind;

/* One column: its SQL expression and where its value goes. */
typedef struct {
	const char *expr;  /* e.g. "o.line" or a sub-select */
	cg_inv__kind kind; /* from the field's type */
	size_t off;        /* offsetof the field in its struct */
} cg_inv__col;

#define CG_INV__KIND(lv) \
	_Generic((lv), char *: CG_INV__TEXT, int: CG_INV__INT,        \
	         uint32_t: CG_INV__U32, int64_t: CG_INV__I64,         \
	         uint64_t: CG_INV__U64, bool: CG_INV__BOOL,           \
	         double: CG_INV__DOUBLE)
/* The column expr fills field of struct T. */
#define CG_INV_COL(T, field, expr)                                        \
	{                                                                 \
		(expr), CG_INV__KIND(((T *)0)->field), offsetof(T, field) \
	}
#define CG_INV_NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))

/* Append the expressions of cols[0..n) to a SELECT list in b, each
 * preceded by ", " unless b is empty. */
void cg_inventory__select(cg_buf *b, const cg_inv__col *cols, size_t n);
/* Fill the fields of obj named by cols[0..n) from the row of st,
 * starting at column first; returns the next column's index. */
int cg_inventory__read(void *obj, struct sqlite3_stmt *st, int first,
                       const cg_inv__col *cols, size_t n);
/* Bind the fields of obj named by cols[0..n) to the parameters of st,
 * starting at parameter first (1-based); returns the next parameter's
 * index. A NULL text binds NULL. */
int cg_inventory__bind(const void *obj, struct sqlite3_stmt *st, int first,
                       const cg_inv__col *cols, size_t n);

/* Free (and set to NULL) the text fields of obj that cols[0..n) name. */
void cg_inventory__free_text(void *obj, const cg_inv__col *cols, size_t n);
/* Append one item of elem bytes (zeroed, then filled through cols) for
 * each row of st to items[0..*len), growing items and *cap (util's
 * array); returns the buffer. *rc: the last sqlite3_step result
 * (SQLITE_DONE when every row was read). */
void *cg_inventory__read_rows(void *items, size_t *len, size_t *cap,
                              size_t elem, struct sqlite3_stmt *st,
                              const cg_inv__col *cols, size_t n, int *rc);
/* cg_inventory__read_rows into the loose array (items, len, cap). */
#define CG_INV_READ_ROWS(items, len, cap, st, cols, rc)                    \
	((items) = cg_inventory__read_rows((items), &(len), &(cap),        \
	                                   sizeof(*(items)), (st), (cols), \
	                                   CG_INV_NCOLS(cols), (rc)))

#endif
