import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activations, norms, type CombinerType, type DecoderType, type EncoderTypeFor, type InputFeatureType, type OutputFeatureType, type PretrainedTextEncoderType, isPretrainedTextEncoder } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { encoders } from '../encoders/registry.js';
import { combiners } from '../combiners/registry.js';
import { decoders } from '../decoders/registry.js';
import { checkParity, distributionClasses, type ParityOptions } from './test/parity.js';

// tfjs (wasm) and onnxruntime-node must agree on the same preprocessed rows: probabilities
// within 1e-4, values within 1e-4 relative. A wrong op, transposed weight or missing bias is
// off by far more than that once every parameter is random.
const TOLERANCE = 1e-4;

beforeAll(async () => {
  await initBackend('wasm');
});

/** The column of the parity table holding each input type. */
const inputColumns = {
  number: 'num', binary: 'bin', category: 'cat', set: 'set', bag: 'bag', date: 'date', vector: 'vec', text: 'txt', sequence: 'seq', image: 'img', timeseries: 'ts', audio: 'aud',
} satisfies Record<InputFeatureType, string>;

/** The column and decoder of each output type. */
const outputColumns = {
  number: { column: 'y_num', decoder: 'regressor' },
  binary: { column: 'y_bin', decoder: 'regressor' },
  category: { column: 'y_cat', decoder: 'classifier' },
  set: { column: 'y_set', decoder: 'classifier' },
  vector: { column: 'y_vec', decoder: 'projector' },
  timeseries: { column: 'y_ts', decoder: 'projector' },
  category_distribution: { column: 'y_dist', decoder: 'classifier', preprocessing: { vocab: distributionClasses } },
  // The centre c is perturbed with the other parameters, so ||z - c||² is checked away from c = 0.
  anomaly: { column: 'y_anom', decoder: 'anomaly' },
} satisfies Record<Exclude<OutputFeatureType, 'text' | 'sequence'>, { column: string; decoder: DecoderType; preprocessing?: object }>;

const small = { output_size: 8, num_fc_layers: 1 };

/**
 * Options that exercise each text encoder's own code: pooling with strides and both paddings,
 * batch and layer norm inside the convolutions, 'valid' convolutions (shorter masks), every
 * reduction, and the FC stack.
 */
const textEncoderOptions = {
  parallel_cnn: { embedding_size: 6, num_filters: 4, pool_size: 2, norm: 'batch', num_fc_layers: 1, output_size: 5, reduce_output: 'max' },
  embed: { embedding_size: 6, reduce_output: 'mean' },
  stacked_cnn: {
    embedding_size: 6, num_filters: 4, reduce_output: 'last', num_fc_layers: 1, output_size: 5,
    conv_layers: [{ filter_size: 3, pool_size: 2 }, { filter_size: 2, padding: 'valid', norm: 'layer', pool_function: 'avg', pool_size: 3, pool_strides: 1, pool_padding: 'valid' }],
  },
  stacked_parallel_cnn: {
    embedding_size: 6, num_filters: 3, pool_size: 2, reduce_output: 'concat', fc_layers: [{ output_size: 4, norm: 'layer' }],
    stacked_layers: [[{ filter_size: 2 }, { filter_size: 3, activation: 'tanh' }], [{ filter_size: 1 }, { filter_size: 4, use_bias: false }]],
  },
  tf_idf: {},
  transformer: { hidden_size: 8, num_heads: 2, embedding_size: 6, num_layers: 2, num_fc_layers: 1, output_size: 5, norm: 'layer' },
  rnn: { cell_type: 'lstm', bidirectional: true, state_size: 5, embedding_size: 4, num_fc_layers: 1, output_size: 6, norm: 'layer' },
  cnnrnn: { cell_type: 'lstm', bidirectional: true, state_size: 5, embedding_size: 4, num_filters: 6, num_fc_layers: 1, output_size: 6, norm: 'layer' },
  // The pretrained encoders (bert, …) need a model folder: their parity is checked end to end in
  // encoders/text/pretrained.test.ts (trainer vs onnxruntime answers of one bundle).
} satisfies Record<Exclude<EncoderTypeFor<'text'>, PretrainedTextEncoderType>, object>;

