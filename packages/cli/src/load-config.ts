import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultConfigLimits, OvertureError, parseConfigText, type ResolvedConfig } from '@overture/config';
import { log } from './output.js';

/** Reads a YAML or JSON config file, resolves it, and prints its warnings. */
export async function loadConfigFile(file: string): Promise<ResolvedConfig> {
  let text: string;
  try {
    // A config is at most 512 K characters (4 bytes each at most in UTF-8): a bigger file is refused unread.
    const { size } = await fs.stat(file);
    if (size > 4 * defaultConfigLimits.maxTextLength) {
      throw new OvertureError('too_large', `config file ${file} is ${size.toLocaleString('en-US')} bytes; a config is at most ${defaultConfigLimits.maxTextLength.toLocaleString('en-US')} characters`);
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof OvertureError) throw error;
    throw new OvertureError('not_found', `config file ${file} does not exist`);
  }
  const format = path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
  try {
    const { config, warnings } = parseConfigText(text, format);
    for (const w of warnings) log(`warning: ${w.path ? `${w.path}: ` : ''}${w.message}`);
    return config;
  } catch (error) {
    if (error instanceof OvertureError) throw new OvertureError(error.code, `${file}: ${error.message}`, error.details, error.total);
    throw error;
  }
}
