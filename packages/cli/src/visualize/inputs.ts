import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { readTable, type RawTable } from '@overture/trainer';

/** Ludwig's `training_statistics.json`: split → output (or `combined`) → metric → one value per evaluation. */
export type TrainingStatistics = Record<string, Record<string, Record<string, number[]>>>;
/** Ludwig's `test_statistics.json`: output → its statistics. */
export type TestStatistics = Record<string, Record<string, unknown>>;

export interface Named<T> {
  model: string;
  value: T;
}

/** One model's class probabilities for one output, aligned with the ground truth rows. */
export interface ProbabilityRun {
  model: string;
  feature: string;
  labels: string[];
  /** Row-major [n, labels.length]. */
  probabilities: Float32Array;
  /** Index into `labels` of each row's true label. */
  targets: Int32Array;
}

function inputError(message: string, _file: string, suggestion?: string): OvertureError {
  return new OvertureError('invalid_input', suggestion ? `${message}: ${suggestion}` : message, [], 0);
}

export async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw inputError(`${what} file ${file} does not exist or cannot be read`, file, `pass the ${what} file that \`overture train\` or \`overture experiment\` wrote`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError(`${what} file ${file} is not valid JSON: ${(error as Error).message}`, file);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function readTrainingStatistics(file: string): Promise<TrainingStatistics> {
  const value = await readJsonFile(file, 'training_statistics');
  if (!isRecord(value) || !isRecord(value.training)) {
    throw inputError(`${file} is not a training_statistics.json file: it has no "training" section`, file, 'pass OUT/training_statistics.json');
  }
  const { evaluation_frequency: _, ...splits } = value;
  return splits as TrainingStatistics;
}

export async function readTestStatistics(file: string): Promise<TestStatistics> {
  const value = await readJsonFile(file, 'test_statistics');
  if (!isRecord(value) || !Object.values(value).every(isRecord)) {
    throw inputError(`${file} is not a test_statistics.json file: expected an object of output features`, file, 'pass OUT/test_statistics.json');
  }
  return value as TestStatistics;
}

async function readTableFile(file: string, what: string): Promise<RawTable> {
  try {
    await fs.access(file);
  } catch {
    throw inputError(`${what} file ${file} does not exist`, file);
  }
  return readTable(file);
}

/** Labels in the order of training_set_metadata.json when given, else of the probability columns. */
function labelOrder(feature: string, columnLabels: string[], metadata: Record<string, unknown> | null): string[] {
  const entry = metadata?.[feature];
  const vocab = isRecord(entry) && Array.isArray(entry.idx2str) ? (entry.idx2str as unknown[]).map(String) : null;
  if (!vocab) return columnLabels;
  return [...vocab.filter((l) => columnLabels.includes(l)), ...columnLabels.filter((l) => !vocab.includes(l))];
}

/** One model's predicted labels for one output (`<output>_predictions`), aligned with the ground truth rows. */
export interface PredictionRun {
  model: string;
  feature: string;
  labels: string[];
  /** Index into `labels` of each row's predicted label. */
  predicted: Int32Array;
  /** Index into `labels` of each row's true label. */
  targets: Int32Array;
}

export interface GroundTruthArgs {
  groundTruth: string;
  metadata?: string;
  /** Ludwig's --split_file: one split value per ground truth row, read when the ground truth has no split column. */
  splitFile?: string;
  split: number;
  models: string[];
}

/** The ground truth table, the rows of the chosen split and the training metadata, read once. */
interface GroundTruth {
  table: RawTable;
  keep: number[];
  metadata: Record<string, unknown> | null;
}

const splitNames = ['train', 'training', 'validation', 'val', 'valid', 'test'];
function splitIndex(v: string | null): number {
  const s = (v ?? '').trim().toLowerCase();
  const named = splitNames.indexOf(s);
  return named < 0 ? Number(s) : named < 2 ? 0 : named < 5 ? 1 : 2;
}

async function readGroundTruth(args: GroundTruthArgs): Promise<GroundTruth> {
  const table = await readTableFile(args.groundTruth, 'ground_truth');
  const metadata = args.metadata ? await readJsonFile(args.metadata, 'ground_truth_metadata') : null;
  let splits = table.data.split ?? null;
  if (!splits && args.splitFile) {
    const splitTable = await readTableFile(args.splitFile, 'split_file');
    if (splitTable.columns.length === 0 || splitTable.rowCount !== table.rowCount) {
      throw inputError(`the split_file ${args.splitFile} has ${splitTable.rowCount} rows but the ground_truth file ${args.groundTruth} has ${table.rowCount}`, args.splitFile, 'pass one split value (0, 1, 2 or train/validation/test) per ground truth row, in its first column');
    }
    splits = splitTable.data[splitTable.columns[0]];
  }
  const keep = [...Array(table.rowCount).keys()].filter((row) => !splits || splitIndex(splits[row]) === args.split);
  if (keep.length === 0) throw inputError(`the ground_truth file ${args.groundTruth} has no rows of split ${args.split}`, args.groundTruth, 'pick another --ground_truth_split (0 training, 1 validation, 2 test)');
  return { table, keep, metadata: isRecord(metadata) ? metadata : null };
}

function truthColumn(truth: GroundTruth, args: GroundTruthArgs, feature: string): (string | null)[] {
  const column = truth.table.data[feature];
  if (!column) throw inputError(`the ground_truth file ${args.groundTruth} has no column ${feature}`, args.groundTruth, `columns are: ${truth.table.columns.join(', ')}`);
  return column;
}

function sameRows(table: RawTable, file: string, what: string, truth: GroundTruth, args: GroundTruthArgs): void {
  if (table.rowCount !== truth.table.rowCount) {
    throw inputError(`the ${what} file ${file} has ${table.rowCount} rows but the ground_truth file ${args.groundTruth} has ${truth.table.rowCount}`, file, 'predict the same file you pass as --ground_truth');
  }
}

function labelIndex(labels: string[], label: string | null, row: number, feature: string, file: string): number {
  const index = labels.indexOf(label ?? '');
  if (index < 0) throw inputError(`row ${row + 1} of ${file}: ${feature} is '${label ?? ''}', which is not a label of the model (${labels.join(', ')})`, file);
  return index;
}

/** One file's probability columns of one output, for the kept rows of the ground truth. */
function probabilityRun(table: RawTable, file: string, model: string, feature: string, truth: GroundTruth, args: GroundTruthArgs): ProbabilityRun {
  const column = truthColumn(truth, args, feature);
  const prefix = `${feature}_probabilities_`;
  const columnLabels = table.columns.filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
  if (columnLabels.length < 2) {
    throw inputError(`the probabilities file ${file} has no ${prefix}<label> columns`, file, `write it with \`overture predict --model OUT/model --dataset … --output ${path.basename(file)}\`; the output must be a binary or category output`);
  }
  sameRows(table, file, 'probabilities', truth, args);
  const labels = labelOrder(feature, columnLabels, truth.metadata);
  const k = labels.length;
  const probabilities = new Float32Array(truth.keep.length * k);
  const targets = new Int32Array(truth.keep.length);
  truth.keep.forEach((row, r) => {
    targets[r] = labelIndex(labels, column[row], row, feature, args.groundTruth);
    labels.forEach((l, c) => { probabilities[r * k + c] = Number(table.data[prefix + l][row]); });
  });
  return { model, feature, labels, probabilities, targets };
}

/**
 * Reads `overture predict` files (`<output>_probabilities_<label>` columns) and the data they
 * were predicted from. Rows pair up in order; with a `split` column in the ground truth (or a
 * --split_file) only the rows of `split` are kept (Ludwig's --ground_truth_split, test by default).
 */
export async function readProbabilityRuns(args: GroundTruthArgs & { probabilities: string[]; feature: string }): Promise<ProbabilityRun[]> {
  const truth = await readGroundTruth(args);
  truthColumn(truth, args, args.feature);
  const runs: ProbabilityRun[] = [];
  for (const [i, file] of args.probabilities.entries()) {
    const table = await readTableFile(file, 'probabilities');
    runs.push(probabilityRun(table, file, args.models[i] ?? modelName(file, i), args.feature, truth, args));
  }
  return runs;
}

/** The probabilities of several outputs from one model's file (the two-threshold charts), same rows for each. */
export async function readThresholdRuns(args: GroundTruthArgs & { probabilities: string; features: string[] }): Promise<ProbabilityRun[]> {
  const truth = await readGroundTruth(args);
  const table = await readTableFile(args.probabilities, 'probabilities');
  const model = args.models[0] ?? modelName(args.probabilities, 0);
  return args.features.map((feature) => probabilityRun(table, args.probabilities, model, feature, truth, args));
}

/**
 * Labels of predicted-label files: training_set_metadata.json's order (idx2str, or bool2str for
 * a binary output) when given, else by frequency in the ground truth (Ludwig's idx2str order), then
 * labels only the models predicted.
 */
function predictionLabels(feature: string, truth: (string | null)[], predicted: (string | null)[][], metadata: Record<string, unknown> | null): string[] {
  const entry = metadata?.[feature];
  const vocab = isRecord(entry) ? (Array.isArray(entry.idx2str) ? entry.idx2str : Array.isArray(entry.bool2str) ? entry.bool2str : null) : null;
  const counts = new Map<string, number>();
  for (const v of truth) counts.set(v ?? '', (counts.get(v ?? '') ?? 0) + 1);
  const seen = vocab ? (vocab as unknown[]).map(String) : [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  for (const column of predicted) for (const v of column) if (!seen.includes(v ?? '')) seen.push(v ?? '');
  for (const l of counts.keys()) if (!seen.includes(l)) seen.push(l);
  return seen;
}

/** Reads `overture predict` files' `<output>_predictions` column and the ground truth it is compared to. */
export async function readPredictionRuns(args: GroundTruthArgs & { predictions: string[]; feature: string }): Promise<PredictionRun[]> {
  const truth = await readGroundTruth(args);
  const column = truthColumn(truth, args, args.feature);
  const name = `${args.feature}_predictions`;
  const tables: (string | null)[][] = [];
  for (const file of args.predictions) {
    const table = await readTableFile(file, 'predictions');
    const predicted = table.data[name];
    if (!predicted) throw inputError(`the predictions file ${file} has no ${name} column`, file, `write it with \`overture predict --model OUT/model --dataset … --output ${path.basename(file)}\`; columns are: ${table.columns.join(', ')}`);
    sameRows(table, file, 'predictions', truth, args);
    tables.push(predicted);
  }
  const kept = (values: (string | null)[]) => truth.keep.map((row) => values[row]);
  const labels = predictionLabels(args.feature, kept(column), tables.map(kept), truth.metadata);
  const targets = Int32Array.from(truth.keep, (row) => labelIndex(labels, column[row], row, args.feature, args.groundTruth));
  return tables.map((predicted, i) => ({
    model: args.models[i] ?? modelName(args.predictions[i], i),
    feature: args.feature,
    labels,
    predicted: Int32Array.from(truth.keep, (row) => labelIndex(labels, predicted[row], row, args.feature, args.predictions[i])),
    targets,
  }));
}

/** A model's label in legends when --model_names is not given: its file's folder, else its position. */
export function modelName(file: string, index: number): string {
  const dir = path.basename(path.dirname(path.resolve(file)));
  return dir && dir !== '.' ? dir : `model_${index + 1}`;
}
