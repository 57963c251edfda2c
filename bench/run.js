#!/usr/bin/env node
'use strict';
// torchlet benchmark: node bench/run.js [--full]
// 1. measures the machine: STREAM-style copy bandwidth and fp32 FMA peak (probe/machine.c, built with gcc if
//    present, else TOOLCHAIN.md's figures), and copy bandwidth as Node sees it (peers/machine_js.js);
// 2. runs every workload (workloads.js) on each peer in its own process: torchlet native, torchlet JS,
//    tfjs cpu, tfjs wasm, onnxruntime-node, PyTorch (/usr/bin/python3) at 1 and 2 threads;
// 3. prints a table per workload (median, spread, GB/s or GFLOP/s, % of the machine limit, peer/torchlet-native
//    time ratio) and checks issue 5's targets; saves results/<cpu>-<n>cpu.json and .svg from this one run.
// A peer that fails to install or load is reported with its error, never dropped.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { workloads } = require('./workloads');
const { svgChart } = require('./svg');

const full = process.argv.includes('--full');
const here = __dirname;
const PY = '/usr/bin/python3';

function log(s) { process.stderr.write(s + '\n'); }

function runPeer(label, cmd, args, env = {}) {
  const t0 = Date.now();
  log(`  ${label} ...`);
  const r = spawnSync(cmd, args, { cwd: here, env: { ...process.env, TORCHLET_QUIET: '1', ...env }, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 30 * 60e3 });
  const line = (r.stdout || '').trim().split('\n').pop();
  let out;
  try { out = JSON.parse(line); } catch { out = null; }
  if (r.status !== 0 || !out) {
    const why = (r.error ? String(r.error) : (r.stderr || '').trim().split('\n').slice(-3).join(' | ')) || `exit ${r.status}`;
    log(`    FAILED: ${why}`);
    return { label, error: why };
  }
  log(`    done in ${((Date.now() - t0) / 1e3).toFixed(1)} s`);
  return { label, ...out };
}

function machine() {
  const m = { cpu: os.cpus()[0]?.model?.trim() || 'unknown', cpus: os.cpus().length, hostname: os.hostname(), node: process.version, loadavg_before: os.loadavg() };
  const build = path.join(here, 'probe', 'build');
  try {
    fs.mkdirSync(build, { recursive: true });
    execFileSync('gcc', ['-O2', '-mavx2', '-mfma', '-pthread', path.join(here, 'probe', 'machine.c'), '-o', path.join(build, 'machine')], { stdio: 'pipe' });
    const probe = JSON.parse(execFileSync(path.join(build, 'machine'), { encoding: 'utf8' }));
    Object.assign(m, probe, { source: 'measured by bench/probe/machine.c (reused buffers, 12 FMA chains per thread, as wide as the addon\'s kernels)' });
  } catch (e) {
    // the C probe needs gcc and AVX2+FMA; otherwise the figures measured once on this machine kind
    Object.assign(m, { copy_gbs_1t: 23, copy_gbs_2t: 31.5, fma_gflops_1t: 114, fma_gflops_2t: 227, source: `taken from /work/shared/TOOLCHAIN.md (probe unavailable: ${String(e.message).split('\n')[0]})` });
  }
  // Limits for '% of limit': the higher of this run's measurement and TOOLCHAIN.md's (best of several quiet runs on
  // this machine kind: STREAM copy 33 GB/s on 2 pinned threads, FMA 114 GFLOP/s per core). The VM is shared, so a
  // busy moment would otherwise lower the bar.
  const REF = { stream_gbs: 33, fma_per_core: 114 };
  m.stream_gbs = +Math.max(m.copy_gbs_1t, m.copy_gbs_2t, REF.stream_gbs).toFixed(2);
  m.fma_per_core = +Math.max(m.fma_gflops_1t, m.fma_gflops_2t / 2, REF.fma_per_core).toFixed(1);
  m.limits = `limits used: STREAM ${m.stream_gbs} GB/s, FMA ${m.fma_per_core} GFLOP/s per core (max of this run and TOOLCHAIN.md's ${REF.stream_gbs} GB/s, ${REF.fma_per_core} GFLOP/s)`;
  return m;
}

