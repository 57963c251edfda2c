// nn.MultiheadAttention, the Transformer encoder and decoder layers and stacks, and nn.Transformer against PyTorch 1.13 on each backend
// (fixtures: scripts/gen_transformer_fixtures.py): outputs, attention weights and the gradients of the inputs and
// every parameter; PyTorch's reprs, state_dict keys and errors; a small encoder that learns.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

const { nn } = torch;
const F = nn.functional;

type Ctor = [string, ...unknown[]];
interface Values {
  shape: number[];
  values: number[];
}
interface Case {
  id: string;
  ctor: Ctor;
  state: Record<string, Values>;
  inputs: Values[];
  repeat: number;
  kwargs: Record<string, unknown>;
  masks: Record<string, { dtype: 'bool' | 'float32'; shape: number[]; values: (number | boolean | null)[] } | null>;
  y_shape: number[];
  y: number[];
  weights: Values | null;
  r: number[];
  grad_inputs: number[][];
  grad_params: Record<string, number[]>;
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/transformer.json'), 'utf8')) as { cases: Case[] };

/** A module from its fixture spec: [class name, ...arguments], where an argument may itself be a spec. */
function build(spec: Ctor): torch.nn.Module {
  const [name, ...args] = spec;
  const Class = (nn as unknown as Record<string, new (...a: unknown[]) => torch.nn.Module>)[name];
  return new Class(...args.map((a) => (Array.isArray(a) && typeof a[0] === 'string' ? build(a as Ctor) : a)));
}

// References are float64 results from the same float32 inputs and parameters. A forward is a chain of products
// (sums of up to 16 terms), a softmax and layer norms: relative 1e-5 with an absolute floor of 1e-5 for values
// that cancel, the tolerance of the normalization and convolution tests.
const TOL: Tolerance = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('attention and Transformer encoder vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const module = build(c.ctor).eval();
    const state = module.state_dict();
    expect(Object.keys(state)).toEqual(Object.keys(c.state));
    for (const [name, v] of Object.entries(c.state)) state[name] = torch.tensor(v.values).reshape(v.shape);
    module.load_state_dict(state);
    const inputs = c.inputs.map((v) => torch.tensor(v.values).reshape(v.shape).requires_grad_(true));
    const options: Record<string, unknown> = { ...c.kwargs };
    for (const [name, m] of Object.entries(c.masks)) {
      // (a float mask's -inf entries are null in JSON)
      options[name] = m && (m.dtype === 'bool' ? torch.tensor(m.values as boolean[]) : torch.tensor(m.values.map((v) => (v === null ? -Infinity : v)) as number[])).reshape(m.shape);
    }
    const out = module(...inputs.flatMap((x) => Array<torch.Tensor>(c.repeat).fill(x)), options) as torch.Tensor | [torch.Tensor, torch.Tensor | null];
    const [y, weights] = Array.isArray(out) ? out : [out, null];
    expect(y.shape).toEqual(c.y_shape);
    expectClose(y.data, c.y, TOL, 'output');
    if (c.weights) {
      expect(weights!.shape).toEqual(c.weights.shape);
      expectClose(weights!.data, c.weights.values, TOL, 'attention weights');
    }
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    inputs.forEach((x, i) => expectClose(x.grad!.data, c.grad_inputs[i], TOL, `grad of input ${i}`));
    const params = Object.fromEntries(module.named_parameters());
    expect(Object.keys(params).sort()).toEqual(Object.keys(c.grad_params).sort());
    for (const [name, g] of Object.entries(c.grad_params)) expectClose(params[name].grad!.data, g, TOL, `grad of ${name}`);
  });

  it('a one-layer encoder learns to copy the first token of a sequence to every position', () => {
    torch.manual_seed(1);
    const embed = new nn.Embedding(5, 16);
    const position = new nn.Embedding(6, 16);
    const encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(16, 2, 32, 0, { batch_first: true }), 1);
    const head = new nn.Linear(16, 5);
    const optimizer = new torch.optim.Adam([embed, position, encoder, head].flatMap((m) => [...m.parameters()]), { lr: 0.01 });
    const tokens = torch.randint(0, 5, [32, 6]);
    const target = tokens.narrow(1, 0, 1).expand(32, 6).contiguous();
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const logits = head(encoder(embed(tokens).add(position(torch.arange(6)))) as torch.Tensor) as torch.Tensor;
      const loss = F.cross_entropy(logits.reshape(-1, 5), target.reshape(-1));
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
    }
    expect(losses[29]).toBeLessThan(losses[0] / 4); // 1/20 here
  });
});

