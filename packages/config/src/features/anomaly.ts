import { z } from 'zod';
import { doc } from '../common.js';
import { ZAnomalyDecoder } from '../decoders/anomaly.js';
import { ZAnomalyLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { outputFeatureBase } from './base.js';

/**
 * Ludwig's anomaly output has no preprocessing section: the target cell is a label, 0 (normal),
 * 1 (anomaly) or -1 / empty (unlabeled), and a missing column means every row is unlabeled
 * (fully unsupervised). The empty block keeps the feature's shape uniform with the other outputs.
 */
export const ZAnomalyPreprocessing = z.strictObject({});
export type AnomalyPreprocessing = z.output<typeof ZAnomalyPreprocessing>;

/**
 * Ludwig's `anomaly` output (Deep One-Class Classification): the anomaly score of a row is the
 * squared distance of its representation to a hypersphere centre; `threshold` turns it into an
 * is-anomaly prediction. Output-only, as in Ludwig.
 */
export const ZAnomalyOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('anomaly'),
  decoder: ZAnomalyDecoder.prefault({ type: 'anomaly' }),
  loss: ZAnomalyLoss.prefault({ type: 'deep_svdd' }),
  preprocessing: ZAnomalyPreprocessing.prefault({}),
  default_validation_metric: doc(
    z.enum(metricsByOutputType.anomaly).default('anomaly_auroc'),
    'Metric watched when this output drives early stopping. anomaly_auroc and f1_max need labeled (0 and 1) validation rows; without them the validation loss is watched.',
  ),
  threshold: doc(
    z.union([z.literal('auto'), z.number().min(0)]).default('auto'),
    "Score at or above which a row is predicted an anomaly. 'auto': the threshold_percentile-th percentile of the validation scores after training (the training scores when there is no validation split).",
    { commonly_used: true },
  ),
  threshold_percentile: doc(
    z.number().min(0).max(100).default(95),
    "Percentile of the validation scores that threshold: 'auto' takes (95: 5% of the validation rows are flagged). Ignored for a fixed threshold.",
  ),
});
