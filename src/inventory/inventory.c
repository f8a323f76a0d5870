/* inventory.c — see inventory.h. */
#define _GNU_SOURCE
#include "inventory.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/util.h"
#include "inventory_int.h"

/* Migration i brings the schema from version i to i + 1. Only append. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE schema_version ("
	"  version INTEGER NOT NULL PRIMARY KEY,"
	"  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
	"  'now')));"
	"CREATE TABLE scans ("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  target_name TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT,"
	"  status TEXT NOT NULL DEFAULT 'running',"
	"  tool_version TEXT NOT NULL,"
	"  ruleset_hash TEXT NOT NULL,"
	"  files_scanned INTEGER NOT NULL DEFAULT 0,"
	"  files_prefiltered INTEGER NOT NULL DEFAULT 0,"
	"  files_skipped INTEGER NOT NULL DEFAULT 0,"
	"  files_unsupported INTEGER NOT NULL DEFAULT 0,"
	"  bytes_scanned INTEGER NOT NULL DEFAULT 0,"
	"  findings INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE files ("
	"  id INTEGER PRIMARY KEY,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  path TEXT NOT NULL,"
	"  language TEXT,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('scanned', 'prefiltered', 'skipped')),"
	"  reason TEXT,"
	"  parse_errors INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (scan_id, path));"
	"CREATE TABLE assets ("
	"  id INTEGER PRIMARY KEY,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  bom_ref TEXT NOT NULL,"
	"  asset_type TEXT NOT NULL DEFAULT 'algorithm',"
	"  name TEXT NOT NULL,"
	"  family TEXT NOT NULL,"
	"  primitive TEXT NOT NULL,"
	"  parameter_set TEXT,"
	"  mode TEXT,"
	"  padding TEXT,"
	"  curve TEXT,"
	"  functions TEXT NOT NULL DEFAULT '',"
	"  oid TEXT,"
	"  classical_level INTEGER NOT NULL,"
	"  quantum_level INTEGER NOT NULL,"
	"  UNIQUE (scan_id, bom_ref));"
	"CREATE TABLE occurrences ("
	"  id INTEGER PRIMARY KEY,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  asset_id INTEGER NOT NULL REFERENCES assets(id),"
	"  file_id INTEGER NOT NULL REFERENCES files(id),"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL,"
	"  rule_id TEXT NOT NULL,"
	"  symbol TEXT);"
	"CREATE TABLE occurrence_params ("
	"  occurrence_id INTEGER NOT NULL REFERENCES occurrences(id),"
	"  name TEXT NOT NULL,"
	"  value TEXT,"
	"  source TEXT NOT NULL,"
	"  source_line INTEGER,"
	"  PRIMARY KEY (occurrence_id, name));"
	"CREATE INDEX occurrences_asset ON occurrences(asset_id);"
	"CREATE INDEX occurrences_scan ON occurrences(scan_id);"
	"CREATE INDEX files_scan ON files(scan_id, status);",
	/* 1 -> 2: misuse findings */
	"CREATE TABLE misuses ("
	"  id INTEGER PRIMARY KEY,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  file_id INTEGER NOT NULL REFERENCES files(id),"
	"  asset_id INTEGER REFERENCES assets(id),"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL,"
	"  rule_id TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  message TEXT NOT NULL);"
	"CREATE INDEX misuses_scan ON misuses(scan_id);",
	/* 2 -> 3: fingerprints and suppressions of occurrences,
	 * risk scores of assets and the repository-level figures of a scan */
	"ALTER TABLE occurrences ADD COLUMN fingerprint TEXT;"
	"ALTER TABLE occurrences ADD COLUMN suppression TEXT"
	"  CHECK (suppression IN ('inline', 'baseline'));"
	"ALTER TABLE occurrences ADD COLUMN suppression_status TEXT"
	"  CHECK (suppression_status IN ('applies', 'expired', 'invalid'));"
	"ALTER TABLE occurrences ADD COLUMN suppression_reason TEXT;"
	"ALTER TABLE occurrences ADD COLUMN suppression_until TEXT;"
	"ALTER TABLE occurrences ADD COLUMN suppression_line INTEGER;"
	"CREATE INDEX occurrences_fingerprint ON occurrences(scan_id,"
	"  fingerprint);"
	"CREATE TABLE asset_risk ("
	"  asset_id INTEGER PRIMARY KEY REFERENCES assets(id),"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
	"  severity TEXT NOT NULL CHECK (severity IN"
	"    ('critical', 'high', 'medium', 'low', 'info')),"
	"  usage TEXT NOT NULL,"
	"  entry TEXT NOT NULL,"
	"  quantum_vulnerable INTEGER NOT NULL,"
	"  misuses INTEGER NOT NULL DEFAULT 0,"
	"  replacement TEXT,"
	"  explanation TEXT NOT NULL,"
	"  citations TEXT NOT NULL);"
	"CREATE TABLE scan_risk ("
	"  scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	"  profile TEXT NOT NULL,"
	"  standards_version TEXT NOT NULL,"
	"  evaluated_at TEXT NOT NULL,"
	"  critical INTEGER NOT NULL, high INTEGER NOT NULL,"
	"  medium INTEGER NOT NULL, low INTEGER NOT NULL,"
	"  info INTEGER NOT NULL,"
	"  quantum_vulnerable_share REAL NOT NULL,"
	"  quantum_readiness INTEGER NOT NULL);",
	/* 3 -> 4: material outside code: certificates, keys,
	 * protocol configurations, libraries; see material.c */
	"CREATE TABLE materials ("
	"  id INTEGER PRIMARY KEY,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  file_id INTEGER NOT NULL REFERENCES files(id),"
	"  kind TEXT NOT NULL,"
	"  bom_ref TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  line INTEGER NOT NULL);"
	"CREATE TABLE material_props ("
	"  material_id INTEGER NOT NULL REFERENCES materials(id),"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (material_id, seq));"
	"CREATE TABLE material_refs ("
	"  material_id INTEGER NOT NULL REFERENCES materials(id),"
	"  seq INTEGER NOT NULL,"
	"  relation TEXT NOT NULL,"
	"  ref TEXT NOT NULL,"
	"  PRIMARY KEY (material_id, seq));"
	"CREATE INDEX materials_scan ON materials(scan_id, bom_ref);",
	/* 4 -> 5: git ingest: provenance, contexts, the blob
	 * cache, diff labels. occurrences.fingerprint exists since 2 -> 3
	 * (one fingerprint, src/suppress); misuses gain the same fingerprint
	 * and the context of their file. */
	"ALTER TABLE scans ADD COLUMN repo_url TEXT;"
	"ALTER TABLE scans ADD COLUMN ref TEXT;"
	"ALTER TABLE scans ADD COLUMN commit_id TEXT;"
	"ALTER TABLE scans ADD COLUMN base_ref TEXT;"
	"ALTER TABLE scans ADD COLUMN base_commit TEXT;"
	"ALTER TABLE scans ADD COLUMN cache_hits INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE scans ADD COLUMN files_ignored INTEGER NOT NULL "
	"  DEFAULT 0;"
	"ALTER TABLE files ADD COLUMN blob_id TEXT;"
	"ALTER TABLE files ADD COLUMN context TEXT NOT NULL DEFAULT "
	"  'product';"
	"ALTER TABLE files ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE occurrences ADD COLUMN context TEXT NOT NULL DEFAULT "
	"  'product';"
	"ALTER TABLE misuses ADD COLUMN context TEXT NOT NULL DEFAULT "
	"  'product';"
	"ALTER TABLE misuses ADD COLUMN fingerprint TEXT;"
	"CREATE TABLE blob_cache ("
	"  id INTEGER PRIMARY KEY,"
	"  blob_id TEXT NOT NULL,"
	"  lang_hint TEXT NOT NULL,"
	"  ruleset_hash TEXT NOT NULL,"
	"  engine_version TEXT NOT NULL,"
	"  language TEXT,"
	"  status TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT,"
	"  parse_errors INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (ruleset_hash, engine_version, blob_id, lang_hint));"
	"CREATE TABLE blob_cache_findings ("
	"  cache_id INTEGER NOT NULL REFERENCES blob_cache(id),"
	"  seq INTEGER NOT NULL,"
	"  rule_id TEXT NOT NULL, name TEXT, family TEXT,"
	"  primitive TEXT, functions TEXT, oid TEXT,"
	"  classical INTEGER NOT NULL, quantum INTEGER NOT NULL,"
	"  symbol TEXT, line INTEGER NOT NULL, col INTEGER NOT NULL,"
	"  line_hash TEXT NOT NULL,"
	"  alg_v TEXT, alg_s INTEGER, alg_l INTEGER,"
	"  key_v TEXT, key_s INTEGER, key_l INTEGER,"
	"  mode_v TEXT, mode_s INTEGER, mode_l INTEGER,"
	"  pad_v TEXT, pad_s INTEGER, pad_l INTEGER,"
	"  curve_v TEXT, curve_s INTEGER, curve_l INTEGER,"
	"  misuse TEXT, severity TEXT, message TEXT,"
	"  supp_valid INTEGER," /* inline suppression: 1 valid, 0 invalid */
	"  supp_reason TEXT, supp_until TEXT, supp_line INTEGER,"
	"  PRIMARY KEY (cache_id, seq));"
	"CREATE TABLE diff_findings ("
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  label TEXT NOT NULL CHECK (label IN"
	"    ('new', 'unchanged', 'removed')),"
	"  fingerprint TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  rule_id TEXT NOT NULL,"
	"  asset TEXT NOT NULL,"
	"  context TEXT NOT NULL);"
	"CREATE INDEX diff_findings_scan ON diff_findings(scan_id, label);"
	"CREATE INDEX occurrences_fingerprint_any ON occurrences(fingerprint);",
	/* 5 -> 6: the scorer's quantum deadline (y_q, first year of the
	 * adverse status; NULL = none) gives each roadmap item its own
	 * deadline */
	"ALTER TABLE asset_risk ADD COLUMN quantum_deadline INTEGER;",
	/* 6 -> 7: a cached finding's named parameters (cost parameters,
	 * related components, protocol settings), encoded by xparams_text */
	"ALTER TABLE blob_cache_findings ADD COLUMN xparams TEXT;",
	/* 7 -> 8: a recognised call whose algorithm is not resolved is an
	 * occurrence of the generic asset "unresolved-<family>" with the
	 * reason (NULL when resolved); also in the blob cache */
	"ALTER TABLE occurrences ADD COLUMN unresolved TEXT;"
	"ALTER TABLE blob_cache_findings ADD COLUMN unresolved TEXT;",
	/* 8 -> 9: misuses are policy subjects like occurrences: their
	 * suppression (inline or baseline) is recorded the same way */
	"ALTER TABLE misuses ADD COLUMN suppression TEXT"
	"  CHECK (suppression IN ('inline', 'baseline'));"
	"ALTER TABLE misuses ADD COLUMN suppression_status TEXT"
	"  CHECK (suppression_status IN ('applies', 'expired', 'invalid'));"
	"ALTER TABLE misuses ADD COLUMN suppression_reason TEXT;"
	"ALTER TABLE misuses ADD COLUMN suppression_until TEXT;"
	"ALTER TABLE misuses ADD COLUMN suppression_line INTEGER;"
	/* and what a scan did not analyse, one row per file (or value) and
	 * reason: kind is a stable id (docs/cryptagion.md, COVERAGE), detail
	 * its specifics (the language of an unsupported file...) */
	"CREATE TABLE coverage_gaps ("
	"  scan_id INTEGER NOT NULL REFERENCES scans(id),"
	"  path TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT,"
	"  line INTEGER);"
	"CREATE INDEX coverage_gaps_scan ON coverage_gaps(scan_id, kind);"
	/* and a cached blob remembers whether its text says it is generated
	 * ("Code generated ... DO NOT EDIT", "@generated") */
	"ALTER TABLE blob_cache ADD COLUMN generated INTEGER NOT NULL "
	"  DEFAULT 0;",
	/* 9 -> 10: the file that defines a parameter's value when another
	 * file of the scan does (a constant, field or helper of the
	 * project; source_line is then that file's line), NULL for the file
	 * of the occurrence; in the blob cache, encoded by files_text */
	"ALTER TABLE occurrence_params ADD COLUMN source_file TEXT;"
	"ALTER TABLE blob_cache_findings ADD COLUMN param_files TEXT;",
};

