/**
 * An English word tokenizer for Ludwig's `english_tokenize`, which runs spaCy's `en` tokenizer.
 * spaCy is not available in Node, so this follows the same published rules (spaCy's punctuation
 * prefixes/suffixes/infixes and English tokenizer exceptions) in a small rule set of our own:
 *   - whitespace separates chunks and is dropped;
 *   - URLs and e-mail addresses stay whole;
 *   - leading quotes, brackets and currency signs, and trailing punctuation, quotes, brackets and
 *     "%" are split off ("($32.43)," → "(", "$", "32.43", ")", ",");
 *   - a final "." stays on known abbreviations and on dotted initials ("Dr.", "e.g.", "U.S.");
 *   - contractions split as spaCy does: "don't" → "do", "n't"; "can't" → "ca", "n't";
 *     "won't" → "wo", "n't"; "I'm" → "I", "'m"; likewise 's 're 've 'll 'd (straight or curly quote);
 *   - numbers stay whole with their separators ("3,000.50", "-4", "1e-3"); a number glued to a
 *     unit is split ("5km" → "5", "km");
 *   - hyphens, slashes and "..." between letters are tokens of their own ("well-known" → "well",
 *     "-", "known").
 */

// A URL or address ends on a letter, digit or "/": a final "." or "," is the sentence's.
const URL_OR_EMAIL = /^(?:(?:https?|ftp):\/\/\S*[\w/]|www\.[\w-]+(?:\.[\w-]+)+(?:\/\S*[\w/])?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/iu;
const PREFIX = /^(?:\.\.\.|…|[\p{Ps}\p{Pi}"'`*$£€¥₹#§¿¡~<]|--)/u;
const SUFFIX = /(?:\.\.\.|…|[\p{Pe}\p{Pf}"'`,;:!?%*>]|--|\.)$/u;
const CONTRACTION_SUFFIX = /(?:n['’]t|['’](?:s|m|re|ve|ll|d))$/iu;
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const NUMBER_WITH_UNIT = /^([+-]?\d+(?:\.\d+)?)(km|kg|mg|cm|mm|ml|m|g|l|lb|lbs|oz|ft|in|h|hr|hrs|min|s|sec|gb|mb|kb|tb|k)$/iu;
const INFIX = /(?<=\p{L})(?:-|–|—|\/|\.\.\.|…)(?=\p{L})|(?<=[\p{L}\d])--(?=[\p{L}\d])/u;
const DOTTED_INITIALS = /^(?:\p{L}\.)+$/u;
const ABBREVIATIONS = new Set([
  'mr.', 'mrs.', 'ms.', 'dr.', 'prof.', 'sr.', 'jr.', 'st.', 'vs.', 'etc.', 'inc.', 'ltd.', 'co.', 'corp.', 'no.',
  'jan.', 'feb.', 'mar.', 'apr.', 'jun.', 'jul.', 'aug.', 'sep.', 'sept.', 'oct.', 'nov.', 'dec.', 'approx.', 'dept.',
]);
// spaCy's exceptions for the negations whose stem changes spelling.
const IRREGULAR_NEGATIONS: Record<string, [string, string]> = { "can't": ['ca', "n't"], "won't": ['wo', "n't"], "shan't": ['sha', "n't"], "ain't": ['ai', "n't"] };
const WHITESPACE = /\s+/u;

function keepsFinalDot(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase()) || (word.length > 2 && DOTTED_INITIALS.test(word));
}

/** Splits a chunk that has no prefix or suffix left at its infixes. */
function splitInfixes(chunk: string, out: string[]): void {
  let rest = chunk;
  for (;;) {
    const match = INFIX.exec(rest);
    if (match === null || match.index === 0) break;
    out.push(rest.slice(0, match.index), match[0]);
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') out.push(rest);
}

function tokenizeChunk(chunk: string, out: string[]): void {
  const suffixes: string[] = [];
  let word = chunk;
  while (word !== '') {
    if (URL_OR_EMAIL.test(word) || NUMBER.test(word)) break;
    const prefix = PREFIX.exec(word);
    if (prefix !== null && prefix[0].length < word.length) {
      out.push(prefix[0]);
      word = word.slice(prefix[0].length);
      continue;
    }
    const irregular = IRREGULAR_NEGATIONS[word.toLowerCase().replace('’', "'")];
    if (irregular !== undefined) {
      out.push(word.slice(0, irregular[0].length));
      suffixes.push(word.slice(irregular[0].length));
      word = '';
      break;
    }
    const contraction = CONTRACTION_SUFFIX.exec(word);
    if (contraction !== null && contraction.index > 0) {
      suffixes.push(contraction[0]);
      word = word.slice(0, contraction.index);
      continue;
    }
    const suffix = SUFFIX.exec(word);
    if (suffix !== null && suffix.index > 0 && !(suffix[0] === '.' && keepsFinalDot(word))) {
      suffixes.push(suffix[0]);
      word = word.slice(0, suffix.index);
      continue;
    }
    break;
  }
  if (word !== '') {
    const unit = NUMBER_WITH_UNIT.exec(word);
    if (unit !== null) out.push(unit[1], unit[2]);
    else if (URL_OR_EMAIL.test(word) || NUMBER.test(word)) out.push(word);
    else splitInfixes(word, out);
  }
  for (let i = suffixes.length - 1; i >= 0; i--) out.push(suffixes[i]);
}

export function englishTokenize(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(WHITESPACE)) if (chunk !== '') tokenizeChunk(chunk, out);
  return out;
}
