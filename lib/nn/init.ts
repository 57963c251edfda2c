// nn.init: in-place initializers with PyTorch's formulas (fan computation, gains), without autograd.
import { no_grad } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { normal, uniform53 } from '../random';
import { copy_ } from '../ops/shape';
import { checkArgs, resolveArgs } from '../args';

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(`calculate_gain(): unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** [fan_in, fan_out] of a weight: dims 1 and 0 times the receptive field (product of the rest). */
export function calculateFans(t: Tensor): [number, number] {
  return fans('calculateFans', t);
}

function fans(op: string, t: Tensor): [number, number] {
  checkTensor(op, t, 'tensor');
  if (t.dim() < 2) throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fill(op: string, t: Tensor, sample: () => number): Tensor {
  checkTensor(op, t, 'tensor');
  const values = Float64Array.from({ length: t.numel() }, sample);
  no_grad(() => copy_(t, new Tensor(values, t.shape, 'float64'), op));
  return t;
}

/** The numeric arguments after the tensor, positional or in one options object (Python's errors otherwise). */
function numbers<T extends Record<string, number | undefined>>(op: string, t: Tensor, defaults: T, args: IArguments): T {
  checkTensor(op, t, 'tensor');
  const a = resolveArgs(op, Object.keys(defaults) as (keyof T & string)[], defaults, args, 1);
  for (const [name, v] of Object.entries(a)) {
    if (typeof v !== 'number') throw new TypeError(`${op}(): argument '${name}' must be float, not ${typeName(v)}`);
  }
  return a;
}

export function uniform_(t: Tensor, a: number | { a?: number; b?: number } = 0, b = 1): Tensor {
  const p = numbers('uniform_', t, { a: 0, b: 1 }, arguments);
  return fill('uniform_', t, () => p.a + (p.b - p.a) * uniform53());
}

export function normal_(t: Tensor, mean: number | { mean?: number; std?: number } = 0, std = 1): Tensor {
  const p = numbers('normal_', t, { mean: 0, std: 1 }, arguments);
  return fill('normal_', t, () => p.mean + p.std * normal());
}

export function constant_(t: Tensor, val: number | { val: number }): Tensor {
  const p = numbers('constant_', t, { val: undefined as number | undefined }, arguments);
  return fill('constant_', t, () => p.val as number);
}

export function zeros_(t: Tensor): Tensor {
  checkArgs('zeros_', arguments, 1);
  checkTensor('zeros_', t, 'tensor');
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  checkArgs('ones_', arguments, 1);
  checkTensor('ones_', t, 'tensor');
  return constant_(t, 1);
}

export function xavier_uniform_(t: Tensor, gain: number | { gain?: number } = 1): Tensor {
  const p = numbers('xavier_uniform_', t, { gain: 1 }, arguments);
  const [fanIn, fanOut] = fans('xavier_uniform_', t);
  const bound = p.gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

export function xavier_normal_(t: Tensor, gain: number | { gain?: number } = 1): Tensor {
  const p = numbers('xavier_normal_', t, { gain: 1 }, arguments);
  const [fanIn, fanOut] = fans('xavier_normal_', t);
  return normal_(t, 0, p.gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

/** The std of kaiming_*_(t, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'): `args` is the call's arguments. */
function kaimingStd(op: string, t: Tensor, args: IArguments): number {
  checkTensor(op, t, 'tensor');
  const defaults = { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' } as { a: number; mode: string; nonlinearity: Nonlinearity };
  const { a, mode, nonlinearity } = resolveArgs(op, ['a', 'mode', 'nonlinearity'], defaults, args, 1);
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new RangeError(`${op}(): Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = fans(op, t);
  return calculate_gain(nonlinearity, a) / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/** kaiming_uniform_(t, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'), or with one options object. */
export function kaiming_uniform_(t: Tensor, a: number | KaimingOptions = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaiming_uniform_', t, arguments);
  return uniform_(t, -bound, bound);
}

export function kaiming_normal_(t: Tensor, a: number | KaimingOptions = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor {
  return normal_(t, 0, kaimingStd('kaiming_normal_', t, arguments));
}