#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))
_Static_assert(NMIGRATIONS == CG_INVENTORY_SCHEMA_VERSION,
               "one migration per schema version");

/* The columns of a cached finding (blob_cache_findings) that are fields
 * of cg_finding, one line each (inventory_int.h); CACHE_F_MORE follows
 * them: the line hash, the inline suppression (written only for one) and
 * the named parameters as one text (xparams_text). */
_Static_assert(_Generic((cg_src)0, uint32_t : 1, default : 0),
               "a cg_src column is read and bound as a uint32_t");
static const cg_inv__col cache_f_cols[] = {
	CG_INV_COL(cg_finding, rule_id, "rule_id"),
	CG_INV_COL(cg_finding, name, "name"),
	CG_INV_COL(cg_finding, family, "family"),
	CG_INV_COL(cg_finding, primitive, "primitive"),
	CG_INV_COL(cg_finding, functions, "functions"),
	CG_INV_COL(cg_finding, oid, "oid"),
	CG_INV_COL(cg_finding, classical, "classical"),
	CG_INV_COL(cg_finding, quantum, "quantum"),
	CG_INV_COL(cg_finding, symbol, "symbol"),
	CG_INV_COL(cg_finding, line, "line"),
	CG_INV_COL(cg_finding, column, "col"),
	CG_INV_COL(cg_finding, algorithm.value, "alg_v"),
	CG_INV_COL(cg_finding, algorithm.src, "alg_s"),
	CG_INV_COL(cg_finding, algorithm.line, "alg_l"),
	CG_INV_COL(cg_finding, key_size.value, "key_v"),
	CG_INV_COL(cg_finding, key_size.src, "key_s"),
	CG_INV_COL(cg_finding, key_size.line, "key_l"),
	CG_INV_COL(cg_finding, mode.value, "mode_v"),
	CG_INV_COL(cg_finding, mode.src, "mode_s"),
	CG_INV_COL(cg_finding, mode.line, "mode_l"),
	CG_INV_COL(cg_finding, padding.value, "pad_v"),
	CG_INV_COL(cg_finding, padding.src, "pad_s"),
	CG_INV_COL(cg_finding, padding.line, "pad_l"),
	CG_INV_COL(cg_finding, curve.value, "curve_v"),
	CG_INV_COL(cg_finding, curve.src, "curve_s"),
	CG_INV_COL(cg_finding, curve.line, "curve_l"),
	CG_INV_COL(cg_finding, misuse, "misuse"),
	CG_INV_COL(cg_finding, severity, "severity"),
	CG_INV_COL(cg_finding, message, "message"),
	CG_INV_COL(cg_finding, unresolved, "unresolved"),
};
#define NCACHE_F CG_INV_NCOLS(cache_f_cols)
#define CACHE_F_MORE                                                           \
	"line_hash, supp_valid, supp_reason, supp_until, supp_line, xparams, " \
	"param_files"
#define NCACHE_F_MORE 7

typedef struct {
	char *bom_ref;
	int64_t id;
	cg_strv functions;
} asset_slot;

struct cg_inventory {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *ins_file, *ins_asset, *ins_occ, *ins_param, *ins_mis;
	sqlite3_stmt *ins_gap;
	sqlite3_stmt *get_cache, *get_cache_f, *ins_cache, *ins_cache_f;
	sqlite3_stmt *ins_diff;
	asset_slot *assets; /* assets of the scan being written */
	size_t nassets, capassets;
	bool in_scan;
	int lock_fd; /* the writer's lock on "<db>.lock", or -1 */
};

static int db_error(cg_inventory *inv, const char *what)
{
	cg_error_set("%s: %s: %s", inv->path, what, sqlite3_errmsg(inv->db));
	return CG_EIO;
}

static int exec(cg_inventory *inv, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(inv->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cg_error_set("%s: %s", inv->path, msg ? msg : "SQL error");
		sqlite3_free(msg);
		return CG_EIO;
	}
	return 0;
}

static int user_version(cg_inventory *inv)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(inv->db, "PRAGMA user_version", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int cg_inventory_schema_version(cg_inventory *inv)
{
	return user_version(inv);
}

static int migrate(cg_inventory *inv)
{
	int v = user_version(inv);
	if (v < 0)
		return db_error(inv, "reading the schema version");
	if (v > (int)NMIGRATIONS) {
		cg_error_set("%s: schema version %d is newer than this "
		             "cryptagion (%d)",
		             inv->path, v, (int)NMIGRATIONS);
		return CG_EINVALID;
	}
	while (v < (int)NMIGRATIONS) {
		int error = exec(inv, "BEGIN IMMEDIATE");
		if (error < 0)
			return error;
		/* another process may have migrated while we waited for the
		 * write lock: decide again under it */
		int now = user_version(inv);
		if (now < 0 || now > (int)NMIGRATIONS) {
			exec(inv, "ROLLBACK");
			return db_error(inv, "reading the schema version");
		}
		if (now == (int)NMIGRATIONS) {
			exec(inv, "ROLLBACK");
			break;
		}
		char *bump = sqlite3_mprintf(
		    "INSERT INTO schema_version(version) VALUES (%d);"
		    "PRAGMA user_version = %d;",
		    now + 1, now + 1);
		error = exec(inv, migrations[now]);
		if (!error)
			error = exec(inv, bump);
		sqlite3_free(bump);
		if (error < 0) {
			exec(inv, "ROLLBACK");
			return error;
		}
		error = exec(inv, "COMMIT");
		if (error < 0)
			return error;
		v = now + 1;
	}
	return 0;
}

static int prepare(cg_inventory *inv, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v3(inv->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	                       NULL) != SQLITE_OK)
		return db_error(inv, "preparing a statement");
	return 0;
}

/* Prepare the reading (insert false) or the writing statement of the blob
 * cache's findings, from cache_f_cols and CACHE_F_MORE. */
