'use strict';
// Minimal ONNX model writer (protobuf by hand, no deps) for one-node float32 graphs: enough for the bench.
// Field numbers from onnx.proto: ModelProto{ir_version=1, graph=7, opset_import=8}, GraphProto{node=1, name=2,
// initializer=5, input=11, output=12}, NodeProto{input=1, output=2, op_type=4, attribute=5},
// AttributeProto{name=1, f=2, i=3, type=20}, TensorProto{dims=1, data_type=2, name=8, raw_data=9},
// ValueInfoProto{name=1, type=2}, TypeProto{tensor_type=1}, TypeProto.Tensor{elem_type=1, shape=2},
// TensorShapeProto{dim=1}, Dimension{dim_value=1}.
function varint(n) {
  const out = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
const key = (field, wire) => varint((field << 3) | wire);
const vint = (field, n) => Buffer.concat([key(field, 0), varint(n)]);
const bytes = (field, buf) => Buffer.concat([key(field, 2), varint(buf.length), buf]);
const str = (field, s) => bytes(field, Buffer.from(s, 'utf8'));
const f32 = (field, x) => { const b = Buffer.alloc(4); b.writeFloatLE(x); return Buffer.concat([key(field, 5), b]); };

const FLOAT = 1;
function valueInfo(name, shape) {
  const dims = Buffer.concat(shape.map((d) => bytes(1, vint(1, d))));
  const tensorType = Buffer.concat([vint(1, FLOAT), bytes(2, dims)]);
  return Buffer.concat([str(1, name), bytes(2, bytes(1, tensorType))]);
}
function initializer(name, shape, values) {
  const raw = Buffer.from(Float32Array.from(values).buffer);
  return Buffer.concat([...shape.map((d) => vint(1, d)), vint(2, FLOAT), str(8, name), bytes(9, raw)]);
}
function attr(name, v) {
  return Number.isInteger(v) && !(typeof v === 'object')
    ? Buffer.concat([str(1, name), vint(3, v), vint(20, 2)])
    : Buffer.concat([str(1, name), f32(2, v), vint(20, 1)]);
}
/** model({ op, inputs: [[name, shape]], inits: [[name, shape, values]], output: [name, shape], attrs }) */
function model({ op, inputs, inits = [], output, attrs = {}, floatAttrs = {} }) {
  const node = Buffer.concat([
    ...inputs.map(([n]) => str(1, n)), ...inits.map(([n]) => str(1, n)), str(2, output[0]), str(4, op),
    ...Object.entries(attrs).map(([k, v]) => bytes(5, Buffer.concat([str(1, k), vint(3, v), vint(20, 2)]))),
    ...Object.entries(floatAttrs).map(([k, v]) => bytes(5, Buffer.concat([str(1, k), f32(2, v), vint(20, 1)]))),
  ]);
  const graph = Buffer.concat([
    bytes(1, node), str(2, 'bench'), ...inits.map(([n, s, v]) => bytes(5, initializer(n, s, v))),
    ...inputs.map(([n, s]) => bytes(11, valueInfo(n, s))), bytes(12, valueInfo(output[0], output[1])),
  ]);
  const opset = Buffer.concat([str(1, ''), vint(2, 13)]);
  return Buffer.concat([vint(1, 7), bytes(7, graph), bytes(8, opset)]);
}
module.exports = { model, attr };