/** Small audio frames (31 frames × 6 mel bands at 8 kHz) and options that exercise each audio encoder's own code. */
const audioPreprocessing = { audio_file_length_limit_in_s: 0.25, window_length_in_s: 0.016, window_shift_in_s: 0.008, num_filter_bands: 6 };
const audioEncoderOptions = {
  parallel_cnn: { num_filters: 4, pool_size: 2, norm: 'batch', num_fc_layers: 1, output_size: 5, reduce_output: 'max' },
  stacked_cnn: {
    num_filters: 4, reduce_output: 'last', num_fc_layers: 1, output_size: 5,
    conv_layers: [{ filter_size: 3, pool_size: 2 }, { filter_size: 2, padding: 'valid', norm: 'layer', pool_function: 'avg', pool_size: 3, pool_strides: 1, pool_padding: 'valid' }],
  },
  stacked_parallel_cnn: {
    num_filters: 3, pool_size: 2, reduce_output: 'concat', fc_layers: [{ output_size: 4, norm: 'layer' }],
    stacked_layers: [[{ filter_size: 2 }, { filter_size: 3, activation: 'tanh' }], [{ filter_size: 1 }, { filter_size: 4, use_bias: false }]],
  },
  rnn: { cell_type: 'lstm', bidirectional: true, state_size: 5, num_fc_layers: 1, output_size: 6, norm: 'layer' },
  cnnrnn: { cell_type: 'gru', state_size: 5, num_filters: 6, num_fc_layers: 1, output_size: 6, reduce_output: 'mean' },
} satisfies Record<EncoderTypeFor<'audio'>, object>;

/**
 * The sequence encoders over a series (frames of one float, every step counted): the text
 * options without the embedding, and the timeseries passthrough reduced and kept whole.
 */
const timeseriesEncoderOptions = {
  parallel_cnn: { num_filters: 4, pool_size: 2, norm: 'batch', num_fc_layers: 1, output_size: 5, reduce_output: 'max' },
  stacked_cnn: textEncoderOptions.stacked_cnn,
  stacked_parallel_cnn: textEncoderOptions.stacked_parallel_cnn,
  transformer: { hidden_size: 8, num_heads: 2, num_layers: 2, num_fc_layers: 1, output_size: 5, norm: 'layer', reduce_output: 'mean' },
  rnn: { cell_type: 'gru', bidirectional: true, state_size: 5, num_fc_layers: 1, output_size: 6, norm: 'layer' },
  cnnrnn: textEncoderOptions.cnnrnn,
  passthrough: { reduce_output: null },
  dense: { num_layers: 2, output_size: 6, norm: 'layer' },
  nbeats: { num_stacks: 2, num_blocks: 2, num_layers: 2, layer_size: 8, output_size: 6, dropout: 0.1 },
  patchtst: { patch_size: 3, patch_stride: 2, d_model: 8, num_heads: 2, num_layers: 2, ffn_dim: 12, output_size: 5, dropout: 0.1 },
} satisfies Record<EncoderTypeFor<'timeseries'>, object>;

/**
 * Image stacked_cnn on 12×10 RGB: 'same' padding with a non-square kernel and batch norm, then a
 * strided convolution with average pooling and tanh, and a normed FC layer.
 */
const imageStack = {
  conv_layers: [
    { out_channels: 4, kernel_size: [3, 2], padding: 'same', norm: 'batch' },
    { out_channels: 5, stride: 2, pool_function: 'avg', activation: 'tanh' },
  ],
  output_size: 6, fc_norm: 'batch',
};

/**
 * The other image encoders on the 12×10 RGB parity images: a two-block mixer of 2×2 patches;
 * torchvision's real resnet 18 (11M parameters; the 12×10 map bottoms out at 1×1 in the third
 * stage); vit's smallest variant, b_32, on 32×32 images (one patch: the class token attends to
 * itself and the patch), its weights perturbed by N(0, 0.02²) (see ParityOptions.perturbation; a
 * small vit at the usual 0.3 is checked to 1e-5 in encoders/image/vit.test.ts).
 */
const VIT_PERTURBATION = 0.02;
// At 0.3 resnet 18's 512 pooled features saturate the category's softmax (probabilities exactly 0 or 1: nothing to compare).
const RESNET_PERTURBATION = 0.05;
const imageEncoderOptions: Record<string, { encoder: object; preprocessing?: object; perturbation?: number }> = {
  stacked_cnn: { encoder: imageStack },
  mlp_mixer: { encoder: { patch_size: 2, embed_size: 6, token_size: 5, channel_dim: 7, num_layers: 2 } },
  resnet: { encoder: { model_variant: 18, use_pretrained: false }, perturbation: RESNET_PERTURBATION },
  vit: { encoder: { model_variant: 'b_32', use_pretrained: false }, preprocessing: { height: 32, width: 32 }, perturbation: VIT_PERTURBATION },
  // The unet encoder halves the image four times.
  unet: { encoder: {}, preprocessing: { height: 16, width: 16 } },
};

/** Small tables, and fewer hash buckets than categories so the modulo is exercised. */
const tabularEncoderOptions: Record<string, object> = {
  bins: { num_bins: 4, output_size: 5 },
  periodic: { num_frequencies: 5, output_size: 4, sigma: 0.3 },
  hash: { num_hash_buckets: 3, embedding_size: 4 },
  target: { output_size: 3 },
};

async function expectParity(config: unknown, options: ParityOptions = {}): Promise<void> {
  const { maxDifference } = await checkParity(config, options);
  expect(Object.keys(maxDifference).length).toBeGreaterThan(0);
  for (const [output, difference] of Object.entries(maxDifference)) {
    expect(difference, `output '${output}'`).toBeLessThan(TOLERANCE);
  }
  expect(tf.getBackend()).toBe('wasm');
}