static int prepare_cache_f(cg_inventory *inv, sqlite3_stmt **st, bool insert)
{
	cg_buf cols = CG_BUF_INIT, sql = CG_BUF_INIT;
	cg_inventory__select(&cols, cache_f_cols, NCACHE_F);
	cg_buf_puts(&cols, ", " CACHE_F_MORE);
	if (insert) {
		cg_buf_printf(&sql,
		              "INSERT INTO blob_cache_findings(cache_id, seq, "
		              "%s) VALUES (?, ?",
		              cg_buf_cstr(&cols));
		for (size_t i = 0; i < NCACHE_F + NCACHE_F_MORE; i++)
			cg_buf_puts(&sql, ", ?");
		cg_buf_puts(&sql, ")");
	} else {
		cg_buf_printf(&sql,
		              "SELECT %s FROM blob_cache_findings WHERE "
		              "cache_id = ? ORDER BY seq",
		              cg_buf_cstr(&cols));
	}
	int error = prepare(inv, st, cg_buf_cstr(&sql));
	cg_buf_dispose(&cols);
	cg_buf_dispose(&sql);
	return error;
}

/* How long a writer waits for another one (seconds). */
#define LOCK_WAIT 600

/* One writer at a time: an exclusive flock on "<db>.lock" holding the
 * writer's pid (released by the kernel when the process dies). A second
 * writer says who holds it and waits; after LOCK_WAIT seconds it gives
 * up with a clear error. */
static int take_lock(cg_inventory *inv)
{
	char *lpath = cg_sprintf("%s.lock", inv->path);
	int fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		cg_error_set("%s: %s", lpath, strerror(errno));
		cg_free(lpath);
		return CG_EIO;
	}
	bool said = false;
	time_t start = time(NULL);
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			cg_error_set("%s: %s", lpath, strerror(errno));
			close(fd);
			cg_free(lpath);
			return CG_EIO;
		}
		char pid[32] = "";
		ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (time(NULL) - start >= LOCK_WAIT) {
			cg_error_set("%s: inventory in use by pid %s for %d s; "
			             "giving up",
			             inv->path, *pid ? pid : "?", LOCK_WAIT);
			close(fd);
			cg_free(lpath);
			return CG_EIO;
		}
		/* the holder writes its pid just after taking the lock: wait
		 * a moment for it before saying "pid ?" */
		if (!said && (*pid || time(NULL) - start >= 2)) {
			fprintf(stderr,
			        "cryptagion: %s: inventory in use by pid %s, "
			        "waiting\n",
			        inv->path, *pid ? pid : "?");
			said = true;
		}
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* the pid is only for the message */
	}
	inv->lock_fd = fd;
	cg_free(lpath);
	return 0;
}

/* A --db that exists must be a regular file (after symbolic links): a
 * device or FIFO is never opened. */
static int check_regular(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		cg_error_set("%s: not a regular file; refusing to use it as "
		             "the inventory",
		             path);
		return CG_EIO;
	}
	return 0;
}

static int open_db(cg_inventory **out, const char *path, bool readonly);

int cg_inventory_open(cg_inventory **out, const char *path)
{
	return open_db(out, path, false);
}

int cg_inventory_open_readonly(cg_inventory **out, const char *path)
{
	return open_db(out, path, true);
}

static int open_db(cg_inventory **out, const char *path, bool readonly)
{
	int error = check_regular(path);
	if (error < 0)
		return error;
	cg_inventory *inv = cg_calloc(1, sizeof(*inv));
	inv->path = cg_strdup(path);
	inv->lock_fd = -1;
	if (!readonly && (error = take_lock(inv)) < 0)
		goto fail;
	if (sqlite3_open_v2(path, &inv->db,
	                    readonly
	                        ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
	                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                              SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		error = db_error(inv, "cannot open");
		goto fail;
	}
	if (readonly) {
		sqlite3_busy_timeout(inv->db, 60000);
		int v = user_version(inv);
		if (v < 0) {
			error = db_error(inv, "reading the schema version");
			goto fail;
		}
		if (v < (int)NMIGRATIONS) {
			/* an older schema: migrate it first */
			cg_inventory_close(inv);
			return open_db(out, path, false);
		}
		if (v > (int)NMIGRATIONS) {
			cg_error_set("%s: schema version %d is newer than "
			             "this cryptagion (%d)",
			             path, v, (int)NMIGRATIONS);
			error = CG_EINVALID;
			goto fail;
		}
		*out = inv;
		return 0;
	}
	/* writers are serialised by the lock file; readers may still hold
	 * the database briefly */
	sqlite3_busy_timeout(inv->db, 60000);
	sqlite3_extended_result_codes(inv->db, 1);
	if ((error = exec(inv, "PRAGMA journal_mode = WAL;"
	                       "PRAGMA foreign_keys = ON;"
	                       "PRAGMA synchronous = NORMAL;")) < 0)
		goto fail;
	if ((error = migrate(inv)) < 0)
		goto fail;
	if ((error = prepare(inv, &inv->ins_file,
	                     "INSERT INTO files(scan_id, path, language, "
	                     "size, sha256, status, reason, parse_errors, "
	                     "blob_id, context, cached) "
	                     "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (error = prepare(
	         inv, &inv->ins_asset,
	         "INSERT INTO assets(scan_id, bom_ref, name, "
	         "family, primitive, parameter_set, mode, "
	         "padding, curve, oid, classical_level, "
	         "quantum_level) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (error = prepare(inv, &inv->ins_occ,
	                     "INSERT INTO occurrences(scan_id, asset_id, "
	                     "file_id, line, col, rule_id, symbol, "
	                     "fingerprint, suppression, suppression_status, "
	                     "suppression_reason, suppression_until, "
	                     "suppression_line, context, unresolved) VALUES "
	                     "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (error = prepare(inv, &inv->ins_param,
	                     "INSERT INTO occurrence_params(occurrence_id, "
	                     "name, value, source, source_line, "
	                     "source_file) VALUES (?,?,?,?,?,?)")) < 0 ||
	    (error = prepare(inv, &inv->ins_mis,
	                     "INSERT INTO misuses(scan_id, file_id, asset_id, "
	                     "line, col, rule_id, category, severity, "
	                     "message, context, fingerprint, suppression, "
	                     "suppression_status, suppression_reason, "
	                     "suppression_until, suppression_line) VALUES "
	                     "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (error = prepare(inv, &inv->get_cache,
	                     "SELECT id, language, status, size, sha256, "
	                     "parse_errors, generated FROM blob_cache WHERE "
	                     "ruleset_hash = ? AND engine_version = ? AND "
	                     "blob_id = ? AND lang_hint = ?")) < 0 ||
	    (error = prepare_cache_f(inv, &inv->get_cache_f, false)) < 0 ||
	    (error = prepare(inv, &inv->ins_cache,
	                     "INSERT OR IGNORE INTO blob_cache(ruleset_hash, "
	                     "engine_version, blob_id, lang_hint, language, "
	                     "status, size, sha256, parse_errors, generated) "
	                     "VALUES (?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (error = prepare_cache_f(inv, &inv->ins_cache_f, true)) < 0 ||
	    (error = prepare(inv, &inv->ins_gap,
	                     "INSERT INTO coverage_gaps(scan_id, path, kind, "
	                     "detail, line) VALUES (?,?,?,?,?)")) < 0 ||
	    (error = prepare(inv, &inv->ins_diff,
	                     "INSERT INTO diff_findings(scan_id, label, "
	                     "fingerprint, path, line, rule_id, asset, "
	                     "context) VALUES (?,?,?,?,?,?,?,?)")) < 0)
		goto fail;
	*out = inv;
	return 0;
fail:
	cg_inventory_close(inv);
	return error;
}

static void clear_assets(cg_inventory *inv)
{
	for (size_t i = 0; i < inv->nassets; i++) {
		cg_free(inv->assets[i].bom_ref);
		cg_strv_dispose(&inv->assets[i].functions);
	}
	inv->nassets = 0;
}

void cg_inventory_close(cg_inventory *inv)
{
	if (!inv)
		return;
	if (inv->in_scan)
		cg_inventory_scan_abort(inv);
	sqlite3_finalize(inv->ins_file);
	sqlite3_finalize(inv->ins_asset);
	sqlite3_finalize(inv->ins_occ);
	sqlite3_finalize(inv->ins_param);
	sqlite3_finalize(inv->ins_mis);
	sqlite3_finalize(inv->ins_gap);
	sqlite3_finalize(inv->get_cache);
	sqlite3_finalize(inv->get_cache_f);
	sqlite3_finalize(inv->ins_cache);
	sqlite3_finalize(inv->ins_cache_f);
	sqlite3_finalize(inv->ins_diff);
	sqlite3_close(inv->db);
	if (inv->lock_fd >= 0)
		close(inv->lock_fd); /* releases the flock */
	clear_assets(inv);
	cg_free(inv->assets);
	cg_free(inv->path);
	cg_free(inv);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(cg_inventory *inv, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_error(inv, what);
	return 0;
}

int cg_inventory_scan_begin(int64_t *scan_id, cg_inventory *inv,
                            const cg_inv_scan_info *info)
{
	int error = exec(inv, "BEGIN IMMEDIATE");
	if (error < 0)
		return error;
	inv->in_scan = true;
	clear_assets(inv);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(inv->db,
	                       "INSERT INTO scans(serial, target, target_name, "
	                       "started_at, tool_version, ruleset_hash, "
	                       "repo_url, ref, commit_id, base_ref, "
	                       "base_commit) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = db_error(inv, "starting a scan");
		goto fail;
	}
	bind_text(st, 1, info->serial);
	bind_text(st, 2, info->target);
	bind_text(st, 3, info->target_name);
	bind_text(st, 4, info->started_at);
	bind_text(st, 5, info->tool_version);
	bind_text(st, 6, info->ruleset_hash);
	bind_text(st, 7, info->repo_url);
	bind_text(st, 8, info->ref);
	bind_text(st, 9, info->commit_id);
	bind_text(st, 10, info->base_ref);
	bind_text(st, 11, info->base_commit);
	error = step_done(inv, st, "starting a scan");
	sqlite3_finalize(st);
	if (error < 0)
		goto fail;
	*scan_id = sqlite3_last_insert_rowid(inv->db);
	return 0;
fail:
	cg_inventory_scan_abort(inv);
	return error;
}

int cg_inventory_add_file(int64_t *file_id, cg_inventory *inv, int64_t scan_id,
                          const cg_inv_file *f)
{
	sqlite3_stmt *st = inv->ins_file;
	sqlite3_bind_int64(st, 1, scan_id);
	bind_text(st, 2, f->path);
	bind_text(st, 3, f->language);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)f->size);
	bind_text(st, 5, f->sha256);
	bind_text(st, 6, f->status);
	bind_text(st, 7, f->reason);
	sqlite3_bind_int(st, 8, f->parse_errors ? 1 : 0);
	bind_text(st, 9, f->blob_id);
	bind_text(st, 10, f->context ? f->context : "product");
	sqlite3_bind_int(st, 11, f->cached ? 1 : 0);
	int error = step_done(inv, st, "recording a file");
	if (error < 0)
		return error;
	*file_id = sqlite3_last_insert_rowid(inv->db);
	return 0;
}

char *cg_inventory_bom_ref(const char *primitive, const char *name)
{
	cg_buf b = CG_BUF_INIT;
	cg_buf_printf(&b, "crypto/algorithm/%s/", primitive);
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '_'))
			c = '-';
		cg_buf_putc(&b, c);
	}
	return cg_buf_detach(&b);
}

