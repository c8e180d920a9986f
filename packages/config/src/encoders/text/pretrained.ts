import { z } from 'zod';
import { doc } from '../../common.js';

/**
 * Ludwig's pretrained (Hugging Face) text encoders, run frozen from a local ONNX export under the
 * models root (`OVERTURE_MODELS_DIR`, `--models-dir`); nothing is ever downloaded. They differ only
 * in their defaults (Ludwig `schema/encoders/text_encoders.py`): the model name, the reduction,
 * and which special tokens Ludwig's forward drops before reducing (`[:, 1:-1]` for BERT-likes,
 * `[:, 0:-1]` for T5, none for the GPTs, XLNet and auto_transformer).
 */
export interface PretrainedTextDefaults {
  /** Ludwig's default `pretrained_model_name_or_path`; null: the user must name one. */
  model: string | null;
  reduceOutput: PretrainedReduceOutput;
  /** Tokens Ludwig slices off the start and the end of the real tokens before a sum/mean/max/last. */
  skip: { first: number; last: number };
  /**
   * `cls_pooled`: `pooler` reads the graph's pooler_output (the [CLS] state when the export has none),
   * `cls` the first token's state (ModernBERT has no pooler), null: Ludwig refuses it for this model.
   */
  clsPooled: 'pooler' | 'cls' | null;
  /** Ludwig's fields of the model's architecture, used only to train one from scratch (`use_pretrained: false`). */
  architecture: readonly string[];
}

export const pretrainedReduceOutputs = ['cls_pooled', 'sum', 'mean', 'avg', 'max', 'last'] as const;
export type PretrainedReduceOutput = (typeof pretrainedReduceOutputs)[number];
/** Ludwig reductions of a sequence we do not compute from a frozen encoder yet. */
const unsupportedReductions = ['concat', 'attention', 'attention_pooling', 'none', 'None'];

const bertLike = { first: 1, last: 1 };
const none = { first: 0, last: 0 };
const bertArch = [
  'vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'hidden_act', 'hidden_dropout_prob',
  'attention_probs_dropout_prob', 'max_position_embeddings', 'type_vocab_size', 'initializer_range', 'layer_norm_eps', 'pad_token_id',
  'gradient_checkpointing', 'position_embedding_type', 'classifier_dropout',
];
const gptArch = ['vocab_size', 'n_positions', 'n_ctx', 'n_embd', 'n_layer', 'n_head', 'resid_pdrop', 'embd_pdrop', 'attn_pdrop', 'layer_norm_epsilon', 'initializer_range'];
const t5Arch = ['vocab_size', 'd_model', 'd_kv', 'd_ff', 'num_layers', 'num_decoder_layers', 'num_heads', 'relative_attention_num_buckets', 'dropout_rate', 'layer_norm_eps', 'initializer_factor', 'feed_forward_proj'];

