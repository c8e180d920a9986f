/**
 * Ludwig's multi-letter short flags for `visualize` (`-trs`, `-ofn`: argparse allows them,
 * commander does not), rewritten to our long names before parsing. Single-letter ones
 * (`-v`, `-g`, `-k`, `-n`, `-m`) are declared on the command itself.
 */
export const visualizeShortFlags: Record<string, string> = {
  '-trs': '--training-statistics',
  '-tes': '--test-statistics',
  '-prob': '--probabilities',
  '-pred': '--predictions',
  '-gm': '--ground-truth-metadata',
  '-gts': '--ground-truth-split',
  '-sf': '--split-file',
  '-od': '--output-directory',
  '-ff': '--file-format',
  '-ofn': '--output-feature-name',
  '-tf': '--threshold-output-feature-names',
  '-hs': '--hyperopt-stats-path',
  '-mn': '--model-names',
  '-tn': '--top-n-classes',
  '-ll': '--labels-limit',
  '-ss': '--subset',
  '-pl': '--positive-label',
};

