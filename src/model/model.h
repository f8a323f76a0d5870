/*
 * model — plain data shared between the engine, the inventory and the
 * emitters, so that none of them depends on another: a finding (one use of
 * an algorithm at one place) and its parameters with their provenance.
 *
 * Ownership: every char * inside a cg_finding is owned by the finding and
 * released by cg_finding_dispose(). A cg_findings list owns its findings.
 */
#ifndef CG_MODEL_H
#define CG_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Where a parameter value came from. */
typedef enum {
	CG_SRC_UNKNOWN = 0, /* not resolved: the value is NULL */
	CG_SRC_LITERAL,     /* a literal at the call site */
	CG_SRC_CONSTANT,    /* a constant defined elsewhere in the file */
	CG_SRC_DEFAULT,     /* the library's documented default */
	CG_SRC_API,         /* implied by the API itself (e.g. hashlib.md5) */
	/* reached through the value resolution (src/engine): */
	CG_SRC_FIELD,       /* a field or attribute assigned in the file */
	CG_SRC_PARAMETER,   /* an argument at a call site of the function */
	CG_SRC_RETURN,      /* the return value of a helper function */
	CG_SRC_CONTAINER,   /* an element of a map/dict/list literal */
	CG_SRC_ENV,         /* the in-code default of a configuration lookup
	                       (a key no configuration file of the tree sets,
	                       an option's fallback) */
	CG_SRC_UNRESOLVED,  /* the code names it but it cannot be resolved */
	CG_SRC_PROPERTIES,  /* the value a configuration file of the tree
	                       (.properties, application.yml) sets for the
	                       key; line: in that file (named by the finding's
	                       parameter "config:file") */
	CG_SRC_ENV_DEFAULT, /* the in-code default of an environment
	                       variable (named by the parameter "env") */
} cg_src;

/* Text name of a source ("literal", "constant", ...); static. */
const char *cg_src_name(cg_src src);

typedef struct {
	char *value;   /* canonical value, or NULL when unknown */
	cg_src src;    /* provenance */
	uint32_t line; /* 1-based line of the definition (constant, field,
	                  call site, return...), 0 when at the use */
	char *file;    /* path of the file that defines it when another file
	                  of the scan does (line is then that file's), NULL
	                  for the file of the use; owned */
} cg_param;

/* A named parameter beyond the fixed ones: a cost parameter
 * ("iterations", "memory", "n"), a property ("randomness": "weak"), a
 * related component ("related:prf": its canonical name) or a protocol
 * setting ("protocol", "version", "ciphers", "groups"). */
typedef struct {
	char *name;
	cg_param p;
} cg_xparam;

/* How a finding is suppressed (src/suppress). */
typedef enum {
	CG_SUPP_NONE = 0, /* not suppressed */
	CG_SUPP_INLINE,   /* a `cryptagion: ignore[RULE] reason` comment */
	CG_SUPP_BASELINE, /* its fingerprint is in the baseline file */
} cg_supp_kind;

/* Whether a suppression applies. */
typedef enum {
	CG_SUPP_APPLIES = 0, /* the finding is suppressed */
	CG_SUPP_EXPIRED,     /* until= is in the past: the finding is active */
	CG_SUPP_INVALID,     /* no reason given: the finding is active */
} cg_supp_status;

typedef struct {
	char *rule_id;      /* the rule that fired */
	char *name;         /* canonical asset name, e.g. "AES-256-GCM" */
	char *family;       /* algorithm family, e.g. "AES" */
	char *primitive;    /* CycloneDX primitive, e.g. "ae" */
	char *functions;    /* comma-separated CycloneDX cryptoFunctions */
	char *oid;          /* object identifier, or NULL */
	int classical;      /* classical security level in bits */
	int quantum;        /* NIST quantum security category 0..6 */
	cg_param algorithm; /* the algorithm itself (value = family) */
	cg_param key_size;  /* key size in bits */
	cg_param mode;      /* cipher mode, lower case */
	cg_param padding;   /* padding scheme, lower case */
	cg_param curve;     /* elliptic curve */
	char *symbol;       /* the API symbol, e.g. "hashlib.md5" */
	cg_xparam *xparams; /* further parameters, sorted by name */
	size_t nxparams;
	size_t capxparams; /* allocated for xparams */
	/* A recognised call whose algorithm could not be resolved: why
	 * ("parameter `alg` of `encrypt`"); the asset is then the generic
	 * "unresolved-<family>" of the rule. NULL when resolved. */
	char *unresolved;
	/* Misuse findings (rules with `misuse:`): the category, its severity
	 * and the rule's message; all NULL for plain inventory findings. A
	 * misuse may carry no asset: then name and the asset fields are
	 * NULL. */
	char *misuse;
	char *severity;
	char *message;
	uint32_t line;        /* 1-based line of the use */
	uint32_t column;      /* 1-based byte column of the use */
	char line_hash[65];   /* sha256 hex of the normalised line
	                         (src/suppress), "" until set */
	char fingerprint[65]; /* sha256 hex (src/suppress), "" until set */
	cg_supp_kind supp_kind;
	cg_supp_status supp_status;
	char *supp_reason;  /* the suppression's reason, or NULL */
	char *supp_until;   /* its expiry date YYYY-MM-DD, or NULL */
	uint32_t supp_line; /* 1-based line of the suppression comment */
} cg_finding;

void cg_finding_dispose(cg_finding *f);
/* Set p's value (copied), provenance and line; its defining file is
 * cleared (the file of the use). */
void cg_param_set(cg_param *p, const char *value, cg_src src, uint32_t line);
/* Set the file that defines p's value (copied; NULL: the file of the
 * use). Nothing is set when p has no value. */
void cg_param_set_file(cg_param *p, const char *file);
/* Set the named parameter `name` of f (replacing an earlier value; kept
 * sorted by name). value NULL: nothing is set. */
void cg_finding_xparam(cg_finding *f, const char *name, const char *value,
                       cg_src src, uint32_t line);
/* The named parameter `name` of f, or NULL. */
const cg_param *cg_finding_xget(const cg_finding *f, const char *name);

typedef struct {
	cg_finding *items;
	size_t len;
	size_t cap;
} cg_findings;

/* Append a zeroed finding and return it (borrowed, valid until the next
 * push). */
cg_finding *cg_findings_push(cg_findings *v);
/* Sort by (line, column, rule id, name): a stable, timing-free order. */
void cg_findings_sort(cg_findings *v);
void cg_findings_dispose(cg_findings *v);

#endif
