/*
 * tests/lang/grammars.c — every language pack's grammar is accepted by the
 * installed tree-sitter runtime (its ABI is within the runtime's range)
 * and parses the pack's fixture without an ERROR or MISSING node.
 * Usage: test_lang_grammars FIXTURES_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/lang/lang.h"
#include "../../src/util/util.h"

static const char *ext_for(const cg_lang_pack *p)
{
	return p->extensions[0];
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
		return 2;
	}
	int failed = 0, passed = 0;
	TSParser *parser = ts_parser_new();
	for (size_t i = 0; i < cg_lang_count(); i++) {
		const cg_lang_pack *p = cg_lang_at(i);
		const TSLanguage *lang = p->grammar();
		uint32_t abi = ts_language_version(lang);
		bool ok = abi >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION &&
		          abi <= TREE_SITTER_LANGUAGE_VERSION;
		if (!ok || !ts_parser_set_language(parser, lang)) {
			printf("FAIL %s: grammar ABI %u outside runtime range "
			       "%d..%d\n",
			       p->name, abi,
			       TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
			       TREE_SITTER_LANGUAGE_VERSION);
			failed++;
			continue;
		}
		char *path = cg_sprintf("%s/lang/%s/sample.%s", argv[1],
		                        p->name, ext_for(p));
		char *src = NULL;
		size_t len = 0;
		if (cg_read_file(&src, &len, path, 0) < 0) {
			printf("FAIL %s: %s\n", p->name, cg_error_last());
			failed++;
			cg_free(path);
			continue;
		}
		TSTree *tree =
		    ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
		TSNode root = ts_tree_root_node(tree);
		if (ts_node_has_error(root) ||
		    ts_node_named_child_count(root) == 0) {
			char *s = ts_node_string(root);
			printf("FAIL %s: %s parses with errors: %.300s\n",
			       p->name, path, s);
			free(s);
			failed++;
		} else {
			printf("ok   %s: ABI %u, %s: %u top-level nodes\n",
			       p->name, abi, path,
			       ts_node_named_child_count(root));
			passed++;
		}
		ts_tree_delete(tree);
		cg_free(src);
		cg_free(path);
	}
	ts_parser_delete(parser);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
