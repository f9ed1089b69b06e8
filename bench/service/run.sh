#!/usr/bin/env bash
# bench/service/run.sh [--dry] [--rounds N] [--duration SECONDS] [--connections N] [--out FILE]
#
# The published native aot_service (artifacts/linux-x64/aot_service) under wrk, on loopback only:
# POST /stats with bodies of 100, 10,000 and 100,000 numbers, in its three modes side by side: the arena
# path (?mode=arena), the simple heap path (?mode=heap) and the careful pooled path (?mode=pool).
# Each (size, mode) run starts a fresh service (so peak RSS is that run's), warms it up, reads /runtime,
# runs wrk for the duration, reads /runtime again and /proc/<pid>/status's VmHWM, and stops it.
# Within a size, each round runs the three modes one after another, and the rounds rotate which mode goes
# first, so a change in the machine's load falls on every mode alike. One table per size gives the median
# of the rounds for each figure; under it, the arena's throughput over each other mode's as the ratio of the
# medians and as the median (and range) of the ratios within a round. The load average is printed before and after.
# Figures per run: requests/s, p50/p99/p99.9 latency, GC collections per 1,000 requests by generation,
# GC-heap bytes allocated per request, peak RSS. --dry: one 1-second round, to check the script works.
# Needs wrk (Debian: apt-get install wrk) and the published service (scripts/publish-service.sh linux-x64).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/service

rounds=3 duration=10 warmup=3 connections=16 out="" dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry) dry=1 rounds=1 duration=1 warmup=0 ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--dry] [--rounds N] [--duration SECONDS] [--connections N] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "bench/service/run.sh: $*" >&2; exit 1; }
service=$root/artifacts/linux-x64/aot_service
[ -x "$service" ] || die "$service is missing: run scripts/publish-service.sh linux-x64 first"
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk (scripts/prereqs.sh)"
command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"

