// Products, diagonals and torch.linalg against PyTorch 1.13 (test/fixtures/linalg.json, from
// scripts/gen_linalg_fixtures.py): values and gradients, float32 and float64, batched, on each backend.
//
// Tolerances (stated per case in the fixtures):
//   float32: rtol 2e-4 + atol 2e-5 (summation order differs; the factorizations run in float64 here and in float32
//            LAPACK in PyTorch)
//   float64: rtol 1e-9 + atol 1e-10 (Jacobi / Householder here vs LAPACK there)
//   svd/grad_* float32: rtol 2e-3 + atol 2e-4 (the singular vectors' gradients divide by S_j^2 - S_i^2, which
//            amplifies PyTorch's float32 rounding; float64 matches at 1e-9)
// Results unique only up to sign (Q, R, eigenvectors, singular vectors) are compared as |x| or x^2, and their
// invariants (Q R = A, U diag(S) Vh = A, A V = V diag(L), orthonormal columns) are checked at 1e-12 (float64).
import { describe, it, expect, beforeAll, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';
import { resetWarnings } from '../lib/utils/warnings';

type Tensor = torch.Tensor;
interface Encoded {
  shape: number[];
  data: number[];
}
interface Case {
  id: string;
  dtype: 'float32' | 'float64';
  inputs: Encoded[];
  grad: boolean[];
  outs: Encoded[];
  grads: (Encoded | null)[];
  tol: Tolerance;
}
const fixture: { torch_version: string; cases: Case[] } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'linalg.json'), 'utf8'));

