import { CONFIG_VERSION } from '@overture/config';
import { predictionComponents } from '@overture/serving';
import { z } from 'zod';
import { ZErrorBody } from '../errors';
import type { Endpoint } from './route';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;

const errorStatuses: Record<string, string> = {
  400: 'invalid input (with `errors` for config problems: path, line, column, suggestion)', 401: 'no or bad credentials', 403: 'not allowed (role or ownership)',
  404: 'not found', 409: 'state conflict', 413: 'too large', 429: 'rate limited',
};

/** OpenAPI 3.1 from the same zod schemas the route builder validates with. */
export function openApiDocument(endpoints: Endpoint[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  for (const e of endpoints) {
    const parameters: unknown[] = [];
    for (const [where, s] of [['path', e.params], ['query', e.query]] as const) {
      if (!s) continue;
      const json = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    const content: Record<string, unknown> = {};
    if (e.body) content['application/json'] = { schema: schema(e.body, 'input') };
    for (const [type, s] of Object.entries(e.rawBody ?? {})) content[type] = { schema: s };
    const success: Record<string, unknown> = { description: 'success' };
    if (e.response) success.content = { 'application/json': { schema: schema(e.response, 'output') } };
    for (const type of e.produces ?? []) success.content = { ...(success.content as object), [type]: {} };
    const responses: Record<string, unknown> = { [String(e.status ?? 200)]: success };
    for (const [status, description] of Object.entries(errorStatuses)) {
      if (status === '401' || status === '403') { if (e.access === 'public') continue; }
      responses[status] = { description, content: { 'application/json': { schema: errorRef } } };
    }
    paths[e.path] ??= {};
    paths[e.path][e.method.toLowerCase()] = {
      summary: e.summary, tags: [e.tag], parameters,
      ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
      responses,
      security: e.access === 'public' ? [] : [{ session: [] }, { apiKey: [] }],
      'x-overture-role': e.access,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Overture', version: CONFIG_VERSION, description: 'REST API of the Overture platform. Errors: {"error": {"code", "message"}, "errors"?: [...]}.' },
    paths,
    components: {
      schemas: { ...predictionComponents, Error: schema(ZErrorBody, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'overture_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (POST /api/api-keys) or OVERTURE_BOOTSTRAP_API_KEY' },
      },
    },
  };
}
