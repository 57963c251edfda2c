// nn.RNN, nn.LSTM, nn.GRU (also on packed sequences) and their cells against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_rnn_fixtures.py): outputs, final states and the gradients of input, initial state and every
// parameter; plus PyTorch's parameter names, reprs and errors, and nn.utils.rnn's packing.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;

interface Case {
  id: string;
  ctor: 'RNN' | 'LSTM' | 'GRU';
  args: number[];
  kwargs: Record<string, unknown>;
  state: Record<string, number[]>;
  x_shape: number[];
  x: number[];
  out_shape: number[];
  out: number[];
  states: number[][];
  state_shape: number[];
  r: number[][];
  grad_x: number[];
  grads: Record<string, number[]>;
  hx?: number[][];
  grad_hx?: number[][];
}
interface CellCase {
  id: string;
  ctor: 'RNNCell' | 'LSTMCell' | 'GRUCell';
  args: unknown[];
  state: Record<string, number[]>;
  x_shape: number[];
  xs: number[][];
  outs: number[][];
  out_shape: number[];
  r: number[][];
  grad_xs: number[][];
  grads: Record<string, number[]>;
  hx?: number[][];
  grad_hx?: number[][];
}
interface PackedCase extends Omit<Case, 'out_shape' | 'out'> {
  lengths: number[];
  enforce_sorted: boolean;
  data_shape: number[];
  data: number[];
  batch_sizes: number[];
  sorted_indices: number[] | null;
}
const { cases, cells, packed } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/rnn.json'), 'utf8')) as { cases: Case[]; cells: CellCase[]; packed: PackedCase[] };

/** A module of the case's class with the case's parameters. */
function withState(c: { ctor: string; args: unknown[]; kwargs?: Record<string, unknown>; state: Record<string, number[]> }): torch.nn.Module {
  const Ctor = nn[c.ctor as 'RNN'] as unknown as new (...args: unknown[]) => torch.nn.Module;
  const module = new Ctor(...c.args, ...(c.kwargs ? [{ ...c.kwargs }] : []));
  const own = module.state_dict();
  expect(Object.keys(own)).toEqual(Object.keys(c.state));
  module.load_state_dict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, torch.tensor(v).reshape(own[k].shape)])));
  return module;
}

