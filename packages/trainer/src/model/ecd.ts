import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type InputFeatureConfig, type InputFeatureType, type LossConfig, type OutputFeatureConfig, type ResolvedConfig } from '@overture/config';
import { STACKED_INPUTS_KEY, encodedWidth, isStackedInput, modelInputLayout, type FeatureMetadata, type TrainingSetMetadata } from '../preprocessing/index.js';
import { createLossBalancer, type LossBalancer, type OutputLoss } from './loss-balancing.js';
import { SeededRandom } from '../util/random.js';
import { ParameterStore, type NamedArrays } from './parameters.js';
import type { ForwardContext } from './context.js';
import type { Encoder } from '../encoders/encoder.js';
import { encoderFactory } from '../encoders/registry.js';
import { createCombiner } from '../combiners/registry.js';
import type { Combiner, CombinedSequence } from '../combiners/combiner.js';
import { exportReduceSequence, reduceSequence, type SequenceReduction } from '../encoders/text/reduce-sequence.js';
import { exportStepSoftmax, stepSoftmax } from '../layers/sequence-tagger.js';
import type { Decoder } from '../decoders/decoder.js';
import { decoderFactory } from '../decoders/registry.js';
import { createLoss } from '../losses/registry.js';
import type { LossFunction } from '../losses/loss.js';
import { orderOutputsByDependencies } from './dependencies.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { emitClip, emitConcat, emitSoftmax } from '../export/ops.js';
import { dictionary } from '../util/dictionary.js';

export type Batch = Record<string, tf.Tensor2D>;

interface InputSlot {
  feature: InputFeatureConfig;
  encoder: Encoder;
}

// Which inputs travel stacked, and the width of each encoded column, are decided in
// preprocessing/model-inputs.ts, so serving builds the same inputs without tfjs.
export { STACKED_INPUTS_KEY, encodedWidth };

interface OutputSlot {
  feature: OutputFeatureConfig;
  decoder: Decoder;
  loss: LossFunction;
  /** Fixed rescaling of a number output: the decoder predicts standardized values. */
  rescale: { scale: number; shift: number } | null;
  /** The output's `reduce_input` when the combiner keeps the steps and this output reads one vector. */
  reduceInput: SequenceReduction | null;
  /** A text/sequence (tagger) output: steps of the combined sequence, the output vocabulary and padding id. */
  tokens: OutputTokens | null;
}

/** What the activation and the loss of a text/sequence output need besides the logits. */
interface OutputTokens {
  /** A tagger tags the combined sequence's steps; a generator writes max_sequence_length steps of its own. */
  decoder: 'tagger' | 'generator';
  steps: number;
  vocabSize: number;
  padId: number;
  symbols: { start: number; stop: number; pad: number };
}

const isTokenOutput = (feature: OutputFeatureConfig): feature is Extract<OutputFeatureConfig, { type: 'text' | 'sequence' }> =>
  feature.type === 'text' || feature.type === 'sequence';

/**
 * A tagger output tags the combined sequence step by step, so its targets may not be longer than
 * that sequence; shorter ones are padded (padding steps count for nothing). A generator writes the
 * target's own steps from one vector.
 */
function outputTokens(feature: OutputFeatureConfig, meta: FeatureMetadata, combined: CombinedSequence | undefined): OutputTokens | null {
  if (!isTokenOutput(feature)) return null;
  if (meta.type !== 'text' && meta.type !== 'sequence') throw new OvertureError('internal', `output '${feature.name}' has ${meta.type} metadata, not ${feature.type}`);
  const symbols = { start: meta.str2idx['<SOS>'] ?? -1, stop: meta.str2idx['<EOS>'] ?? -1, pad: meta.pad_idx };
  if (feature.decoder.type === 'generator') {
    if (symbols.start < 0 || symbols.stop < 0) throw new OvertureError('internal', `output '${feature.name}': the vocabulary lacks <SOS> or <EOS>`);
    return { decoder: 'generator', steps: meta.max_sequence_length, vocabSize: meta.vocab_size, padId: meta.pad_idx, symbols };
  }
  if (!combined) {
    throw new OvertureError('invalid_config', `output '${feature.name}': the tagger decoder needs the combined sequence: a sequence_concat combiner (reduce_output: null) over an input whose encoder has reduce_output: null`);
  }
  if (meta.max_sequence_length > combined.steps) {
    throw new OvertureError(
      'invalid_input',
      `output '${feature.name}' holds sequences of up to ${meta.max_sequence_length} steps (start and stop symbols included) but the input sequence it tags has ${combined.steps}: a tagger gives one tag per input token, so each row needs at most as many tags as tokens; check the rows or give the input a larger max_sequence_length`,
    );
  }
  return { decoder: 'tagger', steps: combined.steps, vocabSize: meta.vocab_size, padId: meta.pad_idx, symbols };
}

