'use strict';
// Run with node --expose-gc: large blocks from the native pool come back when their ArrayBuffers are collected
// (their finalizers run during GC), are handed out again, and are zeroed when asked.
const assert = require('node:assert');
const path = require('node:path');
const b = require('node-gyp-build')(path.resolve(__dirname, '..', '..'));

const BYTES = 8 << 20;

/** Allocates a block, checks it is zero, dirties it, and drops it. */
function useAndDrop() {
  const a = new Float32Array(b.alloc(BYTES, true));
  assert.ok(a.every((v) => v === 0), 'a block asked with zero=true is zero');
  a.fill(7);
}

async function collect() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((r) => setImmediate(r));
  }
}

(async () => {
  useAndDrop();
  await collect();
  const cachedBefore = b.pool_stats();
  assert.ok(cachedBefore.cached >= BYTES, `the block returned to the cache: ${JSON.stringify(cachedBefore)}`);
  useAndDrop(); // a hit: the dirty block comes back and must be zeroed
  const after = b.pool_stats();
  assert.strictEqual(after.hits, cachedBefore.hits + 1, 'the second allocation of the size class is a hit');
  const dirty = new Float32Array(b.alloc(BYTES, false)); // zero=false may hand out old data: any values
  assert.strictEqual(dirty.length, BYTES / 4);
  console.log(JSON.stringify({ cachedBefore, after }));
})().catch((e) => { console.error(e); process.exit(1); });
