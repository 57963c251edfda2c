// Recurrent layers: RNN, LSTM, GRU (and one step of each: RNNCell, LSTMCell, GRUCell) with PyTorch's arguments
// (num_layers, bias, batch_first, dropout, bidirectional), parameter names (weight_ih_l0, bias_hh_l1_reverse,
// ...), initialization and gate order (LSTM i, f, g, o; GRU r, z, n). Each time step is composed from
// differentiable ops (linear, sigmoid, tanh), the input's projection computed for all steps at once, so autograd
// and both backends come for free.
import { is_autocast_cpu_enabled, outsideAutocast } from '../autocast';
import { Tensor, checkTensor, typeName } from '../tensor';
import { empty, zeros } from '../ops/creation';
import { cat, stack } from '../ops/shape';
import { sigmoid, tanh, relu } from '../ops/elementwise';
import { linear } from '../ops/linalg';
import { fmtShape } from '../shape';
import { Module, Parameter } from './module';
import * as init from './init';
import * as F from './functional';
import { kwargs, requireArgs } from './kwargs';
import { pyFloat } from './activation';
import { PackedSequence, pad_packed_sequence } from './rnn_utils';
import { index_select } from '../ops/indexing';

export interface RNNArgs {
  input_size?: number;
  hidden_size?: number;
  num_layers?: number;
  nonlinearity?: 'tanh' | 'relu';
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
}

type Mode = 'RNN' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN: 1, LSTM: 4, GRU: 3 };

/** One layer-direction's weights. */
interface Cell {
  w_ih: Parameter;
  w_hh: Parameter;
  b_ih: Parameter | null;
  b_hh: Parameter | null;
}

/** One step: the new (h, c) from the input's projection xw (x W_ih^T + b_ih) and the previous state. */
function step(mode: Mode, nonlinearity: 'tanh' | 'relu', c: Cell, xw: Tensor, h: Tensor, cell: Tensor | null): [Tensor, Tensor | null] {
  const hw = linear(h, c.w_hh, c.b_hh);
  if (mode === 'RNN') return [(nonlinearity === 'tanh' ? tanh : relu)(xw.add(hw)), null];
  if (mode === 'LSTM') {
    const [i, f, g, o] = xw.add(hw).chunk(4, 1);
    const next = sigmoid(f).mul(cell!).add(sigmoid(i).mul(tanh(g)));
    return [sigmoid(o).mul(tanh(next)), next];
  }
  const [xr, xz, xn] = xw.chunk(3, 1);
  const [hr, hz, hn] = hw.chunk(3, 1);
  const r = sigmoid(xr.add(hr));
  const z = sigmoid(xz.add(hz));
  const n = tanh(xn.add(r.mul(hn)));
  return [n.sub(z.mul(n)).add(z.mul(h)), null]; // (1 - z) n + z h
}

