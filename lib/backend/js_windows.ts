// The JS backend's im2col / col2im (Backend.im2col: the layout), over a table of row runs built once per geometry.
import type { Storage } from '../dtype';
import type { Windows } from './types';

/**
 * The columns of one image as runs: each run is `count` consecutive column elements (from `dst`) taken from the
 * input elements src, src + sw, src + 2 sw, ... of that image; the column elements no run covers lie over
 * padding. A run is one output row of one (channel, kernel row, kernel column), so there are C*kh*kw*oh at most.
 * Built once per geometry (a training loop repeats its shapes), as a flat [dst, src, count] table.
 */
const runCache = new Map<string, Int32Array>();
function windowRuns(g: Windows): Int32Array {
  const key = [g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.ph, g.pw, g.oh, g.ow].join();
  const cached = runCache.get(key);
  if (cached) return cached;
  const runs: number[] = [];
  let dst = 0;
  for (let c = 0; c < g.C; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++) {
        // the outputs x whose input column x*sw + offset lies in [0, W)
        const offset = j * g.dw - g.pw;
        const x0 = Math.min(g.ow, Math.max(0, Math.ceil(-offset / g.sw)));
        const x1 = Math.min(g.ow, Math.max(x0, Math.ceil((g.W - offset) / g.sw)));
        for (let y = 0; y < g.oh; y++, dst += g.ow) {
          const h = y * g.sh - g.ph + i * g.dh;
          if (h >= 0 && h < g.H && x1 > x0) runs.push(dst + x0, (c * g.H + h) * g.W + x0 * g.sw + offset, x1 - x0);
        }
      }
    }
  }
  const table = Int32Array.from(runs);
  if (runCache.size > 64) runCache.clear(); // shapes of one model are few; this only bounds the memory
  runCache.set(key, table);
  return table;
}

export function im2col(x: Storage, cols: Storage, N: number, g: Windows, padValue: number): void {
  const runs = windowRuns(g);
  const image = g.C * g.H * g.W, columns = g.C * g.kh * g.kw * g.oh * g.ow;
  const sw = g.sw;
  const covered = runs.length / 3 === g.C * g.kh * g.kw * g.oh && runs.every((v, r) => r % 3 !== 2 || v === g.ow);
  if (!covered) cols.fill(padValue);
  for (let n = 0; n < N; n++) {
    const inBase = n * image, outBase = n * columns;
    for (let r = 0; r < runs.length; r += 3) {
      const d = outBase + runs[r], s0 = inBase + runs[r + 1], count = runs[r + 2];
      // runs are short (an output row): a loop beats subarray + set, which allocates a view per run
      if (sw === 1) for (let t = 0; t < count; t++) cols[d + t] = x[s0 + t];
      else for (let t = 0; t < count; t++) cols[d + t] = x[s0 + t * sw];
    }
  }
}

export function col2im(cols: Storage, x: Storage, N: number, g: Windows): void {
  const runs = windowRuns(g);
  const image = g.C * g.H * g.W, columns = g.C * g.kh * g.kw * g.oh * g.ow;
  const sw = g.sw;
  x.fill(0);
  for (let n = 0; n < N; n++) {
    const inBase = n * image, outBase = n * columns;
    for (let r = 0; r < runs.length; r += 3) {
      const d = outBase + runs[r], s0 = inBase + runs[r + 1], count = runs[r + 2];
      for (let t = 0; t < count; t++) x[s0 + t * sw] += cols[d + t];
    }
  }
}
