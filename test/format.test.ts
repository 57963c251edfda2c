// formatTensor against PyTorch 1.13's own repr(), recorded by scripts/gen_format_fixtures.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTensor, printOptions, set_printoptions, type PrintOptions } from '../lib/format';
import type { DType } from '../lib/dtype';

type Encoded = number | 'nan' | 'inf' | '-inf';
type OptionCall = Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' };

interface Case {
  name: string;
  shape: number[];
  dtype: DType;
  suffixes: string[];
  expected: string;
  values?: Encoded[];
  formula?: string;
  options?: OptionCall[];
}

interface Fixtures {
  torch_version: string;
  formulas: string[];
  cases: Case[];
  option_states: { calls: OptionCall[]; state: Omit<PrintOptions, 'threshold'> & { threshold: Encoded } }[];
}

const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'format.json'), 'utf8'));

function decode(v: Encoded): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

// Same formulas as FORMULAS in the generator: exactly-rounded float64 arithmetic on the flat index.
const SCALES = [0.001, 1, 1000];
const FORMULAS: Record<string, (i: number) => number> = {
  arange: (i) => i,
  mixed: (i) => (((i * 7919) % 1000) - 500) / 7,
  wide: (i) => (((i * 37) % 101) - 50) * SCALES[i % 3],
  every_third: (i) => (i % 3 === 0 ? 1 : 0),
};

/** The case's values in the storage the tensor would have (float32 rounds like torch's .to(float32)). */
function valuesOf(c: Case): ArrayLike<number> {
  const numel = c.shape.reduce((a, b) => a * b, 1);
  const raw = c.formula !== undefined ? Array.from({ length: numel }, (_, i) => FORMULAS[c.formula!](i)) : c.values!.map(decode);
  return c.dtype === 'float32' ? Float32Array.from(raw) : Float64Array.from(raw);
}

afterEach(() => set_printoptions({ profile: 'default' }));

describe(`formatTensor matches PyTorch ${fixtures.torch_version} repr()`, () => {
  it('has a formula for every formula the fixtures use', () => {
    expect(Object.keys(FORMULAS).sort()).toEqual(fixtures.formulas);
  });

  const plain = fixtures.cases.filter((c) => c.options === undefined);
  it.each(plain.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(formatTensor(valuesOf(c), c.shape, c.dtype, c.suffixes)).toBe(c.expected);
  });
});

describe('set_printoptions changes output as in PyTorch', () => {
  const withOptions = fixtures.cases.filter((c) => c.options !== undefined);
  it.each(withOptions.map((c) => [c.name, c] as const))('%s', (_, c) => {
    for (const call of c.options!) set_printoptions(call);
    expect(formatTensor(valuesOf(c), c.shape, c.dtype, c.suffixes)).toBe(c.expected);
  });

  it.each(fixtures.option_states.map((s) => [JSON.stringify(s.calls), s] as const))('leaves PRINT_OPTS as PyTorch after %s', (_, s) => {
    for (const call of s.calls) set_printoptions(call);
    expect({ ...printOptions }).toEqual({ ...s.state, threshold: decode(s.state.threshold) });
  });

  it('resets to the defaults between tests', () => {
    expect(printOptions).toEqual({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null });
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => formatTensor([1, 2, 3], [2, 2], 'float32')).toThrow(RangeError);
  });
});
