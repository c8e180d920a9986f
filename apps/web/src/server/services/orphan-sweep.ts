import { promises as fs } from 'node:fs';
import path from 'node:path';
import { existingRunIds, referencedDatasetPaths, type Database } from '@overture/db';
import { z } from 'zod';
import { PARTIAL_PREFIX } from '../http/multipart-file';
import { UPLOADS_FOLDER } from './store-paths';

export interface SweepSettings {
  dataDir: string;
  graceMs: number;
  /** For tests; defaults to the clock. */
  now?: number;
}

/** Names Overture gives: a UUID, alone (run folders) or before an extension (dataset files). */
const startsWithId = (name: string) => z.uuid().safeParse(name.slice(0, 36)).success;
const CHUNK = 500;
/** Where a worker writes batch predictions and evaluations inside a run's folder (apps/worker handlers). */
const WORKER_RESULT_FOLDERS = ['predictions', 'evaluations'];

/**
 * Removes what a crash leaves in the artifact store (DATA_DIR): partial uploads and model archives
 * in uploads/, dataset files no dataset row points at, runs/<id> folders with no run row (e.g. an
 * import killed half way), and partial prediction or evaluation files of a worker that died. Only what has not been written to for `graceMs` (newest mtime of
 * anything inside), so a file an upload, import or snapshot is still writing is never touched, and
 * only names Overture gives (UUIDs), so nothing else an admin keeps in DATA_DIR goes.
 * Returns the removed paths (relative to DATA_DIR), each also logged.
 */
export async function sweepOrphans(db: Database, settings: SweepSettings, log: (message: string) => void): Promise<string[]> {
  const cutoff = (settings.now ?? Date.now()) - settings.graceMs;
  const { dataDir } = settings;
  const stale = async (entries: string[]) => {
    const checked = await Promise.all(entries.map(async (e) => ((await newestMtime(path.join(/*turbopackIgnore: true*/ dataDir, e))) < cutoff ? e : null)));
    return checked.filter((e): e is string => e !== null);
  };

  // uploads/ holds nothing durable: partial uploads and archives waiting to be unpacked.
  const orphans = await stale((await entriesOf(dataDir, UPLOADS_FOLDER)).map((name) => `${UPLOADS_FOLDER}/${name}`));

  const datasetFiles = (await entriesOf(dataDir, 'datasets')).filter((name) => name.startsWith(PARTIAL_PREFIX) || startsWithId(name)).map((name) => `datasets/${name}`);
  const oldDatasetFiles = await stale(datasetFiles);
  for (const chunk of chunks(oldDatasetFiles)) {
    const referenced = await referencedDatasetPaths(db, [...new Set(chunk.map(archiveOf))]);
    orphans.push(...chunk.filter((file) => !referenced.has(archiveOf(file))));
  }

  const runFolders = (await entriesOf(dataDir, 'runs')).filter((name) => name.length === 36 && startsWithId(name));
  for (const chunk of chunks(runFolders)) {
    const existing = await existingRunIds(db, chunk);
    orphans.push(...(await stale(chunk.filter((id) => !existing.has(id)).map((id) => `runs/${id}`))));
    // Results a worker was writing when it died (it writes `.partial-<name>`, then renames).
    for (const id of chunk.filter((id) => existing.has(id))) {
      for (const folder of WORKER_RESULT_FOLDERS.map((f) => `runs/${id}/${f}`)) {
        orphans.push(...(await stale((await entriesOf(dataDir, folder)).filter((name) => name.startsWith(PARTIAL_PREFIX)).map((name) => `${folder}/${name}`))));
      }
    }
  }

  const removed: string[] = [];
  for (const orphan of orphans) {
    try {
      await fs.rm(path.join(/*turbopackIgnore: true*/ dataDir, orphan), { recursive: true, force: true });
      removed.push(orphan);
      log(`orphan sweep: removed ${orphan} (nothing refers to it and it is older than ${Math.round(settings.graceMs / 60_000)} min)`);
    } catch (error) {
      log(`orphan sweep: could not remove ${orphan}: ${(error as Error).message}`);
    }
  }
  return removed;
}

/**
 * The stored file a dataset path belongs to: a dataset archive's unpacked folder (`<id>.files`)
 * belongs to its `<id>.zip`. The `<id>.files.partial-…` a worker was writing when it died belongs
 * to nothing, and goes once it is old.
 */
function archiveOf(file: string): string {
  const match = /^(datasets\/.+)\.files$/.exec(file);
  return match ? `${match[1]}.zip` : file;
}

/**
 * Sweeps now and then every `everyMs` (0: only now), never two at once; errors are logged, not
 * thrown. Returns a stop function.
 */
export function scheduleOrphanSweeps(db: Database, settings: Omit<SweepSettings, 'now'> & { everyMs: number }, log: (message: string) => void): () => void {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepOrphans(db, settings, log)
      .catch((error: Error) => log(`orphan sweep failed: ${error.message}`))
      .finally(() => { running = false; });
  };
  sweep();
  const timer = settings.everyMs > 0 ? setInterval(sweep, settings.everyMs) : null;
  timer?.unref();
  return () => { if (timer) clearInterval(timer); };
}

async function entriesOf(dataDir: string, folder: string): Promise<string[]> {
  return fs.readdir(path.join(/*turbopackIgnore: true*/ dataDir, folder)).catch(() => []);
}

/** The newest modification time of a file, or of a folder and everything in it (symlinks not followed). */
async function newestMtime(target: string): Promise<number> {
  const stat = await fs.lstat(target).catch(() => null);
  if (!stat) return Number.POSITIVE_INFINITY; // gone already: nothing to remove
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await fs.readdir(target).catch(() => [])) newest = Math.max(newest, await newestMtime(path.join(/*turbopackIgnore: true*/ target, entry)));
  return newest;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
