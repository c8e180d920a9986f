import { readFileSync } from 'node:fs';
import { OvertureError } from '@overture/config';

/**
 * Reads a `vocab_file`: UTF-8, one token a line, the token being the text before the first tab
 * or space (Ludwig `load_vocabulary`). A missing, unreadable, non-UTF-8 or empty file, an empty
 * line or a token listed twice is an error naming the file and line.
 */
export function loadVocabularyFile(path: string, featureName: string): string[] {
  const configPath = `${featureName}.preprocessing.vocab_file`;
  const fail = (message: string, line?: number): never => {
    throw new OvertureError('invalid_config', `Feature '${featureName}': vocab_file '${path}'${line === undefined ? '' : ` line ${line}`} ${message}.`, [
      { path: configPath, message, ...(line === undefined ? {} : { line }) },
    ]);
  };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'does not exist; give a path to a local file, one token a line' : `cannot be read (${code ?? String(error)})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8Line(bytes);
    return fail('is not valid UTF-8; save it as UTF-8', bad);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const tokens: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const token = lines[i].trim().split(/[\t ]/, 1)[0];
    if (token === '') fail('is empty; every line names one token', i + 1);
    const earlier = seen.get(token);
    if (earlier !== undefined) fail(`repeats the token '${token}' of line ${earlier}`, i + 1);
    seen.set(token, i + 1);
    tokens.push(token);
  }
  if (tokens.length === 0) fail('has no tokens');
  return tokens;
}

/** 1-based line of the first byte sequence that is not UTF-8. */
function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
