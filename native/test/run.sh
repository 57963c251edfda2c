#!/bin/sh
# Builds and runs the kernel tests: natively (scalar + avx2 on x86-64), or with --arm64 cross-compiled
# statically for aarch64 and run under qemu (scalar + neon). Extra arguments go to the test program
# (e.g. --stride 7 to sample the bit patterns under the slow emulator, --bench for speed numbers).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
native="$here/.."
out="$here/build"
mkdir -p "$out"
flags="-std=c++17 -O3 -Wall -Wextra -ffp-contract=off -pthread"
sources="$here/kernel_test.cpp $native/kernels_scalar.cpp $native/dispatch.cpp $native/ops.cpp $native/threads.cpp"

if [ "${1:-}" = "--arm64" ]; then
  shift
  cxx=aarch64-linux-gnu-g++
  objs=""
  for src in $sources $native/kernels_neon.cpp; do
    obj="$out/arm64-$(basename "$src" .cpp).o"
    $cxx $flags -c "$src" -o "$obj"
    objs="$objs $obj"
  done
  $cxx -static -pthread $objs -o "$out/kernel_test_arm64"
  exec qemu-aarch64-static "$out/kernel_test_arm64" "$@"
fi

cxx=${CXX:-g++}
objs=""
for src in $sources; do
  obj="$out/$(basename "$src" .cpp).o"
  $cxx $flags -c "$src" -o "$obj"
  objs="$objs $obj"
done
$cxx $flags -mavx2 -mfma -c "$native/kernels_avx2.cpp" -o "$out/kernels_avx2.o"
$cxx -pthread $objs "$out/kernels_avx2.o" -o "$out/kernel_test"
exec "$out/kernel_test" "$@"
