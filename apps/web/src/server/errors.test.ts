import { describe, expect, it, vi } from 'vitest';

/** A second, separate copy of a module, as Next's bundler loads errors.ts once per chunk. */
async function freshCopy<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe('toErrorResponse', () => {
  it('maps errors made by another copy of the error modules to their status, not a 500', async () => {
    const ours = await freshCopy(() => import('./errors'));
    const theirs = await freshCopy(() => import('./errors'));
    const config = await freshCopy(() => import('@overture/config'));
    expect(theirs.ApiError).not.toBe(ours.ApiError);
    const logged: string[] = [];
    const respond = (error: unknown) => ours.toErrorResponse(error, (m) => logged.push(m));
    expect(respond(theirs.notFound("deployment 'x'"))).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: "deployment 'x' does not exist (or you cannot see it)." } } });
    expect(respond(new theirs.ApiError('too_large', 'big', [], { connection: 'close' }))).toEqual({ status: 413, body: { error: { code: 'too_large', message: 'big' } }, headers: { connection: 'close' } });
    expect(respond(new config.OvertureError('invalid_input', "'instances' is empty"))).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: "'instances' is empty" } } });
    expect(logged).toEqual([]);
  });

  it('answers 400 for values Postgres refuses (NUL bytes, malformed ids) and 500 without details for the rest', () => {
    return import('./errors').then(({ toErrorResponse }) => {
      const logged: string[] = [];
      const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
      expect(toErrorResponse(nul, (m) => logged.push(m))).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: 'a value in the request is not valid: invalid byte sequence for encoding "UTF8": 0x00.' } } });
      const uuid = Object.assign(new Error('invalid input syntax for type uuid: "abc"'), { code: '22P02' });
      expect(toErrorResponse(uuid, (m) => logged.push(m)).status).toBe(400);
      const bug = toErrorResponse(new TypeError("Cannot read properties of undefined (reading 'x')"), (m) => logged.push(m));
      expect(bug).toEqual({ status: 500, body: { error: { code: 'internal', message: 'something went wrong on the server; the error is in its log.' } }, headers: {} });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^unexpected error: TypeError: Cannot read properties/);
    });
  });
});
