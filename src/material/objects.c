/* objects.c — certificates and keys: PEM (several objects per file), DER,
 * PKCS#7, PKCS#12 without a password, OpenSSH and PuTTY private keys, JWKs.
 * Parsed with libcrypto. Key bytes are decoded only to learn the key's
 * type and size and are cleansed before they are freed; nothing of them
 * is reported. */
#define _GNU_SOURCE
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/util.h"
#include "material_int.h"

#define MAX_OBJECTS 4096 /* objects analysed per file; more are noted */

typedef struct {
	cg_mat_file *f;
	size_t nobj;
	bool capped;
} rd;

/* The reason of OpenSSL's last error (static text, never input bytes). */
static const char *ossl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	return r ? r : "malformed";
}

static bool count(rd *r)
{
	if (r->nobj >= MAX_OBJECTS) {
		if (!r->capped)
			cg_materials_note(r->f->mats,
			                  "more than %d objects: the rest not "
			                  "analysed",
			                  MAX_OBJECTS);
		r->capped = true;
		return false;
	}
	r->nobj++;
	return true;
}

static char *name_text(const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253);
	char *p = NULL;
	long len = BIO_get_mem_data(b, &p);
	char *s = cg_utf8_sanitize(p ? p : "", len > 0 ? (size_t)len : 0);
	BIO_free(b);
	return s;
}

static char *common_name(const X509_NAME *n)
{
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	if (i < 0)
		return NULL;
	const ASN1_STRING *s =
	    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
	unsigned char *u = NULL;
	int len = ASN1_STRING_to_UTF8(&u, s);
	if (len < 0)
		return NULL;
	char *r = cg_utf8_sanitize((const char *)u, (size_t)len);
	OPENSSL_free(u);
	return r;
}

/* RFC 3339 of an ASN1_TIME; *epoch receives the seconds. */
static char *asn1_time(const ASN1_TIME *t, int64_t *epoch)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return NULL;
	char buf[32];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	*epoch = (int64_t)timegm(&tm);
	return cg_strdup(buf);
}

/* The key's algorithm for the canonical table, its size and curve. */
typedef struct {
	const char *alg; /* "RSA", "EC", "Ed25519", ... (static) */
	char size[16];
	char curve[64];
} keyinfo;

static bool describe_key(keyinfo *k, const EVP_PKEY *pk)
{
	memset(k, 0, sizeof(*k));
	int bits = EVP_PKEY_get_bits(pk);
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		k->alg = "RSA";
		break;
	case EVP_PKEY_DSA:
		k->alg = "DSA";
		break;
	case EVP_PKEY_DH:
	case EVP_PKEY_DHX:
		k->alg = "DH";
		break;
	case EVP_PKEY_EC: {
		k->alg = "EC";
		size_t n = 0;
		if (!EVP_PKEY_get_utf8_string_param(
		        pk, OSSL_PKEY_PARAM_GROUP_NAME, k->curve,
		        sizeof(k->curve), &n))
			k->curve[0] = '\0';
		break;
	}
	case EVP_PKEY_ED25519:
		k->alg = "Ed25519";
		bits = 0;
		break;
	case EVP_PKEY_ED448:
		k->alg = "Ed448";
		bits = 0;
		break;
	case EVP_PKEY_X25519:
		k->alg = "X25519";
		bits = 0;
		break;
	case EVP_PKEY_X448:
		k->alg = "X448";
		bits = 0;
		break;
	default:
		return false;
	}
	if (bits > 0 && !k->curve[0])
		snprintf(k->size, sizeof(k->size), "%d", bits);
	return true;
}

/* A public key component for pk; returns its bom-ref (owned). */
static char *public_key(rd *r, EVP_PKEY *pk, uint32_t line, const char *format)
{
	keyinfo k;
	if (!describe_key(&k, pk))
		return NULL;
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(pk, &der);
	if (n <= 0)
		return NULL;
	char hex[65];
	cg_sha256_hex(hex, der, (size_t)n);
	OPENSSL_free(der);
	char *ref =
	    cg_sprintf("crypto/related-crypto-material/public-key/%.16s", hex);
	cg_mat_obj *o =
	    cg_materials_push(r->f->mats, "public-key", ref, NULL, line);
	cg_mat_obj_prop(o, "cdx:type", "public-key");
	char bits[16];
	snprintf(bits, sizeof(bits), "%d", EVP_PKEY_get_bits(pk));
	cg_mat_obj_prop(o, "cdx:size", bits);
	cg_mat_obj_prop(o, "cdx:format", format);
	cg_mat_obj_prop(o, "cryptagion:spkiSha256", hex);
	cg_material__ref_alg(r->f, o, "algorithm", "material.public-key", k.alg,
	                     k.size[0] ? k.size : NULL,
	                     k.curve[0] ? k.curve : NULL, line);
	/* name: the algorithm asset's name + " public key" */
	if (o->nrefs && o->refs[0].name) {
		cg_free(o->name);
		o->name = cg_sprintf("%s public key", o->refs[0].name);
	}
	return ref;
}

