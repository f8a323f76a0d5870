/* javascript.h — pack data shared by the JavaScript, TypeScript and TSX
 * packs (module-internal). */
#ifndef CG_LANG_JAVASCRIPT_H
#define CG_LANG_JAVASCRIPT_H

#define CG_JS_IMPORTS_QUERY                                                                                                                        \
	"(import_statement (import_clause (identifier) @alias)"                                                                                    \
	"  source: (string (string_fragment) @name))\n"                                                                                            \
	"(import_statement (import_clause (namespace_import (identifier) "                                                                         \
	"@alias)) source: (string (string_fragment) @name))\n"                                                                                     \
	"(import_statement (import_clause (named_imports (import_specifier"                                                                        \
	"  name: (identifier) @name)))"                                                                                                            \
	"  source: (string (string_fragment) @module))\n"                                                                                          \
	"(import_statement (import_clause (named_imports (import_specifier"                                                                        \
	"  name: (identifier) @name alias: (identifier) @alias)))"                                                                                 \
	"  source: (string (string_fragment) @module))\n"                                                                                          \
	"(variable_declarator name: (identifier) @alias"                                                                                           \
	"  value: (call_expression function: (identifier) @_req"                                                                                   \
	"  arguments: (arguments . (string (string_fragment) @name)))"                                                                             \
	"  (#eq? @_req \"require\"))\n"                                                                                                            \
	"(variable_declarator name: (object_pattern"                                                                                               \
	"  (shorthand_property_identifier_pattern) @name)"                                                                                         \
	"  value: (call_expression function: (identifier) @_req"                                                                                   \
	"  arguments: (arguments . (string (string_fragment) @module)))"                                                                           \
	"  (#eq? @_req \"require\"))\n"                                                                                                            \
	"(variable_declarator name: (object_pattern (pair_pattern"                                                                                 \
	"  key: (property_identifier) @name value: (identifier) @alias))"                                                                          \
	"  value: (call_expression function: (identifier) @_req"                                                                                   \
	"  arguments: (arguments . (string (string_fragment) @module)))"                                                                           \
	"  (#eq? @_req \"require\"))\n" /* transpiler interop: var _crypto =                                                                       \
	                                 * _interopRequireDefault(require("crypto"))                                                               \
	                                 * (Babel),                                                                                                \
	                                 * __importDefault / __importStar                                                                          \
	                                 * (tsc), __toESM (esbuild) */                                                                             \
	"(variable_declarator name: (identifier) @alias"                                                                                           \
	"  value: (call_expression function: (identifier) @_wrap"                                                                                  \
	"  arguments: (arguments . (call_expression function: (identifier)"                                                                        \
	"  @_req arguments: (arguments . (string (string_fragment) @name)))))"                                                                     \
	"  (#eq? @_req \"require\")"                                                                                                               \
	"  (#match? @_wrap \"^(_interopRequireDefault|"                                                                                            \
	"_interopRequireWildcard|__importDefault|__importStar|__toESM)$\"))\n" /* Rollup: var crypto__default = _interopDefaultLegacy(crypto), the \
	                                                                        * argument named after the module it holds */                      \
	"(variable_declarator name: (identifier) @alias"                                                                                           \
	"  value: (call_expression function: (identifier) @_wrap"                                                                                  \
	"  arguments: (arguments . (identifier) @name .))"                                                                                         \
	"  (#match? @_wrap \"^_interopDefault(Legacy|Compat)?$\"))\n"

/* Constants and variables; reassignments (followed as reaching
 * definitions); fields assigned through `this`; parameters (bound to
 * themselves: resolved from the call sites, or their default). */
#define CG_JS_BINDINGS_QUERY                                                 \
	"(variable_declarator name: (identifier) @name value: (_) @value)\n" \
	"(assignment_expression left: (identifier) @name right: (_) "        \
	"@value)\n"                                                          \
	"(assignment_expression left: (member_expression object: (this) "    \
	"property: (property_identifier) @name) @_field right: (_) @value)\n"

