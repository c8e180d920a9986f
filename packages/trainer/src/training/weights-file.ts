import { promises as fs } from 'node:fs';
import type { NamedArrays } from '../model/parameters.js';

/** Manifest of a weights file: where each named array sits in the concatenated float32 data. */
export interface WeightsManifest {
  entries: { name: string; shape: number[]; offset: number; length: number }[];
}

/** One binary file of float32s plus a JSON manifest: compact, and read back without parsing floats. */
export async function writeWeights(path: string, arrays: NamedArrays): Promise<WeightsManifest> {
  const entries: WeightsManifest['entries'] = [];
  let offset = 0;
  for (const [name, { shape, values }] of Object.entries(arrays)) {
    entries.push({ name, shape, offset, length: values.length });
    offset += values.length;
  }
  const all = new Float32Array(offset);
  for (const e of entries) all.set(arrays[e.name].values, e.offset);
  await fs.writeFile(path, Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  return { entries };
}

export async function readWeights(path: string, manifest: WeightsManifest): Promise<NamedArrays> {
  const buffer = await fs.readFile(path);
  const all = new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
  const out: NamedArrays = {};
  for (const e of manifest.entries) out[e.name] = { shape: e.shape, values: all.slice(e.offset, e.offset + e.length) };
  return out;
}
