import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type LossBalancingStrategy } from '@overture/config';
import type { ParameterStore } from './parameters.js';

export interface OutputLoss {
  name: string;
  /** The output's `loss.weight`. */
  weight: number;
  value: tf.Scalar;
}

/**
 * Combines the output losses into the training loss (Ludwig `trainer.loss_balancing`).
 * `afterStep` is Ludwig's `post_step`: called after each optimizer update with that batch's
 * (unweighted) output losses, for strategies that move their weights outside the gradient.
 */
export type LossBalancer = ((losses: OutputLoss[]) => tf.Scalar) & { afterStep?: (losses: Record<string, number>) => void };

export interface LossBalancerOptions {
  /** `trainer.loss_balancing_lr`: famo's step on its log-weights. */
  lr: number;
}

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
export function createLossBalancer(strategy: LossBalancingStrategy, outputNames: string[], params: ParameterStore, options: LossBalancerOptions = { lr: 0.01 }): LossBalancer {
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
    case 'famo':
      return famo(outputNames, params, options.lr);
    case 'nash_mtl':
      return nashMtl(outputNames, params);
    case 'gradnorm': case 'pareto_mtl':
      // Config validation refuses these; a config that skipped it fails here, not silently.
      throw new OvertureError('unsupported', `loss_balancing: ${strategy} is a Ludwig loss balancing strategy that Overture does not support yet`);
  }
}

/**
 * Ludwig's FAMOLossBalancer (its reading of Liu et al., NeurIPS 2023): one log-weight z per output
 * (`loss_balancing.famo_log_weight.<output>`, starting at 0, a model parameter the optimizer also
 * moves), the loss Σ w·softmax(z)·L, and after each update z += lr·(L_now / (L_before + 1e-8) − 1)
 * for an output whose previous loss was above 0, so an output whose loss rose gains weight. As in
 * Ludwig, L_before is the previous step's (another batch), and loss_balancing_alpha is unused.
 */
function famo(outputNames: string[], params: ParameterStore, lr: number): LossBalancer {
  const logWeights = outputNames.map((name) => params.create(`loss_balancing.famo_log_weight.${name}`, [], new Float32Array(1)));
  let previous: Record<string, number> | null = null;
  const balancer: LossBalancer = (losses) => {
    // softmax over the scalars as exp / Σ exp: a gather's gradient has no wasm kernel.
    const exps = logWeights.map((z) => tf.exp(z) as tf.Scalar);
    const total = sum(exps);
    return sum(losses.map((l) => weighted(l, tf.mul(tf.div(exps[outputNames.indexOf(l.name)], total), l.value) as tf.Scalar)));
  };
  balancer.afterStep = (losses) => {
    if (previous) {
      outputNames.forEach((name, i) => {
        const now = losses[name];
        const before = previous![name] ?? now;
        if (before > 0) tf.tidy(() => logWeights[i].assign(tf.add(logWeights[i], lr * (now / (before + 1e-8) - 1))));
      });
    }
    previous = Object.fromEntries(outputNames.map((name) => [name, losses[name]]));
  };
  return balancer;
}

/**
 * Ludwig's NashMTLLossBalancer: not the bargaining solve of Navon et al. (ICML 2022) but its
 * stand-in, a weight a per output (`loss_balancing.nash_weight.<output>`, starting at 1/n, a model
 * parameter the optimizer also moves), the loss Σ |a|·w·L, and after each update an exponential
 * moving average (rate 0.1) of a toward the normalized inverse losses (1/(L + 1e-8)) / Σ, which
 * gives an output with a small loss more weight.
 */
function nashMtl(outputNames: string[], params: ParameterStore): LossBalancer {
  const UPDATE_RATE = 0.1;
  const weights = outputNames.map((name) => params.create(`loss_balancing.nash_weight.${name}`, [], Float32Array.of(1 / outputNames.length)));
  const balancer: LossBalancer = (losses) => sum(losses.map((l) => weighted(l, tf.mul(tf.abs(weights[outputNames.indexOf(l.name)]), l.value) as tf.Scalar)));
  balancer.afterStep = (losses) => {
    const inverse = outputNames.map((name) => 1 / (losses[name] + 1e-8));
    const total = inverse.reduce((a, b) => a + b, 0);
    outputNames.forEach((_, i) => {
      tf.tidy(() => weights[i].assign(tf.add(tf.mul(weights[i], 1 - UPDATE_RATE), UPDATE_RATE * (inverse[i] / total))));
    });
  };
  return balancer;
}
