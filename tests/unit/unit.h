/* unit.h — the assertions of the C unit tests: each CHECK counts, a
 * failing one prints its file, line and expression; unit_done() prints
 * "N passed, N failed" and gives the exit code. */
#ifndef CG_UNIT_H
#define CG_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond)                                                   \
	do {                                                          \
		if (cond) {                                           \
			unit_passed++;                                \
		} else {                                              \
			unit_failed++;                                \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, \
			        __LINE__, #cond);                     \
		}                                                     \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                         \
			unit_passed++;                                         \
		} else {                                                       \
			unit_failed++;                                         \
			fprintf(stderr, "FAIL %s:%d: %s is [%s], want [%s]\n", \
			        __FILE__, __LINE__, #got, g_ ? g_ : "(null)",  \
			        w_ ? w_ : "(null)");                           \
		}                                                              \
	} while (0)

/* Whether s contains sub (NULL-safe). */
static inline int unit_has(const char *s, const char *sub)
{
	return s && sub && strstr(s, sub) != NULL;
}

/* Write text to dir/name (dir must exist). */
static inline void unit_write(const char *dir, const char *name,
                              const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
