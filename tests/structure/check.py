#!/usr/bin/env python3
"""Structure checks of src/ that the compiler does not make:

1. layering: a file of src/M/ includes another module's header only when
   tests/structure/layers.txt allows M -> that module (and every module
   folder is in the table);
2. banned functions: no atoi/atol/atof, strcpy/strcat/strncpy/strncat,
   sprintf/vsprintf, gets, strtok, tmpnam/mktemp, alloca, system/popen
   (each has a bounded or checked replacement: strtol, cg_strdup/cg_buf,
   snprintf/cg_sprintf, strtok_r, mkstemp);
3. no work-item references ("issue 7", "issue #4") in code, the build
   files (CMake, Makefile), the rules and the tests: they speak of the
   project, not of its tracker;
4. docs/ARCHITECTURE.md shows the layers as enforced: its layers.txt block
   equals the table and its module table has a row per module.
Prints one line per violation and "N passed, N failed"."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
src = os.path.join(root, "src")
layers = {}
with open(os.path.join(root, "tests", "structure", "layers.txt")) as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        mod, _, deps = line.partition(":")
        layers[mod.strip()] = set(deps.split())

INCLUDE = re.compile(r'^\s*#\s*include\s+"\.\./([a-z_]+)/')
BANNED = re.compile(r"(?<![\w.>])(atoi|atol|atoll|atof|strcpy|strcat|strncpy|strncat|sprintf|vsprintf|"
                    r"gets|strtok|tmpnam|mktemp|alloca|system|popen)\s*\(")
ISSUE = re.compile(r"\bissues?\s*#?\d+\b", re.I)

checks = failed = 0


def bad(msg):
    global failed
    failed += 1
    print("FAIL", msg)


for mod in sorted(os.listdir(src)):
    d = os.path.join(src, mod)
    if not os.path.isdir(d):
        continue
    checks += 1
    if mod not in layers:
        bad(f"src/{mod}/: module missing from tests/structure/layers.txt")
        continue
    for name in sorted(os.listdir(d)):
        if not name.endswith((".c", ".h", ".cpp", ".def")):
            continue
        path = os.path.join(d, name)
        rel = f"src/{mod}/{name}"
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        in_comment = False
        for no, line in enumerate(lines, 1):
            checks += 1
            m = INCLUDE.match(line)
            if m and m.group(1) != mod and m.group(1) not in layers[mod]:
                bad(f"{rel}:{no}: {mod} may not include {m.group(1)} (layers.txt)")
            # code only: drop // comments, /* */ comments and strings
            code = line
            if in_comment:
                end = code.find("*/")
                if end < 0:
                    code = ""
                else:
                    code = code[end + 2:]
                    in_comment = False
            code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
            code = re.sub(r"/\*.*?\*/", "", code)
            if "/*" in code:
                code = code[:code.index("/*")]
                in_comment = True
            code = code.split("//", 1)[0]
            m = BANNED.search(code)
            if m:
                bad(f"{rel}:{no}: banned function {m.group(1)}()")
            if ISSUE.search(line):
                bad(f"{rel}:{no}: a work-item reference in code: {line.strip()[:80]}")

# the build files, the rules and the tests speak of the project too
others = ["CMakeLists.txt", "Makefile", os.path.join("tests", "CMakeLists.txt")]
for top, exts in (("rules", (".yaml",)), ("tests", (".c", ".h", ".py", ".sh"))):
    for d, subdirs, names in os.walk(os.path.join(root, top)):
        subdirs[:] = sorted(x for x in subdirs if x != "seeds")
        for name in sorted(names):
            path = os.path.relpath(os.path.join(d, name), root)
            if name.endswith(exts) and path != os.path.join("tests", "structure", "check.py"):
                others.append(path)
for cm in others:
    with open(os.path.join(root, cm), encoding="utf-8", errors="replace") as f:
        for no, line in enumerate(f, 1):
            checks += 1
            if ISSUE.search(line):
                bad(f"{cm}:{no}: a work-item reference: {line.strip()[:80]}")

# docs/ARCHITECTURE.md shows the graph as it is enforced: its block after
# "<!-- layers.txt -->" is the table, and its module table has every module
arch_path = os.path.join(root, "docs", "ARCHITECTURE.md")
with open(arch_path, encoding="utf-8") as f:
    arch = f.read()
checks += 1
m = re.search(r"<!-- layers\.txt -->\s*```\n(.*?)```", arch, re.S)
if not m:
    bad("docs/ARCHITECTURE.md: no <!-- layers.txt --> block")
else:
    shown = {}
    for line in m.group(1).splitlines():
        mod, _, deps = line.partition(":")
        if mod.strip():
            shown[mod.strip()] = set(deps.split())
    if shown != layers:
        diff = sorted(k for k in set(shown) | set(layers) if shown.get(k) != layers.get(k))
        bad(f"docs/ARCHITECTURE.md: the layers block differs from layers.txt for {', '.join(diff)}")
for mod in sorted(layers):
    checks += 1
    if not re.search(r"^\| `" + re.escape(mod) + r"/` \|", arch, re.M):
        bad(f"docs/ARCHITECTURE.md: no row for {mod}/ in the module table")

print(f"{checks - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
