// torch.utils: data (datasets and the DataLoader), hooks (RemovableHandle).
export * as data from './data';
export * as hooks from './hooks';
