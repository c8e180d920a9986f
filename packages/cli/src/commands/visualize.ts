import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { log, printJson } from '../output.js';
import { readHyperoptStatistics } from '../visualize/hyperopt-statistics.js';
import { modelName, readJsonFile, readPredictionRuns, readProbabilityRuns, readTestStatistics, readThresholdRuns, readTrainingStatistics, type GroundTruthArgs, type Named } from '../visualize/inputs.js';
import { limitPredictionLabels, limitProbabilityLabels } from '../visualize/labels-limit.js';
import { unsupportedVisualizations, visualizations, type VisualizationName } from '../visualize/registry.js';
import { renderChart, type FileFormat } from '../visualize/render.js';
import type { Need, Subset, VisualizeContext } from '../visualize/visualization.js';

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
  predictions?: string[];
  splitFile?: string;
  thresholdOutputFeatureNames?: string[];
  hyperoptStatsPath?: string;
  topNClasses?: string[];
  labelsLimit?: string;
  subset?: string;
  json?: boolean;
}

const fileFormats = ['svg', 'png'] as const;

const needFlags: Record<Need, string> = {
  training_statistics: '--training_statistics OUT/training_statistics.json',
  test_statistics: '--test_statistics OUT/test_statistics.json',
  probabilities: '--probabilities PREDICTIONS --ground_truth DATASET --output_feature_name OUTPUT',
  predictions: '--predictions PREDICTIONS --ground_truth DATASET --output_feature_name OUTPUT',
  threshold_probabilities: '--probabilities PREDICTIONS --ground_truth DATASET --threshold_output_feature_names OUTPUT1 OUTPUT2',
  hyperopt_statistics: '--hyperopt_stats_path OUT/hyperopt_statistics.json',
};

const subsets: readonly Subset[] = ['ground_truth', 'predictions'];

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
  const need: Need = visualizations[name].needs;
  const models = options.modelNames ?? [];
  const given = {
    training_statistics: options.trainingStatistics,
    test_statistics: options.testStatistics,
    probabilities: options.probabilities,
    predictions: options.predictions,
    threshold_probabilities: options.probabilities,
    hyperopt_statistics: options.hyperoptStatsPath === undefined ? undefined : [options.hyperoptStatsPath],
  }[need];
  if (!given?.length) throw usageError(`${name} needs ${needFlags[need]}`);
  const feature = options.outputFeatureName ?? null;
  const subset = options.subset ?? 'ground_truth';
  if (!(subsets as readonly string[]).includes(subset)) throw usageError(`--subset must be ground_truth or predictions, got '${subset}'`);
  const labelsLimit = integerFlag(options.labelsLimit, '--labels_limit', 0);
  const context: VisualizeContext = {
    trainingStatistics: [], testStatistics: [], probabilities: [], predictions: [], thresholdProbabilities: [], hyperopt: null, feature,
    metrics: options.metrics ?? ['f1'],
    positiveLabel: integerFlag(options.positiveLabel, '--positive_label', 1),
    normalize: options.normalize ?? false,
    topK: Math.max(1, integerFlag(options.topK, '--top_k', 3)),
    topNClasses: (options.topNClasses ?? ['0']).map((v) => integerFlag(v, '--top_n_classes', 0)),
    subset: subset as Subset,
    metadata: null,
  };
  if (need === 'training_statistics') context.trainingStatistics = await named(given, models, readTrainingStatistics);
  if (need === 'test_statistics') {
    context.testStatistics = await named(given, models, readTestStatistics);
    const metadata = options.groundTruthMetadata ? await readJsonFile(options.groundTruthMetadata, 'ground_truth_metadata') : null;
    context.metadata = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : null;
  }
  if (need === 'hyperopt_statistics') context.hyperopt = await readHyperoptStatistics(given[0]);
  if (need === 'probabilities' || need === 'predictions' || need === 'threshold_probabilities') {
    if (!options.groundTruth) throw usageError(`${name} needs --ground_truth: the dataset the --${need === 'predictions' ? 'predictions' : 'probabilities'} files were predicted from, with the ${feature ?? 'output'} column`);
    const split = integerFlag(options.groundTruthSplit, '--ground_truth_split', 2);
    if (split > 2) throw usageError(`--ground_truth_split must be 0 (training), 1 (validation) or 2 (test), got ${split}`);
    const truth: GroundTruthArgs = { groundTruth: options.groundTruth, metadata: options.groundTruthMetadata, splitFile: options.splitFile, split, models };
    if (need === 'threshold_probabilities') {
      const features = options.thresholdOutputFeatureNames ?? [];
      if (features.length !== 2) throw usageError(`${name} needs two --threshold_output_feature_names (binary or category outputs), got ${features.length}`);
      if (given.length !== 1) throw usageError(`${name} reads one model's --probabilities file (with both outputs' probabilities), got ${given.length}`);
      context.thresholdProbabilities = (await readThresholdRuns({ ...truth, probabilities: given[0], features })).map((run) => limitProbabilityLabels(run, labelsLimit));
    } else {
      if (!feature) throw usageError(`${name} needs --output_feature_name: the binary or category output whose ${need} to plot`);
      if (need === 'probabilities') context.probabilities = (await readProbabilityRuns({ ...truth, probabilities: given, feature })).map((run) => limitProbabilityLabels(run, labelsLimit));
      else context.predictions = (await readPredictionRuns({ ...truth, predictions: given, feature })).map((run) => limitPredictionLabels(run, labelsLimit));
    }
  }
  return context;
}

/** `overture visualize`: Ludwig's visualizations of a model's output files, written as SVG or PNG. */
export async function visualizeCommand(options: VisualizeOptions): Promise<void> {
  const requested = (options.fileFormat ?? 'svg').toLowerCase();
  if (!(fileFormats as readonly string[]).includes(requested)) {
    throw new OvertureError('unsupported', requested === 'pdf'
      ? 'pdf is a Ludwig file format that Overture does not support yet: use --file_format svg or png'
      : `--file_format must be svg or png, got '${requested}'`);
  }
  const format = requested as FileFormat;
  const name = resolveName(options.visualization);
  const visualization = visualizations[name];
  const context = await loadContext(name, options);
  const charts = visualization.charts(context);
  const directory = options.outputDirectory ?? 'visualizations';
  await fs.mkdir(directory, { recursive: true });
  const files: string[] = [];
  if (visualization.page) {
    const svgs = await Promise.all(charts.map(async (chart) => (await renderChart(chart.spec, 'svg')).toString('utf8')));
    const page = visualization.page(context, svgs);
    const file = path.join(directory, page.name);
    await fs.writeFile(file, page.content);
    log(`wrote ${file}`);
    if (options.json) printJson({ visualization: name, files: [file] });
    return;
  }
  for (const chart of charts) {
    const file = path.join(directory, `${chart.name}.${format}`);
    await fs.writeFile(file, await renderChart(chart.spec, format));
    files.push(file);
    log(`wrote ${file}`);
  }
  if (options.json) printJson({ visualization: name, files });
}