/* Misuses of a certificate: expired (expired-certificate), signed with
 * MD5 or SHA-1 (weak-algorithm), an RSA/DSA key below 2048 bits or an EC
 * key below 224 bits (weak-key-size); all high. mdnid: the signature's
 * digest. */
static void cert_misuses(cg_mat_file *f, X509 *x, const char *who, int mdnid,
                         uint32_t line)
{
	int64_t na = 0;
	char *nas = asn1_time(X509_get0_notAfter(x), &na);
	if (nas && na < f->ctx->now) {
		char *m = cg_sprintf("certificate %s expired on %s", who, nas);
		cg_material__misuse(f, "material.certificate.expired", NULL,
		                    NULL, NULL, line, "expired-certificate",
		                    "high", m);
		cg_free(m);
	}
	cg_free(nas);
	if (mdnid == NID_md5 || mdnid == NID_sha1 || mdnid == NID_md5_sha1) {
		const char *d = mdnid == NID_sha1 ? "SHA-1" : "MD5";
		char *m =
		    cg_sprintf("certificate %s is signed with %s", who, d);
		cg_material__misuse(f, "material.certificate.signature", d,
		                    NULL, NULL, line, "weak-algorithm", "high",
		                    m);
		cg_free(m);
	}
	keyinfo k;
	EVP_PKEY *pk = X509_get0_pubkey(x);
	if (!pk || !describe_key(&k, pk))
		return;
	int bits = EVP_PKEY_get_bits(pk);
	bool ec = strcmp(k.alg, "EC") == 0;
	bool fr = strcmp(k.alg, "RSA") == 0 || strcmp(k.alg, "DSA") == 0 ||
	          strcmp(k.alg, "DH") == 0;
	if ((fr && bits > 0 && bits < 2048) || (ec && bits > 0 && bits < 224)) {
		char *m = cg_sprintf("certificate %s has a %d-bit %s key", who,
		                     bits, k.alg);
		cg_material__misuse(f, "material.public-key", k.alg,
		                    k.size[0] ? k.size : NULL,
		                    k.curve[0] ? k.curve : NULL, line,
		                    "weak-key-size", "high", m);
		cg_free(m);
	}
}

