/* rust.c — the Rust language pack. `use` trees are flattened by a hook. */
#include "lang.h"

#include <string.h>

#include "../util/util.h"

const TSLanguage *tree_sitter_rust(void);

/* Node text with "::" turned into ".", appended to b. */
static void put_path(cg_buf *b, TSNode n, const char *src)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	for (uint32_t i = s; i < e; i++) {
		if (src[i] == ':' && i + 1 < e && src[i + 1] == ':') {
			cg_buf_putc(b, '.');
			i++;
		} else if (src[i] != ' ' && src[i] != '\n' && src[i] != '\t') {
			cg_buf_putc(b, src[i]);
		}
	}
}

static const char *last_segment(const char *s)
{
	const char *dot = strrchr(s, '.');
	return dot ? dot + 1 : s;
}

/* Bind every name of the use tree `n`, under the path prefix `prefix`.
 * Depth is bounded by the tree-sitter tree, which is finite; `depth`
 * guards against pathological nesting. */
static void walk_use(TSNode n, const char *src, const char *prefix,
                     cg_lang_bind_fn bind, void *payload, int depth)
{
	if (depth > 32)
		return;
	const char *type = ts_node_type(n);
	cg_buf b = CG_BUF_INIT;
	if (strcmp(type, "identifier") == 0 ||
	    strcmp(type, "scoped_identifier") == 0) {
		if (*prefix) {
			cg_buf_puts(&b, prefix);
			cg_buf_putc(&b, '.');
		}
		put_path(&b, n, src);
		bind(payload, last_segment(cg_buf_cstr(&b)), cg_buf_cstr(&b));
	} else if (strcmp(type, "self") == 0) {
		if (*prefix)
			bind(payload, last_segment(prefix), prefix);
	} else if (strcmp(type, "use_as_clause") == 0) {
		TSNode path = ts_node_child_by_field_name(n, "path", 4);
		TSNode alias = ts_node_child_by_field_name(n, "alias", 5);
		if (!ts_node_is_null(path) && !ts_node_is_null(alias)) {
			if (*prefix) {
				cg_buf_puts(&b, prefix);
				cg_buf_putc(&b, '.');
			}
			put_path(&b, path, src);
			char *a = cg_strndup(src + ts_node_start_byte(alias),
			                     ts_node_end_byte(alias) -
			                         ts_node_start_byte(alias));
			bind(payload, a, cg_buf_cstr(&b));
			cg_free(a);
		}
	} else if (strcmp(type, "scoped_use_list") == 0) {
		TSNode path = ts_node_child_by_field_name(n, "path", 4);
		TSNode list = ts_node_child_by_field_name(n, "list", 4);
		if (*prefix) {
			cg_buf_puts(&b, prefix);
			cg_buf_putc(&b, '.');
		}
		if (!ts_node_is_null(path))
			put_path(&b, path, src);
		if (!ts_node_is_null(list))
			walk_use(list, src, cg_buf_cstr(&b), bind, payload,
			         depth + 1);
	} else if (strcmp(type, "use_list") == 0) {
		uint32_t count = ts_node_named_child_count(n);
		for (uint32_t i = 0; i < count; i++)
			walk_use(ts_node_named_child(n, i), src, prefix, bind,
			         payload, depth + 1);
	}
	cg_buf_dispose(&b);
}

/* A type alias (`type HmacSha256 = Hmac<Sha256>;`) binds its name to the
 * aliased type written out, generic arguments included
 * ("Hmac<Sha256>", "cbc.Encryptor<aes.Aes128>"), so that a use
 * (`HmacSha256::new_from_slice(key)`) resolves to what it stands for. */
static void bind_type_alias(TSNode node, const char *src, cg_lang_bind_fn bind,
                            void *payload)
{
	TSNode name = ts_node_child_by_field_name(node, "name", 4);
	TSNode type = ts_node_child_by_field_name(node, "type", 4);
	if (ts_node_is_null(name) || ts_node_is_null(type) ||
	    ts_node_end_byte(type) - ts_node_start_byte(type) > 512)
		return;
	cg_buf b = CG_BUF_INIT;
	put_path(&b, type, src);
	char *a = cg_strndup(src + ts_node_start_byte(name),
	                     ts_node_end_byte(name) - ts_node_start_byte(name));
	bind(payload, a, cg_buf_cstr(&b));
	cg_free(a);
	cg_buf_dispose(&b);
}

