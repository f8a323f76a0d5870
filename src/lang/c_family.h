/* c_family.h — the parts of the C and C++ packs' constants query that
 * the two grammars share (their node kinds are the same). */
#ifndef CG_LANG_C_FAMILY_H
#define CG_LANG_C_FAMILY_H

/* Constants (#define, initialised declarations, enumerators). Declarations
 * without a value and parameters shadow a constant of the same name
 * elsewhere in the file: they resolve to nothing (their own name). */
#define CG_C_BINDINGS_DECLS                                             \
	"(preproc_def name: (identifier) @name value: (preproc_arg) "   \
	"@value)\n"                                                     \
	"(init_declarator declarator: (identifier) @name value: (_) "   \
	"@value)\n"                                                     \
	"(init_declarator declarator: (pointer_declarator declarator: " \
	"(identifier) @name) value: (_) @value)\n"                      \
	"(init_declarator declarator: (array_declarator declarator: "   \
	"(identifier) @name) value: (_) @value)\n"                      \
	"(enumerator name: (identifier) @name value: (_) @value)\n"     \
	"(declaration declarator: (identifier) @name) @value\n"         \
	"(parameter_declaration declarator: (identifier) @name) "       \
	"@value\n"                                                      \
	"(parameter_declaration declarator: (pointer_declarator "       \
	"declarator: (identifier) @name)) @value\n"

/* An assignment rebinds a variable: `=` to its new value, a compound one
 * (|=, +=...) to an unknown value, so that `int mode = 0;` followed by
 * `mode |= SSL_VERIFY_PEER` is not taken as 0. A buffer passed to a call
 * that may write it (RAND_bytes(iv, n), read(fd, key, n), `&var`) no
 * longer has its initializer's value from there on; upper-case names
 * (macros, constants) and calls that only read their arguments keep the
 * binding. memset, and memcpy from a literal, bind the buffer to what they
 * store. A Windows handle filled by the call that creates it is bound
 * to the algorithm it was created with (the second argument:
 * `CryptCreateHash(prov, CALG_SHA_256, 0, 0, &hash)`, CryptGenKey,
 * CryptDeriveKey, `BCryptOpenAlgorithmProvider(&alg, BCRYPT_AES_ALGORITHM,
 * ...)`), a provider handle to its provider type (CryptAcquireContext's
 * fourth argument), so that a call using the handle
 * (`CryptHashData(hash, ...)`, the handle first) can read it. */
#define CG_C_HANDLE_MAKERS                                              \
	"^(?:Crypt(?:CreateHash|GenKey|DeriveKey|AcquireContext[AW]?)|" \
	"BCryptOpenAlgorithmProvider)$"