static void certificate(rd *r, X509 *x, uint32_t line, const char *format)
{
	if (!count(r))
		return;
	cg_mat_file *f = r->f;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!X509_digest(x, EVP_sha256(), md, &mdlen)) {
		cg_materials_note(f->mats,
		                  "line %u: certificate not analysed "
		                  "(%s)",
		                  line, ossl_reason());
		return;
	}
	char fp[2 * EVP_MAX_MD_SIZE + 1];
	for (unsigned i = 0; i < mdlen; i++)
		snprintf(fp + 2 * i, 3, "%02x", md[i]);
	EVP_PKEY *pk = X509_get0_pubkey(x);
	char *pkref =
	    pk ? public_key(r, pk, line, "X.509 SubjectPublicKeyInfo") : NULL;

	char *subject = name_text(X509_get_subject_name(x));
	char *issuer = name_text(X509_get_issuer_name(x));
	char *cn = common_name(X509_get_subject_name(x));
	char *ref = cg_sprintf("crypto/certificate/%s", fp);
	cg_mat_obj *o = cg_materials_push(f->mats, "certificate", ref,
	                                  cn ? cn : subject, line);
	cg_mat_obj_prop(o, "cdx:subjectName", subject);
	cg_mat_obj_prop(o, "cdx:issuerName", issuer);
	int64_t nb = 0, na = 0;
	char *nbs = asn1_time(X509_get0_notBefore(x), &nb);
	char *nas = asn1_time(X509_get0_notAfter(x), &na);
	cg_mat_obj_prop(o, "cdx:notValidBefore", nbs);
	cg_mat_obj_prop(o, "cdx:notValidAfter", nas);
	cg_mat_obj_prop(o, "cdx:certificateFormat", format);
	if (*f->ext)
		cg_mat_obj_prop(o, "cdx:certificateExtension", f->ext);
	/* serial */
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *serial = bn ? BN_bn2hex(bn) : NULL;
	cg_mat_obj_prop(o, "cryptagion:serialNumber", serial);
	OPENSSL_free(serial);
	BN_free(bn);
	cg_mat_obj_prop(o, "cryptagion:fingerprintSha256", fp);
	bool self = X509_self_signed(x, 0) == 1;
	cg_mat_obj_prop(o, "cryptagion:selfSigned", self ? "true" : "false");
	if (nas) {
		int64_t left = na - f->ctx->now;
		bool expired = left < 0;
		bool expiring =
		    !expired && left < (int64_t)f->ctx->warn_days * 86400;
		cg_mat_obj_prop(o, "cryptagion:expired",
		                expired ? "true" : "false");
		cg_mat_obj_prop(o, "cryptagion:expiring",
		                expiring ? "true" : "false");
		char days[32];
		snprintf(days, sizeof(days), "%lld",
		         (long long)(left >= 0 ? left / 86400
		                               : -((-left + 86399) / 86400)));
		cg_mat_obj_prop(o, "cryptagion:daysToExpiry", days);
	}
	if (nbs && nb > f->ctx->now)
		cg_mat_obj_prop(o, "cryptagion:notYetValid", "true");
	/* signature algorithm */
	int sig = X509_get_signature_nid(x);
	const X509_ALGOR *alg = NULL;
	X509_get0_signature(NULL, &alg, x);
	const ASN1_OBJECT *aobj = NULL;
	if (alg)
		X509_ALGOR_get0(&aobj, NULL, NULL, alg);
	char oid[128] = "";
	if (aobj)
		OBJ_obj2txt(oid, sizeof(oid), aobj, 1);
	cg_mat_obj_prop(o, "cryptagion:signatureAlgorithm",
	                sig != NID_undef ? OBJ_nid2ln(sig) : NULL);
	cg_mat_obj_prop(o, "cryptagion:signatureAlgorithmOid",
	                oid[0] ? oid : NULL);
	int mdnid = NID_undef, pknid = NID_undef;
	if (sig != NID_undef && OBJ_find_sigid_algs(sig, &mdnid, &pknid)) {
		const char *raw = NULL;
		switch (pknid) {
		case NID_rsaEncryption:
		case NID_rsassaPss:
			raw = "RSA";
			break;
		case NID_X9_62_id_ecPublicKey:
			raw = "ECDSA";
			break;
		case NID_dsa:
			raw = "DSA";
			break;
		case NID_ED25519:
			raw = "Ed25519";
			break;
		case NID_ED448:
			raw = "Ed448";
			break;
		default:
			break;
		}
		/* the signer's key size is known when we hold its key */
		keyinfo k;
		bool sized = self && pk && describe_key(&k, pk);
		if (raw)
			cg_material__ref_alg(
			    f, o, "signature", "material.certificate.signature",
			    raw, sized && k.size[0] ? k.size : NULL,
			    sized && k.curve[0] ? k.curve : NULL, line);
		if (mdnid != NID_undef)
			cg_material__ref_alg(
			    f, o, "digest", "material.certificate.signature",
			    OBJ_nid2sn(mdnid), NULL, NULL, line);
		if (sig == NID_rsassaPss)
			cg_mat_obj_prop(o, "cryptagion:padding", "pss");
	}
	if (pkref)
		cg_mat_obj_ref(o, "public-key", pkref, NULL, NULL);
	cert_misuses(f, x, cn ? cn : subject, mdnid, line);
	cg_free(pkref);
	cg_free(ref);
	cg_free(subject);
	cg_free(issuer);
	cg_free(cn);
	cg_free(nbs);
	cg_free(nas);
}

/* A private key component and its hardcoded-key misuse. raw/size/curve:
 * the key's algorithm when known (NULL when encrypted and opaque). */
