// Attention and the Transformer encoder: nn.MultiheadAttention (PyTorch 1.13's multi_head_attention_forward:
// packed or separate input projections, bias_k/bias_v, add_zero_attn, boolean or additive attn_mask,
// key_padding_mask, per-head or averaged weights, batch_first, unbatched input), nn.TransformerEncoderLayer
// (post- or pre-norm, relu/gelu or a module) and nn.TransformerEncoder; composed from linear, bmm, softmax,
// dropout and layer_norm, so autograd needs nothing more.
import { Tensor, checkTensor, typeName } from '../tensor';
import { empty, ones, zeros } from '../ops/creation';
import { cat } from '../ops/shape';
import { fmtShape } from '../shape';
import { resolveArgs } from '../args';
import { Module, Parameter } from './module';
import * as init from './init';
import { kwargs, requireArgs } from './kwargs';
import { Dropout, Linear, ModuleList } from './layers';
import { LayerNorm } from './normalization';
import { dropout, gelu, linear, pad, relu, softmax } from './functional';

/** The out_proj Linear of MultiheadAttention (PyTorch names it so that quantization leaves it alone). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionArgs {
  embed_dim?: number;
  num_heads?: number;
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}

export interface AttentionOptions {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
}

const torchSize = (t: Tensor) => `torch.Size([${t.shape.join(', ')}])`;

/** An attention mask as the additive float mask PyTorch makes of it: a bool mask's true entries become -inf. */
function additive(mask: Tensor, like: Tensor): Tensor {
  return mask.dtype === 'bool' ? zeros(mask.shape, { dtype: like.dtype }).masked_fill(mask, -Infinity) : mask;
}

/**
 * MultiheadAttention(embed_dim, num_heads, dropout = 0, bias = true, add_bias_kv = false, add_zero_attn = false,
 * kdim = null, vdim = null, batch_first = false); forward(query, key, value, key_padding_mask = null,
 * need_weights = true, attn_mask = null, average_attn_weights = true) returns [output, weights or null].
 */
export class MultiheadAttention extends Module {
  readonly embed_dim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly num_heads: number;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  readonly add_zero_attn: boolean;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;

  constructor(...args: (number | boolean | null | MultiheadAttentionArgs)[]) {
    super();
    const a = kwargs<MultiheadAttentionArgs>(
      'MultiheadAttention',
      ['embed_dim', 'num_heads', 'dropout', 'bias', 'add_bias_kv', 'add_zero_attn', 'kdim', 'vdim', 'batch_first'],
      { dropout: 0, bias: true, add_bias_kv: false, add_zero_attn: false, kdim: null, vdim: null, batch_first: false },
      args,
    );
    requireArgs('MultiheadAttention', a, ['embed_dim', 'num_heads']);
    const E = a.embed_dim;
    for (const [name, v] of [['embed_dim', E], ['num_heads', a.num_heads], ['kdim', a.kdim ?? E], ['vdim', a.vdim ?? E]] as const) {
      if (!Number.isInteger(v) || v < (name === 'num_heads' ? 1 : 0)) throw new RangeError(`MultiheadAttention(): ${name} must be a ${name === 'num_heads' ? 'positive' : 'non-negative'} integer, got ${String(v)}`);
    }
    if (E % a.num_heads) throw new RangeError('MultiheadAttention(): embed_dim must be divisible by num_heads');
    this.embed_dim = E;
    this.kdim = a.kdim ?? E;
    this.vdim = a.vdim ?? E;
    this.num_heads = a.num_heads;
    this.dropout = a.dropout!;
    this.batch_first = !!a.batch_first;
    this.head_dim = E / a.num_heads;
    this.add_zero_attn = !!a.add_zero_attn;
    // PyTorch's registration order (state_dict order): projections, in_proj_bias, out_proj, bias_k, bias_v
    if (this.kdim === E && this.vdim === E) {
      this.register_parameter('in_proj_weight', new Parameter(empty(3 * E, E)));
      for (const name of ['q_proj_weight', 'k_proj_weight', 'v_proj_weight']) this.register_parameter(name, null);
    } else {
      this.register_parameter('q_proj_weight', new Parameter(empty(E, E)));
      this.register_parameter('k_proj_weight', new Parameter(empty(E, this.kdim)));
      this.register_parameter('v_proj_weight', new Parameter(empty(E, this.vdim)));
      this.register_parameter('in_proj_weight', null);
    }
    this.register_parameter('in_proj_bias', a.bias ? new Parameter(empty(3 * E)) : null);
    this.out_proj = new NonDynamicallyQuantizableLinear(E, E, { bias: !!a.bias });
    this.register_parameter('bias_k', a.add_bias_kv ? new Parameter(empty(1, 1, E)) : null);
    this.register_parameter('bias_v', a.add_bias_kv ? new Parameter(empty(1, 1, E)) : null);
    this._reset_parameters();
  }

