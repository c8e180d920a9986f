/**
 * Generated text-output tasks (no committed data), each with a fixed 70/10/20 split column:
 *
 *  - `replies`: support tickets whose drafted reply is filled from templates by the channel and the
 *    customer's name (greeting), the intent named by the ticket's words (what was done), the
 *    priority the intent implies (when the customer hears back) and the ticket's first word (the
 *    closing): 720 possible replies, so auto-config reads them as text, not as a category. The model
 *    is `init-config --target reply` as written: a text output with Ludwig's default generator
 *    decoder. Metric: test sequence accuracy (the whole reply right).
 *  - `tags`: named entities in BIO tags (B-PER I-PER for a first and last name, B-LOC I-LOC for
 *    one- and two-word places, O otherwise). The word `jordan` is a last name after a first name
 *    and a place after `in`/`to`, so a tag depends on the word before it. The config is written
 *    (auto-config cannot know an output aligned with an input): a bidirectional LSTM over the
 *    words with reduce_output null, the tagger decoder. Metric: test token accuracy.
 *
 *   npx tsx bench/quality/text-tasks.ts <folder> [replies|tags] [rows]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from '../lib/random.js';
import { initConfig, readMetric, runExperiment } from './experiment.js';

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)];
const splitOf = (random: () => number) => {
  const draw = random();
  return draw < 0.7 ? 0 : draw < 0.8 ? 1 : 2;
};

const intents = {
  refund: { words: ['refund', 'charged', 'twice', 'money', 'invoice'], priority: 'high', done: 'we have started your refund' },
  login: { words: ['password', 'login', 'locked', 'account', 'reset'], priority: 'medium', done: 'we have reset your login' },
  shipping: { words: ['parcel', 'late', 'delivery', 'tracking', 'courier'], priority: 'low', done: 'we have chased your parcel' },
  cancel: { words: ['cancel', 'stop', 'subscription', 'close', 'leave'], priority: 'medium', done: 'we have closed your subscription' },
} as const;
const greetings = { email: 'dear', chat: 'hi', phone: 'thank you for calling' } as const;
const customers = ['anna', 'omar', 'lena', 'ravi', 'maya', 'tom', 'ines', 'kofi', 'sara', 'ivan'];
const openers = ['hello', 'please', 'help', 'urgent', 'again', 'sorry'] as const;
const closings = ['kind regards', 'best wishes', 'many thanks', 'take care', 'all the best', 'speak soon'] as const;
const fillers = ['my', 'the', 'is', 'not', 'for', 'with', 'today', 'it', 'was', 'a'];

/** Writes `rows` tickets to `<folder>/replies.csv` (ticket_text, channel, customer, reply, split). */
export async function writeReplyTask(folder: string, rows = 2000, seed = 11): Promise<string> {
  const random = seededRandom(seed);
  await mkdir(folder, { recursive: true });
  const lines = ['ticket_text,channel,customer,reply,split'];
  const names = Object.keys(intents) as (keyof typeof intents)[];
  for (let i = 0; i < rows; i++) {
    const intent = intents[pick(names, random)];
    const channel = pick(Object.keys(greetings) as (keyof typeof greetings)[], random);
    const customer = pick(customers, random);
    const opener = Math.floor(random() * openers.length);
    const words = [openers[opener]];
    for (let k = 0, n = 4 + Math.floor(random() * 5); k < n; k++) words.push(random() < 0.4 ? pick(intent.words, random) : pick(fillers, random));
    if (!words.some((w) => (intent.words as readonly string[]).includes(w))) words.push(pick(intent.words, random));
    const when = intent.priority === 'high' ? 'today' : intent.priority === 'medium' ? 'tomorrow' : 'this week';
    const reply = `${greetings[channel]} ${customer} . ${intent.done} . you will hear from us ${when} . ${closings[opener]} .`;
    lines.push(`${words.join(' ')},${channel},${customer},${reply},${splitOf(random)}`);
  }
  const csv = join(folder, 'replies.csv');
  await writeFile(csv, `${lines.join('\n')}\n`);
  return csv;
}

const first = ['anna', 'omar', 'lena', 'ravi', 'maya', 'tom', 'ines', 'kofi'];
const last = ['smith', 'garcia', 'chen', 'okafor', 'novak', 'jordan'];
const places: string[][] = [['paris'], ['lima'], ['oslo'], ['jordan'], ['new', 'york'], ['san', 'jose'], ['cape', 'town']];
const verbs = ['met', 'called', 'saw', 'thanked', 'visited'];

