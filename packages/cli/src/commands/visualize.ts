import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { log, printJson } from '../output.js';
import { unsupportedVisualizeOptions } from '../visualize/flags.js';
import { modelName, readProbabilityRuns, readTestStatistics, readTrainingStatistics, type Named } from '../visualize/inputs.js';
import { unsupportedVisualizations, visualizations, type VisualizationName } from '../visualize/registry.js';
import { renderChart, type FileFormat } from '../visualize/render.js';
import type { Need, VisualizeContext } from '../visualize/visualization.js';

export interface VisualizeOptions {
  visualization: string;
  trainingStatistics?: string[];
  testStatistics?: string[];
  probabilities?: string[];
  groundTruth?: string;
  groundTruthMetadata?: string;
  groundTruthSplit?: string;
  outputFeatureName?: string;
  outputDirectory?: string;
  fileFormat?: string;
  modelNames?: string[];
  topK?: string;
  metrics?: string[];
  positiveLabel?: string;
  normalize?: boolean;
  json?: boolean;
  [unsupported: string]: unknown;
}

const fileFormats = ['svg', 'png'] as const;

const needFlags: Record<Need, string> = {
  training_statistics: '--training_statistics OUT/training_statistics.json',
  test_statistics: '--test_statistics OUT/test_statistics.json',
  probabilities: '--probabilities PREDICTIONS --ground_truth DATASET --output_feature_name OUTPUT',
};

function usageError(message: string): OvertureError {
  return new OvertureError('invalid_input', message);
}

function integerFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`${flag} must be a whole number ≥ 0, got '${value}'`);
  return n;
}

function resolveName(name: string): VisualizationName {
  if (name in visualizations) return name as VisualizationName;
  const reason = unsupportedVisualizations[name];
  if (reason) throw new OvertureError('unsupported', `${name} is a Ludwig visualization that Overture does not support yet: ${reason}`);
  throw usageError(`unknown visualization '${name}': choose one of ${Object.keys(visualizations).join(', ')}`);
}

async function named<T>(files: string[], models: string[], read: (file: string) => Promise<T>): Promise<Named<T>[]> {
  return Promise.all(files.map(async (file, i) => ({ model: models[i] ?? modelName(file, i), value: await read(file) })));
}

/** Reads only what the visualization needs, and says which flag is missing when it is not given. */
async function loadContext(name: VisualizationName, options: VisualizeOptions): Promise<VisualizeContext> {
  const need = visualizations[name].needs;
  const models = options.modelNames ?? [];
  const given = { training_statistics: options.trainingStatistics, test_statistics: options.testStatistics, probabilities: options.probabilities }[need];
  if (!given?.length) throw usageError(`${name} needs ${needFlags[need]}`);
  const feature = options.outputFeatureName ?? null;
  const context: VisualizeContext = {
    trainingStatistics: [], testStatistics: [], probabilities: [], feature,
    metrics: options.metrics ?? ['f1'],
    positiveLabel: integerFlag(options.positiveLabel, '--positive_label', 1),
    normalize: options.normalize ?? false,
    topK: Math.max(1, integerFlag(options.topK, '--top_k', 3)),
  };
  if (need === 'training_statistics') context.trainingStatistics = await named(given, models, readTrainingStatistics);
  if (need === 'test_statistics') context.testStatistics = await named(given, models, readTestStatistics);
  if (need === 'probabilities') {
    if (!options.groundTruth) throw usageError(`${name} needs --ground_truth: the dataset the --probabilities files were predicted from, with the ${feature ?? 'output'} column`);
    if (!feature) throw usageError(`${name} needs --output_feature_name: the binary or category output whose probabilities to plot`);
    const split = integerFlag(options.groundTruthSplit, '--ground_truth_split', 2);
    if (split > 2) throw usageError(`--ground_truth_split must be 0 (training), 1 (validation) or 2 (test), got ${split}`);
    context.probabilities = await readProbabilityRuns({ probabilities: given, groundTruth: options.groundTruth, metadata: options.groundTruthMetadata, feature, models, split });
  }
  return context;
}

/** `overture visualize`: Ludwig's visualizations of a model's output files, written as SVG or PNG. */
export async function visualizeCommand(options: VisualizeOptions): Promise<void> {
  for (const key of unsupportedVisualizeOptions) {
    if (options[key] !== undefined) {
      const flag = '--' + key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
      throw new OvertureError('unsupported', `${flag} is a Ludwig visualize option that Overture does not support yet (it serves visualizations Overture does not draw yet)`);
    }
  }
  const requested = (options.fileFormat ?? 'svg').toLowerCase();
  if (!(fileFormats as readonly string[]).includes(requested)) {
    throw new OvertureError('unsupported', requested === 'pdf'
      ? 'pdf is a Ludwig file format that Overture does not support yet: use --file_format svg or png'
      : `--file_format must be svg or png, got '${requested}'`);
  }
  const format = requested as FileFormat;
  const name = resolveName(options.visualization);
  const charts = visualizations[name].charts(await loadContext(name, options));
  const directory = options.outputDirectory ?? 'visualizations';
  await fs.mkdir(directory, { recursive: true });
  const files: string[] = [];
  for (const chart of charts) {
    const file = path.join(directory, `${chart.name}.${format}`);
    await fs.writeFile(file, await renderChart(chart.spec, format));
    files.push(file);
    log(`wrote ${file}`);
  }
  if (options.json) printJson({ visualization: name, files });
}
