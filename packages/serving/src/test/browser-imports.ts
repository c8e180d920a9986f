import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Packages a browser bundle may reach from our browser entries (pure JavaScript, no Node built-ins). */
const browserSafePackages = new Set(['zod', 'yaml']);

// Value imports only: `import type` / `export type` are erased by the compiler and bundle to nothing.
const importRe = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^'";]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** A workspace package's source file for an export path (`@overture/trainer/preprocessing/browser`). */
function workspaceSource(spec: string): string {
  const [, name, ...rest] = spec.split('/');
  const directory = ['packages', 'apps'].map((d) => path.join(repoRoot, d, name)).find((d) => existsSync(path.join(d, 'package.json')));
  if (!directory) throw new Error(`no workspace package for ${spec}`);
  const exports = (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { exports: Record<string, { source: string }> }).exports;
  const entry = exports[rest.length === 0 ? '.' : `./${rest.join('/')}`];
  if (!entry) throw new Error(`${spec} is not exported`);
  return path.join(directory, entry.source);
}

/**
 * Follows the value imports of `entry` through our sources (relative and @overture/* imports) and
 * lists every import a browser bundle could not take: Node built-ins and packages outside
 * browserSafePackages, each with the file that imports it.
 */
export function nodeOnlyImports(entry: string): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (spec.startsWith('@overture/')) visit(workspaceSource(spec));
      else if (!browserSafePackages.has(spec.split('/')[0])) problems.push(`${path.relative(repoRoot, file)} imports ${spec}`);
    }
  };
  visit(entry);
  return problems;
}
