/* config.c — protocol configurations (see material.h): OpenSSH
 * sshd_config/ssh_config, nginx, Apache httpd, HAProxy, openssl.cnf,
 * java.security and Spring-style YAML/properties. Each file gives protocol
 * objects (TLS per enabled version, SSH) with their cipher suites or
 * algorithms; OpenSSL cipher strings are expanded by libssl itself. A
 * setting the file does not make is taken from the product's documented
 * default and marked as such (cryptagion:default). Weak settings are
 * misuse findings (weak-protocol, weak-algorithm). */
#define _GNU_SOURCE
#include <ctype.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/array.h"
#include "../util/util.h"
#include "material_int.h"

#define MAX_LINES 200000

/* One directive: its keyword, value (trimmed, without a final ';') and
 * line. */
typedef struct {
	char *key, *value;
	uint32_t line;
} directive;

typedef struct {
	directive *items;
	size_t len, cap;
} directives;

static void dirs_push(directives *d, const char *k, size_t kl, const char *v,
                      size_t vl, uint32_t line)
{
	cg_array_grow(d, 1);
	while (vl && (isspace((unsigned char)v[vl - 1]) || v[vl - 1] == ';'))
		vl--;
	if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
		v++;
		vl -= 2;
	}
	directive *x = &d->items[d->len++];
	x->key = cg_strndup(k, kl);
	x->value = cg_strndup(v, vl);
	x->line = line;
}

static void dirs_dispose(directives *d)
{
	for (size_t i = 0; i < d->len; i++) {
		cg_free(d->items[i].key);
		cg_free(d->items[i].value);
	}
	cg_free(d->items);
}

/* Split lines into "key value" (sep = 0: whitespace) or "key = value"
 * (sep '=' or ':'), dropping # comments; java.security continuation
 * lines (trailing backslash) are joined. */
static void parse_lines(directives *d, const char *data, size_t len, char sep)
{
	const char *p = data, *end = data + len;
	uint32_t line = 0;
	cg_buf joined = CG_BUF_INIT;
	uint32_t jline = 0;
	while (p < end && line < MAX_LINES) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		line++;
		const char *s = p;
		size_t n = (size_t)(e - p);
		p = e + 1;
		while (n && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (!n || *s == '#' || *s == ';' || *s == '!')
			continue;
		if (n && s[n - 1] == '\\') {
			if (!joined.len)
				jline = line;
			cg_buf_put(&joined, s, n - 1);
			continue;
		}
		if (joined.len) {
			cg_buf_put(&joined, s, n);
			s = cg_buf_cstr(&joined);
			n = joined.len;
		} else {
			jline = line;
		}
		size_t k = 0;
		if (sep) {
			const char *q = memchr(s, sep, n);
			if (q) {
				k = (size_t)(q - s);
				size_t kl = k;
				while (kl && isspace((unsigned char)s[kl - 1]))
					kl--;
				const char *v = q + 1;
				while (v < s + n && isspace((unsigned char)*v))
					v++;
				dirs_push(d, s, kl, v, (size_t)(s + n - v),
				          jline);
			}
		} else {
			while (k < n && !isspace((unsigned char)s[k]))
				k++;
			const char *v = s + k;
			while (v < s + n && isspace((unsigned char)*v))
				v++;
			dirs_push(d, s, k, v, (size_t)(s + n - v), jline);
		}
		cg_buf_dispose(&joined);
	}
	cg_buf_dispose(&joined);
}

static const directive *find(const directives *d, const char *key)
{
	const directive *last = NULL;
	for (size_t i = 0; i < d->len; i++)
		if (strcasecmp(d->items[i].key, key) == 0)
			last = &d->items[i];
	return last;
}

/* ---- TLS --------------------------------------------------------------- */

static const char *const tls_versions[] = { "SSLv3",   "TLSv1",   "TLSv1.1",
	                                    "TLSv1.2", "TLSv1.3", NULL };

static int version_index(const char *v)
{
	for (int i = 0; tls_versions[i]; i++)
		if (strcasecmp(v, tls_versions[i]) == 0)
			return i;
	if (strcasecmp(v, "TLSv1.0") == 0)
		return 1;
	return -1;
}

/* A suite's algorithms as raw names for the canonical table. */
static void suite_algs(cg_mat_file *f, cg_mat_obj *o, const SSL_CIPHER *c,
                       const char *rel, uint32_t line, const char *rule)
{
	const char *kx = NULL, *auth = NULL;
	switch (SSL_CIPHER_get_kx_nid(c)) {
	case NID_kx_ecdhe:
	case NID_kx_ecdhe_psk:
		kx = "ECDH";
		break;
	case NID_kx_dhe:
	case NID_kx_dhe_psk:
		kx = "DH";
		break;
	case NID_kx_rsa:
	case NID_kx_rsa_psk:
		kx = "RSA";
		break;
	default:
		break;
	}
	switch (SSL_CIPHER_get_auth_nid(c)) {
	case NID_auth_rsa:
		auth = "RSA";
		break;
	case NID_auth_ecdsa:
		auth = "ECDSA";
		break;
	case NID_auth_dss:
		auth = "DSA";
		break;
	default:
		break;
	}
	if (kx)
		cg_material__ref_alg(f, o, rel, rule, kx, NULL, NULL, line);
	if (auth && (!kx || strcmp(auth, kx) != 0))
		cg_material__ref_alg(f, o, rel, rule, auth, NULL, NULL, line);
	int cn = SSL_CIPHER_get_cipher_nid(c);
	const char *cipher = cn != NID_undef ? OBJ_nid2ln(cn) : NULL;
	if (cipher && strncmp(cipher, "des-ede3", 8) == 0)
		cipher = "3DES-CBC";
	if (cipher)
		cg_material__ref_alg(f, o, rel, rule, cipher, NULL, NULL, line);
	const EVP_MD *md = SSL_CIPHER_get_handshake_digest(c);
	if (md)
		cg_material__ref_alg(f, o, rel, rule, EVP_MD_get0_name(md),
		                     NULL, NULL, line);
}

