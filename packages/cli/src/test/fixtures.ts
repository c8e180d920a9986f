import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'overture-cli-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A small learnable table: `label` is yes when a + b > 0, `size` follows a, `city` adds a shift. */
export function toyCsv(rows = 240, seed = 3): string {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const cities = ['paris', 'rome', 'oslo'];
  const lines = ['id,a,b,city,constant,label,size'];
  for (let i = 0; i < rows; i++) {
    const a = rand() * 4 - 2;
    const b = rand() * 4 - 2;
    const c = cities[Math.floor(rand() * 3)];
    const label = a + b + (c === 'oslo' ? 0.5 : 0) > 0 ? 'yes' : 'no';
    lines.push(`${i + 1},${a.toFixed(3)},${b.toFixed(3)},${c},same,${label},${(10 + 3 * a).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

/** The toy table's config: its three inputs and the binary label, with a short trainer. */
export function toyConfigYaml(trainer = '{epochs: 5, batch_size: 32, learning_rate: 0.01}'): string {
  return `input_features:
  - {name: a, type: number}
  - {name: b, type: number}
  - {name: city, type: category}
output_features:
  - {name: label, type: binary}
trainer: ${trainer}
`;
}
