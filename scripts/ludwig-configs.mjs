#!/usr/bin/env node
// Counts how many of Ludwig's own example configs validate unchanged in Overture, and the top
// blockers. Reads them straight out of a Ludwig git checkout or bare mirror (nothing is copied into
// this repository): examples/, ludwig/benchmarking/configs/, ludwig/datasets/model_configs/ and the
// README's YAML blocks; configs with `model_type: llm` are left out.
//
//   npx tsx scripts/ludwig-configs.mjs /work/.mirror/ludwig-ai+ludwig/repo [--list]
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { isOvertureError, parseConfigText } from '../packages/config/src/index.ts';

const [gitDir, ...flags] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: ludwig-configs.mjs <ludwig git dir> [--list]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

const roots = ['examples/', 'ludwig/benchmarking/configs/', 'ludwig/datasets/model_configs/'];
const files = git('ls-tree', '-r', '--name-only', 'HEAD')
  .split('\n')
  .filter((f) => /\.ya?ml$/.test(f) && roots.some((r) => f.startsWith(r)));

/** Every document to check: [label, text]. */
const sources = files.map((f) => [f, git('show', `HEAD:${f}`)]);
const readme = git('show', 'HEAD:README.md');
let block = 0;
for (const match of readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)) sources.push([`README.md#yaml${++block}`, match[1]]);

/** Only model configs (with features); not dataset descriptors, CI files, benchmark suites, … */
function isModelConfig(text) {
  try {
    const value = parse(text);
    return value !== null && typeof value === 'object' && ('input_features' in value || 'output_features' in value) && value.model_type !== 'llm';
  } catch {
    return false;
  }
}

const blockers = new Map();
let total = 0;
let valid = 0;
let onlyUnsupported = 0;
const rows = [];
for (const [label, text] of sources) {
  if (!isModelConfig(text)) continue;
  total++;
  try {
    parseConfigText(text, 'yaml');
    valid++;
    rows.push(`ok   ${label}`);
  } catch (error) {
    if (!isOvertureError(error)) throw error;
    if (error.code === 'unsupported') onlyUnsupported++;
    const messages = new Set(error.details.map((d) => normalize(d.message)));
    for (const m of messages) blockers.set(m, (blockers.get(m) ?? 0) + 1);
    rows.push(`FAIL ${label}: ${error.details.map((d) => `${d.path ?? ''}: ${d.message}`).join(' | ')}`);
  }
}

/** Groups messages that differ only by a feature name or index. */
function normalize(message) {
  return message
    .replace(/\(feature '[^']*'\)/g, "(feature '…')")
    .replace(/\[\d+\]/g, '[i]')
    .replace(/; valid: .*/, '; valid: …');
}

if (flags.includes('--list')) console.log(rows.join('\n'));
console.log(`\n${valid} of ${total} non-llm Ludwig configs validate unchanged; ${onlyUnsupported} more are refused only for Ludwig names Overture does not support yet.`);
console.log('\nTop blockers (configs affected):');
for (const [message, count] of [...blockers].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${String(count).padStart(4)}  ${message}`);
