import type { ModelInputValues } from '@overture/trainer/preprocessing/browser';

// How a batch of model inputs becomes an ONNX run's feeds and its results become RunOutputs,
// written once for onnxruntime-node (ort-model.ts) and onnxruntime-web (the playground): both
// packages share onnxruntime-common's Tensor, so only its constructor is passed in.

/** Raw output values of one ORT run: per output name, row-major [rows, width]. */
export type RunOutputs = Record<string, { values: Float32Array; width: number }>;

/** The part of onnxruntime's Tensor constructor the feeds use. */
export type TensorOf<T> = (dtype: ModelInputValues['dtype'], values: ModelInputValues['values'], dims: readonly number[]) => T;

/** One tensor [rows, width] per model input, named as the exported graph's inputs. */
export function modelFeeds<T>(inputs: readonly ModelInputValues[], rows: number, tensor: TensorOf<T>): Record<string, T> {
  const feeds: Record<string, T> = {};
  for (const input of inputs) feeds[input.name] = tensor(input.dtype, input.values, [rows, input.width]);
  return feeds;
}

/** The outputs of a run, by the session's output names (every Overture output is float32 [rows, width]). */
export function runOutputs(results: Record<string, { data: unknown; dims: readonly number[] }>, outputNames: readonly string[], rows: number): RunOutputs {
  const out: RunOutputs = {};
  for (const name of outputNames) {
    const tensor = results[name];
    out[name] = { values: tensor.data as Float32Array, width: rows === 0 ? 0 : (tensor.dims[1] ?? 1) };
  }
  return out;
}

/** The part of an onnxruntime InferenceSession (node or web) a run uses. */
export interface SessionLike<T> {
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
}

/** Runs a batch of model inputs on a session: feeds in, RunOutputs out. */
export async function runSession<T>(session: SessionLike<T>, tensor: TensorOf<T>, inputs: readonly ModelInputValues[], rows: number): Promise<RunOutputs> {
  return runOutputs(await session.run(modelFeeds(inputs, rows, tensor)), session.outputNames, rows);
}
