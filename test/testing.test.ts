// torch.testing.assert_close against PyTorch 1.13 (scripts/gen_testing_fixtures.py): for each case the same
// comparison, whose outcome must be PyTorch's: no error, or the same message in the matching error class
// (AssertionError: Node's assert.AssertionError; ValueError: RangeError; TypeError: TypeError).
import { describe, it, expect } from 'vitest';
import { AssertionError } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';

type Outcome = 'ok' | { type: 'AssertionError' | 'ValueError' | 'TypeError'; message: string };
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/testing.json'), 'utf8')) as Record<string, Outcome>;
const T = (v: unknown, dtype?: torch.DType) => torch.tensor(v as number[], dtype ? { dtype } : {});
const { assert_close } = torch.testing;

// JS numbers stand for Python floats, bigints for Python ints (and int64 tensors)
const CASES: Record<string, () => void> = {
  close: () => assert_close(T([1, 2]), T([1, 2.000001])),
  values: () => assert_close(T([1, 2]), T([1, 2.1])),
  values_2d: () => assert_close(T([[1, 2], [3, 4]]), T([[1, 2.1], [3.5, 4]])),
  shape: () => assert_close(torch.ones(2), torch.ones(3)),
  dtype: () => assert_close(torch.ones(2), torch.ones(2, { dtype: 'float64' })),
  dtype_unchecked: () => assert_close(torch.ones(2), torch.ones(2, { dtype: 'float64' }), { check_dtype: false }),
  mixed_dtype_tolerance: () => assert_close(T([1]), T([1.000002], 'float64'), { check_dtype: false }),
  int: () => assert_close(T([1n, 2n]), T([1n, 3n])),
  int_with_tolerance: () => assert_close(T([1n, 2n]), T([1n, 3n]), { rtol: 0, atol: 1 }),
  bool: () => assert_close(T([true, false]), T([true, true])),
  bool_int_unchecked: () => assert_close(T([true]), T([1n]), { check_dtype: false }),
  float_int_unchecked: () => assert_close(T([1.5]), T([1n]), { check_dtype: false }),
  nan: () => assert_close(T([NaN]), T([NaN])),
  nan_equal: () => assert_close(T([NaN]), T([NaN]), { equal_nan: true }),
  inf: () => assert_close(T([Infinity]), T([Infinity])),
  opposite_inf: () => assert_close(T([Infinity]), T([-Infinity])),
  tolerance: () => assert_close(T([1, 2]), T([1, 2.1]), { rtol: 0, atol: 0.2 }),
  no_rtol: () => assert_close(T([1, 2]), T([1, 2.1]), { atol: 0.2 }),
  no_atol: () => assert_close(1, 1, { rtol: 1 }),
  relative_inf: () => assert_close(T([0, 1]), T([1, 0])),
  percent_tie: () => assert_close(torch.zeros(16), torch.cat([torch.ones(1), torch.zeros(15)])),
  large: () => assert_close(T([1e20]), T([1.1e20])),
  within_atol: () => assert_close(T([1e-20, 1]), T([2e-20, 2])),
  zero_d: () => assert_close(torch.tensor(1), torch.tensor(2)),
  empty: () => assert_close(torch.ones(0), torch.ones(0)),
  stride: () => assert_close(torch.ones(2, 3), torch.ones(3, 2).t(), { check_stride: true }),
  stride_unchecked: () => assert_close(torch.ones(2, 3), torch.ones(3, 2).t()),
  float_scalars: () => assert_close(1, 1 + 1e-9),
  float_scalars_far: () => assert_close(1, 1.1),
  int_scalars: () => assert_close(1n, 2n),
  int_float_scalars: () => assert_close(1n, 1),
  int_float_unchecked: () => assert_close(1n, 1.5, { check_dtype: false }),
  booleans: () => assert_close(true, false),
  list: () => assert_close([torch.ones(2), torch.zeros(1)], [torch.ones(2), torch.ones(1)]),
  list_length: () => assert_close([torch.ones(2)], [torch.ones(2), torch.ones(2)]),
  dict: () => assert_close({ a: torch.ones(2) }, { a: torch.zeros(2) }),
  dict_keys: () => assert_close({ a: torch.ones(2) }, { b: torch.zeros(2) }),
  nested: () => assert_close([{ a: [1, torch.ones(1)] }], [{ a: [1, torch.zeros(1)] }]),
  nested_length: () => assert_close({ a: [1] }, { a: [1, 2] }),
  msg: () => assert_close(torch.ones(2), torch.zeros(2), { msg: 'custom' }),
  msg_callable: () => assert_close(torch.ones(2), torch.zeros(2), { msg: (m) => 'X' + m.slice(0, 10) }),
  tensor_and_float: () => assert_close(torch.ones(2), 1),
  strings: () => assert_close('a', 'a'),
  nones: () => assert_close(null, null),
};

const ERROR_CLASS = { AssertionError, ValueError: RangeError, TypeError } as const;

describe('torch.testing.assert_close', () => {
  it('covers every PyTorch case', () => expect(Object.keys(CASES).sort()).toEqual(Object.keys(fixtures).sort()));

  for (const [name, outcome] of Object.entries(fixtures)) {
    it(`${name}: ${outcome === 'ok' ? 'passes' : outcome.type}`, () => {
      let error: unknown;
      try {
        CASES[name]();
      } catch (e) {
        error = e;
      }
      if (outcome === 'ok') return expect(error).toBeUndefined();
      expect(error).toBeInstanceOf(ERROR_CLASS[outcome.type]);
      expect((error as Error).message).toBe(outcome.message);
    });
  }

  it('passes a tensor compared with itself, of any dtype, and fails a changed element', () => {
    for (const dtype of ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool'] as const) {
      const x = torch.randint(0, 2, [3, 4]).to(dtype);
      expect(() => assert_close(x, x.clone())).not.toThrow();
      const y = x.clone();
      y.view(-1).index_fill_(0, torch.tensor([5n]), dtype === 'bool' ? Number(!x.view(-1).tolist()[5]) : 7);
      expect(() => assert_close(x, y)).toThrow(/Mismatched elements: 1 \/ 12 \(8\.3%\)\nGreatest absolute difference: \S+ at index \(1, 1\)/);
    }
  });
});