  /** PyTorch's: xavier_uniform projections, zero biases, xavier_normal bias_k/bias_v (out_proj's weight keeps Linear's init). */
  _reset_parameters(): void {
    for (const w of [this.in_proj_weight, this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) if (w) init.xavier_uniform_(w);
    if (this.in_proj_bias) init.zeros_(this.in_proj_bias);
    if (this.out_proj.bias) init.zeros_(this.out_proj.bias);
    for (const b of [this.bias_k, this.bias_v]) if (b) init.xavier_normal_(b);
  }

  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    key_padding_mask?: Tensor | null | AttentionOptions,
    need_weights?: boolean | AttentionOptions,
    attn_mask?: Tensor | null | AttentionOptions,
    average_attn_weights?: boolean | AttentionOptions,
  ): [Tensor, Tensor | null] {
    const o = resolveArgs<AttentionOptions>('MultiheadAttention.forward', ['key_padding_mask', 'need_weights', 'attn_mask', 'average_attn_weights'], { key_padding_mask: null, need_weights: true, attn_mask: null, average_attn_weights: true }, arguments, 3);
    const op = 'multi_head_attention_forward';
    const [q, k, v] = [checkTensor(op, query, 'query', 1), checkTensor(op, key, 'key', 2), checkTensor(op, value, 'value', 3)];
    const swap = this.batch_first && q.dim() === 3;
    const [output, weights] = this.attend(...((swap ? [q, k, v].map((t) => t.transpose(0, 1)) : [q, k, v]) as [Tensor, Tensor, Tensor]), o);
    return [swap ? output.transpose(0, 1) : output, weights];
  }

  /** PyTorch's multi_head_attention_forward on [L, N, E] (or unbatched [L, E]) query and [S, N, *] key and value. */
  private attend(query: Tensor, key: Tensor, value: Tensor, o: AttentionOptions): [Tensor, Tensor | null] {
    const op = 'multi_head_attention_forward';
    const batched = query.dim() === 3;
    if (query.dim() !== 2 && !batched) throw new RangeError(`${op}(): query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
    if (key.dim() !== query.dim() || value.dim() !== query.dim()) {
      const kind = batched ? 'batched (3-D)' : 'unbatched (2-D)';
      throw new RangeError(`${op}(): For ${kind} \`query\`, expected \`key\` and \`value\` to be ${query.dim()}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    }
    let kpm = o.key_padding_mask ? checkTensor(op, o.key_padding_mask, 'key_padding_mask', 4) : null;
    let mask = o.attn_mask ? checkTensor(op, o.attn_mask, 'attn_mask', 6) : null;
    const [q0, k0, v0] = batched ? [query, key, value] : [query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)];
    if (kpm && !batched) kpm = kpm.unsqueeze(0);
    const [L, N, E] = q0.shape;
    const H = this.num_heads, hd = this.head_dim;
    if (E !== this.embed_dim) throw new RangeError(`${op}(): was expecting embedding dimension of ${this.embed_dim}, but got ${E}`);
    if (k0.shape[0] !== v0.shape[0] || k0.shape[1] !== v0.shape[1]) throw new RangeError(`${op}(): key shape ${torchSize(key)} does not match value shape ${torchSize(value)}`);
    if (k0.shape[1] !== N) throw new RangeError(`${op}(): key's batch size ${k0.shape[1]} does not match query's ${N}`);
    if (kpm && fmtShape(kpm.shape) !== fmtShape([N, k0.shape[0]])) {
      throw new RangeError(`${op}(): expecting key_padding_mask shape of (${N}, ${k0.shape[0]}), but got ${torchSize(kpm)}`);
    }

    // input projections: one packed weight split in three, or three weights; the bias split likewise
    const bias = this.in_proj_bias ? this.in_proj_bias.chunk(3) : [null, null, null];
    const weights = this.in_proj_weight ? this.in_proj_weight.chunk(3) : [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!];
    let q = linear(q0, weights[0], bias[0]);
    let k = linear(k0, weights[1], bias[1]);
    let v = linear(v0, weights[2], bias[2]);

    if (mask) {
      const expected = mask.dim() === 2 ? [L, k0.shape[0]] : [N * H, L, k0.shape[0]];
      if (mask.dim() !== 2 && mask.dim() !== 3) throw new RangeError(`${op}(): attn_mask's dimension ${mask.dim()} is not supported`);
      if (fmtShape(mask.shape) !== fmtShape(expected)) {
        throw new RangeError(`${op}(): The shape of the ${mask.dim()}D attn_mask is ${torchSize(mask)}, but should be (${expected.join(', ')}).`);
      }
      if (mask.dim() === 2) mask = mask.unsqueeze(0);
    }
    if (this.bias_k && this.bias_v) {
      k = cat([k, this.bias_k.repeat(1, N, 1)]);
      v = cat([v, this.bias_v.repeat(1, N, 1)]);
      if (mask) mask = pad(mask, [0, 1]);
      if (kpm) kpm = pad(kpm, [0, 1]);
    }
    // [N*H, L or S, head_dim]
    q = q.reshape(L, N * H, hd).transpose(0, 1);
    k = k.reshape(k.shape[0], N * H, hd).transpose(0, 1);
    v = v.reshape(v.shape[0], N * H, hd).transpose(0, 1);
    if (this.add_zero_attn) {
      k = cat([k, zeros([N * H, 1, hd], { dtype: k.dtype })], 1);
      v = cat([v, zeros([N * H, 1, hd], { dtype: v.dtype })], 1);
      if (mask) mask = pad(mask, [0, 1]);
      if (kpm) kpm = pad(kpm, [0, 1]);
    }
    const S = k.shape[1];
    if (kpm) {
      const perHead = kpm.reshape(N, 1, 1, S).expand(N, H, 1, S).reshape(N * H, 1, S);
      mask = !mask ? perHead : mask.dtype === 'bool' ? mask.logical_or(perHead) : mask.masked_fill(perHead.dtype === 'bool' ? perHead : perHead.ne(0), -Infinity);
    }
    const scores = q.div(Math.sqrt(hd)).bmm(k.transpose(1, 2));
    let attn = softmax(mask ? scores.add(additive(mask, scores)) : scores, -1);
    if (this.training && this.dropout > 0) attn = dropout(attn, this.dropout);
    const heads = attn.bmm(v); // [N*H, L, head_dim]
    let output = linear(heads.transpose(0, 1).reshape(L * N, E), this.out_proj.weight, this.out_proj.bias).reshape(L, N, E);
    let weights_: Tensor | null = null;
    if (o.need_weights) {
      weights_ = attn.reshape(N, H, L, S);
      if (o.average_attn_weights) weights_ = weights_.sum(1).div(H);
    }
    if (!batched) {
      output = output.squeeze(1);
      if (weights_) weights_ = weights_.squeeze(0);
    }
    return [output, weights_];
  }
}

