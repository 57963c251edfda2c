#!/usr/bin/env bash
# Memory and thread checks of the native addon. Each mode builds the addon its own way in a throwaway copy
# of the working tree (build/ here is left alone: other test runs load it) and runs there:
#   test-sanitized.sh asan      ASan + UBSan build: the vitest suite on native (and parity), the C++ matmul
#                               checks, then LeakSanitizer over smoke.js, thread_stress.js and train_small.js
#   test-sanitized.sh tsan      TSan build: smoke.js, thread_stress.js and train_small.js
#   test-sanitized.sh valgrind  release build with debug info: memcheck of train_small.js (node --jitless)
# It fails on a failing test or script, on any ASan/UBSan error or memcheck error, and on leak and race
# reports whose stacks reach the addon (Node's own are counted and ignored).
# Options: --patch FILE applies a patch to the copy before building (to check that a planted bug is caught);
# KEEP=1 keeps the copy and its logs.
set -euo pipefail

usage() { echo "usage: $0 asan|tsan|valgrind [--patch FILE]" >&2; exit 2; }
mode=${1:-}
case $mode in asan | tsan | valgrind) shift ;; *) usage ;; esac
patch_file=
while [ $# -gt 0 ]; do
  case $1 in
    --patch) [ $# -ge 2 ] || usage; patch_file=$(realpath "$2"); shift 2 ;;
    *) usage ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/torchlet-$mode.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
logs=$work/logs
mkdir -p "$logs"

tar -C "$root" --exclude=./.git --exclude=node_modules --exclude=./build --exclude=./dist --exclude=./prebuilds \
  --exclude=./native/test/build -cf - . | tar -C "$work" -xf -
ln -s "$root/node_modules" "$work/node_modules"
cd "$work"
if [ -n "$patch_file" ]; then
  patch -p1 --quiet < "$patch_file"
  echo "applied $patch_file to the copy"
fi
# dist/ (package.test.ts and the scripts load it) before the addon exists: esm-wrapper.js loads the package,
# and a sanitized addon would abort a process that has not preloaded its runtime.
TORCHLET_BACKEND=js npm run build:ts --silent

build() {
  echo "building the addon ($*)"
  node node_modules/cmake-js/bin/cmake-js compile "$@" > "$logs/build.txt" 2>&1 || { cat "$logs/build.txt"; exit 1; }
}

# count_ours FILE...: splits sanitizer logs into reports (a leak record, a TSan warning, a memcheck error)
# and prints those whose stacks reach the addon (torchlet.node, or our sources); the rest come from Node and
# V8, which are not instrumented, and are only counted (SHOW=all prints them too). Last line: "<ours> <others>".
count_ours() {
  awk -v src="$work/native/" -v all="${SHOW:-}" '
    function flush() {
      if (rec != "") { if (mine) ours++; else others++; if (mine || all == "all") printf "%s\n\n", rec > "/dev/stderr" }
      rec = ""; mine = 0
    }
    /(Direct|Indirect) leak of|WARNING: ThreadSanitizer/ ||
    /^==[0-9]+== (Invalid |Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Argument .* fishy|[0-9,]+ (\(.*\) )?bytes in [0-9,]+ blocks are)/ {
      flush(); rec = $0; racing = 1; mine = (index($0, "torchlet.node") || index($0, src)); next
    }
    /^SUMMARY:|^==[0-9]+== *$/ { flush(); next }
    # In a TSan report only the racing accesses count: V8 may allocate the raced memory, or start the thread,
    # while it runs a GC inside one of our calls, and those stacks then pass through the addon.
    /^  (Location is|Thread T[0-9]+ |Mutex M[0-9]+ )/ { racing = 0 }
    /^  (Previous )?([Aa]tomic )?([Ww]rite|[Rr]ead) of size/ { racing = 1 }
    rec != "" { rec = rec "\n" $0; if (racing && (index($0, "torchlet.node") || index($0, src))) mine = 1 }
    END { flush(); print ours + 0, others + 0 }' "$@"
}

