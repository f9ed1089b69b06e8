#!/usr/bin/env bash
# scripts/publish-service.sh [RID...] - publishes examples/AotService with NativeAOT into
# artifacts/<rid>/aot_service (symbols in artifacts/<rid>/symbols/), for each RID (default: this machine's).
# Built like publish.sh builds times_table: the BUMPER_AOT flavour (-p:BumperAot=true, outputs in
# bin/aot and obj/aot); linux-arm64 cross-compiled on linux-x64 with clang + lld against Debian's arm64
# cross libc (scripts/prereqs.sh installs it all). ILCompiler's version is never pinned: the SDK picks it.
# Works offline once the ASP.NET Core runtime packs are in the NuGet cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() { echo "publish-service.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
host_rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
[ -n "$host_rid" ] || die "cannot tell this machine's RID from 'dotnet --info'"
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("$host_rid")

for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64|linux-arm64) [[ "$host_rid" == linux-* ]] || die "$rid can only be built on Linux (this is $host_rid)" ;;
    *) die "unsupported RID '$rid' (linux-x64 or linux-arm64)" ;;
  esac
  command -v clang >/dev/null || die "clang is missing: run scripts/prereqs.sh"
  cross=()
  if [ "$rid" != "$host_rid" ]; then
    [ "$rid" = linux-arm64 ] && [ "$host_rid" = linux-x64 ] || die "cannot cross-compile $rid on $host_rid"
    command -v aarch64-linux-gnu-objcopy >/dev/null && [ -e /usr/aarch64-linux-gnu/lib/crt1.o ] \
      || die "the arm64 cross toolchain is missing: run scripts/prereqs.sh"
    cross=(-p:SysRoot=/ -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
  fi

  out=$root/artifacts/$rid
  staging=$root/artifacts/.staging-service/$rid
  rm -rf "$staging"
  mkdir -p "$out/symbols" "$staging"
  echo "publish-service.sh: examples/AotService for $rid"
  dotnet publish examples/AotService -c Release -r "$rid" -p:BumperAot=true -o "$staging" -nologo -v:q ${cross[@]+"${cross[@]}"}
  cp "$staging/aot_service" "$out/aot_service"
  [ -e "$staging/aot_service.dbg" ] && cp "$staging/aot_service.dbg" "$out/symbols/"
  rm -rf "$staging"
  ls -l "$out/aot_service"
done
rm -rf "$root/artifacts/.staging-service"
