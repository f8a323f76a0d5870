/* sarif.c — SARIF 2.1.0 for code-scanning upload; see emit.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../schema/schema.h"
#include "../util/util.h"
#include "emit.h"
#include "json_out.h"

#define SARIF_URI "https://json.schemastore.org/sarif-2.1.0.json"
/* partialFingerprints key: our fingerprint, versioned with its recipe */
#define FP_KEY "cryptagion/v2"

static const char *level_of(const char *severity)
{
	if (!severity)
		return "note";
	if (!strcmp(severity, "critical") || !strcmp(severity, "high"))
		return "error";
	if (!strcmp(severity, "medium"))
		return "warning";
	return "note";
}

static char *rule_id(const cg_inv_asset *a)
{
	return cg_sprintf("crypto/%s", a->name);
}

/* Where a rule is explained: the manual in the repository's docs/. */
static json_t *help_uri(const char *page, const char *anchor)
{
	char *u = cg_sprintf("%s%s#%s", CG_DOCS_URL, page, anchor);
	json_t *j = cg_emit__jstr(u);
	cg_free(u);
	return j;
}

static json_t *rule_json(const cg_inv_asset *a)
{
	const cg_inv_asset_risk *r = &a->risk;
	char *id = rule_id(a);
	json_t *j = json_object();
	json_object_set_new(j, "id", cg_emit__jstr(id));
	json_object_set_new(j, "name", cg_emit__jstr(a->name));
	char *sd = r->scored ? cg_sprintf("%s: %s cryptographic risk (score "
	                                  "%d)",
	                                  a->name, r->severity, r->score)
	                     : cg_sprintf("%s: use of cryptography", a->name);
	json_object_set_new(
	    j, "shortDescription",
	    json_pack("{s:o}", "text", cg_emit__jtext(sd, 1024)));
	char *fd =
	    cg_sprintf("%s (%s, %s). %s", a->name, a->family, a->primitive,
	               r->explanation ? r->explanation : "");
	json_object_set_new(
	    j, "fullDescription",
	    json_pack("{s:o}", "text", cg_emit__jtext(fd, 1024)));
	char *help = cg_sprintf(
	    "%s: severity %s, score %d/100 (usage %s). Replace with: %s.\n"
	    "Why: %s\nSources: %s",
	    a->name, r->scored ? r->severity : "unscored", r->score,
	    r->usage ? r->usage : "?",
	    r->replacement ? r->replacement : "review",
	    r->explanation ? r->explanation : "",
	    r->citations ? r->citations : "");
	char *md =
	    cg_sprintf("**%s**: severity **%s**, score %d/100 (usage %s).\n\n"
	               "**Replace with:** %s\n\n**Why:** %s\n\n**Sources:** %s",
	               a->name, r->scored ? r->severity : "unscored", r->score,
	               r->usage ? r->usage : "?",
	               r->replacement ? r->replacement : "review",
	               r->explanation ? r->explanation : "",
	               r->citations ? r->citations : "");
	json_object_set_new(j, "help",
	                    json_pack("{s:o,s:o}", "text", cg_emit__jstr(help),
	                              "markdown", cg_emit__jstr(md)));
	json_object_set_new(j, "helpUri", help_uri("cryptagion.md", "risk"));
	json_object_set_new(j, "defaultConfiguration",
	                    json_pack("{s:s}", "level", level_of(r->severity)));
	json_t *tags = json_pack("[s,s]", "security", "cryptography");
	if (r->quantum_vulnerable)
		json_array_append_new(tags, json_string("quantum-vulnerable"));
	char sev[16];
	snprintf(sev, sizeof(sev), "%.1f", r->score / 10.0);
	json_t *props = json_object();
	json_object_set_new(props, "tags", tags);
	json_object_set_new(props, "precision", json_string("high"));
	json_object_set_new(props, "security-severity", json_string(sev));
	json_object_set_new(props, "cryptagion:bom-ref",
	                    cg_emit__jstr(a->bom_ref));
	json_object_set_new(j, "properties", props);
	cg_free(id);
	cg_free(sd);
	cg_free(fd);
	cg_free(help);
	cg_free(md);
	return j;
}

