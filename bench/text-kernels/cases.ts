import * as tf from '@tensorflow/tfjs-core';
import { embeddingLookup } from '../../packages/trainer/src/layers/embedding.js';
import { conv1d } from '../../packages/trainer/src/layers/conv1d.js';
import { poolOverTime } from '../../packages/trainer/src/layers/sequence-pooling.js';
import { seededRandom } from '../lib/random.js';

/** The shapes of `../shared/reference/train_throughput.py textcnn`: 256 tokens, 64-wide embeddings, 64 filters. */
export interface Shapes {
  batch: number;
  seq: number;
  vocab: number;
  dim: number;
  filters: number;
  filterSize: number;
}

/** One training step of a building block: forward, and the gradients of Σ y·up. */
export interface Variant {
  op: string;
  implementation: string;
  backend: 'wasm';
  /** Why it cannot run (a kernel the backend lacks), instead of a time. */
  unavailable?: string;
  step?: (inputs: Inputs) => tf.Tensor[];
}

export interface Inputs {
  table: tf.Tensor2D;
  ids: tf.Tensor2D;
  mask: tf.Tensor2D;
  x: tf.Tensor3D;
  filter: tf.Tensor3D;
  bias: tf.Tensor1D;
}

/** Token ids with lengths spread over [seq/8, seq] and padding 0 after each text. */
export function makeInputs(s: Shapes): Inputs {
  const random = seededRandom(7);
  const ids = new Int32Array(s.batch * s.seq);
  const mask = new Float32Array(s.batch * s.seq);
  for (let b = 0; b < s.batch; b++) {
    const length = Math.max(1, Math.floor(s.seq * (0.125 + 0.875 * random())));
    for (let t = 0; t < length; t++) {
      ids[b * s.seq + t] = 1 + Math.floor(random() * (s.vocab - 1));
      mask[b * s.seq + t] = 1;
    }
  }
  const normal = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  return {
    table: tf.tensor2d(normal(s.vocab * s.dim, 1), [s.vocab, s.dim]),
    ids: tf.tensor2d(ids, [s.batch, s.seq], 'int32'),
    mask: tf.tensor2d(mask, [s.batch, s.seq]),
    x: tf.tensor3d(normal(s.batch * s.seq * s.dim, 1), [s.batch, s.seq, s.dim]),
    filter: tf.tensor3d(normal(s.filterSize * s.dim * s.filters, 0.1), [s.filterSize, s.dim, s.filters]),
    bias: tf.tensor1d(normal(s.filters, 0.1)),
  };
}

/** Forward and gradients of Σ f(args)·up for a fixed upstream gradient (ones: the cost does not depend on its values). */
function trainStep(f: (...args: tf.Tensor[]) => tf.Tensor, args: tf.Tensor[]): tf.Tensor[] {
  const { value, grads } = tf.valueAndGrads((...a: tf.Tensor[]) => tf.sum(f(...a)))(args);
  return [value, ...grads];
}

/** Masked max over time from tfjs' own ops (what an encoder would write without our kernel). */
function tfjsMaskedMax(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor {
  return tf.max(tf.add(x, tf.mul(tf.sub(tf.expandDims(mask, 2), 1), 1e9)), 1);
}

function tfjsMaskedMean(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor {
  const m = tf.expandDims(mask, 2);
  return tf.div(tf.sum(tf.mul(x, m), 1), tf.maximum(tf.sum(m, 1), 1));
}

export function variants(s: Shapes): Variant[] {
  const relu = 'relu';
  const ours = 'ours (kernels)';
  return [
    { op: 'embedding', implementation: ours, backend: 'wasm', step: (i) => trainStep((t) => embeddingLookup(t as tf.Tensor2D, i.ids), [i.table]) },
    {
      op: 'embedding', implementation: 'tfjs gather + scatterND gradient', backend: 'wasm',
      step: (i) => trainStep(tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.gather(args[0] as tf.Tensor, i.ids),
        gradFunc: (dy: tf.Tensor) => [tf.scatterND(tf.reshape(i.ids, [-1, 1]), tf.reshape(dy, [-1, s.dim]), [s.vocab, s.dim])],
      })) as (...a: tf.Tensor[]) => tf.Tensor, [i.table]),
    },
    { op: 'embedding', implementation: 'tfjs gather (autodiff)', backend: 'wasm', unavailable: 'UnsortedSegmentSum is not registered on wasm' },
    {
      op: `conv1d k=${s.filterSize} same relu`, implementation: ours, backend: 'wasm',
      step: (i) => trainStep((x, w, b) => conv1d(x as tf.Tensor3D, w as tf.Tensor3D, b as tf.Tensor1D, { padding: 'same', activation: relu }), [i.x, i.filter, i.bias]),
    },
    {
      op: `conv1d k=${s.filterSize} same relu`, implementation: 'tfjs conv1d (autodiff)', backend: 'wasm',
      unavailable: 'Conv2DBackpropFilter is not registered on wasm',
    },
    {
      op: `conv1d k=${s.filterSize} same relu (forward only)`, implementation: ours, backend: 'wasm',
      step: (i) => [conv1d(i.x, i.filter, i.bias, { padding: 'same', activation: relu })],
    },
    {
      op: `conv1d k=${s.filterSize} same relu (forward only)`, implementation: 'tfjs conv1d (XNNPACK)', backend: 'wasm',
      step: (i) => [tf.relu(tf.add(tf.conv1d(i.x, i.filter, 1, 'same'), i.bias))],
    },
    { op: 'masked max over time', implementation: ours, backend: 'wasm', step: (i) => trainStep((x) => poolOverTime(x as tf.Tensor3D, i.mask, 'max'), [i.x]) },
    { op: 'masked max over time', implementation: 'tfjs ops (autodiff)', backend: 'wasm', step: (i) => trainStep((x) => tfjsMaskedMax(x as tf.Tensor3D, i.mask), [i.x]) },
    { op: 'masked mean over time', implementation: ours, backend: 'wasm', step: (i) => trainStep((x) => poolOverTime(x as tf.Tensor3D, i.mask, 'mean'), [i.x]) },
    { op: 'masked mean over time', implementation: 'tfjs ops (autodiff)', backend: 'wasm', step: (i) => trainStep((x) => tfjsMaskedMean(x as tf.Tensor3D, i.mask), [i.x]) },
  ];
}
