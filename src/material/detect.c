/* detect.c — which files are material (see material.h). Kept free of
 * OpenSSL and the rules so that the walk can link it alone. */
#define _GNU_SOURCE
#include <string.h>
#include <strings.h>

#include "material.h"

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(s, *list) == 0)
			return true;
	return false;
}

static bool head_has(const char *head, size_t n, const char *needle)
{
	return head && memmem(head, n, needle, strlen(needle)) != NULL;
}

static bool head_has_nocase(const char *head, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; head && i + k <= n; i++)
		if (strncasecmp(head + i, needle, k) == 0)
			return true;
	return false;
}

cg_material_kind cg_material_detect(const char *path, const char *head,
                                    size_t n)
{
	static const char *const obj_ext[] = { "pem", "crt", "cer", "der",
		                               "p7b", "p7c", "p12", "pfx",
		                               "key", "jwk", "ppk", NULL };
	static const char *const obj_names[] = { "id_rsa",
		                                 "id_dsa",
		                                 "id_ecdsa",
		                                 "id_ed25519",
		                                 "id_ecdsa_sk",
		                                 "id_ed25519_sk",
		                                 "ssh_host_rsa_key",
		                                 "ssh_host_ecdsa_key",
		                                 "ssh_host_ed25519_key",
		                                 NULL };
	static const char *const cfg_names[] = { "sshd_config",
		                                 "ssh_config",
		                                 "nginx.conf",
		                                 "httpd.conf",
		                                 "ssl.conf",
		                                 "apache2.conf",
		                                 "haproxy.cfg",
		                                 "openssl.cnf",
		                                 "java.security",
		                                 "application.yml",
		                                 "application.yaml",
		                                 "application.properties",
		                                 NULL };
	static const char *const manifests[] = {
		"pyproject.toml", "package.json",  "package-lock.json",
		"go.mod",         "Cargo.toml",    "Cargo.lock",
		"pom.xml",        "build.gradle",  "build.gradle.kts",
		"vcpkg.json",     "conanfile.txt", NULL
	};
	/* CMake files are manifests only when they look for a crypto
	 * library (the names of rules/libraries.yaml, ecosystem cmake) */
	static const char *const cmake_libs[] = { "openssl", "sodium",
		                                  "mbedtls", "wolfssl",
		                                  "gcrypt",  NULL };
	const char *base = base_name(path);
	const char *dot = strrchr(base, '.');
	if (in_list(base, obj_names) || (dot && in_list(dot + 1, obj_ext)))
		return CG_MATERIAL_OBJECTS;
	if (in_list(base, cfg_names))
		return CG_MATERIAL_CONFIG;
	if (in_list(base, manifests) ||
	    (strncasecmp(base, "requirements", 12) == 0 && dot &&
	     strcmp(dot, ".txt") == 0))
		return CG_MATERIAL_MANIFEST;
	if ((strcmp(base, "CMakeLists.txt") == 0 ||
	     (dot && strcmp(dot, ".cmake") == 0)) &&
	    head_has_nocase(head, n, "find_package")) {
		for (const char *const *l = cmake_libs; *l; l++)
			if (head_has_nocase(head, n, *l))
				return CG_MATERIAL_MANIFEST;
	}
	if (dot &&
	    (strcmp(dot, ".conf") == 0 || strcmp(dot, ".cfg") == 0 ||
	     strcmp(dot, ".cnf") == 0) &&
	    (head_has(head, n, "ssl_") || head_has(head, n, "SSLProtocol") ||
	     head_has(head, n, "SSLCipherSuite") ||
	     head_has(head, n, "CipherString") ||
	     head_has(head, n, "ssl-default-bind") ||
	     head_has(head, n, "Ciphers ")))
		return CG_MATERIAL_CONFIG;
	/* keys and certificates under any name */
	if (head_has(head, n, "-----BEGIN ") &&
	    (head_has(head, n, "PRIVATE KEY-----") ||
	     head_has(head, n, "CERTIFICATE-----")))
		return CG_MATERIAL_OBJECTS;
	if (head && n >= 20 && strncmp(head, "PuTTY-User-Key-File-", 20) == 0)
		return CG_MATERIAL_OBJECTS;
	if (dot && strcmp(dot, ".json") == 0 && head_has(head, n, "\"kty\""))
		return CG_MATERIAL_OBJECTS;
	return CG_MATERIAL_NONE;
}

const char *cg_material_kind_name(cg_material_kind k)
{
	switch (k) {
	case CG_MATERIAL_OBJECTS:
		return "crypto-material";
	case CG_MATERIAL_CONFIG:
		return "crypto-config";
	case CG_MATERIAL_MANIFEST:
		return "manifest";
	case CG_MATERIAL_NONE:
		break;
	}
	return NULL;
}
