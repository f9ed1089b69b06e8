#!/usr/bin/env bash
# Installs, idempotently, every Debian package the native build and its tests need:
#   clang, lld, llvm                 NativeAOT's linker driver; lld links linux-arm64; llvm-ar and
#                                    ld.lld -r bundle the self-contained static libbumper.a
#   gcc, libc6-dev, make, pkg-config the C example and the C test program
#   gcc-aarch64-linux-gnu,
#   libc6-dev-arm64-cross            the linux-arm64 sysroot and objcopy for cross-compiling
#   qemu-user-static                 runs the linux-arm64 binaries on this x64 machine
#   valgrind                         the leak and error checks of times_table and the C test
#   time                             /usr/bin/time: wall time and peak RSS in bench/binary-trees.sh
#   wrk, curl                        the service load run (bench/service/run.sh) and its checks
#   libfuzzer-14-dev,
#   libclang-rt-14-dev               libFuzzer and AddressSanitizer for clang (scripts/fuzz.sh)
#   cmake                            the C example's CMake build
#   libapr1-dev                      APR pools, a peer of binary-trees in C (bench/peers/c)
#   hyperfine                        optional: the start-up measurement in docs/native.md
# Runs as root with no prompt; apt-get update runs once, and only when something is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

wanted=(clang lld llvm gcc libc6-dev make pkg-config valgrind time wrk curl libfuzzer-14-dev libclang-rt-14-dev cmake libapr1-dev)
case "$(uname -m)" in
  x86_64) wanted+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-user-static) ;;
esac
optional=(hyperfine)

# Other installers may hold apt's locks for a while: wait for them instead of failing.
apt_get() { for try in 1 2 3 4 5; do $sudo apt-get -o DPkg::Lock::Timeout=120 "$@" && return 0; echo "prereqs: apt-get busy or failed, retry $try" >&2; sleep 10; done; return 1; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

missing=()
for p in "${wanted[@]}" "${optional[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prereqs: everything is installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "prereqs: run as root (or install sudo): apt-get install -y ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "prereqs: installing ${missing[*]}"
apt_get update -qq
required=()
for p in "${missing[@]}"; do
  [[ " ${optional[*]} " == *" $p "* ]] || required+=("$p")
done
if [ ${#required[@]} -gt 0 ]; then
  apt_get install -y -qq --no-install-recommends "${required[@]}"
fi
for p in "${optional[@]}"; do
  if ! installed "$p"; then
    apt_get install -y -qq --no-install-recommends "$p" || echo "prereqs: optional $p not installed" >&2
  fi
done
echo "prereqs: done"
