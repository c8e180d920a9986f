/**
 * OpenAPI 3.1 description of the prediction API. `overture serve` publishes it at
 * GET /openapi.json; the components are exported for the platform's document.
 */
const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};

export const predictionComponents = {
  PredictRequest: {
    type: 'object',
    required: ['instances'],
    properties: {
      instances: {
        type: 'array', minItems: 1,
        items: { type: 'object', additionalProperties: true, description: 'One row: {"<column>": value}. Every input column must be present (null is a missing value, filled as in training); other keys are ignored.' },
      },
      explain: { type: 'boolean', default: false, description: 'Add per-feature attributions (occlusion against the training baseline of each feature), for text inputs per-token attributions (each token cut out in turn; at most 64 runs of adjacent tokens per text), and for image inputs a saliency map (each patch of a grid of at most 6 × 6 occluded in turn).' },
      model: { type: 'string', description: 'Deployment name; not needed when the URL names the model.' },
    },
  },
  OutputPrediction: {
    description: 'binary/category/category_distribution: prediction (original label; the most probable class), probability, probabilities per label (+ top_k for category and category_distribution); number: prediction; set: prediction (labels) and probabilities; vector: prediction (numbers); anomaly: prediction (true when anomaly_score is at or above the trained threshold) and anomaly_score (squared distance to the hypersphere centre); text/sequence (tagger): prediction (the tagged text between the start and stop symbols), tokens (every step\'s tag, symbols included), token_probabilities (each tag\'s probability) and log_probability (Σ log p).',
    type: 'object',
    required: ['prediction'],
    properties: {
      prediction: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'number' } }] },
      anomaly_score: { type: 'number' },
      probability: { type: 'number' },
      probabilities: { type: 'object', additionalProperties: { type: 'number' } },
      top_k: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, probability: { type: 'number' } } } },
      tokens: { type: 'array', items: { type: 'string' } },
      token_probabilities: { type: 'array', items: { type: 'number' } },
      log_probability: { type: 'number' },
    },
  },
  PredictResponse: {
    type: 'object',
    required: ['predictions'],
    properties: {
      predictions: {
        type: 'array',
        items: { oneOf: [{ type: 'object', additionalProperties: { $ref: '#/components/schemas/OutputPrediction' } }, { type: 'null' }] },
        description: 'One entry per instance, in order; null for a row listed in errors. With ?format=ludwig, flat records with <output>_predictions, <output>_probabilities_<label>, <output>_probability (anomaly: <output>_anomaly_score; a tagger output: <output>_predictions and <output>_probabilities as lists, one per step).',
      },
      errors: { type: 'array', items: { type: 'object', required: ['row', 'message'], properties: { row: { type: 'integer', description: '1-based instance (or CSV data row)' }, message: { type: 'string' } } } },
      explanations: {
        type: 'array',
        items: {
          oneOf: [{
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                target: {},
                attributions: { type: 'object', additionalProperties: { type: 'number' } },
                tokens: {
                  type: 'object',
                  description: 'Per text input: its tokens (or runs of tokens) in order, with character offsets into the sent text.',
                  additionalProperties: {
                    type: 'array',
                    items: { type: 'object', properties: { text: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' }, attribution: { type: 'number' } } },
                  },
                },
                images: {
                  type: 'object',
                  description: 'Per image input: a saliency map, the attribution of each patch of a rows × cols grid (row-major) over the picture as the model reads it, each patch occluded in turn.',
                  additionalProperties: {
                    type: 'object',
                    properties: { rows: { type: 'integer' }, cols: { type: 'integer' }, attributions: { type: 'array', items: { type: 'number' } } },
                  },
                },
              },
            },
          }, { type: 'null' }],
        },
      },
      explanation_method: { type: 'string', enum: ['occlusion'] },
    },
  },
  Error: errorSchema,
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The document `overture serve` publishes (one model, no authentication). */
export function serveOpenApiDocument(info: { title: string; version: string; description?: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info,
    paths: {
      '/predict': {
        post: {
          summary: 'Predict rows',
          parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['overture', 'ludwig'], default: 'overture' } }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PredictRequest' } },
              'text/csv': { schema: { type: 'string' }, description: 'A header row with the data\'s column names, then rows.' },
            },
          },
          responses: {
            200: {
              description: 'Predictions; bad rows are null with an entry in errors. CSV (Ludwig columns + error) when Accept is text/csv.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictResponse' } }, 'text/csv': { schema: { type: 'string' } } },
            },
            400: errorResponse('Malformed JSON or CSV, no instances, or a column missing from the whole CSV'),
            413: errorResponse('Body larger than the limit'),
            415: errorResponse('Content-Type is neither JSON nor CSV'),
          },
        },
      },
      '/health': { get: { summary: 'Liveness and the served model', responses: { 200: { description: 'ok' } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
    components: { schemas: predictionComponents },
  };
}
