/* tests/unit/util.c — util's growable array (array.h): pushes keep their
 * values in order, reserve grows by doubling from 8 and never moves a
 * buffer that is large enough, free empties, and a size that would
 * overflow size_t aborts (the OOM policy) instead of wrapping around.
 * Usage: test_unit_util */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/util/array.h"
#include "../../src/util/util.h"
#include "unit.h"

typedef struct {
	int a;
	char *s;
} pair;

/* Whether fn() ends the process with SIGABRT (run in a child whose
 * stderr is discarded). */
static int aborts(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn();
		_exit(0);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void add_overflow(void)
{
	(void)cg_array__add(SIZE_MAX, 1);
}

static void mul_overflow(void)
{
	void *p = cg_realloc_array(NULL, SIZE_MAX / 2, 4);
	cg_free(p);
}

static void reserve_overflow(void)
{
	CG_ARRAY(uint64_t) a = CG_ARRAY_INIT;
	cg_array_reserve(&a, SIZE_MAX / 4);
	cg_array_free(&a);
}

int main(void)
{
	/* push: values in order, capacity doubling from 8 */
	CG_ARRAY(int) v = CG_ARRAY_INIT;
	CHECK(v.items == NULL && v.len == 0 && v.cap == 0);
	for (int i = 0; i < 1000; i++)
		cg_array_push(&v, i * 3);
	CHECK(v.len == 1000);
	CHECK(v.cap == 1024);
	int ok = 1;
	for (int i = 0; i < 1000; i++)
		ok &= v.items[i] == i * 3;
	CHECK(ok);
	cg_array_free(&v);
	CHECK(v.items == NULL && v.len == 0 && v.cap == 0);

	/* push_zero: a zeroed item, its address in the array */
	CG_ARRAY(pair) ps = CG_ARRAY_INIT;
	pair *p = cg_array_push_zero(&ps);
	CHECK(p == &ps.items[0] && ps.len == 1 && ps.cap == 8);
	CHECK(p->a == 0 && p->s == NULL);
	p->a = 7;
	p = cg_array_push_zero(&ps);
	CHECK(ps.len == 2 && ps.items[0].a == 7 && p->a == 0);
	cg_array_free(&ps);

	/* reserve: at least what was asked, the buffer kept when it fits */
	CG_ARRAY(double) d = CG_ARRAY_INIT;
	cg_array_reserve(&d, 100);
	CHECK(d.items != NULL && d.cap == 128 && d.len == 0);
	const double *before = d.items;
	cg_array_reserve(&d, 128);
	CHECK(d.items == before && d.cap == 128);
	cg_array_grow(&d, 129);
	CHECK(d.cap == 256);
	cg_array_free(&d);

	/* a loose pointer and capacity (fields of a public struct) */
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 20; i++) {
		cg_reserve(names, cap, cg_array__add(n, 1));
		names[n++] = cg_sprintf("n%d", i);
	}
	CHECK(n == 20 && cap == 32);
	CHECK_STR(names[0], "n0");
	CHECK_STR(names[19], "n19");
	for (size_t i = 0; i < n; i++)
		cg_free(names[i]);
	cg_free(names);

	/* sizes that would wrap around abort */
	CHECK(cg_array__add(SIZE_MAX - 1, 1) == SIZE_MAX);
	CHECK(aborts(add_overflow));
	CHECK(aborts(mul_overflow));
	CHECK(aborts(reserve_overflow));
	return unit_done();
}