describe('attention modules: PyTorch reprs, state_dict and errors', () => {
  it('prints and initializes like PyTorch', () => {
    expect(String(new nn.MultiheadAttention(8, 2))).toBe('MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)\n)');
    expect(Object.keys(new nn.MultiheadAttention(8, 2, { kdim: 4, vdim: 6, add_bias_kv: true, batch_first: true }).state_dict())).toEqual([
      'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'out_proj.weight', 'out_proj.bias',
    ]);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.1, { activation: new nn.GELU() });
    expect(String(layer).split('\n').slice(-3)).toEqual(['  (dropout2): Dropout(p=0.1, inplace=False)', "  (activation): GELU(approximate='none')", ')']);
    expect(Object.keys(new nn.TransformerEncoderLayer(8, 2).state_dict())).toEqual([
      'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
      'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
    ]);
    const mha = new nn.MultiheadAttention(6, 3);
    // xavier_uniform on the packed [18, 6] weight: bound sqrt(6 / (6 + 18)); zero biases
    expect(mha.in_proj_weight!.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 24));
    expect(mha.in_proj_bias!.abs().max().item()).toBe(0);
    expect(mha.out_proj.bias!.abs().max().item()).toBe(0);
    // the encoder's layers are copies: equal at first, separate parameters
    const encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8), 2);
    const [a, b] = [...encoder.layers] as torch.nn.TransformerEncoderLayer[];
    expect(a.linear1.weight.tolist()).toEqual(b.linear1.weight.tolist());
    expect(a.linear1.weight).not.toBe(b.linear1.weight);
    expect(Object.keys(encoder.state_dict())).toHaveLength(24);
  });

  it("gives PyTorch's errors", () => {
    const mha = new nn.MultiheadAttention(8, 2);
    const x = torch.randn(4, 2, 8);
    expect(() => new nn.MultiheadAttention(8, 3)).toThrow(new RangeError('MultiheadAttention(): embed_dim must be divisible by num_heads'));
    expect(() => new nn.MultiheadAttention(8)).toThrow(new TypeError("MultiheadAttention.__init__() missing 1 required positional argument: 'num_heads'"));
    expect(() => mha(torch.randn(4, 2, 6), torch.randn(4, 2, 6), torch.randn(4, 2, 6))).toThrow(
      new RangeError('multi_head_attention_forward(): was expecting embedding dimension of 8, but got 6'),
    );
    expect(() => mha(x, torch.randn(4, 8), torch.randn(4, 8))).toThrow(
      new RangeError('multi_head_attention_forward(): For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 2-D tensors respectively'),
    );
    expect(() => mha(x, x, x, { attn_mask: torch.zeros(3, 3) })).toThrow(
      new RangeError('multi_head_attention_forward(): The shape of the 2D attn_mask is torch.Size([3, 3]), but should be (4, 4).'),
    );
    expect(() => mha(x, x, x, { key_padding_mask: torch.zeros([2, 3], { dtype: 'bool' }) })).toThrow(
      new RangeError('multi_head_attention_forward(): expecting key_padding_mask shape of (2, 4), but got torch.Size([2, 3])'),
    );
    expect(() => new nn.TransformerEncoderLayer(8, 2, 16, 0.1, 'tanh' as never)).toThrow(new RangeError('TransformerEncoderLayer(): activation should be relu/gelu, not tanh'));
    // need_weights: false returns null weights
    expect(mha(x, x, x, { need_weights: false })[1]).toBeNull();
  });

  it('nn.Transformer: PyTorch state_dict keys, xavier init, the causal mask, errors', () => {
    const t = new nn.Transformer(8, 2, 1, 1, 16);
    const keys = Object.keys(t.state_dict());
    expect(keys).toHaveLength(34);
    expect(keys.slice(12, 16)).toEqual(['encoder.norm.weight', 'encoder.norm.bias', 'decoder.layers.0.self_attn.in_proj_weight', 'decoder.layers.0.self_attn.in_proj_bias']);
    expect(keys.slice(18, 20)).toEqual(['decoder.layers.0.multihead_attn.in_proj_weight', 'decoder.layers.0.multihead_attn.in_proj_bias']);
    expect(keys.slice(-6)).toEqual(['decoder.layers.0.norm2.weight', 'decoder.layers.0.norm2.bias', 'decoder.layers.0.norm3.weight', 'decoder.layers.0.norm3.bias', 'decoder.norm.weight', 'decoder.norm.bias']);
    // every matrix xavier_uniform: linear1's [16, 8] within sqrt(6 / 24)
    const linear1 = t.state_dict()['encoder.layers.0.linear1.weight'];
    expect(linear1.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 24));
    expect(linear1.abs().max().item()).toBeGreaterThan(Math.sqrt(6 / 24) / 2);
    expect(nn.Transformer.generate_square_subsequent_mask(3).tolist()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    expect(() => t(torch.randn(4, 2, 8), torch.randn(3, 3, 8))).toThrow(new RangeError('transformer_forward(): the batch number of src and tgt must be equal'));
    expect(() => t(torch.randn(4, 2, 8), torch.randn(3, 2, 6))).toThrow(new RangeError('transformer_forward(): the feature number of src and tgt must be equal to d_model'));
    expect(t(torch.randn(4, 8), torch.randn(3, 8)).shape).toEqual([3, 8]);
    expect(String(new nn.TransformerDecoderLayer(8, 2, 16)).split('\n').filter((l) => l.startsWith('  (')).map((l) => l.split(')')[0].slice(3))).toEqual([
      'self_attn', 'multihead_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'norm3', 'dropout1', 'dropout2', 'dropout3',
    ]);
    expect(() => new nn.TransformerDecoder(new nn.TransformerEncoderLayer(8, 2), 1)).toThrow(
      new TypeError('TransformerDecoder(): decoder_layer must be a TransformerDecoderLayer, not TransformerEncoderLayer'),
    );
    expect(() => new nn.TransformerEncoder({ num_layers: 2 })).toThrow(new TypeError("TransformerEncoder.__init__() missing 1 required positional argument: 'encoder_layer'"));
  });
});

