// Shape arithmetic: size arguments, dims, broadcasting, strides. Errors name the op, like PyTorch's.
import { constants } from 'node:buffer';

export type Shape = readonly number[];

/** Largest element count we allocate: what one ArrayBuffer can hold at 8 bytes an element. */
export const MAX_NUMEL = Math.floor(constants.MAX_LENGTH / 8);

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Checks a list of sizes: non-negative integers (or -1 where allowed), total within MAX_NUMEL. */
export function checkSizes(op: string, sizes: readonly unknown[], allowInfer = false): number[] {
  for (const s of sizes) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`${op}(): size must be a list of integers, but got ${fmtValue(sizes)}`);
    }
    if (s < 0 && !(allowInfer && s === -1)) {
      throw new RangeError(`${op}(): negative dimension ${s} in size ${fmtValue(sizes)}`);
    }
  }
  const n = numelOf((sizes as number[]).map((s) => (s === -1 ? 1 : s)));
  if (n > MAX_NUMEL) {
    throw new RangeError(`${op}(): size ${fmtValue(sizes)} has ${n} elements, more than the maximum of ${MAX_NUMEL}`);
  }
  return sizes as number[];
}

function fmtValue(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(fmtValue).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v);
}

/** Sizes given as varargs (2, 3) or one array ([2, 3]); a trailing options object is split off. */
export function parseSizeArgs<O extends object>(op: string, args: readonly unknown[]): { shape: number[]; options: O } {
  let list = [...args];
  let options = {} as O;
  const last = list[list.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
    options = last as O;
    list = list.slice(0, -1);
  }
  if (list.length === 1 && Array.isArray(list[0])) list = list[0];
  return { shape: checkSizes(op, list), options };
}

/** Wraps a possibly negative dim into [0, rank), with PyTorch's IndexError text as a RangeError. */
export function normalizeDim(op: string, dim: unknown, rank: number): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) {
    throw new TypeError(`${op}(): dim must be an integer, but got ${fmtValue(dim)}`);
  }
  const r = Math.max(rank, 1); // a 0-d tensor accepts dim 0 and -1
  if (dim < -r || dim >= r) {
    throw new RangeError(`${op}(): Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** The broadcast shape of two shapes (NumPy rules), or a RangeError naming both. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}(): The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} ` +
          `(shapes ${fmtShape(a)} and ${fmtShape(b)})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of (shape, strides) as if broadcast to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const lead = target.length - shape.length;
  return target.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : strides[i - lead]));
}
