import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

const config = (epochs: number, extra = '') => `input_features:
  - {name: a, type: number}
  - {name: b, type: number}
  - {name: city, type: category}
output_features:
  - {name: label, type: binary}
${extra}trainer: {epochs: ${epochs}, batch_size: 32, early_stop: -1}
`;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `overture train` in a child process and SIGKILLs it once its checkpoint has reached `step`; resolves with that step. */
function trainUntilKilled(args: string[], folder: string, step: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/test/cli-child.ts', 'train', ...args], { cwd: cliRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedAt = -1;
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    const poll = setInterval(() => {
      try {
        const reached = readJson(path.join(folder, 'training_checkpoints', 'latest', 'checkpoint.json')).state.step as number;
        if (reached >= step && killedAt < 0) {
          killedAt = reached;
          child.kill('SIGKILL');
        }
      } catch { /* not written yet, or being swapped in */ }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL' && killedAt >= 0) resolve(killedAt);
      else reject(new Error(`the child exited with ${code ?? signal} before it was killed: ${stderr.slice(-2000)}`));
    });
  });
}

describe('overture train --model_resume_path (continuing a saved training)', () => {
  const dir = tempDir();
  const dataset = writeFile(dir, 'data.csv', toyCsv(200, 1));

  it('continues a finished 2-epoch run to 4 epochs in its folder: epochs numbered on, best metric kept or bettered, statistics of all epochs', async () => {
    const out = path.join(dir, 'run');
    const r1 = await runCli(['train', '--config', writeFile(dir, 'two.yaml', config(2)), '--dataset', dataset, '--output-directory', out, '--seed', '5']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(existsSync(path.join(out, 'training_checkpoints', 'latest', 'checkpoint.json'))).toBe(true);
    const before = readJson(path.join(out, 'training_progress.json'));
    expect(before).toMatchObject({ epoch: 2, steps: 10, stop_reason: 'completed' });
    const statsBefore = readJson(path.join(out, 'training_statistics.json'));

    // Ludwig's spelling; the seed and dataset come from the saved run, the config only raises epochs.
    const r2 = await runCli(['train', '--model_resume_path', out, '--config', writeFile(dir, 'four.yaml', config(4))]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/model_resume_path: continuing the training saved in '.*run' at epoch 3, step 10, to step 20/);
    const after = readJson(path.join(out, 'training_progress.json'));
    expect(after).toMatchObject({ epoch: 4, steps: 20, stop_reason: 'completed' });
    expect(after.best_eval_metric_value).toBeLessThanOrEqual(before.best_eval_metric_value);
    const stats = readJson(path.join(out, 'training_statistics.json'));
    for (const split of ['training', 'validation'] as const) {
      expect(stats[split].combined.loss).toHaveLength(4);
      // The first two epochs are the saved run's, unchanged.
      expect(stats[split].combined.loss.slice(0, 2)).toEqual(statsBefore[split].combined.loss);
    }
    const description = readJson(path.join(out, 'description.json'));
    expect(description).toMatchObject({ model_resume_path: path.resolve(out), resumed_from_step: 10, random_seed: 5, dataset: path.resolve(dataset) });
    expect(description.config.trainer.epochs).toBe(4);
  }, 180_000);

  it('continues a 2-epoch run to 3 epochs into another folder, ending with the weights and statistics of a 3-epoch run of the same seed', async () => {
    const whole = path.join(dir, 'whole');
    expect((await runCli(['train', '--config', writeFile(dir, 'three.yaml', config(3)), '--dataset', dataset, '--output-directory', whole])).code).toBe(0);
    // (An interrupted run's checkpoint resumes the same way: trainer/src/training/continue.test.ts cancels one mid-epoch.)
    const killed = path.join(dir, 'killed');
    expect((await runCli(['train', '--config', path.join(dir, 'two.yaml'), '--dataset', dataset, '--output-directory', killed])).code).toBe(0);
    const resumedInto = path.join(dir, 'resumed');
    const r = await runCli(['experiment', '--model-resume-path', killed, '--config', path.join(dir, 'three.yaml'), '--output-directory', resumedInto]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(resumedInto, 'test_statistics.json'))).toBe(true);
    const weights = (folder: string) => readFileSync(path.join(folder, 'model', 'weights', 'weights.bin'));
    expect(weights(resumedInto).equals(weights(whole))).toBe(true);
    expect(readJson(path.join(resumedInto, 'training_statistics.json'))).toEqual(readJson(path.join(whole, 'training_statistics.json')));
  }, 180_000);

  it('resumes a run killed mid-training (no description.json yet: --dataset given) to the weights of an uninterrupted one', async () => {
    const long = writeFile(dir, 'long.yaml', config(120));
    const killed = path.join(dir, 'sigkilled');
    const killedAt = await trainUntilKilled(['--config', long, '--dataset', dataset, '--output-directory', killed], killed, 25);
    expect(existsSync(path.join(killed, 'model'))).toBe(false);
    const resumed = await runCli(['train', '--model-resume-path', killed, '--dataset', dataset]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readJson(path.join(killed, 'description.json')).resumed_from_step).toBe(killedAt);
    const whole = path.join(dir, 'uninterrupted');
    expect((await runCli(['train', '--config', long, '--dataset', dataset, '--output-directory', whole])).code).toBe(0);
    const weights = (folder: string) => readFileSync(path.join(folder, 'model', 'weights', 'weights.bin'));
    expect(weights(killed).equals(weights(whole))).toBe(true);
    expect(readJson(path.join(killed, 'training_statistics.json'))).toEqual(readJson(path.join(whole, 'training_statistics.json')));
  }, 240_000);

  it('refuses a folder without a saved training (--skip-save-progress keeps none), a changed model, and epochs not above those trained', async () => {
    const noState = await runCli(['train', '--model-resume-path', dir]);
    expect(noState.code).not.toBe(0);
    expect(noState.stderr).toMatch(/holds no training state to resume/);
    const skipped = path.join(dir, 'skipped');
    expect((await runCli(['train', '--config', path.join(dir, 'two.yaml'), '--dataset', dataset, '--output-directory', skipped, '--skip_save_progress'])).code).toBe(0);
    expect(existsSync(path.join(skipped, 'training_checkpoints'))).toBe(false);
    expect(existsSync(path.join(skipped, 'training_progress.json'))).toBe(false);
    expect((await runCli(['train', '--model-resume-path', skipped])).stderr).toMatch(/'.*skipped' holds no training state to resume/);

    const source = path.join(dir, 'source');
    cpSync(path.join(dir, 'killed'), source, { recursive: true });
    const changed = await runCli(['train', '--model-resume-path', source, '--config', writeFile(dir, 'changed.yaml', config(4, 'combiner: {type: concat, output_size: 64}\n'))]);
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toMatch(/combiner\.output_size: saved 256, given 64/);

    const same = await runCli(['train', '--model-resume-path', source]);
    expect(same.code).not.toBe(0);
    expect(same.stderr).toMatch(/trainer\.epochs 2 is not above what was already trained: the training had finished after 2 epochs \(10 steps\); raise trainer\.epochs/);

    const missing = await runCli(['train', '--dataset', dataset]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--config <file>' not specified \(or --model-resume-path/);
  }, 120_000);
});
