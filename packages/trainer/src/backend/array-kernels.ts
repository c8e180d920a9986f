import * as tf from '@tensorflow/tfjs-core';
import type { CpuBackendLike, WasmBackendLike } from './backend-shapes.js';

/** What an array kernel computes: float32 inputs (row-major) in, one float32 output. */
export interface ArrayKernel<Attrs> {
  name: string;
  outputShape(inputShapes: number[][], attrs: Attrs): number[];
  compute(inputs: Float32Array[], inputShapes: number[][], output: Float32Array, attrs: Attrs): void;
  /** The same computation with tensor ops, for backends whose memory JavaScript cannot reach (tfjs-node). */
  fallback(inputs: tf.Tensor[], attrs: Attrs): tf.Tensor;
}

/** How a backend gives a kernel its output buffer and its inputs' values. */
interface ArrayMemory {
  output(shape: number[]): { info: tf.TensorInfo; values: Float32Array };
  values(t: tf.TensorInfo): Float32Array;
}

const memories: Record<'wasm' | 'cpu', (backend: unknown) => ArrayMemory> = {
  wasm: (backend) => {
    const wasm = backend as WasmBackendLike;
    return {
      output: (shape) => {
        const info = wasm.makeOutput(shape, 'float32');
        return { info, values: wasm.typedArrayFromHeap(info) as Float32Array };
      },
      values: (t) => wasm.typedArrayFromHeap(t) as Float32Array,
    };
  },
  cpu: (backend) => {
    const cpu = backend as CpuBackendLike;
    return {
      // The cpu backend keeps the array it is given, so filling it afterwards fills the tensor.
      output: (shape) => {
        const values = new Float32Array(tf.util.sizeFromShape(shape));
        return { info: cpu.makeTensorInfo(shape, 'float32', values), values };
      },
      values: (t) => cpu.data.get(t.dataId)?.values as Float32Array,
    };
  },
};

const registered = new Set<string>();

function register<Attrs>(kernel: ArrayKernel<Attrs>): void {
  if (registered.has(kernel.name)) return;
  registered.add(kernel.name);
  for (const backendName of ['wasm', 'cpu'] as const) {
    tf.registerKernel({
      kernelName: kernel.name,
      backendName,
      kernelFunc: (args) => {
        const memory = memories[backendName](args.backend);
        const inputs = Object.keys(args.inputs).sort().map((k) => args.inputs[k] as tf.TensorInfo);
        const shapes = inputs.map((t) => t.shape);
        const attrs = args.attrs as unknown as Attrs;
        const out = memory.output(kernel.outputShape(shapes, attrs));
        // Input views taken after the allocation, which may have grown (and moved) the wasm heap.
        kernel.compute(inputs.map((t) => memory.values(t)), shapes, out.values, attrs);
        return out.info;
      },
    });
  }
}

/**
 * Runs an elementwise-style computation as ONE kernel written in JavaScript where tensors live in
 * reachable memory (wasm heap, cpu arrays), instead of a chain of small tensor ops whose launch
 * and broadcasting costs dominate at batch sizes of a few hundred rows. No gradient is
 * registered: use it on data, not on anything a gradient has to flow through.
 */
export function runArrayKernel<Attrs extends object>(kernel: ArrayKernel<Attrs>, inputs: tf.Tensor[], attrs: Attrs): tf.Tensor {
  const backend = tf.getBackend();
  if ((backend !== 'wasm' && backend !== 'cpu') || inputs.some((t) => t.dtype !== 'float32')) return kernel.fallback(inputs, attrs);
  register(kernel);
  const named: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => (named[`in${String(i).padStart(3, '0')}`] = t));
  return tf.engine().runKernel(kernel.name, named, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