describe('ONNX export matches tfjs for every encoder', () => {
  for (const [featureType, byName] of Object.entries(encoders)) {
    for (const encoderName of Object.keys(byName)) {
      if (featureType === 'text' && isPretrainedTextEncoder(encoderName)) continue;
      it(`${featureType}/${encoderName}`, async () => {
        const column = inputColumns[featureType as InputFeatureType];
        // Two layers with a norm where the encoder has an FC stack, so its exporter is exercised fully.
        const stack = featureType === 'image' ? imageEncoderOptions[encoderName].encoder
          : featureType === 'audio' ? audioEncoderOptions[encoderName as keyof typeof audioEncoderOptions]
          : featureType === 'text' || featureType === 'sequence' ? textEncoderOptions[encoderName as keyof typeof textEncoderOptions]
          : featureType === 'timeseries' ? timeseriesEncoderOptions[encoderName as keyof typeof timeseriesEncoderOptions]
          : encoderName === 'dense' && featureType !== 'category' ? { num_layers: 2, output_size: 6, norm: 'layer' }
          : ['embed', 'wave'].includes(encoderName) ? { num_fc_layers: 2, output_size: 6, norm: 'batch' }
          : tabularEncoderOptions[encoderName] ?? {};
        await expectParity({
          input_features: [{
            name: column, type: featureType, encoder: { type: encoderName, ...stack },
            ...(featureType === 'audio' ? { preprocessing: audioPreprocessing } : featureType === 'image' && imageEncoderOptions[encoderName].preprocessing ? { preprocessing: imageEncoderOptions[encoderName].preprocessing } : {}),
          }, { name: 'num2', type: 'number' }],
          output_features: [{ name: 'y_cat', type: 'category' }],
          combiner: { type: 'concat', ...small },
        }, featureType === 'image' ? { perturbation: imageEncoderOptions[encoderName].perturbation } : {});
      });
    }
  }

  it.each([
    { reduce_output: 'last', num_layers: 2, hidden_size: 8, num_heads: 2, embedding_size: 6, num_fc_layers: 2, output_size: 6, norm: 'layer' },
    { reduce_output: 'max', hidden_size: 6, num_heads: 3, embedding_size: 6, transformer_output_size: 5 },
    { reduce_output: 'concat', hidden_size: 4, num_heads: 1, representation: 'sparse' },
    { reduce_output: 'sum', hidden_size: 8, num_heads: 4, embeddings_trainable: false },
    { reduce_output: 'attention', hidden_size: 6, num_heads: 2, embedding_size: 4 },
  ])('text/transformer with %o', async (encoder) => {
    await expectParity({
      input_features: [{ name: 'txt', type: 'text', encoder: { type: 'transformer', ...encoder } }, { name: 'num', type: 'number' }],
      output_features: [{ name: 'y_cat', type: 'category' }],
      combiner: { type: 'concat', ...small },
    });
  });

  it('image/stacked_cnn with ImageNet standardization, dilation, integer padding, overlapping max pooling and no FC layer', async () => {
    await expectParity({
      input_features: [{
        name: 'img', type: 'image', preprocessing: { standardize_image: 'imagenet1k', height: 11, width: 9 },
        encoder: { type: 'stacked_cnn', conv_layers: [{ out_channels: 3, dilation: 2, padding: 1, pool_kernel_size: 3, pool_stride: 1 }, { out_channels: 4, kernel_size: 2, pool_kernel_size: null }], num_fc_layers: 0 },
      }],
      output_features: [{ name: 'y_num', type: 'number' }],
    });
  });

  it('image/resnet 50 (bottleneck blocks, 23.5M parameters) on ImageNet-standardized 12×10 images, frozen (trainable: false)', async () => {
    await expectParity({
      input_features: [{ name: 'img', type: 'image', preprocessing: { standardize_image: 'imagenet1k' }, encoder: { type: 'resnet', model_variant: 50, use_pretrained: false, trainable: false } }],
      output_features: [{ name: 'y_num', type: 'number' }],
    });
  });

  it('image/vit b_16 (86M parameters) on 32×32 images: four patches and the class token', async () => {
    await expectParity({
      input_features: [{ name: 'img', type: 'image', preprocessing: { height: 32, width: 32 }, encoder: { type: 'vit', model_variant: 'b_16', use_pretrained: false } }],
      output_features: [{ name: 'y_cat', type: 'category' }],
    }, { perturbation: VIT_PERTURBATION });
  });

  it('image/mlp_mixer without avg_pool (every patch, a sequence the concat combiner flattens) and with dropout', async () => {
    await expectParity({
      input_features: [
        { name: 'img', type: 'image', preprocessing: { height: 10, width: 10 }, encoder: { type: 'mlp_mixer', patch_size: 5, embed_size: 4, token_size: 3, channel_dim: 5, num_layers: 1, avg_pool: false, dropout: 0.2 } },
      ],
      output_features: [{ name: 'y_cat', type: 'category' }],
      combiner: { type: 'concat', ...small },
    });
  });

  it('category/sparse with trainable embeddings and set/bag with sparse representation', async () => {
    await expectParity({
      input_features: [
        { name: 'cat', type: 'category', encoder: { type: 'sparse', embeddings_trainable: true } },
        { name: 'set', type: 'set', encoder: { type: 'embed', representation: 'sparse' } },
        { name: 'bag', type: 'bag', encoder: { type: 'embed', representation: 'sparse', num_fc_layers: 1, output_size: 4 } },
      ],
      output_features: [{ name: 'y_bin', type: 'binary' }],
    });
  });
});

