import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, parseConfigText, type ResolvedConfig } from '@overture/config';
import { log } from './output.js';

/** Reads a YAML or JSON config file, resolves it, and prints its warnings. */
export async function loadConfigFile(file: string): Promise<ResolvedConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
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
