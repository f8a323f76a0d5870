/* deliver.c — the full set of deliverables and their SHA256SUMS; see
 * emit.h. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "../util/util.h"
#include "emit.h"

/* Write name into dir atomically. */
static int put(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = cg_sprintf("%s/%s", dir, name);
	int error = cg_write_file_atomic(path, data, len);
	cg_free(path);
	return error;
}

/* Remove "<name>.tmp.<pid>" files left in dir by a writer that was
 * killed (its pid no longer runs), for the deliverables' names. */
static void clean_leftovers(const char *dir)
{
	static const char *const names[] = { "cbom.json",        "roadmap.json",
		                             "report.pdf",       "SHA256SUMS",
		                             "cryptagion.sarif", NULL };
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		for (const char *const *n = names; *n; n++) {
			size_t len = strlen(*n);
			const char *rest = de->d_name + len;
			if (strncmp(de->d_name, *n, len) != 0 ||
			    strncmp(rest, ".tmp.", 5) != 0)
				continue;
			char *end = NULL;
			long pid = strtol(rest + 5, &end, 10);
			if (!end || *end || pid <= 0 ||
			    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
				continue;
			char *path = cg_sprintf("%s/%s", dir, de->d_name);
			unlink(path);
			cg_free(path);
		}
	}
	closedir(d);
}

int cg_emit_deliverables(const cg_inv_scan *s, const cg_deliver_opts *o)
{
	char *cbom = NULL, *roadmap = NULL, *pdf = NULL;
	size_t pdf_len = 0;
	cg_buf sums = CG_BUF_INIT;
	cg_checksum cs[3] = { { .name = "cbom.json" },
		              { .name = "roadmap.json" },
		              { .name = "report.pdf" } };
	int error;

	if (!o->roadmap) {
		cg_error_set("deliverables: no roadmap dates (the standards "
		             "table was not loaded)");
		return CG_ERROR;
	}
	/* build and check everything before the first write */
	error = cg_emit_pdf_check_fonts(o->font_dir);
	if (error < 0)
		goto done;
	cg_emit_opts eo = { .schema_dir = o->cbom_schema_dir,
		            .tool_version = o->tool_version,
		            .max_errors = 10 };
	error = cg_emit_cbom(&cbom, s, &eo);
	if (error < 0)
		goto done;
	error = cg_emit_roadmap(&roadmap, s, o->roadmap, o->roadmap_schema_dir,
	                        o->tool_version);
	if (error < 0)
		goto done;
	cg_sha256_hex(cs[0].sha256, cbom, strlen(cbom));
	cg_sha256_hex(cs[1].sha256, roadmap, strlen(roadmap));
	cg_pdf_opts po = { .title = o->title,
		           .commit = o->commit      ? o->commit
		                     : s->commit_id ? s->commit_id
		                                    : NULL,
		           .font_dir = o->font_dir,
		           .tool_version = o->tool_version,
		           .epoch = o->epoch,
		           .sums = cs,
		           .nsums = 2,
		           .roadmap = o->roadmap };
	error = cg_emit_pdf(&pdf, &pdf_len, s, &po);
	if (error < 0)
		goto done;
	cg_sha256_hex(cs[2].sha256, pdf, pdf_len);

	error = cg_mkdirs(o->out_dir);
	if (error < 0)
		goto done;
	clean_leftovers(o->out_dir);
	/* SHA256SUMS goes first and comes back last: a kill or a full disk
	 * in between leaves no SHA256SUMS that disagrees with its files */
	{
		char *sums_path = cg_sprintf("%s/SHA256SUMS", o->out_dir);
		int rc = unlink(sums_path);
		int err = errno;
		if (rc < 0 && err != ENOENT) {
			cg_error_set("%s: %s", sums_path, strerror(err));
			error = CG_EIO;
		}
		cg_free(sums_path);
		if (error < 0)
			goto done;
	}
	error = put(o->out_dir, cs[0].name, cbom, strlen(cbom));
	if (error < 0)
		goto done;
	error = put(o->out_dir, cs[1].name, roadmap, strlen(roadmap));
	if (error < 0)
		goto done;
	error = put(o->out_dir, cs[2].name, pdf, pdf_len);
	if (error < 0)
		goto done;
	/* last, over the files just written (sha256sum -c format) */
	for (size_t i = 0; i < 3; i++)
		cg_buf_printf(&sums, "%s  %s\n", cs[i].sha256, cs[i].name);
	error = put(o->out_dir, "SHA256SUMS", sums.ptr, sums.len);
done:
	cg_free(cbom);
	cg_free(roadmap);
	cg_free(pdf);
	cg_buf_dispose(&sums);
	return error;
}
