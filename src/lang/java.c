/* java.c — the Java language pack. */
#include "lang.h"

const TSLanguage *tree_sitter_java(void);

const cg_lang_pack cg_lang_pack_java = {
	.name = "java",
	.rules = "java",
	.extensions = (const char *const[]){ "java", NULL },
	.interpreters = (const char *const[]){ "java", NULL },
	.grammar = tree_sitter_java,
	.imports_query = "(import_declaration (scoped_identifier) @name)\n",
	/* Constants, plus the names that shadow them without a known value
	 * (parameters, loop and lambda variables, declarations without an
	 * initialiser): bound to their own declaration, which resolves to
	 * nothing, so that a parameter `algorithm` does not take the value of
	 * a local `algorithm` declared earlier in another method. */
	.bindings_query =
	    "(variable_declarator name: (identifier) @name"
	    "  value: (_) @value)\n"
	    "(variable_declarator name: (identifier) @name !value) @value\n"
	    "(formal_parameter name: (identifier) @name) @value\n"
	    /* an assignment rebinds a local: `=` to its new value, a
	     * compound one (+=, |=...) to an unknown value, so that
	     * `int count = 0; ... count = spec.getIterationCount();` is
	     * not taken as 0 */
	    "(assignment_expression left: (identifier) @name"
	    "  operator: \"=\" right: (_) @value)\n"
	    "(assignment_expression left: (identifier) @name"
	    "  operator: [\"+=\" \"-=\" \"*=\" \"/=\" \"%=\" \"&=\" \"|=\""
	    "  \"^=\" \"<<=\" \">>=\" \">>>=\"]) @value\n"
	    "(catch_formal_parameter name: (identifier) @name) @value\n"
	    "(enhanced_for_statement name: (identifier) @name) @value\n"
	    "(lambda_expression parameters: (identifier) @name) @value\n"
	    "(inferred_parameters (identifier) @name) @value\n"
	    /* a field assigned through the receiver: `this.alg = alg` */
	    "(assignment_expression left: (field_access object: (this)"
	    "  field: (identifier) @name) @_field operator: \"=\""
	    "  right: (_) @value)\n",
	.members =
	    (const cg_lang_member[]){
	        { "field_access", "object", "field" },
	        { "method_invocation", "object", "name", "arguments" },
	        { "scoped_identifier", "scope", "name" },
	        { NULL, NULL, NULL } },
	.calls =
	    (const cg_lang_call[]){ { "object_creation_expression", "type" },
	                            { NULL, NULL } },
	.name_types =
	    (const char *const[]){ "identifier", "type_identifier", NULL },
	.string_types = (const char *const[]){ "string_literal", NULL },
	.number_types =
	    (const char *const[]){ "decimal_integer_literal",
	                           "hex_integer_literal",
	                           "decimal_floating_point_literal", NULL },
	.concat_types = (const char *const[]){ "binary_expression", NULL },
	.comment_types =
	    (const char *const[]){ "line_comment", "block_comment", NULL },
	.wrapper_types = (const char *const[]){ "parenthesized_expression",
	                                        "cast_expression", NULL },
	.scope_types = (const char *const[]){ "method_declaration",
	                                      "constructor_declaration",
	                                      "lambda_expression", NULL },
	.aggregate_types = (const char *const[]){ "array_creation_expression",
	                                          "array_initializer", NULL },
	.flow =
	    &(const cg_lang_flow){
	        .params = (const char *const[]){ "formal_parameters", NULL },
	        .functions =
	            (const char *const[]){ "method_declaration",
	                                   "constructor_declaration", NULL },
	        .returns = (const char *const[]){ "return_statement", NULL },
	        .branches =
	            (const char *const[]){
	                "if_statement", "ternary_expression",
	                "switch_block_statement_group", "switch_rule",
	                "while_statement", "for_statement",
	                "enhanced_for_statement", "do_statement",
	                "catch_clause", "lambda_expression", NULL },
	        .choices = (const char *const[]){ "ternary_expression", NULL },
	        .self_names = (const char *const[]){ "this", NULL },
	        .assigns =
	            (const char *const[]){ "assignment_expression", NULL },
	        .config = (const cg_lang_config[]){ { "getProperty", 0, 1 },
	                                            { "getenv", 0, -1 },
	                                            { "getOrDefault", 0, 1 },
	                                            { NULL, 0, 0 } },
	    },
	.xconst_pattern =
	    "^[ \\t]*(?:(?:public|private|protected)[ \\t]+)?(?:static[ "
	    "\\t]+final|final[ \\t]+static)[ \\t]+(?:String|int|long|short)[ "
	    "\\t]+(?<name>[A-Za-z_]\\w*)[ \\t]*=[ "
	    "\\t]*(?<value>\"[^\"\\\\\\n]*\"|[0-9]+)[ \\t]*;",
};