interface SdpaCase {
  id: string;
  shapes: number[][];
  q: number[];
  k: number[];
  v: number[];
  mask: number[] | null;
  mask_kind: 'bool' | 'float' | null;
  kwargs: { is_causal?: boolean; scale?: number };
  y_shape: number[];
  y: number[];
  r: number[];
  grads: number[][];
}
const sdpa = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/sdpa.json'), 'utf8')) as { cases: SdpaCase[] };

// PyTorch 2.x's scaled_dot_product_attention, against its documented reference computed by PyTorch 1.13
// (scripts/gen_sdpa_fixtures.py) in float64 from the same float32 inputs: 1e-5 relative, 1e-6 absolute
describe.each(BACKENDS)('F.scaled_dot_product_attention on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(sdpa.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const [q, k, v] = [c.q, c.k, c.v].map((d, i) => torch.tensor(d).reshape(c.shapes[i]).requires_grad_(true));
    const L = c.shapes[0][c.shapes[0].length - 2];
    const S = c.shapes[1][c.shapes[1].length - 2];
    const mask = c.mask === null ? null : c.mask_kind === 'bool' ? torch.tensor(c.mask.map(Boolean)).reshape(L, S) : torch.tensor(c.mask).reshape(L, S);
    const y = torch.nn.functional.scaled_dot_product_attention(q, k, v, { attn_mask: mask, ...c.kwargs });
    expect(y.shape).toEqual(c.y_shape);
    const tol = { rtol: 1e-5, atol: 1e-6 };
    expectClose(y.data, c.y, tol, 'output');
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    [q, k, v].forEach((t, i) => expectClose(t.grad!.data, c.grads[i], tol, `grad ${['query', 'key', 'value'][i]}`));
  });

  it('dropout_p drops weights (scaled), and the argument errors', () => {
    const q = torch.ones(1, 4, 2);
    torch.manual_seed(0);
    const y = torch.nn.functional.scaled_dot_product_attention(q, q, torch.ones(1, 4, 3), { dropout_p: 0.5 });
    // each row averages weights of 1/4 kept as 1/2 or dropped: a multiple of 0.5, not all 1
    expect((y.flatten().tolist() as number[]).every((x) => Number.isInteger(x * 2))).toBe(true);
    expect(() => torch.nn.functional.scaled_dot_product_attention(q, torch.ones(1, 4, 3), q)).toThrow(RangeError);
    expect(() => torch.nn.functional.scaled_dot_product_attention(q, q, q, { is_causal: true, attn_mask: torch.ones(4, 4) })).toThrow(
      new RangeError('scaled_dot_product_attention(): pass either attn_mask or is_causal, not both'),
    );
  });
});
