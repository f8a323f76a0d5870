/* repo.c — see repo.h. */
#define _GNU_SOURCE
#include "repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../filter/filter.h"
#include "../lang/lang.h"
#include "../model/unit.h"
#include "../util/util.h"

#define DEFAULT_TOKEN_ENV "CRYPTAGION_GIT_TOKEN"
#define LFS_MAGIC "version https://git-lfs.github.com/spec/"

struct cg_repo {
	git_repository *repo;
	char *gitdir;    /* path of the repository (the .git folder) */
	char *url;       /* provenance URL, credentials stripped */
	char *name;      /* the target for messages, credentials stripped */
	char *raw_url;   /* the URL as given (may hold credentials), or NULL */
	char *url_user;  /* user name from the URL, or NULL */
	char *url_pass;  /* password/token from the URL, or NULL */
	char *token;     /* token from the environment, or NULL */
	char *fetch_url; /* URL with its credential query parameters (used
	                    for the fetch only, never stored), or NULL */
	cg_strv secrets; /* values of those parameters (scrubbed) */
	bool allow_http_token; /* send a token over plain http:// too */
	const char *ssh_key;
	bool insecure;
	int auth_attempts;
	bool inited;     /* git_libgit2_init() called */
	int progress_fd; /* fetch child: the pipe to the parent, or -1 */
};

struct cg_repo_reader {
	git_repository *repo;
	git_odb *odb;
};

static void lib_init(void)
{
	git_libgit2_init();
	/* a scanner only reads: repositories owned by another user (a CI
	 * checkout, a shared mirror) are fine */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (access("/etc/ssl/certs/ca-certificates.crt", R_OK) == 0)
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS,
		                 "/etc/ssl/certs/ca-certificates.crt", NULL);
}

/* ---- URLs ------------------------------------------------------------- */

static bool has_scheme(const char *s)
{
	static const char *const schemes[] = { "https://",   "http://",
		                               "ssh://",     "git://",
		                               "file://",    "git+ssh://",
		                               "ssh+git://", NULL };
	for (const char *const *p = schemes; *p; p++)
		if (strncmp(s, *p, strlen(*p)) == 0)
			return true;
	return false;
}

bool cg_repo_is_url(const char *target)
{
	if (has_scheme(target))
		return true;
	const char *colon = strchr(target, ':');
	const char *slash = strchr(target, '/');
	if (!colon || colon == target || (slash && slash < colon))
		return false;
	struct stat st;
	return stat(target, &st) < 0;
}

cg_repo_kind cg_repo_probe(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return CG_REPO_NONE;
	lib_init();
	git_repository *repo = NULL;
	cg_repo_kind kind = CG_REPO_NONE;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	                            NULL) == 0) {
		/* a work tree only when `path` is its top, not a .git folder */
		const char *wd = git_repository_workdir(repo);
		kind = git_repository_is_bare(repo) || !wd ? CG_REPO_BARE
		                                           : CG_REPO_WORKTREE;
		git_repository_free(repo);
	}
	git_error_clear();
	git_libgit2_shutdown();
	return kind;
}

