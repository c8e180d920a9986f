import { OvertureError } from '@overture/config';

/** Splits a cell into set/bag elements (Ludwig's tokenizer registry, the non-NLP part). */
export type Tokenizer = (text: string) => string[];

const SPACE = /\s+/;
// Ludwig's SPACE_PUNCTUATION_REGEX: words, or single punctuation marks.
const SPACE_PUNCT = /\w+|[^\w\s]/gu;

function splitOn(separator: string | RegExp): Tokenizer {
  return (text) => {
    const out: string[] = [];
    for (const part of text.split(separator)) {
      const token = part.trim();
      if (token !== '') out.push(token);
    }
    return out;
  };
}

export const tokenizers: Record<string, Tokenizer> = {
  space: splitOn(SPACE),
  comma: splitOn(','),
  underscore: splitOn('_'),
  space_punct: (text) => text.match(SPACE_PUNCT) ?? [],
  characters: (text) => Array.from(text).filter((c) => c.trim() !== ''),
  untokenized: (text) => (text.trim() === '' ? [] : [text.trim()]),
  stripped: (text) => (text.trim() === '' ? [] : [text.trim()]),
};

export function getTokenizer(name: string, featureName: string): Tokenizer {
  const tokenizer = Object.hasOwn(tokenizers, name) ? tokenizers[name] : undefined;
  if (tokenizer === undefined) {
    throw new OvertureError(
      'invalid_config',
      `Unknown tokenizer '${name}' for feature '${featureName}'; use one of ${Object.keys(tokenizers).join(', ')}.`,
      [{ path: `${featureName}.preprocessing.tokenizer`, message: `unknown tokenizer '${name}'` }],
    );
  }
  return tokenizer;
}
