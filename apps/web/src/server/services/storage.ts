import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Bytes under a folder (files only; symlinks not followed). */
async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

let cached: { at: number; value: Promise<Record<string, number>> } | null = null;

/** Disk use of the artifact store by top-level folder (datasets, runs, cache), recomputed at most once a minute. */
export function storeUsage(dataDir: string): Promise<Record<string, number>> {
  if (cached && Date.now() - cached.at < 60_000) return cached.value;
  const value = (async () => {
    const out: Record<string, number> = {};
    for (const folder of ['datasets', 'runs', 'cache']) out[folder] = await folderBytes(path.join(/*turbopackIgnore: true*/ dataDir, folder));
    const disk = await fs.statfs(dataDir).catch(() => null);
    if (disk) out.diskFree = disk.bavail * disk.bsize;
    return out;
  })();
  cached = { at: Date.now(), value };
  return value;
}