static void add_functions(cg_strv *set, const char *list)
{
	const char *p = list;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			char *fn = cg_strndup(p, n);
			if (!cg_strv_contains(set, fn))
				cg_strv_push_owned(set, fn);
			else
				cg_free(fn);
		}
		p = e ? e + 1 : NULL;
	}
}

static int asset_id(int64_t *id, cg_inventory *inv, int64_t scan_id,
                    const cg_finding *f)
{
	char *ref = cg_inventory_bom_ref(f->primitive, f->name);
	for (size_t i = 0; i < inv->nassets; i++)
		if (strcmp(inv->assets[i].bom_ref, ref) == 0) {
			add_functions(&inv->assets[i].functions, f->functions);
			*id = inv->assets[i].id;
			cg_free(ref);
			return 0;
		}
	sqlite3_stmt *st = inv->ins_asset;
	sqlite3_bind_int64(st, 1, scan_id);
	bind_text(st, 2, ref);
	bind_text(st, 3, f->name);
	bind_text(st, 4, f->family);
	bind_text(st, 5, f->primitive);
	bind_text(st, 6, f->key_size.value);
	bind_text(st, 7, f->mode.value);
	bind_text(st, 8, f->padding.value);
	bind_text(st, 9, f->curve.value);
	bind_text(st, 10, f->oid);
	sqlite3_bind_int(st, 11, f->classical);
	sqlite3_bind_int(st, 12, f->quantum);
	int error = step_done(inv, st, "recording an asset");
	if (error < 0) {
		cg_free(ref);
		return error;
	}
	cg_reserve(inv->assets, inv->capassets, cg_array__add(inv->nassets, 1));
	asset_slot *s = &inv->assets[inv->nassets++];
	memset(s, 0, sizeof(*s));
	s->bom_ref = ref;
	s->id = sqlite3_last_insert_rowid(inv->db);
	add_functions(&s->functions, f->functions);
	*id = s->id;
	return 0;
}

static int add_param(cg_inventory *inv, int64_t occ, const char *name,
                     const cg_param *p)
{
	if (!p->value && p->src == CG_SRC_UNKNOWN)
		return 0;
	sqlite3_stmt *st = inv->ins_param;
	sqlite3_bind_int64(st, 1, occ);
	bind_text(st, 2, name);
	bind_text(st, 3, p->value);
	bind_text(st, 4, cg_src_name(p->src));
	if (p->line)
		sqlite3_bind_int(st, 5, (int)p->line);
	else
		sqlite3_bind_null(st, 5);
	bind_text(st, 6, p->file);
	return step_done(inv, st, "recording a parameter");
}

/* The suppression of f into columns at..at+4 (kind, status, reason,
 * until, line), NULL when none. */
static void bind_supp(sqlite3_stmt *st, int at, const cg_finding *f)
{
	static const char *const status[] = { "applies", "expired", "invalid" };
	if (f->supp_kind == CG_SUPP_NONE)
		return;
	bind_text(st, at,
	          f->supp_kind == CG_SUPP_INLINE ? "inline" : "baseline");
	bind_text(st, at + 1, status[f->supp_status]);
	bind_text(st, at + 2, f->supp_reason);
	bind_text(st, at + 3, f->supp_until);
	if (f->supp_line)
		sqlite3_bind_int(st, at + 4, (int)f->supp_line);
}

static int add_misuse(cg_inventory *inv, int64_t scan_id, int64_t file_id,
                      const cg_finding *f, const char *context)
{
	int64_t aid = 0;
	int error;
	if (f->name && (error = asset_id(&aid, inv, scan_id, f)) < 0)
		return error;
	sqlite3_stmt *st = inv->ins_mis;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, file_id);
	if (f->name)
		sqlite3_bind_int64(st, 3, aid);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int(st, 4, (int)f->line);
	sqlite3_bind_int(st, 5, (int)f->column);
	bind_text(st, 6, f->rule_id);
	bind_text(st, 7, f->misuse);
	bind_text(st, 8, f->severity);
	bind_text(st, 9, f->message);
	bind_text(st, 10, context);
	bind_text(st, 11, f->fingerprint[0] ? f->fingerprint : NULL);
	bind_supp(st, 12, f);
	return step_done(inv, st, "recording a misuse");
}

int cg_inventory_add_gap(cg_inventory *inv, int64_t scan_id, const char *path,
                         const char *kind, const char *detail, uint32_t line)
{
	sqlite3_stmt *st = inv->ins_gap;
	sqlite3_bind_int64(st, 1, scan_id);
	bind_text(st, 2, path);
	bind_text(st, 3, kind);
	bind_text(st, 4, detail);
	if (line)
		sqlite3_bind_int(st, 5, (int)line);
	return step_done(inv, st, "recording a coverage gap");
}

int cg_inventory_add_finding(cg_inventory *inv, int64_t scan_id,
                             int64_t file_id, const cg_finding *f)
{
	return cg_inventory_add_finding_meta(inv, scan_id, file_id, f, NULL);
}

int cg_inventory_add_finding_meta(cg_inventory *inv, int64_t scan_id,
                                  int64_t file_id, const cg_finding *f,
                                  const cg_inv_occ_meta *meta)
{
	const char *context = meta && meta->context ? meta->context : "product";
	if (f->misuse)
		return add_misuse(inv, scan_id, file_id, f, context);
	int64_t aid;
	int error = asset_id(&aid, inv, scan_id, f);
	if (error < 0)
		return error;
	sqlite3_stmt *st = inv->ins_occ;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, aid);
	sqlite3_bind_int64(st, 3, file_id);
	sqlite3_bind_int(st, 4, (int)f->line);
	sqlite3_bind_int(st, 5, (int)f->column);
	bind_text(st, 6, f->rule_id);
	bind_text(st, 7, f->symbol);
	bind_text(st, 8, f->fingerprint[0] ? f->fingerprint : NULL);
	bind_supp(st, 9, f);
	bind_text(st, 14, context);
	bind_text(st, 15, f->unresolved);
	if ((error = step_done(inv, st, "recording an occurrence")) < 0)
		return error;
	int64_t occ = sqlite3_last_insert_rowid(inv->db);
	if ((error = add_param(inv, occ, "algorithm", &f->algorithm)) < 0 ||
	    (error = add_param(inv, occ, "key_size", &f->key_size)) < 0 ||
	    (error = add_param(inv, occ, "mode", &f->mode)) < 0 ||
	    (error = add_param(inv, occ, "padding", &f->padding)) < 0 ||
	    (error = add_param(inv, occ, "curve", &f->curve)) < 0)
		return error;
	for (size_t i = 0; i < f->nxparams; i++)
		if ((error = add_param(inv, occ, f->xparams[i].name,
		                       &f->xparams[i].p)) < 0)
			return error;
	return 0;
}