// References are float64 from the same float32 values; each step adds a few float32 roundings to what the
// state carries: relative 1e-5 with an absolute floor of 1e-5 (gradients summed over up to 10 steps).
const TOL = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('recurrent layers vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const module = withState(c);
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const hx = c.hx?.map((h) => torch.tensor(h).reshape(c.state_shape).requires_grad_(true));
    const [out, hn] = (module as unknown as (x: torch.Tensor, hx?: unknown) => [torch.Tensor, torch.Tensor | torch.Tensor[]])(
      x,
      hx ? (c.ctor === 'LSTM' ? hx : hx[0]) : undefined,
    );
    const states = Array.isArray(hn) ? hn : [hn];
    expect(out.shape).toEqual(c.out_shape);
    expectClose(out.data, c.out, TOL, 'output');
    states.forEach((s, i) => expectClose(s.data, c.states[i], TOL, `state ${i}`));
    let loss = out.mul(torch.tensor(c.r[0]).reshape(out.shape)).sum();
    states.forEach((s, i) => (loss = loss.add(s.mul(torch.tensor(c.r[i + 1]).reshape(s.shape)).sum())));
    loss.backward();
    expectClose(x.grad!.data, c.grad_x, TOL, 'grad of input');
    hx?.forEach((h, i) => expectClose(h.grad!.data, c.grad_hx![i], TOL, `grad of initial state ${i}`));
    for (const [name, p] of module.named_parameters()) expectClose(p.grad!.data, c.grads[name], TOL, `grad of ${name}`);
  });

  // a cell applied twice, the second step from the first's state
  it.each(cells.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const cell = withState(c);
    const xs = c.xs.map((x) => torch.tensor(x).reshape(c.x_shape).requires_grad_(true));
    const hx = c.hx?.map((h) => torch.tensor(h).reshape(c.out_shape).requires_grad_(true));
    const lstm = c.ctor === 'LSTMCell';
    const run = cell as unknown as (x: torch.Tensor, hx?: unknown) => torch.Tensor | torch.Tensor[];
    const first = run(xs[0], hx ? (lstm ? hx : hx[0]) : null);
    const out = run(xs[1], first);
    const outs = Array.isArray(out) ? out : [out];
    let loss: torch.Tensor | null = null;
    outs.forEach((o, i) => {
      expect(o.shape).toEqual(c.out_shape);
      expectClose(o.data, c.outs[i], TOL, `output ${i}`);
      const term = o.mul(torch.tensor(c.r[i]).reshape(o.shape)).sum();
      loss = loss ? loss.add(term) : term;
    });
    loss!.backward();
    xs.forEach((x, i) => expectClose(x.grad!.data, c.grad_xs[i], TOL, `grad of input ${i}`));
    hx?.forEach((h, i) => expectClose(h.grad!.data, c.grad_hx![i], TOL, `grad of initial state ${i}`));
    for (const [name, p] of cell.named_parameters()) expectClose(p.grad!.data, c.grads[name], TOL, `grad of ${name}`);
  });

  // each sequence runs for its own length: PyTorch's packed output, h_n (in the batch's order) and gradients
  it.each(packed.map((c) => [c.id, c] as const))('on a PackedSequence: %s', (_id, c) => {
    const module = withState(c);
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const hx = c.hx?.map((h) => torch.tensor(h).reshape(c.state_shape).requires_grad_(true));
    const input = nn.utils.rnn.pack_padded_sequence(x, c.lengths, { batch_first: !!c.kwargs.batch_first, enforce_sorted: c.enforce_sorted });
    const run = module as unknown as (x: unknown, hx?: unknown) => [nn.utils.rnn.PackedSequence, torch.Tensor | torch.Tensor[]];
    const [out, hn] = run(input, hx ? (c.ctor === 'LSTM' ? hx : hx[0]) : undefined);
    expect(out).toBeInstanceOf(nn.utils.rnn.PackedSequence);
    expect(out.batch_sizes.tolist()).toEqual(c.batch_sizes);
    expect(out.sorted_indices?.tolist() ?? null).toEqual(c.sorted_indices);
    expect(out.data.shape).toEqual(c.data_shape);
    expectClose(out.data.data, c.data, TOL, 'packed output');
    const states = Array.isArray(hn) ? hn : [hn];
    states.forEach((s, i) => expectClose(s.data, c.states[i], TOL, `state ${i}`));
    let loss = out.data.mul(torch.tensor(c.r[0]).reshape(out.data.shape)).sum();
    states.forEach((s, i) => (loss = loss.add(s.mul(torch.tensor(c.r[i + 1]).reshape(s.shape)).sum())));
    loss.backward();
    expectClose(x.grad!.data, c.grad_x, TOL, 'grad of input'); // zero on the padding
    hx?.forEach((h, i) => expectClose(h.grad!.data, c.grad_hx![i], TOL, `grad of initial state ${i}`));
    for (const [name, p] of module.named_parameters()) expectClose(p.grad!.data, c.grads[name], TOL, `grad of ${name}`);
  });

  it('learns to echo the first element of a sequence (LSTM + Linear, Adam)', () => {
    torch.manual_seed(0);
    const lstm = new nn.LSTM(1, 8, { batch_first: true });
    const head = new nn.Linear(8, 1);
    const opt = new torch.optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.05 });
    const x = torch.rand(16, 5, 1);
    const target = x.select(1, 0);
    let first = 0;
    let last = 0;
    for (let step = 0; step < 150; step++) {
      const [out] = lstm(x) as [torch.Tensor, torch.Tensor[]];
      const loss = torch.nn.functional.mse_loss(head(out.select(1, 4)) as torch.Tensor, target);
      opt.zero_grad();
      loss.backward();
      opt.step();
      if (step === 0) first = loss.item() as number;
      last = loss.item() as number;
    }
    // 0.108 -> 0.0003 when written; guessing the mean would stay at 1/12
    expect(last).toBeLessThan(first / 20);
  });
});

