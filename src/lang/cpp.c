/* cpp.c — the C++ language pack; C rules apply to it. */
#include "lang.h"

const TSLanguage *tree_sitter_cpp(void);

const cg_lang_pack cg_lang_pack_cpp = {
	.name = "cpp",
	.rules = "c",
	.extensions = (const char *const[]){ "cc", "cpp", "cxx", "c++", "hpp",
	                                     "hh", "hxx", "h++", "ipp", NULL },
	.interpreters = NULL,
	.grammar = tree_sitter_cpp,
	.imports_query = NULL,
	.bindings_query =
	    "(preproc_def name: (identifier) @name value: (preproc_arg) "
	    "@value)\n"
	    "(init_declarator declarator: (identifier) @name value: (_) "
	    "@value)\n"
	    "(init_declarator declarator: (pointer_declarator declarator: "
	    "(identifier) @name) value: (_) @value)\n"
	    "(init_declarator declarator: (array_declarator declarator: "
	    "(identifier) @name) value: (_) @value)\n"
	    "(enumerator name: (identifier) @name value: (_) @value)\n"
	    /* declarations without a value and parameters shadow a
	     * constant of the same name elsewhere in the file: they
	     * resolve to nothing (their own name) */
	    "(declaration declarator: (identifier) @name) @value\n"
	    "(parameter_declaration declarator: (identifier) @name) "
	    "@value\n"
	    "(parameter_declaration declarator: (pointer_declarator "
	    "declarator: (identifier) @name)) @value\n"
	    "(parameter_declaration declarator: (reference_declarator "
	    "(identifier) @name)) @value\n"
	    "(optional_parameter_declaration declarator: (identifier) "
	    "@name) @value\n",
	.members =
	    (const cg_lang_member[]){
	        { "field_expression", "argument", "field" },
	        { "qualified_identifier", "scope", "name" },
	        { NULL, NULL, NULL } },
	.calls = (const cg_lang_call[]){ { "call_expression", "function" },
	                                 { "new_expression", "type" },
	                                 { NULL, NULL } },
	.name_types = (const char *const[]){ "identifier", "field_identifier",
	                                     "namespace_identifier",
	                                     "type_identifier", NULL },
	.string_types = (const char *const[]){ "string_literal",
	                                       "raw_string_literal", NULL },
	.number_types = (const char *const[]){ "number_literal", NULL },
	.concat_types = (const char *const[]){ "concatenated_string", NULL },
	.comment_types = (const char *const[]){ "comment", NULL },
	.wrapper_types =
	    (const char *const[]){ "parenthesized_expression",
	                           "cast_expression", "preproc_arg", NULL },
	.scope_types = (const char *const[]){ "function_definition",
	                                      "lambda_expression", NULL },
};