export interface TransformerEncoderLayerArgs {
  d_model?: number;
  nhead?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu' | Module | ((x: Tensor) => Tensor);
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
}

/**
 * TransformerEncoderLayer(d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = 'relu',
 * layer_norm_eps = 1e-5, batch_first = false, norm_first = false); forward(src, src_mask = null,
 * src_key_padding_mask = null): self-attention and a feed-forward block, each with dropout, a residual and a
 * LayerNorm (after each block, or before it when norm_first).
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly norm_first: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  /** The activation: a function (not a submodule) for 'relu' / 'gelu' / a function, a submodule when given one. */
  activation: Module | ((x: Tensor) => Tensor);
  /** @internal the constructor's arguments, for TransformerEncoder's copies */
  declare private readonly args: TransformerEncoderLayerArgs;

  constructor(...args: (number | boolean | string | Module | ((x: Tensor) => Tensor) | TransformerEncoderLayerArgs)[]) {
    super();
    const a = kwargs<TransformerEncoderLayerArgs>(
      'TransformerEncoderLayer',
      ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first'],
      { dim_feedforward: 2048, dropout: 0.1, activation: 'relu', layer_norm_eps: 1e-5, batch_first: false, norm_first: false },
      args,
    );
    requireArgs('TransformerEncoderLayer', a, ['d_model', 'nhead']);
    const { d_model, dim_feedforward, layer_norm_eps, dropout: p } = a as Required<TransformerEncoderLayerArgs>;
    this.self_attn = new MultiheadAttention(d_model, a.nhead, { dropout: a.dropout, batch_first: a.batch_first });
    this.linear1 = new Linear(d_model, dim_feedforward);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dim_feedforward, d_model);
    this.norm_first = !!a.norm_first;
    this.norm1 = new LayerNorm(d_model, { eps: layer_norm_eps });
    this.norm2 = new LayerNorm(d_model, { eps: layer_norm_eps });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = a.activation;
    if (act === 'relu' || act === 'gelu') this.activation = act === 'relu' ? relu : gelu;
    else if (act instanceof Module || typeof act === 'function') this.activation = act;
    else throw new RangeError(`TransformerEncoderLayer(): activation should be relu/gelu, not ${typeof act === 'string' ? act : typeName(act)}`);
    Object.defineProperty(this, 'args', { value: { ...a }, enumerable: false });
  }

  override forward(src: Tensor, src_mask?: Tensor | null | { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null }, src_key_padding_mask?: Tensor | null | { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null }): Tensor {
    const o = resolveArgs<{ src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null }>('TransformerEncoderLayer.forward', ['src_mask', 'src_key_padding_mask'], { src_mask: null, src_key_padding_mask: null }, arguments, 1);
    const attend = (x: Tensor) => this.dropout1(this.self_attn(x, x, x, { attn_mask: o.src_mask, key_padding_mask: o.src_key_padding_mask, need_weights: false })[0]) as Tensor;
    const act = this.activation as (x: Tensor) => Tensor;
    const feedForward = (x: Tensor) => this.dropout2(this.linear2(this.dropout(act(this.linear1(x) as Tensor)))) as Tensor;
    let x = checkTensor('transformer_encoder_layer_forward', src, 'src', 1);
    if (this.norm_first) {
      x = x.add(attend(this.norm1(x) as Tensor));
      return x.add(feedForward(this.norm2(x) as Tensor));
    }
    x = this.norm1(x.add(attend(x))) as Tensor;
    return this.norm2(x.add(feedForward(x))) as Tensor;
  }

  /** A new layer with the same arguments and a copy of every parameter (PyTorch's copy.deepcopy of a layer). */
  _copy(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.args);
    copy.load_state_dict(this.state_dict());
    copy.train(this.training);
    return copy;
  }
}

