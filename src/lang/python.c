/* python.c — the Python language pack. */
#include "lang.h"

const TSLanguage *tree_sitter_python(void);

const cg_lang_pack cg_lang_pack_python = {
	.name = "python",
	.rules = "python",
	.extensions = (const char *const[]){ "py", "pyw", "pyi", NULL },
	.interpreters = (const char *const[]){ "python", NULL },
	.grammar = tree_sitter_python,
	.imports_query =
	    /* `import hashlib`: the module's own name */
	"(import_statement name: (dotted_name . (identifier) @name .))\n"
	"(import_statement name: (aliased_import"
	"  name: (dotted_name) @name alias: (identifier) @alias))\n"
	"(import_from_statement module_name: (dotted_name) @module"
	"  name: (dotted_name) @name)\n"
	"(import_from_statement module_name: (dotted_name) @module"
	"  name: (aliased_import name: (dotted_name) @name"
	"  alias: (identifier) @alias))\n",
	.bindings_query =
	    "(assignment left: (identifier) @name right: (_) @value)\n"
	    "(assignment left: (attribute attribute: (identifier) @name) "
	    "@_field"
	    "  right: (_) @value)\n"
	    /* parameters bind to themselves (resolved from the call
	     * sites, or their default) */
	    "(parameters (identifier) @name @value)\n"
	    "(parameters (default_parameter name: (identifier) @name) @value)\n"
	    "(parameters (typed_parameter . (identifier) @name) @value)\n"
	    "(parameters (typed_default_parameter name: (identifier) @name)"
	    "  @value)\n",
	.members =
	    (const cg_lang_member[]){ { "attribute", "object", "attribute" },
	                              { NULL, NULL, NULL } },
	.calls =
	    (const cg_lang_call[]){ { "call", "function" }, { NULL, NULL } },
	.name_types = (const char *const[]){ "identifier", NULL },
	.string_types = (const char *const[]){ "string", NULL },
	.number_types = (const char *const[]){ "integer", "float", NULL },
	.concat_types = (const char *const[]){ "binary_operator",
	                                       "concatenated_string", NULL },
	.comment_types = (const char *const[]){ "comment", NULL },
	.wrapper_types =
	    (const char *const[]){ "parenthesized_expression", NULL },
	.scope_types =
	    (const char *const[]){ "function_definition", "lambda", NULL },
	.aggregate_types = (const char *const[]){ "list", "tuple", NULL },
	.flow =
	    &(const cg_lang_flow){
	        .params = (const char *const[]){ "parameters", NULL },
	        .functions =
	            (const char *const[]){ "function_definition", NULL },
	        .returns = (const char *const[]){ "return_statement", NULL },
	        .branches =
	            (const char *const[]){
	                "if_statement", "elif_clause", "else_clause",
	                "conditional_expression", "for_statement",
	                "while_statement", "try_statement", "except_clause",
	                "match_statement", "case_clause", "with_statement",
	                NULL },
	        .choices =
	            (const char *const[]){ "conditional_expression", NULL },
	        .self_names = (const char *const[]){ "self", "cls", NULL },
	        .ctor_name = "__init__",
	        .maps = (const char *const[]){ "dictionary", NULL },
	        .sequences = (const char *const[]){ "list", "tuple", NULL },
	        .subscript = "subscript",
	        .sub_object = "value",
	        .sub_index = "subscript",
	        .getattr = "getattr",
	        .assigns =
	            (const char *const[]){ "assignment", "augmented_assignment",
	                                   NULL },
	        .classes = (const char *const[]){ "class_definition", NULL },
	        .config =
	            (const cg_lang_config[]){ { "environ.get", 0, 1 },
	                                      { "getenv", 0, 1 },
	                                      { "environ.setdefault", 0, 1 },
	                                      { NULL, 0, 0 } },
	    },
	.xconst_pattern =
	    "^(?<name>[A-Za-z_]\\w*)[ \\t]*(?::[ \\t]*\\w+[ \\t]*)?=[ "
	    "\\t]*(?<value>\\\"[^\\\"\\\\\\n]*\\\"|'[^'\\\\\\n]*'|[0-9]+)[ "
	    "\\t]*(?:#.*)?$",
};
