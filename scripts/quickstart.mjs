#!/usr/bin/env node
// `npm run quickstart`: the CLI journey on the bundled penguins sample, no services needed:
// auto-config → train + test-set evaluation → predictions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'packages/cli/bin/overture.js');
if (!existsSync(path.join(root, 'packages/cli/dist/index.js'))) {
  console.error('The CLI is not built yet: run `npm ci && npm run build` first.');
  process.exit(1);
}
const dataset = path.join(root, 'examples/penguins/penguins.csv');
const out = path.join(root, 'out/quickstart');
mkdirSync(out, { recursive: true });

function overture(...args) {
  console.log(`\n$ overture ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

overture('init-config', '--dataset', dataset, '--target', 'species', '--output', path.join(out, 'config.yaml'));
overture('experiment', '--config', path.join(out, 'config.yaml'), '--dataset', dataset, '--output-directory', out);
overture('predict', '--model', path.join(out, 'model'), '--dataset', dataset, '--output', path.join(out, 'predictions.csv'));

const lines = readFileSync(path.join(out, 'predictions.csv'), 'utf8').split('\n').slice(0, 4);
console.log(`\nFirst predictions (${path.relative(root, path.join(out, 'predictions.csv'))}):\n${lines.join('\n')}`);
console.log(`\nThe model bundle is in ${path.relative(root, path.join(out, 'model'))}; test statistics in ${path.relative(root, path.join(out, 'test_statistics.json'))}.`);