/** What RNN, LSTM and GRU share (nn.RNNBase). */
export abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(mode: Mode, args: readonly unknown[]) {
    super();
    const names = ['input_size', 'hidden_size', 'num_layers', ...(mode === 'RNN' ? ['nonlinearity'] : []), 'bias', 'batch_first', 'dropout', 'bidirectional'];
    const a = kwargs<RNNArgs>(mode, names as (keyof RNNArgs & string)[], { num_layers: 1, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0, bidirectional: false }, args);
    requireArgs(mode, a, ['input_size', 'hidden_size']);
    for (const name of ['input_size', 'hidden_size', 'num_layers'] as const) {
      const v = a[name];
      if (!Number.isInteger(v) || (v as number) < (name === 'input_size' ? 0 : 1)) throw new RangeError(`${mode}(): ${name} must be a ${name === 'input_size' ? 'non-negative' : 'positive'} integer, got ${String(v)}`);
    }
    if (a.nonlinearity !== 'tanh' && a.nonlinearity !== 'relu') throw new RangeError(`${mode}(): Unknown nonlinearity '${String(a.nonlinearity)}'`);
    if (typeof a.dropout !== 'number' || !(a.dropout >= 0 && a.dropout <= 1)) {
      throw new RangeError(`${mode}(): dropout should be a number in range [0, 1] representing the probability of an element being zeroed`);
    }
    this.mode = mode;
    this.input_size = a.input_size!;
    this.hidden_size = a.hidden_size!;
    this.num_layers = a.num_layers!;
    this.nonlinearity = a.nonlinearity;
    this.bias = !!a.bias;
    this.batch_first = !!a.batch_first;
    this.dropout = a.dropout;
    this.bidirectional = !!a.bidirectional;
    // PyTorch's order: per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh
    const rows = GATES[mode] * this.hidden_size;
    const self = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const inputs = layer === 0 ? this.input_size : this.hidden_size * this.directions;
      for (let d = 0; d < this.directions; d++) {
        const suffix = `_l${layer}${d ? '_reverse' : ''}`;
        self[`weight_ih${suffix}`] = new Parameter(empty(rows, inputs));
        self[`weight_hh${suffix}`] = new Parameter(empty(rows, this.hidden_size));
        if (this.bias) {
          self[`bias_ih${suffix}`] = new Parameter(empty(rows));
          self[`bias_hh${suffix}`] = new Parameter(empty(rows));
        }
      }
    }
    this.reset_parameters();
  }

  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Every weight and bias ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch's. */
  reset_parameters(): void {
    const bound = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const p of this.parameters()) init.uniform_(p, -bound, bound);
  }

  private cell(layer: number, direction: number): Cell {
    const self = this as unknown as Record<string, Parameter | undefined>;
    const suffix = `_l${layer}${direction ? '_reverse' : ''}`;
    return { w_ih: self[`weight_ih${suffix}`]!, w_hh: self[`weight_hh${suffix}`]!, b_ih: self[`bias_ih${suffix}`] ?? null, b_hh: self[`bias_hh${suffix}`] ?? null };
  }

  /**
   * forward(input, hx?): input [T, N, input_size] ([N, T, input_size] with batch_first, or unbatched [T,
   * input_size]); hx the initial hidden state [num_layers * directions, N, hidden_size] (LSTM: [h0, c0]), zeros
   * by default. Returns [output, h_n] (LSTM: [output, [h_n, c_n]]), output holding the last layer's h at every step.
   * A PackedSequence input gives a PackedSequence output: each sequence runs for its own length only (the reverse
   * direction starts at its last step), and h_n holds each one's state after its last step.
   */
  override forward(input: Tensor, hx?: Tensor | readonly Tensor[] | null): [Tensor, Tensor | Tensor[]];
  override forward(input: PackedSequence, hx?: Tensor | readonly Tensor[] | null): [PackedSequence, Tensor | Tensor[]];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | readonly Tensor[] | null): [Tensor | PackedSequence, Tensor | Tensor[]] {
    // PyTorch's recurrent layers are single kernels that CPU autocast leaves in float32
    if (is_autocast_cpu_enabled()) return outsideAutocast(() => this.forward(input as Tensor, hx));
    if (input instanceof PackedSequence) return this.forwardPacked(input, hx);
    return this.run(input, hx, null);
  }

  /** forward on a PackedSequence: run on its padded form with each step's batch size, the states in sorted order. */
  private forwardPacked(input: PackedSequence, hx?: Tensor | readonly Tensor[] | null): [PackedSequence, Tensor | Tensor[]] {
    const [padded] = pad_packed_sequence(new PackedSequence(input.data, input.batch_sizes)); // still sorted
    const sortBatch = (t: Tensor) => (input.sorted_indices ? index_select(t, 1, input.sorted_indices) : t);
    const unsortBatch = (t: Tensor) => (input.unsorted_indices ? index_select(t, 1, input.unsorted_indices) : t);
    const given = hx === undefined || hx === null ? hx : Array.isArray(hx) ? hx.map((h) => sortBatch(checkTensor(this.mode.toLowerCase(), h, 'hx', 2))) : sortBatch(checkTensor(this.mode.toLowerCase(), hx, 'hx', 2));
    const sizes = input.stepSizes;
    const [output, hn] = this.run(padded, given, sizes);
    const data = cat(sizes.map((b, t) => output.select(0, t).narrow(0, 0, b)), 0);
    const packed = new PackedSequence(data, input.batch_sizes, input.sorted_indices, input.unsorted_indices);
    return [packed, Array.isArray(hn) ? hn.map(unsortBatch) : unsortBatch(hn)];
  }

  /** The layers over x ([T, N, input_size], or as forward takes it when `stepSizes` is null: then every sequence has T steps). */
  private run(input: Tensor, hx: Tensor | readonly Tensor[] | null | undefined, stepSizes: number[] | null): [Tensor, Tensor | Tensor[]] {
    const op = this.mode.toLowerCase();
    const x0 = checkTensor(op, input);
    if (x0.dim() !== 2 && x0.dim() !== 3) throw new RangeError(`${op}(): input must have 2 or 3 dimensions, got ${x0.dim()}`);
    if (x0.shape[x0.dim() - 1] !== this.input_size) {
      throw new RangeError(`${op}(): input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${x0.shape[x0.dim() - 1]}`);
    }
    const batched = x0.dim() === 3;
    // as [T, N, input_size]
    const x = !batched ? x0.unsqueeze(1) : this.batch_first && !stepSizes ? x0.transpose(0, 1) : x0;
    const [T, N] = x.shape;
    const states = this.directions * this.num_layers;
    const expected = batched ? [states, N, this.hidden_size] : [states, this.hidden_size];
    const initial = (t: Tensor | undefined | null, what: string): Tensor => {
      if (t === undefined || t === null) return zeros([states, N, this.hidden_size], { dtype: x.dtype });
      checkTensor(op, t, what, 2);
      if (fmtShape(t.shape) !== fmtShape(expected)) throw new RangeError(`${op}(): Expected ${what} size (${expected.join(', ')}), got ${fmtShape(t.shape)}`);
      return batched ? t : t.unsqueeze(1);
    };
    let h0: Tensor, c0: Tensor | null = null;
    if (this.mode === 'LSTM') {
      if (hx !== undefined && hx !== null && !(Array.isArray(hx) && hx.length === 2)) throw new TypeError(`${op}(): hx must be [h_0, c_0] for an LSTM, not ${typeName(hx)}`);
      const pair = hx as readonly Tensor[] | null | undefined;
      h0 = initial(pair?.[0], 'hidden');
      c0 = initial(pair?.[1], 'cell');
    } else {
      if (Array.isArray(hx)) throw new TypeError(`${op}(): hx must be a Tensor, not a list`);
      h0 = initial(hx as Tensor | null | undefined, 'hidden');
    }

    let layerInput = x;
    const hn: Tensor[] = [];
    const cn: Tensor[] = [];
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const c = this.cell(layer, d);
        const k = layer * this.directions + d;
        const xw = linear(layerInput.reshape(T * N, layerInput.shape[2]), c.w_ih, c.b_ih).reshape(T, N, -1);
        let h = h0.select(0, k);
        let cell = c0 ? c0.select(0, k) : null;
        const steps: Tensor[] = new Array<Tensor>(T);
        for (let s = 0; s < T; s++) {
          const t = d ? T - 1 - s : s; // the reverse direction reads the sequence backwards
          const b = stepSizes ? stepSizes[t] : N;
          if (b === N) {
            [h, cell] = step(this.mode, this.nonlinearity, c, xw.select(0, t), h, cell);
          } else {
            // packed: the first b sequences (sorted longest first) have a step t; the others keep their state,
            // which in the reverse direction is still the initial one until their last step comes
            const [hb, cb] = step(this.mode, this.nonlinearity, c, xw.select(0, t).narrow(0, 0, b), h.narrow(0, 0, b), cell ? cell.narrow(0, 0, b) : null);
            h = cat([hb, h.narrow(0, b, N - b)], 0);
            cell = cb && cell ? cat([cb, cell.narrow(0, b, N - b)], 0) : null;
          }
          steps[t] = h;
        }
        outputs.push(T ? stack(steps, 0) : zeros([0, N, this.hidden_size], { dtype: x.dtype }));
        hn.push(h);
        if (cell) cn.push(cell);
      }
      layerInput = outputs.length === 1 ? outputs[0] : cat(outputs, 2);
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1) layerInput = F.dropout(layerInput, this.dropout, true);
    }
    const unbatch = (t: Tensor, dim: number) => (batched ? t : t.squeeze(dim));
    const output = unbatch(this.batch_first && batched && !stepSizes ? layerInput.transpose(0, 1) : layerInput, 1);
    const hN = unbatch(stack(hn, 0), 1);
    return [output, this.mode === 'LSTM' ? [hN, unbatch(stack(cn, 0), 1)] : hN];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batch_first) s += ', batch_first=True';
    if (this.dropout) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/** RNN(input_size, hidden_size, num_layers = 1, nonlinearity = 'tanh', bias, batch_first, dropout, bidirectional). */
