import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

const inputs = [{ name: 'ticket', type: 'text' }, { name: 'channel', type: 'category' }];
const config = (output: Record<string, unknown>, input_features: unknown[] = inputs) => ({
  input_features,
  output_features: [{ name: 'reply', type: 'text', ...output }],
});
const messages = (raw: unknown) => catchOvertureError(() => resolveConfig(raw)).details.map((d) => `${d.path}: ${d.message}`);

describe('text and sequence output features (the tagger and the generator train; transformer_generator is refused)', () => {
  it("resolve Ludwig's default generator decoder with Ludwig's defaults and the sequence loss, and refuse transformer_generator by name", () => {
    const resolved = resolveConfig(config({})).config;
    expect(resolved.output_features[0]).toMatchObject({
      decoder: {
        type: 'generator', cell_type: 'gru', input_size: 256, reduce_input: 'sum', num_layers: 1,
        teacher_forcing_decay: 'none', teacher_forcing_decay_rate: 0.01, beam_width: 1, beam_length_penalty: 1,
        vocab_size: null, max_sequence_length: null,
      },
      loss: { type: 'sequence_softmax_cross_entropy', weight: 1 },
    });
    expect(resolved.trainer).toMatchObject({ validation_field: 'reply', validation_metric: 'loss' });
    expect(messages({ ...config({}), output_features: [{ name: 'reply', type: 'sequence', decoder: { type: 'transformer_generator' } }] })).toEqual([
      "output_features[0].decoder.type: 'transformer_generator' is a Ludwig sequence decoder that Overture does not support yet (feature 'reply'): use decoder: {type: generator} (a recurrent decoder, Ludwig's default) or {type: tagger} to tag each token of a text or sequence input",
    ]);
    expect(messages(config({ decoder: { type: 'tagger' }, loss: { type: 'next_token_softmax_cross_entropy' } }))).toContainEqual(
      "output_features[0].loss.type: 'next_token_softmax_cross_entropy' is a Ludwig text loss that Overture does not support yet (feature 'reply'); use sequence_softmax_cross_entropy",
    );
  });

  it('resolve a generator fed by a category output (dependencies) and a combined sequence it reduces', () => {
    const resolved = resolveConfig({
      input_features: [{ name: 'words', type: 'sequence', encoder: { type: 'embed', reduce_output: null } }],
      output_features: [
        { name: 'intent', type: 'category' },
        { name: 'reply', type: 'text', dependencies: ['intent'], decoder: { type: 'generator', cell_type: 'lstm', num_layers: 2, reduce_input: 'mean' } },
      ],
    }).config;
    expect(resolved.output_features[1]).toMatchObject({ dependencies: ['intent'], decoder: { type: 'generator', cell_type: 'lstm', num_layers: 2, reduce_input: 'mean' } });
  });

  it('resolve a tagger over an input that keeps its sequence with the sequence_concat combiner, validated on the loss', () => {
    const raw = {
      input_features: [{ name: 'words', type: 'sequence', encoder: { type: 'embed', reduce_output: null } }, { name: 'channel', type: 'category' }],
      output_features: [{ name: 'tags', type: 'sequence', decoder: { type: 'tagger' } }],
      combiner: { type: 'sequence_concat' },
    };
    const resolved = resolveConfig(raw).config;
    expect(resolved.combiner).toEqual({ type: 'sequence_concat', main_sequence_feature: null, reduce_output: null });
    expect(resolved.output_features[0]).toMatchObject({
      decoder: { type: 'tagger', use_attention: false, use_bias: true, attention_embedding_size: 256, attention_num_heads: 8 },
      loss: { type: 'sequence_softmax_cross_entropy', weight: 1 },
      reduce_input: 'sum',
    });
    expect(resolved.trainer).toMatchObject({ validation_field: 'tags', validation_metric: 'loss' });
    expect(resolveConfig({ ...raw, trainer: { validation_metric: 'token_accuracy' } }).config.trainer.validation_metric).toBe('token_accuracy');
  });

  it('refuse a sequence that no combiner keeps, a reducing sequence_concat under a tagger, and a main_sequence_feature that keeps none', () => {
    const words = { name: 'words', type: 'sequence', encoder: { type: 'embed', reduce_output: null } };
    const tagger = [{ name: 'tags', type: 'sequence', decoder: { type: 'tagger' } }];
    // Ludwig's concat passes one lone sequence through; beside other inputs it cannot.
    expect(resolveConfig({ input_features: [words], output_features: tagger }).config.combiner.type).toBe('concat');
    const withConcat = catchOvertureError(() => resolveConfig({ input_features: [words, { name: 'x', type: 'number' }], output_features: tagger }));
    expect(withConcat.code).toBe('unsupported');
    expect(withConcat.details).toEqual([{
      path: 'input_features[0].encoder.reduce_output',
      message: "reduce_output null (the whole sequence) with the concat combiner is a Ludwig combination that Overture does not support yet (feature 'words', beside other inputs); use combiner: {type: sequence_concat}, or reduce the sequence (sum, mean, max, concat, last)",
    }]);
    expect(messages({ input_features: [words], output_features: tagger, combiner: { type: 'transformer' } })).toEqual([
      "input_features[0].encoder.reduce_output: reduce_output null (the whole sequence) with the transformer combiner is a Ludwig combination that Overture does not support yet (feature 'words'); use combiner: {type: sequence_concat}, or reduce the sequence (sum, mean, max, concat, last)",
    ]);
    expect(messages({ input_features: [words], output_features: tagger, combiner: { type: 'sequence_concat', reduce_output: 'sum' } })).toEqual([
      "combiner.reduce_output: the tagger decoder of 'tags' needs the combined sequence, but the sequence_concat combiner reduces it (reduce_output: sum); set combiner.reduce_output: null",
    ]);
    expect(messages({ input_features: [words, { name: 'x', type: 'number' }], output_features: tagger, combiner: { type: 'sequence_concat', main_sequence_feature: 'x' } })).toEqual([
      "combiner.main_sequence_feature: main_sequence_feature 'x' must name a text, sequence or timeseries input whose encoder keeps its sequence (reduce_output: null); such inputs: 'words'",
    ]);
    expect(messages({ input_features: [{ name: 'a', type: 'audio', encoder: { type: 'rnn', reduce_output: null } }, words], output_features: tagger, combiner: { type: 'sequence_concat' } })).toEqual([
      "input_features[0].encoder.reduce_output: reduce_output null on an audio encoder (the frames kept as a sequence) is a Ludwig option that Overture does not support yet (feature 'a'); reduce the frames (last, sum, mean, max, concat, attention)",
    ]);
    expect(messages({ input_features: [{ name: 'ts', type: 'timeseries', encoder: { type: 'transformer', reduce_output: null } }, words], output_features: tagger, combiner: { type: 'sequence_concat' } })).toEqual([
      "input_features[0].encoder.reduce_output: reduce_output null on the transformer encoder of a timeseries is a Ludwig option that Overture does not support yet (feature 'ts'); reduce the steps (last, sum, mean, max, concat, attention)",
    ]);
    expect(messages({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'number' }], combiner: { type: 'sequence_concat' } })).toEqual([
      'combiner.type: the sequence_concat combiner needs an input whose encoder keeps its sequence: set reduce_output: null on the encoder of a text, sequence or timeseries input (Ludwig: "No sequence feature available for sequence combiner")',
    ]);
  });

  it('check the generator decoder: a beam_width below 1 is an error naming the field', () => {
    for (const beam_width of [0, -2]) {
      expect(messages(config({ decoder: { type: 'generator', beam_width } }))).toContainEqual(
        'output_features[0].decoder.beam_width: beam_width must be at least 1 (1 is greedy decoding, more keeps that many candidate sequences per step)',
      );
    }
    expect(messages(config({ decoder: { type: 'generator', beam_width: 1.5 } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.decoder\.beam_width: /));
    expect(messages(config({ decoder: { type: 'generator', cell_type: 'transformer' } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.decoder\.cell_type/));
    // Beam search is refused by name (the exported graph decodes greedily).
    expect(messages(config({ decoder: { type: 'generator', cell_type: 'lstm', beam_width: 3 } }))).toEqual([
      "output_features[0].decoder.beam_width: beam_width 3 (beam search) on the generator decoder of 'reply' is a Ludwig option that Overture does not support yet; use beam_width: 1 (greedy decoding)",
    ]);
  });

  it("refuse a tagger without an input whose encoder keeps the sequence, with Ludwig's reason", () => {
    const reduced = messages(config({ decoder: { type: 'tagger' } }));
    expect(reduced).toContainEqual(
      "output_features[0].decoder.type: the tagger decoder of 'reply' tags every step of an input sequence, but every text and sequence input reduces its sequence to one vector; set reduce_output: null on the encoder of 'ticket' (with a combiner that keeps the sequence), or use the generator decoder",
    );
    const tabular = messages(config({ decoder: { type: 'tagger', use_attention: true } }, [{ name: 'channel', type: 'category' }]));
    expect(tabular).toContainEqual(
      "output_features[0].decoder.type: the tagger decoder of 'reply' tags every step of an input sequence, but there is no text or sequence input feature; add one, or use the generator decoder",
    );
    expect(messages(config({ decoder: { type: 'tagger', attention_num_heads: 0 } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.decoder\.attention_num_heads/));
  });

  it('check the sequence loss and refuse the options Ludwig declares but ignores', () => {
    expect(messages(config({ loss: { type: 'sequence_softmax_cross_entropy', robust_lambda: 2 } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.loss\.robust_lambda/));
    expect(messages(config({ loss: { type: 'sequence_softmax_cross_entropy', unique: true } }))).toContainEqual(expect.stringMatching(/unique: true .* does not support yet/));
    expect(messages(config({ loss: { type: 'softmax_cross_entropy' } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.loss\.type/));
  });

  it('check the output preprocessing (sequence outputs tokenize on spaces by default)', () => {
    expect(messages(config({ preprocessing: { max_sequence_length: 0 } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.preprocessing\.max_sequence_length/));
    expect(messages(config({ preprocessing: { tokenizr: 'space' } }))).toContainEqual(expect.stringMatching(/^output_features\[0\]\.preprocessing/));
  });
});
