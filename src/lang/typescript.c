/* typescript.c — the typescript language pack; JavaScript rules apply to it. */
#include "javascript.h"
#include "lang.h"

const TSLanguage *tree_sitter_typescript(void);

const cg_lang_pack cg_lang_pack_typescript = {
	.name = "typescript",
	.rules = "javascript",
	.extensions = (const char *const[]){ "ts", "mts", "cts", NULL },
	.interpreters = (const char *const[]){ "ts-node", NULL },
	.grammar = tree_sitter_typescript,
	.imports_query = CG_JS_IMPORTS_QUERY,
	.bindings_query = CG_JS_BINDINGS_QUERY CG_TS_PARAMS_QUERY,
	.members = CG_JS_MEMBERS,
	.calls = CG_JS_CALLS,
	.name_types = CG_JS_NAMES,
	.string_types = CG_JS_STRINGS,
	.number_types = CG_JS_NUMBERS,
	.concat_types = CG_JS_CONCAT,
	.comment_types = CG_JS_COMMENTS,
	.wrapper_types = CG_JS_WRAPPERS,
	.scope_types = CG_JS_SCOPES,
	.aggregate_types = (const char *const[]){ "array", NULL },
	.flow = CG_JS_FLOW,
	.xconst_pattern = CG_JS_XCONST_PATTERN,
	.xscope_pattern = CG_JS_XSCOPE_PATTERN,
	.xfunc_pattern = CG_JS_XFUNC_PATTERN,
};
