import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envInt, parseEnvironment, platformModelsDir, serviceEnvFields } from './service-env.js';

const schema = z.object({ ...serviceEnvFields, PORT: envInt(1, 65535, 3000), OVERTURE_SECRET: z.string().min(32).optional() });

describe('service environment', () => {
  it('fills the shared defaults and treats empty strings as unset', () => {
    expect(parseEnvironment(schema, { REDIS_URL: '' }, 'test')).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/overture', REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: './data',
      OVERTURE_REDIS_PREFIX: 'overture', PORT: 3000,
    });
  });

  it('lists every bad variable with the value given, never a secret or a URL password', () => {
    const bad = { DATABASE_URL: 'mysql://me:hunter2@db/x', PORT: 'eighty', OVERTURE_SECRET: 'short-secret', OVERTURE_REDIS_PREFIX: 'a b' };
    let message = '';
    try {
      parseEnvironment(schema, bad, 'test');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid test environment:\n {2}DATABASE_URL: must be a URL like postgresql:\/\/user@host:5432\/overture \(got 'mysql:\/\/me:\*\*\*@db\/x'\)\n/);
    expect(message).toContain("PORT: Invalid input: expected number, received NaN (got 'eighty')");
    expect(message).toMatch(/OVERTURE_SECRET: [^\n(]*(\n|$)/);
    expect(message).toContain("OVERTURE_REDIS_PREFIX: letters, digits, _ . - only (got 'a b')");
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short-secret');
  });
});

describe('platformModelsDir (the models root of workers and the web)', () => {
  it('is OVERTURE_MODELS_DIR when set, else DATA_DIR/models', () => {
    expect(platformModelsDir(parseEnvironment(schema, {}, 'test'))).toBe('./data/models');
    expect(platformModelsDir(parseEnvironment(schema, { DATA_DIR: '/srv/overture/' }, 'test'))).toBe('/srv/overture/models');
    expect(platformModelsDir(parseEnvironment(schema, { DATA_DIR: '/srv/overture', OVERTURE_MODELS_DIR: '/models' }, 'test'))).toBe('/models');
  });
});