/* Split url into the stripped URL and its user/password. */
static char *split_url(const char *url, char **user, char **pass)
{
	*user = *pass = NULL;
	const char *sep = strstr(url, "://");
	const char *a = sep ? sep + 3 : url;
	const char *end = a + strcspn(a, sep ? "/" : ":");
	const char *at = NULL;
	for (const char *p = a; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return cg_strdup(url);
	const char *colon = memchr(a, ':', (size_t)(at - a));
	*user = cg_strndup(a, (size_t)((colon ? colon : at) - a));
	if (colon)
		*pass = cg_strndup(colon + 1, (size_t)(at - colon - 1));
	bool ssh = !sep || strncmp(url, "ssh", 3) == 0 ||
	           strncmp(url, "git+ssh", 7) == 0;
	cg_buf b = CG_BUF_INIT;
	cg_buf_put(&b, url, (size_t)(a - url));
	if (ssh && !colon && **user) {
		cg_buf_puts(&b, *user);
		cg_buf_putc(&b, '@');
	}
	cg_buf_puts(&b, at + 1);
	return cg_buf_detach(&b);
}

/* Whether a query parameter's name says it carries a credential. */
static bool secret_param(const char *name, size_t n)
{
	static const char *const words[] = { "token",      "pass",   "auth",
		                             "key",        "secret", "sig",
		                             "credential", NULL };
	for (const char *const *w = words; *w; w++) {
		size_t wl = strlen(*w);
		for (size_t i = 0; i + wl <= n; i++)
			if (strncasecmp(name + i, *w, wl) == 0)
				return true;
	}
	return false;
}

/* url without its credential query parameters (?token=..., like
 * user:pass@); their values go to secrets when not NULL. */
static char *strip_query(const char *url, cg_strv *secrets)
{
	const char *q = strchr(url, '?');
	if (!q)
		return cg_strdup(url);
	const char *frag = strchr(q, '#');
	const char *qend = frag ? frag : q + strlen(q);
	cg_buf b = CG_BUF_INIT;
	cg_buf_put(&b, url, (size_t)(q - url));
	bool first = true;
	for (const char *p = q + 1; p < qend;) {
		const char *amp = memchr(p, '&', (size_t)(qend - p));
		const char *e = amp ? amp : qend;
		const char *eq = memchr(p, '=', (size_t)(e - p));
		size_t nlen = (size_t)((eq ? eq : e) - p);
		if (e > p && secret_param(p, nlen)) {
			if (secrets && eq && eq + 1 < e)
				cg_strv_push_owned(
				    secrets,
				    cg_strndup(eq + 1, (size_t)(e - eq - 1)));
		} else if (e > p) {
			cg_buf_putc(&b, first ? '?' : '&');
			cg_buf_put(&b, p, (size_t)(e - p));
			first = false;
		}
		p = amp ? amp + 1 : qend;
	}
	if (frag)
		cg_buf_puts(&b, frag);
	return cg_buf_detach(&b);
}

char *cg_repo_url_strip(const char *url)
{
	char *user, *pass;
	char *s = split_url(url, &user, &pass);
	cg_free(user);
	cg_free(pass);
	char *t = strip_query(s, NULL);
	cg_free(s);
	return t;
}

char *cg_repo_default_cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && *x == '/')
		return cg_sprintf("%s/cryptagion/repos", x);
	const char *home = getenv("HOME");
	return cg_sprintf("%s/.cache/cryptagion/repos",
	                  home && *home ? home : "/tmp");
}

/* ---- errors ----------------------------------------------------------- */

/* Replace every occurrence of `what` in *s by `with`. */
static void replace_all(char **s, const char *what, const char *with)
{
	if (!what || !*what)
		return;
	char *p = strstr(*s, what);
	if (!p)
		return;
	cg_buf b = CG_BUF_INIT;
	const char *from = *s;
	while (p) {
		cg_buf_put(&b, from, (size_t)(p - from));
		cg_buf_puts(&b, with);
		from = p + strlen(what);
		p = strstr(from, what);
	}
	cg_buf_puts(&b, from);
	cg_free(*s);
	*s = cg_buf_detach(&b);
}

/* Set the error "<what>: <libgit2 message>", one line, with every
 * credential scrubbed. */
static int git_fail(const cg_repo *r, int rc, const char *what)
{
	const git_error *ge = git_error_last();
	char *msg = cg_sprintf("%s: %s", what,
	                       ge && ge->message ? ge->message : "git error");
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (r) {
		if (r->raw_url)
			replace_all(&msg, r->raw_url, r->name);
		if (r->fetch_url)
			replace_all(&msg, r->fetch_url, r->name);
		replace_all(&msg, r->url_pass, "***");
		replace_all(&msg, r->token, "***");
		for (size_t i = 0; i < r->secrets.len; i++)
			replace_all(&msg, r->secrets.items[i], "***");
	}
	cg_error_set("%s", msg);
	cg_free(msg);
	git_error_clear();
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS ||
	    rc == GIT_EINVALIDSPEC)
		return CG_ENOTFOUND;
	return CG_EIO;
}

/* ---- remote callbacks ------------------------------------------------- */

/* The fetch child tells its parent that the server answered. */
static void ping(const cg_repo *r)
{
	if (r->progress_fd >= 0 && write(r->progress_fd, ".", 1) < 0) {
		/* the parent is gone: nothing to tell */
	}
}

static int progress_cb(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	ping(payload);
	return 0;
}

static int sideband_cb(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	ping(payload);
	return 0;
}

