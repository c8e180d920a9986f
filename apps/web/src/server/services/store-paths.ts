import path from 'node:path';

// Shared with the serving process, which loads bundles from the same store.
export { inStore, runBundleDirectory } from '@overture/deployments';

/** Where uploads are received under a partial name (and model archives wait to be unpacked): nothing durable lives here. */
export const UPLOADS_FOLDER = 'uploads';

export function uploadsFolder(dataDir: string): string {
  return path.join(/*turbopackIgnore: true*/ dataDir, UPLOADS_FOLDER);
}

export function relativeToStore(dataDir: string, file: string): string {
  return path.relative(dataDir, file).split(path.sep).join('/');
}
