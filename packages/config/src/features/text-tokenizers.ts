import { z } from 'zod';
import { doc } from '../common.js';

/** Tokenizers Overture implements (packages/trainer/src/preprocessing/tokenizers.ts), Ludwig's names. */
export const textTokenizers = [
  'space', 'space_punct', 'characters', 'underscore', 'comma', 'untokenized', 'stripped', 'ngram', 'english_tokenize',
] as const;
export type TextTokenizer = (typeof textTokenizers)[number];

const ludwigLanguages = ['english', 'italian', 'spanish', 'german', 'french', 'portuguese', 'dutch', 'greek', 'norwegian', 'lithuanian', 'danish', 'polish', 'romanian', 'japanese', 'chinese', 'multi'];
const ludwigVariants = ['tokenize', 'tokenize_filter', 'tokenize_remove_stopwords', 'lemmatize', 'lemmatize_filter', 'lemmatize_remove_stopwords'];

/** Ludwig's other registry entries (spaCy pipelines per language, pretrained subword tokenizers). */
export const unsupportedLudwigTokenizers: ReadonlySet<string> = new Set([
  ...ludwigLanguages.flatMap((language) => ludwigVariants.map((variant) => `${language}_${variant}`)),
  'sentencepiece', 'clip', 'gpt2bpe', 'bert', 'hf_tokenizer',
].filter((name) => !(textTokenizers as readonly string[]).includes(name)));

/** A tokenizer name: ours, or Ludwig's refused by name, or unknown with the list to choose from. */
export const tokenizerNameField = (def: TextTokenizer) =>
  doc(
    z.string().default(def).superRefine((name, ctx) => {
      if ((textTokenizers as readonly string[]).includes(name)) return;
      ctx.addIssue({
        code: 'custom',
        message: unsupportedLudwigTokenizers.has(name)
          ? `${name} is a Ludwig tokenizer that Overture does not support yet; use one of ${textTokenizers.join(', ')}`
          : `unknown tokenizer '${name}'; use one of ${textTokenizers.join(', ')}`,
      });
    }),
    'How a cell is split into tokens: space, space_punct (words and single punctuation marks), characters, underscore, comma, untokenized, stripped, ngram (words plus n-grams up to ngram_size), english_tokenize (words with punctuation, contractions and numbers split as in spaCy).',
    { suggested_values: [...textTokenizers], commonly_used: true },
  );
