import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(benchDir, '..');
/** The shared developer datasets and reference scripts live beside the repository. */
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const datasetsDir = join(sharedDir, 'datasets');
export const referenceDir = join(sharedDir, 'reference');
export const python = '/usr/bin/python3';