/* JavaScript's parameters. */
#define CG_JS_PARAMS_QUERY                                                  \
	"(formal_parameters (identifier) @name @value)\n"                   \
	"(formal_parameters (assignment_pattern left: (identifier) @name) " \
	"@value)\n"

/* TypeScript's parameters. */
#define CG_TS_PARAMS_QUERY                                                     \
	"(formal_parameters (required_parameter pattern: (identifier) @name) " \
	"@value)\n"                                                            \
	"(formal_parameters (optional_parameter pattern: (identifier) @name) " \
	"@value)\n"

/* Data flow: parameters, functions, returns, branches, receivers. */
#define CG_JS_FLOW                                                            \
	&(const cg_lang_flow)                                                 \
	{                                                                     \
		.params = (const char *const[]){ "formal_parameters", NULL }, \
		.functions =                                                  \
		    (const char *const[]){ "function_declaration",            \
			                   "function",                        \
			                   "function_expression",             \
			                   "arrow_function",                  \
			                   "method_definition",               \
			                   "generator_function_declaration",  \
			                   NULL },                            \
		.returns = (const char *const[]){ "return_statement", NULL }, \
		.branches =                                                   \
		    (const char *const[]){                                    \
			    "if_statement",    "ternary_expression",          \
			    "switch_case",     "switch_default",              \
			    "for_statement",   "for_in_statement",            \
			    "while_statement", "do_statement",                \
			    "catch_clause",    NULL                           \
		    },                                                        \
		.choices =                                                    \
		    (const char *const[]){ "ternary_expression", NULL },      \
		.self_names = (const char *const[]){ "this", NULL },          \
		.assigns =                                                    \
		    (const char *const[]){ "assignment_expression", NULL },   \
		.ctor_name = "constructor",                                   \
		.maps = (const char *const[]){ "object", NULL },              \
		.sequences = (const char *const[]){ "array", NULL },          \
		.subscript = "subscript_expression", .sub_object = "object",  \
		.sub_index = "index",                                         \
		.classes = (const char *const[]){ "class_declaration",        \
			                          "class", NULL },            \
	}

#define CG_JS_MEMBERS                                          \
	(const cg_lang_member[])                               \
	{                                                      \
		{ "member_expression", "object", "property" }, \
		{                                              \
			NULL, NULL, NULL                       \
		}                                              \
	}

#define CG_JS_CALLS                                      \
	(const cg_lang_call[])                           \
	{                                                \
		{ "call_expression", "function" },       \
		    { "new_expression", "constructor" }, \
		{                                        \
			NULL, NULL                       \
		}                                        \
	}

#define CG_JS_NAMES                                                          \
	(const char *const[])                                                \
	{                                                                    \
		"identifier", "property_identifier",                         \
		    "shorthand_property_identifier", "type_identifier", NULL \
	}

#define CG_JS_STRINGS                             \
	(const char *const[])                     \
	{                                         \
		"string", "template_string", NULL \
	}
#define CG_JS_NUMBERS          \
	(const char *const[])  \
	{                      \
		"number", NULL \
	}
#define CG_JS_CONCAT                      \
	(const char *const[])             \
	{                                 \
		"binary_expression", NULL \
	}
#define CG_JS_COMMENTS          \
	(const char *const[])   \
	{                       \
		"comment", NULL \
	}
#define CG_JS_WRAPPERS                                                  \
	(const char *const[])                                           \
	{                                                               \
		"parenthesized_expression", "as_expression",            \
		    "non_null_expression", "satisfies_expression", NULL \
	}
/* function bodies: a const inside one is not visible in another */
#define CG_JS_SCOPES                                                       \
	(const char *const[])                                              \
	{                                                                  \
		"function_declaration", "function", "function_expression", \
		    "arrow_function", "method_definition",                 \
		    "generator_function_declaration", NULL                 \
	}

#endif