int cg_inventory_scan_finish(cg_inventory *inv, int64_t scan_id,
                             const cg_inv_scan_stats *s)
{
	sqlite3_stmt *st = NULL;
	int error = 0;
	/* an asset named only by a misuse rule (no occurrence of its own)
	 * is not an asset of the scan: the misuse stands alone */
	{
		static const char *const orphan[] = {
			"UPDATE misuses SET asset_id = NULL WHERE scan_id = ?1 "
			"AND asset_id NOT IN (SELECT asset_id FROM occurrences "
			"WHERE scan_id = ?1)",
			"DELETE FROM assets WHERE scan_id = ?1 AND id NOT IN "
			"(SELECT asset_id FROM occurrences WHERE scan_id = ?1)",
		};
		for (size_t k = 0; k < 2; k++) {
			if (sqlite3_prepare_v2(inv->db, orphan[k], -1, &st,
			                       NULL) != SQLITE_OK) {
				error = db_error(inv, "finishing the scan");
				goto fail;
			}
			sqlite3_bind_int64(st, 1, scan_id);
			if ((error = step_done(inv, st, "finishing the scan")) <
			    0)
				goto fail;
			sqlite3_finalize(st);
			st = NULL;
		}
	}
	/* functions: the union over the asset's occurrences, sorted */
	if (sqlite3_prepare_v2(inv->db,
	                       "UPDATE assets SET functions = ? WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = db_error(inv, "finishing the scan");
		goto fail;
	}
	for (size_t i = 0; i < inv->nassets; i++) {
		cg_strv_sort(&inv->assets[i].functions);
		cg_buf b = CG_BUF_INIT;
		for (size_t k = 0; k < inv->assets[i].functions.len; k++) {
			if (k)
				cg_buf_putc(&b, ',');
			cg_buf_puts(&b, inv->assets[i].functions.items[k]);
		}
		bind_text(st, 1, cg_buf_cstr(&b));
		sqlite3_bind_int64(st, 2, inv->assets[i].id);
		cg_buf_dispose(&b);
		if ((error = step_done(inv, st, "finishing the scan")) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(inv->db,
	                       "UPDATE scans SET status = 'complete', "
	                       "finished_at = ?, files_scanned = ?, "
	                       "files_prefiltered = ?, files_skipped = ?, "
	                       "files_unsupported = ?, bytes_scanned = ?, "
	                       "findings = ?, cache_hits = ?, "
	                       "files_ignored = ? WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = db_error(inv, "finishing the scan");
		goto fail;
	}
	bind_text(st, 1, s->finished_at);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)s->files_scanned);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)s->files_prefiltered);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)s->files_skipped);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)s->files_unsupported);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)s->bytes_scanned);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)s->findings);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)s->cache_hits);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)s->files_ignored);
	sqlite3_bind_int64(st, 10, scan_id);
	if ((error = step_done(inv, st, "finishing the scan")) < 0)
		goto fail;
	sqlite3_finalize(st);
	return 0;
fail:
	sqlite3_finalize(st);
	cg_inventory_scan_abort(inv);
	return error;
}

int cg_inventory_scan_end(cg_inventory *inv)
{
	int error = exec(inv, "COMMIT");
	if (error < 0) {
		cg_inventory_scan_abort(inv);
		return error;
	}
	inv->in_scan = false;
	clear_assets(inv);
	return 0;
}

int cg_inventory_scan_commit(cg_inventory *inv, int64_t scan_id,
                             const cg_inv_scan_stats *s)
{
	int error = cg_inventory_scan_finish(inv, scan_id, s);
	return error < 0 ? error : cg_inventory_scan_end(inv);
}

void cg_inventory_scan_abort(cg_inventory *inv)
{
	if (inv->in_scan)
		sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
	inv->in_scan = false;
	clear_assets(inv);
}

struct sqlite3 *cg_inventory__db(cg_inventory *inv)
{
	return inv->db;
}

const char *cg_inventory__path(const cg_inventory *inv)
{
	return inv->path;
}

/* ---- reading ---------------------------------------------------------- */

int cg_inventory_latest_scan(int64_t *scan_id, cg_inventory *inv)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(inv->db,
	                       "SELECT max(id) FROM scans WHERE status = "
	                       "'complete'",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(inv, "reading scans");
	int error = CG_ENOTFOUND;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*scan_id = sqlite3_column_int64(st, 0);
		error = 0;
	} else {
		cg_error_set("%s: no completed scan", inv->path);
	}
	sqlite3_finalize(st);
	return error;
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? cg_strdup((const char *)s) : NULL;
}

/* ---- the columns of each loaded struct ---------------------------------
 * One line a stored field: its SQL expression and the field it fills
 * (inventory_int.h). The queries below are built from these tables. */

static const cg_inv__col scan_cols[] = {
	CG_INV_COL(cg_inv_scan, serial, "serial"),
	CG_INV_COL(cg_inv_scan, target, "target"),
	CG_INV_COL(cg_inv_scan, target_name, "target_name"),
	CG_INV_COL(cg_inv_scan, started_at, "started_at"),
	CG_INV_COL(cg_inv_scan, finished_at, "finished_at"),
	CG_INV_COL(cg_inv_scan, tool_version, "tool_version"),
	CG_INV_COL(cg_inv_scan, ruleset_hash, "ruleset_hash"),
	CG_INV_COL(cg_inv_scan, files_scanned, "files_scanned"),
	CG_INV_COL(cg_inv_scan, files_prefiltered, "files_prefiltered"),
	CG_INV_COL(cg_inv_scan, files_skipped, "files_skipped"),
	CG_INV_COL(cg_inv_scan, files_unsupported, "files_unsupported"),
	CG_INV_COL(cg_inv_scan, bytes_scanned, "bytes_scanned"),
	CG_INV_COL(cg_inv_scan, findings, "findings"),
	CG_INV_COL(cg_inv_scan, parse_errors,
	           "(SELECT count(*) FROM files WHERE scan_id = s.id AND "
	           "parse_errors)"),
	CG_INV_COL(cg_inv_scan, repo_url, "repo_url"),
	CG_INV_COL(cg_inv_scan, ref, "ref"),
	CG_INV_COL(cg_inv_scan, commit_id, "commit_id"),
	CG_INV_COL(cg_inv_scan, base_ref, "base_ref"),
	CG_INV_COL(cg_inv_scan, base_commit, "base_commit"),
	CG_INV_COL(cg_inv_scan, cache_hits, "cache_hits"),
	CG_INV_COL(cg_inv_scan, files_ignored, "files_ignored"),
};

static const cg_inv__col asset_cols[] = {
	CG_INV_COL(cg_inv_asset, bom_ref, "bom_ref"),
	CG_INV_COL(cg_inv_asset, name, "name"),
	CG_INV_COL(cg_inv_asset, family, "family"),
	CG_INV_COL(cg_inv_asset, primitive, "primitive"),
	CG_INV_COL(cg_inv_asset, parameter_set, "parameter_set"),
	CG_INV_COL(cg_inv_asset, mode, "mode"),
	CG_INV_COL(cg_inv_asset, padding, "padding"),
	CG_INV_COL(cg_inv_asset, curve, "curve"),
	CG_INV_COL(cg_inv_asset, functions, "functions"),
	CG_INV_COL(cg_inv_asset, oid, "oid"),
	CG_INV_COL(cg_inv_asset, classical, "classical_level"),
	CG_INV_COL(cg_inv_asset, quantum, "quantum_level"),
};

/* asset_risk, read when r.score (the first) is not NULL */
static const cg_inv__col asset_risk_cols[] = {
	CG_INV_COL(cg_inv_asset_risk, score, "r.score"),
	CG_INV_COL(cg_inv_asset_risk, severity, "r.severity"),
	CG_INV_COL(cg_inv_asset_risk, usage, "r.usage"),
	CG_INV_COL(cg_inv_asset_risk, entry, "r.entry"),
	CG_INV_COL(cg_inv_asset_risk, quantum_vulnerable,
	           "r.quantum_vulnerable"),
	CG_INV_COL(cg_inv_asset_risk, misuses, "r.misuses"),
	CG_INV_COL(cg_inv_asset_risk, replacement, "r.replacement"),
	CG_INV_COL(cg_inv_asset_risk, explanation, "r.explanation"),
	CG_INV_COL(cg_inv_asset_risk, citations, "r.citations"),
	CG_INV_COL(cg_inv_asset_risk, y_q, "r.quantum_deadline"),
};

static const cg_inv__col occ_cols[] = {
	CG_INV_COL(cg_inv_occ, path, "f.path"),
	CG_INV_COL(cg_inv_occ, line, "o.line"),
	CG_INV_COL(cg_inv_occ, column, "o.col"),
	CG_INV_COL(cg_inv_occ, rule_id, "o.rule_id"),
	CG_INV_COL(cg_inv_occ, symbol, "o.symbol"),
	CG_INV_COL(cg_inv_occ, language, "f.language"),
	CG_INV_COL(cg_inv_occ, fingerprint, "o.fingerprint"),
	CG_INV_COL(cg_inv_occ, suppression, "o.suppression"),
	CG_INV_COL(cg_inv_occ, suppression_status, "o.suppression_status"),
	CG_INV_COL(cg_inv_occ, suppression_reason, "o.suppression_reason"),
	CG_INV_COL(cg_inv_occ, suppression_until, "o.suppression_until"),
	CG_INV_COL(cg_inv_occ, suppression_line, "o.suppression_line"),
	CG_INV_COL(cg_inv_occ, context, "o.context"),
	CG_INV_COL(cg_inv_occ, unresolved, "o.unresolved"),
};

