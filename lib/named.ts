// PyTorch's named tuples of tensors (torch.return_types: slogdet's, qr's, aminmax's, histogram's, ...): an array,
// so `const [a, b] = ...` destructures them as in Python, with each tensor by its field name too.
import type { Tensor } from './tensor';

export type Named<K extends string> = Tensor[] & Record<K, Tensor>;

/** The fields' tensors in their order, as an array that also has them by name. */
export function named<K extends string>(fields: Record<K, Tensor>): Named<K> {
  return Object.assign(Object.values(fields) as Tensor[], fields) as Named<K>;
}