/**
 * TransformerEncoder(encoder_layer, num_layers, norm = null): num_layers copies of encoder_layer (each with its own
 * parameters, starting equal, as PyTorch's deep copies), then norm; forward(src, mask = null,
 * src_key_padding_mask = null).
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;

  constructor(...args: (number | Module | null | { encoder_layer?: TransformerEncoderLayer; num_layers?: number; norm?: Module | null; enable_nested_tensor?: boolean })[]) {
    super();
    const a = kwargs<{ encoder_layer?: TransformerEncoderLayer; num_layers?: number; norm?: Module | null; enable_nested_tensor?: boolean }>(
      'TransformerEncoder',
      ['encoder_layer', 'num_layers', 'norm', 'enable_nested_tensor'],
      { norm: null, enable_nested_tensor: true },
      args,
    );
    requireArgs('TransformerEncoder', a, ['encoder_layer', 'num_layers']);
    if (!(a.encoder_layer instanceof TransformerEncoderLayer)) throw new TypeError(`TransformerEncoder(): encoder_layer must be a TransformerEncoderLayer, not ${typeName(a.encoder_layer)}`);
    if (!Number.isInteger(a.num_layers) || a.num_layers < 0) throw new RangeError(`TransformerEncoder(): num_layers must be a non-negative integer, got ${String(a.num_layers)}`);
    const layer = a.encoder_layer;
    this.layers = new ModuleList(Array.from({ length: a.num_layers }, () => layer._copy()));
    this.num_layers = a.num_layers;
    this.norm = a.norm ?? null;
  }

  override forward(src: Tensor, mask?: Tensor | null | { mask?: Tensor | null; src_key_padding_mask?: Tensor | null }, src_key_padding_mask?: Tensor | null | { mask?: Tensor | null; src_key_padding_mask?: Tensor | null }): Tensor {
    const o = resolveArgs<{ mask?: Tensor | null; src_key_padding_mask?: Tensor | null }>('TransformerEncoder.forward', ['mask', 'src_key_padding_mask'], { mask: null, src_key_padding_mask: null }, arguments, 1);
    let x = src;
    for (const layer of this.layers) x = layer(x, { src_mask: o.mask, src_key_padding_mask: o.src_key_padding_mask }) as Tensor;
    return this.norm ? (this.norm(x) as Tensor) : x;
  }
}

/** nn.Transformer.generate_square_subsequent_mask(sz): the causal mask, -inf above the diagonal and 0 elsewhere. */
export function generate_square_subsequent_mask(sz: number): Tensor {
  if (!Number.isInteger(sz) || sz < 0) throw new RangeError(`generate_square_subsequent_mask(): sz must be a non-negative integer, got ${String(sz)}`);
  return zeros(sz, sz).masked_fill(ones(sz, sz).triu(1).bool(), -Infinity);
}
