/* go.c — the Go language pack. */
#include "lang.h"

const TSLanguage *tree_sitter_go(void);

const cg_lang_pack cg_lang_pack_go = {
	.name = "go",
	.rules = "go",
	.extensions = (const char *const[]){ "go", NULL },
	.interpreters = NULL,
	.grammar = tree_sitter_go,
	.imports_query =
	    "(import_spec !name path: (_) @name)\n"
	    "(import_spec name: (package_identifier) @alias path: (_) @name)\n",
	/* A []byte conversion of a string literal binds the name to the
	 * string (key := []byte("...")); other conversions stay unbound. */
	.bindings_query =
	    "(const_spec name: (identifier) @name"
	    "  value: (expression_list . (_) @value))\n"
	    "((var_spec name: (identifier) @name"
	    "  value: (expression_list . (_) @value))"
	    " (#not-match? @value \"^\\\\[\\\\]byte\\\\s*\\\\(\"))\n"
	    "((short_var_declaration left: (expression_list . (identifier) "
	    "@name) right: (expression_list . (_) @value))"
	    " (#not-match? @value \"^\\\\[\\\\]byte\\\\s*\\\\(\"))\n"
	    /* A plain assignment of a call result (`block, err =
	     * aes.NewCipher(k)` after `var block cipher.Block`) binds the
	     * name like `:=` does, when it runs unconditionally: in an if
	     * initializer or directly in a function body, not in one
	     * branch of a switch or an if (the nearest one before a use
	     * would then be a guess). */
	    "(if_statement initializer: (assignment_statement left: "
	    "(expression_list . (identifier) @name) operator: \"=\" "
	    "right: (expression_list . (call_expression) @value)))\n"
	    "([(function_declaration body: (block (assignment_statement "
	    "left: (expression_list . (identifier) @name) operator: \"=\" "
	    "right: (expression_list . (call_expression) @value))))"
	    " (method_declaration body: (block (assignment_statement "
	    "left: (expression_list . (identifier) @name) operator: \"=\" "
	    "right: (expression_list . (call_expression) @value))))"
	    " (func_literal body: (block (assignment_statement "
	    "left: (expression_list . (identifier) @name) operator: \"=\" "
	    "right: (expression_list . (call_expression) @value))))])\n"
	    "(var_spec name: (identifier) @name"
	    "  value: (expression_list . (type_conversion_expression"
	    "  type: (slice_type) operand: [(interpreted_string_literal)"
	    "  (raw_string_literal)] @value)))\n"
	    "(short_var_declaration left: (expression_list . (identifier) "
	    "@name) right: (expression_list . (type_conversion_expression"
	    "  type: (slice_type) operand: [(interpreted_string_literal)"
	    "  (raw_string_literal)] @value)))\n"
	    /* any other assignment: followed as a reaching definition */
	    "(assignment_statement left: (expression_list . (identifier) @name)"
	    "  operator: \"=\" right: (expression_list . (_) @value))\n"
	    /* parameters: resolved from the call sites */
	    "(parameter_declaration name: (identifier) @name) @value\n",
	.members =
	    (const cg_lang_member[]){
	        { "selector_expression", "operand", "field" },
	        { "qualified_type", "package", "name" },
	        { NULL, NULL, NULL } },
	.calls = (const cg_lang_call[]){ { "call_expression", "function" },
	                                 { "composite_literal", "type" },
	                                 { NULL, NULL } },
	.name_types = (const char *const[]){ "identifier", "package_identifier",
	                                     "field_identifier",
	                                     "type_identifier", NULL },
	.string_types = (const char *const[]){ "interpreted_string_literal",
	                                       "raw_string_literal", NULL },
	.number_types =
	    (const char *const[]){ "int_literal", "float_literal", NULL },
	.concat_types = (const char *const[]){ "binary_expression", NULL },
	.comment_types = (const char *const[]){ "comment", NULL },
	.wrapper_types =
	    (const char *const[]){ "parenthesized_expression", NULL },
	.scope_types =
	    (const char *const[]){ "function_declaration", "method_declaration",
	                           "func_literal", NULL },
	.aggregate_types = (const char *const[]){ "composite_literal", NULL },
	.flow =
	    &(const cg_lang_flow){
	        .params = (const char *const[]){ "parameter_list", NULL },
	        .functions = (const char *const[]){ "function_declaration",
	                                            "method_declaration",
	                                            "func_literal", NULL },
	        .returns = (const char *const[]){ "return_statement", NULL },
	        .branches =
	            (const char *const[]){ "if_statement", "expression_case",
	                                   "default_case", "type_case",
	                                   "communication_case",
	                                   "for_statement", NULL },
	        .assigns =
	            (const char *const[]){ "assignment_statement",
	                                   "short_var_declaration", NULL },
	        .config = (const cg_lang_config[]){ { "Getenv", 0, -1 },
	                                            { "LookupEnv", 0, -1 },
	                                            { NULL, 0, 0 } },
	    },
	.xconst_pattern =
	    "^(?:(?:const|var)[ \\t]+|\\t)(?<name>[A-Za-z_]\\w*)(?:[ "
	    "\\t]+\\w+)?[ \\t]*=[ "
	    "\\t]*(?<value>\"[^\"\\\\\\n]*\"|`[^`\\n]*`|[0-9]+)[ "
	    "\\t]*(?://.*)?$",
};