describe('ONNX export of the timeseries encoders with other options', () => {
  const series = (encoder: object, preprocessing: object = {}) => ({
    input_features: [{ name: 'ts', type: 'timeseries', encoder, preprocessing }, { name: 'num2', type: 'number' }],
    output_features: [{ name: 'y_ts', type: 'timeseries' }],
    combiner: { type: 'concat', ...small },
  });

  it("parallel_cnn with Ludwig's defaults, left padding", async () => {
    await expectParity(series({ type: 'parallel_cnn' }, { padding: 'left' }));
  });

  it.each(['sum', 'mean', 'max', 'last'])('passthrough reduced by %s', async (reduce) => {
    await expectParity(series({ type: 'passthrough', reduce_output: reduce }));
  });

  it('rnn (lstm) reduced by last and by attention, transformer by concat', async () => {
    await expectParity(series({ type: 'rnn', cell_type: 'lstm', state_size: 4, reduce_output: 'last' }));
    await expectParity(series({ type: 'rnn', state_size: 4, reduce_output: 'attention' }));
    await expectParity(series({ type: 'transformer', hidden_size: 4, num_heads: 2, reduce_output: 'concat' }));
  });

  it("nbeats with Ludwig's defaults (2 stacks × 3 blocks × 4 layers of 256), one stack of one block", async () => {
    await expectParity(series({ type: 'nbeats' }));
    await expectParity(series({ type: 'nbeats', num_stacks: 1, num_blocks: 1, num_layers: 1, layer_size: 4, output_size: 3 }));
  });

  it.each([
    { reduce_output: 'last', patch_size: 2, patch_stride: 2 },
    { reduce_output: 'first', patch_size: 3, patch_stride: 1, num_layers: 1, d_model: 6, num_heads: 3, ffn_dim: 4 },
    { reduce_output: 'mean', patch_size: 3, patch_stride: 2 },
  ])('patchtst with %o', async (options) => {
    await expectParity(series({ type: 'patchtst', d_model: 8, num_heads: 2, num_layers: 2, ffn_dim: 12, output_size: 5, ...options }));
  });
});

describe('ONNX export of the text encoders with other options', () => {
  const text = (encoder: object) => ({
    input_features: [{ name: 'txt', type: 'text', encoder }, { name: 'num2', type: 'number' }],
    output_features: [{ name: 'y_cat', type: 'category' }],
    combiner: { type: 'concat', ...small },
  });

  it("parallel_cnn with Ludwig's defaults (widths 2-5, 256 filters, FC 512 then 256)", async () => {
    await expectParity(text({ type: 'parallel_cnn' }));
  });

  it('sum and avg reductions, sparse representation, dropout, max pooling with a stride', async () => {
    await expectParity(text({ type: 'embed', representation: 'sparse', dropout: 0.3 }));
    await expectParity(text({ type: 'parallel_cnn', embedding_size: 5, num_filters: 3, reduce_output: 'avg', dropout: 0.2, num_fc_layers: 0 }));
    await expectParity(text({ type: 'stacked_cnn', embedding_size: 5, num_filters: 3, num_conv_layers: 2, pool_size: 3, pool_strides: 2, norm: 'layer', num_fc_layers: 1, output_size: 4 }));
  });

  it("stacked_cnn with Ludwig's default six layers", async () => {
    await expectParity(text({ type: 'stacked_cnn', embedding_size: 8, num_filters: 8, num_fc_layers: 1, output_size: 6 }));
  });
});