const L = torch.linalg;
const abs = (ts: Tensor[]) => ts.map((t) => t.abs());
/** S, and the first k singular vectors squared (their signs are not unique). */
const svdSquared = (a: Tensor, full: boolean) => {
  const { U, S, Vh } = L.svd(a, full);
  const k = S.shape[S.dim() - 1];
  return [S, U.narrow(-1, 0, k).square(), Vh.narrow(-2, 0, k).square()];
};
/** The same functions as the Python lambdas of each case id. */
const FNS: Record<string, (...xs: Tensor[]) => Tensor | Tensor[]> = {
  'einsum/matmul': (a, b) => torch.einsum('ij,jk->ik', a, b),
  'einsum/implicit_transpose': (a) => torch.einsum('ji', a),
  'einsum/trace': (a) => torch.einsum('ii', a),
  'einsum/diag': (a) => torch.einsum('ii->i', a),
  'einsum/batch_ellipsis': (a, b) => torch.einsum('...ij,...jk', a, b),
  'einsum/outer_sum': (a, b) => torch.einsum('i,j->', a, b),
  'einsum/three': (a, b, c) => torch.einsum('bn,anm,bm->ba', [a, b, c]),
  'einsum/upper': (a, b) => torch.einsum('Ab,ba', a, b),
  'einsum/broadcast1': (a, b) => torch.einsum('ij,jk->ik', a, b),
  'einsum/ellipsis_mid': (a) => torch.einsum('a...b->...', a),
  'einsum/repeat3': (a) => torch.einsum('iij->ji', a),
  addmm: (i, a, b) => torch.addmm(i, a, b, { beta: 0.5, alpha: 2 }),
  'addmm/beta0': (i, a, b) => i.addmm(a, b, { beta: 0 }),
  addmv: (i, a, v) => torch.addmv(i, a, v, { beta: -1, alpha: 0.5 }),
  addr: (i, a, b) => torch.addr(i, a, b, { alpha: 3 }),
  addbmm: (i, a, b) => torch.addbmm(i, a, b, { beta: 2 }),
  baddbmm: (i, a, b) => i.baddbmm(a, b, { alpha: -1.5 }),
  mv: (a, v) => torch.mv(a, v),
  ger: (a, b) => torch.ger(a, b),
  inner: (a, b) => a.inner(b),
  vdot: (a, b) => torch.vdot(a, b),
  kron: (a, b) => torch.kron(a, b),
  'tensordot/int': (a, b) => torch.tensordot(a, b, 2),
  'tensordot/lists': (a, b) => torch.tensordot(a, b, { dims: [[0, 2], [2, 0]] }),
  multi_dot: (a, b, c) => L.multi_dot([a, b, c]),
  'multi_dot/mats': (a, b, c) => L.multi_dot([a, b, c]),
  'cross/default_dim': (a, b) => torch.cross(a, b),
  'cross/broadcast': (a, b) => a.cross(b),
  'linalg.cross': (a, b) => L.cross(a, b),
  'cdist/p2': (a, b) => torch.cdist(a, b),
  'cdist/p1': (a, b) => torch.cdist(a, b, 1),
  'cdist/p3': (a, b) => torch.cdist(a, b, { p: 3 }),
  'cdist/pinf': (a, b) => torch.cdist(a, b, Infinity),
  'cdist/p0': (a, b) => torch.cdist(a, b, 0),
  'cdist/zero_distance': (a, b) => torch.cdist(a, b),
  'cdist/zero_distance_p3': (a, b) => torch.cdist(a, b, 3),
  trace: (a) => torch.trace(a),
  'diag/vector_offset': (a) => torch.diag(a, 1),
  'diag/vector_neg': (a) => a.diag(-2),
  'diag/matrix': (a) => torch.diag(a, -1),
  diagflat: (a) => torch.diagflat(a, 1),
  diag_embed: (a) => torch.diag_embed(a, 1, 0, 2),
  diagonal: (a) => torch.diagonal(a, -1, 2, 0),
  'diagonal/linalg': (a) => L.diagonal(a, { offset: 1 }),
  det: (a) => L.det(a),
  'det/singular': (a) => a.det(),
  slogdet: (a) => [...L.slogdet(a)],
  logdet: (a) => torch.logdet(a),
  inv: (a) => L.inv(a),
  'solve/matrix': (a, b) => L.solve(a, b),
  'solve/vector': (a, b) => L.solve(a, b),
  'solve/right': (a, b) => L.solve(a, b, { left: false }),
  'matrix_power/3': (a) => L.matrix_power(a, 3),
  'matrix_power/-2': (a) => a.matrix_power(-2),
  'matrix_power/0': (a) => L.matrix_power(a, 0),
  cholesky: (a) => L.cholesky(a),
  'cholesky/upper': (a) => L.cholesky(a, { upper: true }),
  'qr/reduced': (a) => abs([...L.qr(a)]),
  'qr/complete': (a) => abs([L.qr(a, 'complete').R]),
  'qr/wide': (a) => abs([...L.qr(a)]),
  'qr/grad_tall': (a) => [...L.qr(a)].map((t) => t.square()),
  'qr/grad_square': (a) => [...L.qr(a, 'complete')].map((t) => t.square()),
  'qr/grad_wide': (a) => [...L.qr(a)].map((t) => t.square()),
  eigh: (a) => [L.eigh(a).eigenvalues, L.eigh(a).eigenvectors.square()],
  'eigh/upper': (a) => [L.eigh(a, 'U')[0], L.eigh(a, { UPLO: 'U' })[1].square()],
  eigvalsh: (a) => L.eigvalsh(a),
  'svdvals/tall': (a) => L.svdvals(a),
  'svdvals/wide': (a) => L.svdvals(a),
  'svd/vectors': (a) => [L.svd(a, false).U.abs(), L.svd(a).Vh.index('0:3').abs()],
  'svd/grad_tall': (a) => svdSquared(a, false),
  'svd/grad_wide': (a) => svdSquared(a, false),
  'svd/grad_full': (a) => svdSquared(a, true),
  'svd/grad_square': (a) => svdSquared(a, true),
  'pinv/tall': (a) => L.pinv(a),
  'pinv/wide_batched': (a) => L.pinv(a),
  'pinv/rank_deficient': (a) => L.pinv(a),
  lstsq: (a, b) => L.lstsq(a, b, { driver: 'gelsd' }).solution,
  'lstsq/gelsd_fields': (a, b) => [0, 1, 3].map((k) => L.lstsq(a, b, null, { driver: 'gelsd' })[k]),
  'lstsq/gels_vector': (a, b) => [0, 1].map((k) => L.lstsq(a, b, { driver: 'gels' })[k]),
  matrix_rank: (a) => L.matrix_rank(a),
  'vector_norm/3': (a) => L.vector_norm(a, 3, 1),
  'vector_norm/0': (a) => L.vector_norm(a, 0),
  'vector_norm/inf': (a) => L.vector_norm(a, Infinity),
  'matrix_norm/fro': (a) => L.matrix_norm(a, 'fro'),
  'matrix_norm/nuc': (a) => L.matrix_norm(a, 'nuc'),
  'matrix_norm/1': (a) => L.matrix_norm(a, 1),
  'matrix_norm/-1': (a) => L.matrix_norm(a, -1),
  'matrix_norm/2': (a) => L.matrix_norm(a, 2),
  'matrix_norm/-2': (a) => L.matrix_norm(a, -2),
  'matrix_norm/inf': (a) => L.matrix_norm(a, Infinity),
  'matrix_norm/-inf': (a) => L.matrix_norm(a, { ord: -Infinity }),
  'matrix_norm/dims_keepdim': (a) => L.matrix_norm(a, 1, [0, 2], true),
  'matrix_norm/nuc_dims': (a) => L.matrix_norm(a, 'nuc', [2, 0]),
  'norm/default': (a) => L.norm(a),
  'norm/matrix_ord': (a) => L.norm(a, Infinity),
  'norm/vector_dim': (a) => L.norm(a, 1, { dim: -1, keepdim: true }),
  'norm/matrix_dims': (a) => L.norm(a, -2, [0, 1]),
};

