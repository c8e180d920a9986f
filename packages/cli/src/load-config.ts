import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultConfigLimits, OvertureError, parseConfigText, upgradeConfigText, type ErrorDetail, type ResolvedConfig } from '@overture/config';
import { log } from './output.js';

async function readConfigFile(file: string): Promise<string> {
  try {
    // A config is at most 512 K characters (4 bytes each at most in UTF-8): a bigger file is refused unread.
    const { size } = await fs.stat(file);
    if (size > 4 * defaultConfigLimits.maxTextLength) {
      throw new OvertureError('too_large', `config file ${file} is ${size.toLocaleString('en-US')} bytes; a config is at most ${defaultConfigLimits.maxTextLength.toLocaleString('en-US')} characters`);
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof OvertureError) throw error;
    throw new OvertureError('not_found', `config file ${file} does not exist`);
  }
}

/** Reads and parses a config file with `parse`, printing its warnings (with line and column) on stderr. */
async function withConfigFile<T>(file: string, parse: (text: string, format: 'yaml' | 'json') => { config: T; warnings: ErrorDetail[] }): Promise<T> {
  const text = await readConfigFile(file);
  const format = path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
  try {
    const { config, warnings } = parse(text, format);
    for (const w of warnings) {
      const where = w.line !== undefined ? `${file}:${w.line}:${w.column ?? 1}: ` : '';
      log(`warning: ${where}${w.path ? `${w.path}: ` : ''}${w.message}`);
    }
    return config;
  } catch (error) {
    if (error instanceof OvertureError) throw new OvertureError(error.code, `${file}: ${error.message}`, error.details, error.total);
    throw error;
  }
}

/** Reads a YAML or JSON config file, resolves it, and prints its warnings. */
export function loadConfigFile(file: string): Promise<ResolvedConfig> {
  return withConfigFile(file, parseConfigText);
}

/** Reads a config file and upgrades it to today's language without validating it (`render-config --upgrade`). */
export function upgradeConfigFile(file: string): Promise<unknown> {
  return withConfigFile(file, upgradeConfigText);
}

/**
 * Reads a config file, resolves it (printing its warnings), and keeps it as written, upgraded but
 * not resolved: `overture hyperopt` merges each trial's values into that one.
 */
export function loadConfigWithSource(file: string): Promise<{ resolved: ResolvedConfig; upgraded: Record<string, unknown> }> {
  return withConfigFile(file, (text, format) => {
    const { config, warnings } = parseConfigText(text, format);
    return { config: { resolved: config, upgraded: upgradeConfigText(text, format).config as Record<string, unknown> }, warnings };
  });
}