describe('recurrent layers: names, reprs, errors', () => {
  it('share nn.RNNBase / nn.RNNCellBase, as PyTorch classes them', () => {
    expect([new nn.LSTM(2, 3), new nn.GRU(2, 3), new nn.RNN(2, 3)].every((m) => m instanceof nn.RNNBase)).toBe(true);
    expect([new nn.LSTMCell(2, 3), new nn.GRUCell(2, 3), new nn.RNNCell(2, 3)].every((m) => m instanceof nn.RNNCellBase)).toBe(true);
    expect(new nn.LSTM(2, 3) instanceof nn.RNNCellBase).toBe(false);
  });

  it("have PyTorch's parameter names and reprs", () => {
    expect([...new nn.LSTM(3, 4, { num_layers: 2, bidirectional: true }).named_parameters()].map(([n]) => n)).toEqual([
      'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
      'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1', 'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'bias_ih_l1_reverse', 'bias_hh_l1_reverse',
    ]);
    expect(new nn.LSTM(3, 4).weight_ih_l0.shape).toEqual([16, 3]);
    expect(String(new nn.RNN(3, 4))).toBe('RNN(3, 4)');
    expect(String(new nn.LSTM(3, 4, { num_layers: 2, batch_first: true, bidirectional: true, dropout: 0.5 }))).toBe(
      'LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.5, bidirectional=True)',
    );
    expect(String(new nn.GRU(3, 4, { bias: false }))).toBe('GRU(3, 4, bias=False)');
  });

  it("gives PyTorch's errors", () => {
    expect(() => new nn.LSTM(3, 4)(torch.randn(5, 2, 4))).toThrow(new RangeError('lstm(): input.size(-1) must be equal to input_size. Expected 3, got 4'));
    expect(() => new nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.randn(2, 2, 4))).toThrow(new RangeError('gru(): Expected hidden size (1, 2, 4), got [2, 2, 4]'));
    expect(() => new nn.RNN(3, 4, { nonlinearity: 'gelu' as never })).toThrow(new RangeError("RNN(): Unknown nonlinearity 'gelu'"));
    expect(() => new nn.LSTM(3)).toThrow(new TypeError("LSTM.__init__() missing 1 required positional argument: 'hidden_size'"));
    expect(() => new nn.LSTM(3, 4)(torch.randn(5, 2, 2, 3))).toThrow(new RangeError('lstm(): input must have 2 or 3 dimensions, got 4'));
  });

  // values as PyTorch 1.13 gives them for these sequences
  it('nn.utils.rnn: pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence, unpad_sequence as PyTorch', () => {
    const R = nn.utils.rnn;
    const x = torch.arange(24).float().reshape(4, 3, 2); // [T, B, 2]
    // PyTorch 1.13's values for the same calls
    const p = R.pack_padded_sequence(x, [2, 4, 2], { enforce_sorted: false });
    expect(p.data.tolist()).toEqual([[2, 3], [0, 1], [4, 5], [8, 9], [6, 7], [10, 11], [14, 15], [20, 21]]);
    expect(p.batch_sizes.tolist()).toEqual([3, 3, 1, 1]);
    expect(p.batch_sizes.dtype).toBe('int64');
    expect(p.sorted_indices!.tolist()).toEqual([1, 0, 2]);
    expect(p.unsorted_indices!.tolist()).toEqual([1, 0, 2]);
    const [data, batchSizes, sorted, unsorted] = p; // PyTorch's tuple unpacking
    expect([data, batchSizes, sorted, unsorted]).toEqual([p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices]);
    const [padded, lengths] = R.pad_packed_sequence(p);
    expect(padded.tolist()).toEqual([
      [[0, 1], [2, 3], [4, 5]],
      [[6, 7], [8, 9], [10, 11]],
      [[0, 0], [14, 15], [0, 0]],
      [[0, 0], [20, 21], [0, 0]],
    ]);
    expect(lengths.tolist()).toEqual([2, 4, 2]);
    expect(R.pad_packed_sequence(p, { batch_first: true, total_length: 6 })[0].shape).toEqual([3, 6, 2]);
    const sortedPack = R.pack_padded_sequence(x.select(2, 0), [4, 3, 2]);
    expect(sortedPack.data.tolist()).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 18]);
    expect(sortedPack.sorted_indices).toBe(null);
    expect(R.pad_packed_sequence(sortedPack, { padding_value: -1 })[0].tolist()).toEqual([[0, 2, 4], [6, 8, 10], [12, 14, -1], [18, -1, -1]]);
    expect(R.pack_padded_sequence(x.transpose(0, 1), torch.tensor([4, 3, 2], { dtype: 'int64' }), true).batch_sizes.tolist()).toEqual([3, 3, 2, 1]);
    const seqs = [torch.tensor([1, 2]), torch.tensor([3, 4, 5])];
    const packedSeqs = R.pack_sequence(seqs, { enforce_sorted: false });
    expect([packedSeqs.data.tolist(), packedSeqs.batch_sizes.tolist(), packedSeqs.sorted_indices!.tolist()]).toEqual([[3, 1, 4, 2, 5], [2, 2, 1], [1, 0]]);
    expect(R.unpack_sequence(packedSeqs).map((t) => t.tolist())).toEqual([[1, 2], [3, 4, 5]]);
    expect(R.unpad_sequence(torch.arange(6).float().reshape(3, 2, 1), [3, 1]).map((t) => t.tolist())).toEqual([[[0], [2], [4]], [[1]]]);
    expect(String(R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3])]))).toBe(
      'PackedSequence(data=tensor([1., 3., 2.]), batch_sizes=tensor([2, 1]), sorted_indices=None, unsorted_indices=None)',
    );
    expect(p.double().data.dtype).toBe('float64');
    // gradients reach the padded input's real steps only
    const xg = torch.ones(3, 2, 1).requires_grad_(true);
    R.pack_padded_sequence(xg, [3, 1]).data.sum().backward();
    expect(xg.grad!.flatten().tolist()).toEqual([1, 1, 1, 0, 1, 0]);
    // PyTorch's messages
    expect(() => R.pack_padded_sequence(x, [2, 4, 2])).toThrow(
      new RangeError(
        'pack_padded_sequence(): `lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.',
      ),
    );
    expect(() => R.pack_padded_sequence(x, [4, 2, 0])).toThrow(
      new RangeError("pack_padded_sequence(): Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"),
    );
    expect(() => R.pack_padded_sequence(x, [4, 2])).toThrow(new RangeError('pack_padded_sequence(): Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)'));
    expect(() => R.pad_packed_sequence(p, { total_length: 3 })).toThrow(
      new RangeError('pad_packed_sequence(): Expected total_length to be at least the length of the longest sequence in input, but got total_length=3 and max sequence length being 4'),
    );
    // PyTorch reads past the input here; torchlet refuses
    expect(() => R.pack_padded_sequence(x, [5, 4, 2])).toThrow(new RangeError("pack_padded_sequence(): the longest length 5 is more than the input's 4 steps"));
  });

  it('nn.utils.rnn.pad_sequence: padded to the longest, batch second or first, gradients to each sequence', () => {
    const { pad_sequence } = nn.utils.rnn;
    const [a, b, c] = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])].map((t) => t.requires_grad_(true));
    expect(pad_sequence([a, b, c]).tolist()).toEqual([[1, 4, 6], [2, 5, 0], [3, 0, 0]]);
    const first = pad_sequence([a, b, c], { batch_first: true, padding_value: -1 });
    expect(first.tolist()).toEqual([[1, 2, 3], [4, 5, -1], [6, -1, -1]]);
    first.mul(torch.arange(9).reshape(3, 3).float()).sum().backward();
    expect([a.grad!.tolist(), b.grad!.tolist(), c.grad!.tolist()]).toEqual([[0, 1, 2], [3, 4], [6]]);
    expect(pad_sequence([torch.ones(2, 3), torch.ones(1, 3)]).shape).toEqual([2, 2, 3]);
    expect(pad_sequence([torch.ones(2), torch.ones(1).long()]).dtype).toBe('float32');
    expect(() => pad_sequence([])).toThrow(new RangeError('pad_sequence(): received an empty list of sequences'));
    expect(() => pad_sequence([torch.ones(2, 3), torch.ones(1, 4)])).toThrow(RangeError);
  });

  // PyTorch 1.13's reprs, names and messages for the cells
  it('cells: names, reprs, unbatched input, errors', () => {
    expect(String(new nn.RNNCell(3, 4))).toBe('RNNCell(3, 4)');
    expect(String(new nn.RNNCell(3, 4, false, 'relu'))).toBe('RNNCell(3, 4, bias=False, nonlinearity=relu)');
    expect(String(new nn.LSTMCell(3, 4))).toBe('LSTMCell(3, 4)');
    expect(String(new nn.GRUCell(3, 4, { bias: false }))).toBe('GRUCell(3, 4, bias=False)');
    expect(Object.keys(new nn.LSTMCell(3, 4).state_dict())).toEqual(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
    expect(new nn.GRUCell(3, 4).weight_hh.shape).toEqual([12, 4]);
    const lstm = new nn.LSTMCell(3, 4);
    const [h, c] = lstm(torch.randn(3));
    expect([h.shape, c.shape]).toEqual([[4], [4]]);
    const rnn = new nn.RNNCell(3, 4);
    expect(() => rnn(torch.randn(2, 5))).toThrow(new RangeError('rnn_cell(): input has inconsistent input_size: got 5 expected 3'));
    expect(() => rnn(torch.randn(2, 3), torch.randn(2, 5))).toThrow(new RangeError('rnn_cell(): hidden0 has inconsistent hidden_size: got 5, expected 4'));
    expect(() => rnn(torch.randn(2, 3), torch.randn(3, 4))).toThrow(new RangeError("rnn_cell(): Input batch size 2 doesn't match hidden0 batch size 3"));
    expect(() => rnn(torch.randn(2, 2, 3))).toThrow(new RangeError('RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor'));
    expect(() => lstm(torch.randn(2, 3), torch.randn(2, 4) as never)).toThrow(new TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor"));
  });
});