export class RNN extends RNNBase {
  constructor(...args: (number | boolean | string | RNNArgs)[]) {
    super('RNN', args);
  }
}

/** LSTM(input_size, hidden_size, num_layers = 1, bias, batch_first, dropout, bidirectional): forward returns [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(...args: (number | boolean | RNNArgs)[]) {
    super('LSTM', args);
  }
}

/** GRU(input_size, hidden_size, num_layers = 1, bias, batch_first, dropout, bidirectional). */
export class GRU extends RNNBase {
  constructor(...args: (number | boolean | RNNArgs)[]) {
    super('GRU', args);
  }
}


export interface RNNCellArgs {
  input_size?: number;
  hidden_size?: number;
  bias?: boolean;
  nonlinearity?: 'tanh' | 'relu';
}

/** RNNCell, LSTMCell and GRUCell: one step of the layers above, on [N, input_size] (or [input_size]) input. */
/** What RNNCell, LSTMCell and GRUCell share (nn.RNNCellBase). */
export abstract class RNNCellBase extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  readonly nonlinearity: 'tanh' | 'relu';
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  constructor(
    private readonly mode: Mode,
    args: readonly unknown[],
  ) {
    super();
    const name = `${mode}Cell`;
    const names = ['input_size', 'hidden_size', 'bias', ...(mode === 'RNN' ? ['nonlinearity'] : [])];
    const a = kwargs<RNNCellArgs>(name, names as (keyof RNNCellArgs & string)[], { bias: true, nonlinearity: 'tanh' }, args);
    requireArgs(name, a, ['input_size', 'hidden_size']);
    for (const key of ['input_size', 'hidden_size'] as const) {
      if (!Number.isInteger(a[key]) || a[key] < 0) throw new RangeError(`${name}(): ${key} must be a non-negative integer, got ${String(a[key])}`);
    }
    if (a.nonlinearity !== 'tanh' && a.nonlinearity !== 'relu') throw new RangeError(`${name}(): Unknown nonlinearity: ${String(a.nonlinearity)}`);
    this.input_size = a.input_size;
    this.hidden_size = a.hidden_size;
    this.bias = !!a.bias;
    this.nonlinearity = a.nonlinearity;
    const rows = GATES[mode] * this.hidden_size;
    this.weight_ih = new Parameter(empty(rows, this.input_size));
    this.weight_hh = new Parameter(empty(rows, this.hidden_size));
    this.bias_ih = this.bias ? new Parameter(empty(rows)) : null;
    this.bias_hh = this.bias ? new Parameter(empty(rows)) : null;
    this.reset_parameters();
  }

  /** Every weight and bias ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch's. */
  reset_parameters(): void {
    const bound = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const p of this.parameters()) init.uniform_(p, -bound, bound);
  }

  /** The step on checked input and state (zeros when not given), unbatched input as a batch of one. */
  protected run(input: Tensor, states: (Tensor | null | undefined)[]): Tensor[] {
    const name = `${this.mode}Cell`;
    const op = `${this.mode.toLowerCase()}_cell`;
    const x = checkTensor(op, input);
    if (x.dim() !== 1 && x.dim() !== 2) throw new RangeError(`${name}: Expected input to be 1-D or 2-D but received ${x.dim()}-D tensor`);
    const batched = x.dim() === 2;
    const xb = batched ? x : x.unsqueeze(0);
    if (xb.shape[1] !== this.input_size) throw new RangeError(`${op}(): input has inconsistent input_size: got ${xb.shape[1]} expected ${this.input_size}`);
    const [h, c] = states.map((t, i) => {
      if (t === null || t === undefined) return zeros([xb.shape[0], this.hidden_size], { dtype: x.dtype });
      const s = checkTensor(op, t, 'hx', 2);
      const sb = batched ? s : s.unsqueeze(0);
      if (sb.dim() !== 2 || sb.shape[1] !== this.hidden_size) throw new RangeError(`${op}(): hidden${i} has inconsistent hidden_size: got ${sb.shape[sb.dim() - 1]}, expected ${this.hidden_size}`);
      if (sb.shape[0] !== xb.shape[0]) throw new RangeError(`${op}(): Input batch size ${xb.shape[0]} doesn't match hidden${i} batch size ${sb.shape[0]}`);
      return sb;
    });
    const weights = { w_ih: this.weight_ih, w_hh: this.weight_hh, b_ih: this.bias_ih, b_hh: this.bias_hh };
    const [hNext, cNext] = step(this.mode, this.nonlinearity, weights, linear(xb, this.weight_ih, this.bias_ih), h, c ?? null);
    return (cNext ? [hNext, cNext] : [hNext]).map((t) => (batched ? t : t.squeeze(0)));
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (!this.bias) s += ', bias=False';
    if (this.mode === 'RNN' && this.nonlinearity !== 'tanh') s += `, nonlinearity=${this.nonlinearity}`;
    return s;
  }
}