static void private_key(rd *r, uint32_t line, const char *kind, const char *raw,
                        const char *size, const char *curve, const char *format,
                        bool encrypted)
{
	if (!count(r))
		return;
	cg_mat_file *f = r->f;
	char *id = cg_sprintf("%s#%u#%zu", f->path, line, r->nobj);
	char h[17];
	cg_material__short_hash(h, id);
	cg_free(id);
	char *ref = cg_sprintf("crypto/related-crypto-material/%s/%s", kind, h);
	cg_mat_obj *o = cg_materials_push(f->mats, kind, ref, NULL, line);
	cg_mat_obj_prop(o, "cdx:type", kind);
	cg_mat_obj_prop(o, "cdx:format", format);
	cg_mat_obj_prop(o, "cryptagion:encrypted",
	                encrypted ? "true" : "false");
	if (raw)
		cg_material__ref_alg(f, o, "algorithm", "material.private-key",
		                     raw, size, curve, line);
	const char *aname =
	    o->nrefs && o->refs[0].name ? o->refs[0].name : NULL;
	/* size in bits: the key size, or the curve's */
	if (raw) {
		cg_finding *last = NULL;
		for (size_t i = 0; i < f->findings->len; i++)
			if (aname && f->findings->items[i].name &&
			    strcmp(f->findings->items[i].name, aname) == 0)
				last = &f->findings->items[i];
		if (last && last->key_size.value)
			cg_mat_obj_prop(o, "cdx:size", last->key_size.value);
	}
	cg_free(o->name);
	o->name = cg_sprintf("%s %s", aname ? aname : "unknown",
	                     strcmp(kind, "secret-key") == 0 ? "secret key"
	                                                     : "private key");
	char *msg = cg_sprintf("%s committed to the repository: %s (%s, %s)",
	                       strcmp(kind, "secret-key") == 0 ? "secret key"
	                                                       : "private key",
	                       aname ? aname : "type unknown", format,
	                       encrypted ? "encrypted" : "not encrypted");
	cg_material__misuse(f, "material.private-key", raw, size, curve, line,
	                    "hardcoded-key", "critical", msg);
	cg_free(msg);
	cg_free(ref);
}

static void private_pkey(rd *r, EVP_PKEY *pk, uint32_t line, const char *format)
{
	keyinfo k;
	if (!describe_key(&k, pk)) {
		private_key(r, line, "private-key", NULL, NULL, NULL, format,
		            false);
		return;
	}
	private_key(r, line, "private-key", k.alg, k.size[0] ? k.size : NULL,
	            k.curve[0] ? k.curve : NULL, format, false);
}

static void pkcs7(rd *r, PKCS7 *p7, uint32_t line, const char *format)
{
	STACK_OF(X509) *certs = NULL;
	int type = OBJ_obj2nid(p7->type);
	if (type == NID_pkcs7_signed && p7->d.sign)
		certs = p7->d.sign->cert;
	else if (type == NID_pkcs7_signedAndEnveloped &&
	         p7->d.signed_and_enveloped)
		certs = p7->d.signed_and_enveloped->cert;
	for (int i = 0; certs && i < sk_X509_num(certs); i++)
		certificate(r, sk_X509_value(certs, i), line, format);
}

/* ---- PKCS#12 ------------------------------------------------------------ */

static void pkcs12(rd *r, PKCS12 *p12)
{
	const char *pass = NULL;
	if (PKCS12_mac_present(p12)) {
		if (PKCS12_verify_mac(p12, "", 0))
			pass = "";
		else if (PKCS12_verify_mac(p12, NULL, 0))
			pass = NULL;
		else {
			cg_materials_note(r->f->mats,
			                  "PKCS#12 protected by a password: "
			                  "not analysed");
			if (!r->f->mats->len)
				r->f->mats->not_analysed = true;
			return;
		}
	}
	EVP_PKEY *pkey = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	if (!PKCS12_parse(p12, pass, &pkey, &cert, &ca)) {
		cg_materials_note(r->f->mats,
		                  "PKCS#12 not analysed: cannot decrypt its "
		                  "contents without a password (%s)",
		                  ossl_reason());
		if (!r->f->mats->len)
			r->f->mats->not_analysed = true;
		return;
	}
	if (cert)
		certificate(r, cert, 1, "X.509 PKCS#12");
	for (int i = 0; ca && i < sk_X509_num(ca); i++)
		certificate(r, sk_X509_value(ca, i), 1, "X.509 PKCS#12");
	if (pkey)
		private_pkey(r, pkey, 1, "PKCS#12");
	EVP_PKEY_free(pkey);
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
}

