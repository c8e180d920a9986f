import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyConfigYaml, toyCsv, writeFile } from './test/fixtures.js';

const config = toyConfigYaml('{epochs: 3, batch_size: 32}');

describe('overture train --model_load_path (fine-tuning a trained model)', () => {
  const dir = tempDir();

  it("starts from the model's weights, given as its output folder or its bundle, and records where it started", async () => {
    const configFile = writeFile(dir, 'config.yaml', config);
    const first = path.join(dir, 'first');
    const r1 = await runCli(['train', '--config', configFile, '--dataset', writeFile(dir, 'one.csv', toyCsv(200, 1)), '--output-directory', first]);
    expect(r1.code, r1.stderr).toBe(0);
    for (const [flag, from] of [['--model_load_path', first], ['--model-load-path', path.join(first, 'model')]] as const) {
      const out = path.join(dir, `tuned-${flag}`);
      const r = await runCli(['train', '--config', configFile, '--dataset', writeFile(dir, 'two.csv', toyCsv(150, 2)), '--output-directory', out, flag, from]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/model_load_path: (\d+) of \1 parameters start from '.*first[/\\]model'/);
      expect(JSON.parse(readFileSync(path.join(out, 'description.json'), 'utf8')).model_load_path).toBe(path.resolve(from));
    }
  }, 120_000);

  it('says so when the folder holds no bundle', async () => {
    const r = await runCli(['train', '--config', writeFile(dir, 'c.yaml', config), '--dataset', writeFile(dir, 'd.csv', toyCsv(60, 3)), '--output-directory', path.join(dir, 'x'), '--model_load_path', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/model_load_path '.*' is not a model bundle Overture can load/);
  }, 60_000);
});
