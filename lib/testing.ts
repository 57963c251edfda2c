// torch.testing.assert_close, as PyTorch 1.13's: tensors, numbers, booleans and (nested) arrays and objects of
// them, with its default tolerances per dtype and its messages, thrown as Node's AssertionError (PyTorch's
// ValueError and TypeError are a RangeError and a TypeError). JS numbers are Python floats and bigints its ints.
import { AssertionError } from 'node:assert';
import { isFloating, promoteTypes, type DType } from './dtype';
import { fixedText, pythonTuple } from './format';
import { isOptions } from './args';
import { pyFloat, pyBool } from './nn/activation';
import { Tensor } from './tensor';

export interface AssertCloseOptions {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
  check_dtype?: boolean;
  check_stride?: boolean;
  /** Accepted for PyTorch's signature; every tensor here is a dense CPU tensor. */
  check_device?: boolean;
  check_layout?: boolean;
  allow_subclasses?: boolean;
  /** Replaces the message, or maps the generated one to the message. */
  msg?: string | ((generated: string) => string);
}

/** PyTorch's default (rtol, atol) per dtype: exact comparison for the others. */
const DEFAULT_TOLERANCES: Partial<Record<DType, [number, number]>> = { float32: [1.3e-6, 1e-5], float64: [1e-7, 1e-7] };
const tolerancesOf = (dtype: DType) => DEFAULT_TOLERANCES[dtype] ?? [0, 0];

/** A failure: its message, the error's type, and the path of the item it occurred for. */
class Mismatch {
  constructor(
    readonly message: string,
    readonly type: 'assertion' | 'type' = 'assertion',
    readonly path: string[] = [],
  ) {}
}

const pyStr = (s: string) => `'${s}'`;
const pyClass = (v: unknown) =>
  `<class '${v instanceof Tensor ? 'torch.Tensor' : typeof v === 'number' ? 'float' : typeof v === 'bigint' ? 'int' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'str' : Array.isArray(v) ? 'list' : v === null || v === undefined ? 'NoneType' : 'dict'}'>`;

/** A number of a compared value as Python prints it: floats as repr, integers (and bools turned into ints) bare. */
const show = (v: number, integral: boolean) => (integral ? String(v) : pyFloat(v));

/** PyTorch's _make_mismatch_msg: "Scalars/Tensor-likes are not close!" and the greatest differences. */
function mismatchMessage(what: string, extra: string, diffs: { abs: string; rel: string; absAt?: string; relAt?: string }, rtol: number, atol: number): string {
  const equality = rtol === 0 && atol === 0;
  const line = (kind: string, diff: string, at: string | undefined, tol: number) =>
    (at === undefined ? `${kind[0].toUpperCase()}${kind.slice(1)} difference: ${diff}` : `Greatest ${kind} difference: ${diff} at index ${at}`) +
    (equality ? '' : ` (up to ${pyFloat(tol)} allowed)`) + '\n';
  const text = `${what} are not ${equality ? 'equal' : 'close'}!\n\n${extra ? extra + '\n' : ''}` +
    line('absolute', diffs.abs, diffs.absAt, atol) + line('relative', diffs.rel, diffs.relAt, rtol);
  return text.trim();
}

