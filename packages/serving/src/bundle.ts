import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { BUNDLE_FILES, readBundleDescription, type BundleDescription } from '@overture/trainer/bundle';

export interface ServingBundle extends BundleDescription {
  /** The bundle's model.onnx. */
  onnx: Uint8Array;
}

/**
 * Reads what serving needs from a model bundle: manifest (another major format version is
 * refused), resolved config, training-set metadata and the ONNX graph. No weights, no tfjs.
 */
export async function readServingBundle(directory: string): Promise<ServingBundle> {
  const description = await readBundleDescription(directory);
  const file = path.join(directory, BUNDLE_FILES.onnx);
  let onnx: Uint8Array;
  try {
    onnx = await fs.readFile(file);
  } catch {
    throw new OvertureError('not_found', `${file} does not exist: this bundle has no ONNX graph. Run 'overture export --model ${directory}' to add it.`);
  }
  return { ...description, onnx };
}
