import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath: where to go after signing in', () => {
  it.each([
    '/\\evil.example', '//evil.example', '/\\/evil.example', '\\\\evil.example', 'https://evil.example', 'http:evil.example', 'javascript:alert(1)',
    '/\t/evil.example', '/\n/evil.example', '\t//evil.example', ' //evil.example', '/\r\n/evil.example', '/%09/evil.example'.replace('%09', '\t'),
    '//evil.example/%2F..', '///evil.example', '/\u0000/evil', 'evil.example', '', '.', '../x',
  ])('refuses %j (another site, or not a path)', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('refuses nothing given', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });

  it.each([
    ['/', '/'], ['/models', '/models'], ['/runs/42?tab=logs#chart', '/runs/42?tab=logs#chart'], ['/a/../b', '/b'],
    // Encoded slashes and backslashes stay encoded: a browser does not read them as a host.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], ['/%5Cevil.example', '/%5Cevil.example'],
  ])('keeps the path %j as %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});
