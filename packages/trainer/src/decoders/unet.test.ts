import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { ZImageUNetEncoder, ZUNetDecoder } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { imageUNetEncoder } from '../encoders/image/unet.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { ParameterStore } from '../model/parameters.js';
import { maxAbsDifference, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { unetDecoder } from './unet.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [BATCH, SIDE, CLASSES] = [2, 16, 3];
const metadata = { type: 'image', height: SIDE, width: SIDE, num_channels: 1, preprocessing: { standardize_image: null } } as never;

/** The unet encoder and decoder over 16×16 gray images (Ludwig's full sizes: 64…1024 filters). */
function build(convNorm: 'batch' | null) {
  const params = new ParameterStore();
  const rng = new SeededRandom(3);
  const encoder = imageUNetEncoder({ name: 'encoders.x', config: ZImageUNetEncoder.parse({ type: 'unet', conv_norm: convNorm }), input: { width: SIDE * SIDE, vocabSize: 0, metadata }, params, rng });
  const decoder = unetDecoder({
    name: 'decoders.mask', config: ZUNetDecoder.parse({ type: 'unet', height: SIDE, width: SIDE, num_classes: CLASSES, conv_norm: convNorm }),
    inputSize: encoder.outputSize, outputSize: CLASSES, skips: encoder.skips, params, rng,
  });
  return { params, encoder, decoder };
}

const pixels = Float32Array.from(seededValues(5, BATCH * SIDE * SIDE), (v) => Math.min(255, Math.round(Math.abs(v) * 255)));

describe('unet decoder (Ludwig UNetDecoder / UNetUpStack over the unet encoder\'s skips)', () => {
  it('gives num_classes logits per pixel, and one Adam step on the per-pixel cross-entropy moves every variable', () => {
    const { params, encoder, decoder } = build('batch');
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH * SIDE * SIDE }, (_, i) => i % CLASSES), 'int32'), CLASSES);
    const ctx = { training: true, rng: new SeededRandom(1) };
    const step = takeOneAdamStep(params, () => {
      const logits = decoder.forward(encoder.forward(tf.tensor2d(pixels, [BATCH, SIDE * SIDE]), ctx), ctx).output;
      expect(logits.shape).toEqual([BATCH, SIDE * SIDE * CLASSES]);
      return tf.losses.softmaxCrossEntropy(labels, tf.reshape(logits, [-1, CLASSES])) as tf.Scalar;
    });
    expect(Number.isFinite(step.loss)).toBe(true);
    expect(step.variables.length).toBe(params.trainable().length);
    for (const v of step.variables) expect(maxAbsDifference(v.before, v.after), v.name).toBeGreaterThan(0);
    labels.dispose();
    params.dispose();
  });

  it('refuses a decoder without the encoder\'s skips, and masks of another size', () => {
    const params = new ParameterStore();
    const config = ZUNetDecoder.parse({ type: 'unet', height: SIDE, width: SIDE, num_classes: 2 });
    expect(() => unetDecoder({ name: 'decoders.mask', config, inputSize: 1024, outputSize: 2, params, rng: new SeededRandom(1) }))
      .toThrow("the unet decoder of 'mask' reads the skip connections of a unet image encoder");
    const { encoder } = build(null);
    expect(() => unetDecoder({ name: 'decoders.mask', config: { ...config, height: 32 }, inputSize: 1024, outputSize: 2, skips: encoder.skips, params, rng: new SeededRandom(1) }))
      .toThrow('give masks and images the same height and width');
  });

  for (const convNorm of [null, 'batch'] as const) {
    it(`exports to ONNX: onnxruntime gives tfjs's logits (conv_norm ${convNorm})`, async () => {
      const { params, encoder, decoder } = build(convNorm);
      const ctx = { training: false, rng: new SeededRandom(1) };
      const expected = tf.tidy(() => decoder.forward(encoder.forward(tf.tensor2d(pixels, [BATCH, SIDE * SIDE]), ctx), ctx).output.dataSync());
      const g = new OnnxGraph(params.snapshot());
      const input = g.addInput('x', 'float32', SIDE * SIDE);
      g.addOutput('logits', decoder.exportOnnx(g, encoder.exportOnnx(g, input)).output, SIDE * SIDE * CLASSES);
      const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'unet parity' }));
      const result = await session.run({ x: new ort.Tensor('float32', pixels, [BATCH, SIDE * SIDE]) });
      const difference = maxAbsDifference(result.logits.data as Float32Array, expected);
      console.log(`unet encoder+decoder parity (conv_norm ${convNorm}): max |tfjs - onnxruntime| = ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-4);
      params.dispose();
    }, 120_000);
  }
});
