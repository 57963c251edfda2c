// F.bilinear, local_response_norm, lp_pool1d/2d, max_unpool1d/2d, channel_shuffle, pdist, the *_with_indices
// poolings, triplet_margin_with_distance_loss and multilabel_margin_loss against PyTorch 1.13 on each backend
// (fixtures: scripts/gen_layers_extra_fixtures.py), their modules (Bilinear, LocalResponseNorm, LPPool1d/2d,
// MaxUnpool1d/2d, ChannelShuffle, TripletMarginWithDistanceLoss, MultiLabelMarginLoss), reprs and PyTorch's errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';
import { type Num, num } from './fixture_codec';

const { nn } = torch;
const F = nn.functional;

/** A fixture number: JSON has no NaN or infinity, which the generator writes as 'nan', 'inf' and '-inf'. */

interface Arg {
  dtype: 'float32' | 'int64';
  shape: number[];
  values: Num[];
}
interface Case {
  id: string;
  fn: string;
  kwargs: Record<string, unknown>;
  distance: 'pairwise_distance' | 'l1' | 'cosine' | null;
  args: Arg[];
  out_shape: number[];
  out: Num[];
  r: Num[];
  grads: (Num[] | null)[];
  indices?: number[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/layers_extra.json'), 'utf8')) as { cases: Case[] };

// The generator's distance functions, by name.
const DISTANCES: Record<string, ((a: torch.Tensor, b: torch.Tensor) => torch.Tensor) | null> = {
  pairwise_distance: null,
  l1: (a, b) => a.sub(b).abs().sum(-1),
  cosine: (a, b) => F.cosine_similarity(a, b).neg().add(1),
};

// References are float64 results from the same float32 inputs. Unpooling, shuffling and max pooling copy values
// (exact outputs); unpooling's and shuffling's gradients copy too (exact), max pooling's add up to 4 overlapping
// windows' (4 ULP, 1e-7 absolute where they cancel). The others are a few float32 ops per element over sums of at
// most 15 terms (bilinear's products, pdist's coordinates, the losses' pairs): relative 1e-5, with an absolute
// floor of 1e-5 where terms cancel.
function tolerance(fn: string, what: 'output' | 'gradient'): Tolerance {
  if (fn.startsWith('max_unpool') || fn === 'channel_shuffle') return { ulp: 0 };
  if (fn.includes('max_pool')) return what === 'output' ? { ulp: 0 } : { ulp: 4, atol: 1e-7 };
  return { rtol: 1e-5, atol: 1e-5 };
}

describe.each(BACKENDS)('extra layers and losses vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const args = c.args.map((a, i) => {
      const t = torch.tensor(a.values.map(num), { dtype: a.dtype }).reshape(a.shape);
      return c.grads[i] ? t.requires_grad_(true) : t;
    });
    const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, v === 'inf' ? Infinity : v]));
    if (c.distance) kwargs.distance_function = DISTANCES[c.distance];
    const fn = F[c.fn as keyof typeof F] as (...a: unknown[]) => torch.Tensor | [torch.Tensor, torch.Tensor];
    const result = fn(...args, kwargs);
    const out = Array.isArray(result) ? result[0] : result;
    expect(out.shape).toEqual(c.out_shape);
    expectClose(out.data, c.out.map(num), tolerance(c.fn, 'output'), 'output');
    if (c.indices) {
      const indices = (result as [torch.Tensor, torch.Tensor])[1];
      expect(indices.dtype).toBe('int64');
      expect(Array.from(indices.data)).toEqual(c.indices);
    }
    out.mul(torch.tensor(c.r.map(num)).reshape(out.shape)).sum().backward();
    args.forEach((a, i) => {
      if (c.grads[i]) expectClose(a.grad!.data, c.grads[i]!.map(num), tolerance(c.fn, 'gradient'), `grad of argument ${i}`);
    });
  });

  it('the modules are the functions', () => {
    torch.manual_seed(7);
    const bilinear = new nn.Bilinear(3, 4, 2);
    const [x1, x2] = [torch.randn(5, 3), torch.randn(5, 4)];
    expect(bilinear(x1, x2).tolist()).toEqual(F.bilinear(x1, x2, bilinear.weight, bilinear.bias).tolist());
    const x = torch.randn(2, 4, 6, 6);
    expect(new nn.LocalResponseNorm(3, { beta: 0.5 })(x).tolist()).toEqual(F.local_response_norm(x, 3, { beta: 0.5 }).tolist());
    expect(new nn.LPPool2d(2, [3, 2], { stride: 1 })(x).tolist()).toEqual(F.lp_pool2d(x, 2, [3, 2], 1).tolist());
    expect(new nn.LPPool1d(1.5, 3, { ceil_mode: true })(x.abs().flatten(2)).tolist()).toEqual(F.lp_pool1d(x.abs().flatten(2), 1.5, 3, null, true).tolist());
    expect(new nn.ChannelShuffle(2)(x).tolist()).toEqual(F.channel_shuffle(x, 2).tolist());
    // unpooling a pooling of positive values: each maximum back in its place, zeros elsewhere, so it pools the same
    const [values, indices] = new nn.MaxPool2d(2, { return_indices: true })(x.abs().add(0.1)) as [torch.Tensor, torch.Tensor];
    const restored = new nn.MaxUnpool2d(2)(values, indices);
    expect(restored.tolist()).toEqual(F.max_unpool2d(values, indices, 2).tolist());
    expect(new nn.MaxPool2d(2)(restored).tolist()).toEqual(values.tolist());
    const [v1, i1] = F.max_pool1d_with_indices(x.flatten(2), 3);
    expect(new nn.MaxUnpool1d(3)(v1, i1, { output_size: [37] }).shape).toEqual([2, 4, 37]);
    const [a, p, n] = [torch.randn(3, 4), torch.randn(3, 4), torch.randn(3, 4)];
    const l1 = (u: torch.Tensor, v: torch.Tensor) => u.sub(v).abs().sum(-1);
    const triplet = new nn.TripletMarginWithDistanceLoss({ distance_function: l1, margin: 2, swap: true, reduction: 'sum' });
    expect(triplet(a, p, n).item()).toBe(F.triplet_margin_with_distance_loss(a, p, n, { distance_function: l1, margin: 2, swap: true, reduction: 'sum' }).item());
    // the default distance is pairwise_distance, as triplet_margin_loss's
    expect(new nn.TripletMarginWithDistanceLoss()(a, p, n).item()).toBeCloseTo(F.triplet_margin_loss(a, p, n).item() as number, 6);
    const target = torch.tensor([[1, 3, -1, 0], [0, 1, 2, 3], [2, -1, 3, 3]]).long();
    expect(new nn.MultiLabelMarginLoss({ reduction: 'none' })(a, target).tolist()).toEqual(F.multilabel_margin_loss(a, target, { reduction: 'none' }).tolist());
  });
});

