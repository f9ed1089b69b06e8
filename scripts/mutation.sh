#!/usr/bin/env bash
# scripts/mutation.sh - mutation testing of src/Bumper.Core with Stryker.NET (the repository's
# dotnet tool manifest pins dotnet-stryker), against tests/Bumper.Core.Tests.
#
#   scripts/mutation.sh                      every file of src/Bumper.Core (tens of minutes on 2 cores)
#   scripts/mutation.sh --since [REF]        only code changed since REF (default: origin/main, else main)
#   scripts/mutation.sh --mutate GLOB ...    only the files matching the globs, e.g. '**/Buffers/AllocBuffer.cs'
#
# Not run by CI: it is too slow for every run. Run --since before stopping on a change to the
# library, and record the whole run's score per file in docs/testing.md.
# The HTML and JSON reports go to artifacts/mutation/<date>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

args=()
case "${1:-}" in
  --since)
    ref=${2:-}
    if [ -z "$ref" ]; then
      ref=$(git rev-parse --verify -q origin/main >/dev/null && echo origin/main || echo main)
    fi
    args+=(--since "$ref")
    ;;
  --mutate)
    shift
    [ $# -gt 0 ] || { echo "usage: scripts/mutation.sh --mutate GLOB [GLOB...]" >&2; exit 2; }
    for glob in "$@"; do args+=(--mutate "$glob"); done
    ;;
  "") ;;
  *) echo "usage: scripts/mutation.sh [--since [REF] | --mutate GLOB...]" >&2; exit 2 ;;
esac

dotnet tool restore >/dev/null
out="$PWD/artifacts/mutation/$(date +%Y-%m-%d-%H%M%S)"
mkdir -p "$out"
cd tests/Bumper.Core.Tests
dotnet dotnet-stryker \
  --project Bumper.Core.csproj \
  --test-project Bumper.Core.Tests.csproj \
  --configuration Release \
  --concurrency 2 \
  --reporter progress --reporter html --reporter json --reporter cleartext \
  --output "$out" \
  "${args[@]}"
echo "reports: $out/reports"