static json_t *result_json(const cg_inv_asset *a, size_t rule_index,
                           const cg_inv_occ *o, const cg_emit_sarif_opts *opt)
{
	const cg_inv_asset_risk *r = &a->risk;
	char *id = rule_id(a);
	json_t *j = json_object();
	json_object_set_new(j, "ruleId", cg_emit__jstr(id));
	json_object_set_new(j, "ruleIndex",
	                    json_integer((json_int_t)rule_index));
	json_object_set_new(j, "level", json_string(level_of(r->severity)));
	char *msg =
	    cg_sprintf("%s (%s, score %d) found by rule %s%s%s. "
	               "Replace with: %s.",
	               a->name, r->scored ? r->severity : "unscored", r->score,
	               o->rule_id, o->symbol && *o->symbol ? " at " : "",
	               o->symbol && *o->symbol ? o->symbol : "",
	               r->replacement ? r->replacement : "review");
	json_object_set_new(j, "message",
	                    json_pack("{s:o}", "text", cg_emit__jstr(msg)));
	json_t *region = json_object();
	json_object_set_new(region, "startLine",
	                    json_integer(o->line ? o->line : 1));
	json_object_set_new(region, "startColumn",
	                    json_integer(o->column ? o->column : 1));
	json_t *loc =
	    json_pack("{s:{s:{s:o,s:s},s:o}}", "physicalLocation",
	              "artifactLocation", "uri", cg_emit__jstr(o->path),
	              "uriBaseId", "%SRCROOT%", "region", region);
	json_object_set_new(j, "locations", json_pack("[o]", loc));
	if (o->fingerprint)
		json_object_set_new(
		    j, "partialFingerprints",
		    json_pack("{s:o}", FP_KEY, cg_emit__jstr(o->fingerprint)));
	if (opt->base_fingerprints)
		json_object_set_new(
		    j, "baselineState",
		    json_string(o->fingerprint && cg_strv_sorted_has(
		                                      opt->base_fingerprints,
		                                      o->fingerprint)
		                    ? "unchanged"
		                    : "new"));
	if (o->suppression && o->suppression_status &&
	    strcmp(o->suppression_status, "applies") == 0) {
		json_t *sup = json_pack("{s:s,s:s,s:o}", "kind",
		                        strcmp(o->suppression, "inline") == 0
		                            ? "inSource"
		                            : "external",
		                        "status", "accepted", "justification",
		                        cg_emit__jstr(o->suppression_reason));
		json_object_set_new(j, "suppressions", json_pack("[o]", sup));
	}
	json_t *props = json_object();
	json_object_set_new(props, "cryptagion:rule",
	                    cg_emit__jstr(o->rule_id));
	json_object_set_new(props, "cryptagion:bom-ref",
	                    cg_emit__jstr(a->bom_ref));
	json_object_set_new(props, "cryptagion:score", json_integer(r->score));
	if (r->severity)
		json_object_set_new(props, "cryptagion:severity",
		                    cg_emit__jstr(r->severity));
	if (o->suppression_status &&
	    strcmp(o->suppression_status, "applies") != 0)
		json_object_set_new(props, "cryptagion:suppression",
		                    cg_emit__jstr(o->suppression_status));
	json_object_set_new(j, "properties", props);
	cg_free(id);
	cg_free(msg);
	return j;
}

/* ---- misuses: one rule per category, one result per misuse ---------- */

static char *misuse_rule_id(const cg_inv_misuse *m)
{
	return cg_sprintf("misuse/%s", m->category);
}

