import { isPlainObject } from '../defaults.js';
import { blockAt, type Obj, type UpgradeContext } from './context.js';

/** Ludwig 0.7 moved these trainer keys into `trainer.learning_rate_scheduler` (old name → new name). */
export const schedulerMoves: Record<string, string> = {
  reduce_learning_rate_on_plateau: 'reduce_on_plateau',
  reduce_learning_rate_on_plateau_patience: 'reduce_on_plateau_patience',
  reduce_learning_rate_on_plateau_rate: 'reduce_on_plateau_rate',
  reduce_learning_rate_eval_metric: 'reduce_eval_metric',
  reduce_learning_rate_eval_split: 'reduce_eval_split',
  decay: 'decay',
  decay_steps: 'decay_steps',
  decay_rate: 'decay_rate',
  staircase: 'staircase',
  learning_rate_warmup_epochs: 'warmup_evaluations',
};

function convertSchedulerValue(oldKey: string, value: unknown): unknown {
  // `decay` was a boolean (exponential decay on or off); it names the schedule now.
  if (oldKey === 'decay' && typeof value === 'boolean') return value ? 'exponential' : null;
  // `reduce_learning_rate_on_plateau` was a boolean or a count; it is the number of reductions now.
  if (oldKey === 'reduce_learning_rate_on_plateau' && typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Upgrades `trainer` in place (Ludwig 0.5–0.7 forms). */
export function upgradeTrainer(config: Obj, up: UpgradeContext): void {
  const trainer = config.trainer;
  if (!isPlainObject(trainer)) return;
  if (trainer.eval_batch_size === 0) {
    trainer.eval_batch_size = null;
    up.warn('trainer.eval_batch_size', `${up.written('trainer.eval_batch_size')}: 0 is the legacy spelling of null (use batch_size); upgraded.`);
  }
  up.moveKey(trainer, 'increase_batch_size_on_plateau_max', 'trainer.increase_batch_size_on_plateau_max', trainer, 'max_batch_size', 'trainer.max_batch_size',
    `${up.written('trainer.increase_batch_size_on_plateau_max')} is now trainer.max_batch_size; upgraded.`);
  // `type: trainer` is still valid (and what a resolved config carries); other values were Ludwig 0.6 trainer kinds.
  if (config.model_type !== 'llm' && trainer.type !== undefined && trainer.type !== 'trainer') {
    up.drop(trainer, 'type', 'trainer.type', `${up.written('trainer.type')} was removed from Ludwig (model_type decides the trainer); removed.`);
  }
  up.drop(trainer, 'shuffle_buffer_size', 'trainer.shuffle_buffer_size',
    `${up.written('trainer.shuffle_buffer_size')} was removed from Ludwig (the whole training set is shuffled each epoch); dropped.`);
  upgradeExampleSpellings(trainer, up);
  const present = Object.keys(schedulerMoves).filter((k) => k in trainer);
  if (present.length === 0) return;
  const scheduler = blockAt(trainer, 'learning_rate_scheduler');
  if (!scheduler) return;
  for (const old of present) {
    const next = schedulerMoves[old];
    up.moveKey(trainer, old, `trainer.${old}`, scheduler, next, `trainer.learning_rate_scheduler.${next}`,
      `${up.written(`trainer.${old}`)} is now trainer.learning_rate_scheduler.${next}; moved.`, (v) => convertSchedulerValue(old, v));
  }
}

/**
 * Two spellings in Ludwig's own example configs (examples/optimizers, the time-series examples) that
 * its schema does not have: `optimizer.lr` (only adafactor has one) and `learning_rate_scheduler.type`
 * (the field is `decay`). Ludwig drops unknown keys with a warning, so there the written rate and
 * schedule never apply; here they mean what they say, moved to the fields that do it (a different
 * value already there is a conflict to resolve, not a guess).
 */
function upgradeExampleSpellings(trainer: Obj, up: UpgradeContext): void {
  const optimizer = trainer.optimizer;
  if (isPlainObject(optimizer) && optimizer.type !== 'adafactor') {
    up.moveKey(optimizer, 'lr', 'trainer.optimizer.lr', trainer, 'learning_rate', 'trainer.learning_rate',
      `${up.written('trainer.optimizer.lr')}: Ludwig's ${typeof optimizer.type === 'string' ? optimizer.type : 'optimizer'} has no lr (Ludwig ignores it); it is trainer.learning_rate; moved.`);
  }
  const scheduler = trainer.learning_rate_scheduler;
  if (isPlainObject(scheduler)) {
    up.moveKey(scheduler, 'type', 'trainer.learning_rate_scheduler.type', scheduler, 'decay', 'trainer.learning_rate_scheduler.decay',
      `${up.written('trainer.learning_rate_scheduler.type')}: Ludwig's scheduler field is decay (Ludwig ignores type); moved.`);
  }
}

/** Upgrades `combiner` in place: `fc_size` is `output_size` (Ludwig 0.5). */
export function upgradeCombiner(config: Obj, up: UpgradeContext): void {
  const combiner = config.combiner;
  if (!isPlainObject(combiner)) return;
  up.moveKey(combiner, 'fc_size', 'combiner.fc_size', combiner, 'output_size', 'combiner.output_size', 'combiner.fc_size is now combiner.output_size; upgraded.');
  up.drop(combiner, 'weight_regularization', 'combiner.weight_regularization',
    'weight_regularization was removed from Ludwig (regularize through trainer.regularization_type and regularization_lambda); dropped.');
  if (combiner.type === 'tabnet') {
    // Options of Ludwig 0.4's TensorFlow TabNet, which Ludwig's examples still carry.
    up.drop(combiner, 'bn_virtual_divider', 'combiner.bn_virtual_divider',
      'combiner.bn_virtual_divider was removed from Ludwig (bn_virtual_bs sets the ghost batch size); dropped.');
    up.drop(combiner, 'use_keras_batch_norm', 'combiner.use_keras_batch_norm',
      'combiner.use_keras_batch_norm was removed from Ludwig (TabNet uses ghost batch norm); dropped.');
    // Ludwig's higgs_best.yaml writes it; its TabNetCombinerConfig has no such field and its schema lets the key pass unread.
    up.drop(combiner, 'num_fc_layers', 'combiner.num_fc_layers',
      "combiner.num_fc_layers is not a parameter of Ludwig's tabnet combiner (its steps end in one projection to output_size), which ignores it; dropped.");
  }
}