const decode = (e: Encoded, dtype: 'float32' | 'float64') => torch.tensor(e.data, { dtype }).reshape(e.shape);
/** weight(k, shape)[i] = cos(0.7 i + k), as in the generator. */
const weight = (k: number, shape: readonly number[], dtype: 'float32' | 'float64') => {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, (_, i) => Math.cos(0.7 * i + k)), { dtype: 'float64' }).to(dtype).reshape(shape);
};
const values = (t: Tensor) => Array.from(t.contiguous()._contiguousData() as ArrayLike<number>);

describe.each(BACKENDS)('linalg against PyTorch %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('covers every fixture case with a function', () => {
    expect(fixture.torch_version.startsWith('1.13')).toBe(true);
    const ids = new Set(fixture.cases.map((c) => c.id));
    expect([...ids].sort()).toEqual(Object.keys(FNS).sort());
  });

  for (const c of fixture.cases) {
    it(`${c.id} ${c.dtype} (rtol ${c.tol.rtol}, atol ${c.tol.atol})`, () => {
      const xs = c.inputs.map((e, i) => decode(e, c.dtype).requires_grad_(c.grad[i]));
      const result = FNS[c.id](...xs);
      const outs = Array.isArray(result) ? result : [result];
      expect(outs.length).toBe(c.outs.length);
      outs.forEach((o, k) => {
        expect(o.shape, `${c.id} out ${k} shape`).toEqual(c.outs[k].shape);
        expectClose(values(o), c.outs[k].data, c.tol, `${c.id} out ${k}`);
      });
      if (!c.grads.some((g) => g)) return;
      let loss: Tensor | null = null;
      outs.forEach((o, k) => {
        if (!o.requires_grad) return;
        const term = o.mul(weight(k, o.shape, c.dtype)).sum();
        loss = loss ? loss.add(term) : term;
      });
      (loss as unknown as Tensor).backward();
      xs.forEach((x, i) => {
        const g = c.grads[i];
        if (!g) return;
        expect(x.grad, `${c.id} grad ${i}`).not.toBeNull();
        expectClose(values(x.grad!), g.data, c.tol, `${c.id} grad ${i}`);
      });
    });
  }
});

const f64 = (rows: number[][] | number[][][]) => torch.tensor(rows as number[][], { dtype: 'float64' });
/** max |a - b| over all elements. */
const maxDiff = (a: Tensor, b: Tensor) => Math.max(0, ...values(a.sub(b).abs()));
const eye = (n: number) => torch.eye(n, { dtype: 'float64' });

