// Attention and the Transformer: nn.MultiheadAttention (PyTorch 1.13's multi_head_attention_forward: packed or
// separate input projections, bias_k/bias_v, add_zero_attn, boolean or additive attn_mask, key_padding_mask,
// per-head or averaged weights, batch_first, unbatched input), nn.TransformerEncoderLayer/DecoderLayer (post- or
// pre-norm, relu/gelu or a module), nn.TransformerEncoder/Decoder and nn.Transformer; composed from linear, bmm,
// softmax, dropout and layer_norm, so autograd needs nothing more.
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

export interface ScaledDotProductAttentionOptions {
  attn_mask?: Tensor | null;
  dropout_p?: number;
  is_causal?: boolean;
  scale?: number | null;
}

/**
 * F.scaled_dot_product_attention(query, key, value, attn_mask = null, dropout_p = 0, is_causal = false, scale =
 * null) of PyTorch 2.x (1.13 has none), as its documented reference computes it: softmax(q k^T * scale + bias) v
 * over [..., L, E] queries and [..., S, E] keys, scale 1/sqrt(E) unless given. A bool attn_mask marks the pairs that
 * may attend (true), the opposite of MultiheadAttention's; a float one is added; is_causal masks the pairs above
 * the diagonal. Dropout applies to the weights whenever dropout_p > 0, as PyTorch's (pass 0 in eval).
 */
export function scaled_dot_product_attention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  attn_mask?: Tensor | null | ScaledDotProductAttentionOptions,
  dropout_p?: number | ScaledDotProductAttentionOptions,
  is_causal?: boolean | ScaledDotProductAttentionOptions,
  scale?: number | null | ScaledDotProductAttentionOptions,
): Tensor {
  const op = 'scaled_dot_product_attention';
  const [q, k, v] = (['query', 'key', 'value'] as const).map((name, i) => checkTensor(op, [query, key, value][i], name, i + 1));
  const a = resolveArgs<ScaledDotProductAttentionOptions>(op, ['attn_mask', 'dropout_p', 'is_causal', 'scale'], { attn_mask: null, dropout_p: 0, is_causal: false, scale: null }, arguments, 3);
  if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) throw new RangeError(`${op}(): query, key and value must have at least 2 dims, got ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`);
  const [L, E] = q.shape.slice(-2);
  const S = k.shape[k.dim() - 2];
  if (k.shape[k.dim() - 1] !== E) throw new RangeError(`${op}(): query's and key's last dims differ: ${fmtShape(q.shape)} and ${fmtShape(k.shape)}`);
  if (v.shape[v.dim() - 2] !== S) throw new RangeError(`${op}(): key and value must have the same sequence length, got ${fmtShape(k.shape)} and ${fmtShape(v.shape)}`);
  if (a.is_causal && a.attn_mask) throw new RangeError(`${op}(): pass either attn_mask or is_causal, not both`);
  const factor = a.scale ?? 1 / Math.sqrt(E);
  let scores = q.matmul(k.transpose(-2, -1)).mul(factor);
  if (a.is_causal) scores = scores.masked_fill(ones([L, S], { dtype: 'bool' }).triu(1), -Infinity);
  if (a.attn_mask) {
    const mask = checkTensor(op, a.attn_mask, 'attn_mask', 4);
    scores = mask.dtype === 'bool' ? scores.masked_fill(mask.logical_not(), -Infinity) : scores.add(mask);
  }
  let weights = softmax(scores, -1);
  if (a.dropout_p! > 0) weights = dropout(weights, a.dropout_p!, true);
  return weights.matmul(v);
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
    const projections = this.in_proj_weight ? this.in_proj_weight.chunk(3) : [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!];
    let q = linear(q0, projections[0], bias[0]);
    let k = linear(k0, projections[1], bias[1]);
    let v = linear(v0, projections[2], bias[2]);

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
    let attnWeights: Tensor | null = null;
    if (o.need_weights) {
      attnWeights = attn.reshape(N, H, L, S);
      if (o.average_attn_weights) attnWeights = attnWeights.sum(1).div(H);
    }
    if (!batched) {
      output = output.squeeze(1);
      if (attnWeights) attnWeights = attnWeights.squeeze(0);
    }
    return [output, attnWeights];
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
export type TransformerDecoderLayerArgs = TransformerEncoderLayerArgs;
type LayerArg = number | boolean | string | Module | ((x: Tensor) => Tensor) | TransformerEncoderLayerArgs;

