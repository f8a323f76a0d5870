/* json_out.c — see json_out.h. */
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../schema/schema.h"
#include "../util/util.h"

json_t *cg_emit__jstr(const char *s)
{
	if (!s)
		return json_string("");
	size_t len = strlen(s);
	if (cg_utf8_valid(s, len))
		return json_stringn(s, len);
	char *clean = cg_utf8_sanitize(s, len);
	json_t *j = json_string(clean);
	cg_free(clean);
	return j;
}

json_t *cg_emit__jtext(const char *s, size_t max)
{
	if (!s || strlen(s) <= max)
		return cg_emit__jstr(s);
	char *cut = cg_strndup(s, max - 3);
	/* do not cut a UTF-8 sequence in half */
	size_t n = strlen(cut);
	while (n && ((unsigned char)cut[n - 1] & 0xC0) == 0x80)
		n--;
	if (n && (unsigned char)cut[n - 1] >= 0xC0)
		n--;
	cut[n] = '\0';
	char *t = cg_sprintf("%s...", cut);
	cg_free(cut);
	json_t *j = cg_emit__jstr(t);
	cg_free(t);
	return j;
}

void cg_emit__jset(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, cg_emit__jstr(v));
}

void cg_emit__jprop(json_t *props, const char *name, const char *value)
{
	json_array_append_new(props, json_pack("{s:s,s:o}", "name", name,
	                                       "value", cg_emit__jstr(value)));
}

void cg_emit__jprop_u64(json_t *props, const char *name, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	cg_emit__jprop(props, name, buf);
}

int cg_emit__validated_json(char **out, json_t *doc, const char *what,
                            const char *standard, const char *schema_dir,
                            const char *schema_file, size_t max_errors)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	json_decref(doc);
	if (!text) {
		cg_error_set("%s: JSON serialisation failed", what);
		return CG_ERROR;
	}
	char *errors = NULL;
	int rc = cg_schema_validate(schema_dir, schema_file, text, strlen(text),
	                            max_errors ? max_errors : 10, &errors);
	if (rc != 0) {
		cg_error_set("%s %s %s (%s/%s): %s", what,
		             rc > 0 ? "fails" : "cannot be checked against",
		             standard, schema_dir, schema_file,
		             errors ? errors : "?");
		free(errors);
		free(text);
		return rc > 0 ? CG_EINVALID : CG_ERROR;
	}
	free(errors);
	/* hand over in our allocator's ownership (+ trailing newline) */
	*out = cg_sprintf("%s\n", text);
	free(text);
	return 0;
}
