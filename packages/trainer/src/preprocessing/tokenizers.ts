import { OvertureError, textTokenizers, type TextTokenizer } from '@overture/config';
import { englishTokenize } from './english-tokenizer.js';

/**
 * Splits a cell into tokens, as Ludwig's tokenizer registry (`ludwig/utils/tokenizers.py`) does.
 * One deliberate difference: empty tokens are dropped (Ludwig's comma tokenizer turns "a,,b" into
 * ["a", "", "b"] and an empty cell into [""]), since an empty token carries nothing.
 */
export type Tokenizer = (text: string) => string[];

// Python's str.isspace() (JS \s lacks \x1c–\x1f and \x85, and adds \ufeff, which Python does not).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_RE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
// Ludwig's space_punct: runs of str.isalnum() characters or "_", or any single other non-space
// character. isalnum is Unicode-wide (letters and numbers), so JS's ASCII \w would split "café".
const SPACE_PUNCT = new RegExp(`[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_${PY_SPACE}]`, 'gu');
// The same for ASCII-only text, where \w is exact and several times faster.
const SPACE_PUNCT_ASCII = /\w+|[^\w\t\n\v\f\r\x1c-\x1f ]/g;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** Python's str.strip() with no argument. */
export function pythonStrip(text: string): string {
  return text.replace(PY_SPACE_RE, '');
}

function spaceTokenize(text: string): string[] {
  // Ludwig splits on the space character only: a tab or newline stays inside a token.
  const out: string[] = [];
  for (const part of pythonStrip(text).split(' ')) if (part !== '') out.push(part);
  return out;
}

function spacePunctTokenize(text: string): string[] {
  return text.match(NON_ASCII.test(text) ? SPACE_PUNCT : SPACE_PUNCT_ASCII) ?? [];
}

/** Ludwig's comma/underscore tokenizers: strip, then split on the separator with the spaces around it. */
function splitAround(separator: RegExp): Tokenizer {
  return (text) => {
    const out: string[] = [];
    for (const part of pythonStrip(text).split(separator)) if (part !== '') out.push(part);
    return out;
  };
}

/** Words (whitespace-separated), then every n-gram of 2..n words joined by a space (Ludwig `NgramTokenizer`). */
export function ngramTokenize(text: string, n: number): string[] {
  const words = pythonStrip(text).split(new RegExp(`[${PY_SPACE}]+`)).filter((w) => w !== '');
  const out = words.slice();
  for (let size = 2; size <= n; size++) {
    for (let i = 0; i + size <= words.length; i++) out.push(words.slice(i, i + size).join(' '));
  }
  return out;
}

/** Options a tokenizer may take from the feature's preprocessing. */
export interface TokenizerOptions {
  ngram_size?: number;
}

const tokenizerFactories = {
  space: () => spaceTokenize,
  space_punct: () => spacePunctTokenize,
  // Python's list(text): every code point, spaces included.
  characters: () => (text) => Array.from(text),
  underscore: () => splitAround(/\s*_\s*/),
  comma: () => splitAround(/\s*,\s*/),
  untokenized: () => (text) => (text === '' ? [] : [text]),
  stripped: () => (text) => {
    const stripped = pythonStrip(text);
    return stripped === '' ? [] : [stripped];
  },
  ngram: (options) => (text) => ngramTokenize(text, options.ngram_size ?? 2),
  english_tokenize: () => englishTokenize,
} satisfies Record<TextTokenizer, (options: TokenizerOptions) => Tokenizer>;

/** The named tokenizer; an unknown name is an invalid-config error at the feature's tokenizer path. */
export function getTokenizer(name: string, featureName: string, options: TokenizerOptions = {}): Tokenizer {
  if (!Object.hasOwn(tokenizerFactories, name)) {
    throw new OvertureError(
      'invalid_config',
      `Unknown tokenizer '${name}' for feature '${featureName}'; use one of ${textTokenizers.join(', ')}.`,
      [{ path: `${featureName}.preprocessing.tokenizer`, message: `unknown tokenizer '${name}'` }],
    );
  }
  const factory: (options: TokenizerOptions) => Tokenizer = tokenizerFactories[name as TextTokenizer];
  return factory(options);
}
