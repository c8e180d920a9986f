import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { BUNDLE_FILES, readBundleDescription } from '@overture/trainer/bundle';
import { BROWSER_MODEL_MAX_BYTES, browserSupport, toBrowserBundle, type BrowserBundle, type BrowserSupport } from './browser-support.js';

/** What a browser is told about a bundle directory before it asks for the graph. */
export interface BrowserBundleInfo {
  bundle: BrowserBundle;
  /** Size of model.onnx in bytes. */
  modelBytes: number;
  support: BrowserSupport;
}

async function onnxSize(directory: string): Promise<number> {
  try {
    return (await fs.stat(path.join(directory, BUNDLE_FILES.onnx))).size;
  } catch {
    throw new OvertureError('not_found', `${path.join(directory, BUNDLE_FILES.onnx)} does not exist: this bundle has no ONNX graph.`);
  }
}

/** The config, metadata and browser support of the bundle in `directory` (the graph is not read). */
export async function describeBrowserBundle(directory: string, maxBytes = BROWSER_MODEL_MAX_BYTES): Promise<BrowserBundleInfo> {
  const description = await readBundleDescription(directory);
  const modelBytes = await onnxSize(directory);
  return { bundle: toBrowserBundle(description), modelBytes, support: browserSupport(description.config, modelBytes, maxBytes) };
}

/**
 * The bytes of the bundle's model.onnx for a browser, refused (with browserSupport's reason) when
 * the model may not run there: 413 over `maxBytes`, 400 for an image or audio input.
 */
export async function readBrowserModel(directory: string, maxBytes = BROWSER_MODEL_MAX_BYTES): Promise<Uint8Array> {
  const { config } = await readBundleDescription(directory);
  const modelBytes = await onnxSize(directory);
  const support = browserSupport(config, modelBytes, maxBytes);
  if (!support.runnable) throw new OvertureError(modelBytes > maxBytes ? 'too_large' : 'unsupported', support.reason);
  return fs.readFile(path.join(directory, BUNDLE_FILES.onnx));
}
