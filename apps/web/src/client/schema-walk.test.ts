import { configJsonSchema } from '@overture/config';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './queries/models';
import { encoderSchema, encoderTypes, isPretrainedEncoder } from './schema-walk';

describe('encoderTypes (the basic config form’s encoder choices)', () => {
  it('offers the text encoders the trainer implements, auto-config’s tf_idf among them', () => {
    const schema = configJsonSchema() as JsonSchema;
    const text = encoderTypes(schema, 'text');
    for (const encoder of ['tf_idf', 'parallel_cnn', 'rnn', 'transformer']) expect(text).toContain(encoder);
    expect(encoderTypes(schema, 'number')).toContain('passthrough');
  });

  it('offers nbeats and patchtst beside the other timeseries encoders, and no encoder the trainer refuses', () => {
    const timeseries = encoderTypes(configJsonSchema() as JsonSchema, 'timeseries');
    for (const encoder of ['parallel_cnn', 'transformer', 'passthrough', 'nbeats', 'patchtst']) expect(timeseries).toContain(encoder);
    expect(timeseries).not.toContain('mamba');
  });

  it('offers the image encoders the trainer implements, and only those', () => {
    expect(encoderTypes(configJsonSchema() as JsonSchema, 'image')).toEqual(['stacked_cnn', 'mlp_mixer', 'resnet', 'vit', 'unet']);
  });
});

describe('isPretrainedEncoder (the basic form offers the models root\'s models for these)', () => {
  it('is true for bert, distilbert and auto_transformer, false for the encoders trained from scratch', () => {
    const schema = configJsonSchema() as JsonSchema;
    for (const encoder of ['bert', 'distilbert', 'auto_transformer']) expect(isPretrainedEncoder(schema, 'text', encoder), encoder).toBe(true);
    for (const encoder of ['tf_idf', 'parallel_cnn', 'transformer', undefined]) expect(isPretrainedEncoder(schema, 'text', encoder), String(encoder)).toBe(false);
    expect(encoderSchema(schema, 'text', 'bert')?.properties?.pretrained_model_name_or_path?.default).toBe('bert-base-uncased');
  });
});
