#!/usr/bin/env bash
# The option tables of the commands: for every command of `cryptagion
# --help`, every option of its table (`cryptagion help --options CMD`)
# has its line in `CMD --help` and its entry in the manual
# (docs/cryptagion.md), and an unknown option exits with the usage exit
# code of the manual's EXIT STATUS table, the command's usage on stderr.
# Usage: cli_options.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
man="$src/docs/cryptagion.md"
rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/lib.sh"

# the usage exit code, as the manual documents it
usage_rc=$(sed -n 's/^| \([0-9]\) | usage error.*/\1/p' "$man")
eq "$usage_rc" 2 "the manual documents exit 2 for a usage error"

run 0 "--help" "$bin" --help
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' "$work/stdout")
eq "$(echo $cmds)" "scan report diff gate merge rules version help" "--help lists every command"

for cmd in $cmds; do
	run 0 "help --options $cmd" "$bin" help --options "$cmd"
	cp "$work/stdout" "$work/options.$cmd"
	n=$(wc -l <"$work/options.$cmd")
	case $cmd in
	version | help)
		eq "$n" 0 "$cmd takes no option"
		continue
		;;
	esac
	[ "$n" -ge 3 ] && ok "$cmd has an option table ($n options)" || ko "$cmd: $n options"
	has "$work/options.$cmd" "^--help -h$" "$cmd: the table has -h, --help"
	if [ "$cmd" = rules ]; then
		run 0 "rules check --help" "$bin" rules check --help
	else
		run 0 "$cmd --help" "$bin" "$cmd" --help
	fi
	cp "$work/stdout" "$work/help.$cmd"
	has "$work/help.$cmd" "^usage: cryptagion $cmd " "$cmd --help starts with its usage"
	run 0 "help $cmd" "$bin" help "$cmd"
	cmp -s "$work/stdout" "$work/help.$cmd" && ok "help $cmd is $cmd --help" || ko "help $cmd differs from $cmd --help"
	while read -r long short; do
		# the option's own line: "  -o, --output DIR  text" or
		# "      --db FILE  text"
		if [ -n "$short" ]; then
			line="^  $short, $long( [A-Z]+)?( |\$)"
			def="^\`$short\`, \`$long( [A-Z]+)?\`"
		else
			line="^      $long( [A-Z]+)?( |\$)"
			def="^\`([^\`]*\`, \`)*$long( [A-Z]+)?\`"
		fi
		grep -qE -- "$line" "$work/help.$cmd" && ok "$cmd --help: $long" || ko "$cmd --help has no line for $long"
		grep -qE -- "$def" "$man" && ok "manual: $cmd $long" || ko "docs/cryptagion.md has no entry for $cmd's $long"
	done <"$work/options.$cmd"
	# every option line of --help is an option of the table
	grep -oE '^  (-[a-z], )?--[a-z-]+|^      --[a-z-]+' "$work/help.$cmd" | sed 's/.*--/--/' | sort >"$work/listed.$cmd"
	cut -d' ' -f1 "$work/options.$cmd" | sort >"$work/table.$cmd"
	cmp -s "$work/listed.$cmd" "$work/table.$cmd" && ok "$cmd --help lists exactly its table" || ko "$cmd --help vs table: $(diff "$work/listed.$cmd" "$work/table.$cmd" | head -5)"
	awk 'length > 80 { bad = 1 } END { exit bad }' "$work/help.$cmd" && ok "$cmd --help fits 80 columns" || ko "$cmd --help has lines over 80 columns"

	# an unknown option: the usage exit code and the usage on stderr
	if [ "$cmd" = rules ]; then
		run "$usage_rc" "rules check --no-such-option" "$bin" rules check --no-such-option
	else
		run "$usage_rc" "$cmd --no-such-option" "$bin" "$cmd" --no-such-option
	fi
	stderr_has "unrecognized option '--no-such-option'" "$cmd: getopt names the unknown option"
	stderr_has "^usage: cryptagion $cmd " "$cmd: the usage goes to stderr"
	[ ! -s "$work/stdout" ] && ok "$cmd: nothing on stdout" || ko "$cmd: stdout not empty"
	# an option that needs an argument, given none
	last=$(sed -n 's/^      \(--[a-z-]*\) [A-Z].*/\1/p' "$work/help.$cmd" | head -1)
	if [ "$cmd" = rules ]; then
		run "$usage_rc" "rules check $last without its argument" "$bin" rules check "$last"
	else
		run "$usage_rc" "$cmd $last without its argument" "$bin" "$cmd" "$last"
	fi
	stderr_has "requires an argument" "$cmd $last: getopt names the missing argument"
done

# diff: --base is refused, not read as an abbreviation of --baseline
run "$usage_rc" "diff --base is not --baseline" "$bin" diff --base x a b
stderr_has "^usage: cryptagion diff " "diff --base: the usage on stderr"
run "$usage_rc" "help --options without a command" "$bin" help --options
run "$usage_rc" "help --options of no command" "$bin" help --options frobnicate
stderr_has "no command 'frobnicate'" "help names the unknown command"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