/**
 * What the encoder and decoder layers share: self-attention (and, in a decoder, attention over the encoder's
 * output), a feed-forward block, each with dropout, a residual and a LayerNorm, after each block or (norm_first)
 * before it. Submodules are created in PyTorch's order, which is the state_dict's.
 */
abstract class TransformerLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare readonly norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  /** The activation: a function (not a submodule) for 'relu' / 'gelu' / a function, a submodule when given one. */
  declare activation: Module | ((x: Tensor) => Tensor);
  /** @internal the constructor's arguments, for the stacks' copies */
  declare private readonly args: TransformerEncoderLayerArgs;

  constructor(name: string, args: readonly LayerArg[], decoder: boolean) {
    super();
    const a = kwargs<TransformerEncoderLayerArgs>(
      name,
      ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first'],
      { dim_feedforward: 2048, dropout: 0.1, activation: 'relu', layer_norm_eps: 1e-5, batch_first: false, norm_first: false },
      args,
    );
    requireArgs(name, a, ['d_model', 'nhead']);
    const { d_model, nhead, dim_feedforward, layer_norm_eps, dropout: p, batch_first } = a as Required<TransformerEncoderLayerArgs>;
    const attention = () => new MultiheadAttention(d_model, nhead, { dropout: p, batch_first });
    const norm = () => new LayerNorm(d_model, { eps: layer_norm_eps });
    this.self_attn = attention();
    if (decoder) this.add_module('multihead_attn', attention());
    this.linear1 = new Linear(d_model, dim_feedforward);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dim_feedforward, d_model);
    (this as { norm_first: boolean }).norm_first = !!a.norm_first;
    this.norm1 = norm();
    this.norm2 = norm();
    if (decoder) this.add_module('norm3', norm());
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    if (decoder) this.add_module('dropout3', new Dropout(p));
    const act = a.activation;
    if (act === 'relu' || act === 'gelu') this.activation = act === 'relu' ? relu : gelu;
    else if (act instanceof Module || typeof act === 'function') this.activation = act;
    else throw new RangeError(`${name}(): activation should be relu/gelu, not ${typeof act === 'string' ? act : typeName(act)}`);
    Object.defineProperty(this, 'args', { value: { ...a }, enumerable: false });
  }

  /** attention(query, memory) as the block adds it: output only, then dropout. */
  protected attentionBlock(attention: MultiheadAttention, x: Tensor, memory: Tensor, mask: Tensor | null | undefined, padding: Tensor | null | undefined, drop: Dropout): Tensor {
    return drop(attention(x, memory, memory, { attn_mask: mask, key_padding_mask: padding, need_weights: false })[0]) as Tensor;
  }

  protected feedForwardBlock(x: Tensor, drop: Dropout): Tensor {
    const act = this.activation as (x: Tensor) => Tensor;
    return drop(this.linear2(this.dropout(act(this.linear1(x) as Tensor)))) as Tensor;
  }

  /** x + block(norm(x)) when norm_first, else norm(x + block(x)). */
  protected residual(x: Tensor, norm: LayerNorm, block: (x: Tensor) => Tensor): Tensor {
    return this.norm_first ? x.add(block(norm(x) as Tensor)) : (norm(x.add(block(x))) as Tensor);
  }

  /**
   * A new layer with the same arguments and a copy of every parameter (PyTorch's copy.deepcopy of a layer). An
   * activation given as a module is the one instance in every copy (PyTorch copies it too: this matters only for
   * one with parameters, such as PReLU).
   */
  _copy(): this {
    const copy = new (this.constructor as new (a: TransformerEncoderLayerArgs) => this)(this.args);
    copy.load_state_dict(this.state_dict());
    return copy.train(this.training);
  }
}

