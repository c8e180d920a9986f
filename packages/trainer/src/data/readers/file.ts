import { stat } from 'node:fs/promises';
import { dataError } from '../data-error.js';

/** Checks that `file` exists and is a regular file; returns its size. */
export async function openDataFile(file: string): Promise<{ size: number }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw dataError(file, `is not a file (${file}).`);
    return { size: info.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw dataError(file, `file not found: ${file}`);
    }
    throw error;
  }
}
