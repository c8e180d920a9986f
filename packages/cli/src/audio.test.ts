import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { encodeWav } from '@overture/trainer/preprocessing';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

const RATE = 8000;

/** Half a second of a low (250–450 Hz) or high (1200–2000 Hz) tone with noise. */
function toneWav(high: boolean, next: () => number): Buffer {
  const pitch = high ? 1200 + 800 * next() : 250 + 200 * next();
  const samples = Float32Array.from({ length: RATE / 2 }, (_, t) => 0.4 * Math.sin((2 * Math.PI * pitch * t) / RATE) + 0.1 * (next() - 0.5));
  return encodeWav([samples], RATE);
}

describe('an audio input with the parallel_cnn encoder, end to end through the CLI and serving', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'calls'));
    const lines = ['recording,pitch'];
    for (let i = 0; i < 120; i++) {
      const high = i % 2 === 0;
      writeFile(dir, `calls/${i}.wav`, toneWav(high, next));
      lines.push(`calls/${i}.wav,${high ? 'high' : 'low'}`);
    }
    const dataset = writeFile(dir, 'calls.csv', `${lines.join('\n')}\n`);
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: recording, type: audio, preprocessing: {audio_file_length_limit_in_s: 0.5, num_filter_bands: 20}, encoder: {type: parallel_cnn, num_filters: 8, fc_layers: [{output_size: 16}]}}]',
      'output_features: [{name: pitch, type: category}]',
      'trainer: {epochs: 15, batch_size: 16, learning_rate: 0.003, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('calls', model);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('learns the task: accuracy above 0.95 on the whole dataset', async () => {
    const run = await runCli(['evaluate', '--model', model, '--dataset', path.join(dir, 'calls.csv'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).pitch.accuracy).toBeGreaterThan(0.95);
  });

  it("stores Ludwig's audio metadata: the sampling rate, frames and bands", () => {
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    // ceil((4000 − 320) / 160 + 1) = 24 frames of 20 bands.
    expect(metadata.recording).toMatchObject({ type: 'audio', sampling_rate_in_hz: 8000, max_length: 24, feature_dim: 20, reshape: [24, 20] });
  });

  it('predicts WAV files named in a CSV on the ONNX path as tfjs does; a path outside the folder and a missing file are row errors', async () => {
    writeFile(dir, 'calls/new-0.wav', toneWav(true, next));
    writeFile(dir, 'calls/new-1.wav', toneWav(false, next));
    const rows = writeFile(dir, 'rows.csv', 'recording\ncalls/new-0.wav\ncalls/new-1.wav\n../elsewhere.wav\ncalls/gone.wav\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(a.slice(0, 2).map((r) => r.pitch_predictions)).toEqual(['high', 'low']);
    expect(Math.abs((a[0].pitch_probability as number) - (b[0].pitch_probability as number))).toBeLessThan(1e-4);
    expect(onnx.stderr).toContain("row 3: 'recording' names a path outside the dataset's folder ('../elsewhere.wav'); audio files are read only inside it.");
    expect(onnx.stderr).toContain("row 4: 'recording' names a file that does not exist ('calls/gone.wav').");
  });

  it('serves recordings sent as data URIs and base64; a path, a number, non-WAV bytes and a truncated WAV are row errors', async () => {
    const [h, l] = [toneWav(true, next), toneWav(false, next)];
    const result = predictionResponse(await engine.predict('calls', [
      { recording: `data:audio/wav;base64,${h.toString('base64')}` },
      { recording: l.toString('base64') },
      { recording: 'calls/0.wav' },
      { recording: 7 },
      { recording: `data:audio/wav;base64,${Buffer.from('not a recording at all').toString('base64')}` },
      { recording: `data:audio/wav;base64,${h.subarray(0, 400).toString('base64')}` },
    ]));
    const predictions = result.predictions as ({ pitch: { prediction: string } } | null)[];
    expect(predictions.map((p) => p?.pitch.prediction ?? null)).toEqual(['high', 'low', null, null, null, null]);
    expect(result.errors?.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(result.errors?.[0].message).toBe("'recording' is a file path, and paths are not read here: send the audio as base64 or a data URI (data:audio/wav;base64,…).");
    expect(result.errors?.[1].message).toMatch(/^'recording' must be a string \(a data URI such as data:audio\/wav;base64/);
    expect(result.errors?.[2].message).toBe("'recording' is not a WAV file (no RIFF/WAVE header); audio is read from WAV files.");
    expect(result.errors?.[3].message).toBe("'recording' is a truncated WAV file: its data chunk claims 8000 bytes and the file holds 356 after the header.");
  });

  it('refuses a Ludwig audio encoder Overture does not train by name', async () => {
    const config = writeFile(dir, 'whisper.yaml', [
      'input_features: [{name: recording, type: audio, encoder: {type: whisper}}]',
      'output_features: [{name: pitch, type: category}]',
    ].join('\n'));
    const run = await runCli(['train', '--config', config, '--dataset', path.join(dir, 'calls.csv'), '--output-directory', path.join(dir, 'whisper')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("'whisper' is a Ludwig audio encoder that Overture does not support yet (feature 'recording')");
  });
});