static const cg_inv__col param_cols[] = {
	CG_INV_COL(cg_inv_param, name, "name"),
	CG_INV_COL(cg_inv_param, value, "value"),
	CG_INV_COL(cg_inv_param, source, "source"),
	CG_INV_COL(cg_inv_param, source_line, "source_line"),
	CG_INV_COL(cg_inv_param, source_file, "source_file"),
};

static const cg_inv__col scan_risk_cols[] = {
	CG_INV_COL(cg_inv_scan_risk_load, profile, "profile"),
	CG_INV_COL(cg_inv_scan_risk_load, standards_version,
	           "standards_version"),
	CG_INV_COL(cg_inv_scan_risk_load, evaluated_at, "evaluated_at"),
	CG_INV_COL(cg_inv_scan_risk_load, counts[0], "critical"),
	CG_INV_COL(cg_inv_scan_risk_load, counts[1], "high"),
	CG_INV_COL(cg_inv_scan_risk_load, counts[2], "medium"),
	CG_INV_COL(cg_inv_scan_risk_load, counts[3], "low"),
	CG_INV_COL(cg_inv_scan_risk_load, counts[4], "info"),
	CG_INV_COL(cg_inv_scan_risk_load, quantum_vulnerable_share,
	           "quantum_vulnerable_share"),
	CG_INV_COL(cg_inv_scan_risk_load, readiness, "quantum_readiness"),
};

static const cg_inv__col skipped_cols[] = {
	CG_INV_COL(cg_inv_skipped, path, "path"),
	CG_INV_COL(cg_inv_skipped, language, "language"),
	CG_INV_COL(cg_inv_skipped, status, "status"),
	CG_INV_COL(cg_inv_skipped, reason, "reason"),
};

static const cg_inv__col misuse_cols[] = {
	CG_INV_COL(cg_inv_misuse, path, "f.path"),
	CG_INV_COL(cg_inv_misuse, line, "m.line"),
	CG_INV_COL(cg_inv_misuse, column, "m.col"),
	CG_INV_COL(cg_inv_misuse, rule_id, "m.rule_id"),
	CG_INV_COL(cg_inv_misuse, category, "m.category"),
	CG_INV_COL(cg_inv_misuse, severity, "m.severity"),
	CG_INV_COL(cg_inv_misuse, message, "m.message"),
	CG_INV_COL(cg_inv_misuse, bom_ref, "a.bom_ref"),
	CG_INV_COL(cg_inv_misuse, context, "m.context"),
	CG_INV_COL(cg_inv_misuse, fingerprint, "m.fingerprint"),
	CG_INV_COL(cg_inv_misuse, suppression, "m.suppression"),
	CG_INV_COL(cg_inv_misuse, suppression_status, "m.suppression_status"),
	CG_INV_COL(cg_inv_misuse, suppression_reason, "m.suppression_reason"),
	CG_INV_COL(cg_inv_misuse, suppression_until, "m.suppression_until"),
	CG_INV_COL(cg_inv_misuse, suppression_line, "m.suppression_line"),
};

static const cg_inv__col gap_cols[] = {
	CG_INV_COL(cg_inv_gap, path, "path"),
	CG_INV_COL(cg_inv_gap, kind, "kind"),
	CG_INV_COL(cg_inv_gap, detail, "detail"),
	CG_INV_COL(cg_inv_gap, line, "line"),
};

/* The text fields a table names, freed (what the table loaded). */
#define FREE_TEXT(obj, cols) \
	cg_inventory__free_text((obj), (cols), CG_INV_NCOLS(cols))

void cg_inv_scan_free(cg_inv_scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nassets; i++) {
		cg_inv_asset *a = &s->assets[i];
		for (size_t k = 0; k < a->nocc; k++) {
			cg_inv_occ *o = &a->occs[k];
			for (size_t p = 0; p < o->nparams; p++)
				FREE_TEXT(&o->params[p], param_cols);
			cg_free(o->params);
			FREE_TEXT(o, occ_cols);
		}
		cg_free(a->occs);
		FREE_TEXT(a, asset_cols);
		FREE_TEXT(&a->risk, asset_risk_cols);
	}
	cg_free(s->assets);
	for (size_t i = 0; i < s->nskipped; i++)
		FREE_TEXT(&s->skipped[i], skipped_cols);
	cg_free(s->skipped);
	for (size_t i = 0; i < s->nmisuses; i++)
		FREE_TEXT(&s->misuses[i], misuse_cols);
	cg_free(s->misuses);
	for (size_t i = 0; i < s->ngaps; i++)
		FREE_TEXT(&s->gaps[i], gap_cols);
	cg_free(s->gaps);
	cg_inv_materials_free(s->materials);
	FREE_TEXT(s, scan_cols);
	FREE_TEXT(&s->risk, scan_risk_cols);
	for (size_t i = 0; i < s->nrepos; i++) {
		cg_inv_repo *r = &s->repos[i];
		cg_free(r->name);
		cg_free(r->target);
		cg_free(r->repo_url);
		cg_free(r->ref);
		cg_free(r->commit_id);
		cg_free(r->tool_version);
		cg_free(r->started_at);
		FREE_TEXT(&r->risk, scan_risk_cols);
	}
	cg_free(s->repos);
	cg_free(s);
}

/* Prepare "SELECT <lead, ><a...><, b...> <rest>" into *out (lead and b
 * may be NULL). */
static int prepare_cols(sqlite3_stmt **out, cg_inventory *inv, const char *lead,
                        const cg_inv__col *a, size_t na, const cg_inv__col *b,
                        size_t nb, const char *rest)
{
	cg_buf sel = CG_BUF_INIT, sql = CG_BUF_INIT;
	if (lead)
		cg_buf_puts(&sel, lead);
	cg_inventory__select(&sel, a, na);
	cg_inventory__select(&sel, b, nb);
	cg_buf_printf(&sql, "SELECT %s %s", cg_buf_cstr(&sel), rest);
	int rc = sqlite3_prepare_v2(inv->db, cg_buf_cstr(&sql), -1, out, NULL);
	cg_buf_dispose(&sel);
	cg_buf_dispose(&sql);
	return rc == SQLITE_OK ? 0 : db_error(inv, "reading the inventory");
}
#define PREPARE(out, inv, lead, cols, rest)                                  \
	prepare_cols((out), (inv), (lead), (cols), CG_INV_NCOLS(cols), NULL, \
	             0, (rest))

/* The occurrences of asset a (id aid) with their parameters, through the
 * prepared st (occurrences) and pst (parameters). */
