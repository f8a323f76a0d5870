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
	    "(import_statement name: (aliased_import"
	    "  name: (dotted_name) @name alias: (identifier) @alias))\n"
	    "(import_from_statement module_name: (dotted_name) @module"
	    "  name: (dotted_name) @name)\n"
	    "(import_from_statement module_name: (dotted_name) @module"
	    "  name: (aliased_import name: (dotted_name) @name"
	    "  alias: (identifier) @alias))\n",
	.bindings_query =
	    "(assignment left: (identifier) @name right: (_) @value)\n"
	    "(assignment left: (attribute attribute: (identifier) @name)"
	    "  right: (_) @value)\n",
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
};
