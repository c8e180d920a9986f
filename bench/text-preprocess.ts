/**
 * Benchmark: text preprocessing of 1,000,000 short texts (generated, seeded): the vocabulary pass
 * (space_punct tokenizing, token and document counts) and the encoding pass (padded ids and
 * tf-idf rows, one batch at a time), against Python's regex tokenization with Counter
 * (bench/reference/text_tokenize.py) on the same texts, measured in the same run.
 *
 *   npm run bench -- text-preprocess [--texts N] [--runs 3]
 *
 * Writes bench/results/text-preprocess.json. Target: ≥ 200,000 texts/s for the vocabulary pass.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZTextPreprocessing } from '@overture/config';
import { TextSequenceEncoder, TextVocabularyBuilder, textTokenizer } from '../packages/trainer/src/preprocessing/text/index.js';
import { seededRandom } from './lib/random.js';
import { writeResults } from './lib/results.js';
import { mean, round, std } from './lib/stats.js';
import { formatTable } from './lib/table.js';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const WORDS = (
  'the a to and of in is you for it my your this that on with have be are not can order refund account ' +
  'password shipping delivery late broken help please thanks hi hello need want when where why how free ' +
  'win prize call now urgent reply stop text cash offer claim today tomorrow week Café naïve'
).split(' ');
const PUNCT = ['', '', '', ',', '.', '!', '?', "'s", ':)'];

/** Short texts (3–20 words, some punctuation, numbers, a few non-ASCII words), one a line. */
function generateTexts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const texts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(random() * 18);
    const words: string[] = [];
    for (let w = 0; w < n; w++) {
      const r = random();
      const word = r < 0.05 ? String(Math.floor(random() * 1000)) : WORDS[Math.floor(random() * random() * WORDS.length)];
      words.push(word + PUNCT[Math.floor(random() * PUNCT.length)]);
    }
    texts[i] = words.join(' ');
  }
  return texts;
}

interface OursRun {
  vocabulary_texts_per_s: number;
  encode_texts_per_s: number;
  vocab_size: number;
}

function runOurs(texts: string[]): OursRun {
  const p = ZTextPreprocessing.parse({ compute_idf: true });
  const started = performance.now();
  const builder = new TextVocabularyBuilder(p, 'text');
  for (let i = 0; i < texts.length; i++) builder.addText(texts[i]);
  const vocabulary = builder.finish();
  const counted = performance.now();
  const encoder = new TextSequenceEncoder(vocabulary, textTokenizer(p, 'text'), p.padding);
  const batch = 1024;
  const ids = new Int32Array(batch * encoder.length);
  for (let i = 0; i < texts.length; i++) encoder.encodeInto(texts[i], ids, (i % batch) * encoder.length);
  const encoded = performance.now();
  return {
    vocabulary_texts_per_s: Math.round(texts.length / ((counted - started) / 1000)),
    encode_texts_per_s: Math.round(texts.length / ((encoded - counted) / 1000)),
    vocab_size: vocabulary.vocab_size,
  };
}

function runReference(file: string): { texts_per_s: number; vocab: number; longest: number } | { unavailable: string } {
  const python = '/usr/bin/python3';
  const script = join(import.meta.dirname, 'reference', 'text_tokenize.py');
  if (!existsSync(python)) return { unavailable: `${python} is missing` };
  const run = spawnSync(python, [script, file], { encoding: 'utf8' });
  if (run.status !== 0) return { unavailable: `text_tokenize.py failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop() as string);
}

async function main(): Promise<void> {
  const count = argument('texts', 1_000_000);
  const runs = argument('runs', 3);
  const texts = generateTexts(count, 42);
  const dir = await mkdtemp(join(tmpdir(), 'overture-text-bench-'));
  const file = join(dir, 'texts.txt');
  try {
    await writeFile(file, `${texts.join('\n')}\n`);
    const ours: OursRun[] = [];
    const reference: number[] = [];
    let referenceVocab: number | null = null;
    let unavailable: string | null = null;
    for (let r = 0; r < runs; r++) {
      ours.push(runOurs(texts));
      const ref = runReference(file);
      if ('unavailable' in ref) unavailable = ref.unavailable;
      else {
        reference.push(ref.texts_per_s);
        referenceVocab = ref.vocab;
      }
    }
    const summary = (values: number[]) => ({ mean: Math.round(mean(values)), min: Math.min(...values), max: Math.max(...values), std: Math.round(std(values)) });
    const vocabPass = summary(ours.map((o) => o.vocabulary_texts_per_s));
    const encodePass = summary(ours.map((o) => o.encode_texts_per_s));
    const refPass = reference.length > 0 ? summary(reference) : null;
    const fmt = (s: ReturnType<typeof summary> | null) => (s === null ? ['n/a', 'n/a'] : [s.mean.toLocaleString('en-US'), `${s.min.toLocaleString('en-US')}–${s.max.toLocaleString('en-US')}`]);
    console.log(
      formatTable(
        ['stage', 'texts/s (mean of runs)', 'min–max'],
        [
          ['Overture vocabulary pass (space_punct, counts, idf)', ...fmt(vocabPass)],
          ['Overture encoding pass (padded ids, batches of 1024)', ...fmt(encodePass)],
          ['Python re.findall + Counter (reference)', ...fmt(refPass)],
        ],
        ['left', 'right', 'right'],
      ),
    );
    if (unavailable !== null) console.log(`reference unavailable: ${unavailable}`);
    // The same tokens on both sides: our vocabulary is Python's distinct tokens plus the 4 special symbols.
    const sameTokens = referenceVocab === null ? null : ours[0].vocab_size === referenceVocab + 4;
    if (sameTokens !== null) console.log(`distinct tokens: ours ${ours[0].vocab_size - 4}, Python ${referenceVocab} (${sameTokens ? 'same' : 'DIFFERENT'})`);
    if (refPass !== null) console.log(`vocabulary pass vs reference: ${round(vocabPass.mean / refPass.mean, 2)}×; target ≥ 200,000 texts/s: ${vocabPass.mean >= 200_000 ? 'met' : 'NOT met'}`);
    const out = await writeResults('text-preprocess', {
      texts: count,
      runs,
      vocab_size: ours[0].vocab_size,
      overture_vocabulary_pass: vocabPass,
      overture_encoding_pass: encodePass,
      reference_python_regex: refPass,
      reference_unavailable: unavailable,
      same_distinct_tokens_as_reference: sameTokens,
      target_texts_per_s: 200_000,
    });
    console.log(`wrote ${out}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
