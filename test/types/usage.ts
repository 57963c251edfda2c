// Compiled (not run) by test/package.test.ts: the published .d.ts files must type PyTorch-style code.
import * as torch from 'torchlet';
import torchDefault from 'torchlet';

const F = torch.nn.functional;
const x: torch.Tensor = torch.randn(2, 3);
const y: torch.Tensor = F.leaky_relu(x, 0.2).add(torch.softmax(x, 1)).sum(1, true);
const { values, indices } = x.max(1);
const [v2] = x.min(0);
const dtype: torch.DType = torch.tensor([1n]).dtype;
const threads: number = torch.get_num_threads();
const info: { name: 'native' | 'js'; isa: string; num_threads: number } = torch.backend();
const z = torchDefault.zeros([2, 3], { dtype: torch.int64 });
const g: boolean = torch.autograd.gradcheck((a) => a.sigmoid(), [torch.randn(3, { dtype: 'float64', requires_grad: true })]);
const flat: torch.Tensor = x.flatten({ start_dim: 1 }).add(torch.flatten(x, 1));
const parts: torch.Tensor[] = x.chunk(2, { dim: 1 });
const rows: number = x.size({ dim: 0 }) + x.size(1);
const shape: readonly number[] = x.size();
const total: torch.Tensor = torch.nn.utils.clip_grad_norm_(new torch.nn.Linear(3, 2).parameters(), 1.0, { norm_type: 'inf' });
const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, torch.randperm(2)), { batch_size: 1, shuffle: true });
const batches: number = loader.length;
const model = new torch.nn.Sequential(new torch.nn.Linear(3, 4), new torch.nn.BatchNorm1d(4), new torch.nn.LayerNorm(4));
torch.save(model.state_dict(), 'model.pth');
model.load_state_dict(torch.load('model.pth'));
const handle = x.requires_grad_(true).register_hook((grad) => grad.mul(2));
handle.remove();
model.register_forward_hook((_module, _input, output) => output);
const cnn = new torch.nn.Sequential(new torch.nn.Conv2d(1, 4, 3, { padding: 'same' }), new torch.nn.MaxPool2d(2), new torch.nn.AvgPool2d([2, 2]), new torch.nn.AdaptiveAvgPool2d([1, 1]), new torch.nn.Dropout2d());
const seq1d = new torch.nn.Sequential(new torch.nn.Conv1d(1, 2, 3), new torch.nn.MaxPool1d(2), new torch.nn.ConstantPad1d(1, 0));
const pooled: torch.Tensor | [torch.Tensor, torch.Tensor] = F.max_pool2d(F.conv2d(x.reshape(1, 1, 2, 3), torch.ones(1, 1, 1, 1)), 1);
const embedded: torch.Tensor = new torch.nn.Embedding(10, 3, { padding_idx: 0 })(torch.tensor([1, 2], { dtype: 'int64' })).add(x.gather(1, torch.zeros([2, 1], { dtype: 'int64' })));
const [seqOut, [hN, cN]] = new torch.nn.LSTM(3, 4, { batch_first: true })(torch.randn(2, 5, 3)) as [torch.Tensor, torch.Tensor[]];
const normed: torch.Tensor = F.layer_norm(x, [3]).add(F.batch_norm(x, null, null, { training: true }));
// @ts-expect-error relu takes a Tensor
torch.relu(3);
void [y, values, indices, v2, dtype, threads, info, z, g, flat, parts, rows, shape, total, batches, normed, cnn, pooled, embedded, seq1d, seqOut, hN, cN];
