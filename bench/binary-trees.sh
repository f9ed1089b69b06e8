#!/usr/bin/env bash
# bench/binary-trees.sh [--dry] [--depth N] [--rounds R] [--only a,b,...]
#
# The Computer Language Benchmarks Game's binary-trees (single-threaded, its exact output) in every
# way this repository builds it, one process per run, the variants in a new shuffled order every
# round, so a change in the machine's load reaches all of them alike. Per run: wall time and peak RSS
# (/usr/bin/time). Printed: one table of medians, and the median of each round's ratio to the C arena.
# Every variant's output must equal the C arena's, or the script fails.
#
#   bumper-jit     examples/BinaryTrees under the JIT (Bumper's default buffer, a SlabBuffer)
#   bumper-aot     the same, NativeAOT (artifacts/linux-x64/binary_trees: BUMPER_AOT, a ChainBuffer)
#   gc-jit/gc-aot  bench/peers/gc-trees: every node a GC object (sealed class), JIT and NativeAOT
#   bumpalo        bench/peers/bumpalo's binary_trees: Rust, bumpalo (Debian's 3.12), reset per tree
#   c-arena        bench/peers/c/binary_trees.c: a hand-written bump arena in C (gcc -O2), the floor
#   c-bumper       the same C program on libbumper: bumper_alloc (inline) on a checked buffer, a
#                  checkpoint per tree; c-bumper-unchecked on a BUMPER_UNCHECKED one; c-cursor through
#                  bumper_cursor_alloc, a mark per tree
#   c-apr, c-malloc  Debian's APR pools (apr_pool_clear per tree) and glibc malloc/free
#
# --dry: depth 10, one round (CI runs it, so the variants never rot). Default: depth 21, 5 rounds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
depth=21 rounds=5 only=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dry) depth=10 rounds=1 ;;
        --depth) depth=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --only) only=$2; shift ;;
        *) echo "usage: bench/binary-trees.sh [--dry] [--depth N] [--rounds R] [--only a,b,...]" >&2; exit 2 ;;
    esac
    shift
done
if [[ -d "$HOME/.cargo/bin" ]]; then PATH="$HOME/.cargo/bin:$PATH"; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { echo "== $*" >&2; }
[[ -x /usr/bin/time ]] || { echo "bench/binary-trees.sh: /usr/bin/time is missing (Debian: apt-get install time; scripts/prereqs.sh)" >&2; exit 1; }

build="$here/peers/build"
mkdir -p "$build"
log "building the variants"
dotnet build "$repo/examples/BinaryTrees" -c Release -nologo -v:q -clp:NoSummary >&2
dotnet build "$here/peers/gc-trees" -c Release -nologo -v:q -clp:NoSummary >&2
dotnet publish "$here/peers/gc-trees" -c Release -r linux-x64 -o "$build/gc-aot" -nologo -v:q >&2
[[ -x "$repo/artifacts/linux-x64/binary_trees" ]] || (cd "$repo" && ./publish.sh linux-x64) >&2
(cd "$here/peers/bumpalo" && cargo build --release --quiet) >&2
# The C program, one allocator per process (bench/peers/c/binary_trees.c), against the published libbumper.
lib="$repo/artifacts/linux-x64"
command -v apr-1-config >/dev/null || { echo "bench/binary-trees.sh: apr-1-config not found (apt-get install libapr1-dev; scripts/prereqs.sh)" >&2; exit 1; }
mkdir -p "$build/c"
cp "$lib/libbumper.so" "$lib/bumper.h" "$build/c/"
# shellcheck disable=SC2046 # apr-1-config prints flags to split
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$build/c" -I"$here/peers/c" $(apr-1-config --cppflags --includes) \
    "$here/peers/c/binary_trees.c" -o "$build/c/binary_trees" -L"$build/c" -lbumper -Wl,-rpath,"$build/c" $(apr-1-config --link-ld)
c_variants=""
for v in arena bumper bumper-unchecked cursor apr malloc; do
    c_variants+="c-$v $build/c/binary_trees $v"$'\n'
done

declare -A cmd=(
    [bumper-jit]="dotnet $repo/examples/BinaryTrees/bin/Release/net10.0/binary_trees.dll"
    [bumper-aot]="$repo/artifacts/linux-x64/binary_trees"
    [gc-jit]="dotnet $here/peers/gc-trees/bin/Release/net10.0/gc_trees.dll"
    [gc-aot]="$build/gc-aot/gc_trees"
    [bumpalo]="$here/peers/bumpalo/target/release/binary_trees"
)
while read -r name command; do
    [[ -n "$name" ]] && cmd[$name]="$command"
done <<<"$c_variants"
[[ -n "${cmd[c-arena]:-}" ]] || { echo "bench/binary-trees.sh: no c-arena variant was built" >&2; exit 1; }
names=("${!cmd[@]}")
if [[ -n "$only" ]]; then IFS=, read -r -a names <<<"c-arena,$only"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${cmd[c-arena]} "$depth" > "$work/expected" 2> /dev/null
log "depth $depth, $rounds round(s) of ${#names[@]} variants; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
    for name in $(printf '%s\n' "${names[@]}" | shuf); do
        # shellcheck disable=SC2086 # the command is words on purpose (dotnet plus the program)
        /usr/bin/time -f '%e %M' -o "$work/time" ${cmd[$name]} "$depth" > "$work/out" 2> /dev/null
        cmp -s "$work/out" "$work/expected" || { echo "bench/binary-trees.sh: $name printed something else than the C arena:" >&2; diff "$work/expected" "$work/out" >&2 || true; exit 1; }
        echo "$r $name $(cat "$work/time")" >> "$work/runs"
    done
done

echo "binary-trees, depth $depth, $rounds round(s), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| variant | median wall time (s) | paired ratio to c-arena (median) | median peak RSS (MiB) | RSS ratio to c-arena |"
echo "|---|---:|---:|---:|---:|"
awk '
    { t[$2, $1] = $3; m[$2, $1] = $4; seen[$2] = 1; if ($1 > rounds) rounds = $1 }
    function median(a, n,   i, j, x) {
        for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
        for (v in seen) {
            # A run too short for the clock (a dry run) has no ratio.
            timed = 1
            for (r = 1; r <= rounds; r++) { tt[r] = t[v, r]; if (t["c-arena", r] == 0) timed = 0; else rr[r] = t[v, r] / t["c-arena", r]; mm[r] = m[v, r]; mr[r] = m[v, r] / m["c-arena", r] }
            printf "| %s | %.2f | %s | %.0f | %.2f |\n", v, median(tt, rounds), timed ? sprintf("%.2f", median(rr, rounds)) : "-", median(mm, rounds) / 1024, median(mr, rounds)
        }
    }' "$work/runs" | sort -t'|' -k3 -g