static int cred_cb(git_credential **out, const char *url,
                   const char *username_from_url, unsigned int allowed,
                   void *payload)
{
	cg_repo *r = payload;
	ping(r);
	if (++r->auth_attempts > 1) {
		git_error_set_str(
		    GIT_ERROR_NET,
		    "authentication failed (credentials refused)");
		return GIT_EAUTH;
	}
	const char *user = username_from_url && *username_from_url
	                       ? username_from_url
	                       : r->url_user;
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && r->ssh_key) {
		char *pub = cg_sprintf("%s.pub", r->ssh_key);
		const char *pass = getenv("CRYPTAGION_SSH_PASSPHRASE");
		int rc = git_credential_ssh_key_new(
		    out, user ? user : "git",
		    access(pub, R_OK) == 0 ? pub : NULL, r->ssh_key, pass);
		cg_free(pub);
		return rc;
	}
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
	    (r->url_pass || r->token) && url &&
	    strncmp(url, "http://", 7) == 0 && !r->allow_http_token) {
		/* a token over plain HTTP travels readable by anyone on the
		 * path: only when the user insists */
		git_error_set_str(GIT_ERROR_NET,
		                  "refusing to send a token over plain http:// "
		                  "(use https://, or --allow-http-token)");
		return GIT_EAUTH;
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		if (r->url_pass)
			return git_credential_userpass_plaintext_new(
			    out, user ? user : "", r->url_pass);
		if (r->token)
			return git_credential_userpass_plaintext_new(
			    out, user ? user : "x-access-token", r->token);
	}
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user ? user : "git");
	git_error_set_str(GIT_ERROR_NET,
	                  (allowed & GIT_CREDENTIAL_SSH_KEY)
	                      ? "authentication required: no SSH key "
	                        "(--ssh-key)"
	                      : "authentication required: no token (set the "
	                        "token environment variable)");
	return GIT_EAUTH;
}

static int cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	const cg_repo *r = payload;
	(void)cert;
	(void)host;
	if (r->insecure)
		return 0;
	if (valid)
		return 0;
	/* libgit2 applies its own check: known_hosts for SSH, the CA
	 * bundle for HTTPS */
	return GIT_PASSTHROUGH;
}

/* The fetch goes to the URL with its credential parameters; the stored
 * remote URL never has them. */
static int ready_cb(git_remote *remote, int direction, void *payload)
{
	(void)direction;
	const cg_repo *r = payload;
	return r->fetch_url ? git_remote_set_instance_url(remote, r->fetch_url)
	                    : 0;
}

static void callbacks(git_remote_callbacks *cb, cg_repo *r)
{
	cb->remote_ready = ready_cb;
	cb->credentials = cred_cb;
	cb->transfer_progress = progress_cb;
	cb->sideband_progress = sideband_cb;
	cb->certificate_check = cert_cb;
	cb->payload = r;
}

/* ---- mirrors ---------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The mirror folder of a URL: readable name + hash of the stripped URL. */
static char *mirror_path(const char *cache_dir, const char *url)
{
	char sha[65];
	cg_sha256_hex(sha, url, strlen(url));
	const char *base = url + strlen(url);
	while (base > url && (base[-1] == '/'))
		base--;
	const char *end = base;
	while (base > url && base[-1] != '/' && base[-1] != ':')
		base--;
	cg_buf b = CG_BUF_INIT;
	for (const char *p = base; p < end && b.len < 40; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '-' || c == '_';
		cg_buf_putc(&b, ok ? c : '-');
	}
	char *p = cg_sprintf("%s/%s-%.12s.git", cache_dir,
	                     b.len ? cg_buf_cstr(&b) : "repo", sha);
	cg_buf_dispose(&b);
	return p;
}

/* Fetch every ref of origin into the mirror and point HEAD at the
 * remote's default branch. */
static int fetch_here(cg_repo *r, git_repository *repo)
{
	git_remote *remote = NULL;
	git_buf head = { 0 };
	int rc = git_remote_lookup(&remote, repo, "origin");
	if (rc < 0)
		return git_fail(r, rc, r->name);
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	callbacks(&fo.callbacks, r);
	fo.prune = GIT_FETCH_PRUNE;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	r->auth_attempts = 0;
	int error = 0;
	rc = git_remote_fetch(remote, NULL, &fo, NULL);
	if (rc < 0) {
		char *what = cg_sprintf("%s: cannot fetch", r->name);
		error = git_fail(r, rc, what);
		cg_free(what);
		error = error == CG_ENOTFOUND ? CG_EIO : error;
		goto done;
	}
	if (git_remote_default_branch(&head, remote) == 0)
		git_repository_set_head(repo, head.ptr);
	git_error_clear();
done:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return error;
}