# run_script NAME EXPECT CMD...: runs a check script (under a time limit: a deadlock fails too) and requires
# its success line, whatever the exit status (a leak report in Node itself makes the status non-zero).
run_script() {
  local name=$1 expect=$2
  shift 2
  local out status=0
  out=$(timeout 900 "$@" 2>&1) || status=$?
  echo "$out" | tail -n 20 | sed "s/^/  $name: /"
  case $out in *"$expect"*) ;; *) echo "FAIL $name did not finish (status $status)"; failed=1 ;; esac
}

failed=0
case $mode in
asan)
  build --CDTORCHLET_SANITIZE=address
  # Whole suite, leaks off: Node and V8 free neither their heap pages nor some startup objects at exit, and
  # LeakSanitizer cannot see pointers held in the V8 heap, so every process (tsc spawned by a test too)
  # would report leaks of Node's own and exit non-zero. Leaks are checked below, scoped to our stacks.
  # A 16 MB quarantine (default 256) for freed memory: freed blocks held back by ASan count in RSS, and
  # memory.test.ts bounds RSS growth (64 MB); recent frees are still caught.
  # ASan reports go to log files (a test's child process may swallow its stderr). UBSan ignores log_path
  # here, but its checks abort (-fno-sanitize-recover): the process dies and its report is on stderr.
  asan_env=(env "LD_PRELOAD=$(g++ -print-file-name=libasan.so)" "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
  set +e
  # TORCHLET_BACKEND=native: the native half and the parity suites only (the JS half gains nothing under ASan).
  "${asan_env[@]}" "ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=16:detect_stack_use_after_return=1:log_path=$logs/asan" \
    TORCHLET_BACKEND=native npx vitest run 2>&1 | tee "$logs/vitest.txt"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" = 0 ] || { echo "FAIL vitest under ASan exited with $status"; failed=1; }
  # Products from a fresh thread in the C++ kernel tests, under ASan + UBSan: they reach the thread-local gemm
  # scratch buffers before these have grown, where no guard page of the tests' own arrays catches an overrun.
  SANITIZE=address ASAN_OPTIONS=detect_leaks=0 sh native/test/run.sh --matmul --fresh-thread 2>&1 | tail -n 3 | tee "$logs/matmul.txt"
  grep -q "matmul: all passed" "$logs/matmul.txt" || { echo "FAIL kernel_test --matmul under ASan"; failed=1; }
  # Leaks: only reports with a frame in the addon count (see count_ours).
  export TORCHLET_QUIET=1
  for s in "smoke.js|smoke: " "thread_stress.js|thread_stress: " "train_small.js|train_small: "; do
    run_script "${s%%|*}" "${s#*|}" "${asan_env[@]}" "ASAN_OPTIONS=detect_leaks=1:log_path=$logs/leak" \
      node "native/test/${s%%|*}"
  done
  if compgen -G "$logs/asan.*" > /dev/null; then
    echo "FAIL AddressSanitizer reports:"
    cat "$logs"/asan.*
    failed=1
  fi
  if grep -q "ERROR: AddressSanitizer" "$logs"/leak.* 2> /dev/null || grep -q ": runtime error: " "$logs/vitest.txt"; then
    echo "FAIL AddressSanitizer/UBSan errors (above, or in $logs/leak.*)"
    failed=1
  fi
  if compgen -G "$logs/leak.*" > /dev/null; then
    read -r ours others < <(count_ours "$logs"/leak.* | tail -n 1)
    echo "LeakSanitizer: $ours leak records from the addon, $others from Node/V8 internals (ignored)"
    [ "$ours" = 0 ] || failed=1
  else
    echo "LeakSanitizer: no leaks"
  fi
  ;;
tsan)
  build --CDTORCHLET_SANITIZE=thread
  # Node and V8 are not instrumented: TSan sees their locks but not their atomics, so it reports races inside
  # V8's platform threads. Those reports are counted, not failed on; a report whose racing accesses pass through the
  # addon fails. V8 can run a GC inside one of our calls, so a race of its own may show our frames further down:
  # scripts/tsan-suppressions.txt names those V8 functions.
  # setarch -R (no address randomization): GCC 12's TSan aborts on kernels that randomize mappings with more
  # bits than its memory layout expects.
  tsan_env=(setarch "$(uname -m)" -R env "LD_PRELOAD=$(g++ -print-file-name=libtsan.so)"
    "TSAN_OPTIONS=history_size=4:log_path=$logs/tsan:suppressions=$root/scripts/tsan-suppressions.txt" TORCHLET_QUIET=1)
  run_script smoke.js "smoke: " "${tsan_env[@]}" node native/test/smoke.js
  run_script thread_stress.js "thread_stress: " "${tsan_env[@]}" node native/test/thread_stress.js 4 6
  run_script train_small.js "train_small: " "${tsan_env[@]}" node native/test/train_small.js
  if compgen -G "$logs/tsan.*" > /dev/null; then
    read -r ours others < <(count_ours "$logs"/tsan.* | tail -n 1)
  else
    ours=0 others=0
  fi
  echo "ThreadSanitizer: $ours reports involving the addon, $others inside Node/V8 only (ignored)"
  [ "$ours" = 0 ] || failed=1
  ;;
