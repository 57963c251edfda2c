// torch.autocast on the CPU against PyTorch 1.13 (scripts/gen_autocast_fixtures.py): which dtype each op gives
// inside it, and an MLP and a convolution run inside it with given weights. Tolerances: outputs in bfloat16 within
// 1 bfloat16 ULP (PyTorch's bfloat16 products accumulate in another order, then round); float32 losses and
// gradients (computed from bfloat16 activations) within two bfloat16 steps of the tensor's largest element (2^-6
// of it) plus 1e-6: PyTorch's bfloat16 product is not always the nearest bfloat16 (0.376953125 for the MLP's
// 0.378047 = [0.2373, -0.25, 0.01282] . W2[:, 2], where torchlet gives the nearest, 0.37890625), and a gradient
// element summing such terms of both signs keeps their absolute error, not its own relative one.
import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';
import { resetWarnings } from '../lib/utils/warnings';

type T = torch.Tensor;
type Encoded = { dtype: string; shape: number[]; bits: string[] };
const FX = JSON.parse(readFileSync(join(__dirname, 'fixtures/autocast.json'), 'utf8')) as {
  dtypes: Record<string, string>;
  mlp: { out: Encoded; loss: Encoded; grads: Encoded[] };
  conv: Record<'y' | 'weight_grad' | 'bias_grad' | 'input_grad', Encoded>;
};
const F = torch.nn.functional;
const values = (e: Encoded) => Array.from(new Float32Array(new Uint32Array(e.bits.map((h) => parseInt(h, 16))).buffer));
/** The fixture script's inputs: sin(arange(n) * 0.37 + shift). */
const ramp = (shape: number[], shift = 0) => torch.arange(shape.reduce((a, b) => a * b, 1)).mul(0.37).add(shift).sin().reshape(shape);

function expectNear(actual: T, e: Encoded, what: string): void {
  expect([what, actual.dtype, actual.shape]).toEqual([what, e.dtype, e.shape]);
  const got = actual.float().view(-1).tolist() as number[];
  const largest = Math.max(...values(e).map(Math.abs));
  values(e).forEach((w, i) => {
    const tol = e.dtype === 'bfloat16' ? 2 ** (Math.floor(Math.log2(Math.abs(w) || 2 ** -126)) - 7) : largest * 2 ** -6 + 1e-6;
    expect(Math.abs(got[i] - w) <= tol, `${what}[${i}]: ${got[i]}, PyTorch ${w}`).toBe(true);
  });
}

const x = () => ramp([4, 6]);
const w = () => ramp([5, 6], 1);
const m = () => ramp([6, 3], 2);
const img = () => ramp([1, 2, 5, 5], 3);
const k = () => ramp([3, 2, 3, 3], 4);
const xb = () => ramp([4, 3], 5).bfloat16();
const t = () => torch.tensor([0n, 1n, 2n, 0n]);
const CASES: Record<string, () => T> = {
  linear: () => F.linear(x(), w()), matmul: () => x().matmul(m()), mm: () => torch.mm(x(), m()), bmm: () => torch.bmm(x().unsqueeze(0), m().unsqueeze(0)),
  addmm: () => torch.addmm(torch.zeros(4, 3), x(), m()), baddbmm: () => torch.baddbmm(torch.zeros(1, 4, 3), x().unsqueeze(0), m().unsqueeze(0)),
  addbmm: () => torch.addbmm(torch.zeros(4, 3), x().unsqueeze(0), m().unsqueeze(0)), conv2d: () => F.conv2d(img(), k()),
  conv_transpose2d: () => F.conv_transpose2d(img(), k().transpose(0, 1)), relu: () => F.relu(x()), softmax: () => F.softmax(x(), 1),
  linear_relu: () => F.relu(F.linear(x(), w())), linear_f64: () => F.linear(x().double(), w().double()), add: () => x().add(x()),
  cross_entropy_bf16: () => F.cross_entropy(xb(), t()), mse_bf16: () => F.mse_loss(xb(), xb()), nll_bf16: () => F.nll_loss(xb(), t()),
  l1_bf16: () => F.l1_loss(xb(), xb()), smooth_l1_bf16: () => F.smooth_l1_loss(xb(), xb()), prod_bf16: () => xb().prod(),
  bce_logits_bf16: () => F.binary_cross_entropy_with_logits(xb(), xb().float().sigmoid()), kl_div_bf16: () => F.kl_div(xb(), xb(), { reduction: 'batchmean' }),
  layer_norm_bf16: () => F.layer_norm(xb(), [3]), sum_bf16: () => xb().sum(), softmax_bf16: () => F.softmax(xb(), 1),
  cdist: () => torch.cdist(x(), x()), cat_mixed: () => torch.cat([x(), F.linear(x(), ramp([6, 6]))]),
};