/**
 * TransformerEncoderLayer(d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = 'relu',
 * layer_norm_eps = 1e-5, batch_first = false, norm_first = false); forward(src, src_mask = null,
 * src_key_padding_mask = null).
 */
export class TransformerEncoderLayer extends TransformerLayer {
  constructor(...args: LayerArg[]) {
    super('TransformerEncoderLayer', args, false);
  }

  override forward(src: Tensor, src_mask?: Tensor | null | EncoderMasks, src_key_padding_mask?: Tensor | null | EncoderMasks): Tensor {
    const o = resolveArgs<EncoderMasks>('TransformerEncoderLayer.forward', ['src_mask', 'src_key_padding_mask'], { src_mask: null, src_key_padding_mask: null }, arguments, 1);
    const x = checkTensor('transformer_encoder_layer_forward', src, 'src', 1);
    const attended = this.residual(x, this.norm1, (h) => this.attentionBlock(this.self_attn, h, h, o.src_mask, o.src_key_padding_mask, this.dropout1));
    return this.residual(attended, this.norm2, (h) => this.feedForwardBlock(h, this.dropout2));
  }
}
interface EncoderMasks {
  src_mask?: Tensor | null;
  src_key_padding_mask?: Tensor | null;
}

interface DecoderMasks {
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
}
const DECODER_MASKS = ['tgt_mask', 'memory_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'] as const;
const NO_DECODER_MASKS: DecoderMasks = { tgt_mask: null, memory_mask: null, tgt_key_padding_mask: null, memory_key_padding_mask: null };

/**
 * TransformerDecoderLayer(d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = 'relu',
 * layer_norm_eps = 1e-5, batch_first = false, norm_first = false); forward(tgt, memory, tgt_mask = null,
 * memory_mask = null, tgt_key_padding_mask = null, memory_key_padding_mask = null).
 */
export class TransformerDecoderLayer extends TransformerLayer {
  declare multihead_attn: MultiheadAttention;
  declare norm3: LayerNorm;
  declare dropout3: Dropout;

  constructor(...args: LayerArg[]) {
    super('TransformerDecoderLayer', args, true);
  }

  override forward(tgt: Tensor, memory: Tensor, ...masks: (Tensor | null | DecoderMasks)[]): Tensor {
    const o = resolveArgs<DecoderMasks>('TransformerDecoderLayer.forward', DECODER_MASKS, NO_DECODER_MASKS, arguments, 2);
    const op = 'transformer_decoder_layer_forward';
    const [x, m] = [checkTensor(op, tgt, 'tgt', 1), checkTensor(op, memory, 'memory', 2)];
    const own = this.residual(x, this.norm1, (h) => this.attentionBlock(this.self_attn, h, h, o.tgt_mask, o.tgt_key_padding_mask, this.dropout1));
    const crossed = this.residual(own, this.norm2, (h) => this.attentionBlock(this.multihead_attn, h, m, o.memory_mask, o.memory_key_padding_mask, this.dropout2));
    return this.residual(crossed, this.norm3, (h) => this.feedForwardBlock(h, this.dropout3));
  }
}

