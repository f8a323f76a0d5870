/* java.c — the Java language pack. */
#include "lang.h"

const TSLanguage *tree_sitter_java(void);

const cg_lang_pack cg_lang_pack_java = {
	.name = "java",
	.rules = "java",
	.extensions = (const char *const[]){"java", NULL},
	.interpreters = (const char *const[]){"java", NULL},
	.grammar = tree_sitter_java,
	.imports_query = "(import_declaration (scoped_identifier) @name)\n",
	.bindings_query = "(variable_declarator name: (identifier) @name"
			  "  value: (_) @value)\n",
	.members =
		(const cg_lang_member[]){{"field_access", "object", "field"},
					 {"method_invocation", "object", "name"},
					 {"scoped_identifier", "scope", "name"},
					 {NULL, NULL, NULL}},
	.calls = (const cg_lang_call[]){{"object_creation_expression", "type"},
					{NULL, NULL}},
	.name_types = (const char *const[]){"identifier", "type_identifier",
					    NULL},
	.string_types = (const char *const[]){"string_literal", NULL},
	.number_types = (const char *const[]){"decimal_integer_literal",
					      "hex_integer_literal",
					      "decimal_floating_point_literal",
					      NULL},
	.concat_types = (const char *const[]){"binary_expression", NULL},
	.comment_types = (const char *const[]){"line_comment", "block_comment",
					       NULL},
	.wrapper_types = (const char *const[]){"parenthesized_expression",
					       "cast_expression", NULL},
};
