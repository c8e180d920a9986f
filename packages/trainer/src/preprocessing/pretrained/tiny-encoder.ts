import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OnnxGraph, attr } from '../../export/onnx-graph.js';
import { writeOnnxModel } from '../../export/onnx-writer.js';
import { SeededRandom } from '../../util/random.js';

/**
 * A tiny "BERT-like" pretrained encoder written as a Hugging Face ONNX export would be (model.onnx
 * with input_ids, attention_mask, token_type_ids → last_hidden_state and pooler_output,
 * tokenizer.json with a WordPiece vocabulary, config.json): token embedding + position embedding,
 * one tanh layer, one step mixing in the text's mean state, a tanh pooler over the first state. For tests and demos: nothing is downloaded.
 */
export interface TinyEncoderOptions {
  /** Words of the vocabulary (lowercase); [PAD], [UNK], [CLS], [SEP] come first. */
  words: readonly string[];
  hidden?: number;
  maxPositions?: number;
  seed?: number;
  /** config.json's hidden_size when it should disagree with the graph (a broken folder). */
  configHiddenSize?: number;
  /** Write model.onnx at the top (true) or under onnx/ (optimum's layout, default). */
  flat?: boolean;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

export async function writeTinyTextEncoder(directory: string, options: TinyEncoderOptions): Promise<void> {
  const hidden = options.hidden ?? 8;
  const positions = options.maxPositions ?? 64;
  const vocab = [...SPECIALS, ...options.words];
  const random = new SeededRandom(options.seed ?? 7);
  const normal = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random.next() * 2 - 1) * scale);
  const g = new OnnxGraph({
    token: { shape: [vocab.length, hidden], values: normal(vocab.length * hidden, 1) },
    position: { shape: [positions, hidden], values: normal(positions * hidden, 0.1) },
    kernel: { shape: [hidden, hidden], values: normal(hidden * hidden, 0.8) },
    bias: { shape: [hidden], values: normal(hidden, 0.1) },
    mix: { shape: [hidden, hidden], values: normal(hidden * hidden, 0.3) },
    pooler: { shape: [hidden, hidden], values: normal(hidden * hidden, 0.8) },
  });
  const ids = g.addInput('input_ids', 'int64', 0, ['batch', 'sequence']);
  const mask = g.addInput('attention_mask', 'int64', 0, ['batch', 'sequence']);
  g.addInput('token_type_ids', 'int64', 0, ['batch', 'sequence']);
  const tokens = g.op('Gather', [g.param('token'), ids], { axis: attr.int(0) });
  const steps = g.op('Gather', [g.op('Shape', [ids]), g.constant([1], [], 'int64')], { axis: attr.int(0) });
  const range = g.op('Range', [g.constant([0], [], 'int64'), steps, g.constant([1], [], 'int64')]);
  const x = g.op('Add', [tokens, g.op('Gather', [g.param('position'), range], { axis: attr.int(0) })]);
  // Padding steps answer zeros, so a reduction that counted them would show.
  const keep = g.op('Unsqueeze', [g.op('Cast', [mask], { to: attr.int(1) }), g.constant([-1], [1], 'int64')]);
  const first = g.op('Mul', [g.op('Tanh', [g.op('Add', [g.op('MatMul', [x, g.param('kernel')]), g.param('bias')])]), keep]);
  // One mixing step (the masked mean of the text's states) so that every state, [CLS]'s too, sees the whole text, as attention would.
  const steps1 = g.constant([1], [1], 'int64');
  const context = g.op('Div', [g.op('ReduceSum', [first, steps1], { keepdims: attr.int(1) }), g.op('ReduceSum', [keep, steps1], { keepdims: attr.int(1) })]);
  const last = g.op('Mul', [g.op('Tanh', [g.op('Add', [first, g.op('MatMul', [context, g.param('mix')])])]), keep]);
  g.addOutput('last_hidden_state', last, hidden, ['batch', 'sequence', hidden]);
  const cls = g.op('Squeeze', [g.op('Slice', [last, g.constant([0], [1], 'int64'), g.constant([1], [1], 'int64'), g.constant([1], [1], 'int64')]), g.constant([1], [1], 'int64')]);
  g.addOutput('pooler_output', g.op('Tanh', [g.op('MatMul', [cls, g.param('pooler')])]), hidden, ['batch', hidden]);
  const onnxFile = options.flat ? path.join(directory, 'model.onnx') : path.join(directory, 'onnx', 'model.onnx');
  await fs.mkdir(path.dirname(onnxFile), { recursive: true });
  await fs.writeFile(onnxFile, writeOnnxModel(g, { description: 'tiny test encoder' }));
  const id = (t: string) => vocab.indexOf(t);
  const special = (t: string) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
  await fs.writeFile(path.join(directory, 'tokenizer.json'), JSON.stringify(tokenizer));
  await fs.writeFile(path.join(directory, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, model_max_length: positions, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }));
  await fs.writeFile(path.join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: options.configHiddenSize ?? hidden, vocab_size: vocab.length, max_position_embeddings: positions }));
}