/** |a - b| <= atol + rtol |b|, or a == b (equal infinities), or both NaN with equal_nan: torch.isclose. */
function close(a: number, b: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNan && Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

function compareScalars(actual: number, expected: number, integral: boolean, rtol: number, atol: number, equalNan: boolean): void {
  if (close(actual, expected, rtol, atol, equalNan)) return;
  const abs = Math.abs(actual - expected);
  const rel = expected === 0 ? Infinity : abs / Math.abs(expected);
  throw new Mismatch(mismatchMessage('Scalars', '', { abs: show(abs, integral), rel: pyFloat(rel) }, rtol, atol));
}

function compareTensors(actual: Tensor, expected: Tensor, o: Required<Pick<AssertCloseOptions, 'equal_nan' | 'check_dtype' | 'check_stride'>>, tol: [number, number] | null): void {
  const attribute = (name: string, a: string, b: string) => {
    if (a !== b) throw new Mismatch(`The values for attribute '${name}' do not match: ${a} != ${b}.`);
  };
  attribute('shape', `torch.Size([${actual.shape.join(', ')}])`, `torch.Size([${expected.shape.join(', ')}])`);
  if (o.check_dtype) attribute('dtype', `torch.${actual.dtype}`, `torch.${expected.dtype}`);
  if (o.check_stride) attribute('stride()', pythonTuple(actual.stride()), pythonTuple(expected.stride()));
  const [rtol, atol] = tol ?? [0, 1].map((k) => Math.max(tolerancesOf(actual.dtype)[k], tolerancesOf(expected.dtype)[k])) as [number, number];
  // compared as PyTorch promotes them: floating dtypes in float64, the others as int64 (exact in doubles here)
  const integral = !isFloating(promoteTypes(actual.dtype, expected.dtype));
  const a = actual.contiguous().data, b = expected.contiguous().data;
  const mismatched: number[] = [];
  for (let i = 0; i < a.length; i++) if (!close(a[i], b[i], rtol, atol, o.equal_nan)) mismatched.push(i);
  if (mismatched.length === 0) return;
  if (actual.dim() === 0) return compareScalars(a[0], b[0], integral, rtol, atol, o.equal_nan);
  // the greatest differences over the mismatched elements (the first NaN, else the first greatest): torch.max
  let absAt = mismatched[0], relAt = mismatched[0], absMax = -1, relMax = -1;
  for (const i of mismatched) {
    const abs = Math.abs(a[i] - b[i]);
    // an integer quotient is true division into the default float32, a float one stays in float64
    const rel = integral ? Math.fround(abs / Math.abs(b[i])) : abs / Math.abs(b[i]);
    if (!Number.isNaN(absMax) && (abs > absMax || Number.isNaN(abs))) [absMax, absAt] = [abs, i];
    if (!Number.isNaN(relMax) && (rel > relMax || Number.isNaN(rel))) [relMax, relAt] = [rel, i];
  }
  const index = (flat: number) => pythonTuple(actual.shape.map((_, d) => Math.floor(flat / actual.shape.slice(d + 1).reduce((p, s) => p * s, 1)) % actual.shape[d]));
  const extra = `Mismatched elements: ${mismatched.length} / ${a.length} (${fixedText((100 * mismatched.length) / a.length, 1)}%)`;
  throw new Mismatch(mismatchMessage('Tensor-likes', extra, { abs: show(absMax, integral), absAt: index(absAt), rel: pyFloat(relMax), relAt: index(relAt) }, rtol, atol));
}

function compare(actual: unknown, expected: unknown, o: Required<Pick<AssertCloseOptions, 'equal_nan' | 'check_dtype' | 'check_stride'>>, tol: [number, number] | null, path: string[]): void {
  try {
    if (Array.isArray(actual) && Array.isArray(expected)) {
      if (actual.length !== expected.length) throw new Mismatch(`The length of the sequences mismatch: ${actual.length} != ${expected.length}`);
      actual.forEach((item, i) => compare(item, expected[i], o, tol, [...path, `[${i}]`]));
    } else if (isOptions(actual) && isOptions(expected)) {
      const missing = Object.keys(expected).filter((k) => !(k in actual));
      const extra = Object.keys(actual).filter((k) => !(k in expected));
      if (missing.length || extra.length) {
        const list = (ks: string[]) => `[${ks.map(pyStr).join(', ')}]`;
        throw new Mismatch(['The keys of the mappings do not match:', ...(missing.length ? [`Missing keys in the actual mapping: ${list(missing)}`] : []),
          ...(extra.length ? [`Additional keys in the actual mapping: ${list(extra)}`] : [])].join('\n'));
      }
      for (const k of Object.keys(expected)) compare(actual[k], expected[k], o, tol, [...path, `[${pyStr(k)}]`]);
    } else if (actual instanceof Tensor && expected instanceof Tensor) {
      compareTensors(actual, expected, o, tol);
    } else if (typeof actual === 'boolean' && typeof expected === 'boolean') {
      if (actual !== expected) throw new Mismatch(`Booleans mismatch: ${pyBool(actual)} is not ${pyBool(expected)}`);
    } else if (isNumber(actual) && isNumber(expected)) {
      if (o.check_dtype && typeof actual !== typeof expected) throw new Mismatch(`The (d)types do not match: ${pyClass(actual)} != ${pyClass(expected)}.`);
      const integral = typeof actual === 'bigint' && typeof expected === 'bigint';
      const [rtol, atol] = tol ?? (integral ? [0, 0] : tolerancesOf('float64'));
      compareScalars(Number(actual), Number(expected), integral, rtol, atol, o.equal_nan);
    } else if (!(actual === null && expected === null) && !(actual === undefined && expected === undefined)) {
      throw new Mismatch(`No comparison pair was able to handle inputs of type ${pyClass(actual)} and ${pyClass(expected)}.`, 'type');
    }
  } catch (e) {
    if (e instanceof Mismatch && e.path.length === 0 && path.length > 0) throw new Mismatch(e.message, e.type, path);
    throw e;
  }
}

const isNumber = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/**
 * torch.testing.assert_close(actual, expected, { rtol, atol, equal_nan, check_dtype, check_stride, msg }): throws an
 * AssertionError with PyTorch's message unless the two are close (tensors: same shape and dtype, every element
 * within atol + rtol |expected|; defaults by dtype, float32 1.3e-6 / 1e-5, float64 1e-7 / 1e-7, exact otherwise).
 */
export function assert_close(actual: unknown, expected: unknown, options: AssertCloseOptions = {}): void {
  const { rtol, atol, equal_nan = false, check_dtype = true, check_stride = false, msg } = options;
  // msg replaces (or maps) every message, as PyTorch's ErrorMeta.to_error does
  const message = (generated: string) => (typeof msg === 'function' ? msg(generated) : msg ?? generated);
  if ((rtol === undefined) !== (atol === undefined)) {
    throw new RangeError(message(`Both 'rtol' and 'atol' must be either specified or omitted, but got no ${rtol === undefined ? 'rtol' : 'atol'}.`));
  }
  try {
    compare(actual, expected, { equal_nan, check_dtype, check_stride }, rtol === undefined ? null : [rtol, atol as number], []);
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    const generated = e.path.length ? `${e.message}\n\nThe failure occurred for item ${e.path.join('')}` : e.message;
    if (e.type === 'type') throw new TypeError(message(generated));
    throw new AssertionError({ message: message(generated) });
  }
}