static json_t *misuse_rule_json(const cg_inv_misuse *m)
{
	char *id = misuse_rule_id(m);
	json_t *j = json_object();
	json_object_set_new(j, "id", cg_emit__jstr(id));
	json_object_set_new(j, "name", cg_emit__jstr(m->category));
	char *sd = cg_sprintf("Misuse of cryptography: %s", m->category);
	json_object_set_new(
	    j, "shortDescription",
	    json_pack("{s:o}", "text", cg_emit__jtext(sd, 1024)));
	json_object_set_new(
	    j, "fullDescription",
	    json_pack("{s:o}", "text", cg_emit__jtext(m->message, 1024)));
	json_object_set_new(j, "helpUri", help_uri("RULES.md", "misuse-rules"));
	json_object_set_new(j, "defaultConfiguration",
	                    json_pack("{s:s}", "level", level_of(m->severity)));
	static const struct {
		const char *sev, *score;
	} sev_score[] = { { "critical", "9.5" },
		          { "high", "8.0" },
		          { "medium", "5.5" },
		          { "low", "3.0" },
		          { "info", "1.0" } };
	const char *ss = "5.5";
	for (size_t i = 0; i < 5; i++)
		if (m->severity && strcmp(m->severity, sev_score[i].sev) == 0)
			ss = sev_score[i].score;
	json_t *props = json_object();
	json_object_set_new(
	    props, "tags",
	    json_pack("[s,s,s]", "security", "cryptography", "misuse"));
	json_object_set_new(props, "precision", json_string("high"));
	json_object_set_new(props, "security-severity", json_string(ss));
	json_object_set_new(j, "properties", props);
	cg_free(id);
	cg_free(sd);
	return j;
}

static json_t *misuse_result_json(const cg_inv_misuse *m, size_t rule_index,
                                  const cg_emit_sarif_opts *opt)
{
	char *id = misuse_rule_id(m);
	json_t *j = json_object();
	json_object_set_new(j, "ruleId", cg_emit__jstr(id));
	json_object_set_new(j, "ruleIndex",
	                    json_integer((json_int_t)rule_index));
	json_object_set_new(j, "level", json_string(level_of(m->severity)));
	char *msg = cg_sprintf(
	    "%s (%s, severity %s) found by rule %s.", m->message, m->category,
	    m->severity ? m->severity : "medium", m->rule_id);
	json_object_set_new(j, "message",
	                    json_pack("{s:o}", "text", cg_emit__jstr(msg)));
	json_t *region = json_object();
	json_object_set_new(region, "startLine",
	                    json_integer(m->line ? m->line : 1));
	json_object_set_new(region, "startColumn",
	                    json_integer(m->column ? m->column : 1));
	json_t *loc =
	    json_pack("{s:{s:{s:o,s:s},s:o}}", "physicalLocation",
	              "artifactLocation", "uri", cg_emit__jstr(m->path),
	              "uriBaseId", "%SRCROOT%", "region", region);
	json_object_set_new(j, "locations", json_pack("[o]", loc));
	if (m->fingerprint)
		json_object_set_new(
		    j, "partialFingerprints",
		    json_pack("{s:o}", FP_KEY, cg_emit__jstr(m->fingerprint)));
	if (opt->base_fingerprints)
		json_object_set_new(
		    j, "baselineState",
		    json_string(m->fingerprint && cg_strv_sorted_has(
		                                      opt->base_fingerprints,
		                                      m->fingerprint)
		                    ? "unchanged"
		                    : "new"));
	if (m->suppression && m->suppression_status &&
	    strcmp(m->suppression_status, "applies") == 0) {
		json_t *sup = json_pack("{s:s,s:s,s:o}", "kind",
		                        strcmp(m->suppression, "inline") == 0
		                            ? "inSource"
		                            : "external",
		                        "status", "accepted", "justification",
		                        cg_emit__jstr(m->suppression_reason));
		json_object_set_new(j, "suppressions", json_pack("[o]", sup));
	}
	json_t *props = json_object();
	json_object_set_new(props, "cryptagion:rule",
	                    cg_emit__jstr(m->rule_id));
	json_object_set_new(props, "cryptagion:misuse",
	                    cg_emit__jstr(m->category));
	if (m->bom_ref)
		json_object_set_new(props, "cryptagion:bom-ref",
		                    cg_emit__jstr(m->bom_ref));
	if (m->severity)
		json_object_set_new(props, "cryptagion:severity",
		                    cg_emit__jstr(m->severity));
	if (m->context)
		json_object_set_new(props, "cryptagion:context",
		                    cg_emit__jstr(m->context));
	if (m->suppression_status &&
	    strcmp(m->suppression_status, "applies") != 0)
		json_object_set_new(props, "cryptagion:suppression",
		                    cg_emit__jstr(m->suppression_status));
	json_object_set_new(j, "properties", props);
	cg_free(id);
	cg_free(msg);
	return j;
}

/* Whether an asset's results are left out (no_info: inventory findings
 * of severity info). */