/* Seconds from the environment variable name, or def. */
static int env_seconds(const char *name, int def)
{
	const char *v = getenv(name);
	char *end = NULL;
	long n = v && *v ? strtol(v, &end, 10) : -1;
	return n > 0 && n <= 86400 && end && !*end ? (int)n : def;
}

/* The fetch runs in a child process that the scan can stop: libgit2
 * (1.5) has no network timeouts, and a stalled server would hang the
 * scan forever. The child pings through a pipe whenever the server
 * answers; no answer within the connect timeout, or no data for the
 * transfer timeout, and the child is killed. Errors come back as
 * "E<code> <message>" on the same pipe. */
static int fetch_mirror(cg_repo *r, git_repository *repo)
{
	int connect_s = env_seconds("CRYPTAGION_GIT_CONNECT_TIMEOUT", 30);
	int idle_s = env_seconds("CRYPTAGION_GIT_TRANSFER_TIMEOUT", 300);
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		cg_error_set("%s: cannot fetch: %s", r->name, strerror(errno));
		return CG_EIO;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		cg_error_set("%s: cannot fetch: %s", r->name, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return CG_EIO;
	}
	if (pid == 0) {
		close(fds[0]);
		r->progress_fd = fds[1];
		int error = fetch_here(r, repo);
		if (error < 0) {
			char *m = cg_sprintf("E%d %s", -error, cg_error_last());
			if (write(fds[1], m, strlen(m)) < 0) {
				/* the parent reports the exit status */
			}
			cg_free(m);
		}
		_exit(error < 0 ? 1 : 0);
	}
	close(fds[1]);
	cg_buf msg = CG_BUF_INIT;
	bool answered = false, in_msg = false, timed_out = false;
	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		int rc = poll(&pfd, 1, (answered ? idle_s : connect_s) * 1000);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0) {
			timed_out = true;
			break;
		}
		char buf[512];
		ssize_t n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (!in_msg && buf[i] == 'E')
				in_msg = true;
			if (in_msg)
				cg_buf_putc(&msg, buf[i]);
		}
		answered = true;
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	int error = 0;
	if (timed_out) {
		cg_error_set("%s: cannot fetch: %s after %d s "
		             "(CRYPTAGION_GIT_%s_TIMEOUT)",
		             r->name,
		             answered ? "no data from the server"
		                      : "no answer from the server",
		             answered ? idle_s : connect_s,
		             answered ? "TRANSFER" : "CONNECT");
		error = CG_EIO;
	} else if (msg.len > 1) {
		char *end = NULL;
		long code = strtol(msg.ptr + 1, &end, 10);
		cg_error_set("%s", end && *end == ' ' ? end + 1 : msg.ptr);
		error = code > 0 && code < 100 ? (int)-code : CG_EIO;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cg_error_set("%s: cannot fetch: the fetch process failed",
		             r->name);
		error = CG_EIO;
	}
	cg_buf_dispose(&msg);
	return error;
}

/* Remove "<path>.tmp-<pid>" mirrors left by a scan that was killed
 * while cloning (its pid no longer runs). */
