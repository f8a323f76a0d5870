#!/usr/bin/env python3
"""The named patterns of rules/patterns.yaml are the one place their lists
are kept: fail when a rule file writes a fragment out instead of naming it
(%{name}), or names a fragment that does not exist.
usage: rules_patterns.py RULES_DIR"""
import os
import re
import sys


def load_patterns(path):
    """name -> fragment, from the flat `patterns:` mapping."""
    out = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^  ([\w-]+): '(.*)'\s*$", line)
        if m:
            out[m.group(1)] = m.group(2).replace("''", "'")
    return out


def main():
    rules = sys.argv[1]
    pats = load_patterns(os.path.join(rules, "patterns.yaml"))
    if not pats:
        print("no named patterns in patterns.yaml")
        return 1
    bad = 0
    for lang in sorted(os.listdir(rules)):
        d = os.path.join(rules, lang)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".yaml"):
                continue
            path = os.path.join(d, f)
            for no, line in enumerate(open(path, encoding="utf-8"), 1):
                if line.lstrip().startswith("#"):
                    continue
                for name in re.findall(r"%\{([^}]*)\}", line):
                    if name not in pats:
                        print(f"{path}:{no}: unknown named pattern %{{{name}}}")
                        bad += 1
                for name, frag in pats.items():
                    # short fragments (ES512, (?i:none)) may stand alone
                    if len(frag) >= 12 and frag in line:
                        print(f"{path}:{no}: writes out %{{{name}}}: {frag}")
                        bad += 1
    print(f"{len(pats)} named patterns, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
