import path from 'node:path';

/** Where a worker keeps things in the artifact store (DATA_DIR, shared by every worker). */
export const storePaths = {
  run: (dataDir: string, runId: string) => path.join(dataDir, 'runs', runId),
  checkpoints: (dataDir: string, runId: string) => path.join(dataDir, 'runs', runId, 'checkpoints'),
  output: (dataDir: string, runId: string) => path.join(dataDir, 'runs', runId, 'output'),
  bundle: (dataDir: string, runId: string) => path.join(dataDir, 'runs', runId, 'output', 'model'),
  preprocessedCache: (dataDir: string) => path.join(dataDir, 'cache', 'preprocessed'),
  /** GloVe-style files an admin puts there for configs' pretrained_embeddings (read inside it only). */
  pretrainedEmbeddings: (dataDir: string) => path.join(dataDir, 'pretrained'),
};

/** Artifact rows store paths relative to DATA_DIR, so the store can move. */
export function relativeToStore(dataDir: string, file: string): string {
  return path.relative(dataDir, file).split(path.sep).join('/');
}

/** A stored relative path made absolute; refuses paths that leave the store. */
export function inStore(dataDir: string, relative: string): string {
  const root = path.resolve(dataDir);
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`path '${relative}' is outside DATA_DIR`);
  return full;
}
