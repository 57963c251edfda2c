// Lazy modules as PyTorch 1.13's: reprs before and after the first forward (printed by PyTorch for the same
// calls), the inferred sizes and shapes, the class they become, the same initial values as the full module under
// the same seed, load_state_dict, and the refusal of an uninitialized parameter.
import { describe, it, expect } from 'vitest';
import * as torch from '../lib/index';

const { nn } = torch;

describe('lazy modules', () => {
  it('LazyLinear infers in_features, becomes a Linear and draws what Linear(in, out) would', () => {
    torch.manual_seed(0);
    const m = new nn.LazyLinear(3);
    expect(String(m)).toBe('LazyLinear(in_features=0, out_features=3, bias=True)');
    expect(String(m.weight)).toBe('<UninitializedParameter>');
    expect(m.weight).toBeInstanceOf(nn.UninitializedParameter);
    expect(Object.keys(m.state_dict())).toEqual(['weight', 'bias']);
    expect(m.has_uninitialized_params()).toBe(true);
    const weight = m.weight;
    const y = m(torch.randn(2, 4)) as torch.Tensor;
    expect(y.shape).toEqual([2, 3]);
    expect(String(m)).toBe('Linear(in_features=4, out_features=3, bias=True)');
    expect(m.constructor).toBe(nn.Linear);
    expect(m.weight).toBe(weight); // the same Parameter object, now shaped
    expect(m.weight.constructor).toBe(nn.Parameter);
    expect([m.weight.shape, m.bias!.shape, m.in_features]).toEqual([[3, 4], [3], 4]);
    // no draws at construction: the first forward initializes as the full module's constructor would
    torch.manual_seed(5);
    const full = new nn.Linear(4, 3);
    torch.manual_seed(5);
    const lazy = new nn.LazyLinear(3);
    lazy(torch.zeros(1, 4));
    expect(lazy.weight.tolist()).toEqual(full.weight.tolist());
    expect(lazy.bias!.tolist()).toEqual(full.bias!.tolist());
  });

  it('LazyConv / LazyConvTranspose / LazyBatchNorm / LazyInstanceNorm: PyTorch 1.13 reprs and shapes', () => {
    const c = new nn.LazyConv2d(4, 3, { stride: 2, bias: false });
    expect(String(c)).toBe('LazyConv2d(0, 4, kernel_size=(3, 3), stride=(2, 2), bias=False)');
    c(torch.randn(1, 2, 5, 5));
    expect(String(c)).toBe('Conv2d(2, 4, kernel_size=(3, 3), stride=(2, 2), bias=False)');
    expect(c.weight.shape).toEqual([4, 2, 3, 3]);
    const grouped = new nn.LazyConv1d(4, 3, { groups: 2 });
    grouped(torch.randn(2, 6, 8));
    expect([String(grouped), grouped.weight.shape]).toEqual(['Conv1d(6, 4, kernel_size=(3,), stride=(1,), groups=2)', [4, 3, 3]]);
    const t = new nn.LazyConvTranspose1d(2, 3);
    t(torch.randn(1, 5, 4));
    expect([String(t), t.weight.shape]).toEqual(['ConvTranspose1d(5, 2, kernel_size=(3,), stride=(1,))', [5, 2, 3]]);
    const v = new nn.LazyConv3d(2, 1);
    v(torch.randn(3, 2, 2, 2)); // unbatched [C, D, H, W]
    expect(v.weight.shape).toEqual([2, 3, 1, 1, 1]);
    const b = new nn.LazyBatchNorm1d();
    expect(String(b)).toBe('LazyBatchNorm1d(0, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    b(torch.randn(3, 5));
    expect(String(b)).toBe('BatchNorm1d(5, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect([b.running_mean!.shape, b.num_batches_tracked!.item(), b.weight!.tolist()]).toEqual([[5], 1, [1, 1, 1, 1, 1]]);
    // the instance norms default to affine and tracked statistics in PyTorch 1.13's lazy form
    const i = new nn.LazyInstanceNorm2d();
    expect(String(i)).toBe('LazyInstanceNorm2d(0, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    i(torch.randn(2, 3, 4, 4));
    expect(String(i)).toBe('InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    // an unbatched [C, L] input: C from dim 0 (PyTorch 1.13 reads dim 1 here, then fails on its own statistics)
    const unbatched = new nn.LazyInstanceNorm1d();
    expect((unbatched(torch.randn(3, 5)) as torch.Tensor).shape).toEqual([3, 5]);
    expect(unbatched.num_features).toBe(3);
    // nothing to infer without affine parameters or statistics: num_features stays 0, as PyTorch's
    const plain = new nn.LazyBatchNorm2d({ affine: false, track_running_stats: false });
    plain(torch.randn(2, 3, 4, 4));
    expect(String(plain)).toBe('BatchNorm2d(0, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)');
  });

  it('uninitialized parameters are refused by ops; load_state_dict shapes them; a lazy Sequential trains', () => {
    const m = new nn.LazyLinear(3);
    expect(() => m.weight.add(1)).toThrow(
      new TypeError(
        'add(): Attempted to use an uninitialized parameter in add. This error happens when you are using a `LazyModule` or explicitly manipulating `torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call `forward` with a dummy batch to initialize the parameters before calling torch functions',
      ),
    );
    const saved = new nn.Linear(4, 3).state_dict();
    const loaded = new nn.LazyLinear(3);
    loaded.load_state_dict(saved);
    expect([loaded.weight.tolist(), loaded.has_uninitialized_params()]).toEqual([saved.weight.tolist(), false]);
    torch.manual_seed(0);
    const seq = new nn.Sequential(new nn.LazyLinear(8), new nn.ReLU(), new nn.LazyLinear(1));
    const x = torch.randn(16, 3);
    const target = x.sum(1, true);
    seq(x); // the dry run that shapes the parameters, before the optimizer takes them (as PyTorch advises)
    const opt = new torch.optim.Adam(seq.parameters(), { lr: 0.05 });
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      const loss = nn.functional.mse_loss(seq(x) as torch.Tensor, target);
      opt.zero_grad();
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
    expect(String(seq.at(0))).toBe('Linear(in_features=3, out_features=8, bias=True)');
    expect(losses[59]).toBeLessThan(losses[0] / 10);
  });
});
