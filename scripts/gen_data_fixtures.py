#!/usr/bin/python3
"""Reference values for torch.utils.data from PyTorch, for test/data_extra.test.ts: ConcatDataset's
cumulative_sizes and items (negative indices too), ChainDataset's streams and lengths, the DataLoader's
batches and len() over an IterableDataset, random_split's lengths from fractions (and its warnings), and the
errors' messages.

Run: /usr/bin/python3 scripts/gen_data_fixtures.py   (PyTorch from Debian's python3-torch; no randomness is
recorded: random_split's permutations come from a different generator in torchlet, only its lengths are compared)
"""
import json
import warnings

import torch
from torch.utils.data import (ChainDataset, ConcatDataset, DataLoader, IterableDataset, TensorDataset,
                              default_collate, default_convert, get_worker_info, random_split)

OUT = 'test/fixtures/data.json'


class Stream(IterableDataset):
    """range(start, end) as a stream: samples [i, 10 * i], no length."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        return iter([i, 10 * i] for i in range(self.start, self.end))


class SizedStream(Stream):
    def __len__(self):
        return self.end - self.start


def plain(v):
    """A batch as JSON: tensors as nested lists, lists and tuples as lists."""
    if isinstance(v, torch.Tensor):
        return v.tolist()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 -- the message is the reference
        return {'type': type(e).__name__, 'message': str(e)}
    raise AssertionError('expected an error')


def length(fn):
    try:
        return fn()
    except TypeError as e:
        return {'type': 'TypeError', 'message': str(e)}


cases = {'torch_version': torch.__version__}

# ConcatDataset over lists (one empty): cumulative sizes, every index from -len to len - 1
parts = [[1, 2, 3], [4], [], [5, 6]]
concat = ConcatDataset(parts)
cases['concat'] = {
    'datasets': parts,
    'cumulative_sizes': concat.cumulative_sizes,
    'len': len(concat),
    'items': {str(i): concat[i] for i in range(-len(concat), len(concat))},
    'too_negative': error(lambda: concat[-7]),
    'past_end': error(lambda: concat[6]),
    'empty': error(lambda: ConcatDataset([])),
    'iterable_member': error(lambda: ConcatDataset([[1], Stream(0, 1)])),
}
# ConcatDataset of TensorDatasets through a DataLoader: batches cross the boundary
tensors = ConcatDataset([TensorDataset(torch.arange(3)), TensorDataset(torch.arange(10, 14))])
cases['concat_loader'] = {
    'batches': plain(list(DataLoader(tensors, batch_size=3))),
    'len': len(DataLoader(tensors, batch_size=3)),
}

# ChainDataset: the streams one after the other; a length only when every member has one
cases['chain'] = {
    'items': plain(list(ChainDataset([Stream(0, 3), Stream(10, 12)]))),
    'sized_len': len(ChainDataset([SizedStream(0, 3), SizedStream(10, 12)])),
    'unsized_len': error(lambda: len(ChainDataset([SizedStream(0, 3), Stream(10, 12)]))),
    'map_member': error(lambda: list(ChainDataset([Stream(0, 1), [1, 2]]))),
    'add': plain(list(Stream(0, 2) + Stream(5, 6))),
}

# DataLoader over an IterableDataset: batches of the stream, drop_last, len() only with the dataset's length
loader_cases = []
for start, end in [(3, 8), (0, 4), (0, 0)]:
    for batch_size in [None, 1, 2, 3]:
        for drop_last in [False, True]:
            if batch_size is None and drop_last:
                continue
            sized = DataLoader(SizedStream(start, end), batch_size=batch_size, drop_last=drop_last)
            unsized = DataLoader(Stream(start, end), batch_size=batch_size, drop_last=drop_last)
            loader_cases.append({
                'start': start, 'end': end, 'batch_size': batch_size, 'drop_last': drop_last,
                'batches': plain(list(unsized)),
                'sized_batches': plain(list(sized)),
                'len': len(sized),
                'unsized_len': length(lambda: len(unsized)),
            })
cases['iterable_loader'] = loader_cases
cases['iterable_loader_errors'] = {
    'shuffle': error(lambda: DataLoader(Stream(0, 3), shuffle=True)),
    'sampler': error(lambda: DataLoader(Stream(0, 3), sampler=[0, 1])),
    'batch_sampler': error(lambda: DataLoader(Stream(0, 3), batch_sampler=[[0, 1]])),
    'no_batch_drop_last': error(lambda: DataLoader(Stream(0, 3), batch_size=None, drop_last=True)),
    'map_no_batch_drop_last': error(lambda: DataLoader([1, 2, 3], batch_size=None, drop_last=True)),
}
# a collate_fn is applied to each sample when batch_size is None (default_convert's place)
cases['collate_without_batches'] = {
    'iterable': plain(list(DataLoader(Stream(0, 3), batch_size=None, collate_fn=lambda s: s[0] + s[1]))),
    'map': plain(list(DataLoader([[1, 2], [3, 4]], batch_size=None, collate_fn=lambda s: s[0] * s[1]))),
}

cases['get_worker_info'] = get_worker_info()
cases['default_convert'] = {
    'nested': plain(default_convert([1, (2, 3), {'a': torch.tensor([1, 2]), 'b': 'x'}, 'y'])),
    'number': default_convert(7),
}
cases['default_collate_errors'] = {
    'none': error(lambda: default_collate([None, None])),
    'unequal': error(lambda: default_collate([[1, 2], [3]])),
}

# random_split: lengths from fractions (floor, then the remainder one by one from the first), its warnings
splits = []
for n, fractions in [(10, [0.25, 0.25, 0.5]), (10, [0.1, 0.1, 0.8]), (5, [0.1, 0.1, 0.8]), (30, [0.3, 0.3, 0.4]),
                     (3, [0.0, 1.0]), (7, [0.5, 0.5]), (10, [1.0]), (11, [0.2, 0.2, 0.2, 0.2, 0.2])]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        parts = random_split(range(n), fractions)
    splits.append({'n': n, 'fractions': fractions, 'lengths': [len(p) for p in parts],
                   'warnings': [str(w.message) for w in caught]})
cases['random_split'] = splits
cases['random_split_errors'] = {
    'fraction_out_of_range': error(lambda: random_split(range(10), [1.5, -0.5])),
    'fractions_over_one': error(lambda: random_split(range(10), [0.5, 0.6])),
    'lengths_too_short': error(lambda: random_split(range(10), [3, 6])),
}

with open(OUT, 'w') as f:
    json.dump(cases, f, indent=1, sort_keys=True)
    f.write('\n')
print('wrote', OUT)
