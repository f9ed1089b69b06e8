#!/usr/bin/env bash
# scripts/mutation.sh - mutation testing of src/Bumper.Core with Stryker.NET (the repository's
# dotnet tool manifest pins dotnet-stryker), against tests/Bumper.Core.Tests.
#
#   scripts/mutation.sh                      every file of src/Bumper.Core (tens of minutes on 2 cores)
#   scripts/mutation.sh --since [REF]        only code changed since REF (default: origin/main, else main)
#   scripts/mutation.sh --mutate GLOB ...    only the files matching the globs, e.g. '**/Buffers/AllocBuffer.cs'
#
# Options before the mode: --concurrency N (test runners in parallel; default 2, use 1 on a busy
# machine) and --nice (run Stryker at nice 15). Anything after `--` goes to dotnet-stryker as is,
# e.g. `-- --coverage-analysis off`.
#
# Not run by CI: it is too slow for every run. Run --since before stopping on a change to the
# library, and record the whole run's score per file in docs/testing.md.
# The HTML and JSON reports go to artifacts/mutation/<date>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

args=()
extra=()
concurrency=2
nice=()
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) concurrency=${2:?--concurrency needs a number}; shift 2 ;;
    --nice) nice=(nice -n 15); shift ;;
    *) break ;;
  esac
done
# Split off the pass-through arguments after `--`.
mode=()
while [ $# -gt 0 ]; do
  if [ "$1" = -- ]; then shift; extra=("$@"); break; fi
  mode+=("$1"); shift
done
set -- "${mode[@]+"${mode[@]}"}"

case "${1:-}" in
  --since)
    ref=${2:-}
    if [ -z "$ref" ]; then
      ref=$(git rev-parse --verify -q origin/main >/dev/null && echo origin/main || echo main)
    fi
    # Stryker takes the commit after a colon, and finds a commit only by its full hash.
    full=$(git rev-parse --verify -q "$ref^{commit}") || { echo "scripts/mutation.sh: no commit '$ref'" >&2; exit 2; }
    args+=("--since:$full")
    ;;
  --mutate)
    shift
    [ $# -gt 0 ] || { echo "usage: scripts/mutation.sh --mutate GLOB [GLOB...]" >&2; exit 2; }
    for glob in "$@"; do args+=(--mutate "$glob"); done
    ;;
  "") ;;
  *) echo "usage: scripts/mutation.sh [--concurrency N] [--nice] [--since [REF] | --mutate GLOB...] [-- STRYKER-ARGS...]" >&2; exit 2 ;;
esac

dotnet tool restore >/dev/null
out="$PWD/artifacts/mutation/$(date +%Y-%m-%d-%H%M%S)"
mkdir -p "$out"
cd tests/Bumper.Core.Tests
start=$(date +%s)
"${nice[@]+"${nice[@]}"}" dotnet dotnet-stryker \
  --project Bumper.Core.csproj \
  --test-project Bumper.Core.Tests.csproj \
  --configuration Release \
  --concurrency "$concurrency" \
  --reporter progress --reporter html --reporter json --reporter cleartext \
  --output "$out" \
  "${args[@]+"${args[@]}"}" "${extra[@]+"${extra[@]}"}"
echo "reports: $out/reports"
echo "wall time: $(( $(date +%s) - start )) s"
