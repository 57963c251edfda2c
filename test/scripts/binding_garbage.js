// The raw addon validates its arguments on its own, whatever the TS layer does. For test/bad_input.test.ts:
//   node test/scripts/binding_garbage.js     (TORCHLET_ADDON=path/to/torchlet.node picks another build)
// Every binding function gets a valid argument list (which must work), then each argument in turn replaced
// by each garbage value below, then too few and too many arguments. A call may return (a NaN kernel parameter
// is a value, not an error) or throw a TypeError/RangeError; anything else is a failure, and a crash kills
// the process (the test sees the signal). Prints one JSON line: counts and the failures.
'use strict';
const path = require('node:path');
const b = process.env.TORCHLET_ADDON
  ? require(path.resolve(process.env.TORCHLET_ADDON))
  : require('node-gyp-build')(path.join(__dirname, '../..'));

const f32 = (n) => new Float32Array(n).fill(0.5);
const detached = () => {
  const x = f32(8);
  structuredClone(x.buffer, { transfer: [x.buffer] });
  return x;
};

// valid calls, small enough to run thousands of times
const valid = {
  set_num_threads: () => [b.get_num_threads()],
  unary: () => [0, f32(6), f32(6), 0, 0],
  binary: () => [0, f32(6), f32(6), f32(6), 0, 0],
  binary_strided: () => [0, f32(6), f32(3), f32(6), [2, 3], [3, 1], [0, 1], 0, 0],
  reduce: () => [0, f32(6), f32(2), 2, 3, 1],
  arg_reduce: () => [true, f32(6), f32(2), new Float64Array(2), 2, 3, 1],
  softmax: () => [f32(6), f32(6), 2, 3, 1, false],
  softmax_backward: () => [f32(6), f32(6), f32(6), 2, 3, 1, false],
  matmul: () => [f32(6), f32(6), f32(4), 1, 2, 3, 2, 0, 0, false, false, false],
  linear: () => [f32(6), f32(6), f32(2), f32(4), 2, 3, 2, false, true, 0, 0, 0],
  cross_entropy: () => [f32(6), new Float64Array([0, 2]), new Float64Array(2).fill(1), 2, 3, 1, new Float64Array(4), new Float64Array(2)],
  cross_entropy_backward: () => [f32(6), new Float64Array([-1, 2]), new Float64Array(2).fill(1), new Float64Array(4), f32(6), 2, 3, 1],
  copy_strided: () => [f32(6), f32(6), [2, 3], [1, 2], 0],
  im2col: () => [f32(9), f32(16), 1, [1, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 2, 2], -1],
  col2im: () => [f32(16), f32(9), 1, [1, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 2, 2]],
  round_reduced: () => [f32(6), true],
  sgd_step: () => [f32(4), f32(4), f32(4), false, 0.1, 0.9, 0, 0, false, false],
  adam_step: () => [f32(4), f32(4), f32(4), f32(4), null, 1, 1e-3, 0.9, 0.999, 1e-8, 0, false, false],
  rmsprop_step: () => [f32(4), f32(4), f32(4), null, null, 0.01, 0.99, 1e-8, 0, 0, false],
  alloc: () => [16, true],
  pool_stats: () => [],
  isa: () => [],
  get_num_threads: () => [],
};

const garbage = {
  undefined: () => undefined,
  null: () => null,
  string: () => '1',
  object: () => ({ length: 6 }),
  array: () => [1, 2, 3, 4, 5, 6],
  NaN: () => NaN,
  Infinity: () => Infinity,
  '-1': () => -1,
  '1.5': () => 1.5,
  '2^53': () => 2 ** 53,
  '2^31': () => 2 ** 31,
  true: () => true,
  bigint: () => 6n,
  symbol: () => Symbol('x'),
  function: () => () => 6,
  'short Float32Array': () => f32(1),
  'empty Float32Array': () => f32(0),
  Float64Array: () => new Float64Array(6),
  Uint8Array: () => new Uint8Array(6),
  Int32Array: () => new Int32Array(6),
  'detached Float32Array': detached,
  ArrayBuffer: () => new ArrayBuffer(24),
  'sparse shape': () => [2, , 3], // eslint-disable-line no-sparse-arrays
};

const failures = [];
let calls = 0;
let threw = 0;

function attempt(name, args, what) {
  calls++;
  try {
    b[name](...args);
  } catch (e) {
    threw++;
    if (!(e instanceof TypeError || e instanceof RangeError)) failures.push(`${name} ${what}: ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
    else if (!e.message.startsWith(name)) failures.push(`${name} ${what}: message does not name the function: ${e.message}`);
    return e;
  }
  return null;
}

const threads = b.get_num_threads();
for (const [name, make] of Object.entries(valid)) {
  if (typeof b[name] !== 'function') {
    failures.push(`${name}: not in the addon`);
    continue;
  }
  const err = attempt(name, make(), 'with valid arguments');
  if (err) failures.push(`${name} with valid arguments threw ${err.message}`);
  const n = make().length;
  for (let i = 0; i < n; i++) {
    for (const [label, value] of Object.entries(garbage)) {
      const args = make();
      args[i] = value();
      const e = attempt(name, args, `argument ${i} = ${label}`);
      if (!e && (label === 'detached Float32Array' || label === 'undefined' || label === 'symbol')) {
        failures.push(`${name} argument ${i} = ${label}: accepted`);
      }
    }
  }
  if (n > 0 && !attempt(name, make().slice(0, -1), 'with one argument missing')) failures.push(`${name}: accepted one argument too few`);
  if (!attempt(name, [...make(), 0], 'with one argument too many')) failures.push(`${name}: accepted one argument too many`);
}
b.set_num_threads(threads);
// unknown functions are not there at all
if (Object.keys(b).some((k) => typeof b[k] === 'function' && !(k in valid))) {
  failures.push(`functions not covered here: ${Object.keys(b).filter((k) => typeof b[k] === 'function' && !(k in valid)).join(', ')}`);
}
console.log(JSON.stringify({ calls, threw, failures }));