static void rust_import_hook(TSNode node, const char *src, cg_lang_bind_fn bind,
                             void *payload)
{
	if (strcmp(ts_node_type(node), "type_item") == 0)
		bind_type_alias(node, src, bind, payload);
	else
		walk_use(node, src, "", bind, payload, 0);
}

const cg_lang_pack cg_lang_pack_rust = {
	.name = "rust",
	.rules = "rust",
	.extensions = (const char *const[]){ "rs", NULL },
	.interpreters = NULL,
	.grammar = tree_sitter_rust,
	.imports_query = "(use_declaration argument: (_) @use)\n"
	                 "(type_item) @use\n",
	.import_hook = rust_import_hook,
	/* A `let mut` array is a buffer filled later (`let mut key =
	 * [0u8; 32]; rng.fill_bytes(&mut key);`): it is not bound to its
	 * initial value. Arrays of `const`, `static` and plain `let` are
	 * values (string_types below), so `const KEY: [u8; 16] = [..];` is
	 * key material written in the file. */
	.bindings_query =
	    "(const_item name: (identifier) @name value: (_) @value)\n"
	    "(static_item name: (identifier) @name value: (_) @value)\n"
	    "((let_declaration pattern: (identifier) @name value: (_) @value)"
	    " @_let (#not-match? @_let "
	    "\"^let\\\\s+mut\\\\s[^=]*=\\\\s*\\\\[\"))\n"
	    "(assignment_expression left: (identifier) @name right: (_)"
	    "  @value)\n"
	    "(parameters (parameter pattern: (identifier) @name) @value)\n",
	.members =
	    (const cg_lang_member[]){
	        { "scoped_identifier", "path", "name" },
	        { "scoped_type_identifier", "path", "name" },
	        { "field_expression", "value", "field" },
	        { NULL, NULL, NULL } },
	.calls = (const cg_lang_call[]){ { "call_expression", "function" },
	                                 { "generic_function", "function" },
	                                 { "struct_expression", "name" },
	                                 { NULL, NULL } },
	.name_types = (const char *const[]){ "identifier", "type_identifier",
	                                     "field_identifier", NULL },
	.string_types =
	    (const char *const[]){ "string_literal", "raw_string_literal",
	                           "array_expression", NULL },
	.number_types =
	    (const char *const[]){ "integer_literal", "float_literal", NULL },
	.concat_types = NULL,
	.comment_types =
	    (const char *const[]){ "line_comment", "block_comment", NULL },
	/* a turbofish type (`Nonce::<Aes256Gcm>`, `SigningKey::<Sha256>`)
	 * resolves as its base type, through the imports */
	.wrapper_types =
	    (const char *const[]){ "parenthesized_expression",
	                           "reference_expression",
	                           "type_cast_expression", "try_expression",
	                           "generic_type", NULL },
	.scope_types = (const char *const[]){ "function_item",
	                                      "closure_expression", NULL },
	.aggregate_types = (const char *const[]){ "array_expression", NULL },
	.flow =
	    &(const cg_lang_flow){
	        .params = (const char *const[]){ "parameters", NULL },
	        .functions = (const char *const[]){ "function_item", NULL },
	        .returns = (const char *const[]){ "return_expression", NULL },
	        .branches =
	            (const char *const[]){ "if_expression", "else_clause",
	                                   "match_arm", "for_expression",
	                                   "while_expression",
	                                   "loop_expression", NULL },
	        .self_names =
	            (const char *const[]){ "self", "&self", "&mut self",
	                                   "mut self", NULL },
	        .assigns =
	            (const char *const[]){ "assignment_expression",
	                                   "compound_assignment_expr", NULL },
	    },
	.xconst_pattern =
	    "^(?:pub(?:\\([^)\\n]*\\))?[ \\t]+)?(?:const|static)[ "
	    "\\t]+(?<name>[A-Za-z_]\\w*)[ \\t]*:[^=\\n]+=[ "
	    "\\t]*(?<value>\"[^\"\\\\\\n]*\"|[0-9]+)(?:_?[iu](?:8|16|32|64|128|"
	    "size))?[ \\t]*;",
};
