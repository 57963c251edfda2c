// torch.distributions.kl: kl_divergence(p, q) = KL(p || q), looked up in a registry of closed forms by the
// classes of p and q (register_kl adds to it; the most specific match wins, as in PyTorch).
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { softplus } from '../nn/functional';
import { Distribution } from './distribution';
import { Normal } from './normal';
import { Bernoulli } from './bernoulli';
import { Categorical, OneHotCategorical } from './categorical';
import { Uniform } from './uniform';
import { Exponential, Laplace } from './exponential';
import { Independent, sumRightmost } from './independent';
import { Beta, Dirichlet, Gamma } from './gamma';
import { MultivariateNormal, batchMahalanobis, trilInverse } from './multivariate_normal';

type DistClass = abstract new (...args: never[]) => Distribution;
type KLFn = (p: never, q: never) => Tensor;
const registry = new Map<DistClass, Map<DistClass, KLFn>>();

/** How many prototype steps separate an instance of cls from base (Infinity if cls does not extend base). */
function distance(cls: DistClass, base: DistClass): number {
  let n = 0;
  for (let c: unknown = cls; c; c = Object.getPrototypeOf(c), n++) if (c === base) return n;
  return Infinity;
}

/**
 * torch.distributions.kl.register_kl(type_p, type_q): a decorator registering fn(p, q) as KL(p || q) for those
 * classes. Use: `register_kl(MyP, MyQ)((p, q) => ...)`.
 */
export function register_kl<P extends Distribution, Q extends Distribution>(type_p: abstract new (...args: never[]) => P, type_q: abstract new (...args: never[]) => Q) {
  for (const [name, t] of [['type_p', type_p], ['type_q', type_q]] as const) {
    if (typeof t !== 'function' || !(t.prototype instanceof Distribution || (t as unknown) === Distribution)) {
      throw new TypeError(`Expected ${name} to be a Distribution subclass but got ${typeof t === 'function' ? t.name : String(t)}`);
    }
  }
  return <F extends (p: P, q: Q) => Tensor>(fn: F): F => {
    if (!registry.has(type_p)) registry.set(type_p, new Map());
    registry.get(type_p)!.set(type_q, fn as KLFn);
    return fn;
  };
}

function lookup(p: Distribution, q: Distribution): KLFn | undefined {
  const typeP = p.constructor as DistClass;
  const typeQ = q.constructor as DistClass;
  let best: KLFn | undefined;
  let bestRank: [number, number] = [Infinity, Infinity];
  for (const [P, row] of registry) {
    const dp = distance(typeP, P);
    if (dp === Infinity) continue;
    for (const [Q, fn] of row) {
      const dq = distance(typeQ, Q);
      if (dq === Infinity) continue;
      // PyTorch orders candidates by specificity of (p, q); compare lexicographically
      if (dp < bestRank[0] || (dp === bestRank[0] && dq < bestRank[1])) {
        best = fn;
        bestRank = [dp, dq];
      }
    }
  }
  return best;
}

/** torch.distributions.kl_divergence(p, q): KL(p || q) per batch element. */
export function kl_divergence(p: Distribution, q: Distribution): Tensor {
  if (!(p instanceof Distribution) || !(q instanceof Distribution)) throw new TypeError('kl_divergence(): p and q must be Distributions');
  const fn = lookup(p, q);
  if (!fn) throw new TypeError(`kl_divergence(): no KL(p || q) is implemented for p = ${p.constructor.name}, q = ${q.constructor.name} (NotImplementedError in PyTorch)`);
  return (fn as (p: Distribution, q: Distribution) => Tensor)(p, q);
}

/** t with inf where `infinite`, then 0 where `zero` (PyTorch's t[mask] = inf / 0 in its KL formulas). */
function patch(t: Tensor, infinite: Tensor, zero: Tensor): Tensor {
  const withInf = torch.masked_fill(t, infinite.expand_as(t), Infinity);
  return torch.masked_fill(withInf, zero.expand_as(t), 0);
}

register_kl(Normal, Normal)((p, q) => {
  const varRatio = torch.div(p.scale, q.scale).pow(2);
  const t1 = torch.div(torch.sub(p.loc, q.loc), q.scale).pow(2);
  return torch.mul(torch.sub(torch.sub(torch.add(varRatio, t1), 1), torch.log(varRatio)), 0.5);
});

