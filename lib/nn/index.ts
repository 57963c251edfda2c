// torch.nn: modules, layers, activations, losses, init, utils (gradient clipping), and nn.functional.
export * as functional from './functional';
export * as init from './init';
export * as utils from './utils';
export { Module, Parameter } from './module';
export type { StateDict, ForwardHook, ForwardPreHook, BackwardHook } from './module';
export { Linear, Identity, Flatten, Unflatten, CosineSimilarity, Dropout, Dropout2d, ModuleList, Sequential } from './layers';
export { ModuleDict, ParameterList, ParameterDict } from './containers';
export * from './activation';
export { BatchNorm1d, BatchNorm2d, LayerNorm } from './normalization';
export type { BatchNormArgs, LayerNormArgs } from './normalization';
export { Conv2d, Conv1d, ConvTranspose2d, ConvTranspose1d, Unfold, Fold, MaxPool2d, MaxPool1d, AvgPool2d, AvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool1d, ConstantPad1d, ConstantPad2d, ZeroPad2d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d } from './conv';
export { Embedding } from './sparse';
export { RNN, LSTM, GRU } from './rnn';
export type { RNNArgs } from './rnn';
export type { EmbeddingArgs } from './sparse';
export type { Conv2dArgs, ConvTranspose2dArgs, MaxPool2dArgs, AvgPool2dArgs } from './conv';
export * from './loss';
