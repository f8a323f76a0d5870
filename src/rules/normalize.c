/* normalize.c — raw algorithm strings to canonical assets, through the
 * table loaded from rules/algorithms.yaml; see rules.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

void cg_alg_match_dispose(cg_alg_match *m)
{
	cg_free(m->size);
	cg_free(m->mode);
	cg_free(m->padding);
	cg_free(m->curve);
	memset(m, 0, sizeof(*m));
}

static char *group(const pcre2_code *re, pcre2_match_data *md, const char *name)
{
	PCRE2_UCHAR *s = NULL;
	PCRE2_SIZE len = 0;
	int num = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	if (num < 0 && num != PCRE2_ERROR_NOUNIQUESUBSTRING)
		return NULL; /* (duplicate names, (?J), are looked up below) */
	if (pcre2_substring_get_byname(md, (PCRE2_SPTR)name, &s, &len) != 0)
		return NULL;
	char *r = len ? cg_strndup((const char *)s, len) : NULL;
	pcre2_substring_free(s);
	return r;
}

bool cg_rules_algorithm(cg_alg_match *out, const cg_ruleset *rs,
                        const char *raw, pcre2_match_data *md)
{
	memset(out, 0, sizeof(*out));
	while (*raw == ' ' || *raw == '\t')
		raw++;
	size_t len = strlen(raw);
	while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < rs->nalgs; i++) {
		const cg_algorithm *a = &rs->algs[i];
		if (pcre2_match(a->re, (PCRE2_SPTR)raw, len, 0, 0, md, NULL) <
		    0)
			continue;
		out->alg = a;
		out->size = group(a->re, md, "size");
		char *mode = group(a->re, md, "mode");
		char *pad = group(a->re, md, "padding");
		char *curve = group(a->re, md, "curve");
		out->curve = curve ? cg_rules_curve(curve, NULL) : NULL;
		cg_free(curve);
		out->mode = mode ? cg_rules_mode(mode) : NULL;
		out->padding = pad ? cg_rules_padding(pad) : NULL;
		cg_free(mode);
		cg_free(pad);
		if (!out->size && a->fixed_size)
			out->size = cg_strdup(a->fixed_size);
		return true;
	}
	return false;
}

/* The first of `words` contained in lower-case s, or NULL. */
static const char *find_word(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return *words;
	return NULL;
}

char *cg_rules_mode(const char *raw)
{
	static const char *const modes[] = { "gcm-siv", "gcmsiv", "gcm", "ccm",
		                             "cbc",     "ecb",    "ctr", "cfb",
		                             "ofb",     "xts",    "ocb", "siv",
		                             "cts",     "eax",    "kwp", "kw",
		                             NULL };
	char *l = cg_str_lower(raw);
	const char *m = find_word(l, modes);
	char *r = NULL;
	if (m)
		r = cg_strdup(strcmp(m, "gcmsiv") == 0 ? "gcm-siv" : m);
	cg_free(l);
	return r;
}

char *cg_rules_padding(const char *raw)
{
	char *l = cg_str_lower(raw);
	const char *r = NULL;
	if (strstr(l, "oaep"))
		r = "oaep";
	else if (strstr(l, "pss"))
		r = "pss";
	else if (strstr(l, "pkcs5"))
		r = "pkcs5";
	else if (strstr(l, "pkcs7"))
		r = "pkcs7";
	else if (strstr(l, "pkcs1"))
		r = "pkcs1v15";
	else if (strstr(l, "nopadding") || strcmp(l, "none") == 0 ||
	         strcmp(l, "no_padding") == 0)
		r = "none";
	else if (strstr(l, "iso10126"))
		r = "iso10126";
	else if (strstr(l, "iso7816"))
		r = "iso7816-4";
	else if (strstr(l, "x923"))
		r = "x923";
	else if (strstr(l, "zerobyte") || strcmp(l, "zero") == 0)
		r = "zero";
	else if (strncmp(l, "tbc", 3) == 0)
		r = "tbc";
	cg_free(l);
	return r ? cg_strdup(r) : NULL;
}

