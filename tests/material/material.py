#!/usr/bin/python3
"""Material tests: certificates and keys generated at test time
with the openssl command, protocol configurations and manifests from
fixtures/material, scanned into the inventory and the CBOM. Asserts the
exact assets, properties and dependencies, CBOM schema validity, per-file
notes for bad input, and that no output contains a key's bytes. Closes
with 'N passed, N failed'."""
import argparse
import base64
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import jsonschema

BASE = "http://cyclonedx.org/schema/"
SERIAL = "3f2d1c0b-9a8e-4d7c-8b6a-5f4e3d2c1b0a"
results = {"passed": 0, "failed": 0}


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    results["passed" if ok else "failed"] += 1
    return ok


def ossl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   capture_output=True)


def make_tree(root, fixtures):
    src = os.path.join(root, "src")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(src)
    if fixtures and os.path.isdir(fixtures):
        shutil.copytree(fixtures, os.path.join(src, "config"))
    g = lambda *a: ossl(*a, cwd=src)
    g("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
      "rsa2048.key", "-out", "rsa2048.pem", "-days", "3650", "-subj",
      "/CN=rsa2048.test/O=cryptagion")
    g("req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout",
      "rsa1024.key.tmp", "-out", "rsa1024.crt", "-days", "3650", "-subj",
      "/CN=rsa1024.test", "-sha1")
    g("req", "-x509", "-newkey", "ec", "-pkeyopt",
      "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key", "-out",
      "ec.crt", "-days", "30", "-subj", "/CN=ec.test")
    g("genpkey", "-algorithm", "ed25519", "-out", "ed.key.tmp")
    g("req", "-x509", "-key", "ed.key.tmp", "-out", "expired.pem",
      "-days", "1", "-subj", "/CN=expired.test")
    g("x509", "-in", "rsa2048.pem", "-outform", "DER", "-out", "rsa.der")
    # a signed (non self-signed) leaf in a bundle with its CA
    g("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
      "leaf.key.tmp", "-out", "leaf.csr", "-subj", "/CN=leaf.test")
    g("x509", "-req", "-in", "leaf.csr", "-CA", "rsa2048.pem", "-CAkey",
      "rsa2048.key", "-set_serial", "4660", "-days", "365", "-sha384",
      "-out", "leaf.crt.tmp")
    os.remove(os.path.join(src, "leaf.csr"))
    with open(os.path.join(src, "bundle.pem"), "w") as out:
        for n in ("leaf.crt.tmp", "rsa2048.pem"):
            out.write("# %s\n" % n)
            out.write(open(os.path.join(src, n)).read())
    g("crl2pkcs7", "-nocrl", "-certfile", "bundle.pem", "-out",
      "chain.p7b")
    g("pkcs12", "-export", "-in", "ec.crt", "-inkey", "ec.key",
      "-passout", "pass:", "-out", "nopass.p12")
    g("pkcs12", "-export", "-in", "rsa2048.pem", "-inkey", "rsa2048.key",
      "-passout", "pass:s3cret", "-out", "locked.pfx")
    g("pkcs8", "-topk8", "-in", "rsa2048.key", "-v2", "aes-256-cbc",
      "-passout", "pass:s3cret", "-out", "encrypted.key")
    g("rsa", "-in", "rsa2048.key", "-traditional", "-out", "pkcs1.key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                    "t", "-f", os.path.join(src, "id_ed25519")],
                   check=True)
    os.remove(os.path.join(src, "id_ed25519.pub"))
    # bad input
    pem = open(os.path.join(src, "rsa2048.pem")).read()
    with open(os.path.join(src, "truncated.pem"), "w") as f:
        f.write(pem[: len(pem) // 2])
    with open(os.path.join(src, "garbage.der"), "wb") as f:
        f.write(b"\x30\x82\xff\xff" + bytes(range(256)) * 4)
    with open(os.path.join(src, "huge.pem"), "w") as f:
        f.write(pem * 4200)
    for n in glob.glob(os.path.join(src, "*.tmp")):
        os.remove(n)
    # a JWK with a private part (values are not a real key)
    b64 = lambda n: base64.urlsafe_b64encode(os.urandom(n)).decode() \
        .rstrip("=")
    with open(os.path.join(src, "signing.jwk"), "w") as f:
        json.dump({"kty": "RSA", "n": b64(256), "e": "AQAB",
                   "d": b64(256)}, f)
    return src


def key_bodies(src):
    """The base64 bodies of every private key fixture (first line of
    each), which must appear in no output."""
    bodies = []
    for n in ("rsa2048.key", "ec.key", "pkcs1.key", "id_ed25519",
              "encrypted.key"):
        lines = open(os.path.join(src, n)).read().splitlines()
        body = [l for l in lines if l and not l.startswith("-----")]
        bodies.append(body[0][:40])
        bodies.append(body[-1][:40] if len(body[-1]) > 16 else body[0][8:48])
    return bodies


def py_validator(schemas):
    def load(name):
        with open(os.path.join(schemas, name)) as f:
            return json.load(f)
    bom = load("bom-1.6.SNAPSHOT.schema.json")
    store = {
        BASE + "spdx.SNAPSHOT.schema.json": load("spdx.SNAPSHOT.schema.json"),
        BASE + "jsf-0.82.SNAPSHOT.schema.json":
            load("jsf-0.82.SNAPSHOT.schema.json"),
    }
    resolver = jsonschema.RefResolver(BASE + "bom-1.6.schema.json", bom,
                                      store=store)
    return jsonschema.Draft7Validator(
        bom, resolver=resolver, format_checker=jsonschema.FormatChecker())


def props(c):
    return {p["name"]: p["value"] for p in c.get("properties", [])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    src = make_tree(a.work, a.fixtures)
    out = os.path.join(a.work, "out")
    now = int(time.time()) + 3 * 86400  # expired.pem (1 day) has expired
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(now))
    r = subprocess.run([a.bin, "scan", src, "-o", out, "--serial", SERIAL,
                        "--max-file-size", "16M", "--jobs", "2"],
                       capture_output=True, text=True, env=env)
    check(r.returncode == 0, "scan exits 0 (%s)" % r.stderr.strip()[-300:])
    doc = json.load(open(os.path.join(out, "cbom.json")))
    errs = list(py_validator(a.schemas).iter_errors(doc))
    check(not errs, "CBOM valid CycloneDX 1.6 for python3-jsonschema (%s)"
          % "; ".join(e.message[:120] for e in errs[:3]))
    comps = {c["bom-ref"]: c for c in doc["components"]}
    deps = {d["ref"]: d for d in doc["dependencies"]}
    by_name = {}
    for c in doc["components"]:
        by_name.setdefault(c["name"], []).append(c)

    # --- certificates
    def cert(name):
        cs = [c for c in by_name.get(name, [])
              if c.get("cryptoProperties", {}).get("assetType") == "certificate"]
        return cs[0] if cs else None
    c = cert("rsa2048.test")
    if check(c is not None, "certificate rsa2048.test"):
        cp = c["cryptoProperties"]["certificateProperties"]
        p = props(c)
        check(cp["subjectName"] == "O=cryptagion,CN=rsa2048.test",
              "subject in RFC 2253 (%s)" % cp["subjectName"])
        check(cp["issuerName"] == cp["subjectName"], "issuer = subject")
        check(cp["signatureAlgorithmRef"] == "crypto/algorithm/pke/rsa-2048",
              "signature algorithm -> RSA-2048 (%s)"
              % cp["signatureAlgorithmRef"])
        pk = comps.get(cp["subjectPublicKeyRef"])
        check(pk and pk["cryptoProperties"]
              ["relatedCryptoMaterialProperties"] == {
                  "type": "public-key",
                  "algorithmRef": "crypto/algorithm/pke/rsa-2048",
                  "size": 2048, "format": "X.509 SubjectPublicKeyInfo"},
              "public key component: RSA-2048, 2048 bits")
        check(p.get("cryptagion:selfSigned") == "true", "self-signed")
        check(p.get("cryptagion:expired") == "false"
              and p.get("cryptagion:expiring") == "false", "valid")
        check(p.get("cryptagion:signatureAlgorithmOid")
              == "1.2.840.113549.1.1.11", "sha256WithRSA OID")
        fp = subprocess.run(
            ["openssl", "x509", "-in", os.path.join(src, "rsa2048.pem"),
             "-noout", "-fingerprint", "-sha256"], capture_output=True,
            text=True).stdout.split("=")[1].strip().replace(":", "").lower()
        check(p.get("cryptagion:fingerprintSha256") == fp,
              "SHA-256 fingerprint as openssl computes it")
        locs = sorted(set(o["location"] for o in
                          c["evidence"]["occurrences"]) - {"huge.pem"})
        check(locs == ["bundle.pem", "chain.p7b", "rsa.der", "rsa2048.pem"],
              "one asset for PEM, DER, bundle, PKCS#7 (%s)" % locs)
        d = deps.get(c["bom-ref"], {}).get("dependsOn", [])
        check(set(d) == {"crypto/algorithm/pke/rsa-2048",
                         "crypto/algorithm/hash/sha-256",
                         cp["subjectPublicKeyRef"]},
              "certificate dependsOn RSA-2048, SHA-256, its key (%s)" % d)
    c = cert("leaf.test")
    if check(c is not None, "leaf certificate from the bundle"):
        p = props(c)
        check(p.get("cryptagion:serialNumber") == "1234", "serial in hex")
        check(p.get("cryptagion:selfSigned") == "false", "not self-signed")
        d = deps[c["bom-ref"]]["dependsOn"]
        check("crypto/algorithm/hash/sha-384" in d
              and "crypto/algorithm/pke/rsa" in d,
              "signed by RSA (issuer size unknown) with SHA-384 (%s)" % d)
        occ = [o for o in c["evidence"]["occurrences"]
               if o["location"] == "bundle.pem"]
        check(occ and occ[0]["line"] == 2, "line of the PEM object")
    c = cert("ec.test")
    if check(c is not None, "EC certificate"):
        p = props(c)
        check(p.get("cryptagion:expiring") == "true"
              and p.get("cryptagion:expired") == "false",
              "expires within 90 days: expiring")
        check(c["cryptoProperties"]["certificateProperties"]
              ["signatureAlgorithmRef"]
              == "crypto/algorithm/signature/ecdsa-p256", "ECDSA-P256")
    c = cert("expired.test")
    if check(c is not None, "Ed25519 certificate"):
        check(props(c).get("cryptagion:expired") == "true", "expired")
        check(c["cryptoProperties"]["certificateProperties"]
              ["signatureAlgorithmRef"]
              == "crypto/algorithm/signature/ed25519", "Ed25519 signature")
    c = cert("rsa1024.test")
    if check(c is not None, "RSA-1024 certificate"):
        d = deps[c["bom-ref"]]["dependsOn"]
        check("crypto/algorithm/pke/rsa-1024" in d
              and "crypto/algorithm/hash/sha-1" in d, "RSA-1024 + SHA-1")

    # --- private keys
    db = sqlite3.connect(os.path.join(out, "cryptagion.db"))
    mis = db.execute(
        "SELECT f.path, m.category, m.severity, m.message FROM misuses m "
        "JOIN files f ON f.id = m.file_id WHERE m.category = "
        "'hardcoded-key' ORDER BY f.path").fetchall()
    got = {(m[0], m[3]) for m in mis}
    want = {
        ("ec.key", "private key committed to the repository: EC-P256 "
         "(PKCS#8, not encrypted)"),
        ("encrypted.key", "private key committed to the repository: type "
         "unknown (PKCS#8, encrypted)"),
        ("id_ed25519", "private key committed to the repository: Ed25519 "
         "(OpenSSH, not encrypted)"),
        ("nopass.p12", "private key committed to the repository: EC-P256 "
         "(PKCS#12, not encrypted)"),
        ("pkcs1.key", "private key committed to the repository: RSA-2048 "
         "(PKCS#1, not encrypted)"),
        ("rsa2048.key", "private key committed to the repository: RSA-2048 "
         "(PKCS#8, not encrypted)"),
        ("signing.jwk", "private key committed to the repository: RSA-2048 "
         "(JWK, not encrypted)"),
    }
    check(got == want, "hardcoded-key findings (%s)" % sorted(got ^ want))
    check(all(m[2] == "critical" for m in mis), "severity critical")
    keys = [c for c in doc["components"]
            if c.get("cryptoProperties", {}).get("assetType")
            == "related-crypto-material"
            and c["cryptoProperties"]["relatedCryptoMaterialProperties"]
            ["type"] == "private-key"]
    check(len(keys) == 7, "7 private-key components (%d)" % len(keys))
    # --- certificate misuses
    cm = set(db.execute(
        "SELECT f.path, m.category, m.severity, m.message FROM misuses m "
        "JOIN files f ON f.id = m.file_id WHERE m.rule_id LIKE "
        "'material.certificate.%' OR (m.rule_id = 'material.public-key' "
        "AND m.category = 'weak-key-size')"))
    exp = [m for m in cm if m[1] == "expired-certificate"]
    check([m[0] for m in exp] == ["expired.pem"] and exp[0][2] == "high"
          and exp[0][3].startswith("certificate expired.test expired on "),
          "expired certificate: expired-certificate, high (%s)" % exp)
    want = {("rsa1024.crt", "weak-algorithm", "high",
             "certificate rsa1024.test is signed with SHA-1"),
            ("rsa1024.crt", "weak-key-size", "high",
             "certificate rsa1024.test has a 1024-bit RSA key")}
    got = {m for m in cm if m[1] != "expired-certificate"}
    check(got == want, "SHA-1 signature and RSA-1024 key misuses exact (%s)"
          % sorted(got ^ want))
    # --- notes for bad input
    files = dict(((p, (s, r)) for p, s, r in db.execute(
        "SELECT path, status, reason FROM files")))
    check(files.get("locked.pfx", ("", ""))[0] == "skipped"
          and "password" in files["locked.pfx"][1],
          "password-protected PKCS#12: skipped, noted")
    check(files.get("truncated.pem", ("", ""))[0] == "skipped"
          and "truncated PEM" in (files["truncated.pem"][1] or ""),
          "truncated PEM noted (%s)" % (files.get("truncated.pem"),))
    check(files.get("garbage.der", ("", ""))[0] == "skipped",
          "garbage DER noted")
    check(files.get("huge.pem", ("", ""))[0] == "scanned"
          and "more than 4096 objects" in (files["huge.pem"][1] or ""),
          "huge bundle capped and noted (%s)" % (files.get("huge.pem"),))
    mprops = [p["value"] for p in doc["metadata"]["properties"]
              if p["name"] in ("cryptagion:skipped", "cryptagion:noted")]
    check(any(v.startswith("locked.pfx:") for v in mprops)
          and any(v.startswith("huge.pem:") for v in mprops),
          "notes summarised in the CBOM")
    db.close()
    # --- no key bytes anywhere
    blobs = [open(os.path.join(out, "cryptagion.db"), "rb").read(),
             open(os.path.join(out, "cbom.json"), "rb").read(),
             r.stdout.encode(), r.stderr.encode()]
    for extra in glob.glob(os.path.join(out, "*")):
        blobs.append(open(extra, "rb").read())
    leaked = [b for b in key_bodies(src)
              if any(b.encode() in x for x in blobs)]
    check(not leaked, "no key bytes in the DB, CBOM, stdout, stderr")
    # --- determinism
    out2 = os.path.join(a.work, "out2")
    subprocess.run([a.bin, "scan", src, "-o", out2, "--serial", SERIAL,
                    "--max-file-size", "16M", "--jobs", "1", "--quiet"],
                   env=env, capture_output=True)
    check(open(os.path.join(out2, "cbom.json")).read()
          == open(os.path.join(out, "cbom.json")).read(),
          "--jobs 1 and 2 give the same CBOM")
    extra_checks(a, src, doc, comps, deps)
    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


def extra_checks(a, src, doc, comps, deps):
    """Protocol configurations (fixtures/material, copied to config/)."""
    def protos(path):
        return {c["name"]: c for c in doc["components"]
                if c.get("cryptoProperties", {}).get("assetType") == "protocol"
                and c["evidence"]["occurrences"][0]["location"]
                == "config/" + path}
    n = protos("nginx/nginx.conf")
    check(sorted(n) == ["TLSv1", "TLSv1.2", "TLSv1.3"],
          "nginx: TLSv1, TLSv1.2, TLSv1.3 (%s)" % sorted(n))
    if "TLSv1.2" in n:
        pp = n["TLSv1.2"]["cryptoProperties"]["protocolProperties"]
        check(pp["type"] == "tls" and pp["version"] == "1.2", "tls 1.2")
        want = [{"name": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                 "algorithms": ["crypto/algorithm/key-agree/ecdh",
                                "crypto/algorithm/pke/rsa",
                                "crypto/algorithm/ae/aes-128-gcm",
                                "crypto/algorithm/hash/sha-256"],
                 "identifiers": ["0xC0", "0x2F"]},
                {"name": "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                 "algorithms": ["crypto/algorithm/key-agree/ecdh",
                                "crypto/algorithm/signature/ecdsa",
                                "crypto/algorithm/ae/aes-256-gcm",
                                "crypto/algorithm/hash/sha-384"],
                 "identifiers": ["0xC0", "0x2C"]}]
        check(pp.get("cipherSuites") == want,
              "nginx cipher string expanded by libssl (%s)"
              % json.dumps(pp.get("cipherSuites"))[:300])
        d = deps[n["TLSv1.2"]["bom-ref"]]["dependsOn"]
        check("crypto/algorithm/ae/aes-128-gcm" in d,
              "protocol dependsOn its algorithms")
    ap_ = protos("apache/ssl.conf")
    check(sorted(ap_) == ["TLSv1.2", "TLSv1.3"],
          "Apache: all -SSLv3 -TLSv1 -TLSv1.1 (%s)" % sorted(ap_))
    h = protos("haproxy/haproxy.cfg")
    check(sorted(h) == ["TLSv1.2", "TLSv1.3"], "HAProxy ssl-min-ver")
    o = protos("openssl/openssl.cnf")
    check(sorted(o) == ["TLSv1.2", "TLSv1.3"], "openssl.cnf MinProtocol")
    if "TLSv1.3" in o:
        r = o["TLSv1.3"]["cryptoProperties"]["protocolProperties"].get(
            "cryptoRefArray", [])
        check(r == ["crypto/algorithm/key-agree/x25519",
                    "crypto/algorithm/key-agree/ecdh-p256"],
              "openssl.cnf Groups: X25519 and ECDH-P256 (%s)" % r)
    q = protos("nginx-pq/nginx.conf")
    if check(sorted(q) == ["TLSv1.3"], "nginx-pq: TLSv1.3 (%s)" % sorted(q)):
        r = q["TLSv1.3"]["cryptoProperties"]["protocolProperties"].get(
            "cryptoRefArray", [])
        check(r == ["crypto/algorithm/kem/x25519mlkem768",
                    "crypto/algorithm/key-agree/x25519",
                    "crypto/algorithm/key-agree/ecdh-p384"],
              "nginx ssl_ecdh_curve: the hybrid as one KEM asset (%s)" % r)
        hy = [c for c in doc["components"]
              if c.get("bom-ref") == "crypto/algorithm/kem/x25519mlkem768"]
        check(len(hy) == 1 and hy[0]["name"] == "X25519MLKEM768"
              and hy[0]["cryptoProperties"]["algorithmProperties"][
                  "primitive"] == "kem",
              "X25519MLKEM768 is a kem component")
    s = protos("ssh/sshd_config")
    if check("SSHv2" in s, "sshd_config: an SSH protocol asset"):
        p = props(s["SSHv2"])
        check(p.get("cryptagion:default") == "HostKeyAlgorithms",
              "absent HostKeyAlgorithms: the default, marked (%s)"
              % p.get("cryptagion:default"))
        d = set(deps[s["SSHv2"]["bom-ref"]]["dependsOn"])
        check({"crypto/algorithm/ae/chacha20-poly1305",
               "crypto/algorithm/ae/aes-256-gcm",
               "crypto/algorithm/key-agree/x25519",
               "crypto/algorithm/signature/ed25519"} <= d,
              "SSH algorithms referenced")
    db = sqlite3.connect(os.path.join(a.work, "out", "cryptagion.db"))
    mis = set(db.execute(
        "SELECT f.path, m.category, m.severity, m.message FROM misuses m "
        "JOIN files f ON f.id = m.file_id WHERE f.path LIKE 'config/%' "
        "AND f.path NOT LIKE 'config/manifests/%'"))
    db.close()
    want = {
        ("config/nginx/nginx.conf", "weak-protocol", "high",
         "nginx enables TLSv1 (below TLS 1.2)"),
        ("config/nginx/nginx.conf", "weak-algorithm", "high",
         "nginx enables weak cipher suites: 'DES-CBC3-SHA'"),
        ("config/java/java.security", "weak-protocol", "high",
         "Java enables TLSv1.1 (below TLS 1.2)"),
        ("config/spring/application.yml", "weak-algorithm", "high",
         "Spring Boot enables weak cipher suites: "
         "'TLS_RSA_WITH_RC4_128_SHA'"),
        ("config/legacy/sshd_config", "weak-algorithm", "high",
         "Ciphers enables weak SSH algorithm 3des-cbc"),
        ("config/legacy/sshd_config", "weak-algorithm", "medium",
         "Ciphers enables weak SSH algorithm aes128-cbc"),
        ("config/legacy/sshd_config", "weak-algorithm", "high",
         "Ciphers enables weak SSH algorithm arcfour256"),
        ("config/legacy/sshd_config", "weak-algorithm", "high",
         "MACs enables weak SSH algorithm hmac-md5"),
        ("config/legacy/sshd_config", "weak-algorithm", "medium",
         "MACs enables weak SSH algorithm hmac-sha1"),
        ("config/legacy/sshd_config", "weak-protocol", "high",
         "KexAlgorithms enables weak SSH algorithm "
         "diffie-hellman-group1-sha1"),
        ("config/legacy/sshd_config", "weak-algorithm", "medium",
         "KexAlgorithms enables weak SSH algorithm "
         "diffie-hellman-group14-sha1"),
        ("config/legacy/sshd_config", "weak-algorithm", "medium",
         "HostKeyAlgorithms enables weak SSH algorithm ssh-rsa"),
    }
    check(mis == want, "configuration misuses exact (%s)"
          % sorted(mis ^ want)[:4])


if __name__ == "__main__":
    sys.exit(main())
