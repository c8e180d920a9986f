import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../resolve.js';
import { catchOvertureError } from '../../test/helpers.js';
import { pretrainedTextEncoderDefaults } from './pretrained.js';

const config = (encoder: Record<string, unknown>, preprocessing: Record<string, unknown> = {}) => ({
  input_features: [{ name: 'review', type: 'text', encoder, preprocessing }],
  output_features: [{ name: 'label', type: 'binary' }],
});
const resolved = (encoder: Record<string, unknown>, preprocessing?: Record<string, unknown>) => resolveConfig(config(encoder, preprocessing)).config.input_features[0];

describe('pretrained text encoders (bert, auto_transformer, …)', () => {
  it("fills Ludwig's defaults per name and sets the tokenizer's model in preprocessing", () => {
    const bert = resolved({ type: 'bert' });
    expect(bert.encoder).toMatchObject({ type: 'bert', pretrained_model_name_or_path: 'bert-base-uncased', trainable: false, use_pretrained: true, reduce_output: 'cls_pooled' });
    expect(bert.preprocessing).toMatchObject({ pretrained_model_name_or_path: 'bert-base-uncased' });
    expect(resolved({ type: 'distilbert' }).encoder).toMatchObject({ pretrained_model_name_or_path: 'distilbert-base-uncased', reduce_output: 'sum' });
    expect(resolved({ type: 'electra' }).encoder).toMatchObject({ pretrained_model_name_or_path: 'google/electra-small-discriminator' });
    expect(resolved({ type: 'auto_transformer', pretrained_model_name_or_path: 'org/tiny' }).encoder).toMatchObject({ reduce_output: 'sum' });
    expect(Object.keys(pretrainedTextEncoderDefaults)).toHaveLength(15);
  });

  it('accepts Ludwig architecture fields (used only from scratch) and a re-resolved config', () => {
    const first = resolveConfig({ ...config({ type: 'bert', hidden_size: 768, vocab_size: 30522, reduce_output: 'mean' }) }).config;
    expect(first.input_features[0].encoder).toMatchObject({ hidden_size: 768, reduce_output: 'mean' });
    expect(resolveConfig(first as never).config.input_features[0]).toEqual(first.input_features[0]);
  });

  it('refuses trainable, training from scratch, adapters and reductions it cannot compute, as not supported yet', () => {
    const error = catchOvertureError(() => resolveConfig(config({ type: 'bert', trainable: true, use_pretrained: false, reduce_output: 'attention', adapter: { type: 'lora' } })));
    expect(error.code).toBe('unsupported');
    expect(error.details.map((d) => d.path).sort()).toEqual([
      'input_features[0].encoder.adapter', 'input_features[0].encoder.reduce_output', 'input_features[0].encoder.trainable', 'input_features[0].encoder.use_pretrained',
    ]);
    expect(error.details.find((d) => d.path?.endsWith('trainable'))?.message).toBe(
      "trainable: true (fine-tuning the pretrained transformer) is a Ludwig bert option that Overture does not support yet; leave it false to use the frozen encoder's embeddings",
    );
  });

  it('refuses cls_pooled where Ludwig does, a missing auto_transformer name, unknown keys and a conflicting tokenizer name', () => {
    expect(catchOvertureError(() => resolveConfig(config({ type: 'distilbert', reduce_output: 'cls_pooled' }))).details[0].message).toMatch(/^reduce_output cannot be cls_pooled for distilbert/);
    expect(catchOvertureError(() => resolveConfig(config({ type: 'auto_transformer' }))).details[0]).toMatchObject({
      path: 'input_features[0].encoder.pretrained_model_name_or_path',
    });
    expect(catchOvertureError(() => resolveConfig(config({ type: 'bert', reduce_ouput: 'sum' }))).code).toBe('invalid_config');
    expect(catchOvertureError(() => resolveConfig(config({ type: 'bert' }, { pretrained_model_name_or_path: 'roberta-base' }))).details[0].message).toMatch(/differs from the encoder's/);
    expect(catchOvertureError(() => resolveConfig(config({ type: 'embed' }, { pretrained_model_name_or_path: 'bert-base-uncased' }))).details[0].message).toMatch(/only with a pretrained encoder/);
  });
});