char *cg_rules_curve(const char *raw, int *bits)
{
	/* aliases (lower case, '-', '_' and ' ' removed) -> canonical */
	static const struct {
		const char *alias, *name;
		int bits;
	} curves[] = {
		{ "p256", "P256", 256 },
		{ "nistp256", "P256", 256 },
		{ "secp256r1", "P256", 256 },
		{ "prime256v1", "P256", 256 },
		{ "p384", "P384", 384 },
		{ "nistp384", "P384", 384 },
		{ "secp384r1", "P384", 384 },
		{ "p521", "P521", 521 },
		{ "nistp521", "P521", 521 },
		{ "secp521r1", "P521", 521 },
		{ "p224", "P224", 224 },
		{ "nistp224", "P224", 224 },
		{ "secp224r1", "P224", 224 },
		{ "p192", "P192", 192 },
		{ "nistp192", "P192", 192 },
		{ "secp192r1", "P192", 192 },
		{ "prime192v1", "P192", 192 },
		{ "secp256k1", "secp256k1", 256 },
		{ "k256", "secp256k1", 256 },
		{ "brainpoolp256r1", "brainpoolP256r1", 256 },
		{ "brainpoolp384r1", "brainpoolP384r1", 384 },
		{ "brainpoolp512r1", "brainpoolP512r1", 512 },
		{ "curve25519", "Curve25519", 255 },
		{ "x25519", "Curve25519", 255 },
		{ "ed25519", "Curve25519", 255 },
		{ "curve448", "Curve448", 448 },
		{ "x448", "Curve448", 448 },
		{ "ed448", "Curve448", 448 },
	};
	cg_buf b = CG_BUF_INIT;
	for (const char *p = raw; *p; p++)
		if (*p != '-' && *p != '_' && *p != ' ')
			cg_buf_putc(&b, (char)((*p >= 'A' && *p <= 'Z')
			                           ? *p - 'A' + 'a'
			                           : *p));
	const char *key = cg_buf_cstr(&b);
	char *r = NULL;
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (strcmp(key, curves[i].alias) == 0) {
			r = cg_strdup(curves[i].name);
			if (bits)
				*bits = curves[i].bits;
			break;
		}
	cg_buf_dispose(&b);
	return r;
}

char *cg_rules_name(const cg_algorithm *alg, const char *size, const char *mode,
                    const char *curve)
{
	cg_buf b = CG_BUF_INIT;
	for (const char *p = alg->name; *p;) {
		if (strncmp(p, "{-curve}", 8) == 0) {
			if (curve) {
				cg_buf_putc(&b, '-');
				cg_buf_puts(&b, curve);
			}
			p += 8;
			continue;
		}
		if (strncmp(p, "{-size}", 7) == 0) {
			if (size) {
				cg_buf_putc(&b, '-');
				cg_buf_puts(&b, size);
			}
			p += 7;
		} else if (strncmp(p, "{-mode}", 7) == 0) {
			if (mode) {
				char *u = cg_str_upper(mode);
				cg_buf_putc(&b, '-');
				cg_buf_puts(&b, u);
				cg_free(u);
			}
			p += 7;
		} else if (strncmp(p, "{size}", 6) == 0) {
			if (size)
				cg_buf_puts(&b, size);
			p += 6;
		} else {
			cg_buf_putc(&b, *p++);
		}
	}
	return cg_buf_detach(&b);
}

const char *cg_rules_oid(const cg_ruleset *rs, const cg_algorithm *alg,
                         const char *name)
{
	for (size_t i = 0; i + 1 < rs->oid_names.len; i += 2)
		if (strcmp(rs->oid_names.items[i], name) == 0)
			return rs->oid_names.items[i + 1];
	return alg ? alg->oid : NULL;
}

void cg_rules_strength(const cg_algorithm *alg, const char *size,
                       int *classical, int *quantum)
{
	*classical = alg->classical;
	*quantum = alg->quantum;
	if (!size || !alg->nsizes)
		return;
	char *end;
	long v = strtol(size, &end, 10);
	if (*end || v <= 0)
		return;
	for (size_t i = 0; i < alg->nsizes; i++) {
		if (v >= alg->sizes[i]) {
			*classical = alg->classicals[i];
			*quantum = alg->quantums[i];
		}
	}
}