/**
 * Number targets keep their units (Ludwig's output `normalization: null`), but the decoder
 * learns them standardized: its output is multiplied by the training std and shifted by the
 * mean, so a target of thousands needs no thousands-sized weights.
 */
function rescaleFor(feature: OutputFeatureConfig, meta: FeatureMetadata): OutputSlot['rescale'] {
  if (feature.type !== 'number' || meta.type !== 'number' || meta.preprocessing.normalization) return null;
  const scale = Number.isFinite(meta.std) && meta.std > 0 ? meta.std : 1;
  return { scale, shift: Number.isFinite(meta.mean) ? meta.mean : 0 };
}

function vocabularyOf(meta: FeatureMetadata): string[] {
  return 'idx2str' in meta ? meta.idx2str : meta.type === 'binary' ? [...meta.bool2str] : [];
}

/**
 * Ludwig's ECD architecture: one encoder per input, a combiner, one decoder per output, where
 * an output's decoder also sees the hidden states of the outputs it depends on.
 */
export class EcdModel {
  readonly params: ParameterStore;
  /** Inputs that travel stacked in one tensor (see STACKED_INPUTS_KEY), in column order. */
  readonly stackedInputs: string[];
  private readonly inputs: InputSlot[] = [];
  /** The combiner, for explanations that read inside it (TabNet's attention masks). */
  readonly combiner: Combiner;
  /** The input features each of the combiner's inputs holds. */
  readonly combinerInputFeatures: { name: string; type: InputFeatureType }[][];
  private readonly outputs: OutputSlot[] = [];
  private readonly regularization: { type: string; lambda: number };
  private readonly balanceLosses: LossBalancer;
  /**
   * Calibration temperatures by output (`calibration: true`, fitted after training): the logits
   * are divided by T before the sigmoid or softmax. Not a parameter: no gradient reaches it and
   * the bundle keeps it in bundle.json, so weights files stay as they were.
   */
  private readonly temperatures = new Map<string, number>();

