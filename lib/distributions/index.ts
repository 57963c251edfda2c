// torch.distributions: probability distributions with sampling, log_prob, entropy and KL divergence.
export * as constraints from './constraints';
export { Distribution } from './distribution';
export { Normal } from './normal';
export { Categorical, OneHotCategorical } from './categorical';
export { Bernoulli } from './bernoulli';
export { Uniform } from './uniform';
export { Independent } from './independent';
export { Exponential, Laplace } from './exponential';
export { MultivariateNormal } from './multivariate_normal';
export { Gamma, Beta, Dirichlet } from './gamma';
export { kl_divergence, register_kl } from './kl';
export * as kl from './kl';
