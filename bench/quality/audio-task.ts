/**
 * A generated audio classification task (no committed data): one-second 8 kHz WAV recordings of
 * a tone, labelled by its pitch range and its envelope, with noise:
 *
 *   low_decay   200–400 Hz, amplitude decaying (e^(−t/τ))
 *   low_swell   200–400 Hz, amplitude rising (1 − e^(−t/τ))
 *   high_decay  800–1600 Hz, decaying
 *   high_swell  800–1600 Hz, rising
 *
 * Each recording draws its pitch, τ (0.15–0.4 s), peak amplitude (0.2–0.8), a second harmonic,
 * a slight vibrato, white noise (SNR about 10 dB) and a length of 0.6–1 s, so neither loudness nor
 * duration gives the class away. The CSV has `recording,label,split` (a fixed 70/10/20 split).
 *
 *   npx tsx bench/quality/audio-task.ts <folder> [rows]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWav } from '@overture/trainer/preprocessing';
import { normal, seededRandom } from '../lib/random.js';
import { initConfig, readMetric, runExperiment } from './experiment.js';

export const AUDIO_TASK_RATE = 8000;
export const audioTaskLabels = ['low_decay', 'low_swell', 'high_decay', 'high_swell'] as const;

/** One recording of class `label`. */
export function toneRecording(label: (typeof audioTaskLabels)[number], random: () => number): Float32Array {
  const rate = AUDIO_TASK_RATE;
  const seconds = 0.6 + 0.4 * random();
  const n = Math.round(rate * seconds);
  const [low, high] = label.startsWith('low') ? [200, 400] : [800, 1600];
  const pitch = low + (high - low) * random();
  const tau = 0.15 + 0.25 * random();
  const peak = 0.2 + 0.6 * random();
  const harmonic = 0.3 * random();
  const vibrato = 2 + 4 * random();
  const phase = 2 * Math.PI * random();
  const decays = label.endsWith('decay');
  const samples = new Float32Array(n);
  let angle = phase;
  for (let t = 0; t < n; t++) {
    const time = t / rate;
    const envelope = decays ? Math.exp(-time / tau) : 1 - Math.exp(-time / tau);
    angle += (2 * Math.PI * pitch * (1 + 0.01 * Math.sin(2 * Math.PI * vibrato * time))) / rate;
    const tone = Math.sin(angle) + harmonic * Math.sin(2 * angle);
    samples[t] = peak * envelope * tone / (1 + harmonic) + 0.3 * peak * 0.3 * normal(random);
  }
  return samples;
}

/** Writes `rows` recordings under `<folder>/wav/` and `<folder>/tones.csv`; returns the CSV's path. */
export async function writeAudioTask(folder: string, rows = 800, seed = 7): Promise<string> {
  const random = seededRandom(seed);
  await mkdir(join(folder, 'wav'), { recursive: true });
  const lines = ['recording,label,split'];
  for (let i = 0; i < rows; i++) {
    const label = audioTaskLabels[i % audioTaskLabels.length];
    const name = `wav/${String(i).padStart(5, '0')}.wav`;
    await writeFile(join(folder, name), encodeWav([toneRecording(label, random)], AUDIO_TASK_RATE));
    const draw = random();
    lines.push(`${name},${label},${draw < 0.7 ? 0 : draw < 0.8 ? 1 : 2}`);
  }
  const csv = join(folder, 'tones.csv');
  await writeFile(csv, `${lines.join('\n')}\n`);
  return csv;
}

/** The target for the generated audio task (no published baseline exists for generated data). */
export const AUDIO_TASK_TARGET = 0.95;

export interface GeneratedAudioResult {
  task: 'tones';
  rows: number;
  scores: number[];
  seeds: number[];
  mean: number;
  target: number;
  verdict: 'pass' | 'FAIL';
  seconds: number;
}

/** Generates the task, `init-config --target label` (no hand tuning), then `experiment` once per seed: test accuracy. */
export async function runAudioTask(workDir: string, seeds: number[], rows = 800): Promise<GeneratedAudioResult> {
  const dir = join(workDir, 'tones');
  const csv = await writeAudioTask(dir, rows);
  const config = join(dir, 'config.yaml');
  await initConfig(csv, ['label'], config);
  const scores: number[] = [];
  const times: number[] = [];
  for (const seed of seeds) {
    const { stats, seconds } = await runExperiment(config, csv, join(dir, `out-${seed}`), seed);
    scores.push(readMetric(stats, 'label', 'accuracy'));
    times.push(seconds);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return {
    task: 'tones', rows, scores, seeds, mean, target: AUDIO_TASK_TARGET, verdict: mean >= AUDIO_TASK_TARGET ? 'pass' : 'FAIL',
    seconds: times.reduce((a, b) => a + b, 0) / times.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [folder, rows] = process.argv.slice(2);
  if (!folder) throw new Error('usage: audio-task.ts <folder> [rows]');
  console.log(await writeAudioTask(folder, rows ? Number(rows) : undefined));
}
