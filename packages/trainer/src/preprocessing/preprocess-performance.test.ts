import { expect, it } from 'vitest';
import type { RawTable } from '../data/table.js';
import { preprocessForTraining } from './preprocess-training.js';
import { input, makeConfig, output } from './test/helpers.js';

// DESIGN §6 / the brief: a million rows of ten number/category columns in a couple of seconds.
// The bound is loose for slow CI machines; a per-row allocation or a quadratic step blows it.
it('preprocesses 1,000,000 rows of 10 number/category columns in seconds', () => {
  const n = 1_000_000;
  const categories = Array.from({ length: 50 }, (_, i) => `value_${i}`);
  const data: Record<string, (string | null)[]> = {};
  for (let c = 0; c < 5; c++) {
    data[`n${c}`] = Array.from({ length: n }, (_, i) => (i % 97 === c ? null : String(((i * 7919 + c) % 1000) / 10)));
    data[`c${c}`] = Array.from({ length: n }, (_, i) => (i % 101 === c ? null : categories[(i * (c + 3)) % 50]));
  }
  data.y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
  const table: RawTable = { columns: Object.keys(data), rowCount: n, data };
  const config = makeConfig(
    [0, 1, 2, 3, 4].flatMap((c) => [input(`n${c}`, 'number'), input(`c${c}`, 'category')]),
    [output('y', 'category')],
  );
  const start = performance.now();
  const { dataset, report } = preprocessForTraining(table, config, { seed: 42 });
  const elapsed = performance.now() - start;
  expect(dataset.rowCount).toBe(n);
  expect(report.split).toEqual({ train: 700_000, validation: 100_000, test: 200_000 });
  expect(elapsed).toBeLessThan(6000);
});
