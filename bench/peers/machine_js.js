'use strict';
// Copy bandwidth seen from Node on 16e6 floats into a reused (already touched) buffer: torchlet dst.copy_(src),
// torchlet clone() (its allocator), and Float32Array.prototype.set. GB/s counts bytes read + written (STREAM copy).
const path = require('node:path');
const { time } = require('./timing');
async function main() {
  let torch;
  try { torch = require('torchlet'); } catch { torch = require(path.resolve(__dirname, '..', '..')); }
  const n = 16e6, bytes = 8 * n;
  const src = torch.randn([n]), dst = torch.zeros([n]);
  const a = new Float32Array(n).fill(1), b = new Float32Array(n).fill(2);
  const out = {};
  const gbs = (t) => ({ ...t, gbs: bytes / (t.median_ms * 1e6) });
  out.torchlet_copy_ = gbs(await time(() => dst.copy_(src)));
  out.torchlet_clone = gbs(await time(() => src.clone()));
  out.js_typedarray_set = gbs(await time(() => b.set(a)));
  out.backend = torch.backend();
  process.stdout.write(JSON.stringify(out) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