describe('torch.autocast (CPU, bfloat16)', () => {
  it("gives each op PyTorch's result dtype: products and convolutions bfloat16, losses float32, the rest their inputs'", () => {
    const got: Record<string, string> = {};
    torch.autocast('cpu', () => {
      for (const [name, f] of Object.entries(CASES)) got[name] = f().dtype;
      expect([torch.is_autocast_cpu_enabled(), torch.get_autocast_cpu_dtype()]).toEqual([true, 'bfloat16']);
      torch.autocast('cpu', { enabled: false }, () => void (got.nested_disabled = F.linear(x(), w()).dtype));
      got.after_nested = F.linear(x(), w()).dtype;
    });
    resetWarnings();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      torch.autocast({ device_type: 'cuda' }, () => void (got.cuda_on_cpu = F.linear(x(), w()).dtype));
      expect(String(warn.mock.calls[0]?.[0])).toContain("User provided device_type of 'cuda', but CUDA is not available. Disabling");
    } finally {
      warn.mockRestore();
    }
    expect(got).toEqual(FX.dtypes);
    expect(torch.is_autocast_cpu_enabled()).toBe(false);
    expect(torch.cpu.amp.autocast(() => F.linear(x(), w()).dtype)).toBe('bfloat16');
  });

  for (const backend of BACKENDS) {
    it(`an MLP's outputs, loss and float32 gradients as PyTorch's (${backend})`, () => {
      useBackend(backend);
      const lin1 = new torch.nn.Linear(6, 5), lin2 = new torch.nn.Linear(5, 3);
      torch.no_grad(() => {
        lin1.weight.copy_(ramp([5, 6], 6));
        lin1.bias!.copy_(ramp([5], 7));
        lin2.weight.copy_(ramp([3, 5], 8));
        lin2.bias!.copy_(ramp([3], 9));
      });
      const net = new torch.nn.Sequential(lin1, new torch.nn.ReLU(), lin2);
      const [out, loss] = torch.autocast('cpu', () => {
        const o = net(x()) as T;
        return [o, F.cross_entropy(o, t())];
      });
      loss.backward();
      expectNear(out, FX.mlp.out, 'out');
      expectNear(loss, FX.mlp.loss, 'loss');
      [...net.parameters()].forEach((p, i) => expectNear(p.grad!, FX.mlp.grads[i], `grad ${i}`));
    });

    it(`a convolution's output and gradients as PyTorch's (${backend})`, () => {
      useBackend(backend);
      const conv = new torch.nn.Conv2d(2, 3, 3);
      torch.no_grad(() => {
        conv.weight.copy_(k());
        conv.bias!.copy_(ramp([3], 10));
      });
      const input = img().requires_grad_();
      const y = torch.autocast('cpu', () => conv(input) as T);
      y.float().mul(ramp(y.shape, 11)).sum().backward();
      expectNear(y, FX.conv.y, 'y');
      expectNear(conv.weight.grad!, FX.conv.weight_grad, 'weight grad');
      expectNear(conv.bias!.grad!, FX.conv.bias_grad, 'bias grad');
      expectNear(input.grad!, FX.conv.input_grad, 'input grad');
    });
  }

  it('backward called inside autocast gives the gradients of backward called after it (autocast is off in backward)', () => {
    const grads = (inside: boolean) => {
      const lin = new torch.nn.Linear(6, 5);
      torch.no_grad(() => [lin.weight.copy_(ramp([5, 6], 6)), lin.bias!.copy_(ramp([5], 7))]);
      const run = () => {
        const loss = F.mse_loss(lin(x()) as T, torch.zeros(4, 5));
        if (inside) loss.backward();
        return loss;
      };
      const loss = torch.autocast('cpu', run);
      if (!inside) loss.backward();
      return [lin.weight.grad!.dtype, lin.weight.grad!.tolist()];
    };
    expect(grads(true)).toEqual(grads(false));
    // linalg.inv runs in float32 inside autocast, and its backward multiplies float32 matrices: autocast would make
    // them bfloat16
    const invGrad = (inside: boolean) => {
      const a = ramp([3, 3], 1).add(torch.eye(3).mul(3)).requires_grad_();
      const d = torch.autocast('cpu', () => {
        const out = torch.linalg.inv(a).mul(ramp([3, 3], 3)).sum();
        if (inside) out.backward();
        return out;
      });
      if (!inside) d.backward();
      return a.grad!.tolist();
    };
    expect(invGrad(true)).toEqual(invGrad(false));
    expect(torch.autocast('cpu', () => torch.mv(x(), ramp([6], 2)).dtype)).toBe('float32');
    expect(torch.autocast('cpu', () => torch.einsum('ij,jk->ik', x(), m()).dtype)).toBe('bfloat16');
  });

  it("refuses what PyTorch refuses", () => {
    expect(() => torch.autocast('tpu', () => 1)).toThrow(new RangeError("User specified autocast device_type must be 'cuda' or 'cpu'"));
    resetWarnings();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      expect(() => torch.autocast('cpu', { dtype: torch.float16 }, () => 1)).toThrow(new TypeError('Currently, AutocastCPU only support Bfloat16 as the autocast_cpu_dtype'));
    } finally {
      warn.mockRestore();
    }
    expect(() => (torch.autocast as (d: string) => unknown)('cpu')).toThrow(TypeError);
  });
});
