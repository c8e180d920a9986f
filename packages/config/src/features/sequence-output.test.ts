import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

const inputs = [{ name: 'ticket', type: 'text' }, { name: 'channel', type: 'category' }];
const config = (output: Record<string, unknown>, input_features: unknown[] = inputs) => ({
  input_features,
  output_features: [{ name: 'reply', type: 'text', ...output }],
});
const messages = (raw: unknown) => catchOvertureError(() => resolveConfig(raw)).details.map((d) => `${d.path}: ${d.message}`);

describe('text and sequence output features (validated, not trainable yet)', () => {
  it("are refused by name, with Ludwig's generator decoder and sequence loss as the defaults", () => {
    const error = catchOvertureError(() => resolveConfig(config({})));
    expect(error.code).toBe('unsupported');
    expect(error.details).toEqual([{ path: 'output_features[0].type', message: "'text' is a Ludwig output feature type that Overture does not support yet (feature 'reply')" }]);
    expect(messages({ ...config({}), output_features: [{ name: 'reply', type: 'sequence' }] })).toEqual([
      "output_features[0].type: 'sequence' is a Ludwig output feature type that Overture does not support yet (feature 'reply')",
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
    // A valid generator leaves only the "not supported yet".
    expect(messages(config({ decoder: { type: 'generator', cell_type: 'lstm', beam_width: 3 } }))).toHaveLength(1);
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
