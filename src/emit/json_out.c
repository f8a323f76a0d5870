/* json_out.c — see json_out.h. */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

#include "../schema/schema.h"
#include "../util/util.h"

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
