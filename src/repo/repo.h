/*
 * repo — git ingest with libgit2: open a local repository (work tree or
 * bare), or mirror a remote URL into a cache directory (clone once, fetch
 * afterwards); resolve a ref to a commit; list the files of a commit's
 * tree, or of the changes between two commits (renames followed), as a
 * cg_units whose entries carry blob ids instead of paths on disk; and read
 * blobs straight from the object database (no checkout, no temporary
 * files).
 *
 * Who may call it: the scan driver (scan/) only; the CLI uses the
 * classification helpers (cg_repo_is_url, cg_repo_probe) and
 * cg_repo_url_strip.
 *
 * Credentials: an SSH key file and an HTTPS token read from an environment
 * variable. They are never copied into a message: every URL that leaves
 * this module (cg_repo_url, error messages) has its credentials stripped,
 * and the token text is scrubbed from libgit2's messages.
 *
 * Ownership: a cg_repo owns its git_repository and belongs to one thread.
 * Each worker thread opens its own cg_repo_reader (its own repository
 * handle). A cg_units from cg_repo_list* is owned by the caller
 * (cg_units_free).
 */
#ifndef CG_REPO_H
#define CG_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../filter/filter.h"
#include "../model/unit.h"
#include "../util/util.h"

typedef struct cg_repo cg_repo;
typedef struct cg_repo_reader cg_repo_reader;

typedef enum {
	CG_REPO_NONE = 0, /* not a git repository */
	CG_REPO_WORKTREE, /* a work tree (has a .git) */
	CG_REPO_BARE,     /* a bare repository */
} cg_repo_kind;

typedef struct {
	const char *cache_dir; /* mirrors of URLs; NULL: the XDG default */
	const char *ssh_key;   /* private key file for SSH, or NULL */
	bool insecure;         /* accept unknown SSH host keys and TLS
	                          certificates that do not verify */
	const char *token_env; /* environment variable holding an HTTPS
	                          token; NULL: CRYPTAGION_GIT_TOKEN */
	bool allow_http_token; /* send a token (or a URL's password) over
	                          plain http://; refused by default */
} cg_repo_opts;
#define CG_REPO_OPTS_INIT                      \
	{                                      \
		NULL, NULL, false, NULL, false \
	}

/* Whether target names a remote: scheme://... (https, http, ssh, git,
 * file) or scp-like user@host:path (when no such local path exists). */
bool cg_repo_is_url(const char *target);
/* What kind of local repository `path` is (the path itself, no search
 * upwards). */
cg_repo_kind cg_repo_probe(const char *path);
/* A copy of url without credentials (user:password@, token@); an SSH
 * user name without a password is kept. Owned by the caller. */
char *cg_repo_url_strip(const char *url);
/* $XDG_CACHE_HOME/cryptagion/repos or ~/.cache/cryptagion/repos; owned by
 * the caller. */
char *cg_repo_default_cache_dir(void);

/* Open target: a local repository path, or a URL mirrored (bare) into the
 * cache directory — cloned when absent, fetched when present. A failed
 * clone leaves no mirror behind. Errors: CG_ENOTFOUND (no repository),
 * CG_EIO (network, authentication, refused key or host key). */
int cg_repo_open(cg_repo **out, const char *target, const cg_repo_opts *o);
void cg_repo_free(cg_repo *r);
/* The repository's URL for provenance, credentials stripped: the URL
 * given, else the local repository's "origin" remote, else file://PATH.
 * Borrowed from r. */
const char *cg_repo_url(const cg_repo *r);

/* Resolve ref (a branch, tag, commit id, HEAD~2 ...) to a commit id in
 * hex. CG_ENOTFOUND for an unknown ref or an empty repository. */
int cg_repo_resolve(char out[41], cg_repo *r, const char *ref);

/* The files of a commit's tree. A .cryptagionignore blob at the root adds
 * its patterns before wo->ignore. Entries of a known language (by
 * extension) and extension-less entries (flagged `sniff`) carry their blob
 * id; other blobs are counted as unsupported without being read.
 * Submodules are recorded (status CG_UNIT_SUBMODULE), symbolic links
 * recorded when they have a source extension (CG_UNIT_SYMLINK), never
 * followed. Sorted by path. */
int cg_repo_list(cg_units **out, cg_repo *r, const char *commit,
                 const cg_filter_opts *wo);
/* The files changed between two commits, renames followed: for each
 * change the HEAD version (when it exists) and the BASE version (when it
 * exists, base_side = true; for a rename `path` is the HEAD path and
 * `old_path` the BASE path). Ignore patterns come from HEAD's tree. */
int cg_repo_list_diff(cg_units **out, cg_repo *r, const char *base_commit,
                      const char *head_commit, const cg_filter_opts *wo);

/* A blob reader for one thread, on its own handle of r's repository. */
int cg_repo_reader_new(cg_repo_reader **out, const cg_repo *r);
void cg_repo_reader_free(cg_repo_reader *rd);
/* Read blob `id` (hex) into *data (NUL-terminated, owned by the caller).
 * *size is set whenever the size is known; fails with CG_ELIMIT without
 * reading when the blob is larger than max bytes. */
int cg_repo_reader_read(char **data, size_t *len, uint64_t *size,
                        cg_repo_reader *rd, const char *id, uint64_t max);

/* The git blob id (hex SHA-1 of "blob LEN\0" + data) of some bytes: the
 * cache key of files read from disk. */
void cg_repo_blob_id(char out[41], const void *data, size_t len);

/* Whether data is a git LFS pointer file ("version
 * https://git-lfs.github.com/spec/..." in under 1 KiB). */
bool cg_repo_is_lfs_pointer(const char *data, size_t len);

#endif
