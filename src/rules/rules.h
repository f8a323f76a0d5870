/*
 * rules — the rule set: YAML rule files under rules/<language>/, compiled
 * once into tree-sitter queries (one per language pack the rule applies
 * to), pcre2 conditions (JIT), an asset template, and the literal words a
 * file must contain for the rule to be worth running (the pre-filter). Also
 * the canonical algorithm table (rules/algorithms.yaml) that turns a raw
 * algorithm string ("AES/CBC/PKCS5Padding", "sha256", "aes-256-gcm") into a
 * canonical asset, and the query-predicate evaluator shared with the
 * engine (the tree-sitter runtime does not evaluate #eq?/#match?).
 *
 * Ownership: a cg_ruleset is immutable after cg_rules_load() and may be
 * shared by any number of threads as `const cg_ruleset *`. Everything it
 * points to is owned by it and released by cg_rules_free().
 */
#ifndef CG_RULES_H
#define CG_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "../lang/lang.h"
#include "../model/model.h"
#include "../util/util.h"

/* ---- queries with predicates ------------------------------------------ */

typedef enum {
	CG_PRED_EQ,
	CG_PRED_NOT_EQ,
	CG_PRED_MATCH,
	CG_PRED_NOT_MATCH,
	CG_PRED_ANY_OF,
	CG_PRED_NOT_ANY_OF,
} cg_pred_op;

typedef struct {
	cg_pred_op op;
	uint32_t capture; /* capture id tested */
	int32_t capture2; /* for #eq? @a @b, else -1 */
	cg_strv values;   /* literal operand(s) */
	pcre2_code *re;   /* for #match? */
} cg_pred;

/* A compiled tree-sitter query and its predicates, per pattern. */
typedef struct {
	TSQuery *query;
	cg_pred **preds;  /* preds[pattern] -> array */
	uint32_t *npreds; /* npreds[pattern] */
	uint32_t npatterns;
} cg_query;

/* Compile `src` for `pack`. On error returns CG_EPARSE with the message
 * (naming the byte offset and the reason) in cg_error_last(). */
int cg_query_compile(cg_query **out, const cg_lang_pack *pack, const char *src);
void cg_query_free(cg_query *q);
/* True when every predicate of the match's pattern holds on `src`. `md`
 * is the caller's (per-thread) match data. */
bool cg_query_match_ok(const cg_query *q, const TSQueryMatch *m,
                       const char *src, pcre2_match_data *md);
/* Index of the capture named `name` in q, or -1. */
int cg_query_capture_index(const cg_query *q, const char *name);

/* ---- rules ------------------------------------------------------------ */

/* A condition on the resolved value of a capture. */
typedef struct {
	char *capture;  /* capture name, without "@" */
	pcre2_code *re; /* compiled pattern (JIT when available), or NULL */
	bool negate;    /* true for `not:` */
	bool has_lt;    /* `lt: N`: the value is an integer below N */
	long long lt;
	bool has_ge; /* `ge: N`: the value is an integer of at least N */
	long long ge;
	bool literal; /* `literal: true`: the value is a literal or constant */
} cg_rule_cond;

/* Misuse categories (a rule with `misuse:` reports one; see RULES.md). */
extern const char *const cg_misuse_categories[];
/* Severities, lowest first. */
extern const char *const cg_severities[];

/* The asset a rule reports. Fields are templates: "${x}" stands for the
 * resolved value of capture x or of a named group x of a condition. */
typedef struct {
	char *algorithm; /* raw algorithm (normalised by the table) */
	char *primitive; /* override of the table's primitive, or NULL */
	char *functions; /* comma-separated cryptoFunctions, or NULL */
	char *key_size;  /* template or NULL */
	char *mode;
	char *padding;
	char *curve;
	char *default_mode; /* library default when mode is unresolved */
	char *default_padding;
	char *default_key_size;
	char *symbol; /* template for the occurrence symbol, or NULL */
	/* named parameters: (name, template) pairs ("iterations",
	 * "${it}"); a related component: (relation, template of its raw
	 * algorithm) pairs ("prf", "${hash}") */
	cg_strv params;
	cg_strv related;
	char *protocol; /* "tls" or "ssh": the rule sets up a protocol (its
	                   settings in params); NULL otherwise */
	/* `unresolved: {capture:, family:, primitive:}`: the capture that
	 * carries the algorithm; when its value cannot be resolved, the
	 * conditions on it are skipped and a generic asset
	 * "unresolved-<family>" is reported with the reason. NULL: none. */
	char *unres_capture;
	char *unres_family;
	char *unres_primitive;
} cg_asset_tmpl;