/* ---- SSH wire format: OpenSSH and PuTTY keys ------------------------- */

typedef struct {
	const unsigned char *p;
	size_t n;
} wire;

static bool wire_str(wire *w, const unsigned char **s, size_t *len)
{
	if (w->n < 4)
		return false;
	size_t l = ((size_t)w->p[0] << 24) | ((size_t)w->p[1] << 16) |
	           ((size_t)w->p[2] << 8) | w->p[3];
	if (l > w->n - 4)
		return false;
	*s = w->p + 4;
	*len = l;
	w->p += 4 + l;
	w->n -= 4 + l;
	return true;
}

static bool wire_eq(const unsigned char *s, size_t len, const char *lit)
{
	return len == strlen(lit) && memcmp(s, lit, len) == 0;
}

/* Type and size from an SSH public key blob. */
static bool ssh_pub(const unsigned char *blob, size_t n, const char **raw,
                    char size[16], const char **curve)
{
	wire w = { blob, n };
	const unsigned char *t, *a;
	size_t tl, al;
	*curve = NULL;
	size[0] = '\0';
	if (!wire_str(&w, &t, &tl))
		return false;
	if (wire_eq(t, tl, "ssh-rsa")) {
		*raw = "RSA";
		if (!wire_str(&w, &a, &al) || !wire_str(&w, &a, &al))
			return true;
		while (al && !*a) {
			a++;
			al--;
		}
		if (al) {
			int bits = (int)(al - 1) * 8;
			for (unsigned v = a[0]; v; v >>= 1)
				bits++;
			snprintf(size, 16, "%d", bits);
		}
		return true;
	}
	if (wire_eq(t, tl, "ssh-ed25519") ||
	    wire_eq(t, tl, "sk-ssh-ed25519@openssh.com")) {
		*raw = "Ed25519";
		return true;
	}
	if (wire_eq(t, tl, "ssh-dss")) {
		*raw = "DSA";
		return true;
	}
	if (tl > 11 && memcmp(t, "ecdsa-sha2-", 11) == 0) {
		*raw = "EC";
		*curve = wire_eq(t, tl, "ecdsa-sha2-nistp256")   ? "P-256"
		         : wire_eq(t, tl, "ecdsa-sha2-nistp384") ? "P-384"
		         : wire_eq(t, tl, "ecdsa-sha2-nistp521") ? "P-521"
		                                                 : NULL;
		return true;
	}
	return false;
}

static void openssh_key(rd *r, const unsigned char *d, size_t n, uint32_t line)
{
	static const char magic[] = "openssh-key-v1";
	wire w = { d, n };
	const unsigned char *cipher, *kdf, *opts, *pub = NULL;
	size_t cl, kl, ol, pl = 0;
	if (n < sizeof(magic) || memcmp(d, magic, sizeof(magic)) != 0) {
		cg_materials_note(r->f->mats,
		                  "line %u: OpenSSH private key not analysed "
		                  "(bad magic)",
		                  line);
		return;
	}
	w.p += sizeof(magic);
	w.n -= sizeof(magic);
	if (!wire_str(&w, &cipher, &cl) || !wire_str(&w, &kdf, &kl) ||
	    !wire_str(&w, &opts, &ol) || w.n < 4) {
		cg_materials_note(
		    r->f->mats, "line %u: OpenSSH private key truncated", line);
		return;
	}
	w.p += 4; /* number of keys: the first is analysed */
	w.n -= 4;
	const char *raw = NULL, *curve = NULL;
	char size[16] = "";
	if (wire_str(&w, &pub, &pl))
		ssh_pub(pub, pl, &raw, size, &curve);
	private_key(r, line, "private-key", raw, size[0] ? size : NULL, curve,
	            "OpenSSH", !wire_eq(cipher, cl, "none"));
}

