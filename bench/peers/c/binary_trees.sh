#!/usr/bin/env bash
# bench/peers/c/binary_trees.sh - binary-trees in C (binary_trees.c), one allocator per process, the
# processes alternating, against artifacts/linux-x64/libbumper.so (./publish.sh linux-x64) and
# Debian's APR (libapr1-dev).
#
#   binary_trees.sh [--rounds R] [--variants "arena bumper ..."] [--count] [--artifacts DIR] [-- ARGS]
#
#   ARGS       what each process gets after its variant: N (the CLBG program, default 21) or
#              --trees T D (T trees of depth D)
#   --rounds   R rounds (default 5); each round runs every variant once, in an order rotated by one
#              per round, so no variant always follows the same one
#   --count    instead of timing, count the instructions each variant executes in its run_* functions
#              under callgrind (one process each): a figure the machine's load cannot move
#   --artifacts  where libbumper.so and its bumper.h are (default: artifacts/linux-x64)
#
# Prints a markdown table: the median wall time of the processes over the rounds, the median of the
# per-round ratios to the arena (each ratio taken between processes of the same round) with their
# range, the same ratio for the time in the trees alone (libbumper's runtime starting left out), and
# the largest peak RSS; then the load average. Fails if any variant's stdout differs from the arena's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

rounds=5
variants="arena bumper bumper-unchecked cursor apr malloc"
count=0
lib="$repo/artifacts/linux-x64"
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --variants) variants=$2; shift ;;
        --count) count=1 ;;
        --artifacts) lib=$(cd "$2" && pwd); shift ;;
        --) shift; args=("$@"); break ;;
        *) echo "usage: binary_trees.sh [--rounds R] [--variants \"arena bumper ...\"] [--count] [--artifacts DIR] [-- N | --trees T D]" >&2; exit 2 ;;
    esac
    shift
done
[[ ${#args[@]} -gt 0 ]] || args=(21)

[[ -f "$lib/libbumper.so" && -f "$lib/bumper.h" ]] || { echo "binary_trees.sh: $lib/libbumper.so is missing: run ./publish.sh linux-x64" >&2; exit 1; }
command -v apr-1-config >/dev/null || { echo "binary_trees.sh: apr-1-config not found (apt-get install libapr1-dev)" >&2; exit 1; }

# A copy of the library without its .dbg beside it, which valgrind cannot read.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$lib/libbumper.so" "$lib/bumper.h" "$work/"
# shellcheck disable=SC2046 # apr-1-config prints flags to split
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$work" -I"$here" $(apr-1-config --cppflags --includes) \
    "$here/binary_trees.c" -o "$work/binary_trees" -L"$work" -lbumper -Wl,-rpath,"$work" $(apr-1-config --link-ld)

read -r -a names <<<"$variants"
if [[ $count == 1 ]]; then
    command -v valgrind >/dev/null || { echo "binary_trees.sh: valgrind not found" >&2; exit 1; }
    echo "| binary-trees \`${args[*]}\`, gcc -O2 | instructions in run_* (callgrind) | over the arena |"
    echo "|---|---:|---:|"
    base=
    for v in "${names[@]}"; do
        valgrind --tool=callgrind --toggle-collect='run_*' --callgrind-out-file="$work/$v.out" \
            "$work/binary_trees" "$v" "${args[@]}" > "$work/$v.stdout" 2> "$work/$v.log" \
            || { cat "$work/$v.log" >&2; exit 1; }
        ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$work/$v.out")
        [[ -n $base ]] || base=$ir
        printf '| %s | %s | %s |\n' "$v" "$ir" "$(awk -v a="$ir" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
    done
    exit 0
fi

: > "$work/times"
for ((r = 0; r < rounds; r++)); do
    n=${#names[@]}
    for ((k = 0; k < n; k++)); do
        v=${names[(k + r) % n]}
        "$work/binary_trees" "$v" "${args[@]}" > "$work/$v.stdout" 2> "$work/$v.stderr"
        if ! cmp -s "$work/$v.stdout" "$work/${names[0]}.stdout" && [[ -s "$work/${names[0]}.stdout" ]]; then
            echo "binary_trees.sh: $v printed something else than ${names[0]}:" >&2
            diff "$work/${names[0]}.stdout" "$work/$v.stdout" >&2 || true
            exit 1
        fi
        # "binary_trees: VARIANT: S s wall, W s in the trees, peak RSS K KiB"
        sed -n "s/^binary_trees: \\(.*\\): \\([0-9.]*\\) s wall, \\([0-9.]*\\) s in the trees, peak RSS \\([0-9]*\\) KiB$/$r \\1 \\2 \\4 \\3/p" "$work/$v.stderr" >> "$work/times"
    done
done

echo "| binary-trees \`${args[*]}\`, gcc -O2, $rounds alternating processes each | median s | min-max s | median ratio to ${names[0]} (same round) | ratio range | the trees alone: median ratio | peak RSS KiB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk -v base="${names[0]}" -v order="$variants" '
    function median(list, n,   i, j, t, a) {
        n = split(list, a, " ")
        if (n == 0) return 0
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function lo(list,   a, i, m) { split(list, a, " "); m = a[1]; for (i in a) if (a[i] < m) m = a[i]; return m }
    function hi(list,   a, i, m) { split(list, a, " "); m = a[1]; for (i in a) if (a[i] > m) m = a[i]; return m }
    { t[$1, $2] = $3; w[$1, $2] = $5; times[$2] = times[$2] " " $3; if ($4 > rss[$2]) rss[$2] = $4; rounds[$1] = 1 }
    END {
        n = split(order, names, " ")
        for (k = 1; k <= n; k++) {
            v = names[k]; ratios = ""; work = ""
            for (r in rounds) if ((r, base) in t && (r, v) in t && t[r, base] > 0 && w[r, base] > 0) {
                ratios = ratios " " t[r, v] / t[r, base]
                work = work " " w[r, v] / w[r, base]
            }
            printf "| %s | %.3f | %.3f-%.3f | %.2f | %.2f-%.2f | %.2f | %d |\n", v, median(times[v]), lo(times[v]), hi(times[v]), median(ratios), lo(ratios), hi(ratios), median(work), rss[v]
        }
    }' "$work/times"
echo
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)."