const transformerOptions = { fc_residual: true, fc_dropout: 0.3, dropout: 0.3, hidden_size: 8, num_heads: 2, num_layers: 2, transformer_output_size: 6 };
/** Options that exercise each combiner's own code. */
const combinerCases = {
  concat: [null, ...norms].map((norm) => ({
    label: `with ${norm ?? 'no'} norm, residual layers, dropout`,
    options: { fc_layers: [{ output_size: 8 }, { output_size: 8 }, { output_size: 5, use_bias: false }], norm, residual: true, dropout: 0.3 },
  })),
  // The transformer combiners beside the shared FC stack: residual layers, dropout, their attention.
  ...Object.fromEntries((['transformer', 'ft_transformer', 'tabtransformer'] as const).map((type) => [type, [null, ...norms].map((norm) => ({
    label: `with ${norm ?? 'no'} norm, residual layers, dropout, 2 blocks`,
    options: {
      fc_layers: [{ output_size: 8 }, { output_size: 8 }, { output_size: 5, use_bias: false }], norm, ...transformerOptions,
      ...(type === 'transformer' ? { reduce_output: 'concat' } : type === 'tabtransformer' ? { embed_input_feature_name: 3 } : {}),
    },
  }))])) as Record<'transformer' | 'ft_transformer' | 'tabtransformer', { label: string; options: object }[]>,
  tabnet: [
    { label: 'with sparsemax, 3 steps, 1 of 3 blocks shared, ghost batches', options: { size: 4, output_size: 6, num_steps: 3, num_total_blocks: 3, num_shared_blocks: 1, bn_virtual_bs: 16, entmax_mode: 'sparsemax' } },
    { label: 'with entmax15, 2 steps, every block shared, bn_epsilon 0.1', options: { size: 5, output_size: 4, num_steps: 2, num_total_blocks: 2, num_shared_blocks: 2, bn_epsilon: 0.1, relaxation_factor: 1.2, entmax_mode: 'entmax15' } },
    { label: 'with entmax_mode constant (alpha 1.3 by bisection), 2 steps', options: { size: 4, output_size: 4, num_steps: 2, num_total_blocks: 2, num_shared_blocks: 1, entmax_mode: 'constant', entmax_alpha: 1.3 } },
    { label: 'with no step (the projection of zeros) and no shared block', options: { size: 3, output_size: 4, num_steps: 0, num_total_blocks: 1, num_shared_blocks: 0 } },
  ],
  // num and bin travel stacked: the entities slice their columns out of the stacked tensor.
  comparator: [
    { label: 'of a stacked and an embedded feature against a stacked one, 2 layers with batch norm', options: { entity_1: ['num', 'cat'], entity_2: ['bin'], fc_layers: [{ output_size: 6 }, { output_size: 5, norm: 'batch' }] } },
    { label: 'of an embedded feature against two stacked ones, layer norm, tanh', options: { entity_1: ['cat'], entity_2: ['bin', 'num'], num_fc_layers: 1, output_size: 4, norm: 'layer', activation: 'tanh' } },
  ],
  project_aggregate: [
    { label: 'with batch norm and residual layers', options: { projection_size: 6, num_fc_layers: 2, output_size: 6, norm: 'batch', residual: true, dropout: 0.2 } },
    { label: 'with layer norm and no residual', options: { projection_size: 5, fc_layers: [{ output_size: 4 }], norm: 'layer', residual: false } },
    { label: 'without fully connected layers (the mean of the projections)', options: { projection_size: 3, num_fc_layers: 0 } },
  ],
  // The first config feature (num, stacked) conditions the others; dropout is the identity at inference.
  hypernetwork: [
    { label: 'with 2 FC layers, the stacked num conditioning', options: { hidden_size: 4, hyper_hidden_size: 5, num_fc_layers: 2, output_size: 6 } },
    { label: "with Ludwig's default (no FC layer)", options: { hidden_size: 3, hyper_hidden_size: 4 } },
  ],
  gated_fusion: [
    { label: 'with layer norm, dropout, 2 FC layers', options: { hidden_size: 4, num_fc_layers: 2, output_size: 5, norm: 'layer', bias_initializer: 'normal' } },
    { label: "with Ludwig's default (no FC layer)", options: { hidden_size: 3 } },
  ],
  cross_attention: [
    { label: 'with 2 heads, dropout, layer norm in 2 FC layers', options: { hidden_size: 4, num_heads: 2, dropout: 0.3, num_fc_layers: 2, output_size: 5, norm: 'layer' } },
    { label: "with one head and Ludwig's default (no FC layer)", options: { hidden_size: 3, num_heads: 1 } },
  ],
  perceiver: [
    { label: '3 latents, 2 heads, 2 self-attention blocks, mean, 1 FC layer', options: { num_latents: 3, latent_dim: 4, num_heads: 2, num_self_attention_layers: 2, dropout: 0.3, num_fc_layers: 1, output_size: 5 } },
    { label: '2 latents reduced by concat, one block', options: { num_latents: 2, latent_dim: 6, num_heads: 3, num_self_attention_layers: 1, reduce_output: 'concat' } },
    { label: '4 latents reduced by attention', options: { num_latents: 4, latent_dim: 4, num_heads: 1, num_self_attention_layers: 1, reduce_output: 'attention' } },
  ],
} satisfies Record<Exclude<CombinerType, 'sequence_concat'>, { label: string; options: object }[]>;