static void putty_key(rd *r, const char *data, size_t len)
{
	/* PuTTY-User-Key-File-N: TYPE / Encryption: X / Public-Lines: N */
	char *text = cg_strndup(data, len);
	const char *enc = strstr(text, "\nEncryption: ");
	bool encrypted = enc && strncmp(enc + 13, "none", 4) != 0;
	const char *pl = strstr(text, "\nPublic-Lines: ");
	const char *raw = NULL, *curve = NULL;
	char size[16] = "";
	if (pl) {
		long lines = strtol(pl + 15, NULL, 10);
		const char *p = strchr(pl + 1, '\n');
		cg_buf b64 = CG_BUF_INIT;
		for (long i = 0; p && i < lines && i < 64; i++) {
			const char *e = strchr(p + 1, '\n');
			size_t l = e ? (size_t)(e - p - 1) : strlen(p + 1);
			while (l && p[l] == '\r')
				l--;
			cg_buf_put(&b64, p + 1, l);
			p = e;
		}
		size_t bl = strlen(cg_buf_cstr(&b64));
		unsigned char *blob = cg_malloc(bl + 4);
		int n = EVP_DecodeBlock(
		    blob, (const unsigned char *)cg_buf_cstr(&b64), (int)bl);
		if (n > 0)
			ssh_pub(blob, (size_t)n, &raw, size, &curve);
		cg_free(blob);
		cg_buf_dispose(&b64);
	}
	if (!raw) {
		/* the type from the first line */
		if (strstr(text, ": ssh-rsa"))
			raw = "RSA";
		else if (strstr(text, ": ssh-ed25519"))
			raw = "Ed25519";
		else if (strstr(text, ": ecdsa-sha2-"))
			raw = "EC";
	}
	private_key(r, 1, "private-key", raw, size[0] ? size : NULL, curve,
	            "PuTTY", encrypted);
	cg_free(text);
}

/* ---- JWK ---------------------------------------------------------------- */

static int b64url_bits(const char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '=')
		n--;
	return (int)(n * 6 / 8) * 8;
}

static void jwk_one(rd *r, json_t *k)
{
	const char *kty = json_string_value(json_object_get(k, "kty"));
	if (!kty)
		return;
	bool priv = json_object_get(k, "d") != NULL;
	bool secret = strcmp(kty, "oct") == 0 && json_object_get(k, "k");
	const char *crv = json_string_value(json_object_get(k, "crv"));
	char size[16] = "";
	const char *raw = NULL, *curve = NULL;
	if (strcmp(kty, "RSA") == 0) {
		raw = "RSA";
		const char *nn = json_string_value(json_object_get(k, "n"));
		if (nn) {
			/* strip a leading zero byte: round down to 8 bits */
			int bits = b64url_bits(nn);
			snprintf(size, sizeof(size), "%d", bits);
		}
	} else if (strcmp(kty, "EC") == 0) {
		raw = "EC";
		curve = crv;
	} else if (strcmp(kty, "OKP") == 0 && crv) {
		raw = crv; /* Ed25519, Ed448, X25519, X448 */
	} else if (secret) {
		const char *kk = json_string_value(json_object_get(k, "k"));
		raw = NULL;
		if (kk)
			snprintf(size, sizeof(size), "%d", b64url_bits(kk));
	}
	if (!priv && !secret)
		return; /* a public JWK is not a secret */
	if (secret) {
		const char *alg = json_string_value(json_object_get(k, "alg"));
		private_key(r, 1, "secret-key",
		            alg && strncmp(alg, "HS", 2) == 0 ? "HMAC" : NULL,
		            NULL, NULL, "JWK", false);
		return;
	}
	private_key(r, 1, "private-key", raw, size[0] ? size : NULL, curve,
	            "JWK", false);
}

static bool jwk(rd *r, const char *data, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		return false;
	bool any = false;
	json_t *keys = json_object_get(j, "keys");
	if (json_is_array(keys)) {
		size_t i;
		json_t *k;
		json_array_foreach(keys, i, k)
		{
			jwk_one(r, k);
			any = true;
		}
	} else if (json_object_get(j, "kty")) {
		jwk_one(r, j);
		any = true;
	}
	json_decref(j);
	return any;
}

/* ---- PEM -------------------------------------------------------------- */

/* Advance *line over the newlines of [*from, to). */
static void lines_to(uint32_t *line, const char **from, const char *to)
{
	for (const char *q = *from; q < to; q++)
		if (*q == '\n')
			(*line)++;
	if (to > *from)
		*from = to;
}

