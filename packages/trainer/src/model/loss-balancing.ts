import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type LossBalancingStrategy } from '@overture/config';
import type { ParameterStore } from './parameters.js';

export interface OutputLoss {
  name: string;
  /** The output's `loss.weight`. */
  weight: number;
  value: tf.Scalar;
}

/** Combines the output losses into the training loss (Ludwig `trainer.loss_balancing`). */
export type LossBalancer = (losses: OutputLoss[]) => tf.Scalar;

/** Kendall et al. clamp nothing; Ludwig clamps the log-variance so exp(−s) neither overflows nor vanishes. */
const LOG_VAR_LIMIT = 20;

const weighted = (l: OutputLoss, value: tf.Scalar): tf.Scalar => (l.weight === 1 ? value : (tf.mul(value, l.weight) as tf.Scalar));
const sum = (terms: tf.Scalar[]): tf.Scalar => (terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Scalar));

/**
 * The strategies Overture trains with. `uncertainty` (Kendall, Gal & Cipolla, CVPR 2018,
 * homoscedastic task uncertainty) learns one log-variance s per output, a model parameter
 * (`loss_balancing.log_var.<output>`, starting at 0) that the optimizer updates with the rest:
 * the loss is Σ w·(e^(−s)·L + s/2), so an output whose loss stays large is down-weighted and
 * the s/2 term keeps the weights from collapsing to zero.
 */
export function createLossBalancer(strategy: LossBalancingStrategy, outputNames: string[], params: ParameterStore): LossBalancer {
  switch (strategy) {
    case 'none':
      return (losses) => sum(losses.map((l) => weighted(l, l.value)));
    case 'log_transform':
      // DB-MTL's compression: log(1 + L) keeps an output with large losses from dominating.
      return (losses) => sum(losses.map((l) => weighted(l, tf.log1p(l.value) as tf.Scalar)));
    case 'uncertainty': {
      const logVars = new Map(outputNames.map((name) => [name, params.create(`loss_balancing.log_var.${name}`, [], new Float32Array(1))]));
      return (losses) => sum(losses.map((l) => {
        const s = tf.clipByValue(logVars.get(l.name)!, -LOG_VAR_LIMIT, LOG_VAR_LIMIT);
        return weighted(l, tf.add(tf.mul(tf.exp(tf.neg(s)), l.value), tf.mul(s, 0.5)) as tf.Scalar);
      }));
    }
    case 'famo': case 'gradnorm': case 'nash_mtl': case 'pareto_mtl':
      // Config validation refuses these; a config that skipped it fails here, not silently.
      throw new OvertureError('unsupported', `loss_balancing: ${strategy} is a Ludwig loss balancing strategy that Overture does not support yet`);
  }
}