/** TransformerEncoder and TransformerDecoder: num_layers copies of a layer (own parameters, equal at first), then norm. */
abstract class TransformerStack<L extends TransformerLayer> extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;

  constructor(name: string, layerName: 'encoder_layer' | 'decoder_layer', Layer: abstract new (...a: never[]) => L, args: readonly unknown[]) {
    super();
    const names = [layerName, 'num_layers', 'norm', ...(layerName === 'encoder_layer' ? ['enable_nested_tensor'] : [])];
    const a = kwargs<Record<string, unknown>>(name, names, { norm: null, enable_nested_tensor: true }, args);
    requireArgs(name, a, [layerName, 'num_layers']);
    const [layer, count] = [a[layerName], a.num_layers];
    if (!(layer instanceof Layer)) {
      throw new TypeError(`${name}(): ${layerName} must be a ${Layer.name}, not ${layer instanceof Module ? layer.constructor.name : typeName(layer)}`);
    }
    if (!Number.isInteger(count) || (count as number) < 0) throw new RangeError(`${name}(): num_layers must be a non-negative integer, got ${String(count)}`);
    this.layers = new ModuleList(Array.from({ length: count as number }, () => layer._copy()));
    this.num_layers = count as number;
    this.norm = (a.norm as Module | null) ?? null;
  }

  protected finish(x: Tensor): Tensor {
    return this.norm ? (this.norm(x) as Tensor) : x;
  }
}

/** TransformerEncoder(encoder_layer, num_layers, norm = null); forward(src, mask = null, src_key_padding_mask = null). */
export class TransformerEncoder extends TransformerStack<TransformerEncoderLayer> {
  constructor(...args: (number | Module | null | { encoder_layer?: TransformerEncoderLayer; num_layers?: number; norm?: Module | null; enable_nested_tensor?: boolean })[]) {
    super('TransformerEncoder', 'encoder_layer', TransformerEncoderLayer, args);
  }

  override forward(src: Tensor, mask?: Tensor | null | { mask?: Tensor | null; src_key_padding_mask?: Tensor | null }, src_key_padding_mask?: Tensor | null | { mask?: Tensor | null; src_key_padding_mask?: Tensor | null }): Tensor {
    const o = resolveArgs<{ mask?: Tensor | null; src_key_padding_mask?: Tensor | null }>('TransformerEncoder.forward', ['mask', 'src_key_padding_mask'], { mask: null, src_key_padding_mask: null }, arguments, 1);
    let x = src;
    for (const layer of this.layers) x = layer(x, { src_mask: o.mask, src_key_padding_mask: o.src_key_padding_mask }) as Tensor;
    return this.finish(x);
  }
}

/**
 * TransformerDecoder(decoder_layer, num_layers, norm = null); forward(tgt, memory, tgt_mask = null,
 * memory_mask = null, tgt_key_padding_mask = null, memory_key_padding_mask = null).
 */
export class TransformerDecoder extends TransformerStack<TransformerDecoderLayer> {
  constructor(...args: (number | Module | null | { decoder_layer?: TransformerDecoderLayer; num_layers?: number; norm?: Module | null })[]) {
    super('TransformerDecoder', 'decoder_layer', TransformerDecoderLayer, args);
  }

  override forward(tgt: Tensor, memory: Tensor, ...masks: (Tensor | null | DecoderMasks)[]): Tensor {
    const o = resolveArgs<DecoderMasks>('TransformerDecoder.forward', DECODER_MASKS, NO_DECODER_MASKS, arguments, 2);
    let x = tgt;
    for (const layer of this.layers) x = layer(x, memory, o) as Tensor;
    return this.finish(x);
  }
}

export interface TransformerArgs {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu' | Module | ((x: Tensor) => Tensor);
  custom_encoder?: Module | null;
  custom_decoder?: Module | null;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
}
interface TransformerMasks extends DecoderMasks {
  src_mask?: Tensor | null;
  src_key_padding_mask?: Tensor | null;
}

