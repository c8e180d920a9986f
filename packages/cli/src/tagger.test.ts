import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** A tiny NER dataset: each word of `words` tagged PER, LOC or O by the list it comes from. */
function nerCsv(rows: number): string {
  const lists: Record<string, string[]> = {
    PER: ['alice', 'bob', 'carol', 'dave'], LOC: ['paris', 'rome', 'oslo', 'lima'], O: ['the', 'met', 'in', 'went', 'to', 'saw'],
  };
  const tags = Object.keys(lists);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['words,tags'];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: 2 + Math.floor(next() * 5) }, () => {
      const tag = tags[Math.floor(next() * tags.length)];
      return [lists[tag][Math.floor(next() * lists[tag].length)], tag];
    });
    lines.push(`${row.map(([w]) => w).join(' ')},${row.map(([, t]) => t).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a sequence output with the tagger decoder, end to end through the CLI and serving', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let out: string;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'ner.csv', nerCsv(400));
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: words, type: sequence, encoder: {type: embed, embedding_size: 16, reduce_output: null}}]',
      'output_features: [{name: tags, type: sequence, decoder: {type: tagger}}]',
      'combiner: {type: sequence_concat}',
      'trainer: {epochs: 10, batch_size: 32, learning_rate: 0.02, early_stop: -1, validation_metric: token_accuracy}',
    ].join('\n'));
    out = path.join(dir, 'out');
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', out]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(out, 'model');
    engine = new ServingEngine();
    await engine.load('ner', model);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it("records Ludwig's sequence metrics, validated on token_accuracy", () => {
    const stats = JSON.parse(readFileSync(path.join(out, 'training_statistics.json'), 'utf8'));
    const validation = stats.validation.tags;
    expect(Object.keys(validation).sort()).toEqual(['char_error_rate', 'edit_distance', 'loss', 'perplexity', 'sequence_accuracy', 'token_accuracy']);
    expect(validation.token_accuracy.at(-1)).toBeGreaterThan(0.9);
  });

  it("predicts Ludwig's columns (token lists, per-token probabilities, the log probability) the same on ONNX and tfjs", async () => {
    const rows = writeFile(dir, 'rows.csv', 'words\nalice went to paris\nthe bob saw oslo in rome\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(Object.keys(a[0]).sort()).toEqual(['tags_predictions', 'tags_probabilities', 'tags_probability']);
    expect(a[0].tags_predictions).toEqual(['<SOS>', 'PER', 'O', 'O', 'LOC', '<EOS>', '<PAD>', '<PAD>']);
    expect(a[1].tags_predictions).toEqual(['<SOS>', 'O', 'PER', 'O', 'LOC', 'O', 'LOC', '<EOS>']);
    a.forEach((row, i) => {
      expect(row.tags_predictions).toEqual(b[i].tags_predictions);
      const [p, q] = [row.tags_probabilities as number[], b[i].tags_probabilities as number[]];
      expect(p).toHaveLength(8);
      p.forEach((v, t) => expect(Math.abs(v - q[t])).toBeLessThan(1e-4));
      expect(Math.abs((row.tags_probability as number) - (b[i].tags_probability as number))).toBeLessThan(1e-3);
      expect(row.tags_probability as number).toBeLessThan(0);
    });
  });

  it('runs as an experiment: test statistics with the sequence metrics, and predictions of the test rows as CSV with token lists', async () => {
    const experiment = path.join(dir, 'experiment');
    const config = path.join(dir, 'config.yaml');
    const r = await runCli(['experiment', '--config', config, '--dataset', path.join(dir, 'ner.csv'), '--output_directory', experiment, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stats = JSON.parse(readFileSync(path.join(experiment, 'test_statistics.json'), 'utf8')).tags;
    expect(stats.token_accuracy).toBeGreaterThan(0.9);
    expect(stats.loss).toBeGreaterThan(0);
    const rows = writeFile(dir, 'new.csv', 'words\nrome saw alice\n');
    const preds = path.join(dir, 'preds.csv');
    const p = await runCli(['predict', '--model_path', path.join(experiment, 'model'), '--dataset', rows, '--output', preds]);
    expect(p.code, p.stderr).toBe(0);
    const [header, line] = readFileSync(preds, 'utf8').trim().split('\n');
    expect(header).toBe('tags_predictions,tags_probabilities,tags_probability');
    // A list cell is JSON inside a quoted CSV field, as the set outputs' cells.
    expect(line.startsWith('"[""<SOS>"",""LOC"",""O"",""PER"",""<EOS>"",""<PAD>"",""<PAD>"",""<PAD>""]","[')).toBe(true);
  }, 180_000);

  it('fine-tunes from the trained model on more rows (model_load_path): every parameter starts from it, and it still tags unseen sentences', async () => {
    const tuned = path.join(dir, 'tuned');
    const r = await runCli(['train', '--config', path.join(dir, 'config.yaml'), '--dataset', writeFile(dir, 'more.csv', nerCsv(120)), '--output-directory', tuned, '--model_load_path', model]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/model_load_path: (\d+) of \1 parameters start from/);
    const rows = writeFile(dir, 'tuned-rows.csv', 'words\nalice went to paris\n');
    const p = await runCli(['predict', '--model', path.join(tuned, 'model'), '--dataset', rows, '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)[0].tags_predictions.slice(0, 6)).toEqual(['<SOS>', 'PER', 'O', 'O', 'LOC', '<EOS>']);
  }, 180_000);

  it('serves the tagged text, every step\'s tag and probability, and the log probability', async () => {
    const result = predictionResponse(await engine.predict('ner', [{ words: 'carol met dave in lima' }, { words: ['bob', 'saw', 'rome'] }]));
    const predictions = result.predictions as { tags: { prediction: string; tokens: string[]; token_probabilities: number[]; log_probability: number } }[];
    expect(predictions.map((p) => p.tags.prediction)).toEqual(['PER O PER O LOC', 'PER O LOC']);
    expect(predictions[1].tags.tokens.slice(0, 5)).toEqual(['<SOS>', 'PER', 'O', 'LOC', '<EOS>']);
    expect(predictions[0].tags.token_probabilities.every((p) => p > 0.5 && p <= 1)).toBe(true);
    expect(predictions[0].tags.log_probability).toBeCloseTo(predictions[0].tags.token_probabilities.reduce((s, p) => s + Math.log(p), 0), 3);
    // Explained by the drop in the mean probability of the predicted tags when the words are cut out.
    const explained = await engine.predict('ner', [{ words: 'bob saw rome' }], { explain: true });
    const explanation = explained.explanations?.[0]?.tags as { target: unknown; attributions: Record<string, number> };
    expect(explanation.target).toBe('PER O LOC');
    expect(explanation.attributions.words).toBeGreaterThan(0.1);
    const ludwig = predictionResponse(await engine.predict('ner', [{ words: 'bob saw rome' }]), 'ludwig');
    expect((ludwig.predictions[0] as Record<string, unknown>).tags_predictions).toEqual(predictions[1].tags.tokens);
  });
});
