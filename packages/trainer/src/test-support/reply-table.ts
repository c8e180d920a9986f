import { resolveConfig } from '@overture/config';
import type { RawTable } from '../data/table.js';
import { SeededRandom } from '../util/random.js';

/**
 * A templated reply: an `intent` (category) picks a template of 3–6 words and a `name` (category)
 * fills its slot, e.g. "thanks a lot dana". `shuffled` pairs each row with another row's reply
 * (a control nothing can learn). Replies are text with the space tokenizer's words.
 */
const templates: Record<string, (name: string) => string> = {
  greet: (n) => `hello ${n} how are you`,
  thank: (n) => `thanks a lot ${n}`,
  bye: (n) => `goodbye ${n}`,
  ask: (n) => `what do you need ${n}`,
};
const names = ['ana', 'ben', 'cleo', 'dana', 'eli', 'finn', 'gus', 'hana', 'ivo', 'jade'];

export function replyTable(rows: number, seed: number, options: { shuffled?: boolean } = {}): RawTable {
  const rng = new SeededRandom(seed);
  const intents = Object.keys(templates);
  const intent: string[] = [];
  const name: string[] = [];
  const reply: string[] = [];
  for (let i = 0; i < rows; i++) {
    const t = intents[rng.nextInt(intents.length)];
    const n = names[rng.nextInt(names.length)];
    intent.push(t);
    name.push(n);
    reply.push(templates[t](n));
  }
  if (options.shuffled) {
    const order = rng.permutation(rows);
    const copy = [...reply];
    for (let i = 0; i < rows; i++) reply[i] = copy[order[i]];
  }
  return { columns: ['intent', 'name', 'reply'], rowCount: rows, data: { intent, name, reply } };
}

/** A text output with Ludwig's default generator decoder over two category inputs. */
export const generatorConfig = (epochs: number, decoder: Record<string, unknown> = {}) => resolveConfig({
  input_features: [
    { name: 'intent', type: 'category', encoder: { type: 'dense', embedding_size: 16 } },
    { name: 'name', type: 'category', encoder: { type: 'dense', embedding_size: 16 } },
  ],
  output_features: [{ name: 'reply', type: 'text', preprocessing: { tokenizer: 'space' }, decoder: { type: 'generator', ...decoder } }],
  trainer: { epochs, batch_size: 32, learning_rate: 0.02, early_stop: -1 },
}).config;