/* An IANA (RFC) suite name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Java's
 * "SSL_RSA_WITH_3DES_EDE_CBC_SHA", Go's
 * "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305") as OpenSSL's name, or NULL. */
static const char *iana_to_openssl(const char *tok)
{
	char buf[128];
	if (strlen(tok) + 8 > sizeof(buf))
		return NULL;
	snprintf(buf, sizeof(buf), "%s%s",
	         strncmp(tok, "SSL_", 4) == 0 ? "TLS_" : "",
	         strncmp(tok, "SSL_", 4) == 0 ? tok + 4 : tok);
	const char *n = OPENSSL_cipher_name(buf);
	if (n && strcmp(n, "(NONE)") != 0)
		return n;
	size_t used = strlen(buf);
	snprintf(buf + used, sizeof(buf) - used, "_SHA256");
	n = OPENSSL_cipher_name(buf);
	return n && strcmp(n, "(NONE)") != 0 ? n : NULL;
}

static bool is_tls13_suite(const char *tok)
{
	return strncmp(tok, "TLS_AES_", 8) == 0 ||
	       strncmp(tok, "TLS_CHACHA20_", 13) == 0 ||
	       strncmp(tok, "TLS_SM4_", 8) == 0;
}

/* Expand a suite list with libssl: an OpenSSL cipher string (TLS <= 1.2,
 * "HIGH:!aNULL"), or a list of IANA names (in any separator, as code and
 * Java-style configurations write them: each TLS_ / SSL_ word is a suite;
 * TLS 1.3 suites are set as such). The one expansion for code and
 * configurations. */
static STACK_OF(SSL_CIPHER) *
    expand(SSL_CTX **ctx, SSL **ssl, const char *cipher_string)
{
	*ctx = SSL_CTX_new(TLS_method());
	if (!*ctx)
		return NULL;
	SSL_CTX_set_security_level(*ctx, 0);
	cg_buf v12 = CG_BUF_INIT, v13 = CG_BUF_INIT;
	size_t iana = 0;
	for (const char *p = cipher_string; p && *p;) {
		size_t n = 0;
		while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_'))
			n++;
		if (n > 6 && strncmp(p, "TLS13_", 6) == 0) {
			/* rustls names TLS 1.3 suites TLS13_AES_128_GCM_SHA256
			 */
			char *tok = cg_sprintf("TLS_%.*s", (int)(n - 6), p + 6);
			if (v13.len)
				cg_buf_putc(&v13, ':');
			cg_buf_puts(&v13, tok);
			iana++;
			cg_free(tok);
		} else if (n > 4 && (strncmp(p, "TLS_", 4) == 0 ||
		                     strncmp(p, "SSL_", 4) == 0)) {
			char *tok = cg_strndup(p, n);
			const char *o =
			    is_tls13_suite(tok) ? NULL : iana_to_openssl(tok);
			cg_buf *b = is_tls13_suite(tok) ? &v13
			            : o                 ? &v12
			                                : NULL;
			if (b) {
				if (b->len)
					cg_buf_putc(b, ':');
				cg_buf_puts(b, o ? o : tok);
				iana++;
			}
			cg_free(tok);
		}
		p += n ? n : 1;
	}
	bool ok = true;
	if (iana) {
		/* only the named suites: none when a version has none */
		ok = SSL_CTX_set_cipher_list(*ctx, v12.len ? cg_buf_cstr(&v12)
		                                           : "-ALL") ||
		     !v12.len;
		if (ok)
			ok =
			    SSL_CTX_set_ciphersuites(*ctx, cg_buf_cstr(&v13)) ||
			    !v13.len;
	} else if (cipher_string) {
		ok = SSL_CTX_set_cipher_list(*ctx, cipher_string);
	}
	cg_buf_dispose(&v12);
	cg_buf_dispose(&v13);
	if (!ok)
		return NULL;
	*ssl = SSL_new(*ctx);
	return *ssl ? SSL_get_ciphers(*ssl) : NULL;
}

static void weak_tokens(cg_mat_file *f, const char *cipher_string,
                        uint32_t line, const char *product)
{
	static const char *const weak[] = { "RC4",   "3DES", "DES-CBC3",
		                            "NULL",  "EXP",  "aNULL",
		                            "eNULL", "MD5",  NULL };
	char *s = cg_strdup(cipher_string);
	char *save = NULL;
	for (char *t = strtok_r(s, ": ,", &save); t;
	     t = strtok_r(NULL, ": ,", &save)) {
		if (*t == '!' || *t == '-')
			continue;
		for (const char *const *w = weak; *w; w++)
			if (strstr(t, *w)) {
				char *msg = cg_sprintf(
				    "%s enables weak cipher suites: '%s'",
				    product, t);
				const char *raw = strstr(t, "RC4")   ? "RC4"
				                  : strstr(t, "DES") ? "3DES"
				                  : strstr(t, "MD5") ? "MD5"
				                                     : NULL;
				cg_material__misuse(
				    f, "material.config.tls", raw, NULL, NULL,
				    line, "weak-algorithm", "high", msg);
				cg_free(msg);
				break;
			}
	}
	cg_free(s);
}

typedef struct {
	const char *product;
	const char *rule; /* rule id of the findings (NULL: the reader's) */
	bool from_code;   /* set up in code: its rules report the misuses */
	bool versionless; /* no version known: one object, every suite */
	bool enabled[5];  /* per tls_versions index */
	bool versions_default;
	uint32_t versions_line;
	const char *ciphers; /* OpenSSL cipher string (TLS <= 1.2) */
	bool ciphers_default;
	uint32_t ciphers_line;
	const char *groups;
	uint32_t groups_line;
} tls_cfg;

/* The key-exchange groups of a TLS configuration ("X25519MLKEM768:X25519:
 * P-256", OpenSSL 3.5's "?X25519MLKEM768:X25519 / *P-256"): each becomes an
 * algorithm asset that the protocol uses. Hybrids keep their own name
 * (X25519MLKEM768 is one asset, not X25519 plus ML-KEM); elliptic curves
 * named alone are ECDH on that curve. Removed ("-X448") and unknown names
 * ("auto", "DEFAULT") are skipped. */
