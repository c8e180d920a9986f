import { optimizerTypes, resolveConfig, type OptimizerType } from '@overture/config';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { splitRows } from '../training/batches.js';
import { toyTable } from '../test-support/toy-table.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { trainModel } from '../training/train.js';
import { ScheduleFreeAdamW } from './schedule-free-adamw.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Each optimizer with a learning rate of its usual range (Ludwig's docs: muon ~0.02, adadelta ~1; adafactor's relative step ignores it). */
const settings = {
  adam: { lr: 0.01 }, adamw: { lr: 0.01, optimizer: { weight_decay: 0.01 } }, sgd: { lr: 0.1, optimizer: { momentum: 0.9 } },
  rmsprop: { lr: 0.01 }, adagrad: { lr: 0.1 }, adadelta: { lr: 1 }, adamax: { lr: 0.02 }, nadam: { lr: 0.01 }, radam: { lr: 0.03 },
  adafactor: { lr: 0.01 }, schedule_free_adamw: { lr: 0.01 }, muon: { lr: 0.02 },
  // Ludwig's example runs L-BFGS at learning_rate 1; a few iterations per batch.
  lbfgs: { lr: 1, optimizer: { max_iter: 4 } },
} satisfies Record<OptimizerType, { lr: number; optimizer?: object }>;

async function trainWith(type: OptimizerType, learningRate: number, extra: object = {}) {
  const config = resolveConfig({
    input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }],
    output_features: [{ name: 'label', type: 'binary' }],
    combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
    trainer: { epochs: 12, batch_size: 32, learning_rate: learningRate, early_stop: -1, optimizer: { type, ...extra } },
  }).config;
  const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    const rows = splitRows(dataset, 0);
    return evaluateSplit(outcome.model, dataset, metadata, rows, 256).label;
  } finally {
    outcome.model.dispose();
  }
}

describe('every optimizer trains a small model', () => {
  // The label is a noisy linear rule: an untrained model scores loss ≈ 0.69 and accuracy ≈ 0.5,
  // a model that learnt it < 0.4 and > 0.85; a sign error or a step of the wrong size stays far off.
  for (const type of optimizerTypes) {
    it(`${type} reaches a training loss below 0.4 and accuracy above 0.85`, async () => {
      const { lr, ...rest } = settings[type];
      const metrics = await trainWith(type, lr, 'optimizer' in rest ? rest.optimizer : {});
      expect(metrics.loss).toBeLessThan(0.4);
      expect(metrics.accuracy).toBeGreaterThan(0.85);
    });
  }
});

describe('schedule_free_adamw in the training loop', () => {
  it('evaluates, selects and returns the averaged weights x, and trains at y', async () => {
    const calls: string[] = [];
    const original = { enter: ScheduleFreeAdamW.prototype.useEvaluationWeights, leave: ScheduleFreeAdamW.prototype.useTrainingWeights };
    const spyEnter = vi.spyOn(ScheduleFreeAdamW.prototype, 'useEvaluationWeights').mockImplementation(function (this: ScheduleFreeAdamW, p) {
      calls.push('x');
      original.enter.call(this, p);
    });
    const spyLeave = vi.spyOn(ScheduleFreeAdamW.prototype, 'useTrainingWeights').mockImplementation(function (this: ScheduleFreeAdamW, p) {
      calls.push('y');
      original.leave.call(this, p);
    });
    try {
      const metrics = await trainWith('schedule_free_adamw', 0.01);
      // 12 evaluations (one per epoch), each at x and back to y, then x for the model handed back.
      expect(calls).toEqual([...Array.from({ length: 12 }, () => ['x', 'y']).flat(), 'x']);
      expect(metrics.accuracy).toBeGreaterThan(0.85);
    } finally {
      spyEnter.mockRestore();
      spyLeave.mockRestore();
    }
  });
});
