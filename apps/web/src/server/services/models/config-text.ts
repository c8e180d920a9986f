import { defaultConfigLimits, didYouMean, locateInText, OvertureError, parseConfigText, ProblemList, summarize, type ConfigLimits, type ResolveResult } from '@overture/config';

/**
 * Column names compared for did-you-mean per request: about 0.1 s. A dataset of 20,000 columns gets
 * suggestions for its first 25 missing columns; the rest are still listed, without one.
 */
const SUGGESTION_COMPARISONS = 500_000;

/**
 * For a config the platform wrote itself (auto-config from a profile): one feature per column of a
 * table up to the list cap (25,000 columns, ~1 MB of YAML). Still linear; only the size caps are wider.
 */
export const generatedConfigLimits: ConfigLimits = { ...defaultConfigLimits, maxTextLength: 4 * defaultConfigLimits.maxTextLength, maxNodes: 4 * defaultConfigLimits.maxNodes };

/** A path that is absolute or climbs out of the folder it is read in. */
function leavesFolder(file: string): boolean {
  return /^([\\/]|[a-zA-Z]:)/.test(file) || file.split(/[\\/]+/).includes('..') || file.includes('\0');
}

/**
 * Parses and resolves a config (schema errors come with path, line, column and suggestion from
 * parseConfigText, within its limits), then checks that every feature reads a column the dataset has.
 * Linear in features and columns: the did-you-mean over the columns runs for the first reported problems only.
 */
export function parseConfigForDataset(text: string, columns: string[] | null, limits: ConfigLimits = defaultConfigLimits): ResolveResult {
  const result = parseConfigText(text, 'yaml', limits);
  const problems = new ProblemList(limits.maxReportedProblems);
  for (const list of ['input_features', 'output_features'] as const) {
    result.config[list].forEach((feature, index) => {
      // vocab_file names a file on the worker's disk: from a member's config it would put a server file into a bundle.
      const vocabFile = (feature as { preprocessing?: { vocab_file?: string | null } }).preprocessing?.vocab_file;
      if (typeof vocabFile !== 'string') return;
      problems.add(() => ({ path: `${list}[${index}].preprocessing.vocab_file`, message: 'vocab_file reads a file on the server, which the platform does not allow; leave it out (the vocabulary is built from the data) or train with the CLI' }));
    });
  }
  result.config.input_features.forEach((feature, index) => {
    // pretrained_embeddings names a file an admin put in DATA_DIR/pretrained; the worker reads nothing else (and checks again).
    const file = (feature.encoder as { pretrained_embeddings?: string | null }).pretrained_embeddings;
    if (typeof file !== 'string' || !leavesFolder(file)) return;
    problems.add(() => ({ path: `input_features[${index}].encoder.pretrained_embeddings`, message: "on the platform, pretrained_embeddings is the name of a file in DATA_DIR/pretrained (no absolute path, no '..'); an admin places the files there" }));
  });
  const known = new Set(columns ?? []);
  let budget = SUGGESTION_COMPARISONS;
  const suggest = (column: string) => {
    if (!columns || budget < columns.length) return undefined;
    budget -= columns.length;
    return didYouMean(column, columns);
  };
  for (const list of ['input_features', 'output_features'] as const) {
    if (!columns) continue;
    result.config[list].forEach((feature, index) => {
      const column = (feature as { column?: string }).column ?? feature.name;
      if (known.has(column)) return;
      const key = (feature as { column?: string }).column !== undefined && column !== feature.name ? 'column' : 'name';
      problems.add(() => {
        const suggestion = suggest(column);
        return { path: `${list}[${index}].${key}`, message: `the dataset has no column '${column}'`, ...(suggestion ? { suggestion } : {}) };
      });
    });
  }
  if (problems.total > 0) {
    const details = locateInText(text, problems.items);
    throw new OvertureError('invalid_config', summarize(details, problems.total), details, problems.total);
  }
  return result;
}