typedef struct {
	char *id;          /* unique rule id */
	char *language;    /* rule language (directory name) */
	char *message;     /* human message */
	char *file;        /* rule file path, for messages */
	int line;          /* 1-based line of the rule in its file */
	cg_strv literals;  /* pre-filter words, lower case */
	uint32_t *lit_ids; /* their ids in the ruleset's literal table */
	size_t nlit_ids;
	char *at;           /* capture whose node is the location, or NULL */
	cg_query **queries; /* per pack index; NULL when not applicable */
	cg_rule_cond *conds;
	size_t nconds;
	cg_asset_tmpl asset; /* asset.algorithm NULL: reports no asset */
	char *query_src;     /* the rule's query text */
	char *misuse;        /* misuse category, or NULL for inventory rules */
	char *severity;      /* misuse severity (a cg_severities entry) */
} cg_rule;

/* One entry of the canonical algorithm table. */
typedef struct {
	char *name;         /* name format: "AES{-size}{-mode}" or fixed */
	char *family;       /* family, e.g. "AES" */
	pcre2_code *re;     /* caseless, anchored match of the raw string */
	char *primitive;    /* default primitive */
	char *primitive_ae; /* primitive when the mode is authenticated */
	char *functions;    /* default cryptoFunctions, comma-separated */
	char *oid;          /* OID of the family, or NULL */
	int classical;      /* strength when no size is known */
	int quantum;
	int *sizes; /* strength thresholds: sizes[i] -> classical[i] */
	int *classicals;
	int *quantums;
	size_t nsizes;
	char *fixed_size; /* the size implied by the name (e.g. SHA-256) */
} cg_algorithm;

typedef struct cg_ruleset {
	cg_rule *rules;
	size_t nrules;
	cg_algorithm *algs;
	size_t nalgs;
	cg_strv oid_names; /* canonical name -> OID, pairs (name, oid) */
	cg_strv literals;  /* all pre-filter words, lower case, unique */
	cg_strv patterns;  /* rules/patterns.yaml: pairs (name, regex) */
	void *matcher;     /* multi-literal matcher (Aho-Corasick) */
	char hash[65];     /* sha256 over every rule file's bytes */
	void *lazy;        /* compiled-query cache (rules.c), thread-safe */
} cg_ruleset;

/* Load every rules/<language>/ *.yaml under `dir` and dir/algorithms.yaml.
 * A broken file fails the load with CG_EPARSE and a message naming the
 * file, the line and the reason. */
int cg_rules_load(cg_ruleset **out, const char *dir);
/* cg_rules_load, loading only the rule folders of the packs with
 * packs[i] set (indexed like cg_lang_at; NULL: all). Rule files of other
 * folders are only hashed, so the hash is the full rule set's, and an
 * empty result is not an error. Queries are NOT compiled here: a rule's
 * query is compiled the first time a file needs it (its literals occur;
 * cg_rules_query), and kept for the rest of the process, so a scan of one
 * file pays only for the rules that file can match. A query that does not
 * compile is then reported by cg_rules_lazy_error(). cg_rules_load
 * compiles every query at load (rule checks and tests). */
int cg_rules_load_for(cg_ruleset **out, const char *dir, const bool *packs);
void cg_rules_free(cg_ruleset *rs);

/* ---- compiled queries, on demand ---------------------------------------
 * Every function here may be called from any number of threads on a shared
 * `const cg_ruleset *`: the cache has its own lock. */

/* Whether rule r has a query for pack index `pack`. */
bool cg_rules_applies(const cg_rule *r, size_t pack);
/* The compiled query of rule `rule` for `pack`, compiling it on first use
 * (another thread compiling it is waited for). NULL when the rule does not
 * apply to the pack or its query does not compile (then recorded for
 * cg_rules_lazy_error). */
const cg_query *cg_rules_query(const cg_ruleset *rs, size_t rule, size_t pack);
/* Compile, spread over the cores when there are several, the queries for
 * `pack` of every rule active under `present` not compiled yet. */
void cg_rules_prepare(const cg_ruleset *rs, size_t pack,
                      const uint8_t *present);
/* The first problem met compiling a query on demand ("file:line: rule
 * id: reason", in rule order among the failures seen), or NULL. */
const char *cg_rules_lazy_error(const cg_ruleset *rs);

/* Every rule of a pack in one query: tree-sitter walks the tree once for
 * all of them (one walk per rule costs more than the parse on a file that
 * mentions cryptography everywhere). Rules whose query text is the same
 * (most differ only in their conditions) share its patterns: pattern p
 * belongs to the rules rules[first[group[p]] .. first[group[p] + 1]).
 * at_id[rule] is the capture id of the rule's location (its `at`, else
 * @call), or -1 when the rule has neither (the first capture of a match
 * is the location). */