static void clean_partial_mirrors(const char *cache_dir, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char *prefix = cg_sprintf("%s.tmp-", base);
	size_t plen = strlen(prefix);
	DIR *d = opendir(cache_dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		char *end = NULL;
		long pid = strtol(de->d_name + plen, &end, 10);
		if (!end || *end || pid <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char *old = cg_sprintf("%s/%s", cache_dir, de->d_name);
		rm_tree(old);
		cg_free(old);
	}
	if (d)
		closedir(d);
	cg_free(prefix);
}

static int open_mirror(cg_repo *r, const char *cache_dir_opt)
{
	char *cache_dir = cache_dir_opt ? cg_strdup(cache_dir_opt)
	                                : cg_repo_default_cache_dir();
	char *path = mirror_path(cache_dir, r->url);
	char *tmp = NULL;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	int error = cg_mkdirs(cache_dir);
	if (error < 0)
		goto done;
	clean_partial_mirrors(cache_dir, path);
	struct stat st;
	if (stat(path, &st) == 0) {
		int rc = git_repository_open_bare(&repo, path);
		if (rc < 0) {
			error = git_fail(r, rc, path);
			goto done;
		}
		if ((error = fetch_mirror(r, repo)) < 0)
			goto done;
	} else {
		/* clone into a temporary folder, renamed when complete */
		tmp = cg_sprintf("%s.tmp-%ld", path, (long)getpid());
		rm_tree(tmp);
		int rc = git_repository_init(&repo, tmp, 1);
		if (rc >= 0)
			rc = git_remote_create_with_fetchspec(
			    &remote, repo, "origin", r->url, "+refs/*:refs/*");
		if (rc < 0) {
			error = git_fail(r, rc, tmp);
			goto done;
		}
		if ((error = fetch_mirror(r, repo)) < 0)
			goto done;
		git_repository_free(repo);
		repo = NULL;
		if (rename(tmp, path) < 0) {
			cg_error_set("%s: %s", path, strerror(errno));
			error = CG_EIO;
			goto done;
		}
		cg_free(tmp);
		tmp = NULL;
		rc = git_repository_open_bare(&repo, path);
		if (rc < 0) {
			error = git_fail(r, rc, path);
			goto done;
		}
	}
	r->repo = repo;
	repo = NULL;
	r->gitdir = path;
	path = NULL;
done:
	git_remote_free(remote);
	git_repository_free(repo);
	if (tmp)
		rm_tree(tmp);
	cg_free(tmp);
	cg_free(path);
	cg_free(cache_dir);
	return error;
}

int cg_repo_open(cg_repo **out, const char *target, const cg_repo_opts *o)
{
	cg_repo_opts opts = CG_REPO_OPTS_INIT;
	if (o)
		opts = *o;
	cg_repo *r = cg_calloc(1, sizeof(*r));
	int error = 0;
	r->progress_fd = -1;
	lib_init();
	r->inited = true;
	r->ssh_key = opts.ssh_key;
	r->insecure = opts.insecure;
	r->allow_http_token = opts.allow_http_token;
	const char *tok =
	    getenv(opts.token_env ? opts.token_env : DEFAULT_TOKEN_ENV);
	if (tok && *tok)
		r->token = cg_strdup(tok);
	if (opts.ssh_key && access(opts.ssh_key, R_OK) < 0) {
		cg_error_set("%s: cannot read the SSH key: %s", opts.ssh_key,
		             strerror(errno));
		error = CG_ENOTFOUND;
		goto done;
	}
	r->name = cg_repo_url_strip(target);
	if (cg_repo_is_url(target)) {
		r->raw_url = cg_strdup(target);
		char *nopass = split_url(target, &r->url_user, &r->url_pass);
		r->url = strip_query(nopass, &r->secrets);
		if (r->secrets.len)
			r->fetch_url = nopass;
		else
			cg_free(nopass);
		if ((error = open_mirror(r, opts.cache_dir)) < 0)
			goto done;
	} else {
		int rc = git_repository_open_ext(
		    &r->repo, target, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (rc < 0) {
			cg_error_set("%s: not a git repository", target);
			git_error_clear();
			error = CG_ENOTFOUND;
			goto done;
		}
		r->gitdir = cg_strdup(git_repository_path(r->repo));
		/* remote.origin.url straight from the configuration
		 * (git_remote_lookup would also expand url.*.insteadOf) */
		git_config *cfg = NULL;
		git_buf ou = { 0 };
		if (git_repository_config_snapshot(&cfg, r->repo) == 0 &&
		    git_config_get_string_buf(&ou, cfg, "remote.origin.url") ==
		        0)
			r->url = cg_repo_url_strip(ou.ptr);
		git_buf_dispose(&ou);
		git_config_free(cfg);
		git_error_clear();
		if (!r->url) {
			char *real = realpath(target, NULL);
			r->url = cg_sprintf("file://%s", real ? real : target);
			free(real);
		}
	}
	*out = r;
	r = NULL;
done:
	cg_repo_free(r);
	return error;
}

void cg_repo_free(cg_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->repo);
	cg_free(r->gitdir);
	cg_free(r->url);
	cg_free(r->name);
	cg_free(r->raw_url);
	cg_free(r->url_user);
	cg_free(r->url_pass);
	cg_free(r->token);
	cg_free(r->fetch_url);
	cg_strv_dispose(&r->secrets);
	if (r->inited)
		git_libgit2_shutdown();
	cg_free(r);
}

const char *cg_repo_url(const cg_repo *r)
{
	return r->url;
}

/* ---- refs and trees --------------------------------------------------- */

int cg_repo_resolve(char out[41], cg_repo *r, const char *ref)
{
	git_object *obj = NULL, *commit = NULL;
	int error = 0;
	if (git_repository_is_empty(r->repo) == 1) {
		cg_error_set("%s: the repository is empty (no commits)",
		             r->name);
		return CG_ENOTFOUND;
	}
	/* a ref whose commit is not in the object database (a shallow or
	 * incomplete clone) is named as such; checked before revparse, which
	 * (libgit2 1.5) leaks the reference on that error path */
	git_reference *named = NULL, *direct = NULL;
	if (git_reference_dwim(&named, r->repo, ref) == 0 &&
	    git_reference_resolve(&direct, named) == 0 &&
	    git_reference_target(direct)) {
		git_odb *odb = NULL;
		const git_oid *oid = git_reference_target(direct);
		bool missing = git_repository_odb(&odb, r->repo) == 0 &&
		               !git_odb_exists(odb, oid);
		git_odb_free(odb);
		if (missing) {
			char hex[41];
			git_oid_tostr(hex, sizeof(hex), oid);
			cg_error_set("%s: '%s' names commit %s, which is not "
			             "in the repository (%s)",
			             r->name, ref, hex,
			             git_repository_is_shallow(r->repo) == 1
			                 ? "a shallow clone: fetch more "
			                   "history"
			                 : "objects are missing: the clone "
			                   "is incomplete");
			git_reference_free(direct);
			git_reference_free(named);
			git_error_clear();
			return CG_ENOTFOUND;
		}
	}
	git_reference_free(direct);
	git_reference_free(named);
	git_error_clear();
	int rc = git_revparse_single(&obj, r->repo, ref);
	if (rc < 0) {
		git_error_clear();
		cg_error_set("%s: unknown ref '%s'%s", r->name, ref,
		             git_repository_is_shallow(r->repo) == 1
		                 ? " (a shallow clone: it may lie beyond its "
		                   "history)"
		                 : "");
		return CG_ENOTFOUND;
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		git_error_clear();
		cg_error_set("%s: ref '%s' does not name a commit", r->name,
		             ref);
		error = CG_ENOTFOUND;
		goto done;
	}
	git_oid_tostr(out, 41, git_object_id(commit));
done:
	git_object_free(commit);
	git_object_free(obj);
	return error;
}

static int commit_tree(git_tree **out, cg_repo *r, const char *hex)
{
	git_oid oid;
	git_commit *c = NULL;
	int rc = git_oid_fromstr(&oid, hex);
	if (rc >= 0)
		rc = git_commit_lookup(&c, r->repo, &oid);
	if (rc >= 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	if (rc < 0) {
		char *what =
		    cg_sprintf("%s: commit %s%s", r->name, hex,
		               git_repository_is_shallow(r->repo) == 1
		                   ? " (a shallow clone: fetch more history)"
		                   : "");
		int error = git_fail(r, rc, what);
		cg_free(what);
		return error;
	}
	return 0;
}

/* The ignore patterns for a tree: its .cryptagionignore, then extra. */
static cg_filter_ignore *tree_ignore(cg_repo *r, git_tree *tree,
                                     const cg_filter_ignore *extra)
{
	cg_filter_ignore *ig = cg_filter_ignore_new();
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	if (git_tree_entry_bypath(&te, tree, ".cryptagionignore") == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, r->repo, git_tree_entry_id(te)) == 0)
		cg_filter_ignore_add_text(ig, git_blob_rawcontent(blob),
		                          (size_t)git_blob_rawsize(blob));
	git_error_clear();
	git_blob_free(blob);
	git_tree_entry_free(te);
	cg_filter_ignore_add_all(ig, extra);
	return ig;
}

/* Why a tree path cannot be a location inside the repository (absolute,
 * an empty, "." or ".." component, or a .git folder), or NULL. */
static const char *bad_path(const char *path)
{
	if (!*path)
		return "an empty name";
	if (*path == '/')
		return "an absolute path";
	for (const char *p = path;;) {
		size_t n = strcspn(p, "/");
		if (n == 0)
			return "an empty path component";
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return "a '.' or '..' component";
		if (n == 4 && strncasecmp(p, ".git", 4) == 0)
			return "a .git component";
		if (!p[n])
			break;
		p += n + 1;
	}
	return NULL;
}

/* Add one tree entry (path, mode, id) to w; returns the entry or NULL when
 * it is counted (unsupported, ignored) instead of listed. */
static cg_unit *add_entry(cg_units *w, const char *path, git_filemode_t mode,
                          const git_oid *id, const cg_filter_ignore *ig,
                          bool count, cg_filter_classify_fn classify)
{
	const char *why = bad_path(path);
	if (why) {
		/* locations are always relative to the root */
		cg_strv_push_owned(
		    &w->notes,
		    cg_sprintf("tree entry '%s' not recorded: %s", path, why));
		return NULL;
	}
	if (cg_filter_ignore_match(ig, path, false)) {
		if (count)
			w->ignored++;
		return NULL;
	}
	const cg_lang_pack *lang = cg_lang_detect(path, NULL, 0);
	cg_unit *e = NULL;
	if (mode == GIT_FILEMODE_COMMIT) {
		e = cg_units_push(w);
		e->status = CG_UNIT_SUBMODULE;
		char hex[41];
		git_oid_tostr(hex, sizeof(hex), id);
		e->reason =
		    cg_sprintf("submodule at commit %s, not followed", hex);
	} else if (mode == GIT_FILEMODE_LINK) {
		if (!lang)
			return NULL;
		e = cg_units_push(w);
		e->status = CG_UNIT_SYMLINK;
		e->reason = cg_strdup("symbolic link, not followed");
	} else if (mode == GIT_FILEMODE_BLOB ||
	           mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
		/* a blob of no language is read like a file on disk: its
		 * name or its first bytes may make it material (a key, a
		 * certificate, a configuration, a manifest), its content a
		 * script, binary, or of no supported language (counted by
		 * the scan) */
		e = cg_units_push(w);
		e->status = CG_UNIT_SCAN;
		if (!lang && classify)
			e->material = classify(path, NULL, 0);
		e->sniff = lang == NULL && !e->material;
		git_oid_tostr(e->blob_id, sizeof(e->blob_id), id);
	} else {
		return NULL;
	}
	e->path = cg_strdup(path);
	e->lang = lang;
	e->context = cg_filter_context(path);
	return e;
}

typedef struct {
	cg_units *w;
	const cg_filter_ignore *ig;
	cg_filter_classify_fn classify;
	cg_buf path;
} list_ctx;

static int list_cb(const char *root, const git_tree_entry *te, void *payload)
{
	list_ctx *c = payload;
	c->path.len = 0;
	cg_buf_puts(&c->path, root);
	cg_buf_puts(&c->path, git_tree_entry_name(te));
	const char *path = cg_buf_cstr(&c->path);
	if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
		const char *why = bad_path(path);
		if (why) {
			cg_strv_push_owned(
			    &c->w->notes,
			    cg_sprintf("tree entry '%s/' not recorded: %s",
			               path, why));
			return 1; /* skip the subtree */
		}
		if (cg_filter_ignore_match(c->ig, path, true)) {
			c->w->ignored++;
			return 1; /* skip the subtree */
		}
		return 0;
	}
	add_entry(c->w, path, git_tree_entry_filemode(te),
	          git_tree_entry_id(te), c->ig, true, c->classify);
	return 0;
}