register_kl(Categorical, Categorical)((p, q) => {
  const t = torch.mul(p.probs, torch.sub(p.logits, q.logits));
  return patch(t, torch.eq(q.probs, 0), torch.eq(p.probs, 0)).sum(-1);
});

register_kl(OneHotCategorical, OneHotCategorical)((p, q) => kl_divergence(p._categorical, q._categorical));

register_kl(Bernoulli, Bernoulli)((p, q) => {
  const t1 = torch.mul(p.probs, torch.sub(softplus(torch.neg(q.logits)), softplus(torch.neg(p.logits))));
  const t2 = torch.mul(torch.add(torch.neg(p.probs), 1), torch.sub(softplus(q.logits), softplus(p.logits)));
  return torch.add(patch(t1, torch.eq(q.probs, 0), torch.eq(p.probs, 0)), patch(t2, torch.eq(q.probs, 1), torch.eq(p.probs, 1)));
});

register_kl(Uniform, Uniform)((p, q) => {
  const result = torch.log(torch.div(torch.sub(q.high, q.low), torch.sub(p.high, p.low)));
  const outside = torch.logical_or(torch.gt(q.low, p.low), torch.lt(q.high, p.high));
  return torch.masked_fill(result, outside, Infinity);
});

register_kl(Exponential, Exponential)((p, q) => {
  const rateRatio = torch.div(q.rate, p.rate);
  return torch.sub(torch.sub(rateRatio, torch.log(rateRatio)), 1);
});

register_kl(Laplace, Laplace)((p, q) => {
  const scaleRatio = torch.div(p.scale, q.scale);
  const locAbsDiff = torch.abs(torch.sub(p.loc, q.loc));
  const t2 = torch.div(locAbsDiff, q.scale);
  const t3 = torch.mul(scaleRatio, torch.exp(torch.div(torch.neg(locAbsDiff), p.scale)));
  return torch.sub(torch.add(torch.sub(t2, torch.log(scaleRatio)), t3), 1);
});

register_kl(Independent, Independent)((p, q) => {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) throw new TypeError('kl_divergence(): Independent distributions with different reinterpreted_batch_ndims (NotImplementedError in PyTorch)');
  return sumRightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
});

register_kl(MultivariateNormal, MultivariateNormal)((p, q) => {
  if (p.event_shape.join() !== q.event_shape.join()) {
    throw new RangeError('KL-divergence between two Multivariate Normals with different event shapes cannot be computed');
  }
  const Lp = p._unbroadcasted_scale_tril;
  const Lq = q._unbroadcasted_scale_tril;
  const logDiag = (L: Tensor) => torch.log(torch.diagonal(L, 0, -2, -1)).sum(-1);
  const halfTerm1 = torch.sub(logDiag(Lq), logDiag(Lp));
  const n = p.event_shape[0];
  // |Lq^-1 Lp|_F^2 = tr(Sigma_q^-1 Sigma_p)
  const term2 = torch.matmul(trilInverse(Lq), Lp).pow(2).sum([-2, -1]);
  const term3 = batchMahalanobis(Lq, torch.sub(q.loc, p.loc));
  return torch.add(halfTerm1, torch.mul(torch.sub(torch.add(term2, term3), n), 0.5));
});

register_kl(Gamma, Gamma)((p, q) => {
  const t1 = torch.mul(q.concentration, torch.log(torch.div(p.rate, q.rate)));
  const t2 = torch.sub(torch.lgamma(q.concentration), torch.lgamma(p.concentration));
  const t3 = torch.mul(torch.sub(p.concentration, q.concentration), torch.digamma(p.concentration));
  const t4 = torch.mul(torch.sub(q.rate, p.rate), torch.div(p.concentration, p.rate));
  return torch.add(torch.add(torch.add(t1, t2), t3), t4);
});

register_kl(Dirichlet, Dirichlet)((p, q) => {
  const sumP = p.concentration.sum(-1);
  const sumQ = q.concentration.sum(-1);
  const t1 = torch.sub(torch.lgamma(sumP), torch.lgamma(sumQ));
  const t2 = torch.sub(torch.lgamma(p.concentration), torch.lgamma(q.concentration)).sum(-1);
  const t3 = torch.sub(p.concentration, q.concentration);
  const t4 = torch.sub(torch.digamma(p.concentration), torch.digamma(sumP).unsqueeze(-1));
  return torch.add(torch.sub(t1, t2), torch.mul(t3, t4).sum(-1));
});

register_kl(Beta, Beta)((p, q) => kl_divergence(p._dirichlet, q._dirichlet));
