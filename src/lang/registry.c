/* registry.c — the frozen table of language packs; see lang.h. */
#include "lang.h"

#include <string.h>
#include <strings.h>

#define CG_LANG(x) extern const cg_lang_pack cg_lang_pack_##x;
#include "packs.def"
#undef CG_LANG

static const cg_lang_pack *const packs[] = {
#define CG_LANG(x) &cg_lang_pack_##x,
#include "packs.def"
#undef CG_LANG
};

size_t cg_lang_count(void)
{
	return sizeof(packs) / sizeof(packs[0]);
}

const cg_lang_pack *cg_lang_at(size_t i)
{
	return i < cg_lang_count() ? packs[i] : NULL;
}

const cg_lang_pack *cg_lang_by_name(const char *name)
{
	for (size_t i = 0; i < cg_lang_count(); i++)
		if (strcmp(packs[i]->name, name) == 0)
			return packs[i];
	return NULL;
}

int cg_lang_type_in(const char *type, const char *const *types)
{
	for (; types && *types; types++)
		if (strcmp(type, *types) == 0)
			return 1;
	return 0;
}

/* The interpreter named by a "#!" line: "/usr/bin/env python3" -> python3. */
static size_t shebang_interp(const char *head, size_t len, const char **out)
{
	if (len < 3 || head[0] != '#' || head[1] != '!')
		return 0;
	size_t end = 2;
	while (end < len && head[end] != '\n')
		end++;
	/* last path component of the first word, or the word after env */
	size_t i = 2;
	for (int word = 0; word < 3; word++) {
		while (i < end && (head[i] == ' ' || head[i] == '\t'))
			i++;
		size_t start = i;
		while (i < end && head[i] != ' ' && head[i] != '\t')
			i++;
		if (start == i)
			return 0;
		size_t base = start;
		for (size_t k = start; k < i; k++)
			if (head[k] == '/')
				base = k + 1;
		if (i - base == 3 && memcmp(head + base, "env", 3) == 0)
			continue;
		if (head[base] == '-')
			continue;
		*out = head + base;
		return i - base;
	}
	return 0;
}

const cg_lang_pack *cg_lang_detect(const char *path, const char *head,
                                   size_t head_len)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (dot && dot != base) {
		for (size_t i = 0; i < cg_lang_count(); i++)
			for (const char *const *e = packs[i]->extensions;
			     e && *e; e++)
				if (strcmp(dot + 1, *e) == 0)
					return packs[i];
	}
	const char *interp = NULL;
	size_t n = head ? shebang_interp(head, head_len, &interp) : 0;
	if (!n)
		return NULL;
	for (size_t i = 0; i < cg_lang_count(); i++)
		for (const char *const *s = packs[i]->interpreters; s && *s;
		     s++) {
			size_t sl = strlen(*s);
			/* python3.11 matches python3 and python */
			if (n >= sl && memcmp(interp, *s, sl) == 0 &&
			    (n == sl || interp[sl] == '.' ||
			     (interp[sl] >= '0' && interp[sl] <= '9')))
				return packs[i];
		}
	return NULL;
}