int cg_repo_list(cg_units **out, cg_repo *r, const char *commit,
                 const cg_filter_opts *wo)
{
	git_tree *tree = NULL;
	cg_filter_ignore *ig = NULL;
	list_ctx c = { 0 };
	int error = commit_tree(&tree, r, commit);
	if (error < 0)
		return error;
	ig = tree_ignore(r, tree, wo ? wo->ignore : NULL);
	c.w = cg_calloc(1, sizeof(cg_units));
	c.ig = ig;
	c.classify = wo ? wo->classify : NULL;
	int rc = git_tree_walk(tree, GIT_TREEWALK_PRE, list_cb, &c);
	if (rc < 0) {
		char *what =
		    cg_sprintf("%s: reading the tree of %s", r->name, commit);
		error = git_fail(r, rc, what);
		cg_free(what);
		goto done;
	}
	cg_units_sort_unique(c.w);
	*out = c.w;
	c.w = NULL;
done:
	cg_buf_dispose(&c.path);
	cg_units_free(c.w);
	cg_filter_ignore_free(ig);
	git_tree_free(tree);
	return error;
}

int cg_repo_list_diff(cg_units **out, cg_repo *r, const char *base_commit,
                      const char *head_commit, const cg_filter_opts *wo)
{
	git_tree *base = NULL, *head = NULL;
	git_diff *diff = NULL;
	cg_filter_ignore *ig = NULL;
	cg_units *w = NULL;
	int error, rc;
	if ((error = commit_tree(&base, r, base_commit)) < 0)
		goto done;
	if ((error = commit_tree(&head, r, head_commit)) < 0)
		goto done;
	ig = tree_ignore(r, head, wo ? wo->ignore : NULL);
	git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;
	dopts.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
	git_diff_find_options fopts = GIT_DIFF_FIND_OPTIONS_INIT;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	rc = git_diff_tree_to_tree(&diff, r->repo, base, head, &dopts);
	if (rc >= 0)
		rc = git_diff_find_similar(diff, &fopts);
	if (rc < 0) {
		char *what = cg_sprintf("%s: diff %s..%s", r->name, base_commit,
		                        head_commit);
		error = git_fail(r, rc, what);
		cg_free(what);
		goto done;
	}
	w = cg_calloc(1, sizeof(*w));
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		bool has_new = d->status != GIT_DELTA_DELETED;
		bool has_old = d->status == GIT_DELTA_DELETED ||
		               d->status == GIT_DELTA_MODIFIED ||
		               d->status == GIT_DELTA_RENAMED ||
		               d->status == GIT_DELTA_TYPECHANGE;
		const char *path =
		    has_new ? d->new_file.path : d->old_file.path;
		if (has_new)
			add_entry(w, path, d->new_file.mode, &d->new_file.id,
			          ig, true, wo ? wo->classify : NULL);
		if (has_old &&
		    (d->old_file.mode == GIT_FILEMODE_BLOB ||
		     d->old_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE)) {
			cg_unit *e = add_entry(w, path, d->old_file.mode,
			                       &d->old_file.id, ig, !has_new,
			                       wo ? wo->classify : NULL);
			if (!e)
				continue;
			e->base_side = true;
			if (strcmp(d->old_file.path, path) != 0)
				e->old_path = cg_strdup(d->old_file.path);
		}
	}
	cg_units_sort_unique(w);
	*out = w;
	w = NULL;
