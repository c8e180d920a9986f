import { describe, expect, it, vi } from 'vitest';

describe('ApiError across module copies', () => {
  it('keeps its status when thrown by another copy of errors.ts (Next bundles the process context apart from the routes)', async () => {
    const routeCopy = await import('./errors');
    vi.resetModules();
    const contextCopy = await import('./errors');
    expect(contextCopy.ApiError).not.toBe(routeCopy.ApiError);
    const { status, body, headers } = routeCopy.toErrorResponse(new contextCopy.ApiError('rate_limited', 'slow down.', [], { 'retry-after': '3' }), () => undefined);
    expect({ status, body, headers }).toEqual({ status: 429, body: { error: { code: 'rate_limited', message: 'slow down.' } }, headers: { 'retry-after': '3' } });
    expect(routeCopy.toErrorResponse(contextCopy.notFound("deployment 'x'"), () => undefined).status).toBe(404);
  });
});
