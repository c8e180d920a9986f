import type { RawTable } from '../data/table.js';
import { SeededRandom } from '../util/random.js';

/**
 * A tiny named-entity task: sentences of 3–7 words from three word lists, each word tagged with
 * its list (PER, LOC, or O for the others), one tag per word in the `tags` column. `random`
 * tags each word at random instead (a control nothing can learn). A number column `x` rides along
 * (noise), so the sequence_concat combiner has a vector to repeat over the steps.
 */
const lexicon: Record<'PER' | 'LOC' | 'O', string[]> = {
  PER: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
  LOC: ['paris', 'rome', 'oslo', 'lima', 'cairo', 'quito'],
  O: ['the', 'met', 'in', 'went', 'to', 'saw', 'a', 'city', 'near', 'and'],
};
const tagNames = Object.keys(lexicon) as (keyof typeof lexicon)[];

export function taggingTable(rows: number, seed: number, options: { random?: boolean; words?: string; tags?: string } = {}): RawTable {
  const rng = new SeededRandom(seed);
  const wordsColumn = options.words ?? 'words';
  const tagsColumn = options.tags ?? 'tags';
  const words: string[] = [];
  const tags: string[] = [];
  const x: string[] = [];
  for (let i = 0; i < rows; i++) {
    const length = 3 + Math.floor(rng.next() * 5);
    const sentence: string[] = [];
    const labels: string[] = [];
    for (let t = 0; t < length; t++) {
      const tag = tagNames[Math.floor(rng.next() * 3)];
      const list = lexicon[tag];
      sentence.push(list[Math.floor(rng.next() * list.length)]);
      labels.push(options.random ? tagNames[Math.floor(rng.next() * 3)] : tag);
    }
    words.push(sentence.join(' '));
    tags.push(labels.join(' '));
    x.push(rng.nextGaussian().toFixed(3));
  }
  return { columns: [wordsColumn, 'x', tagsColumn], rowCount: rows, data: { [wordsColumn]: words, x, [tagsColumn]: tags } };
}
