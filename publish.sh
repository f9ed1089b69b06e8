#!/usr/bin/env bash
# publish.sh [RID...] - the one way native artifacts are made.
#
# For each RID (default: this machine's), publishes with NativeAOT into artifacts/<rid>/:
#   times_table[.exe]                      examples/TimesTable, self-contained native executable
#   binary_trees[.exe]                     examples/BinaryTrees, the benchmark game's binary-trees
#   aot_service                            examples/AotService (Linux RIDs), via scripts/publish-service.sh
#   libbumper.so | .dylib | .dll           src/Bumper.Aot, NativeLib=Shared
#   libbumper.a  | .lib                    src/Bumper.Aot, NativeLib=Static (self-contained on Linux)
#   bumper.h, bumper.pc, bumper-static.pc  the C header and pkg-config files
#   symbols/                               the native debug symbols (kept apart so valgrind can run the binaries)
# Both projects are built in the BUMPER_AOT flavour (-p:BumperAot=true; outputs in bin/aot, obj/aot).
# linux-arm64 is cross-compiled on linux-x64 with clang + lld against Debian's arm64 cross libc.
# ILCompiler's version is never pinned: the SDK picks the 10.0.x matching its runtime.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

die() { echo "publish.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK (https://dot.net)"
host_rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
[ -n "$host_rid" ] || die "cannot tell this machine's RID from 'dotnet --info'"
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("$host_rid")
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)

# Prerequisites, checked up front so a missing tool is named before minutes of compiling.
missing=()
need() { command -v "$1" >/dev/null || missing+=("$1 ($2)"); }
for rid in "${rids[@]}"; do
  case "$rid" in
    linux-*)
      [[ "$host_rid" == linux-* ]] || die "$rid can only be built on Linux (this is $host_rid)"
      need clang "Debian: clang"
      need ld.lld "Debian: lld"
      need llvm-ar "Debian: llvm"
      if [ "$rid" != "$host_rid" ]; then
        [ "$rid" = linux-arm64 ] && [ "$host_rid" = linux-x64 ] || die "cannot cross-compile $rid on $host_rid"
        need aarch64-linux-gnu-objcopy "Debian: binutils-aarch64-linux-gnu"
        need aarch64-linux-gnu-gcc "Debian: gcc-aarch64-linux-gnu"
        [ -e /usr/aarch64-linux-gnu/lib/crt1.o ] || missing+=("/usr/aarch64-linux-gnu/lib/crt1.o (Debian: libc6-dev-arm64-cross)")
      fi
      ;;
    osx-*) [[ "$host_rid" == osx-* ]] || die "$rid can only be built on macOS (this is $host_rid)"; need clang "Xcode command line tools" ;;
    win-*) [[ "$host_rid" == win-* ]] || die "$rid can only be built on Windows (this is $host_rid)" ;;
    *) die "unknown RID '$rid' (try linux-x64, linux-arm64, osx-arm64, osx-x64, win-x64)" ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'publish.sh: missing prerequisites:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
  [[ "$host_rid" == linux-* ]] && echo "On Debian/Ubuntu, install them all with: sudo scripts/prereqs.sh" >&2
  exit 1
fi

publish() { # project rid outdir [msbuild args...]
  local project=$1 rid=$2 out=$3
  shift 3
  echo "publish.sh: $project for $rid $*"
  dotnet publish "$project" -c Release -r "$rid" -p:BumperAot=true -o "$out" -nologo -v:q "$@" ${cross[@]+"${cross[@]}"}
}

for rid in "${rids[@]}"; do
  cross=()
  if [ "$rid" = linux-arm64 ] && [ "$host_rid" = linux-x64 ]; then
    cross=(-p:SysRoot=/ -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
  fi
  out=$root/artifacts/$rid
  staging=$root/artifacts/.staging/$rid
  rm -rf "$out" "$staging"
  mkdir -p "$out/symbols" "$staging"

  publish examples/TimesTable "$rid" "$staging/exe"
  publish examples/BinaryTrees "$rid" "$staging/exe"
  publish src/Bumper.Aot "$rid" "$staging/shared" -p:NativeLib=Shared
  publish src/Bumper.Aot "$rid" "$staging/static" -p:NativeLib=Static

  for f in "$staging"/exe/times_table "$staging"/exe/times_table.exe "$staging"/exe/binary_trees "$staging"/exe/binary_trees.exe \
           "$staging"/shared/libbumper.so "$staging"/shared/libbumper.dylib "$staging"/shared/libbumper.dll \
           "$staging"/static/libbumper.a "$staging"/static/libbumper.lib; do
    [ -e "$f" ] && cp "$f" "$out/"
  done
  for f in "$staging"/exe/times_table.dbg "$staging"/exe/binary_trees.dbg "$staging"/shared/libbumper.so.dbg "$staging"/static/libbumper.a.dbg \
           "$staging"/exe/times_table.pdb "$staging"/exe/binary_trees.pdb "$staging"/shared/libbumper.pdb; do
    [ -e "$f" ] && cp "$f" "$out/symbols/"
  done
  for d in "$staging"/exe/times_table.dSYM "$staging"/exe/binary_trees.dSYM "$staging"/shared/libbumper.dylib.dSYM; do
    [ -d "$d" ] && cp -R "$d" "$out/symbols/"
  done
  cp src/Bumper.Aot/include/bumper.h "$out/"

  # pkg-config files that work where they lie: ${pcfiledir} is the folder of the .pc file.
  cat > "$out/bumper.pc" <<PC
prefix=\${pcfiledir}
includedir=\${prefix}
libdir=\${prefix}

Name: bumper
Description: Bumper for .NET bump (arena) allocator, C API (shared library, NativeAOT)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lbumper
PC
  if [[ "$rid" == linux-* ]]; then
    cat > "$out/bumper-static.pc" <<PC
prefix=\${pcfiledir}
includedir=\${prefix}
libdir=\${prefix}

Name: bumper-static
Description: Bumper for .NET bump (arena) allocator, C API (static library with the NativeAOT runtime)
Version: $version
Cflags: -I\${includedir}
Libs: \${libdir}/libbumper.a -pthread -ldl -lrt -lm
PC
  fi
  rm -rf "$staging"
  echo "publish.sh: artifacts/$rid:"
  ls -l "$out" | tail -n +2
done
rm -rf "$root/artifacts/.staging"

# The example service (examples/AotService, ASP.NET Core NativeAOT), Linux only: aot_service beside the rest.
service_rids=()
for rid in "${rids[@]}"; do
  [[ "$rid" == linux-* ]] && service_rids+=("$rid")
done
[ ${#service_rids[@]} -eq 0 ] || "$root/scripts/publish-service.sh" "${service_rids[@]}"
