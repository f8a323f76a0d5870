/* util.c — see util.h. */
#define _GNU_SOURCE
#include "util.h"
#include "array.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

static _Thread_local char last_error[512];

static void oom(size_t n)
{
	fprintf(stderr, "cryptagion: out of memory (%zu bytes)\n", n);
	abort();
}

void *cg_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *cg_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *cg_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *cg_realloc_array(void *p, size_t n, size_t elem)
{
	if (elem && n > SIZE_MAX / elem)
		oom(SIZE_MAX);
	return cg_realloc(p, n * elem);
}

size_t cg_array__add(size_t len, size_t extra)
{
	if (extra > SIZE_MAX - len)
		oom(SIZE_MAX);
	return len + extra;
}

void *cg_array__grow(void *items, size_t *cap, size_t need, size_t elem)
{
	if (items && need <= *cap)
		return items;
	size_t n = *cap > 8 ? *cap : 8;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	items = cg_realloc_array(items, n, elem);
	*cap = n;
	return items;
}

char *cg_strdup(const char *s)
{
	return cg_strndup(s, strlen(s));
}

char *cg_strndup(const char *s, size_t n)
{
	char *p = cg_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void cg_free(void *p)
{
	free(p);
}

char *cg_sprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		oom(0);
	va_end(ap);
	return s;
}

void cg_error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

const char *cg_error_last(void)
{
	return last_error;
}

void cg_error_clear(void)
{
	last_error[0] = '\0';
}

static void buf_grow(cg_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t need = cg_array__add(cg_array__add(b->len, extra), 1);
	cg_reserve(b->ptr, b->cap, need < 64 ? 64 : need);
}

void cg_buf_put(cg_buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void cg_buf_puts(cg_buf *b, const char *s)
{
	cg_buf_put(b, s, strlen(s));
}

void cg_buf_putc(cg_buf *b, char c)
{
	cg_buf_put(b, &c, 1);
}

void cg_buf_printf(cg_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

char *cg_buf_detach(cg_buf *b)
{
	char *p = b->ptr ? b->ptr : cg_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void cg_buf_dispose(cg_buf *b)
{
	cg_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

const char *cg_buf_cstr(const cg_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void cg_strv_push_owned(cg_strv *v, char *s)
{
	cg_array_push(v, s);
}

void cg_strv_push(cg_strv *v, const char *s)
{
	cg_strv_push_owned(v, cg_strdup(s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cg_strv_sort(cg_strv *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(char *), cmp_str);
}

bool cg_strv_sorted_has(const cg_strv *v, const char *s)
{
	if (!v || !v->len)
		return false;
	return bsearch(&s, v->items, v->len, sizeof(char *), cmp_str) != NULL;
}

bool cg_strv_contains(const cg_strv *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

void cg_strv_dispose(cg_strv *v)
{
	for (size_t i = 0; i < v->len; i++)
		cg_free(v->items[i]);
	cg_free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

static int read_file(char **out, size_t *len_out, const char *path, size_t max,
                     bool regular_only)
{
	int flags = O_RDONLY | O_CLOEXEC;
	if (regular_only)
		flags |= O_NOFOLLOW | O_NONBLOCK;
	int fd = open(path, flags);
	if (fd < 0) {
		int err = errno;
		if (regular_only && err == ELOOP)
			cg_error_set("%s: now a symbolic link (changed during "
			             "the scan): not followed",
			             path);
		else
			cg_error_set("%s: %s", path, strerror(err));
		return err == ENOENT ? CG_ENOTFOUND : CG_EIO;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		cg_error_set("%s: %s", path, strerror(errno));
		close(fd);
		return CG_EIO;
	}
	if (regular_only && !S_ISREG(st.st_mode)) {
		/* a FIFO or device swapped in after the walk: never read
		 * (a FIFO would block) */
		cg_error_set("%s: no longer a regular file (changed during "
		             "the scan)",
		             path);
		close(fd);
		return CG_EIO;
	}
	if (max && (size_t)st.st_size > max) {
		cg_error_set("%s: larger than %zu bytes", path, max);
		close(fd);
		return CG_ELIMIT;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = cg_malloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (max && len >= max) {
				cg_error_set("%s: larger than %zu bytes", path,
				             max);
				cg_free(buf);
				close(fd);
				return CG_ELIMIT;
			}
			cg_reserve(buf, cap, cg_array__add(cap, cap));
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			cg_error_set("%s: %s", path, strerror(errno));
			cg_free(buf);
			close(fd);
			return CG_EIO;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	if (len_out)
		*len_out = len;
	return 0;
}

int cg_read_file(char **out, size_t *len_out, const char *path, size_t max)
{
	return read_file(out, len_out, path, max, false);
}

int cg_read_regular_file(char **out, size_t *len_out, const char *path,
                         size_t max)
{
	return read_file(out, len_out, path, max, true);
}

int cg_write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = cg_sprintf("%s.tmp.%ld", path, (long)getpid());
	int error = CG_EIO;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		cg_error_set("%s: %s", path, strerror(errno));
		goto done;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			cg_error_set("%s: %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			goto done;
		}
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		cg_error_set("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	if (rename(tmp, path) < 0) {
		cg_error_set("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	error = 0;
done:
	cg_free(tmp);
	return error;
}

int cg_mkdirs(const char *path)
{
	char *p = cg_strdup(path);
	int error = 0;
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				cg_error_set("%s: %s", p, strerror(errno));
				error = CG_EIO;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	cg_free(p);
	return error;
}

void cg_sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool cg_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(p + i, len - i);
		if (!n || (n == 1 && p[i] == 0))
			return false;
		i += n;
	}
	return true;
}

char *cg_utf8_sanitize(const char *s, size_t len)
{
	cg_buf b = CG_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(p + i, len - i);
		if (!n || (n == 1 && p[i] == 0)) {
			cg_buf_puts(&b, "\xef\xbf\xbd");
			i++;
		} else {
			cg_buf_put(&b, p + i, n);
			i += n;
		}
	}
	return cg_buf_detach(&b);
}

bool cg_str_ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

char *cg_str_lower(const char *s)
{
	char *p = cg_strdup(s);
	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

char *cg_str_upper(const char *s)
{
	char *p = cg_strdup(s);
	for (char *q = p; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	return p;
}

bool cg_str_endswith(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int cg_uuid_v4(char out[37])
{
	unsigned char r[16];
	if (RAND_bytes(r, sizeof(r)) != 1) {
		cg_error_set("no randomness for a UUID");
		return CG_ERROR;
	}
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x",
	         r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
	         r[10], r[11], r[12], r[13], r[14], r[15]);
	return 0;
}

char *cg_ctl_escape(const char *s)
{
	cg_buf b = CG_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			cg_buf_printf(&b, "\\x%02x", *p);
		else if (*p == '\\')
			cg_buf_puts(&b, "\\\\");
		else
			cg_buf_putc(&b, (char)*p);
	}
	return cg_buf_detach(&b);
}

bool cg_has_ctl(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* ---- run-time data ------------------------------------------------------ */

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

char *cg_data_dir(const char *rel)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return cg_sprintf("share/cryptagion/%s", rel);
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	char *installed = cg_sprintf("%s/../share/cryptagion/%s", exe, rel);
	if (is_dir(installed))
		return installed;
	char *build = cg_sprintf("%s/share/cryptagion/%s", exe, rel);
	if (is_dir(build)) {
		cg_free(installed);
		return build;
	}
	cg_free(build);
	return installed;
}

bool cg_str_is_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 64 || s[0] == '_' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return false;
	return true;
}
