import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import type { RawTable } from '../data/index.js';
import { EcdModel } from '../model/ecd.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { OnnxGraph } from './onnx-graph.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * Serving refuses graphs with ops whose output size is read from data (packages/serving
 * onnx-check: Expand, Tile, ConstantOfShape, Range, …), so the attention layers must broadcast
 * without them. The list is serving's; the trainer cannot import it.
 */
const DATA_SIZED_OPS = new Set(['ConstantOfShape', 'Expand', 'Tile', 'Range', 'Pad', 'Resize', 'Upsample', 'OneHot', 'EyeLike', 'MaxUnpool', 'Col2Im']);

const table: RawTable = {
  columns: ['x1', 'x2', 'color', 'review', 'label'],
  rowCount: 8,
  data: {
    x1: ['1', '2', '3', '4', '5', '6', '7', '8'],
    x2: ['0.5', '0.1', '0.3', '0.2', '0.9', '0.7', '0.4', '0.6'],
    color: ['red', 'blue', 'red', 'green', 'blue', 'red', 'green', 'blue'],
    review: ['good film', 'bad', 'very good plot', 'bad actors', 'good', 'bad bad', 'the plot', 'good and bad'],
    label: ['yes', 'no', 'yes', 'no', 'yes', 'no', 'no', 'yes'],
  },
};

const attention = { hidden_size: 8, num_heads: 2, transformer_output_size: 8 };

describe('exported attention models use only ops serving accepts', () => {
  it.each([
    ['transformer combiner', { type: 'transformer', ...attention }, 'tf_idf'],
    ['ft_transformer combiner', { type: 'ft_transformer', ...attention }, 'tf_idf'],
    ['tabtransformer combiner, concatenated feature-name embeddings', { type: 'tabtransformer', ...attention, embed_input_feature_name: 2 }, 'tf_idf'],
    ['transformer text encoder', { type: 'concat' }, 'transformer'],
  ])('%s', (_, combiner, textEncoder) => {
    const { config } = resolveConfig({
      input_features: [
        { name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' },
        { name: 'review', type: 'text', encoder: textEncoder === 'tf_idf' ? { type: 'tf_idf' } : { type: 'transformer', ...attention } },
      ],
      output_features: [{ name: 'label', type: 'binary' }],
      combiner,
    });
    const { metadata } = preprocessForTraining(table, config, { seed: 1 });
    const model = new EcdModel(config, metadata, 1);
    try {
      const graph = new OnnxGraph(model.params.snapshot());
      model.exportOnnx(graph);
      const ops = new Set(graph.nodes.map((n) => n.op));
      expect(ops.has('MatMul')).toBe(true);
      expect([...ops].filter((op) => DATA_SIZED_OPS.has(op))).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});