/** One sentence and its BIO tags. */
function taggedSentence(random: () => number): { words: string[]; tags: string[] } {
  const words: string[] = [];
  const tags: string[] = [];
  const person = () => {
    words.push(pick(first, random), pick(last, random));
    tags.push('B-PER', 'I-PER');
  };
  const place = () => {
    const name = pick(places, random);
    name.forEach((w, k) => {
      words.push(w);
      tags.push(k === 0 ? 'B-LOC' : 'I-LOC');
    });
  };
  const word = (w: string) => {
    words.push(w);
    tags.push('O');
  };
  person();
  word(pick(verbs, random));
  if (random() < 0.5) person();
  else word('everyone');
  word(random() < 0.5 ? 'in' : 'on the way to');
  if (words[words.length - 1] === 'on the way to') {
    words.pop();
    tags.pop();
    for (const w of ['on', 'the', 'way', 'to']) word(w);
  }
  place();
  if (random() < 0.4) {
    word('and');
    place();
  }
  return { words, tags };
}

/** Writes `rows` sentences to `<folder>/tags.csv` (words, tags, split) and the tagger's config. */
export async function writeTaggingTask(folder: string, rows = 2000, seed = 13): Promise<{ csv: string; config: string }> {
  const random = seededRandom(seed);
  await mkdir(folder, { recursive: true });
  const lines = ['words,tags,split'];
  for (let i = 0; i < rows; i++) {
    const { words, tags } = taggedSentence(random);
    lines.push(`${words.join(' ')},${tags.join(' ')},${splitOf(random)}`);
  }
  const csv = join(folder, 'tags.csv');
  await writeFile(csv, `${lines.join('\n')}\n`);
  const config = join(folder, 'config.yaml');
  await writeFile(config, [
    'input_features:',
    '  - {name: words, type: sequence, encoder: {type: rnn, cell_type: lstm, bidirectional: true, reduce_output: null}}',
    'output_features:',
    '  - {name: tags, type: sequence, decoder: {type: tagger}}',
    'preprocessing: {split: {type: fixed, column: split}}',
    '',
  ].join('\n'));
  return { csv, config };
}

/** The targets for the generated text tasks (no published baseline exists for generated data). */
export const TEXT_TASK_TARGETS = { replies: 0.9, tags: 0.95 } as const;

export interface GeneratedTextResult {
  task: keyof typeof TEXT_TASK_TARGETS;
  rows: number;
  metric: 'sequence_accuracy' | 'token_accuracy';
  config: 'init-config' | 'written';
  scores: number[];
  seeds: number[];
  mean: number;
  target: number;
  verdict: 'pass' | 'FAIL';
  seconds: number;
}

async function scored(task: GeneratedTextResult['task'], config: string, csv: string, dir: string, seeds: number[], output: string, metric: GeneratedTextResult['metric'], rows: number, how: GeneratedTextResult['config']): Promise<GeneratedTextResult> {
  const scores: number[] = [];
  const times: number[] = [];
  for (const seed of seeds) {
    const { stats, seconds } = await runExperiment(config, csv, join(dir, `out-${seed}`), seed);
    scores.push(readMetric(stats, output, metric));
    times.push(seconds);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const target = TEXT_TASK_TARGETS[task];
  return { task, rows, metric, config: how, scores, seeds, mean, target, verdict: mean >= target ? 'pass' : 'FAIL', seconds: times.reduce((a, b) => a + b, 0) / times.length };
}

/** `init-config --target reply` (no hand tuning), then `experiment` once per seed: test sequence accuracy. */
export async function runReplyTask(workDir: string, seeds: number[], rows = 2000): Promise<GeneratedTextResult> {
  const dir = join(workDir, 'replies');
  const csv = await writeReplyTask(dir, rows);
  const config = join(dir, 'config.yaml');
  await initConfig(csv, ['reply'], config);
  return scored('replies', config, csv, dir, seeds, 'reply', 'sequence_accuracy', rows, 'init-config');
}

/** The written tagger config, `experiment` once per seed: test token accuracy. */
export async function runTaggingTask(workDir: string, seeds: number[], rows = 2000): Promise<GeneratedTextResult> {
  const dir = join(workDir, 'tags');
  const { csv, config } = await writeTaggingTask(dir, rows);
  return scored('tags', config, csv, dir, seeds, 'tags', 'token_accuracy', rows, 'written');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [folder, task, rows] = process.argv.slice(2);
  if (!folder || (task !== 'replies' && task !== 'tags')) throw new Error('usage: text-tasks.ts <folder> replies|tags [rows]');
  const n = rows ? Number(rows) : undefined;
  console.log(task === 'replies' ? await writeReplyTask(folder, n) : (await writeTaggingTask(folder, n)).csv);
}
