#!/usr/bin/env bash
# test.sh - the whole test suite, from a fresh machine:
#   1. scripts/prereqs.sh           installs the Debian packages the native build and tests need
#   2. ./publish.sh linux-x64 ...   NativeAOT artifacts (times_table, libbumper, aot_service) the native
#                                   snapshot, valgrind and service tests run
#   3. dotnet test Bumper.sln       every xUnit project (core, native snapshots, C tests under valgrind),
#                                   and the core's model tests again in Debug (invariant asserts on)
#   4. scripts/fuzz.sh              libbumper's C API fuzzed against a model (driver, threads, valgrind, libFuzzer)
#   5. bench/service/run.sh --dry   the service load script once, briefly
#   6. bench/run.sh --dry           every benchmark once, so the benchmarks never rot
# The last line is the plain total over every test run: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0
failed=0
step() { printf '\n=== %s\n' "$*"; }

step "prerequisites"
if ! bash scripts/prereqs.sh; then
  echo "test.sh: installing prerequisites failed" >&2
  failed=$((failed + 1))
fi

rids=(linux-x64)
[ "$(uname -m)" = x86_64 ] && rids+=(linux-arm64)
step "publish ${rids[*]}"
if ./publish.sh "${rids[@]}"; then
  passed=$((passed + 1))
else
  echo "test.sh: publish.sh failed; the native tests below will fail too" >&2
  failed=$((failed + 1))
fi

# Runs dotnet test with the given arguments and adds its per-assembly summaries to the totals.
run_dotnet_test() {
  local log status summaries line f p
  log=$(mktemp)
  dotnet test "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  # One summary line per test assembly: "Passed!  - Failed:     0, Passed:   115, Skipped: ..."
  summaries=$(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$log" || true)
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
    failed=$((failed + f))
    passed=$((passed + p))
  done <<<"$summaries"
  if [ "$status" -ne 0 ] && ! grep -qE '^Failed! ' "$log"; then
    echo "test.sh: dotnet test $* failed before reporting results (build error?)" >&2
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

step "dotnet test Bumper.sln"
run_dotnet_test Bumper.sln -c Release

# Debug builds of Bumper.Core assert the bump pointer's invariants on every allocation; the model
# tests drive every buffer kind with checked mode both on and off, so the fast path runs asserted too.
step "model and promise tests in Debug"
run_dotnet_test tests/Bumper.Core.Tests -c Debug --filter "FullyQualifiedName~Model|FullyQualifiedName~Promises"

# libbumper's whole C API under a model: the seeded driver (one thread, several threads, valgrind)
# and libFuzzer with AddressSanitizer from the committed corpus. Each run counts as one test.
step "fuzzing libbumper (scripts/fuzz.sh)"
log=$(mktemp)
scripts/fuzz.sh 2>&1 | tee "$log"
fuzz_status=${PIPESTATUS[0]}
fuzz_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$fuzz_line" ]; then
  passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$fuzz_line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$fuzz_line")))
fi
if [ "$fuzz_status" -ne 0 ] && { [ -z "$fuzz_line" ] || [[ "$fuzz_line" == *" 0 failed" ]]; }; then
  echo "test.sh: scripts/fuzz.sh failed before reporting results" >&2
  failed=$((failed + 1))
fi
rm -f "$log"

step "service load, dry run (bench/service/run.sh --dry)"
if bench/service/run.sh --dry; then
  passed=$((passed + 1))
else
  echo "test.sh: bench/service/run.sh --dry failed" >&2
  failed=$((failed + 1))
fi

if [ -x bench/run.sh ]; then
  step "benchmarks, dry run"
  if bench/run.sh --dry; then
    passed=$((passed + 1))
  else
    echo "test.sh: bench/run.sh --dry failed" >&2
    failed=$((failed + 1))
  fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
