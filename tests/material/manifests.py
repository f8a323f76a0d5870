#!/usr/bin/python3
"""Dependency manifest tests: fixtures/material/manifests (one
tree per format, written for this project, with a little code using the
libraries) scanned into the inventory and the CBOM. Asserts the exact
library components (name, version, purl, occurrence), the provides links
to algorithm assets found in the code, EOL/vulnerable flags and their
misuses, notes for malformed manifests, and CBOM schema validity. Closes
with 'N passed, N failed'."""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from material import check, py_validator, props, results  # noqa: E402

SERIAL = "3f2d1c0b-9a8e-4d7c-8b6a-5f4e3d2c1b0a"

# bom-ref (the purl) -> (name, group, version, location, line, range, eol)
WANT = {
    "pkg:cargo/aes-gcm": ("aes-gcm", None, None, "rust/Cargo.toml", 8,
                          "0.10.3", "false"),
    "pkg:cargo/ring": ("ring", None, None, "rust/Cargo.toml", 6, "0.17.8",
                       "false"),
    "pkg:cargo/ring@0.17.8": ("ring", None, "0.17.8", "rustlock/Cargo.lock",
                              5, None, "false"),
    "pkg:cargo/rust-crypto@0.2.36": ("rust-crypto", None, "0.2.36",
                                     "rustlock/Cargo.lock", 9, None, "true"),
    "pkg:cargo/rustls": ("rustls", None, None, "rust/Cargo.toml", 10,
                         "0.23.5", "false"),
    "pkg:conan/mbedtls@3.5.2": ("mbedtls", None, "3.5.2",
                                "conan/conanfile.txt", 4, None, "false"),
    "pkg:conan/openssl@1.1.1w": ("openssl", None, "1.1.1w",
                                 "conan/conanfile.txt", 2, None, "true"),
    "pkg:generic/libsodium": ("libsodium", None, None, "vcpkg/vcpkg.json",
                              6, ">=1.0.18", "false"),
    "pkg:generic/openssl": ("openssl", None, None, "cmake/CMakeLists.txt",
                            3, ">=1.1", "false"),
    "pkg:generic/openssl@3.3.0": ("openssl", None, "3.3.0",
                                  "vcpkg/vcpkg.json", 7, None, "false"),
    "pkg:golang/golang.org/x/crypto@v0.14.0": (
        "golang.org/x/crypto", None, "v0.14.0", "go/go.mod", 5, None,
        "true"),
    "pkg:maven/com.google.crypto.tink/tink@1.13.0": (
        "tink", "com.google.crypto.tink", "1.13.0", "maven/pom.xml", 23,
        None, "false"),
    "pkg:maven/io.jsonwebtoken/jjwt-api@0.12.5": (
        "jjwt-api", "io.jsonwebtoken", "0.12.5", "gradle/build.gradle.kts",
        7, None, "false"),
    "pkg:maven/org.bouncycastle/bcprov-jdk15on@1.66": (
        "bcprov-jdk15on", "org.bouncycastle", "1.66", "maven/pom.xml", 13,
        None, "true"),
    "pkg:maven/org.bouncycastle/bcprov-jdk18on@1.78.1": (
        "bcprov-jdk18on", "org.bouncycastle", "1.78.1",
        "gradle/build.gradle.kts", 6, None, "false"),
    "pkg:npm/%40noble/hashes@1.4.0": ("@noble/hashes", None, "1.4.0",
                                      "node/package.json", 10, None,
                                      "false"),
    "pkg:npm/crypto-js@4.2.0": ("crypto-js", None, "4.2.0",
                                "node/package.json", 7, None, "false"),
    "pkg:npm/jsonwebtoken": ("jsonwebtoken", None, None,
                             "node/package.json", 6, "^8.5.1", "true"),
    "pkg:npm/node-forge@1.2.1": ("node-forge", None, "1.2.1",
                                 "nodelock/package-lock.json", 10, None,
                                 "true"),
    "pkg:pypi/bcrypt": ("bcrypt", None, None, "poetry/pyproject.toml", 7,
                        "^4.1.2", "false"),
    "pkg:pypi/cryptography": ("cryptography", None, None,
                              "python/requirements.txt", 3, ">=41.0,<43",
                              "false"),
    "pkg:pypi/paramiko": ("paramiko", None, None,
                          "python/requirements-dev.txt", 1, "~=3.3.1",
                          "true"),
    "pkg:pypi/pycrypto@2.6.1": ("pycrypto", None, "2.6.1",
                                "python/requirements.txt", 4, None, "true"),
    "pkg:pypi/pycryptodome@3.20.0": ("pycryptodome", None, "3.20.0",
                                     "poetry/pyproject.toml", 6, None,
                                     "false"),
    "pkg:pypi/bcrypt@4.1.2": ("bcrypt", None, "4.1.2",
                              "python/pyproject.toml", 14, None, "false"),
    "pkg:pypi/pyjwt": ("pyjwt", None, None, "python/pyproject.toml", 13,
                       ">=2.8.0", "false"),
    "pkg:pypi/pyjwt@2.3.0": ("pyjwt", None, "2.3.0",
                             "python/requirements.txt", 5, None, "true"),
    "pkg:pypi/pynacl@1.5.0": ("pynacl", None, "1.5.0",
                              "python/pyproject.toml", 7, None, "false"),
}

