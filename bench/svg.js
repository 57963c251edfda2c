'use strict';
// Hand-written SVG bar chart (no plotting deps): one row group per workload, one bar per peer, bar length =
// speed relative to torchlet-native (native median / peer median) on a log2 axis; skipped/failed cells are marked.
const COLORS = ['#d62728', '#ff9896', '#9467bd', '#1f77b4', '#17becf', '#2ca02c', '#bcbd22', '#8c564b', '#7f7f7f'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svgChart(result) {
  const peers = result.peers.map((p) => p.label);
  const workloads = [...new Set(result.rows.map((r) => r.workload))];
  const barH = 7, gap = 8, left = 250, plotW = 560, top = 70;
  const groupH = peers.length * barH + gap;
  const height = top + workloads.length * groupH + 40;
  const width = left + plotW + 130;
  const lo = -7, hi = 5; // log2 range: 1/128x .. 32x
  const x = (v) => left + ((Math.max(lo, Math.min(hi, Math.log2(v))) - lo) / (hi - lo)) * plotW;
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">`);
  o.push(`<rect width="100%" height="100%" fill="white"/>`);
  const m = result.machine;
  o.push(`<text x="10" y="18" font-size="13" font-weight="bold">torchlet benchmark: speed relative to torchlet-native (log scale, right = faster than torchlet-native)</text>`);
  o.push(`<text x="10" y="34">${esc(`${m.cpu}, ${m.cpus} vCPUs, Node ${m.node}, ${result.date.slice(0, 10)}, ${result.mode} run; STREAM copy ${m.copy_gbs_2t} GB/s, FMA ${m.fma_gflops_1t} GFLOP/s/core`)}</text>`);
  peers.forEach((p, i) => {
    o.push(`<rect x="${10 + i * 105}" y="44" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${24 + i * 105}" y="53">${esc(p)}</text>`);
  });
  for (let e = lo; e <= hi; e++) {
    const xx = x(2 ** e);
    o.push(`<line x1="${xx}" y1="${top - 6}" x2="${xx}" y2="${height - 30}" stroke="${e === 0 ? '#000' : '#ddd'}"/>`);
    o.push(`<text x="${xx}" y="${height - 18}" text-anchor="middle">${e >= 0 ? 2 ** e + 'x' : '1/' + 2 ** -e}</text>`);
  }
  workloads.forEach((w, wi) => {
    const y0 = top + wi * groupH;
    o.push(`<text x="${left - 6}" y="${y0 + (peers.length * barH) / 2 + 3}" text-anchor="end">${esc(w)}</text>`);
    peers.forEach((p, pi) => {
      const r = result.rows.find((r) => r.workload === w && r.peer === p);
      const y = y0 + pi * barH;
      if (!r || r.median_ms === undefined || !r.ratio) {
        o.push(`<text x="${x(1) + 3}" y="${y + barH - 1}" font-size="7" fill="#999">${r?.skipped ? 'skipped' : 'n/a'}</text>`);
        return;
      }
      const v = 1 / r.ratio, x0 = x(1), x1 = x(v);
      o.push(`<rect x="${Math.min(x0, x1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${barH - 1}" fill="${COLORS[pi % COLORS.length]}"><title>${esc(`${p}: ${r.median_ms.toPrecision(3)} ms, ${v.toPrecision(3)}x torchlet-native`)}</title></rect>`);
    });
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}
module.exports = { svgChart };
