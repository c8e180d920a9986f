#!/usr/bin/env node
// `npm run bench -- <name> [args…]` runs bench/<name>.ts with tsx; with no name it lists them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');

/** Every top-level bench/*.ts is a benchmark; helpers live in bench/lib/ and subfolders. */
function listBenchmarks() {
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name.slice(0, -'.ts'.length))
    .sort();
}

function usage(benchmarks) {
  return ['usage: npm run bench -- <name> [args…]', '', 'benchmarks:', ...benchmarks.map((b) => `  ${b}`)].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const benchmarks = listBenchmarks();

if (!name || name === '--help' || name === '-h') {
  console.log(usage(benchmarks));
  process.exit(0);
}
if (!benchmarks.includes(name)) {
  console.error(`unknown benchmark '${name}'\n\n${usage(benchmarks)}`);
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, `${name}.ts`), ...args], {
  cwd: root,
  stdio: 'inherit',
});
if (result.error) {
  console.error(`could not start benchmark '${name}': ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
