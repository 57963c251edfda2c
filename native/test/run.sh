#!/bin/sh
# Builds and runs the kernel tests (kernel_test.cpp).
#   run.sh [args]          natively: scalar, avx2 and avx512 (where the CPU has them) on x86-64, every float32 bit pattern (a few minutes)
#   run.sh --arm64 [args]  cross-compiled statically for aarch64, run under qemu: the NEON table's kernels
#                          against scalar, and the ULP check of both. The emulator is ~50x slower, so the ULP
#                          check samples every 257th bit pattern (override with --stride N; --only scalar checks
#                          the scalar table's kernels instead), and NEON's results over all 2^32 inputs are compared, by digest,
#                          with the natively checked AVX2 ones.
#                          That digest takes ~25 minutes under qemu on 2 cores; DIGEST=0 skips it.
#   run.sh --gemm [args]   builds gemm_bench.cpp instead and runs it: matmul GFLOP/s against the measured FMA peak
#                          (args: --threads 1,2  --reps N  --shape MxKxN[t][T] ...)
#   run.sh --unary [args]  builds unary_bench.cpp instead and runs it: elementwise ticks/element and GB/s per
#                          table (args: --ops relu,exp,sigmoid,tanh  --threads 1,2  --reps N)
# Other args go to the program: --stride N, --ulp (only the exp/sigmoid/tanh ULP check), --bench (matmul GFLOP/s,
# thread pool overhead).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
native="$here/.."
out="$here/build"
mkdir -p "$out"
flags="-std=c++17 -O3 -Wall -Wextra -ffp-contract=off -pthread"
# SANITIZE=address: built with ASan + UBSan at -O1 (scripts/test-sanitized.sh runs `--matmul --fresh-thread` so;
# at -O1 GCC 12 warns about its own intrinsics headers, hence -Wno-uninitialized)
sanitize=""
[ "${SANITIZE:-}" = address ] && sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -g -O1 -Wno-uninitialized"
flags="$flags $sanitize"
main="$here/kernel_test.cpp"
case "${1:-}" in
  --gemm) main="$here/gemm_bench.cpp" ;;
  --unary) main="$here/unary_bench.cpp" ;;
esac
sources="$main $native/kernels_scalar.cpp $native/dispatch.cpp $native/ops.cpp $native/threads.cpp"

# build <compiler> <prefix> <extra sources> <link flags>: compiles each source into $out and links the test.
build() {
  cxx=$1 prefix=$2 extra=$3 link=$4
  objs=""
  for src in $sources $extra; do
    obj="$out/$prefix$(basename "$src" .cpp).o"
    isa_flags=""
    case $src in *_avx2.cpp) isa_flags="-mavx2 -mfma" ;; *_avx512.cpp) isa_flags="-mavx512f -mavx512dq -mfma" ;; esac
    $cxx $flags $isa_flags -c "$src" -o "$obj"
    objs="$objs $obj"
  done
  $cxx -pthread $sanitize $link $objs -o "$out/${prefix}$(basename "$main" .cpp)"
}

if [ "${1:-}" = "--gemm" ] || [ "${1:-}" = "--unary" ]; then
  shift
  build "${CXX:-g++}" "" "$native/kernels_avx2.cpp $native/kernels_avx512.cpp" ""
  exec "$out/$(basename "$main" .cpp)" "$@"
fi

if [ "${1:-}" != "--arm64" ]; then
  build "${CXX:-g++}" "" "$native/kernels_avx2.cpp $native/kernels_avx512.cpp" ""
  exec "$out/kernel_test" "$@"
fi

shift
build aarch64-linux-gnu-g++ arm64- "$native/kernels_neon.cpp" -static
case " $* " in *" --stride "* | *" --bench "*) ;; *) set -- --stride 257 "$@" ;; esac
# The scalar table's kernels come from the source checked natively; the emulator checks NEON's (the scalar
# table's matmul checks took 2 of this run's 3 minutes).
case " $* " in *" --only "* | *" --bench "*) ;; *) set -- --only neon "$@" ;; esac
qemu-aarch64-static "$out/arm64-kernel_test" "$@"
case " $* " in *" --bench "*) exit 0 ;; esac
[ "${DIGEST:-1}" = 0 ] && exit 0

build "${CXX:-g++}" "" "$native/kernels_avx2.cpp $native/kernels_avx512.cpp" ""
reference=$("$out/kernel_test" --digest)
case $reference in
  *"dispatch picks avx2"*) isa=avx2 ;;
  *"dispatch picks avx512"*) isa=avx512 ;;
  *) echo "(no AVX2 here: NEON digest comparison skipped)"; exit 0 ;;
esac
neon=$(qemu-aarch64-static "$out/arm64-kernel_test" --digest)
if [ "$(echo "$reference" | grep '^digest')" = "$(echo "$neon" | grep '^digest')" ]; then
  echo "neon: exp/sigmoid/tanh bit-identical to $isa on all 2^32 inputs (same max ULP as reported natively)"
else
  printf 'FAIL neon results differ from %s:\n%s\n%s\n' "$isa" "$reference" "$neon"
  exit 1
fi
