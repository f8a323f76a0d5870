# tests/lib.sh — the assertions shared by the shell tests. Source it after
# setting $work (a folder for stdout/stderr of the command under test);
# sarif_valid also needs $py, $sarif_schemas and $validator. Each script
# ends with: echo "$pass passed, $fail failed"; [ "$fail" = 0 ]
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
run() { # expected-rc description command...
	local want=$1 what=$2
	shift 2
	"$@" >"$work/stdout" 2>"$work/stderr"
	local rc=$?
	if [ "$rc" = "$want" ]; then ok "$what (exit $rc)"; else
		ko "$what: exit $rc, expected $want; stdout: $(head -c 600 "$work/stdout") stderr: $(head -c 400 "$work/stderr")"
	fi
}
expect_rc() { run "$@"; }
eq() { # got want description
	if [ "$1" = "$2" ]; then ok "$3"; else
		ko "$3: got [$1] want [$2]"
	fi
}
has() { # file pattern description
	if grep -qE -- "$2" "$1"; then ok "$3"; else ko "$3: $(head -c 600 "$1")"; fi
}
hasnt() { # file pattern description
	if grep -qE -- "$2" "$1"; then ko "$3: $(grep -E -- "$2" "$1" | head -3)"; else ok "$3"; fi
}
stderr_has() { # pattern description
	if grep -qE -- "$1" "$work/stderr"; then ok "$2"; else
		ko "$2: stderr was: $(head -c 400 "$work/stderr")"
	fi
}
q() { sqlite3 "$1" "$2"; }
sarif_valid() { # file description
	if $py - "$sarif_schemas/sarif-2.1.0-rtm.5.json" "$1" <<'PY'; then ok "$2: python3-jsonschema Draft4Validator"; else ko "$2: python3-jsonschema"; fi
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
v = jsonschema.Draft4Validator(s, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
errs = list(v.iter_errors(d))
for e in errs[:5]:
    print(e.message, list(e.path))
sys.exit(1 if errs else 0)
PY
	if "$validator" "$sarif_schemas" sarif-2.1.0-rtm.5.json "$1" >/dev/null; then ok "$2: built-in validator"; else ko "$2: built-in validator"; fi
}
