import { z } from 'zod';

/**
 * Building blocks shared by encoders, decoders and combiners: Ludwig's option lists for activations,
 * norms and initializers, the fully connected stack description, and the metadata helper that feeds
 * hover docs and suggestions in the Monaco editor.
 */

/** Extra metadata carried into the JSON Schema (zod `.meta`), read by the editor. */
export interface FieldMeta {
  /** Shown first in forms and completions (Ludwig's `parameter_metadata.commonly_used`). */
  commonly_used?: boolean;
  /** Values worth trying, offered as completions and by hyperopt UIs. */
  suggested_values?: readonly unknown[];
}

/** Attaches a description (and optional editor hints) to a schema, keeping its type. */
export function doc<T extends z.ZodType>(schema: T, description: string, meta: FieldMeta = {}): T {
  return schema.meta({ description, ...meta });
}

export const activations = ['elu', 'leakyRelu', 'logSigmoid', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
export const ZActivation = z.enum(activations);
export type Activation = z.infer<typeof ZActivation>;

export const norms = ['batch', 'layer', 'ghost'] as const;
export const ZNorm = z.enum(norms);
export type Norm = z.infer<typeof ZNorm>;

export const initializers = [
  'constant', 'identity', 'zeros', 'ones', 'orthogonal', 'normal', 'uniform', 'truncated_normal',
  'variance_scaling', 'glorot_normal', 'glorot_uniform', 'xavier_normal', 'xavier_uniform',
  'kaiming_normal', 'kaiming_uniform', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform',
] as const;
export const ZInitializer = z.enum(initializers);
export type Initializer = z.infer<typeof ZInitializer>;

export const ZNormParams = z.record(z.string(), z.unknown()).nullable();

/** One layer of a fully connected stack; omitted keys take the stack-level values. */
export const ZFcLayer = z.strictObject({
  output_size: doc(z.number().int().positive().optional(), 'Output size of this layer.'),
  activation: doc(ZActivation.nullable().optional(), 'Activation of this layer.'),
  dropout: doc(z.number().min(0).max(1).optional(), 'Dropout rate of this layer.'),
  norm: doc(ZNorm.nullable().optional(), 'Normalization of this layer.'),
  norm_params: doc(ZNormParams.optional(), 'Parameters of the normalization.'),
  use_bias: doc(z.boolean().optional(), 'Whether this layer uses a bias vector.'),
  weights_initializer: doc(ZInitializer.optional(), 'Initializer of this layer\'s weights.'),
  bias_initializer: doc(ZInitializer.optional(), 'Initializer of this layer\'s bias.'),
});
export type FcLayer = z.infer<typeof ZFcLayer>;

export const dropoutField = (def = 0) =>
  doc(z.number().min(0).max(1).default(def), 'Dropout probability applied to the output.', {
    suggested_values: [0, 0.1, 0.2, 0.5],
  });
export const activationField = (def: Activation = 'relu') =>
  doc(ZActivation.default(def), 'Activation function applied to the output of each fully connected layer.');
export const normField = () =>
  doc(ZNorm.nullable().default(null), 'Normalization applied at the start of each fully connected layer: batch, layer, ghost or null.');
export const normParamsField = () => doc(ZNormParams.default(null), 'Parameters passed to the normalization layer.');
export const fcLayersField = () =>
  doc(
    z.array(ZFcLayer).nullable().default(null),
    'Explicit list of fully connected layers; when set it overrides num_fc_layers and the stack-level values.',
  );
export const weightsInitializerField = () =>
  doc(ZInitializer.default('xavier_uniform'), 'Initializer for the weight matrices.');
export const biasInitializerField = () => doc(ZInitializer.default('zeros'), 'Initializer for the bias vectors.');
export const useBiasField = () => doc(z.boolean().default(true), 'Whether the layers use a bias vector.');
export const outputSizeField = (def: number, description = 'Output size of the fully connected stack.') =>
  doc(z.number().int().positive().default(def), description, { commonly_used: true, suggested_values: [16, 32, 64, 128, 256] });
export const numFcLayersField = (def: number) =>
  doc(z.number().int().min(0).default(def), 'Number of stacked fully connected layers.', {
    commonly_used: true,
    suggested_values: [0, 1, 2, 3],
  });

/**
 * The fields of an encoder's fully connected stack after its own representation (Ludwig's
 * `output_size` … `bias_initializer` block shared by the set, bag and date encoders).
 */
export function fcStackShape(outputSize: number, numFcLayers: number) {
  return {
    output_size: outputSizeField(outputSize),
    num_fc_layers: numFcLayersField(numFcLayers),
    fc_layers: fcLayersField(),
    dropout: dropoutField(),
    activation: activationField(),
    norm: normField(),
    norm_params: normParamsField(),
    use_bias: useBiasField(),
    weights_initializer: weightsInitializerField(),
    bias_initializer: biasInitializerField(),
  };
}

/** Replaces every default on the shape's fields by plain optionality, for partial blocks such as `defaults`. */
export function withoutDefaults<S extends z.ZodRawShape>(shape: S): { [K in keyof S]: z.ZodOptional<z.ZodType<z.input<S[K]>>> } {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    let inner: z.ZodType = field as z.ZodType;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
    const description = (field as z.ZodType).description;
    out[key] = description ? inner.optional().describe(description) : inner.optional();
  }
  return out as { [K in keyof S]: z.ZodOptional<z.ZodType<z.input<S[K]>>> };
}