export const pretrainedTextEncoderDefaults = {
  auto_transformer: { model: null, reduceOutput: 'sum', skip: none, clsPooled: 'pooler', architecture: ['vocab_size'] },
  bert: { model: 'bert-base-uncased', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'pooler', architecture: bertArch },
  albert: {
    model: 'albert-base-v2', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'pooler',
    architecture: [...bertArch, 'embedding_size', 'num_hidden_groups', 'inner_group_num', 'classifier_dropout_prob', 'bos_token_id', 'eos_token_id'],
  },
  roberta: { model: 'roberta-base', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'pooler', architecture: ['vocab_size', 'pad_token_id', 'bos_token_id', 'eos_token_id'] },
  xlmroberta: {
    model: 'xlm-roberta-base', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'pooler',
    architecture: ['vocab_size', 'pad_token_id', 'bos_token_id', 'eos_token_id', 'max_position_embeddings', 'type_vocab_size', 'add_pooling_layer'],
  },
  distilbert: {
    model: 'distilbert-base-uncased', reduceOutput: 'sum', skip: bertLike, clsPooled: null,
    architecture: ['vocab_size', 'dropout', 'max_position_embeddings', 'sinusoidal_pos_embds', 'n_layers', 'n_heads', 'dim', 'hidden_dim', 'attention_dropout', 'activation', 'initializer_range', 'qa_dropout', 'seq_classif_dropout'],
  },
  deberta: {
    model: 'tasksource/deberta-base-long-nli', reduceOutput: 'sum', skip: bertLike, clsPooled: 'pooler',
    architecture: [...bertArch, 'relative_attention', 'max_relative_positions', 'position_biased_input', 'pos_att_type', 'pooler_hidden_size', 'pooler_dropout', 'pooler_hidden_act', 'position_buckets', 'share_att_key', 'norm_rel_ebd'],
  },
  electra: { model: 'google/electra-small-discriminator', reduceOutput: 'sum', skip: bertLike, clsPooled: null, architecture: [...bertArch, 'embedding_size'] },
  camembert: { model: 'camembert-base', reduceOutput: 'sum', skip: bertLike, clsPooled: 'pooler', architecture: bertArch },
  gpt: { model: 'openai-gpt', reduceOutput: 'sum', skip: none, clsPooled: null, architecture: [...gptArch, 'afn'] },
  gpt2: { model: 'gpt2', reduceOutput: 'sum', skip: none, clsPooled: null, architecture: [...gptArch, 'n_inner', 'activation_function', 'scale_attn_weights'] },
  t5: { model: 't5-small', reduceOutput: 'sum', skip: { first: 0, last: 1 }, clsPooled: null, architecture: t5Arch },
  xlnet: {
    model: 'xlnet-base-cased', reduceOutput: 'sum', skip: none, clsPooled: null,
    architecture: [
      'vocab_size', 'd_model', 'n_layer', 'n_head', 'd_inner', 'ff_activation', 'untie_r', 'attn_type', 'initializer_range', 'layer_norm_eps', 'dropout',
      'mem_len', 'reuse_len', 'use_mems_eval', 'use_mems_train', 'bi_data', 'clamp_len', 'same_length', 'summary_type', 'summary_use_proj',
      'summary_activation', 'summary_last_dropout', 'start_n_top', 'end_n_top', 'pad_token_id', 'bos_token_id', 'eos_token_id',
    ],
  },
  longformer: {
    model: 'allenai/longformer-base-4096', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'pooler',
    architecture: ['vocab_size', 'max_position_embeddings', 'type_vocab_size', 'attention_window', 'sep_token_id'],
  },
  modernbert: {
    model: 'answerdotai/ModernBERT-base', reduceOutput: 'cls_pooled', skip: bertLike, clsPooled: 'cls',
    architecture: ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'hidden_act', 'hidden_dropout_prob', 'max_position_embeddings', 'initializer_range', 'layer_norm_eps', 'pad_token_id'],
  },
} as const satisfies Record<string, PretrainedTextDefaults>;

export type PretrainedTextEncoderType = keyof typeof pretrainedTextEncoderDefaults;
export const pretrainedTextEncoderTypes = Object.keys(pretrainedTextEncoderDefaults) as PretrainedTextEncoderType[];

export function isPretrainedTextEncoder(type: unknown): type is PretrainedTextEncoderType {
  return typeof type === 'string' && Object.hasOwn(pretrainedTextEncoderDefaults, type);
}

const notYet = (type: string, field: string, what: string) => `${field} (${what}) is a Ludwig ${type} option that Overture does not support yet`;