describe('ONNX export matches tfjs for every combiner', () => {
  // sequence_concat needs a sequence input: its own cases below, with the tagger.
  for (const combinerType of Object.keys(combiners).filter((c) => c !== 'sequence_concat') as (keyof typeof combinerCases)[]) {
    for (const { label, options } of combinerCases[combinerType]) {
      it(`${combinerType} ${label}`, async () => {
        await expectParity({
          input_features: [{ name: 'num', type: 'number' }, { name: 'bin', type: 'binary' }, { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 6 } }],
          output_features: [{ name: 'y_cat', type: 'category' }],
          combiner: { type: combinerType, ...options },
        });
      });
    }
  }

  it.each(['last', 'sum', 'mean', 'max', 'attention'])('transformer reducing its feature tokens by %s, one input feature', async (reduce) => {
    await expectParity({
      input_features: [{ name: 'vec', type: 'vector' }],
      output_features: [{ name: 'y_num', type: 'number' }],
      combiner: { type: 'transformer', hidden_size: 6, num_heads: 3, transformer_output_size: 4, reduce_output: reduce, num_fc_layers: 1, output_size: 4 },
    });
  });

  it.each([
    [{ embed_input_feature_name: 'add', reduce_output: 'mean' }, [{ name: 'num', type: 'number', encoder: { type: 'dense', output_size: 3 } }]],
    [{ embed_input_feature_name: null, reduce_output: 'concat' }, [{ name: 'bin', type: 'binary' }]],
    [{ embed_input_feature_name: 2, reduce_output: 'last' }, []],
  ])('tabtransformer %o over categories, sets and dates, with %o skipping attention', async (options, skipped) => {
    await expectParity({
      input_features: [{ name: 'cat', type: 'category' }, { name: 'set', type: 'set' }, { name: 'date', type: 'date' }, ...skipped],
      output_features: [{ name: 'y_cat', type: 'category' }],
      combiner: { type: 'tabtransformer', hidden_size: 8, num_heads: 2, transformer_output_size: 6, num_fc_layers: 1, output_size: 5, ...options },
    });
  });

  it.each([
    ['hypernetwork', { hidden_size: 4 }], ['gated_fusion', { hidden_size: 4 }], ['cross_attention', { hidden_size: 4, num_heads: 2 }],
    ['perceiver', { latent_dim: 4, num_heads: 2, num_latents: 3 }],
  ])('%s in config order, an embedded feature first, one input alone', async (type, size) => {
    await expectParity({
      input_features: [{ name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 5 } }, { name: 'num', type: 'number' }, { name: 'vec', type: 'vector' }],
      output_features: [{ name: 'y_num', type: 'number' }],
      combiner: { type, ...size, num_fc_layers: 1, output_size: 3 },
    });
    await expectParity({
      input_features: [{ name: 'vec', type: 'vector' }],
      output_features: [{ name: 'y_cat', type: 'category' }],
      combiner: { type, ...size },
    });
  });

  it('concat with every activation', async () => {
    for (const activation of activations) {
      await expectParity({
        input_features: [{ name: 'num', type: 'number' }, { name: 'num2', type: 'number' }, { name: 'vec', type: 'vector' }],
        output_features: [{ name: 'y_num', type: 'number' }],
        combiner: { type: 'concat', num_fc_layers: 2, output_size: 6, activation },
      });
    }
  });
});

