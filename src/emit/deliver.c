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

/* ---- the table ---------------------------------------------------- */

/* The length of the text document a builder returned (0 on failure). */
static int text_len(int error, char *const *out, size_t *len)
{
	*len = error < 0 ? 0 : strlen(*out);
	return error;
}

static int build_cbom(char **out, size_t *len, const cg_inv_scan *s,
                      const cg_deliver_opts *o, const cg_checksum *before,
                      size_t nbefore)
{
	(void)before;
	(void)nbefore;
	cg_emit_opts eo = { .schema_dir = o->cbom_schema_dir,
		            .tool_version = o->tool_version,
		            .max_errors = 10 };
	return text_len(cg_emit_cbom(out, s, &eo), out, len);
}

static int build_roadmap(char **out, size_t *len, const cg_inv_scan *s,
                         const cg_deliver_opts *o, const cg_checksum *before,
                         size_t nbefore)
{
	(void)before;
	(void)nbefore;
	return text_len(cg_emit_roadmap(out, s, o->roadmap,
	                                o->roadmap_schema_dir, o->tool_version),
	                out, len);
}

static int build_pdf(char **out, size_t *len, const cg_inv_scan *s,
                     const cg_deliver_opts *o, const cg_checksum *before,
                     size_t nbefore)
{
	cg_pdf_opts po = { .title = o->title,
		           .commit = o->commit      ? o->commit
		                     : s->commit_id ? s->commit_id
		                                    : NULL,
		           .font_dir = o->font_dir,
		           .tool_version = o->tool_version,
		           .epoch = o->epoch,
		           .sums = before,
		           .nsums = nbefore,
		           .roadmap = o->roadmap };
	return cg_emit_pdf(out, len, s, &po);
}

static int build_sarif(char **out, size_t *len, const cg_inv_scan *s,
                       const cg_deliver_opts *o, const cg_checksum *before,
                       size_t nbefore)
{
	(void)before;
	(void)nbefore;
	cg_emit_sarif_opts so = { .schema_dir = o->sarif_schema_dir,
		                  .tool_version = o->tool_version,
		                  .max_errors = 10,
		                  .base_fingerprints = o->base_fingerprints,
		                  .no_info = o->sarif_no_info };
	return text_len(cg_emit_sarif(out, s, &so), out, len);
}

const cg_emitter cg_emitters[] = {
	/* the set, in this order (the PDF lists the checksums of the
	 * documents before it) */
	{ "cbom", "cbom.json", true, build_cbom },
	{ "roadmap", "roadmap.json", true, build_roadmap },
	{ "pdf", "report.pdf", true, build_pdf },
	{ "sarif", "cryptagion.sarif", false, build_sarif },
	{ NULL, NULL, false, NULL },
};

/* The table's entries (without the terminator). */
#define NEMITTERS (sizeof(cg_emitters) / sizeof(*cg_emitters) - 1)

const cg_emitter *cg_emit_find(const char *name)
{
	for (const cg_emitter *e = cg_emitters; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

int cg_emit_write(const cg_emitter *e, const char *path,
                  const cg_inv_scan *scan, const cg_deliver_opts *o)
{
	char *doc = NULL;
	size_t len = 0;
	int error = e->build(&doc, &len, scan, o, NULL, 0);
	if (error < 0)
		return error;
	error = cg_write_file_atomic(path, doc, len);
	cg_free(doc);
	return error;
}

/* ---- the set ------------------------------------------------------ */

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
static bool is_leftover(const char *entry, const char *name)
{
	size_t len = strlen(name);
	const char *rest = entry + len;
	if (strncmp(entry, name, len) != 0 || strncmp(rest, ".tmp.", 5) != 0)
		return false;
	char *end = NULL;
	long pid = strtol(rest + 5, &end, 10);
	return end && !*end && pid > 0 && kill((pid_t)pid, 0) != 0 &&
	       errno == ESRCH;
}

static void clean_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		/* the emitters' files, and SHA256SUMS */
		bool gone = is_leftover(de->d_name, "SHA256SUMS");
		for (const cg_emitter *e = cg_emitters; !gone && e->name; e++)
			gone = is_leftover(de->d_name, e->file);
		if (!gone)
			continue;
		char *path = cg_sprintf("%s/%s", dir, de->d_name);
		unlink(path);
		cg_free(path);
	}
	closedir(d);
}

int cg_emit_deliverables(const cg_inv_scan *s, const cg_deliver_opts *o)
{
	char *doc[NEMITTERS] = { NULL };
	size_t len[NEMITTERS] = { 0 };
	cg_checksum cs[NEMITTERS];
	size_t n = 0; /* documents of the set built */
	cg_buf sums = CG_BUF_INIT;
	int error;

	if (!o->roadmap) {
		cg_error_set("deliverables: no roadmap dates (the standards "
		             "table was not loaded)");
		return CG_ERROR;
	}
	/* build and check everything before the first write */
	error = cg_emit_pdf_check_fonts(o->font_dir);
	for (const cg_emitter *e = cg_emitters; !error && e->name; e++) {
		if (!e->in_set)
			continue;
		error = e->build(&doc[n], &len[n], s, o, cs, n);
		if (error < 0)
			break;
		cs[n].name = e->file;
		cg_sha256_hex(cs[n].sha256, doc[n], len[n]);
		n++;
	}
	if (error < 0)
		goto done;

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
	for (size_t i = 0; !error && i < n; i++)
		error = put(o->out_dir, cs[i].name, doc[i], len[i]);
	if (error < 0)
		goto done;
	/* last, over the files just written (sha256sum -c format) */
	for (size_t i = 0; i < n; i++)
		cg_buf_printf(&sums, "%s  %s\n", cs[i].sha256, cs[i].name);
	error = put(o->out_dir, "SHA256SUMS", sums.ptr, sums.len);
done:
	for (size_t i = 0; i < NEMITTERS; i++)
		cg_free(doc[i]);
	cg_buf_dispose(&sums);
	return error;
}