  /** `initialWeights`: parameters that start from given values (pretrained embeddings) instead of their initializers. */
  constructor(readonly config: ResolvedConfig, readonly metadata: TrainingSetMetadata, seed: number, initialWeights: NamedArrays = {}) {
    this.params = new ParameterStore(initialWeights);
    const rng = new SeededRandom(seed);
    const byName = new Map<string, Encoder>();
    this.stackedInputs = config.input_features.filter(isStackedInput).map((f) => f.name);
    for (const feature of config.input_features.filter((f) => !isStackedInput(f))) {
      const meta = this.metadataFor(feature.name);
      const tiedTo = feature.tied ? byName.get(feature.tied) : undefined;
      if (feature.tied && !tiedTo) {
        throw new OvertureError('invalid_config', `input feature '${feature.name}' is tied to '${feature.tied}', which must be an input feature listed before it`);
      }
      const encoder = tiedTo ?? encoderFactory(feature.type, feature.encoder.type)({
        name: `encoders.${feature.name}`,
        config: feature.encoder as never,
        input: { width: encodedWidth(meta), vocabSize: 'vocab_size' in meta ? meta.vocab_size : 0, metadata: meta },
        params: this.params,
        rng,
      });
      byName.set(feature.name, encoder);
      this.inputs.push({ feature, encoder });
    }
    const inputSizes = [...(this.stackedInputs.length > 0 ? [this.stackedInputs.length] : []), ...this.inputs.map((i) => i.encoder.outputSize)];
    const inputSequences = [...(this.stackedInputs.length > 0 ? [null] : []), ...this.inputs.map((i) => i.encoder.sequence ?? null)];
    const sequenceInput = this.inputs.find((i) => i.encoder.sequence);
    if (sequenceInput && config.combiner.type !== 'sequence_concat' && config.combiner.type !== 'concat') {
      throw new OvertureError('unsupported', `input '${sequenceInput.feature.name}' keeps its sequence (reduce_output: null), which the ${config.combiner.type} combiner does not support yet; use combiner: {type: sequence_concat}`);
    }
    // With only parameter-free encoders, the combiner's input is data: no gradient flows into it.
    const inputIsData = this.inputs.every((i) => i.encoder.parameterFree === true);
    this.combinerInputFeatures = [
      ...(this.stackedInputs.length > 0 ? [config.input_features.filter(isStackedInput).map((f) => ({ name: f.name, type: f.type }))] : []),
      ...this.inputs.map((i) => [{ name: i.feature.name, type: i.feature.type }]),
    ];
    this.combiner = createCombiner({
      config: config.combiner, inputSizes, inputFeatures: this.combinerInputFeatures, inputOrder: config.input_features.map((f) => f.name),
      inputSequences: inputSequences.map((q) => (q ? { steps: q.steps, size: q.size } : null)), params: this.params, rng, inputIsData,
    });
    const combined = this.combiner.sequence;
    const hiddenSizes = new Map<string, number>();
    for (const feature of orderOutputsByDependencies(config.output_features)) {
      const meta = this.metadataFor(feature.name);
      const tokens = outputTokens(feature, meta, combined);
      const tags = tokens?.decoder === 'tagger';
      // Ludwig's reduce_input: an output that reads one vector reduces a combined sequence first
      // (a generator by its decoder's reduce_input, Ludwig's get_rnn_init_state).
      const reduceInput = combined && !tags ? reduceInputOf(feature) : null;
      const combinedSize = tags ? tokens.steps * (combined as CombinedSequence).size : reduceInput && combined ? (reduceInput === 'concat' ? combined.steps * combined.size : combined.size) : this.combiner.outputSize;
      const inputSize = (tags ? (combined as CombinedSequence).size : combinedSize) + feature.dependencies.reduce((n, d) => n + (hiddenSizes.get(d) ?? 0), 0);
      const outputSize = tokens ? tokens.vocabSize : feature.type === 'category' || feature.type === 'set' || feature.type === 'category_distribution' ? (meta as { vocab_size: number }).vocab_size : encodedWidth(meta);
      const decoder = decoderFactory(feature.decoder.type)({
        name: `decoders.${feature.name}`,
        config: feature.decoder as never,
        inputSize,
        outputSize,
        inputSteps: tags ? tokens.steps : undefined,
        padId: tokens?.padId,
        outputSteps: tokens?.decoder === 'generator' ? tokens.steps : undefined,
        symbols: tokens?.symbols,
        params: this.params,
        rng,
      });
      hiddenSizes.set(feature.name, decoder.hiddenSize);
      const loss = createLoss(feature.loss as LossConfig, { labels: vocabularyOf(meta), padId: tokens?.padId });
      this.outputs.push({ feature, decoder, loss, rescale: rescaleFor(feature, meta), reduceInput, tokens });
    }
    this.regularization = { type: config.trainer.regularization_type ?? 'l2', lambda: config.trainer.regularization_lambda ?? 0 };
    this.balanceLosses = createLossBalancer(config.trainer.loss_balancing ?? 'none', this.outputs.map((o) => o.feature.name), this.params, { lr: config.trainer.loss_balancing_lr ?? 0.01 });
    const unused = this.params.unusedInitial();
    if (unused.length > 0) throw new OvertureError('internal', `no layer took the given starting values of ${unused.join(', ')}`);
  }

  private metadataFor(name: string): FeatureMetadata {
    const meta = this.metadata[name];
    if (!meta) throw new OvertureError('invalid_input', `no preprocessing metadata for feature '${name}'`);
    return meta;
  }

  get inputFeatures(): InputFeatureConfig[] {
    return this.config.input_features;
  }

  /** Sets the calibration temperature of a binary or category output (1 removes it). */
  setTemperature(name: string, temperature: number): void {
    const feature = this.outputFeatures.find((f) => f.name === name);
    if (!feature || (feature.type !== 'binary' && feature.type !== 'category')) {
      throw new OvertureError('internal', `a calibration temperature applies to a binary or category output; '${name}' is not one`);
    }
    if (!(temperature > 0) || !Number.isFinite(temperature)) {
      throw new OvertureError('invalid_input', `the calibration temperature of output '${name}' must be a positive number, not ${temperature}`);
    }
    if (temperature === 1) this.temperatures.delete(name);
    else this.temperatures.set(name, temperature);
  }

