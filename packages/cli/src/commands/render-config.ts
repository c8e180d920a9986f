import { promises as fs } from 'node:fs';
import { renderConfigYaml, type ModelConfig } from '@overture/config';
import { loadConfigFile, upgradeConfigFile } from '../load-config.js';
import { printJson } from '../output.js';

/**
 * `overture render-config`: the config with every default filled in; with `--upgrade`, the config as
 * written but upgraded to today's language (Ludwig's legacy forms rewritten; warnings on stderr),
 * not validated, so a config using what Overture does not train yet can still be carried over.
 */
export async function renderConfigCommand(options: { config: string; output?: string; json?: boolean; upgrade?: boolean }): Promise<void> {
  const config = options.upgrade ? await upgradeConfigFile(options.config) : await loadConfigFile(options.config);
  if (options.json) return printJson(config);
  const yaml = renderConfigYaml(config as ModelConfig);
  if (options.output) await fs.writeFile(options.output, yaml);
  else process.stdout.write(yaml);
}
