#!/usr/bin/env bash
# Runs every benchmark in one go: the BenchmarkDotNet suites under the JIT and NativeAOT, the service
# loop, the round-robin run of the scope kernel, and the peers: the allocation plan bumped by Rust's
# bumpalo and by a plain C loop (bumper.h's inline cursor), and C against libbumper.so when it exists
# (allocation calls, growth, and binary-trees against a hand-written arena, APR pools and malloc),
# binary-trees in every language this repository builds it in, and repeated scopes of 64 KiB to 64 MiB.
# docs/benchmarks.md says which workload each part is.
#
#   bench/run.sh --dry     build and run everything once (BDN's Dry job); exits non-zero if anything
#                          fails. CI runs this so the benchmarks never rot.
#   bench/run.sh --quick   short jobs and 100,000 requests per thread; figures for a quick look
#   bench/run.sh           15 x 250 ms iterations per benchmark and 1,000,000 requests per thread
#                          (what docs/benchmarks.md uses; ~15 min)
#
# Arguments after -- go to BenchmarkDotNet, e.g. `bench/run.sh --quick -- --filter '*Seed*'`.
# A report (machine, date, command, all tables) is written to bench/results/<mode>-<time>.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
mode=full
bdn_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dry) mode=dry ;;
        --quick) mode=quick ;;
        --full) mode=full ;;
        --) shift; bdn_args=("$@"); break ;;
        *) echo "usage: bench/run.sh [--dry|--quick|--full] [-- <BenchmarkDotNet arguments>]" >&2; exit 2 ;;
    esac
    shift
done

case "$mode" in
    dry)   requests=2000;    rounds=3;   peer_batches=3;   peer_rounds=5;   c_batches=3;   c_rounds=5 ;;
    quick) requests=100000;  rounds=101; peer_batches=51;  peer_rounds=100; c_batches=51;  c_rounds=100 ;;
    full)  requests=1000000; rounds=301; peer_batches=201; peer_rounds=200; c_batches=201; c_rounds=200 ;;
esac

# rustup installs cargo here; CI's environment may not have it on PATH.
if [[ -d "$HOME/.cargo/bin" ]]; then PATH="$HOME/.cargo/bin:$PATH"; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$here/results"
mkdir -p "$results"
report="$results/$mode-$stamp.md"
log() { echo "== $*" >&2; }

{
    echo "# Bumper benchmarks ($mode)"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- .NET SDK $(dotnet --version), $(rustc --version 2>/dev/null || echo 'no rustc'), $(gcc --version | head -1)"
    echo "- command: \`bench/run.sh $([[ $mode == full ]] || echo "--$mode")${bdn_args[*]:+ -- ${bdn_args[*]}}\` (commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
} > "$report"

log "building bench/Bumper.Benchmarks (Release)"
dotnet build "$here/Bumper.Benchmarks/Bumper.Benchmarks.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
bench_dll="$here/Bumper.Benchmarks/bin/Release/net10.0/Bumper.Benchmarks.dll"