  /** The calibration temperature of an output: 1 when it has none. */
  temperatureOf(name: string): number {
    return this.temperatures.get(name) ?? 1;
  }

  /** `EcdModel.activate` with this output's calibration temperature. */
  activateOutput(feature: OutputFeatureConfig, raw: tf.Tensor2D): tf.Tensor2D {
    return EcdModel.activate(feature, raw, this.temperatureOf(feature.name), this.slotOf(feature.name).tokens?.vocabSize);
  }

  private slotOf(name: string): OutputSlot {
    const slot = this.outputs.find((o) => o.feature.name === name);
    if (!slot) throw new OvertureError('internal', `no output feature '${name}'`);
    return slot;
  }

  /** How batches must be laid out for this model. */
  get stack(): { key: string; features: string[] } | null {
    return this.stackedInputs.length > 0 ? { key: STACKED_INPUTS_KEY, features: this.stackedInputs } : null;
  }

  get outputFeatures(): OutputFeatureConfig[] {
    return this.outputs.map((o) => o.feature);
  }

  /** The encoder outputs in the combiner's order (the stacked passthrough inputs first); `combinerInputFeatures` names what each holds. */
  encode(batch: Batch, ctx: ForwardContext): tf.Tensor2D[] {
    const encoded = this.inputs.map(({ feature, encoder }) => encoder.forward(batch[feature.name], ctx));
    if (this.stackedInputs.length > 0) {
      const stacked = batch[STACKED_INPUTS_KEY];
      if (!stacked) throw new OvertureError('internal', 'the batch lacks the stacked passthrough inputs (build batches with makeBatch(…, model.stack))');
      encoded.unshift(stacked);
    }
    return encoded;
  }

  /** The padding masks of the encoded inputs that are sequences (null for the others), in the combiner's order. */
  private sequenceMasks(batch: Batch): (tf.Tensor2D | null)[] {
    const masks = this.inputs.map(({ feature, encoder }) => (encoder.sequence ? encoder.sequence.mask(batch[feature.name]) : null));
    if (this.stackedInputs.length > 0) masks.unshift(null);
    return masks;
  }

  /** Raw outputs per output feature: logits (binary, category, set; per step for text/sequence) or values (number, vector). */
  forward(batch: Batch, ctx: ForwardContext): Record<string, tf.Tensor2D> {
    return this.forwardWithHidden(batch, ctx).raw;
  }

  /** `forward` plus each decoder's hidden state (an anomaly decoder's z, whose mean is its centre). */
  forwardWithHidden(batch: Batch, ctx: ForwardContext): { raw: Record<string, tf.Tensor2D>; hidden: Record<string, tf.Tensor2D> } {
    const masks = this.inputs.some((i) => i.encoder.sequence) ? this.sequenceMasks(batch) : undefined;
    const combined = this.combiner.forward(this.encode(batch, ctx), ctx, masks);
    const sequence = this.combiner.sequence;
    const stepMask = sequence && masks ? masks[sequence.maskOf] : null;
    const hidden: Record<string, tf.Tensor2D> = dictionary();
    const raw: Record<string, tf.Tensor2D> = dictionary();
    for (const { feature, decoder, rescale, reduceInput } of this.outputs) {
      const base = reduceInput && sequence && stepMask
        ? reduceSequence(tf.reshape(combined, [combined.shape[0], sequence.steps, sequence.size]) as tf.Tensor3D, stepMask, reduceInput)
        : combined;
      const input = feature.dependencies.length === 0
        ? base
        : (tf.concat([base, ...feature.dependencies.map((d) => hidden[d])], 1) as tf.Tensor2D);
      const out = decoder.forward(input, ctx, stepMask, ctx.training ? batch[feature.name] : null);
      hidden[feature.name] = out.hidden;
      raw[feature.name] = rescale ? (tf.add(tf.mul(out.output, rescale.scale), rescale.shift) as tf.Tensor2D) : out.output;
    }
    return { raw, hidden };
  }

