/* Unit tests of the walk: order, statuses and reasons, ignore patterns,
 * contexts and error paths. usage: test_unit_walk TMP_DIR */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/util/util.h"
#include "../../src/walk/walk.h"
#include "unit.h"

static const cg_unit *entry(const cg_units *w, const char *path)
{
	for (size_t i = 0; w && i < w->len; i++)
		if (strcmp(w->items[i].path, path) == 0)
			return &w->items[i];
	return NULL;
}

static int classify_pem(const char *path, const char *head, size_t n)
{
	(void)head;
	(void)n;
	return cg_str_endswith(path, ".pem") ? 7 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	char *root = cg_sprintf("%s/tree", argv[1]);
	char *sub = cg_sprintf("%s/src", root);
	char *tests = cg_sprintf("%s/tests", root);
	char *vendor = cg_sprintf("%s/vendor/lib", root);
	cg_mkdirs(sub);
	cg_mkdirs(tests);
	cg_mkdirs(vendor);
	unit_write(sub, "b.py", "import hashlib\n");
	unit_write(sub, "a.go", "package a\n");
	unit_write(sub, "notes.txt", "plain text\n");
	unit_write(sub, "key.pem", "-----BEGIN CERTIFICATE-----\n");
	unit_write(tests, "test_x.py", "import hashlib\n");
	unit_write(vendor, "v.js", "var x = 1;\n");
	unit_write(sub, "skip.py", "import hashlib\n");
	unit_write(root, ".cryptagionignore", "src/skip.py\n");
	char *bin = cg_sprintf("%s/blob.c", sub);
	FILE *f = fopen(bin, "wb");
	fwrite("int\0main", 1, 8, f);
	fclose(f);
	char *big = cg_sprintf("%s/big.rs", sub);
	f = fopen(big, "w");
	for (int i = 0; i < 2000; i++)
		fputs("fn main() {}\n", f);
	fclose(f);
	char *link = cg_sprintf("%s/link.py", sub);
	unlink(link); /* a run before this one */
	CHECK(symlink("b.py", link) == 0);

	cg_units *w = NULL;
	cg_filter_opts o = CG_FILTER_OPTS_INIT;
	o.max_file_size = 1024;
	o.classify = classify_pem;
	CHECK(cg_walk_run(&w, root, &o) == 0);
	/* byte-wise sorted */
	for (size_t i = 1; w && i < w->len; i++)
		CHECK(strcmp(w->items[i - 1].path, w->items[i].path) < 0);
	const cg_unit *e = entry(w, "src/b.py");
	CHECK(e && e->status == CG_UNIT_SCAN && e->lang &&
	      strcmp(e->lang->name, "python") == 0);
	CHECK(e && strcmp(e->context, "product") == 0);
	e = entry(w, "src/a.go");
	CHECK(e && e->lang && strcmp(e->lang->name, "go") == 0);
	e = entry(w, "src/blob.c");
	CHECK(e && e->status == CG_UNIT_BINARY);
	e = entry(w, "src/big.rs");
	CHECK(e && e->status == CG_UNIT_TOO_LARGE && e->reason);
	e = entry(w, "src/link.py");
	CHECK(e == NULL || e->status == CG_UNIT_SYMLINK);
	e = entry(w, "src/key.pem");
	CHECK(e && e->material == 7);
	CHECK(entry(w, "src/notes.txt") == NULL); /* counted, not listed */
	CHECK(w && w->unsupported >= 1);
	CHECK(entry(w, "src/skip.py") == NULL);
	CHECK(w && w->ignored >= 1);
	e = entry(w, "tests/test_x.py");
	CHECK(e && strcmp(e->context, "test") == 0);
	e = entry(w, "vendor/lib/v.js");
	CHECK(e && strcmp(e->context, "vendor") == 0);
	cg_units_free(w);

	/* without a classifier, material is not listed */
	w = NULL;
	CHECK(cg_walk_run(&w, root, NULL) == 0);
	CHECK(entry(w, "src/key.pem") == NULL);
	cg_units_free(w);

	/* ignore patterns */
	cg_filter_ignore *ig = cg_filter_ignore_new();
	cg_filter_ignore_add(ig, "*.min.js");
	cg_filter_ignore_add(ig, "build/");
	cg_filter_ignore_add(ig, "/top.py");
	cg_filter_ignore_add(ig, "!keep.min.js");
	CHECK(cg_filter_ignore_match(ig, "web/app.min.js", false));
	CHECK(!cg_filter_ignore_match(ig, "web/keep.min.js", false));
	CHECK(cg_filter_ignore_match(ig, "build", true));
	CHECK(cg_filter_ignore_match(ig, "build/x.c", false));
	CHECK(cg_filter_ignore_match(ig, "top.py", false));
	CHECK(!cg_filter_ignore_match(ig, "sub/top.py", false));
	cg_filter_ignore_free(ig);

	/* error path */
	w = NULL;
	CHECK(cg_walk_run(&w, "/nonexistent/tree", NULL) == CG_ENOTFOUND);
	CHECK(w == NULL);
	CHECK(unit_has(cg_error_last(), "/nonexistent/tree"));

	cg_free(root);
	cg_free(sub);
	cg_free(tests);
	cg_free(vendor);
	cg_free(bin);
	cg_free(big);
	cg_free(link);
	return unit_done();
}