/**
 * Transformer(d_model = 512, nhead = 8, num_encoder_layers = 6, num_decoder_layers = 6, dim_feedforward = 2048,
 * dropout = 0.1, activation = 'relu', custom_encoder = null, custom_decoder = null, layer_norm_eps = 1e-5,
 * batch_first = false, norm_first = false): an encoder and a decoder stack, each ending in a LayerNorm, every
 * matrix xavier-initialized; forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask,
 * tgt_key_padding_mask, memory_key_padding_mask).
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly d_model: number;
  readonly nhead: number;
  readonly batch_first: boolean;

  constructor(...args: (number | boolean | string | Module | null | ((x: Tensor) => Tensor) | TransformerArgs)[]) {
    super();
    const a = kwargs<TransformerArgs>(
      'Transformer',
      ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward', 'dropout', 'activation', 'custom_encoder', 'custom_decoder', 'layer_norm_eps', 'batch_first', 'norm_first'],
      { d_model: 512, nhead: 8, num_encoder_layers: 6, num_decoder_layers: 6, dim_feedforward: 2048, dropout: 0.1, activation: 'relu', custom_encoder: null, custom_decoder: null, layer_norm_eps: 1e-5, batch_first: false, norm_first: false },
      args,
    );
    const { d_model, nhead, dim_feedforward, dropout: p, activation, layer_norm_eps, batch_first, norm_first } = a as Required<TransformerArgs>;
    const layerArgs = { dim_feedforward, dropout: p, activation, layer_norm_eps, batch_first, norm_first };
    const norm = () => new LayerNorm(d_model, { eps: layer_norm_eps });
    this.encoder = a.custom_encoder ?? new TransformerEncoder(new TransformerEncoderLayer(d_model, nhead, layerArgs), a.num_encoder_layers!, norm());
    this.decoder = a.custom_decoder ?? new TransformerDecoder(new TransformerDecoderLayer(d_model, nhead, layerArgs), a.num_decoder_layers!, norm());
    this.d_model = d_model;
    this.nhead = nhead;
    this.batch_first = batch_first;
    for (const param of this.parameters()) if (param.dim() > 1) init.xavier_uniform_(param);
  }

  override forward(src: Tensor, tgt: Tensor, ...masks: (Tensor | null | TransformerMasks)[]): Tensor {
    const names = ['src_mask', 'tgt_mask', 'memory_mask', 'src_key_padding_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'] as const;
    const o = resolveArgs<TransformerMasks>('Transformer.forward', names, { ...NO_DECODER_MASKS, src_mask: null, src_key_padding_mask: null }, arguments, 2);
    const op = 'transformer_forward';
    const [s, t] = [checkTensor(op, src, 'src', 1), checkTensor(op, tgt, 'tgt', 2)];
    const batchDim = this.batch_first ? 0 : 1;
    if (s.dim() === 3 && s.shape[batchDim] !== t.shape[batchDim]) throw new RangeError(`${op}(): the batch number of src and tgt must be equal`);
    if (s.shape[s.dim() - 1] !== this.d_model || t.shape[t.dim() - 1] !== this.d_model) throw new RangeError(`${op}(): the feature number of src and tgt must be equal to d_model`);
    const memory = this.encoder(s, { mask: o.src_mask, src_key_padding_mask: o.src_key_padding_mask }) as Tensor;
    const { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask } = o;
    return this.decoder(t, memory, { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask }) as Tensor;
  }

  /** The causal mask: -inf above the diagonal, 0 elsewhere (a float mask for attn_mask / tgt_mask). */
  static generate_square_subsequent_mask(sz: number): Tensor {
    return generate_square_subsequent_mask(sz);
  }
}

/** nn.Transformer.generate_square_subsequent_mask(sz): the causal mask, -inf above the diagonal and 0 elsewhere. */
export function generate_square_subsequent_mask(sz: number): Tensor {
  if (!Number.isInteger(sz) || sz < 0) throw new RangeError(`generate_square_subsequent_mask(): sz must be a non-negative integer, got ${String(sz)}`);
  return zeros(sz, sz).masked_fill(ones(sz, sz).triu(1).bool(), -Infinity);
}
