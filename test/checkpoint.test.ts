// torch.utils.checkpoint: the same outputs and gradients as running the function plainly (bit for bit: the same
// kernels run, the function twice), no graph kept inside, random ops replayed, and PyTorch 1.13's behaviour where
// it surprises (no input requiring grad: no gradients, and its warning; tuples; unexpected keywords).
import { describe, it, expect, vi } from 'vitest';
import * as torch from '../lib/index';
import { resetWarnings } from '../lib/utils/warnings';

const { nn } = torch;
const { checkpoint, checkpoint_sequential } = torch.utils.checkpoint;
type T = torch.Tensor;

function model(seed: number) {
  torch.manual_seed(seed);
  return new nn.Sequential(new nn.Linear(5, 8), new nn.Tanh(), new nn.Dropout(0.3), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 3));
}

/** Loss and every parameter's and the input's gradient, with `forward` for the model's pass. */
function gradients(forward: (m: InstanceType<typeof nn.Sequential>, x: T) => T) {
  const m = model(1);
  torch.manual_seed(7); // the dropout masks
  const x = torch.randn(4, 5, { requires_grad: true });
  const loss = forward(m, x).pow(2).sum();
  loss.backward();
  return { loss: loss.item(), grads: [...m.parameters()].map((p) => p.grad!.tolist()), x: x.grad!.tolist() };
}

describe('torch.utils.checkpoint', () => {
  it('gives the plain run\'s loss and gradients bit for bit, dropout included (its random numbers are replayed)', () => {
    const plain = gradients((m, x) => m(x) as T);
    const first = (m: InstanceType<typeof nn.Sequential>) => (h: T) => m.get_submodule('2')(m.get_submodule('1')(m.get_submodule('0')(h))) as T;
    const rest = (m: InstanceType<typeof nn.Sequential>, h: T) => m.get_submodule('5')(m.get_submodule('4')(m.get_submodule('3')(h))) as T;
    expect(gradients((m, x) => rest(m, checkpoint(first(m), x) as T))).toEqual(plain);
    expect(gradients((m, x) => checkpoint_sequential(m, 2, x))).toEqual(plain);
    expect(gradients((m, x) => checkpoint_sequential(m, 3, x))).toEqual(plain);
    expect(gradients((m, x) => checkpoint(m, x, { use_reentrant: false }) as T)).toEqual(plain);
    // without replaying the generator the recomputed dropout masks differ, and so do the gradients
    expect(gradients((m, x) => checkpoint(m, x, { preserve_rng_state: false }) as T).grads).not.toEqual(plain.grads);
  });

  it('keeps no graph inside the function: one node, whose inputs are the arguments', () => {
    const x = torch.randn(2, 5, { requires_grad: true });
    const m = model(0);
    const recorded: boolean[] = []; // whether the first layer's output had a graph: in forward, then recomputed in backward
    m.get_submodule('0').register_forward_hook((_mod, _in, out) => void recorded.push((out as T).requires_grad));
    const y = checkpoint(m, x) as T;
    expect(y.grad_fn!.name).toBe('CheckpointFunctionBackward');
    expect(y.grad_fn!.inputs).toEqual([x]);
    y.sum().backward();
    expect(recorded).toEqual([false, true]);
    // tuples: a node per output
    const z = torch.randn(2, 5, { requires_grad: true });
    const [a, b] = checkpoint((h: T) => [h.mul(2), h.sum()], z) as T[];
    expect([a.grad_fn!.name, b.grad_fn!.name]).toEqual(['CheckpointFunctionBackward', 'CheckpointFunctionBackward']);
    a.sum().add(b).backward();
    expect(z.grad!.tolist()).toEqual(torch.full([2, 5], 3).tolist());
  });

  it("as PyTorch's: without an input requiring grad nothing gets a gradient, with its warning; other keywords are refused", () => {
    resetWarnings();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const m = model(0);
      const y = checkpoint(m, torch.randn(2, 5)) as T;
      expect(y.requires_grad).toBe(false);
      expect(String(warn.mock.calls[0]?.[0])).toContain('None of the inputs have requires_grad=True. Gradients will be None');
    } finally {
      warn.mockRestore();
    }
    expect(() => checkpoint(model(0), torch.randn(2, 5), { bogus: 1 } as never)).toThrow(new RangeError('Unexpected keyword arguments: bogus'));
    expect(() => checkpoint(3 as never, torch.randn(2))).toThrow(TypeError);
  });
});