describe('ONNX export of a category_distribution output', () => {
  it('gives the softmax over the vocabulary, summing to 1, within 1e-5 of tfjs (classifier and mlp_classifier)', async () => {
    for (const decoder of [{ type: 'classifier' }, { type: 'mlp_classifier', num_fc_layers: 1, output_size: 6 }]) {
      const { maxDifference, outputs } = await checkParity({
        input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category' }],
        output_features: [{ name: 'y_dist', type: 'category_distribution', decoder, preprocessing: { vocab: distributionClasses } }],
      });
      expect(maxDifference.y_dist).toBeLessThan(1e-5);
      const k = distributionClasses.length;
      const values = outputs.y_dist;
      expect(values.length % k).toBe(0);
      for (let r = 0; r < values.length / k; r++) {
        expect(values.subarray(r * k, (r + 1) * k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    }
  });
});

describe('ONNX export matches tfjs for every decoder and output type', () => {
  for (const [outputType, spec] of Object.entries(outputColumns)) {
    const { column, decoder } = spec;
    const preprocessing = 'preprocessing' in spec ? { preprocessing: spec.preprocessing } : {};
    it(`${outputType} output with the ${decoder} decoder and its own FC stack`, async () => {
      await expectParity({
        input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category' }],
        output_features: [{ name: column, type: outputType, decoder: { type: decoder, num_fc_layers: 2, fc_output_size: 5, fc_norm: 'batch' }, ...preprocessing }],
        combiner: { type: 'concat', ...small },
      });
    });
  }

  it.each([
    ['y_bin', 'binary', { num_fc_layers: 2, output_size: 6, activation: 'tanh', bias_initializer: 'normal' }],
    ['y_cat', 'category', { num_fc_layers: 1, output_size: 5, use_bias: false }],
    ['y_cat', 'category', { num_fc_layers: 0 }],
  ])('%s (%s) with the mlp_classifier decoder %o', async (column, outputType, options) => {
    await expectParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category' }],
      output_features: [{ name: column, type: outputType, decoder: { type: 'mlp_classifier', dropout: 0.3, ...options } }],
      combiner: { type: 'concat', ...small },
    });
  });

  it('covers every registered decoder', () => {
    // unet decodes image outputs, which do not train yet: its encoder + decoder parity is in decoders/unet.test.ts.
    expect(new Set([...Object.values(outputColumns).map((o) => o.decoder), 'mlp_classifier', 'tagger', 'generator', 'unet'])).toEqual(new Set(Object.keys(decoders)));
  });

  it('projector activation, multiplier and clip; vector softmax; number clip and normalization', async () => {
    await expectParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'vec', type: 'vector', encoder: { type: 'passthrough' } }],
      output_features: [
        { name: 'y_vec', type: 'vector', decoder: { type: 'projector', activation: 'tanh', multiplier: 2.5, clip: [-1, 1.5] } },
        { name: 'y_num', type: 'number', clip: [900, 1050] },
        { name: 'y_num2', column: 'y_num', type: 'number', preprocessing: { normalization: 'zscore' } },
      ],
    });
    await expectParity({
      input_features: [{ name: 'num', type: 'number' }],
      output_features: [{ name: 'y_vec', type: 'vector', softmax: true }],
    });
  });
});

describe('ONNX export of whole models', () => {
  it('every input type, every output type, outputs depending on other outputs', async () => {
    await expectParity({
      input_features: [
        { name: 'num', type: 'number' },
        { name: 'num2', type: 'number', encoder: { type: 'dense', output_size: 4 } },
        { name: 'bin', type: 'binary' },
        { name: 'cat', type: 'category' },
        { name: 'cat2', type: 'category', encoder: { type: 'onehot' } },
        { name: 'set', type: 'set' },
        { name: 'bag', type: 'bag' },
        { name: 'date', type: 'date' },
        { name: 'vec', type: 'vector' },
        { name: 'txt', type: 'text', encoder: { type: 'tf_idf' } },
      ],
      output_features: [
        { name: 'y_cat', type: 'category', dependencies: ['y_bin'] },
        { name: 'y_bin', type: 'binary' },
        { name: 'y_num', type: 'number', dependencies: ['y_cat', 'y_bin'], decoder: { num_fc_layers: 1, fc_output_size: 6 } },
        { name: 'y_set', type: 'set' },
        { name: 'y_vec', type: 'vector', dependencies: ['y_set'] },
      ],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 16, norm: 'batch' },
    });
  });

  it('tied encoders share one set of weights in the graph', async () => {
    const result = await checkParity({
      input_features: [
        { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 5 } },
        { name: 'cat2', type: 'category', tied: 'cat' },
      ],
      output_features: [{ name: 'y_cat', type: 'category' }],
    });
    for (const difference of Object.values(result.maxDifference)) expect(difference).toBeLessThan(TOLERANCE);
    expect([...result.inputNames].sort()).toEqual(['cat', 'cat2']);
  });

  it('names the stacked passthrough input __passthrough__ and the others after their features', async () => {
    const result = await checkParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'bin', type: 'binary' }, { name: 'date', type: 'date', encoder: { type: 'wave' } }],
      output_features: [{ name: 'y_bin', type: 'binary' }],
    });
    expect([...result.inputNames].sort()).toEqual(['__passthrough__', 'date']);
  });
});

describe('ONNX export of generator outputs: greedy decoding unrolled over max_sequence_length', () => {
  it.each([
    ['gru', 1, {}],
    ['lstm', 2, {}],
    ['rnn', 1, {}],
  ])('a %s generator of %i layer(s) over a concat of a number and a category, its per-step distributions summing to 1', async (cell_type, num_layers) => {
    const { maxDifference, outputs } = await checkParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 5 } }],
      output_features: [{ name: 'y_tags', type: 'sequence', decoder: { type: 'generator', cell_type, num_layers } }],
      combiner: { type: 'concat', ...small },
    });
    expect(maxDifference.y_tags).toBeLessThan(TOLERANCE);
    const values = outputs.y_tags;
    const vocab = 7;
    for (let step = 0; step < values.length / vocab; step++) {
      expect(values.subarray(step * vocab, (step + 1) * vocab).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('a text generator fed a category output (dependencies) and a sequence kept by its encoder, reduced by the decoder\'s reduce_input', async () => {
    await expectParity({
      input_features: [{ name: 'seq', type: 'sequence', encoder: { type: 'embed', embedding_size: 6, reduce_output: null } }],
      output_features: [
        { name: 'y_cat', type: 'category', reduce_input: 'mean' },
        { name: 'y_ttags', type: 'text', dependencies: ['y_cat'], decoder: { type: 'generator', reduce_input: 'max' } },
      ],
    });
  });
});

