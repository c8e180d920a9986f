import type { ResolvedConfig } from '@overture/config';
import { parseMetadata, serializeMetadata, type TrainingSetMetadata } from '@overture/trainer/preprocessing/browser';

/** Largest model.onnx handed to a browser: above it the model runs on the server only. */
export const BROWSER_MODEL_MAX_BYTES = 64 * 1024 * 1024;

export type BrowserSupport = { runnable: true } | { runnable: false; reason: string };

const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

/**
 * Whether a model can run in the browser (onnxruntime-web) with the same answer as the server:
 * image and audio inputs are decoded by the server's decoders (sharp, the WAV reader and the
 * file system), which a browser does not have, and a graph over `maxBytes` is too much to send.
 */
export function browserSupport(config: Pick<ResolvedConfig, 'input_features'>, onnxBytes: number, maxBytes = BROWSER_MODEL_MAX_BYTES): BrowserSupport {
  const media = config.input_features.find((f) => f.type === 'image' || f.type === 'audio');
  if (media) return { runnable: false, reason: `Runs on the server only: its ${media.type} input '${media.name}' is decoded by the server.` };
  if (onnxBytes > maxBytes) return { runnable: false, reason: `Runs on the server only: its model.onnx is ${megabytes(onnxBytes)}, over the ${megabytes(maxBytes)} a browser is sent.` };
  return { runnable: true };
}

/** What the browser receives of a bundle to preprocess and answer as the server does (JSON). */
export interface BrowserBundle {
  /** The resolved config as the bundle stores it (resolved by the server: the browser reads it as is). */
  config: Record<string, unknown>;
  /** training_set_metadata.json as written in the bundle. */
  metadata: Record<string, unknown>;
}

export function toBrowserBundle(bundle: { config: ResolvedConfig; metadata: TrainingSetMetadata }): BrowserBundle {
  return { config: bundle.config as unknown as Record<string, unknown>, metadata: JSON.parse(serializeMetadata(bundle.metadata)) as Record<string, unknown> };
}

/** The bundle back as preprocessing reads it (the metadata checked and upgraded as a bundle's is). */
export function fromBrowserBundle(bundle: BrowserBundle): { config: ResolvedConfig; metadata: TrainingSetMetadata } {
  return { config: bundle.config as unknown as ResolvedConfig, metadata: parseMetadata(JSON.stringify(bundle.metadata)) };
}