function fmt(ms) {
  if (ms < 1e-3) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toFixed(1)} us`;
  if (ms < 1e3) return `${ms.toFixed(2)} ms`;
  return `${(ms / 1e3).toFixed(2)} s`;
}

function threadsOf(peer) {
  return typeof peer.threads === 'number' ? peer.threads : peer.label.startsWith('onnxruntime') ? os.cpus().length : 1;
}

function main() {
  const t0 = Date.now();
  log(`torchlet bench (${full ? 'full' : 'quick'}) on ${os.cpus()[0]?.model}, ${os.cpus().length} CPUs`);
  log('machine:');
  const m = machine();
  log(`  copy ${m.copy_gbs_1t} GB/s (1 thread), ${m.copy_gbs_2t} GB/s (2 threads); FMA ${m.fma_gflops_1t} GFLOP/s (1 thread), ${m.fma_gflops_2t} (2 threads) [${m.source}]`);
  const mjs = runPeer('node copy 16e6 floats', process.execPath, [path.join('peers', 'machine_js.js')]);
  m.node_copy = mjs;

  const list = workloads();
  const wjson = JSON.stringify(list);
  const cfg = (o) => JSON.stringify({ full, ...o });
  log('peers:');
  const peers = [];
  const nproc = os.cpus().length;
  peers.push(runPeer('torchlet-native', process.execPath, ['peers/torchlet.js', cfg({ threads: nproc })], { TORCHLET_BACKEND: 'native' }));
  if (full) peers.push(runPeer('torchlet-native-1t', process.execPath, ['peers/torchlet.js', cfg({ threads: 1 })], { TORCHLET_BACKEND: 'native' }));
  peers.push(runPeer('torchlet-js', process.execPath, ['peers/torchlet.js', cfg({})], { TORCHLET_BACKEND: 'js' }));
  peers.push(runPeer('tfjs-cpu', process.execPath, ['peers/tfjs.js', cfg({ backend: 'cpu' })]));
  peers.push(runPeer('tfjs-wasm', process.execPath, ['peers/tfjs.js', cfg({ backend: 'wasm' })]));
  peers.push(runPeer('onnxruntime-node', process.execPath, ['peers/ort.js', cfg({})]));
  const torchOk = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' });
  if (torchOk.status === 0) {
    peers.push(runPeer('pytorch-1t', PY, ['peers/pytorch.py', cfg({ threads: 1 }), wjson]));
    peers.push(runPeer(`pytorch-${nproc}t`, PY, ['peers/pytorch.py', cfg({ threads: nproc }), wjson]));
  } else {
    peers.push({ label: 'pytorch', error: `${PY} -c 'import torch' failed: ${(torchOk.stderr || String(torchOk.error)).trim().split('\n').pop()}` });
  }
  m.loadavg_after = os.loadavg();

  // rows
  const base = peers[0];
  const rows = [];
  for (const w of list) {
    const nativeMs = base.results?.[w.id]?.median_ms;
    for (const p of peers) {
      const r = p.error ? { error: `peer failed: ${p.error}` } : p.results[w.id] || { error: 'no result' };
      const row = { workload: w.id, group: w.group, peer: p.label, ...r };
      if (r.median_ms !== undefined) {
        const th = threadsOf(p);
        row.threads = th;
        if (w.bytes) { row.gbs = w.bytes / (r.median_ms * 1e6); row.pct_limit = (100 * row.gbs) / m.stream_gbs; row.limit = `STREAM copy ${m.stream_gbs} GB/s`; }
        if (w.flops) { row.gflops = w.flops / (r.median_ms * 1e6); const peak = m.fma_per_core * Math.min(th, nproc); row.pct_limit = (100 * row.gflops) / peak; row.limit = `FMA peak ${peak.toFixed(0)} GFLOP/s (${Math.min(th, nproc)} thr)`; }
        if (w.kind === 'overhead') row.ns_per_call = r.median_ms * 1e6;
        if (nativeMs) row.ratio = r.median_ms / nativeMs;
      }
      rows.push(row);
    }
  }

  // tables
  const out = [];
  out.push(`\nMachine: ${m.cpu}, ${m.cpus} vCPUs, Node ${m.node}. STREAM copy ${m.copy_gbs_1t} GB/s (1 thr) / ${m.copy_gbs_2t} GB/s (2 thr); FMA peak ${m.fma_gflops_1t} GFLOP/s per core (${m.fma_gflops_2t} measured on 2 thr; ${m.fma_isa || 'avx2'} FMAs, the width torchlet's kernels use here). ${m.source}.`);
  out.push(m.limits + '.');
  if (!mjs.error) out.push(`From Node, 16e6 floats: torchlet copy_ into a reused tensor ${mjs.torchlet_copy_.gbs.toFixed(1)} GB/s, clone() ${mjs.torchlet_clone.gbs.toFixed(1)} GB/s, Float32Array.set ${mjs.js_typedarray_set.gbs.toFixed(1)} GB/s.`);
  out.push(`Load average before/after: ${m.loadavg_before.map((x) => x.toFixed(2)).join(' ')} / ${m.loadavg_after.map((x) => x.toFixed(2)).join(' ')} (other processes share this VM).`);
  out.push('Ratio = peer median / torchlet-native median (> 1: torchlet-native is faster). Spread = mad (median absolute deviation).');
  out.push('% limit: of STREAM copy for elementwise/softmax (meaningful once data exceeds the caches: 16e6 elements, softmax; smaller sizes run from L2/L3 and can exceed 100%), of FMA peak x the peer\'s threads for matmul/linear/MLP.');
  for (const p of peers) if (p.error) out.push(`PEER FAILED: ${p.label}: ${p.error}`);
  for (const w of list) {
    out.push(`\n## ${w.id}`);
    out.push(`${'peer'.padEnd(20)} ${'median'.padStart(10)} ${'spread'.padStart(10)} ${(w.flops ? 'GFLOP/s' : w.bytes ? 'GB/s' : 'ns/call').padStart(9)} ${'% limit'.padStart(8)} ${'ratio'.padStart(7)}`);
    for (const r of rows.filter((r) => r.workload === w.id)) {
      if (r.median_ms === undefined) { out.push(`${r.peer.padEnd(20)} ${r.skipped ? 'skipped: ' + r.skipped : 'ERROR: ' + r.error}`); continue; }
      const rate = r.gflops ?? r.gbs ?? r.ns_per_call;
      out.push(`${r.peer.padEnd(20)} ${fmt(r.median_ms).padStart(10)} ${('±' + fmt(r.mad_ms)).padStart(10)} ${rate.toFixed(rate < 10 ? 2 : 1).padStart(9)} ${(r.pct_limit !== undefined ? r.pct_limit.toFixed(0) + '%' : '').padStart(8)} ${(r.ratio !== undefined ? r.ratio.toFixed(2) : '').padStart(7)}`);
    }
  }

  // issue 5 targets
  const get = (peer, id) => rows.find((r) => r.peer === peer && r.workload === id);
  const N = 'torchlet-native';
  const targets = [];
  const tgt = (name, ok, detail) => targets.push({ target: name, met: ok, detail });
  // Judged against the higher limit (see machine()); also shown: against the copy bandwidth measured in this run.
  const runCopy = Math.max(m.copy_gbs_1t || 0, m.copy_gbs_2t || 0);
  for (const op of ['relu', 'relu6', 'leaky_relu', 'sigmoid', 'tanh']) {
    const r = get(N, `${op} n=16000000`);
    const ofRun = runCopy ? ` (${((100 * r?.gbs) / runCopy).toFixed(0)}% of the ${runCopy.toFixed(1)} measured in this run)` : '';
    tgt(`${op} 16e6 >= 90% of STREAM (all threads)`, r?.pct_limit >= 90, r?.gbs ? `${r.gbs.toFixed(1)} GB/s = ${r.pct_limit.toFixed(0)}% of ${m.stream_gbs}${ofRun}` : 'no result');
  }
  const relu16 = get(N, 'relu n=16000000');
  for (const op of ['sigmoid', 'tanh']) {
    const r = get(N, `${op} n=16000000`);
    tgt(`${op} 16e6 within 10% of relu`, r && relu16 && r.median_ms <= 1.1 * relu16.median_ms, r && relu16 ? `${fmt(r.median_ms)} vs relu ${fmt(relu16.median_ms)} (${(100 * (r.median_ms / relu16.median_ms - 1)).toFixed(0)}%)` : 'no result');
  }
  // Judged on the fresh-output rows against the higher limit; also shown: against the FMA peak the probe measured
  // in this run (the VM's speed drifts), and the reused-output (out=) row, which leaves out the output's allocation.
  const runPeak = m.fma_gflops_2t && m.fma_gflops_1t ? (th) => (th >= 2 ? m.fma_gflops_2t : m.fma_gflops_1t) : null;
  for (const [n, pct] of [[1024, 75], [128, 40]]) {
    const r = get(N, `matmul ${n}`);
    const reused = get(N, `matmul ${n} reused output`);
    const ofRun = (x) => (runPeak ? ` (${((100 * x.gflops) / runPeak(x.threads)).toFixed(0)}% of the ${runPeak(x.threads).toFixed(0)} measured in this run)` : '');
    const detail = r?.gflops
      ? `${r.gflops.toFixed(1)} GFLOP/s = ${r.pct_limit.toFixed(0)}% of ${r.limit}${ofRun(r)}` +
        (reused?.gflops ? `; out= ${reused.gflops.toFixed(1)} GFLOP/s = ${reused.pct_limit.toFixed(0)}%${ofRun(reused)}` : '')
      : 'no result';
    tgt(`sgemm ${n} >= ${pct}% of peak x threads`, r?.pct_limit >= pct, detail);
  }
  const oh = get(N, 'per-op overhead: relu n=16');
  tgt('16-element relu <= 1 us/call', oh?.ns_per_call <= 1000, oh?.ns_per_call ? `${oh.ns_per_call.toFixed(0)} ns/call` : 'no result');
  for (const b of [64, 512]) {
    const id = `MLP 784-256-128-10 SGD step batch=${b}`;
    const nat = get(N, id);
    const pts = peers.filter((p) => p.label.startsWith('pytorch') && !p.error).map((p) => get(p.label, id)).filter((r) => r?.median_ms);
    const bestPt = pts.sort((a, b) => a.median_ms - b.median_ms)[0];
    tgt(`MLP step batch ${b} faster than PyTorch`, nat && bestPt ? nat.median_ms < bestPt.median_ms : false, nat && bestPt ? `${fmt(nat.median_ms)} vs best PyTorch (${bestPt.peer}) ${fmt(bestPt.median_ms)}` : 'no result');
    const tc = get('tfjs-cpu', id);
    tgt(`MLP step batch ${b} >= 10x tfjs-cpu`, tc?.ratio >= 10, tc?.ratio ? `tfjs-cpu ${fmt(tc.median_ms)} = ${tc.ratio.toFixed(1)}x` : 'no result');
  }
  for (const [id, x] of [['sigmoid n=1000000', 10], ['tanh n=1000000', 10], ['matmul 512', 20]]) {
    const r = get('torchlet-js', id);
    tgt(`native >= ${x}x JS on ${id}`, r?.ratio >= x, r?.ratio ? `JS ${fmt(r.median_ms)} = ${r.ratio.toFixed(1)}x native` : 'no result');
  }
  out.push('\n## issue 5 targets (torchlet-native)');
  for (const t of targets) out.push(`${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${t.detail}`);
  out.push(`\n(total ${((Date.now() - t0) / 1e3).toFixed(0)} s)`);
  process.stdout.write(out.join('\n') + '\n');

  const slug = `${m.cpu.toLowerCase().replace(/\(r\)|\(tm\)/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${m.cpus}cpu`;
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const result = { date: new Date().toISOString(), mode: full ? 'full' : 'quick', machine: m, peers: peers.map(({ results, ...p }) => p), rows, targets };
  fs.writeFileSync(path.join(dir, `${slug}.json`), JSON.stringify(result, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, `${slug}.svg`), svgChart(result));
  fs.writeFileSync(path.join(dir, `${slug}.txt`), out.join('\n') + '\n');
  log(`saved bench/results/${slug}.json, .svg and .txt`);
}

main();