valgrind)
  build "--CDCMAKE_CXX_FLAGS_RELEASE=-O3 -DNDEBUG -g"  # the release build plus debug info (file:line in reports)
  # Node's known false positives: a thread still running at exit keeps its TLS block (Node's own threads and
  # the pool's detached workers), and V8's GC scans the stack conservatively, reading uninitialised slots.
  # The addon is loaded with dlopen, so its thread_locals live in dynamic TLS (__tls_get_addr): a pool worker
  # still running at exit holds its matmul scratch (ops.cpp's Scratch) only through that block (seen once in CI).
  # Frame names are written to match mangled and demangled names alike (no '::').
  cat > "$logs/node.supp" << 'EOF'
{
   live-thread-tls
   Memcheck:Leak
   match-leak-kinds: possible
   ...
   fun:_dl_allocate_tls
   ...
}
{
   live-thread-dynamic-tls
   Memcheck:Leak
   match-leak-kinds: possible
   ...
   fun:__tls_get_addr
   ...
}
{
   live-pool-worker-scratch
   Memcheck:Leak
   match-leak-kinds: possible
   fun:memalign
   ...
   fun:*parallel_for*
   ...
   fun:*Pool*worker_loop*
}
{
   v8-conservative-stack-scan-cond
   Memcheck:Cond
   ...
   fun:*IteratePointersInStack*
}
{
   v8-conservative-stack-scan-value
   Memcheck:Value8
   ...
   fun:*IteratePointersInStack*
}
EOF
  # --jitless: no JIT code to re-check (--smc-check=all still covers V8's generated builtins)
  run_script train_small.js "train_small: " valgrind --tool=memcheck --smc-check=all --leak-check=full \
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --suppressions="$logs/node.supp" --num-callers=40 --log-file="$logs/memcheck.txt" \
    node --jitless native/test/train_small.js 3
  grep -E "definitely lost:|indirectly lost:|possibly lost:|ERROR SUMMARY" "$logs/memcheck.txt" | sed 's/^==[0-9]*==/ /'
  read -r ours others < <(SHOW=all count_ours "$logs/memcheck.txt" | tail -n 1)
  echo "memcheck: $ours errors/leaks involving the addon, $others elsewhere"
  [ "$ours" = 0 ] && [ "$others" = 0 ] || failed=1
  ;;
esac

if [ $failed != 0 ]; then
  echo "test-sanitized $mode: FAILED"
  exit 1
fi
echo "test-sanitized $mode: clean"
