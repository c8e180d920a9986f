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

/**
 * Reads `overture predict` files (`<output>_probabilities_<label>` columns) and the data they
 * were predicted from. Rows pair up in order; with a `split` column in the ground truth only the
 * rows of `split` are kept (Ludwig's --ground_truth_split, test by default).
 */
export async function readProbabilityRuns(args: {
  probabilities: string[]; groundTruth: string; metadata?: string; feature: string; models: string[]; split: number;
}): Promise<ProbabilityRun[]> {
  const truth = await readTableFile(args.groundTruth, 'ground_truth');
  const column = truth.data[args.feature];
  if (!column) throw inputError(`the ground_truth file ${args.groundTruth} has no column ${args.feature}`, args.groundTruth, `columns are: ${truth.columns.join(', ')}`);
  const metadata = args.metadata ? await readJsonFile(args.metadata, 'ground_truth_metadata') : null;
  const splitColumn = truth.data.split;
  const splitNames = ['train', 'training', 'validation', 'val', 'valid', 'test'];
  const splitIndex = (v: string | null) => {
    const s = (v ?? '').trim().toLowerCase();
    const named = splitNames.indexOf(s);
    return named < 0 ? Number(s) : named < 2 ? 0 : named < 5 ? 1 : 2;
  };
  const keep = [...Array(truth.rowCount).keys()].filter((row) => !splitColumn || splitIndex(splitColumn[row]) === args.split);
  const runs: ProbabilityRun[] = [];
  for (const [i, file] of args.probabilities.entries()) {
    const table = await readTableFile(file, 'probabilities');
    const prefix = `${args.feature}_probabilities_`;
    const columnLabels = table.columns.filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
    if (columnLabels.length < 2) {
      throw inputError(`the probabilities file ${file} has no ${prefix}<label> columns`, file, `write it with \`overture predict --model OUT/model --dataset … --output ${path.basename(file)}\`; --output_feature_name must be a binary or category output`);
    }
    if (table.rowCount !== truth.rowCount) {
      throw inputError(`the probabilities file ${file} has ${table.rowCount} rows but the ground_truth file ${args.groundTruth} has ${truth.rowCount}`, file, 'predict the same file you pass as --ground_truth');
    }
    const labels = labelOrder(args.feature, columnLabels, isRecord(metadata) ? metadata : null);
    const k = labels.length;
    const probabilities = new Float32Array(keep.length * k);
    const targets = new Int32Array(keep.length);
    keep.forEach((row, r) => {
      const label = column[row];
      const target = labels.indexOf(label ?? '');
      if (target < 0) throw inputError(`row ${row + 1} of ${args.groundTruth}: ${args.feature} is '${label ?? ''}', which is not a label of the model (${labels.join(', ')})`, args.groundTruth);
      targets[r] = target;
      labels.forEach((l, c) => { probabilities[r * k + c] = Number(table.data[prefix + l][row]); });
    });
    runs.push({ model: args.models[i] ?? path.basename(file, path.extname(file)), feature: args.feature, labels, probabilities, targets });
  }
  if (keep.length === 0) throw inputError(`the ground_truth file ${args.groundTruth} has no rows of split ${args.split}`, args.groundTruth, 'pick another --ground_truth_split (0 training, 1 validation, 2 test)');
  return runs;
}

/** A model's label in legends when --model_names is not given: its file's folder, else its position. */
export function modelName(file: string, index: number): string {
  const dir = path.basename(path.dirname(path.resolve(file)));
  return dir && dir !== '.' ? dir : `model_${index + 1}`;
}