describe.each(BACKENDS)('linalg: invariants, views, errors on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const A = () => f64([[[2, -1, 0, 3], [1, 4, 2, -2], [0, 5, -3, 1], [3, 1, 1, 1], [-1, 2, 0, 4]], [[1, 0, 2, 2], [0, 3, 1, -1], [4, 1, 0, 2], [2, 2, 2, 0], [1, -3, 1, 1]]]);

  it('qr: Q R = A, orthonormal Q, upper-triangular R (reduced, complete, wide; tolerance 1e-12)', () => {
    for (const [a, mode] of [[A(), 'reduced'], [A(), 'complete'], [A().mT, 'reduced'], [A().mT, 'complete']] as const) {
      const [Q, R] = torch.linalg.qr(a, mode);
      expect(maxDiff(Q.matmul(R), a)).toBeLessThan(1e-12);
      expect(maxDiff(Q.mT.matmul(Q), eye(Q.shape[2]))).toBeLessThan(1e-12);
      expect(maxDiff(R, R.triu())).toBe(0);
    }
    expect(torch.linalg.qr(A(), 'complete').Q.shape).toEqual([2, 5, 5]);
    expect(torch.linalg.qr(A(), { mode: 'r' }).Q.shape).toEqual([0]);
  });

  it('svd: U diag(S) Vh = A, orthonormal U and Vh, S descending (full and reduced, tall and wide; 1e-12)', () => {
    for (const a of [A(), A().mT, f64([[1, 2], [2, 4], [3, 6]])]) {
      for (const full of [true, false]) {
        const { U, S, Vh } = torch.linalg.svd(a, full);
        const k = S.shape[S.dim() - 1];
        const Uk = U.narrow(-1, 0, k);
        const Vk = Vh.narrow(-2, 0, k);
        expect(maxDiff(Uk.mul(S.unsqueeze(-2)).matmul(Vk), a)).toBeLessThan(1e-12);
        expect(maxDiff(U.mT.matmul(U), eye(U.shape[U.dim() - 1]))).toBeLessThan(1e-12);
        expect(maxDiff(Vh.matmul(Vh.mT), eye(Vh.shape[Vh.dim() - 2]))).toBeLessThan(1e-12);
        const s = values(S);
        for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      }
    }
    // torch.svd returns V (not Vh), reduced by default
    const { U, S, V } = torch.svd(A());
    expect(U.shape).toEqual([2, 5, 4]);
    expect(maxDiff(U.mul(S.unsqueeze(-2)).matmul(V.mT), A())).toBeLessThan(1e-12);
  });

  it('eigh: A V = V diag(L), orthonormal V (1e-12); only the chosen triangle is read', () => {
    const s = f64([[4, 1, -2], [1, 3, 0.5], [-2, 0.5, 1]]);
    const { eigenvalues: L, eigenvectors: V } = torch.linalg.eigh(s);
    expect(maxDiff(s.matmul(V), V.mul(L.unsqueeze(0)))).toBeLessThan(1e-12);
    expect(maxDiff(V.mT.matmul(V), eye(3))).toBeLessThan(1e-12);
    const garbageAbove = s.add(f64([[0, 9, 9], [0, 0, 9], [0, 0, 0]]));
    expect(maxDiff(torch.linalg.eigvalsh(garbageAbove), L)).toBeLessThan(1e-12);
    expect(maxDiff(torch.linalg.eigvalsh(garbageAbove.mT, 'U'), L)).toBeLessThan(1e-12);
  });

  it('cholesky, inv, solve, det agree with each other (1e-12)', () => {
    const s = f64([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]]);
    const Lc = torch.linalg.cholesky(s);
    expect(maxDiff(Lc.matmul(Lc.mT), s)).toBeLessThan(1e-12);
    expect(maxDiff(torch.linalg.inv(s).matmul(s), eye(3))).toBeLessThan(1e-12);
    expect(maxDiff(s.inverse(), torch.inverse(s))).toBe(0);
    const b = f64([[1], [2], [3]]);
    expect(maxDiff(s.matmul(torch.linalg.solve(s, b)), b)).toBeLessThan(1e-12);
    expect(Math.abs((torch.linalg.det(s).item() as number) - Math.exp(torch.logdet(s).item() as number))).toBeLessThan(1e-10);
    expect(torch.slogdet(f64([[0, 1], [1, 0]])).sign.item()).toBe(-1);
    expect(Number.isNaN(torch.logdet(f64([[0, 1], [1, 0]])).item() as number)).toBe(true);
    expect(torch.logdet(f64([[0, 0], [0, 0]])).item()).toBe(-Infinity);
    expect(torch.det(f64([[1, 2], [2, 4]])).item()).toBe(-0); // PyTorch's -0 too
    expect(maxDiff(torch.matrix_power(s, 3), s.matmul(s).matmul(s))).toBeLessThan(1e-12);
  });

  it('pinv, lstsq, matrix_rank: rank-deficient and batched; lstsq returns gelsy\'s fields', () => {
    const r = f64([[1, 2], [2, 4], [3, 6]]);
    const P = torch.linalg.pinv(r);
    expect(maxDiff(r.matmul(P).matmul(r), r)).toBeLessThan(1e-12);
    expect(torch.linalg.matrix_rank(r).item()).toBe(1);
    expect(torch.linalg.matrix_rank(torch.ones(3, 3), { atol: 0.5, rtol: 0 }).item()).toBe(1);
    expect(torch.linalg.matrix_rank(A()).tolist()).toEqual([4, 4]);
    expect(torch.linalg.matrix_rank(A()).dtype).toBe('int64');
    const { solution, residuals, rank, singular_values } = torch.linalg.lstsq(A(), f64([[[1], [2], [3], [4], [5]], [[0], [1], [0], [1], [0]]]));
    expect(solution.shape).toEqual([2, 4, 1]);
    // gelsy (the default) reports no residuals and no singular values; gels no rank
    expect([residuals.shape, singular_values.shape, rank.tolist()]).toEqual([[0], [0], [4, 4]]);
    expect(torch.linalg.lstsq(A(), torch.ones(2, 5, 1, { dtype: 'float64' }), { driver: 'gels' }).rank.shape).toEqual([0]);
    expect(() => torch.linalg.lstsq(A(), A(), { driver: 'x' })).toThrow(new RangeError('torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)'));
    expect(maxDiff(torch.pinverse(r), P)).toBe(0);
  });

  it('diagonal is a view sharing storage (as in PyTorch); diag copies', () => {
    const a = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const d = torch.diagonal(a, 1);
    // torch.diagonal(torch.arange(12.).reshape(3,4), 1): stride (5,), storage_offset 1, [1, 6, 11]
    expect([d.stride(), d.storage_offset(), d.tolist()]).toEqual([[5], 1, [1, 6, 11]]);
    a.fill_(0);
    expect(d.tolist()).toEqual([0, 0, 0]);
    const b = torch.ones(2, 2);
    const c = torch.diag(b);
    b.fill_(3);
    expect(c.tolist()).toEqual([1, 1]);
    expect(torch.diagonal(a, 5).shape).toEqual([0]);
    expect(a.diagonal({ offset: -1 }).shape).toEqual([2]);
  });

  it('tril_indices / triu_indices', () => {
    // torch.tril_indices(3, 4, 1), torch.triu_indices(4, 3, -1)
    expect(torch.tril_indices(3, 4, 1).tolist()).toEqual([[0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 1, 0, 1, 2, 0, 1, 2, 3]]);
    expect(torch.triu_indices(4, 3, -1).tolist()).toEqual([[0, 0, 0, 1, 1, 1, 2, 2, 3], [0, 1, 2, 0, 1, 2, 1, 2, 2]]);
    expect(torch.triu_indices(0, 3).shape).toEqual([2, 0]);
    expect(torch.tril_indices(3, 3, { dtype: 'int32' }).dtype).toBe('int32');
    expect(() => torch.tril_indices(3, 3, { dtype: 'float32' as never })).toThrow(new TypeError(`"tril_indices" not implemented for 'Float'`));
    expect(() => torch.tril_indices(-1, 3)).toThrow(new RangeError('row must be non-negative, got-1'));
  });

  it('addmm with beta = 0 ignores NaN in input (and still gives input a zero gradient)', () => {
    const i = torch.tensor([NaN]).requires_grad_(true);
    const y = torch.addmm(i, torch.ones(1, 2), torch.ones(2, 1), { beta: 0 });
    expect(y.tolist()).toEqual([[2]]);
    y.sum().backward();
    expect(i.grad!.tolist()).toEqual([0]);
  });

  it('chain_matmul warns as PyTorch 1.13 and multiplies', () => {
    resetWarnings();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const out = torch.chain_matmul(torch.ones(2, 3), torch.ones(3, 4), torch.ones(4, 1));
    expect(out.tolist()).toEqual([[12], [12]]);
    expect(warn.mock.calls.some(([m]) => String(m).startsWith('torch.chain_matmul is deprecated'))).toBe(true);
    warn.mockRestore();
  });

  it("gradients PyTorch does not define raise in backward with PyTorch's messages", () => {
    const a = f64([[1, 2], [3, 4], [5, 7]]).requires_grad_(true);
    expect(() => torch.linalg.qr(a, 'r').R.sum().backward()).toThrow("linalg.qr: The derivative of linalg.qr depends on Q, which is not computed when mode='r'.");
    expect(() => torch.linalg.qr(a, 'complete').R.sum().backward()).toThrow("linalg.qr: The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
    // S alone is fine: d(sum S)/dA = U[:, :k] Vh[:k]
    torch.linalg.svd(a).S.sum().backward();
    expect(a.grad!.shape).toEqual([3, 2]);
  });

  it("errors: PyTorch's messages", () => {
    const sq = torch.zeros(3, 3);
    expect(() => torch.linalg.inv(sq)).toThrow(new torch.linalg.LinAlgError('linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.'));
    expect(() => torch.linalg.inv(torch.zeros(2, 3, 3))).toThrow('linalg.inv: (Batch element 0): The diagonal element 1 is zero');
    expect(() => torch.linalg.inv(torch.ones(2, 3))).toThrow(new RangeError('linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices'));
    expect(() => torch.linalg.det(torch.ones(3, 3, { dtype: 'int64' }))).toThrow(new TypeError('linalg.det: Expected a floating point or complex tensor as input. Got Long'));
    expect(() => torch.linalg.solve(torch.zeros(2, 3, 3), torch.ones(2, 3))).toThrow('torch.linalg.solve: (Batch element 0): The solver failed because the input matrix is singular.');
    expect(() => torch.linalg.solve(torch.eye(3), torch.ones(4))).toThrow(new RangeError('linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x1)'));
    expect(() => torch.linalg.cholesky(torch.tensor([[1, 2], [2, 1]]))).toThrow(
      'linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).',
    );
    expect(() => torch.linalg.matrix_power(torch.ones(2, 3), 2)).toThrow(new RangeError('linalg.matrix_power: A must be batches of square matrices, but they are 2 by 3 matrices'));
    expect(() => torch.linalg.qr(sq, 'x' as never)).toThrow(new RangeError("qr received unrecognized mode 'x' but expected one of 'reduced' (default), 'r', or 'complete'"));
    expect(() => torch.linalg.eigh(sq, 'X' as never)).toThrow(new RangeError("Expected UPLO argument to be 'L' or 'U', but got X"));
    expect(() => torch.linalg.matrix_norm(torch.ones(3), 'fro')).toThrow(new RangeError('linalg.matrix_norm: The input tensor A must have at least 2 dimensions.'));
    expect(() => torch.linalg.matrix_norm(sq, 3)).toThrow(new RangeError('linalg.matrix_norm: Order 3 not supported.'));
    expect(() => torch.linalg.norm(torch.ones(3, 3, 3), 'fro')).toThrow(new RangeError('linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.'));
    expect(() => torch.linalg.multi_dot([torch.ones(3)])).toThrow(new RangeError('multi_dot(): expected at least 2 tensors but got 1'));
    expect(() => torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(4, 5)])).toThrow(new RangeError('multi_dot(): tensors 0 and 1 with shapes [2, 3] and [4, 5] cannot be multiplied'));
    expect(() => torch.cross(torch.ones(4, 4), torch.ones(4, 4))).toThrow(new RangeError('no dimension of size 3 in input'));
    expect(() => torch.linalg.cross(torch.ones(3, 4), torch.ones(3, 4))).toThrow(new RangeError('linalg.cross: inputs dimension -1 must have length 3. Got 4 and 4'));
    expect(() => torch.cross(torch.ones(3, 1), torch.ones(1, 4))).toThrow(new RangeError('linalg.cross: inputs dimension 0 must have length 3. Got 3 and 1'));
    expect(() => torch.cdist(torch.ones(2, 3), torch.ones(4, 5))).toThrow(new RangeError('X1 and X2 must have the same number of columns. X1: 3 X2: 5'));
    expect(() => torch.cdist(torch.ones(3), torch.ones(4, 3))).toThrow(new RangeError('cdist only supports at least 2D tensors, X1 got: 1D'));
    expect(() => torch.cdist(torch.ones(2, 3), torch.ones(4, 3), -1)).toThrow(new RangeError('cdist only supports non-negative p values'));
    expect(() => torch.mv(torch.ones(2, 3), torch.ones(4))).toThrow(new RangeError('size mismatch, got 2, 2x3,4'));
    expect(() => torch.addmm(torch.ones(2, 3), torch.ones(2, 4), torch.ones(3, 3))).toThrow(new RangeError('addmm(): mat1 and mat2 shapes cannot be multiplied (2x4 and 3x3)'));
    expect(() => torch.trace(torch.ones(2, 3, 3))).toThrow(new RangeError('trace: expected a matrix, but got tensor with dim 3'));
    expect(() => torch.diag(torch.ones(2, 3, 3))).toThrow(new RangeError('matrix or a vector expected'));
    expect(() => torch.diagonal(torch.ones(3, 4), 0, 1, 1)).toThrow(new RangeError('diagonal dimensions cannot be identical 1, 1'));
    expect(() => torch.tensordot(torch.ones(2, 3), torch.ones(4, 5), 1)).toThrow(new RangeError('contracted dimensions need to match, but first has size 3 in dim 1 and second has size 4 in dim 0'));
    expect(() => torch.tensordot(torch.ones(2, 3), torch.ones(3, 2), -1)).toThrow(new RangeError('tensordot expects dims >= 0, but got dims=-1'));
    expect(() => torch.vdot(torch.ones(2), torch.ones(3))).toThrow(new RangeError('inconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively'));
    expect(() => torch.inner(torch.ones(2, 3), torch.ones(4))).toThrow(new RangeError('inner() the last dimension must match on both input tensors but got shapes [2, 3] and [4]'));
  });

  it("einsum: PyTorch's errors", () => {
    const m = torch.ones(2, 3);
    expect(() => torch.einsum('ij,jk', m, torch.ones(4, 5))).toThrow(new RangeError('einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3'));
    expect(() => torch.einsum('ij,jk->ik', m)).toThrow(new RangeError('einsum(): fewer operands were provided than specified in the equation'));
    expect(() => torch.einsum('ij->k', m)).toThrow(new RangeError('einsum(): output subscript k does not appear in the equation for any input operand'));
    expect(() => torch.einsum('ijk', m)).toThrow(new RangeError('einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given'));
    expect(() => torch.einsum('ij->ii', m)).toThrow(new RangeError('einsum(): output subscript i appears more than once in the output'));
    expect(() => torch.einsum('ii', m)).toThrow(new RangeError("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2"));
    expect(() => torch.einsum('i!', m)).toThrow(new RangeError('einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]'));
    expect(() => torch.einsum('i...j,j', torch.ones(2), torch.ones(2))).toThrow(new RangeError('einsum(): the number of subscripts in the equation (2) is more than the number of dimensions (1) for operand 0'));
    expect(() => torch.einsum(1 as never, m)).toThrow(new TypeError("einsum(): argument 'equation' (position 1) must be str, not int"));
  });

  it('Tensor method forms give the functions\' results', () => {
    const m = f64([[2, 1, 0], [1, 3, 1], [0, 1, 4]]);
    const v = f64([[1, -2, 0.5]]).reshape(3);
    const b = torch.ones(2, 3, 3, { dtype: 'float64' });
    const pairs: [Tensor, Tensor][] = [
      [m.mv(v), torch.mv(m, v)],
      [v.addmv(m, v, { alpha: 2 }), torch.addmv(v, m, v, { alpha: 2 })],
      [m.addr(v, v), torch.addr(m, v, v)],
      [m.addbmm(b, b), torch.addbmm(m, b, b)],
      [v.ger(v), torch.outer(v, v)],
      [v.vdot(v), torch.dot(v, v)],
      [m.kron(m), torch.kron(m, m)],
      [m.trace(), torch.trace(m)],
      [v.diagflat(), torch.diagflat(v)],
      [v.diag_embed(), torch.diag(v)],
      [m.logdet(), torch.logdet(m)],
      [m.slogdet().logabsdet, torch.linalg.slogdet(m)[1]],
      [m.pinverse(), torch.linalg.inv(m)],
      [m.svd().S, torch.linalg.svdvals(m)],
    ];
    pairs.forEach(([got, want], i) => expect(maxDiff(got, want), `pair ${i}`).toBeLessThan(1e-12));
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(maxDiff(m.cholesky(), torch.linalg.cholesky(m))).toBe(0);
    expect(maxDiff(m.cholesky(true), torch.linalg.cholesky(m, { upper: true }))).toBe(0);
    expect(maxDiff(m.qr().R, torch.linalg.qr(m).R)).toBe(0);
    expect(torch.qr(torch.ones(4, 2), false).Q.shape).toEqual([4, 4]);
    warn.mockRestore();
  });
});
