import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Bundles written by packages/trainer/src/test-support/write-fixture-bundles.ts (two seeds of one config). */
export const bundleV1 = path.join(fixtures, 'multi-task', 'model');
export const bundleV2 = path.join(fixtures, 'multi-task-v2', 'model');
/** A binary spam classifier over one text input (embed encoder) (write-text-fixture-bundle.ts): 'free' and 'prize' mean spam. */
export const textBundle = path.join(fixtures, 'text-spam', 'model');
/** A category_distribution output (rain/sun/snow) over x1, x2 (write-category-distribution-fixture-bundle.ts): large x1 means rain, large x2 sun, both low snow. */
export const distributionBundle = path.join(fixtures, 'weather-mix', 'model');
/** An anomaly output (Deep SVDD) over Ludwig's four sensors (write-anomaly-fixture-bundle.ts): normal rows near 0, anomalies 5 away. */
export const anomalyBundle = path.join(fixtures, 'sensor-anomaly', 'model');

/** A writable copy of a fixture bundle, with `edit` applied to its bundle.json. */
export function copyBundle(source: string, edit: (manifest: Record<string, unknown>) => void = () => {}): string {
  const directory = path.join(mkdtempSync(path.join(tmpdir(), 'overture-serving-')), 'model');
  cpSync(source, directory, { recursive: true });
  const file = path.join(directory, 'bundle.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
  return directory;
}

/** A valid row of the fixture model's input columns. */
export function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'], ...overrides };
}