PROVIDES = {
    "pkg:conan/openssl@1.1.1w": ["crypto/algorithm/hash/sha-256"],
    "pkg:generic/openssl": ["crypto/algorithm/hash/sha-256"],
    "pkg:generic/openssl@3.3.0": ["crypto/algorithm/hash/sha-256"],
    "pkg:golang/golang.org/x/crypto@v0.14.0":
        ["crypto/algorithm/ae/chacha20-poly1305"],
    "pkg:npm/crypto-js@4.2.0": ["crypto/algorithm/hash/sha-256"],
    "pkg:npm/jsonwebtoken": ["crypto/algorithm/mac/hmac-sha-256"],
    "pkg:pypi/cryptography": ["crypto/algorithm/hash/sha-256"],
    "pkg:pypi/pycrypto@2.6.1": ["crypto/algorithm/ae/aes-gcm"],
    "pkg:pypi/pycryptodome@3.20.0": ["crypto/algorithm/ae/aes-gcm"],
}

MISUSES = {
    ("conan/conanfile.txt", 2, "openssl 1.1.1w"),
    ("go/go.mod", 5, "golang.org/x/crypto v0.14.0"),
    ("maven/pom.xml", 13, "org.bouncycastle:bcprov-jdk15on 1.66"),
    ("node/package.json", 6, "jsonwebtoken ^8.5.1"),
    ("nodelock/package-lock.json", 10, "node-forge 1.2.1"),
    ("python/requirements-dev.txt", 1, "paramiko ~=3.3.1"),
    ("python/requirements.txt", 4, "pycrypto 2.6.1"),
    ("python/requirements.txt", 5, "pyjwt 2.3.0"),
    ("rustlock/Cargo.lock", 9, "rust-crypto 0.2.36"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    src = os.path.join(a.work, "src")
    shutil.copytree(a.fixtures, src)
    out = os.path.join(a.work, "out")
    r = subprocess.run([a.bin, "scan", src, "-o", out, "--serial", SERIAL,
                        "--quiet"], capture_output=True, text=True)
    check(r.returncode == 0, "scan exits 0 (%s)" % r.stderr.strip()[-300:])
    doc = json.load(open(os.path.join(out, "cbom.json")))
    errs = list(py_validator(a.schemas).iter_errors(doc))
    check(not errs, "CBOM valid CycloneDX 1.6 (%s)"
          % "; ".join(e.message[:120] for e in errs[:3]))
    libs = {c["bom-ref"]: c for c in doc["components"]
            if c["type"] == "library"}
    check(sorted(libs) == sorted(WANT), "exactly the crypto libraries "
          "(unknown packages ignored) (%s)"
          % sorted(set(libs) ^ set(WANT)))
    for ref, (name, group, ver, loc, line, rng, eol) in sorted(WANT.items()):
        c = libs.get(ref)
        if not c:
            continue
        p = props(c)
        occ = [(o["location"], o["line"])
               for o in c["evidence"]["occurrences"]]
        got = (c["name"], c.get("group"), c.get("version"), c.get("purl"),
               occ, p.get("cryptagion:versionRange"), p.get("cryptagion:eol"))
        want = (name, group, ver, ref, [(loc, line)], rng, eol)
        check(got == want, "%s: %s" % (ref, got if got != want else "ok"))
        check((eol == "true") == ("cryptagion:eolReason" in p),
              "%s: reason with the flag" % ref)
    deps = {d["ref"]: d for d in doc["dependencies"]}
    got = {k: sorted(d["provides"]) for k, d in deps.items()
           if "provides" in d}
    check(got == PROVIDES, "provides: the algorithms the libraries' rules "
          "found (%s)" % {k: got.get(k) for k in set(got) ^ set(PROVIDES)})
    comps = {c["bom-ref"] for c in doc["components"]}
    check(all(x in comps for v in got.values() for x in v),
          "provides targets exist")
    target = doc["dependencies"][0]["dependsOn"]
    check(all(ref in target for ref in WANT), "the target dependsOn them")
    db = sqlite3.connect(os.path.join(out, "cryptagion.db"))
    mis = db.execute(
        "SELECT f.path, m.line, m.category, m.severity, m.message FROM "
        "misuses m JOIN files f ON f.id = m.file_id WHERE m.category = "
        "'vulnerable-library'").fetchall()
    got = {(m[0], m[1], m[4].split(": ")[0]) for m in mis}
    check(got == MISUSES, "vulnerable-library misuses exact (%s)"
          % sorted(got ^ MISUSES))
    check(all(m[3] == "high" for m in mis), "severity high")
    files = {p: (s, l, why) for p, s, l, why in db.execute(
        "SELECT path, status, language, reason FROM files")}
    check(files.get("broken/package.json", ("",))[0] == "skipped"
          and "malformed JSON" in (files["broken/package.json"][2] or ""),
          "malformed package.json: skipped with a note (%s)"
          % (files.get("broken/package.json"),))
    check(files.get("broken/pom.xml", ("",))[0] == "scanned"
          and "<dependency>" in (files["broken/pom.xml"][2] or ""),
          "unterminated pom.xml: noted (%s)" % (files.get("broken/pom.xml"),))
    check(files.get("broken/Cargo.toml", ("",))[0] == "scanned"
          and "table header" in (files["broken/Cargo.toml"][2] or ""),
          "broken TOML header: noted (%s)" % (files.get("broken/Cargo.toml"),))
    manifests = sorted(p for p, v in files.items() if v[1] == "manifest")
    check(len(manifests) == 17 and "cmake/main.c" not in manifests,
          "17 manifests routed, language 'manifest' (%s)" % manifests)
    db.close()
    # a CMakeLists.txt that finds no crypto library is not a manifest
    plain = os.path.join(a.work, "plain")
    os.makedirs(plain)
    with open(os.path.join(plain, "CMakeLists.txt"), "w") as f:
        f.write("project(x)\nfind_package(ZLIB)\n")
    out2 = os.path.join(a.work, "out2")
    subprocess.run([a.bin, "scan", plain, "-o", out2, "--quiet"],
                   capture_output=True)
    db = sqlite3.connect(os.path.join(out2, "cryptagion.db"))
    n = db.execute("SELECT count(*) FROM files").fetchone()[0]
    db.close()
    check(n == 0, "CMakeLists.txt without a crypto find_package ignored")
    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
