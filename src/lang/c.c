/* c.c — the C language pack. */
#include "c_family.h"
#include "lang.h"

const TSLanguage *tree_sitter_c(void);

const cg_lang_pack cg_lang_pack_c = {
	.name = "c",
	.rules = "c",
	.extensions = (const char *const[]){ "c", "h", NULL },
	.interpreters = NULL,
	.grammar = tree_sitter_c,
	.imports_query = NULL,
	.bindings_query = CG_C_BINDINGS_DECLS CG_C_BINDINGS_ASSIGN,
	.members = (const cg_lang_member[]){ { "field_expression", "argument",
	                                       "field" },
	                                     { NULL, NULL, NULL } },
	.calls = (const cg_lang_call[]){ { "call_expression", "function" },
	                                 { NULL, NULL } },
	.name_types =
	    (const char *const[]){ "identifier", "field_identifier", NULL },
	/* a brace initializer ({0}, {0x2b, 0x7e, ...}) is the C way
	 * of writing constant bytes: its text, as a literal */
	.string_types =
	    (const char *const[]){ "string_literal", "initializer_list", NULL },
	.number_types = (const char *const[]){ "number_literal", NULL },
	.concat_types = (const char *const[]){ "concatenated_string", NULL },
	.comment_types = (const char *const[]){ "comment", NULL },
	.wrapper_types =
	    (const char *const[]){ "parenthesized_expression",
	                           "cast_expression", "preproc_arg", NULL },
	.scope_types = (const char *const[]){ "function_definition", NULL },
	.aggregate_types = (const char *const[]){ "initializer_list", NULL },
	.flow = CG_C_FAMILY_FLOW,
	.xconst_pattern = CG_C_FAMILY_XCONST_PATTERN,
	.xfunc_pattern = CG_C_FAMILY_XFUNC_PATTERN,
	.xparam_last = true,
};
