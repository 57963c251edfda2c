// How the fixture scripts (scripts/gen_*_fixtures.py) write what JSON cannot hold, and how tests read it back.
import { expect } from 'vitest';
import * as torch from '../lib/index';

/** A value from the value-writing scripts: non-finite floats as 'nan', 'inf', '-inf'; bools as themselves. */
export type Num = number | boolean | 'nan' | 'inf' | '-inf';
export const num = (v: Num): number => (typeof v !== 'string' ? +v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity);

/** A tensor from the value-writing scripts (scripts/fixture_codec.py's enc_values). */
export interface ValuesEncoded {
  shape: number[];
  dtype: string;
  values: Num[];
}
/** A case of scripts/fixture_codec.py's ramp_case: ramp inputs, the outputs and the weighted-sum gradients. */
export interface RampCase {
  inputs: { shape: number[]; dtype: string }[];
  outs: ValuesEncoded[];
  grads?: (ValuesEncoded | null)[];
}

/** A tensor from the bit-writing scripts: floats as their IEEE bit patterns in hex (exact), other dtypes as numbers. */
export interface BitsEncoded {
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
  shape: number[];
  bits: (string | number)[];
}
export const isBitsEncoded = (a: unknown): a is BitsEncoded => typeof a === 'object' && a !== null && 'bits' in a;
export function decodeBits(e: BitsEncoded): number[] {
  if (e.dtype === 'float32') return Array.from(new Float32Array(new Uint32Array(e.bits.map((h) => parseInt(h as string, 16))).buffer));
  if (e.dtype === 'float64') return Array.from(new Float64Array(new BigUint64Array(e.bits.map((h) => BigInt(`0x${h as string}`))).buffer));
  return e.bits as number[];
}
export const bitsTensor = (e: BitsEncoded): torch.Tensor => torch.tensor(decodeBits(e), { dtype: e.dtype }).reshape(e.shape);

/** The scripts' ramp inputs: arange(n) * 0.5 - 1 for floats, arange(n) for integers, in the given shape. */
export function ramp(shape: number[], dtype: string): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  let t = torch.arange(n, { dtype: 'float64' });
  if (dtype.startsWith('float')) t = t.mul(0.5).sub(1);
  return t.reshape(shape).to(dtype);
}

/**
 * Replays a ramp_case: `call` on the case's ramp inputs, each output checked against the fixture with `check`, then
 * (when the case has gradients) the gradient of sum(out_k * (arange(out_k.numel()) + 1)) w.r.t. each float input.
 */
export function checkRampCase(
  name: string,
  c: RampCase,
  call: (...xs: torch.Tensor[]) => torch.Tensor | torch.Tensor[],
  check: (actual: torch.Tensor, expected: ValuesEncoded, what: string) => void,
): void {
  const xs = c.inputs.map(({ shape, dtype }) => {
    const x = ramp(shape, dtype);
    return c.grads && dtype.startsWith('float') ? x.requires_grad_(true) : x;
  });
  const result = call(...xs);
  const outs = Array.isArray(result) ? result : [result];
  expect(outs.length, name).toBe(c.outs.length);
  outs.forEach((o, k) => check(o, c.outs[k], `${name} output ${k}`));
  if (!c.grads) return;
  const weighted = outs.filter((o) => o.requires_grad).map((o) => o.mul(torch.arange(o.numel(), { dtype: o.dtype }).add(1).reshape([...o.shape])).sum());
  weighted.reduce((a, b) => a.add(b)).backward();
  xs.forEach((x, k) => {
    const want = c.grads![k];
    if (want === null) expect(x.grad, `${name} grad ${k}`).toBeNull();
    else check(x.grad!, want, `${name} grad ${k}`);
  });
}