/** RNNCell(input_size, hidden_size, bias = true, nonlinearity = 'tanh'); forward(input, hx = null) returns h'. */
export class RNNCell extends RNNCellBase {
  constructor(...args: (number | boolean | string | RNNCellArgs)[]) {
    super('RNN', args);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    if (is_autocast_cpu_enabled()) return outsideAutocast(() => this.forward(input, hx));
    return this.run(input, [hx])[0];
  }
}

/** LSTMCell(input_size, hidden_size, bias = true); forward(input, [h, c] = null) returns [h', c']. */
export class LSTMCell extends RNNCellBase {
  constructor(...args: (number | boolean | RNNCellArgs)[]) {
    super('LSTM', args);
  }
  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    if (is_autocast_cpu_enabled()) return outsideAutocast(() => this.forward(input, hx));
    if (hx !== null && hx !== undefined && !(Array.isArray(hx) && hx.length === 2)) {
      throw new TypeError(`lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not ${hx instanceof Tensor ? 'Tensor' : typeName(hx)}`);
    }
    const [h, c] = this.run(input, [hx?.[0], hx?.[1]]);
    return [h, c];
  }
}

/** GRUCell(input_size, hidden_size, bias = true); forward(input, hx = null) returns h'. */
export class GRUCell extends RNNCellBase {
  constructor(...args: (number | boolean | RNNCellArgs)[]) {
    super('GRU', args);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    if (is_autocast_cpu_enabled()) return outsideAutocast(() => this.forward(input, hx));
    return this.run(input, [hx])[0];
  }
}
