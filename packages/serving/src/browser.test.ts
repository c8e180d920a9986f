import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeOnlyImports } from './test/browser-imports.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('@overture/serving/browser', () => {
  it('reaches no Node built-in or server-only package through its imports (it bundles for the browser)', () => {
    expect(nodeOnlyImports(path.join(here, 'browser.ts'))).toEqual([]);
  });

  it('is what the walker would catch: the server entry reaches onnxruntime-node and node: modules', () => {
    const problems = nodeOnlyImports(path.join(here, 'index.ts'));
    expect(problems.some((p) => p.endsWith('imports onnxruntime-node'))).toBe(true);
    expect(problems.some((p) => / imports node:/.test(p))).toBe(true);
  });
});
