// torch.save / torch.load in PyTorch's own file format (since 1.6): a zip archive (entries stored uncompressed)
// holding `<name>/data.pkl`, a pickle of the object in which each tensor is a call of
// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks) and each storage a
// persistent id ('storage', torch.FloatStorage, key, 'cpu', numel) whose bytes are the entry `<name>/data/<key>`.
// So a state_dict saved here loads in Python with torch.load, and one saved by PyTorch loads here.
// Loading runs no code from the file: only the few globals below are understood (like weights_only=True).
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { B } from './backend';
import { DTYPES, bfloat16Bits, bfloat16FromBits, halfBits, halfFromBits, isReduced, storageClass, type DType, type Storage } from './dtype';
import { numelOf } from './shape';
import { Tensor, typeName } from './tensor';
import { isOptions } from './args';
import { Module, Parameter } from './nn/module';

// ---------------------------------------------------------------------------------------------- zip

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
const DATA_ALIGNMENT = 64; // PyTorch aligns each entry's data (so it can be memory-mapped): a padding extra field 'FB'

let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of uncompressed entries, each entry's data aligned to 64 bytes. */
function writeZip(entries: [string, Uint8Array][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const unpadded = offset + 30 + nameBytes.length + 4;
    const padding = (DATA_ALIGNMENT - (unpadded % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
    const header = Buffer.alloc(30 + nameBytes.length + 4 + padding);
    const crc = crc32(data);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(4 + padding, 28);
    nameBytes.copy(header, 30);
    header.writeUInt16LE(0x4246, 30 + nameBytes.length); // 'FB'
    header.writeUInt16LE(padding, 32 + nameBytes.length);
    const entry = Buffer.alloc(46 + nameBytes.length);
    entry.writeUInt32LE(CENTRAL_HEADER, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    nameBytes.copy(entry, 46);
    central.push(entry);
    parts.push(header, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += header.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize > 0xffffffff || entries.length > 0xffff) throw new RangeError('torch.save(): the file would exceed 4 GiB, which needs ZIP64 (not supported)');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIR, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** The entries of a zip archive by name (stored or deflated). */
function readZip(file: Buffer): Map<string, Buffer> {
  const bad = (why: string) => new Error(`torch.load(): not a valid PyTorch zip file (${why})`);
  let end = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--) {
    if (file.readUInt32LE(i) === END_OF_CENTRAL_DIR) {
      end = i;
      break;
    }
  }
  if (end < 0 && file.length >= 4 && file.readUInt32LE(0) === LOCAL_HEADER) throw bad('truncated: no end of central directory');
  if (end < 0) {
    throw new Error(
      'torch.load(): not a zip archive: files saved by PyTorch < 1.6 (or with _use_new_zipfile_serialization=False) use a legacy format; load and save them again with a newer PyTorch',
    );
  }
  const count = file.readUInt16LE(end + 10);
  let p = file.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > file.length || file.readUInt32LE(p) !== CENTRAL_HEADER) throw bad('central directory');
    const method = file.readUInt16LE(p + 10);
    const size = file.readUInt32LE(p + 20);
    const unpacked = file.readUInt32LE(p + 24);
    const nameLength = file.readUInt16LE(p + 28);
    const local = file.readUInt32LE(p + 42);
    const name = file.toString('utf8', p + 46, p + 46 + nameLength);
    if (local === 0xffffffff || size === 0xffffffff) throw new RangeError('torch.load(): ZIP64 archives (over 4 GiB) are not supported');
    if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL_HEADER) throw bad(`entry ${name}`);
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    if (start + size > file.length) throw bad(`entry ${name} is truncated`);
    const raw = file.subarray(start, start + size);
    if (method === 0) entries.set(name, raw);
    else if (method === 8) entries.set(name, zlib.inflateRawSync(raw, { maxOutputLength: unpacked }));
    else throw bad(`entry ${name} uses compression method ${method}`);
    p += 46 + nameLength + file.readUInt16LE(p + 30) + file.readUInt16LE(p + 32);
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------- storages

// PyTorch's storage classes for torchlet's dtypes, with bytes per element.
const STORAGE_CLASS: Record<DType, [string, number]> = {
  float32: ['FloatStorage', 4],
  float64: ['DoubleStorage', 8],
  float16: ['HalfStorage', 2],
  bfloat16: ['BFloat16Storage', 2],
  int64: ['LongStorage', 8],
  int32: ['IntStorage', 4],
  int16: ['ShortStorage', 2],
  int8: ['CharStorage', 1],
  uint8: ['ByteStorage', 1],
  bool: ['BoolStorage', 1],
};
const DTYPE_OF_STORAGE = new Map(Object.entries(STORAGE_CLASS).map(([dtype, [cls]]) => [cls, dtype as DType]));

/** A storage's little-endian bytes (int64 lives in a Float64Array of exact integers in torchlet). */
function storageBytes(storage: Storage, dtype: DType): Uint8Array {
  if (dtype === 'float16') return new Uint8Array(Uint16Array.from(storage, halfBits).buffer);
  if (dtype === 'bfloat16') return new Uint8Array(Uint16Array.from(storage, bfloat16Bits).buffer);
  if (dtype === 'int64') return new Uint8Array(BigInt64Array.from(storage as Float64Array, (v) => BigInt(v)).buffer);
  return new Uint8Array(storage.buffer, storage.byteOffset, storage.byteLength).slice();
}

function storageFromBytes(bytes: Uint8Array, dtype: DType, what: string): Storage {
  const width = STORAGE_CLASS[dtype][1];
  if (bytes.length % width) throw new Error(`torch.load(): ${what} has ${bytes.length} bytes, not a whole number of ${dtype} elements`);
  const n = bytes.length / width;
  const storage = B.alloc(dtype, n, false);
  const aligned = new Uint8Array(bytes); // a copy (Buffer's slice would be a view): its buffer starts at 0, so typed views are aligned
  if (dtype === 'int64') {
    const wide = new BigInt64Array(aligned.buffer, 0, n);
    for (let i = 0; i < n; i++) {
      const v = Number(wide[i]);
      if (!Number.isSafeInteger(v)) throw new RangeError(`torch.load(): ${what} holds the int64 value ${wide[i]}, beyond torchlet's exact range (|v| <= 2^53 - 1)`);
      storage[i] = v;
    }
  } else if (isReduced(dtype)) {
    const fromBits = dtype === 'float16' ? halfFromBits : bfloat16FromBits;
    new Uint16Array(aligned.buffer, 0, n).forEach((b, i) => (storage[i] = fromBits(b)));
  } else {
    const View = storageClass(dtype);
    storage.set(new View(aligned.buffer, 0, n));
  }
  return storage;
}

// ---------------------------------------------------------------------------------------------- pickle writer

/** Pickle protocol 2 of plain data and tensors, the subset PyTorch's torch.load reads. */
class PickleWriter {
  private chunks: Buffer[] = [];
  readonly storages = new Map<Storage, { key: string; dtype: DType }>();

  private op(...bytes: number[]): void {
    this.chunks.push(Buffer.from(bytes));
  }
  private string(s: string): void {
    const utf8 = Buffer.from(s, 'utf8');
    const header = Buffer.alloc(5);
    header[0] = 0x58; // BINUNICODE
    header.writeUInt32LE(utf8.length, 1);
    this.chunks.push(header, utf8);
  }
  private global(module: string, name: string): void {
    this.chunks.push(Buffer.from(`c${module}\n${name}\n`, 'latin1')); // GLOBAL
  }
  private int(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v < 256) return this.op(0x4b, v); // BININT1
    if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      const b = Buffer.alloc(5);
      b[0] = 0x4a; // BININT
      b.writeInt32LE(v, 1);
      return void this.chunks.push(b);
    }
    // LONG1: little-endian two's complement, as few bytes as keep the sign
    let n = BigInt(v);
    const bytes: number[] = [];
    do {
      bytes.push(Number(n & 0xffn));
      n >>= 8n;
    } while (!((n === 0n && !(bytes[bytes.length - 1] & 0x80)) || (n === -1n && bytes[bytes.length - 1] & 0x80)));
    this.op(0x8a, bytes.length, ...bytes);
  }
  private tuple(items: readonly number[]): void {
    this.op(0x28); // MARK
    for (const v of items) this.int(v);
    this.op(0x74); // TUPLE
  }

  value(v: unknown, path: string): void {
    if (v === null || v === undefined) return this.op(0x4e); // NONE
    if (typeof v === 'boolean') return this.op(v ? 0x88 : 0x89);
    if (typeof v === 'bigint') return this.int(v);
    if (typeof v === 'number') {
      // a JS number does not say int or float: integral values are written as Python ints (as JSON would)
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return this.int(v);
      const b = Buffer.alloc(9);
      b[0] = 0x47; // BINFLOAT, big-endian
      b.writeDoubleBE(v, 1);
      return void this.chunks.push(b);
    }
    if (typeof v === 'string') return this.string(v);
    if (v instanceof Parameter) {
      // as PyTorch pickles a Parameter: _rebuild_parameter(data, requires_grad, OrderedDict())
      this.global('torch._utils', '_rebuild_parameter');
      this.op(0x28);
      this.tensor(v.detach());
      this.op(v.requires_grad ? 0x88 : 0x89);
      this.global('collections', 'OrderedDict');
      this.op(0x29, 0x52, 0x74, 0x52); // EMPTY_TUPLE, REDUCE (the hooks), TUPLE, REDUCE
      return;
    }
    if (v instanceof Tensor) return this.tensor(v);
    if (Array.isArray(v)) {
      this.op(0x5d); // EMPTY_LIST
      if (v.length === 0) return;
      this.op(0x28);
      v.forEach((item, i) => this.value(item, `${path}[${i}]`));
      return this.op(0x65); // APPENDS
    }
    if (isOptions(v)) {
      this.op(0x7d); // EMPTY_DICT
      const entries = Object.entries(v);
      if (entries.length === 0) return;
      this.op(0x28);
      for (const [key, item] of entries) {
        this.string(key);
        this.value(item, `${path}.${key}`);
      }
      return this.op(0x75); // SETITEMS
    }
    const hint = v instanceof Module ? ': to save a module, save its state_dict() (PyTorch pickles the class itself, which has no Python counterpart here)' : '';
    const kind = typeof v === 'function' ? (v as object).constructor.name : typeName(v);
    throw new TypeError(`torch.save(): cannot save ${kind} at ${path}; tensors, plain objects, arrays, numbers, bigints, strings, booleans and null can be saved${hint}`);
  }

  private tensor(t: Tensor): void {
    let entry = this.storages.get(t._storage);
    if (!entry) {
      entry = { key: String(this.storages.size), dtype: t.dtype };
      this.storages.set(t._storage, entry);
    }
    this.global('torch._utils', '_rebuild_tensor_v2');
    this.op(0x28);
    this.op(0x28); // the persistent id ('storage', torch.FloatStorage, key, 'cpu', numel)
    this.string('storage');
    this.global('torch', STORAGE_CLASS[t.dtype][0]);
    this.string(entry.key);
    this.string('cpu');
    this.int(t._storage.length);
    this.op(0x74, 0x51); // TUPLE, BINPERSID
    this.int(t._offset);
    this.tuple(t.shape);
    this.tuple(t._strides);
    this.op(t.requires_grad ? 0x88 : 0x89);
    this.global('collections', 'OrderedDict'); // backward hooks: an empty OrderedDict
    this.op(0x29, 0x52); // EMPTY_TUPLE, REDUCE
    this.op(0x74, 0x52); // TUPLE, REDUCE
  }

  bytes(root: unknown): Buffer {
    this.op(0x80, 2); // PROTO 2
    this.value(root, 'obj');
    this.op(0x2e); // STOP
    return Buffer.concat(this.chunks);
  }
}

/**
 * torch.save(obj, f): writes obj (a state_dict, a tensor, or plain objects, arrays, numbers, strings, booleans
 * and null holding them) to the path f in PyTorch's format, which Python's torch.load reads. Plain objects
 * become dicts and arrays lists; integral numbers become ints. Tensors that share storage stay shared.
 */
export function save(obj: unknown, f: string): void {
  if (typeof f !== 'string') throw new TypeError(`torch.save(): argument 'f' must be a file path (str), not ${typeName(f)}`);
  const pickler = new PickleWriter();
  const pickle = pickler.bytes(obj);
  const folder = 'archive';
  const entries: [string, Uint8Array][] = [[`${folder}/data.pkl`, pickle], [`${folder}/byteorder`, Buffer.from('little')]];
  for (const [storage, { key, dtype }] of pickler.storages) entries.push([`${folder}/data/${key}`, storageBytes(storage, dtype)]);
  entries.push([`${folder}/version`, Buffer.from('3\n')]);
  fs.writeFileSync(f, writeZip(entries));
}

// ---------------------------------------------------------------------------------------------- pickle reader

type PyFunction = (...args: unknown[]) => unknown;

class StorageClass {
  constructor(readonly dtype: DType) {}
}

function newDict(): Record<string, unknown> {
  return {};
}

function setItem(dict: unknown, key: unknown, value: unknown): void {
  if (!isOptions(dict)) throw new Error(`torch.load(): the pickle sets an item on a ${typeName(dict)}, not a dict`);
  // defineProperty: a key such as '__proto__' becomes an ordinary property
  Object.defineProperty(dict, String(key), { value, enumerable: true, writable: true, configurable: true });
}

/** Unpickles data.pkl; `persistent(id)` resolves storages; `globals` are the only callables the pickle may name. */
function unpickle(data: Buffer, persistent: (id: unknown) => unknown): unknown {
  const globals: Record<string, unknown> = {
    'collections.OrderedDict': newDict,
    'builtins.dict': newDict,
    'torch._utils._rebuild_tensor_v2': rebuildTensor,
    'torch._utils._rebuild_parameter': (data: unknown, requiresGrad: unknown) => {
      if (!(data instanceof Tensor)) throw new Error('torch.load(): malformed parameter record');
      return new Parameter(data.detach(), !!requiresGrad);
    },
    'torch.Size': (sizes: unknown) => sizes,
  };
  for (const [cls, dtype] of DTYPE_OF_STORAGE) globals[`torch.${cls}`] = new StorageClass(dtype);
  const lookup = (module: string, name: string) => {
    const v = globals[`${module}.${name}`];
    if (v === undefined) {
      const storage = /^torch\.(\w+Storage)$/.exec(`${module}.${name}`);
      if (storage) throw new TypeError(`torch.load(): ${storage[1]} tensors are not supported (torchlet has ${DTYPES.join(', ')})`);
      throw new TypeError(`torch.load(): the file refers to ${module}.${name}, which torchlet does not load (it loads tensors, dicts, lists, tuples, numbers, strings, booleans and None)`);
    }
    return v;
  };

  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo: unknown[] = [];
  let p = 0;
  const need = (n: number) => {
    if (p + n > data.length) throw new Error('torch.load(): data.pkl is truncated');
  };
  const u8 = () => (need(1), data[p++]);
  const u32 = () => (need(4), (p += 4), data.readUInt32LE(p - 4));
  const text = (n: number, encoding: BufferEncoding) => (need(n), (p += n), data.toString(encoding, p - n, p));
  const line = () => {
    const end = data.indexOf(10, p);
    if (end < 0) throw new Error('torch.load(): data.pkl is truncated');
    const s = data.toString('latin1', p, end);
    p = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0 || (marks.length && stack.length <= marks[marks.length - 1])) throw new Error('torch.load(): malformed pickle (stack underflow)');
    return stack.pop();
  };
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) throw new Error('torch.load(): malformed pickle (no mark)');
    return stack.splice(m);
  };
  const top = () => stack[stack.length - 1];
  const list = () => {
    const l = top();
    if (!Array.isArray(l)) throw new Error(`torch.load(): the pickle appends to a ${typeName(l)}, not a list`);
    return l;
  };
  const call = (f: unknown, args: unknown) => {
    if (typeof f !== 'function' || !Array.isArray(args)) throw new Error(`torch.load(): malformed pickle (calls ${typeName(f)})`);
    return (f as PyFunction)(...args);
  };

  for (;;) {
    const opcode = u8();
    switch (opcode) {
      case 0x80: u8(); break; // PROTO
      case 0x95: need(8); p += 8; break; // FRAME
      case 0x2e: return pop(); // STOP
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x7d: stack.push(newDict()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: case 0x6c: stack.push(popMark()); break; // TUPLE, LIST
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x64: { const items = popMark(), d = newDict(); for (let i = 0; i + 1 < items.length; i += 2) setItem(d, items[i], items[i + 1]); stack.push(d); break; } // DICT
      case 0x61: { const v = pop(); list().push(v); break; } // APPEND
      case 0x65: { const items = popMark(); list().push(...items); break; } // APPENDS
      case 0x73: { const v = pop(), k = pop(); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { const items = popMark(), d = top(); for (let i = 0; i + 1 < items.length; i += 2) setItem(d, items[i], items[i + 1]); break; } // SETITEMS
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: need(4); stack.push(data.readInt32LE(p)); p += 4; break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: need(2); stack.push(data.readUInt16LE(p)); p += 2; break; // BININT2
      case 0x8a: { // LONG1
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[p + i]);
        if (n && data[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); stack.push(data.readDoubleBE(p)); p += 8; break; // BINFLOAT
      case 0x58: stack.push(text(u32(), 'utf8')); break; // BINUNICODE
      case 0x8c: stack.push(text(u8(), 'utf8')); break; // SHORT_BINUNICODE
      case 0x55: stack.push(text(u8(), 'latin1')); break; // SHORT_BINSTRING
      case 0x54: stack.push(text(u32(), 'latin1')); break; // BINSTRING
      case 0x63: { const module = line(); stack.push(lookup(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(), module = pop(); stack.push(lookup(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x71: memo[u8()] = top(); break; // BINPUT
      case 0x72: memo[u32()] = top(); break; // LONG_BINPUT
      case 0x94: memo.push(top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = opcode === 0x68 ? u8() : u32();
        if (!(i in memo)) throw new Error('torch.load(): malformed pickle (unknown memo entry)');
        stack.push(memo[i]);
        break;
      }
      case 0x51: stack.push(persistent(pop())); break; // BINPERSID
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(call(pop(), args)); break; } // NEWOBJ
      case 0x62: pop(); break; // BUILD: object state (an OrderedDict's _metadata): not needed
      case 0x30: pop(); break; // POP
      case 0x32: stack.push(top()); break; // DUP
      default:
        throw new Error(`torch.load(): unsupported pickle opcode 0x${opcode.toString(16)} at byte ${p - 1} of data.pkl`);
    }
  }
}

function rebuildTensor(storage: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown): Tensor {
  const s = storage as { storage: Storage; dtype: DType };
  const shape = size as number[];
  const strides = stride as number[];
  const ints = (v: unknown) => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
  if (!s?.storage || !Number.isSafeInteger(offset) || (offset as number) < 0 || !ints(shape) || !ints(strides) || shape.length !== strides.length) {
    throw new Error('torch.load(): malformed tensor record');
  }
  const last = (offset as number) + shape.reduce((end, n, i) => end + (n - 1) * strides[i], 0);
  if (numelOf(shape) > 0 && last >= s.storage.length) {
    throw new RangeError(`torch.load(): a tensor of size [${shape.join(', ')}] reaches element ${last} of a storage of ${s.storage.length}`);
  }
  const t = new Tensor(s.storage, shape, s.dtype, strides, offset as number);
  return requiresGrad ? t.requires_grad_(true) : t;
}

/**
 * torch.load(f, { map_location, weights_only }): reads a file saved by torch.save (here or by PyTorch >= 1.6)
 * from a path or the file's bytes. Dicts (and OrderedDicts) become plain objects, lists and tuples arrays,
 * tensors Tensors (sharing storage where the file shares it). Only CPU locations are meaningful: map_location
 * may be 'cpu' or omitted (tensors saved from another device load on the CPU).
 */
// The result is `any` by default, as Python's is untyped, so `model.load_state_dict(torch.load(f))` ports as is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load<T = any>(f: string | Uint8Array, options?: { map_location?: unknown; weights_only?: boolean }): T {
  if (typeof f !== 'string' && !(f instanceof Uint8Array)) throw new TypeError(`torch.load(): argument 'f' must be a file path (str) or the file's bytes, not ${typeName(f)}`);
  if (options !== undefined && !isOptions(options)) throw new TypeError(`torch.load(): expected an options object as argument 2, got ${typeName(options)}`);
  for (const key of Object.keys(options ?? {})) {
    if (key !== 'map_location' && key !== 'weights_only') throw new TypeError(`load() got an unexpected keyword argument '${key}'`);
  }
  const location = options?.map_location;
  if (location !== undefined && location !== null && String(location) !== 'cpu') {
    throw new TypeError(`torch.load(): torchlet loads onto the CPU only; map_location must be 'cpu', got '${String(location)}'`);
  }
  const file = typeof f === 'string' ? fs.readFileSync(f) : Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  const entries = readZip(file);
  const pkl = [...entries.keys()].find((name) => name.endsWith('data.pkl') && name.split('/').length === 2);
  if (!pkl) throw new Error('torch.load(): not a valid PyTorch zip file (no <name>/data.pkl entry)');
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const storages = new Map<string, { storage: Storage; dtype: DType }>();
  const root = unpickle(entries.get(pkl)!, (id): unknown => {
    const [kind, cls, key] = Array.isArray(id) ? id : [];
    if (kind !== 'storage' || !(cls instanceof StorageClass)) throw new Error('torch.load(): malformed pickle (unknown persistent id)');
    const name = `${prefix}data/${String(key)}`;
    let s = storages.get(name);
    if (!s) {
      const bytes = entries.get(name);
      if (!bytes) throw new Error(`torch.load(): the file has no entry ${name} for a tensor's storage`);
      s = { storage: storageFromBytes(bytes, cls.dtype, name), dtype: cls.dtype };
      storages.set(name, s);
    }
    return s;
  });
  return root as T;
}