typedef struct {
	cg_query *q;
	uint32_t *group;  /* per pattern: its group */
	uint32_t *first;  /* per group, and one past the last */
	uint32_t *rules;  /* rule indexes (cg_ruleset.rules), by group */
	int32_t *at_id;   /* per rule (cg_ruleset.nrules entries) */
	int32_t *cond_id; /* per rule: capture id of its first condition's
	                     capture, or -1 */
} cg_pack_query;

/* The combined query of `pack`: NULL until built. A file of `len` bytes
 * about to be scanned is counted; once a pack has seen enough files to
 * repay the compilation, the calling thread builds it (other threads keep
 * using the per-rule queries meanwhile). NULL also when one of the pack's
 * rules does not compile (the per-rule queries report it). */
const cg_pack_query *cg_rules_pack_query(const cg_ruleset *rs, size_t pack,
                                         size_t len);

/* The pre-filter: set bit i of `present` (one bit per literal, caller
 * allocates (nliterals+7)/8 bytes, zeroed) for every literal found in
 * text (case-insensitive). Returns the number found. */
size_t cg_rules_prefilter(const cg_ruleset *rs, const char *text, size_t len,
                          uint8_t *present);
/* Whether `rule` may match, given the literals present. */
bool cg_rules_rule_active(const cg_rule *rule, const uint8_t *present);

/* The canonical description of a raw algorithm string. */
typedef struct {
	const cg_algorithm *alg; /* table entry, or NULL when unknown */
	char *size;              /* size from the raw string, or NULL */
	char *mode;              /* lower-case mode from the string, or NULL */
	char *padding;           /* canonical padding, or NULL */
	char *curve;             /* canonical curve, or NULL */
} cg_alg_match;

/* Look `raw` up in the algorithm table. Returns true when an entry
 * matched; *out's strings are owned by the caller (cg_alg_match_dispose). */
bool cg_rules_algorithm(cg_alg_match *out, const cg_ruleset *rs,
                        const char *raw, pcre2_match_data *md);
void cg_alg_match_dispose(cg_alg_match *m);
/* Canonical mode ("cbc", "gcm", ...) for a raw mode string, or NULL. */
char *cg_rules_mode(const char *raw);
/* Canonical padding ("pkcs5", "oaep", "none", ...) or NULL. */
char *cg_rules_padding(const char *raw);
/* Canonical elliptic-curve name ("P256", "secp256k1", "brainpoolP256r1",
 * "Curve25519"...) for a raw curve string, or NULL; *bits (may be NULL)
 * receives the curve's field size. */
char *cg_rules_curve(const char *raw, int *bits);
/* The canonical name for an algorithm with its size, mode and curve
 * (placeholders {-size}, {-mode}, {-curve}, {size}). */
char *cg_rules_name(const cg_algorithm *alg, const char *size, const char *mode,
                    const char *curve);
/* OID for a canonical name (exact), or the family OID, or NULL; borrowed. */
const char *cg_rules_oid(const cg_ruleset *rs, const cg_algorithm *alg,
                         const char *name);
/* Strength of alg at key size `size` (NULL = unknown). */
void cg_rules_strength(const cg_algorithm *alg, const char *size,
                       int *classical, int *quantum);

/* What a matched algorithm is built from: the raw algorithm string and
 * the values found next to it (raw text, normalised here), each with its
 * provenance, and the library defaults used when a value is not found.
 * Every pointer may be NULL. */
typedef struct {
	const char *raw; /* raw algorithm ("AES/CBC/PKCS5Padding") */
	cg_src raw_src;
	uint32_t raw_line;
	const char *raw_file; /* its defining file when another one, or NULL */
	cg_param key_size;    /* .value: digits, else ignored */
	cg_param mode;        /* .value: raw mode text */
	cg_param padding;     /* .value: raw padding text */
	cg_param curve;       /* .value: raw curve text */
	const char *default_key_size;
	const char *default_mode;
	const char *default_padding;
	const char *primitive; /* override of the table's primitive */
	const char *functions; /* override of the table's functions */
} cg_alg_spec;

/* The one finding builder: fill the asset fields of f (name, family,
 * primitive, functions, oid, strength, algorithm, key size, mode, padding,
 * curve) from spec through the algorithm table. Values given in spec win
 * over those in the raw string, which win over the defaults; a known
 * curve gives the key size when none is found. Leaves rule_id, symbol,
 * line and the misuse fields alone. Returns false (f untouched) when the
 * raw algorithm is not in the table. Used by the engine (rule matches)
 * and by the material readers (configurations, certificates, keys). */
bool cg_rules_finding(cg_finding *f, const cg_ruleset *rs,
                      const cg_alg_spec *spec, pcre2_match_data *md);

#endif
