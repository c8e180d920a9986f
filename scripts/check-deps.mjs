#!/usr/bin/env node
// Enforces DESIGN.md's allowed imports between workspaces, and keeps the browser-safe and
// serving-safe folders free of heavy or Node-only imports. Fails with the offending file:line.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** workspace folder → @overture packages it may import (DESIGN.md §1). */
const allowed = {
  'packages/config': [],
  'packages/trainer': ['config', 'testing/xlsx'], // testing/xlsx: test files only (devDependency; it imports only node:zlib)
  'packages/serving': ['config', 'trainer/preprocessing', 'trainer/data', 'trainer/bundle'],
  'packages/cli': ['config', 'trainer', 'serving'],
  'packages/db': ['config'],
  'packages/jobs': ['config'],
  'packages/testing': ['config', 'db', 'jobs'],
  'packages/deployments': ['config', 'db', 'jobs', 'serving'],
  'apps/web': ['jobs', 'db', 'config', 'serving', 'deployments', 'testing'], // testing: test files only (devDependency)
  'apps/serving': ['deployments', 'jobs', 'db', 'config', 'serving', 'testing'], // testing: test files only (devDependency)
  'apps/worker': ['jobs', 'db', 'config', 'trainer', 'testing'], // testing: test files only (devDependency)
};

/** Folders that must not import a module matching the pattern, and why. */
const forbidden = [
  { dir: 'packages/config/src', pattern: /^(node:|fs$|path$|@tensorflow\/)/, why: 'config is browser-safe (no Node built-ins, no tfjs)' },
  { dir: 'packages/trainer/src/preprocessing', pattern: /^@tensorflow\//, why: 'preprocessing is pure TS so serving can reuse it without tfjs' },
  { dir: 'packages/trainer/src/bundle/index.ts', pattern: /^(@tensorflow\/|\.\/(save|load)-bundle)/, why: 'the bundle reader is tfjs-free so serving can read bundles' },
  { dir: 'packages/trainer/src/bundle/read-bundle.ts', pattern: /^(@tensorflow\/|\.\.\/(model|training)\/)/, why: 'the bundle reader is tfjs-free so serving can read bundles' },
  { dir: 'packages/trainer/src/data', pattern: /^@tensorflow\//, why: 'data readers are pure TS so the web app can profile without tfjs' },
  { dir: 'packages/trainer/src', pattern: /^(next|drizzle-orm|react)(\/|$)/, why: 'the trainer never imports the web stack or the database' },
  { dir: 'packages/deployments/src', pattern: /^(next|react|@tensorflow\/|@overture\/trainer)(\/|$)/, why: 'the serving process loads no web stack and no training stack' },
  { dir: 'apps/serving/src', pattern: /^(next|react|@tensorflow\/|@overture\/trainer)(\/|$)/, why: 'the serving process loads no web stack and no training stack' },
  { dir: 'apps/web/src', pattern: /^(@tensorflow\/|@overture\/(trainer|testing)(\/|$))/, why: 'the web app never loads tfjs or the trainer; testing fixtures are for test files only' },
];

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  if (statSync(dir).isFile()) {
    yield dir;
    return;
  }
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) yield full;
  }
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    out.push({ spec, line });
  }
  return out;
}

const problems = [];
for (const [workspace, may] of Object.entries(allowed)) {
  const dir = path.join(root, workspace);
  if (!existsSync(dir)) continue;
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const self = pkg.name.replace('@overture/', '');
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (dep.startsWith('@overture/') && !may.some((m) => m.split('/')[0] === dep.slice(10))) {
      problems.push(`${workspace}/package.json: depends on ${dep}, which ${workspace} may not use`);
    }
  }
  for (const file of sourceFiles(dir)) {
    for (const { spec, line } of importsOf(file)) {
      if (!spec.startsWith('@overture/')) continue;
      const target = spec.slice('@overture/'.length);
      if (target.split('/')[0] === self) continue;
      const ok = may.some((m) => target === m || target.startsWith(m + '/') || (!m.includes('/') && target.split('/')[0] === m));
      if (!ok) problems.push(`${path.relative(root, file)}:${line}: imports ${spec}; ${workspace} may import only ${may.map((m) => '@overture/' + m).join(', ') || 'nothing of ours'}`);
    }
  }
}
for (const { dir, pattern, why } of forbidden) {
  for (const file of sourceFiles(path.join(root, dir))) {
    if (/\.test\.ts$/.test(file)) continue;
    for (const { spec, line } of importsOf(file)) {
      if (pattern.test(spec)) problems.push(`${path.relative(root, file)}:${line}: imports ${spec}: ${why}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`dependency check failed:\n${problems.map((p) => '  ' + p).join('\n')}`);
  process.exit(1);
}
console.log('dependency check passed');