static bool is_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Modes whose cipher is an AEAD (the table's primitive_ae applies). */
static bool authenticated_mode(const char *m)
{
	static const char *const ae[] = { "gcm",     "ccm", "ocb", "siv",
		                          "gcm-siv", "eax", NULL };
	for (size_t i = 0; m && ae[i]; i++)
		if (strcmp(m, ae[i]) == 0)
			return true;
	return false;
}

/* One normalised parameter: the spec's value (normalised by norm, when
 * given), else the raw string's, else the default (normalised too). */
static void pick(cg_param *out, const cg_param *given,
                 char *(*norm)(const char *), const char *from_raw, cg_src rsrc,
                 uint32_t rline, const char *dflt)
{
	char *v = NULL;
	if (given->value)
		v = norm ? norm(given->value) : cg_strdup(given->value);
	if (v)
		cg_param_set(out, v, given->src, given->line);
	else if (from_raw)
		cg_param_set(out, from_raw, rsrc, rline);
	else if (dflt) {
		v = norm ? norm(dflt) : cg_strdup(dflt);
		if (v)
			cg_param_set(out, v, CG_SRC_DEFAULT, 0);
	}
	cg_free(v);
}

bool cg_rules_finding(cg_finding *f, const cg_ruleset *rs,
                      const cg_alg_spec *spec, pcre2_match_data *md)
{
	cg_alg_match am;
	if (!spec->raw || !cg_rules_algorithm(&am, rs, spec->raw, md))
		return false;
	cg_src asrc = spec->raw_src;
	uint32_t aline = spec->raw_line;
	/* size: digits only */
	if (is_digits(spec->key_size.value))
		cg_param_set(&f->key_size, spec->key_size.value,
		             spec->key_size.src, spec->key_size.line);
	else if (am.size)
		cg_param_set(&f->key_size, am.size, asrc, aline);
	else if (spec->default_key_size)
		cg_param_set(&f->key_size, spec->default_key_size,
		             CG_SRC_DEFAULT, 0);
	pick(&f->mode, &spec->mode, cg_rules_mode, am.mode, asrc, aline,
	     spec->default_mode);
	pick(&f->padding, &spec->padding, cg_rules_padding, am.padding, asrc,
	     aline, spec->default_padding);
	/* curve: canonical when known; it also gives the key size */
	int cbits = 0;
	char *cv = spec->curve.value ? cg_rules_curve(spec->curve.value, &cbits)
	                             : NULL;
	if (cv)
		cg_param_set(&f->curve, cv, spec->curve.src, spec->curve.line);
	else if (am.curve) {
		cg_free(cg_rules_curve(am.curve, &cbits));
		cg_param_set(&f->curve, am.curve, asrc, aline);
	}
	cg_free(cv);
	if (f->curve.value && !f->key_size.value && cbits > 0) {
		char bits[16];
		snprintf(bits, sizeof(bits), "%d", cbits);
		cg_param_set(&f->key_size, bits, f->curve.src, f->curve.line);
	}
	const cg_algorithm *alg = am.alg;
	f->family = cg_strdup(alg->family);
	cg_param_set(&f->algorithm, alg->family, asrc, aline);
	f->name = cg_rules_name(alg, f->key_size.value, f->mode.value,
	                        f->curve.value);
	if (spec->primitive)
		f->primitive = cg_strdup(spec->primitive);
	else if (alg->primitive_ae && authenticated_mode(f->mode.value))
		f->primitive = cg_strdup(alg->primitive_ae);
	else
		f->primitive = cg_strdup(alg->primitive);
	f->functions = cg_strdup(spec->functions  ? spec->functions
	                         : alg->functions ? alg->functions
	                                          : "");
	const char *oid = cg_rules_oid(rs, alg, f->name);
	f->oid = oid ? cg_strdup(oid) : NULL;
	cg_rules_strength(alg, f->key_size.value, &f->classical, &f->quantum);
	cg_alg_match_dispose(&am);
	return true;
}