#define CG_C_BINDINGS_ASSIGN                                                 \
	"(assignment_expression left: (identifier) @name operator: "         \
	"\"=\" right: (_) @value)\n"                                         \
	"(assignment_expression left: (identifier) @name operator: "         \
	"[\"|=\" \"&=\" \"^=\" \"+=\" \"-=\" \"*=\" \"/=\" \"%=\" "          \
	"\"<<=\" \">>=\"]) @value\n"                                         \
	"(call_expression function: (_) @_f arguments: (argument_list "      \
	"(pointer_expression operator: \"&\" argument: (identifier) @name) " \
	"@value) (#not-match? @name \"^[A-Z][A-Z0-9_]*$\") "                 \
	"(#not-match? @_f \"" CG_C_HANDLE_MAKERS "\"))\n"                    \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (_) . (_) @value (pointer_expression operator: "   \
	"\"&\" argument: (identifier) @name)) "                              \
	"(#match? @_f \"" CG_C_HANDLE_MAKERS "\") "                          \
	"(#not-match? @_f \"^(?:CryptAcquireContext|BCrypt)\") "             \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\"))\n"                       \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (pointer_expression operator: \"&\" argument: "    \
	"(identifier) @name) . (_) . (_) . (_) @value) "                     \
	"(#match? @_f \"^CryptAcquireContext[AW]?$\"))\n"                    \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (pointer_expression operator: \"&\" argument: "    \
	"(identifier) @name) . (_) @value) "                                 \
	"(#eq? @_f \"BCryptOpenAlgorithmProvider\"))\n"                      \
	"(call_expression function: (_) @_f arguments: (argument_list "      \
	"(identifier) @name) @value "                                        \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\") "                         \
	"(#not-match? @_f \"(?i)print|log|dump|^(?:str(?:n|case|ncase)?cmp|" \
	"strlen|assert|puts|fputs|free|memcmp|sizeof|memset|memcpy|"         \
	"memmove|strcpy|strncpy)$\") "                                       \
	"(#not-match? @_f \"^(?:Crypt|BCrypt|NCrypt)[A-Z]\"))\n"             \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (_) (identifier) @name) @value "                   \
	"(#match? @_f \"^(?:Crypt|BCrypt|NCrypt)[A-Z]\") "                   \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\"))\n"                       \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (identifier) @name . (_) @value) "                 \
	"(#eq? @_f \"memset\") "                                             \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\"))\n"                       \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (identifier) @name . (_) @value) "                 \
	"(#any-of? @_f \"memcpy\" \"memmove\" \"strcpy\" \"strncpy\") "      \
	"(#match? @value \"^(?:L|u8|u|U)?\\\"\") "                           \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\"))\n"                       \
	"(call_expression function: (identifier) @_f arguments: "            \
	"(argument_list . (identifier) @name . (_) @_s) @value "             \
	"(#any-of? @_f \"memcpy\" \"memmove\" \"strcpy\" \"strncpy\") "      \
	"(#not-match? @_s \"^(?:L|u8|u|U)?\\\"\") "                          \
	"(#not-match? @name \"^[A-Z][A-Z0-9_]*$\"))\n"

/* The data flow of C and C++ (function parameters, returns, branches and
 * the environment lookups that give a default). */
#define CG_C_FAMILY_FLOW                                                      \
	&(const cg_lang_flow)                                                 \
	{                                                                     \
		.params = (const char *const[]){ "parameter_list", NULL },    \
		.functions =                                                  \
		    (const char *const[]){ "function_definition", NULL },     \
		.returns = (const char *const[]){ "return_statement", NULL }, \
		.branches =                                                   \
		    (const char *const[]){                                    \
			    "if_statement",           "else_clause",          \
			    "case_statement",         "for_statement",        \
			    "while_statement",        "do_statement",         \
			    "conditional_expression", NULL                    \
		    },                                                        \
		.choices =                                                    \
		    (const char *const[]){ "conditional_expression", NULL },  \
		.self_names = (const char *const[]){ "this", NULL },          \
		.assigns =                                                    \
		    (const char *const[]){ "assignment_expression", NULL },   \
		.config =                                                     \
		    (const cg_lang_config[]){ { "getenv", 0, -1 },            \
			                      { "secure_getenv", 0, -1 },     \
			                      { NULL, 0, 0 } },               \
	}

/* Top-level literal constants of another file: #define NAME literal and
 * [static] const declarations with a literal (the project pass). */
#define CG_C_FAMILY_XCONST_PATTERN                                   \
	"^(?:#[ \\t]*define[ \\t]+(?<name>[A-Za-z_]\\w*)[ "          \
	"\\t]+\\(?(?<value>\"[^\"\\\\\\n]*\"|[0-9]+)[uUlL]*\\)?[ "   \
	"\\t]*(?:/[/*].*)?$|(?:static[ \\t]+)?const[ \\t]+(?:char[ " \
	"\\t]*\\*[ \\t]*(?:const[ \\t]+)?|(?:unsigned[ "             \
	"\\t]+)?(?:int|long|char)[ \\t]+|size_t[ "                   \
	"\\t]+)(?<name>[A-Za-z_]\\w*)(?:\\[\\])?[ \\t]*=[ "          \
	"\\t]*(?<value>\"[^\"\\\\\\n]*\"|[0-9]+)[uUlL]*[ \\t]*;)"

#endif
