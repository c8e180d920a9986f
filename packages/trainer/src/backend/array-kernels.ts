import * as tf from '@tensorflow/tfjs-core';

/** What an array kernel computes: float32 inputs (row-major) in, one float32 output. */
export interface ArrayKernel<Attrs> {
  name: string;
  outputShape(inputShapes: number[][], attrs: Attrs): number[];
  compute(inputs: Float32Array[], inputShapes: number[][], output: Float32Array, attrs: Attrs): void;
  /** The same computation with tensor ops, for backends whose memory JavaScript cannot reach (tfjs-node). */
  fallback(inputs: tf.Tensor[], attrs: Attrs): tf.Tensor;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

const registered = new Set<string>();

function register<Attrs>(kernel: ArrayKernel<Attrs>): void {
  if (registered.has(kernel.name)) return;
  registered.add(kernel.name);
  const inputsOf = (args: { inputs: tf.NamedTensorInfoMap }) => Object.keys(args.inputs).sort().map((k) => args.inputs[k] as tf.TensorInfo);
  tf.registerKernel({
    kernelName: kernel.name,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WasmBackendLike;
      const inputs = inputsOf(args);
      const shapes = inputs.map((t) => t.shape);
      const attrs = args.attrs as unknown as Attrs;
      const out = backend.makeOutput(kernel.outputShape(shapes, attrs), 'float32');
      // Views taken after the allocation, which may have grown (and moved) the heap.
      kernel.compute(inputs.map((t) => backend.typedArrayFromHeap(t)), shapes, backend.typedArrayFromHeap(out), attrs);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: kernel.name,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const backend = args.backend as unknown as CpuBackendLike;
      const inputs = inputsOf(args);
      const shapes = inputs.map((t) => t.shape);
      const attrs = args.attrs as unknown as Attrs;
      const shape = kernel.outputShape(shapes, attrs);
      const values = new Float32Array(tf.util.sizeFromShape(shape));
      kernel.compute(inputs.map((t) => backend.data.get(t.dataId)?.values as Float32Array), shapes, values, attrs);
      return backend.makeTensorInfo(shape, 'float32', values);
    },
  });
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