done:
	cg_units_free(w);
	cg_filter_ignore_free(ig);
	git_diff_free(diff);
	git_tree_free(base);
	git_tree_free(head);
	return error;
}

/* ---- blobs ------------------------------------------------------------ */

int cg_repo_reader_new(cg_repo_reader **out, const cg_repo *r)
{
	cg_repo_reader *rd = cg_calloc(1, sizeof(*rd));
	/* the global options were set by cg_repo_open(); only count */
	git_libgit2_init();
	int rc = git_repository_open_bare(&rd->repo, r->gitdir);
	if (rc >= 0)
		rc = git_repository_odb(&rd->odb, rd->repo);
	if (rc < 0) {
		int error = git_fail(r, rc, r->gitdir);
		cg_repo_reader_free(rd);
		return error;
	}
	*out = rd;
	return 0;
}

void cg_repo_reader_free(cg_repo_reader *rd)
{
	if (!rd)
		return;
	git_odb_free(rd->odb);
	git_repository_free(rd->repo);
	cg_free(rd);
	git_libgit2_shutdown();
}

int cg_repo_reader_read(char **data, size_t *len, uint64_t *size,
                        cg_repo_reader *rd, const char *id, uint64_t max)
{
	git_oid oid;
	git_object_t type;
	size_t n = 0;
	git_odb_object *obj = NULL;
	int rc = git_oid_fromstr(&oid, id);
	if (rc >= 0)
		rc = git_odb_read_header(&n, &type, rd->odb, &oid);
	if (rc < 0) {
		char *what = cg_sprintf("blob %s", id);
		int error = git_fail(NULL, rc, what);
		cg_free(what);
		return error;
	}
	*size = n;
	if (max && n > max) {
		cg_error_set("blob %s: larger than %llu bytes", id,
		             (unsigned long long)max);
		return CG_ELIMIT;
	}
	rc = git_odb_read(&obj, rd->odb, &oid);
	if (rc < 0) {
		char *what = cg_sprintf("blob %s", id);
		int error = git_fail(NULL, rc, what);
		cg_free(what);
		return error;
	}
	n = git_odb_object_size(obj);
	char *buf = cg_malloc(n + 1);
	memcpy(buf, git_odb_object_data(obj), n);
	buf[n] = '\0';
	git_odb_object_free(obj);
	*data = buf;
	*len = n;
	*size = n;
	return 0;
}

void cg_repo_blob_id(char out[41], const void *data, size_t len)
{
	char hdr[32];
	int h = snprintf(hdr, sizeof(hdr), "blob %zu", len);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	EVP_DigestUpdate(ctx, hdr, (size_t)h + 1);
	EVP_DigestUpdate(ctx, data, len);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < 20; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[40] = '\0';
}

bool cg_repo_is_lfs_pointer(const char *data, size_t len)
{
	return len < 1024 && len >= strlen(LFS_MAGIC) &&
	       memcmp(data, LFS_MAGIC, strlen(LFS_MAGIC)) == 0;
}
