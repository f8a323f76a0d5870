/* parse_bench.c — the parse-only baseline of the benchmarks (not a test):
 * walks PATH as a scan does, then parses every source file of a known
 * language with its tree-sitter grammar on JOBS threads, and prints
 * "files bytes cpu_seconds wall_seconds" on one line. What a scan cannot
 * go below: the same grammars, files and threads, without the rules. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <tree_sitter/api.h>

#include "../../src/lang/lang.h"
#include "../../src/util/util.h"
#include "../../src/walk/walk.h"

typedef struct {
	const cg_units *w;
	size_t next;
	size_t files;
	unsigned long long bytes;
	pthread_mutex_t mu;
} job;

static void *parse_worker(void *arg)
{
	job *j = arg;
	TSParser *p = ts_parser_new();
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t i = j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= j->w->len)
			break;
		const cg_unit *e = &j->w->items[i];
		if (e->status != CG_UNIT_SCAN || !e->lang || e->material ||
		    !e->abspath)
			continue;
		char *src = NULL;
		size_t len = 0;
		if (cg_read_file(&src, &len, e->abspath, 0) < 0)
			continue;
		ts_parser_set_language(p, e->lang->grammar());
		TSTree *t = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
		ts_tree_delete(t);
		cg_free(src);
		pthread_mutex_lock(&j->mu);
		j->files++;
		j->bytes += len;
		pthread_mutex_unlock(&j->mu);
	}
	ts_parser_delete(p);
	return NULL;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: cg-parse-bench JOBS PATH\n");
		return 2;
	}
	unsigned jobs = (unsigned)strtoul(argv[1], NULL, 10);
	if (jobs < 1 || jobs > 64)
		jobs = 1;
	double c0 = cpu_s(), w0 = wall_s();
	cg_units *w = NULL;
	cg_filter_opts wo = CG_FILTER_OPTS_INIT;
	if (cg_walk_run(&w, argv[2], &wo) < 0) {
		fprintf(stderr, "%s\n", cg_error_last());
		return 3;
	}
	job j = { .w = w };
	pthread_mutex_init(&j.mu, NULL);
	pthread_t th[64];
	unsigned started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&th[started], NULL, parse_worker, &j))
			break;
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&j.mu);
	printf("%zu %llu %.3f %.3f\n", j.files, j.bytes, cpu_s() - c0,
	       wall_s() - w0);
	cg_units_free(w);
	return 0;
}
