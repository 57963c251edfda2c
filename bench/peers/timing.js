'use strict';
// Timing with tinybench: median (p50) of per-call latency and its spread (min, p75 and mad: median absolute
// deviation); at least 3 samples (5 with --full) after warmup, more until the time budget is spent. `calls` > 1 runs the function that many times per sample (per-op overhead).
let BenchCtor;
async function time(fn, { full = false, calls = 1, warmupMs } = {}) {
  if (!BenchCtor) BenchCtor = (await import('tinybench')).Bench;
  const warmupTime = Math.max(full ? 100 : 40, warmupMs ?? 0); // a workload's warmup_ms (workloads.js) lengthens it
  const bench = new BenchCtor({ time: full ? 600 : 200, warmupTime, iterations: full ? 5 : 3, warmupIterations: full ? 2 : 1 });
  bench.add('w', fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed' || !r.latency) throw r.error || new Error(`tinybench: ${r.state}`);
  const L = r.latency;
  return { median_ms: L.p50 / calls, min_ms: L.min / calls, p75_ms: L.p75 / calls, mad_ms: L.mad / calls, samples: L.samplesCount };
}
module.exports = { time };