# --- allocation-throughput peers: Rust's bumpalo (Debian's librust-bumpalo-dev, built offline) ---
log "bumpalo peer"
need=()
ls -d /usr/share/cargo/registry/bumpalo-* >/dev/null 2>&1 || need+=(librust-bumpalo-dev)
command -v cargo >/dev/null || need+=(cargo)
# (and APR, the pool allocator binary-trees in C is compared with below)
command -v apr-1-config >/dev/null || need+=(libapr1-dev)
if [[ ${#need[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "missing: sudo apt-get install ${need[*]}" >&2; exit 1
    fi
    # Another installer may hold apt's lock for a while (scripts/prereqs.sh): wait for it.
    apt=(apt-get -o DPkg::Lock::Timeout=120 -y -qq)
    ("${apt[@]}" install "${need[@]}" || { "${apt[@]}" update && "${apt[@]}" install "${need[@]}"; }) >&2
fi
(cd "$here/peers/bumpalo" && cargo build --release --quiet)
# The version cargo resolved, from the lock file it wrote.
bumpalo_version=$(sed -n '/^name = "bumpalo"$/{n;s/^version = "\(.*\)"$/\1/p;}' "$here/peers/bumpalo/Cargo.lock")
bumpalo_out=$("$here/peers/bumpalo/target/release/bumpalo-peer" "$peer_batches" "$peer_rounds" | sed "s/^bumpalo /bumpalo ${bumpalo_version:-?} /")
echo "$bumpalo_out" >&2
export BUMPALO_NS_PER_ALLOC BUMPALO_VERSION="$bumpalo_version"
BUMPALO_NS_PER_ALLOC=$(sed -n 's/^BUMPALO_NS_PER_ALLOC=//p' <<<"$bumpalo_out")

# --- ... and the same plan bumped in plain C at -O2 (bumper.h's inline cursor; no libbumper needed) ---
log "C bump-loop peer"
header="$repo/src/Bumper.Aot/include/bumper.h"
mkdir -p "$here/peers/c/build"
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$(dirname "$header")" \
    "$here/peers/c/bump_loop.c" -o "$here/peers/c/build/bump_loop"
loop_out=$("$here/peers/c/build/bump_loop" "$peer_batches" "$peer_rounds")
echo "$loop_out" >&2
export C_LOOP_NS_PER_ALLOC
C_LOOP_NS_PER_ALLOC=$(sed -n 's/^C_LOOP_NS_PER_ALLOC=//p' <<<"$loop_out")

# --- C against libbumper.so and malloc (only once publish.sh has produced the library) -----------
lib="$repo/artifacts/linux-x64/libbumper.so"
if [[ ! -f "$lib" && -x "$repo/publish.sh" && "$mode" != dry ]]; then
    log "building libbumper.so with ./publish.sh linux-x64"
    (cd "$repo" && ./publish.sh linux-x64) >&2 || echo "publish.sh failed; skipping the C ABI peer" >&2
fi
c_out="C ABI peer skipped: $lib (or $header) does not exist yet."
if [[ -f "$lib" && -f "$header" ]]; then
    log "C peer against libbumper.so"
    mkdir -p "$here/peers/c/build"
    gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$(dirname "$header")" \
        "$here/peers/c/bumper_vs_malloc.c" -o "$here/peers/c/build/bumper_vs_malloc" \
        -L"$(dirname "$lib")" -lbumper -Wl,-rpath,"$(dirname "$lib")"
    c_out=$("$here/peers/c/build/bumper_vs_malloc" "$c_batches" "$c_rounds")
    gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$(dirname "$header")" \
        "$here/peers/c/bumper_growth.c" -o "$here/peers/c/build/bumper_growth" \
        -L"$(dirname "$lib")" -lbumper -Wl,-rpath,"$(dirname "$lib")"
    c_out+=$'\n\n'$("$here/peers/c/build/bumper_growth" "$c_batches" "$c_rounds")
fi
echo "$c_out" >&2

# --- binary-trees in C, one allocator per process, the processes alternating (needs the published
# library and its header in artifacts/linux-x64) ----------------------------------------------------
case "$mode" in
    dry)   trees_rounds=1; trees_args=(10) ;;
    quick) trees_rounds=3; trees_args=(--trees 64 18) ;;
    full)  trees_rounds=5; trees_args=(21) ;;
esac
trees_out="binary-trees skipped: $lib (or its bumper.h) does not exist yet."
trees_status=0
if [[ -f "$lib" && -f "$(dirname "$lib")/bumper.h" ]]; then
    log "binary-trees in C, $trees_rounds round(s) of ${trees_args[*]}"
    trees_out=$("$here/peers/c/binary_trees.sh" --rounds "$trees_rounds" -- "${trees_args[@]}") || trees_status=$?
fi
echo "$trees_out" >&2