/* One PEM object: label (NUL-terminated), decoded DER, its PEM header. */
static void pem_object(rd *r, const char *label, const char *header,
                       const unsigned char *der, long dlen, uint32_t line)
{
	const unsigned char *p = der;
	bool enc_hdr = header && strstr(header, "ENCRYPTED");
	if (strcmp(label, "CERTIFICATE") == 0 ||
	    strcmp(label, "X509 CERTIFICATE") == 0 ||
	    strcmp(label, "TRUSTED CERTIFICATE") == 0) {
		X509 *x = strcmp(label, "TRUSTED CERTIFICATE") == 0
		              ? d2i_X509_AUX(NULL, &p, dlen)
		              : d2i_X509(NULL, &p, dlen);
		if (x)
			certificate(r, x, line, "X.509 PEM");
		else
			cg_materials_note(
			    r->f->mats, "line %u: certificate not parsed (%s)",
			    line, ossl_reason());
		X509_free(x);
	} else if (strcmp(label, "PKCS7") == 0) {
		PKCS7 *p7 = d2i_PKCS7(NULL, &p, dlen);
		if (p7)
			pkcs7(r, p7, line, "X.509 PKCS#7 PEM");
		else
			cg_materials_note(r->f->mats,
			                  "line %u: PKCS#7 not parsed (%s)",
			                  line, ossl_reason());
		PKCS7_free(p7);
	} else if (strcmp(label, "ENCRYPTED PRIVATE KEY") == 0) {
		private_key(r, line, "private-key", NULL, NULL, NULL, "PKCS#8",
		            true);
	} else if (strcmp(label, "OPENSSH PRIVATE KEY") == 0) {
		openssh_key(r, der, (size_t)dlen, line);
	} else if (strcmp(label, "PRIVATE KEY") == 0 ||
	           strcmp(label, "RSA PRIVATE KEY") == 0 ||
	           strcmp(label, "EC PRIVATE KEY") == 0 ||
	           strcmp(label, "DSA PRIVATE KEY") == 0) {
		const char *fmt = strcmp(label, "PRIVATE KEY") == 0 ? "PKCS#8"
		                  : label[0] == 'R'                 ? "PKCS#1"
		                  : label[0] == 'E'                 ? "SEC1"
		                                                    : "DSA";
		const char *type = label[0] == 'R'   ? "RSA"
		                   : label[0] == 'E' ? "EC"
		                   : label[0] == 'D' ? "DSA"
		                                     : NULL;
		if (enc_hdr) {
			private_key(r, line, "private-key", type, NULL, NULL,
			            fmt, true);
			return;
		}
		EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, dlen);
		if (pk)
			private_pkey(r, pk, line, fmt);
		else {
			cg_materials_note(
			    r->f->mats, "line %u: private key not parsed (%s)",
			    line, ossl_reason());
			private_key(r, line, "private-key", type, NULL, NULL,
			            fmt, false);
		}
		EVP_PKEY_free(pk);
	} else if (strcmp(label, "PUBLIC KEY") == 0) {
		EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, dlen);
		if (pk) {
			if (count(r))
				cg_free(public_key(
				    r, pk, line, "X.509 SubjectPublicKeyInfo"));
		} else {
			cg_materials_note(r->f->mats,
			                  "line %u: public key not parsed (%s)",
			                  line, ossl_reason());
		}
		EVP_PKEY_free(pk);
	} else {
		char l[48];
		snprintf(l, sizeof(l), "%.40s", label);
		for (char *c = l; *c; c++)
			if (*c < 0x20 || *c > 0x7e)
				*c = '?';
		cg_materials_note(r->f->mats,
		                  "line %u: PEM object '%s' not analysed", line,
		                  l);
	}
}

