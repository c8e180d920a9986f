import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelInputValues } from '@overture/trainer/preprocessing';
import { runSession, type RunOutputs } from './model-feeds.js';

export type { RunOutputs } from './model-feeds.js';

export interface OrtOptions {
  /** Threads one run may use (onnxruntime's intra-op threads); default 1, which serves best beside a busy event loop on small machines. */
  threads?: number;
}

/**
 * Where onnxruntime would look for external tensor data of a model loaded from bytes (by default
 * the working directory, which holds package.json and DATA_DIR): a folder that does not exist, so
 * a graph that slipped past checkOnnxModel still cannot read a file. ORT itself refuses absolute
 * paths and paths with `..`.
 */
const noExternalDataFolder = path.join(tmpdir(), `overture-no-external-data-${randomUUID()}`);

/** An onnxruntime-node session over an exported Overture graph, counting its runs. */
export class OrtModel {
  /** ORT runs so far (tests check that micro-batching merges requests). */
  runs = 0;

  private constructor(private readonly session: ort.InferenceSession) {}

  /** A session over the model's bytes (never a path); check them with checkOnnxModel first. */
  static async create(onnx: Uint8Array, options: OrtOptions = {}): Promise<OrtModel> {
    const session = await ort.InferenceSession.create(onnx, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      // ONNX protobuf only (no ORT flatbuffer format, which checkOnnxModel does not read).
      extra: { session: { load_model_format: 'ONNX', model_external_initializers_file_folder_path: noExternalDataFolder } },
    });
    return new OrtModel(session);
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(inputs: readonly ModelInputValues[], rows: number): Promise<RunOutputs> {
    this.runs++;
    return runSession(this.session, (dtype, values, dims) => new ort.Tensor(dtype, values, dims), inputs, rows);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
