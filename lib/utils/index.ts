// torch.utils: data (datasets and the DataLoader), hooks (RemovableHandle), checkpoint (activation checkpointing).
export * as data from './data';
export * as hooks from './hooks';
export * as checkpoint from './checkpoint';