describe('extra layers and losses: parameters, reprs and PyTorch errors', () => {
  it("Bilinear: PyTorch's parameters, initialization bounds and repr", () => {
    torch.manual_seed(0);
    const m = new nn.Bilinear(4, 3, 5);
    expect(Object.keys(m.state_dict())).toEqual(['weight', 'bias']);
    expect(m.weight.shape).toEqual([5, 4, 3]);
    expect(m.bias!.shape).toEqual([5]);
    // U(-1/sqrt(in1_features), 1/sqrt(in1_features)) = U(-0.5, 0.5) for both, filling most of the range
    for (const t of [m.weight, m.bias!]) {
      const v = Array.from(t.data);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(0.5);
      if (t === m.weight) expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.8);
    }
    expect(String(m)).toBe('Bilinear(in1_features=4, in2_features=3, out_features=5, bias=True)');
    const noBias = new nn.Bilinear(2, 2, 1, false);
    expect(String(noBias)).toBe('Bilinear(in1_features=2, in2_features=2, out_features=1, bias=False)');
    expect(Object.keys(noBias.state_dict())).toEqual(['weight']);
    expect(new nn.Bilinear({ in1_features: 2, in2_features: 3, out_features: 4, bias: false }).bias).toBeNull();
    expect(() => new nn.Bilinear(0, 2, 3)).toThrow(RangeError);
    expect(() => new nn.Bilinear(2, -1, 3)).toThrow(new RangeError('Bilinear(): in2_features must be a non-negative integer, got -1'));
  });

  it('reprs of the modules without parameters', () => {
    expect(String(new nn.LocalResponseNorm(2))).toBe('LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)');
    expect(String(new nn.LocalResponseNorm(3, 0.001, 0.5, 2.5))).toBe('LocalResponseNorm(3, alpha=0.001, beta=0.5, k=2.5)');
    expect(String(new nn.LPPool1d(2, 3))).toBe('LPPool1d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)');
    expect(String(new nn.LPPool2d(1.5, [3, 2], 1, true))).toBe('LPPool2d(norm_type=1.5, kernel_size=(3, 2), stride=1, ceil_mode=True)');
    expect(String(new nn.MaxUnpool1d(2))).toBe('MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))');
    expect(String(new nn.MaxUnpool2d(2, 1, 1))).toBe('MaxUnpool2d(kernel_size=(2, 2), stride=(1, 1), padding=(1, 1))');
    expect(String(new nn.MaxUnpool2d([2, 3]))).toBe('MaxUnpool2d(kernel_size=(2, 3), stride=(2, 3), padding=(0, 0))');
    expect(String(new nn.ChannelShuffle(2))).toBe('ChannelShuffle(groups=2)');
    expect(String(new nn.MultiLabelMarginLoss())).toBe('MultiLabelMarginLoss()');
    // the default distance is a PairwiseDistance child module; a plain function is not a module
    expect(String(new nn.TripletMarginWithDistanceLoss())).toBe('TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)');
    expect(String(new nn.TripletMarginWithDistanceLoss({ distance_function: (a, b) => a.sub(b).abs().sum(-1) }))).toBe('TripletMarginWithDistanceLoss()');
    expect(Object.keys(new nn.TripletMarginWithDistanceLoss().state_dict())).toEqual([]);
    for (const m of [new nn.LocalResponseNorm(2), new nn.LPPool2d(2, 2), new nn.MaxUnpool2d(2), new nn.ChannelShuffle(2)]) expect(Object.keys(m.state_dict())).toEqual([]);
  });

  it('bilinear checks shapes and dtypes with PyTorch messages', () => {
    const w = torch.randn(5, 3, 4);
    const b = torch.randn(5);
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 3, 4), w, b)).toThrow(new RangeError('bilinear(): input dimensions do not match: got 2 and 3'));
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(3, 4), w, b)).toThrow(new RangeError('bilinear(): input batch dimensions do not match at dim 0: got 2 and 3'));
    expect(() => F.bilinear(torch.randn(2, 2), torch.randn(2, 4), w, b)).toThrow(new RangeError('bilinear(): input1 size does not match weight size: got 2 but expected 3'));
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 5), w, b)).toThrow(new RangeError('bilinear(): input2 size does not match weight size: got 5 but expected 4'));
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), w, torch.randn(4))).toThrow(new RangeError('bilinear(): bias size does not match weight size: got 4 but expected 5'));
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3), b)).toThrow(RangeError);
    expect(() => F.bilinear(torch.randn(2, 3).double(), torch.randn(2, 4), w)).toThrow(new TypeError('bilinear(): expected scalar type Double but found Float'));
    expect(F.bilinear(torch.randn(0, 3), torch.randn(0, 4), w, b).shape).toEqual([0, 5]);
    expect(F.bilinear(torch.randn(2, 3), torch.randn(2, 4), w, { bias: null }).shape).toEqual([2, 5]);
  });

  it('local_response_norm, lp_pool and channel_shuffle errors', () => {
    expect(() => F.local_response_norm(torch.randn(3, 4), 2)).toThrow(new RangeError('local_response_norm(): Expected 3D or higher dimensionality input (got 2 dimensions)'));
    const empty = torch.randn(0, 4, 3);
    expect(F.local_response_norm(empty, 2)).toBe(empty); // returned as is, as PyTorch
    expect(() => F.lp_pool2d(torch.randn(1, 1, 4, 4), 2, 3, { padding: 1 } as never)).toThrow(new TypeError("lp_pool2d() got an unexpected keyword argument 'padding'"));
    expect(() => new nn.LPPool2d(2)).toThrow(new TypeError("LPPool2d.__init__() missing 1 required positional argument: 'kernel_size'"));
    const x = torch.arange(8).reshape(1, 4, 2);
    expect(F.channel_shuffle(x, 2).flatten().tolist()).toEqual([0, 1, 4, 5, 2, 3, 6, 7]); // integers too, as PyTorch
    expect(() => F.channel_shuffle(torch.randn(4, 2), 2)).toThrow(new RangeError('channel_shuffle(): channel_shuffle expects input with > 2 dims, but got input with sizes [4, 2]'));
    expect(() => F.channel_shuffle(x, 3)).toThrow(new RangeError('channel_shuffle(): Number of channels must be divisible by groups. Got 4 channels and 3 groups.'));
    expect(() => F.channel_shuffle(x, 0)).toThrow(new RangeError('channel_shuffle(): Number of groups to divide channels in must be positive. Value of groups:0'));
    expect(() => new nn.ChannelShuffle()).toThrow(new TypeError("ChannelShuffle.__init__() missing 1 required positional argument: 'groups'"));
  });

  it('max_unpool: output_size and index checks with PyTorch messages', () => {
    const [v, i] = F.max_pool2d_with_indices(torch.randn(1, 1, 4, 5), 2);
    expect(F.max_unpool2d(v, i, 2).shape).toEqual([1, 1, 4, 4]);
    expect(F.max_unpool2d(v, i, 2, { output_size: [1, 1, 4, 5] }).shape).toEqual([1, 1, 4, 5]);
    expect(() => F.max_unpool2d(v, i, 2, { output_size: [4, 6] })).toThrow(new RangeError('max_unpool2d(): invalid output_size "[4, 6]" (dim 1 must be between 2 and 6)'));
    expect(() => F.max_unpool2d(v, i, 2, { output_size: [1, 4, 5] })).toThrow(
      new RangeError("max_unpool2d(): output_size should be a sequence containing 2 or 4 elements, but it has a length of '3'"),
    );
    expect(() => F.max_unpool2d(v, i.float(), 2)).toThrow(new TypeError('max_unpool2d(): elements in indices should be type int64 but got: Float'));
    expect(() => F.max_unpool2d(v, i.narrow(3, 0, 1), 2)).toThrow(
      new RangeError('max_unpool2d(): Expected shape of indices to be same as that of the input tensor ([1, 1, 2, 2]) but got indices tensor with shape: [1, 1, 2, 1]'),
    );
    expect(() => F.max_unpool2d(v.reshape(2, 2), i.reshape(2, 2), 2)).toThrow(new RangeError('max_unpool2d(): Input to max_unpool2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.'));
    expect(() => F.max_unpool2d(v, i.mul(0).add(100), 2)).toThrow(new RangeError('max_unpool2d(): Found an invalid max index: 100 (output volumes are of size 4x4)'));
    expect(() => F.max_unpool2d(v.long(), i, 2)).toThrow(new TypeError(`max_unpool2d(): "max_unpool2d" not implemented for 'Long'`));
    expect(() => F.max_unpool2d(torch.zeros(1, 0, 2, 2), torch.zeros(1, 0, 2, 2).long(), 2)).toThrow(
      new RangeError('max_unpool2d(): Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 2, 2] with dimension 1 being empty.'),
    );
    expect(F.max_unpool2d(torch.zeros(0, 1, 2, 2), torch.zeros(0, 1, 2, 2).long(), 2).shape).toEqual([0, 1, 4, 4]);
    const [v1, i1] = F.max_pool1d_with_indices(torch.randn(2, 3, 7), 2);
    expect(() => F.max_unpool1d(v1, i1, 2, { output_size: [9] })).toThrow(new RangeError('max_unpool1d(): invalid output_size "[9]" (dim 0 must be between 4 and 8)'));
    expect(() => F.max_unpool1d(v1, i1.mul(0).add(50), 2)).toThrow(new RangeError('max_unpool1d(): Found an invalid max index: 50 (output volumes are of size 6x1)'));
    expect(() => new nn.MaxUnpool2d(2)(v, i, [3, 4, 5])).toThrow(RangeError);
  });

  it('pdist errors, and its empty results', () => {
    expect(() => F.pdist(torch.randn(3))).toThrow(new RangeError('pdist(): pdist only supports 2D tensors, got: 1D'));
    expect(() => F.pdist(torch.randn(3, 2), -1)).toThrow(new RangeError('pdist(): pdist only supports non-negative p values'));
    expect(() => F.pdist(torch.ones(3, 2).long())).toThrow(new TypeError('pdist(): pdist only supports floating-point dtypes'));
    expect(F.pdist(torch.randn(0, 2)).shape).toEqual([0]);
    expect(F.pdist(torch.randn(3, 0)).tolist()).toEqual([0, 0, 0]);
  });

  it('triplet_margin_with_distance_loss and multilabel_margin_loss errors', () => {
    const [a, p, n] = [torch.randn(3, 4), torch.randn(3, 4), torch.randn(3, 4)];
    expect(() => F.triplet_margin_with_distance_loss(a, p, n, 1 as never)).toThrow(new TypeError('triplet_margin_with_distance_loss() takes 3 positional arguments but 4 were given'));
    expect(() => F.triplet_margin_with_distance_loss(a, p, n, { reduction: 'x' as never })).toThrow(new RangeError("triplet_margin_with_distance_loss(): 'x' is not a valid value for reduction"));
    expect(() => F.triplet_margin_with_distance_loss(a, p, n, { distance_function: 3 as never })).toThrow(TypeError);
    expect(() => F.triplet_margin_with_distance_loss(a, p, n, { p: 1 } as never)).toThrow(new TypeError("triplet_margin_with_distance_loss() got an unexpected keyword argument 'p'"));
    expect(() => new nn.TripletMarginWithDistanceLoss(null as never)).toThrow(TypeError);
    expect(() => new nn.TripletMarginWithDistanceLoss({ p: 1 } as never)).toThrow(new TypeError("TripletMarginWithDistanceLoss.__init__() got an unexpected keyword argument 'p'"));
    const x = torch.randn(3, 4);
    const y = torch.tensor([[3, 0, -1, 1], [1, 2, 3, 0], [-1, 1, 1, 1]]).long();
    expect(() => F.multilabel_margin_loss(x, y.float())).toThrow(new TypeError('multilabel_margin_loss(): expected scalar type Long but found Float'));
    expect(() => F.multilabel_margin_loss(x, y.narrow(0, 0, 2))).toThrow(new RangeError("multilabel_margin_loss(): inconsistent size [2, 4] for argument #2 'target'"));
    expect(() => F.multilabel_margin_loss(x, y.add(4))).toThrow(new RangeError("multilabel_margin_loss(): argument #2 'target' is out of range"));
    expect(() => F.multilabel_margin_loss(x, y.sub(1))).toThrow(new RangeError("multilabel_margin_loss(): argument #2 'target' is out of range"));
    expect(() => F.multilabel_margin_loss(torch.randn(2, 3, 4), y)).toThrow(new RangeError('multilabel_margin_loss(): Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]'));
    expect(() => F.multilabel_margin_loss(torch.randn(3, 0), torch.zeros(3, 0).long())).toThrow(RangeError);
    // a 0-dim input is one sample of one class: never a target's rival, so 0
    expect(F.multilabel_margin_loss(torch.tensor(0.5), torch.tensor(0).long(), { reduction: 'none' }).item()).toBe(0);
  });
});
