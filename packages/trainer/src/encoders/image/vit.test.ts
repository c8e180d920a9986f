import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { ZVitEncoder } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { OnnxGraph } from '../../export/onnx-graph.js';
import { writeOnnxModel } from '../../export/onnx-writer.js';
import { ParameterStore } from '../../model/parameters.js';
import { maxAbsDifference, seededValues } from '../../test-support/training-step.js';
import { SeededRandom } from '../../util/random.js';
import { imageInput } from './test-images.js';
import { VisionTransformer, vitEncoder } from './vit.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const ctx = { training: false, rng: new SeededRandom(1) };

describe('vit image encoder', () => {
  it('runs a small pre-norm vision transformer in onnxruntime with the results of tfjs (6 patches, 2 heads, 2 blocks, perturbed norms)', async () => {
    const params = new ParameterStore();
    const [batch, height, width, channels] = [3, 6, 4, 2];
    const net = new VisionTransformer(params, 'vit', [height, width, channels], { patchSize: 2, hiddenSize: 8, numLayers: 2, numHeads: 2, mlpSize: 6 }, new SeededRandom(4));
    // Random class token and layer-norm scales, so a wrong order or a dropped parameter shows.
    params.restore(Object.fromEntries(params.names().map((n, i) => {
      const v = params.get(n);
      return [n, { shape: v.shape, values: seededValues(20 + i, v.size, 0.5) }];
    })));
    const pixels = seededValues(9, batch * height * width * channels);
    const expected = tf.tidy(() => Array.from(net.forward(tf.tensor4d(pixels, [batch, height, width, channels]), ctx).dataSync()));
    expect(expected).toHaveLength(batch * 8);
    const g = new OnnxGraph(params.snapshot());
    const flat = g.addInput('pixels', 'float32', height * width * channels);
    g.addOutput('hidden', net.exportOnnx(g, g.op('Reshape', [flat, g.constant([-1, height, width, channels], [4], 'int64', 'shape')])), 8);
    const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'vit parity' }));
    const actual = Array.from((await session.run({ pixels: new ort.Tensor('float32', pixels, [batch, height * width * channels]) })).hidden.data as Float32Array);
    expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-5);
    params.dispose();
  });

  it('refuses images smaller than the patches, or not a multiple of them, naming the sizes', () => {
    const build = (height: number, width: number) => () => vitEncoder({
      name: 'encoders.digit', config: ZVitEncoder.parse({ type: 'vit', model_variant: 'b_16', use_pretrained: false }),
      input: imageInput(height, width, 1), params: new ParameterStore(), rng: new SeededRandom(1),
    });
    expect(build(8, 8)).toThrow("Image encoder vit b_16 of 'digit': the images (8×8) are smaller than its 16×16 patches; set preprocessing height and width to at least 16 (a multiple of 16), or use a variant with smaller patches.");
    expect(build(16, 24)).toThrow('must be multiples of its 16-pixel patch size');
  });
});
