import path from 'node:path';
import { listRunArtifacts, type Database } from '@overture/db';
import { ApiError } from './errors.js';

/** A stored relative path made absolute; refuses paths that leave DATA_DIR. */
export function inStore(dataDir: string, relative: string): string {
  const root = path.resolve(dataDir);
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`path '${relative}' is outside DATA_DIR`);
  return full;
}

/** The model bundle directory of a completed run (the worker records it as a `model_bundle` artifact). */
export async function runBundleDirectory(db: Database, dataDir: string, runId: string): Promise<string> {
  const [bundle] = await listRunArtifacts(db, runId, 'model_bundle');
  if (!bundle) throw new ApiError('conflict', `run ${runId} has no model bundle: only completed runs can be deployed or downloaded.`);
  return inStore(dataDir, bundle.path);
}