/** The schema of one pretrained encoder name: Ludwig's fields with that name's defaults. */
function pretrainedTextEncoderSchema<T extends PretrainedTextEncoderType>(type: T) {
  const d: PretrainedTextDefaults = pretrainedTextEncoderDefaults[type];
  const architecture = Object.fromEntries(
    d.architecture.map((field) => [field, doc(z.unknown().optional(), `Ludwig: the model's ${field} when training it from scratch (use_pretrained: false); the local export's own architecture is used.`)]),
  );
  return z.strictObject({
    ...architecture,
    type: doc(z.literal(type), `Ludwig's ${type} encoder: a pretrained transformer run frozen from its local ONNX export (models root, never downloaded).`),
    pretrained_model_name_or_path: doc(
      d.model === null
        ? z.string().min(1).nullable().default(null).refine((name) => name !== null, { message: `pretrained_model_name_or_path must be set for the ${type} encoder (the folder name under the models root)` })
        : z.string().min(1).default(d.model),
      'Name of the model: its folder under the models root (OVERTURE_MODELS_DIR or --models-dir), e.g. bert-base-uncased or org/name. Never downloaded.',
      { commonly_used: true },
    ),
    use_pretrained: doc(
      z.boolean().default(true).refine((v) => v, { message: notYet(type, 'use_pretrained: false', 'training the transformer from scratch') }),
      'Load the pretrained weights (always, in Overture).',
    ),
    trainable: doc(
      z.boolean().default(false).refine((v) => !v, { message: `${notYet(type, 'trainable: true', 'fine-tuning the pretrained transformer')}; leave it false to use the frozen encoder's embeddings` }),
      'Fine-tune the transformer (Ludwig default false). Overture runs it frozen: its embeddings are computed once per row.',
    ),
    reduce_output: doc(
      z.string().nullable().default(d.reduceOutput).superRefine((v, ctx) => {
        if (v === 'cls_pooled' && d.clsPooled === null) {
          ctx.addIssue({ code: 'custom', message: `reduce_output cannot be cls_pooled for ${type} (as in Ludwig); use one of sum, mean, avg, max, last` });
        } else if (v === null || unsupportedReductions.includes(v)) {
          ctx.addIssue({ code: 'custom', message: `${notYet(type, `reduce_output: ${String(v)}`, 'a reduction needing the whole sequence of a frozen encoder')}; use one of ${pretrainedReduceOutputs.join(', ')}` });
        } else if (!(pretrainedReduceOutputs as readonly string[]).includes(v)) {
          ctx.addIssue({ code: 'custom', message: `unknown reduce_output '${v}'; use one of ${pretrainedReduceOutputs.join(', ')}` });
        }
      }),
      'How the token states become one vector: cls_pooled (the pooled [CLS] state), sum, mean/avg, max or last over the tokens (Ludwig drops the special tokens first).',
      { commonly_used: true },
    ),
    max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Longest token sequence fed to the transformer (special tokens included); null: preprocessing.max_sequence_length.'),
    saved_weights_in_checkpoint: doc(z.boolean().default(false), 'Internal (Ludwig).'),
    adapter: doc(
      z.unknown().nullable().default(null).refine((v) => v === null, { message: notYet(type, 'adapter', 'LoRA and other fine-tuning adapters') }),
      'Fine-tuning adapter (not supported yet).',
    ),
    pretrained_kwargs: doc(
      z.record(z.string(), z.unknown()).nullable().default(null).refine((v) => v === null, { message: notYet(type, 'pretrained_kwargs', 'arguments to the Hugging Face loader') }),
      'Arguments to the Hugging Face loader (not supported yet: the local export is used as it is).',
    ),
    vocab: doc(z.array(z.string()).nullable().default(null), 'Internal (Ludwig): the tokenizer.json of the local export is used.'),
  });
}

export const ZAutoTransformerEncoder = pretrainedTextEncoderSchema('auto_transformer');
export const ZBertEncoder = pretrainedTextEncoderSchema('bert');
export const ZAlbertEncoder = pretrainedTextEncoderSchema('albert');
export const ZRobertaEncoder = pretrainedTextEncoderSchema('roberta');
export const ZXlmRobertaEncoder = pretrainedTextEncoderSchema('xlmroberta');
export const ZDistilBertEncoder = pretrainedTextEncoderSchema('distilbert');
export const ZDebertaEncoder = pretrainedTextEncoderSchema('deberta');
export const ZElectraEncoder = pretrainedTextEncoderSchema('electra');
export const ZCamembertEncoder = pretrainedTextEncoderSchema('camembert');
export const ZGptEncoder = pretrainedTextEncoderSchema('gpt');
export const ZGpt2Encoder = pretrainedTextEncoderSchema('gpt2');
export const ZT5Encoder = pretrainedTextEncoderSchema('t5');
export const ZXlnetEncoder = pretrainedTextEncoderSchema('xlnet');
export const ZLongformerEncoder = pretrainedTextEncoderSchema('longformer');
export const ZModernBertEncoder = pretrainedTextEncoderSchema('modernbert');

/** The resolved config of any pretrained text encoder (they share every field but the architecture ones). */
export type PretrainedTextEncoderConfig = {
  type: PretrainedTextEncoderType;
  pretrained_model_name_or_path: string;
  use_pretrained: boolean;
  trainable: boolean;
  /** One of pretrainedReduceOutputs once validated (the schema keeps Ludwig's other names to refuse them in words). */
  reduce_output: string | null;
  max_sequence_length: number | null;
};