static bool omitted(const cg_inv_asset *a, const cg_emit_sarif_opts *o)
{
	return o->no_info && a->risk.scored && a->risk.severity &&
	       strcmp(a->risk.severity, "info") == 0;
}

int cg_emit_sarif(char **out, const cg_inv_scan *s, const cg_emit_sarif_opts *o)
{
	json_t *rules = json_array();
	json_t *results = json_array();
	size_t nrules = 0;
	for (size_t i = 0; i < s->nassets; i++) {
		const cg_inv_asset *a = &s->assets[i];
		if (omitted(a, o))
			continue;
		json_array_append_new(rules, rule_json(a));
		for (size_t k = 0; k < a->nocc; k++)
			json_array_append_new(
			    results, result_json(a, nrules, &a->occs[k], o));
		nrules++;
	}
	/* misuse rules in order of first appearance of their category */
	cg_strv cats = CG_STRV_INIT;
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		size_t k = 0;
		while (k < cats.len && strcmp(cats.items[k], m->category))
			k++;
		if (k == cats.len) {
			cg_strv_push(&cats, m->category);
			json_array_append_new(rules, misuse_rule_json(m));
		}
		json_array_append_new(results,
		                      misuse_result_json(m, nrules + k, o));
	}
	cg_strv_dispose(&cats);
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("cryptagion"));
	json_object_set_new(
	    driver, "semanticVersion",
	    cg_emit__jstr(o->tool_version ? o->tool_version : s->tool_version));
	json_object_set_new(driver, "rules", rules);
	json_t *run = json_object();
	json_object_set_new(run, "tool", json_pack("{s:o}", "driver", driver));
	json_object_set_new(run, "automationDetails",
	                    json_pack("{s:s}", "id", "cryptagion/"));
	json_object_set_new(run, "results", results);
	if (s->commit_id) {
		/* the commit scanned, so that results map to the source */
		json_t *vc = json_object();
		char *uri = NULL;
		if (s->repo_url && strstr(s->repo_url, "://"))
			uri = cg_strdup(s->repo_url);
		else if (s->repo_url && s->repo_url[0] == '/')
			uri = cg_sprintf("file://%s", s->repo_url);
		else
			uri = cg_sprintf("file:///%s", s->repo_url
			                                   ? s->repo_url
			                                   : s->target_name);
		json_object_set_new(vc, "repositoryUri", cg_emit__jstr(uri));
		json_object_set_new(vc, "revisionId",
		                    cg_emit__jstr(s->commit_id));
		if (s->ref)
			json_object_set_new(vc, "branch",
			                    cg_emit__jstr(s->ref));
		json_object_set_new(
		    vc, "mappedTo",
		    json_pack("{s:s}", "uriBaseId", "%SRCROOT%"));
		json_object_set_new(run, "versionControlProvenance",
		                    json_pack("[o]", vc));
		cg_free(uri);
	}
	json_t *props = json_object();
	if (s->risk.scored) {
		json_object_set_new(props, "cryptagion:risk:profile",
		                    cg_emit__jstr(s->risk.profile));
		json_object_set_new(props, "cryptagion:standards:version",
		                    cg_emit__jstr(s->risk.standards_version));
		for (int i = 0; i < 5; i++) {
			static const char *const names[] = { "critical", "high",
				                             "medium", "low",
				                             "info" };
			char *k = cg_sprintf("cryptagion:risk:%s", names[i]);
			json_object_set_new(
			    props, k,
			    json_integer((json_int_t)s->risk.counts[i]));
			cg_free(k);
		}
		json_object_set_new(
		    props, "cryptagion:risk:quantumVulnerableShare",
		    json_real(s->risk.quantum_vulnerable_share));
		json_object_set_new(props, "cryptagion:risk:quantumReadiness",
		                    json_integer(s->risk.readiness));
	}
	json_object_set_new(run, "properties", props);
	json_t *log = json_object();
	json_object_set_new(log, "$schema", json_string(SARIF_URI));
	json_object_set_new(log, "version", json_string("2.1.0"));
	json_object_set_new(log, "runs", json_pack("[o]", run));
	return cg_emit__validated_json(out, log, "SARIF", "SARIF 2.1.0",
	                               o->schema_dir, CG_SARIF_SCHEMA,
	                               o->max_errors);
}
