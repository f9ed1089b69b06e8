#!/usr/bin/env bash
# Counts the instructions each variant of a round-robin suite executes per call, under callgrind, in a
# NativeAOT build of bench/Bumper.Benchmarks. Unlike a time, the count is the same on a loaded
# machine and does not move with where the code lies in the binary; it says which variant does
# less work, not which is faster (stalls and cache misses do not show in it).
#
#   bench/count-instructions.sh BINARY [SUITE ...] [--calls N]
#
#   BINARY   the published benchmark, e.g. /tmp/benchaot/Bumper.Benchmarks (dotnet publish
#            bench/Bumper.Benchmarks -c Release -r linux-x64 -p:PublishAot=true, as docs/benchmarks.md
#            says); its symbols are read from BINARY.dbg beside it (or BINARY itself)
#   SUITE    interleaved-formatting (default: with interleaved-formatting-int), interleaved-boundary
#   --calls  calls of each variant (default 20); the count printed is per call, the first call's
#            one-time work (a pool's first rental) spread over them
#
# valgrind cannot read NativeAOT's compressed .dbg, so the binary runs from a copy without it, and
# the addresses in callgrind's report are matched to names with nm.
set -euo pipefail

calls=20
suites=()
bin=
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls=${2:?--calls needs a number}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "count-instructions: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) if [ -z "$bin" ]; then bin=$1; else suites+=("$1"); fi; shift ;;
  esac
done
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "usage: bench/count-instructions.sh BINARY [SUITE ...] [--calls N]  (BINARY: a NativeAOT-published Bumper.Benchmarks; got '${bin}')" >&2
  exit 2
fi
[ ${#suites[@]} -gt 0 ] || suites=(interleaved-formatting interleaved-formatting-int)
for tool in valgrind callgrind_annotate nm; do
  command -v "$tool" >/dev/null || { echo "count-instructions: $tool is not installed (apt-get install valgrind binutils)" >&2; exit 2; }
done

symbols=$bin.dbg
[ -f "$symbols" ] || symbols=$bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bin" "$work/bench"
# Function start addresses and names, for the lookup below.
nm --defined-only "$symbols" | awk '$2 == "t" || $2 == "T" { print $1, $3 }' > "$work/symbols"

for suite in "${suites[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$work/$suite.out" "$work/bench" "$suite" --calls "$calls" > "$work/$suite.log" 2>&1 \
    || { cat "$work/$suite.log" >&2; exit 1; }
  grep '^# ' "$work/$suite.log"
  # callgrind names each function by its loaded address; valgrind loads a position-independent
  # executable at 0x108000 (1081344), so the address less that is nm's. Only the suite's [Benchmark] methods
  # (named <Assembly>_<Namespace>_<Class>__<Method>) are printed.
  callgrind_annotate --inclusive=yes --threshold=100 "$work/$suite.out" \
    | awk -v calls="$calls" -v symbols="$work/symbols" '
        function hex(s,   i, n) { n = 0; s = tolower(s); sub(/^0x/, "", s); for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return sprintf("%.0f", n) }
        BEGIN { while ((getline line < symbols) > 0) { split(line, f, " "); name[hex(f[1])] = f[2] } }
        /\?\?\?:0x/ {
          match($0, /0x[0-9a-f]+/); addr = sprintf("%.0f", hex(substr($0, RSTART, RLENGTH)) - 1081344)
          n = $1; gsub(",", "", n)
          if ((addr in name) && name[addr] ~ /_[A-Za-z]+Benchmarks__[A-Za-z0-9_]+$/ && name[addr] !~ /__(_ctor|Dispose|Setup)$/) {
            printf "| %s | %.0f |\n", name[addr], n / calls; found++
          }
        }
        END { if (!found) { print "count-instructions: no benchmark method found in the report (symbols or load address do not match)" > "/dev/stderr"; exit 1 } }'
done