work=$(mktemp -d /tmp/bumper-service-bench.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Bodies: reproducible pseudo-random numbers (awk's generator, fixed seed), one per line, 6 decimals.
sizes=(100 10000 100000)
for n in "${sizes[@]}"; do
  awk -v n="$n" 'BEGIN { srand(20261130); for (i = 0; i < n; i++) printf "%.6f\n", (rand() - 0.5) * 2000000 }' > "$work/body-$n.txt"
done

free_port() { # a port nothing listens on now, from the ephemeral range
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

json_field() { # json_field NAME JSON: the first number after "NAME":
  sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$2"
}

# run_one SIZE MODE: prints "rps p50_us p99_us p999_us gen0_per_1k gen1_per_1k gen2_per_1k bytes_per_req rss_kib"
run_one() {
  local n=$1 mode=$2 port url before after result
  port=$(free_port)
  "$service" --urls "http://127.0.0.1:$port" > "$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || die "the service did not start: $(cat "$work/service.log")"
  url="http://127.0.0.1:$port/stats?mode=$mode"
  # A correct answer first: a service that answers 4xx/5xx must not be measured.
  curl -sf -H 'Content-Type: text/plain' --data-binary @"$work/body-$n.txt" "$url" > "$work/answer.json" \
    || die "POST $url with $n numbers failed"
  grep -q "\"count\":$n," "$work/answer.json" || die "unexpected answer for $n numbers: $(cat "$work/answer.json")"
  if [ "$warmup" -gt 0 ]; then
    BODY_FILE=$work/body-$n.txt wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/post.lua" "$url" >/dev/null
  fi
  before=$(curl -sf "http://127.0.0.1:$port/runtime")
  BODY_FILE=$work/body-$n.txt wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$here/post.lua" "$url" > "$work/wrk.txt"
  after=$(curl -sf "http://127.0.0.1:$port/runtime")
  local rss
  rss=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  result=$(grep '^RESULT' "$work/wrk.txt") || die "wrk printed no result: $(cat "$work/wrk.txt")"
  local requests duration_us errors p50 p99 p999
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
  duration_us=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$result")
  errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$result")
  p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<<"$result")
  p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<<"$result")
  p999=$(sed 's/.*p999_us=\([0-9]*\).*/\1/' <<<"$result")
  [ "$errors" = 0 ] || die "wrk saw $errors errors for $n numbers, $mode"
  [ "$requests" -gt 0 ] || die "wrk completed no request for $n numbers, $mode"
  awk -v req="$requests" -v us="$duration_us" -v p50="$p50" -v p99="$p99" -v p999="$p999" -v rss="$rss" \
      -v g0a="$(json_field gen0 "$before")" -v g0b="$(json_field gen0 "$after")" \
      -v g1a="$(json_field gen1 "$before")" -v g1b="$(json_field gen1 "$after")" \
      -v g2a="$(json_field gen2 "$before")" -v g2b="$(json_field gen2 "$after")" \
      -v aa="$(json_field allocatedBytes "$before")" -v ab="$(json_field allocatedBytes "$after")" \
      'BEGIN { printf "%.0f %d %d %d %.2f %.2f %.2f %.0f %d\n", req / (us / 1e6), p50, p99, p999,
               (g0b - g0a) * 1000 / req, (g1b - g1a) * 1000 / req, (g2b - g2a) * 1000 / req, (ab - aa) / req, rss }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

modes=(arena heap pool)
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "bench/service/run.sh: $rounds round(s) of ${duration}s per run (warm-up ${warmup}s), wrk -t1 -c$connections, $(nproc) cores, load average $(loadavg); $(date -u +%Y-%m-%dT%H:%MZ)" >&2
load_before=$(loadavg)
for n in "${sizes[@]}"; do
  for round in $(seq 1 "$rounds"); do
    # Round r starts with mode r (rotating), so each mode goes first, second and third equally often.
    first=$(( (round - 1) % ${#modes[@]} ))
    order=("${modes[@]:$first}" "${modes[@]:0:$first}")
    for mode in "${order[@]}"; do
      line=$(run_one "$n" "$mode")
      echo "$n $mode $line $round" >> "$work/runs.txt"
      echo "  $n numbers, $mode, round $round: $line" >&2
    done
  done
done
load_after=$(loadavg)

{
  echo "$rounds round(s) of ${duration}s per run, wrk -t1 -c$connections, $(nproc) cores; load average $load_before before, $load_after after"
  for n in "${sizes[@]}"; do
    echo
    echo "POST /stats, $n numbers (medians of $rounds round(s)):"
    echo
    echo "| mode | requests/s | p50 µs | p99 µs | p99.9 µs | gen0 /1k req | gen1 /1k req | gen2 /1k req | allocated B/req | peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for mode in "${modes[@]}"; do
      row="| $mode"
      for col in 3 4 5 6 7 8 9 10 11; do
        v=$(awk -v n="$n" -v m="$mode" -v c="$col" '$1 == n && $2 == m { print $c }' "$work/runs.txt" | median)
        [ "$col" = 11 ] && v=$(awk -v k="$v" 'BEGIN { printf "%.1f", k / 1024 }')
        row="$row | $v"
      done
      echo "$row |"
    done
    echo
    for other in heap pool; do
      awk -v n="$n" -v o="$other" '
        $1 == n { k = $2; rps[k] = rps[k] " " $3; p99[k] = p99[k] " " $5; alloc[k] = alloc[k] " " $10; round[k, $12] = $3 }
        function sorted(s, a,   m, i, j, t) { m = split(s, a, " "); for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
                                               return m }
        function med(s,   a, m) { m = sorted(s, a); return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
        END {
          for (r = 1; (("arena", r) in round) && ((o, r) in round); r++) ratios = ratios " " round["arena", r] / round[o, r]
          m = sorted(ratios, each)
          printf "Arena / %s: throughput %.2fx (the ratio of the medians; round by round %.2fx, from %.2fx to %.2fx), p99 %.2fx, allocated bytes per request %.3fx\n", o,
            med(rps["arena"]) / med(rps[o]), med(ratios), each[1], each[m], med(p99["arena"]) / med(p99[o]), med(alloc["arena"]) / med(alloc[o]) }' "$work/runs.txt"
    done
  done
} > "$work/table.md"
cat "$work/table.md"
[ -z "$out" ] || cp "$work/table.md" "$out"