  /**
   * `forward` + `activate` at inference as an ONNX graph: inputs as modelInputLayout describes
   * them, one output per output feature (named after it) holding the activated values.
   */
  exportOnnx(g: OnnxGraph): void {
    const inputs = new Map(modelInputLayout(this.config, this.metadata).map((i) => [i.name, g.addInput(i.name, i.dtype, i.width)]));
    const encoded = this.inputs.map(({ feature, encoder }) => encoder.exportOnnx(g, inputs.get(feature.name) as string));
    if (this.stackedInputs.length > 0) encoded.unshift(inputs.get(STACKED_INPUTS_KEY) as string);
    const sequence = this.combiner.sequence;
    const masks = this.inputs.some((i) => i.encoder.sequence) ? this.inputs.map(({ feature, encoder }) => (encoder.sequence ? encoder.sequence.exportMask(g, inputs.get(feature.name) as string) : null)) : undefined;
    if (masks && this.stackedInputs.length > 0) masks.unshift(null);
    const combined = this.combiner.exportOnnx(g, encoded, masks);
    const stepMask = sequence && masks ? masks[sequence.maskOf] : null;
    const hidden: Record<string, string> = dictionary();
    for (const { feature, decoder, rescale, reduceInput, tokens } of this.outputs) {
      const base = reduceInput && sequence && stepMask
        ? exportReduceSequence(g, g.op('Reshape', [combined, g.constant([0, sequence.steps, sequence.size], [3], 'int64', 'shape')]), stepMask, reduceInput, sequence.steps, sequence.size)
        : combined;
      const input = feature.dependencies.length === 0 ? base : emitConcat(g, [base, ...feature.dependencies.map((d) => hidden[d])]);
      const out = decoder.exportOnnx(g, input, stepMask);
      hidden[feature.name] = out.hidden;
      const raw = rescale ? g.op('Add', [g.op('Mul', [out.output, g.scalar(rescale.scale)]), g.scalar(rescale.shift)]) : out.output;
      g.addOutput(feature.name, EcdModel.activateOnnx(g, feature, raw, this.temperatureOf(feature.name), tokens ?? undefined), this.outputWidth(feature));
    }
  }

  private outputWidth(feature: OutputFeatureConfig): number {
    const meta = this.metadataFor(feature.name);
    const tokens = this.slotOf(feature.name).tokens;
    if (tokens) return tokens.steps * tokens.vocabSize;
    if (feature.type === 'vector' && feature.decoder.type === 'projector' && feature.decoder.output_size) return feature.decoder.output_size;
    return feature.type === 'category' || feature.type === 'set' || feature.type === 'category_distribution' ? (meta as { vocab_size: number }).vocab_size : encodedWidth(meta);
  }

  /** EcdModel.activate as ONNX nodes: a calibrated output divides by its constant T first. */
  static activateOnnx(g: OnnxGraph, feature: OutputFeatureConfig, raw: string, temperature = 1, tokens?: { steps: number; vocabSize: number }): string {
    const scaled = () => (temperature === 1 ? raw : g.op('Div', [raw, g.scalar(temperature)]));
    switch (feature.type) {
      case 'binary': return g.op('Sigmoid', [scaled()]);
      case 'set': return g.op('Sigmoid', [raw]);
      case 'category': return emitSoftmax(g, scaled());
      case 'category_distribution': return emitSoftmax(g, raw);
      case 'number': return feature.clip ? emitClip(g, raw, feature.clip[0], feature.clip[1]) : raw;
      case 'vector': return feature.softmax ? emitSoftmax(g, raw) : raw;
      case 'timeseries': return raw;
      // The anomaly score ||z - c||² as it is.
      case 'anomaly': return raw;
      case 'text':
      case 'sequence':
        if (!tokens) throw new OvertureError('internal', `the activation of ${feature.type} output '${feature.name}' needs its steps and vocabulary`);
        return exportStepSoftmax(g, raw, tokens.steps, tokens.vocabSize);
    }
  }