static void groups_algs(cg_mat_file *f, cg_mat_obj *o, const char *groups,
                        uint32_t line, const char *rule)
{
	for (const char *p = groups; p && *p;) {
		p += strspn(p, ": /,\t");
		size_t n = strcspn(p, ": /,\t");
		if (!n)
			break;
		const char *g = p;
		size_t gl = n;
		p += n;
		while (gl && (*g == '?' || *g == '*')) {
			g++;
			gl--;
		}
		if (!gl || *g == '-' || gl > 64)
			continue;
		char name[65];
		snprintf(name, sizeof(name), "%.*s", (int)gl, g);
		bool curve = strncasecmp(name, "P-", 2) == 0 ||
		             strncasecmp(name, "secp", 4) == 0 ||
		             strncasecmp(name, "prime", 5) == 0 ||
		             strncasecmp(name, "brainpool", 9) == 0;
		if (curve)
			cg_material__ref_alg(f, o, "uses", rule, "ECDH", NULL,
			                     name, line);
		else
			cg_material__ref_alg(f, o, "uses", rule, name, NULL,
			                     NULL, line);
	}
}

static void tls_emit(cg_mat_file *f, const tls_cfg *t)
{
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	ERR_clear_error();
	/* code that names no suites keeps its library's defaults: they are
	 * not this code's choice, so they are not listed */
	STACK_OF(SSL_CIPHER) *sk =
	    t->from_code && !t->ciphers ? NULL : expand(&ctx, &ssl, t->ciphers);
	if (!sk && t->ciphers)
		cg_materials_note(f->mats,
		                  "line %u: cipher string not understood by "
		                  "OpenSSL",
		                  t->ciphers_line);
	for (int v = t->versionless ? 5 : 0;
	     t->versionless ? v == 5 : tls_versions[v] != NULL; v++) {
		if (v < 5 && !t->enabled[v])
			continue;
		const char *ver = v < 5 ? tls_versions[v] : "TLS";
		uint32_t line = t->versions_line ? t->versions_line : 1;
		char h[17];
		char *id = cg_sprintf("%s#%s", f->path, ver);
		cg_material__short_hash(h, id);
		cg_free(id);
		char *ref = cg_sprintf("crypto/protocol/%s/%s", ver, h);
		for (char *c = ref; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		cg_mat_obj *o =
		    cg_materials_push(f->mats, "protocol", ref, ver, line);
		cg_free(ref);
		cg_mat_obj_prop(o, "cdx:type", v == 0 ? "other" : "tls");
		if (v < 5)
			cg_mat_obj_prop(o, "cdx:version",
			                v == 0   ? "3.0"
			                : v == 1 ? "1.0"
			                         : ver + 4);
		cg_mat_obj_prop(o, "cryptagion:product", t->product);
		if (t->versions_default)
			cg_mat_obj_prop(o, "cryptagion:default", "protocols");
		if (t->ciphers_default && v != 4)
			cg_mat_obj_prop(o, "cryptagion:default", "ciphers");
		if (t->ciphers && v != 4)
			cg_mat_obj_prop(o, "cryptagion:cipherString",
			                t->ciphers);
		if (t->groups) {
			cg_mat_obj_prop(o, "cryptagion:groups", t->groups);
			if (v > 0)
				groups_algs(
				    f, o, t->groups,
				    t->groups_line ? t->groups_line : line,
				    t->rule ? t->rule : "material.config.tls");
		}
		for (int i = 0; sk && i < sk_SSL_CIPHER_num(sk); i++) {
			const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
			bool v13 =
			    strcmp(SSL_CIPHER_get_version(c), "TLSv1.3") == 0;
			if (v < 5 && (v == 4) != v13)
				continue;
			if (v < 3 &&
			    strcmp(SSL_CIPHER_get_version(c), "TLSv1.2") == 0)
				continue;
			const char *name = SSL_CIPHER_standard_name(c);
			if (!name)
				name = SSL_CIPHER_get_name(c);
			cg_mat_obj_prop(o, "cdx:cipherSuite", name);
			uint16_t pid = (uint16_t)SSL_CIPHER_get_protocol_id(c);
			char ids[16];
			snprintf(ids, sizeof(ids), "0x%02X,0x%02X", pid >> 8,
			         pid & 0xff);
			char *k = cg_sprintf("cdx:cipherSuiteIds:%s", name);
			cg_mat_obj_prop(o, k, ids);
			cg_free(k);
			char *rel = cg_sprintf("suite:%s", name);
			suite_algs(f, o, c, rel,
			           t->ciphers_line ? t->ciphers_line : line,
			           t->rule ? t->rule : "material.config.tls");
			cg_free(rel);
		}
		if (v < 3 && !t->from_code) {
			char *msg = cg_sprintf(
			    "%s enables %s (below TLS 1.2)%s", t->product, ver,
			    t->versions_default ? " by its default" : "");
			cg_material__misuse(f, "material.config.tls", NULL,
			                    NULL, NULL, line, "weak-protocol",
			                    "high", msg);
			cg_free(msg);
		}
	}
	if (t->ciphers && !t->ciphers_default && !t->from_code)
		weak_tokens(f, t->ciphers, t->ciphers_line, t->product);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	ERR_clear_error();
}

/* "TLSv1.2 TLSv1.3" (nginx) */
static void versions_list(tls_cfg *t, const char *v)
{
	char *s = cg_strdup(v);
	char *save = NULL;
	for (char *tok = strtok_r(s, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		int i = version_index(tok);
		if (i >= 0)
			t->enabled[i] = true;
	}
	cg_free(s);
}

/* "all -SSLv3 -TLSv1" (Apache) */
static void versions_apache(tls_cfg *t, const char *v)
{
	char *s = cg_strdup(v);
	char *save = NULL;
	for (char *tok = strtok_r(s, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		bool minus = *tok == '-';
		const char *name = (*tok == '-' || *tok == '+') ? tok + 1 : tok;
		if (strcasecmp(name, "all") == 0) {
			for (int i = 1; i < 5; i++)
				t->enabled[i] = !minus;
			continue;
		}
		int i = version_index(name);
		if (i >= 0)
			t->enabled[i] = !minus;
	}
	cg_free(s);
}

/* From a minimum version: every version at or above it. */
static void versions_min(tls_cfg *t, const char *v)
{
	int i = version_index(v);
	if (i < 0)
		return;
	for (int k = 0; k < 5; k++)
		t->enabled[k] = k >= i;
}

static void nginx(cg_mat_file *f, const directives *d)
{
	tls_cfg t = { .product = "nginx" };
	const directive *x = find(d, "ssl_protocols");
	if (x) {
		versions_list(&t, x->value);
		t.versions_line = x->line;
	} else {
		/* nginx >= 1.23.4: TLSv1.2 TLSv1.3 */
		versions_list(&t, "TLSv1.2 TLSv1.3");
		t.versions_default = true;
	}
	x = find(d, "ssl_ciphers");
	t.ciphers = x ? x->value : "HIGH:!aNULL:!MD5";
	t.ciphers_default = !x;
	t.ciphers_line = x ? x->line : 0;
	x = find(d, "ssl_ecdh_curve");
	t.groups = x ? x->value : "auto";
	t.groups_line = x ? x->line : 0;
	tls_emit(f, &t);
}

static void apache(cg_mat_file *f, const directives *d)
{
	tls_cfg t = { .product = "Apache httpd" };
	const directive *x = find(d, "SSLProtocol");
	if (x) {
		versions_apache(&t, x->value);
		t.versions_line = x->line;
	} else {
		versions_apache(&t, "all -SSLv3"); /* mod_ssl 2.4 default */
		t.versions_default = true;
	}
	x = find(d, "SSLCipherSuite");
	t.ciphers = x ? x->value : "DEFAULT:!EXP:!MD5:!RC4";
	t.ciphers_default = !x;
	t.ciphers_line = x ? x->line : 0;
	x = find(d, "SSLOpenSSLConfCmd");
	if (x && strncasecmp(x->value, "Curves", 6) == 0) {
		t.groups = x->value + 6;
		t.groups_line = x->line;
	}
	tls_emit(f, &t);
}

static void haproxy(cg_mat_file *f, const directives *d)
{
	tls_cfg t = { .product = "HAProxy" };
	/* HAProxy >= 2.2 defaults to ssl-min-ver TLSv1.2 */
	versions_min(&t, "TLSv1.2");
	t.versions_default = true;
	const directive *x = find(d, "ssl-default-bind-options");
	if (x) {
		const char *m = strcasestr(x->value, "ssl-min-ver");
		if (m) {
			m += 11;
			while (*m == ' ')
				m++;
			char v[16];
			snprintf(v, sizeof(v), "%.*s", (int)strcspn(m, " \t"),
			         m);
			versions_min(&t, v);
			t.versions_default = false;
			t.versions_line = x->line;
		}
		if (strcasestr(x->value, "no-tlsv13"))
			t.enabled[4] = false;
	}
	x = find(d, "ssl-default-bind-ciphers");
	t.ciphers = x ? x->value : NULL;
	t.ciphers_default = !x;
	t.ciphers_line = x ? x->line : 0;
	tls_emit(f, &t);
}

static void openssl_cnf(cg_mat_file *f, const directives *d)
{
	const directive *mp = find(d, "MinProtocol");
	const directive *cs = find(d, "CipherString");
	if (!mp && !cs)
		return; /* no system_default section: nothing about TLS */
	tls_cfg t = { .product = "OpenSSL" };
	if (mp) {
		versions_min(&t, mp->value);
		t.versions_line = mp->line;
	} else {
		versions_min(&t, "TLSv1.2"); /* Debian's default */
		t.versions_default = true;
	}
	t.ciphers = cs ? cs->value : "DEFAULT";
	t.ciphers_default = !cs;
	t.ciphers_line = cs ? cs->line : 0;
	const directive *g = find(d, "Groups");
	if (!g)
		g = find(d, "Curves");
	t.groups = g ? g->value : NULL;
	t.groups_line = g ? g->line : 0;
	tls_emit(f, &t);
}

static void spring(cg_mat_file *f, const directives *d)
{
	const directive *p = find(d, "enabled-protocols");
	if (!p)
		p = find(d, "server.ssl.enabled-protocols");
	const directive *c = find(d, "ciphers");
	if (!c)
		c = find(d, "server.ssl.ciphers");
	if (!p && !c)
		return;
	tls_cfg t = { .product = "Spring Boot" };
	if (p) {
		versions_list(&t, p->value);
		t.versions_line = p->line;
	} else {
		versions_list(&t, "TLSv1.2 TLSv1.3"); /* JDK 11+ default */
		t.versions_default = true;
	}
	/* Java names suites by their IANA names: expanded by libssl */
	if (c) {
		t.ciphers = c->value;
		t.ciphers_line = c->line;
	}
	tls_emit(f, &t);
}

static void java_security(cg_mat_file *f, const directives *d)
{
	const directive *x = find(d, "jdk.tls.disabledAlgorithms");
	tls_cfg t = { .product = "Java" };
	versions_list(&t, "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3");
	t.enabled[0] = true;
	if (x) {
		t.versions_line = x->line;
		char *s = cg_strdup(x->value);
		char *save = NULL;
		for (char *tok = strtok_r(s, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			while (*tok == ' ')
				tok++;
			int i = version_index(tok);
			if (i >= 0)
				t.enabled[i] = false;
		}
		cg_free(s);
	} else {
		t.versions_default = true;
	}
	tls_emit(f, &t);
	const directive *cp = find(d, "jdk.certpath.disabledAlgorithms");
	if (cp && !strstr(cp->value, "MD5"))
		cg_material__misuse(f, "material.config.java", "MD5", NULL,
		                    NULL, cp->line, "weak-algorithm", "medium",
		                    "jdk.certpath.disabledAlgorithms does not "
		                    "disable MD5");
}

/* ---- SSH --------------------------------------------------------------- */

typedef struct {
	const char *name; /* OpenSSH algorithm name (prefix) */
	const char *raw;  /* for the canonical table */
	const char *size;
	const char *weak; /* severity when weak, or NULL */
} ssh_alg;

static const ssh_alg ssh_algs[] = {
	{ "chacha20-poly1305", "ChaCha20-Poly1305", NULL, NULL },
	{ "aes128-gcm", "aes-128-gcm", NULL, NULL },
	{ "aes256-gcm", "aes-256-gcm", NULL, NULL },
	{ "aes128-ctr", "aes-128-ctr", NULL, NULL },
	{ "aes192-ctr", "aes-192-ctr", NULL, NULL },
	{ "aes256-ctr", "aes-256-ctr", NULL, NULL },
	{ "aes128-cbc", "aes-128-cbc", NULL, "medium" },
	{ "aes192-cbc", "aes-192-cbc", NULL, "medium" },
	{ "aes256-cbc", "aes-256-cbc", NULL, "medium" },
	{ "3des-cbc", "3DES-CBC", NULL, "high" },
	{ "arcfour", "RC4", NULL, "high" },
	{ "blowfish-cbc", "Blowfish-CBC", NULL, "high" },
	{ "hmac-sha2-256", "HMAC-SHA256", NULL, NULL },
	{ "hmac-sha2-512", "HMAC-SHA512", NULL, NULL },
	{ "hmac-sha1", "HMAC-SHA1", NULL, "medium" },
	{ "hmac-md5", "HMAC-MD5", NULL, "high" },
	{ "umac-64", "HMAC", NULL, NULL },
	{ "umac-128", "HMAC", NULL, NULL },
	{ "mlkem768x25519-sha256", "ML-KEM-768", NULL, NULL },
	{ "sntrup761x25519-sha512", "X25519", NULL, NULL },
	{ "curve25519-sha256", "X25519", NULL, NULL },
	{ "ecdh-sha2-nistp256", "ECDH-P256", NULL, NULL },
	{ "ecdh-sha2-nistp384", "ECDH-P384", NULL, NULL },
	{ "ecdh-sha2-nistp521", "ECDH-P521", NULL, NULL },
	{ "diffie-hellman-group1-sha1", "DH", "1024", "high" },
	{ "diffie-hellman-group14-sha1", "DH", "2048", "medium" },
	{ "diffie-hellman-group14-sha256", "DH", "2048", NULL },
	{ "diffie-hellman-group16-sha512", "DH", "4096", NULL },
	{ "diffie-hellman-group18-sha512", "DH", "8192", NULL },
	{ "diffie-hellman-group-exchange-sha256", "DH", NULL, NULL },
	{ "diffie-hellman-group-exchange-sha1", "DH", NULL, "medium" },
	{ "ssh-ed25519", "Ed25519", NULL, NULL },
	{ "sk-ssh-ed25519", "Ed25519", NULL, NULL },
	{ "ecdsa-sha2-nistp256", "ECDSA-P256", NULL, NULL },
	{ "ecdsa-sha2-nistp384", "ECDSA-P384", NULL, NULL },
	{ "ecdsa-sha2-nistp521", "ECDSA-P521", NULL, NULL },
	{ "sk-ecdsa-sha2-nistp256", "ECDSA-P256", NULL, NULL },
	{ "rsa-sha2-256", "RSA", NULL, NULL },
	{ "rsa-sha2-512", "RSA", NULL, NULL },
	{ "ssh-rsa", "RSA", NULL, "medium" }, /* SHA-1 signatures */
	{ "ssh-dss", "DSA", "1024", "high" },
	{ NULL, NULL, NULL, NULL },
};

/* OpenSSH 9.x defaults (sshd_config(5)), abbreviated to the families. */
static const char *const ssh_defaults[][2] = {
	{ "Ciphers",
	  "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,"
	  "aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com" },
	{ "MACs",
	  "umac-64-etm@openssh.com,umac-128-etm@openssh.com,"
	  "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
	  "hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	  "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1" },
	{ "KexAlgorithms",
	  "sntrup761x25519-sha512@openssh.com,curve25519-sha256,"
	  "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
	  "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
	  "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
	  "diffie-hellman-group14-sha256" },
	{ "HostKeyAlgorithms",
	  "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
	  "ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"
	  "sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256" },
};

static const ssh_alg *ssh_lookup(const char *name)
{
	const ssh_alg *best = NULL;
	for (const ssh_alg *a = ssh_algs; a->name; a++)
		if (strncmp(name, a->name, strlen(a->name)) == 0 &&
		    (!best || strlen(a->name) > strlen(best->name)))
			best = a;
	return best;
}

static void ssh(cg_mat_file *f, const directives *d, bool server)
{
	char h[17];
	cg_material__short_hash(h, f->path);
	char *ref = cg_sprintf("crypto/protocol/ssh-2/%s", h);
	cg_mat_obj *o = cg_materials_push(f->mats, "protocol", ref, "SSHv2", 1);
	cg_free(ref);
	cg_mat_obj_prop(o, "cdx:type", "ssh");
	cg_mat_obj_prop(o, "cdx:version", "2.0");
	cg_mat_obj_prop(o, "cryptagion:product",
	                server ? "OpenSSH server" : "OpenSSH client");
	for (size_t k = 0; k < 4; k++) {
		const char *key = ssh_defaults[k][0];
		const directive *x = find(d, key);
		const char *list = x ? x->value : ssh_defaults[k][1];
		uint32_t line = x ? x->line : 1;
		if (!x) {
			char *p = cg_sprintf("cryptagion:default");
			cg_mat_obj_prop(o, p, key);
			cg_free(p);
		}
		char *pk = cg_sprintf("cryptagion:%s", key);
		cg_mat_obj_prop(o, pk, list);
		cg_free(pk);
		/* "+a,b" appends to, "-a" removes from, "^a" prepends to the
		 * default: the listed names are what the file adds */
		const char *l = list;
		if (*l == '-')
			continue;
		if (*l == '+' || *l == '^')
			l++;
		char *s = cg_strdup(l);
		char *save = NULL;
		for (char *t = strtok_r(s, ",", &save); t;
		     t = strtok_r(NULL, ",", &save)) {
			const ssh_alg *a = ssh_lookup(t);
			if (!a)
				continue;
			cg_material__ref_alg(f, o, "uses",
			                     "material.config.ssh", a->raw,
			                     a->size, NULL, line);
			if (a->weak && x) {
				char *msg = cg_sprintf("%s enables weak SSH "
				                       "algorithm %s",
				                       key, t);
				cg_material__misuse(
				    f, "material.config.ssh", a->raw, a->size,
				    NULL, line,
				    strcmp(key, "KexAlgorithms") == 0 &&
				            strstr(t, "group1-")
				        ? "weak-protocol"
				        : "weak-algorithm",
				    a->weak, msg);
				cg_free(msg);
			}
		}
		cg_free(s);
	}
	const directive *proto = find(d, "Protocol");
	if (proto && strchr(proto->value, '1'))
		cg_material__misuse(f, "material.config.ssh", NULL, NULL, NULL,
		                    proto->line, "weak-protocol", "critical",
		                    "SSH protocol 1 enabled");
}

void cg_material__config(cg_mat_file *f, const char *data, size_t len)
{
	const char *base = strrchr(f->path, '/');
	base = base ? base + 1 : f->path;
	directives d = { 0 };
	size_t before = f->mats->len;
	if (strcmp(base, "sshd_config") == 0 ||
	    strcmp(base, "ssh_config") == 0) {
		parse_lines(&d, data, len, 0);
		ssh(f, &d, base[3] == 'd');
	} else if (strcmp(base, "java.security") == 0) {
		parse_lines(&d, data, len, '=');
		java_security(f, &d);
	} else if (strcmp(base, "openssl.cnf") == 0 ||
	           cg_str_endswith(base, ".cnf")) {
		parse_lines(&d, data, len, '=');
		openssl_cnf(f, &d);
	} else if (strncmp(base, "application.", 12) == 0) {
		parse_lines(&d, data, len,
		            cg_str_endswith(base, ".properties") ? '=' : ':');
		spring(f, &d);
	} else if (strcmp(base, "haproxy.cfg") == 0 ||
	           cg_str_endswith(base, ".cfg")) {
		parse_lines(&d, data, len, 0);
		haproxy(f, &d);
	} else {
		parse_lines(&d, data, len, 0);
		if (find(&d, "SSLProtocol") || find(&d, "SSLCipherSuite") ||
		    find(&d, "SSLEngine"))
			apache(f, &d);
		else if (memmem(data, len, "ssl_", 4))
			nginx(f, &d);
		else if (find(&d, "Ciphers") || find(&d, "KexAlgorithms"))
			ssh(f, &d, true);
	}
	if (f->mats->len == before)
		cg_materials_note(f->mats, "no TLS or SSH setting recognised");
	dirs_dispose(&d);
}

/* ---- protocols set up in code ------------------------------------------ */

/* A TLS version as code writes it ("TLSv1.2", "TLS1_2_VERSION",
 * "tls.VersionTLS12", "ssl.PROTOCOL_TLSv1_2", "TLSv1_2_method",
 * "CURL_SSLVERSION_TLSv1_2", "rustls::version::TLS13"): its tls_versions
 * index, 5 for every version ("TLS", "PROTOCOL_TLS_CLIENT", "SSLv23",
 * "TLS_method"), or -1. */
static int code_version(const char *s)
{
	cg_buf b = CG_BUF_INIT;
	for (const char *p = s; p && *p; p++)
		if (isalnum((unsigned char)*p))
			cg_buf_putc(&b, (char)toupper((unsigned char)*p));
	const char *u = cg_buf_cstr(&b);
	int r = -1;
	if (strstr(u, "SSLV23") || strstr(u, "SSL23"))
		r = 5;
	else if (strstr(u, "SSLV3") || strstr(u, "SSL3") || strstr(u, "SSLV2"))
		r = 0;
	for (const char *p = strstr(u, "TLS"); p && r < 0;
	     p = strstr(p + 3, "TLS")) {
		const char *d = p + 3;
		if (*d == 'V' && isdigit((unsigned char)d[1]))
			d++;
		if (strncmp(d, "13", 2) == 0)
			r = 4;
		else if (strncmp(d, "12", 2) == 0)
			r = 3;
		else if (strncmp(d, "11", 2) == 0)
			r = 2;
		else if (*d == '1')
			r = 1;
	}
	if (r < 0 && strstr(u, "TLS") && !strstr(u, "MINIMUM") &&
	    !strstr(u, "MAXIMUM") && !strstr(u, "DEFAULT"))
		r = 5;
	cg_buf_dispose(&b);
	return r;
}

/* One protocol finding's settings. */
typedef struct {
	char *type, *rule, *version, *versions, *min, *max, *disabled, *ciphers,
	    *groups, *kex, *macs, *hostkeys;
	/* TLS: the signature schemes and whose cipher-suite order wins
	 * (server / client), recorded as properties of the objects */
	char *sigalgs, *order;
	uint32_t line, ciphers_line, groups_line, kex_line, macs_line,
	    hostkeys_line;
} code_proto;

static char *xdup(const cg_finding *fd, const char *name, uint32_t *line,
                  uint32_t fallback)
{
	const cg_param *p = cg_finding_xget(fd, name);
	if (line)
		*line = p && p->value ? fallback : *line;
	return p && p->value ? cg_strdup(p->value) : NULL;
}

static void code_proto_dispose(code_proto *c)
{
	cg_free(c->type);
	cg_free(c->rule);
	cg_free(c->version);
	cg_free(c->versions);
	cg_free(c->min);
	cg_free(c->max);
	cg_free(c->disabled);
	cg_free(c->ciphers);
	cg_free(c->groups);
	cg_free(c->kex);
	cg_free(c->macs);
	cg_free(c->hostkeys);
	cg_free(c->sigalgs);
	cg_free(c->order);
}

/* The words of a list as code writes it ("a,b", "[a, b]", Go's
 * []uint16{tls.A, tls.B}): the last dotted part of each word, joined with
 * ','. */
static char *code_words(const char *s)
{
	cg_buf b = CG_BUF_INIT;
	for (const char *p = s; p && *p;) {
		size_t n = 0;
		while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_' ||
		                p[n] == '-' || p[n] == '@' || p[n] == '.'))
			n++;
		bool qualified = !memchr(p, '@', n) && !memchr(p, '-', n);
		if (n) {
			const char *w = p, *dot;
			while (qualified &&
			       (dot = memchr(w, '.', (size_t)(p + n - w))) &&
			       dot + 1 < p + n &&
			       !isdigit((unsigned char)dot[1]))
				w = dot + 1;
			if (b.len)
				cg_buf_putc(&b, ',');
			cg_buf_put(&b, w, (size_t)(p + n - w));
		}
		p += n ? n : 1;
	}
	return cg_buf_detach(&b);
}

static void code_ssh(cg_mat_file *f, const code_proto *c)
{
	char h[17];
	char *id = cg_sprintf("%s#ssh#%u", f->path, c->line);
	cg_material__short_hash(h, id);
	cg_free(id);
	char *ref = cg_sprintf("crypto/protocol/ssh-2/%s", h);
	cg_mat_obj *o =
	    cg_materials_push(f->mats, "protocol", ref, "SSHv2", c->line);
	cg_free(ref);
	cg_mat_obj_prop(o, "cdx:type", "ssh");
	cg_mat_obj_prop(o, "cdx:version", "2.0");
	cg_mat_obj_prop(o, "cryptagion:product", "code");
	cg_mat_obj_prop(o, "cryptagion:rule", c->rule);
	const struct {
		const char *key, *list;
		uint32_t line;
	} lists[] = {
		{ "Ciphers", c->ciphers, c->ciphers_line },
		{ "MACs", c->macs, c->macs_line },
		{ "KexAlgorithms", c->kex, c->kex_line },
		{ "HostKeyAlgorithms", c->hostkeys, c->hostkeys_line },
	};
	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		if (!lists[k].list)
			continue;
		char *words = code_words(lists[k].list);
		char *pk = cg_sprintf("cryptagion:%s", lists[k].key);
		cg_mat_obj_prop(o, pk, words);
		cg_free(pk);
		char *save = NULL;
		for (char *t = strtok_r(words, ",", &save); t;
		     t = strtok_r(NULL, ",", &save)) {
			const ssh_alg *a = ssh_lookup(t);
			if (a)
				cg_material__ref_alg(f, o, "uses", c->rule,
				                     a->raw, a->size, NULL,
				                     lists[k].line);
		}
		cg_free(words);
	}
}

static void code_tls(cg_mat_file *f, const code_proto *c)
{
	tls_cfg t = { .product = "code", .rule = c->rule, .from_code = true };
	int v = c->version ? code_version(c->version) : -1;
	int lo = c->min ? code_version(c->min) : -1;
	int hi = c->max ? code_version(c->max) : -1;
	if (c->versions) {
		/* a list: ["TLSv1.2", "TLSv1.3"] */
		char *words = code_words(c->versions);
		char *save = NULL;
		for (char *w = strtok_r(words, ",", &save); w;
		     w = strtok_r(NULL, ",", &save)) {
			int k = code_version(w);
			if (k >= 0 && k < 5)
				t.enabled[k] = true;
		}
		cg_free(words);
	} else if (v >= 0 && v < 5) {
		t.enabled[v] = true;
	} else if (lo >= 0 || hi >= 0 || c->disabled) {
		for (int k = lo >= 0 && lo < 5 ? lo : 1;
		     k <= (hi >= 0 && hi < 5 ? hi : 4); k++)
			t.enabled[k] = true;
	}
	cg_buf off = CG_BUF_INIT; /* the versions turned off, as written */
	if (c->disabled) {
		/* versions turned off (OP_NO_TLSv1, SSL_OP_NO_SSLv3): what
		 * is left of the range above, or of every TLS version, as
		 * Apache's "all -SSLv3 -TLSv1" */
		char *words = code_words(c->disabled);
		char *save = NULL;
		for (char *w = strtok_r(words, ",", &save); w;
		     w = strtok_r(NULL, ",", &save)) {
			int k = code_version(w);
			if (k < 0 || k >= 5)
				continue; /* OP_NO_COMPRESSION, OP_ALL */
			t.enabled[k] = false;
			if (off.len)
				cg_buf_putc(&off, ',');
			cg_buf_puts(&off, w);
		}
		cg_free(words);
	}
	bool any = false;
	for (int k = 0; k < 5; k++)
		any = any || t.enabled[k];
	t.versions_line = c->line;
	/* a list of IANA names as code writes it (an array, a Go slice with
	 * comments) is recorded as the names alone */
	char *iana = NULL;
	if (c->ciphers &&
	    (strstr(c->ciphers, "TLS_") || strstr(c->ciphers, "SSL_"))) {
		char *words = code_words(c->ciphers);
		cg_buf b = CG_BUF_INIT;
		char *save = NULL;
		for (char *w = strtok_r(words, ",", &save); w;
		     w = strtok_r(NULL, ",", &save))
			if (strncmp(w, "TLS_", 4) == 0 ||
			    strncmp(w, "TLS13_", 6) == 0 ||
			    strncmp(w, "SSL_", 4) == 0) {
				if (b.len)
					cg_buf_putc(&b, ':');
				cg_buf_puts(&b, w);
			}
		cg_free(words);
		iana = cg_buf_detach(&b);
	}
	t.ciphers = iana ? iana : c->ciphers;
	t.ciphers_line = c->ciphers_line;
	char *groups = c->groups ? code_words(c->groups) : NULL;
	t.groups = groups;
	t.groups_line = c->groups_line;
	size_t before = f->mats->len;
	t.versionless = !any; /* no version named: one TLS object */
	tls_emit(f, &t);
	char *sigalgs = c->sigalgs ? code_words(c->sigalgs) : NULL;
	for (size_t i = before; i < f->mats->len; i++) {
		cg_mat_obj_prop(&f->mats->items[i], "cryptagion:rule", c->rule);
		if (off.len)
			cg_mat_obj_prop(&f->mats->items[i],
			                "cryptagion:disabledVersions",
			                cg_buf_cstr(&off));
		if (sigalgs)
			cg_mat_obj_prop(&f->mats->items[i],
			                "cryptagion:signatureSchemes", sigalgs);
		if (c->order) /* setUseCipherSuitesOrder(true): the server's */
			cg_mat_obj_prop(
			    &f->mats->items[i], "cryptagion:cipherOrder",
			    strcmp(c->order, "true") == 0 ? "server"
			                                  : "client");
	}
	cg_buf_dispose(&off);
	cg_free(sigalgs);
	cg_free(groups);
	cg_free(iana);
}

void cg_material_code_protocols(cg_findings *fs, cg_materials *mats,
                                const cg_material_ctx *ctx, const char *path)
{
	code_proto *cs = NULL;
	size_t n = 0, capcs = 0, w = 0, nh = 0, caph = 0;
	struct {
		uint32_t line;
		char hash[65];
	} *hashes = NULL;
	for (size_t i = 0; i < fs->len; i++) {
		cg_finding *fd = &fs->items[i];
		const cg_param *p =
		    fd->misuse ? NULL : cg_finding_xget(fd, "protocol");
		if (!p || !p->value) {
			fs->items[w++] = *fd;
			continue;
		}
		/* one protocol per file and type: settings made on separate
		 * lines (a context, then its versions, then its suites)
		 * describe one configuration */
		/* (a setting the configuration already has starts the next
		 * one: two contexts set up one after the other) */
		static const char *const names[] = {
			"version", "min_version", "max_version", "ciphers",
			"groups",  "kex",         "macs",        "hostkeys",
			"sigalgs", "order",       NULL
		};
		code_proto *c = NULL;
		for (size_t k = n; k-- > 0 && !c;)
			if (strcmp(cs[k].type, p->value) == 0)
				c = &cs[k];
		for (size_t k = 0; c && names[k]; k++) {
			char **have[] = { &c->version, &c->min,
				          &c->max,     &c->ciphers,
				          &c->groups,  &c->kex,
				          &c->macs,    &c->hostkeys,
				          &c->sigalgs, &c->order };
			const cg_param *x = cg_finding_xget(fd, names[k]);
			if (x && x->value && *have[k])
				c = NULL;
		}
		/* a context created after versions were turned off is the
		 * next one (the options belong to an earlier context) */
		const cg_param *cv = cg_finding_xget(fd, "version");
		if (c && c->disabled && cv && cv->value)
			c = NULL;
		if (!c) {
			cg_reserve(cs, capcs, cg_array__add(n, 1));
			c = &cs[n++];
			memset(c, 0, sizeof(*c));
			c->type = cg_strdup(p->value);
			c->rule = cg_strdup(fd->rule_id);
			c->line = fd->line;
		}
		struct {
			char **dst;
			const char *name;
			uint32_t *line;
		} keys[] = {
			{ &c->version, "version", NULL },
			{ &c->versions, "versions", NULL },
			{ &c->min, "min_version", NULL },
			{ &c->max, "max_version", NULL },
			{ &c->disabled, "disabled", NULL },
			{ &c->ciphers, "ciphers", &c->ciphers_line },
			{ &c->groups, "groups", &c->groups_line },
			{ &c->kex, "kex", &c->kex_line },
			{ &c->macs, "macs", &c->macs_line },
			{ &c->hostkeys, "hostkeys", &c->hostkeys_line },
			{ &c->sigalgs, "sigalgs", NULL },
			{ &c->order, "order", NULL },
		};
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			uint32_t l = keys[k].line ? *keys[k].line : 0;
			char *v = xdup(fd, keys[k].name, &l, fd->line);
			if (!v)
				continue;
			/* a rule may prefix the value with the setting that
			 * gave it ("set_cipher_list:HIGH") */
			static const char *const prefixes[] = {
				"set_cipher_list:", "set_ciphersuites:",
				"SSL_CIPHER_LIST:", "TLS13_CIPHERS:", NULL
			};
			for (size_t q = 0; prefixes[q]; q++)
				if (strncmp(v, prefixes[q],
				            strlen(prefixes[q])) == 0) {
					char *rest =
					    cg_strdup(v + strlen(prefixes[q]));
					cg_free(v);
					v = rest;
					break;
				}
			if (keys[k].dst == &c->disabled && c->disabled) {
				/* options add up: |= OP_NO_SSLv3, then
				 * |= OP_NO_TLSv1 */
				char *all = cg_sprintf("%s,%s", c->disabled, v);
				cg_free(v);
				v = all;
			}
			cg_free(*keys[k].dst);
			*keys[k].dst = v;
			if (keys[k].line)
				*keys[k].line = l;
			if (keys[k].dst == &c->version ||
			    keys[k].dst == &c->versions ||
			    keys[k].dst == &c->min ||
			    keys[k].dst == &c->disabled) {
				/* the versions' setting places the object */
				c->line = fd->line;
				cg_free(c->rule);
				c->rule = cg_strdup(fd->rule_id);
			}
		}
		/* the suites' findings get the line hash of their setting */
		cg_reserve(hashes, caph, cg_array__add(nh, 1));
		hashes[nh].line = fd->line;
		memcpy(hashes[nh++].hash, fd->line_hash, sizeof(fd->line_hash));
		cg_finding_dispose(fd);
	}
	fs->len = w;
	if (!n) {
		cg_free(hashes);
		return;
	}
	size_t from = fs->len;
	cg_mat_file f = { .ctx = ctx,
		          .findings = fs,
		          .mats = mats,
		          .path = path,
		          .ext = "" };
	f.md = pcre2_match_data_create(32, NULL);
	for (size_t k = 0; k < n; k++) {
		if (strcmp(cs[k].type, "ssh") == 0)
			code_ssh(&f, &cs[k]);
		else
			code_tls(&f, &cs[k]);
		code_proto_dispose(&cs[k]);
	}
	cg_free(cs);
	pcre2_match_data_free(f.md);
	for (size_t i = from; i < fs->len; i++)
		for (size_t k = 0; k < nh; k++)
			if (hashes[k].line == fs->items[i].line)
				memcpy(fs->items[i].line_hash, hashes[k].hash,
				       sizeof(hashes[k].hash));
	cg_free(hashes);
	cg_findings_sort(fs);
}
