import { promises as fs } from 'node:fs';
import path from 'node:path';
import { autoConfig, renderConfigYaml } from '@overture/config';
import { profileTable, readTable, TYPE_INFERENCE_SAMPLE_ROWS } from '@overture/trainer/data';
import { log, printJson } from '../output.js';

export interface InitConfigOptions {
  dataset: string;
  target: string;
  output?: string;
  json?: boolean;
}

/** `overture init-config`: profile the data, infer types, and write a minimal config for the targets. */
export async function initConfigCommand(options: InitConfigOptions): Promise<void> {
  const table = await readTable(options.dataset);
  const profile = profileTable(table, { baseDir: path.dirname(path.resolve(options.dataset)), sampleRows: TYPE_INFERENCE_SAMPLE_ROWS });
  const targets = options.target.split(',').map((t) => t.trim()).filter(Boolean);
  const { config, excludedColumns } = autoConfig(profile, targets);
  for (const c of excludedColumns) log(`excluded column '${c.name}': ${c.reason}`);
  const yaml = renderConfigYaml(config);
  if (options.output) {
    await fs.writeFile(options.output, yaml);
    log(`wrote ${options.output}`);
  }
  if (options.json) printJson({ config, excludedColumns });
  else if (!options.output) process.stdout.write(yaml);
}
