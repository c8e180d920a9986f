/**
 * A tagger output's answer (`tokens`: every step's tag, start/stop/padding symbols included;
 * `token_probabilities`: each tag's probability) → the tagged steps a person reads: the tags
 * between the start symbol and the first stop or padding symbol, each next to the word it tags
 * when the sent text splits on whitespace into exactly as many words (else the word is null).
 */
export interface TaggedStep {
  word: string | null;
  tag: string;
  probability: number;
}

const START = '<SOS>';
const STOPS = new Set(['<EOS>', '<PAD>']);

/**
 * A generator output's answer → the tokens it wrote, between the start symbol and the first stop
 * or padding symbol, each with its probability (no word beside it: the text is its own, not a
 * tag per sent word).
 */
export function generatedSteps(tokens: readonly string[], probabilities: readonly number[]): TaggedStep[] {
  return taggedSteps(tokens, probabilities, null);
}

export function taggedSteps(tokens: readonly string[], probabilities: readonly number[], sentText: unknown): TaggedStep[] {
  const steps: TaggedStep[] = [];
  for (let t = tokens[0] === START ? 1 : 0; t < tokens.length && !STOPS.has(tokens[t]); t++) {
    steps.push({ word: null, tag: tokens[t], probability: probabilities[t] ?? Number.NaN });
  }
  const words = typeof sentText === 'string' ? sentText.trim().split(/\s+/).filter((w) => w.length > 0) : Array.isArray(sentText) ? sentText.map(String) : [];
  if (words.length === steps.length) steps.forEach((s, i) => (s.word = words[i]));
  return steps;
}