static int load_occurrences(cg_inv_asset *a, int64_t aid, sqlite3_stmt *st,
                            sqlite3_stmt *pst)
{
	size_t ocap = 0;
	int rc;
	sqlite3_bind_int64(st, 1, aid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cg_reserve(a->occs, ocap, cg_array__add(a->nocc, 1));
		cg_inv_occ *o = &a->occs[a->nocc++];
		memset(o, 0, sizeof(*o));
		int64_t oid = sqlite3_column_int64(st, 0);
		cg_inventory__read(o, st, 1, occ_cols, CG_INV_NCOLS(occ_cols));
		size_t pcap = 0;
		int prc;
		sqlite3_bind_int64(pst, 1, oid);
		CG_INV_READ_ROWS(o->params, o->nparams, pcap, pst, param_cols,
		                 &prc);
		sqlite3_reset(pst);
		if (prc != SQLITE_DONE)
			return -1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cg_inventory_load(cg_inv_scan **out, cg_inventory *inv, int64_t scan_id)
{
	cg_inv_scan *s = cg_calloc(1, sizeof(*s));
	sqlite3_stmt *st = NULL, *pst = NULL;
	int64_t *ids = NULL;
	size_t cap = 0, capids = 0;
	int rc, error;
	s->id = scan_id;
	error = PREPARE(&st, inv, NULL, scan_cols,
	                "FROM scans s WHERE id = ? AND status = 'complete'");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		cg_error_set("%s: no completed scan %lld", inv->path,
		             (long long)scan_id);
		error = CG_ENOTFOUND;
		goto done;
	}
	cg_inventory__read(s, st, 0, scan_cols, CG_INV_NCOLS(scan_cols));
	sqlite3_finalize(st);
	st = NULL;

	/* assets with their risk */
	error =
	    prepare_cols(&st, inv, "a.id", asset_cols, CG_INV_NCOLS(asset_cols),
	                 asset_risk_cols, CG_INV_NCOLS(asset_risk_cols),
	                 "FROM assets a LEFT JOIN asset_risk r ON "
	                 "r.asset_id = a.id WHERE a.scan_id = ? "
	                 "ORDER BY bom_ref");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	const int risk_at = 1 + (int)CG_INV_NCOLS(asset_cols);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cg_reserve(s->assets, cap, cg_array__add(s->nassets, 1));
		cg_reserve(ids, capids, cg_array__add(s->nassets, 1));
		cg_inv_asset *a = &s->assets[s->nassets];
		memset(a, 0, sizeof(*a));
		ids[s->nassets++] = sqlite3_column_int64(st, 0);
		cg_inventory__read(a, st, 1, asset_cols,
		                   CG_INV_NCOLS(asset_cols));
		if (sqlite3_column_type(st, risk_at) != SQLITE_NULL) {
			a->risk.scored = true;
			cg_inventory__read(&a->risk, st, risk_at,
			                   asset_risk_cols,
			                   CG_INV_NCOLS(asset_risk_cols));
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto db_fail;
	/* occurrences with their parameters */
	error = PREPARE(&st, inv, "o.id", occ_cols,
	                "FROM occurrences o JOIN files f ON f.id = "
	                "o.file_id WHERE o.asset_id = ? ORDER BY "
	                "f.path, o.line, o.col, o.rule_id");
	if (error < 0)
		goto done;
	error = PREPARE(&pst, inv, NULL, param_cols,
	                "FROM occurrence_params WHERE occurrence_id = ? "
	                "ORDER BY name");
	if (error < 0)
		goto done;
	for (size_t i = 0; ids && i < s->nassets; i++)
		if (load_occurrences(&s->assets[i], ids[i], st, pst) < 0)
			goto db_fail;
	sqlite3_finalize(st);
	sqlite3_finalize(pst);
	st = pst = NULL;
	/* repository-level risk figures */
	error = PREPARE(&st, inv, NULL, scan_risk_cols,
	                "FROM scan_risk WHERE scan_id = ?");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s->risk.scored = true;
		cg_inventory__read(&s->risk, st, 0, scan_risk_cols,
		                   CG_INV_NCOLS(scan_risk_cols));
	}
	sqlite3_finalize(st);
	st = NULL;
	/* skipped files */
	error = PREPARE(&st, inv, NULL, skipped_cols,
	                "FROM files WHERE scan_id = ? AND status = "
	                "'skipped' ORDER BY path");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	cap = 0;
	CG_INV_READ_ROWS(s->skipped, s->nskipped, cap, st, skipped_cols, &rc);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto db_fail;
	/* misuses */
	error = PREPARE(&st, inv, NULL, misuse_cols,
	                "FROM misuses m JOIN files f ON f.id = m.file_id "
	                "LEFT JOIN assets a ON a.id = m.asset_id WHERE "
	                "m.scan_id = ? ORDER BY f.path, m.line, m.col, "
	                "m.rule_id, m.category");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	cap = 0;
	CG_INV_READ_ROWS(s->misuses, s->nmisuses, cap, st, misuse_cols, &rc);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto db_fail;
	/* coverage gaps */
	error = PREPARE(&st, inv, NULL, gap_cols,
	                "FROM coverage_gaps WHERE scan_id = ? ORDER BY "
	                "kind, path, line, detail");
	if (error < 0)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	cap = 0;
	CG_INV_READ_ROWS(s->gaps, s->ngaps, cap, st, gap_cols, &rc);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto db_fail;
	error = cg_inventory__materials_load(&s->materials, inv, scan_id);
	if (error < 0)
		goto done;
	*out = s;
	s = NULL;
	goto done;
db_fail:
	error = db_error(inv, "reading the inventory");
done:
	cg_free(ids);
	sqlite3_finalize(st);
	sqlite3_finalize(pst);
	cg_inv_scan_free(s);
	return error;
}

/* ---- risk ------------------------------------------------------------- */

int cg_inventory_set_risk(cg_inventory *inv, int64_t scan_id,
                          const cg_inv_scan_risk *sr,
                          const cg_inv_risk_row *rows, size_t n)
{
	sqlite3_stmt *st = NULL, *id = NULL;
	/* a savepoint: its own transaction (report scoring again), or part
	 * of the scan's, so that a scan is never complete without scores */
	bool own = sqlite3_get_autocommit(inv->db) != 0;
	int error = exec(inv, own ? "BEGIN IMMEDIATE; SAVEPOINT risk"
	                          : "SAVEPOINT risk");
	if (error < 0) {
		if (own && !sqlite3_get_autocommit(inv->db))
			sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
		return error;
	}
	if (sqlite3_prepare_v2(inv->db,
	                       "SELECT id FROM assets WHERE scan_id = ? AND "
	                       "bom_ref = ?",
	                       -1, &id, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(inv->db,
	                       "INSERT OR REPLACE INTO asset_risk(asset_id, "
	                       "scan_id, score, severity, usage, entry, "
	                       "quantum_vulnerable, misuses, replacement, "
	                       "explanation, citations, quantum_deadline) "
	                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = db_error(inv, "recording risk scores");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		const cg_inv_risk_row *r = &rows[i];
		sqlite3_bind_int64(id, 1, scan_id);
		bind_text(id, 2, r->bom_ref);
		int rc = sqlite3_step(id);
		int64_t aid =
		    rc == SQLITE_ROW ? sqlite3_column_int64(id, 0) : 0;
		sqlite3_reset(id);
		if (rc != SQLITE_ROW) {
			cg_error_set("%s: no asset %s in scan %lld", inv->path,
			             r->bom_ref, (long long)scan_id);
			error = CG_ENOTFOUND;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, aid);
		sqlite3_bind_int64(st, 2, scan_id);
		sqlite3_bind_int(st, 3, r->score);
		bind_text(st, 4, r->severity);
		bind_text(st, 5, r->usage);
		bind_text(st, 6, r->entry);
		sqlite3_bind_int(st, 7, r->quantum_vulnerable ? 1 : 0);
		sqlite3_bind_int(st, 8, r->misuses);
		bind_text(st, 9, r->replacement);
		bind_text(st, 10, r->explanation);
		bind_text(st, 11, r->citations);
		if (r->y_q > 0)
			sqlite3_bind_int(st, 12, r->y_q);
		else
			sqlite3_bind_null(st, 12);
		if ((error = step_done(inv, st, "recording a risk score")) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(inv->db,
	                       "INSERT OR REPLACE INTO scan_risk(scan_id, "
	                       "profile, standards_version, evaluated_at, "
	                       "critical, high, medium, low, info, "
	                       "quantum_vulnerable_share, quantum_readiness) "
	                       "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		error = db_error(inv, "recording risk figures");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, scan_id);
	bind_text(st, 2, sr->profile);
	bind_text(st, 3, sr->standards_version);
	bind_text(st, 4, sr->evaluated_at);
	for (int i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 5 + i, (sqlite3_int64)sr->counts[i]);
	sqlite3_bind_double(st, 10, sr->quantum_vulnerable_share);
	sqlite3_bind_int(st, 11, sr->readiness);
	if ((error = step_done(inv, st, "recording risk figures")) < 0)
		goto fail;
	sqlite3_finalize(st);
	sqlite3_finalize(id);
	if ((error = exec(inv, "RELEASE risk")) < 0)
		goto fail_tx;
	return own ? exec(inv, "COMMIT") : 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(id);
	sqlite3_exec(inv->db, "ROLLBACK TO risk; RELEASE risk", NULL, NULL,
	             NULL);
fail_tx:
	if (own)
		sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}
/* ---- the blob cache --------------------------------------------------- */

static void bind_key(sqlite3_stmt *st, const cg_inv_cache_key *k)
{
	bind_text(st, 1, k->ruleset_hash);
	bind_text(st, 2, k->engine_version);
	bind_text(st, 3, k->blob_id);
	bind_text(st, 4, k->lang_hint ? k->lang_hint : "");
}

int cg_inventory_cache_keys(cg_strv *out, cg_inventory *inv,
                            const char *ruleset_hash,
                            const char *engine_version)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(inv->db,
	                       "SELECT blob_id || ':' || lang_hint FROM "
	                       "blob_cache WHERE ruleset_hash = ? AND "
	                       "engine_version = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(inv, "reading the blob cache");
	bind_text(st, 1, ruleset_hash);
	bind_text(st, 2, engine_version);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cg_strv_push(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(inv, "reading the blob cache");
	cg_strv_sort(out);
	return 0;
}

void cg_inv_cached_dispose(cg_inv_cached *c)
{
	if (!c)
		return;
	cg_findings_dispose(&c->findings);
	cg_free(c->language);
	cg_free(c->status);
	memset(c, 0, sizeof(*c));
}

/* A finding's named parameters as one text: name US value US source US
 * line RS, ... (the unit and record separators never occur in a value
 * the engine produces); NULL when there are none. */
static char *xparams_text(const cg_finding *f)
{
	if (!f->nxparams)
		return NULL;
	cg_buf b = CG_BUF_INIT;
	for (size_t i = 0; i < f->nxparams; i++) {
		const cg_xparam *x = &f->xparams[i];
		cg_buf_printf(&b, "%s\x1f%s\x1f%d\x1f%u\x1e", x->name,
		              x->p.value ? x->p.value : "", (int)x->p.src,
		              x->p.line);
	}
	return cg_buf_detach(&b);
}

/* The defining files of a finding's parameters (fixed and named) that
 * another file defines: name US file RS, ...; NULL when none. */
static char *files_text(const cg_finding *f)
{
	const cg_param *fixed[] = { &f->algorithm, &f->key_size, &f->mode,
		                    &f->padding, &f->curve };
	static const char *const names[] = { "algorithm", "key_size", "mode",
		                             "padding", "curve" };
	cg_buf b = CG_BUF_INIT;
	for (size_t i = 0; i < 5; i++)
		if (fixed[i]->file)
			cg_buf_printf(&b, "%s\x1f%s\x1e", names[i],
			              fixed[i]->file);
	for (size_t i = 0; i < f->nxparams; i++)
		if (f->xparams[i].p.file)
			cg_buf_printf(&b, "%s\x1f%s\x1e", f->xparams[i].name,
			              f->xparams[i].p.file);
	if (!b.len) {
		cg_buf_dispose(&b);
		return NULL;
	}
	return cg_buf_detach(&b);
}

static void files_read(cg_finding *f, const char *s)
{
	cg_param *fixed[] = { &f->algorithm, &f->key_size, &f->mode,
		              &f->padding, &f->curve };
	static const char *const names[] = { "algorithm", "key_size", "mode",
		                             "padding", "curve" };
	while (s && *s) {
		const char *e = strchr(s, '\x1e');
		const char *u = strchr(s, '\x1f');
		if (!e || !u || u > e)
			break;
		char *name = cg_strndup(s, (size_t)(u - s));
		char *file = cg_strndup(u + 1, (size_t)(e - u - 1));
		for (size_t i = 0; i < 5; i++)
			if (strcmp(name, names[i]) == 0)
				cg_param_set_file(fixed[i], file);
		for (size_t i = 0; i < f->nxparams; i++)
			if (strcmp(name, f->xparams[i].name) == 0)
				cg_param_set_file(&f->xparams[i].p, file);
		cg_free(name);
		cg_free(file);
		s = e + 1;
	}
}

static void xparams_read(cg_finding *f, const char *s)
{
	while (s && *s) {
		const char *e = strchr(s, '\x1e');
		if (!e)
			break;
		char *rec = cg_strndup(s, (size_t)(e - s));
		char *save = NULL;
		char *name = strtok_r(rec, "\x1f", &save);
		char *value = name ? strtok_r(NULL, "\x1f", &save) : NULL;
		char *src = value ? strtok_r(NULL, "\x1f", &save) : NULL;
		char *line = src ? strtok_r(NULL, "\x1f", &save) : NULL;
		if (line)
			cg_finding_xparam(f, name, value,
			                  (cg_src)strtol(src, NULL, 10),
			                  (uint32_t)strtoul(line, NULL, 10));
		cg_free(rec);
		s = e + 1;
	}
}

int cg_inventory_cache_get(cg_inv_cached *out, cg_inventory *inv,
                           const cg_inv_cache_key *key)
{
	sqlite3_stmt *st = inv->get_cache, *fst = inv->get_cache_f;
	cg_inv_cached c = { 0 };
	int error = 0;
	bind_key(st, key);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		error = rc == SQLITE_DONE ? CG_ENOTFOUND
		                          : db_error(inv, "reading the cache");
		if (error == CG_ENOTFOUND)
			cg_error_set("blob %s: not in the cache", key->blob_id);
		goto done;
	}
	int64_t id = sqlite3_column_int64(st, 0);
	c.language = col_text(st, 1);
	c.status = col_text(st, 2);
	c.size = (uint64_t)sqlite3_column_int64(st, 3);
	const unsigned char *sha = sqlite3_column_text(st, 4);
	snprintf(c.sha256, sizeof(c.sha256), "%s",
	         sha ? (const char *)sha : "");
	c.parse_errors = sqlite3_column_int(st, 5) != 0;
	c.generated = sqlite3_column_int(st, 6) != 0;
	sqlite3_bind_int64(fst, 1, id);
	while ((rc = sqlite3_step(fst)) == SQLITE_ROW) {
		cg_finding *f = cg_findings_push(&c.findings);
		int at = cg_inventory__read(f, fst, 0, cache_f_cols, NCACHE_F);
		/* then CACHE_F_MORE */
		const unsigned char *lh = sqlite3_column_text(fst, at);
		snprintf(f->line_hash, sizeof(f->line_hash), "%s",
		         lh ? (const char *)lh : "");
		/* an inline suppression as written; its status against
		 * today is decided by the scan (cg_suppress_recheck) */
		if (sqlite3_column_type(fst, at + 1) != SQLITE_NULL) {
			f->supp_kind = CG_SUPP_INLINE;
			f->supp_status = sqlite3_column_int(fst, at + 1)
			                     ? CG_SUPP_APPLIES
			                     : CG_SUPP_INVALID;
			f->supp_reason = col_text(fst, at + 2);
			f->supp_until = col_text(fst, at + 3);
			f->supp_line =
			    (uint32_t)sqlite3_column_int(fst, at + 4);
		}
		xparams_read(f, (const char *)sqlite3_column_text(fst, at + 5));
		files_read(f, (const char *)sqlite3_column_text(fst, at + 6));
	}
	if (rc != SQLITE_DONE)
		error = db_error(inv, "reading the cache");
done:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_reset(fst);
	sqlite3_clear_bindings(fst);
	if (error < 0) {
		cg_inv_cached_dispose(&c);
		return error;
	}
	*out = c;
	return 0;
}

int cg_inventory_cache_put(cg_inventory *inv, const cg_inv_cache_key *key,
                           const cg_inv_cached *c)
{
	sqlite3_stmt *st = inv->ins_cache;
	bind_key(st, key);
	bind_text(st, 5, c->language);
	bind_text(st, 6, c->status);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->size);
	bind_text(st, 8, c->sha256[0] ? c->sha256 : NULL);
	sqlite3_bind_int(st, 9, c->parse_errors ? 1 : 0);
	sqlite3_bind_int(st, 10, c->generated ? 1 : 0);
	int error = step_done(inv, st, "writing the cache");
	if (error < 0 || sqlite3_changes(inv->db) == 0)
		return error; /* already cached */
	int64_t id = sqlite3_last_insert_rowid(inv->db);
	sqlite3_stmt *fs = inv->ins_cache_f;
	for (size_t i = 0; i < c->findings.len && !error; i++) {
		const cg_finding *f = &c->findings.items[i];
		sqlite3_bind_int64(fs, 1, id);
		sqlite3_bind_int64(fs, 2, (sqlite3_int64)i);
		int at = cg_inventory__bind(f, fs, 3, cache_f_cols, NCACHE_F);
		/* then CACHE_F_MORE */
		bind_text(fs, at, f->line_hash);
		/* only inline suppressions belong to the blob; a baseline is
		 * an option of the scan */
		if (f->supp_kind == CG_SUPP_INLINE) {
			sqlite3_bind_int(fs, at + 1,
			                 f->supp_status != CG_SUPP_INVALID);
			bind_text(fs, at + 2, f->supp_reason);
			bind_text(fs, at + 3, f->supp_until);
			sqlite3_bind_int(fs, at + 4, (int)f->supp_line);
		}
		char *xp = xparams_text(f);
		bind_text(fs, at + 5, xp);
		char *pf = files_text(f);
		bind_text(fs, at + 6, pf);
		error = step_done(inv, fs, "writing the cache");
		cg_free(xp);
		cg_free(pf);
	}
	return error;
}

/* ---- diff results ----------------------------------------------------- */

int cg_inventory_add_diff(cg_inventory *inv, int64_t scan_id,
                          const cg_inv_diff_item *d)
{
	sqlite3_stmt *st = inv->ins_diff;
	sqlite3_bind_int64(st, 1, scan_id);
	bind_text(st, 2, d->label);
	bind_text(st, 3, d->fingerprint);
	bind_text(st, 4, d->path);
	sqlite3_bind_int(st, 5, (int)d->line);
	bind_text(st, 6, d->rule_id);
	bind_text(st, 7, d->asset);
	bind_text(st, 8, d->context ? d->context : "product");
	return step_done(inv, st, "recording a diff finding");
}

void cg_inv_diff_items_free(cg_inv_diff_item *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++) {
		cg_free(items[i].label);
		cg_free(items[i].fingerprint);
		cg_free(items[i].path);
		cg_free(items[i].rule_id);
		cg_free(items[i].asset);
		cg_free(items[i].context);
	}
	cg_free(items);
}

int cg_inventory_load_diff(cg_inv_diff_item **out, size_t *n, cg_inventory *inv,
                           int64_t scan_id)
{
	sqlite3_stmt *st = NULL;
	cg_inv_diff_item *items = NULL;
	size_t len = 0, cap = 0;
	static const cg_inv__col diff_cols[] = {
		CG_INV_COL(cg_inv_diff_item, label, "label"),
		CG_INV_COL(cg_inv_diff_item, fingerprint, "fingerprint"),
		CG_INV_COL(cg_inv_diff_item, path, "path"),
		CG_INV_COL(cg_inv_diff_item, line, "line"),
		CG_INV_COL(cg_inv_diff_item, rule_id, "rule_id"),
		CG_INV_COL(cg_inv_diff_item, asset, "asset"),
		CG_INV_COL(cg_inv_diff_item, context, "context"),
	};
	int error = PREPARE(&st, inv, NULL, diff_cols,
	                    "FROM diff_findings WHERE scan_id = ? ORDER BY "
	                    "CASE label WHEN 'new' THEN 0 WHEN 'removed' "
	                    "THEN 1 ELSE 2 END, path, line, rule_id, asset");
	if (error < 0)
		return error;
	sqlite3_bind_int64(st, 1, scan_id);
	int rc;
	CG_INV_READ_ROWS(items, len, cap, st, diff_cols, &rc);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cg_inv_diff_items_free(items, len);
		return db_error(inv, "reading diff findings");
	}
	*out = items;
	*n = len;
	return 0;
}
