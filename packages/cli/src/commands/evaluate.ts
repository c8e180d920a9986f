import { promises as fs } from 'node:fs';
import path from 'node:path';
import { bundleModelsDir, decodeMediaInputs } from '@overture/trainer/preprocessing';
import { evaluateTable, initBackend, loadBundle, readTable, type BackendName, type EvaluationSplit } from '@overture/trainer';
import { log, printJson } from '../output.js';

const splits = ['full', 'training', 'validation', 'test'] as const;

/** `overture evaluate`: test statistics of a saved model on a dataset split. */
export async function evaluateCommand(options: { model: string; dataset: string; split?: string; output?: string; json?: boolean; backend?: BackendName }): Promise<void> {
  const split = (options.split ?? 'full') as EvaluationSplit;
  if (!(splits as readonly string[]).includes(split)) throw new Error(`--split must be one of ${splits.join(', ')}`);
  await initBackend(options.backend);
  const bundle = await loadBundle(options.model);
  const table = await readTable(options.dataset);
  const images = await decodeMediaInputs(table, bundle.config, { root: path.dirname(path.resolve(options.dataset)), metadata: bundle.metadata, modelsDir: bundleModelsDir(options.model) });
  const stats = evaluateTable(bundle, table, split, { images });
  if (options.output) await fs.writeFile(options.output, JSON.stringify(stats, null, 2) + '\n');
  if (options.json) printJson(stats);
  else for (const f of bundle.config.output_features) {
    const s = stats[f.name] as Record<string, unknown>;
    log(`${f.name}: ${Object.entries(s).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${(v as number).toFixed(4)}`).join(', ')}`);
  }
  bundle.model.dispose();
}
