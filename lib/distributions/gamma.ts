// torch.distributions.Gamma, Beta and Dirichlet. Their samples come from gamma draws (Marsaglia-Tsang on torch's
// generator) that are reparameterized: the gradient of a draw x ~ Gamma(alpha, 1) w.r.t. alpha is the implicit
// dx/dalpha = -(dP(alpha, x)/dalpha) / pdf(x; alpha), with P the regularized lower incomplete gamma function.
import { Tensor, fromValues } from '../tensor';
import * as torch from '../index';
import { record } from '../autograd';
import { normal as standardNormal, uniform53 } from '../random';
import { igammaScalar, lgammaScalar } from '../ops/math_extra';
import { Distribution, broadcast_all, checkSize, parseParams, type Size, type ValidateOption } from './distribution';
import { independent, nonnegative, positive, simplex, unit_interval, type Constraint } from './constraints';

/** One Gamma(alpha, 1) draw: Marsaglia and Tsang's squeeze method; alpha < 1 boosted to alpha + 1 and scaled by u^(1/alpha). */
function gammaDraw(alpha: number): number {
  if (alpha < 1) return gammaDraw(alpha + 1) * Math.pow(uniform53(), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = uniform53();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** dx/dalpha of a Gamma(alpha, 1) draw x, with dP/dalpha by a central difference (P is smooth in alpha). */
function gammaDrawGrad(alpha: number, x: number): number {
  const h = 1e-5 * Math.max(alpha, 1e-3);
  const dPdAlpha = (igammaScalar(alpha + h, x, false) - igammaScalar(alpha - h, x, false)) / (2 * h);
  const logPdf = (alpha - 1) * Math.log(x) - x - lgammaScalar(alpha);
  return -dPdAlpha / Math.exp(logPdf);
}

/** torch._standard_gamma(alpha): a Gamma(alpha, 1) draw per element, differentiable w.r.t. alpha (see above). */
export function standardGamma(alpha: Tensor): Tensor {
  const a = alpha.contiguous()._contiguousData();
  const tiny = alpha.dtype === 'float64' ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
  const values = Float64Array.from(a, (v) => Math.max(gammaDraw(v), tiny)); // kept off 0, as PyTorch's clamp(min=tiny)
  const out = fromValues(values, alpha.shape, alpha.dtype);
  return record(out, 'StandardGammaBackward0', [alpha], (g) => {
    const dx = fromValues(Float64Array.from(values, (x, i) => gammaDrawGrad(a[i], x)), alpha.shape, alpha.dtype);
    return [torch.mul(g, dx)];
  });
}

type GammaArgs = { concentration?: Tensor | number; rate?: Tensor | number } & ValidateOption;

export class Gamma extends Distribution {
  concentration!: Tensor;
  rate!: Tensor;
  override has_rsample = true;

  constructor(concentration: Tensor | number | GammaArgs, rate?: Tensor | number | GammaArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    this._initParams('Gamma', ['concentration', 'rate'], arguments);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { concentration: positive, rate: positive };
  }
  override get support(): Constraint {
    return nonnegative;
  }
  override get mean(): Tensor {
    return torch.div(this.concentration, this.rate);
  }
  override get mode(): Tensor {
    return torch.clamp(torch.div(torch.sub(this.concentration, 1), this.rate), 0);
  }
  override get variance(): Tensor {
    return torch.div(this.concentration, this.rate.pow(2));
  }

  override expand(batch_shape: Size, _instance?: Distribution): Gamma {
    return this._expandParams<Gamma>(batch_shape, _instance, ['concentration', 'rate']);
  }

  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    return torch.div(standardGamma(this.concentration.expand(shape)), this.rate.expand(shape));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const c = this.concentration;
    const terms = torch.add(torch.xlogy(c, this.rate), torch.xlogy(torch.sub(c, 1), value));
    return torch.sub(torch.sub(terms, torch.mul(this.rate, value)), torch.lgamma(c));
  }
  override entropy(): Tensor {
    const c = this.concentration;
    const t = torch.add(torch.sub(c, torch.log(this.rate)), torch.lgamma(c));
    return torch.add(t, torch.mul(torch.add(torch.neg(c), 1), torch.digamma(c)));
  }
}

type DirichletArgs = { concentration?: Tensor } & ValidateOption;

export class Dirichlet extends Distribution {
  concentration!: Tensor;
  override has_rsample = true;

  constructor(concentration: Tensor | DirichletArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<DirichletArgs>('Dirichlet.__init__', ['concentration', 'validate_args'], arguments);
    if (!(a.concentration instanceof Tensor)) throw new TypeError(`Dirichlet(): concentration must be a Tensor, not ${typeof a.concentration}`);
    if (a.concentration.dim() < 1) throw new RangeError('`concentration` parameter must be at least one-dimensional.');
    this.concentration = a.concentration;
    const shape = a.concentration.shape;
    this._init(shape.slice(0, -1), shape.slice(-1), a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { concentration: independent(positive, 1) };
  }
  override get support(): Constraint {
    return simplex;
  }
  override get mean(): Tensor {
    return torch.div(this.concentration, this.concentration.sum(-1, true));
  }
  override get mode(): Tensor {
    const cm1 = torch.clamp(torch.sub(this.concentration, 1), 0);
    return torch.div(cm1, cm1.sum(-1, true)); // PyTorch also special-cases all concentrations < 1 (a vertex)
  }
  override get variance(): Tensor {
    const total = this.concentration.sum(-1, true);
    const num = torch.mul(this.concentration, torch.sub(total, this.concentration));
    return torch.div(num, torch.mul(total.pow(2), torch.add(total, 1)));
  }

  override expand(batch_shape: Size, _instance?: Distribution): Dirichlet {
    const d = this._get_checked_instance<Dirichlet>(_instance);
    d.concentration = this.concentration.expand([...batch_shape, ...this._event_shape]);
    return this._expanded(d, batch_shape, this._event_shape);
  }

  /** Normalized gamma draws (PyTorch differentiates its Dirichlet draw differently per sample; both are unbiased). */
  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const g = standardGamma(this.concentration.expand(shape));
    return torch.div(g, g.sum(-1, true));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const c = this.concentration;
    const t = torch.xlogy(torch.sub(c, 1), value).sum(-1);
    return torch.sub(torch.add(t, torch.lgamma(c.sum(-1))), torch.lgamma(c).sum(-1));
  }
  override entropy(): Tensor {
    const c = this.concentration;
    const k = c.shape[c.dim() - 1];
    const a0 = c.sum(-1);
    const t = torch.sub(torch.lgamma(c).sum(-1), torch.lgamma(a0));
    const t2 = torch.mul(torch.add(torch.neg(a0), k), torch.digamma(a0));
    return torch.sub(torch.sub(t, t2), torch.mul(torch.sub(c, 1), torch.digamma(c)).sum(-1));
  }
}

type BetaArgs = { concentration1?: Tensor | number; concentration0?: Tensor | number } & ValidateOption;

export class Beta extends Distribution {
  _dirichlet!: Dirichlet;
  override has_rsample = true;

  constructor(concentration1: Tensor | number | BetaArgs, concentration0?: Tensor | number | BetaArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<BetaArgs>('Beta.__init__', ['concentration1', 'concentration0', 'validate_args'], arguments);
    if (a.concentration1 === undefined || a.concentration0 === undefined) throw new TypeError(`Beta.__init__() missing 1 required positional argument: '${a.concentration1 === undefined ? 'concentration1' : 'concentration0'}'`);
    const [c1, c0] = broadcast_all(a.concentration1, a.concentration0);
    this._dirichlet = new Dirichlet(torch.stack([c1, c0], -1), { validate_args: a.validate_args });
    this._init(this._dirichlet.batch_shape, [], a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { concentration1: positive, concentration0: positive };
  }
  override get support(): Constraint {
    return unit_interval;
  }
  get concentration1(): Tensor {
    return this._dirichlet.concentration.select(-1, 0);
  }
  get concentration0(): Tensor {
    return this._dirichlet.concentration.select(-1, 1);
  }
  override get mean(): Tensor {
    return torch.div(this.concentration1, torch.add(this.concentration1, this.concentration0));
  }
  override get mode(): Tensor {
    return this._dirichlet.mode.select(-1, 0);
  }
  override get variance(): Tensor {
    const total = torch.add(this.concentration1, this.concentration0);
    return torch.div(torch.mul(this.concentration1, this.concentration0), torch.mul(total.pow(2), torch.add(total, 1)));
  }

  override expand(batch_shape: Size, _instance?: Distribution): Beta {
    const d = this._get_checked_instance<Beta>(_instance);
    d._dirichlet = this._dirichlet.expand(batch_shape);
    return this._expanded(d, batch_shape);
  }

  override rsample(sample_shape: Size = []): Tensor {
    return this._dirichlet.rsample(sample_shape).select(-1, 0);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const headsTails = torch.stack([value, torch.add(torch.neg(value), 1)], -1);
    return this._dirichlet.log_prob(headsTails);
  }
  override entropy(): Tensor {
    return this._dirichlet.entropy();
  }
}