/* Every -----BEGIN X----- ... -----END X----- block, with its line. */
static size_t pem_all(rd *r, const char *data, size_t len)
{
	size_t found = 0;
	const char *end = data + len;
	const char *p = data;
	const char *counted = data;
	uint32_t line = 1;
	while (p < end && !r->capped) {
		const char *b = memmem(p, (size_t)(end - p), "-----BEGIN ", 11);
		if (!b)
			break;
		found++;
		lines_to(&line, &counted, b);
		const char *le = memchr(b, '\n', (size_t)(end - b));
		const char *lab = b + 11;
		const char *dash =
		    memmem(lab, (size_t)((le ? le : end) - lab), "-----", 5);
		if (!dash || dash - lab > 64) {
			cg_materials_note(r->f->mats,
			                  "line %u: malformed PEM BEGIN line",
			                  line);
			p = le ? le : end;
			continue;
		}
		char label[72];
		snprintf(label, sizeof(label), "%.*s", (int)(dash - lab), lab);
		char endmark[96];
		snprintf(endmark, sizeof(endmark), "-----END %.64s-----",
		         label);
		const char *e = memmem(dash, (size_t)(end - dash), endmark,
		                       strlen(endmark));
		if (!e) {
			for (char *c = label; *c; c++)
				if (*c < 0x20 || *c > 0x7e)
					*c = '?';
			cg_materials_note(r->f->mats,
			                  "line %u: truncated PEM: BEGIN %s "
			                  "without END",
			                  line, label);
			break;
		}
		e += strlen(endmark);
		BIO *bio = BIO_new_mem_buf(b, (int)(e - b));
		char *name = NULL, *header = NULL;
		unsigned char *der = NULL;
		long dlen = 0;
		ERR_clear_error();
		if (bio && PEM_read_bio(bio, &name, &header, &der, &dlen)) {
			pem_object(r, label, header, der, dlen, line);
		} else {
			for (char *c = label; *c; c++)
				if (*c < 0x20 || *c > 0x7e)
					*c = '?';
			cg_materials_note(r->f->mats,
			                  "line %u: PEM %s not decoded (%s)",
			                  line, label, ossl_reason());
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		if (der) {
			OPENSSL_cleanse(der, (size_t)dlen);
			OPENSSL_free(der);
		}
		BIO_free(bio);
		p = e;
	}
	return found;
}

/* ---- DER -------------------------------------------------------------- */

static bool der_all(rd *r, const char *data, size_t len)
{
	if (len > 0x7fffffff)
		return false;
	const unsigned char *u = (const unsigned char *)data;
	const unsigned char *p = u;
	long n = (long)len;
	X509 *x = d2i_X509(NULL, &p, n);
	if (x) {
		certificate(r, x, 1, "X.509 DER");
		X509_free(x);
		return true;
	}
	p = u;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, n);
	if (p7) {
		pkcs7(r, p7, 1, "X.509 PKCS#7 DER");
		PKCS7_free(p7);
		return true;
	}
	p = u;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, n);
	if (p12) {
		pkcs12(r, p12);
		PKCS12_free(p12);
		return true;
	}
	p = u;
	X509_SIG *sig = d2i_X509_SIG(NULL, &p, n);
	if (sig && p == u + n) {
		X509_SIG_free(sig);
		private_key(r, 1, "private-key", NULL, NULL, NULL, "PKCS#8 DER",
		            true);
		return true;
	}
	X509_SIG_free(sig);
	p = u;
	EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, n);
	if (pk) {
		private_pkey(r, pk, 1, "DER");
		EVP_PKEY_free(pk);
		return true;
	}
	p = u;
	pk = d2i_PUBKEY(NULL, &p, n);
	if (pk) {
		if (count(r))
			cg_free(public_key(r, pk, 1,
			                   "X.509 SubjectPublicKeyInfo DER"));
		EVP_PKEY_free(pk);
		return true;
	}
	return false;
}

void cg_material__objects(cg_mat_file *f, const char *data, size_t len)
{
	rd r = { .f = f };
	ERR_clear_error();
	if (len >= 20 && strncmp(data, "PuTTY-User-Key-File-", 20) == 0) {
		putty_key(&r, data, len);
	} else if (memmem(data, len, "-----BEGIN ", 11)) {
		pem_all(&r, data, len);
	} else if (len && (data[0] == '{' || strcmp(f->ext, "jwk") == 0 ||
	                   strcmp(f->ext, "json") == 0)) {
		if (!jwk(&r, data, len))
			cg_materials_note(f->mats,
			                  "not a JWK or JWK set: not analysed");
	} else if (!der_all(&r, data, len)) {
		cg_materials_note(f->mats, "not a certificate or key that "
		                           "cryptagion reads (PEM, DER, "
		                           "PKCS#7, PKCS#12, OpenSSH, PuTTY, "
		                           "JWK): not analysed");
		f->mats->not_analysed = true;
	}
	if (!f->mats->len && f->mats->note)
		f->mats->not_analysed = true;
	ERR_clear_error();
}
