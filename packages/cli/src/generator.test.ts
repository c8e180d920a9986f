import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** Templated replies: the intent picks the words, the name fills its slot ("thanks a lot dana"). */
const templates: Record<string, (name: string) => string> = {
  greet: (n) => `hello ${n} how are you`,
  thank: (n) => `thanks a lot ${n}`,
  bye: (n) => `goodbye ${n}`,
};
const names = ['ana', 'ben', 'cleo', 'dana', 'eli', 'finn'];

function replyCsv(rows: number): string {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const intents = Object.keys(templates);
  const lines = ['intent,name,reply'];
  for (let i = 0; i < rows; i++) {
    const intent = intents[Math.floor(next() * intents.length)];
    const name = names[Math.floor(next() * names.length)];
    lines.push(`${intent},${name},${templates[intent](name)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a text output with the generator decoder, end to end through the CLI and serving', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let out: string;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'replies.csv', replyCsv(600));
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: intent, type: category, encoder: {type: dense, embedding_size: 16}}, {name: name, type: category, encoder: {type: dense, embedding_size: 16}}]',
      'output_features: [{name: reply, type: text, preprocessing: {tokenizer: space}, decoder: {type: generator}}]',
      'trainer: {epochs: 6, batch_size: 32, learning_rate: 0.02, early_stop: -1}',
    ].join('\n'));
    out = path.join(dir, 'out');
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', out]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(out, 'model');
    engine = new ServingEngine();
    await engine.load('replies', model);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it("records Ludwig's sequence metrics of greedy decoding, validated on the loss", () => {
    const stats = JSON.parse(readFileSync(path.join(out, 'training_statistics.json'), 'utf8'));
    const validation = stats.validation.reply;
    expect(Object.keys(validation).sort()).toEqual(['char_error_rate', 'edit_distance', 'loss', 'perplexity', 'sequence_accuracy', 'token_accuracy']);
    expect(validation.sequence_accuracy.at(-1)).toBeGreaterThan(0.9);
  });

  it("predicts Ludwig's columns the same on ONNX and tfjs, and evaluates held-out rows", async () => {
    const rows = writeFile(dir, 'rows.csv', 'intent,name\nthank,dana\ngreet,finn\nbye,zed\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(Object.keys(a[0]).sort()).toEqual(['reply_predictions', 'reply_probabilities', 'reply_probability']);
    const steps = (a[0].reply_predictions as string[]).length;
    expect((a[0].reply_predictions as string[]).slice(0, 6)).toEqual(['<SOS>', 'thanks', 'a', 'lot', 'dana', '<EOS>']);
    expect((a[1].reply_predictions as string[]).slice(0, 7)).toEqual(['<SOS>', 'hello', 'finn', 'how', 'are', 'you', '<EOS>']);
    // A name never seen in training is the unknown category: the template is still written.
    expect((a[2].reply_predictions as string[])[1]).toBe('goodbye');
    a.forEach((row, i) => {
      expect(row.reply_predictions).toEqual(b[i].reply_predictions);
      const [p, q] = [row.reply_probabilities as number[], b[i].reply_probabilities as number[]];
      expect(p).toHaveLength(steps);
      p.forEach((v, t) => expect(Math.abs(v - q[t])).toBeLessThan(1e-4));
      expect(row.reply_probability as number).toBeLessThanOrEqual(0);
    });
    const evaluated = await runCli(['evaluate', '--model', model, '--dataset', writeFile(dir, 'held-out.csv', replyCsv(60)), '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const stats = JSON.parse(evaluated.stdout).reply;
    expect(stats.sequence_accuracy).toBeGreaterThan(0.9);
    expect(stats.token_accuracy).toBeGreaterThan(0.95);
  }, 120_000);

  it('serves the generated text, every step\'s token and probability, and the log probability', async () => {
    const result = predictionResponse(await engine.predict('replies', [{ intent: 'bye', name: 'ben' }]));
    const reply = (result.predictions[0] as { reply: { prediction: string; tokens: string[]; token_probabilities: number[]; log_probability: number } }).reply;
    expect(reply.prediction).toBe('goodbye ben');
    expect(reply.tokens.slice(0, 4)).toEqual(['<SOS>', 'goodbye', 'ben', '<EOS>']);
    expect(reply.token_probabilities.slice(0, 4).every((p) => p > 0.5 && p <= 1)).toBe(true);
    expect(reply.log_probability).toBeCloseTo(reply.token_probabilities.reduce((s, p) => s + Math.log(p), 0), 3);
  });
});
