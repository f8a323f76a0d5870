/*
 * lang — the language registry. Each supported language is a pack: data
 * (extensions, shebang interpreters, the tree-sitter grammar, node kinds and
 * two small queries) plus an optional hook. Nothing outside this module
 * names a language; the engine reads everything it needs from the pack.
 *
 * Ownership: packs are static const data, valid for the life of the process
 * and safe to share between threads.
 */
#ifndef CG_LANG_H
#define CG_LANG_H

#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

/* A node kind that accesses a member: `object.property`. */
typedef struct {
	const char *type;     /* node type, e.g. "attribute" */
	const char *object;   /* field holding the left side */
	const char *property; /* field holding the member name */
	/* field holding call arguments when the node is also a call (Java's
	 * method_invocation), else NULL */
	const char *arguments;
} cg_lang_member;

/* A node kind that calls something: the callee is in field `function`. */
typedef struct {
	const char *type;     /* node type, e.g. "call" */
	const char *function; /* field holding the callee */
} cg_lang_call;

/* Called by an import hook for each name the file binds: `alias` now
 * stands for the qualified name `target` ("." separated). */
typedef void (*cg_lang_bind_fn)(void *payload, const char *alias,
                                const char *target);

/* A configuration or environment lookup with an in-code default:
 * `os.environ.get("ALG", "sha256")`. The callee's resolved name ends with
 * `callee` (after a "." or at the start); `key` and `fallback` are
 * argument indexes (-1: none). */
typedef struct {
	const char *callee;
	int key;
	int fallback;
} cg_lang_config;

/* What the engine needs to follow a value across statements and calls
 * (reaching definitions, parameters, helper returns, fields). All lists
 * are NULL-terminated; any may be NULL. */
typedef struct {
	const char *const *params;     /* parameter list node kinds */
	const char *const *functions;  /* function definitions: name in field
	                                  `name`, else the `declarator` chain */
	const char *const *returns;    /* return statements (value: first
	                                  named child) */
	const char *const *branches;   /* conditionals and loops: a definition
	                                  inside one may not reach a use after
	                                  it */
	const char *const *choices;    /* conditional expressions (a ? b : c,
	                                  b if a else c): either value; fields
	                                  consequence/alternative, else the
	                                  first and last named child */
	const char *const *self_names; /* receivers: this, self, &self */
	const char *ctor_name;         /* a constructor's method name whose
	                                  call sites name the class
	                                  (__init__), or NULL */
	const char *const *classes;    /* class kinds (for ctor_name) */
	const cg_lang_config *config;  /* terminated by {NULL} */
	/* container literals: maps (children `pair` with fields key and
	 * value) and sequences; and subscripts `x[k]` (fields object and
	 * index). A name bound to a literal map or list, indexed by a
	 * constant key, resolves to that element. */
	const char *const *maps;
	const char *const *sequences;
	const char *subscript, *sub_object, *sub_index;
	/* a call that reads an attribute by name (`getattr(mod, "x")`):
	 * resolves to mod.x when the name is constant; NULL if none */
	const char *getattr;
	/* assignments that store into a variable, an element or a field
	 * (fields left and right: `iv[i] = rand()`, `key = ...`); the
	 * engine follows a weak generator's value through them */
	const char *const *assigns;
} cg_lang_flow;

typedef struct cg_lang_pack {
	const char *name;  /* pack name, e.g. "typescript" */
	const char *rules; /* rule language applied to it, e.g. "javascript" */
	const char *const *extensions;   /* file name suffixes, without dot */
	const char *const *interpreters; /* shebang interpreter base names */
	const TSLanguage *(*grammar)(void);
	/* Imports: a query whose matches bind names. Captures: @name (the
	 * imported name or module path), optional @module (the module it comes
	 * from), optional @alias (the local name; default: the last segment of
	 * @name). The alias then stands for "module.name". Captures whose name
	 * starts with "_" only serve predicates. NULL when the language has no
	 * imports worth resolving. */
	const char *imports_query;
	/* An optional hook run on every @use capture of imports_query, for
	 * import syntax that a query cannot flatten (e.g. Rust use trees). */
	void (*import_hook)(TSNode node, const char *src, cg_lang_bind_fn bind,
	                    void *payload);
	/* Constants: a query with @name and @value captures, binding a name to
	 * the expression it is defined as in this file. */
	const char *bindings_query;
	const cg_lang_member *members;   /* terminated by {NULL} */
	const cg_lang_call *calls;       /* terminated by {NULL} */
	const char *const *name_types;   /* identifier-like node kinds */
	const char *const *string_types; /* string literal node kinds */
	const char *const *number_types; /* numeric literal node kinds */
	const char *const
	    *concat_types; /* binary nodes whose `+` concatenates */
	const char *const *comment_types; /* comment node kinds */
	/* Node kinds that wrap a single expression (parentheses, casts...),
	 * resolved to their field `value` if present (casts), else to their
	 * first named child. */
	const char *const *wrapper_types;
	/* Node kinds that bound the visibility of a constant defined inside
	 * them (function bodies); a definition outside all of them is
	 * visible in the whole file. */
	const char *const *scope_types;
	/* Array or composite literals ({0x01, 0x02}, []byte{...}, [1, 2]):
	 * one whose elements are all literals resolves to its text, as a
	 * literal (a hard-coded key or IV); its `type` child is ignored. */
	const char *const *aggregate_types;
	/* data flow across statements and calls, or NULL */
	const cg_lang_flow *flow;
	/* Project constants: a PCRE2 pattern (multiline, duplicate names
	 * allowed) matching a top-level constant defined with a literal in
	 * the source text, with groups `name` and `value` (a quoted string or
	 * decimal digits); read by a first pass over all files of a scan
	 * without parsing. NULL: no project constants. */
	const char *xconst_pattern;
} cg_lang_pack;

/* Number of registered packs, and pack i (borrowed, static). */
size_t cg_lang_count(void);
const cg_lang_pack *cg_lang_at(size_t i);
/* The pack named `name`, or NULL. */
const cg_lang_pack *cg_lang_by_name(const char *name);
/* The pack for a file: by extension, else by the shebang in the first
 * `head_len` bytes of `head` (may be NULL). NULL if no pack claims it. */
const cg_lang_pack *cg_lang_detect(const char *path, const char *head,
                                   size_t head_len);
/* True if `type` is one of the NULL-terminated `types`. */
int cg_lang_type_in(const char *type, const char *const *types);

#endif
