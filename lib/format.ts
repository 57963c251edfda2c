// Tensor printing, character for character as PyTorch 1.13's torch/_tensor_str.py prints `repr(t)`.
import { getDefaultDtype, isFloating, type DType } from './dtype';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

type Profile = 'default' | 'short' | 'full';

const PROFILES: Record<Profile, Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

export const printOptions: PrintOptions = { ...PROFILES.default, sci_mode: null };

/** torch.set_printoptions: a profile first, then the explicitly given options on top. */
export function set_printoptions(options: Partial<PrintOptions> & { profile?: Profile } = {}): void {
  if (options.profile !== undefined && Object.prototype.hasOwnProperty.call(PROFILES, options.profile)) {
    Object.assign(printOptions, PROFILES[options.profile]);
  }
  for (const key of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    const value = options[key];
    if (value !== undefined && value !== null) printOptions[key] = value;
  }
  // As in PyTorch, every call sets sci_mode: leaving it out goes back to automatic.
  printOptions.sci_mode = options.sci_mode ?? null;
}

// ---- Exact decimal rendering of doubles ----------------------------------------------------
// Python's '{:.Nf}' / '{:.Ne}' round the exact binary value half-to-even at any magnitude; JS's
// toFixed rounds exact ties up and switches to exponent form past 1e21, so we round ourselves.

const float64View = new DataView(new ArrayBuffer(8));

/** |x| (finite) exactly as digits × 10^-scale. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  float64View.setFloat64(0, Math.abs(x));
  const bits = float64View.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = Math.max(biasedExponent, 1) - 1075;
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // mantissa / 2^k == mantissa·5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** digits × 10^-scale rescaled to an integer count of 10^-targetScale, rounding half to even. */
function rescale(digits: bigint, scale: number, targetScale: number): bigint {
  if (targetScale >= scale) return digits * 10n ** BigInt(targetScale - scale);
  const divisor = 10n ** BigInt(scale - targetScale);
  const quotient = digits / divisor;
  const twiceRemainder = (digits % divisor) * 2n;
  const roundUp = twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n);
  return roundUp ? quotient + 1n : quotient;
}

