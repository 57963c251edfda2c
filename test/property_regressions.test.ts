// Minimal cases of bugs the property suites (test/property_*.test.ts) found, kept as plain examples on every
// backend so they stay fixed even if the random search stops reaching them.
import { describe, it, expect } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectSameBits } from './helpers';

describe.each(BACKENDS)('property regressions on %s', (backend) => {
  it('pow follows C (and PyTorch): 1^y = 1 for any y, NaN included, and (-1)^(+-inf) = 1', () => {
    useBackend(backend);
    const base = torch.tensor([1, 1, 1, -1, -1, 2, NaN, NaN]);
    const exponent = torch.tensor([NaN, Infinity, -Infinity, Infinity, -Infinity, NaN, 0, 1]);
    expectSameBits(base.pow(exponent).data, [1, 1, 1, 1, 1, NaN, 1, NaN], 'pow');
    expectSameBits(torch.tensor([1, -1]).pow(NaN).data, [1, NaN], 'pow(x, NaN)');
    expectSameBits(torch.tensor([1, -1]).double().pow(Infinity).data, [1, 1], 'float64 pow');
  });

  it('clamp is min(max(x, lo), hi): hi wins when lo > hi, a NaN bound gives NaN, the gradient is PyTorch\'s', () => {
    useBackend(backend);
    // values and gradients recorded from PyTorch 1.13 (torch.clamp, then .sum().backward())
    expectSameBits(torch.clamp(torch.tensor([-1, 0.5, 3, NaN]), 2, 1).data, [1, 1, 1, NaN], 'lo > hi');
    expectSameBits(torch.clamp(torch.tensor([-1, 0.5, 3]), NaN, 1).data, [NaN, NaN, NaN], 'NaN min');
    expectSameBits(torch.clamp(torch.tensor([-1, 0.5, 3]), { max: NaN }).data, [NaN, NaN, NaN], 'NaN max');
    const ints = torch.clamp(torch.tensor([1, 5], { dtype: 'int64' }), 0, 2.5);
    expect([ints.dtype, ints.tolist()]).toEqual(['float32', [1, 2.5]]);
    const x = torch.tensor([-1, 0, 0.5, 1, 2], { requires_grad: true });
    torch.clamp(x, 0, 1).sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 1, 1, 1, 0]);
    const y = torch.tensor([-1, 0, 0.5, 1, 2], { requires_grad: true });
    torch.clamp(y, 1, 0).sum().backward();
    expect(y.grad!.tolist()).toEqual([0, 0, 0, 0, 0]);
  });

  it('nn.Threshold takes NaN as its threshold or value (only a missing argument is an error)', () => {
    useBackend(backend);
    const x = torch.tensor([-1, 0, 2]);
    expectSameBits(new torch.nn.Threshold(NaN, 0)(x).data, [-1, 0, 2], 'threshold NaN');
    expectSameBits(new torch.nn.Threshold(0, NaN)(x).data, [NaN, NaN, 2], 'value NaN');
    expect(() => new torch.nn.Threshold(0.5)).toThrow(TypeError);
  });

  it('slice, narrow and flatten check a 0-d tensor as PyTorch does', () => {
    useBackend(backend);
    const x = torch.tensor(3);
    // these used to return a tensor of shape [NaN], which failed only later, in whatever read it
    expect(() => x.slice(0, 0, 1)).toThrow(new RangeError('slice() cannot be applied to a 0-dim tensor.'));
    expect(() => x.index('0:1')).toThrow(RangeError);
    expect(() => x.narrow(0, 0, 1)).toThrow(new RangeError('narrow() cannot be applied to a 0-dim tensor.'));
    expect(() => x.flatten(0, 1)).toThrow(/flatten\(\): Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)/);
    expect(x.flatten(-1, 0).shape).toEqual([1]);
    expect(x.flatten().tolist()).toEqual([3]);
  });

  it('a wrongly typed argument is a TypeError even where a value check would also fail (0-d input)', () => {
    useBackend(backend);
    const x = torch.tensor(3);
    expect(() => x.select(0, 1.5)).toThrow(TypeError);
    expect(() => x.narrow(0, 0.5, 0)).toThrow(TypeError);
    expect(() => x.slice(0, 0.5)).toThrow(TypeError);
    expect(() => x.slice(0, 0, 1, 1.5)).toThrow(TypeError);
    expect(() => x.select(0, 0)).toThrow(RangeError);
    expect(() => torch.ones(3).slice(0, 0, 3, 0)).toThrow(new RangeError('slice(): slice step must be positive'));
  });
});
