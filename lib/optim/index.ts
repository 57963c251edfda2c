// torch.optim: optimizers over param groups, and lr_scheduler.
export { Optimizer } from './optimizer';
export type { Params, ParamGroup, ParamGroupInput, OptimizerStateDict } from './optimizer';
export { SGD } from './sgd';
export type { SGDOptions, SGDState } from './sgd';
export { Adam, AdamW } from './adam';
export type { AdamOptions, AdamState, AdamHyperparameters } from './adam';
export { RMSprop } from './rmsprop';
export type { RMSpropOptions, RMSpropState, RMSpropHyperparameters } from './rmsprop';
export { Adagrad, Adadelta, Adamax, NAdam, RAdam } from './adaptive';
export type { AdagradHyperparameters, AdagradState, AdadeltaHyperparameters, AdadeltaState, AdamaxHyperparameters, AdamaxState, NAdamHyperparameters, NAdamState, RAdamHyperparameters, RAdamState } from './adaptive';
export { Rprop } from './rprop';
export type { RpropHyperparameters, RpropState } from './rprop';
export { ASGD } from './asgd';
export type { ASGDHyperparameters, ASGDState } from './asgd';
export { LBFGS } from './lbfgs';
export type { LBFGSHyperparameters, LBFGSState } from './lbfgs';
export * as lr_scheduler from './lr_scheduler';
export * as swa_utils from './swa_utils';