function nonFiniteText(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** Python's '{:.<decimals>f}'.format(x), including '-0.0000' for negative zero. */
export function fixedText(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { digits, scale } = exactDecimal(x);
  const text = rescale(digits, scale, decimals).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return sign + text;
  return `${sign}${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** Python's '{:.<decimals>e}'.format(x): one leading digit and an exponent of at least two digits. */
export function scientificText(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let mantissa = 0n;
  let exponent = 0;
  if (x !== 0) {
    const { digits, scale } = exactDecimal(x);
    exponent = digits.toString().length - 1 - scale;
    mantissa = rescale(digits, scale, decimals - exponent);
    if (mantissa.toString().length > decimals + 1) {
      // rounding carried into a new digit, e.g. 9.99996 -> 10.0000
      mantissa /= 10n;
      exponent += 1;
    }
  }
  const text = mantissa.toString().padStart(decimals + 1, '0');
  const fraction = decimals > 0 ? `.${text.slice(1)}` : '';
  const exponentText = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return `${sign}${text[0]}${fraction}e${exponentText}`;
}

// ---- Element formatters: one common width for every element of a tensor ---------------------

interface ElementFormatter {
  width: number;
  format(value: number): string;
}

function integerFormatter(shown: readonly number[], dtype: DType): ElementFormatter {
  const text = dtype === 'bool' ? (v: number) => (v !== 0 ? 'True' : 'False') : (v: number) => String(v);
  const width = shown.reduce((widest, v) => Math.max(widest, text(v).length), 1);
  return { width, format: (v) => text(v).padStart(width) };
}

/** PyTorch's _Formatter for floats: the mode and width come from the nonzero finite values alone. */
function floatFormatter(shown: readonly number[]): ElementFormatter {
  const { precision } = printOptions;
  const nonzeroFinite = shown.filter((v) => Number.isFinite(v) && v !== 0);
  let integerMode = true; // every value integral: print '1.' rather than '1.0000'
  let scientific = false;
  let width = 1;
  // With no nonzero finite value PyTorch returns early, before even applying sci_mode.
  if (nonzeroFinite.length > 0) {
    let max = 0;
    let min = Infinity;
    for (const v of nonzeroFinite) {
      max = Math.max(max, Math.abs(v));
      min = Math.min(min, Math.abs(v));
    }
    integerMode = nonzeroFinite.every(Number.isInteger);
    const wideRange = max / min > 1000 || max > 1e8;
    scientific = wideRange || (!integerMode && min < 1e-4);
    const sample = scientific
      ? (v: number) => scientificText(v, precision)
      : integerMode
        ? (v: number) => `${fixedText(v, 0)}.`
        : (v: number) => fixedText(v, precision);
    for (const v of nonzeroFinite) width = Math.max(width, sample(v).length);
    // A forced sci_mode keeps the width measured in the automatic mode, as PyTorch does.
    if (printOptions.sci_mode !== null) scientific = printOptions.sci_mode;
  }
  const text = (v: number): string => {
    if (scientific) return scientificText(v, precision);
    if (integerMode) return fixedText(v, 0) + (Number.isFinite(v) ? '.' : '');
    return fixedText(v, precision);
  };
  return { width, format: (v) => text(v).padStart(width) };
}

// ---- Layout ---------------------------------------------------------------------------------

const ELLIPSIS = null;

/** The indices of one dimension that get printed; ELLIPSIS marks the summarized middle. */
function shownIndices(size: number, summarize: boolean): (number | typeof ELLIPSIS)[] {
  const all = Array.from({ length: size }, (_, i) => i);
  const edge = printOptions.edgeitems;
  if (!summarize || size <= 2 * edge) return all;
  // The tail is Python's self[-edge:], which for edgeitems=0 is the whole dimension.
  const tail = edge === 0 ? all : all.slice(size - edge);
  return [...all.slice(0, edge), ELLIPSIS, ...tail];
}

/** A tuple of ints as Python prints it: (2,) or (2, 3). */
export function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The bracketed data, laid out from column `indent` (where its '[' sits). */
function formatData(values: ArrayLike<number>, shape: readonly number[], dtype: DType, indent: number): string {
  const numel = shape.reduce((a, b) => a * b, 1);
  const summarize = numel > printOptions.threshold;
  if (summarize && printOptions.edgeitems === 0 && shape.length > 1) {
    throw new RangeError('edgeitems=0 cannot summarize a tensor of 2 or more dimensions (PyTorch raises too)');
  }
  const read = dtype === 'float32' ? (i: number) => Math.fround(values[i]) : (i: number) => values[i];
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));

  // The formatter sees only the printed elements, so summarized tensors get a width from their edges.
  const shown: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === shape.length) return void shown.push(read(offset));
    for (const i of shownIndices(shape[dim], summarize)) if (i !== ELLIPSIS) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const formatter = isFloating(dtype) ? floatFormatter(shown) : integerFormatter(shown, dtype);

  const render = (dim: number, offset: number, column: number): string => {
    const indices = shownIndices(shape[dim], summarize);
    if (dim === shape.length - 1) {
      const items = indices.map((i) => (i === ELLIPSIS ? ' ...' : formatter.format(read(offset + i))));
      const perLine = Math.max(1, Math.floor((printOptions.linewidth - column) / (formatter.width + 2)));
      const lines: string[] = [];
      for (let start = 0; start < items.length; start += perLine) lines.push(items.slice(start, start + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(column + 1)}`)}]`;
    }
    const blocks = indices.map((i) => (i === ELLIPSIS ? '...' : render(dim + 1, offset + i * strides[dim], column + 1)));
    // Blocks of higher dimensions are set apart by (remaining dims - 1) blank lines.
    const separator = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(column + 1)}`;
    return `[${blocks.join(separator)}]`;
  };
  return shape.length === 0 ? formatter.format(read(0)) : render(0, 0, indent);
}

/** PyTorch's _add_suffixes, including its line-length bookkeeping. */
function appendSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  let result = text;
  let lastLineLength = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > printOptions.linewidth) {
      result += `,\n${' '.repeat(indent)}${suffix}`;
      lastLineLength = indent + suffix.length;
    } else {
      result += `, ${suffix}`;
      lastLineLength += suffix.length + 2;
    }
  }
  return `${result})`;
}

/**
 * The text PyTorch prints for a tensor: values are the tensor's elements in row-major order (contiguous, length = product of shape),
 * suffixes are extra `key=value` items PyTorch appends after the data, e.g. ['requires_grad=True'] or ['grad_fn=<ReluBackward0>'].
 * The formatter itself adds `dtype=torch.X` when PyTorch would (dtypes other than the default dtype, int64 and bool)
 * and `size=(0, 3)`-style info for empty tensors exactly as PyTorch does.
 */
export function formatTensor(values: ArrayLike<number>, shape: readonly number[], dtype: DType, suffixes: readonly string[] = []): string {
  const prefix = 'tensor(';
  const numel = shape.reduce((a, b) => a * b, 1);
  if (values.length !== numel) {
    throw new RangeError(`formatTensor: ${values.length} values for shape ${pythonTuple(shape)}`);
  }
  const extras: string[] = [];
  let data: string;
  if (numel === 0) {
    // Nothing shows the dtype or shape of an empty tensor, so both are spelled out (1-D shape excepted).
    if (shape.length !== 1) extras.push(`size=${pythonTuple(shape)}`);
    if (dtype !== getDefaultDtype()) extras.push(`dtype=torch.${dtype}`);
    data = '[]';
  } else {
    if (dtype !== getDefaultDtype() && dtype !== 'int64' && dtype !== 'bool') extras.push(`dtype=torch.${dtype}`);
    data = formatData(values, shape, dtype, prefix.length);
  }
  return appendSuffixes(prefix + data, [...extras, ...suffixes], prefix.length);
}