describe('ONNX export of tagger outputs over the sequence_concat combiner', () => {
  it('a sequence tagger with self-attention over an embed sequence, a number and a category repeated over the steps', async () => {
    const { maxDifference, outputs } = await checkParity({
      input_features: [
        { name: 'num', type: 'number' },
        { name: 'seq', type: 'sequence', encoder: { type: 'embed', embedding_size: 6, reduce_output: null } },
        { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 3 } },
      ],
      output_features: [{ name: 'y_tags', type: 'sequence', decoder: { type: 'tagger', use_attention: true, attention_embedding_size: 4, attention_num_heads: 2 } }],
      combiner: { type: 'sequence_concat' },
    });
    expect(maxDifference.y_tags).toBeLessThan(TOLERANCE);
    // Per-step distributions: every step of every row sums to 1.
    const values = outputs.y_tags;
    const vocab = 7; // <EOS> <SOS> <PAD> <UNK> S W N
    for (let step = 0; step < values.length / vocab; step++) {
      expect(values.subarray(step * vocab, (step + 1) * vocab).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('a text tagger over a parallel_cnn that keeps its steps (main_sequence_feature), beside a category output reducing them by reduce_input', async () => {
    await expectParity({
      input_features: [
        { name: 'seq', type: 'sequence', encoder: { type: 'embed', embedding_size: 4 } },
        { name: 'txt', type: 'text', encoder: { type: 'parallel_cnn', embedding_size: 6, num_filters: 3, norm: 'batch', reduce_output: null } },
      ],
      output_features: [
        { name: 'y_ttags', type: 'text', decoder: { type: 'tagger', use_bias: false } },
        { name: 'y_cat', type: 'category', reduce_input: 'mean' },
        { name: 'y_num', type: 'number', reduce_input: 'last' },
      ],
      combiner: { type: 'sequence_concat', main_sequence_feature: 'txt' },
    });
  });

  it('a tagger over a bidirectional LSTM that keeps its states, and over cnnrnn (GRU) with same-padded convolutions', async () => {
    await expectParity({
      input_features: [{ name: 'seq', type: 'sequence', encoder: { type: 'rnn', cell_type: 'lstm', bidirectional: true, num_layers: 2, state_size: 4, embedding_size: 5, reduce_output: null } }, { name: 'num', type: 'number' }],
      output_features: [{ name: 'y_tags', type: 'sequence', decoder: { type: 'tagger', use_attention: true, attention_embedding_size: 6, attention_num_heads: 3 } }],
      combiner: { type: 'sequence_concat' },
    });
    await expectParity({
      input_features: [{ name: 'txt', type: 'text', encoder: { type: 'cnnrnn', cell_type: 'gru', state_size: 4, embedding_size: 5, num_filters: 3, num_conv_layers: 2, reduce_output: null } }],
      output_features: [{ name: 'y_ttags', type: 'text', decoder: { type: 'tagger' } }],
    });
  });

  it('a tagger over a transformer encoder that keeps every token\'s state', async () => {
    await expectParity({
      input_features: [{ name: 'txt', type: 'text', encoder: { type: 'transformer', hidden_size: 8, num_heads: 2, embedding_size: 6, num_layers: 2, reduce_output: null } }, { name: 'bin', type: 'binary' }],
      output_features: [{ name: 'y_ttags', type: 'text', decoder: { type: 'tagger' } }, { name: 'y_num', type: 'number' }],
      combiner: { type: 'sequence_concat' },
    });
  });

  it("Ludwig's concat over one lone sequence: its FC stack (batch norm, residual) on every step, then the tagger", async () => {
    await expectParity({
      input_features: [{ name: 'seq', type: 'sequence', encoder: { type: 'stacked_cnn', embedding_size: 4, num_filters: 5, conv_layers: [{ filter_size: 3 }, { filter_size: 2 }], reduce_output: null } }],
      output_features: [{ name: 'y_tags', type: 'sequence', decoder: { type: 'tagger' } }, { name: 'y_bin', type: 'binary', reduce_input: 'max' }],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 5, norm: 'batch', residual: true },
    });
  });

  it('sequence_concat reducing the combined steps (reduce_output sum, max, concat) for a category output', async () => {
    for (const reduce of ['sum', 'max', 'concat']) {
      await expectParity({
        input_features: [{ name: 'seq', type: 'sequence', encoder: { type: 'embed', embedding_size: 4, reduce_output: null } }, { name: 'num', type: 'number' }],
        output_features: [{ name: 'y_cat', type: 'category' }],
        combiner: { type: 'sequence_concat', reduce_output: reduce },
      });
    }
  });
});
