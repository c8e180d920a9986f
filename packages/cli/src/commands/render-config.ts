import { promises as fs } from 'node:fs';
import { renderConfigYaml } from '@overture/config';
import { loadConfigFile } from '../load-config.js';
import { printJson } from '../output.js';

/** `overture render-config`: the config with every default filled in. */
export async function renderConfigCommand(options: { config: string; output?: string; json?: boolean }): Promise<void> {
  const config = await loadConfigFile(options.config);
  if (options.json) return printJson(config);
  const yaml = renderConfigYaml(config);
  if (options.output) await fs.writeFile(options.output, yaml);
  else process.stdout.write(yaml);
}
