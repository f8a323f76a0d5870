/*
 * util — allocation wrappers, the thread-local last error, growable byte
 * buffers and small string helpers shared by every module.
 *
 * Ownership: cg_malloc/cg_calloc/cg_realloc/cg_strdup return memory owned by
 * the caller, released with cg_free(). Allocation failure aborts the process
 * (the OOM policy is decided once, here). cg_buf owns its bytes until
 * cg_buf_detach() hands them to the caller. The last error is per thread and
 * is only a message: functions return their error code themselves.
 */
#ifndef CG_UTIL_H
#define CG_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error codes shared by every module (0 = success). */
enum {
	CG_OK = 0,
	CG_ERROR = -1,     /* anything else */
	CG_ENOTFOUND = -2, /* a file, rule, ref... that does not exist */
	CG_EPARSE = -3,    /* malformed input (YAML, query, JSON) */
	CG_ELIMIT = -4,    /* a size/time/depth cap was hit */
	CG_EIO = -5,       /* an operating system I/O failure */
	CG_EINVALID = -6,  /* output failed its schema */
};

#define CG_NONNULL_RESULT __attribute__((returns_nonnull))
void *cg_malloc(size_t n) CG_NONNULL_RESULT;
void *cg_calloc(size_t count, size_t size) CG_NONNULL_RESULT;
void *cg_realloc(void *p, size_t n) CG_NONNULL_RESULT;
char *cg_strdup(const char *s) CG_NONNULL_RESULT;
char *cg_strndup(const char *s, size_t n);
void cg_free(void *p);
/* printf into a new string owned by the caller. */
char *cg_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set the calling thread's last error message (printf style). */
void cg_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The calling thread's last error message; "" when none. Borrowed until the
 * next cg_error_set/cg_error_clear on this thread. */
const char *cg_error_last(void);
void cg_error_clear(void);

/* A growable byte buffer, always NUL-terminated when len > 0. */
typedef struct {
	char *ptr;  /* the bytes, or NULL while empty */
	size_t len; /* bytes used, excluding the terminating NUL */
	size_t cap; /* bytes allocated */
} cg_buf;
#define CG_BUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void cg_buf_put(cg_buf *b, const void *data, size_t n);
void cg_buf_puts(cg_buf *b, const char *s);
void cg_buf_putc(cg_buf *b, char c);
void cg_buf_printf(cg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller ("" when empty); the buffer is reset. */
char *cg_buf_detach(cg_buf *b);
void cg_buf_dispose(cg_buf *b);
/* The contents as a C string, "" when empty; borrowed. */
const char *cg_buf_cstr(const cg_buf *b);

/* A growable array of owned strings. */
typedef struct {
	char **items;
	size_t len;
	size_t cap;
} cg_strv;
#define CG_STRV_INIT       \
	{                  \
		NULL, 0, 0 \
	}
/* Append a copy of s. */
void cg_strv_push(cg_strv *v, const char *s);
/* Append s, taking ownership. */
void cg_strv_push_owned(cg_strv *v, char *s);
void cg_strv_sort(cg_strv *v);
bool cg_strv_contains(const cg_strv *v, const char *s);
/* Binary search in a vector sorted by cg_strv_sort (v may be NULL). */
bool cg_strv_sorted_has(const cg_strv *v, const char *s);
void cg_strv_dispose(cg_strv *v);

/* Read a whole file into *out (NUL-terminated, owned by the caller).
 * Fails with CG_ELIMIT when the file is larger than max bytes. */
int cg_read_file(char **out, size_t *len_out, const char *path, size_t max);
/* Write data to path atomically (temporary file in the same directory,
 * fsync, rename). */
int cg_write_file_atomic(const char *path, const void *data, size_t len);
/* mkdir -p */
int cg_mkdirs(const char *path);

/* Lower-case hex SHA-256 of data into out (65 bytes). */
void cg_sha256_hex(char out[65], const void *data, size_t len);

/* Copy s into a new string with every invalid UTF-8 sequence replaced by
 * U+FFFD, so that it can be stored in JSON. */
char *cg_utf8_sanitize(const char *s, size_t len);
bool cg_utf8_valid(const char *s, size_t len);

/* Case-insensitive ASCII comparisons. */
bool cg_str_ieq(const char *a, const char *b);
char *cg_str_lower(const char *s);
char *cg_str_upper(const char *s);
bool cg_str_endswith(const char *s, const char *suffix);
/* Whether s is a name of a table entry such as a risk profile: 1 to 64
 * characters of a-z, 0-9, '_' and '-', starting with a letter or digit. */
bool cg_str_is_name(const char *s);

/* The folder of cryptagion's run-time data (rules, schemas, rule
 * fixtures) named `rel` (e.g. "rules", "schemas/cyclonedx"): the first of
 * <dir of the executable>/../share/cryptagion/<rel> (an installed copy)
 * and <dir of the executable>/share/cryptagion/<rel> (the build tree)
 * that exists, else the first of them. Owned by the caller. */
char *cg_data_dir(const char *rel) CG_NONNULL_RESULT;

/* A new random (version 4) UUID in lower-case text form (37 bytes). */
int cg_uuid_v4(char out[37]);

#endif