# --- binary-trees in every way this repository builds it (C#, C, Rust), one process per run -------
case "$mode" in
    dry)   bt_args=(--dry) ;;
    quick) bt_args=(--depth 18 --rounds 3) ;;
    full)  bt_args=(--depth 21 --rounds 5) ;;
esac
log "binary-trees across languages, bench/binary-trees.sh ${bt_args[*]}"
bt_status=0
bt_out=$("$here/binary-trees.sh" "${bt_args[@]}") || bt_status=$?
echo "$bt_out" >&2

# --- the BenchmarkDotNet suites, JIT and NativeAOT side by side ------------------------------------
log "BenchmarkDotNet --mode $mode (JIT and NativeAOT)"
bdn_status=0
(cd "$here" && dotnet "$bench_dll" --mode "$mode" --filter '*' --artifacts "$here/BenchmarkDotNet.Artifacts" "${bdn_args[@]}") >&2 || bdn_status=$?

# --- the service loop (console mode; BDN has no per-request percentiles) ---------------------------
log "service loop, 2 threads x $requests requests"
service_status=0
service_out=$(dotnet "$bench_dll" service --requests "$requests" --threads 2) || service_status=$?
echo "$service_out" >&2

# --- the scope kernel again, round-robin: paired ratios that survive the shared machine's drifting load
log "scope kernel interleaved, $rounds rounds"
interleaved_status=0
interleaved_out=$(dotnet "$bench_dll" interleaved --rounds "$rounds") || interleaved_status=$?
echo "$interleaved_out" >&2

# --- repeated scopes of 64 KiB to 64 MiB, round-robin against one AllocBuffer's floor ---------------
case "$mode" in
    dry)   rep_args=(--sizes 65536,1048576 --rounds 3) ;;
    quick) rep_args=(--rounds 21) ;;
    full)  rep_args=(--rounds 51) ;;
esac
log "repeated scopes interleaved ${rep_args[*]}"
rep_status=0
rep_out=$(dotnet "$bench_dll" interleaved-repeated-scopes "${rep_args[@]}") || rep_status=$?
echo "$rep_out" >&2

{
    echo "## Workloads 1, 2, 3, 5 (BenchmarkDotNet; median ns per operation, ratio to the suite's baseline in the same runtime, bytes allocated per operation)"
    echo
    cat "$here/BenchmarkDotNet.Artifacts/results/bumper-summary.md" 2>/dev/null || echo "(no BenchmarkDotNet summary)"
    echo "Allocation-throughput peers (same plan, same machine, run just before BenchmarkDotNet):"
    echo
    printf '%s\n%s\n' "$bumpalo_out" "$loop_out" | grep -v '_NS_PER_ALLOC=' | sed 's/^/- /'
    echo
    echo "## Workload 1, interleaved (JIT)"
    echo
    echo "$interleaved_out"
    echo
    echo "## Workload 4 (service loop)"
    echo
    echo "$service_out"
    echo
    echo "## Workload 6 (C ABI)"
    echo
    echo "$c_out"
    echo
    echo "## Workload 9 (binary-trees in C)"
    echo
    echo "$trees_out"
    echo
    echo "## Workload 10 (binary-trees across languages)"
    echo
    echo "$bt_out"
    echo
    echo "## Workload 11 (repeated scopes, JIT)"
    echo
    echo "$rep_out"
    echo
    echo "Finished in $(( $(date +%s) - started )) s."
} >> "$report"

log "report: $report ($(( $(date +%s) - started )) s)"
if [[ $bdn_status -ne 0 || $service_status -ne 0 || $interleaved_status -ne 0 || $trees_status -ne 0 || $bt_status -ne 0 || $rep_status -ne 0 ]]; then
    echo "FAILED: BenchmarkDotNet exit $bdn_status, service loop exit $service_status, interleaved exit $interleaved_status, C binary-trees exit $trees_status, binary-trees across languages exit $bt_status, repeated scopes exit $rep_status" >&2
    exit 1
fi
