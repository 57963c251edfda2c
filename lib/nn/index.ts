// torch.nn: modules arrive with the autograd/nn issue; the functional forms are here already.
export * as functional from './functional';
