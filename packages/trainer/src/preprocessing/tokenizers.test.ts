import { describe, expect, it } from 'vitest';
import { englishTokenize } from './english-tokenizer.js';
import { getTokenizer, ngramTokenize, pythonStrip } from './tokenizers.js';

const tok = (name: string, text: string, ngram_size?: number) => getTokenizer(name, 'f', { ngram_size })(text);

describe('Ludwig tokenizers', () => {
  it('space splits on the space character only, as Ludwig does', () => {
    expect(tok('space', '  hello   big\tworld ')).toEqual(['hello', 'big\tworld']);
    expect(tok('space', '')).toEqual([]);
  });

  it('space_punct keeps words and single punctuation marks, Unicode letters included', () => {
    expect(tok('space_punct', "Hello, world! it's 3.5")).toEqual(['Hello', ',', 'world', '!', 'it', "'", 's', '3', '.', '5']);
    expect(tok('space_punct', 'café naïve—über_alles')).toEqual(['café', 'naïve', '—', 'über_alles']);
    expect(tok('space_punct', '...')).toEqual(['.', '.', '.']);
  });

  it('characters keeps every code point, spaces included (Python list(text))', () => {
    expect(tok('characters', 'a b😀')).toEqual(['a', ' ', 'b', '😀']);
  });

  it('comma and underscore strip and split with the spaces around the separator, dropping empty tokens', () => {
    expect(tok('comma', ' red , green,,blue ')).toEqual(['red', 'green', 'blue']);
    expect(tok('underscore', 'a _ b_c')).toEqual(['a', 'b', 'c']);
  });

  it('untokenized keeps the cell, stripped strips it', () => {
    expect(tok('untokenized', ' a b ')).toEqual([' a b ']);
    expect(tok('stripped', ' a b \n')).toEqual(['a b']);
    expect(tok('stripped', '   ')).toEqual([]);
  });

  it('ngram adds n-grams up to ngram_size after the words', () => {
    expect(tok('ngram', 'a b c', 3)).toEqual(['a', 'b', 'c', 'a b', 'b c', 'a b c']);
    expect(ngramTokenize('a b c', 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
  });

  it('refuses an unknown tokenizer with the list', () => {
    expect(() => tok('spaces', 'x')).toThrow(/Unknown tokenizer 'spaces' for feature 'f'; use one of space, space_punct/);
  });

  it('strips Python whitespace but not a byte-order mark', () => {
    expect(pythonStrip('\x1c a \x85')).toBe('a');
    expect(pythonStrip('\ufeffa')).toBe('\ufeffa');
  });
});

describe('english_tokenize', () => {
  it('splits punctuation, currency and brackets as spaCy does', () => {
    expect(englishTokenize('Hello John, how are you? Did you pay ($32.43) or 54.21 for the book?')).toEqual([
      'Hello', 'John', ',', 'how', 'are', 'you', '?', 'Did', 'you', 'pay', '(', '$', '32.43', ')', 'or', '54.21', 'for', 'the', 'book', '?',
    ]);
  });

  it('splits contractions with spaCy stems', () => {
    expect(englishTokenize("I'm sure they don't, can't and won't: it's John’s")).toEqual([
      'I', "'m", 'sure', 'they', 'do', "n't", ',', 'ca', "n't", 'and', 'wo', "n't", ':', 'it', "'s", 'John', '’s',
    ]);
  });

  it('keeps numbers, abbreviations, URLs and e-mails whole; splits units and hyphens', () => {
    expect(englishTokenize('Dr. Smith paid 3,000.50 for 5km, e.g. U.S. well-known www.example.com mail a.b@c.org.')).toEqual([
      'Dr.', 'Smith', 'paid', '3,000.50', 'for', '5', 'km', ',', 'e.g.', 'U.S.', 'well', '-', 'known', 'www.example.com', 'mail', 'a.b@c.org', '.',
    ]);
    expect(englishTokenize('"Wait..." she said -- 10% off!')).toEqual(['"', 'Wait', '...', '"', 'she', 'said', '--', '10', '%', 'off', '!']);
  });
});