  /**
   * The output losses combined by `trainer.loss_balancing` (+ regularization and the layers'
   * auxiliary losses of a training forward pass, ForwardContext.auxiliaryLosses), and each output's own loss.
   */
  loss(raw: Record<string, tf.Tensor2D>, batch: Batch, auxiliary: tf.Scalar[] = []): { total: tf.Scalar; perOutput: Record<string, tf.Scalar> } {
    const perOutput: Record<string, tf.Scalar> = dictionary();
    const outputLosses: OutputLoss[] = [];
    for (const { feature, loss, tokens } of this.outputs) {
      const target = batch[feature.name];
      if (!target) throw new OvertureError('invalid_input', `the batch has no target column for output '${feature.name}'`);
      const value = loss(raw[feature.name], tokens ? padSteps(target, tokens) : target);
      perOutput[feature.name] = value;
      outputLosses.push({ name: feature.name, weight: (feature.loss as { weight: number }).weight, value });
    }
    const terms = [this.balanceLosses(outputLosses)];
    const regularization = this.regularizationLoss();
    if (regularization) terms.push(regularization);
    terms.push(...auxiliary);
    const total = terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Scalar);
    return { total, perOutput };
  }

  /** After an optimizer update, with that batch's output losses (Ludwig's loss_balancer.post_step). */
  afterOptimizerStep(losses: Record<string, number>): void {
    this.balanceLosses.afterStep?.(losses);
  }

  private regularizationLoss(): tf.Scalar | null {
    const { type, lambda } = this.regularization;
    if (!lambda) return null;
    const terms: tf.Tensor[] = [];
    for (const { name, variable } of this.params.trainable()) {
      if (!name.endsWith('.kernel') && !name.endsWith('.embeddings')) continue;
      if (type === 'l1' || type === 'l1_l2') terms.push(tf.sum(tf.abs(variable)));
      if (type === 'l2' || type === 'l1_l2') terms.push(tf.sum(tf.square(variable)));
    }
    return terms.length > 0 ? (tf.mul(tf.addN(terms), lambda) as tf.Scalar) : null;
  }

  /**
   * Probabilities (binary: P(true); category: softmax; set: sigmoids) or predicted values. A
   * binary or category output with a calibration temperature divides its logits by it first.
   */
  static activate(feature: OutputFeatureConfig, raw: tf.Tensor2D, temperature = 1, vocabSize?: number): tf.Tensor2D {
    const scaled = () => (temperature === 1 ? raw : (tf.div(raw, temperature) as tf.Tensor2D));
    switch (feature.type) {
      case 'binary': return tf.sigmoid(scaled()) as tf.Tensor2D;
      case 'set': return tf.sigmoid(raw) as tf.Tensor2D;
      case 'category': return tf.softmax(scaled()) as tf.Tensor2D;
      case 'category_distribution': return tf.softmax(raw) as tf.Tensor2D;
      case 'number': return feature.clip ? (tf.clipByValue(raw, feature.clip[0], feature.clip[1]) as tf.Tensor2D) : raw;
      case 'vector': return feature.softmax ? (tf.softmax(raw) as tf.Tensor2D) : raw;
      case 'timeseries': return raw;
      case 'anomaly': return raw;
      case 'text':
      case 'sequence':
        if (!vocabSize) throw new OvertureError('internal', `the activation of ${feature.type} output '${feature.name}' needs its vocabulary size (use activateOutput)`);
        return stepSoftmax(raw, raw.shape[1] / vocabSize, vocabSize);
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** Target ids [batch, T] padded with the padding id to the tagger's steps (T ≤ steps, outputTokens). */
function padSteps(target: tf.Tensor2D, tokens: OutputTokens): tf.Tensor2D {
  const missing = tokens.steps - target.shape[1];
  return missing === 0 ? target : (tf.pad(target, [[0, 0], [0, missing]], tokens.padId) as tf.Tensor2D);
}

/** An output's `reduce_input` over a combined sequence (Ludwig's default sum). */
function reduceInputOf(feature: OutputFeatureConfig): SequenceReduction {
  const value = feature.decoder.type === 'generator' ? feature.decoder.reduce_input : feature.reduce_input;
  if (value === 'sum' || value === 'mean' || value === 'avg' || value === 'max' || value === 'concat' || value === 'last') return value;
  throw new OvertureError(
    'unsupported',
    `output '${feature.name}': reduce_input ${value} over the combined sequence is a Ludwig option that Overture does not support yet for a ${feature.type} output; use sum, mean, max, concat or last`,
  );
}
